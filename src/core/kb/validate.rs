//! Checks the whole knowledge base after loading: well-formed unique ids,
//! every reference resolves, no empty text, every claim has a source.
//! All problems are reported at once, each with file and line.

use serde::Serialize;
use serde_json::Value;

use super::{Collection, Entry, Kb, Origin};
use crate::error::{Error, Result};

pub const POSITIONS: &[&str] = &["links", "midden", "rechts"];

struct Checker<'a> {
    kb: &'a Kb,
    errors: Vec<Error>,
}

pub fn validate(kb: &Kb) -> Result<()> {
    let mut c = Checker {
        kb,
        errors: Vec::new(),
    };
    c.generic(&kb.sources, false);
    c.generic(&kb.themes, false);
    c.generic(&kb.objections, true);
    c.generic(&kb.arguments, true);
    c.generic(&kb.roles, true);
    c.generic(&kb.checklists, true);
    c.generic(&kb.profiles, false);
    c.generic(&kb.former, true);
    c.generic(&kb.provinces, false);
    c.generic(&kb.parties, false);

    for (o, at) in kb.objections.with_origins() {
        c.refs(at, "raised_by", &o.raised_by, &kb.roles, "rol");
        c.refs(at, "next_steps", &o.next_steps, &kb.checklists, "checklist");
        c.refs(at, "arguments", &o.arguments, &kb.arguments, "argument");
    }
    for (a, at) in kb.arguments.with_origins() {
        c.refs(at, "themes", &a.themes, &kb.themes, "thema");
    }
    for (r, at) in kb.roles.with_origins() {
        c.refs(at, "checklists", &r.checklists, &kb.checklists, "checklist");
    }
    for (l, at) in kb.checklists.with_origins() {
        c.refs(at, "roles", &l.roles, &kb.roles, "rol");
        if l.steps.is_empty() {
            c.error(at, "een checklist heeft minstens één stap nodig (steps).");
        }
        for s in &l.municipality_page {
            c.one_of(at, "municipality_page", s, &["beleid", "geen-beleid"]);
        }
    }
    for (p, at) in kb.profiles.with_origins() {
        if kb.municipality(&p.code).is_none() {
            c.error(
                at,
                format!(
                    "gemeentecode {} staat niet in de CBS-lijst (municipalities.csv).",
                    p.code
                ),
            );
        }
        if let Some(m) = p.inspreek.as_ref().and_then(|i| i.meeting.as_ref()) {
            c.one_of(at, "inspreek.meeting", m, &["raad", "commissie"]);
        }
    }
    for (f, at) in kb.former.with_origins() {
        if kb.municipality(&f.into).is_none() {
            c.error(
                at,
                format!("'into: {}' is geen bestaande gemeentecode.", f.into),
            );
        }
    }
    for (p, at) in kb.parties.with_origins() {
        c.one_of(at, "position", &p.position, POSITIONS);
        if let Some(a) = &p.article {
            c.one_of(at, "article", a, &["de", "het"]);
        }
        let themes: Vec<String> = p.themes.iter().map(|t| t.theme.clone()).collect();
        c.refs(at, "themes", &themes, &kb.themes, "thema");
        c.refs(at, "arguments", &p.arguments, &kb.arguments, "argument");
        for pitch in &p.pitch {
            if pitch.sources.is_empty() {
                c.error(at, "elke zin in 'pitch' heeft een bron nodig (sources).");
            }
        }
        c.refs(
            at,
            "objections",
            &p.objections,
            &kb.objections,
            "tegenwerping",
        );
        if let Some(m) = &p.merged_into {
            c.refs(
                at,
                "merged_into",
                std::slice::from_ref(m),
                &kb.parties,
                "partij",
            );
        }
    }
    if kb.parties.iter().filter(|p| p.local).count() > 1 {
        c.errors.push(Error::data(
            crate::error::Location {
                file: "data/parties.yaml".into(),
                line: 0,
                column: 0,
            },
            String::from(
                "meer dan één partij heeft 'local: true'. Er is maar één algemene lokale partij.",
            ),
        ));
    }
    for m in &kb.municipalities {
        if kb.province_by_name(&m.province).is_none() && !kb.provinces.is_empty() {
            c.errors.push(Error::data(
                crate::error::Location {
                    file: "data/municipalities.csv".into(),
                    line: 0,
                    column: 0,
                },
                format!(
                    "provincie '{}' van {} staat niet in provinces.yaml.",
                    m.province, m.name
                ),
            ));
        }
    }
    match c.errors.len() {
        0 => Ok(()),
        1 => Err(c.errors.remove(0)),
        _ => Err(Error::Many(c.errors)),
    }
}

