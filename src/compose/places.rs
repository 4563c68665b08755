//! What `coop gemeente` shows: the CBS facts, what is known with sources,
//! and for every unknown field where to look it up. Never a made-up value.

use serde::Serialize;

use super::views::{self, SourceView, TitleRef};
use crate::core::choice::PolicyStatus;
use crate::core::kb::{Fact, Kb, MunicipalityProfile, MunicipalityRow, Platform, Scheme};
use crate::core::resolve::Merged;

/// A known value with its sources, or what to look up.
#[derive(Debug, Clone, Serialize)]
pub struct Unknown {
    /// "nog niet bekend" in the user's language.
    pub status: &'static str,
    /// Where and how to find it.
    pub opzoeken: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    pub status: String,
    pub tekst: String,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub tekst: String,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlatformView {
    pub naam: String,
    pub tekst: String,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmailView {
    pub adres: String,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InspreekView {
    pub minuten: Option<u32>,
    pub aanmelden: Option<String>,
    pub notities: Vec<String>,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchemeView {
    pub naam: String,
    pub tekst: String,
    pub periode: String,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleView {
    pub code: String,
    pub naam: String,
    pub provincie: String,
    pub wat: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Known<T> {
    Yes(T),
    No(Unknown),
}

#[derive(Debug, Clone, Serialize)]
pub struct MunicipalityView {
    pub code: String,
    /// The official name, as documents must write it.
    pub naam: String,
    /// The name as CBS lists it (with a province suffix for eight names).
    pub cbs_naam: String,
    pub provincie: String,
    pub samengevoegd: Option<Merged>,
    pub profiel_bekend: bool,
    pub beleid: Known<PolicyView>,
    pub feiten: Vec<FactView>,
    pub platforms: Known<Vec<PlatformView>>,
    pub raad_email: Known<EmailView>,
    pub inspreken: Known<InspreekView>,
    pub provincie_regelingen: Known<Vec<SchemeView>>,
    /// Always worth looking up, known profile or not.
    pub opzoeken: Vec<String>,
    pub checklists: Vec<TitleRef>,
    pub voorbeelden: Vec<ExampleView>,
    /// The council: parties with seats, wethouder, griffie (see `coop raad`).
    pub raad: super::council::CouncilView,
}

fn unknown(opzoeken: impl Into<String>) -> Unknown {
    Unknown {
        status: "nog niet bekend",
        opzoeken: opzoeken.into(),
    }
}

fn facts(kb: &Kb, f: &[Fact]) -> Vec<FactView> {
    f.iter()
        .map(|f| FactView {
            tekst: f.text.clone(),
            bronnen: views::sources(kb, &f.sources),
        })
        .collect()
}

fn platforms(kb: &Kb, p: &[Platform]) -> Vec<PlatformView> {
    p.iter()
        .map(|p| PlatformView {
            naam: p.name.clone(),
            tekst: p.text.clone(),
            bronnen: views::sources(kb, &p.sources),
        })
        .collect()
}

fn schemes(kb: &Kb, s: &[Scheme]) -> Vec<SchemeView> {
    s.iter()
        .map(|s| SchemeView {
            naam: s.name.clone(),
            tekst: s.text.clone(),
            periode: s.period.clone(),
            bronnen: views::sources(kb, &s.sources),
        })
        .collect()
}

pub fn municipality(kb: &Kb, row: &MunicipalityRow, merged: Option<Merged>) -> MunicipalityView {
    let empty = MunicipalityProfile::default();
    let profile = kb.profiles.get(&row.code);
    let p = profile.unwrap_or(&empty);
    let name = &row.name;

    let beleid = match &p.policy {
        Some(pol) if pol.status != PolicyStatus::Onbekend => Known::Yes(PolicyView {
            status: pol.status.id().to_string(),
            tekst: pol.text.clone(),
            bronnen: views::sources(kb, &pol.sources),
        }),
        _ => Known::No(unknown(format!(
            "Zoek in de woonvisie en het volkshuisvestingsprogramma van {name} naar 'wooncoöperatie' of 'collectief wonen'. Of vraag het de beleidsambtenaar wonen."
        ))),
    };
    let platforms = if p.platforms.is_empty() {
        Known::No(unknown(
            "Vraag andere coöperaties en Cooplinc of er in de buurt al een platform of netwerk is.",
        ))
    } else {
        Known::Yes(platforms(kb, &p.platforms))
    };
    let raad_email = match &p.council_email {
        Some(e) => Known::Yes(EmailView {
            adres: e.address.clone(),
            bronnen: views::sources(kb, &e.sources),
        }),
        None => Known::No(unknown(format!(
            "Vraag de griffie van {name} hoe je alle raadsleden tegelijk mailt. De adressen van de raadsleden staan meestal op de website van de gemeente."
        ))),
    };
    let inspreken = match &p.inspreek {
        Some(i) => Known::Yes(InspreekView {
            minuten: i.minutes,
            aanmelden: i.registration.clone(),
            notities: i.notes.clone(),
            bronnen: views::sources(kb, &i.sources),
        }),
        None => Known::No(unknown(format!(
            "De regels staan in het Reglement van Orde van de raad van {name}. Vraag de griffie hoeveel minuten je krijgt en wanneer je je moet aanmelden."
        ))),
    };
    let province = kb.province_by_name(&row.province);
    let provincie_regelingen = match province {
        Some(pr) if !pr.schemes.is_empty() => Known::Yes(schemes(kb, &pr.schemes)),
        _ => Known::No(unknown(format!(
            "Kijk op de website van de provincie {} bij wonen of volkshuisvesting of er een regeling is voor wooncoöperaties of collectief wonen.",
            row.province
        ))),
    };

    let raad = super::council::view(kb, row);
    let opzoeken = vec![
        format!("Zoek in het raadsinformatiesysteem van {name} naar 'wooncoöperatie'. Zo vind je moties, vragen en besluiten."),
        match (raad.uitslag.known(), raad.wethouder_wonen.known()) {
            (Some(_), Some(_)) => format!("Kijk of de gegevens over de raad van {name} nog kloppen (coop raad)."),
            (Some(_), None) => format!("Zoek op wie in {name} wethouder wonen is."),
            _ => format!("Zoek op wie in {name} wethouder wonen is. Kijk ook welke partijen in de raad zitten."),
        },
        "Zoek in het omgevingsplan wat er mag op de plek die jullie op het oog hebben.".to_string(),
        "Ga na of er in jullie regio een woondeal is, en wat daarin staat over betaalbaar wonen.".to_string(),
    ];

    let has_policy = p.policy.as_ref().is_some_and(|pol| pol.status.has_policy());
    // The lists for this situation first, then those for every municipality.
    let situation = if has_policy { "beleid" } else { "geen-beleid" };
    let shown =
        |c: &&crate::core::kb::Checklist| c.municipality_page.iter().any(|s| s == situation);
    let (specific, general): (Vec<_>, Vec<_>) = kb
        .checklists
        .iter()
        .filter(shown)
        .partition(|c| c.municipality_page.len() == 1);
    let list_ids: Vec<&str> = specific
        .iter()
        .chain(&general)
        .map(|c| c.id.as_str())
        .collect();
    let checklists = views::checklist_refs(kb, &list_ids);

    MunicipalityView {
        code: row.code.clone(),
        naam: row.name.clone(),
        cbs_naam: row.cbs_name.clone(),
        provincie: row.province.clone(),
        samengevoegd: merged,
        profiel_bekend: profile.is_some(),
        beleid,
        feiten: facts(kb, &p.facts),
        platforms,
        raad_email,
        inspreken,
        provincie_regelingen,
        opzoeken,
        checklists,
        voorbeelden: examples(kb, row),
        raad,
    }
}

/// Municipalities with known cooperative policy or a platform: those in
/// the same province first, then the rest.
fn examples(kb: &Kb, row: &MunicipalityRow) -> Vec<ExampleView> {
    let mut out: Vec<(bool, ExampleView)> = kb
        .profiles
        .iter()
        .filter(|p| p.code != row.code)
        .filter_map(|p| {
            let m = kb.municipality(&p.code)?;
            let wat = match &p.policy {
                Some(pol) if pol.status == PolicyStatus::Actieplan => {
                    "heeft een actieplan voor wooncoöperaties"
                }
                Some(pol) if pol.status == PolicyStatus::Beleid => {
                    "heeft beleid voor wooncoöperaties"
                }
                _ if !p.platforms.is_empty() => "heeft een platform van wooncoöperaties",
                _ => return None,
            };
            Some((
                m.province == row.province,
                ExampleView {
                    code: m.code.clone(),
                    naam: m.name.clone(),
                    provincie: m.province.clone(),
                    wat: wat.to_string(),
                },
            ))
        })
        .collect();
    out.sort_by_key(|(same, _)| !*same);
    out.into_iter().map(|(_, e)| e).take(4).collect()
}

impl<T> Known<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Known::Yes(t) => Some(t),
            Known::No(_) => None,
        }
    }
}
