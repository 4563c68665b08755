//! Manifesto drafts for a group of cooperatives: shared demands, and for
//! every party the argument from its own themes (the Rotterdam approach).

use serde::Serialize;

use super::document::{self, Gaps, GemeenteView};
use super::tailor;
use super::{Document, Sources, Title};
use crate::core::kb::{Kb, MunicipalityRow, Party};
use crate::error::Result;

pub use crate::core::recipients::Signatory;

#[derive(Debug, Clone, Serialize)]
pub struct SignatoryView {
    pub naam: String,
    pub leden: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyLine {
    pub naam: String,
    /// Whether coop knows sourced housing themes of this party.
    pub themas_bekend: bool,
    pub themas_zin: String,
    pub argument_id: String,
    pub argument: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentLine {
    pub id: String,
    pub titel: String,
    pub samenvatting: String,
}

/// One argument and the parties it speaks to most.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeGroup {
    pub argument_id: String,
    pub titel: String,
    pub samenvatting: String,
    /// "de VVD, het CDA en Swollwacht"
    pub partijen: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestContext {
    pub datum: String,
    pub gemeente: GemeenteView,
    pub ondertekenaars: Vec<SignatoryView>,
    pub aantal_coops: usize,
    /// The total number of members, or a fill-in place when not all are known.
    pub leden: String,
    pub argumenten: Vec<ArgumentLine>,
    pub partijen: Vec<PartyLine>,
    /// The parties grouped by the argument that speaks to them most, in
    /// the order the arguments first come up.
    pub themas: Vec<ThemeGroup>,
    /// Where the parties come from when they are the council's (the
    /// imported election result), else none.
    pub raad_herkomst: Option<super::council::Herkomst>,
}

/// What the user asked for: the signatories (from --ondertekenaars, or
/// none for the own cooperative from the profile) and the parties to
/// address with the name to show.
pub struct ManifestRequest<'a> {
    pub signatories: Option<Vec<Signatory>>,
    pub parties: Vec<(&'a Party, String)>,
    /// The user named the parties (else: every party coop knows).
    pub parties_named: bool,
}

impl Document for ManifestRequest<'_> {
    type View = ManifestContext;
    const KIND: &'static str = "manifest";
    const TEMPLATE: &'static str = "docs/manifest.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<ManifestContext> {
        let signatories = match &self.signatories {
            Some(list) => signatory_views(list, gaps),
            None => {
                let own: Vec<Signatory> = src
                    .profile
                    .map(|p| vec![Signatory::Profile(Box::new(p.clone()))])
                    .unwrap_or_default();
                let views = signatory_views(&own, gaps);
                if views.is_empty() {
                    vec![SignatoryView {
                        naam: gaps.gap("naam", "naam van jullie coöperatie"),
                        leden: None,
                    }]
                } else {
                    views
                }
            }
        };
        let in_council = (!self.parties_named)
            .then(|| council_parties(src))
            .flatten();
        Ok(context(
            src.kb,
            src.municipality,
            signatories,
            in_council.as_deref().unwrap_or(&self.parties),
            src.date.to_string(),
            gaps,
        ))
        .map(|mut view| {
            if in_council.is_some() {
                view.raad_herkomst = src
                    .council
                    .and_then(|c| c.result.as_ref())
                    .map(|r| super::council::Herkomst::of(&r.origin));
            }
            view
        })
    }

    fn title(&self, view: &ManifestContext) -> Title {
        Title::Text(format!(
            "Manifest: ruimte voor wooncoöperaties in {}",
            view.gemeente.naam
        ))
    }

    fn notes(&self, view: &ManifestContext) -> Vec<String> {
        let mut notes = Vec::new();
        if self.signatories.is_none() {
            notes.push(
                "Tip: geef met --ondertekenaars een lijst van alle coöperaties die tekenen.".into(),
            );
        }
        if !self.parties_named && view.raad_herkomst.is_none() {
            notes.push("Het manifest noemt alle partijen die coop kent. Noem met --partijen alleen de partijen in jullie raad, of lees de uitslag in: coop data importeer kiesraad BESTAND.".into());
        }
        let unknown: Vec<String> = view
            .partijen
            .iter()
            .filter(|p| !p.themas_bekend)
            .map(|p| p.naam.clone())
            .collect();
        if !unknown.is_empty() {
            notes.push(format!(
                "Van {} kent coop geen woonthema's met een bron. Lees hun lokale programma en pas die regels aan.",
                document::join_and(&unknown)
            ));
        }
        notes
    }

    fn journal(&self, _: &ManifestContext) -> Option<super::JournalNote> {
        Some(super::JournalNote {
            soort: crate::core::journal::EventKind::Actie,
            met: Vec::new(),
            vervolg: None,
        })
    }
}

