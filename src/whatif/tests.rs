//! Unit tests of what-if parsing and application on the built-in Lianzhou scenario: each
//! error test breaks exactly one thing in an otherwise valid what-if file.

use super::*;
use crate::load::load;
use crate::scenario::{CategoryId, TownId};
use crate::validate::validate;
use std::str::FromStr;

const HEADER: &str = "scenario,target,field,op,value,note\n";

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn base() -> Base {
    let raw = load(&crate::builtin::lianzhou()).unwrap();
    let validated = validate(&raw);
    assert!(validated.problems.is_empty());
    Base::new(&raw, validated.scenario)
}

fn set(rows: &str) -> WhatIfSet {
    parse("w.csv", format!("{HEADER}{rows}").as_bytes()).unwrap()
}

fn problems_of(rows: &str) -> Vec<String> {
    parse("w.csv", format!("{HEADER}{rows}").as_bytes())
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn apply_problems(rows: &str, name: &str) -> Vec<String> {
    match apply(&base(), &set(rows), name) {
        Err(WhatIfError::Invalid(problems)) => problems.0.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn cell(scenario: &Scenario, town: &str, category: &str) -> Option<crate::scenario::Cell> {
    let t = scenario.towns.iter().position(|t| t.name == town)?;
    let c = scenario
        .categories
        .iter()
        .position(|c| c.name == category)?;
    scenario
        .cell_index(TownId(t), CategoryId(c))
        .map(|i| scenario.cells[i].clone())
}

#[test]
fn the_shipped_whatif_file_parses_with_its_extends_chain() {
    let base = base();
    let bytes = include_bytes!("../../scenarios/lianzhou-2025/whatif.csv");
    let set = parse("whatif.csv", bytes).unwrap();
    assert_eq!(
        set.names,
        vec![
            "industrial-surge",
            "cap-cut-10",
            "mid-year-restructure",
            "utility-project",
            "parks-over-reserve"
        ]
    );
    assert_eq!(
        set.chain("parks-over-reserve"),
        vec!["industrial-surge", "parks-over-reserve"]
    );
    assert!(set.changes.iter().all(|c| c
        .note
        .as_deref()
        .is_some_and(|n| n.contains("ILLUSTRATION"))));
    let applied = apply_all(&base, &set, &set.names).unwrap();
    assert_eq!(applied.len(), 5);
}

#[test]
fn scale_multiplies_exactly_and_rounds_half_even_to_the_base_precision() {
    let applied = apply(
        &base(),
        &set("s,*/工矿仓储用地,demand,scale,1.3,\ns,*,cap,scale,90%,\n"),
        "s",
    )
    .unwrap();
    let scenario = &applied.scenario;
    // 11.440049 x 1.3 = 14.8720637 -> 14.872064; 24.7569 x 1.3 = 32.18397 exactly.
    assert_eq!(
        cell(scenario, "龙坪镇", "工矿仓储用地").unwrap().demand,
        d("14.872064")
    );
    assert_eq!(
        cell(scenario, "东陂镇", "工矿仓储用地").unwrap().demand,
        d("32.18397")
    );
    assert_eq!(scenario.settings.cap, d("119.455407"));
    assert_eq!(scenario.scale(), 6);
    assert_eq!(round_scaled(d("0.0000025"), 6), d("0.000002"));
    assert_eq!(round_scaled(d("0.0000035"), 6), d("0.000004"));
    // Plans are untouched by a demand change; the name records the scenario.
    assert_eq!(
        cell(scenario, "龙坪镇", "工矿仓储用地").unwrap().plan,
        d("11.440049")
    );
    assert_eq!(scenario.settings.name, "lianzhou-2025#s");
}

#[test]
fn wildcards_select_towns_categories_and_cells() {
    let rows = "s,*陂镇/工矿仓储用地,committed,add,1,\n\
                s,九陂镇/*,plan,add,0.5,\n\
                s,*乡,capacity,set,2,\n\
                s,*/商服用地,max,set,10,\n\
                s,住宅用地,tier,set,1,\n";
    let scenario = apply(&base(), &set(rows), "s").unwrap().scenario;
    assert_eq!(
        cell(&scenario, "九陂镇", "工矿仓储用地").unwrap().committed,
        d("1")
    );
    assert_eq!(
        cell(&scenario, "东陂镇", "工矿仓储用地").unwrap().committed,
        d("1")
    );
    assert_eq!(
        cell(&scenario, "龙坪镇", "工矿仓储用地").unwrap().committed,
        d("0")
    );
    assert_eq!(
        cell(&scenario, "九陂镇", "商服用地").unwrap().plan,
        d("3.468205")
    );
    assert_eq!(scenario.towns[9].capacity, Some(d("2")));
    let commercial = scenario
        .categories
        .iter()
        .find(|c| c.name == "商服用地")
        .unwrap();
    assert_eq!(commercial.max, Some(d("10")));
    let housing = scenario
        .categories
        .iter()
        .find(|c| c.name == "住宅用地")
        .unwrap();
    assert_eq!(housing.tier, 1);
}

#[test]
fn changes_apply_in_row_order_after_every_ancestor() {
    let rows = "child,*,extends,,parent,\n\
                child,龙坪镇/工矿仓储用地,demand,scale,2,\n\
                parent,*,extends,set,grand,\n\
                parent,龙坪镇/工矿仓储用地,demand,add,1,\n\
                grand,龙坪镇/工矿仓储用地,demand,set,10,\n";
    let whatifs = set(rows);
    assert_eq!(whatifs.chain("child"), vec!["grand", "parent", "child"]);
    let applied = apply(&base(), &whatifs, "CHILD").unwrap();
    // (10 + 1) x 2, whatever the order of the rows in the file.
    assert_eq!(
        cell(&applied.scenario, "龙坪镇", "工矿仓储用地")
            .unwrap()
            .demand,
        d("22")
    );
    let lineage = &applied.lineage;
    assert_eq!(lineage.extends, vec!["grand", "parent"]);
    let lines: Vec<&str> = lineage.rows.iter().map(|r| r.origin.as_str()).collect();
    assert_eq!(lines, vec!["w.csv:6", "w.csv:5", "w.csv:3"]);
    assert_eq!(lineage.inputs.last().unwrap().path, "w.csv");
}

#[test]
fn lineage_hash_follows_the_inputs_and_the_scenario() {
    let base = base();
    let one = set("a,*,cap,add,1,\nb,*,cap,add,2,\n");
    let other = set("a,*,cap,add,1,\nb,*,cap,add,3,\n");
    let hash = |s: &WhatIfSet, n: &str| apply(&base, s, n).unwrap().lineage.hash;
    assert_eq!(hash(&one, "a"), hash(&one, "a"));
    assert_ne!(hash(&one, "a"), hash(&one, "b"));
    assert_ne!(hash(&one, "a"), hash(&other, "a"));
    assert_ne!(hash(&one, "a"), Lineage::base(&base).hash);
}

#[test]
fn a_change_may_create_a_cell_and_says_so() {
    let rows = "s,西岸镇/公用设施用地,demand,set,0.8,\ns,西岸镇/公用设施用地,committed,add,0.8,\n";
    let applied = apply(&base(), &set(rows), "s").unwrap();
    let created = cell(&applied.scenario, "西岸镇", "公用设施用地").unwrap();
    assert_eq!(
        (created.plan, created.demand, created.committed),
        (d("0"), d("0.8"), d("0.8"))
    );
    assert_eq!(created.origin.to_string(), "w.csv:3");
    assert_eq!(applied.lineage.created_cells, vec!["西岸镇/公用设施用地"]);
    assert_eq!(applied.scenario.cells.len(), 26);
}

#[test]
fn set_none_removes_a_limit_and_add_needs_one() {
    let rows = "s,九陂镇,capacity,set,5,\ns,九陂镇,capacity,set,none,\n";
    let scenario = apply(&base(), &set(rows), "s").unwrap().scenario;
    assert_eq!(scenario.towns[1].capacity, None);
    assert_eq!(
        apply_problems("s,九陂镇,capacity,add,1,\n", "s"),
        vec!["w.csv:2: column 'op': 九陂镇 has no capacity to add (it has no limit) (got '1', expected set, to give it a limit)"]
    );
}

#[test]
fn unknown_targets_are_located_errors() {
    assert_eq!(
        apply_problems("s,无名镇/*,demand,add,1,\n", "s"),
        vec!["w.csv:2: column 'target': no town matches '无名镇' (got '无名镇/*', expected town/category, town, category or *, with * as a wildcard)"]
    );
    let problems = apply_problems("s,nowhere,demand,add,1,\n", "s");
    assert!(
        problems[0].starts_with("w.csv:2: column 'target': no town or category matches 'nowhere'"),
        "{problems:?}"
    );
    let problems = apply_problems("s,星子镇/商服用地,demand,scale,2,\n", "s");
    assert!(
        problems[0].contains("the plan has no such cell to scale"),
        "{problems:?}"
    );
    let problems = apply_problems("s,*乡/商服用地,demand,add,1,\n", "s");
    assert!(
        problems[0].contains("no cell of the plan matches"),
        "{problems:?}"
    );
}

#[test]
fn fields_need_targets_of_their_kind() {
    let cases = [
        ("s,商服用地,capacity,set,1,", "capacity is a town's figure"),
        (
            "s,九陂镇/商服用地,capacity,set,1,",
            "capacity is a town's figure",
        ),
        ("s,九陂镇,max,set,1,", "max is a category's figure"),
        ("s,*,tier,set,2,", "tier is a category's figure"),
        ("s,九陂镇,cap,set,100,", "the cap is the scenario's figure"),
    ];
    for (row, message) in cases {
        let problems = apply_problems(&format!("{row}\n"), "s");
        assert_eq!(problems.len(), 1, "{row}: {problems:?}");
        assert!(
            problems[0].starts_with("w.csv:2: column 'target': "),
            "{problems:?}"
        );
        assert!(problems[0].contains(message), "{row}: {problems:?}");
    }
}

#[test]
fn unknown_fields_ops_and_bad_values_are_located_errors() {
    let cases = [
        (
            "s,*,budget,set,1,",
            "w.csv:2: column 'field': invalid value (got 'budget'",
        ),
        (
            "s,*,cap,double,1,",
            "w.csv:2: column 'op': invalid value (got 'double'",
        ),
        (
            "s,*,cap,set,\"12,5\",",
            "w.csv:2: column 'value': invalid value (got '12,5'",
        ),
        (
            "s,*,cap,set,1,note,extra",
            "w.csv:2: a value in field 7, past the header's 6 fields",
        ),
        (
            "s,*,cap,set,abc,",
            "w.csv:2: column 'value': invalid value (got 'abc', expected a number >= 0)",
        ),
        (
            "s,*,cap,set,-1,",
            "w.csv:2: column 'value': invalid value (got '-1', expected a number >= 0)",
        ),
        (
            "s,*,cap,scale,-2,",
            "w.csv:2: column 'value': invalid value (got '-2', expected a factor >= 0",
        ),
        (
            "s,住宅用地,tier,set,1.5,",
            "w.csv:2: column 'value': invalid value (got '1.5', expected a tier",
        ),
        (
            "s,住宅用地,tier,scale,2,",
            "w.csv:2: column 'value': invalid value (got '2', expected op set or add",
        ),
        (
            "s,*,cap,set,none,",
            "w.csv:2: column 'value': invalid value (got 'none'",
        ),
        ("s,*,cap,set,,", "w.csv:2: column 'value': missing value"),
        ("s,,cap,set,1,", "w.csv:2: column 'target': missing value"),
        (",*,cap,set,1,", "w.csv:2: column 'scenario': missing value"),
        (
            "base,*,cap,set,1,",
            "w.csv:2: column 'scenario': unusable scenario name (got 'base'",
        ),
        (
            "a/b,*,cap,set,1,",
            "w.csv:2: column 'scenario': unusable scenario name (got 'a/b'",
        ),
    ];
    for (row, start) in cases {
        let problems = problems_of(&format!("{row}\n"));
        assert!(
            problems.iter().any(|p| p.starts_with(start)),
            "{row}: {problems:?}"
        );
    }
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let problems = problems_of("s,*,budget,set,1,\nt,*,cap,double,1,\nu,*,cap,set,abc,\n");
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn extends_cycles_unknown_parents_and_second_parents_are_located_errors() {
    let problems = problems_of("a,*,extends,,b,\nb,*,extends,,c,\nc,*,extends,,a,\n");
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("w.csv:2: column 'value': extends forms a cycle (got 'b', expected no cycle (a -> b -> c -> a))"), "{problems:?}");
    let problems = problems_of("a,*,extends,,a,\n");
    assert!(
        problems[0].contains("extends forms a cycle"),
        "{problems:?}"
    );
    let problems = problems_of("a,*,extends,,nobody,\n");
    assert_eq!(problems, vec!["w.csv:2: column 'value': unknown scenario (got 'nobody', expected a scenario of this file: a)"]);
    let problems =
        problems_of("a,*,extends,,b,\na,*,extends,,c,\nb,*,cap,add,1,\nc,*,cap,add,1,\n");
    assert!(
        problems[0].starts_with("w.csv:3: column 'value': 'a' already extends 'b'"),
        "{problems:?}"
    );
    let problems = problems_of("a,九陂镇,extends,,b,\nb,*,cap,add,1,\n");
    assert!(
        problems[0]
            .starts_with("w.csv:2: column 'target': an extends row applies to the whole scenario"),
        "{problems:?}"
    );
    let problems = problems_of("a,*,extends,add,b,\nb,*,cap,add,1,\n");
    assert!(
        problems[0].starts_with("w.csv:2: column 'op': an extends row names a scenario"),
        "{problems:?}"
    );
}

#[test]
fn a_change_that_breaks_a_value_rule_points_at_its_row() {
    let problems = apply_problems("s,龙坪镇/工矿仓储用地,committed,set,12,\n", "s");
    assert_eq!(
        problems,
        vec!["w.csv:2: column 'value': after the change, 龙坪镇/工矿仓储用地 (committed): committed 12 is above demand 11.440049 (got '12', expected at most the demand 11.440049)"]
    );
    let problems = apply_problems("s,*/商服用地,demand,add,-1,\n", "s");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("东陂镇/商服用地 (demand): negative figure (got '-0.1399'")),
        "{problems:?}"
    );
    let problems = apply_problems("s,商服用地,min,set,5,\ns,商服用地,max,set,4,\n", "s");
    assert!(problems[0].starts_with("w.csv:3: column 'value': after the change, 商服用地 (min): minimum 5 is above maximum 4"), "{problems:?}");
    let problems = apply_problems("s,住宅用地,tier,add,-3,\n", "s");
    assert!(
        problems[0].contains("the tier of 住宅用地 would be 0"),
        "{problems:?}"
    );
}

#[test]
fn problems_of_every_applied_scenario_come_together_and_unknown_names_are_refused() {
    let whatifs = set("a,无名镇,capacity,set,1,\nb,*,cap,set,-0,\nc,九陂镇,max,set,1,\n");
    match apply_all(&base(), &whatifs, &whatifs.names) {
        Err(WhatIfError::Invalid(problems)) => assert_eq!(problems.0.len(), 2, "{problems}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        apply(&base(), &whatifs, "zzz"),
        Err(WhatIfError::UnknownScenario { .. })
    ));
}

/// A chain `s1 extends s0`, `s2 extends s1`, ... `s{depth} extends s{depth-1}`, rows listed
/// deepest first (the order that made resolution walk every chain from its end), `s0`
/// changing the cap.
fn chain_rows(depth: usize) -> String {
    let mut rows: String = (1..=depth)
        .rev()
        .map(|i| format!("s{i},*,extends,,s{},\n", i - 1))
        .collect();
    rows.push_str("s0,*,cap,add,1,\n");
    rows
}

#[test]
fn an_extends_chain_at_the_depth_limit_resolves_in_one_pass() {
    let whatifs = set(&chain_rows(MAX_EXTENDS_DEPTH));
    let deepest = format!("s{}", MAX_EXTENDS_DEPTH);
    assert_eq!(whatifs.chain(&deepest).len(), MAX_EXTENDS_DEPTH + 1);
    let applied = apply(&base(), &whatifs, &deepest).unwrap();
    assert_eq!(applied.scenario.settings.cap, d("133.72823"));
    assert_eq!(applied.lineage.extends.len(), MAX_EXTENDS_DEPTH);
}

#[test]
fn an_extends_chain_past_the_depth_limit_is_a_located_error() {
    let too_deep = MAX_EXTENDS_DEPTH + 1;
    // Line 2 is the deepest scenario's row; the one that crosses the limit is s257's.
    assert_eq!(
        problems_of(&chain_rows(too_deep)),
        [format!("w.csv:2: column 'value': the extends chain of 's{too_deep}' is {too_deep} levels deep (got 's{}', expected at most 256 levels of extends (a scenario that extends one that extends ...))", too_deep - 1)]
    );
    // A thousand levels (over 120 s before resolution was memoised) give one problem per
    // branch, not one per scenario below the limit.
    assert_eq!(problems_of(&chain_rows(1_000)).len(), 1);
}

#[test]
fn a_base_with_a_syntax_problem_still_reports_its_validation_problems() {
    let files: Vec<(&'static str, &'static str)> = crate::builtin::lianzhou()
        .files
        .iter()
        .map(|(name, text)| {
            let text: &'static str = match *name {
                "categories.csv" => Box::leak(
                    text.replace("交通运输用地,2,6.26376", "交通运输用地,2,6.26376x")
                        .into_boxed_str(),
                ),
                "cells.csv" => Box::leak(text.replacen("星子镇", "星字镇", 1).into_boxed_str()),
                _ => text,
            };
            (*name, text)
        })
        .collect();
    let source = crate::load::Embedded {
        label: "broken",
        files: Box::leak(files.into_boxed_slice()),
    };
    let Err(BaseError::Invalid(problems)) = Base::load(&source) else {
        panic!("the broken base loaded");
    };
    let text: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(text[0].contains("column 'plan': invalid value: not a number"));
    assert!(text[1].contains("column 'town': unknown town (got '星字镇'"));
}

