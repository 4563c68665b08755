//! `coop serve`: the web app. Thin glue: the command line's choices become
//! a `web::Config`, and `web::serve` does the rest.

use std::path::Path;

use crate::cli::ServeArgs;
use crate::core::kb::Kb;
use crate::error::Result;

use super::shared::Paths;

pub fn run(kb: Kb, paths: &Paths, args: &ServeArgs) -> Result<u8> {
    crate::web::serve(
        kb,
        crate::web::Config {
            host: args.host.clone(),
            port: args.port,
            token: args.token.clone(),
            open: args.open,
            profile: paths.profile.map(Path::to_path_buf),
            journal: paths.journal.clone(),
        },
    )?;
    Ok(0)
}
