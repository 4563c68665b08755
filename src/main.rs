//! Thin entry: parse, run, map the result onto an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = coop::cli::Cli::parse();
    match coop::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if coop::output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "coop: {err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
