//! The domain: the knowledge base, the cooperative's profile, the journal,
//! the questionnaire's questions and answers, names and dates. No
//! knowledge of commands, templates or formats.

pub mod choice;
pub mod coop_yaml;
pub mod council;
pub mod date;
pub mod journal;
pub mod kb;
pub mod mailbox;
pub mod profile;
pub mod questionnaire;
pub mod recipients;
pub mod resolve;
pub mod suggest;
pub mod text;
