//! Asking for what the command line left out. Prompts only happen in a
//! terminal (dialoguer); otherwise a missing value is a usage error that
//! lists the flags to give. Tests drive the questions with `Scripted`.

use std::collections::VecDeque;
use std::io::IsTerminal;

use crate::error::{Error, Result};

/// Asks the user one thing at a time.
pub trait Prompter {
    /// Free text; an empty answer gives `default` (or "").
    fn text(&mut self, question: &str, default: Option<&str>) -> Result<String>;
    /// One of `options`; returns its index.
    fn choose(&mut self, question: &str, options: &[String], default: usize) -> Result<usize>;
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;
}

/// A prompter when stdin and stderr are a terminal, else None.
pub fn terminal() -> Option<Terminal> {
    (std::io::stdin().is_terminal() && std::io::stderr().is_terminal()).then_some(Terminal)
}

/// Prompts on the terminal with dialoguer.
pub struct Terminal;

fn aborted(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    Error::Usage(format!(
        "vraag afgebroken ({e}). Er is niets opgeslagen. Geef de gegevens ook mee als optie."
    ))
}

impl Prompter for Terminal {
    fn text(&mut self, question: &str, default: Option<&str>) -> Result<String> {
        let mut input = dialoguer::Input::<String>::new()
            .with_prompt(question)
            .allow_empty(true);
        if let Some(d) = default {
            input = input.default(d.to_string());
        }
        input.interact_text().map_err(aborted)
    }

    fn choose(&mut self, question: &str, options: &[String], default: usize) -> Result<usize> {
        dialoguer::Select::new()
            .with_prompt(question)
            .items(options)
            .default(default)
            .interact()
            .map_err(aborted)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(default)
            .interact()
            .map_err(aborted)
    }
}

/// Answers given in advance, for tests. Running out is an error.
#[derive(Debug, Default)]
pub struct Scripted {
    answers: VecDeque<String>,
    /// The questions asked, in order.
    pub asked: Vec<String>,
}

impl Scripted {
    pub fn new(answers: &[&str]) -> Self {
        Scripted {
            answers: answers.iter().map(|a| a.to_string()).collect(),
            asked: Vec::new(),
        }
    }

    fn next(&mut self, question: &str) -> Result<String> {
        self.asked.push(question.to_string());
        self.answers
            .pop_front()
            .ok_or_else(|| Error::Usage(format!("geen antwoord op: {question}")))
    }
}

impl Prompter for Scripted {
    fn text(&mut self, question: &str, default: Option<&str>) -> Result<String> {
        let a = self.next(question)?;
        Ok(if a.is_empty() {
            default.unwrap_or_default().to_string()
        } else {
            a
        })
    }

    fn choose(&mut self, question: &str, options: &[String], default: usize) -> Result<usize> {
        let a = self.next(question)?;
        if a.is_empty() {
            return Ok(default);
        }
        options
            .iter()
            .position(|o| *o == a)
            .ok_or_else(|| Error::Usage(format!("'{a}' is geen keuze bij: {question}")))
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        Ok(match self.next(question)?.as_str() {
            "" => default,
            a => a == "ja",
        })
    }
}
