//! The parts every document shares: the cooperative (from coop.yaml or
//! visible fill-in places), the municipality, the date, and the list of
//! facts the user still has to supply.

use serde::Serialize;

use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::Profile;

/// A fact the document needed but the profile does not have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub veld: String,
    pub invulplek: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoopView {
    pub naam: String,
    pub contactpersoon: String,
    pub functie: String,
    pub email: String,
    pub telefoon: String,
    pub telefoon_bekend: bool,
    pub website: String,
    pub website_bekend: bool,
    pub adres: String,
    pub adres_bekend: bool,
    pub leden: String,
    pub leden_aantal: Option<u32>,
    pub wachtlijst: String,
    pub wachtlijst_bekend: bool,
    pub woningen: String,
    pub huur: String,
    pub doelgroepen: String,
    pub fase_zin: String,
    pub meerwaarde: Vec<String>,
    pub meerwaarde_invul: String,
    pub platform: String,
    pub partners: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GemeenteView {
    pub naam: String,
    pub bekend: bool,
    pub code: Option<String>,
    pub provincie: String,
    pub raad_email: Option<String>,
    pub heeft_beleid: bool,
    pub beleid_tekst: Option<String>,
    pub inspreek_minuten: Option<u32>,
    pub inspreek_aanmelden: Option<String>,
    pub inspreek_notities: Vec<String>,
    /// Known platforms of cooperatives in the municipality ("PAUW").
    pub platforms: String,
    /// A known scheme of the province, with its period when known.
    pub provincie_regeling: Option<String>,
}

/// Collects fill-in places as they are used.
#[derive(Debug, Default)]
pub struct Gaps {
    pub missing: Vec<Missing>,
}

impl Gaps {
    /// The value, or a visible fill-in place that is recorded as missing.
    pub fn text(&mut self, value: Option<&str>, field: &str, place: &str) -> String {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None => self.gap(field, place),
        }
    }

    pub fn gap(&mut self, field: &str, place: &str) -> String {
        let place = format!("[{place}]");
        if !self.missing.iter().any(|m| m.veld == field) {
            self.missing.push(Missing {
                veld: field.to_string(),
                invulplek: place.clone(),
            });
        }
        place
    }
}

/// "ouderen, starters en gezinnen".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {}", rest.join(", "), last),
    }
}

fn phase_sentence(fase: Option<&str>, gaps: &mut Gaps) -> String {
    match fase {
        Some("initiatief") => "We staan aan het begin en maken nu ons plan.".into(),
        Some("plan") => "We werken ons plan nu verder uit.".into(),
        Some("locatie") => "Ons plan staat. Nu zoeken we een plek om te bouwen.".into(),
        Some("kavel") => "We werken aan een plan voor een kavel.".into(),
        Some("bouw") => "We zijn nu aan het bouwen.".into(),
        Some("bewoond") => "Onze woningen zijn al bewoond.".into(),
        _ => gaps.gap("fase", "waar staan jullie nu? Eén zin"),
    }
}

