//! Tailoring to the reader: which arguments to lead with for a party, and
//! the cooperative's own figures filled into texts from the data.

use super::document::{CoopView, Gaps};
use crate::core::choice::Goal;
use crate::core::kb::{Argument, Kb, Party};

/// The argument about empty buildings in the countryside.
pub const COUNTRYSIDE: &str = "leegstand-platteland";
/// The argument about reusing an empty building anywhere.
pub const EMPTY_BUILDINGS: &str = "lege-gebouwen";

/// Arguments ordered by how many of the party's themes they speak to
/// (most first, then knowledge base order). Arguments that share no theme
/// come last, so a letter always has something to say.
pub fn arguments_for_party<'a>(
    kb: &'a Kb,
    party: Option<&Party>,
) -> Vec<(&'a Argument, Vec<String>)> {
    let themes: Vec<&str> = party
        .map(|p| p.themes.iter().map(|t| t.theme.as_str()).collect())
        .unwrap_or_default();
    by_themes(kb, &themes)
}

fn by_themes<'a>(kb: &'a Kb, themes: &[&str]) -> Vec<(&'a Argument, Vec<String>)> {
    let mut scored: Vec<(usize, usize, &Argument, Vec<String>)> = kb
        .arguments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let shared: Vec<String> = a
                .themes
                .iter()
                .filter(|t| themes.contains(&t.as_str()))
                .cloned()
                .collect();
            (shared.len(), i, a, shared)
        })
        .collect();
    scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    scored.into_iter().map(|(_, _, a, s)| (a, s)).collect()
}

/// What decides the arguments of one document.
pub struct Reader<'a> {
    pub party: Option<&'a Party>,
    /// Theme ids the user named (`--thema`); they come before the party's.
    pub themes: &'a [String],
    pub goal: Goal,
    /// The municipality is a big city (no countryside argument).
    pub city: bool,
}

/// The arguments for a reader, best first: the empty-buildings argument
/// first for `--doel gebouw`; then the themes the user named; else the
/// party's own lead arguments; then the rest by shared themes. The
/// countryside argument only when the countryside is asked for (by a
/// theme of the party or the user) and the municipality is no big city.
pub fn pick<'a>(kb: &'a Kb, r: &Reader) -> Vec<&'a Argument> {
    let mut themes: Vec<&str> = r.themes.iter().map(String::as_str).collect();
    if let Some(p) = r.party {
        themes.extend(p.themes.iter().map(|t| t.theme.as_str()));
    }
    let countryside = !r.city && themes.contains(&"platteland");
    let mut order: Vec<&Argument> = Vec::new();
    let push = |a: &'a Argument, order: &mut Vec<&'a Argument>| {
        if !order.iter().any(|o| o.id == a.id) {
            order.push(a);
        }
    };
    if matches!(r.goal, Goal::Gebouw) {
        if let Some(a) = kb.arguments.get(EMPTY_BUILDINGS) {
            push(a, &mut order);
        }
    }
    if r.themes.is_empty() {
        if let Some(p) = r.party {
            for id in &p.arguments {
                if let Some(a) = kb.arguments.get(id) {
                    push(a, &mut order);
                }
            }
        }
    }
    for (a, _) in by_themes(kb, &themes) {
        push(a, &mut order);
    }
    order.retain(|a| {
        (a.id != COUNTRYSIDE || countryside)
            && (a.id != EMPTY_BUILDINGS || matches!(r.goal, Goal::Gebouw | Goal::Grond))
    });
    order
}

/// The argument whose text our own statutes back up.
pub const STATUTES_ARGUMENT: &str = "betaalbaarheid";

/// An argument's text for a document: the figures filled in, and for the
/// affordability argument what our own statutes say.
pub fn argument_text(a: &Argument, coop: &CoopView, gemeente: &str, gaps: &mut Gaps) -> String {
    let text = fill(&a.text, coop, gemeente, gaps);
    if a.id != STATUTES_ARGUMENT {
        return text;
    }
    // Right after the sentence that names the vermogensklem.
    let statutes = fill("{statuten}", coop, gemeente, gaps);
    match text.split_once("vermogensklem. ") {
        Some((first, rest)) => format!("{first}vermogensklem. {statutes} {rest}"),
        None => format!("{text} {statutes}"),
    }
}

