//! Kiesraad election results: EML_NL 520 (result: seats and elected
//! candidates per list), EML_NL 510 (counts: votes per list) and the
//! `;`-separated results CSV. Only municipal elections (category GR) are
//! read. Pure: bytes in, results out.

use std::collections::BTreeMap;

use super::xml::{self, Step};
use super::{cbs_code, ElectionResult, PartyResult, Provenance};
use crate::error::{Error, Location, Result};

pub const SOURCE: &str = "Kiesraad";

/// What one file holds.
#[derive(Debug, Default)]
pub struct Read {
    /// Results with seats (520, CSV).
    pub results: Vec<ElectionResult>,
    /// Votes per list name from 510 counts, by CBS code.
    pub votes: Vec<(String, BTreeMap<String, u64>)>,
}

fn data_error(label: &str, line: usize, message: impl Into<String>) -> Error {
    Error::data(
        Location {
            file: label.to_string(),
            line,
            column: if line == 0 { 0 } else { 1 },
        },
        message,
    )
}

/// Reads one file (EML or CSV) as Kiesraad results.
pub fn read(label: &str, bytes: &[u8], imported: &str) -> Result<Read> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'<') {
        read_eml(label, body, imported)
    } else {
        read_csv(label, body, imported)
    }
}

/// Whether an XML file is an EML count (510) or result (520). A zip from
/// the Kiesraad also holds the election definition (110) and candidate
/// lists (230); those are skipped there, refused as a single file.
pub fn is_eml_result(bytes: &[u8]) -> bool {
    match xml::root(bytes) {
        Some((name, attrs)) if name == "EML" => {
            attr(&attrs, "Id").is_some_and(|id| id.starts_with("510") || id.starts_with("520"))
        }
        _ => false,
    }
}

