//! Names people type → entries: municipalities (official name, CBS name,
//! without diacritics, everyday names, CBS code, former names) and parties
//! (name, full name, aliases). Never a silent wrong guess: an ambiguous or
//! unknown name returns the candidates.

use crate::core::kb::{Collection, Entry, Kb, MunicipalityRow, Party, Province};
use crate::core::suggest;
use crate::core::text::name_key;
use crate::error::Error;

/// The outcome of looking up a municipality.
#[derive(Debug)]
pub enum Found<'a> {
    One {
        row: &'a MunicipalityRow,
        /// Set when the name typed is a former municipality that merged.
        merged: Option<Merged>,
    },
    /// Several municipalities carry this name (Bergen).
    Ambiguous(Vec<&'a MunicipalityRow>),
    /// Nothing matched; the closest names, best first.
    None(Vec<String>),
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Merged {
    pub former_name: String,
    pub date: String,
}

pub fn municipality<'a>(kb: &'a Kb, input: &str) -> Found<'a> {
    let trimmed = input.trim();
    let mut key = name_key(trimmed);
    for prefix in ["gemeente", "gem"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if kb.municipalities.iter().any(|m| name_key(&m.name) == rest) {
                key = rest.to_string();
            }
        }
    }
    if key.is_empty() {
        return Found::None(Vec::new());
    }
    // CBS code: GM0344, gm0344 or 0344.
    let code = key.trim_start_matches("gm");
    if code.len() == 4 && code.chars().all(|c| c.is_ascii_digit()) {
        let code = format!("GM{code}");
        return match kb.municipality(&code) {
            Some(row) => Found::One { row, merged: None },
            None => Found::None(Vec::new()),
        };
    }
    let by_official: Vec<&MunicipalityRow> = kb
        .municipalities
        .iter()
        .filter(|m| name_key(&m.name) == key)
        .collect();
    if by_official.len() > 1 {
        return Found::Ambiguous(by_official);
    }
    if let [row] = by_official.as_slice() {
        return Found::One { row, merged: None };
    }
    // "Bergen (NH.)", "Bergen NH", "Bergen Noord-Holland", "Bergen (L)".
    if let Some(row) = kb.municipalities.iter().find(|m| {
        name_key(&m.cbs_name) == key
            || format!("{}{}", name_key(&m.name), name_key(&m.province)) == key
            || name_key(&m.cbs_name).trim_end_matches('.') == key
    }) {
        return Found::One { row, merged: None };
    }
    for p in kb.profiles.iter() {
        if p.aliases.iter().any(|a| name_key(a) == key) {
            if let Some(row) = kb.municipality(&p.code) {
                return Found::One { row, merged: None };
            }
        }
    }
    if let Some(f) = kb.former.iter().find(|f| name_key(&f.name) == key) {
        if let Some(row) = kb.municipality(&f.into) {
            return Found::One {
                row,
                merged: Some(Merged {
                    former_name: f.name.clone(),
                    date: f.date.clone(),
                }),
            };
        }
    }
    Found::None(suggest::closest(
        trimmed,
        all_names(kb).iter().map(String::as_str),
        4,
    ))
}

/// Every name a municipality can be called by, for suggestions.
fn all_names(kb: &Kb) -> Vec<String> {
    let mut names: Vec<String> = kb
        .municipalities
        .iter()
        .map(|m| m.cbs_name.clone())
        .collect();
    names.extend(kb.profiles.iter().flat_map(|p| p.aliases.iter().cloned()));
    names.extend(kb.former.iter().map(|f| f.name.clone()));
    names
}

/// A province by name or id, any case, with or without diacritics.
pub fn province<'a>(kb: &'a Kb, input: &str) -> Result<&'a Province, Vec<String>> {
    let key = name_key(input);
    kb.provinces
        .iter()
        .find(|p| name_key(&p.name) == key || name_key(&p.id) == key)
        .ok_or_else(|| suggest::closest(input, kb.provinces.iter().map(|p| p.name.as_str()), 3))
}

