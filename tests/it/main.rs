//! One integration-test binary (one link step instead of eleven): each
//! module tests one part of the tool through the built `coop` binary or
//! the library.

// Tests may print what they measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod browse;
mod common;
mod council;
mod documents;
mod docx_schema;
mod dossier;
mod formats;
mod fuzz;
mod journal;
mod overlay;
mod places;
mod readme;
mod rebut_accuracy;
mod reply;
mod safety;
mod show_snapshots;
mod snapshots;
mod spelling;
mod start;
mod start_pty;
mod voice;
mod web;
mod web_browser;
