//! Exact numbers from spreadsheet text.
//!
//! Input: one cell's text as a planner's spreadsheet wrote it (full-width digits, spaces,
//! thousands separators, scientific notation from Excel). Output: an exact `Decimal`, or a
//! reason. It never goes through `f64` and never guesses: `12,5` is rejected, not read as 12.5
//! or 125.
//!
//! One grammar for every figure (cells, tiers, years, what-if values):
//! `[sign] digits [. digits] [e|E [sign] digits]`, where digits are ASCII or full-width
//! (`０`–`９`), the integer part may hold well-placed thousands separators (`,`, `，` or a
//! space) and white space around the figure is ignored. Only full-width forms are folded:
//! superscript, circled or mathematical digits (`²`, `①`, `𝟓`) are refused by code point,
//! never read as digits, and so is a second sign (`++5`).

use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// Folds full-width forms to ASCII (NFKC), trims every kind of white space and removes
/// spaces inside the text, as Excel and WPS users type them.
pub fn fold_text(raw: &str) -> String {
    folded_chars(raw).collect()
}

/// The characters of [`fold_text`], without building a string.
pub fn folded_chars(raw: &str) -> impl Iterator<Item = char> + '_ {
    let (plain, normalised) = if is_nfkc(raw) {
        (Some(raw.chars()), None)
    } else {
        (None, Some(raw.nfkc()))
    };
    plain
        .into_iter()
        .flatten()
        .chain(normalised.into_iter().flatten())
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
}

/// Whether a cell holds nothing but white space: `fold_text(raw).is_empty()` without building
/// the folded text (NFKC never folds a character to nothing), which loading does for every
/// cell of a file.
pub fn is_blank(raw: &str) -> bool {
    raw.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// Whether text is already in NFKC (every ASCII text, most Chinese names): such text is used
/// as it is, without the normaliser's work, which dominates loading large folders.
pub fn is_nfkc(raw: &str) -> bool {
    raw.is_ascii()
        || unicode_normalization::is_nfkc_quick(raw.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// The most decimals a figure may carry. Published plans use up to 6 (0.000001 ha = 0.01 m²);
/// anything past 10 is a spreadsheet's binary rounding noise (`4.1000000000000005`), which is
/// refused rather than silently kept or cut.
pub const MAX_DECIMALS: u32 = 10;

/// Figures must stay below 10^12 in magnitude: far above any plan in ha or mu (China is about
/// 1.44 × 10^10 mu), and small enough that sums over millions of cells, shares and the ×15 unit
/// conversion stay exact within `Decimal`'s 28 digits and can never overflow.
pub const MAX_INTEGER_DIGITS: usize = 12;

/// A figure's characters: full-width forms (U+FF01–U+FF5E) folded to ASCII, every white space
/// a plain space, a byte-order mark dropped. A digit of another kind is refused by its code
/// point: NFKC would turn `²` and `①` into digits, which no planner means. Other text is
/// left for the grammar to refuse.
fn fold_figure(raw: &str) -> Result<Cow<'_, str>, String> {
    let trimmed = raw.trim();
    if trimmed.bytes().all(|b| b.is_ascii_graphic()) {
        return Ok(Cow::Borrowed(trimmed)); // the common case, read without a copy
    }
    let mut folded = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{feff}' => {}
            c if c.is_whitespace() => folded.push(' '),
            c if c.is_ascii() => folded.push(c),
            '\u{ff01}'..='\u{ff5e}' => folded
                .push(char::from_u32(c as u32 - 0xfee0).expect("full-width forms map onto ASCII")),
            c if std::iter::once(c).nfkc().any(|d| d.is_ascii_digit()) => {
                return Err(format!(
                    "'{c}' ({}) is a digit of another kind: write ASCII or full-width digits",
                    code_point(c)
                ))
            }
            c => folded.push(c),
        }
    }
    Ok(Cow::Owned(folded.trim().to_string()))
}

/// `U+00B2`, as Unicode charts name a character.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A figure's parts, as written: `-1,234.5e3` is sign `-`, integer `1,234`, fraction `5`,
/// exponent `3` (and mantissa `1,234.5`).
struct Parts<'a> {
    negative: bool,
    /// The integer part, the point and the fraction, as one slice of the text.
    mantissa: &'a str,
    integer: &'a str,
    fraction: &'a str,
    exponent: Option<&'a str>,
}

/// Splits folded text by the grammar; a reason when it does not follow it.
fn split_figure(text: &str) -> Result<Parts<'_>, String> {
    let not_a_number = || "not a number".to_string();
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if unsigned.starts_with(['+', '-']) {
        return Err("a second sign: write at most one + or - before the digits".to_string());
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if fraction.contains([',', ' ']) {
        return Err(misplaced_separator());
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    // Separators are judged by `strip_thousands_separators`; here they only pass.
    let well_formed = integer
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b' ')
        && digits(fraction)
        && integer
            .bytes()
            .chain(fraction.bytes())
            .any(|b| b.is_ascii_digit())
        && exponent.map_or(true, |e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        });
    if !well_formed {
        return Err(not_a_number());
    }
    Ok(Parts {
        negative,
        mantissa,
        integer,
        fraction,
        exponent,
    })
}

