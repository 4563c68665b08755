//! Questions about a journal: which events, which people, what is due.
//! Pure functions; `today` is always passed in so tests can fix it.

use std::collections::HashMap;

use serde::Serialize;

use super::edit::same_name;
use super::model::{Contact, Event, EventKind, Journal};
use crate::core::date;
use crate::core::text::fold;

/// Which events to show.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub soort: Option<EventKind>,
    /// Part of a name, folded (case and accents do not matter).
    pub met: Option<String>,
    pub van: Option<String>,
    pub tot: Option<String>,
    pub openbaar: bool,
}

impl Filter {
    pub fn matches(&self, e: &Event) -> bool {
        self.soort.is_none_or(|s| e.soort == s)
            && self.van.as_ref().is_none_or(|v| e.datum >= *v)
            && self.tot.as_ref().is_none_or(|t| e.datum <= *t)
            && (!self.openbaar || e.openbaar)
            && self.met.as_ref().is_none_or(|m| {
                let m = fold(m);
                e.met.iter().any(|n| fold(n).contains(&m))
            })
    }
}

pub fn events<'j>(j: &'j Journal, filter: &Filter) -> Vec<&'j Event> {
    j.gebeurtenissen
        .iter()
        .filter(|e| filter.matches(e))
        .collect()
}

/// One person: from `contacten`, or only named in events.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub naam: String,
    pub rol: Option<String>,
    pub partij: Option<String>,
    pub organisatie: Option<String>,
    pub email: Option<String>,
    pub sinds: Option<String>,
    pub tot: Option<String>,
    /// Still in this role (no `tot`, or `tot` after today).
    pub huidig: bool,
    /// Listed under `contacten` (false: only named in events).
    pub in_contacten: bool,
    pub aantal_gebeurtenissen: usize,
    pub laatste_contact: Option<String>,
}

/// Everyone in the journal: contacts first, then names that only occur in
/// events. `all` also gives people who left their role.
pub fn people(j: &Journal, today: &str, all: bool) -> Vec<Person> {
    // folded name → (count, last date)
    let mut seen: HashMap<String, (usize, &str, &str)> = HashMap::new();
    for e in &j.gebeurtenissen {
        for n in &e.met {
            let key = name_key(n);
            let entry = seen.entry(key).or_insert((0, "", n.as_str()));
            entry.0 += 1;
            if e.datum.as_str() > entry.1 {
                entry.1 = &e.datum;
            }
        }
    }
    let stats = |name: &str| {
        seen.get(&name_key(name))
            .map(|(n, last, _)| (*n, Some(last.to_string())))
            .unwrap_or((0, None))
    };
    let mut out: Vec<Person> = j
        .contacten
        .iter()
        .map(|c| {
            let (n, last) = stats(&c.naam);
            Person {
                naam: c.naam.clone(),
                rol: c.rol.clone(),
                partij: c.partij.clone(),
                organisatie: c.organisatie.clone(),
                email: c.email.clone(),
                sinds: c.sinds.clone(),
                tot: c.tot.clone(),
                huidig: is_current(c, today),
                in_contacten: true,
                aantal_gebeurtenissen: n,
                laatste_contact: last,
            }
        })
        .collect();
    let listed: std::collections::HashSet<String> =
        j.contacten.iter().map(|c| name_key(&c.naam)).collect();
    let mut others: Vec<Person> = seen
        .iter()
        .filter(|(key, _)| !listed.contains(*key))
        .map(|(_, (n, last, name))| Person {
            naam: name.to_string(),
            rol: None,
            partij: None,
            organisatie: None,
            email: None,
            sinds: None,
            tot: None,
            huidig: true,
            in_contacten: false,
            aantal_gebeurtenissen: *n,
            laatste_contact: Some(last.to_string()),
        })
        .collect();
    others.sort_by(|a, b| a.naam.cmp(&b.naam));
    out.extend(others);
    if !all {
        out.retain(|p| p.huidig);
    }
    out
}

fn name_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Is this contact still in the role on `today`?
pub fn is_current(c: &Contact, today: &str) -> bool {
    c.tot.as_deref().is_none_or(|t| t > today)
}

/// The person in role `rol` now: the one who started last and has not left.
pub fn holder<'j>(j: &'j Journal, rol: &str, today: &str) -> Option<&'j Contact> {
    j.contacten
        .iter()
        .filter(|c| c.rol.as_deref() == Some(rol) && is_current(c, today))
        .max_by(|a, b| a.sinds.cmp(&b.sinds))
}

/// The person who last left role `rol`.
pub fn predecessor<'j>(j: &'j Journal, rol: &str, today: &str) -> Option<&'j Contact> {
    j.contacten
        .iter()
        .filter(|c| c.rol.as_deref() == Some(rol) && !is_current(c, today))
        .max_by(|a, b| a.tot.cmp(&b.tot))
}

