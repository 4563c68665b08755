//! The briefing for someone new on the file: a project leader, a wethouder,
//! a council member or a specialist. Everything in it comes from coop.yaml,
//! journaal.yaml or the knowledge base; what is missing is a visible
//! fill-in place (`Gaps`). Pure: no I/O.

use std::collections::HashMap;

use serde::Serialize;

use super::document::{self, CoopView, Gaps, GemeenteView};
use super::views::ObjectionView;
use super::{Document, Mailbox, Sources, Title};
use crate::core::journal::query;
use crate::core::journal::{Event, EventKind, Journal};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::Profile;
use crate::error::Result;

crate::choice! {
    /// Who the dossier is for.
    pub enum Reader {
        Projectleider = "projectleider": "De projectleider gebiedsontwikkeling.",
        Wethouder = "wethouder": "De wethouder wonen.",
        Raadslid = "raadslid": "Een (nieuw) raadslid.",
        Specialist = "specialist": "Een specialist, zoals grondzaken, financiën of een jurist (kies met --rol).",
    }
}

impl Reader {
    /// The knowledge base role this reader has unless --rol says otherwise;
    /// a specialist has none (there are many kinds).
    pub fn default_role(self) -> Option<&'static str> {
        match self {
            Reader::Projectleider => Some("projectleider"),
            Reader::Wethouder => Some("wethouder-wonen"),
            Reader::Raadslid => Some("raadslid"),
            Reader::Specialist => None,
        }
    }

    /// "de nieuwe projectleider", "het nieuwe raadslid".
    fn the_new(self) -> &'static str {
        match self {
            Reader::Projectleider => "de nieuwe projectleider",
            Reader::Wethouder => "de nieuwe wethouder",
            Reader::Raadslid => "het nieuwe raadslid",
            Reader::Specialist => "de nieuwe specialist",
        }
    }

    /// The reader for a knowledge base role, if a dossier fits that role.
    pub fn for_role(kb: &Kb, role: &str) -> Option<Reader> {
        match role {
            "projectleider" => Some(Reader::Projectleider),
            "wethouder-wonen" | "college" => Some(Reader::Wethouder),
            "raadslid" | "fractie" => Some(Reader::Raadslid),
            "griffie" => None,
            other => kb
                .roles
                .get(other)
                .filter(|r| r.group == crate::core::choice::RoleGroup::Ambtelijk)
                .map(|_| Reader::Specialist),
        }
    }
}

/// At most this many entries per list; the rest is counted, not shown.
pub const MAX_TIMELINE: usize = 40;
pub const MAX_AGREEMENTS: usize = 40;
/// Up to this many events the dossier tells the whole story; with more, only
/// the milestones.
pub const STORY_ALL: usize = 30;
pub const MAX_CONTACTS: usize = 40;

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub id: String,
    pub naam: String,
    /// The name as it reads mid-sentence ("projectleider gebiedsontwikkeling").
    pub naam_klein: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Predecessor {
    pub naam: String,
    pub tot: Option<String>,
    pub contacten: usize,
}

/// One line of the history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryLine {
    pub datum: String,
    /// "Gesprek", "Besluit", ... (empty for the history in coop.yaml).
    pub soort: String,
    /// Who, as it follows the kind: "met Anna Bos (projectleider)", "aan ...".
    pub met: String,
    pub samenvatting: String,
    pub uitkomst: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub datum: String,
    pub met: String,
    pub tekst: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactLine {
    pub naam: String,
    pub rol: String,
    pub partij: Option<String>,
    pub organisatie: Option<String>,
    pub sinds: Option<String>,
}

