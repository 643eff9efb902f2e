//! Parcels and timing (拟供应地块, 时序): the plan as a bureau carries it out, parcel by parcel.
//!
//! ```text
//! load      parcels.csv (+ quarters.csv) + Scenario -> Parcels   (located, names resolved)
//! audit     Scenario + Parcels -> Vec<ParcelFinding>              (cells vs parcels, 五（一）)
//! plan      Scenario + Parcels -> PlanOutcome                     (whole parcels, strict tiers)
//! schedule  chosen parcels -> quarters and 时序 tables             (readiness, quarterly limits)
//! timing    Schedule + date -> Expected                           (the pace `track` can measure)
//! compare   base plan + what-if plan -> Vec<DecisionChange>       (parcels whose decision moves)
//! ```
//!
//! Input: a validated `Scenario` and the optional `parcels.csv` and `quarters.csv` of its
//! folder. Output: typed results with exact decimal figures for `report::parcels` to render.
//! A parcel is supplied whole or deferred, never cut: a project gets its parcel or waits.
//! Binary floating point lives only inside `plan`'s mixed-integer model; every answer is
//! checked again in decimals. Nothing here prints or writes files, and the plan's published
//! figures are never changed.
//!
//! The supply method and land source of each parcel are carried as data and their
//! vocabulary checked; the quotas and method rules of the plan-structure issue (#16) are not
//! applied yet (docs/parcels.md, "Next steps").

pub mod audit;
mod certificate;
pub mod compare;
pub mod limits;
pub mod load;
mod mip;
pub mod plan;
pub mod schedule;
#[cfg(test)]
mod tests;
pub mod timing;

use crate::problem::Origin;
use crate::scenario::{CategoryId, TownId};
use rust_decimal::Decimal;
use serde::Serialize;

pub use audit::{audit, ParcelFinding};
pub use limits::Limit;
pub use load::{load, load_schedule, PARCELS_FILE, QUARTERS_FILE, SCHEDULE_FILE};
pub use plan::{
    plan, plan_with, Decision, Deferral, Infeasible, ParcelPlan, PlanError, PlanOptions,
    PlanOutcome, Proof, TierResult,
};
pub use schedule::Schedule;
pub use timing::{Basis, Timetable};

/// A quarter of the plan's year, 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Quarter(u8);

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter(1), Quarter(2), Quarter(3), Quarter(4)];
    pub const FIRST: Quarter = Quarter(1);

    /// The quarter numbered `n` (1 to 4).
    pub fn new(n: u8) -> Option<Quarter> {
        (1..=4).contains(&n).then_some(Quarter(n))
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.0
    }

    /// 0 to 3, for arrays of four quarters.
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    /// The quarters from this one to the fourth.
    pub fn onwards(self) -> impl Iterator<Item = Quarter> {
        (self.0..=4).map(Quarter)
    }

    /// `Q1`..`Q4`, `一季度`..`四季度`, `第一季度`, `1`..`4`.
    pub fn parse(text: &str) -> Option<Quarter> {
        let text = crate::names::normalize(text);
        let text = text.strip_prefix('第').unwrap_or(&text);
        let number = match text {
            "q1" | "1" | "一季度" | "1季度" => 1,
            "q2" | "2" | "二季度" | "2季度" => 2,
            "q3" | "3" | "三季度" | "3季度" => 3,
            "q4" | "4" | "四季度" | "4季度" => 4,
            _ => return None,
        };
        Quarter::new(number)
    }

    /// The quarter a month (1 to 12) falls in.
    pub fn of_month(month: i8) -> Quarter {
        let month = u8::try_from(month.clamp(1, 12)).expect("clamped to 1..=12");
        Quarter((month - 1) / 3 + 1)
    }

    pub fn english(self) -> &'static str {
        ["Q1", "Q2", "Q3", "Q4"][self.index()]
    }

    pub fn chinese(self) -> &'static str {
        ["一季度", "二季度", "三季度", "四季度"][self.index()]
    }
}

/// When a parcel can go to market (五（四）: 权利清晰、安置补偿落实、规划条件明确, access, water
/// and power in place).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "quarter", rename_all = "snake_case")]
pub enum Readiness {
    /// Ready from this quarter of the plan's year (Q1 when the row leaves it empty).
    From(Quarter),
    /// Not ready within the plan's year.
    AfterYear,
}

