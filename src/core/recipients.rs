//! The mail-merge list: a CSV of council members as spreadsheets export it
//! (comma or semicolon, optional BOM). Columns: naam, partij, email, and
//! optionally aanhef and fractie. Every bad row is reported with its line.

use std::path::Path;

use crate::core::profile::check_email;
use crate::error::{excerpt, Error, Location, Result};
use crate::io::input::{self, Kind};

#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub line: usize,
    pub naam: String,
    pub partij: String,
    pub email: Option<String>,
    pub aanhef: Option<String>,
    pub fractie: Option<String>,
}

/// A signatory of a manifesto: just a name, or a profile with at least a
/// name.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum Signatory {
    Name(String),
    Profile(Box<crate::core::profile::Profile>),
}

/// The signatories file (`--ondertekenaars`): a YAML list of names, or of
/// profiles (naam, leden, ...).
pub fn read_signatories(path: &Path) -> Result<Vec<Signatory>> {
    let label = path.display().to_string();
    let text = input::read_text(path, Kind::Signatories)?;
    input::check_yaml_depth(&label, &text)?;
    serde_yaml::from_str(&text).map_err(|e| crate::core::kb::load::yaml_error(&label, &e))
}

pub fn read(path: &Path) -> Result<Vec<Recipient>> {
    let text = input::read_spreadsheet(path, Kind::Recipients)?;
    parse(&path.display().to_string(), &text)
}

