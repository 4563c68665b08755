//! The cooperative's own facts: coop.yaml in the working directory (or
//! --profiel / COOP_PROFIEL). Keys are Dutch because users edit the file by
//! hand. Nothing here is ever guessed: a missing fact stays missing and the
//! documents show a visible fill-in place instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::kb::load::{entry_line, yaml_error};
use crate::error::{Error, Location, Result};

/// The phases a cooperative goes through, in order.
pub const PHASES: &[&str] = &["initiatief", "plan", "locatie", "kavel", "bouw", "bewoond"];

/// One dated event in the cooperative's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub datum: String,
    pub wat: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub naam: Option<String>,
    #[serde(default)]
    pub gemeente: Option<String>,
    #[serde(default)]
    pub contactpersoon: Option<String>,
    #[serde(default)]
    pub functie: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub telefoon: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub adres: Option<String>,
    #[serde(default)]
    pub leden: Option<u32>,
    #[serde(default)]
    pub woningen: Option<u32>,
    #[serde(default)]
    pub wachtlijst: Option<u32>,
    #[serde(default)]
    pub doelgroepen: Vec<String>,
    #[serde(default)]
    pub huur: Option<String>,
    #[serde(default)]
    pub fase: Option<String>,
    #[serde(default)]
    pub meerwaarde: Vec<String>,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub platform: Vec<String>,
    #[serde(default)]
    pub geschiedenis: Vec<Event>,
    /// Keys coop does not know: kept, and reported as a possible typo.
    #[serde(flatten)]
    pub overig: BTreeMap<String, serde_yaml::Value>,
}

/// Every key of coop.yaml with its Dutch explanation, in file order.
pub const FIELDS: &[(&str, &str)] = &[
    (
        "naam",
        "Naam van jullie wooncoöperatie, zoals die in brieven moet staan.",
    ),
    (
        "gemeente",
        "De gemeente waar jullie willen wonen (naam of CBS-code).",
    ),
    ("contactpersoon", "Wie de brieven ondertekent."),
    (
        "functie",
        "Functie van de contactpersoon, bijvoorbeeld voorzitter.",
    ),
    ("email", "Mailadres voor reacties."),
    ("telefoon", "Telefoonnummer voor reacties."),
    ("website", "Website van de coöperatie."),
    ("adres", "Postadres van de coöperatie, op één regel."),
    ("leden", "Aantal leden (een getal)."),
    (
        "woningen",
        "Aantal woningen dat jullie willen bouwen of beheren (een getal).",
    ),
    (
        "wachtlijst",
        "Aantal mensen op jullie wachtlijst (een getal).",
    ),
    (
        "doelgroepen",
        "Voor wie jullie bouwen, bijvoorbeeld [ouderen, starters].",
    ),
    (
        "huur",
        "Huur of prijs per woning, bijvoorbeeld: tussen 700 en 950 euro per maand.",
    ),
    (
        "fase",
        "Waar jullie staan: initiatief, plan, locatie, kavel, bouw of bewoond.",
    ),
    (
        "meerwaarde",
        "Wat jullie concreet bijdragen aan de buurt, één punt per regel.",
    ),
    (
        "partners",
        "Partners, zoals een architect, bank of woningcorporatie.",
    ),
    (
        "platform",
        "Platforms of netwerken waar jullie lid van zijn.",
    ),
    (
        "geschiedenis",
        "Belangrijke momenten, met datum (JJJJ-MM-DD) en wat er gebeurde.",
    ),
];

/// Where the profile is: --profiel, COOP_PROFIEL (both via clap), or ./coop.yaml.
pub fn path(explicit: Option<&Path>) -> (PathBuf, bool) {
    match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("coop.yaml"), false),
    }
}

/// Loads the profile. A missing default file is not an error (documents are
/// still made, with fill-in places); a missing explicit file is.
pub fn load(explicit: Option<&Path>) -> Result<Option<(Profile, Vec<String>)>> {
    let (path, is_explicit) = path(explicit);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !is_explicit => return Ok(None),
        Err(e) => return Err(Error::io(&path, &e)),
    };
    parse(&path.display().to_string(), &text).map(Some)
}