/// The parties to address: as named (a local party keeps its own name), or
/// every known party except the stand-in for local parties and parties that
/// merged into another.
pub fn parties<'a>(kb: &'a Kb, names: &[String]) -> Vec<(&'a Party, String)> {
    if names.is_empty() {
        return kb
            .parties
            .iter()
            .filter(|p| !p.local && p.merged_into.is_none())
            .map(|p| (p, p.name.clone()))
            .collect();
    }
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .filter_map(|n| match crate::core::resolve::party(kb, n) {
            Ok(p) => Some((p, p.name.clone())),
            Err(_) => kb.local_party().map(|p| (p, n.trim().to_string())),
        })
        .collect()
}

pub fn signatory_views(list: &[Signatory], gaps: &mut Gaps) -> Vec<SignatoryView> {
    list.iter()
        .map(|s| match s {
            Signatory::Name(n) => SignatoryView {
                naam: n.trim().to_string(),
                leden: None,
            },
            Signatory::Profile(p) => SignatoryView {
                naam: gaps.text(
                    p.naam.as_deref(),
                    "naam van een ondertekenaar",
                    "naam van de coöperatie",
                ),
                leden: p.leden,
            },
        })
        .collect()
}

/// `parties`: the party and the name to show (a local party keeps its own name).
pub fn context(
    kb: &Kb,
    municipality: Option<&MunicipalityRow>,
    signatories: Vec<SignatoryView>,
    parties: &[(&Party, String)],
    date: String,
    gaps: &mut Gaps,
) -> ManifestContext {
    let gemeente = document::gemeente_view(kb, municipality, gaps);
    let known: Vec<u32> = signatories.iter().filter_map(|s| s.leden).collect();
    let leden = if !signatories.is_empty() && known.len() == signatories.len() {
        known.iter().sum::<u32>().to_string()
    } else {
        gaps.gap("leden van de ondertekenaars", "totaal aantal leden")
    };
    let argumenten = tailor::arguments_for_party(kb, None)
        .into_iter()
        .take(3)
        .map(|(a, _)| ArgumentLine {
            id: a.id.clone(),
            titel: a.title.clone(),
            samenvatting: a.summary.clone(),
        })
        .collect();
    let partijen = parties
        .iter()
        .map(|(p, label)| {
            let reader = tailor::Reader {
                party: Some(p),
                themes: &[],
                goal: crate::core::choice::Goal::Beleid,
                city: gemeente.stad,
            };
            let arg = tailor::pick(kb, &reader)
                .into_iter()
                .next()
                .expect("the knowledge base has arguments");
            PartyLine {
                naam: label.clone(),
                themas_bekend: !p.themes.is_empty(),
                themas_zin: document::join_and(
                    &p.themes
                        .iter()
                        .filter_map(|t| kb.themes.get(&t.theme))
                        .map(|t| t.name.to_lowercase())
                        .collect::<Vec<_>>(),
                ),
                argument_id: arg.id.clone(),
                argument: arg.summary.clone(),
            }
        })
        .collect::<Vec<PartyLine>>();
    let mut themas: Vec<ThemeGroup> = Vec::new();
    for line in &partijen {
        if let Some(g) = themas
            .iter_mut()
            .find(|g| g.argument_id == line.argument_id)
        {
            g.partijen.push('\u{1f}');
            g.partijen.push_str(&line.naam);
        } else if let Some(a) = kb.arguments.get(&line.argument_id) {
            themas.push(ThemeGroup {
                argument_id: a.id.clone(),
                titel: a.title.clone(),
                samenvatting: a.summary.clone(),
                partijen: line.naam.clone(),
            });
        }
    }
    for g in &mut themas {
        let names: Vec<String> = g.partijen.split('\u{1f}').map(str::to_string).collect();
        g.partijen = document::join_and(&names);
    }
    ManifestContext {
        datum: date,
        gemeente,
        aantal_coops: signatories.len(),
        ondertekenaars: signatories,
        leden,
        argumenten,
        partijen,
        themas,
        raad_herkomst: None,
    }
}

/// The parties in the council, largest first, labelled with their seats
/// ("VVD (7 zetels)"); a local party keeps its real name. `None` when no
/// election result is known.
fn council_parties<'a>(src: &Sources<'a>) -> Option<Vec<(&'a Party, String)>> {
    let result = src.council?.result.as_ref()?;
    let kb = src.kb;
    let list: Vec<(&Party, String)> = result
        .seated()
        .into_iter()
        .filter_map(|p| {
            let party = crate::core::council::party_of_list(kb, &p.name).or(kb.local_party())?;
            Some((party, super::council::seats_label(&p.name, p.seats)))
        })
        .collect();
    (!list.is_empty()).then_some(list)
}