/// An objection heard before, with the full answer from the knowledge base.
#[derive(Debug, Clone, Serialize)]
pub struct HeardObjection {
    #[serde(flatten)]
    pub objection: ObjectionView,
    pub keer: usize,
    pub laatst: String,
    /// Our answer as we write it to the municipality (wij/u).
    pub antwoord: String,
    /// People in the reader's role tend to raise it.
    pub van_deze_rol: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DossierContext {
    pub datum: String,
    pub voor: &'static str,
    pub titel: String,
    pub rol: RoleView,
    pub lezer: String,
    pub voorganger: Option<Predecessor>,
    pub coop: CoopView,
    pub gemeente: GemeenteView,
    pub aantal_gebeurtenissen: usize,
    pub eerste_datum: Option<String>,
    pub geschiedenis: Vec<HistoryLine>,
    pub geschiedenis_eerder: usize,
    pub afspraken: Vec<Agreement>,
    pub afspraken_eerder: usize,
    /// The reader follows someone (a change of people is in the journal):
    /// only then is the reader welcomed as new.
    pub nieuw: bool,
    /// Every event is in the history (a short journal), not only milestones.
    pub hele_verhaal: bool,
    pub contacten: Vec<ContactLine>,
    pub contacten_meer: usize,
    pub tegenwerpingen: Vec<HeardObjection>,
}

pub struct DossierRequest<'a> {
    pub reader: Reader,
    /// A knowledge base role id (checked by the caller); None for a
    /// specialist of an unknown kind.
    pub role: Option<&'a str>,
    pub name: Option<&'a str>,
    /// YYYY-MM-DD, for what is late and who holds a role.
    pub today: String,
    pub journal: &'a Journal,
}

impl Document for DossierRequest<'_> {
    type View = DossierContext;
    const KIND: &'static str = "dossier";
    const TEMPLATE: &'static str = "docs/dossier.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<DossierContext> {
        let ctx = context(src.kb, src.profile, src.municipality, self, src.date, gaps);
        if self.journal.gebeurtenissen.is_empty() {
            gaps.gap(
                "journaal",
                "wat er tot nu toe gebeurde: zet het in het journaal met coop journaal nieuw",
            );
        }
        Ok(ctx)
    }

    fn title(&self, view: &DossierContext) -> Title {
        Title::Text(view.titel.clone())
    }

    /// The reader, when the journal knows their address.
    fn to(&self, view: &DossierContext) -> Vec<Mailbox> {
        self.journal
            .contacten
            .iter()
            .find(|c| crate::core::journal::edit::same_name(&c.naam, &view.lezer))
            .and_then(|c| c.email.clone())
            .map(|e| vec![(view.lezer.clone(), e)])
            .unwrap_or_default()
    }
}

