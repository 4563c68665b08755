//! The command line, as clap derive types only. Help texts are Dutch;
//! command names are English with a Dutch alias (both always work).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;

use crate::compose::manifest;
use crate::core::kb::Kb;
use crate::render::formats::{DocFormat, ShowFormat};
use crate::render::pipeline::AnyDocument;

mod journal;
pub mod usage;
pub use journal::*;

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

    /// Het profiel van jullie coöperatie (standaard: coop.yaml in deze map).
    #[arg(long, global = true, env = "COOP_PROFIEL", value_name = "BESTAND")]
    pub profiel: Option<PathBuf>,

    /// Het journaal (standaard: journaal.yaml naast het profiel).
    #[arg(long, global = true, env = "COOP_JOURNAAL", value_name = "BESTAND")]
    pub journaal: Option<PathBuf>,

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

    /// Schrijf een brief aan de raad, een fractie, een raadslid, de wethouder of de griffie.
    #[command(visible_alias = "brief")]
    Letter(LetterArgs),

    /// Schrijf een tekst om in te spreken bij de raad of een commissie.
    #[command(visible_alias = "inspreek")]
    Speech(SpeechArgs),

    #[command(flatten)]
    Document(DocCommand),

    /// Het campagnejournaal: gesprekken, brieven, besluiten en meer.
    #[command(visible_alias = "journaal")]
    Log(LogArgs),

    /// De mensen uit het journaal, met hun rol.
    #[command(visible_alias = "contacten")]
    Contacts(ContactsArgs),

    /// Vervolgacties die open staan, de oudste eerst.
    Todo(TodoArgs),

    /// Een dossier voor een nieuwe projectleider, wethouder, raadslid of specialist.
    Dossier(DossierArgs),

    /// Een openbare tijdlijn voor jullie website.
    #[command(visible_alias = "tijdlijn")]
    Timeline(TimelineArgs),

    /// Maak een coop.yaml met de gegevens van jullie coöperatie.
    Init(InitArgs),

    /// Weet je niet waar je moet beginnen? Beantwoord een paar vragen en krijg een plan en je eerste documenten.
    #[command(visible_alias = "vragenlijst")]
    Start(Box<StartArgs>),

    /// Wat bekend is over de gemeenteraad: partijen en zetels, wethouder wonen, griffie.
    #[command(visible_alias = "raad")]
    Council(CouncilArgs),

    /// Controleer eigen databestanden, of lees open data in (Kiesraad, register).
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },

    /// Dezelfde hulp in je browser: een kleine webserver op je eigen computer.
    #[command(
        after_help = "Voorbeeld: coop serve --open\nDe pagina's werken met coop.yaml en journaal.yaml in deze map (of --profiel). Stop met Ctrl-C."
    )]
    Serve(ServeArgs),

    /// Maak aanvulling voor de shell (bash, zsh, fish, ...).
    Completions {
        /// De shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// De poort (0 = een vrije poort).
    #[arg(long, default_value_t = 7171, value_name = "POORT")]
    pub port: u16,

    /// Het adres waarop coop luistert. Standaard alleen deze computer (127.0.0.1); een ander adres kan alleen met --token.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADRES")]
    pub host: String,

    /// Geheim dat in elke aanvraag moet staan (nodig bij een ander --host). coop zet het in het adres dat het toont.
    #[arg(long, value_name = "GEHEIM")]
    pub token: Option<String>,

    /// Open de pagina meteen in je browser.
    #[arg(long)]
    pub open: bool,
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

    /// Lees open data in: de uitslag van de Kiesraad of het register van overheidsorganisaties.
    #[command(
        visible_alias = "importeer",
        after_help = "Voorbeeld: coop data importeer kiesraad uitslag_GR2026.zip --data mijn-data\nDownload de bestanden zelf: de uitslag (EML 520 of CSV) bij de Kiesraad, exportOO.xml bij organisaties.overheid.nl."
    )]
    Import(ImportArgs),
}

/// The open data `coop data importeer` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Uitslag van de gemeenteraadsverkiezing (EML 520/510 of CSV, los of als zip).
    Kiesraad,
    /// Register van overheidsorganisaties (exportOO.xml, los of als zip).
    Organisaties,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Wat voor gegevens.
    #[arg(value_enum, value_name = "SOORT")]
    pub kind: ImportKind,

    /// De bestanden zoals je ze downloadde.
    #[arg(required = true, value_name = "BESTAND")]
    pub files: Vec<PathBuf>,

    /// Schrijf naar deze map (standaard: de datamap van --data of COOP_DATA).
    #[arg(long, value_name = "MAP")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CouncilArgs {
    #[command(subcommand)]
    pub command: Option<CouncilCommand>,

    /// De gemeente (standaard: gemeente uit coop.yaml).
    #[arg(long, value_name = "NAAM")]
    pub gemeente: Option<String>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Subcommand)]
