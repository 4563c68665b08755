//! A prompter that plays a script: for unit tests of the flow, and for
//! anything that wants to drive the questionnaire without a terminal.

use std::collections::VecDeque;

use super::Prompter;
use crate::error::{Error, Result};

/// One scripted reply.
// Replies are made by tests; without a terminal the flow runs with an empty
// script and never asks.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Type this line.
    Text(String),
    /// Press Enter: take the default (or an empty line).
    Enter,
    /// Pick the item whose text contains this.
    Pick(String),
    /// Pick the items with these indexes (multi-select).
    Multi(Vec<usize>),
    Yes,
    No,
}

#[cfg(test)]
pub fn text(s: &str) -> Reply {
    Reply::Text(s.to_string())
}

#[cfg(test)]
pub fn pick(s: &str) -> Reply {
    Reply::Pick(s.to_string())
}

#[derive(Debug, Default)]
pub struct Scripted {
    replies: VecDeque<Reply>,
    /// Every prompt shown, in order.
    pub prompts: Vec<String>,
    /// Every line said.
    pub said: Vec<String>,
}

#[cfg(test)]
impl Scripted {
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Scripted {
        Scripted {
            replies: replies.into_iter().collect(),
            ..Scripted::default()
        }
    }

    /// Replies not used (a test usually expects none).
    pub fn left(&self) -> usize {
        self.replies.len()
    }
}

impl Scripted {
    fn next(&mut self, prompt: &str) -> Result<Reply> {
        self.prompts.push(prompt.to_string());
        self.replies
            .pop_front()
            .ok_or_else(|| Error::Usage(format!("script: geen antwoord meer voor '{prompt}'")))
    }

    fn wrong(prompt: &str, reply: &Reply) -> Error {
        Error::Usage(format!("script: '{prompt}' kan niet met {reply:?}"))
    }
}

impl Prompter for Scripted {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_string());
    }

    fn input(&mut self, prompt: &str, default: Option<&str>, allow_empty: bool) -> Result<String> {
        match self.next(prompt)? {
            Reply::Text(s) => Ok(s),
            Reply::Enter => match default {
                Some(d) => Ok(d.to_string()),
                None if allow_empty => Ok(String::new()),
                None => Err(Error::Usage(format!("script: '{prompt}' mag niet leeg"))),
            },
            other => Err(Self::wrong(prompt, &other)),
        }
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        match self.next(prompt)? {
            Reply::Enter => Ok(default),
            Reply::Pick(s) => items
                .iter()
                .position(|i| i.contains(&s))
                .ok_or_else(|| Error::Usage(format!("script: '{s}' staat niet in {items:?}"))),
            other => Err(Self::wrong(prompt, &other)),
        }
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>> {
        match self.next(prompt)? {
            Reply::Enter => Ok((0..items.len()).filter(|&i| checked[i]).collect()),
            Reply::Multi(v) if v.iter().all(|&i| i < items.len()) => Ok(v),
            other => Err(Self::wrong(prompt, &other)),
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        match self.next(prompt)? {
            Reply::Yes => Ok(true),
            Reply::No => Ok(false),
            Reply::Enter => Ok(default),
            other => Err(Self::wrong(prompt, &other)),
        }
    }
}
