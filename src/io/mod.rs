//! The only layer that touches the filesystem for writing and the terminal:
//! stdout, stderr notes, tables, atomic files, and the YAML error messages
//! every reader shares.

pub mod input;
pub mod lock;
pub mod output;
pub mod signals;
