//! Text normalisation shared by search, name resolution and suggestions:
//! lowercase, without diacritics, split into words.

/// Lowercases and removes diacritics ("Coöperatie" → "cooperatie",
/// "Súdwest-Fryslân" → "sudwest-fryslan"). Other characters stay.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
                'ç' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ĳ' => out.push_str("ij"),
                '’' | '‘' | '`' | '´' => out.push('\''),
                other => out.push(other),
            }
        }
    }
    out
}

/// The words of `s`, folded: runs of letters and digits.
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A key for comparing names: folded, only letters and digits.
/// "'s-Hertogenbosch" and "s hertogenbosch" give the same key.
pub fn name_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Ends a sentence the user typed with a full stop if it has none.
pub fn end_sentence(s: &str) -> String {
    let t = s.trim_end();
    if t.is_empty() || t.ends_with(['.', '!', '?', '…', ':']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_dutch_and_frisian_letters() {
        assert_eq!(fold("Coöperatie"), "cooperatie");
        assert_eq!(fold("Súdwest-Fryslân"), "sudwest-fryslan");
    }

    #[test]
    fn words_split_on_punctuation() {
        assert_eq!(
            words("Geen vraag, écht niet!"),
            vec!["geen", "vraag", "echt", "niet"]
        );
    }

    #[test]
    fn name_key_ignores_punctuation() {
        assert_eq!(name_key("'s-Hertogenbosch"), name_key("s hertogenbosch"));
    }
}
