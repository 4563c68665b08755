//! Answers: their values, how flags and antwoorden.yaml supply them, how
//! they are shown, and how they fill coop.yaml. antwoorden.yaml has the
//! question ids as keys (Dutch), so a run can be replayed or edited by hand.

use std::collections::BTreeMap;

use super::questions::{Kind, Question, Questionnaire, Validate};
use crate::core::kb::Kb;
use crate::core::profile::{self, Profile};
use crate::core::resolve::{self, Found};
use crate::core::suggest;
use crate::error::{Error, Location, Result};

/// One answer. `Empty` is a real answer ("nothing"), not a missing one.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Text(String),
    Number(u32),
    Bool(bool),
    List(Vec<String>),
    Empty,
}

impl Answer {
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Empty => true,
            Answer::Text(s) => s.trim().is_empty(),
            Answer::List(l) => l.is_empty(),
            _ => false,
        }
    }

    /// Parses a YAML value (antwoorden.yaml, a default) for question `q`.
    pub fn from_yaml(
        q: &Question,
        v: &serde_yaml::Value,
        kb: &Kb,
    ) -> std::result::Result<Answer, String> {
        use serde_yaml::Value as V;
        let strings = |v: &V| -> std::result::Result<Vec<String>, String> {
            match v {
                V::Null => Ok(Vec::new()),
                V::Sequence(items) => items.iter().map(scalar).collect(),
                other => Ok(split_list(&scalar(other)?)),
            }
        };
        match (q.kind, v) {
            (Kind::Confirm, V::Bool(b)) => Ok(Answer::Bool(*b)),
            (Kind::Number, V::Number(n)) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Answer::Number)
                .ok_or_else(|| format!("'{n}' is geen heel getal van 0 of meer.")),
            (Kind::ObjectionText, V::Sequence(items)) => Ok(Answer::List(
                items
                    .iter()
                    .map(scalar)
                    .collect::<std::result::Result<_, _>>()?,
            )),
            (Kind::Multiselect, v) => multiselect(q, &strings(v)?, kb),
            (Kind::List, v) => Ok(Answer::List(strings(v)?)),
            (_, V::Null) => Answer::from_text(q, "", kb),
            (_, V::Sequence(_) | V::Mapping(_) | V::Tagged(_)) => {
                Err("geef één waarde, geen lijst.".to_string())
            }
            (_, v) => Answer::from_text(q, &scalar(v)?, kb),
        }
    }

    /// Parses typed text (a flag, a prompt) for question `q`.
    pub fn from_text(q: &Question, raw: &str, kb: &Kb) -> std::result::Result<Answer, String> {
        let s = raw.trim();
        match q.kind {
            _ if s.is_empty() && q.kind != Kind::Multiselect => {
                if q.required {
                    Err("dit antwoord is nodig.".to_string())
                } else if q.kind == Kind::Confirm {
                    Err("antwoord ja of nee.".to_string())
                } else if q.kind == Kind::Select {
                    Err(format!("kies uit: {}.", choice_values(q, kb)))
                } else {
                    Ok(Answer::Empty)
                }
            }
            Kind::Text => {
                if q.validate == Some(Validate::Email) && !profile::looks_like_email(s) {
                    return Err(format!(
                        "'{}' is geen mailadres. Schrijf het als naam@voorbeeld.nl.",
                        crate::error::excerpt(s)
                    ));
                }
                Ok(Answer::Text(s.to_string()))
            }
            Kind::Number => s
                .replace('.', "")
                .parse::<u32>()
                .map(Answer::Number)
                .map_err(|_| {
                    format!(
                        "'{}' is geen heel getal. Typ bijvoorbeeld 45.",
                        crate::error::excerpt(s)
                    )
                }),
            Kind::List => Ok(Answer::List(split_list(s))),
            // Free text may hold commas: one text is one item.
            Kind::ObjectionText => Ok(Answer::List(vec![s.to_string()])),
            Kind::Confirm => match crate::core::text::fold(s).as_str() {
                "ja" | "j" | "yes" | "y" | "true" => Ok(Answer::Bool(true)),
                "nee" | "n" | "no" | "false" => Ok(Answer::Bool(false)),
                _ => Err(format!(
                    "'{}': antwoord ja of nee.",
                    crate::error::excerpt(s)
                )),
            },
            Kind::Select => {
                let choices = q.choices(kb);
                let key = crate::core::text::fold(s);
                match choices
                    .iter()
                    .find(|c| crate::core::text::fold(&c.value) == key)
                {
                    Some(c) => Ok(Answer::Text(c.value.clone())),
                    None => {
                        let hint = suggest::hint(s, choices.iter().map(|c| c.value.as_str()));
                        Err(format!(
                            "'{}' is geen keuze.{hint} Kies uit: {}.",
                            crate::error::excerpt(s),
                            choice_values(q, kb)
                        ))
                    }
                }
            }
            Kind::Multiselect => multiselect(q, &split_list(s), kb),
            Kind::Municipality => municipality(kb, s).map(Answer::Text),
        }
    }

    /// The answer in antwoorden.yaml.
    pub fn to_yaml(&self) -> serde_yaml::Value {
        use serde_yaml::Value as V;
        match self {
            Answer::Text(s) => V::String(s.clone()),
            Answer::Number(n) => V::Number((*n).into()),
            Answer::Bool(b) => V::Bool(*b),
            Answer::List(l) => V::Sequence(l.iter().cloned().map(V::String).collect()),
            Answer::Empty => V::Null,
        }
    }

    /// The answer as a user reads it on the summary screen.
    pub fn display(&self, q: &Question, kb: &Kb) -> String {
        let label = |v: &str| {
            q.choices(kb)
                .into_iter()
                .find(|c| c.value == v)
                .map_or_else(|| v.to_string(), |c| c.label)
        };
        match self {
            Answer::Empty => "(leeg)".to_string(),
            Answer::Bool(true) => "ja".to_string(),
            Answer::Bool(false) => "nee".to_string(),
            Answer::Number(n) => n.to_string(),
            Answer::Text(s) if q.kind == Kind::Select => label(s),
            Answer::Text(s) => s.clone(),
            Answer::List(l) if l.is_empty() => match q.kind {
                Kind::Multiselect => "(geen)".to_string(),
                _ => "(leeg)".to_string(),
            },
            Answer::List(l) if q.kind == Kind::Multiselect => {
                l.iter().map(|v| label(v)).collect::<Vec<_>>().join("; ")
            }
            Answer::List(l) if q.kind == Kind::ObjectionText => l
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", "),
            Answer::List(l) => l.join(", "),
        }
    }

    /// The value to show as the default in an input prompt.
    pub fn as_input(&self) -> Option<String> {
        match self {
            Answer::Text(s) => Some(s.clone()),
            Answer::Number(n) => Some(n.to_string()),
            Answer::List(l) if !l.is_empty() => Some(l.join(", ")),
            _ => None,
        }
    }
}