pub fn context(
    kb: &Kb,
    profile: Option<&Profile>,
    municipality: Option<&MunicipalityRow>,
    req: &DossierRequest,
    date: &str,
    gaps: &mut Gaps,
) -> DossierContext {
    let journal = req.journal;
    let coop = document::coop_view(profile, gaps);
    let gemeente = document::gemeente_view(kb, municipality, gaps);
    let role_name = match req.role {
        Some(r) => kb.roles.get(r).map_or(r, |r| r.name.as_str()),
        None => "Specialist",
    };
    let rol = RoleView {
        id: req.role.unwrap_or(req.reader.id()).to_string(),
        naam: role_name.to_string(),
        naam_klein: lower_first(role_name),
    };
    let holder = req.role.and_then(|r| query::holder(journal, r, &req.today));
    let lezer = match req.name.or(holder.map(|c| c.naam.as_str())) {
        Some(n) => n.to_string(),
        None => gaps.gap(
            "naam van de lezer",
            &format!("naam van {}", req.reader.the_new()),
        ),
    };
    let voorganger = req
        .role
        .and_then(|r| query::predecessor(journal, r, &req.today))
        .filter(|p| !crate::core::journal::edit::same_name(&p.naam, &lezer))
        .map(|p| Predecessor {
            naam: p.naam.clone(),
            tot: p.tot.clone(),
            contacten: journal
                .gebeurtenissen
                .iter()
                .filter(|e| {
                    e.met
                        .iter()
                        .any(|m| crate::core::journal::edit::same_name(m, &p.naam))
                })
                .count(),
        });
    let roles = role_names(kb, journal);
    let with = |e: &Event| who(&e.met, &roles);

    let (geschiedenis, geschiedenis_eerder) = history(profile, journal, &with);
    let mut afspraken: Vec<Agreement> = journal
        .gebeurtenissen
        .iter()
        .flat_map(|e| e.afspraken.iter().map(move |a| (e, a)))
        .map(|(e, a)| Agreement {
            datum: e.datum.clone(),
            met: with(e),
            tekst: a.clone(),
        })
        .collect();
    let afspraken_eerder = afspraken.len().saturating_sub(MAX_AGREEMENTS);
    afspraken.drain(..afspraken_eerder);

    let people: Vec<_> = query::people(journal, &req.today, false)
        .into_iter()
        .filter(|p| p.in_contacten)
        .collect();
    let contacten_meer = people.len().saturating_sub(MAX_CONTACTS);
    let contacten = people
        .into_iter()
        .take(MAX_CONTACTS)
        .map(|p| ContactLine {
            rol: p
                .rol
                .as_deref()
                .map(|r| {
                    kb.roles
                        .get(r)
                        .map_or(r.to_string(), |r| lower_first(&r.name))
                })
                .unwrap_or_default(),
            naam: p.naam,
            partij: p.partij,
            organisatie: p.organisatie,
            sinds: p.sinds,
        })
        .collect();

    DossierContext {
        datum: date.to_string(),
        voor: req.reader.id(),
        titel: format!(
            "Dossier {} voor {}",
            coop.text("naam"),
            req.reader.the_new()
        ),
        rol,
        lezer,
        nieuw: voorganger.is_some(),
        hele_verhaal: journal.gebeurtenissen.len() <= STORY_ALL,
        voorganger,
        aantal_gebeurtenissen: journal.gebeurtenissen.len(),
        eerste_datum: journal.gebeurtenissen.iter().map(|e| e.datum.clone()).min(),
        geschiedenis,
        geschiedenis_eerder,
        afspraken,
        afspraken_eerder,
        contacten,
        contacten_meer,
        tegenwerpingen: heard(
            kb,
            journal,
            req.role.unwrap_or(""),
            &coop,
            &gemeente.naam,
            gaps,
        ),
        coop,
        gemeente,
    }
}

/// Name → role name (lowercase) of every contact with a known role.
fn role_names(kb: &Kb, journal: &Journal) -> HashMap<String, String> {
    journal
        .contacten
        .iter()
        .filter_map(|c| {
            let role = kb.roles.get(c.rol.as_deref()?)?;
            Some((crate::core::text::fold(&c.naam), lower_first(&role.name)))
        })
        .collect()
}

/// "Jan de Vries (wethouder wonen) en Anna Bos".
fn who(names: &[String], roles: &HashMap<String, String>) -> String {
    let parts: Vec<String> = names
        .iter()
        .map(|n| match roles.get(&crate::core::text::fold(n)) {
            Some(r) => format!("{n} ({r})"),
            None => n.clone(),
        })
        .collect();
    document::join_and(&parts)
}

/// How the people of an event follow its kind: "met X", or "aan X" for a
/// letter; nothing for a wisseling (its summary names the new person).
fn phrase_with(soort: EventKind, people: &str) -> String {
    match (soort, people) {
        (_, "") | (EventKind::Wisseling, _) => String::new(),
        (EventKind::Brief, p) => format!("aan {p}"),
        (_, p) => format!("met {p}"),
    }
}

/// Does this event belong in a short history? Decisions, motions, changes
/// of people, and everything with an outcome or an agreement.
fn is_milestone(e: &Event) -> bool {
    e.soort.is_milestone() || e.uitkomst.is_some() || !e.afspraken.is_empty()
}

