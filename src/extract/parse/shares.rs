//! Shares (占比29.6%) read as checks on the figure they follow, never as figures: a share
//! that the figure and the total contradict is a warning giving both readings.
//!
//! A share and a figure agree when some figure within half a unit of the figure's last
//! decimal, over the total, rounds to the share at the share's decimals.

use super::finish::in_unit;
use super::lex::{self, Token};
use super::state::{At, Last};
use super::{said, Note, NoteKind, Parser};
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
            let implied = share
                .percent
                .checked_mul(total)
                .and_then(|p| p.checked_div(Decimal::ONE_HUNDRED));
            let (Some(agrees), Some(implied)) = (agrees(value, share.percent, total), implied)
            else {
                continue;
            };
            if agrees {
                continue;
            }
            let implied = implied.round_dp(value.scale() + 2).normalize();
            let message = said(
                format!(
                    "{name} is printed as {value} {u} but its share {p}% of the total {total} {u} gives {implied} {u}: the text contradicts itself (both readings shown; the printed figure is written, check the plan)",
                    p = share.percent,
                    u = unit.symbol(),
                ),
                format!(
                    "{name}印为{value}{u}，但按其占总量{total}{u}的{p}%计算应为{implied}{u}：原文前后不一（两种读法并列；写入所印数字，请核对计划原文）",
                    p = share.percent,
                    u = unit.chinese(),
                ),
            );
            self.notes.push(Note::new(
                share.at.line,
                share.at.column,
                NoteKind::Warning,
                message,
                share.at.text,
            ));
        }
    }
}

/// Whether a figure over the total rounds to the share, the figure known to half a unit of
/// its last decimal and the share to half a unit of its own; `None` when the figures are
/// beyond what can be compared exactly (a share with more than 20 decimals, say).
fn agrees(value: Decimal, percent: Decimal, total: Decimal) -> Option<bool> {
    let half = |scale: u32| Decimal::try_new(5, scale.checked_add(1)?).ok();
    let ratio = |v: Decimal| v.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(total);
    let margin = half(value.scale())?;
    let low = ratio(value.checked_sub(margin)?)?;
    let high = ratio(value.checked_add(margin)?)?;
    let slack = half(percent.scale())?;
    Some(low <= percent.checked_add(slack)? && high >= percent.checked_sub(slack)?)
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
        assert_eq!(agrees(d("60"), d("30"), d("200")), Some(true));
        assert_eq!(agrees(d("12.67"), d("70.4"), d("18")), Some(true));
        assert_eq!(agrees(d("1.80"), d("29.6"), d("18.00")), Some(false));
        // 60.5 rounds to 61 and is 30.25%, which rounds to 30%.
        assert_eq!(agrees(d("61"), d("30"), d("200")), Some(true));
        assert_eq!(agrees(d("63"), d("30"), d("200")), Some(false));
        assert_eq!(
            agrees(d("1"), d("0.0000000000000000000000000001"), d("3")),
            None
        );
    }
}
