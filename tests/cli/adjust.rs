//! `landplan adjust` on the Lianzhou 2025 plan with the illustrative register and demand of
//! tests/fixtures/track: the published total is kept, supplied land is never cut, an
//! unchanged demand gives the published plan back, a surge is cut by tier within the total.

use crate::common::{dec, landplan, root};
use crate::track::register;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn demand() -> PathBuf {
    root().join("tests/fixtures/track/demand.csv")
}

fn adjust_json(supplied: &Path, demand: &Path) -> (Option<i32>, Value) {
    let output = landplan()
        .args(["adjust", "--format", "json", "--supplied"])
        .arg(supplied)
        .arg("--demand")
        .arg(demand)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{stderr}"));
    (output.status.code(), json)
}

fn figure(value: &Value) -> Decimal {
    dec(value
        .as_str()
        .unwrap_or_else(|| panic!("not a figure: {value}")))
}

fn cells(json: &Value) -> &Vec<Value> {
    json["cells"].as_array().unwrap()
}

fn cell<'a>(json: &'a Value, town: &str, category: &str) -> &'a Value {
    cells(json)
        .iter()
        .find(|c| c["town"] == town && c["category"] == category)
        .unwrap_or_else(|| panic!("no cell {town}/{category}"))
}

/// A file in `dir` holding `text`.
fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Every proposal keeps the cap, holds every cell at or above its supplied land, and adds up.
fn assert_sound(json: &Value) {
    assert_eq!(json["cap"], "132.72823");
    let total = &json["total"];
    assert_eq!(total["stated"], "132.72823", "the published total is kept");
    let mut sum = Decimal::ZERO;
    for cell in cells(json) {
        let (supplied, proposed) = (figure(&cell["supplied"]), figure(&cell["proposed"]));
        assert!(proposed >= supplied, "cut below what is supplied: {cell}");
        assert_eq!(
            figure(&cell["change"]),
            proposed - figure(&cell["published"])
        );
        sum += proposed;
    }
    assert_eq!(figure(&total["proposed"]), sum);
    assert!(sum <= dec("132.72823"), "{sum}");
    assert_eq!(figure(&json["unallocated"]), dec("132.72823") - sum);
}

