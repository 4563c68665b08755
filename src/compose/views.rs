//! Views of knowledge base entries with their references resolved (ids
//! become titles), shared by the Markdown templates and the JSON output.

use serde::Serialize;

use crate::core::kb::{Argument, Checklist, Kb, Objection, Rebuttal, Role, Source, Step};

/// A referenced entry: its id and its human name.
#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentRef {
    pub id: String,
    pub title: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub figure: String,
    pub label: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectionView {
    pub id: String,
    pub objection: String,
    pub also_heard: Vec<String>,
    pub short: String,
    pub rebuttal: Rebuttal,
    pub raised_by: Vec<Ref>,
    pub evidence: Vec<FigureView>,
    pub next_steps: Vec<ChecklistRef>,
    pub arguments: Vec<ArgumentRef>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub text: String,
    pub evidence: Vec<Ref>,
    pub themes: Vec<Ref>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub group: String,
    pub does: String,
    pub cares_about: Vec<String>,
    pub approach: Vec<String>,
    pub bring: Vec<String>,
    pub pitfalls: Vec<String>,
    pub checklists: Vec<ChecklistRef>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    pub id: String,
    pub title: String,
    pub when: String,
    pub steps: Vec<Step>,
    pub roles: Vec<Ref>,
    pub sources: Vec<Source>,
}

/// The Dutch label of one of the cooperative's own figures.
pub fn figure_label(figure: &str) -> &'static str {
    match figure {
        "leden" => "Aantal leden",
        "wachtlijst" => "Mensen op de wachtlijst",
        "woningen" => "Geplande woningen",
        "huur" => "Huur of prijs per woning",
        "doelgroepen" => "Doelgroepen",
        "meerwaarde" => "Meerwaarde voor de buurt",
        "partners" => "Partners",
        "platform" => "Platform of netwerk",
        "geschiedenis" => "Wat jullie al bereikten",
        "fase" => "Fase van het project",
        _ => "Eigen gegevens",
    }
}

pub fn sources(kb: &Kb, ids: &[String]) -> Vec<Source> {
    ids.iter()
        .filter_map(|id| kb.sources.get(id))
        .cloned()
        .collect()
}

fn role_refs(kb: &Kb, ids: &[String]) -> Vec<Ref> {
    ids.iter()
        .filter_map(|id| kb.roles.get(id))
        .map(|r| Ref {
            id: r.id.clone(),
            name: r.name.clone(),
        })
        .collect()
}

fn checklist_refs(kb: &Kb, ids: &[String]) -> Vec<ChecklistRef> {
    ids.iter()
        .filter_map(|id| kb.checklists.get(id))
        .map(|c| ChecklistRef {
            id: c.id.clone(),
            title: c.title.clone(),
        })
        .collect()
}

pub fn objection(kb: &Kb, o: &Objection) -> ObjectionView {
    ObjectionView {
        id: o.id.clone(),
        objection: o.objection.clone(),
        also_heard: o.also_heard.clone(),
        short: o.short.clone(),
        rebuttal: o.rebuttal.clone(),
        raised_by: role_refs(kb, &o.raised_by),
        evidence: o
            .evidence
            .iter()
            .map(|e| FigureView {
                figure: e.figure.clone(),
                label: figure_label(&e.figure).to_string(),
                why: e.why.clone(),
            })
            .collect(),
        next_steps: checklist_refs(kb, &o.next_steps),
        arguments: o
            .arguments
            .iter()
            .filter_map(|id| kb.arguments.get(id))
            .map(|a| ArgumentRef {
                id: a.id.clone(),
                title: a.title.clone(),
                summary: a.summary.clone(),
            })
            .collect(),
        sources: sources(kb, &o.sources),
    }
}

pub fn argument(kb: &Kb, a: &Argument) -> ArgumentView {
    ArgumentView {
        id: a.id.clone(),
        title: a.title.clone(),
        summary: a.summary.clone(),
        text: a.text.clone(),
        evidence: a
            .evidence
            .iter()
            .map(|f| Ref {
                id: f.clone(),
                name: figure_label(f).to_string(),
            })
            .collect(),
        themes: a
            .themes
            .iter()
            .filter_map(|id| kb.themes.get(id))
            .map(|t| Ref {
                id: t.id.clone(),
                name: t.name.clone(),
            })
            .collect(),
        sources: sources(kb, &a.sources),
    }
}

pub fn role(kb: &Kb, r: &Role) -> RoleView {
    RoleView {
        id: r.id.clone(),
        name: r.name.clone(),
        group: r.group.clone(),
        does: r.does.clone(),
        cares_about: r.cares_about.clone(),
        approach: r.approach.clone(),
        bring: r.bring.clone(),
        pitfalls: r.pitfalls.clone(),
        checklists: checklist_refs(kb, &r.checklists),
        sources: sources(kb, &r.sources),
    }
}

pub fn checklist(kb: &Kb, c: &Checklist) -> ChecklistView {
    ChecklistView {
        id: c.id.clone(),
        title: c.title.clone(),
        when: c.when.clone(),
        steps: c.steps.clone(),
        roles: role_refs(kb, &c.roles),
        sources: sources(kb, &c.sources),
    }
}
