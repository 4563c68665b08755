//! The questionnaire as data (data/questions.yaml): questions with their
//! type, help, choices, default and the condition that skips them, and the
//! rules that turn answers into a plan. Validated at load, with file and line
//! in every error, like the knowledge base.

use serde::{Deserialize, Serialize};

use super::answers::{Answer, Answers};
use crate::core::kb::load::{entry_line, yaml_error};
use crate::core::kb::Kb;
use crate::core::profile::FieldKind;
use crate::error::{Error, Location, Result};

/// The built-in questionnaire.
pub const QUESTIONS_YAML: &str = include_str!("../../../data/questions.yaml");
const LABEL: &str = "data/questions.yaml (ingebouwd)";

/// Facts a plan rule may test besides question ids.
/// Questions the plan reads, with the type it expects; `validate` checks
/// that they exist with that type.
pub const PLAN_QUESTIONS: &[(&str, Kind)] = &[
    ("naam", Kind::Text),
    ("fase", Kind::Select),
    ("doel", Kind::Select),
    ("gesproken", Kind::Multiselect),
    ("tegenwerpingen", Kind::Multiselect),
    ("ook-gehoord", Kind::ObjectionText),
    ("vergadering", Kind::Confirm),
    ("agendapunt", Kind::Text),
    (COUNCIL_SOURCE, Kind::Text),
];

/// The question whose answer is the source of every council fact.
pub const COUNCIL_SOURCE: &str = "raad-bron";

pub const DERIVED: &[&str] = &["gemeente-beleid"];

