//! Exact numbers from spreadsheet text.
//!
//! Input: one cell's text as a planner's spreadsheet wrote it (full-width digits, spaces,
//! thousands separators, scientific notation from Excel). Output: an exact `Decimal`, or a
//! reason. It never goes through `f64` and never guesses: `12,5` is rejected, not read as 12.5
//! or 125.

use rust_decimal::Decimal;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// Folds full-width forms to ASCII (NFKC), trims every kind of white space and removes
/// spaces inside the text, as Excel and WPS users type them.
pub fn fold_text(raw: &str) -> String {
    nfkc(raw)
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .collect()
}

/// The NFKC form's characters; text already in NFKC (every ASCII text, most Chinese names) is
/// passed through without the normaliser's work, which dominates loading large folders.
fn nfkc(raw: &str) -> Box<dyn Iterator<Item = char> + '_> {
    if raw.is_ascii()
        || unicode_normalization::is_nfkc_quick(raw.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        Box::new(raw.chars())
    } else {
        Box::new(raw.nfkc())
    }
}

/// The most decimals a figure may carry. Published plans use up to 6 (0.000001 ha = 0.01 m²);
/// anything past 10 is a spreadsheet's binary rounding noise (`4.1000000000000005`), which is
/// refused rather than silently kept or cut.
pub const MAX_DECIMALS: u32 = 10;

/// Figures must stay below 10^12 in magnitude: far above any plan in ha or mu (China is about
/// 1.44 × 10^10 mu), and small enough that sums over millions of cells, shares and the ×15 unit
/// conversion stay exact within `Decimal`'s 28 digits and can never overflow.
pub const MAX_INTEGER_DIGITS: usize = 12;

/// Parses a decimal figure exactly. Accepts `1234.5`, `1,234.5`, `1 234.5`, `１２．５`,
/// `1.5E-05`, `+3`. Rejects, with a reason, what it would have to guess at: a comma or space
/// that is not a thousands separator (`12,5`, `1.234,5`, `12 5`), more than
/// [`MAX_DECIMALS`] decimals, more than [`MAX_INTEGER_DIGITS`] digits before the point.
pub fn parse_decimal(raw: &str) -> Result<Decimal, String> {
    let folded: String = nfkc(raw).filter(|c| *c != '\u{feff}').collect();
    let text = folded.trim();
    if text.is_empty() {
        return Err("empty".to_string());
    }
    // Spaces inside a number can only be thousands separators, like commas.
    let text: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ',' } else { c })
        .collect();
    let plain = strip_thousands_separators(&text)?;
    let value = if plain.contains(['e', 'E']) {
        Decimal::from_scientific(&plain).map_err(|_| "not a number".to_string())?
    } else {
        if !plain
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
        {
            return Err("not a number".to_string());
        }
        let unsigned = plain.trim_start_matches(['-', '+']);
        let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        if integer.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
            return Err(too_large());
        }
        if fraction.trim_end_matches('0').len() > MAX_DECIMALS as usize {
            return Err(too_many_decimals());
        }
        Decimal::from_str(plain.strip_prefix('+').unwrap_or(&plain))
            .map_err(|_| "not a number".to_string())?
    };
    if value.normalize().scale() > MAX_DECIMALS {
        return Err(too_many_decimals());
    }
    if value.abs() >= Decimal::from(10_u64.pow(MAX_INTEGER_DIGITS as u32)) {
        return Err(too_large());
    }
    Ok(value)
}

fn too_many_decimals() -> String {
    format!("more than {MAX_DECIMALS} decimals; round it in the spreadsheet")
}

fn too_large() -> String {
    format!("too large: more than {MAX_INTEGER_DIGITS} digits before the decimal point")
}

/// Removes `,` thousands separators when they are well placed (`1,234,567.5`), and rejects a
/// comma used as a decimal mark (`12,5`, `1.234,5`) or misplaced (`1,23`).
fn strip_thousands_separators(text: &str) -> Result<String, String> {
    if !text.contains(',') {
        return Ok(text.to_string());
    }
    let unsigned = text.trim_start_matches(['-', '+']);
    let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let groups: Vec<&str> = integer.split(',').collect();
    let well_placed = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && !fraction.contains(',');
    if !well_placed {
        return Err(
            "a comma or space that is not a thousands separator; write 1234.5 or 1,234.5"
                .to_string(),
        );
    }
    Ok(text.replace(',', ""))
}

/// Parses a non-negative whole number (tiers, years).
pub fn parse_whole(raw: &str) -> Result<u32, String> {
    let folded: String = nfkc(raw).filter(|c| *c != '\u{feff}').collect();
    let text = folded.trim();
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
