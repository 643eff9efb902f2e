//! `landplan stress`: the fast path against the LP, fixed-seed statistics, zero spread,
//! thread counts, uncertainty files and cancellation.

mod engine;