/// The answer type that fills a coop.yaml field of this kind (none for
/// history, which the questionnaire does not ask).
fn answer_kind(kind: FieldKind) -> Option<Kind> {
    Some(match kind {
        FieldKind::Text | FieldKind::Email => Kind::Text,
        FieldKind::Municipality => Kind::Municipality,
        FieldKind::Number => Kind::Number,
        FieldKind::List => Kind::List,
        FieldKind::Phase => Kind::Select,
        FieldKind::History => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One line of text.
    Text,
    /// A whole number, or empty.
    Number,
    /// Words separated by commas.
    List,
    /// One of `choices`.
    Select,
    /// Any of `choices` (or of `choices_from`).
    Multiselect,
    /// Yes or no.
    Confirm,
    /// A municipality name, resolved like `coop gemeente`.
    Municipality,
    /// Free texts, each matched against the objections like `coop weerleg`.
    ObjectionText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChoicesFrom {
    Roles,
    Objections,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validate {
    Email,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A test on an earlier answer. Exactly one of the tests is set.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub id: String,
    /// The answer equals this (yes/no, or a choice value).
    #[serde(default)]
    pub is: Option<serde_yaml::Value>,
    /// The answer is one of these choice values.
    #[serde(default, rename = "in")]
    pub one_of: Option<Vec<String>>,
    /// The (multiselect) answer contains this value.
    #[serde(default)]
    pub includes: Option<String>,
    /// The answer is empty (true) or not (false).
    #[serde(default)]
    pub empty: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// Short name for the summary screen.
    pub label: String,
    pub prompt: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub choices_from: Option<ChoicesFrom>,
    #[serde(default)]
    pub validate: Option<Validate>,
    #[serde(default)]
    pub when: Vec<Condition>,
    /// The coop.yaml key this answer fills.
    #[serde(default)]
    pub profile: Option<String>,
    /// The council fact this answer records (`coop raad zet`), with the
    /// source from the question `raad-bron`.
    #[serde(default)]
    pub council: Option<crate::core::council::FactKind>,
}

/// Which letter the plan offers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterRule {
    pub goal: crate::core::choice::Goal,
    pub to: crate::core::choice::Recipient,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRule {
    #[serde(default)]
    pub when: Vec<Condition>,
    #[serde(default)]
    pub checklists: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    pub why: String,
    #[serde(default)]
    pub letter: Option<LetterRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub intro: String,
    pub questions: Vec<Question>,
    pub plan: Vec<PlanRule>,
}

impl Questionnaire {
    /// The built-in questionnaire, checked against the knowledge base.
    pub fn load(kb: &Kb) -> Result<Questionnaire> {
        Questionnaire::parse(LABEL, QUESTIONS_YAML, kb)
    }

    /// Parses and validates questionnaire text; all problems are reported.
    pub fn parse(label: &str, text: &str, kb: &Kb) -> Result<Questionnaire> {
        let q: Questionnaire = serde_yaml::from_str(text).map_err(|e| yaml_error(label, &e))?;
        let errors = q.problems(label, text, kb);
        match errors.len() {
            0 => Ok(q),
            1 => Err(errors.into_iter().next().expect("one error")),
            _ => Err(Error::Many(errors)),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    fn problems(&self, label: &str, text: &str, kb: &Kb) -> Vec<Error> {
        let mut errors = Vec::new();
        let at = |line: usize| Location {
            file: label.to_string(),
            line,
            column: if line == 0 { 0 } else { 1 },
        };
        let mut seen: Vec<&Question> = Vec::new();
        for q in &self.questions {
            let line = entry_line(text, "id", &q.id);
            let mut err = |m: String| errors.push(Error::data(at(line), m));
            if !is_id(&q.id) {
                err(format!(
                    "id '{}' mag alleen kleine letters, cijfers en streepjes hebben.",
                    q.id
                ));
            }
            if seen.iter().any(|s| s.id == q.id) {
                err(format!(
                    "vraag '{}' staat twee keer in dit bestand. Geef elke vraag een eigen id.",
                    q.id
                ));
            }
            for (field, value) in [("label", &q.label), ("prompt", &q.prompt)] {
                if value.trim().is_empty() {
                    err(format!("vraag '{}': {field} is leeg.", q.id));
                }
            }
            let needs_choices = matches!(q.kind, Kind::Select | Kind::Multiselect);
            let has_choices = !q.choices.is_empty() || q.choices_from.is_some();
            if needs_choices && !has_choices {
                err(format!(
                    "vraag '{}' is een keuzevraag maar heeft geen choices of choices_from.",
                    q.id
                ));
            }
            if !needs_choices && has_choices {
                err(format!(
                    "vraag '{}' heeft choices, maar alleen select en multiselect gebruiken ze.",
                    q.id
                ));
            }
            if q.choices_from.is_some() && !q.choices.is_empty() {
                err(format!(
                    "vraag '{}': kies choices of choices_from, niet allebei.",
                    q.id
                ));
            }
            if q.kind == Kind::Select && q.choices_from.is_some() {
                err(format!(
                    "vraag '{}': choices_from werkt alleen bij multiselect.",
                    q.id
                ));
            }
            if q.validate.is_some() && q.kind != Kind::Text {
                err(format!("vraag '{}': validate werkt alleen bij text.", q.id));
            }
            if let Some(d) = &q.default {
                if let Err(m) = Answer::from_yaml(q, d, kb) {
                    err(format!("vraag '{}': default klopt niet: {m}", q.id));
                }
            }
            if q.council.is_some() && (q.kind != Kind::Text || q.profile.is_some()) {
                err(format!(
                    "vraag '{}': council werkt alleen bij text, en niet samen met profile.",
                    q.id
                ));
            }
            if let Some(key) = &q.profile {
                match crate::core::profile::field(key).map(|f| answer_kind(f.kind)) {
                    None => err(format!(
                        "vraag '{}': profile '{key}' is geen veld van coop.yaml. Velden: {}.",
                        q.id,
                        crate::core::profile::keys().collect::<Vec<_>>().join(", ")
                    )),
                    Some(kind) if kind != Some(q.kind) => err(format!(
                        "vraag '{}': veld '{key}' in coop.yaml past niet bij type {:?}.",
                        q.id, q.kind
                    )),
                    _ => {}
                }
                if key == "fase" {
                    for c in &q.choices {
                        if crate::core::profile::Phase::known(&c.value).is_none() {
                            err(format!(
                                "vraag '{}': fase '{}' kent coop.yaml niet. Kies uit: {}.",
                                q.id,
                                c.value,
                                crate::core::profile::Phase::ids()
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                    }
                }
            }
            for c in &q.when {
                if let Err(m) = check_condition(c, &seen, &[]) {
                    err(format!("vraag '{}', when: {m}", q.id));
                }
            }
            seen.push(q);
        }
        for (id, kind) in PLAN_QUESTIONS {
            match self.get(id) {
                None => errors.push(Error::data(
                    at(0),
                    format!("de vraag '{id}' ontbreekt. Het plan heeft haar nodig."),
                )),
                Some(q) if q.kind != *kind => errors.push(Error::data(
                    at(entry_line(text, "id", id)),
                    format!("vraag '{id}' moet type {kind:?} hebben; het plan leest haar zo."),
                )),
                _ => {}
            }
        }
        for (i, rule) in self.plan.iter().enumerate() {
            let line = plan_rule_line(text, i);
            let mut err = |m: String| errors.push(Error::data(at(line), m));
            for c in &rule.when {
                if let Err(m) = check_condition(c, &seen, DERIVED) {
                    err(format!("plan, regel {}: when: {m}", i + 1));
                }
            }
            for id in &rule.checklists {
                if !kb.checklists.contains(id) {
                    let hint = crate::core::suggest::hint(id, kb.checklists.keys());
                    err(format!("plan: checklist '{id}' bestaat niet.{hint}"));
                }
            }
            for id in &rule.roles {
                if !kb.roles.contains(id) {
                    let hint = crate::core::suggest::hint(id, kb.roles.keys());
                    err(format!("plan: rol '{id}' bestaat niet.{hint}"));
                }
            }
            if rule.why.trim().is_empty() {
                err("plan: why is leeg.".to_string());
            }
        }
        errors
    }
}

impl Question {
    /// The choices, from the data or from the knowledge base.
    pub fn choices(&self, kb: &Kb) -> Vec<Choice> {
        match self.choices_from {
            Some(ChoicesFrom::Roles) => kb
                .roles
                .iter()
                .map(|r| Choice {
                    value: r.id.clone(),
                    label: r.name.clone(),
                })
                .collect(),
            Some(ChoicesFrom::Objections) => kb
                .objections
                .iter()
                .map(|o| Choice {
                    value: o.id.clone(),
                    label: o.objection.clone(),
                })
                .collect(),
            None => self.choices.clone(),
        }
    }

    /// Whether every condition holds for the answers so far.
    pub fn applies(&self, answers: &Answers) -> bool {
        self.when.iter().all(|c| c.holds(|id| answers.get(id)))
    }
}

impl Condition {
    /// Evaluates the test; an unanswered (skipped) question counts as empty.
    pub fn holds<'a>(&self, get: impl Fn(&str) -> Option<&'a Answer>) -> bool {
        let answer = get(&self.id);
        if let Some(want) = self.empty {
            return answer.is_none_or(Answer::is_empty) == want;
        }
        let Some(answer) = answer else {
            return false;
        };
        if let Some(is) = &self.is {
            return match (is, answer) {
                (serde_yaml::Value::Bool(b), Answer::Bool(a)) => a == b,
                (serde_yaml::Value::String(s), Answer::Text(a)) => a == s,
                _ => false,
            };
        }
        if let Some(list) = &self.one_of {
            return matches!(answer, Answer::Text(a) if list.contains(a));
        }
        if let Some(v) = &self.includes {
            return matches!(answer, Answer::List(items) if items.contains(v));
        }
        false
    }
}

impl Condition {
    /// The condition in Dutch, with the flag: "--gehoord ja".
    pub fn describe(&self) -> String {
        let flag = format!("--{}", self.id);
        if let Some(empty) = self.empty {
            return format!("{flag} {}", if empty { "leeg is" } else { "niet leeg is" });
        }
        if let Some(is) = &self.is {
            let v = match is {
                serde_yaml::Value::Bool(true) => "ja".to_string(),
                serde_yaml::Value::Bool(false) => "nee".to_string(),
                serde_yaml::Value::String(s) => s.clone(),
                other => format!("{other:?}"),
            };
            return format!("{flag} {v}");
        }
        if let Some(list) = &self.one_of {
            return format!("{flag} {}", crate::core::suggest::join_or(list));
        }
        if let Some(v) = &self.includes {
            return format!("{flag} {v} bevat");
        }
        flag
    }
}

/// A condition must test exactly one thing, on an earlier question (or a
/// derived fact), in a way that fits that question's type.
fn check_condition(
    c: &Condition,
    earlier: &[&Question],
    derived: &[&str],
) -> std::result::Result<(), String> {
    let tests = [
        c.is.is_some(),
        c.one_of.is_some(),
        c.includes.is_some(),
        c.empty.is_some(),
    ];
    if tests.iter().filter(|t| **t).count() != 1 {
        return Err(format!(
            "test op '{}' moet precies één van is, in, includes of empty hebben.",
            c.id
        ));
    }
    if derived.contains(&c.id.as_str()) {
        return match c.is {
            Some(serde_yaml::Value::Bool(_)) => Ok(()),
            _ => Err(format!(
                "'{}' is ja of nee: gebruik is: true of is: false.",
                c.id
            )),
        };
    }
    let Some(q) = earlier.iter().find(|q| q.id == c.id) else {
        let names = earlier
            .iter()
            .map(|q| q.id.as_str())
            .chain(derived.iter().copied());
        let hint = crate::core::suggest::hint(&c.id, names);
        return Err(format!(
            "'{}' is geen eerdere vraag.{hint} Een voorwaarde kan alleen over een eerdere vraag gaan.",
            c.id
        ));
    };
    let values: Vec<&str> = q.choices.iter().map(|ch| ch.value.as_str()).collect();
    let check_value = |v: &str| {
        if q.choices_from.is_none() && !values.contains(&v) {
            Err(format!(
                "'{v}' is geen keuze van vraag '{}'. Keuzes: {}.",
                q.id,
                values.join(", ")
            ))
        } else {
            Ok(())
        }
    };
    if let Some(is) = &c.is {
        match (q.kind, is) {
            (Kind::Confirm, serde_yaml::Value::Bool(_)) => {}
            (Kind::Select, serde_yaml::Value::String(s)) => check_value(s)?,
            _ => {
                return Err(format!(
                    "'is' past niet bij vraag '{}' (gebruik true/false bij confirm, een keuze bij select).",
                    q.id
                ))
            }
        }
    }
    if let Some(list) = &c.one_of {
        if q.kind != Kind::Select {
            return Err(format!(
                "'in' werkt alleen bij een select-vraag ('{}').",
                q.id
            ));
        }
        for v in list {
            check_value(v)?;
        }
    }
    if let Some(v) = &c.includes {
        if q.kind != Kind::Multiselect {
            return Err(format!(
                "'includes' werkt alleen bij een multiselect-vraag ('{}').",
                q.id
            ));
        }
        check_value(v)?;
    }
    Ok(())
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The line of the `i`-th entry under `plan:` (1-based), or 0.
fn plan_rule_line(text: &str, i: usize) -> usize {
    let mut in_plan = false;
    let mut n = 0;
    for (no, line) in text.lines().enumerate() {
        if line.starts_with("plan:") {
            in_plan = true;
            continue;
        }
        if in_plan && line.trim_start().starts_with("- ") && line.starts_with("  - ") {
            if n == i {
                return no + 1;
            }
            n += 1;
        }
    }
    0
}

#[cfg(test)]
mod tests;
