//! Asking: walks the questions in order, skips those whose condition does
//! not hold, takes given answers (flags, antwoorden.yaml) and defaults, asks
//! the rest, then shows a summary where any answer can be corrected. Nothing
//! here writes files.

use super::{fit, wrap, Prompter};
use crate::core::kb::Kb;
use crate::core::questionnaire::answers::{self, Answer, Answers, Given};
use crate::core::questionnaire::questions::{ChoicesFrom, Kind, Question, Questionnaire};
use crate::core::resolve::{self, Found};
use crate::error::{Error, Result};
use crate::matching::search::Index;

/// How the flow may get answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// There is a terminal to ask in.
    pub interactive: bool,
    /// --ja: take the default wherever there is one.
    pub accept_defaults: bool,
}

#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The answers, confirmed on the summary screen when there was one.
    Done(Answers),
    /// The user chose to stop on the summary screen.
    Stopped,
}

pub struct Flow<'a> {
    pub kb: &'a Kb,
    pub questionnaire: &'a Questionnaire,
    /// Answers given before asking: flags and antwoorden.yaml.
    pub given: &'a Given,
    /// Defaults from an existing coop.yaml (they win over the data defaults).
    pub defaults: &'a Answers,
    pub mode: Mode,
    /// Columns to wrap help texts to.
    pub width: usize,
}

/// The choices of the summary screen.
const SUMMARY_CHOICES: [&str; 3] = [
    "Ja, alles klopt",
    "Nee, ik wil een antwoord veranderen",
    "Stoppen zonder iets op te slaan",
];

impl<'a> Flow<'a> {
    pub fn run(&self, p: &mut dyn Prompter) -> Result<Outcome> {
        let index = Index::new(self.kb);
        if self.mode.interactive {
            p.say(&wrap(&self.questionnaire.intro, self.width, ""));
        }
        let mut answers = Answers::default();
        let asked = self.fill(p, &mut answers, &index)?;
        if !self.mode.interactive || (self.mode.accept_defaults && !asked) {
            return Ok(Outcome::Done(answers));
        }
        loop {
            p.say("");
            p.say("Dit zijn jullie antwoorden:");
            let lines = self.summary(&answers);
            for line in &lines {
                p.say(line);
            }
            match p.select("Klopt dit?", &SUMMARY_CHOICES.map(String::from), 0)? {
                0 => return Ok(Outcome::Done(answers)),
                1 => {
                    let active = self.answered(&answers);
                    let items: Vec<String> = lines.iter().map(|l| l.trim().to_string()).collect();
                    let i = p.select("Welk antwoord wil je veranderen?", &items, 0)?;
                    let q = active[i];
                    let current = answers.get(&q.id).cloned();
                    let a = self.ask(p, q, current.as_ref(), &index)?;
                    answers.set(&q.id, a);
                    // Conditions may now hold for other questions, or no longer.
                    self.fill(p, &mut answers, &index)?;
                }
                _ => return Ok(Outcome::Stopped),
            }
        }
    }