pub enum CouncilCommand {
    /// Leg zelf een feit over de raad vast, met de bron.
    #[command(
        visible_alias = "zet",
        after_help = "Voorbeeld: coop raad zet wethouder-wonen \"Anna de Vries (GroenLinks)\" --bron https://www.gemeente.nl/college\nHet feit komt in je datamap (--data of COOP_DATA), in council_facts.yaml."
    )]
    Set(CouncilSetArgs),
}

#[derive(Debug, Args)]
pub struct CouncilSetArgs {
    /// Welk feit.
    #[arg(value_enum)]
    pub feit: crate::core::council::FactKind,

    /// De waarde (bij een adres: regels met een komma ertussen).
    #[arg(required = true, value_name = "WAARDE")]
    pub waarde: Vec<String>,

    /// Waar je het vond: een URL, of "eigen waarneming, DATUM".
    #[arg(long, required = true, value_name = "BRON")]
    pub bron: String,

    /// De gemeente (standaard: gemeente uit coop.yaml).
    #[arg(long, value_name = "NAAM")]
    pub gemeente: Option<String>,
}

#[derive(Debug, Args)]
pub struct RebutArgs {
    /// Wat je hoorde, in je eigen woorden. Gebruik - om van stdin te lezen.
    #[arg(required = true, value_name = "TEKST")]
    pub text: Vec<String>,

    /// Toon hoogstens zoveel tegenwerpingen. Zonder deze optie: bij één zin
    /// de beste, bij een langere tekst elke tegenwerping die erin staat.
    #[arg(short = 'n', long = "aantal", value_name = "N")]
    pub limit: Option<usize>,

    /// Alleen het korte antwoord, voor aan de telefoon.
    #[arg(long)]
    pub kort: bool,

    /// Toon ook welke woorden de doorslag gaven.
    #[arg(long)]
    pub waarom: bool,

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

    /// Alleen de gemeenten waar deze partij zetels heeft (uit de ingelezen uitslagen).
    #[arg(long, value_name = "PARTIJ")]
    pub partij: Option<String>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// Options every document command has.
#[derive(Debug, Args)]
pub struct DocArgs {
    /// De gemeente (standaard: gemeente uit coop.yaml).
    #[arg(long, value_name = "NAAM")]
    pub gemeente: Option<String>,

    /// Uitvoervorm.
    #[arg(long, value_enum, default_value_t = DocFormat::Md)]
    pub format: DocFormat,

    /// Schrijf naar dit bestand (of deze map, bij --ontvangers) in plaats van naar het scherm.
    #[arg(long, short = 'o', value_name = "PAD")]
    pub out: Option<PathBuf>,

    /// Overschrijf bestaande bestanden.
    #[arg(long)]
    pub force: bool,

    /// Datum in het document (standaard vandaag).
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub datum: Option<Date>,

    /// Zet het document als gebeurtenis in het journaal (met --out), met een vervolgactie als het document die belooft.
    #[arg(long, requires = "out")]
    pub log: bool,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    #[command(flatten)]
    pub doc: DocArgs,

    /// Aan wie de brief gaat.
    #[arg(long, value_enum, default_value_t = crate::compose::letter::Recipient::Raad)]
    pub aan: crate::compose::letter::Recipient,

    /// Naam van het raadslid of de wethouder.
    #[arg(long, value_name = "NAAM")]
    pub naam: Option<String>,

    /// Partij van de lezer; kiest en ordent de argumenten. Elke naam mag, ook van een lokale partij.
    #[arg(long, value_name = "PARTIJ")]
    pub partij: Option<String>,

    /// Thema's waar de lezer om geeft (ids met komma's, zie `coop partijen`), bijvoorbeeld betaalbaarheid,zorg.
    #[arg(long, value_delimiter = ',', value_name = "THEMA'S")]
    pub thema: Vec<String>,

    /// Zet het concept van de motie onder de brief (bij --doel motie).
    #[arg(long)]
    pub met_motie: bool,

    /// Eigen aanhef, bijvoorbeeld "Geachte mevrouw De Vries".
    #[arg(long, value_name = "TEKST")]
    pub aanhef: Option<String>,

    /// Mailadres van de ontvanger (voor --format eml).
    #[arg(long, value_name = "ADRES")]
    pub email: Option<String>,

    /// Wat jullie vragen.
    #[arg(long, value_enum, default_value_t = crate::compose::letter::Goal::Gesprek)]
    pub doel: crate::compose::letter::Goal,

    /// Tegenwerpingen die de brief vooraf weerlegt (ids, met komma's).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub weerleg: Vec<String>,

    /// Hoogstens zoveel woorden.
    #[arg(long, value_name = "N")]
    pub woorden: Option<usize>,