/// The history in coop.yaml plus the milestones of the journal, oldest
/// first; only the last MAX_TIMELINE, with the number left out.
fn history(
    profile: Option<&Profile>,
    journal: &Journal,
    with: &dyn Fn(&Event) -> String,
) -> (Vec<HistoryLine>, usize) {
    let mut lines: Vec<HistoryLine> = profile
        .map(|p| {
            p.geschiedenis
                .iter()
                .map(|g| HistoryLine {
                    datum: g.datum.clone(),
                    soort: String::new(),
                    met: String::new(),
                    samenvatting: g.wat.clone(),
                    uitkomst: None,
                })
                .collect()
        })
        .unwrap_or_default();
    lines.extend(
        journal
            .gebeurtenissen
            .iter()
            // A short journal is the whole story; a long one its milestones.
            .filter(|e| journal.gebeurtenissen.len() <= STORY_ALL || is_milestone(e))
            .map(|e| HistoryLine {
                datum: e.datum.clone(),
                soort: upper_first(e.soort.id()),
                met: phrase_with(e.soort, &with(e)),
                samenvatting: e.samenvatting.clone(),
                uitkomst: e.uitkomst.clone(),
            }),
    );
    lines.sort_by(|a, b| a.datum.cmp(&b.datum));
    let left_out = lines.len().saturating_sub(MAX_TIMELINE);
    lines.drain(..left_out);
    (lines, left_out)
}