fn scalar(v: &serde_yaml::Value) -> std::result::Result<String, String> {
    use serde_yaml::Value as V;
    match v {
        V::String(s) => Ok(s.clone()),
        V::Number(n) => Ok(n.to_string()),
        V::Bool(true) => Ok("ja".into()),
        V::Bool(false) => Ok("nee".into()),
        V::Null => Ok(String::new()),
        _ => Err("geef hier tekst, geen lijst.".to_string()),
    }
}

/// "a, b,, c" → [a, b, c].
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn choice_values(q: &Question, kb: &Kb) -> String {
    q.choices(kb)
        .iter()
        .map(|c| c.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks multiselect values against the choices ("niemand"/"geen" = none).
fn multiselect(q: &Question, items: &[String], kb: &Kb) -> std::result::Result<Answer, String> {
    let choices = q.choices(kb);
    let mut out = Vec::new();
    for item in items {
        let key = crate::core::text::fold(item);
        if matches!(key.as_str(), "niemand" | "geen" | "niets") {
            continue;
        }
        match choices
            .iter()
            .find(|c| crate::core::text::fold(&c.value) == key)
        {
            Some(c) if !out.contains(&c.value) => out.push(c.value.clone()),
            Some(_) => {}
            None => {
                let hint = suggest::hint(item, choices.iter().map(|c| c.value.as_str()));
                return Err(format!(
                    "'{}' is geen keuze.{hint} Kies uit: {} (met komma's), of 'niemand'.",
                    crate::error::excerpt(item),
                    choice_values(q, kb)
                ));
            }
        }
    }
    Ok(Answer::List(out))
}

/// A typed name → the official municipality name, or a Dutch explanation.
pub fn municipality(kb: &Kb, name: &str) -> std::result::Result<String, String> {
    match resolve::municipality(kb, name) {
        Found::One { row, .. } => Ok(official_name(kb, row)),
        Found::Ambiguous(rows) => Err(format!(
            "'{}' is de naam van meer dan één gemeente: {}. Typ de naam met de provincie of de CBS-code.",
            crate::error::excerpt(name.trim()),
            rows.iter()
                .map(|r| format!("{} ({}, {})", r.cbs_name, r.province, r.code))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Found::None(s) => {
            let hint = suggest::did_you_mean(&s);
            Err(format!(
                "geen gemeente gevonden voor '{}'.{hint} Is het een dorp of een wijk? Typ dan de naam van de gemeente waar het bij hoort. Alle namen: `coop gemeenten`.",
                crate::error::excerpt(name.trim())
            ))
        }
    }
}

/// The name to store: the official name, or the CBS code when the name is
/// shared by several municipalities (Bergen), so later runs agree.
pub fn official_name(kb: &Kb, row: &crate::core::kb::MunicipalityRow) -> String {
    let shared = kb
        .municipalities
        .iter()
        .filter(|m| m.name == row.name)
        .count()
        > 1;
    if shared {
        row.code.clone()
    } else {
        row.name.clone()
    }
}

/// Answers by question id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    map: BTreeMap<String, Answer>,
}

impl Answers {
    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.map.get(id)
    }

    pub fn set(&mut self, id: &str, a: Answer) {
        self.map.insert(id.to_string(), a);
    }

    pub fn remove(&mut self, id: &str) {
        self.map.remove(id);
    }

    pub fn contains(&self, id: &str) -> bool {
        self.map.contains_key(id)
    }

    pub fn text(&self, id: &str) -> Option<&str> {
        match self.map.get(id) {
            Some(Answer::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub fn list(&self, id: &str) -> &[String] {
        match self.map.get(id) {
            Some(Answer::List(l)) => l,
            _ => &[],
        }
    }

    pub fn flag(&self, id: &str) -> bool {
        matches!(self.map.get(id), Some(Answer::Bool(true)))
    }
}

/// Where a given answer came from, for error messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    Flag(String),
    File(Location),
}

/// An answer supplied before asking: by a flag or by antwoorden.yaml.
#[derive(Debug, Clone)]
pub enum Raw {
    Text(String),
    Yaml(serde_yaml::Value),
}

#[derive(Debug, Clone, Default)]
pub struct Given {
    pub map: BTreeMap<String, (Raw, Origin)>,
}

impl Given {
    /// Parses the given answer for `q`, if there is one. Errors name the flag
    /// (exit 2) or the file and line (exit 3).
    pub fn answer(&self, q: &Question, kb: &Kb) -> Result<Option<Answer>> {
        let Some((raw, origin)) = self.map.get(&q.id) else {
            return Ok(None);
        };
        let parsed = match raw {
            Raw::Text(s) => Answer::from_text(q, s, kb),
            Raw::Yaml(v) => Answer::from_yaml(q, v, kb),
        };
        parsed.map(Some).map_err(|m| match origin {
            Origin::Flag(flag) => Error::Usage(format!("{flag}: {m}")),
            Origin::File(loc) => Error::data(loc.clone(), format!("{}: {m}", q.id)),
        })
    }

    /// Adds the flags; flags win over the answers file.
    pub fn add_flags(&mut self, flags: Vec<(&str, Raw)>) {
        for (id, value) in flags {
            self.map
                .insert(id.to_string(), (value, Origin::Flag(format!("--{id}"))));
        }
    }
}

/// The header of antwoorden.yaml.
const HEADER: &str = "# antwoorden.yaml: de antwoorden van `coop start`.\n\
# Speel ze opnieuw af met: coop start --antwoorden antwoorden.yaml\n\
# Je mag ze aanpassen. Een vraag die hier ontbreekt, stelt coop opnieuw.\n";

/// antwoorden.yaml text: the answers in question order.
pub fn to_file(questionnaire: &Questionnaire, answers: &Answers) -> String {
    let mut out = String::from(HEADER);
    for q in &questionnaire.questions {
        if let Some(a) = answers.get(&q.id) {
            let mut map = serde_yaml::Mapping::new();
            map.insert(serde_yaml::Value::String(q.id.clone()), a.to_yaml());
            let entry = match a {
                Answer::Empty => format!("{}:\n", q.id),
                _ => serde_yaml::to_string(&map).unwrap_or_else(|_| format!("{}:\n", q.id)),
            };
            out.push_str(&entry);
        }
    }
    out
}

/// Reads antwoorden.yaml text into given answers. Unknown keys are refused
/// with their line and a suggestion; values are checked when they are used.
pub fn from_file(label: &str, text: &str, questionnaire: &Questionnaire) -> Result<Given> {
    let mut given = Given::default();
    if text.trim().is_empty() {
        return Ok(given);
    }
    let map: Option<serde_yaml::Mapping> =
        serde_yaml::from_str(text).map_err(|e| crate::core::kb::load::yaml_error(label, &e))?;
    let mut errors = Vec::new();
    for (k, v) in map.unwrap_or_default() {
        let key = match &k {
            serde_yaml::Value::String(s) => s.clone(),
            other => format!("{other:?}"),
        };
        let line = text
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(0, |i| i + 1);
        let loc = Location {
            file: label.to_string(),
            line,
            column: if line == 0 { 0 } else { 1 },
        };
        if questionnaire.get(&key).is_none() {
            let hint = suggest::hint(&key, questionnaire.questions.iter().map(|q| q.id.as_str()));
            errors.push(Error::data(
                loc,
                format!(
                    "vraag '{}' kent coop niet.{hint} Vragen: {}.",
                    crate::error::excerpt(&key),
                    questionnaire
                        .questions
                        .iter()
                        .map(|q| q.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        }
        given.map.insert(key, (Raw::Yaml(v), Origin::File(loc)));
    }
    match errors.len() {
        0 => Ok(given),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Defaults from an existing coop.yaml, for the questions that fill it.
pub fn from_profile(questionnaire: &Questionnaire, p: &Profile, kb: &Kb) -> Answers {
    let value = serde_json::to_value(p).unwrap_or_default();
    let mut out = Answers::default();
    for q in &questionnaire.questions {
        let Some(key) = &q.profile else { continue };
        let v = value.get(key).cloned().unwrap_or(serde_json::Value::Null);
        let answer = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::Array(items) if items.is_empty() => continue,
            serde_json::Value::Array(items) => Answer::List(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            serde_json::Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Answer::Number(n),
                None => continue,
            },
            serde_json::Value::String(s) if q.kind == Kind::Municipality => {
                // The name as stored may be a typo or a former name: offer
                // the official name when it resolves, else the text as is.
                match municipality(kb, &s) {
                    Ok(name) => Answer::Text(name),
                    Err(_) => Answer::Text(s),
                }
            }
            serde_json::Value::String(s) => Answer::Text(s),
            _ => continue,
        };
        out.set(&q.id, answer);
    }
    out
}

/// The profile with the answers filled in. Fields without a question keep
/// their value; unknown keys are kept.
pub fn apply_to_profile(
    questionnaire: &Questionnaire,
    answers: &Answers,
    base: &Profile,
) -> Result<Profile> {
    let mut value = serde_json::to_value(base).map_err(json_error)?;
    for q in &questionnaire.questions {
        let (Some(key), Some(a)) = (&q.profile, answers.get(&q.id)) else {
            continue;
        };
        let v = match a {
            Answer::Text(s) => serde_json::Value::String(s.clone()),
            Answer::Number(n) => serde_json::Value::from(*n),
            Answer::Bool(b) => serde_json::Value::Bool(*b),
            Answer::List(l) => serde_json::Value::from(l.clone()),
            Answer::Empty if q.kind == Kind::List => serde_json::Value::Array(Vec::new()),
            Answer::Empty => serde_json::Value::Null,
        };
        value[key.as_str()] = v;
    }
    serde_json::from_value(value).map_err(json_error)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::data(
        Location {
            file: "coop.yaml".into(),
            line: 0,
            column: 0,
        },
        format!("kan de antwoorden niet in het profiel zetten ({e})."),
    )
}

#[cfg(test)]
mod tests;
