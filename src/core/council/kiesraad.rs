//! Kiesraad election results: EML_NL 520 (result: seats and elected
//! candidates per list), EML_NL 510 (counts: votes per list) and the
//! `;`-separated CSV files. Only municipal elections (category GR) are
//! read. Pure: bytes in, results out.
//!
//! The formats, and where they were confirmed:
//! - EML 520 and 510: the test files of kiesraad/abacus
//!   (`backend/src/eml/tests/eml520_test.eml.xml`, `eml510b_test.eml.xml`):
//!   root `EML Id="520"`/`"510b"`, `kr:ElectionDomain Id="0014"` (the CBS
//!   number, four digits), per list a `Selection` with
//!   `AffiliationIdentifier Id`/`RegisteredName`, then one `Selection` per
//!   candidate with `Elected` yes/no (520) or `ValidVotes` (510, the
//!   municipality's total in `TotalVotes`, polling stations in
//!   `ReportingUnitVotes`). A list without a name has an empty
//!   `<RegisteredName/>` (kiesraad/rust-eml-nl
//!   `src/common/affiliation_identifier.rs` writes it so when a list has none).
//! - The results CSV on data.overheid.nl (e.g. `GR2026.csv`,
//!   `TK2025_uitslag.csv`): UTF-8 (read with or without BOM), `;`, one row
//!   per value with the columns `Regio;RegioCode;OuderRegioCode;
//!   GrootOuderRegioCode;Partij;LijstNummer;LijstNaam;KandidaatNummer;
//!   KandidaatInitialen;KandidaatVoornaam;KandidaatTussenvoegsel;
//!   KandidaatAchternaam;KandidaatWoonplaats;KandidaatGeslacht;VeldType;
//!   Waarde`; `RegioCode` is `G` and four digits for a municipality
//!   (`G0014`), `O`, `K`, `P`, `L` for other areas; `VeldType` is
//!   `LijstAantalZetels`, `LijstAantalStemmen`, `KandidaatGekozen` and
//!   totals. Sources: the Kiesraad's README of that CSV as kept in a
//!   research repository, and MinBZK/napp-poc `scripts/bouw_register.py`
//!   (reads council seats per municipality from `GR2026.csv` this way).
//!   Not confirmed: what `Waarde` holds on a `KandidaatGekozen` row (coop
//!   takes every such row as elected unless it says 0/nee/false).
//! - The count CSV "osv4-3" (one per municipality, made from a 510 by the
//!   Kiesraad's eml2csv): BOM, `;`, quoted fields, a header block
//!   `Verkiezing`/`Datum`/`Gebied`/`Nummer` (the CBS number, `"0668"`),
//!   then `Lijstnummer;Aanduiding;Volgnummer;Naam kandidaat;Totaal;...`
//!   with a row per list. Votes only, no seats. Source: kiesraad/rust-eml-nl
//!   `src/csv/mod.rs` and kiesraad/eml2csv `tests/osv4-3_telling_*.csv`.
//! - The votes per polling station CSV next to the results CSV
//!   (`GemeenteCode` without leading zeros, `PartijNaam`, `AantalStemmen`):
//!   votes only, summed per municipality. Source: the same README.
//! - A plain table with a row per municipality and party (`RegioCode` or
//!   `Gemeentecode`, `Partij`, `Zetels`, optionally `Stemmen`): not a
//!   Kiesraad format, accepted for a table the user made.

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

/// The file name without the folders (and without the zip's name).
fn base_name(label: &str) -> &str {
    label.rsplit(['/', '\\']).next().unwrap_or(label)
}

/// The election a file name announces: "GR2026.csv" → Some("GR2026"),
/// "TK2025_uitslag.csv" → Some("TK2025"); `None` without one.
fn election_in_name(label: &str) -> Option<String> {
    let name = base_name(label).to_uppercase();
    let letters: String = name.chars().take_while(char::is_ascii_uppercase).collect();
    let digits: String = name[letters.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (letters.len() == 2 && digits.len() == 4).then(|| format!("{letters}{digits}"))
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes())
}

