//! The knowledge base as typed data. Keys are English (see data/SCHEMA.md);
//! unknown keys are refused so a typo in a user's overlay is caught at load.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rebuttal {
    pub fact: String,
    pub objection: String,
    pub misleading: String,
    pub fact_again: String,
}

crate::choice! {
    /// The cooperative's own figures an objection or argument can point to
    /// (keys of coop.yaml), with the label documents show.
    pub enum Figure {
        Leden = "leden": "Aantal leden",
        Wachtlijst = "wachtlijst": "Mensen op de wachtlijst",
        Woningen = "woningen": "Geplande woningen",
        Huur = "huur": "Huur of prijs per woning",
        Doelgroepen = "doelgroepen": "Doelgroepen",
        Meerwaarde = "meerwaarde": "Meerwaarde voor de buurt",
        Partners = "partners": "Partners",
        Platform = "platform": "Platform of netwerk",
        Geschiedenis = "geschiedenis": "Wat jullie al bereikten",
        Fase = "fase": "Fase van het project",
    }
}

impl Figure {
    /// How documents name this figure.
    pub fn label(self) -> &'static str {
        crate::core::choice::Choice::help(self)
    }
}

/// One of the cooperative's own figures to bring, and why it helps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub figure: Figure,
    pub why: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub id: String,
    pub objection: String,
    #[serde(default)]
    pub also_heard: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub raised_by: Vec<String>,
    pub short: String,
    /// The rebuttal as the cooperative writes it to the municipality (wij/u,
    /// no advice to the user). `{leden}` and other coop.yaml keys are filled
    /// in from the profile, or become visible fill-in places.
    #[serde(default)]
    pub letter: Option<String>,
    pub rebuttal: Rebuttal,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub next_steps: Vec<String>,
    #[serde(default)]
    pub arguments: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub text: String,
    #[serde(default)]
    pub evidence: Vec<Figure>,
    #[serde(default)]
    pub themes: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub group: crate::core::choice::RoleGroup,
    pub does: String,
    #[serde(default)]
    pub cares_about: Vec<String>,
    #[serde(default)]
    pub approach: Vec<String>,
    #[serde(default)]
    pub bring: Vec<String>,
    #[serde(default)]
    pub pitfalls: Vec<String>,
    #[serde(default)]
    pub checklists: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: String,
    #[serde(default)]
    pub why: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    pub when: String,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub roles: Vec<String>,
    pub sources: Vec<String>,
    /// Shown on a municipality's page when it has policy (`beleid`), has
    /// none (`geen-beleid`), or both.
    #[serde(default)]
    pub municipality_page: Vec<String>,
    /// Proposed when someone in a role of these groups changes.
    #[serde(default)]
    pub on_change_of: Vec<crate::core::choice::RoleGroup>,
}

/// A sourced piece of text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub status: crate::core::choice::PolicyStatus,
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub name: String,
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilEmail {
    pub address: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspreek {
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub registration: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where speakers are heard: `raad` or `commissie`.
    #[serde(default)]
    pub meeting: Option<String>,
    pub sources: Vec<String>,
}

/// What is known about one municipality, beyond its CBS row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityProfile {
    pub code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub policy: Option<Policy>,
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub platforms: Vec<Platform>,
    #[serde(default)]
    pub council_email: Option<CouncilEmail>,
    #[serde(default)]
    pub inspreek: Option<Inspreek>,
    /// Very strongly urban (CBS class 1): no countryside arguments.
    #[serde(default)]
    pub city: Option<Fact>,
}

/// One row of the CBS list (municipalities.csv).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MunicipalityRow {
    pub code: String,
    /// The name as CBS writes it, e.g. `Bergen (NH.)`.
    pub cbs_name: String,
    /// The official name without the CBS suffix, e.g. `Bergen`.
    pub name: String,
    pub province: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerMunicipality {
    pub name: String,
    pub into: String,
    pub date: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub name: String,
    pub text: String,
    pub period: String,
    /// The last day the scheme is open (JJJJ-MM-DD), when a source says so;
    /// only then do documents call it current.
    #[serde(default)]
    pub until: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub schemes: Vec<Scheme>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyTheme {
    pub theme: String,
    pub text: String,
    pub sources: Vec<String>,
}

/// A sentence written to the party itself (u-form), for a letter's
/// paragraph on what the party stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pitch {
    pub text: String,
    pub sources: Vec<String>,
    /// coop's interpretation (the text says so), not the party's position.
    #[serde(default)]
    pub reading: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// "de" or "het" before the short name, if Dutch uses one.
    #[serde(default)]
    pub article: Option<String>,
    pub position: String,
    #[serde(default)]
    pub themes: Vec<PartyTheme>,
    #[serde(default)]
    pub objections: Vec<String>,
    /// The letter's paragraph to this party, sentence by sentence.
    #[serde(default)]
    pub pitch: Vec<Pitch>,
    /// Arguments to lead with, in order (coop's choice from the party's
    /// themes and the seed's advice; not a statement by the party).
    #[serde(default)]
    pub arguments: Vec<String>,
    /// The stand-in for a local party coop has no entry for.
    #[serde(default)]
    pub local: bool,
    /// A party that merged into another (whose id this is); lists of the
    /// parties to address name the merged party instead.
    #[serde(default)]
    pub merged_into: Option<String>,
}

/// Words that mean the same for matching (`coop rebut`). The first word is
/// the one the others are mapped onto.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymGroup {
    pub words: Vec<String>,
}

impl Party {
    /// The short name as it stands in a sentence: "de VVD", "het CDA", "D66".
    pub fn in_sentence(&self) -> String {
        match &self.article {
            Some(a) => format!("{a} {}", self.name),
            None => self.name.clone(),
        }
    }
}
