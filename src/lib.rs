//! `landplan`: an exact engine for annual state-owned construction land supply plans
//! (年度土地供应计划).
//!
//! The library is a pipeline of typed stages; each stage lives in its own module and only
//! `load` and `report` touch the file system or produce bytes (and `extract`, which reads a
//! plan's document and writes the scenario folder `load` then reads):
//!
//! ```text
//! extract   a published plan's text -> scenario folder     (`landplan extract`, before load)
//! load      files or the built-in scenario -> RawScenario   (syntax, encodings, located cells)
//! validate  RawScenario -> Scenario + problems               (names, duplicates, value rules)
//! audit     Scenario -> Vec<Finding>                         (consistency of the published plan)
//! whatif    Scenario + whatif.csv -> Scenario + Lineage      (named, layered overrides)
//! model     Scenario -> Model                                (exact constraints -> f64 LP)
//! solve     Model -> Allocation                              (lexicographic stages, rounded, certified)
//! evaluate  Scenario + Allocation -> Evaluation              (the same summaries for any allocation)
//! compare   two allocations -> Comparison                    (deltas per cell, town, category, tier)
//! report    findings / allocations -> bytes                  (table, json, csv, md)
//! track     Scenario + parcel register -> Progress / Adjustment / NextYear (plan's life)
//! parcels   Scenario + parcels.csv -> ParcelPlan               (whole parcels, quarters, 时序)
//! ```
//!
//! Published figures are `rust_decimal::Decimal` from the moment they are read until they are
//! printed; binary floating point lives only inside the solver stage.

pub mod app;
pub mod audit;
pub mod builtin;
pub mod compare;
pub mod constraints;
pub mod evaluate;
pub mod extract;
pub mod generate;
pub mod load;
pub mod methods;
pub mod model;
pub mod names;
pub mod number;
pub mod output;
pub mod parcels;
pub mod problem;
pub mod recommend;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod stress;
pub mod sweep;
pub mod target;
pub mod track;
pub mod validate;
pub mod whatif;

pub use scenario::Scenario;

/// The date library of the public API (parcel dates, `--as-of`).
pub use jiff;