fn read_csv(label: &str, bytes: &[u8], imported: &str) -> Result<Read> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        data_error(
            label,
            0,
            "dit is geen tekstbestand (UTF-8) en geen EML. Kies het EML-bestand (520) of de CSV met de uitslag.",
        )
    })?;
    let mut rdr = csv_reader(text);
    let headers: Vec<String> = match rdr.records().next() {
        Some(Ok(row)) => row.iter().map(header_key).collect(),
        Some(Err(e)) => {
            return Err(data_error(
                label,
                1,
                format!("de kopregel is niet te lezen ({e})."),
            ))
        }
        None => Vec::new(),
    };
    if headers.first().map(String::as_str) == Some("verkiezing")
        && column(&headers, &["partij", "zetels"]).is_none()
    {
        return read_osv(label, text);
    }
    if column(&headers, &["veldtype"]).is_some() && column(&headers, &["waarde"]).is_some() {
        return read_long_csv(label, text, &headers, imported);
    }
    if column(&headers, &["aantalstemmen"]).is_some()
        && column(&headers, &["partijnaam"]).is_some()
        && column(&headers, &["zetels", "aantalzetels"]).is_none()
    {
        return read_station_csv(label, text, &headers);
    }
    read_table_csv(label, text, &headers, imported)
}

fn parse_count<T: std::str::FromStr>(label: &str, line: usize, raw: &str, what: &str) -> Result<T> {
    raw.replace('.', "")
        .parse()
        .map_err(|_| data_error(label, line, format!("'{raw}' is geen aantal {what}.")))
}

/// A list's name, or for a list without one its number.
fn list_name(name: &str, number: &str) -> String {
    if name.trim().is_empty() {
        format!("Lijst {} (blanco)", number.trim())
    } else {
        name.trim().to_string()
    }
}

