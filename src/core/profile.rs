//! The cooperative's own facts: coop.yaml in the working directory (or
//! --profiel / COOP_PROFIEL). Keys are Dutch because users edit the file by
//! hand. Nothing here is ever guessed: a missing fact stays missing and the
//! documents show a visible fill-in place instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::kb::load::{entry_line, yaml_error_with_hint};
use crate::error::{excerpt, Error, Location, Result};
use crate::io::input::{self, Kind};

crate::choice! {
    /// The phases a cooperative goes through, in order, each with the
    /// sentence documents use for it. `fase` in coop.yaml is one of these
    /// or a sentence in the group's own words.
    pub enum Phase {
        Initiatief = "initiatief": "We staan aan het begin en maken nu ons plan.",
        Plan = "plan": "We werken ons plan nu verder uit.",
        Locatie = "locatie": "Ons plan staat. Nu zoeken we een plek om te bouwen.",
        Kavel = "kavel": "We werken aan een plan voor een kavel.",
        Bouw = "bouw": "We zijn nu aan het bouwen.",
        Bewoond = "bewoond": "Onze woningen zijn al bewoond.",
    }
}

impl Phase {
    /// The ids, in order.
    pub fn ids() -> impl Iterator<Item = &'static str> + Clone {
        <Self as crate::core::choice::Choice>::ALL
            .iter()
            .map(|p| p.id())
    }

    /// A known phase exactly as written (not the group's own words).
    pub fn known(fase: &str) -> Option<Phase> {
        Self::ids()
            .position(|id| id == fase.trim())
            .map(|i| <Self as crate::core::choice::Choice>::ALL[i])
    }
}

/// One dated event in the cooperative's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub datum: String,
    pub wat: String,
}

/// What a coop.yaml field holds, which decides how it is read, checked,
/// set with `--set` and shown in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A mail address.
    Email,
    /// A municipality's name or CBS code.
    Municipality,
    /// A whole number.
    Number,
    /// Items; a sentence counts as one item.
    List,
    /// One of `Phase`, or the group's own words.
    Phase,
    /// Dated events.
    History,
}

/// One row of the field table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub kind: FieldKind,
    /// The explanation above the key in coop.yaml and in README.
    pub help: &'static str,
    /// What a document shows, between brackets, when it needs the field
    /// and the profile lacks it; `None` when a document can do without.
    pub fill_in: Option<&'static str>,
}

/// The Rust type that holds a field of each kind.
macro_rules! field_type {
    (Text) => { Option<String> };
    (Email) => { Option<String> };
    (Municipality) => { Option<String> };
    (Number) => { Option<u32> };
    (List) => { Vec<String> };
    (Phase) => { Option<String> };
    (History) => { Vec<Event> };
}

/// The field table: one row per coop.yaml key, in file order. It makes the
/// `Profile` struct and `FIELDS`, which drive reading, checking, `--set`,
/// `coop init`, the questionnaire and the cooperative's view in documents.
/// A new field is one row here (and its use in a template).
macro_rules! profile_fields {
    ($($key:ident: $kind:ident, $help:literal, $fill:expr;)+) => {
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct Profile {
            $(
                #[serde(default, deserialize_with = "read_field")]
                pub $key: field_type!($kind),
            )+
            /// Keys coop does not know: kept, and reported as a possible typo.
            #[serde(flatten)]
            pub overig: BTreeMap<String, serde_yaml::Value>,
        }

        /// Every key of coop.yaml, in file order.
        pub const FIELDS: &[Field] = &[$(Field {
            key: stringify!($key),
            kind: FieldKind::$kind,
            help: $help,
            fill_in: $fill,
        }),+];
    };
}

