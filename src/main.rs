//! Thin entry: parse, run, map the result onto an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match coop::cli::usage::parse() {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    match coop::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if coop::io::output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Without control characters: a message may quote user text.
            coop::io::output::note(&format!("coop: {err}"));
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
