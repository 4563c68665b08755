//! The cooperative's own facts: coop.yaml in the working directory (or
//! --profiel / COOP_PROFIEL). Keys are Dutch because users edit the file by
//! hand. Nothing here is ever guessed: a missing fact stays missing and the
//! documents show a visible fill-in place instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::kb::load::{entry_line, yaml_error};
use crate::error::{excerpt, Error, Location, Result};
use crate::io::input::{self, Kind};

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
    let text = if is_explicit {
        input::read_text(&path, Kind::Profile)?
    } else {
        match input::read_text_opt(&path, Kind::Profile)? {
            Some(t) => t,
            None => return Ok(None),
        }
    };
    parse(&path.display().to_string(), &text).map(Some)
}

/// Parses and validates coop.yaml text. Returns the profile and warnings.
pub fn parse(label: &str, text: &str) -> Result<(Profile, Vec<String>)> {
    let text = input::strip_bom(text);
    input::check_yaml_depth(label, text)?;
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
                    "fase '{}' bestaat niet. Kies uit: {}.",
                    excerpt(fase),
                    PHASES.join(", ")
                ),
            ));
        }
    }
    if let Some(email) = &profile.email {
        if let Err(why) = check_email(email) {
            return Err(Error::data(at("email"), format!("email: {why}")));
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
                    excerpt(&ev.datum)
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
                "let op: {}: veld '{}' kent coop niet en slaat het over.{hint}",
                at(k),
                excerpt(k)
            )
        })
        .collect();
    Ok((profile, warnings))
}

pub fn looks_like_email(s: &str) -> bool {
    check_email(s).is_ok()
}

/// Longest mail address coop accepts (RFC 5321 allows 254).
pub const MAX_EMAIL: usize = 254;

/// Exactly one plain mailbox (`naam@voorbeeld.nl`): no second address, no
/// display name, no line break, nothing a mail header would read as more.
/// The error is a Dutch sentence with a short excerpt of the value.
pub fn check_email(s: &str) -> std::result::Result<(), String> {
    let s = s.trim();
    let shown = excerpt(s);
    if s.chars().count() > MAX_EMAIL {
        return Err(format!(
            "'{shown}' is te lang voor een mailadres (meer dan {MAX_EMAIL} tekens)."
        ));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(format!(
            "'{shown}' bevat een regeleinde of een ander teken dat niet in een mailadres past. Geef één mailadres op één regel."
        ));
    }
    if s.contains([',', ';']) || s.matches('@').count() > 1 {
        return Err(format!(
            "'{shown}' lijkt meer dan één mailadres. Geef hier precies één mailadres."
        ));
    }
    let plain = |c: char| c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c);
    let ok = match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && user.chars().all(plain)
                && !user.starts_with('.')
                && !user.ends_with('.')
                && !user.contains("..")
                && domain.contains('.')
                && !domain.starts_with(['.', '-'])
                && !domain.ends_with(['.', '-'])
                && !domain.contains("..")
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{shown}' is geen mailadres. Schrijf het als naam@voorbeeld.nl, zonder naam of haakjes erbij."
        ))
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
    fn exactly_one_mailbox() {
        for bad in [
            "kees@raad.nl,evil@x.example",
            "a@x>,<b@y",
            "a@x.nl\nBcc: b@y.nl",
            "Kees <kees@raad.nl>",
            "a@b@c.nl",
            "a@x.nl;b@y.nl",
            "a b@x.nl",
            "\"a\"@x.nl",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        for good in [
            "kees@raad.nl",
            "k.de-vries+raad@gemeente.example.nl",
            "ö@ü.nl",
        ] {
            assert!(check_email(good).is_ok(), "{good}");
        }
        let err = parse("coop.yaml", "email: \"a@x.nl,b@y.nl\"\n").unwrap_err();
        assert!(err.to_string().contains("meer dan één"), "{err}");
    }

    #[test]
    fn a_bom_is_not_a_second_document() {
        let (p, _) = parse("coop.yaml", "\u{feff}naam: De Hof\n").unwrap();
        assert_eq!(p.naam.as_deref(), Some("De Hof"));
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(10_000);
        let err = parse("coop.yaml", &format!("fase: {long}\n")).unwrap_err();
        assert!(err.to_string().len() < 300, "{err}");
    }
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
            if !value.is_empty() {
                if let Err(why) = check_email(value) {
                    return Err(Error::Usage(format!("--set email: {why}")));
                }
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
