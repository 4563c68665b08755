//! Command-line types of the campaign journal: `log`, `contacts`, `todo`,
//! `dossier` and `timeline`. Part of `cli` (clap derive types only).

use clap::{Args, Subcommand};
use jiff::civil::Date;

use super::DocArgs;
use crate::core::journal::EventKind;
use crate::render::formats::ShowFormat;

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Voorbeelden:\n  coop journaal nieuw --soort gesprek --datum 2026-03-14 --met \"Jan de Vries\" --samenvatting \"Kennismaking\"\n  coop journaal --soort besluit --van 2025-01-01\n  coop journaal wijzig 2026-03-14-gesprek --uitkomst \"Hij komt kijken.\""
)]
pub struct LogArgs {
    #[command(subcommand)]
    pub command: Option<LogCommand>,

    #[command(flatten)]
    pub filter: LogFilter,
}

/// Which events `coop log` shows.
#[derive(Debug, Args)]
pub struct LogFilter {
    /// Alleen gebeurtenissen van deze soort.
    #[arg(long, value_name = "SOORT", value_enum)]
    pub soort: Option<EventKind>,

    /// Alleen gebeurtenissen met deze persoon (een deel van de naam is genoeg).
    #[arg(long, value_name = "NAAM")]
    pub met: Option<String>,

    /// Vanaf deze datum.
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub van: Option<Date>,

    /// Tot en met deze datum.
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub tot: Option<Date>,

    /// Alleen wat openbaar is (op de tijdlijn staat).
    #[arg(long)]
    pub openbaar: bool,

    /// Alleen de laatste N gebeurtenissen.
    #[arg(short = 'n', long, value_name = "N")]
    pub laatste: Option<usize>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Zet een gebeurtenis in het journaal. Wat ontbreekt, vraagt coop (in een terminal).
    #[command(visible_alias = "nieuw")]
    Add(LogAddArgs),

    /// Toon één gebeurtenis volledig.
    #[command(visible_alias = "toon")]
    Show {
        /// De id van de gebeurtenis (zie `coop journaal`).
        id: String,

        /// Uitvoervorm.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },

    /// Wijzig een gebeurtenis. De id blijft hetzelfde.
    #[command(visible_alias = "wijzig")]
    Edit(LogEditArgs),

    /// Haal een gebeurtenis (en haar vervolgacties) uit het journaal.
    #[command(visible_alias = "verwijder")]
    Remove {
        /// De id van de gebeurtenis (zie `coop journaal`).
        id: String,

        /// Niet om bevestiging vragen.
        #[arg(long)]
        ja: bool,
    },
}

#[derive(Debug, Args)]
pub struct LogAddArgs {
    /// Wat voor gebeurtenis.
    #[arg(long, value_name = "SOORT", value_enum)]
    pub soort: Option<EventKind>,

    /// Wanneer het gebeurde.
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub datum: Option<Date>,

    /// Met wie (mag vaker). Nodig bij gesprek, rondleiding en wisseling.
    #[arg(long, value_name = "NAAM")]
    pub met: Vec<String>,

    /// Wat er gebeurde, in één of twee zinnen.
    #[arg(long, value_name = "TEKST")]
    pub samenvatting: Option<String>,

    /// Rol van een nieuw contact, zie `coop rollen` (bij wisseling: de rol die de persoon krijgt).
    #[arg(long, value_name = "ROL")]
    pub rol: Option<String>,

    /// Partij van een nieuw contact.
    #[arg(long, value_name = "PARTIJ")]
    pub partij: Option<String>,

    /// Organisatie van een nieuw contact.
    #[arg(long, value_name = "NAAM")]
    pub organisatie: Option<String>,

    /// Wat het opleverde.
    #[arg(long, value_name = "TEKST")]
    pub uitkomst: Option<String>,

    /// Een afspraak die jullie maakten (mag vaker).
    #[arg(long, value_name = "TEKST")]
    pub afspraak: Vec<String>,

    /// Tegenwerpingen die jullie hoorden, als ids (met komma's; zie `coop tegenwerpingen`).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub tegenwerping: Vec<String>,

    /// Een link, bijvoorbeeld naar een verslag of nieuwsbericht (mag vaker).
    #[arg(long, value_name = "URL")]
    pub link: Vec<String>,

    /// Zet deze gebeurtenis op de openbare tijdlijn.
    #[arg(long)]
    pub openbaar: bool,

