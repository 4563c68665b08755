//! Tailoring to the reader: which arguments to lead with for a party.

use crate::core::kb::{Argument, Kb, Party};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
