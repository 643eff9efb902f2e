//! Numbers written in Chinese numerals ("一千二百", "三点五", "两万"), read exactly.
//!
//! Input: a run of numeral characters the lexer found before an area unit. Output: its
//! value as a `Decimal`, or `None` when the run is no well-formed number ("二三", "百"): such
//! a figure is reported, never guessed.

use rust_decimal::Decimal;

/// The digits of Chinese numerals (零 to 九, 两).
pub const CHINESE_DIGITS: &str = "零〇一二两三四五六七八九";

/// Every character a number in Chinese numerals is written with.
pub const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千万亿点";

/// A number in Chinese numerals ("十二", "一千零五", "三点五", "两万"), exactly; `None` for
/// what is no well-formed number ("二三", "百").
pub fn chinese_number(text: &str) -> Option<Decimal> {
    let digit = |c: char| {
        CHINESE_DIGITS.find(c).map(|_| match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            _ => 9,
        })
    };
    let (whole, fraction) = match text.split_once('点') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let (mut total, mut section, mut pending): (u64, u64, Option<u64>) = (0, 0, None);
    let mut previous_digit = false;
    for c in whole.chars() {
        if let Some(d) = digit(c) {
            if previous_digit && d != 0 {
                return None;
            }
            pending = if d == 0 { pending } else { Some(d as u64) };
            previous_digit = d != 0;
            continue;
        }
        previous_digit = false;
        let unit: u64 = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit >= 10_000 {
            section += pending.take().unwrap_or(0);
            if section == 0 && total == 0 {
                return None;
            }
            total = if unit == 100_000_000 {
                total.checked_add(section)?.checked_mul(unit)?
            } else {
                total.checked_add(section.checked_mul(unit)?)?
            };
            section = 0;
        } else {
            let d = match pending.take() {
                Some(d) => d,
                None if unit == 10 => 1,
                None => return None,
            };
            section = section.checked_add(d * unit)?;
        }
    }
    let integer = total
        .checked_add(section)?
        .checked_add(pending.unwrap_or(0))?;
    let mut digits = integer.to_string();
    if let Some(fraction) = fraction {
        if fraction.is_empty() {
            return None;
        }
        digits.push('.');
        for c in fraction.chars() {
            digits.push(char::from_digit(digit(c)? as u32, 10)?);
        }
    }
    Decimal::from_str_exact(&digits).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn read_exactly_or_not_at_all() {
        for (text, value) in [
            ("十二", "12"),
            ("二十", "20"),
            ("一千二百", "1200"),
            ("一千零五", "1005"),
            ("三点五", "3.5"),
            ("两万", "20000"),
            ("一万零二十", "10020"),
            ("一亿二千万", "120000000"),
        ] {
            assert_eq!(chinese_number(text), Some(d(value)), "{text}");
        }
        for text in ["二三", "百", "万", "三点", "千万"] {
            assert_eq!(chinese_number(text), None, "{text}");
        }
    }
}
