//! The public timeline: only events marked `openbaar`, grouped by year,
//! oldest first. Names of the people met are left out on purpose: a
//! public page is no place for names of civil servants. Pure: no I/O.

use serde::Serialize;

use super::document::Gaps;
use super::dossier::upper_first;
use super::{Document, Sources, Title};
use crate::core::journal::Journal;
use crate::core::profile::Profile;
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub url: String,
    /// An http(s) address that may become a link; anything else is text.
    pub web: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub datum: String,
    pub soort: String,
    pub samenvatting: String,
    pub uitkomst: Option<String>,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Year {
    pub jaar: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineContext {
    pub titel: String,
    pub datum: String,
    pub naam: String,
    pub gemeente: Option<String>,
    pub website: Option<String>,
    pub aantal: usize,
    pub jaren: Vec<Year>,
}

/// The public timeline of a journal.
pub struct TimelineRequest<'a> {
    pub journal: &'a Journal,
}

impl Document for TimelineRequest<'_> {
    type View = TimelineContext;
    const KIND: &'static str = "tijdlijn";
    const TEMPLATE: &'static str = "docs/tijdlijn.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<TimelineContext> {
        Ok(context(
            src.profile,
            src.municipality.map(|r| r.name.as_str()),
            self.journal,
            src.date.to_string(),
            gaps,
        ))
    }

    fn title(&self, view: &TimelineContext) -> Title {
        Title::Text(view.titel.clone())
    }

    /// A public page has no sender.
    fn from(&self, _: &TimelineContext, _: &Sources) -> Option<super::Mailbox> {
        None
    }
}

pub fn context(
    profile: Option<&Profile>,
    gemeente: Option<&str>,
    journal: &Journal,
    date: String,
    gaps: &mut Gaps,
) -> TimelineContext {
    let naam = gaps.text(
        profile.and_then(|p| p.naam.as_deref()),
        "naam",
        "naam van jullie coöperatie",
    );
    let mut public: Vec<_> = journal
        .gebeurtenissen
        .iter()
        .filter(|e| e.openbaar)
        .collect();
    public.sort_by(|a, b| a.datum.cmp(&b.datum));
    let mut jaren: Vec<Year> = Vec::new();
    for e in &public {
        let item = Item {
            datum: e.datum.clone(),
            soort: upper_first(e.soort.id()),
            samenvatting: e.samenvatting.clone(),
            uitkomst: e.uitkomst.clone(),
            links: e
                .links
                .iter()
                .map(|l| Link {
                    url: l.clone(),
                    web: is_web_address(l),
                })
                .collect(),
        };
        let jaar = e.datum.get(..4).unwrap_or("").to_string();
        match jaren.last_mut() {
            Some(y) if y.jaar == jaar => y.items.push(item),
            _ => jaren.push(Year {
                jaar,
                items: vec![item],
            }),
        }
    }
    TimelineContext {
        titel: format!("Tijdlijn van {naam}"),
        datum: date,
        naam,
        gemeente: gemeente.map(str::to_string),
        website: profile
            .and_then(|p| p.website.clone())
            .filter(|w| is_web_address(w)),
        aantal: public.len(),
        jaren,
    }
}

/// http(s) with a host and nothing that could break out of a Markdown link.
fn is_web_address(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\''))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::store::parse;

    #[test]
    fn only_public_events_by_year() {
        let j = parse(
            "j",
            "gebeurtenissen:\n\
  - {datum: 2025-05-01, soort: actie, samenvatting: a, openbaar: ja}\n\
  - {datum: 2025-06-01, soort: gesprek, met: Jan, samenvatting: geheim}\n\
  - {datum: 2026-01-10, soort: besluit, samenvatting: b, openbaar: true, links: [https://x.nl/a, 'javascript:alert(1)']}\n",
        )
        .unwrap();
        let mut gaps = Gaps::default();
        let c = context(None, None, &j, "1 mei 2026".into(), &mut gaps);
        assert_eq!(c.aantal, 2);
        assert_eq!(c.jaren.len(), 2);
        assert_eq!(c.jaren[1].items[0].soort, "Besluit");
        assert!(c.jaren[1].items[0].links[0].web);
        assert!(!c.jaren[1].items[0].links[1].web);
        assert_eq!(c.naam, "[naam van jullie coöperatie]");
        assert!(!serde_json::to_string(&c).unwrap().contains("geheim"));
    }
}
