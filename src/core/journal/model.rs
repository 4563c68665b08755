//! journaal.yaml as typed data. Keys are Dutch because users edit the file
//! by hand. Keys coop does not know are kept (`overig`) and written back, so
//! a newer coop, another tool or a human can add fields without losing them.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// Unknown keys, kept as they were.
pub type Extra = BTreeMap<String, serde_yaml::Value>;

crate::choice! {
    /// The kinds of events, in the order help and errors list them.
    pub enum EventKind {
        Gesprek = "gesprek": "Een gesprek met iemand van de gemeente of de politiek.",
        Brief = "brief": "Een brief of mail die jullie stuurden of kregen.",
        Inspraak = "inspraak": "Jullie spraken in bij de raad of een commissie.",
        Motie = "motie": "Een motie in de raad.",
        Raadsvergadering = "raadsvergadering": "Een vergadering van de raad of een commissie.",
        Actie = "actie": "Een actie van jullie, zoals een bijeenkomst of een open dag.",
        Rondleiding = "rondleiding": "Een rondleiding of een bezoek aan een project.",
        Nieuwsbericht = "nieuwsbericht": "Een bericht in de krant of op een site.",
        Besluit = "besluit": "Een besluit van de raad of het college.",
        Wisseling = "wisseling": "Een ander persoon in een rol, zoals een nieuwe wethouder.",
    }
}

/// A new event is a conversation unless the user says otherwise.
impl Default for EventKind {
    fn default() -> Self {
        Self::Gesprek
    }
}

impl EventKind {
    /// Kinds that need at least one person (`met`).
    pub fn needs_person(self) -> bool {
        matches!(self, Self::Gesprek | Self::Rondleiding | Self::Wisseling)
    }

    /// Kinds that change the course of a campaign; a dossier keeps them
    /// when it has to leave events out.
    pub fn is_milestone(self) -> bool {
        matches!(self, Self::Besluit | Self::Motie | Self::Wisseling)
    }
}

/// How an event's kind is read. A journal is first read with the kind as
/// text (`Journal<String>`), so every unknown kind is reported in one run
/// with its line; after that check it becomes an `EventKind`.
pub trait KindText: Sized {
    fn from_text(text: String) -> Result<Self, String>;
}

impl KindText for String {
    fn from_text(text: String) -> Result<Self, String> {
        Ok(text)
    }
}

impl KindText for EventKind {
    fn from_text(text: String) -> Result<Self, String> {
        <Self as crate::core::choice::Choice>::parse(&text)
            .ok_or_else(|| format!("soort '{text}' kent coop niet"))
    }
}

fn kind_text<'de, D: Deserializer<'de>, K: KindText>(d: D) -> Result<K, D::Error> {
    K::from_text(text(d)?).map_err(serde::de::Error::custom)
}

/// The whole journal: people, what happened, and what still has to happen.
/// `K` is the type of an event's kind: text while the file is being
/// checked, `EventKind` everywhere else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "K: KindText"))]
pub struct Journal<K = EventKind> {
    #[serde(default)]
    pub contacten: Vec<Contact>,
    #[serde(default)]
    pub gebeurtenissen: Vec<Event<K>>,
    #[serde(default)]
    pub vervolg: Vec<FollowUp>,
    #[serde(flatten)]
    pub overig: Extra,
}

impl<K> Default for Journal<K> {
    fn default() -> Self {
        Journal {
            contacten: Vec::new(),
            gebeurtenissen: Vec::new(),
            vervolg: Vec::new(),
            overig: Extra::new(),
        }
    }
}

impl Journal<String> {
    /// The journal with typed kinds. Call after every kind was checked: a
    /// kind coop does not know is an error, never silently changed.
    pub fn typed(self) -> Result<Journal, String> {
        let mut gebeurtenissen = Vec::with_capacity(self.gebeurtenissen.len());
        for e in self.gebeurtenissen {
            gebeurtenissen.push(Event {
                soort: EventKind::from_text(e.soort)?,
                id: e.id,
                datum: e.datum,
                met: e.met,
                samenvatting: e.samenvatting,
                uitkomst: e.uitkomst,
                afspraken: e.afspraken,
                tegenwerpingen: e.tegenwerpingen,
                links: e.links,
                openbaar: e.openbaar,
                overig: e.overig,
            });
        }
        Ok(Journal {
            contacten: self.contacten,
            gebeurtenissen,
            vervolg: self.vervolg,
            overig: self.overig,
        })
    }
}

