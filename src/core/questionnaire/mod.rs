//! The questionnaire as data: questions and plan rules
//! (`data/questions.yaml`) and the values of answers.

pub mod answers;
pub mod questions;
