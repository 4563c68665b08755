//! What is known about a municipality's council: the election result
//! (Kiesraad), the addresses of the municipality and its griffie (the
//! government organisations register), and facts the user recorded
//! (`coop raad zet`). Each record says where it comes from and how old it
//! is. Nothing here is built in: without an import or the user's own entry
//! every fact is unknown.
//!
//! The readers (`kiesraad`, `organisations`, `archive`) are pure: bytes in,
//! records out, so they can be fuzzed and tested without files.

pub mod archive;
pub mod kiesraad;
pub mod organisations;
pub mod store;
mod xml;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a record comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Who published the data ("Kiesraad"), or the user's "bron".
    pub source: String,
    /// The file it was read from, when imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The date of the data itself (YYYY-MM-DD), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_date: Option<String>,
    /// The day coop read it, or the day the user entered it (YYYY-MM-DD).
    pub imported: String,
}

/// One party (list) in one municipality's election result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyResult {
    /// The registered name; for a list without one, "Lijst N" with its first candidate.
    pub name: String,
    pub seats: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<u64>,
    /// Names of the elected candidates, in list order (520 files only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elected: Vec<String>,
}

/// The result of one municipal election in one municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectionResult {
    /// CBS code, GM and four digits.
    pub code: String,
    /// The name in the file (for messages only; matching is by code).
    #[serde(default)]
    pub name_in_file: String,
    /// "GR2026" or the election's id as the file gives it.
    pub election: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub election_date: Option<String>,
    pub parties: Vec<PartyResult>,
    pub origin: Provenance,
}

impl ElectionResult {
    /// Parties with seats, the largest first (then by votes, then name).
    pub fn seated(&self) -> Vec<&PartyResult> {
        let mut v: Vec<&PartyResult> = self.parties.iter().filter(|p| p.seats > 0).collect();
        v.sort_by(|a, b| {
            b.seats
                .cmp(&a.seats)
                .then(b.votes.cmp(&a.votes))
                .then(a.name.cmp(&b.name))
        });
        v
    }

    pub fn total_seats(&self) -> u32 {
        self.parties.iter().map(|p| p.seats).sum()
    }
}

/// A postal or visiting address as lines ("Postbus 16200", "3500 CE Utrecht").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postal_address: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.postal_address.is_empty() && self.email.is_none() && self.phone.is_none()
    }
}

/// A municipality's entry in the government organisations register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub code: String,
    #[serde(default)]
    pub name_in_file: String,
    /// The municipality's general address and e-mail.
    #[serde(default)]
    pub municipality: Contact,
    /// The griffie, when the register lists it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub griffie: Option<Contact>,
    pub origin: Provenance,
}

crate::choice! {
    /// A council fact a user can record with `coop raad zet`.
    pub enum FactKind {
        Coalitie = "coalitie": "De partijen in de coalitie, met komma's.",
        Wethouder = "wethouder-wonen": "Naam en partij van de wethouder wonen.",
        Commissie = "commissie": "De raadscommissie die over wonen gaat.",
        GriffieAdres = "griffie-adres": "Het postadres van de griffie (regels met een komma).",
        GriffieEmail = "griffie-email": "Het mailadres van de griffie.",
        RaadEmail = "raad-email": "Het mailadres voor alle raadsleden samen.",
        Inspreken = "inspreken": "De regels voor inspreken (spreektijd, aanmelden).",
    }
}

/// One fact the user recorded, with the source they gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFact {
    pub code: String,
    pub fact: FactKind,
    pub value: String,
    pub origin: Provenance,
}

/// Everything known about one council.
#[derive(Debug, Clone, Default)]
pub struct Council {
    pub result: Option<ElectionResult>,
    pub organisation: Option<Organisation>,
    /// The user's facts, the latest per kind.
    pub facts: Vec<UserFact>,
}

impl Council {
    pub fn fact(&self, kind: FactKind) -> Option<&UserFact> {
        self.facts.iter().rev().find(|f| f.fact == kind)
    }

    /// The griffie's postal address: the user's own entry, else the register.
    pub fn griffie_address(&self) -> Option<(Vec<String>, &Provenance)> {
        if let Some(f) = self.fact(FactKind::GriffieAdres) {
            let lines = f
                .value
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            return Some((lines, &f.origin));
        }
        let o = self.organisation.as_ref()?;
        let g = o.griffie.as_ref()?;
        (!g.postal_address.is_empty()).then(|| (g.postal_address.clone(), &o.origin))
    }

    pub fn griffie_email(&self) -> Option<(String, &Provenance)> {
        if let Some(f) = self.fact(FactKind::GriffieEmail) {
            return Some((f.value.clone(), &f.origin));
        }
        let o = self.organisation.as_ref()?;
        let mail = o.griffie.as_ref()?.email.clone()?;
        Some((mail, &o.origin))
    }

    /// The speaking rules the user recorded (`coop raad zet inspreken`).
    pub fn speaking_rules(&self) -> Option<(String, &Provenance)> {
        self.fact(FactKind::Inspreken)
            .map(|f| (f.value.clone(), &f.origin))
    }

    pub fn council_email(&self) -> Option<(String, &Provenance)> {
        self.fact(FactKind::RaadEmail)
            .map(|f| (f.value.clone(), &f.origin))
    }
}

