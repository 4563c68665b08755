//! One module per command family. Each builds a view (compose), renders it
//! (render) and hands the result to output.

pub mod browse;
pub mod contacts;
pub mod council;
pub mod data;
pub mod dossier;
pub mod init;
pub mod journal;
pub mod letter;
pub mod parties;
pub mod places;
pub mod rebut;
pub mod serve;
pub mod shared;
pub mod speech;
pub mod start;

use clap::CommandFactory;
use serde::Serialize;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "coop", &mut buf);
    output::print_bytes(&buf)?;
    Ok(0)
}

/// Prints a value as pretty JSON.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let json = serde_json::to_string_pretty(value).map_err(|e| Error::Template {
        name: "json".into(),
        message: e.to_string(),
    })?;
    output::print(&json)
}

/// Prints Markdown as Markdown or as wrapped text.
pub fn print_markdown(md: &str, format: ShowFormat) -> Result<()> {
    match format {
        ShowFormat::Md => output::print(md),
        _ => output::print(&render::text::to_text(
            md,
            output::width().min(100) as usize,
        )),
    }
}