    /// The questions that have an answer, in order.
    fn answered(&self, answers: &Answers) -> Vec<&'a Question> {
        self.questionnaire
            .questions
            .iter()
            .filter(|q| answers.contains(&q.id))
            .collect()
    }

    /// Numbered summary lines, fitted to the width.
    pub fn summary(&self, answers: &Answers) -> Vec<String> {
        self.answered(answers)
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let a = answers.get(&q.id).expect("answered");
                fit(
                    &format!("{:>3}. {}: {}", i + 1, q.label, a.display(q, self.kb)),
                    self.width,
                )
            })
            .collect()
    }

    /// Answers every question that applies and has no answer yet; drops the
    /// answers of questions that no longer apply. Returns whether anything
    /// was asked. Without a terminal, missing answers are one error.
    fn fill(&self, p: &mut dyn Prompter, answers: &mut Answers, index: &Index) -> Result<bool> {
        let mut asked = false;
        let mut missing: Vec<&Question> = Vec::new();
        for q in &self.questionnaire.questions {
            if q.when.iter().any(|c| missing.iter().any(|m| m.id == c.id)) {
                // Depends on an answer we do not have: it may be needed too.
                missing.push(q);
                continue;
            }
            if !q.applies(answers) {
                answers.remove(&q.id);
                continue;
            }
            if answers.contains(&q.id) {
                continue;
            }
            if let Some(a) = self.given.answer(q, self.kb)? {
                answers.set(&q.id, a);
                continue;
            }
            let default = self.default_for(q);
            if self.mode.accept_defaults {
                if let Some(d) = default.clone().or_else(|| empty_answer(q)) {
                    answers.set(&q.id, d);
                    continue;
                }
            }
            if self.mode.interactive {
                let a = self.ask(p, q, default.as_ref(), index)?;
                answers.set(&q.id, a);
                asked = true;
                continue;
            }
            missing.push(q);
        }
        if missing.is_empty() {
            Ok(asked)
        } else {
            Err(self.missing_error(&missing))
        }
    }

    /// coop.yaml's value, else the default in the data.
    fn default_for(&self, q: &Question) -> Option<Answer> {
        if let Some(a) = self.defaults.get(&q.id) {
            return Some(a.clone());
        }
        q.default
            .as_ref()
            .and_then(|d| Answer::from_yaml(q, d, self.kb).ok())
    }

    /// Asks one question until the answer is valid.
    fn ask(
        &self,
        p: &mut dyn Prompter,
        q: &Question,
        default: Option<&Answer>,
        index: &Index,
    ) -> Result<Answer> {
        p.say("");
        if let Some(help) = &q.help {
            p.say(&wrap(help, self.width, "  "));
        }
        match q.kind {
            Kind::Select => {
                let choices = q.choices(self.kb);
                let items: Vec<String> = choices
                    .iter()
                    .map(|c| fit(&c.label, self.width - 4))
                    .collect();
                let current = match default {
                    Some(Answer::Text(v)) => choices.iter().position(|c| &c.value == v),
                    _ => None,
                };
                let i = p.select(&q.prompt, &items, current.unwrap_or(0))?;
                Ok(Answer::Text(choices[i].value.clone()))
            }
            Kind::Multiselect => {
                let choices = q.choices(self.kb);
                let items: Vec<String> = choices
                    .iter()
                    .map(|c| fit(&c.label, self.width - 6))
                    .collect();
                let selected: &[String] = match default {
                    Some(Answer::List(l)) => l,
                    _ => &[],
                };
                let checked: Vec<bool> = choices
                    .iter()
                    .map(|c| selected.contains(&c.value))
                    .collect();
                let picked = p.multi_select(&q.prompt, &items, &checked)?;
                Ok(Answer::List(
                    picked
                        .into_iter()
                        .filter_map(|i| choices.get(i))
                        .map(|c| c.value.clone())
                        .collect(),
                ))
            }
            Kind::Confirm => {
                let d = matches!(default, Some(Answer::Bool(true)));
                Ok(Answer::Bool(p.confirm(&q.prompt, d)?))
            }
            Kind::ObjectionText => self.ask_objection_texts(p, q, index),
            Kind::Municipality => self.ask_municipality(p, q, default),
            Kind::Text | Kind::Number | Kind::List => {
                let shown = default.and_then(Answer::as_input);
                if shown.is_some() && !q.required {
                    p.say("  Druk op Enter om dit te houden, of typ - om het leeg te maken.");
                }
                loop {
                    let s = p.input(&q.prompt, shown.as_deref(), !q.required)?;
                    if s.trim() == "-" && !q.required {
                        return Ok(Answer::Empty);
                    }
                    match Answer::from_text(q, &s, self.kb) {
                        Ok(a) => return Ok(a),
                        Err(m) => p.say(&wrap(&m, self.width, "  ")),
                    }
                }
            }
        }
    }

    /// Asks for a municipality; a typo gets "Bedoelde je ...?" to pick from.
    fn ask_municipality(
        &self,
        p: &mut dyn Prompter,
        q: &Question,
        default: Option<&Answer>,
    ) -> Result<Answer> {
        let shown = default.and_then(Answer::as_input);
        loop {
            let s = p.input(&q.prompt, shown.as_deref(), !q.required)?;
            if s.trim().is_empty() && !q.required {
                return Ok(Answer::Empty);
            }
            let candidates: Vec<String> = match resolve::municipality(self.kb, &s) {
                Found::One { row, merged } => {
                    if let Some(m) = merged {
                        p.say(&wrap(
                            &format!(
                                "{} is op {} opgegaan in {}.",
                                m.former_name,
                                crate::core::date::dutch_text(&m.date),
                                row.name
                            ),
                            self.width,
                            "  ",
                        ));
                    }
                    return Ok(Answer::Text(answers::official_name(self.kb, row)));
                }
                Found::Ambiguous(rows) => {
                    p.say(&format!(
                        "  Er zijn {} gemeenten met de naam '{}'.",
                        rows.len(),
                        s.trim()
                    ));
                    rows.iter().map(|r| r.code.clone()).collect()
                }
                Found::None(suggestions) => {
                    p.say(&format!("  Geen gemeente gevonden voor '{}'.", s.trim()));
                    if suggestions.is_empty() {
                        p.say("  Controleer de spelling, of typ de CBS-code (zoals GM0344).");
                        continue;
                    }
                    suggestions
                }
            };
            let mut items: Vec<String> = candidates
                .iter()
                .map(|c| match resolve::municipality(self.kb, c) {
                    Found::One { row, .. } if row.code == *c => {
                        format!("{} ({})", row.cbs_name, row.province)
                    }
                    _ => c.clone(),
                })
                .collect();
            items.push("Geen van deze: opnieuw typen".to_string());
            let i = p.select("Bedoelde je een van deze?", &items, 0)?;
            if let Some(c) = candidates.get(i) {
                if let Found::One { row, .. } = resolve::municipality(self.kb, c) {
                    return Ok(Answer::Text(answers::official_name(self.kb, row)));
                }
            }
        }
    }

    /// Free texts, one per line until an empty line; each is matched against
    /// the objections right away, so the user sees what coop understood.
    fn ask_objection_texts(
        &self,
        p: &mut dyn Prompter,
        q: &Question,
        index: &Index,
    ) -> Result<Answer> {
        let mut texts = Vec::new();
        let prompt = format!("{} (leeg = klaar)", q.prompt);
        loop {
            let s = p.input(&prompt, None, true)?;
            let s = s.trim();
            if s.is_empty() {
                return Ok(Answer::List(texts));
            }
            match index.search(s, 1).first() {
                Some(m) => p.say(&wrap(
                    &format!("Dat lijkt op: \"{}\"", m.objection.objection),
                    self.width,
                    "  ",
                )),
                None => p.say(&wrap(
                    "coop herkent dit niet. Het komt in het plan als open punt.",
                    self.width,
                    "  ",
                )),
            }
            texts.push(s.to_string());
        }
    }

    /// The Dutch error for answers we cannot ask for (exit 2).
    fn missing_error(&self, missing: &[&Question]) -> Error {
        let mut lines = vec![
            "deze vragen hebben nog geen antwoord, en er is geen terminal om ze te stellen:"
                .to_string(),
        ];
        for q in missing {
            let condition = if q.when.is_empty() {
                String::new()
            } else {
                let parts: Vec<String> = q.when.iter().map(|c| c.describe()).collect();
                format!(" Alleen nodig als {}.", parts.join(" en "))
            };
            lines.push(format!("  --{} {}", q.id, value_name(q)));
            lines.push(wrap(
                &format!("{}{}{}", q.prompt, self.choice_hint(q), condition),
                80,
                "      ",
            ));
        }
        let no_default: Vec<String> = missing
            .iter()
            // A conditional question says when it is needed; with the
            // defaults its condition may not hold at all.
            .filter(|q| {
                q.when.is_empty() && self.default_for(q).is_none() && empty_answer(q).is_none()
            })
            .map(|q| format!("--{}", q.id))
            .collect();
        lines.push(
            "Geef ze mee als optie, of zet ze in een antwoordenbestand met de vraag als sleutel \
             (bijvoorbeeld naam: De Groene Hof) en gebruik --antwoorden BESTAND."
                .to_string(),
        );
        if !self.mode.accept_defaults {
            let mut tip = "Met --ja neemt coop het standaardantwoord waar er een is.".to_string();
            if !no_default.is_empty() {
                tip.push_str(&format!(" Zonder standaard: {}.", no_default.join(", ")));
            }
            lines.push(tip);
        }
        lines.push("Of start `coop start` in een terminal: dan stelt coop de vragen.".to_string());
        let text: Vec<String> = lines
            .iter()
            .map(|l| {
                if l.starts_with(' ') {
                    l.clone()
                } else {
                    wrap(l, 80, "")
                }
            })
            .collect();
        Error::Usage(text.join("\n"))
    }

    fn choice_hint(&self, q: &Question) -> String {
        match (q.kind, q.choices_from) {
            (_, Some(ChoicesFrom::Roles)) => {
                " (ids met komma's, zie `coop rollen`; of niemand)".to_string()
            }
            (_, Some(ChoicesFrom::Objections)) => {
                " (ids met komma's, zie `coop tegenwerpingen`)".to_string()
            }
            (Kind::Select | Kind::Multiselect, None) => format!(
                " (kies uit: {})",
                q.choices
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => String::new(),
        }
    }
}

/// The answer an optional question gets with --ja when it has no default.
fn empty_answer(q: &Question) -> Option<Answer> {
    match q.kind {
        _ if q.required => None,
        Kind::Multiselect | Kind::ObjectionText | Kind::List => Some(Answer::List(Vec::new())),
        Kind::Text | Kind::Number | Kind::Municipality => Some(Answer::Empty),
        Kind::Select | Kind::Confirm => None,
    }
}

/// The placeholder after a flag in help and errors.
fn value_name(q: &Question) -> &'static str {
    match q.kind {
        Kind::Text | Kind::ObjectionText => "TEKST",
        Kind::Number => "GETAL",
        Kind::List => "LIJST",
        Kind::Select => "KEUZE",
        Kind::Multiselect => "IDS",
        Kind::Confirm => "ja|nee",
        Kind::Municipality => "NAAM",
    }
}

#[cfg(test)]
mod tests;