/// Objections heard in the journal, those of the reader's role first, then
/// the most heard.
fn heard(
    kb: &Kb,
    journal: &Journal,
    role: &str,
    coop: &CoopView,
    gemeente: &str,
    gaps: &mut Gaps,
) -> Vec<HeardObjection> {
    let mut count: HashMap<&str, (usize, &str)> = HashMap::new();
    for e in &journal.gebeurtenissen {
        for t in &e.tegenwerpingen {
            let entry = count.entry(t.as_str()).or_insert((0, ""));
            entry.0 += 1;
            entry.1 = entry.1.max(e.datum.as_str());
        }
    }
    let mut out: Vec<HeardObjection> = count
        .into_iter()
        .filter_map(|(id, (keer, laatst))| {
            let o = kb.objections.get(id)?;
            Some(HeardObjection {
                objection: super::views::objection(kb, o),
                keer,
                laatst: laatst.to_string(),
                antwoord: super::tailor::fill(
                    o.letter.as_deref().unwrap_or(&o.short),
                    coop,
                    gemeente,
                    gaps,
                ),
                van_deze_rol: o.raised_by.iter().any(|r| r == role),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (b.van_deze_rol, b.keer, &a.objection.id).cmp(&(a.van_deze_rol, a.keer, &b.objection.id))
    });
    out
}

pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::store::parse;

    fn journal() -> Journal {
        parse(
            "j",
            "\
contacten:
  - naam: Anna Bos
    rol: projectleider
    sinds: 2023-01-01
    tot: 2026-03-31
  - naam: Piet Jansen
    rol: projectleider
    sinds: 2026-04-01
gebeurtenissen:
  - datum: 2024-02-01
    soort: gesprek
    met: Anna Bos
    samenvatting: Kennismaking
    afspraken: [Elk kwartaal overleg]
    tegenwerpingen: [geen-tijd, goedkope-grond]
  - datum: 2025-06-01
    soort: brief
    samenvatting: Brief aan de raad
    tegenwerpingen: [goedkope-grond]
  - datum: 2026-04-01
    soort: wisseling
    met: Piet Jansen
    samenvatting: Piet Jansen is de nieuwe projectleider
vervolg:
  - datum: 2026-04-10
    wat: Dossier sturen
",
        )
        .unwrap()
    }

    fn req(reader: Reader, journal: &Journal) -> DossierRequest<'_> {
        DossierRequest {
            reader,
            role: reader.default_role(),
            name: None,
            today: "2026-04-15".into(),
            journal,
        }
    }

    const DATE: &str = "15 april 2026";

    #[test]
    fn states_only_what_the_journal_says() {
        let kb = Kb::load(None).unwrap();
        let j = journal();
        let mut gaps = Gaps::default();
        let c = context(
            &kb,
            None,
            None,
            &req(Reader::Projectleider, &j),
            DATE,
            &mut gaps,
        );
        assert_eq!(c.lezer, "Piet Jansen");
        let v = c.voorganger.as_ref().unwrap();
        assert_eq!((v.naam.as_str(), v.contacten), ("Anna Bos", 1));
        // A short journal is the whole story, the letter without outcome too.
        let what: Vec<&str> = c
            .geschiedenis
            .iter()
            .map(|h| h.samenvatting.as_str())
            .collect();
        assert_eq!(
            what,
            [
                "Kennismaking",
                "Brief aan de raad",
                "Piet Jansen is de nieuwe projectleider"
            ]
        );
        assert!(c.hele_verhaal && c.nieuw);
        assert_eq!(
            c.geschiedenis[0].met,
            "met Anna Bos (projectleider gebiedsontwikkeling)"
        );
        assert_eq!(
            c.geschiedenis[1].met, "",
            "a wisseling names the person in its summary"
        );
        assert_eq!(c.afspraken[0].tekst, "Elk kwartaal overleg");
        // Our own follow-ups are not for an outside reader.
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("Dossier sturen"), "{json}");
        assert!(gaps.missing.iter().any(|m| m.veld == "naam"));
        assert!(!gaps.missing.iter().any(|m| m.veld == "naam van de lezer"));
    }

    #[test]
    fn objections_of_the_readers_role_come_first() {
        let kb = Kb::load(None).unwrap();
        let j = journal();
        let mut gaps = Gaps::default();
        let c = context(
            &kb,
            None,
            None,
            &req(Reader::Projectleider, &j),
            DATE,
            &mut gaps,
        );
        // geen-tijd is raised by project leaders (heard once), goedkope-grond
        // is not (heard twice): the reader's own objection comes first.
        let ids: Vec<&str> = c
            .tegenwerpingen
            .iter()
            .map(|o| o.objection.id.as_str())
            .collect();
        assert_eq!(ids, ["geen-tijd", "goedkope-grond"]);
        assert!(c.tegenwerpingen[0].van_deze_rol && !c.tegenwerpingen[1].van_deze_rol);
        // A reader whose role raises neither: the one heard most comes first.
        let mut other = req(Reader::Specialist, &j);
        other.role = Some("jurist");
        let c = context(&kb, None, None, &other, DATE, &mut gaps);
        let ids: Vec<&str> = c
            .tegenwerpingen
            .iter()
            .map(|o| o.objection.id.as_str())
            .collect();
        assert_eq!(ids, ["goedkope-grond", "geen-tijd"]);
    }

    #[test]
    fn a_missing_reader_is_a_gap() {
        let kb = Kb::load(None).unwrap();
        let mut gaps = Gaps::default();
        let empty = Journal::default();
        let c = context(
            &kb,
            None,
            None,
            &req(Reader::Raadslid, &empty),
            DATE,
            &mut gaps,
        );
        assert_eq!(c.lezer, "[naam van het nieuwe raadslid]");
        assert!(c.voorganger.is_none());
        assert!(c.geschiedenis.is_empty());
        // A specialist of no particular kind: no role to look up, no odd role name.
        let j = journal();
        let c = context(
            &kb,
            None,
            None,
            &req(Reader::Specialist, &j),
            DATE,
            &mut gaps,
        );
        assert_eq!(c.lezer, "[naam van de nieuwe specialist]");
        assert_eq!(c.rol.naam_klein, "specialist");
        assert!(c.voorganger.is_none());
    }
}