    /// CSV met raadsleden (naam, partij, email; optioneel aanhef, fractie): één brief per rij in --out MAP.
    #[arg(long, value_name = "CSV", conflicts_with = "reactie_op")]
    pub ontvangers: Option<PathBuf>,

    /// Beantwoord de mail of het verslag van de gemeente in dit bestand (- = stdin): elk bezwaar met ons antwoord.
    #[arg(long, value_name = "BESTAND")]
    pub reactie_op: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SpeechArgs {
    #[command(flatten)]
    pub doc: DocArgs,

    /// Spreektijd in minuten (standaard: de regel van de gemeente, anders 3).
    #[arg(long, value_name = "M")]
    pub minuten: Option<f64>,

    /// Het agendapunt waarover je inspreekt.
    #[arg(long, value_name = "TEKST")]
    pub agendapunt: Option<String>,

    /// Wat jullie vragen.
    #[arg(long, value_enum, default_value_t = crate::compose::letter::Goal::Steun)]
    pub doel: crate::compose::letter::Goal,

    /// Tegenwerpingen die jullie gehoord hebben en die de tekst beantwoordt (ids, met komma's).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub weerleg: Vec<String>,

    /// Spreek je in bij de raad of bij een commissie? (standaard: wat bekend is over de gemeente, anders raad)
    #[arg(long, value_enum, value_name = "SOORT")]
    pub vergadering: Option<crate::compose::speech::Meeting>,
}

#[derive(Debug, Args)]
pub struct MotionArgs {
    #[command(flatten)]
    pub doc: DocArgs,

    /// Wat de motie vraagt.
    #[arg(long, value_enum, default_value_t = crate::compose::letter::Goal::Beleid)]
    pub doel: crate::compose::letter::Goal,

    /// De partij die de motie indient (elke naam mag).
    #[arg(long, value_name = "PARTIJ")]
    pub partij: Option<String>,

    /// Naam van het raadslid dat de motie indient.
    #[arg(long, value_name = "NAAM")]
    pub naam: Option<String>,

    /// Datum van de vergadering.
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub vergaderdatum: Option<Date>,
}

#[derive(Debug, Args)]
pub struct ManifestArgs {
    #[command(flatten)]
    pub doc: DocArgs,

    /// YAML-bestand met de ondertekenaars: een lijst van namen, of van profielen (naam, leden, ...).
    #[arg(long, value_name = "BESTAND")]
    pub ondertekenaars: Option<PathBuf>,

    /// De partijen in jullie raad (met komma's; standaard de partijen met zetels uit de ingelezen uitslag, anders alle bekende partijen).
    #[arg(long, value_delimiter = ',', value_name = "PARTIJEN")]
    pub partijen: Vec<String>,
}

/// Document kinds that take the command line's one shared path
/// (`commands::shared::document`). A new kind is a variant here, its
/// arguments and its `ToDocument` impl: no glue of its own.
#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// Schrijf een concept-manifest voor een groep coöperaties.
    Manifest(ManifestArgs),

    /// Schrijf een conceptmotie die een fractie kan indienen.
    #[command(visible_alias = "motie")]
    Motion(MotionArgs),
}

impl DocCommand {
    pub fn kind(&self) -> &dyn ToDocument {
        match self {
            DocCommand::Manifest(a) => a,
            DocCommand::Motion(a) => a,
        }
    }
}

impl ToDocument for MotionArgs {
    fn doc_args(&self) -> &DocArgs {
        &self.doc
    }

    fn document<'a>(&'a self, kb: &'a Kb) -> crate::Result<Box<dyn AnyDocument + 'a>> {
        let (party, label) = match self.partij.as_deref() {
            Some(p) => crate::compose::letter::party_or_local(kb, p),
            None => (None, None),
        };
        Ok(Box::new(crate::compose::motion::MotionRequest {
            goal: self.doel,
            meeting_date: self.vergaderdatum.map(crate::core::date::dutch),
            name: self.naam.as_deref(),
            party,
            party_label: label,
        }))
    }
}

/// Parsed arguments → the document request they ask for.
pub trait ToDocument {
    fn doc_args(&self) -> &DocArgs;
    fn document<'a>(&'a self, kb: &'a Kb) -> crate::Result<Box<dyn AnyDocument + 'a>>;
}

impl ToDocument for ManifestArgs {
    fn doc_args(&self) -> &DocArgs {
        &self.doc
    }

