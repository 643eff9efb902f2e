//! Shares (占比29.6%) read as checks on the figure they follow, never as figures: a share
//! that the figure and the total contradict is a warning giving both readings.
//!
//! A share and a figure agree when some figure within half a unit of the figure's last
//! decimal, over the total, rounds to the share at the share's decimals.

use super::finish::in_unit;
use super::lex::{self, Token};
use super::state::{At, Last};
use super::{Note, NoteKind, Parser};
use crate::scenario::Unit;
use rust_decimal::Decimal;

/// A share given after a figure.
#[derive(Debug, Clone)]
pub(super) struct Share {
    /// What the share is of: the category or town placed last.
    target: Last,
    /// In percent, as published.
    percent: Decimal,
    at: At,
}

impl Parser {
    /// A share right after a category's or a town's figure ("，占30%"), kept to check.
    pub(super) fn share(&mut self, token: &Token) {
        if !self.clause.label.contains('占')
            || !matches!(self.last, Last::Category(_) | Last::Town(_))
        {
            return;
        }
        let digits: String = token
            .text
            .chars()
            .map(lex::fold_char)
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if let Ok(percent) = Decimal::from_str_exact(&digits) {
            let at = self.clause.at(self.line, Some(token));
            self.shares.push(Share {
                target: self.last,
                percent,
                at,
            });
        }
    }

    /// Each share against its figure and the total, in the folder's unit.
    pub(super) fn check_shares(&mut self, unit: Unit) {
        let Some(total) = self.total.as_ref().map(|t| in_unit(&t.figure, unit)) else {
            return;
        };
        if total.is_zero() {
            return;
        }
        for share in std::mem::take(&mut self.shares) {
            let (name, figure) = match share.target {
                Last::Category(i) => (&self.categories[i].name, &self.categories[i].plan),
                Last::Town(i) => (&self.towns[i].name, &self.towns[i].plan),
                _ => continue,
            };
            let Some((figure, _)) = figure else {
                continue;
            };
            let value = in_unit(figure, unit);
            if agrees(value, share.percent, total) {
                continue;
            }
            let implied = (share.percent * total / Decimal::ONE_HUNDRED)
                .round_dp(value.scale() + 2)
                .normalize();
            let message = format!(
                "{name} is printed as {value} {u} but its share {p}% of the total {total} {u} gives {implied} {u}: the text contradicts itself (both readings shown; the printed figure is written, check the plan)",
                p = share.percent,
                u = unit.symbol(),
            );
            self.notes.push(Note {
                line: share.at.line,
                column: share.at.column,
                kind: NoteKind::Warning,
                message,
                text: share.at.text,
            });
        }
    }
}

/// Whether a figure over the total rounds to the share, the figure known to half a unit of
/// its last decimal and the share to half a unit of its own.
fn agrees(value: Decimal, percent: Decimal, total: Decimal) -> bool {
    let half = |scale: u32| Decimal::new(5, scale + 1);
    let ratio = |v: Decimal| v * Decimal::ONE_HUNDRED / total;
    let (low, high) = (
        ratio(value - half(value.scale())),
        ratio(value + half(value.scale())),
    );
    let slack = half(percent.scale());
    low <= percent + slack && high >= percent - slack
}

#[cfg(test)]
mod tests {
    use super::agrees;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_share_agrees_within_the_rounding_of_both() {
        assert!(agrees(d("60"), d("30"), d("200")));
        assert!(agrees(d("12.67"), d("70.4"), d("18")));
        assert!(!agrees(d("1.80"), d("29.6"), d("18.00")));
        assert!(
            agrees(d("61"), d("30"), d("200")),
            "60.5 rounds to 61 and is 30.25%"
        );
        assert!(!agrees(d("63"), d("30"), d("200")));
    }
}
