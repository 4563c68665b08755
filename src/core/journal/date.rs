//! Calendar dates as the journal writes them (YYYY-MM-DD), counted in days.

/// Days since 1970-01-01 of a YYYY-MM-DD date that exists, else None.
pub fn days(iso: &str) -> Option<i64> {
    let mut parts = iso.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 || d > month_len(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Is this an existing date written as YYYY-MM-DD?
pub fn is_full_date(iso: &str) -> bool {
    days(iso).is_some()
}

/// Today as YYYY-MM-DD, from the system clock.
pub fn today() -> String {
    crate::compose::document::today_iso()
}

fn month_len(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// (year, month, day) → days since 1970-01-01, proleptic Gregorian.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_days() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2026-11-27"), Some(20_784));
        assert_eq!(days("2000-02-29"), Some(11_016));
        assert_eq!(days("2026-03-01").unwrap() - days("2026-02-28").unwrap(), 1);
    }

    #[test]
    fn refuses_dates_that_do_not_exist() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-3-1",
            "14-03-2026",
            "",
            "2026-03-14-1",
        ] {
            assert_eq!(days(bad), None, "{bad}");
        }
    }
}
