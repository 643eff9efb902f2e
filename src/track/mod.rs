//! Stage 7, track: the plan's life after publication (section 五 of the seed).
//!
//! ```text
//! register  supplied.csv + Scenario -> Register           (parcels, located, names resolved)
//! demand    demand.csv + Scenario -> Demand               (updated full-year demand per cell)
//! progress  Scenario + Register + date -> Progress        (execution, pace, method, flags)
//! adjust    Scenario + Register + Demand -> Adjustment    (same total, supplied kept, solve)
//! review    Scenario + Register -> NextYear               (next year's starting scenario)
//! ```
//!
//! Inputs are the validated scenario and the tracking files (read and decoded like scenario
//! files, every problem located). Outputs are typed results with exact decimal figures for
//! `report` to render; the only solving goes through `solve::solve`. Nothing here prints or
//! writes files.

pub mod adjust;
pub mod date;
pub mod demand;
pub mod input;
pub mod progress;
pub mod register;
pub mod review;
