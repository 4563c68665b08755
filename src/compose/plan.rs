//! The plan `coop start` ends with: ordered steps from the checklists, who
//! to approach first and how, what is known about the municipality, answers
//! to the objections the group heard, and which documents fit. The rules
//! that pick checklists and roles are data (`plan:` in data/questions.yaml);
//! this module only applies them. Pure: no I/O.

use serde::Serialize;

use super::document::Gaps;
use super::letter::{Goal, Recipient};
use super::places::{self, MunicipalityView};
use super::views;
use super::{Document, Sources, Title};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::questionnaire::answers::{Answer, Answers};
use crate::core::questionnaire::questions::Questionnaire;
use crate::error::Result;
use crate::matching::search::Index;

/// At most this many checklists; the first ones get all their steps.
pub const MAX_CHECKLISTS: usize = 4;
pub const FULL_CHECKLISTS: usize = 2;
/// At most this many roles to approach first.
pub const MAX_ROLES: usize = 3;
/// At most this many objections are answered in a letter or speech.
pub const MAX_REBUTTALS_IN_DOCS: usize = 2;

#[derive(Debug, Clone, Serialize)]
pub struct PlanChecklist {
    pub nummer: usize,
    pub id: String,
    pub titel: String,
    pub wanneer: String,
    /// Why this list is in the plan (one sentence per rule that chose it).
    pub waarom: Vec<String>,
    pub stappen: Vec<views::StepView>,
    /// All steps are shown; otherwise only the title and the command.
    pub volledig: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRole {
    pub id: String,
    pub naam: String,
    pub wat: String,
    pub aanpak: Vec<String>,
    pub meenemen: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRebuttal {
    #[serde(flatten)]
    pub objection: views::ObjectionView,
    /// The group's own words that matched this objection.
    pub gehoord: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LetterPlan {
    pub doel: Goal,
    pub aan: Recipient,
    pub aan_tekst: String,
    pub commando: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeechPlan {
    pub agendapunt: Option<String>,
    pub doel: Goal,
    pub commando: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanContext {
    pub coop: String,
    pub fase: Option<String>,
    pub doel: Option<String>,
    pub gemeente: Option<MunicipalityView>,
    pub gemeente_beleid: bool,
    pub stappen: Vec<PlanChecklist>,
    pub benaderen: Vec<PlanRole>,
    pub al_gesproken: Vec<String>,
    pub weerleggingen: Vec<PlanRebuttal>,
    pub niet_herkend: Vec<String>,
    pub brief: LetterPlan,
    pub inspreken: Option<SpeechPlan>,
}

impl PlanContext {
    /// The objection ids to answer in a letter or speech, best known first.
    pub fn rebut_ids(&self) -> Vec<String> {
        self.weerleggingen
            .iter()
            .take(MAX_REBUTTALS_IN_DOCS)
            .map(|r| r.objection.id.clone())
            .collect()
    }
}

fn recipient_text(r: Recipient) -> &'static str {
    match r {
        Recipient::Raad => "de gemeenteraad (via de griffie)",
        Recipient::Fractie => "een fractie",
        Recipient::Fracties => "elke fractie",
        Recipient::Raadslid => "een raadslid",
        Recipient::Raadsleden => "elk raadslid",
        Recipient::Wethouder => "de wethouder wonen",
        Recipient::Griffie => "de griffie",
    }
}

/// Whether the municipality is known to have policy or an action plan.
pub fn has_policy(kb: &Kb, row: Option<&MunicipalityRow>) -> bool {
    row.and_then(|r| kb.profiles.get(&r.code))
        .and_then(|p| p.policy.as_ref())
        .is_some_and(|p| p.status.has_policy())
}

/// Quotes an argument for a shell command line when it needs it.
fn shell_arg(s: &str) -> String {
    if s.chars().all(|c| c.is_alphanumeric() || "-_.,".contains(c)) {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\\\""))
    }
}

/// The plan at the end of the questionnaire, from its answers.
pub struct PlanRequest<'a> {
    pub questionnaire: &'a Questionnaire,
    pub answers: &'a Answers,
}

impl Document for PlanRequest<'_> {
    type View = PlanContext;
    const KIND: &'static str = "plan";
    const TEMPLATE: &'static str = "docs/plan.md.j2";