/// A text from the data with the cooperative's own figures filled in:
/// `{leden}` becomes the number of members, or a visible fill-in place
/// that is listed as missing. `{gemeente}` is the municipality's name.
/// A field that holds a sentence (`{statuten}`, `{verhaal}`) ends with a
/// full stop.
pub fn fill(text: &str, coop: &CoopView, gemeente: &str, gaps: &mut Gaps) -> String {
    let mut out = String::with_capacity(text.len() + 40);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let key = &rest[start + 1..start + len];
        out.push_str(&value(key, coop, gemeente, gaps));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

fn value(key: &str, coop: &CoopView, gemeente: &str, gaps: &mut Gaps) -> String {
    if key == "gemeente" {
        return gemeente.to_string();
    }
    let sentence = matches!(key, "statuten" | "verhaal");
    if coop.known(key) {
        let v = coop.text(key);
        return if sentence {
            crate::core::text::end_sentence(v)
        } else {
            v.to_string()
        };
    }
    let place = crate::core::profile::FIELDS
        .iter()
        .find(|f| f.key == key)
        .and_then(|f| f.fill_in)
        .unwrap_or(match key {
            "partners" => "jullie partners, zoals een architect of adviseur",
            _ => key,
        });
    gaps.gap(key, place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::document::coop_view;

    #[test]
    fn parties_on_the_right_get_care_costs_or_safety_first() {
        let kb = Kb::load(None).unwrap();
        let vvd = kb.parties.get("vvd").unwrap();
        let first = arguments_for_party(&kb, Some(vvd));
        assert!(
            !first[0].1.is_empty(),
            "the first argument for the VVD shares a theme"
        );
        let sp = kb.parties.get("sp").unwrap();
        let sp_first = arguments_for_party(&kb, Some(sp));
        assert_ne!(
            first[0].0.id, sp_first[0].0.id,
            "VVD and SP get a different lead argument"
        );
    }

    fn ids(kb: &Kb, r: &Reader) -> Vec<String> {
        pick(kb, r).iter().take(3).map(|a| a.id.clone()).collect()
    }

    #[test]
    fn vvd_and_sp_get_different_arguments() {
        let kb = Kb::load(None).unwrap();
        let r = |p: &str| Reader {
            party: kb.parties.get(p),
            themes: &[],
            goal: Goal::Motie,
            city: false,
        };
        let vvd = ids(&kb, &r("vvd"));
        let sp = ids(&kb, &r("sp"));
        assert!(vvd.iter().all(|a| !sp.contains(a)), "{vvd:?} {sp:?}");
    }

    #[test]
    fn countryside_only_outside_big_cities_and_buildings_first() {
        let kb = Kb::load(None).unwrap();
        let bbb = kb.parties.get("bbb");
        let village = Reader {
            party: bbb,
            themes: &[],
            goal: Goal::Gesprek,
            city: false,
        };
        assert_eq!(ids(&kb, &village)[0], COUNTRYSIDE);
        let city = Reader {
            city: true,
            ..village
        };
        assert!(!pick(&kb, &city).iter().any(|a| a.id == COUNTRYSIDE));
        let building = Reader {
            party: None,
            themes: &[],
            goal: Goal::Gebouw,
            city: true,
        };
        assert_eq!(ids(&kb, &building)[0], EMPTY_BUILDINGS);
        let neutral = Reader {
            goal: Goal::Gesprek,
            ..building
        };
        assert!(!pick(&kb, &neutral).iter().any(|a| a.id == COUNTRYSIDE));
    }

    #[test]
    fn figures_are_filled_in_or_visible_places() {
        let mut gaps = Gaps::default();
        let coop = coop_view(None, &mut gaps);
        let t = fill(
            "Wij hebben {leden} leden in {gemeente}. {statuten}",
            &coop,
            "Zwolle",
            &mut gaps,
        );
        assert!(
            t.starts_with("Wij hebben [aantal] leden in Zwolle. ["),
            "{t}"
        );
        assert!(!t.contains('{'), "{t}");
    }
}
