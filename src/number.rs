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
    raw.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .collect()
}

/// Parses a decimal figure exactly. Accepts `1234.5`, `1,234.5`, `１２．５`, `1.5E-05`, `+3`.
pub fn parse_decimal(raw: &str) -> Result<Decimal, String> {
    let text = fold_text(raw);
    if text.is_empty() {
        return Err("empty".to_string());
    }
    let plain = strip_thousands_separators(&text)?;
    if plain.contains(['e', 'E']) {
        return Decimal::from_scientific(&plain).map_err(|_| "not a number".to_string());
    }
    if !plain
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return Err("not a number".to_string());
    }
    Decimal::from_str(plain.trim_start_matches('+')).map_err(|_| "not a number".to_string())
}

/// Removes `,` thousands separators when they are well placed (`1,234,567.5`), and rejects a
/// comma used as a decimal mark (`12,5`) or misplaced (`1,23`).
fn strip_thousands_separators(text: &str) -> Result<String, String> {
    if !text.contains(',') {
        return Ok(text.to_string());
    }
    let unsigned = text.trim_start_matches(['-', '+']);
    let integer = unsigned.split('.').next().unwrap_or_default();
    let groups: Vec<&str> = integer.split(',').collect();
    let well_placed =
        !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if !well_placed {
        return Err("comma is not a thousands separator".to_string());
    }
    Ok(text.replace(',', ""))
}

/// Parses a non-negative whole number (tiers, years).
pub fn parse_whole(raw: &str) -> Result<u32, String> {
    let text = fold_text(raw);
    text.parse::<u32>()
        .map_err(|_| "not a whole number".to_string())
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
    }

    #[test]
    fn accepts_thousands_separators_only_where_they_belong() {
        assert_eq!(parse_decimal("1,234.5").unwrap(), d("1234.5"));
        assert_eq!(parse_decimal("1，234，567").unwrap(), d("1234567"));
        assert!(parse_decimal("12,5").is_err());
        assert!(parse_decimal("1,23").is_err());
        assert!(parse_decimal(",123").is_err());
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
    fn shows_computed_figures_without_trailing_zeros() {
        assert_eq!(show(d("0.05560")), "0.0556");
        assert_eq!(show(d("0.000000")), "0");
        assert_eq!(show(d("132.672630")), "132.67263");
    }
}