    fn compose(&self, src: &Sources, _: &mut Gaps) -> Result<PlanContext> {
        Ok(plan(
            src.kb,
            self.questionnaire,
            self.answers,
            src.municipality,
        ))
    }

    fn title(&self, view: &PlanContext) -> Title {
        Title::Text(format!("Plan voor {}", view.coop))
    }

    /// The plan is for the group itself, not a draft to send.
    fn from(&self, _: &PlanContext, _: &Sources) -> Option<super::Mailbox> {
        None
    }
}

pub fn plan(
    kb: &Kb,
    questionnaire: &Questionnaire,
    answers: &Answers,
    row: Option<&MunicipalityRow>,
) -> PlanContext {
    let beleid = has_policy(kb, row);
    let derived = Answer::Bool(beleid);
    let get = |id: &str| {
        if id == "gemeente-beleid" {
            Some(&derived)
        } else {
            answers.get(id)
        }
    };
    let spoken: &[String] = answers.list("gesproken");

    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    let mut roles: Vec<String> = Vec::new();
    let mut letter: Option<(Goal, Recipient)> = None;
    for rule in &questionnaire.plan {
        if !rule.when.iter().all(|c| c.holds(get)) {
            continue;
        }
        for id in &rule.checklists {
            match lists.iter_mut().find(|(l, _)| l == id) {
                Some((_, why)) if !why.contains(&rule.why) => why.push(rule.why.clone()),
                Some(_) => {}
                None => lists.push((id.clone(), vec![rule.why.clone()])),
            }
        }
        for id in &rule.roles {
            if !roles.contains(id) {
                roles.push(id.clone());
            }
        }
        if letter.is_none() {
            letter = rule.letter.as_ref().map(|l| (l.goal, l.to));
        }
    }
    let stappen = lists
        .into_iter()
        .filter_map(|(id, waarom)| kb.checklists.get(&id).map(|c| (c, waarom)))
        .take(MAX_CHECKLISTS)
        .enumerate()
        .map(|(i, (c, waarom))| PlanChecklist {
            nummer: i + 1,
            id: c.id.clone(),
            titel: c.title.clone(),
            wanneer: c.when.clone(),
            waarom,
            stappen: views::checklist(kb, c).stappen,
            volledig: i < FULL_CHECKLISTS,
        })
        .collect();
    let benaderen = roles
        .iter()
        .filter(|id| !spoken.contains(id))
        .filter_map(|id| kb.roles.get(id))
        .take(MAX_ROLES)
        .map(|r| PlanRole {
            id: r.id.clone(),
            naam: r.name.clone(),
            wat: r.does.clone(),
            aanpak: r.approach.clone(),
            meenemen: r.bring.clone(),
        })
        .collect();
    let al_gesproken = spoken
        .iter()
        .filter_map(|id| kb.roles.get(id))
        .map(|r| r.name.clone())
        .collect();

    let (weerleggingen, niet_herkend) = rebuttals(kb, answers);
    let rebut: Vec<String> = weerleggingen
        .iter()
        .take(MAX_REBUTTALS_IN_DOCS)
        .map(|r| r.objection.id.clone())
        .collect();
    let weerleg_flag = if rebut.is_empty() {
        String::new()
    } else {
        format!(" --weerleg {}", rebut.join(","))
    };
    let (goal, to) = letter.unwrap_or((Goal::Gesprek, Recipient::Wethouder));
    let brief = LetterPlan {
        doel: goal,
        aan: to,
        aan_tekst: recipient_text(to).to_string(),
        commando: format!(
            "coop brief --aan {} --doel {}{weerleg_flag}",
            String::from(Recipient::id(to)),
            goal.id()
        ),
    };
    let inspreken = answers.flag("vergadering").then(|| {
        let agendapunt = answers.text("agendapunt").map(str::to_string);
        // A speech asks the council; "a talk" is asked in a letter.
        let doel = if goal == Goal::Gesprek {
            Goal::Steun
        } else {
            goal
        };
        let mut commando = format!("coop inspreek --doel {}", doel.id());
        if let Some(a) = &agendapunt {
            commando.push_str(&format!(" --agendapunt {}", shell_arg(a)));
        }
        commando.push_str(&weerleg_flag);
        SpeechPlan {
            agendapunt,
            doel,
            commando,
        }
    });

    let label = |id: &str| {
        let q = questionnaire.get(id)?;
        answers.get(id).map(|a| a.display(q, kb))
    };
    PlanContext {
        coop: answers.text("naam").unwrap_or_default().to_string(),
        fase: label("fase"),
        doel: label("doel"),
        gemeente: row.map(|r| places::municipality(kb, r, None)),
        gemeente_beleid: beleid,
        stappen,
        benaderen,
        al_gesproken,
        weerleggingen,
        niet_herkend,
        brief,
        inspreken,
    }
}

