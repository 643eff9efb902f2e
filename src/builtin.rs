//! The built-in scenario: Lianzhou 2025 (连州市2025年度土地供应计划), compiled into the binary.
//!
//! Input: the CSV files of `scenarios/lianzhou-2025/`, embedded at build time. Output: a load
//! source, so `landplan audit` and `landplan solve` work with no folder from any directory.
//! The figures are those of the folder; this module holds no numbers of its own.

use crate::load::Embedded;

/// The name users see for the built-in scenario.
pub const LIANZHOU_LABEL: &str = "built-in:lianzhou-2025";

/// The built-in Lianzhou 2025 scenario's files.
pub fn lianzhou() -> Embedded {
    Embedded {
        label: LIANZHOU_LABEL,
        files: &[
            (
                "scenario.csv",
                include_str!("../scenarios/lianzhou-2025/scenario.csv"),
            ),
            (
                "categories.csv",
                include_str!("../scenarios/lianzhou-2025/categories.csv"),
            ),
            (
                "towns.csv",
                include_str!("../scenarios/lianzhou-2025/towns.csv"),
            ),
            (
                "cells.csv",
                include_str!("../scenarios/lianzhou-2025/cells.csv"),
            ),
            (
                "rules.csv",
                include_str!("../scenarios/lianzhou-2025/rules.csv"),
            ),
            (
                "whatif.csv",
                include_str!("../scenarios/lianzhou-2025/whatif.csv"),
            ),
            (
                "parcels.csv",
                include_str!("../scenarios/lianzhou-2025/parcels.csv"),
            ),
        ],
    }
}