/// Whether the bytes look like XML (else CSV).
pub fn is_xml(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

#[derive(Default)]
struct Selection {
    affiliation: Option<String>,
    name: String,
    elected: bool,
    votes: Option<u64>,
    candidate: bool,
    initials: String,
    first: String,
    prefix: String,
    last: String,
    name_type: String,
}

impl Selection {
    fn candidate_name(&self) -> String {
        let given = if self.first.is_empty() {
            &self.initials
        } else {
            &self.first
        };
        [given.as_str(), self.prefix.as_str(), self.last.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Default)]
struct Eml {
    kind: String,
    category: Option<String>,
    election_id: String,
    domain_code: Option<String>,
    domain_name: String,
    authority_code: Option<String>,
    election_date: Option<String>,
    created: Option<String>,
    sel: Option<Selection>,
    /// (affiliation id, party, first candidate)
    parties: Vec<(String, PartyResult, Option<String>)>,
    votes: BTreeMap<String, u64>,
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn read_eml(label: &str, bytes: &[u8], imported: &str) -> Result<Read> {
    let mut st = Eml::default();
    xml::walk(bytes, |path, step| {
        match step {
            Step::Start { name, attrs } => {
                if path.is_empty() {
                    if name != "EML" {
                        return Err(format!(
                            "dit is geen uitslag van de Kiesraad: het bestand begint met <{name}>, niet met <EML>. Kies het bestand met 520 (uitslag) of 510 (telling) in de naam, of de uitslag als CSV."
                        ));
                    }
                    st.kind = attr(attrs, "Id").unwrap_or("").to_string();
                    if !(st.kind.starts_with("510") || st.kind.starts_with("520")) {
                        let what = match st.kind.as_str() {
                            k if k.starts_with("110") => "een verkiezingsdefinitie",
                            k if k.starts_with("230") => "een kandidatenlijst",
                            k if k.starts_with("210") => "een kandidaatstelling",
                            _ => "een ander soort EML-bestand",
                        };
                        return Err(format!(
                            "dit is {what} (EML {}), geen uitslag. coop leest EML 520 (uitslag met zetels en gekozenen) en 510 (telling).",
                            if st.kind.is_empty() { "zonder nummer" } else { &st.kind }
                        ));
                    }
                    return Ok(());
                }
                match name {
                    "ElectionIdentifier" => {
                        st.election_id = attr(attrs, "Id").unwrap_or("").to_string();
                    }
                    "ElectionDomain" => st.domain_code = attr(attrs, "Id").map(str::to_string),
                    "AuthorityIdentifier" => {
                        st.authority_code = attr(attrs, "Id").map(str::to_string)
                    }
                    "Selection" => st.sel = Some(Selection::default()),
                    "AffiliationIdentifier" => {
                        if let Some(s) = st.sel.as_mut() {
                            s.affiliation = Some(attr(attrs, "Id").unwrap_or("").to_string());
                        }
                    }
                    "Candidate" => {
                        if let Some(s) = st.sel.as_mut() {
                            s.candidate = true;
                        }
                    }
                    "NameLine" => {
                        if let Some(s) = st.sel.as_mut() {
                            s.name_type = attr(attrs, "NameType").unwrap_or("").to_string();
                        }
                    }
                    _ => {}
                }
            }
            Step::End { name, text } => match name {
                "ElectionCategory" => {
                    if text != "GR" {
                        return Err(format!(
                            "dit is de uitslag van een andere verkiezing ({text}). coop leest alleen gemeenteraadsverkiezingen (GR)."
                        ));
                    }
                    st.category = Some(text.to_string());
                }
                "ElectionDomain" => st.domain_name = text.to_string(),
                "ElectionDate" => st.election_date = Some(text.to_string()),
                "CreationDateTime" => st.created = text.get(..10).map(str::to_string),
                "RegisteredName" => {
                    if let Some(s) = st.sel.as_mut() {
                        s.name = text.to_string();
                    }
                }
                "Elected" => {
                    if let Some(s) = st.sel.as_mut() {
                        s.elected = text.eq_ignore_ascii_case("yes");
                    }
                }
                "ValidVotes" => {
                    if let Some(s) = st.sel.as_mut() {
                        s.votes = text.parse().ok();
                    }
                }
                "NameLine" | "FirstName" | "NamePrefix" | "LastName" => {
                    if let Some(s) = st.sel.as_mut() {
                        let v = text.to_string();
                        match name {
                            "NameLine" if s.name_type == "Initials" => s.initials = v,
                            "FirstName" => s.first = v,
                            "NamePrefix" => s.prefix = v,
                            "LastName" => s.last = v,
                            _ => {}
                        }
                    }
                }
                "Selection" => {
                    let Some(s) = st.sel.take() else {
                        return Ok(());
                    };
                    let in_total = path.iter().any(|p| p == "TotalVotes");
                    if st.kind.starts_with("510") {
                        // Only the municipality's total, not each polling station.
                        if in_total && !s.candidate {
                            if let (Some(id), Some(v)) = (&s.affiliation, s.votes) {
                                let key = if s.name.is_empty() {
                                    format!("#{id}")
                                } else {
                                    s.name.clone()
                                };
                                st.votes.insert(key, v);
                            }
                        }
                    } else if s.candidate {
                        let cand = s.candidate_name();
                        if let Some((_, party, first)) = st.parties.last_mut() {
                            if first.is_none() {
                                *first = Some(cand.clone());
                            }
                            if s.elected {
                                party.seats += 1;
                                party.elected.push(cand);
                            }
                        }
                    } else if let Some(id) = s.affiliation {
                        st.parties.push((
                            id,
                            PartyResult {
                                name: s.name,
                                seats: 0,
                                votes: None,
                                elected: Vec::new(),
                            },
                            None,
                        ));
                    }
                }
                _ => {}
            },
        }
        Ok(())
    })
    .map_err(|e| data_error(label, e.line, e.message))?;

    if st.category.is_none() {
        return Err(data_error(
            label,
            0,
            "het bestand noemt geen soort verkiezing (ElectionCategory). Is het compleet?",
        ));
    }
    let raw_code = st.domain_code.clone().or(st.authority_code.clone());
    let Some(code) = raw_code.as_deref().and_then(cbs_code) else {
        return Err(data_error(
            label,
            0,
            format!(
                "het bestand noemt geen gemeentecode (ElectionDomain Id), maar '{}'. coop koppelt alleen op CBS-code.",
                raw_code.unwrap_or_default()
            ),
        ));
    };
    let mut read = Read::default();
    if st.kind.starts_with("510") {
        read.votes.push((code, st.votes));
        return Ok(read);
    }
    let parties = st
        .parties
        .into_iter()
        .map(|(id, mut p, first)| {
            if p.name.trim().is_empty() {
                p.name = match first {
                    Some(c) => format!("Lijst {id} (blanco, eerste kandidaat {c})"),
                    None => format!("Lijst {id} (blanco)"),
                };
            }
            p
        })
        .collect();
    read.results.push(ElectionResult {
        code,
        name_in_file: st.domain_name,
        election: election_code(&st.election_id),
        election_date: st.election_date,
        parties,
        origin: Provenance {
            source: SOURCE.into(),
            file: Some(label.to_string()),
            data_date: st.created,
            imported: imported.to_string(),
        },
    });
    Ok(read)
}

/// "GR2026_Utrecht" → "GR2026".
fn election_code(id: &str) -> String {
    id.split('_').next().unwrap_or(id).to_string()
}

fn header_key(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| names.contains(&h.as_str()))
}

fn read_csv(label: &str, bytes: &[u8], imported: &str) -> Result<Read> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        data_error(
            label,
            0,
            "dit is geen tekstbestand (UTF-8) en geen EML. Kies het EML-bestand (520) of de CSV met de uitslag.",
        )
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| data_error(label, 1, format!("de kopregel is niet te lezen ({e}).")))?
        .iter()
        .map(header_key)
        .collect();
    let code_col = column(
        &headers,
        &[
            "regiocode",
            "cbscode",
            "gemeentecode",
            "code",
            "regionumber",
        ],
    );
    let party_col = column(
        &headers,
        &[
            "partij",
            "partijnaam",
            "lijstnaam",
            "lijst",
            "affiliationname",
        ],
    );
    let seats_col = column(&headers, &["zetels", "aantalzetels", "seats"]);
    let votes_col = column(
        &headers,
        &["stemmen", "aantalstemmen", "geldigestemmen", "votes"],
    );
    let election_col = column(&headers, &["verkiezing", "verkiezingscode", "election"]);
    let name_col = column(
        &headers,
        &["regio", "gemeente", "regionaam", "gemeentenaam"],
    );
    let date_col = column(&headers, &["datum", "verkiezingsdatum"]);
    let (Some(code_col), Some(party_col), Some(seats_col)) = (code_col, party_col, seats_col)
    else {
        return Err(data_error(
            label,
            1,
            "dit is geen CSV met een uitslag van de Kiesraad: coop mist een kolom voor de gemeentecode (RegioCode), de partij (Partij) of de zetels (Zetels). Het scheidingsteken is een puntkomma.",
        ));
    };
    let mut by_code: BTreeMap<String, ElectionResult> = BTreeMap::new();
    for (i, row) in rdr.records().enumerate() {
        let line = i + 2;
        let row =
            row.map_err(|e| data_error(label, line, format!("regel niet te lezen ({e}).")))?;
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim();
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let election = get(election_col);
        if !election.is_empty() && !election.to_uppercase().starts_with("GR") {
            return Err(data_error(
                label,
                line,
                format!("dit is de uitslag van een andere verkiezing ({election}). coop leest alleen gemeenteraadsverkiezingen (GR)."),
            ));
        }
        let raw = get(Some(code_col));
        let code = cbs_code(raw).ok_or_else(|| {
            data_error(
                label,
                line,
                format!("'{raw}' is geen CBS-gemeentecode (zoals GM0344 of 0344)."),
            )
        })?;
        let seats: u32 = get(Some(seats_col)).parse().map_err(|_| {
            data_error(
                label,
                line,
                format!("'{}' is geen aantal zetels.", get(Some(seats_col))),
            )
        })?;
        let votes =
            match get(votes_col) {
                "" => None,
                v => Some(v.replace('.', "").parse::<u64>().map_err(|_| {
                    data_error(label, line, format!("'{v}' is geen aantal stemmen."))
                })?),
            };
        let party = get(Some(party_col));
        let entry = by_code
            .entry(code.clone())
            .or_insert_with(|| ElectionResult {
                code,
                name_in_file: get(name_col).to_string(),
                election: if election.is_empty() {
                    "GR".into()
                } else {
                    election.to_string()
                },
                election_date: Some(get(date_col).to_string()).filter(|d| !d.is_empty()),
                parties: Vec::new(),
                origin: Provenance {
                    source: SOURCE.into(),
                    file: Some(label.to_string()),
                    data_date: Some(get(date_col).to_string()).filter(|d| !d.is_empty()),
                    imported: imported.to_string(),
                },
            });
        let name = if party.is_empty() {
            format!("Lijst {} (blanco)", entry.parties.len() + 1)
        } else {
            party.to_string()
        };
        entry.parties.push(PartyResult {
            name,
            seats,
            votes,
            elected: Vec::new(),
        });
    }
    if by_code.is_empty() {
        return Err(data_error(
            label,
            0,
            "de CSV heeft geen regels met een uitslag.",
        ));
    }
    Ok(Read {
        results: by_code.into_values().collect(),
        votes: Vec::new(),
    })
}

