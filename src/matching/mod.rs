//! Free Dutch text → the objections it contains.

pub mod analyzer;
pub mod context;
pub mod find;
pub mod model;
pub mod search;
pub mod sentences;
pub mod stem;

pub use find::{find_all, unplaced, Found, Unplaced};
