//! The remedies a bureau can make for a cut tier within the cap and every rule.
//!
//! Input: the tier's cut cells (and, for a deferral, the scenario's parcels and their
//! whole-parcel plan). Output: at most one candidate of each kind, with the cells it claims
//! to supply in full: move the tier's land between its towns so that the projects with the
//! smallest shortfall get their whole land (a project is not supplied at 5%); defer the
//! parcels the whole-parcel plan cannot fit to next year (五（一）, 五（四）), so the parcels
//! kept are supplied whole; build industrial land more intensively (多层标准厂房, 四（三）), a
//! factor on industrial demand just large enough to free the land the cut cells lack. Nothing
//! here solves the allocation again: `accept` re-solves and re-audits every candidate.

use super::accept::Candidate;
use super::change::{Action, Change};
use super::{CutCell, Deferred, Kind};
use crate::names::category_class;
use crate::parcels::{Decision, ParcelPlan, Parcels};
use crate::scenario::Scenario;
use crate::solve::Allocated;
use rust_decimal::{Decimal, RoundingStrategy};

/// The largest cut in land per industrial project offered, in percent. Multi-storey standard
/// plants (多层标准厂房) can halve a project's land, but a cut beyond a fifth changes projects
/// already designed: a planning decision, not a supply one. An assumption, shown in
/// docs/report.md.
pub const MAX_INTENSITY_PERCENT: u32 = 20;

/// Give the cut cells with the smallest shortfall their whole demand from the land of the
/// others (the largest allocations give first, the rest keep what they have: their demand
/// this year is what they keep); `None` when no cell can be completed.
pub(super) fn move_within_tier(cells: &[CutCell]) -> Option<Candidate> {
    let mut order: Vec<&CutCell> = cells.iter().collect();
    order.sort_by(|a, b| a.shortfall().cmp(&b.shortfall()).then(a.cell.cmp(&b.cell)));
    let mut receivers: Vec<usize> = Vec::new();
    let mut need = Decimal::ZERO;
    for cell in order {
        let pool: Decimal = cells
            .iter()
            .filter(|d| d.cell != cell.cell && !receivers.contains(&d.cell))
            .map(|d| d.allocated)
            .sum();
        if need + cell.shortfall() <= pool {
            receivers.push(cell.cell);
            need += cell.shortfall();
        }
    }
    if receivers.is_empty() {
        return None;
    }
    let mut donors: Vec<&CutCell> = cells
        .iter()
        .filter(|c| !receivers.contains(&c.cell))
        .collect();
    donors.sort_by(|a, b| b.allocated.cmp(&a.allocated).then(a.cell.cmp(&b.cell)));
    // Every other cut cell of the tier keeps at most what it has now (else the solve would
    // share the tier's land among them again); the largest give what the receivers lack.
    let mut changes = Vec::new();
    for donor in donors {
        let take = need.min(donor.allocated);
        changes.push(Change::lower_cell(donor.cell, donor.allocated, take));
        need -= take;
    }
    receivers.sort_unstable();
    Some(Candidate::new(changes, receivers, true))
}

/// Defer to next year the parcels of the cut cells that the whole-parcel plan does not
/// supply; claims the cut cells whose kept parcels are supplied whole. `None` when no
/// parcel of a cut cell is deferred or none is kept.
pub(super) fn defer(
    scenario: &Scenario,
    parcels: &Parcels,
    plan: &ParcelPlan,
    cells: &[CutCell],
) -> Option<Candidate> {
    let mut changes = Vec::new();
    let mut deferred = Vec::new();
    let mut claims = Vec::new();
    for cut in cells {
        let cell = &scenario.cells[cut.cell];
        let here: Vec<Deferred> = parcels
            .parcels
            .iter()
            .zip(&plan.decisions)
            .filter(|(p, decision)| {
                p.town == cell.town
                    && p.category == cell.category
                    && matches!(decision, Decision::Deferred { .. })
            })
            .map(|(p, _)| Deferred {
                parcel: p.id.clone(),
                cell: cut.cell,
                area: p.area.normalize(),
            })
            .collect();
        let area: Decimal = here.iter().map(|d| d.area).sum();
        let kept = (cell.demand - area).max(Decimal::ZERO);
        if kept > Decimal::ZERO {
            claims.push(cut.cell);
        }
        if !here.is_empty() {
            changes.push(Change::lower_demand(
                scenario,
                Action::Defer { cell: cut.cell },
                cut.cell,
                kept,
            ));
            deferred.extend(here);
        }
    }
    if changes.is_empty() || claims.is_empty() {
        return None;
    }
    claims.sort_unstable();
    let mut candidate = Candidate::new(changes, claims, true);
    candidate.deferred = deferred;
    Some(candidate)
}