/// The speaking time in recorded rules ("5 minuten per spreker", "3 min."):
/// one number of minutes (1 to 60), else None (none, or two different).
pub fn speaking_minutes(rules: &str) -> Option<u32> {
    let words: Vec<String> = rules
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut found: Option<u32> = None;
    for pair in words.windows(2) {
        let Ok(n) = pair[0].parse::<u32>() else {
            continue;
        };
        if (1..=60).contains(&n) && pair[1].starts_with("min") {
            match found {
                Some(f) if f != n => return None,
                _ => found = Some(n),
            }
        }
    }
    found
}

/// Every council coop knows something about, by CBS code.
#[derive(Debug, Clone, Default)]
pub struct Councils {
    pub by_code: BTreeMap<String, Council>,
}

impl Councils {
    pub fn get(&self, code: &str) -> Option<&Council> {
        self.by_code.get(code)
    }

    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// Adds a fact the user gave; it wins over an older one of its kind.
    pub fn record(&mut self, fact: UserFact) {
        self.by_code
            .entry(fact.code.clone())
            .or_default()
            .facts
            .push(fact);
    }
}

/// A CBS municipality code from what a file writes: "GM0363", "0363",
/// "363", "G0363". `None` when it is not one.
pub fn cbs_code(raw: &str) -> Option<String> {
    let t = raw.trim();
    let digits = t
        .strip_prefix("GM")
        .or_else(|| t.strip_prefix("gm"))
        .or_else(|| t.strip_prefix('G'))
        .unwrap_or(t);
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("GM{digits:0>4}"))
}

/// The party coop knows for a list name as the Kiesraad registers it
/// ("VVD", "Partij voor de Dieren", "GROENLINKS / Partij van de Arbeid
/// (PvdA)"): by exact name, full name or alias, by the abbreviation in
/// brackets, or a joint list whose parts merged into one party. `None` for
/// a local party or a joint list of separate parties: never a guess.
pub fn party_of_list<'a>(
    kb: &'a crate::core::kb::Kb,
    list: &str,
) -> Option<&'a crate::core::kb::Party> {
    use crate::core::resolve;
    let one = |name: &str| -> Option<&'a crate::core::kb::Party> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Ok(p) = resolve::party(kb, name) {
            return Some(p);
        }
        let (_, inner) = name.rsplit_once('(')?;
        resolve::party(kb, inner.trim_end_matches(')')).ok()
    };
    let merged = |p: &'a crate::core::kb::Party| -> &'a crate::core::kb::Party {
        p.merged_into
            .as_deref()
            .and_then(|m| kb.parties.get(m))
            .unwrap_or(p)
    };
    if let Some(p) = one(list) {
        return (!p.local).then(|| merged(p));
    }
    // A joint list: every part must lead to the same party.
    let parts: Vec<&str> = list.split(['/', '+']).collect();
    if parts.len() < 2 {
        return None;
    }
    let mut found: Option<&'a crate::core::kb::Party> = None;
    for part in parts {
        let p = merged(one(part)?);
        match found {
            Some(f) if f.id != p.id => return None,
            _ => found = Some(p),
        }
    }
    found.filter(|p| !p.local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_names_lead_to_known_parties_only_without_guessing() {
        let kb = crate::core::kb::Kb::load(None).unwrap();
        let id = |n: &str| party_of_list(&kb, n).map(|p| p.id.clone());
        assert_eq!(id("VVD").as_deref(), Some("vvd"));
        assert_eq!(
            id("GROENLINKS / Partij van de Arbeid (PvdA)").as_deref(),
            Some("groenlinks-pvda")
        );
        assert_eq!(
            id("Partij van de Arbeid (P.v.d.A.)").as_deref(),
            Some("groenlinks-pvda")
        );
        assert_eq!(id("Stadspartij 100% voor Groningen"), None);
        assert_eq!(id("CDA/ChristenUnie"), None);
        assert_eq!(id("Lokale partij"), None);
    }

    #[test]
    fn the_speaking_time_is_read_from_the_rules_only_when_clear() {
        assert_eq!(speaking_minutes("5 minuten per spreker"), Some(5));
        assert_eq!(
            speaking_minutes("Aanmelden kan tot 12.00 uur; 3 min. spreektijd"),
            Some(3)
        );
        assert_eq!(
            speaking_minutes("Spreektijd 3 minuten (in de commissie 5 minuten)"),
            None
        );
        assert_eq!(speaking_minutes("Aanmelden twee dagen vooraf"), None);
        assert_eq!(speaking_minutes("120 minuten vergadering"), None);
    }

    #[test]
    fn codes_keep_their_leading_zeros() {
        assert_eq!(cbs_code("GM0014").as_deref(), Some("GM0014"));
        assert_eq!(cbs_code("14").as_deref(), Some("GM0014"));
        assert_eq!(cbs_code("0363").as_deref(), Some("GM0363"));
        assert_eq!(cbs_code("G0363").as_deref(), Some("GM0363"));
        assert_eq!(cbs_code("Amsterdam"), None);
        assert_eq!(cbs_code("12345"), None);
        assert_eq!(cbs_code(""), None);
    }
}