/// Adds the votes of 510 counts to the results with the same code, by list
/// name. Returns the codes that had votes but no result (no seats known).
pub fn add_votes(
    results: &mut [ElectionResult],
    votes: Vec<(String, BTreeMap<String, u64>)>,
) -> Vec<String> {
    let mut orphans = Vec::new();
    for (code, per_party) in votes {
        match results.iter_mut().find(|r| r.code == code) {
            Some(r) => {
                for p in r.parties.iter_mut() {
                    if let Some(v) = per_party.get(&p.name) {
                        p.votes = Some(*v);
                    }
                }
            }
            None => orphans.push(code),
        }
    }
    orphans
}

#[cfg(test)]
mod tests {
    use super::*;

    const EML: &[u8] = include_bytes!("../../../tests/data/council/GR2026_Groningen.eml.xml");
    const COUNT: &[u8] =
        include_bytes!("../../../tests/data/council/Telling_GR2026_Groningen.eml.xml");
    const CSV: &[u8] = include_bytes!("../../../tests/data/council/uitslag_GR2026.csv");
    const OO: &[u8] = include_bytes!("../../../tests/data/council/exportOO_gemeenten.xml");

    /// Poor man's fuzzing: every prefix and many one-byte changes of the
    /// samples give records or a Dutch error, never a panic.
    #[test]
    fn cut_or_damaged_input_never_panics() {
        for sample in [EML, COUNT, CSV, OO] {
            for end in (0..sample.len()).step_by(17) {
                let part = &sample[..end];
                let _ = read("x", part, "2026-11-29");
                let _ = super::super::organisations::read("x", part, "2026-11-29", None);
            }
            let mut bytes = sample.to_vec();
            for i in (0..bytes.len()).step_by(31) {
                let old = bytes[i];
                for b in [b'<', b'>', b'&', b';', b'"', 0xC3, 0] {
                    bytes[i] = b;
                    let _ = read("x", &bytes, "2026-11-29");
                    let _ = super::super::organisations::read("x", &bytes, "2026-11-29", None);
                }
                bytes[i] = old;
            }
        }
    }

    #[test]
    fn a_520_gives_seats_elected_names_and_provenance() {
        let r = read("GR2026_Groningen.eml.xml", EML, "2026-11-29").unwrap();
        let g = &r.results[0];
        assert_eq!(g.code, "GM0014");
        assert_eq!(g.election, "GR2026");
        assert_eq!(g.total_seats(), 4);
        assert_eq!(g.parties[3].name, "Partij voor de Dieren");
        assert_eq!(g.parties[3].seats, 0);
        assert_eq!(g.origin.data_date.as_deref(), Some("2026-03-23"));
        let count = read("t.xml", COUNT, "2026-11-29").unwrap();
        // Only the municipality's total, not the polling station.
        assert_eq!(
            count.votes[0]
                .1
                .get("GROENLINKS / Partij van de Arbeid (PvdA)"),
            Some(&21034)
        );
    }
}