/// Less land per industrial project, by the whole percentage that frees the land the cut
/// cells of `tier` and every tier before it lack, at most `MAX_INTENSITY_PERCENT`; only
/// industrial cells served no later than `tier` count (their land is what the cut tier can
/// use), and committed land stays as it is.
pub(super) fn intensify(
    scenario: &Scenario,
    allocated: &Allocated,
    tier: u32,
    cut: &[CutCell],
) -> Option<Candidate> {
    let industrial: Vec<usize> = (0..scenario.cells.len())
        .filter(|&i| {
            let cell = &scenario.cells[i];
            let class = category_class(&scenario.category(cell.category).name);
            matches!(class, Some("industrial" | "warehouse" | "mining"))
                && scenario.tier_of(cell) <= tier
                && allocated.allocation[i] > cell.committed
        })
        .collect();
    let needed: Decimal = cut.iter().map(CutCell::shortfall).sum();
    let demand: Decimal = industrial.iter().map(|&i| scenario.cells[i].demand).sum();
    if needed.is_zero() || demand.is_zero() {
        return None;
    }
    let percent = (needed * Decimal::ONE_HUNDRED / demand).ceil();
    if percent > Decimal::from(MAX_INTENSITY_PERCENT) {
        return None;
    }
    let keep = (Decimal::ONE_HUNDRED - percent) / Decimal::ONE_HUNDRED;
    let changes: Vec<Change> = industrial
        .iter()
        .filter_map(|&i| {
            let cell = &scenario.cells[i];
            let to = (cell.demand * keep)
                .round_dp_with_strategy(scenario.scale(), RoundingStrategy::AwayFromZero)
                .max(cell.committed);
            (to < cell.demand)
                .then(|| Change::lower_demand(scenario, Action::Intensify { cell: i }, i, to))
        })
        .collect();
    if changes.is_empty() {
        return None;
    }
    let claims: Vec<usize> = cut
        .iter()
        .filter(|c| scenario.tier_of(&scenario.cells[c.cell]) == tier)
        .map(|c| c.cell)
        .collect();
    let mut candidate = Candidate::new(changes, claims, true);
    candidate.kind = Kind::Intensify;
    candidate.percent = Some(percent.normalize());
    Some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(cell: usize, demand: &str, allocated: &str) -> CutCell {
        CutCell {
            cell,
            demand: demand.parse().unwrap(),
            allocated: allocated.parse().unwrap(),
        }
    }

    #[test]
    fn a_move_completes_the_smallest_shortfalls_the_others_can_pay_for() {
        // Lianzhou's commercial land under cap-cut-10: 0.649207 ha shared by four cells.
        let cells = [
            cut(6, "9.597654", "0.449349"),
            cut(10, "2.968205", "0.138967"),
            cut(23, "0.8601", "0.040269"),
            cut(17, "0.440471", "0.020622"),
        ];
        let candidate = move_within_tier(&cells).unwrap();
        // 西岸镇 lacks 0.419849; 东陂镇 next would lack 0.819831 more than the 0.588316 left.
        assert_eq!(candidate.claims, [17]);
        assert!(candidate.all);
        let moves: Vec<(usize, String, String)> = candidate
            .changes
            .iter()
            .map(|c| match c.action {
                Action::LowerCell { cell } => (cell, c.from.to_string(), c.to.to_string()),
                _ => unreachable!(),
            })
            .collect();
        let expected = [
            (6, "0.449349", "0.0295"),
            (10, "0.138967", "0.138967"),
            (23, "0.040269", "0.040269"),
        ]
        .map(|(cell, from, to)| (cell, from.to_string(), to.to_string()));
        assert_eq!(moves, expected);
        // What the tier has is kept: 0.0295 + 0.138967 + 0.040269 + 0.440471 = 0.649207.
        let kept: Decimal =
            candidate.changes.iter().map(|c| c.to).sum::<Decimal>() + Decimal::new(440471, 6);
        assert_eq!(kept, Decimal::new(649207, 6));
    }

    #[test]
    fn a_single_cut_cell_has_nothing_to_move() {
        assert!(move_within_tier(&[cut(0, "8", "3")]).is_none());
    }
}
