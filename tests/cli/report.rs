//! `landplan report`: Markdown snapshots, the HTML's charts against the figures, and the
//! command's files and exit codes (its recommendations are tested in `recommend.rs`).

use crate::common::{copy_folder, dec, edit, landplan, lianzhou};
use landplan::app::run::{load_base, load_whatif};
use landplan::app::ScenarioSource;
use landplan::recommend::{recommend, Recommendation};
use landplan::solve::{backend::Backend, solve, SolveOptions, SolveReport};
use landplan::Scenario;
use rust_decimal::Decimal;

/// Three categories, one per tier: industrial, residential, commercial.
pub(crate) const CATEGORIES: &str = "industrial,1,,,\nresidential,2,,,\ncommercial,3,,,\n";

/// A scenario's solve (marginal values on, as the report solves) and its recommendations.
pub(crate) struct Solved {
    pub report: SolveReport,
    pub recommendations: Vec<Recommendation>,
}

pub(crate) fn solved(s: &Scenario) -> Solved {
    let options = SolveOptions {
        marginal_values: true,
        ..Default::default()
    };
    let report = solve(s, &options).unwrap();
    let recommendations = recommend(s, &report, None);
    Solved {
        report,
        recommendations,
    }
}

pub(crate) fn builtin() -> Scenario {
    let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
    landplan::validate::validate(&raw).scenario
}

/// The shipped Lianzhou what-ifs, applied by the what-if library: (name, scenario).
pub(crate) fn shipped_whatifs() -> Vec<(String, Scenario)> {
    let base = load_base(&ScenarioSource::Builtin).unwrap();
    let set = load_whatif(&ScenarioSource::Builtin, None).unwrap();
    landplan::whatif::apply_all(&base, &set, &set.names)
        .unwrap()
        .into_iter()
        .map(|a| (a.lineage.scenario, a.scenario))
        .collect()
}

/// The shipped what-if `cap-cut-10`: the cap cut by a tenth (132.72823 x 0.9).
pub(crate) fn lianzhou_cap_cut() -> Scenario {
    let (_, s) = shipped_whatifs()
        .into_iter()
        .find(|(name, _)| name == "cap-cut-10")
        .unwrap();
    assert_eq!(s.settings.cap, dec("119.455407"));
    s
}

pub(crate) fn index(s: &Scenario, town: &str, category: &str) -> usize {
    s.cells
        .iter()
        .position(|c| s.town(c.town).name == town && s.category(c.category).name == category)
        .unwrap()
}