/// Parses and validates coop.yaml text. Returns the profile and warnings.
pub fn parse(label: &str, text: &str) -> Result<(Profile, Vec<String>)> {
    let profile: Profile = if text.trim().is_empty() {
        Profile::default()
    } else {
        serde_yaml::from_str::<Option<Profile>>(text)
            .map_err(|e| yaml_error(label, &e))?
            .unwrap_or_default()
    };
    let at = |key: &str| {
        let line = text
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(0, |i| i + 1);
        Location {
            file: label.to_string(),
            line,
            column: if line == 0 { 0 } else { 1 },
        }
    };
    if let Some(fase) = &profile.fase {
        if !PHASES.contains(&fase.as_str()) {
            return Err(Error::data(
                at("fase"),
                format!(
                    "fase '{fase}' bestaat niet. Kies uit: {}.",
                    PHASES.join(", ")
                ),
            ));
        }
    }
    if let Some(email) = &profile.email {
        if !looks_like_email(email) {
            return Err(Error::data(
                at("email"),
                format!("'{email}' is geen mailadres. Schrijf het als naam@voorbeeld.nl."),
            ));
        }
    }
    for ev in &profile.geschiedenis {
        if !crate::core::date::is_partial_date(&ev.datum) {
            return Err(Error::data(
                Location {
                    file: label.to_string(),
                    line: entry_line(text, "datum", &ev.datum),
                    column: 1,
                },
                format!(
                    "datum '{}' in geschiedenis is geen datum. Schrijf JJJJ-MM-DD, JJJJ-MM of JJJJ.",
                    ev.datum
                ),
            ));
        }
    }
    let known: Vec<&str> = FIELDS.iter().map(|(k, _)| *k).collect();
    let warnings = profile
        .overig
        .keys()
        .map(|k| {
            let hint = crate::core::suggest::hint(k, known.iter().copied());
            format!(
                "let op: {}: veld '{k}' kent coop niet en slaat het over.{hint}",
                at(k)
            )
        })
        .collect();
    Ok((profile, warnings))
}

pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_profile() {
        let text = "naam: De Groene Hof\nleden: 45\ndoelgroepen: [ouderen, starters]\nfase: plan\ngeschiedenis:\n  - datum: 2024-05-01\n    wat: Vereniging opgericht\n";
        let (p, warnings) = parse("coop.yaml", text).unwrap();
        assert_eq!(p.naam.as_deref(), Some("De Groene Hof"));
        assert_eq!(p.leden, Some(45));
        assert_eq!(p.geschiedenis.len(), 1);
        assert!(warnings.is_empty());
    }

    #[test]
    fn bad_values_name_the_line() {
        let err = parse("coop.yaml", "naam: x\nfase: klaar\n").unwrap_err();
        assert_eq!(err.to_string().split(": ").next(), Some("coop.yaml:2:1"));
        let err = parse("coop.yaml", "naam: x\nleden: veel\n").unwrap_err();
        assert!(err.to_string().starts_with("coop.yaml:2:"), "{err}");
        let err = parse("coop.yaml", "email: geen-adres\n").unwrap_err();
        assert!(err.to_string().contains("mailadres"));
    }

    #[test]
    fn unknown_keys_are_kept_and_warned() {
        let (p, warnings) = parse("coop.yaml", "naam: x\nleeden: 4\n").unwrap();
        assert!(p.overig.contains_key("leeden"));
        assert!(warnings[0].contains("leden"), "{warnings:?}");
    }

    #[test]
    fn dates() {}
}

/// Writes the profile as a commented coop.yaml: every known key with a
/// Dutch explanation; unknown keys are kept at the end.
pub fn to_commented_yaml(p: &Profile) -> String {
    let value = serde_json::to_value(p).unwrap_or_default();
    let mut out = String::from(
        "# coop.yaml: de gegevens van jullie wooncoöperatie.\n\
         # coop gebruikt ze in brieven en inspreekteksten. Het verzint niets:\n\
         # wat hier leeg is, staat in een document als [tekst tussen haken].\n\n",
    );
    for (key, help) in FIELDS {
        out.push_str(&format!("# {help}\n"));
        let v = value.get(*key).cloned().unwrap_or(serde_json::Value::Null);
        out.push_str(&yaml_entry(key, &v));
        if *key == "geschiedenis" && p.geschiedenis.is_empty() {
            out.push_str("#  - datum: 2024-05-01\n#    wat: Vereniging opgericht\n");
        }
        out.push('\n');
    }
    if !p.overig.is_empty() {
        out.push_str("# Velden die coop niet kent (bewaard):\n");
        for (k, v) in &p.overig {
            let v = serde_json::to_value(v).unwrap_or_default();
            out.push_str(&yaml_entry(k, &v));
        }
    }
    out
}