profile_fields! {
    naam: Text, "Naam van jullie wooncoöperatie, zoals die in brieven moet staan.",
        Some("naam van jullie coöperatie");
    gemeente: Municipality, "De gemeente waar jullie willen wonen (naam of CBS-code).", None;
    contactpersoon: Text, "Wie de brieven ondertekent.", Some("naam van de contactpersoon");
    functie: Text, "Functie van de contactpersoon, bijvoorbeeld voorzitter.",
        Some("functie, bijvoorbeeld voorzitter");
    email: Email, "Mailadres voor reacties.", Some("mailadres");
    telefoon: Text, "Telefoonnummer voor reacties.", None;
    website: Text, "Website van de coöperatie.", None;
    adres: Text, "Postadres van de coöperatie, op één regel.", None;
    leden: Number, "Aantal leden (een getal).", Some("aantal");
    woningen: Number, "Aantal woningen dat jullie willen bouwen of beheren (een getal).",
        Some("aantal");
    wachtlijst: Number, "Aantal mensen op jullie wachtlijst (een getal).", Some("aantal");
    doelgroepen: List, "Voor wie jullie bouwen, bijvoorbeeld [ouderen, starters].",
        Some("voor wie jullie bouwen");
    huur: Text, "Huur of prijs per woning, bijvoorbeeld: tussen 700 en 950 euro per maand.",
        Some("huur of prijs per woning");
    fase: Phase, "Waar jullie staan: initiatief, plan, locatie, kavel, bouw of bewoond (of in één zin).",
        Some("waar staan jullie nu? Eén zin");
    meerwaarde: List, "Wat jullie concreet bijdragen aan de buurt, één punt per regel.",
        Some("wat jullie concreet doen voor de buurt");
    partners: List, "Partners, zoals een architect, bank of woningcorporatie.", None;
    platform: List, "Platforms of netwerken waar jullie lid van zijn.", None;
    locatie: Text, "Het adres, de kavel of het gebouw dat jullie op het oog hebben.",
        Some("adres, kavel of gebouw dat jullie op het oog hebben");
    statuten: Text, "Hoe jullie statuten de woningen blijvend betaalbaar houden, in één zin. Bijvoorbeeld: Artikel 12 bepaalt dat een overschot naar onderhoud gaat, ook als de vereniging stopt.",
        Some("hoe jullie statuten de woningen betaalbaar houden, in één zin");
    verhaal: Text, "Eén persoonlijke zin: wie jullie zijn en waarom nu.",
        Some("één zin over wie jullie zijn en waarom nu");
    geschiedenis: History, "Belangrijke momenten, met datum (JJJJ-MM-DD) en wat er gebeurde.", None;
}

/// How a field's value is read from coop.yaml.
trait ReadField: Sized {
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error>;
}

fn read_field<'de, D: serde::Deserializer<'de>, T: ReadField>(
    d: D,
) -> std::result::Result<T, D::Error> {
    T::read(d)
}

/// Reads a scalar where it stands, so an error carries its line.
struct Scalar<T>(std::marker::PhantomData<T>);

impl<'de> serde::de::Visitor<'de> for Scalar<String> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("één regel tekst")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    // A number or yes/no typed where text is meant is still text.
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> std::result::Result<Self::Value, E> {
        Ok(Some(if v { "ja" } else { "nee" }.to_string()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
}

impl<'de> serde::de::Visitor<'de> for Scalar<u32> {
    type Value = Option<u32>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("een heel getal, bijvoorbeeld 45")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
        u32::try_from(v)
            .map(Some)
            .map_err(|_| E::custom("dit getal is te groot"))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Err(E::custom("schrijf een heel getal van 0 of meer"))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Err(E::custom(
            "schrijf een heel getal zonder punt of komma, bijvoorbeeld 1200",
        ))
    }
    /// "1.200" (Dutch thousands) is a number too.
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        v.trim()
            .replace('.', "")
            .parse::<u32>()
            .map(Some)
            .map_err(|_| {
                E::custom(format!(
                    "'{}' is geen getal; schrijf een heel getal, bijvoorbeeld 45",
                    excerpt(v)
                ))
            })
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
}

impl ReadField for Option<String> {
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(Scalar::<String>(std::marker::PhantomData))
    }
}

impl ReadField for Option<u32> {
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(Scalar::<u32>(std::marker::PhantomData))
    }
}

impl ReadField for Vec<Event> {
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(Option::<Vec<Event>>::deserialize(d)?.unwrap_or_default())
    }
}

/// A list field written as a sentence (`doelgroepen: starters en ouderen`)
/// is one item: people write it that way, and it reads the same in a letter.
impl ReadField for Vec<String> {
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        one_or_many(d)
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
        Nothing(()),
    }
    Ok(
        match OneOrMany::deserialize(d).map_err(|_| {
            serde::de::Error::custom("schrijf een lijst ([a, b] of - a per regel) of één zin")
        })? {
            OneOrMany::One(s) if s.trim().is_empty() => Vec::new(),
            OneOrMany::One(s) => vec![s.trim().to_string()],
            OneOrMany::Many(v) => v,
            OneOrMany::Nothing(()) => Vec::new(),
        },
    )
}

