//! Integration tests: they drive the real `landplan` binary (assert_cmd) on the shipped
//! scenarios and on fixtures, one module per command.

mod common;

mod adjust;
mod audit;
mod audit_checks;
mod backends;
mod check;
mod compare;
mod encodings;
mod exact;
mod exact_properties;
mod extract;
mod generate;
mod load_errors;
mod merging;
mod properties;
mod report;
mod review;
mod rounding;
mod shards;
mod solve;
mod solve_properties;
mod stress;
mod sweep;
mod track;
mod units;
mod whatif;
