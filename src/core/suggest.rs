//! "Bedoelde je ...?" suggestions for unknown ids and names.

use crate::core::text::name_key;

/// Up to `n` candidates closest to `query`, best first. Only candidates
/// that are plausibly meant are returned (never a wild guess).
pub fn closest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let q = name_key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .filter_map(|c| {
            let k = name_key(c);
            let mut score = strsim::normalized_damerau_levenshtein(&q, &k);
            if k.starts_with(&q) || (q.len() >= 4 && k.contains(&q)) {
                score = score.max(0.8);
            }
            (score >= 0.6).then(|| (score, c.to_string()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// A sentence to append to an error: " Bedoelde je 'x'?" or "".
pub fn hint<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(&closest(query, candidates, 3))
}

/// " Bedoelde je 'a' of 'b'?" for suggestions found elsewhere, or "".
pub fn did_you_mean(found: &[String]) -> String {
    if found.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = found.iter().map(|s| format!("'{s}'")).collect();
        format!(" Bedoelde je {}?", join_or(&list))
    }
}

/// "a", "a of b", "a, b of c".
pub fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} of {}", rest.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        let ids = ["goedkope-grond", "geen-grond", "winst"];
        assert_eq!(closest("goedkoop-grond", ids, 1), vec!["goedkope-grond"]);
        assert!(closest("appeltaart", ids, 3).is_empty());
    }

    #[test]
    fn hint_lists_with_of() {
        assert_eq!(join_or(&["a".into(), "b".into(), "c".into()]), "a, b of c");
    }
}
