//! Pure selection and assembly: turns knowledge base entries into the
//! context a template or JSON output needs. No I/O here.

pub mod document;
pub mod dossier;
pub mod letter;
pub mod manifest;
pub mod places;
pub mod plan;
pub mod speech;
pub mod tailor;
pub mod timeline;
pub mod views;
