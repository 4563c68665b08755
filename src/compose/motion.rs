//! A draft motion a friendly party group can submit, in the form councils
//! use: "De raad van de gemeente X, in vergadering bijeen op ...", facts
//! (constaterende dat) with sources only, arguments (overwegende dat),
//! 2–4 feasible requests to the college that match the goal, and the
//! closing formula.

use serde::Serialize;

use super::document::{self, CoopView, Gaps, GemeenteView};
use super::{Document, Sources, Title};
use crate::core::choice::Goal;
use crate::core::kb::{Kb, Party};
use crate::error::Result;

/// The motion's own facts; the words are in `docs/parts/motie.md.j2`.
#[derive(Debug, Clone, Serialize)]
pub struct MotionContext {
    pub doel: &'static str,
    pub gemeente: String,
    pub heeft_beleid: bool,
    /// The meeting date, or a fill-in place.
    pub vergaderdatum: String,
    pub coop_naam: String,
    pub leden: String,
    pub wachtlijst: String,
    pub wachtlijst_bekend: bool,
    /// "[naam van het raadslid], SP"
    pub indiener: String,
    pub partij: String,
}

/// The motion document: its text and the date it was drafted.
#[derive(Debug, Clone, Serialize)]
pub struct MotionView {
    pub datum: String,
    pub motie: MotionContext,
}

pub struct MotionRequest<'a> {
    pub goal: Goal,
    /// The meeting date in Dutch ("14 januari 2027"), if known.
    pub meeting_date: Option<String>,
    /// Who submits it (`--naam`).
    pub name: Option<&'a str>,
    pub party: Option<&'a Party>,
    pub party_label: Option<&'a str>,
}

impl Document for MotionRequest<'_> {
    type View = MotionView;
    const KIND: &'static str = "motie";
    const TEMPLATE: &'static str = "docs/motie.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<MotionView> {
        let coop = document::coop_view(src.profile, gaps);
        let gemeente = document::gemeente_view(src.kb, src.municipality, gaps);
        let mut m = context(
            src.kb,
            &coop,
            &gemeente,
            self.goal,
            self.meeting_date.as_deref(),
            super::letter::party_name(self.party, self.party_label),
            gaps,
        );
        if let Some(n) = self.name.map(str::trim).filter(|n| !n.is_empty()) {
            m.indiener = n.to_string();
        }
        Ok(MotionView {
            datum: src.date.to_string(),
            motie: m,
        })
    }

    fn title(&self, _: &MotionView) -> Title {
        Title::Template("docs/parts/motie-titel.md.j2")
    }

    fn notes(&self, view: &MotionView) -> Vec<String> {
        let mut notes = vec![
            "Dit is een concept. De fractie die de motie indient, bepaalt de tekst. Vraag de griffie hoe en wanneer een motie ingediend moet worden.".to_string(),
        ];
        if !view.motie.heeft_beleid {
            notes.push("Zijn er woondoelen van de gemeente zelf bekend, zoals in de woonvisie? Voeg die met de bron toe onder 'constaterende dat'.".into());
        }
        notes
    }

    fn journal(&self, _: &MotionView) -> Option<super::JournalNote> {
        Some(super::JournalNote {
            soort: crate::core::journal::EventKind::Motie,
            met: Vec::new(),
            vervolg: None,
        })
    }
}

/// The motion's facts for a municipality and goal. `party` is the party
/// as it stands in a sentence, if known.
pub fn context(
    _kb: &Kb,
    coop: &CoopView,
    gemeente: &GemeenteView,
    goal: Goal,
    meeting_date: Option<&str>,
    party: Option<String>,
    gaps: &mut Gaps,
) -> MotionContext {
    let partij = party
        .map(|p| strip_article(&p).to_string())
        .unwrap_or_else(|| gaps.gap("partij", "partij"));
    MotionContext {
        doel: goal.id(),
        gemeente: gemeente.naam.clone(),
        heeft_beleid: gemeente.heeft_beleid,
        vergaderdatum: gaps.text(meeting_date, "vergaderdatum", "datum van de vergadering"),
        coop_naam: coop.text("naam").to_string(),
        leden: coop.text("leden").to_string(),
        wachtlijst: coop.text("wachtlijst").to_string(),
        wachtlijst_bekend: coop.known("wachtlijst"),
        indiener: gaps.gap("indiener", "naam van het raadslid"),
        partij,
    }
}

/// "de VVD" → "VVD": the signature line names the party bare.
fn strip_article(p: &str) -> &str {
    p.strip_prefix("de ")
        .or_else(|| p.strip_prefix("het "))
        .unwrap_or(p)
}
