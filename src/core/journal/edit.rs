//! Changes to a journal: pure functions on `Journal`, no I/O. Ids are
//! stable: an event keeps its id when its date or kind is edited.

use std::collections::HashSet;

use super::model::{Contact, Event, EventKind, FollowUp, Journal};
use crate::core::text::fold;
use crate::error::{Error, Result};

/// A new event as the user gave it.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub datum: String,
    pub soort: EventKind,
    pub met: Vec<String>,
    pub samenvatting: String,
    pub uitkomst: Option<String>,
    pub afspraken: Vec<String>,
    pub tegenwerpingen: Vec<String>,
    pub links: Vec<String>,
    pub openbaar: bool,
    /// Role id for the people met who are new (or, for a wisseling, who take the role).
    pub rol: Option<String>,
    pub partij: Option<String>,
    pub organisatie: Option<String>,
    /// (due date, what) pairs.
    pub vervolg: Vec<(String, String)>,
}

/// What `add_event` did, for the confirmation message.
#[derive(Debug, Default, PartialEq)]
pub struct Added {
    pub id: String,
    pub follow_ups: Vec<String>,
    pub new_contacts: Vec<String>,
    /// Contacts whose role ended because someone else took it (wisseling).
    pub ended: Vec<String>,
}

/// Changes to one event; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct EventChanges {
    pub datum: Option<String>,
    pub soort: Option<EventKind>,
    pub met: Option<Vec<String>>,
    pub samenvatting: Option<String>,
    /// `Some("")` removes the outcome.
    pub uitkomst: Option<String>,
    pub openbaar: Option<bool>,
    pub afspraken: Vec<String>,
    pub tegenwerpingen: Vec<String>,
    pub links: Vec<String>,
    pub vervolg: Vec<(String, String)>,
}

impl EventChanges {
    pub fn is_empty(&self) -> bool {
        self.datum.is_none()
            && self.soort.is_none()
            && self.met.is_none()
            && self.samenvatting.is_none()
            && self.uitkomst.is_none()
            && self.openbaar.is_none()
            && self.afspraken.is_empty()
            && self.tegenwerpingen.is_empty()
            && self.links.is_empty()
            && self.vervolg.is_empty()
    }
}

/// Adds an event in date order, its follow-ups, and the people met.
pub fn add_event(j: &mut Journal, new: NewEvent) -> Added {
    let id = unique_event_id(j, &new.datum, new.soort);
    let mut added = Added {
        id: id.clone(),
        ..Added::default()
    };
    for name in &new.met {
        update_contact(j, name, &new, &mut added);
    }
    if new.soort == EventKind::Wisseling {
        if let Some(rol) = &new.rol {
            for c in j.contacten.iter_mut() {
                let is_new = new.met.iter().any(|m| same_name(m, &c.naam));
                if !is_new && c.rol.as_deref() == Some(rol.as_str()) && c.tot.is_none() {
                    c.tot = Some(new.datum.clone());
                    added.ended.push(c.naam.clone());
                }
            }
        }
    }
    let event = Event {
        id: id.clone(),
        datum: new.datum.clone(),
        soort: new.soort,
        met: new.met.clone(),
        samenvatting: new.samenvatting.clone(),
        uitkomst: new.uitkomst.clone(),
        afspraken: new.afspraken.clone(),
        tegenwerpingen: new.tegenwerpingen.clone(),
        links: new.links.clone(),
        openbaar: new.openbaar,
        overig: Default::default(),
    };
    insert_in_date_order(j, event);
    for (datum, wat) in new.vervolg {
        added
            .follow_ups
            .push(add_follow_up(j, &datum, &wat, Some(&id)));
    }
    added
}

fn update_contact(j: &mut Journal, name: &str, new: &NewEvent, added: &mut Added) {
    let wisseling = new.soort == EventKind::Wisseling;
    match j.contacten.iter_mut().find(|c| same_name(&c.naam, name)) {
        Some(c) => {
            if wisseling && new.rol.is_some() && c.rol != new.rol {
                c.rol.clone_from(&new.rol);
                c.sinds = Some(new.datum.clone());
                c.tot = None;
            } else if c.rol.is_none() {
                c.rol.clone_from(&new.rol);
            }
            if wisseling {
                c.tot = None;
            }
            if c.partij.is_none() {
                c.partij.clone_from(&new.partij);
            }
            if c.organisatie.is_none() {
                c.organisatie.clone_from(&new.organisatie);
            }
        }
        None => {
            j.contacten.push(Contact {
                naam: name.to_string(),
                rol: new.rol.clone(),
                partij: new.partij.clone(),
                organisatie: new.organisatie.clone(),
                sinds: Some(new.datum.clone()),
                ..Contact::default()
            });
            added.new_contacts.push(name.to_string());
        }
    }
}

/// Names are the same when they differ only in case, accents or spaces.
pub fn same_name(a: &str, b: &str) -> bool {
    fold(a).split_whitespace().eq(fold(b).split_whitespace())
}