    fn document<'a>(&'a self, kb: &'a Kb) -> crate::Result<Box<dyn AnyDocument + 'a>> {
        Ok(Box::new(manifest::ManifestRequest {
            signatories: self
                .ondertekenaars
                .as_deref()
                .map(crate::core::recipients::read_signatories)
                .transpose()?,
            parties: manifest::parties(kb, &self.partijen),
            parties_named: !self.partijen.is_empty(),
        }))
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Vul een veld in, bijvoorbeeld --set naam="De Groene Hof" (mag vaker).
    #[arg(long = "set", value_name = "VELD=WAARDE")]
    pub set: Vec<String>,

    /// Overschrijf een bestaande coop.yaml.
    #[arg(long)]
    pub force: bool,

    /// Toon een volledig ingevuld voorbeeld van coop.yaml (met uitleg bij elk veld) en schrijf niets.
    #[arg(long, conflicts_with_all = ["set", "force"])]
    pub voorbeeld: bool,
}

/// `coop start`: every question of data/questions.yaml has a flag with the
/// same name (checked by a test), so a run can be scripted.
#[derive(Debug, Args)]
#[command(
    after_help = "Zonder terminal stelt coop geen vragen: geef dan elk antwoord mee als optie of in een antwoordenbestand, of gebruik --ja.\nExitcodes: 0 gelukt, 2 antwoord ontbreekt of klopt niet, 3 fout in een bestand of schrijven geweigerd, 130 afgebroken met Ctrl-C."
)]
pub struct StartArgs {
    /// Antwoorden uit een antwoordenbestand (zoals het antwoorden.yaml dat coop start schrijft).
    #[arg(long, value_name = "BESTAND")]
    pub antwoorden: Option<PathBuf>,

    /// Neem het standaardantwoord bij elke vraag die er een heeft, en schrijf de documenten.
    #[arg(long, visible_alias = "defaults")]
    pub ja: bool,

    /// Schrijf geen brief en geen inspreektekst; alleen coop.yaml, antwoorden.yaml en het plan.
    #[arg(long)]
    pub geen_documenten: bool,

    /// Overschrijf bestaande bestanden zonder te vragen.
    #[arg(long)]
    pub force: bool,

    /// Schrijf het plan (Markdown) naar dit bestand in plaats van naar het scherm.
    #[arg(long, short = 'o', value_name = "PAD")]
    pub out: Option<PathBuf>,

    /// Uitvoervorm van het plan op het scherm (standaard: tekst).
    #[arg(long, value_enum)]
    pub format: Option<ShowFormat>,

    /// Datum in de documenten (standaard vandaag).
    #[arg(long, value_name = "DATUM", value_parser = crate::cli::day)]
    pub datum: Option<Date>,

    /// One flag per question of the questionnaire (see `AnswerFlags`).
    #[command(flatten)]
    pub answers: AnswerFlags,
}

/// `--ID` for every question in data/questions.yaml (generated by build.rs),
/// so a question added to the data can be answered from a script at once.
#[derive(Debug, Clone, Default)]
pub struct AnswerFlags {
    /// (question id, the values given), in question order.
    pub given: Vec<(&'static str, Vec<String>)>,
}

/// (id, value name, help, may repeat), from data/questions.yaml.
pub const ANSWER_FLAGS: &[(&str, &str, &str, bool)] =
    include!(concat!(env!("OUT_DIR"), "/answer_flags.rs"));

impl clap::FromArgMatches for AnswerFlags {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let given = ANSWER_FLAGS
            .iter()
            .filter_map(|(id, ..)| {
                let values: Vec<String> = m.get_many::<String>(id)?.cloned().collect();
                Some((*id, values))
            })
            .collect();
        Ok(AnswerFlags { given })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for AnswerFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        ANSWER_FLAGS
            .iter()
            .fold(cmd, |cmd, (id, value, help, repeat)| {
                cmd.arg(
                    clap::Arg::new(*id)
                        .long(*id)
                        .value_name(*value)
                        .help(*help)
                        .help_heading("Antwoorden")
                        .action(if *repeat {
                            clap::ArgAction::Append
                        } else {
                            clap::ArgAction::Set
                        }),
                )
            })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
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

/// Parses a date flag once, at the edge: JJJJ-MM-DD or DD-MM-JJJJ, a day
/// that exists.
pub fn day(s: &str) -> Result<Date, String> {
    crate::core::date::parse(s).ok_or_else(|| {
        format!(
            "geen bestaande datum; schrijf {}",
            crate::core::date::FORMATS
        )
    })
}

/// Offers a `Choice` on the command line by its ids and help texts.
macro_rules! value_enum {
    ($($t:ty),+) => {$(
        impl clap::ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                <$t as crate::core::choice::Choice>::ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                use crate::core::choice::Choice;
                Some(clap::builder::PossibleValue::new(self.id()).help(Choice::help(*self)))
            }
        }
    )+};
}

value_enum!(
    crate::compose::speech::Meeting,
    crate::core::council::FactKind,
    crate::core::choice::Recipient,
    crate::core::journal::EventKind,
    crate::core::choice::Goal,
    crate::compose::dossier::Reader,
    crate::render::formats::DocFormat,
    crate::render::formats::ShowFormat
);