/// The contact with this name, if any.
pub fn contact<'j>(j: &'j Journal, name: &str) -> Option<&'j Contact> {
    j.contacten.iter().find(|c| same_name(&c.naam, name))
}

/// One open follow-up with how it stands today.
#[derive(Debug, Clone, Serialize)]
pub struct Todo {
    pub id: String,
    pub datum: String,
    pub wat: String,
    pub bij: Option<String>,
    pub klaar: Option<String>,
    /// Days until due: negative when late, 0 today.
    pub dagen: i64,
    /// "te laat", "vandaag" or "binnenkort" ("klaar" with `all`).
    pub status: &'static str,
}

impl Todo {
    pub fn is_due(&self) -> bool {
        self.klaar.is_none() && self.dagen <= 0
    }

    /// Dutch: "3 dagen te laat", "vandaag", "over 5 dagen", "klaar op ...".
    pub fn when(&self) -> String {
        if let Some(k) = &self.klaar {
            return format!("klaar op {}", crate::core::date::dutch_text(k));
        }
        match self.dagen {
            0 => "vandaag".into(),
            -1 => "1 dag te laat".into(),
            1 => "morgen".into(),
            d if d < 0 => format!("{} dagen te laat", -d),
            d => format!("over {d} dagen"),
        }
    }
}

/// Open follow-ups by due date (so the late ones come first); `all` adds
/// the ones that are done, after the open ones.
pub fn todos(j: &Journal, today: &str, all: bool) -> Vec<Todo> {
    let now = date::parse_iso(today);
    let mut out: Vec<Todo> = j
        .vervolg
        .iter()
        .filter(|v| all || v.is_open())
        .map(|v| {
            let dagen = match (now, date::parse_iso(&v.datum)) {
                (Some(now), Some(d)) => date::days_between(now, d),
                _ => 0,
            };
            Todo {
                id: v.id.clone(),
                datum: v.datum.clone(),
                wat: v.wat.clone(),
                bij: v.bij.clone(),
                klaar: v.klaar.clone(),
                dagen,
                status: match (v.is_open(), dagen) {
                    (false, _) => "klaar",
                    (true, d) if d < 0 => "te laat",
                    (true, 0) => "vandaag",
                    _ => "binnenkort",
                },
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.klaar.is_some(), &a.datum, &a.id).cmp(&(b.klaar.is_some(), &b.datum, &b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::store::parse;

    const J: &str = "\
contacten:
  - naam: Anna Bos
    rol: projectleider
    sinds: 2024-01-01
    tot: 2026-03-31
  - naam: Piet Jansen
    rol: projectleider
    sinds: 2026-04-01
gebeurtenissen:
  - datum: 2025-05-01
    soort: gesprek
    met: [Anna Bos, Jan Visser]
    samenvatting: a
  - datum: 2026-04-10
    soort: rondleiding
    met: Piet Jansen
    samenvatting: b
    openbaar: ja
vervolg:
  - datum: 2026-04-20
    wat: later
  - datum: 2026-04-01
    wat: te laat
  - datum: 2026-03-01
    wat: al gedaan
    klaar: 2026-03-02
";

    #[test]
    fn filters_combine() {
        let j = parse("j", J).unwrap();
        let f = Filter {
            met: Some("jansen".into()),
            ..Filter::default()
        };
        assert_eq!(events(&j, &f).len(), 1);
        let f = Filter {
            van: Some("2026-01-01".into()),
            soort: Some(EventKind::Gesprek),
            ..Filter::default()
        };
        assert!(events(&j, &f).is_empty());
        let f = Filter {
            openbaar: true,
            ..Filter::default()
        };
        assert_eq!(events(&j, &f)[0].soort, EventKind::Rondleiding);
    }

    #[test]
    fn people_and_roles_over_time() {
        let j = parse("j", J).unwrap();
        let now = people(&j, "2026-04-15", false);
        let names: Vec<&str> = now.iter().map(|p| p.naam.as_str()).collect();
        assert_eq!(names, ["Piet Jansen", "Jan Visser"]);
        assert_eq!(people(&j, "2026-04-15", true).len(), 3);
        assert_eq!(now[1].laatste_contact.as_deref(), Some("2025-05-01"));
        assert_eq!(
            holder(&j, "projectleider", "2026-04-15").unwrap().naam,
            "Piet Jansen"
        );
        assert_eq!(
            predecessor(&j, "projectleider", "2026-04-15").unwrap().naam,
            "Anna Bos"
        );
    }

    #[test]
    fn late_follow_ups_first() {
        let j = parse("j", J).unwrap();
        let t = todos(&j, "2026-04-15", false);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].wat, "te laat");
        assert_eq!(t[0].when(), "14 dagen te laat");
        assert!(t[0].is_due());
        assert_eq!(t[1].when(), "over 5 dagen");
        assert!(!t[1].is_due());
        assert_eq!(todos(&j, "2026-04-15", true).len(), 3);
    }
}
