//! Shared factors in `uncertainty.csv`: cells that move together widen the tiers' shortfall
//! against independent draws of the same spread per cell; the run stays deterministic per
//! seed whatever the thread count; files without the column read as before.

use super::{lianzhou_scenario, with_uncertainty};
use landplan::stress::uncertainty::{parse, resolve};
use landplan::stress::{run, Control, StressOptions, StressSummary};
use std::sync::atomic::AtomicBool;

fn stressed(text: &str, threads: usize) -> StressSummary {
    let scenario = lianzhou_scenario();
    let rows = parse("uncertainty.csv", text.as_bytes()).unwrap();
    let plan = resolve(&rows, &scenario).unwrap();
    let options = StressOptions {
        samples: 400,
        seed: 17,
        threads: Some(threads),
        backend: Default::default(),
    };
    let cancel = AtomicBool::new(false);
    let control = Control {
        cancel: &cancel,
        progress: &|_| {},
    };
    run(&scenario, &plan, &options, control).unwrap()
}

const INDEPENDENT: &str = "target,distribution,low,mode,high\n*,uniform,0.8,,1.2\n";
/// The same uniform 0.8..1.2 for every cell, drawn once for the whole county.
const COUNTY: &str = "target,distribution,low,mode,high,shared\n*,uniform,0.8,,1.2,county\n";

#[test]
fn a_county_wide_factor_widens_the_tier_shortfall_quantiles() {
    let independent = stressed(INDEPENDENT, 1);
    let together = stressed(COUNTY, 1);
    let mut wider = 0;
    for (a, b) in independent.tiers.iter().zip(&together.tiers) {
        let width = |t: &landplan::stress::TierSummary| t.shortfall.p95 - t.shortfall.p5;
        assert!(
            b.shortfall.p95 >= a.shortfall.p95,
            "tier {}: {a:?} {b:?}",
            a.tier
        );
        assert!(width(b) >= width(a), "tier {}", a.tier);
        wider += usize::from(width(b) > width(a));
    }
    assert!(wider >= 2, "{independent:?}\n{together:?}");
    // Here tier 3, never cut under independent draws, is cut when the county moves together.
    let safe_then_cut = independent
        .tiers
        .iter()
        .zip(&together.tiers)
        .any(|(a, b)| a.full == independent.samples && b.full < together.samples);
    assert!(safe_then_cut, "{independent:?}\n{together:?}");
}

#[test]
fn factors_by_category_and_town_are_deterministic_per_seed_and_thread_count() {
    let text = "target,distribution,low,mode,high,shared\n\
                *,uniform,0.9,,1.1,\n\
                *,normal,0.85,1,1.15,category\n\
                *镇,triangular,0.9,1,1.3,town\n";
    let one = stressed(text, 1);
    assert_eq!(one, stressed(text, 2));
    assert_ne!(one, stressed(INDEPENDENT, 1));
}

#[test]
fn the_binary_describes_the_factors_and_locates_a_bad_shared_value() {
    let (code, stderr, _, stdout) = with_uncertainty(COUNTY);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("shared factors on top, one draw per sample and group: county (1 draw(s)); 25 of 25 cells move in all"),
        "{stdout}"
    );
    let (code, stderr, _, _) = with_uncertainty(
        "target,distribution,low,mode,high,共同因子\n*,uniform,0.8,,1.2,province\n",
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("uncertainty.csv:2: column 'shared': invalid value (got 'province', expected blank (each cell its own draw), county, category or town)"),
        "{stderr}"
    );
}
