//! coop: a lobbying assistant for Dutch housing cooperatives.
//!
//! `run` dispatches one parsed command line. Data flows one way:
//! cli → Kb (+ profile) → compose (pure) → render (Markdown and writers)
//! → output (the only module that writes).

pub(crate) mod ask;
pub mod cli;
pub(crate) mod commands;
pub mod compose;
pub mod core;
pub mod error;
pub mod io;
#[cfg(test)]
mod layers;
pub mod matching;
pub mod render;
pub(crate) mod web;

use crate::core::kb::Kb;
use cli::{Cli, Command, DataCommand};
pub use error::{Error, Result};

/// Runs one command. Returns the exit code for a run that did its job
/// (0, or 1 when nothing was found in a non-error way).
pub fn run(cli: Cli) -> Result<u8> {
    // --data, else coop-data next to the profile when it exists.
    let data = Kb::data_dir(cli.data.as_deref(), cli.profiel.as_deref());
    // Where imports and recorded facts go: the same, or coop-data made new.
    let own_data = || {
        data.clone()
            .unwrap_or_else(|| Kb::own_data_dir(cli.profiel.as_deref()))
    };
    let load = || Kb::load(data.as_deref());
    let journal = || core::journal::path(cli.journaal.as_deref(), cli.profiel.as_deref());
    let paths = || commands::shared::Paths {
        profile: cli.profiel.as_deref(),
        journal: journal(),
    };
    match &cli.command {
        Command::Rebut(args) => {
            // Not dropped: the process ends right after, and freeing a few
            // thousand strings one by one was 5% of a one-sentence run.
            let kb = std::mem::ManuallyDrop::new(Kb::load_for_objections(data.as_deref())?);
            commands::rebut::run(&kb, args)
        }
        Command::Objections(args) => commands::browse::objections(&load()?, args),
        Command::Arguments(args) => commands::browse::arguments(&load()?, args),
        Command::Roles(args) => commands::browse::roles(&load()?, args),
        Command::Checklist(args) => commands::browse::checklists(&load()?, args),
        Command::Municipality(args) => commands::places::municipality(&load()?, args),
        Command::Municipalities(args) => commands::places::municipalities(&load()?, args),
        Command::Parties(args) => commands::parties::run(&load()?, args),
        Command::Letter(args) => commands::letter::run(&load()?, &paths(), args),
        Command::Speech(args) => commands::speech::run(&load()?, &paths(), args),
        Command::Document(doc) => commands::shared::document(&load()?, &paths(), doc.kind()),
        Command::Init(args) => commands::init::run(&load()?, cli.profiel.as_deref(), args),
        Command::Start(args) => {
            commands::start::run(&load()?, cli.profiel.as_deref(), &own_data(), args)
        }
        Command::Log(args) => commands::journal::run(&load()?, &journal(), args),
        Command::Contacts(args) => commands::contacts::contacts(&load()?, &journal(), args),
        Command::Todo(args) => commands::contacts::todo(&load()?, &journal(), args),
        Command::Dossier(args) => {
            commands::dossier::dossier(&load()?, cli.profiel.as_deref(), &journal(), args)
        }
        Command::Timeline(args) => {
            commands::dossier::timeline(&load()?, cli.profiel.as_deref(), &journal(), args)
        }
        Command::Data {
            command: DataCommand::Check { dir },
        } => commands::data::check(dir),
        Command::Data {
            command: DataCommand::Import(args),
        } => commands::council::import(&load()?, &own_data(), args),
        Command::Council(args) => {
            commands::council::run(&load()?, &own_data(), cli.profiel.as_deref(), args)
        }
        Command::Serve(args) => commands::serve::run(load()?, &paths(), args),
        Command::Completions { shell } => commands::completions(*shell),
    }
}