/// A party by id, short name, full name or alias.
pub fn party<'a>(kb: &'a Kb, input: &str) -> Result<&'a Party, Vec<String>> {
    let key = name_key(input);
    kb.parties
        .iter()
        .find(|p| {
            name_key(&p.id) == key
                || name_key(&p.name) == key
                || p.full_name.as_deref().map(name_key).as_deref() == Some(key.as_str())
                || p.aliases.iter().any(|a| name_key(a) == key)
        })
        .ok_or_else(|| {
            let names = kb.parties.iter().flat_map(|p| {
                std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str))
            });
            suggest::closest(input, names, 3)
        })
}

// Lookups that end in a Dutch error a user can act on, shared by every
// front end.

/// The entry with `id`, or a not-found error with the closest ids.
pub fn entry<'c, T: Entry>(
    items: &'c Collection<T>,
    id: &str,
    noun: &str,
    list_cmd: &str,
) -> crate::error::Result<&'c T> {
    let key = id.trim().to_lowercase();
    items.get(&key).ok_or_else(|| {
        let hint = suggest::hint(&key, items.keys());
        Error::not_found(format!(
            "geen {noun} met id '{id}'.{hint} Bekijk alle ids met `{list_cmd}`."
        ))
    })
}

/// Resolves a typed name, or explains why not (ambiguous, unknown).
pub fn find_municipality<'a>(
    kb: &'a Kb,
    name: &str,
) -> crate::error::Result<(&'a MunicipalityRow, Option<Merged>)> {
    if name.trim().is_empty() {
        return Err(Error::Usage(
            "geef de naam of CBS-code van een gemeente, bijvoorbeeld: coop gemeente Utrecht".into(),
        ));
    }
    match municipality(kb, name) {
        Found::One { row, merged } => Ok((row, merged)),
        Found::Ambiguous(rows) => {
            let list: Vec<String> = rows
                .iter()
                .map(|r| format!("{} ({}, {})", r.cbs_name, r.province, r.code))
                .collect();
            Err(Error::not_found(format!(
                "'{}' is de naam van meer dan één gemeente: {}. Typ de naam met de provincie of de CBS-code, bijvoorbeeld: coop gemeente {}",
                name.trim(),
                list.join(", "),
                rows[0].code
            )))
        }
        Found::None(suggestions) => {
            let hint = suggest::did_you_mean(&suggestions);
            Err(Error::not_found(format!(
                "geen gemeente gevonden voor '{}'.{hint} Bekijk alle namen met `coop gemeenten`.",
                name.trim()
            )))
        }
    }
}

/// The party `name` stands for, or a not-found error with suggestions.
/// `flag` names the option it came from ("--partij "), if any.
pub fn find_party<'a>(kb: &'a Kb, name: &str, flag: &str) -> crate::error::Result<&'a Party> {
    party(kb, name).map_err(|s| {
        let hint = suggest::did_you_mean(&s);
        Error::not_found(format!(
            "{flag}geen partij '{name}'.{hint} Voor een lokale partij gebruik je {flag}lokaal. Bekijk alle partijen met `coop partijen`."
        ))
    })
}

/// The municipality the user named (`given`, from the option or field
/// called `label`), else the one in coop.yaml, else none.
pub fn municipality_for<'a>(
    kb: &'a Kb,
    given: Option<&str>,
    label: &str,
    profile: Option<&crate::core::profile::Profile>,
) -> crate::error::Result<Option<&'a MunicipalityRow>> {
    let (name, from_profile) = match (given, profile.and_then(|p| p.gemeente.as_deref())) {
        (Some(n), _) => (n, false),
        (None, Some(n)) => (n, true),
        (None, None) => return Ok(None),
    };
    match find_municipality(kb, name) {
        Ok((row, _)) => Ok(Some(row)),
        Err(e) if from_profile => Err(Error::not_found(format!(
            "{e} (uit coop.yaml, veld gemeente)"
        ))),
        Err(e) => Err(Error::not_found(format!("{label}: {e}"))),
    }
}
