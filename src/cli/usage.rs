//! The command line in Dutch: clap renders help and errors in English, so
//! the help text gets Dutch headings and usage errors get a Dutch message
//! that names the flag and what to do.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use crate::cli::Cli;
use crate::io::output;

/// Parses argv. On help or version it prints and returns the exit code to
/// use; on a usage error it prints a Dutch message and returns 2.
pub fn parse() -> Result<Cli, u8> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) => Err(report(&e)),
    }
}

fn report(e: &clap::Error) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe (`coop --help | head -1`) is no error.
            let _ = output::print(dutch_help(&e.render().to_string()).trim_end());
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            output::note(dutch_help(&e.render().to_string()).trim_end());
            2
        }
        _ => {
            output::note(&format!("coop: {}", dutch_error(e)));
            2
        }
    }
}

/// Dutch headings and labels in clap's rendered help.
pub fn dutch_help(help: &str) -> String {
    const LINES: &[(&str, &str)] = &[
        ("Usage:", "Gebruik:"),
        ("Commands:", "Commando's:"),
        ("Options:", "Opties:"),
        ("Arguments:", "Argumenten:"),
    ];
    const PHRASES: &[(&str, &str)] = &[
        (
            "Print help (see a summary with '-h')",
            "Toon de hulp (korter met '-h')",
        ),
        (
            "Print help (see more with '--help')",
            "Toon de hulp (uitgebreider met '--help')",
        ),
        ("Print help", "Toon de hulp"),
        ("Print version", "Toon de versie"),
        ("[aliases: ", "[ook: "),
        ("[alias: ", "[ook: "),
        ("[default: ", "[standaard: "),
        ("[possible values: ", "[kies uit: "),
        ("Possible values:", "Mogelijke waarden:"),
        ("[OPTIONS]", "[OPTIES]"),
        ("<COMMAND>", "<COMMANDO>"),
    ];
    let mut out = String::with_capacity(help.len());
    for line in help.split_inclusive('\n') {
        let mut l = line.to_string();
        for (en, nl) in LINES {
            if let Some(rest) = l.strip_prefix(en) {
                l = format!("{nl}{rest}");
            }
        }
        for (en, nl) in PHRASES {
            if l.contains(en) {
                l = l.replace(en, nl);
            }
        }
        out.push_str(&l);
    }
    out
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A Dutch message for a usage error, naming the flag and the fix.
pub fn dutch_error(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = crate::error::excerpt(&context(e, ContextKind::InvalidValue).unwrap_or_default());
    let suggestion = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue))
        .map(|s| format!(" Bedoelde je '{s}'?"))
        .unwrap_or_default();
    let see = " Zie `coop --help`, of `coop COMMANDO --help`.";
    match e.kind() {
        ErrorKind::UnknownArgument => format!("onbekende optie '{arg}'.{suggestion}{see}"),
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("onbekend commando '{sub}'.{suggestion}{see}")
        }
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .filter(|v| !v.trim().is_empty())
                .map(|v| format!(" Kies uit: {v}."))
                .unwrap_or_default();
            if value.is_empty() {
                format!("{arg} heeft een waarde nodig.{valid}")
            } else {
                format!("'{value}' is geen geldige waarde voor {arg}.{valid}{suggestion}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            format!("'{value}' is geen geldige waarde voor {arg}{why}.")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("er ontbreekt iets: {arg}.{see}")
        }
        ErrorKind::MissingSubcommand => format!("geef een commando.{see}"),
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).unwrap_or_default();
            if arg.is_empty() {
                // An option of the list before a subcommand (`coop journaal
                // --journaal x toon`): it belongs after the subcommand.
                format!(
                    "{prior} staat voor het commando (zoals nieuw, toon of klaar). Zet het erachter, bijvoorbeeld: coop journaal toon ID {prior}.{see}"
                )
            } else {
                format!("{arg} en {prior} gaan niet samen.")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg}: verkeerd aantal waarden.{see}")
        }
        ErrorKind::NoEquals => format!("{arg}: schrijf de waarde met een '='.{see}"),
        _ => {
            // Keep clap's own first line rather than say nothing useful.
            let first = e.render().to_string();
            let first = first
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            format!("verkeerd gebruik: {first}.{see}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn error_for(args: &[&str]) -> String {
        let e = Cli::try_parse_from(args).unwrap_err();
        dutch_error(&e)
    }

    #[test]
    fn usage_errors_are_dutch_and_name_the_flag() {
        assert!(error_for(&["coop", "weerleg", "--formaat", "json", "x"])
            .starts_with("onbekende optie '--formaat'"));
        let msg = error_for(&["coop", "brief", "--aan", "burgemeester"]);
        assert!(
            msg.contains("'burgemeester' is geen geldige waarde voor --aan"),
            "{msg}"
        );
        assert!(msg.contains("raadslid"), "{msg}");
        assert!(error_for(&["coop", "weerlg", "x"]).contains("Bedoelde je 'weerleg'?"));
        let msg = error_for(&["coop", "inspreek", "--minuten", "drie"]);
        assert!(
            msg.contains("'drie' is geen geldige waarde voor --minuten"),
            "{msg}"
        );
    }

    #[test]
    fn help_has_dutch_headings() {
        let help = dutch_help(&Cli::command().render_help().to_string());
        assert!(
            help.contains("Gebruik:") && help.contains("Commando's:") && help.contains("Opties:")
        );
        assert!(help.contains("[ook: weerleg]"));
        assert!(!help.contains("Usage:") && !help.contains("Print help"));
    }
}
