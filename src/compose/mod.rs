//! Pure selection and assembly: turns knowledge base entries into the
//! context a template or JSON output needs. No I/O here.

pub mod places;
pub mod tailor;
pub mod views;