mod parcels {
    //! Parcel what-ifs on the illustrative Lianzhou parcels, each plan checked against its
    //! hand-worked figures (the base plan supplies all 45 parcels, 132.67263 ha).
    use super::*;
    use crate::parcels::{
        plan, Decision, Deferral, Limit, ParcelPlan, Parcels, PlanOptions, PlanOutcome, Readiness,
    };

    fn base_parcels(scenario: &Scenario) -> Parcels {
        crate::parcels::load(&crate::builtin::lianzhou(), scenario)
            .unwrap()
            .unwrap()
    }

    /// The what-if `w` of `rows` applied to the plan and the parcels, and its parcel plan.
    fn planned(rows: &str) -> (Scenario, Parcels, ParcelPlan) {
        let base = base();
        let set = set(rows);
        let applied = apply(&base, &set, "w").unwrap();
        let parcels =
            apply_parcels(&base_parcels(&base.scenario), &applied.scenario, &set, "w").unwrap();
        let PlanOutcome::Planned(plan) =
            plan(&applied.scenario, &parcels, PlanOptions::default()).unwrap()
        else {
            panic!("feasible");
        };
        (applied.scenario, parcels, *plan)
    }

    fn supplied(plan: &ParcelPlan) -> Vec<Decimal> {
        plan.tiers.iter().map(|t| t.supplied).collect()
    }

