//! The council overlay in the user's data directory: one YAML file per
//! kind, every record with its provenance. Reading and merging live here;
//! writing goes through `io::output` (atomic).

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{Council, Councils, ElectionResult, Organisation, UserFact};
use crate::core::kb::load::yaml_error_with_hint;
use crate::error::{Error, Result};
use crate::io::input::{self, Kind};
use crate::io::{lock, output};

pub const RESULTS: &str = "council_results.yaml";
pub const ORGANISATIONS: &str = "council_organisations.yaml";
pub const FACTS: &str = "council_facts.yaml";

/// The overlay files a data directory may hold, besides the knowledge base's.
pub const FILES: &[&str] = &[RESULTS, ORGANISATIONS, FACTS];

const HINT: &str = "Lees het bestand opnieuw in met `coop data importeer`, of zie data/SCHEMA.md.";

/// Reads one overlay file (bounded, regular files only); an absent file is
/// an empty list.
pub fn read_list<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<Vec<T>> {
    let path = dir.join(name);
    let label = path.display().to_string();
    match input::read_bytes_opt(&path, Kind::Data)? {
        Some(bytes) => parse_list(&label, &input::decode(&label, bytes)?),
        None => Ok(Vec::new()),
    }
}

/// Reads one overlay file, lets `change` make the new list, and writes it
/// back (atomically), all under the file's lock: two coops (an import and a
/// `coop raad zet`, or two tabs) never both write over the same old version.
pub fn update<T, R>(
    dir: &Path,
    name: &str,
    what: &str,
    change: impl FnOnce(Vec<T>) -> Result<(Vec<T>, R)>,
) -> Result<R>
where
    T: DeserializeOwned + Serialize,
{
    output::ensure_dir(dir)?;
    let path = dir.join(name);
    let _lock = lock::acquire(&path)?;
    let (list, answer) = change(read_list(dir, name)?)?;
    output::write_file(&path, to_yaml(what, &list).as_bytes(), true)?;
    Ok(answer)
}

pub fn parse_list<T: DeserializeOwned>(label: &str, text: &str) -> Result<Vec<T>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    serde_yaml::from_str::<Option<Vec<T>>>(text)
        .map(Option::unwrap_or_default)
        .map_err(|e| yaml_error_with_hint(label, &e, HINT))
}

pub fn to_yaml<T: Serialize>(what: &str, list: &[T]) -> String {
    let body = serde_yaml::to_string(list).expect("council records serialise");
    format!("# {what}\n{body}")
}

/// Records the user's facts in `dir` (council_facts.yaml): each replaces
/// the fact of the same kind for the same municipality.
pub fn record_facts(dir: &Path, new: Vec<UserFact>) -> Result<()> {
    update(
        dir,
        FACTS,
        "Feiten over de raad, door jullie zelf vastgelegd (coop raad zet, coop start).",
        |mut facts: Vec<UserFact>| {
            for fact in new {
                facts.retain(|f| !(f.code == fact.code && f.fact == fact.fact));
                facts.push(fact);
            }
            facts.sort_by(|a, b| a.code.cmp(&b.code).then(a.fact.id().cmp(b.fact.id())));
            Ok((facts, ()))
        },
    )
}

/// Every council file in `dir`, by CBS code.
pub fn load(dir: &Path) -> Result<Councils> {
    let mut councils = Councils::default();
    let mut errors = Vec::new();
    let results: Vec<ElectionResult> = read_list(dir, RESULTS).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    let orgs: Vec<Organisation> = read_list(dir, ORGANISATIONS).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    let facts: Vec<UserFact> = read_list(dir, FACTS).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => return Err(Error::Many(errors)),
    }
    for r in results {
        let code = r.code.clone();
        council(&mut councils, &code).result = Some(r);
    }
    for o in orgs {
        let code = o.code.clone();
        council(&mut councils, &code).organisation = Some(o);
    }
    for f in facts {
        let code = f.code.clone();
        council(&mut councils, &code).facts.push(f);
    }
    Ok(councils)
}

fn council<'a>(c: &'a mut Councils, code: &str) -> &'a mut Council {
    c.by_code.entry(code.to_string()).or_default()
}

/// What a re-import changed for one municipality (Dutch lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub code: String,
    pub new: bool,
    pub what: Vec<String>,
}

