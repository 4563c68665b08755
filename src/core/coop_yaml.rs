//! Updates an existing coop.yaml in place: only the lines of the keys that
//! change are touched. The value of an existing top-level `key:` entry (with
//! its indented block) is replaced; a new key is added at the end. Every
//! other line, the user's comments and unknown keys included, stays as it is.

use crate::core::profile;

/// `text` with each `(key, value)` of `changes` set. A null value is written
/// as an empty `key:`, like `coop init` does.
pub fn update(text: &str, changes: &[(String, serde_json::Value)]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    for (key, value) in changes {
        let entry = profile::yaml_entry(key, value);
        match lines.iter().position(|l| is_key_line(l, key)) {
            Some(start) => {
                let end = block_end(&lines, start);
                // Comments inside the old block are the user's: keep them.
                let kept: Vec<String> = lines[start + 1..end]
                    .iter()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .cloned()
                    .collect();
                let mut new: Vec<String> =
                    entry.split_inclusive('\n').map(str::to_string).collect();
                if let (Some(comment), [only]) = (inline_comment(&lines[start]), new.as_mut_slice())
                {
                    *only = format!("{}  {comment}\n", only.trim_end());
                }
                new.extend(kept);
                lines.splice(start..end, new);
            }
            None => {
                if let Some(last) = lines.last_mut() {
                    if !last.ends_with('\n') {
                        last.push('\n');
                    }
                }
                if lines.last().is_some_and(|l| !l.trim().is_empty()) {
                    lines.push("\n".to_string());
                }
                if let Some(f) = profile::field(key) {
                    lines.push(format!("# {}\n", f.help));
                }
                lines.extend(entry.split_inclusive('\n').map(str::to_string));
            }
        }
    }
    lines.concat()
}

/// `key:` at the start of a line, followed by a space, a comment or the end.
fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The index after the last line of the block that starts at `start`:
/// indented lines and `- ` items at column 0 (how serde writes lists).
/// Blank lines belong to the block only when more of the block follows.
fn block_end(lines: &[String], start: usize) -> usize {
    let mut end = start + 1;
    let mut i = start + 1;
    while i < lines.len() {
        let l = &lines[i];
        if l.trim().is_empty() {
            i += 1;
            continue;
        }
        if l.starts_with([' ', '\t']) || l.starts_with("- ") || l.trim_end() == "-" {
            i += 1;
            end = i;
        } else {
            break;
        }
    }
    end
}

/// A trailing `# comment` on a key line, outside quotes.
fn inline_comment(line: &str) -> Option<&str> {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => {
                return Some(line[i..].trim_end());
            }
            _ => {}
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FILE: &str = "# Onze coöperatie\nnaam: Oude Naam   # werknaam\n\n# Aantal leden\nleden: 12\ndoelgroepen:\n- ouderen\n  # nog aanvullen\n- starters\n\nmijn-eigen-sleutel:\n  a: 1\n  b: [2, 3]\nfase: plan\n";

    #[test]
    fn changes_only_the_keys_given() {
        let out = update(
            FILE,
            &[
                ("naam".into(), json!("De Groene Hof")),
                ("doelgroepen".into(), json!(["gezinnen"])),
            ],
        );
        assert_eq!(
            out,
            "# Onze coöperatie\nnaam: De Groene Hof  # werknaam\n\n# Aantal leden\nleden: 12\ndoelgroepen:\n- gezinnen\n  # nog aanvullen\n\nmijn-eigen-sleutel:\n  a: 1\n  b: [2, 3]\nfase: plan\n"
        );
        let (p, warnings) = crate::core::profile::parse("coop.yaml", &out).unwrap();
        assert_eq!(p.naam.as_deref(), Some("De Groene Hof"));
        assert!(p.overig.contains_key("mijn-eigen-sleutel"));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn new_keys_go_at_the_end_with_their_help() {
        let out = update(
            "naam: x",
            &[
                ("wachtlijst".into(), json!(80)),
                ("email".into(), json!(null)),
            ],
        );
        assert_eq!(
            out,
            "naam: x\n\n# Aantal mensen op jullie wachtlijst (een getal).\nwachtlijst: 80\n\n# Mailadres voor reacties.\nemail:\n"
        );
    }

    #[test]
    fn a_key_is_only_matched_whole_and_at_the_start() {
        let text = "naam_oud: a\n  naam: b\nnaam: c\n";
        let out = update(text, &[("naam".into(), json!("d"))]);
        assert_eq!(out, "naam_oud: a\n  naam: b\nnaam: d\n");
    }

    #[test]
    fn quoted_hashes_are_not_comments() {
        assert_eq!(inline_comment("naam: \"Nr #1\""), None);
        assert_eq!(inline_comment("naam: x # y"), Some("# y"));
        assert_eq!(inline_comment("naam: 'a # b' # c"), Some("# c"));
    }

    #[test]
    fn a_block_scalar_is_replaced_whole() {
        let text = "huur: |\n  700 euro\n\n  per maand\nleden: 3\n";
        let out = update(text, &[("huur".into(), json!("800 euro"))]);
        assert_eq!(out, "huur: 800 euro\nleden: 3\n");
    }
}
