//! One mail address as people type it: `jan@zwolle.nl` or
//! `Jan de Vries <jan@zwolle.nl>` (the name may be in double quotes).
//! Anything else, such as two addresses or a line break, is refused with a
//! Dutch message that shows the right form.

/// Shown in every refusal.
const FORM: &str = "Schrijf één adres, als jan@gemeente.nl of als Jan de Vries <jan@gemeente.nl>.";

/// Splits `text` into its display name (if any) and its address.
pub fn parse_mailbox(text: &str) -> Result<(Option<String>, String), String> {
    // Messages repeat at most a short excerpt of what was typed.
    let excerpt = crate::error::excerpt(text.trim());
    let shown = excerpt.as_str();
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Er is geen mailadres ingevuld. {FORM}"));
    }
    if text.chars().any(char::is_control) {
        return Err(format!(
            "Het mailadres '{}' bevat een regelovergang of een ander onzichtbaar teken. {FORM}",
            shown.escape_debug()
        ));
    }
    let (name, address) = match text.strip_suffix('>') {
        Some(rest) => {
            let Some(open) = rest.rfind('<') else {
                return Err(not_an_address(shown));
            };
            (display_name(&rest[..open], shown)?, rest[open + 1..].trim())
        }
        None => (None, text),
    };
    check_address(address, shown)?;
    Ok((name, address.to_string()))
}

fn not_an_address(shown: &str) -> String {
    format!("'{shown}' is geen mailadres. {FORM}")
}

fn several(shown: &str) -> String {
    format!("'{shown}' lijkt meer dan één mailadres. {FORM}")
}

/// The name before `<`: quoted (may hold a comma) or plain.
fn display_name(raw: &str, shown: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    let name = match raw.strip_prefix('"') {
        Some(rest) => {
            let inner = rest
                .strip_suffix('"')
                .ok_or_else(|| not_an_address(shown))?;
            if inner.contains('"') {
                return Err(not_an_address(shown));
            }
            inner.replace('\\', "")
        }
        None => {
            if raw.contains('@') || raw.contains([',', ';']) {
                return Err(several(shown));
            }
            if raw.contains(['<', '>', '"']) {
                return Err(not_an_address(shown));
            }
            raw.to_string()
        }
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok((!name.is_empty()).then_some(name))
}

/// `local@domain.tld`, without spaces or characters that separate addresses.
fn check_address(address: &str, shown: &str) -> Result<(), String> {
    if address.contains([',', ';']) || address.matches('@').count() > 1 {
        return Err(several(shown));
    }
    if address.contains(char::is_whitespace) {
        let with_at = address
            .split_whitespace()
            .filter(|w| w.contains('@'))
            .count();
        return Err(if with_at > 1 {
            several(shown)
        } else {
            not_an_address(shown)
        });
    }
    let Some((local, domain)) = address.split_once('@') else {
        return Err(not_an_address(shown));
    };
    let bad = |c: char| "<>()[]\\\":".contains(c);
    let ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains(bad)
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(not_an_address(shown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (Option<String>, String) {
        parse_mailbox(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn plain_and_named_addresses() {
        assert_eq!(ok("jan@zwolle.nl"), (None, "jan@zwolle.nl".into()));
        assert_eq!(ok("  <jan@zwolle.nl> "), (None, "jan@zwolle.nl".into()));
        assert_eq!(
            ok("Jan de Vries <jan@zwolle.nl>"),
            (Some("Jan de Vries".into()), "jan@zwolle.nl".into())
        );
        assert_eq!(
            ok("\"Vries, Jan de\" <jan@zwolle.nl>"),
            (Some("Vries, Jan de".into()), "jan@zwolle.nl".into())
        );
        assert_eq!(
            ok("Griffie Súdwest-Fryslân <griffie@súdwest-fryslân.nl>"),
            (
                Some("Griffie Súdwest-Fryslân".into()),
                "griffie@súdwest-fryslân.nl".into()
            )
        );
    }

    #[test]
    fn everything_else_is_refused_in_dutch() {
        for (input, says) in [
            ("", "geen mailadres ingevuld"),
            ("jan@zwolle.nl\nBcc: x@y.nl", "regelovergang"),
            ("jan@zwolle.nl, piet@zwolle.nl", "meer dan één"),
            ("jan@zwolle.nl piet@zwolle.nl", "meer dan één"),
            ("jan@zwolle.nl;piet@zwolle.nl", "meer dan één"),
            ("Jan <jan@zwolle.nl>, Piet <piet@zwolle.nl>", "meer dan één"),
            ("Jan, Piet <jan@zwolle.nl>", "meer dan één"),
            ("jan@zwolle@nl.nl", "meer dan één"),
            ("Jan de Vries", "geen mailadres"),
            ("jan@zwolle", "geen mailadres"),
            ("jan zwolle@nl", "geen mailadres"),
            ("Jan <jan@zwolle.nl", "geen mailadres"),
            ("Jan jan@zwolle.nl>", "geen mailadres"),
            ("\"Jan <jan@zwolle.nl>", "geen mailadres"),
            ("@zwolle.nl", "geen mailadres"),
            ("jan@.nl", "geen mailadres"),
            ("jan@zwolle..nl", "geen mailadres"),
        ] {
            let err = parse_mailbox(input).expect_err(input);
            assert!(err.contains(says), "{input:?}: {err}");
            assert!(err.contains("Jan de Vries <jan@gemeente.nl>"), "{err}");
        }
    }
}