/// One `key: value` in YAML; null is written as an empty value.
pub fn yaml_entry(key: &str, v: &serde_json::Value) -> String {
    if v.is_null() {
        return format!("{key}:\n");
    }
    let mut map = serde_json::Map::new();
    map.insert(key.to_string(), v.clone());
    serde_yaml::to_string(&map).unwrap_or_else(|_| format!("{key}:\n"))
}

/// Applies one `--set veld=waarde` to the profile.
pub fn set(p: &mut Profile, assignment: &str) -> Result<()> {
    let Some((key, value)) = assignment.split_once('=') else {
        return Err(Error::Usage(format!(
            "--set {assignment}: schrijf veld=waarde, bijvoorbeeld --set leden=45."
        )));
    };
    let (key, value) = (key.trim(), value.trim());
    let text = || (!value.is_empty()).then(|| value.to_string());
    let list = || {
        value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let number = || -> Result<Option<u32>> {
        if value.is_empty() {
            return Ok(None);
        }
        value
            .replace('.', "")
            .parse::<u32>()
            .map(Some)
            .map_err(|_| {
                Error::Usage(format!(
                    "--set {key}={value}: geef een heel getal, bijvoorbeeld --set {key}=45."
                ))
            })
    };
    match key {
        "naam" => p.naam = text(),
        "gemeente" => p.gemeente = text(),
        "contactpersoon" => p.contactpersoon = text(),
        "functie" => p.functie = text(),
        "email" => {
            if !value.is_empty() && !looks_like_email(value) {
                return Err(Error::Usage(format!(
                    "--set email={value}: dit is geen mailadres."
                )));
            }
            p.email = text();
        }
        "telefoon" => p.telefoon = text(),
        "website" => p.website = text(),
        "adres" => p.adres = text(),
        "huur" => p.huur = text(),
        "leden" => p.leden = number()?,
        "woningen" => p.woningen = number()?,
        "wachtlijst" => p.wachtlijst = number()?,
        "doelgroepen" => p.doelgroepen = list(),
        "meerwaarde" => p.meerwaarde.extend(list()),
        "partners" => p.partners = list(),
        "platform" => p.platform = list(),
        "fase" => {
            if !PHASES.contains(&value) {
                return Err(Error::Usage(format!(
                    "--set fase={value}: kies uit {}.",
                    PHASES.join(", ")
                )));
            }
            p.fase = text();
        }
        "geschiedenis" => {
            let Some((datum, wat)) = value
                .split_once(':')
                .filter(|(d, _)| crate::core::date::is_partial_date(d.trim()))
            else {
                return Err(Error::Usage(format!(
                    "--set geschiedenis={value}: schrijf datum:wat, bijvoorbeeld --set geschiedenis=\"2024-05-01:Vereniging opgericht\"."
                )));
            };
            p.geschiedenis.push(Event {
                datum: datum.trim().to_string(),
                wat: wat.trim().to_string(),
            });
        }
        other => {
            let hint = crate::core::suggest::hint(other, FIELDS.iter().map(|(k, _)| *k));
            return Err(Error::Usage(format!(
                "--set {other}: dit veld kent coop niet.{hint} Velden: {}.",
                FIELDS
                    .iter()
                    .map(|(k, _)| *k)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod write_tests {
    use super::*;

    #[test]
    fn commented_yaml_round_trips() {
        let mut p = Profile::default();
        for s in [
            "naam=De Groene Hof",
            "leden=45",
            "doelgroepen=ouderen, starters",
            "fase=plan",
            "geschiedenis=2024-05-01:Vereniging opgericht",
            "meerwaarde=Koffie-ochtend: elke week",
        ] {
            set(&mut p, s).unwrap();
        }
        let yaml = to_commented_yaml(&p);
        assert!(yaml.contains("# Aantal leden"));
        let (back, warnings) = parse("coop.yaml", &yaml).unwrap();
        assert_eq!(back, p);
        assert!(warnings.is_empty());
    }

    #[test]
    fn set_rejects_bad_values() {
        let mut p = Profile::default();
        assert!(set(&mut p, "leden=veel").is_err());
        assert!(set(&mut p, "fase=klaar").is_err());
        assert!(set(&mut p, "naamm=x")
            .unwrap_err()
            .to_string()
            .contains("naam"));
        assert!(set(&mut p, "zonder-is").is_err());
    }
}