#[test]
fn the_fixture_demand_moves_land_within_the_total_and_keeps_supplied_land() {
    let (code, json) = adjust_json(&register(), &demand());
    assert_eq!(code, Some(0));
    assert_eq!(json["status"], "optimal");
    assert_sound(&json);
    let fell = cell(&json, "连州镇", "住宅用地");
    assert_eq!(
        (&fell["proposed"], &fell["change"]),
        (&Value::from("25"), &Value::from("-4.488274"))
    );
    let grew = cell(&json, "九陂镇", "工矿仓储用地");
    assert_eq!(
        (&grew["proposed"], &grew["change"]),
        (&Value::from("21.5"), &Value::from("4.310608"))
    );
    let below = cell(&json, "西江镇", "工矿仓储用地");
    assert_eq!(
        below["demand"], "1.5",
        "demand 0.5 is below the 1.5 supplied"
    );
    assert_eq!(below["proposed"], "1.5");
    let over = cell(&json, "保安镇", "交通运输用地");
    assert_eq!(
        over["proposed"], "2.5",
        "the land supplied past the plan is kept"
    );
    let added = cell(&json, "龙坪镇", "住宅用地");
    assert_eq!(added["added"], true);
    assert_eq!(
        (&added["published"], &added["proposed"]),
        (&Value::from("0"), &Value::from("1.2"))
    );
    assert_eq!(json["total"]["published"], "132.67263");
    assert_eq!(json["total"]["proposed"], "132.174833");
    assert_eq!(json["total"]["change"], "-0.497797");
    assert_eq!(json["unallocated"], "0.553397");
    let housing = json["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "住宅用地")
        .unwrap();
    assert_eq!(housing["stated"], "31.14831");
    assert_eq!(housing["published"], "31.09271");
    assert_eq!(housing["proposed"], "27.804436");
    let notes = json["notes"].as_array().unwrap();
    assert!(notes[0]
        .as_str()
        .unwrap()
        .starts_with("住宅用地: the plan states 31.14831 ha"));
}

#[test]
fn nothing_changed_gives_the_published_plan_back() {
    let dir = tempfile::tempdir().unwrap();
    let within: String = std::fs::read_to_string(register())
        .unwrap()
        .lines()
        .filter(|line| !line.contains("LZ2025-005") && !line.contains("LZ2025-007"))
        .map(|line| format!("{line}\n"))
        .collect();
    let supplied = file(&dir, "supplied.csv", &within);
    let unchanged = file(&dir, "demand.csv", "town,category,demand\n");
    let (code, json) = adjust_json(&supplied, &unchanged);
    assert_eq!(code, Some(0));
    assert_sound(&json);
    assert_eq!(cells(&json).len(), 25);
    for cell in cells(&json) {
        assert_eq!(cell["proposed"], cell["published"], "{cell}");
        assert_eq!(cell["change"], "0");
    }
    assert_eq!(json["total"]["proposed"], "132.67263");
}

#[test]
fn a_surge_beyond_the_total_is_served_by_tier_never_below_supplied() {
    // 九陂镇's industrial demand rises to 40: tier 1 is served in full (77.28443 - 17.189392
    // + 40 = 100.095038); tier 2, infrastructure and livelihood land, in full too (10.78476,
    // 保安镇's transport at the 2.5 already supplied); tier 4 (商服) keeps only the 2.4 already
    // supplied; tier 3 (住宅) takes the rest, 132.72823 - 100.095038 - 10.78476 - 2.4 =
    // 19.448432, cut in proportion.
    let dir = tempfile::tempdir().unwrap();
    let surge = file(
        &dir,
        "demand.csv",
        "town,category,demand\n九陂镇,工矿仓储用地,40\n",
    );
    let (code, json) = adjust_json(&register(), &surge);
    assert_eq!(code, Some(0));
    assert_sound(&json);
    assert_eq!(
        json["total"]["proposed"], "132.72823",
        "the whole total is used"
    );
    assert_eq!(cell(&json, "九陂镇", "工矿仓储用地")["proposed"], "40");
    let sum = |tiers: &[u64], field: &str| -> Decimal {
        cells(&json)
            .iter()
            .filter(|c| tiers.contains(&c["tier"].as_u64().unwrap()))
            .map(|c| figure(&c[field]))
            .sum()
    };
    for cell in cells(&json) {
        match cell["tier"].as_u64().unwrap() {
            1 | 2 => assert_eq!(cell["proposed"], cell["demand"], "served: {cell}"),
            4 => assert_eq!(cell["proposed"], cell["supplied"], "kept, not cut: {cell}"),
            _ => {}
        }
    }
    assert_eq!(sum(&[1], "proposed"), dec("100.095038"));
    assert_eq!(sum(&[2], "proposed"), dec("10.78476"));
    assert_eq!(sum(&[4], "proposed"), dec("2.4"));
    assert_eq!(sum(&[3], "proposed"), dec("19.448432"));
    let housing = cell(&json, "连州镇", "住宅用地");
    let xian = cell(&json, "西岸镇", "住宅用地");
    let ratio = |c: &Value| {
        (figure(&c["proposed"]) - figure(&c["supplied"]))
            / (figure(&c["demand"]) - figure(&c["supplied"]))
    };
    assert!(
        (ratio(housing) - ratio(xian)).abs() < dec("0.000001"),
        "tier 3 is cut in proportion: {housing} {xian}"
    );
}

#[test]
fn supplied_land_above_the_total_leaves_no_adjustment() {
    let dir = tempfile::tempdir().unwrap();
    let supplied = file(
        &dir,
        "supplied.csv",
        "parcel,town,category,hectares,date,method\nbig,东陂镇,工矿仓储用地,140,2025-05-01,出让\n",
    );
    let unchanged = file(&dir, "demand.csv", "town,category,demand\n");
    let (code, json) = adjust_json(&supplied, &unchanged);
    assert_eq!(code, Some(1));
    assert_eq!(json["status"], "infeasible");
    let relaxation = json["infeasible"]["relaxation"].as_array().unwrap();
    let by: Decimal = relaxation.iter().map(|r| figure(&r["by"])).sum();
    assert_eq!(by, dec("140") - dec("132.72823"), "{relaxation:#?}");
    assert_eq!(
        json["infeasible"]["infeasibility"]["relaxation_verified"],
        true
    );
}

#[test]
fn demand_file_problems_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let broken = file(
        &dir,
        "demand.csv",
        "town,category,demand\n连州镇,住宅用地,25\n连州镇,residential,26\n九陂镇,某某用地,3\n星子镇,公用设施用地,-1\n西岸镇,商服用地,1.2.3\n",
    );
    let output = landplan()
        .args(["adjust", "--supplied"])
        .arg(register())
        .arg("--demand")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "demand.csv:3: column 'town': '连州镇/residential' appears twice (first at line 2)",
        "demand.csv:4: column 'category': unknown category (got '某某用地'",
        "demand.csv:5: column 'demand': negative figure (got '-1'",
        "demand.csv:6: column 'demand': invalid value",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

#[test]
fn the_change_table_is_written_whole_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("adjustment.csv");
    landplan()
        .args(["adjust", "--format", "csv", "--supplied"])
        .arg(register())
        .arg("--demand")
        .arg(demand())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with(
        "\u{feff}town,category,tier,published,supplied,demand,proposed,change,added\n"
    ));
    assert_eq!(text.lines().count(), 1 + 26);
    assert!(text.contains("\n龙坪镇,住宅用地,3,0,1.2,1.2,1.2,1.2,yes\n"));

    let copy = dir.path().join("demand.csv");
    std::fs::copy(demand(), &copy).unwrap();
    let output = landplan()
        .args(["adjust", "--supplied"])
        .arg(register())
        .arg("--demand")
        .arg(&copy)
        .arg("--out")
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(demand()).unwrap()
    );
}