pub fn coop_view(profile: Option<&Profile>, gaps: &mut Gaps) -> CoopView {
    let empty = Profile::default();
    let p = profile.unwrap_or(&empty);
    let num = |n: Option<u32>| n.map(|n| n.to_string());
    let naam = gaps.text(p.naam.as_deref(), "naam", "naam van jullie coöperatie");
    let contactpersoon = gaps.text(
        p.contactpersoon.as_deref(),
        "contactpersoon",
        "naam van de contactpersoon",
    );
    let functie = gaps.text(
        p.functie.as_deref(),
        "functie",
        "functie, bijvoorbeeld voorzitter",
    );
    let email = gaps.text(p.email.as_deref(), "email", "mailadres");
    let leden = gaps.text(num(p.leden).as_deref(), "leden", "aantal");
    let wachtlijst = gaps.text(num(p.wachtlijst).as_deref(), "wachtlijst", "aantal");
    let woningen = gaps.text(num(p.woningen).as_deref(), "woningen", "aantal");
    let huur = gaps.text(p.huur.as_deref(), "huur", "huur of prijs per woning");
    let doelgroepen = if p.doelgroepen.is_empty() {
        gaps.gap("doelgroepen", "voor wie jullie bouwen")
    } else {
        join_and(&p.doelgroepen)
    };
    let fase_zin = phase_sentence(p.fase.as_deref(), gaps);
    let meerwaarde_invul = if p.meerwaarde.is_empty() {
        gaps.gap("meerwaarde", "wat jullie concreet doen voor de buurt")
    } else {
        String::new()
    };
    CoopView {
        naam,
        contactpersoon,
        functie,
        email,
        telefoon: p.telefoon.clone().unwrap_or_default(),
        telefoon_bekend: p.telefoon.is_some(),
        website: p.website.clone().unwrap_or_default(),
        website_bekend: p.website.is_some(),
        adres: p.adres.clone().unwrap_or_default(),
        adres_bekend: p.adres.is_some(),
        leden,
        leden_aantal: p.leden,
        wachtlijst,
        wachtlijst_bekend: p.wachtlijst.is_some(),
        woningen,
        huur,
        doelgroepen,
        fase_zin,
        meerwaarde: p.meerwaarde.clone(),
        meerwaarde_invul,
        platform: join_and(&p.platform),
        partners: join_and(&p.partners),
    }
}

pub fn gemeente_view(kb: &Kb, row: Option<&MunicipalityRow>, gaps: &mut Gaps) -> GemeenteView {
    let Some(row) = row else {
        return GemeenteView {
            naam: gaps.gap("gemeente", "naam van jullie gemeente"),
            bekend: false,
            code: None,
            provincie: gaps.gap("provincie", "provincie"),
            raad_email: None,
            heeft_beleid: false,
            beleid_tekst: None,
            inspreek_minuten: None,
            inspreek_aanmelden: None,
            inspreek_notities: Vec::new(),
            platforms: String::new(),
            provincie_regeling: None,
        };
    };
    let profile = kb.profiles.get(&row.code);
    let policy = profile.and_then(|p| p.policy.as_ref());
    let heeft_beleid = policy.is_some_and(|p| p.status == "actieplan" || p.status == "beleid");
    let inspreek = profile.and_then(|p| p.inspreek.as_ref());
    GemeenteView {
        naam: row.name.clone(),
        bekend: true,
        code: Some(row.code.clone()),
        provincie: row.province.clone(),
        raad_email: profile
            .and_then(|p| p.council_email.as_ref())
            .map(|e| e.address.clone()),
        heeft_beleid,
        beleid_tekst: policy.filter(|_| heeft_beleid).map(|p| p.text.clone()),
        inspreek_minuten: inspreek.and_then(|i| i.minutes),
        inspreek_aanmelden: inspreek.and_then(|i| i.registration.clone()),
        inspreek_notities: inspreek.map(|i| i.notes.clone()).unwrap_or_default(),
        platforms: join_and(
            &profile
                .map(|p| {
                    p.platforms
                        .iter()
                        .map(|x| x.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        ),
        provincie_regeling: kb
            .province_by_name(&row.province)
            .and_then(|p| p.schemes.first())
            .map(|s| match s.period.as_str() {
                "onbekend" | "" => format!("„{}”", s.name),
                period => format!("„{}”, {period}", s.name),
            }),
    }
}

/// Today's date in Dutch ("27 november 2026").
pub fn today() -> String {
    crate::core::date::dutch(crate::core::date::today())
}

/// Words a reader reads: Markdown markers and fill-in brackets do not count
/// as extra words.
pub fn word_count(md: &str) -> usize {
    md.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_visible_and_listed_once() {
        let mut g = Gaps::default();
        let v = coop_view(None, &mut g);
        assert_eq!(v.naam, "[naam van jullie coöperatie]");
        assert!(g.missing.iter().any(|m| m.veld == "leden"));
        let before = g.missing.len();
        g.gap("leden", "aantal");
        assert_eq!(g.missing.len(), before);
    }

    #[test]
    fn join_and_in_dutch() {
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b en c");
    }
}