    fn decision(parcels: &Parcels, plan: &ParcelPlan, id: &str) -> Decision {
        let at = parcels.parcels.iter().position(|p| p.id == id).unwrap();
        plan.decisions[at]
    }

    fn parcel_problems(rows: &str) -> Vec<String> {
        let base = base();
        let set = set(rows);
        let applied = apply(&base, &set, "w").unwrap();
        match apply_parcels(&base_parcels(&base.scenario), &applied.scenario, &set, "w") {
            Err(WhatIfError::Invalid(problems)) => {
                problems.0.iter().map(ToString::to_string).collect()
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn withdrawing_the_hospital_parcel_takes_its_area_from_tier_2() {
        let (_, parcels, plan) = planned("w,parcel:LZ01-071,withdraw,set,yes,\n");
        assert_eq!(parcels.parcels.len(), 44);
        // 10.42906 - 0.4084 = 10.02066; the other tiers keep every parcel.
        assert_eq!(
            supplied(&plan),
            [d("77.28443"), d("10.02066"), d("31.09271"), d("13.86643")]
        );
    }

    #[test]
    fn a_delay_past_q4_defers_a_parcel_and_a_delay_within_the_year_moves_it() {
        // LZ01-011 (11.79531 ha housing, ready Q3) two quarters later: not ready this year.
        // LZ02-092 (5.156818 ha industrial, ready Q1) set to Q3: supplied in Q3 or Q4.
        let (_, parcels, plan) =
            planned("w,parcel:LZ01-011,ready,add,2,\nw,地块:LZ02-092,可供时间,set,三季度,\n");
        assert_eq!(
            decision(&parcels, &plan, "LZ01-011"),
            Decision::Deferred {
                reason: Deferral::NotReady
            }
        );
        // 31.09271 - 11.79531 = 19.2974.
        assert_eq!(supplied(&plan)[2], d("19.2974"));
        let Decision::Supplied { quarter } = decision(&parcels, &plan, "LZ02-092") else {
            panic!("still supplied");
        };
        assert!(quarter.number() >= 3, "{quarter:?}");
        assert_eq!(supplied(&plan)[0], d("77.28443"));
    }

    #[test]
    fn enlarging_a_parcel_past_the_room_defers_it_by_the_first_limit_it_breaks() {
        // 0.5084 ha breaks the cap (room 132.72823 - 132.26423 = 0.464) and the cell's demand
        // (0.4084); the cap comes first among the limits.
        let (_, parcels, plan) = planned("w,parcel:LZ01-071,area,add,0.1,\n");
        let p = parcels.parcels.iter().find(|p| p.id == "LZ01-071").unwrap();
        assert_eq!(p.area, d("0.5084"));
        assert_eq!(
            decision(&parcels, &plan, "LZ01-071"),
            Decision::Deferred {
                reason: Deferral::Limit(Limit::Scenario(crate::constraints::ConstraintId::Cap))
            }
        );
        // With a cap of 140 only the cell's demand stops it.
        let (scenario, parcels, plan) =
            planned("w,parcel:LZ01-071,area,add,0.1,\nw,*,cap,set,140,\n");
        let p = parcels.parcels.iter().find(|p| p.id == "LZ01-071").unwrap();
        let hospital = scenario.cell_index(p.town, p.category).unwrap();
        assert_eq!(
            decision(&parcels, &plan, "LZ01-071"),
            Decision::Deferred {
                reason: Deferral::Limit(Limit::CellDemand(hospital))
            }
        );
        assert_eq!(supplied(&plan)[1], d("10.02066"));
    }

    #[test]
    fn an_added_parcel_takes_the_room_the_same_what_if_makes() {
        let rows = "w,parcel:NEW-1,cell,set,西岸镇/住宅用地,a new housing parcel\n\
                    w,parcel:NEW-1,area,set,1,\n\
                    w,parcel:NEW-1,ready,set,2025-08-01,\n";
        // Without room the cell's demand (= its published figure, already filled) defers it.
        let (_, parcels, plan) = planned(rows);
        let new = parcels.parcels.last().unwrap();
        assert_eq!((new.id.as_str(), new.area), ("NEW-1", d("1")));
        assert_eq!(
            new.ready,
            Readiness::From(crate::parcels::Quarter::new(3).unwrap())
        );
        assert!(matches!(
            decision(&parcels, &plan, "NEW-1"),
            Decision::Deferred { .. }
        ));
        // With one more hectare of demand and of cap it is supplied: 31.09271 + 1.
        let rows = format!("{rows}w,西岸镇/住宅用地,demand,add,1,\nw,*,cap,add,1,\n");
        let (_, parcels, plan) = planned(&rows);
        assert!(matches!(
            decision(&parcels, &plan, "NEW-1"),
            Decision::Supplied { .. }
        ));
        assert_eq!(supplied(&plan)[2], d("32.09271"));
    }

    #[test]
    fn parcel_rows_are_checked_when_read_and_when_applied() {
        assert_eq!(
            problems_of(
                "w,parcel:LZ01-011,demand,set,1,\nw,连州镇,area,set,1,\nw,parcel:LZ01-011,ready,scale,2,\nw,parcel:LZ01-011,withdraw,set,maybe,\n"
            ),
            [
                "w.csv:2: column 'field': a parcel target takes a parcel's field (got 'demand', expected withdraw, area, ready or cell for a parcel:ID target)",
                "w.csv:3: column 'target': a parcel's field needs a parcel target (got '连州镇', expected parcel:ID, a parcel of parcels.csv (or a new one))",
                "w.csv:4: column 'op': ready cannot scale (got 'scale', expected set (a quarter or date) or add (quarters of delay))",
                "w.csv:5: column 'value': invalid value (got 'maybe', expected yes or no (是/否))",
            ]
        );
        assert_eq!(
            parcel_problems(
                "w,parcel:NOPE,area,set,1,\nw,parcel:LZ01-013,ready,add,1,\nw,parcel:LZ01-011,area,add,-20,\nw,parcel:NEW,cell,set,连州镇/某类,\nw,parcel:NEW2,cell,set,连州镇/住宅用地,\n"
            ),
            [
                "w.csv:2: column 'target': no parcel 'NOPE' in parcels.csv (got 'parcel:NOPE', expected a parcel of parcels.csv, or a new one added by a 'cell' row first)",
                "w.csv:3: column 'value': committed parcel LZ01-013 would not be ready this year (got '1', expected a committed parcel ready within the plan's year)",
                "w.csv:4: column 'value': the parcel's new area is not above 0 (it was 11.79531) (got '-20', expected an area above 0 (withdraw removes a parcel))",
                "w.csv:5: column 'value': unknown category (got '某类', expected a name listed in the plan's categories.csv (or one of its aliases))",
                "w.csv:6: column 'target': a new parcel needs an area (got 'parcel:NEW2', expected an 'area' row (op set) for the new parcel)",
            ]
        );
    }
}
