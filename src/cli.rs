//! The command line, as clap derive types only. Help texts are Dutch;
//! command names are English with a Dutch alias (both always work).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "coop",
    version,
    about = "Lobbyhulp voor wooncoöperaties: weerleg tegenwerpingen, ken de gemeente, schrijf brieven en inspreekteksten.",
    long_about = None,
    after_help = "Voorbeeld: coop weerleg \"jullie willen alleen maar goedkope grond\"\nExitcodes: 0 gelukt, 1 niets gevonden, 2 verkeerd gebruik, 3 foute invoer of schrijven geweigerd.",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Eigen datamap die ingebouwde items aanvult of vervangt (zelfde id).
    #[arg(long, global = true, env = "COOP_DATA", value_name = "MAP")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Zoek de tegenwerping die je hoorde en krijg het antwoord.
    #[command(visible_alias = "weerleg")]
    Rebut(RebutArgs),

    /// Alle tegenwerpingen, of één tegenwerping volledig.
    #[command(visible_alias = "tegenwerpingen")]
    Objections(BrowseArgs),

    /// Argumenten voor wooncoöperaties.
    #[command(visible_alias = "argumenten")]
    Arguments(BrowseArgs),

    /// Wie is wie bij de gemeente, en hoe benader je ze.
    #[command(visible_alias = "rollen")]
    Roles(BrowseArgs),

    /// Actielijsten: concrete stappen voor elke situatie.
    Checklist(BrowseArgs),

    /// Wat bekend is over één gemeente, en wat je zelf moet opzoeken.
    #[command(visible_alias = "gemeente")]
    Municipality(MunicipalityArgs),

    /// Lijst van alle gemeenten.
    #[command(visible_alias = "gemeenten")]
    Municipalities(MunicipalitiesArgs),

    /// Politieke partijen en de thema's waar ze om geven.
    #[command(visible_alias = "partijen")]
    Parties(BrowseArgs),

    /// Controleer eigen databestanden.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },

    /// Maak aanvulling voor de shell (bash, zsh, fish, ...).
    Completions {
        /// De shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Controleer de YAML-bestanden in MAP zoals coop ze zou laden.
    #[command(visible_alias = "controleer")]
    Check {
        /// De map met eigen databestanden.
        #[arg(value_name = "MAP")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct RebutArgs {
    /// Wat je hoorde, in je eigen woorden. Gebruik - om van stdin te lezen.
    #[arg(required = true, value_name = "TEKST")]
    pub text: Vec<String>,

    /// Toon zoveel resultaten (de beste eerst).
    #[arg(short = 'n', long = "aantal", default_value_t = 1, value_name = "N")]
    pub limit: usize,

    /// Alleen het korte antwoord, voor aan de telefoon.
    #[arg(long)]
    pub kort: bool,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct BrowseArgs {
    /// Toon dit item volledig (zonder ID: een tabel van alles).
    #[arg(value_name = "ID")]
    pub id: Option<String>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct MunicipalityArgs {
    /// Naam of CBS-code van de gemeente (bijvoorbeeld "Den Bosch" of GM0796).
    #[arg(value_name = "NAAM")]
    pub name: Vec<String>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct MunicipalitiesArgs {
    /// Alleen de gemeenten in deze provincie.
    #[arg(long, value_name = "PROVINCIE")]
    pub provincie: Option<String>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// How to show knowledge base entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Leesbare tekst (tabel zonder ID).
    Text,
    /// Markdown.
    Md,
    /// JSON, voor scripts.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
