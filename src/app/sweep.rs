//! `landplan sweep`: load, validate, read the parameter, sweep, plan the parcels at every
//! grid value when the folder has a `parcels.csv`, render.

use super::solve::load_valid;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::Format;
use crate::solve::backend::Backend;
use crate::sweep::{Param, SweepOptions};
use rust_decimal::Decimal;

/// Options of `landplan sweep`.
#[derive(Debug, Clone)]
pub struct SweepCommand {
    pub source: ScenarioSource,
    /// `cap`, `demand:TARGET` or `capacity:TOWN`.
    pub param: String,
    pub from: Decimal,
    pub to: Decimal,
    pub steps: u32,
    pub format: Format,
    pub backend: Backend,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// The searches' budget of each grid value's parcel plan (with a `parcels.csv`).
    pub parcels: crate::parcels::PlanOptions,
}

/// Sweeps the parameter and renders the table and break points.
pub fn run(command: &SweepCommand) -> Result<Output, AppError> {
    let scenario = load_valid(&command.source)?;
    let param = Param::parse(&command.param, &scenario)
        .map_err(|message| AppError::Usage(format!("the parameter to sweep: {message}")))?;
    let options = SweepOptions {
        param,
        from: command.from,
        to: command.to,
        steps: command.steps,
        backend: command.backend,
    };
    let report = crate::sweep::sweep(&scenario, &options)?;
    let parcels = super::parcels::load(&command.source, &scenario)?;
    let plans = parcels
        .as_ref()
        .map(|p| crate::sweep::parcel_plans(&scenario, &options, &report, p, command.parcels))
        .transpose()?;
    let beside = parcels.as_ref().zip(plans.as_deref());
    Ok(Output {
        binary: None,
        text: crate::report::sweep::render(
            &scenario,
            &report,
            beside,
            command.format,
            crate::report::page::Lang::or_detect(command.lang, &scenario),
        ),
        outcome: Outcome::Clean,
    })
}
