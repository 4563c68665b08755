//! One view of each kind of knowledge base entry, with its references
//! resolved (ids become names). Templates, JSON output and the documents
//! that quote an entry all use these, so a field has one name everywhere.
//! Public JSON has Dutch keys, like coop.yaml and journaal.yaml; the data
//! files keep their English keys (see data/SCHEMA.md).

use serde::Serialize;

use super::tailor;
use crate::core::kb::{Argument, Checklist, Kb, Objection, Party, Role, Source};

/// A referenced entry: its id and its name.
#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub id: String,
    pub naam: String,
}

/// A referenced entry that has a title.
#[derive(Debug, Clone, Serialize)]
pub struct TitleRef {
    pub id: String,
    pub titel: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub id: String,
    pub titel: String,
    pub uitgever: String,
    pub datum: Option<String>,
    pub url: Option<String>,
    pub notitie: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RebuttalView {
    pub feit: String,
    pub tegenwerping: String,
    pub misleidend: String,
    pub feit_opnieuw: String,
}

/// One of the cooperative's own figures, and why it helps.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub cijfer: String,
    pub label: String,
    pub waarom: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentRef {
    pub id: String,
    pub titel: String,
    pub samenvatting: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectionView {
    pub id: String,
    pub tegenwerping: String,
    pub ook_gehoord: Vec<String>,
    /// One sentence for a phone call.
    pub kort: String,
    pub weerlegging: RebuttalView,
    pub geopperd_door: Vec<Ref>,
    pub bewijs: Vec<FigureView>,
    pub volgende_stappen: Vec<TitleRef>,
    pub argumenten: Vec<ArgumentRef>,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentView {
    pub id: String,
    pub titel: String,
    pub samenvatting: String,
    pub tekst: String,
    pub bewijs: Vec<Ref>,
    pub themas: Vec<Ref>,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub id: String,
    pub naam: String,
    pub groep: String,
    pub doet: String,
    pub vindt_belangrijk: Vec<String>,
    pub aanpak: Vec<String>,
    pub meenemen: Vec<String>,
    pub valkuilen: Vec<String>,
    pub checklists: Vec<TitleRef>,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub tekst: String,
    pub waarom: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    pub id: String,
    pub titel: String,
    pub wanneer: String,
    pub stappen: Vec<StepView>,
    pub rollen: Vec<Ref>,
    pub bronnen: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyThemeView {
    pub id: String,
    pub naam: String,
    pub tekst: String,
    pub bronnen: Vec<SourceView>,
}

/// An argument to lead with for a party, with the themes they share.
#[derive(Debug, Clone, Serialize)]
pub struct PartyArgument {
    pub id: String,
    pub titel: String,
    pub samenvatting: String,
    pub themas: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub id: String,
    pub naam: String,
    pub volledige_naam: Option<String>,
    pub positie: String,
    pub themas: Vec<PartyThemeView>,
    pub argumenten: Vec<PartyArgument>,
    pub tegenwerpingen: Vec<ObjectionRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectionRef {
    pub id: String,
    pub tegenwerping: String,
    pub kort: String,
}

pub fn source(s: &Source) -> SourceView {
    SourceView {
        id: s.id.clone(),
        titel: s.title.clone(),
        uitgever: s.publisher.clone(),
        datum: s.date.clone(),
        url: s.url.clone(),
        notitie: s.note.clone(),
    }
}

pub fn sources(kb: &Kb, ids: &[String]) -> Vec<SourceView> {
    ids.iter()
        .filter_map(|id| kb.sources.get(id))
        .map(source)
        .collect()
}

fn role_refs(kb: &Kb, ids: &[String]) -> Vec<Ref> {
    ids.iter()
        .filter_map(|id| kb.roles.get(id))
        .map(|r| Ref {
            id: r.id.clone(),
            naam: r.name.clone(),
        })
        .collect()
}

pub fn checklist_refs(kb: &Kb, ids: &[&str]) -> Vec<TitleRef> {
    ids.iter()
        .filter_map(|id| kb.checklists.get(id))
        .map(|c| TitleRef {
            id: c.id.clone(),
            titel: c.title.clone(),
        })
        .collect()
}

fn ids(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

pub fn objection(kb: &Kb, o: &Objection) -> ObjectionView {
    ObjectionView {
        id: o.id.clone(),
        tegenwerping: o.objection.clone(),
        ook_gehoord: o.also_heard.clone(),
        kort: o.short.clone(),
        weerlegging: RebuttalView {
            feit: o.rebuttal.fact.clone(),
            tegenwerping: o.rebuttal.objection.clone(),
            misleidend: o.rebuttal.misleading.clone(),
            feit_opnieuw: o.rebuttal.fact_again.clone(),
        },
        geopperd_door: role_refs(kb, &o.raised_by),
        bewijs: o
            .evidence
            .iter()
            .map(|e| FigureView {
                cijfer: e.figure.id().to_string(),
                label: e.figure.label().to_string(),
                waarom: e.why.clone(),
            })
            .collect(),
        volgende_stappen: checklist_refs(kb, &ids(&o.next_steps)),
        argumenten: o
            .arguments
            .iter()
            .filter_map(|id| kb.arguments.get(id))
            .map(|a| ArgumentRef {
                id: a.id.clone(),
                titel: a.title.clone(),
                samenvatting: a.summary.clone(),
            })
            .collect(),
        bronnen: sources(kb, &o.sources),
    }
}

pub fn argument(kb: &Kb, a: &Argument) -> ArgumentView {
    ArgumentView {
        id: a.id.clone(),
        titel: a.title.clone(),
        samenvatting: a.summary.clone(),
        tekst: a.text.clone(),
        bewijs: a
            .evidence
            .iter()
            .map(|f| Ref {
                id: f.id().to_string(),
                naam: f.label().to_string(),
            })
            .collect(),
        themas: a
            .themes
            .iter()
            .filter_map(|id| kb.themes.get(id))
            .map(|t| Ref {
                id: t.id.clone(),
                naam: t.name.clone(),
            })
            .collect(),
        bronnen: sources(kb, &a.sources),
    }
}

pub fn role(kb: &Kb, r: &Role) -> RoleView {
    RoleView {
        id: r.id.clone(),
        naam: r.name.clone(),
        groep: r.group.id().to_string(),
        doet: r.does.clone(),
        vindt_belangrijk: r.cares_about.clone(),
        aanpak: r.approach.clone(),
        meenemen: r.bring.clone(),
        valkuilen: r.pitfalls.clone(),
        checklists: checklist_refs(kb, &ids(&r.checklists)),
        bronnen: sources(kb, &r.sources),
    }
}

pub fn checklist(kb: &Kb, c: &Checklist) -> ChecklistView {
    ChecklistView {
        id: c.id.clone(),
        titel: c.title.clone(),
        wanneer: c.when.clone(),
        stappen: c
            .steps
            .iter()
            .map(|s| StepView {
                tekst: s.text.clone(),
                waarom: s.why.clone(),
            })
            .collect(),
        rollen: role_refs(kb, &c.roles),
        bronnen: sources(kb, &c.sources),
    }
}

pub fn party(kb: &Kb, p: &Party) -> PartyView {
    let themas = p
        .themes
        .iter()
        .map(|t| PartyThemeView {
            id: t.theme.clone(),
            naam: kb
                .themes
                .get(&t.theme)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            tekst: t.text.clone(),
            bronnen: sources(kb, &t.sources),
        })
        .collect();
    let argumenten = tailor::arguments_for_party(kb, Some(p))
        .into_iter()
        .take(3)
        .map(|(a, shared)| PartyArgument {
            id: a.id.clone(),
            titel: a.title.clone(),
            samenvatting: a.summary.clone(),
            themas: shared
                .iter()
                .filter_map(|t| kb.themes.get(t).map(|x| x.name.clone()))
                .collect(),
        })
        .collect();
    PartyView {
        id: p.id.clone(),
        naam: p.name.clone(),
        volledige_naam: p.full_name.clone(),
        positie: p.position.clone(),
        themas,
        argumenten,
        tegenwerpingen: p
            .objections
            .iter()
            .filter_map(|id| kb.objections.get(id))
            .map(|o| ObjectionRef {
                id: o.id.clone(),
                tegenwerping: o.objection.clone(),
                kort: o.short.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::core::kb::Kb;

    /// `coop weerleg` loads only part of the data: everything an answer
    /// shows must be in it.
    #[test]
    fn the_part_loaded_for_objections_has_what_an_answer_shows() {
        let all = Kb::load(None).unwrap();
        let part = Kb::load_for_objections(None).unwrap();
        assert!(part.matching_built_in && part.profiles.is_empty());
        assert_eq!(part.objections.len(), all.objections.len());
        // The synonyms are in the index built at compile time.
        assert!(part.synonyms.is_empty() && !all.synonyms.is_empty());
        for o in part.objections.iter() {
            let view = |kb: &Kb| serde_json::to_value(super::objection(kb, o)).unwrap();
            assert_eq!(view(&part), view(&all), "{}", o.id);
        }
    }
}