fn insert_in_date_order(j: &mut Journal, event: Event) {
    let at = j
        .gebeurtenissen
        .iter()
        .rposition(|e| e.datum <= event.datum)
        .map_or(0, |i| i + 1);
    j.gebeurtenissen.insert(at, event);
}

/// `2026-03-14-gesprek`, or `2026-03-14-gesprek-2` when that is taken.
fn unique_event_id(j: &Journal, datum: &str, soort: EventKind) -> String {
    let base = format!("{datum}-{soort}");
    let taken = |id: &str| j.gebeurtenissen.iter().any(|e| e.id == id);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

fn next_follow_up_id(j: &Journal) -> String {
    let max = j
        .vervolg
        .iter()
        .filter_map(|v| v.id.strip_prefix('v')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("v{}", max + 1)
}

/// Adds a follow-up and returns its id.
pub fn add_follow_up(j: &mut Journal, datum: &str, wat: &str, bij: Option<&str>) -> String {
    let id = next_follow_up_id(j);
    j.vervolg.push(FollowUp {
        id: id.clone(),
        datum: datum.to_string(),
        wat: wat.to_string(),
        bij: bij.map(str::to_string),
        klaar: None,
        overig: Default::default(),
    });
    id
}

/// Gives every event and follow-up without an id one (hand-written entries).
pub fn assign_missing_ids(j: &mut Journal) {
    let mut taken: HashSet<String> = j.gebeurtenissen.iter().map(|e| e.id.clone()).collect();
    for e in j.gebeurtenissen.iter_mut().filter(|e| e.id.is_empty()) {
        let base = format!("{}-{}", e.datum, e.soort);
        let id = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|id| !taken.contains(id))
            .expect("some suffix is free");
        taken.insert(id.clone());
        e.id = id;
    }
    if j.vervolg.iter().any(|v| v.id.is_empty()) {
        let mut next = next_follow_up_id(j);
        for v in j.vervolg.iter_mut().filter(|v| v.id.is_empty()) {
            v.id = std::mem::take(&mut next);
            let n: u32 = v.id[1..].parse().unwrap_or(0);
            next = format!("v{}", n + 1);
        }
    }
}

/// The index of the event with `id`, or a not-found error with suggestions.
pub fn find_event(j: &Journal, id: &str) -> Result<usize> {
    let id = id.trim();
    j.gebeurtenissen
        .iter()
        .position(|e| e.id == id)
        .ok_or_else(|| {
            let hint = crate::core::suggest::hint(id, j.gebeurtenissen.iter().map(|e| e.id.as_str()));
            Error::not_found(format!(
                "geen gebeurtenis met id '{id}' in het journaal.{hint} Bekijk de ids met `coop journaal`."
            ))
        })
}

/// Applies `changes` to event `id`. Returns the ids of new follow-ups.
pub fn edit_event(j: &mut Journal, id: &str, changes: EventChanges) -> Result<Vec<String>> {
    let i = find_event(j, id)?;
    let mut e = j.gebeurtenissen.remove(i);
    if let Some(d) = changes.datum {
        e.datum = d;
    }
    if let Some(s) = changes.soort {
        e.soort = s;
    }
    if let Some(m) = changes.met {
        e.met = m;
    }
    if let Some(s) = changes.samenvatting {
        e.samenvatting = s;
    }
    if let Some(u) = changes.uitkomst {
        e.uitkomst = Some(u).filter(|u| !u.trim().is_empty());
    }
    if let Some(o) = changes.openbaar {
        e.openbaar = o;
    }
    extend_unique(&mut e.afspraken, changes.afspraken);
    extend_unique(&mut e.tegenwerpingen, changes.tegenwerpingen);
    extend_unique(&mut e.links, changes.links);
    let id = e.id.clone();
    insert_in_date_order(j, e);
    Ok(changes
        .vervolg
        .iter()
        .map(|(datum, wat)| add_follow_up(j, datum, wat, Some(&id)))
        .collect())
}

fn extend_unique(list: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        if !list.contains(&m) {
            list.push(m);
        }
    }
}

/// Removes event `id` and the follow-ups that belong to it.
pub fn remove_event(j: &mut Journal, id: &str) -> Result<(Event, Vec<FollowUp>)> {
    let i = find_event(j, id)?;
    let event = j.gebeurtenissen.remove(i);
    let (gone, kept) = std::mem::take(&mut j.vervolg)
        .into_iter()
        .partition(|v| v.bij.as_deref() == Some(event.id.as_str()));
    j.vervolg = kept;
    Ok((event, gone))
}