impl Profile {
    /// A field's value as JSON (null or an empty list when it is not set).
    pub fn value(&self, key: &str) -> serde_json::Value {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get(key).cloned())
            .unwrap_or(serde_json::Value::Null)
    }
}

/// A phase is one of `Phase` or a sentence in the group's own words; a
/// single other word is most likely a typo.
pub fn check_phase(fase: &str) -> std::result::Result<(), String> {
    let f = fase.trim();
    if f.is_empty() || Phase::known(f).is_some() || f.contains(char::is_whitespace) {
        return Ok(());
    }
    let hint = crate::core::suggest::hint(f, Phase::ids());
    Err(format!(
        "fase '{}' kent coop niet.{hint} Kies uit: {}, of schrijf in één zin waar jullie staan.",
        excerpt(f),
        Phase::ids().collect::<Vec<_>>().join(", ")
    ))
}

/// Where a user finds how coop.yaml should look.
pub const FIX_HINT: &str =
    "Een volledig voorbeeld met uitleg toont: coop init --voorbeeld. Alle velden staan ook in README.";

/// A complete coop.yaml to copy from, clearly an example: every field
/// filled in, with its explanation.
pub fn example() -> String {
    let mut p = Profile::default();
    for s in [
        "naam=Wooncoöperatie Voorbeeld",
        "gemeente=Utrecht",
        "contactpersoon=Sam de Vries",
        "functie=voorzitter",
        "email=info@voorbeeld.nl",
        "telefoon=030 000 0000",
        "website=https://www.voorbeeld.nl",
        "adres=Voorbeeldstraat 1, 3500 AA Utrecht",
        "leden=40",
        "woningen=24",
        "wachtlijst=90",
        "doelgroepen=ouderen, starters",
        "huur=tussen 750 en 950 euro per maand",
        "fase=locatie",
        "locatie=het lege schoolgebouw aan de Voorbeeldlaan",
        "statuten=Artikel 12 bepaalt dat een overschot naar onderhoud of nieuwe woningen gaat, ook als de vereniging stopt.",
        "verhaal=Wij zijn buren die samen betaalbaar en oud willen worden in onze eigen wijk.",
        "meerwaarde=Een moestuin voor de hele buurt",
        "meerwaarde=Een gedeelde ruimte voor activiteiten",
        "partners=een architect, een adviseur voor de financiering",
        "platform=het netwerk van wooncoöperaties in de stad",
        "geschiedenis=2024-05-01:Vereniging opgericht",
    ] {
        set(&mut p, s).expect("the example is valid");
    }
    let body = to_commented_yaml(&p);
    format!(
        "# VOORBEELD. Vervang alles door de gegevens van jullie eigen coöperatie.\n# Niets hierin is echt: namen, adressen en getallen zijn verzonnen.\n{body}"
    )
}

