//! `--samples-csv`: every sample's demands, streamed to a writer in sample order.
//!
//! Input: the scenario, its `SamplingPlan`, the seed, the sample count, a writer and the
//! run's cancellation flag. Output: the CSV `sample,town,category,demand`, one row per sample
//! and cell, written one sample at a time (memory does not grow with the number of samples),
//! byte for byte what `report::csv_table` gives for the same rows; or, once the flag is set,
//! `Written::Stopped` within one sample. Where the bytes go (a temporary beside the target,
//! renamed at the end) is the caller's; nothing here opens files.

use super::sample::SamplingPlan;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::io::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// The file's columns.
pub const HEADER: [&str; 4] = ["sample", "town", "category", "demand"];

/// How far the writing went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Every sample's rows were written and flushed.
    Complete,
    /// The cancellation flag was set after this many samples.
    Stopped(u64),
}

/// Writes the demands of `samples` to `out`, checking `cancel` before each sample.
pub fn write_csv(
    scenario: &Scenario,
    plan: &SamplingPlan,
    seed: u64,
    samples: Range<u64>,
    out: impl Write,
    cancel: &AtomicBool,
) -> csv::Result<Written> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    let mut demand = vec![Decimal::ZERO; scenario.cells.len()];
    let names: Vec<(&str, &str)> = scenario
        .cells
        .iter()
        .map(|cell| {
            (
                scenario.town(cell.town).name.as_str(),
                scenario.category(cell.category).name.as_str(),
            )
        })
        .collect();
    let start = samples.start;
    for sample in samples {
        if cancel.load(Ordering::Relaxed) {
            return Ok(Written::Stopped(sample - start));
        }
        plan.demands(scenario, seed, sample, &mut demand);
        let number = sample.to_string();
        for ((town, category), value) in names.iter().zip(&demand) {
            let shown = crate::number::show(*value);
            writer.write_record([number.as_str(), town, category, shown.as_str()])?;
        }
    }
    writer.flush()?;
    Ok(Written::Complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::validate::validate;

    #[test]
    fn streamed_rows_are_the_table_of_every_sample_and_stop_when_cancelled() {
        let scenario = validate(&load(&crate::builtin::lianzhou()).unwrap()).scenario;
        let plan = SamplingPlan::spread(&scenario, Decimal::new(2, 1));
        let mut rows = Vec::new();
        let mut demand = vec![Decimal::ZERO; scenario.cells.len()];
        for sample in 0..5u64 {
            plan.demands(&scenario, 9, sample, &mut demand);
            for (cell, value) in scenario.cells.iter().zip(&demand) {
                rows.push(vec![
                    sample.to_string(),
                    scenario.town(cell.town).name.clone(),
                    scenario.category(cell.category).name.clone(),
                    crate::number::show(*value),
                ]);
            }
        }
        let table = crate::report::csv_table(&HEADER, &rows);
        let (mut out, go) = (Vec::new(), AtomicBool::new(false));
        let written = write_csv(&scenario, &plan, 9, 0..5, &mut out, &go).unwrap();
        assert_eq!(written, Written::Complete);
        assert_eq!(String::from_utf8(out).unwrap(), table);
        let stop = AtomicBool::new(true);
        let written = write_csv(&scenario, &plan, 9, 0..5, Vec::new(), &stop).unwrap();
        assert_eq!(written, Written::Stopped(0));
    }
}
