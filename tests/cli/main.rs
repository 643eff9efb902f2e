//! Integration tests: they drive the real `landplan` binary (assert_cmd) on the shipped
//! scenarios and on fixtures, one module per command.

mod common;

mod audit;
mod solve;
mod solve_properties;

mod extract;