/// The Kiesraad's results CSV: one row per value (see the module doc).
fn read_long_csv(label: &str, text: &str, headers: &[String], imported: &str) -> Result<Read> {
    let col = |names: &[&str]| column(headers, names);
    let (Some(code_col), Some(kind_col), Some(value_col)) =
        (col(&["regiocode"]), col(&["veldtype"]), col(&["waarde"]))
    else {
        return Err(data_error(
            label,
            1,
            "deze CSV van de Kiesraad mist de kolom RegioCode; zo kan coop de gemeente niet vinden.",
        ));
    };
    let (region_col, number_col, name_col) =
        (col(&["regio"]), col(&["lijstnummer"]), col(&["lijstnaam"]));
    let person = [
        col(&["kandidaatinitialen"]),
        col(&["kandidaatvoornaam"]),
        col(&["kandidaattussenvoegsel"]),
        col(&["kandidaatachternaam"]),
    ];
    let election = election_in_name(label);
    if let Some(e) = election.as_deref().filter(|e| !e.starts_with("GR")) {
        return Err(data_error(
            label,
            0,
            format!("dit is de uitslag van een andere verkiezing ({e}). coop leest alleen gemeenteraadsverkiezingen (GR)."),
        ));
    }
    struct Region {
        name: String,
        lists: Vec<(String, PartyResult)>,
        seats_given: bool,
    }
    let mut regions: BTreeMap<String, Region> = BTreeMap::new();
    for (i, row) in csv_reader(text).records().enumerate().skip(1) {
        let line = i + 1;
        let row =
            row.map_err(|e| data_error(label, line, format!("regel niet te lezen ({e}).")))?;
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim();
        let raw = get(Some(code_col));
        // Only municipalities: G and digits. Kieskring, province, country
        // and the Caribbean public bodies are other areas.
        if !(raw.starts_with('G') && raw.len() > 1 && raw[1..].chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let Some(code) = cbs_code(raw) else {
            continue;
        };
        let kind = get(Some(kind_col));
        if !matches!(
            kind,
            "LijstAantalZetels" | "LijstAantalStemmen" | "KandidaatGekozen"
        ) {
            continue;
        }
        let region = regions.entry(code).or_insert_with(|| Region {
            name: get(region_col).to_string(),
            lists: Vec::new(),
            seats_given: false,
        });
        let number = get(number_col).to_string();
        let key = format!("{number}\u{1f}{}", get(name_col));
        let at = match region.lists.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                region.lists.push((
                    key,
                    PartyResult {
                        name: list_name(get(name_col), &number),
                        seats: 0,
                        votes: None,
                        elected: Vec::new(),
                    },
                ));
                region.lists.len() - 1
            }
        };
        let value = get(Some(value_col));
        let party = &mut region.lists[at].1;
        match kind {
            "LijstAantalZetels" => {
                party.seats = parse_count(label, line, value, "zetels")?;
                region.seats_given = true;
            }
            "LijstAantalStemmen" => party.votes = Some(parse_count(label, line, value, "stemmen")?),
            _ => {
                let no = ["0", "nee", "no", "false", "onwaar", "n"];
                if !no.iter().any(|n| value.eq_ignore_ascii_case(n)) {
                    let [initials, first, prefix, last] = person.map(get);
                    let given = if first.is_empty() { initials } else { first };
                    let name = [given, prefix, last]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !name.is_empty() {
                        party.elected.push(name);
                    }
                }
            }
        }
    }
    if regions.is_empty() {
        return Err(data_error(
            label,
            0,
            "in deze CSV van de Kiesraad staat geen gemeente (RegioCode G en vier cijfers).",
        ));
    }
    if !regions.values().any(|r| r.seats_given) {
        return Err(data_error(
            label,
            0,
            "deze CSV noemt geen zetels per gemeente (VeldType LijstAantalZetels). Is het wel de uitslag van een gemeenteraadsverkiezing? Bij de Tweede Kamer staan de zetels alleen voor heel Nederland.",
        ));
    }
    let mut read = Read::default();
    for (code, region) in regions {
        let parties: Vec<PartyResult> = region.lists.into_iter().map(|(_, p)| p).collect();
        if !region.seats_given {
            // Votes without seats: like a count, reported by the import.
            let votes = parties
                .iter()
                .filter_map(|p| Some((p.name.clone(), p.votes?)))
                .collect();
            read.votes.push((code, votes));
            continue;
        }
        read.results.push(ElectionResult {
            code,
            name_in_file: region.name,
            election: election.clone().unwrap_or_else(|| "GR".into()),
            election_date: None,
            parties,
            origin: Provenance {
                source: SOURCE.into(),
                file: Some(label.to_string()),
                data_date: None,
                imported: imported.to_string(),
            },
        });
    }
    Ok(read)
}

/// The count CSV "osv4-3" of one municipality: votes per list.
fn read_osv(label: &str, text: &str) -> Result<Read> {
    let mut head: BTreeMap<String, String> = BTreeMap::new();
    let mut votes: BTreeMap<String, u64> = BTreeMap::new();
    let mut total_col: Option<usize> = None;
    for (i, row) in csv_reader(text).records().enumerate() {
        let line = i + 1;
        let row =
            row.map_err(|e| data_error(label, line, format!("regel niet te lezen ({e}).")))?;
        let get = |c: usize| row.get(c).unwrap_or("").trim();
        let first = header_key(get(0));
        if total_col.is_none() {
            if first == "lijstnummer" {
                total_col = row.iter().position(|h| header_key(h) == "totaal");
            } else if !first.is_empty() {
                head.insert(first, get(2).to_string());
            }
            continue;
        }
        // A list: its number first; candidates and totals start empty.
        let number = get(0);
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(col) = total_col else { continue };
        let v: u64 = parse_count(label, line, get(col), "stemmen")?;
        let key = if get(1).is_empty() {
            format!("#{number}")
        } else {
            get(1).to_string()
        };
        votes.insert(key, v);
    }
    let election = head.get("verkiezing").cloned().unwrap_or_default();
    if !election.to_lowercase().starts_with("gemeenteraad") {
        return Err(data_error(
            label,
            1,
            format!("dit is de telling van een andere verkiezing ('{election}'). coop leest alleen gemeenteraadsverkiezingen."),
        ));
    }
    let raw = head.get("nummer").cloned().unwrap_or_default();
    let code = cbs_code(&raw).ok_or_else(|| {
        data_error(
            label,
            4,
            format!("'{raw}' is geen CBS-gemeentecode (regel Nummer)."),
        )
    })?;
    if total_col.is_none() || votes.is_empty() {
        return Err(data_error(
            label,
            0,
            "in deze telling (osv4-3) staat geen lijst met stemmen (kolom Totaal).",
        ));
    }
    Ok(Read {
        results: Vec::new(),
        votes: vec![(code, votes)],
    })
}