/// How a parcel is to be supplied (供地方式): the project's one vocabulary of methods.
pub use crate::methods::Method;

/// Where a parcel's land comes from (来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LandSource {
    /// 存量: existing construction land.
    Stock,
    /// 新增: new conversions, on the year's 新增建设用地计划指标.
    New,
    /// 储备: the land reserve (净地).
    Reserve,
    /// 批而未供: approved but not yet supplied.
    ApprovedUnsupplied,
}

impl LandSource {
    pub const EXPECTED: &'static str =
        "存量, 新增, 储备 or 批而未供 (or stock, new, reserve, approved-unsupplied), or empty";

    pub fn parse(text: &str) -> Option<LandSource> {
        match crate::names::normalize(text).as_str() {
            "存量" | "存量用地" | "stock" => Some(LandSource::Stock),
            "新增" | "新增用地" | "新增建设用地" | "new" => Some(LandSource::New),
            "储备" | "储备用地" | "储备土地" | "reserve" => Some(LandSource::Reserve),
            "批而未供" | "approved-unsupplied" | "approvedunsupplied" => {
                Some(LandSource::ApprovedUnsupplied)
            }
            _ => None,
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            LandSource::Stock => "存量",
            LandSource::New => "新增",
            LandSource::Reserve => "储备",
            LandSource::ApprovedUnsupplied => "批而未供",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            LandSource::Stock => "stock",
            LandSource::New => "new",
            LandSource::Reserve => "reserve",
            LandSource::ApprovedUnsupplied => "approved-unsupplied",
        }
    }
}

/// One parcel proposed for supply (拟供应地块).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parcel {
    /// The parcel's number as the file writes it.
    pub id: String,
    pub town: TownId,
    pub category: CategoryId,
    /// In the scenario's unit, above 0.
    pub area: Decimal,
    pub method: Option<Method>,
    pub source: Option<LandSource>,
    pub ready: Readiness,
    /// Already promised (已落实项目用地): supplied whatever else happens.
    pub committed: bool,
    pub note: Option<String>,
    pub origin: Origin,
}

/// A per-quarter limit from `quarters.csv`: the parcels of one quarter, in a category and a
/// town (`None` = all), supply at most `max`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterLimit {
    pub quarter: Quarter,
    pub category: Option<CategoryId>,
    pub town: Option<TownId>,
    pub max: Decimal,
    pub origin: Origin,
}

impl QuarterLimit {
    /// Whether a parcel counts towards this limit (in the limit's quarter).
    pub fn covers(&self, parcel: &Parcel) -> bool {
        self.category.map_or(true, |c| c == parcel.category)
            && self.town.map_or(true, |t| t == parcel.town)
    }
}

/// The parcels of a scenario folder, with the optional quarterly limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Parcels {
    /// In file order.
    pub parcels: Vec<Parcel>,
    pub quarters: Vec<QuarterLimit>,
    /// The files read, for lineage.
    pub inputs: Vec<crate::load::InputFile>,
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn quarters_in_both_languages() {
        assert_eq!(Quarter::parse("Q3"), Quarter::new(3));
        assert_eq!(Quarter::parse("三季度"), Quarter::new(3));
        assert_eq!(Quarter::parse("第四季度"), Quarter::new(4));
        assert_eq!(Quarter::parse("q5"), None);
        assert_eq!(Quarter::of_month(7), Quarter(3));
        assert_eq!(Quarter(2).onwards().count(), 3);
    }

    #[test]
    fn methods_and_sources_in_both_languages() {
        assert_eq!(Method::parse("挂牌"), Some(Method::Competitive));
        assert_eq!(Method::parse("Allocation"), Some(Method::Allocation));
        assert_eq!(Method::parse("出让"), Some(Method::Sale));
        assert_eq!(
            LandSource::parse("批而未供"),
            Some(LandSource::ApprovedUnsupplied)
        );
        assert_eq!(LandSource::parse("stock"), Some(LandSource::Stock));
        assert_eq!(LandSource::parse("闲置"), None);
    }
}