impl Checker<'_> {
    fn error(&mut self, at: &Origin, message: impl Into<String>) {
        self.errors.push(Error::data(at.location(), message));
    }

    /// Checks that hold for every kind: the id's form, no empty text, and
    /// every `sources` list non-empty and resolving.
    fn generic<T: Entry + Serialize>(&mut self, items: &Collection<T>, needs_sources: bool) {
        for (item, at) in items.with_origins() {
            if T::KEY == "id" && !valid_id(item.key()) {
                self.error(
                    at,
                    format!(
                        "id '{}' mag alleen kleine letters, cijfers en streepjes bevatten (zoals goedkope-grond).",
                        item.key()
                    ),
                );
            }
            let value = match serde_json::to_value(item) {
                Ok(v) => v,
                Err(_) => continue,
            };
            if needs_sources && value.get("sources").is_none() {
                self.error(at, "bronnen ontbreken (sources).");
            }
            self.walk(at, &value, "");
        }
    }

    fn walk(&mut self, at: &Origin, value: &Value, path: &str) {
        match value {
            Value::String(s) if s.trim().is_empty() => {
                self.error(
                    at,
                    format!("veld {path} is leeg. Vul een tekst in of laat het veld weg."),
                );
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.walk(at, v, &format!("{path}[{i}]"));
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if k == "sources" {
                        self.sources(at, &p, v);
                    } else {
                        self.walk(at, v, &p);
                    }
                }
            }
            _ => {}
        }
    }

    fn sources(&mut self, at: &Origin, path: &str, value: &Value) {
        let ids: Vec<&str> = value
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            self.error(
                at,
                format!("{path} is leeg. Noem minstens één bron uit sources.yaml; een feit zonder bron hoort hier niet."),
            );
        }
        for id in ids {
            if !self.kb.sources.contains(id) {
                let hint = crate::core::suggest::hint(id, self.kb.sources.keys());
                self.error(
                    at,
                    format!("bron '{id}' in {path} staat niet in sources.yaml.{hint}"),
                );
            }
        }
    }

    fn refs<T: Entry>(
        &mut self,
        at: &Origin,
        field: &str,
        ids: &[String],
        target: &Collection<T>,
        what: &str,
    ) {
        for id in ids {
            if !target.contains(id) {
                let hint = crate::core::suggest::hint(id, target.keys());
                self.error(at, format!("{field}: {what} '{id}' bestaat niet.{hint}"));
            }
        }
    }

    fn one_of(&mut self, at: &Origin, field: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.error(
                at,
                format!(
                    "{field}: '{value}' is niet toegestaan. Kies uit: {}.",
                    allowed.join(", ")
                ),
            );
        }
    }
}

/// Lowercase ASCII letters, digits and single hyphens, not at the ends.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn ids_are_lowercase_slugs() {
        assert!(valid_id("goedkope-grond"));
        assert!(valid_id("50plus"));
        assert!(!valid_id("Goedkope"));
        assert!(!valid_id("geen_vraag"));
        assert!(!valid_id("-x"));
        assert!(!valid_id(""));
    }
}