    /// Een vervolgactie met datum, bijvoorbeeld 2026-03-28:"Plan sturen" (mag vaker).
    #[arg(long, value_name = "JJJJ-MM-DD:TEKST")]
    pub vervolg: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LogEditArgs {
    /// De id van de gebeurtenis (zie `coop journaal`).
    pub id: String,

    /// Nieuwe soort.
    #[arg(long, value_name = "SOORT", value_enum)]
    pub soort: Option<EventKind>,

    /// Nieuwe datum.
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub datum: Option<Date>,

    /// Met wie (vervangt de namen; mag vaker).
    #[arg(long, value_name = "NAAM")]
    pub met: Vec<String>,

    /// Nieuwe samenvatting.
    #[arg(long, value_name = "TEKST")]
    pub samenvatting: Option<String>,

    /// Nieuwe uitkomst (leeg: weghalen).
    #[arg(long, value_name = "TEKST")]
    pub uitkomst: Option<String>,

    /// Voeg een afspraak toe (mag vaker).
    #[arg(long, value_name = "TEKST")]
    pub afspraak: Vec<String>,

    /// Voeg tegenwerpingen toe (ids, met komma's).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub tegenwerping: Vec<String>,

    /// Voeg een link toe (mag vaker).
    #[arg(long, value_name = "URL")]
    pub link: Vec<String>,

    /// Zet de gebeurtenis op de openbare tijdlijn.
    #[arg(long, conflicts_with = "niet_openbaar")]
    pub openbaar: bool,

    /// Haal de gebeurtenis van de openbare tijdlijn.
    #[arg(long)]
    pub niet_openbaar: bool,

    /// Voeg een vervolgactie toe, bijvoorbeeld 2026-03-28:"Plan sturen" (mag vaker).
    #[arg(long, value_name = "JJJJ-MM-DD:TEKST")]
    pub vervolg: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ContactsArgs {
    /// Ook wie niet meer in die rol zit.
    #[arg(long)]
    pub alle: bool,

    /// Alleen mensen met deze rol (zie `coop rollen`).
    #[arg(long, value_name = "ROL")]
    pub rol: Option<String>,

    /// Peildatum (standaard vandaag).
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub datum: Option<Date>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Exitcodes: 0 niets dat nu moet, 4 er is iets voor vandaag of te laat, 2 verkeerd gebruik, 3 foute invoer.\nVoorbeeld voor cron (elke maandag om 8 uur):\n  0 8 * * 1 cd ~/coop && coop todo > todo.txt; [ $? -eq 4 ] && mail -s Vervolgacties ik@voorbeeld.nl < todo.txt"
)]
pub struct TodoArgs {
    #[command(subcommand)]
    pub command: Option<TodoCommand>,

    /// Doe alsof het vandaag deze datum is.
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub datum: Option<Date>,

    /// Ook de acties die klaar zijn.
    #[arg(long)]
    pub alle: bool,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Subcommand)]
pub enum TodoCommand {
    /// Zet een vervolgactie op klaar.
    Klaar {
        /// De id van de actie (zie `coop todo`).
        id: String,

        /// Wanneer het klaar was (standaard vandaag).
        #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
        datum: Option<Date>,
    },

    /// Zet een nieuwe vervolgactie in het journaal.
    #[command(visible_alias = "nieuw")]
    Add {
        /// Wanneer het klaar moet zijn.
        #[arg(value_name = "DATUM", value_parser = crate::cli::day)]
        datum: Date,

        /// Wat er moet gebeuren.
        #[arg(value_name = "TEKST")]
        wat: String,

        /// De id van de gebeurtenis waar de actie bij hoort.
        #[arg(long, value_name = "ID")]
        bij: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct DossierArgs {
    #[command(flatten)]
    pub doc: DocArgs,

    /// Voor wie het dossier is.
    #[arg(long, value_enum)]
    pub voor: crate::compose::dossier::Reader,

    /// De precieze rol (zie `coop rollen`), bijvoorbeeld specialist-grondzaken.
    #[arg(long, value_name = "ROL")]
    pub rol: Option<String>,

    /// Naam van de lezer (standaard: wie de rol nu heeft volgens het journaal).
    #[arg(long, value_name = "NAAM")]
    pub naam: Option<String>,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub doc: DocArgs,
}