/// Records keyed by code: the new ones replace the old ones with the same
/// code; the rest stay. Returns the merged list (by code) and the changes.
pub fn merge<T: Clone>(
    old: Vec<T>,
    new: Vec<T>,
    code: impl Fn(&T) -> &str,
    diff: impl Fn(&T, &T) -> Vec<String>,
) -> (Vec<T>, Vec<Change>) {
    let mut map: BTreeMap<String, T> = old.into_iter().map(|t| (code(&t).to_string(), t)).collect();
    let mut changes = Vec::new();
    for n in new {
        let c = code(&n).to_string();
        match map.get(&c) {
            None => changes.push(Change {
                code: c.clone(),
                new: true,
                what: Vec::new(),
            }),
            Some(o) => {
                let what = diff(o, &n);
                if !what.is_empty() {
                    changes.push(Change {
                        code: c.clone(),
                        new: false,
                        what,
                    });
                }
            }
        }
        map.insert(c, n);
    }
    (map.into_values().collect(), changes)
}

fn zetels(n: u32) -> String {
    if n == 1 {
        "1 zetel".into()
    } else {
        format!("{n} zetels")
    }
}

/// New parties, moved seats, parties gone.
pub fn result_changes(old: &ElectionResult, new: &ElectionResult) -> Vec<String> {
    let mut out = Vec::new();
    if old.election != new.election {
        out.push(format!(
            "andere verkiezing: {} → {}",
            old.election, new.election
        ));
    }
    for p in &new.parties {
        match old.parties.iter().find(|o| o.name == p.name) {
            None if p.seats > 0 => {
                out.push(format!("nieuwe partij {} ({})", p.name, zetels(p.seats)))
            }
            Some(o) if o.seats != p.seats => out.push(format!(
                "{}: {} → {}",
                p.name,
                zetels(o.seats),
                zetels(p.seats)
            )),
            _ => {}
        }
    }
    for o in &old.parties {
        if o.seats > 0 && !new.parties.iter().any(|p| p.name == o.name) {
            out.push(format!("{} niet meer in de uitslag", o.name));
        }
    }
    out
}

pub fn organisation_changes(old: &Organisation, new: &Organisation) -> Vec<String> {
    let mut out = Vec::new();
    if old.municipality.postal_address != new.municipality.postal_address {
        out.push(format!(
            "postadres: {} → {}",
            old.municipality.postal_address.join(", "),
            new.municipality.postal_address.join(", ")
        ));
    }
    if old.municipality.email != new.municipality.email {
        out.push(format!(
            "mailadres: {} → {}",
            old.municipality.email.as_deref().unwrap_or("geen"),
            new.municipality.email.as_deref().unwrap_or("geen")
        ));
    }
    if old.griffie != new.griffie {
        out.push("gegevens van de griffie gewijzigd".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{PartyResult, Provenance};
    use super::*;

    fn result(code: &str, parties: &[(&str, u32)]) -> ElectionResult {
        ElectionResult {
            code: code.into(),
            name_in_file: String::new(),
            election: "GR2026".into(),
            election_date: None,
            parties: parties
                .iter()
                .map(|(n, s)| PartyResult {
                    name: n.to_string(),
                    seats: *s,
                    votes: None,
                    elected: Vec::new(),
                })
                .collect(),
            origin: Provenance {
                source: "Kiesraad".into(),
                file: None,
                data_date: None,
                imported: "2026-03-20".into(),
            },
        }
    }

    #[test]
    fn a_reimport_replaces_by_code_and_reports_what_moved() {
        let old = vec![
            result("GM0344", &[("VVD", 7), ("SP", 2)]),
            result("GM0363", &[("D66", 9)]),
        ];
        let new = vec![
            result("GM0344", &[("VVD", 6), ("SP", 2), ("Student & Starter", 1)]),
            result("GM0014", &[("CDA", 3)]),
        ];
        let (merged, changes) = merge(old, new, |r| r.code.as_str(), result_changes);
        assert_eq!(
            merged.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
            ["GM0014", "GM0344", "GM0363"]
        );
        assert_eq!(changes.len(), 2);
        assert_eq!(
            changes[0].what,
            [
                "VVD: 7 zetels → 6 zetels",
                "nieuwe partij Student & Starter (1 zetel)"
            ]
        );
        assert!(changes[1].new);
    }
}