/// Objections picked from the list, then those found for the typed texts
/// (like `coop weerleg`); texts that match nothing are returned apart.
fn rebuttals(kb: &Kb, answers: &Answers) -> (Vec<PlanRebuttal>, Vec<String>) {
    let mut out: Vec<PlanRebuttal> = Vec::new();
    let add = |out: &mut Vec<PlanRebuttal>, id: &str, heard: Option<&str>| {
        let Some(o) = kb.objections.get(id) else {
            return;
        };
        let i = match out.iter().position(|r| r.objection.id == id) {
            Some(i) => i,
            None => {
                out.push(PlanRebuttal {
                    objection: views::objection(kb, o),
                    gehoord: Vec::new(),
                });
                out.len() - 1
            }
        };
        if let Some(h) = heard {
            out[i].gehoord.push(h.to_string());
        }
    };
    for id in answers.list("tegenwerpingen") {
        add(&mut out, id, None);
    }
    let mut unknown = Vec::new();
    let texts = answers.list("ook-gehoord");
    if !texts.is_empty() {
        let index = Index::new(kb);
        for t in texts {
            match index.search(t, 1).first() {
                Some(m) => add(&mut out, &m.objection.id, Some(t)),
                None => unknown.push(t.clone()),
            }
        }
    }
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Kb, Questionnaire) {
        let kb = Kb::load(None).unwrap();
        let q = Questionnaire::load(&kb).unwrap();
        (kb, q)
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        let mut a = Answers::default();
        a.set("naam", Answer::Text("De Groene Hof".into()));
        for (k, v) in pairs {
            a.set(k, v.clone());
        }
        a
    }

    fn ids(p: &PlanContext) -> Vec<&str> {
        p.stappen.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn no_contact_yet_starts_with_first_contact_and_the_gatekeepers() {
        let (kb, q) = setup();
        let a = answers(&[
            ("fase", Answer::Text("initiatief".into())),
            ("doel", Answer::Text("kavel".into())),
            ("gesproken", Answer::List(vec![])),
        ]);
        let p = plan(&kb, &q, &a, None);
        assert_eq!(ids(&p)[..2], ["eerste-contact", "kavel-aanvragen"]);
        let roles: Vec<&str> = p.benaderen.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(roles[..2], ["wethouder-wonen", "beleidsambtenaar"]);
        assert!(p.benaderen[0].aanpak[0].contains("poortwachters"));
        assert_eq!(
            (p.brief.doel, p.brief.aan),
            (Goal::Kavel, Recipient::Wethouder)
        );
        assert!(p.inspreken.is_none());
        assert!(p.stappen.len() <= MAX_CHECKLISTS);
        assert!(p.stappen[0].volledig && !p.stappen[MAX_CHECKLISTS - 1].volledig);
    }

    #[test]
    fn roles_already_spoken_to_are_not_suggested_again() {
        let (kb, q) = setup();
        let a = answers(&[
            ("doel", Answer::Text("kennismaken".into())),
            ("gesproken", Answer::List(vec!["wethouder-wonen".into()])),
        ]);
        let p = plan(&kb, &q, &a, None);
        assert!(p.benaderen.iter().all(|r| r.id != "wethouder-wonen"));
        assert_eq!(p.benaderen[0].id, "beleidsambtenaar");
        assert_eq!(p.al_gesproken, vec!["Wethouder wonen"]);
    }

    #[test]
    fn policy_goal_depends_on_what_the_municipality_has() {
        let (kb, q) = setup();
        let a = answers(&[
            ("doel", Answer::Text("beleid".into())),
            ("gesproken", Answer::List(vec!["griffie".into()])),
        ]);
        let utrecht = kb.municipality("GM0344");
        assert!(has_policy(&kb, utrecht));
        let with = plan(&kb, &q, &a, utrecht);
        assert_eq!(ids(&with)[0], "bestaande-instrumenten");
        assert_eq!(with.brief.doel, Goal::Motie);
        let without_row = kb
            .municipalities
            .iter()
            .find(|m| !has_policy(&kb, Some(m)))
            .unwrap();
        let without = plan(&kb, &q, &a, Some(without_row));
        assert_eq!(ids(&without)[..2], ["brief-aan-de-raad", "inspreken"]);
        assert_eq!(
            (without.brief.doel, without.brief.aan),
            (Goal::Beleid, Recipient::Raad)
        );
        assert!(without.gemeente.is_some());
    }

    #[test]
    fn a_meeting_adds_speaking_and_a_speech() {
        let (kb, q) = setup();
        let a = answers(&[
            ("doel", Answer::Text("kennismaken".into())),
            ("gesproken", Answer::List(vec!["beleidsambtenaar".into()])),
            ("vergadering", Answer::Bool(true)),
            ("agendapunt", Answer::Text("Woonvisie 2030".into())),
        ]);
        let p = plan(&kb, &q, &a, None);
        assert!(ids(&p).contains(&"inspreken"));
        let s = p.inspreken.unwrap();
        assert_eq!(s.doel, Goal::Steun);
        assert!(
            s.commando.contains("--agendapunt \"Woonvisie 2030\""),
            "{}",
            s.commando
        );
    }

    #[test]
    fn heard_objections_are_answered_and_free_text_is_matched() {
        let (kb, q) = setup();
        let a = answers(&[
            ("gesproken", Answer::List(vec![])),
            ("tegenwerpingen", Answer::List(vec!["winst".into()])),
            (
                "ook-gehoord",
                Answer::List(vec![
                    "jullie willen alleen maar goedkope grond".into(),
                    "qqq zzzwww".into(),
                ]),
            ),
        ]);
        let p = plan(&kb, &q, &a, None);
        let found: Vec<&str> = p
            .weerleggingen
            .iter()
            .map(|r| r.objection.id.as_str())
            .collect();
        assert_eq!(found, ["winst", "goedkope-grond"]);
        assert_eq!(p.weerleggingen[1].gehoord.len(), 1);
        assert!(!p.weerleggingen[0].objection.kort.is_empty());
        assert_eq!(p.niet_herkend, vec!["qqq zzzwww"]);
        assert_eq!(p.rebut_ids(), vec!["winst", "goedkope-grond"]);
        assert!(p.brief.commando.ends_with("--weerleg winst,goedkope-grond"));
    }

    #[test]
    fn every_goal_gives_a_plan_with_steps() {
        let (kb, q) = setup();
        for choice in &q.get("doel").unwrap().choices {
            for fase in crate::core::profile::Phase::ids() {
                let a = answers(&[
                    ("doel", Answer::Text(choice.value.clone())),
                    ("fase", Answer::Text(fase.to_string())),
                    ("gesproken", Answer::List(vec!["griffie".into()])),
                ]);
                let p = plan(&kb, &q, &a, None);
                assert!(!p.stappen.is_empty(), "{} {fase}", choice.value);
                assert!(!p.benaderen.is_empty(), "{} {fase}", choice.value);
            }
        }
    }
}
