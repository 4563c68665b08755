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

/// The cooperative as documents see it: for every coop.yaml field (see
/// `profile::FIELDS`) `<veld>` is the value as text (a list joined "a, b en
/// c"), or a visible fill-in place when a document needs it and it is
/// missing, and `<veld>_bekend` says whether it is known; lists are also
/// there as items (`<veld>_lijst`) and numbers as numbers (`<veld>_aantal`).
/// `fase_zin` is the phase as a sentence.
#[derive(Debug, Clone, Serialize)]
pub struct CoopView {
    #[serde(flatten)]
    fields: serde_json::Map<String, serde_json::Value>,
}

impl CoopView {
    /// A field as text: its value or its fill-in place ("" when neither).
    pub fn text(&self, key: &str) -> &str {
        self.fields.get(key).and_then(|v| v.as_str()).unwrap_or("")
    }

    pub fn known(&self, key: &str) -> bool {
        self.fields
            .get(&format!("{key}_bekend"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
}

/// A council fact the user recorded, with its source.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub tekst: String,
    pub herkomst: super::council::Herkomst,
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
    /// The speaking rules the user recorded (`coop raad zet inspreken`).
    pub inspreekregels: Option<Recorded>,
    /// Known platforms of cooperatives in the municipality ("PAUW").
    pub platforms: String,
    /// A scheme of the province that is open today (its `until` date has
    /// not passed), with its period; for a tip on stderr, never the body.
    pub provincie_regeling: Option<String>,
    /// Very strongly urban (CBS): no countryside arguments.
    pub stad: bool,
    /// Where speakers are heard, when known: "raad" or "commissie".
    pub inspreek_vergadering: Option<String>,
    /// The griffie's postal address, lines (imported or entered by the user).
    pub griffie_adres: Vec<String>,
    pub griffie_email: Option<String>,
    /// Where the council facts above come from (empty when none are used).
    pub raad_herkomst: Vec<super::council::Herkomst>,
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

/// The phase as a sentence: a known phase in our words, the group's own
/// sentence as it is, or a fill-in place.
fn phase_sentence(fase: Option<&str>, fill_in: &str, gaps: &mut Gaps) -> String {
    use crate::core::profile::Phase;
    let fase = fase.map(str::trim).filter(|f| !f.is_empty());
    match (fase, fase.and_then(Phase::known)) {
        (_, Some(known)) => crate::core::choice::Choice::help(known).to_string(),
        (Some(own), None) => crate::core::text::end_sentence(own),
        (None, None) => gaps.gap("fase", fill_in),
    }
}

pub fn coop_view(profile: Option<&Profile>, gaps: &mut Gaps) -> CoopView {
    use crate::core::profile::{FieldKind, FIELDS};
    use serde_json::Value;
    let empty = Profile::default();
    let p = profile.unwrap_or(&empty);
    let mut fields = serde_json::Map::new();
    for f in FIELDS {
        let value = p.value(f.key);
        let text = match &value {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Array(items) if !items.is_empty() && f.kind == FieldKind::List => {
                Some(join_and(
                    &items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect::<Vec<_>>(),
                ))
            }
            _ => None,
        };
        let known = text.is_some();
        let shown = match (text, f.fill_in) {
            (Some(t), _) => t,
            (None, Some(place)) => gaps.gap(f.key, place),
            (None, None) => String::new(),
        };
        if f.kind == FieldKind::Phase {
            let sentence = phase_sentence(p.fase.as_deref(), f.fill_in.unwrap_or(""), gaps);
            fields.insert("fase_zin".into(), Value::String(sentence));
        }
        if f.kind == FieldKind::List {
            fields.insert(format!("{}_lijst", f.key), value.clone());
        }
        if f.kind == FieldKind::Number {
            fields.insert(format!("{}_aantal", f.key), value.clone());
        }
        fields.insert(f.key.to_string(), Value::String(shown));
        fields.insert(format!("{}_bekend", f.key), Value::Bool(known));
    }
    CoopView { fields }
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
            inspreekregels: None,
            platforms: String::new(),
            provincie_regeling: None,
            stad: false,
            inspreek_vergadering: None,
            griffie_adres: Vec::new(),
            griffie_email: None,
            raad_herkomst: Vec::new(),
        };
    };
    let council = kb.councils.get(&row.code);
    let mut herkomst: Vec<super::council::Herkomst> = Vec::new();
    let mut used = |p: &crate::core::council::Provenance| {
        let h = super::council::Herkomst::of(p);
        if !herkomst.contains(&h) {
            herkomst.push(h);
        }
    };
    let griffie_adres = match council.and_then(|c| c.griffie_address()) {
        Some((lines, p)) => {
            used(p);
            lines
        }
        None => Vec::new(),
    };
    let griffie_email = council.and_then(|c| c.griffie_email()).map(|(m, p)| {
        used(p);
        m
    });
    let own_council_email = council.and_then(|c| c.council_email()).map(|(m, p)| {
        used(p);
        m
    });
    let inspreekregels = council.and_then(|c| c.speaking_rules()).map(|(r, p)| {
        used(p);
        Recorded {
            tekst: r,
            herkomst: super::council::Herkomst::of(p),
        }
    });
    let profile = kb.profiles.get(&row.code);
    let policy = profile.and_then(|p| p.policy.as_ref());
    let heeft_beleid = policy.is_some_and(|p| p.status.has_policy());
    let inspreek = profile.and_then(|p| p.inspreek.as_ref());
    GemeenteView {
        naam: row.name.clone(),
        bekend: true,
        code: Some(row.code.clone()),
        provincie: row.province.clone(),
        raad_email: own_council_email.or_else(|| {
            profile
                .and_then(|p| p.council_email.as_ref())
                .map(|e| e.address.clone())
        }),
        heeft_beleid,
        beleid_tekst: policy.filter(|_| heeft_beleid).map(|p| p.text.clone()),
        // The rules the user recorded are newer than the built-in ones.
        inspreek_minuten: inspreekregels
            .as_ref()
            .and_then(|r| crate::core::council::speaking_minutes(&r.tekst))
            .or(inspreek.and_then(|i| i.minutes)),
        inspreek_aanmelden: inspreek.and_then(|i| i.registration.clone()),
        inspreek_notities: inspreek.map(|i| i.notes.clone()).unwrap_or_default(),
        inspreekregels,
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
        provincie_regeling: {
            let today = crate::core::date::today().to_string();
            kb.province_by_name(&row.province)
                .and_then(|p| {
                    p.schemes
                        .iter()
                        .find(|s| s.until.as_deref().is_some_and(|u| u >= today.as_str()))
                })
                .map(|s| format!("„{}”, {}", s.name, s.period))
        },
        stad: profile.is_some_and(|p| p.city.is_some()),
        inspreek_vergadering: inspreek.and_then(|i| i.meeting.clone()),
        griffie_adres,
        griffie_email,
        raad_herkomst: herkomst,
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
        assert_eq!(v.text("naam"), "[naam van jullie coöperatie]");
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