pub fn parse(label: &str, text: &str) -> Result<Vec<Recipient>> {
    let text = text.trim_start_matches('\u{feff}');
    let header_line = text.lines().next().unwrap_or_default();
    let sep = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let at = |line: usize| Location {
        file: label.to_string(),
        line,
        column: 1,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| {
            Error::data(
                at(1),
                "de kopregel is niet te lezen. Zet op de eerste regel: naam,partij,email.",
            )
        })?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(naam), Some(partij), Some(email)) = (col("naam"), col("partij"), col("email")) else {
        return Err(Error::data(
            at(1),
            format!(
                "de kopregel moet de kolommen naam, partij en email hebben (gevonden: {}). Optioneel: aanhef, fractie.",
                excerpt(&headers.join(", "))
            ),
        ));
    };
    let (aanhef, fractie) = (col("aanhef"), col("fractie"));
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(Error::data(
                    at(line),
                    format!(
                        "deze regel heeft niet evenveel kolommen als de kopregel ({}). Controleer komma's of puntkomma's.",
                        headers.len()
                    ),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(n) = get(Some(naam)) else {
            errors.push(Error::data(
                at(line),
                "de naam ontbreekt. Elke rij heeft een naam nodig.",
            ));
            continue;
        };
        let e = get(Some(email));
        if let Some(addr) = &e {
            if let Err(why) = check_email(addr) {
                errors.push(Error::data(at(line), format!("email: {why}")));
                continue;
            }
        }
        if let Some(bad) = [&n, &get(Some(partij)).unwrap_or_default()]
            .into_iter()
            .chain(get(aanhef).as_ref())
            .chain(get(fractie).as_ref())
            .find(|v| v.contains(['\n', '\r']))
        {
            errors.push(Error::data(
                at(line),
                format!(
                    "'{}' loopt over meer regels. Zet elke waarde op één regel.",
                    excerpt(bad)
                ),
            ));
            continue;
        }
        out.push(Recipient {
            line,
            naam: n,
            partij: get(Some(partij)).unwrap_or_default(),
            email: e,
            aanhef: get(aanhef),
            fractie: get(fractie),
        });
    }
    match errors.len() {
        0 if out.is_empty() => Err(Error::data(at(1), "het bestand heeft geen ontvangers.")),
        0 => Ok(out),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// A file name from a person's name: lowercase ASCII letters, digits and
/// hyphens ("Jan de Vries" → "jan-de-vries").
pub fn file_stem(name: &str) -> String {
    // deunicode spells every letter in ASCII (Şükrü Yılmaz → Sukru Yilmaz).
    let folded = deunicode::deunicode(name).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out
        .trim_end_matches('-')
        .chars()
        .take(60)
        .collect::<String>();
    if out.is_empty() {
        "ontvanger".to_string()
    } else {
        out
    }
}

/// One recipient per party with seats (`members` false: `--aan fracties`)
/// or per elected member (`--aan raadsleden`), from an election result,
/// largest party first. No e-mail address is ever made up: members'
/// letters go via the griffie.
pub fn from_council(
    result: &crate::core::council::ElectionResult,
    members: bool,
) -> Vec<Recipient> {
    let mut list = Vec::new();
    for p in result.seated() {
        let one = |naam: String| Recipient {
            line: 0,
            naam,
            partij: p.name.clone(),
            email: None,
            aanhef: None,
            fractie: Some(p.name.clone()),
        };
        if members {
            list.extend(p.elected.iter().cloned().map(one));
        } else {
            list.push(one(p.name.clone()));
        }
    }
    list
}

/// Signatories typed one per line (the web form): "Naam" or "Naam; 45"
/// (the number of members). A number that is not one is an error that
/// names the line.
pub fn signatories_from_lines(text: &str) -> Result<Vec<Signatory>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (naam, leden) = match line.rsplit_once(';') {
            Some((naam, n)) => {
                let n = n.trim();
                let leden = n.parse::<u32>().map_err(|_| {
                    Error::Usage(format!(
                        "ondertekenaars, regel {}: '{}' is geen aantal leden. Schrijf bijvoorbeeld: De Groene Hof; 45",
                        i + 1,
                        excerpt(n)
                    ))
                })?;
                (naam.trim(), Some(leden))
            }
            None => (line, None),
        };
        out.push(Signatory::Profile(Box::new(
            crate::core::profile::Profile {
                naam: Some(naam.to_string()),
                leden,
                ..Default::default()
            },
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatories_are_typed_one_per_line_with_members_after_a_semicolon() {
        let list = signatories_from_lines("De Groene Hof; 45\n\n  Het Zwanenest \n").unwrap();
        let names: Vec<(Option<String>, Option<u32>)> = list
            .iter()
            .map(|s| match s {
                Signatory::Profile(p) => (p.naam.clone(), p.leden),
                Signatory::Name(n) => (Some(n.clone()), None),
            })
            .collect();
        assert_eq!(
            names,
            [
                (Some("De Groene Hof".into()), Some(45)),
                (Some("Het Zwanenest".into()), None)
            ]
        );
        let err = signatories_from_lines("A; 3\nB; veel")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("regel 2: 'veel' is geen aantal leden"),
            "{err}"
        );
    }

    #[test]
    fn file_names_keep_every_letter() {
        assert_eq!(file_stem("Şükrü Yılmaz"), "sukru-yilmaz");
        assert_eq!(file_stem("Łucja Dvořák"), "lucja-dvorak");
        assert_eq!(file_stem("Jan de Vries"), "jan-de-vries");
        assert_eq!(file_stem("???"), "ontvanger");
    }

    #[test]
    fn semicolons_bom_and_optional_columns() {
        let csv = "\u{feff}Naam;Partij;Email;Aanhef\nJan de Vries;VVD;jan@raad.nl;Geachte heer De Vries\n";
        let r = parse("r.csv", csv).unwrap();
        assert_eq!(r[0].naam, "Jan de Vries");
        assert_eq!(r[0].aanhef.as_deref(), Some("Geachte heer De Vries"));
        assert_eq!(r[0].line, 2);
    }

    #[test]
    fn bad_row_names_its_line() {
        let csv = "naam,partij,email\nA,SP,a@x.nl\nB,CDA,geen-adres\n";
        let err = parse("r.csv", csv).unwrap_err().to_string();
        assert!(err.starts_with("r.csv:3:1"), "{err}");
        let err = parse("r.csv", "naam,email\nA,a@x.nl\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("partij"), "{err}");
    }

    #[test]
    fn one_mailbox_per_row() {
        for bad in [
            "\"kees@raad.nl,evil@x.example\"",
            "\"a@x>,<b@y\"",
            "\"a@x.nl\nBcc: b@y\"",
        ] {
            let csv = format!("naam,partij,email\nA,SP,{bad}\n");
            let err = parse("r.csv", &csv).unwrap_err().to_string();
            assert!(err.starts_with("r.csv:2:1: email:"), "{bad}: {err}");
        }
    }

    #[test]
    fn safe_file_names() {
        assert_eq!(file_stem("Jan de Vries"), "jan-de-vries");
        assert_eq!(file_stem("Özlem Çelik-Öztürk"), "ozlem-celik-ozturk");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("***"), "ontvanger");
    }
}
