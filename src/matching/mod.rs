//! Free Dutch text → the objections it contains.

pub mod search;
pub mod stem;
