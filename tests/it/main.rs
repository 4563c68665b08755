//! One integration-test binary (one link step instead of eleven): each
//! module tests one part of the tool through the built `coop` binary or
//! the library.

mod browse;
mod common;
mod documents;
mod dossier;
mod fuzz;
mod journal;
mod overlay;
mod places;
mod rebut_accuracy;
mod safety;
mod snapshots;
mod spelling;
mod start;
mod start_pty;