/// The row of `key`.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// Every key of coop.yaml.
pub fn keys() -> impl Iterator<Item = &'static str> + Clone {
    FIELDS.iter().map(|f| f.key)
}

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
            .map_err(|e| yaml_error_with_hint(label, &e, FIX_HINT))?
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
    // Every problem at once, each with its line.
    let mut errors = Vec::new();
    if let Some(fase) = &profile.fase {
        if let Err(m) = check_phase(fase) {
            errors.push(Error::data(at("fase"), m));
        }
    }
    if let Some(email) = &profile.email {
        if let Err(why) = check_email(email) {
            errors.push(Error::data(at("email"), format!("email: {why}")));
        }
    }
    for ev in &profile.geschiedenis {
        if !crate::core::date::is_partial_date(&ev.datum) {
            errors.push(Error::data(
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
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => return Err(Error::Many(errors)),
    }
    let warnings = profile
        .overig
        .keys()
        .map(|k| {
            let hint = crate::core::suggest::hint(k, keys());
            format!(
                "let op: {}: veld '{k}' kent coop niet en slaat het over.{hint}",
                at(k)
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

/// Exactly one mailbox, as people type it: `naam@voorbeeld.nl` or `Naam
/// <naam@voorbeeld.nl>` (`core::mailbox`), with an address that is plain:
/// no second address, no line break, nothing a mail header would read as
/// more. The error is a Dutch sentence with a short excerpt of the value.
pub fn check_email(s: &str) -> std::result::Result<(), String> {
    let (_, address) = crate::core::mailbox::parse_mailbox(s)?;
    check_address(&address)
}

fn check_address(s: &str) -> std::result::Result<(), String> {
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
            "Kees de Vries <kees@raad.nl>",
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

    #[test]
    fn takes_what_people_write() {
        let text = "doelgroepen: starters en ouderen\nmeerwaarde: Een moestuin voor de buurt\nfase: We zoeken een locatie.\nleden: 1200\ntelefoon: 0301234567\n";
        let (p, _) = parse("coop.yaml", text).unwrap();
        assert_eq!(p.doelgroepen, ["starters en ouderen"]);
        assert_eq!(p.meerwaarde, ["Een moestuin voor de buurt"]);
        assert_eq!(p.fase.as_deref(), Some("We zoeken een locatie."));
        assert_eq!(p.leden, Some(1200));
        assert_eq!(p.telefoon.as_deref(), Some("0301234567"));
    }

    #[test]
    fn the_example_is_a_complete_valid_profile() {
        let (p, warnings) = parse("coop.yaml", &example()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        for f in FIELDS {
            assert!(
                !matches!(p.value(f.key), serde_json::Value::Null),
                "{} is empty",
                f.key
            );
        }
        let err = parse("coop.yaml", "naam: [x\n").unwrap_err().to_string();
        assert!(err.contains("coop init --voorbeeld"), "{err}");
    }

    #[test]
    fn every_problem_in_one_run() {
        let err = parse("coop.yaml", "email: geen-adres\nfase: plann\n").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("coop.yaml:1:") && msg.contains("coop.yaml:2:"),
            "{msg}"
        );
        assert!(msg.contains("Bedoelde je"), "{msg}");
    }

    #[test]
    fn every_field_has_help_and_a_kind_that_reads_back() {
        let mut p = Profile::default();
        for f in FIELDS {
            assert!(!f.help.trim().is_empty(), "{}", f.key);
            let v = match f.kind {
                FieldKind::Number => "7",
                FieldKind::Email => "a@b.nl",
                FieldKind::History => "2024-05-01:Opgericht",
                FieldKind::Phase => "plan",
                _ => "iets",
            };
            set(&mut p, &format!("{}={v}", f.key)).unwrap();
            assert_ne!(p.value(f.key), serde_json::Value::Null, "{}", f.key);
        }
        let (back, warnings) = parse("coop.yaml", &to_commented_yaml(&p)).unwrap();
        assert_eq!(back, p);
        assert!(warnings.is_empty());
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
    for f in FIELDS {
        out.push_str(&format!("# {}\n", f.help));
        let v = value.get(f.key).cloned().unwrap_or(serde_json::Value::Null);
        out.push_str(&yaml_entry(f.key, &v));
        if f.kind == FieldKind::History && p.geschiedenis.is_empty() {
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
    let Some(field) = field(key) else {
        let hint = crate::core::suggest::hint(key, keys());
        return Err(Error::Usage(format!(
            "--set {key}: dit veld kent coop niet.{hint} Velden: {}.",
            keys().collect::<Vec<_>>().join(", ")
        )));
    };
    let json = match field.kind {
        FieldKind::Text | FieldKind::Municipality => serde_json::json!(text()),
        FieldKind::Phase => {
            check_phase(value).map_err(|m| Error::Usage(format!("--set fase: {m}")))?;
            serde_json::json!(text())
        }
        FieldKind::Email => {
            if !value.is_empty() {
                if let Err(why) = check_email(value) {
                    return Err(Error::Usage(format!("--set email: {why}")));
                }
            }
            serde_json::json!(text())
        }
        FieldKind::Number => serde_json::json!(number()?),
        // Each --set adds its items to what is there.
        FieldKind::List => {
            let mut items: Vec<String> = serde_json::from_value(p.value(key)).unwrap_or_default();
            items.extend(list());
            serde_json::json!(items)
        }
        FieldKind::History => {
            let Some((datum, wat)) = value
                .split_once(':')
                .filter(|(d, _)| crate::core::date::is_partial_date(d.trim()))
            else {
                return Err(Error::Usage(format!(
                    "--set geschiedenis={}: schrijf datum:wat, bijvoorbeeld --set geschiedenis=\"2024-05-01:Vereniging opgericht\".",
                    excerpt(value)
                )));
            };
            let mut events = p.geschiedenis.clone();
            events.push(Event {
                datum: datum.trim().to_string(),
                wat: wat.trim().to_string(),
            });
            serde_json::json!(events)
        }
    };
    let mut all = serde_json::to_value(&*p).map_err(|e| Error::Usage(e.to_string()))?;
    all[key] = json;
    *p = serde_json::from_value(all).map_err(|e| Error::Usage(format!("--set {key}: {e}")))?;
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
