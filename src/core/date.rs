//! Calendar dates: one type (`jiff::civil::Date`), parsed once where text
//! comes in, "today" in Europe/Amsterdam (a letter written at 00:30 in
//! Utrecht carries the Dutch date, not yesterday's UTC one), and the Dutch
//! way of writing them.

use jiff::civil::Date;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// How a user may type a day; shown in errors.
pub const FORMATS: &str = "JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2026-03-14 of 14-03-2026";

/// A day that exists, typed as YYYY-MM-DD or DD-MM-YYYY (also with one-digit
/// day or month, and / or . between the parts). `None` for anything else,
/// including days that do not exist (31 February).
pub fn parse(s: &str) -> Option<Date> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<i32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// Today in the Netherlands.
pub fn today() -> Date {
    match jiff::tz::TimeZone::get("Europe/Amsterdam") {
        Ok(tz) => jiff::Timestamp::now().to_zoned(tz).date(),
        // The time zone database is compiled in; this is only a fallback.
        Err(_) => jiff::Zoned::now().date(),
    }
}

/// YYYY-MM-DD, as files store it.
pub fn iso(d: Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

/// Today as YYYY-MM-DD.
pub fn today_iso() -> String {
    iso(today())
}

/// "14 maart 2026".
pub fn dutch(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)],
        d.year()
    )
}

/// A stored date in Dutch: "2022-03-24" → "24 maart 2022", "2021-11" →
/// "november 2021", "2026" stays; anything else is returned as it is.
pub fn dutch_text(s: &str) -> String {
    if let Some(d) = parse_iso(s) {
        return dutch(d);
    }
    match s.split('-').collect::<Vec<_>>().as_slice() {
        [y, m] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            match m.parse::<usize>().ok().filter(|m| (1..=12).contains(m)) {
                Some(m) => format!("{} {y}", MONTHS[m - 1]),
                None => s.to_string(),
            }
        }
        _ => s.to_string(),
    }
}

/// Only the stored form YYYY-MM-DD, of a day that exists.
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    parse(s)
}

/// Is this an existing day written as YYYY-MM-DD?
pub fn is_full_date(s: &str) -> bool {
    parse_iso(s).is_some()
}

/// A year, a month or a day as YYYY, YYYY-MM or YYYY-MM-DD (as sources and
/// profile history give them).
pub fn is_partial_date(s: &str) -> bool {
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match s.split('-').collect::<Vec<_>>().as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
        _ => is_full_date(s),
    }
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_dutch_orders() {
        let d = Date::new(2026, 3, 14).unwrap();
        assert_eq!(parse("2026-03-14"), Some(d));
        assert_eq!(parse("14-03-2026"), Some(d));
        assert_eq!(parse("14-3-2026"), Some(d));
        assert_eq!(parse("14/03/2026"), Some(d));
        assert_eq!(parse(" 2026-3-14 "), Some(d));
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        for bad in [
            "2026-02-29",
            "2026-02-31",
            "31-02-2026",
            "2026-13-01",
            "2026-04-31",
            "",
            "2026-03-14-1",
            "14 maart 2026",
            "+2026-03-14",
            "26-03-14",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert!(parse("2024-02-29").is_some());
    }

    #[test]
    fn stored_form_is_strict() {
        assert!(is_full_date("2026-03-14"));
        assert!(!is_full_date("14-03-2026"));
        assert!(!is_full_date("2026-3-14"));
        assert!(is_partial_date("2024"));
        assert!(is_partial_date("2024-05"));
        assert!(!is_partial_date("2024-13"));
        assert!(!is_partial_date("1 mei 2024"));
    }

    #[test]
    fn dates_in_dutch() {
        assert_eq!(dutch_text("2022-03-24"), "24 maart 2022");
        assert_eq!(dutch_text("2021-11"), "november 2021");
        assert_eq!(dutch_text("2026"), "2026");
        assert_eq!(dutch_text("2022-13-01"), "2022-13-01");
        assert_eq!(dutch_text("2026-02-31"), "2026-02-31");
    }

    #[test]
    fn counts_days() {
        let a = parse("2026-02-28").unwrap();
        let b = parse("2026-03-01").unwrap();
        assert_eq!(days_between(a, b), 1);
        assert_eq!(days_between(b, a), -1);
    }

    #[test]
    fn today_is_a_real_day() {
        assert!(is_full_date(&today_iso()));
    }
}