/// Someone the cooperative deals with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(deserialize_with = "text")]
    pub naam: String,
    /// A role id from the knowledge base (`coop rollen`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub rol: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub partij: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub organisatie: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub telefoon: Option<String>,
    /// Since when this person has this role (YYYY-MM-DD, YYYY-MM or YYYY).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub sinds: Option<String>,
    /// Until when; empty while the person still has the role.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub tot: Option<String>,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub notitie: Option<String>,
    #[serde(flatten)]
    pub overig: Extra,
}

/// One thing that happened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "K: KindText"))]
pub struct Event<K = EventKind> {
    /// Stable id, e.g. `2026-03-14-gesprek`. Given on load when missing.
    #[serde(default, deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub datum: String,
    #[serde(deserialize_with = "kind_text")]
    pub soort: K,
    /// Who was there: one name or a list of names.
    #[serde(
        default,
        deserialize_with = "names",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub met: Vec<String>,
    #[serde(default, deserialize_with = "text")]
    pub samenvatting: String,
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub uitkomst: Option<String>,
    /// What was agreed.
    #[serde(
        default,
        deserialize_with = "names",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub afspraken: Vec<String>,
    /// Ids of objections heard (`coop tegenwerpingen`).
    #[serde(
        default,
        deserialize_with = "names",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tegenwerpingen: Vec<String>,
    #[serde(
        default,
        deserialize_with = "names",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub links: Vec<String>,
    /// Shown on the public timeline (`coop tijdlijn`).
    #[serde(default, deserialize_with = "flag", skip_serializing_if = "is_false")]
    pub openbaar: bool,
    #[serde(flatten)]
    pub overig: Extra,
}

/// Something to do by a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Stable id, e.g. `v3`. Given on load when missing.
    #[serde(default, deserialize_with = "text")]
    pub id: String,
    /// The due date.
    #[serde(deserialize_with = "text")]
    pub datum: String,
    #[serde(deserialize_with = "text")]
    pub wat: String,
    /// The id of the event this follows from.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub bij: Option<String>,
    /// When it was done; empty (or `nee`) while open.
    #[serde(
        default,
        deserialize_with = "done",
        skip_serializing_if = "Option::is_none"
    )]
    pub klaar: Option<String>,
    #[serde(flatten)]
    pub overig: Extra,
}

impl FollowUp {
    pub fn is_open(&self) -> bool {
        self.klaar.is_none()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A scalar as text: people write `partij: 50PLUS`, `naam: 3` or
/// `datum: 2026-03-14` without quotes, and expect text.
#[derive(Debug)]
struct Scalar(Option<String>);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("tekst")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(Some(if v { "ja" } else { "nee" }.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
        }
        d.deserialize_any(V)
    }
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(trimmed(Scalar::deserialize(d)?.0).unwrap_or_default())
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(trimmed(Scalar::deserialize(d)?.0))
}

/// One value or a list of values.
fn names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Scalar>),
        One(Scalar),
    }
    let list = match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v,
        OneOrMany::One(s) => vec![s],
    };
    Ok(list.into_iter().filter_map(|s| trimmed(s.0)).collect())
}

/// `klaar: 2026-03-20` or `klaar: ja`; `nee`/`false` means still open.
fn done<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_text(d)?.filter(|v| !matches!(v.as_str(), "nee" | "false" | "no")))
}

/// `true`/`false`, and the Dutch `ja`/`nee` people write by hand.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match trimmed(Scalar::deserialize(d)?.0).as_deref() {
        None | Some("nee") | Some("false") | Some("no") | Some("0") => Ok(false),
        Some("ja") | Some("true") | Some("yes") | Some("1") => Ok(true),
        Some(other) => Err(serde::de::Error::custom(format!(
            "'{other}' is geen ja of nee"
        ))),
    }
}