mod properties {
    //! On the Lianzhou plan with random registers and demands: the adjustment keeps the cap,
    //! never cuts a cell below its supplied land, serves at most the demand, and gives the
    //! published cells back when the demand is the plan and every parcel is inside it.

    use landplan::load::InputFile;
    use landplan::problem::Origin;
    use landplan::solve::{SolveOptions, Status};
    use landplan::track::adjust::adjust;
    use landplan::track::demand::{Demand, DemandRow};
    use landplan::track::register::{Parcel, Register};
    use landplan::Scenario;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;

    fn lianzhou() -> Scenario {
        let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
        landplan::validate::validate(&raw).scenario
    }

    fn input(path: &str) -> InputFile {
        InputFile {
            path: path.to_string(),
            encoding: "UTF-8",
            bytes: 0,
            hash: String::new(),
        }
    }

    /// Parcels taking `per_mille[i]`/1000 of cell i's plan (cells cycled), all inside the plan.
    fn register(scenario: &Scenario, per_mille: &[u32]) -> Register {
        let parcels = per_mille
            .iter()
            .enumerate()
            .map(|(i, share)| {
                let cell = &scenario.cells[i % scenario.cells.len()];
                Parcel {
                    id: format!("p{i}"),
                    town: cell.town,
                    category: cell.category,
                    area: (cell.plan * Decimal::from(*share) / Decimal::from(1000u32))
                        .round_dp(6)
                        .max(Decimal::new(1, 6)),
                    date: landplan::jiff::civil::Date::new(2025, 5, 1).unwrap(),
                    method: None,
                    origin: Origin::new("supplied.csv", i as u64 + 2),
                }
            })
            .collect();
        Register {
            input: input("supplied.csv"),
            parcels,
        }
    }

    /// Demand = plan x `percent[i]`/100 for the first cells, the rest unchanged.
    fn demand(scenario: &Scenario, percent: &[u32]) -> Demand {
        let rows: BTreeMap<_, _> = scenario
            .cells
            .iter()
            .zip(percent)
            .map(|(cell, p)| {
                let row = DemandRow {
                    demand: (cell.plan * Decimal::from(*p) / Decimal::ONE_HUNDRED).round_dp(6),
                    origin: Origin::new("demand.csv", 2),
                };
                ((cell.town, cell.category), row)
            })
            .collect();
        Demand {
            input: input("demand.csv"),
            rows,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        #[test]
        fn the_total_and_supplied_land_are_kept(
            shares in proptest::collection::vec(0u32..=700, 0..30),
            percent in proptest::collection::vec(0u32..=250, 0..25),
        ) {
            let published = lianzhou();
            let register = register(&published, &shares);
            let demand = demand(&published, &percent);
            let adjustment = adjust(&published, &register, &demand, &SolveOptions::default()).unwrap();
            prop_assert_eq!(adjustment.scenario.settings.cap, published.settings.cap);
            if adjustment.report.status() == Status::Infeasible {
                // Only when the land already supplied breaks a limit by itself (the cap, or
                // the 经营性用地 rule), since supplied land is committed.
                let committed: Vec<Decimal> = adjustment.scenario.cells.iter().map(|c| c.committed).collect();
                let evaluation = landplan::evaluate::evaluate(&adjustment.scenario, &committed);
                prop_assert!(
                    evaluation.constraints.iter().any(|c| c.broken() && c.sense == landplan::constraints::Sense::AtMost),
                    "infeasible although the supplied land breaks no limit"
                );
                return Ok(());
            }
            let table = adjustment.changes().unwrap();
            prop_assert!(table.total.proposed <= published.settings.cap);
            let supplied = register.supplied();
            for cell in &table.cells {
                let done = supplied.get(&(cell.town, cell.category)).copied().unwrap_or_default();
                prop_assert_eq!(cell.row.supplied, done);
                prop_assert!(cell.row.proposed >= done, "{:?}", cell);
                prop_assert!(cell.row.proposed <= cell.row.demand, "{:?}", cell);
            }
        }

        #[test]
        fn an_unchanged_demand_gives_the_published_cells_back(
            shares in proptest::collection::vec(0u32..=1000, 0..25),
        ) {
            let published = lianzhou();
            let register = register(&published, &shares);
            let unchanged = demand(&published, &[]);
            let adjustment = adjust(&published, &register, &unchanged, &SolveOptions::default()).unwrap();
            let table = adjustment.changes().unwrap();
            for cell in &table.cells {
                prop_assert_eq!(cell.row.proposed, cell.row.published, "{:?}", cell);
            }
        }
    }
}

#[test]
fn the_markdown_change_table_of_the_lianzhou_adjustment() {
    let output = landplan()
        .current_dir(root())
        .args([
            "adjust",
            "--format",
            "md",
            "--supplied",
            "tests/fixtures/track/supplied.csv",
            "--demand",
            "tests/fixtures/track/demand.csv",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}
