//! Dates as planners write them in a parcel register.
//!
//! Input: one cell's text (`2025-03-01`, `2025-3-1`, `2025/3/1`, `2025年3月1日`, full-width
//! digits allowed). Output: a calendar date, or `None`. Calendar facts (month lengths, leap
//! years, the day of the year) come from `jiff`, a maintained date library, never from a
//! hand-written table. This module reads no times, no time zones and no Excel serial numbers:
//! a cell such as `45717` or `2025/3/1 0:00` is refused rather than guessed at.

use crate::number::fold_text;
use jiff::civil::Date;
use rust_decimal::Decimal;

/// What the date column accepts, for error messages.
pub const EXPECTED: &str = "a date such as 2025-03-01, 2025/3/1 or 2025年3月1日";

/// Parses a date in one of the accepted forms; `None` when it is malformed or does not exist
/// (`2025-02-29`).
pub fn parse(raw: &str) -> Option<Date> {
    let text = fold_text(raw);
    let (year, month, day) = match text.split_once('年') {
        Some((year, rest)) => {
            let (month, day) = rest.split_once('月')?;
            (year, month, day.strip_suffix('日').unwrap_or(day))
        }
        None => {
            let separator = if text.contains('/') { '/' } else { '-' };
            let mut parts = text.split(separator);
            let fields = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            fields
        }
    };
    let year = digits(year, 4, 4)?;
    let month = digits(month, 1, 2)?;
    let day = digits(day, 1, 2)?;
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// A run of `min..=max` ASCII digits as a number.
fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// The share of `date`'s year that has gone by the end of that day, exactly:
/// day of the year / days in the year (181/365 on 30 June 2025).
pub fn year_gone(date: Date) -> Decimal {
    Decimal::from(date.day_of_year()) / Decimal::from(date.days_in_year())
}

/// The year a date falls in, as the scenario writes years.
pub fn year_of(date: Date) -> Option<u32> {
    u32::try_from(date.year()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn reads_iso_slash_and_chinese_dates() {
        assert_eq!(parse("2025-03-01"), Some(ymd(2025, 3, 1)));
        assert_eq!(parse("2025-3-1"), Some(ymd(2025, 3, 1)));
        assert_eq!(parse("2025/3/1"), Some(ymd(2025, 3, 1)));
        assert_eq!(parse("2025/12/31"), Some(ymd(2025, 12, 31)));
        assert_eq!(parse("2025年3月1日"), Some(ymd(2025, 3, 1)));
        assert_eq!(parse("2025年10月8"), Some(ymd(2025, 10, 8)));
        assert_eq!(parse("２０２５－０３－０１"), Some(ymd(2025, 3, 1)));
        assert_eq!(parse(" 2025-03-01 "), Some(ymd(2025, 3, 1)));
    }

    #[test]
    fn refuses_dates_that_do_not_exist_or_are_not_dates() {
        for text in [
            "2025-02-29",
            "2025-13-01",
            "2025-04-31",
            "2025-00-10",
            "25-03-01",
            "2025-03",
            "2025-03-01-02",
            "2025/3-1",
            "45717",
            "2025/3/1 0:00",
            "2025年3月",
            "",
            "2025-003-01",
            "March 1, 2025",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert_eq!(parse("2024-02-29"), Some(ymd(2024, 2, 29)));
    }

    #[test]
    fn share_of_the_year_gone_is_exact() {
        assert_eq!(
            year_gone(ymd(2025, 6, 30)),
            Decimal::from(181) / Decimal::from(365)
        );
        assert_eq!(year_gone(ymd(2025, 12, 31)), Decimal::ONE);
        assert_eq!(
            year_gone(ymd(2024, 12, 31)),
            Decimal::ONE,
            "leap years have 366 days"
        );
        assert_eq!(
            year_gone(ymd(2024, 3, 1)),
            Decimal::from(61) / Decimal::from(366)
        );
    }
}
