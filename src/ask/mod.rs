//! The guided questionnaire of `coop start`. Questions are data
//! (data/questions.yaml); the flow asks them through a `Prompter`, so the
//! same flow runs with dialoguer in a terminal and with a script in tests.
//! Without a terminal nothing is asked: missing answers are an error that
//! lists the flags that supply them.

pub mod dialoguer_prompter;
pub mod flow;
pub mod interrupt;
pub mod scripted;

use crate::error::Result;

/// Asks the user. Every method blocks until there is an answer; prompts
/// and messages go to the terminal (stderr), never to stdout.
pub trait Prompter {
    /// Shows a line of explanation (help, a summary, a warning).
    fn say(&mut self, text: &str);
    /// One line of text. With a default, an empty line returns the default.
    fn input(&mut self, prompt: &str, default: Option<&str>, allow_empty: bool) -> Result<String>;
    /// One item of `items`; returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
    /// Any items of `items`; returns their indexes.
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>>;
    /// Yes or no.
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;
}

/// Whether we can ask: dialoguer needs stdin and stderr to be terminals.
pub fn has_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Cuts `s` to at most `max` characters, ending in "…" when cut.
pub fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Wraps `text` for the terminal, each line indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let opts = textwrap::Options::new(width.max(20))
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::wrap(text.trim(), opts).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_on_characters() {
        assert_eq!(fit("wooncoöperatie", 20), "wooncoöperatie");
        assert_eq!(fit("wooncoöperatie", 8), "wooncoö…");
        assert_eq!(fit("één twee drie", 5), "één…");
    }
}
