//! Form fields as sent by a browser: `name=value` pairs, a name may come
//! more than once (check boxes). Read from the query string or the body.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;

use crate::error::{Error, Result};

/// How the message about a body over the limit starts.
pub const TOO_LARGE: &str = "wat je stuurde is te groot";

#[derive(Debug, Default, Clone)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn from_query(query: Option<&str>) -> Fields {
        Fields(
            query
                .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
                .unwrap_or_default(),
        )
    }

    /// The fields of a POST body; a body over the limit or not a form is a
    /// Dutch error.
    pub fn from_body(body: std::result::Result<Bytes, BytesRejection>) -> Result<Fields> {
        let bytes = body.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Error::Usage(format!(
                    "{TOO_LARGE}. coop serve neemt hoogstens {} aan. Geef een kortere tekst.",
                    crate::io::input::size_text(super::BODY_LIMIT as u64)
                ))
            } else {
                Error::Usage("coop kon het formulier niet lezen. Probeer het opnieuw.".into())
            }
        })?;
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .map(Fields)
            .map_err(|_| {
                Error::Usage(
                    "coop kon het formulier niet lezen (geen gewone tekst). Probeer het opnieuw."
                        .into(),
                )
            })
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed; None when empty.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// Every non-empty value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// Every field, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// Fields of a GET and a POST together (the body after the query).
    pub fn merge(mut self, other: Fields) -> Fields {
        self.0.extend(other.0);
        self
    }
}