/// The Markdown report the binary writes with these extra arguments.
fn markdown(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    landplan()
        .arg("report")
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    std::fs::read_to_string(&out).unwrap()
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        filters => vec![(r"landplan \d+\.\d+\.\d+\S*", "landplan [version]")],
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn markdown_report_of_the_lianzhou_base() {
    snapshot("report_lianzhou_base", &markdown(&[]));
}

#[test]
fn markdown_report_of_the_lianzhou_cap_cut_what_if_with_a_stress_test() {
    snapshot(
        "report_lianzhou_cap_cut_10",
        &markdown(&["--whatif", "cap-cut-10", "--stress", "300", "--seed", "7"]),
    );
}

#[test]
fn html_sweep_and_stress_charts_carry_the_figures_of_their_libraries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    landplan()
        .args(["report", "--stress", "200", "--seed", "3", "--out"])
        .arg(&out)
        .assert()
        .success();
    let document = scraper::Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let s = builtin();
    let demand: Decimal = s.cells.iter().map(|c| c.demand).sum();
    let sweep = landplan::sweep::sweep(
        &s,
        &landplan::sweep::SweepOptions {
            param: landplan::sweep::Param::Cap,
            from: Decimal::ZERO,
            to: demand.max(s.settings.cap),
            steps: landplan::app::report::SWEEP_STEPS,
            backend: Backend::default(),
        },
    )
    .unwrap();
    let chart = document.select(&select("svg.lines")).next().unwrap();
    let attrs = |selector: &str, name: &str| -> Vec<String> {
        chart
            .select(&select(selector))
            .map(|e| e.value().attr(name).unwrap().to_string())
            .collect()
    };
    // One circle per tier at every grid value and at both ends of every break point, in x
    // order, tier 1 first, at the sweep's exact supply.
    let supply = |state: &landplan::sweep::State, tier: usize| match state {
        landplan::sweep::State::Optimal { supply, .. } => supply[tier].normalize(),
        landplan::sweep::State::Infeasible => unreachable!("no committed land"),
    };
    let expected: Vec<(Decimal, Decimal)> = (0..sweep.tiers.len())
        .flat_map(|tier| {
            let mut points: Vec<(Decimal, Decimal)> = sweep
                .points
                .iter()
                .map(|p| (p.value, supply(&p.state, tier)))
                .chain(sweep.breaks.iter().flat_map(|b| {
                    [
                        (b.last, supply(&b.last_state, tier)),
                        (b.first, supply(&b.first_state, tier)),
                    ]
                }))
                .collect();
            points.sort_by_key(|p| p.0);
            points.dedup_by_key(|p| p.0);
            points
        })
        .map(|(x, y)| (x.normalize(), y))
        .collect();
    let shown: Vec<(Decimal, Decimal)> = attrs("circle", "data-x")
        .iter()
        .zip(attrs("circle", "data-y"))
        .map(|(x, y)| {
            (
                x.parse().unwrap(),
                y.parse::<Decimal>().unwrap().normalize(),
            )
        })
        .collect();
    assert_eq!(shown, expected);
    let breaks: Vec<String> = sweep.breaks.iter().map(|b| b.first.to_string()).collect();
    assert_eq!(attrs("g.marker", "data-x"), breaks);
    // Each line has a vertex exactly where each marker is drawn: tier 1's plateau starts at
    // its own break (77.28443), not at the next grid value.
    assert!(breaks.contains(&"77.28443".to_string()), "{breaks:?}");
    let polylines = attrs("polyline", "points");
    for x1 in attrs("line.marker", "x1") {
        for (tier, points) in polylines.iter().enumerate() {
            let vertex = points
                .split(' ')
                .any(|p| p.split(',').next() == Some(x1.as_str()));
            assert!(vertex, "tier {}: no vertex at x = {x1}: {points}", tier + 1);
        }
    }
    // Marker labels at least one text height (11 px) apart, the reference label inside.
    let mut labels: Vec<Decimal> = attrs("text.marker", "x")
        .iter()
        .map(|x| x.parse().unwrap())
        .collect();
    labels.sort();
    assert!(
        labels.windows(2).all(|w| w[1] - w[0] >= Decimal::from(11)),
        "{labels:?}"
    );
    assert!(labels
        .iter()
        .all(|x| *x >= Decimal::from(75) && *x <= Decimal::from(536)));
    let reference = chart.select(&select("text.reference")).next().unwrap();
    assert_eq!(reference.value().attr("text-anchor"), Some("end"));
    assert_eq!(reference.value().attr("x"), Some("558"));
    assert_eq!(attrs("g.reference", "data-x"), ["132.72823"]);
    // The stress chart: each tier's probability of full supply in percent, on a full scale
    // of 100%.
    let stress = document
        .select(&select("svg.bars[data-chart=\"stress-1\"]"))
        .next()
        .unwrap();
    assert_eq!(stress.value().attr("data-scale"), Some("2.30"));
    let manifest = document
        .select(&select("#manifest"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(manifest.contains("随机种子3"), "{manifest}");
}

#[test]
fn stress_options_are_checked_before_anything_is_solved() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    for args in [
        &["--stress", "0"][..],
        &["--stress", "10", "--spread", "1.5"],
        &["--seed", "3"],
    ] {
        landplan()
            .arg("report")
            .args(args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
    }
    assert!(!out.exists());
}

#[test]
fn an_unknown_what_if_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    landplan()
        .args(["report", "--whatif", "no-such", "--out"])
        .arg(dir.path().join("r.md"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no what-if scenario 'no-such'"));
    assert!(!dir.path().join("r.md").exists());
}

/// Writes the HTML report of a folder and parses it.
fn html_report(folder: &std::path::Path) -> scraper::Html {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    landplan()
        .arg("report")
        .arg(folder)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    scraper::Html::parse_document(&std::fs::read_to_string(&out).unwrap())
}

fn select(selector: &str) -> scraper::Selector {
    scraper::Selector::parse(selector).unwrap()
}

#[test]
fn html_town_charts_draw_each_cell_in_proportion_to_its_exact_figures() {
    let folder = copy_folder(&lianzhou());
    edit(
        &folder.path().join("scenario.csv"),
        "cap,132.72823",
        "cap,119.455407",
    );
    let document = html_report(folder.path());
    let s = lianzhou_cap_cut();
    let allocated = solved(&s).report.allocated().unwrap().allocation.clone();
    let charts: Vec<_> = document.select(&select("svg.bars")).collect();
    let towns_with_cells = s.towns.len();
    assert_eq!(
        charts.len(),
        1 + towns_with_cells,
        "a tier chart and one per town"
    );
    // One scale for every town: the largest figure of any town is the longest bar, and a bar
    // of 0.987772 ha is drawn 0.987772 / 32.18397 as long as one of 32.18397 ha.
    let scales: Vec<&str> = charts[1..]
        .iter()
        .map(|c| c.value().attr("data-scale").unwrap())
        .collect();
    assert!(scales.iter().all(|s| *s == scales[0]), "{scales:?}");
    let scale: Decimal = scales[0].parse().unwrap();
    let largest = s
        .cells
        .iter()
        .zip(&allocated)
        .flat_map(|(c, a)| [c.plan, *a])
        .max()
        .unwrap();
    // data-scale is written to 6 decimals.
    assert!((scale * largest - Decimal::from(230)).abs() <= dec("0.0001"));
    let mut bars = 0;
    for chart in &charts[1..] {
        let town = chart
            .value()
            .attr("data-chart")
            .unwrap()
            .trim_start_matches("town-1-");
        for rect in chart.select(&select("rect.bar")) {
            let attr = |name: &str| rect.value().attr(name).unwrap();
            let value: Decimal = attr("data-value").parse().unwrap();
            let width: Decimal = attr("width").parse().unwrap();
            assert!(
                (width - value * scale).abs() <= dec("0.006"),
                "{town}/{}: width {width} for {value} at scale {scale}",
                attr("data-group")
            );
            let cell = index(&s, town, attr("data-group"));
            let expected = match attr("data-series") {
                "公布计划" => s.cells[cell].plan,
                "本方案" => allocated[cell],
                other => panic!("unknown series {other}"),
            };
            assert_eq!(value, expected.normalize());
            bars += 1;
        }
    }
    assert_eq!(
        bars,
        2 * s.cells.len(),
        "plan and scenario bars for every cell"
    );
    let tiers: Vec<(String, String)> = charts[0]
        .select(&select("rect.bar"))
        .map(|r| {
            let attr = |name: &str| r.value().attr(name).unwrap().to_string();
            (attr("data-group"), attr("data-value"))
        })
        .collect();
    let expected: Vec<(String, String)> = solved(&s)
        .report
        .allocated()
        .unwrap()
        .evaluation
        .tiers
        .iter()
        .flat_map(|t| {
            let label = format!("第{}优先级", landplan::report::page::words::numeral(t.tier));
            [
                (label.clone(), t.totals.demand.normalize().to_string()),
                (label, t.totals.supplied.normalize().to_string()),
            ]
        })
        .collect();
    assert_eq!(tiers, expected);
}

#[test]
fn html_is_self_contained_and_prints_on_a4() {
    let document = html_report(&lianzhou());
    let html = document.root_element().html();
    assert!(document.select(&select("script")).next().is_none());
    assert!(document
        .select(&select("link, img, iframe"))
        .next()
        .is_none());
    let style: String = document
        .select(&select("style"))
        .map(|s| s.inner_html())
        .collect();
    assert!(style.contains("@page { size: A4"));
    assert!(!style.contains("url("), "no font or image fetched");
    let external = html
        .match_indices("http")
        .filter(|(at, _)| !html[*at..].starts_with("http://www.w3.org/2000/svg"))
        .count();
    assert_eq!(external, 0, "no address other than the SVG namespace");
    assert_eq!(
        document
            .select(&select("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("zh-CN")
    );
}

#[test]
fn english_report_on_request_and_no_overwriting_of_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    landplan()
        .args(["report", "--lang", "en", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("## 1. Audit of the published plan"), "{text}");
    assert!(text.contains("Recommended: assign the 0.0556 ha of 住宅用地 to 连州镇"));

    let folder = copy_folder(&lianzhou());
    let cells = folder.path().join("cells.csv");
    let before = std::fs::read(&cells).unwrap();
    landplan()
        .arg("report")
        .arg(folder.path())
        .arg("--out")
        .arg(&cells)
        .args(["--format", "html"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("contradicts"));
    let link = folder.path().join("report.html");
    std::os::unix::fs::symlink(&cells, &link).unwrap();
    landplan()
        .arg("report")
        .arg(folder.path())
        .arg("--out")
        .arg(&link)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("an input of this run"));
    assert_eq!(std::fs::read(&cells).unwrap(), before);
}

#[test]
fn an_infeasible_scenario_is_reported_with_exit_code_one() {
    let folder = crate::common::folder(
        "cap,5\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,4,4,4\nB,residential,3,3,3\n",
        "",
    );
    let out = folder.path().join("report.md");
    landplan()
        .arg("report")
        .arg(folder.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("No allocation keeps every rule"), "{text}");
    assert!(text.contains("Re-solved: the scenario solves and passes the exact check"));
}