/// Votes per list per polling station: summed per municipality.
fn read_station_csv(label: &str, text: &str, headers: &[String]) -> Result<Read> {
    let col = |names: &[&str]| column(headers, names);
    let (Some(code_col), Some(party_col), Some(votes_col)) = (
        col(&["gemeentecode", "regiocode"]),
        col(&["partijnaam"]),
        col(&["aantalstemmen"]),
    ) else {
        return Err(data_error(
            label,
            1,
            "deze CSV met stemmen per stembureau mist de kolom GemeenteCode, PartijNaam of AantalStemmen.",
        ));
    };
    let mut by_code: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (i, row) in csv_reader(text).records().enumerate().skip(1) {
        let line = i + 1;
        let row =
            row.map_err(|e| data_error(label, line, format!("regel niet te lezen ({e}).")))?;
        let get = |c: usize| row.get(c).unwrap_or("").trim();
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let raw = get(code_col);
        let code = cbs_code(raw)
            .ok_or_else(|| data_error(label, line, format!("'{raw}' is geen CBS-gemeentecode.")))?;
        let v: u64 = parse_count(label, line, get(votes_col), "stemmen")?;
        *by_code
            .entry(code)
            .or_default()
            .entry(get(party_col).to_string())
            .or_default() += v;
    }
    Ok(Read {
        results: Vec::new(),
        votes: by_code.into_iter().collect(),
    })
}

