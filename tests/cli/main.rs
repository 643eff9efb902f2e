//! Integration tests: they drive the real `landplan` binary (assert_cmd) on the shipped
//! scenarios and on fixtures, one module per command.

mod common;

mod adjust;
mod audit;
mod audit_checks;
mod backends;
mod bom;
mod check;
mod compare;
mod encodings;
mod exact;
mod exact_properties;
mod extract;
mod generate;
mod languages;
mod load_errors;
mod marginal;
mod markdown_escaping;
mod merging;
mod outputs;
mod parcels;
mod parcels_run;
mod properties;
mod recommend;
mod repair;
mod report;
mod report_heat;
mod report_register;
mod review;
mod rounding;
mod shards;
mod solve;
mod solve_properties;
mod sources;
mod sources_properties;
mod stress;
mod subitems;
mod sweep;
mod terminal_width;
mod track;
mod units;
mod v2_commands;
mod whatif;
mod xlsx;
mod xlsx_scenario;
