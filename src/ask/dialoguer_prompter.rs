//! The prompter for a real terminal (dialoguer, on stderr). Yes/no is a
//! select of "Ja"/"Nee", because dialoguer's confirm only knows y/n.
//! Without colour when NO_COLOR is set or TERM is dumb.

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Select};

use super::Prompter;
use crate::error::{Error, Result};

pub struct DialoguerPrompter {
    theme: Box<dyn Theme>,
    term: dialoguer::console::Term,
}

impl Default for DialoguerPrompter {
    fn default() -> Self {
        Self::new()
    }
}

impl DialoguerPrompter {
    pub fn new() -> DialoguerPrompter {
        let plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let theme: Box<dyn Theme> = if plain {
            dialoguer::console::set_colors_enabled_stderr(false);
            Box::new(SimpleTheme)
        } else {
            Box::new(ColorfulTheme::default())
        };
        // Ctrl-C in a menu must show the cursor again that dialoguer hid
        // (for `coop start` and the journal's questions alike).
        super::interrupt::install();
        DialoguerPrompter {
            theme,
            term: dialoguer::console::Term::stderr(),
        }
    }

    /// dialoguer errors are I/O errors on the terminal.
    fn error(&self, e: dialoguer::Error) -> Error {
        let _ = self.term.show_cursor();
        let dialoguer::Error::IO(io) = e;
        Error::io("terminal", &io)
    }
}

impl Prompter for DialoguerPrompter {
    fn say(&mut self, text: &str) {
        let _ = self.term.write_line(text);
    }

    fn input(&mut self, prompt: &str, default: Option<&str>, allow_empty: bool) -> Result<String> {
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(allow_empty);
        if let Some(d) = default {
            input = input.default(d.to_string());
        }
        input.interact_text().map_err(|e| self.error(e))
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact()
            .map_err(|e| self.error(e))
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>> {
        MultiSelect::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .defaults(checked)
            .interact()
            .map_err(|e| self.error(e))
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        let items = ["Ja".to_string(), "Nee".to_string()];
        let i = self.select(prompt, &items, if default { 0 } else { 1 })?;
        Ok(i == 0)
    }
}