/// A plain table: a row per municipality and party.
fn read_table_csv(label: &str, text: &str, headers: &[String], imported: &str) -> Result<Read> {
    let code_col = column(
        headers,
        &[
            "regiocode",
            "cbscode",
            "gemeentecode",
            "code",
            "regionumber",
        ],
    );
    let party_col = column(
        headers,
        &[
            "partij",
            "partijnaam",
            "lijstnaam",
            "lijst",
            "affiliationname",
        ],
    );
    let seats_col = column(headers, &["zetels", "aantalzetels", "seats"]);
    let votes_col = column(
        headers,
        &["stemmen", "aantalstemmen", "geldigestemmen", "votes"],
    );
    let number_col = column(headers, &["lijstnummer"]);
    let election_col = column(headers, &["verkiezing", "verkiezingscode", "election"]);
    let name_col = column(headers, &["regio", "gemeente", "regionaam", "gemeentenaam"]);
    let date_col = column(headers, &["datum", "verkiezingsdatum"]);
    let (Some(code_col), Some(party_col), Some(seats_col)) = (code_col, party_col, seats_col)
    else {
        return Err(data_error(
            label,
            1,
            "dit is geen CSV met een uitslag van de Kiesraad: coop mist een kolom voor de gemeentecode (RegioCode), de partij (LijstNaam of Partij) of de zetels (VeldType LijstAantalZetels, of Zetels). Het scheidingsteken is een puntkomma.",
        ));
    };
    let mut by_code: BTreeMap<String, ElectionResult> = BTreeMap::new();
    for (i, row) in csv_reader(text).records().enumerate().skip(1) {
        let line = i + 1;
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
                format!("'{raw}' is geen CBS-gemeentecode (zoals GM0344, G0344 of 0344)."),
            )
        })?;
        let seats: u32 = parse_count(label, line, get(Some(seats_col)), "zetels")?;
        let votes = match get(votes_col) {
            "" => None,
            v => Some(parse_count(label, line, v, "stemmen")?),
        };
        let party = get(Some(party_col));
        let entry = by_code
            .entry(code.clone())
            .or_insert_with(|| ElectionResult {
                code,
                name_in_file: get(name_col).to_string(),
                election: if election.is_empty() {
                    election_in_name(label).unwrap_or_else(|| "GR".into())
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
        let number = match get(number_col) {
            "" => (entry.parties.len() + 1).to_string(),
            n => n.to_string(),
        };
        entry.parties.push(PartyResult {
            name: list_name(party, &number),
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
                    // A list without a name: "#3" in a count, "Lijst 3 (blanco…" here.
                    let nameless = per_party.iter().find(|(k, _)| {
                        k.strip_prefix('#')
                            .is_some_and(|id| p.name.starts_with(&format!("Lijst {id} (blanco")))
                    });
                    if let Some(v) = per_party.get(&p.name).or(nameless.map(|(_, v)| v)) {
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
    const OSV: &[u8] =
        include_bytes!("../../../tests/data/council/osv4-3_telling_gr2026_groningen.csv");

    /// Poor man's fuzzing: every prefix and many one-byte changes of the
    /// samples give records or a Dutch error, never a panic.
    #[test]
    fn cut_or_damaged_input_never_panics() {
        for sample in [EML, COUNT, CSV, OO, OSV] {
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

    #[test]
    fn the_results_csv_one_row_per_value() {
        let r = read("GR2026.csv", CSV, "2026-11-29").unwrap();
        let codes: Vec<&str> = r.results.iter().map(|r| r.code.as_str()).collect();
        // G0344 keeps its leading zero; G0457 (Weesp, merged since) is read
        // here and reported by the import.
        assert_eq!(codes, ["GM0344", "GM0457", "GM1680"]);
        let utrecht = &r.results[0];
        assert_eq!(utrecht.election, "GR2026");
        assert_eq!(utrecht.name_in_file, "Utrecht");
        assert_eq!(utrecht.total_seats(), 21);
        let names: Vec<(&str, u32, Option<u64>)> = utrecht
            .parties
            .iter()
            .map(|p| (p.name.as_str(), p.seats, p.votes))
            .collect();
        assert_eq!(
            names,
            [
                ("GROENLINKS / Partij van de Arbeid (PvdA)", 12, Some(60123)),
                ("VVD", 6, Some(30456)),
                ("Student & Starter", 2, Some(12000)),
                ("Partij voor de Dieren", 0, Some(800)),
                ("Lijst 5 (blanco)", 1, Some(5000)),
            ]
        );
        let aa = &r.results[2];
        assert_eq!(aa.parties[0].seats, 5);
        assert_eq!(
            aa.parties[0].elected,
            [
                "Anna Bos",
                "Bert van Dijk",
                "C.J. de Vries",
                "Dirk Mulder",
                "Eva ter Horst"
            ]
        );
        assert_eq!(aa.parties[1].elected.len(), 3);
        assert!(r.votes.is_empty());
    }

    #[test]
    fn other_areas_and_other_elections_in_the_results_csv() {
        let head = "Regio;RegioCode;OuderRegioCode;GrootOuderRegioCode;Partij;LijstNummer;LijstNaam;KandidaatNummer;KandidaatInitialen;KandidaatVoornaam;KandidaatTussenvoegsel;KandidaatAchternaam;KandidaatWoonplaats;KandidaatGeslacht;VeldType;Waarde\n";
        // A Tweede Kamer result: seats only for the country (L528).
        let tk = format!(
            "{head}Nederland;L528;;;;1;VVD;;;;;;;;LijstAantalZetels;22\n\
             Groningen;G0014;K1;P20;;1;VVD;;;;;;;;LijstAantalStemmen;9000\n"
        );
        let e = read("TK2025_uitslag.csv", tk.as_bytes(), "d").unwrap_err();
        assert!(e.to_string().contains("andere verkiezing (TK2025)"), "{e}");
        let e = read("uitslag.csv", tk.as_bytes(), "d").unwrap_err();
        assert!(e.to_string().contains("geen zetels per gemeente"), "{e}");
        // Kieskring, province and Caribbean rows are skipped; a municipality
        // with votes but no seats is a count.
        let mixed = format!(
            "{head}Bonaire;O9001;;;;1;MEP;;;;;;;;LijstAantalZetels;5\n\
             Kieskring 1;K1;;;;1;Lokaal;;;;;;;;LijstAantalZetels;3\n\
             Utrecht;G0344;;;;1;Lokaal;;;;;;;;LijstAantalZetels;3\n\
             Zeist;G0355;;;;1;Lokaal;;;;;;;;LijstAantalStemmen;700\n"
        );
        let r = read("GR2026.csv", mixed.as_bytes(), "d").unwrap();
        assert_eq!(r.results.len(), 1);
        assert_eq!(r.results[0].code, "GM0344");
        assert_eq!(
            r.votes,
            [("GM0355".to_string(), [("Lokaal".to_string(), 700)].into())]
        );
        let bad = format!("{head}Utrecht;G0344;;;;1;Lokaal;;;;;;;;LijstAantalZetels;drie\n");
        let e = read("GR2026.csv", bad.as_bytes(), "d").unwrap_err();
        assert!(
            e.to_string().contains("'drie' is geen aantal zetels"),
            "{e}"
        );
    }

    #[test]
    fn the_count_csv_osv4_3_gives_votes_also_for_a_list_without_a_name() {
        let r = read("osv4-3_telling_gr2026_groningen.csv", OSV, "d").unwrap();
        assert!(r.results.is_empty());
        let (code, votes) = &r.votes[0];
        assert_eq!(code, "GM0014");
        assert_eq!(
            votes.get("GROENLINKS / Partij van de Arbeid (PvdA)"),
            Some(&21034)
        );
        assert_eq!(votes.get("#3"), Some(&4000));
        assert_eq!(votes.len(), 4);
        // Merged into the 520 result, by name and for the nameless list by number.
        let mut results = read("GR2026_Groningen.eml.xml", EML, "d").unwrap().results;
        assert!(add_votes(&mut results, r.votes).is_empty());
        let votes: Vec<Option<u64>> = results[0].parties.iter().map(|p| p.votes).collect();
        assert_eq!(votes, [Some(21034), Some(9120), Some(4000), Some(310)]);
        // Another election's count is refused.
        let tk = String::from_utf8(OSV.to_vec())
            .unwrap()
            .replace("Gemeenteraad Groningen 2026", "Tweede Kamer 2025");
        let e = read("osv.csv", tk.as_bytes(), "d").unwrap_err();
        assert!(e.to_string().contains("andere verkiezing"), "{e}");
    }

    #[test]
    fn votes_per_polling_station_are_summed_per_municipality() {
        let csv = "GemeenteCode;GemeenteNaam;Postcode;StembureauNaam;StembureauCode;PartijNaam;AantalStemmen\n\
                   14;Groningen;9712 HN;Stadhuis;SB1;Lokaal;100\n\
                   14;Groningen;9712 JD;Forum;SB2;Lokaal;50\n\
                   344;Utrecht;3521 AZ;Stadskantoor;SB1;Lokaal;7\n";
        let r = read("Stemmen_Per_Lijst_Per_Stembureau.csv", csv.as_bytes(), "d").unwrap();
        assert!(r.results.is_empty());
        assert_eq!(
            r.votes[0],
            ("GM0014".to_string(), [("Lokaal".to_string(), 150)].into())
        );
        assert_eq!(r.votes[1].0, "GM0344");
    }

    #[test]
    fn a_plain_table_is_still_read() {
        let csv = "Verkiezing;Regio;RegioCode;Partij;Stemmen;Zetels\n\
                   GR2026;Aa en Hunze;1680;Gemeentebelangen;4100;5\n\
                   GR2026;Aa en Hunze;1680;;100;1\n";
        let r = read("tabel.csv", csv.as_bytes(), "d").unwrap();
        assert_eq!(r.results[0].code, "GM1680");
        assert_eq!(r.results[0].parties[1].name, "Lijst 2 (blanco)");
    }
}