/// Marks follow-up `id` as done on `datum`.
pub fn mark_done(j: &mut Journal, id: &str, datum: &str) -> Result<()> {
    let id = id.trim();
    let Some(v) = j.vervolg.iter_mut().find(|v| v.id == id) else {
        let hint = crate::core::suggest::hint(id, j.vervolg.iter().map(|v| v.id.as_str()));
        return Err(Error::not_found(format!(
            "geen vervolgactie met id '{id}'.{hint} Bekijk de open acties met `coop todo`."
        )));
    };
    v.klaar = Some(datum.to_string());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::choice::Choice;

    fn event(datum: &str, soort: &str, met: &[&str]) -> NewEvent {
        NewEvent {
            datum: datum.into(),
            soort: EventKind::parse(soort).unwrap(),
            met: met.iter().map(|m| m.to_string()).collect(),
            samenvatting: "x".into(),
            ..NewEvent::default()
        }
    }

    #[test]
    fn ids_are_unique_and_events_stay_in_date_order() {
        let mut j = Journal::default();
        assert_eq!(
            add_event(&mut j, event("2026-03-14", "gesprek", &[])).id,
            "2026-03-14-gesprek"
        );
        assert_eq!(
            add_event(&mut j, event("2026-03-14", "gesprek", &[])).id,
            "2026-03-14-gesprek-2"
        );
        add_event(&mut j, event("2026-01-02", "brief", &[]));
        let order: Vec<&str> = j.gebeurtenissen.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            order,
            [
                "2026-01-02-brief",
                "2026-03-14-gesprek",
                "2026-03-14-gesprek-2"
            ]
        );
    }

    #[test]
    fn hand_written_entries_get_unique_ids() {
        let mut j = Journal::default();
        for id in ["2026-01-01-brief", "", ""] {
            j.gebeurtenissen.push(Event {
                id: id.into(),
                datum: "2026-01-01".into(),
                soort: EventKind::Brief,
                ..Event::default()
            });
        }
        j.vervolg = vec![
            FollowUp {
                id: "v4".into(),
                ..FollowUp::default()
            },
            FollowUp::default(),
            FollowUp::default(),
        ];
        assign_missing_ids(&mut j);
        let ids: Vec<&str> = j.gebeurtenissen.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "2026-01-01-brief",
                "2026-01-01-brief-2",
                "2026-01-01-brief-3"
            ]
        );
        let ids: Vec<&str> = j.vervolg.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["v4", "v5", "v6"]);
    }

    #[test]
    fn people_met_become_contacts_once() {
        let mut j = Journal::default();
        let mut e = event("2026-03-14", "gesprek", &["Jan de Vries"]);
        e.rol = Some("wethouder-wonen".into());
        let added = add_event(&mut j, e);
        assert_eq!(added.new_contacts, ["Jan de Vries"]);
        let added = add_event(&mut j, event("2026-04-01", "gesprek", &["jan  de vries"]));
        assert!(added.new_contacts.is_empty());
        assert_eq!(j.contacten.len(), 1);
        assert_eq!(j.contacten[0].rol.as_deref(), Some("wethouder-wonen"));
        assert_eq!(j.contacten[0].sinds.as_deref(), Some("2026-03-14"));
    }

    #[test]
    fn a_wisseling_ends_the_predecessor() {
        let mut j = Journal::default();
        let mut e = event("2025-01-10", "gesprek", &["Anna"]);
        e.rol = Some("projectleider".into());
        add_event(&mut j, e);
        let mut w = event("2026-04-01", "wisseling", &["Piet"]);
        w.rol = Some("projectleider".into());
        let added = add_event(&mut j, w);
        assert_eq!(added.ended, ["Anna"]);
        assert_eq!(j.contacten[0].tot.as_deref(), Some("2026-04-01"));
        assert_eq!(j.contacten[1].rol.as_deref(), Some("projectleider"));
        assert_eq!(j.contacten[1].tot, None);
    }

    #[test]
    fn follow_ups_edit_and_remove() {
        let mut j = Journal::default();
        let mut e = event("2026-03-14", "gesprek", &[]);
        e.vervolg = vec![("2026-03-28".into(), "A4 sturen".into())];
        let added = add_event(&mut j, e);
        assert_eq!(added.follow_ups, ["v1"]);
        let new = edit_event(
            &mut j,
            "2026-03-14-gesprek",
            EventChanges {
                datum: Some("2026-02-01".into()),
                vervolg: vec![("2026-04-01".into(), "bellen".into())],
                ..EventChanges::default()
            },
        )
        .unwrap();
        assert_eq!(new, ["v2"]);
        assert_eq!(
            j.gebeurtenissen[0].id, "2026-03-14-gesprek",
            "ids are stable"
        );
        mark_done(&mut j, "v1", "2026-03-20").unwrap();
        assert!(!j.vervolg[0].is_open());
        assert!(mark_done(&mut j, "v9", "2026-03-20").is_err());
        let (gone, follow) = remove_event(&mut j, "2026-03-14-gesprek").unwrap();
        assert_eq!(gone.datum, "2026-02-01");
        assert_eq!(follow.len(), 2);
        assert!(j.vervolg.is_empty());
        let err = remove_event(&mut j, "2026-03-14-gesprek").unwrap_err();
        assert_eq!(err.exit_code(), 1);
    }
}