/// Parses a decimal figure exactly. Accepts `1234.5`, `1,234.5`, `1 234.5`, `１２．５`,
/// `1.5E-05`, `+3`. Rejects, with a reason, what it would have to guess at: a comma or space
/// that is not a thousands separator (`12,5`, `1.234,5`, `12 5`), a second sign, a digit that
/// is neither ASCII nor full-width, more than [`MAX_DECIMALS`] decimals, more than
/// [`MAX_INTEGER_DIGITS`] digits before the point.
pub fn parse_decimal(raw: &str) -> Result<Decimal, String> {
    let text = fold_figure(raw)?;
    if text.is_empty() {
        return Err("empty".to_string());
    }
    let parts = split_figure(&text)?;
    let sign = if parts.negative { "-" } else { "" };
    let fraction = parts.fraction;
    let value = match parts.exponent {
        Some(exponent) => {
            let integer = strip_thousands_separators(parts.integer)?;
            let point = if fraction.is_empty() { "" } else { "." };
            Decimal::from_scientific(&format!("{sign}{integer}{point}{fraction}e{exponent}"))
                .map_err(|_| out_of_range())?
        }
        None => {
            let integer = strip_thousands_separators(parts.integer)?;
            if integer.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
                return Err(too_large());
            }
            if fraction.trim_end_matches('0').len() > MAX_DECIMALS as usize {
                return Err(too_many_decimals());
            }
            // Without separators the mantissa is already `integer.fraction`: read in place,
            // as nearly every figure of a large folder is.
            let unsigned = match integer {
                integer if fraction.is_empty() => integer,
                Cow::Borrowed(_) => Cow::Borrowed(parts.mantissa),
                integer => Cow::Owned(format!("{integer}.{fraction}")),
            };
            let magnitude = Decimal::from_str(&unsigned).map_err(|_| "not a number".to_string())?;
            if parts.negative {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    if value.normalize().scale() > MAX_DECIMALS {
        return Err(too_many_decimals());
    }
    if value.abs() >= Decimal::from(10_u64.pow(MAX_INTEGER_DIGITS as u32)) {
        return Err(too_large());
    }
    Ok(value)
}

/// Splits a trailing percent sign (`%` or `％`) off a cell: `("70", true)` for `70%`.
pub fn split_percent(raw: &str) -> (&str, bool) {
    let text = raw.trim();
    match text.strip_suffix(['%', '％']) {
        Some(number) => (number, true),
        None => (text, false),
    }
}

fn too_many_decimals() -> String {
    format!("more than {MAX_DECIMALS} decimals; round it in the spreadsheet")
}

fn out_of_range() -> String {
    format!("out of range: at most {MAX_INTEGER_DIGITS} digits before the decimal point and {MAX_DECIMALS} after it")
}

fn too_large() -> String {
    format!("too large: more than {MAX_INTEGER_DIGITS} digits before the decimal point")
}

/// Removes thousands separators (`,` or a space) from an integer part when they are well
/// placed (`1,234,567`), and rejects a comma used as a decimal mark (`12,5`) or misplaced
/// (`1,23`).
fn strip_thousands_separators(integer: &str) -> Result<Cow<'_, str>, String> {
    if !integer.contains([',', ' ']) {
        return Ok(Cow::Borrowed(integer));
    }
    let groups: Vec<&str> = integer.split([',', ' ']).collect();
    let well_placed =
        !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if !well_placed {
        return Err(misplaced_separator());
    }
    Ok(Cow::Owned(groups.concat()))
}

fn misplaced_separator() -> String {
    "a comma or space that is not a thousands separator; write 1234.5 or 1,234.5".to_string()
}

/// Parses a non-negative whole number (tiers, years): digits only, ASCII or full-width.
pub fn parse_whole(raw: &str) -> Result<u32, String> {
    let text = fold_figure(raw)?;
    if text.is_empty() {
        return Err("empty".to_string());
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err("not a whole number".to_string());
    }
    text.parse::<u32>().map_err(|_| "too large".to_string())
}

/// The number of decimals a figure was written with (`0.4084` has 4).
pub fn decimals(value: Decimal) -> u32 {
    value.scale()
}

/// Formats a computed figure without trailing zeros (`0.05560` prints as `0.0556`).
pub fn show(value: Decimal) -> String {
    let normal = value.normalize();
    if normal.is_zero() {
        "0".to_string()
    } else {
        normal.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_plain_and_published_figures_exactly() {
        assert_eq!(parse_decimal("69.302972").unwrap(), d("69.302972"));
        assert_eq!(parse_decimal("0.4084").unwrap().to_string(), "0.4084");
        assert_eq!(parse_decimal(" 3 ").unwrap(), d("3"));
        assert_eq!(parse_decimal("+3.5").unwrap(), d("3.5"));
        assert_eq!(parse_decimal("-2").unwrap(), d("-2"));
    }

    #[test]
    fn folds_full_width_digits_and_spaces() {
        assert_eq!(parse_decimal("１２．５").unwrap(), d("12.5"));
        assert_eq!(parse_decimal("\u{3000}７\u{3000}").unwrap(), d("7"));
        assert_eq!(parse_decimal("1 234.5").unwrap(), d("1234.5"));
        assert_eq!(parse_decimal("1\u{3000}234").unwrap(), d("1234"));
    }

    #[test]
    fn accepts_thousands_separators_only_where_they_belong() {
        assert_eq!(parse_decimal("1,234.5").unwrap(), d("1234.5"));
        assert_eq!(parse_decimal("1，234，567").unwrap(), d("1234567"));
        assert!(parse_decimal("12,5").is_err());
        assert!(parse_decimal("1,23").is_err());
        assert!(parse_decimal(",123").is_err());
        assert!(
            parse_decimal("1.234,5").is_err(),
            "a European decimal comma is not guessed"
        );
        assert!(parse_decimal("1,234.5,6").is_err());
        assert_eq!(parse_decimal("1 234 567").unwrap(), d("1234567"));
        assert!(
            parse_decimal("12 5").is_err(),
            "a stray space is not a separator"
        );
    }

    #[test]
    fn refuses_figures_it_could_not_keep_exactly() {
        assert_eq!(parse_decimal("0.1234567891").unwrap(), d("0.1234567891"));
        assert_eq!(parse_decimal("1.50000000000000000000").unwrap(), d("1.5"));
        let noise = parse_decimal("4.1000000000000005").unwrap_err();
        assert!(noise.contains("more than 10 decimals"), "{noise}");
        assert!(parse_decimal("0.12345678901234567890123456789012").is_err());
        assert!(parse_decimal("1E-11").is_err());
        assert_eq!(
            parse_decimal("999999999999.5").unwrap(),
            d("999999999999.5")
        );
        assert!(parse_decimal("1000000000000")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_decimal("99999999999999999999999999999999").is_err());
        assert!(parse_decimal("1E+12").is_err());
        assert!(parse_decimal("-1E+12").is_err());
    }

    #[test]
    fn reads_excel_scientific_notation_exactly() {
        assert_eq!(parse_decimal("1.5E-05").unwrap(), d("0.000015"));
    }

    #[test]
    fn rejects_text_and_empty_cells() {
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("abc").is_err());
        assert!(parse_decimal("12ha").is_err());
        assert!(parse_decimal("1.2.3").is_err());
    }

    #[test]
    fn allows_one_sign_only() {
        assert_eq!(parse_decimal("+5").unwrap(), d("5"));
        assert_eq!(parse_decimal("－5").unwrap(), d("-5"));
        for twice in ["++5", "+-5", "--5", "+++5", "-+5"] {
            assert_eq!(
                parse_decimal(twice).unwrap_err(),
                "a second sign: write at most one + or - before the digits",
                "{twice}"
            );
        }
        assert!(parse_decimal("5-").is_err());
        assert!(parse_decimal("1e--5").is_err());
        assert!(parse_decimal("+").is_err());
        assert!(parse_decimal(".").is_err());
        assert!(parse_decimal("e5").is_err());
        assert_eq!(parse_decimal(".5").unwrap(), d("0.5"));
        assert_eq!(parse_decimal("1e3").unwrap(), d("1000"));
        assert_eq!(parse_decimal("1.5E+2").unwrap(), d("150"));
        assert_eq!(parse_decimal("1,234E2").unwrap(), d("123400"));
    }

    #[test]
    fn refuses_digits_that_are_not_ascii_or_full_width() {
        for (text, shown) in [
            ("²", "'²' (U+00B2)"),
            ("¹²", "'¹' (U+00B9)"),
            ("①", "'①' (U+2460)"),
            ("𝟓", "'𝟓' (U+1D7D3)"),
            ("1²", "'²' (U+00B2)"),
        ] {
            let reason = parse_decimal(text).unwrap_err();
            assert_eq!(
                reason,
                format!("{shown} is a digit of another kind: write ASCII or full-width digits")
            );
            assert_eq!(parse_whole(text).unwrap_err(), reason);
        }
        assert_eq!(parse_whole("１２"), Ok(12));
    }

    #[test]
    fn splits_a_percent_sign() {
        assert_eq!(split_percent(" 70% "), ("70", true));
        assert_eq!(split_percent("70％"), ("70", true));
        assert_eq!(split_percent("70"), ("70", false));
    }

    #[test]
    fn reads_whole_numbers_strictly() {
        assert_eq!(parse_whole(" ２ "), Ok(2));
        assert_eq!(parse_whole("2025"), Ok(2025));
        assert!(parse_whole("2 025").is_err());
        assert!(parse_whole("1.5").is_err());
        assert!(parse_whole("-1").is_err());
        assert!(parse_whole("+1").is_err());
        assert!(parse_whole("99999999999").is_err());
    }

    #[test]
    fn shows_computed_figures_without_trailing_zeros() {
        assert_eq!(show(d("0.05560")), "0.0556");
        assert_eq!(show(d("0.000000")), "0");
        assert_eq!(show(d("132.672630")), "132.67263");
    }
}
