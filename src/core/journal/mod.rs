//! The campaign journal (journaal.yaml): contacts, events and follow-ups.
//! `model` is the file's shape, `store` reads and writes it safely, `edit`
//! changes it, `query` answers questions about it, `prompt` asks for what
//! the command line left out.

pub mod edit;
pub mod model;
pub mod query;
pub mod store;

use std::path::{Path, PathBuf};

pub use model::{Contact, Event, EventKind, FollowUp, Journal};
pub use store::Loaded;

use crate::core::kb::Kb;

/// Where the journal is: --journaal / COOP_JOURNAAL, else journaal.yaml next
/// to the profile (--profiel), else in the working directory.
pub fn path(explicit: Option<&Path>, profile: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    match profile
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
    {
        Some(dir) => dir.join("journaal.yaml"),
        None => PathBuf::from("journaal.yaml"),
    }
}

/// How many reference warnings to show before summing up the rest.
const MAX_WARNINGS: usize = 10;

/// References the knowledge base does not know: role ids, objection ids,
/// and follow-ups that point to an event that is not there. These are
/// warnings: the journal still works, and the entry is shown as written.
pub fn warnings(loaded: &Loaded, kb: &Kb) -> Vec<String> {
    let j = &loaded.journal;
    // (section, index, key, message) first; line numbers only for those shown.
    let mut found: Vec<(&str, usize, &str, String)> = Vec::new();
    for (i, c) in j.contacten.iter().enumerate() {
        if let Some(rol) = &c.rol {
            if !kb.roles.contains(rol) {
                let hint = crate::core::suggest::hint(rol, kb.roles.keys());
                found.push((
                    "contacten",
                    i,
                    "rol",
                    format!(
                        "rol '{rol}' kent coop niet.{hint} Bekijk de rollen met `coop rollen`."
                    ),
                ));
            }
        }
    }
    for (i, e) in j.gebeurtenissen.iter().enumerate() {
        for t in &e.tegenwerpingen {
            if !kb.objections.contains(t) {
                let hint = crate::core::suggest::hint(t, kb.objections.keys());
                found.push((
                    "gebeurtenissen",
                    i,
                    "tegenwerpingen",
                    format!(
                        "tegenwerping '{t}' kent coop niet.{hint} Bekijk de ids met `coop tegenwerpingen`."
                    ),
                ));
            }
        }
    }
    let ids: std::collections::HashSet<&str> =
        j.gebeurtenissen.iter().map(|e| e.id.as_str()).collect();
    for (i, v) in j.vervolg.iter().enumerate() {
        if let Some(bij) = &v.bij {
            if !ids.contains(bij.as_str()) {
                found.push((
                    "vervolg",
                    i,
                    "bij",
                    format!("bij: '{bij}' is geen id van een gebeurtenis in het journaal."),
                ));
            }
        }
    }
    let label = loaded.label();
    let mut out: Vec<String> = found
        .iter()
        .take(MAX_WARNINGS)
        .map(|(section, i, key, msg)| {
            let line = store::field_line(&loaded.text, section, *i, key);
            let at = if line == 0 {
                label.clone()
            } else {
                format!("{label}:{line}:1")
            };
            format!("let op: {at}: {msg}")
        })
        .collect();
    if found.len() > MAX_WARNINGS {
        out.push(format!(
            "let op: en nog {} zulke meldingen in {label}.",
            found.len() - MAX_WARNINGS
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_lives_next_to_the_profile() {
        assert_eq!(path(None, None), PathBuf::from("journaal.yaml"));
        assert_eq!(
            path(None, Some(Path::new("coop.yaml"))),
            PathBuf::from("journaal.yaml")
        );
        assert_eq!(
            path(None, Some(Path::new("/a/b/coop.yaml"))),
            PathBuf::from("/a/b/journaal.yaml")
        );
        assert_eq!(
            path(Some(Path::new("x.yaml")), Some(Path::new("/a/coop.yaml"))),
            PathBuf::from("x.yaml")
        );
    }
}
