//! Bad input: each test starts from the valid Lianzhou folder, breaks exactly one thing, and
//! asserts the complete list of problems `landplan audit` prints (exit 2, file:line, column,
//! what was found and what was expected). Nothing may be lost silently and nothing may panic.

use crate::common::{audit_problems, copy_folder, edit, lianzhou, read, run_in, write};
use std::path::Path;

fn broken(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = copy_folder(&lianzhou());
    edit(&dir.path().join(file), from, to);
    dir
}

fn assert_problems(dir: &Path, expected: &[&str]) {
    assert_eq!(audit_problems(dir), expected);
}

// ---- numbers ------------------------------------------------------------------------------

#[test]
fn a_decimal_comma_is_refused_not_guessed() {
    let dir = broken(
        "cells.csv",
        "连州镇,商服用地,9.597654",
        "连州镇,商服用地,\"9,597654\"",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:3: column 'plan': invalid value: a comma or space that is not a thousands separator; write 1234.5 or 1,234.5 (got '9,597654', expected a number >= 0 (empty = 0))"],
    );
}

#[test]
fn a_european_number_is_refused_not_misread() {
    let dir = broken("towns.csv", "九陂镇,20.787878", "九陂镇,\"1.020,5\"");
    assert_problems(
        dir.path(),
        &["./towns.csv:3: column 'plan': invalid value: a comma or space that is not a thousands separator; write 1234.5 or 1,234.5 (got '1.020,5', expected a number >= 0)"],
    );
}

#[test]
fn text_in_a_figure_cell_names_file_line_and_column() {
    let dir = broken(
        "categories.csv",
        "医疗卫生用地,2,0.4084",
        "医疗卫生用地,2,0.4084公顷",
    );
    assert_problems(
        dir.path(),
        &["./categories.csv:6: column 'plan': invalid value: not a number (got '0.4084公顷', expected a number >= 0)"],
    );
}

#[test]
fn spreadsheet_rounding_noise_is_refused_rather_than_kept_or_cut() {
    let dir = broken(
        "cells.csv",
        "保安镇,交通运输用地,2.1443",
        "保安镇,交通运输用地,2.1443000000000003",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:14: column 'plan': invalid value: more than 10 decimals; round it in the spreadsheet (got '2.1443000000000003', expected a number >= 0 (empty = 0))"],
    );
}

#[test]
fn an_absurdly_large_figure_is_refused() {
    let dir = broken("scenario.csv", "cap,132.72823", "cap,1.3E+15");
    assert_problems(
        dir.path(),
        &["./scenario.csv:5: column 'value': invalid value: too large: more than 12 digits before the decimal point (got '1.3E+15', expected a number >= 0)"],
    );
}

#[test]
fn a_tier_must_be_a_whole_number() {
    let dir = broken("categories.csv", "住宅用地,3,", "住宅用地,2.5,");
    assert_problems(
        dir.path(),
        &["./categories.csv:4: column 'tier': invalid value: not a whole number (got '2.5', expected a priority tier: 1, 2, 3, ... (1 is served first))"],
    );
}

#[test]
fn a_blank_required_cell_is_reported() {
    let dir = broken("categories.csv", "公园与绿地,2,", "公园与绿地,,");
    assert_problems(
        dir.path(),
        &["./categories.csv:7: column 'tier': missing value (got '', expected a priority tier: 1, 2, 3, ... (1 is served first))"],
    );
}

// ---- columns and files --------------------------------------------------------------------

#[test]
fn a_misspelt_required_column_is_unknown_and_missing() {
    let dir = broken(
        "categories.csv",
        "category,tier,plan",
        "category,tiers,plan",
    );
    assert_problems(
        dir.path(),
        &[
            "./categories.csv:1: column 'tier': missing column (expected a header row: category,tier,plan,min,max,alias,parent,basis)",
            "./categories.csv:1: column 'tiers': unknown column (expected one of category, tier, plan, min, max, alias, parent, basis, or a note column such as note or 备注)",
        ],
    );
}

#[test]
fn an_unknown_optional_column_is_not_ignored() {
    let dir = broken("towns.csv", "town,plan,capacity", "town,plan,capcity");
    assert_problems(
        dir.path(),
        &["./towns.csv:1: column 'capcity': unknown column (expected one of town, plan, capacity, alias, or a note column such as note or 备注)"],
    );
}

#[test]
fn a_column_given_twice_is_reported() {
    let dir = broken("towns.csv", "town,plan,capacity", "town,plan,计划");
    assert_problems(
        dir.path(),
        &["./towns.csv:1: column 'plan': column appears twice (got '计划', expected each column once)"],
    );
}

#[test]
fn an_empty_file_is_reported_and_nothing_else() {
    let dir = copy_folder(&lianzhou());
    write(dir.path(), "cells.csv", "");
    assert_problems(
        dir.path(),
        &["./cells.csv: the file is empty (expected a header row: town,category,plan,demand,committed,stock)"],
    );
}

#[test]
fn a_file_of_blank_lines_and_a_byte_order_mark_is_empty() {
    let dir = copy_folder(&lianzhou());
    write(dir.path(), "scenario.csv", "\u{feff}\r\n , \r\n\r\n");
    assert_problems(
        dir.path(),
        &["./scenario.csv: the file is empty (expected a header row: key,value)"],
    );
}

#[test]
fn a_header_only_towns_file_hides_no_cascade_of_unknown_towns() {
    let dir = copy_folder(&lianzhou());
    write(dir.path(), "towns.csv", "town,plan,capacity\n");
    assert_problems(
        dir.path(),
        &["./towns.csv: the file has a header but no rows (expected at least one row: a scenario needs categories and towns)"],
    );
}

#[test]
fn a_missing_file_is_reported_once() {
    let dir = copy_folder(&lianzhou());
    std::fs::remove_file(dir.path().join("categories.csv")).unwrap();
    assert_problems(
        dir.path(),
        &["./categories.csv: the file is missing (expected a CSV file with the header category,tier,plan,min,max,alias,parent,basis)"],
    );
}

#[test]
fn a_misspelt_optional_file_is_not_skipped_silently() {
    let dir = copy_folder(&lianzhou());
    std::fs::rename(dir.path().join("rules.csv"), dir.path().join("Rules.csv")).unwrap();
    assert_problems(
        dir.path(),
        &["./rules.csv: the file is missing, but 'Rules.csv' is in the folder (expected the file named exactly rules.csv (rename 'Rules.csv'))"],
    );
}

#[test]
fn a_folder_without_rules_is_fine() {
    let dir = copy_folder(&lianzhou());
    std::fs::remove_file(dir.path().join("rules.csv")).unwrap();
    let output = run_in(dir.path(), &["audit", "."]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the two Lianzhou findings remain"
    );
}

#[test]
fn bytes_that_are_no_known_text_are_refused() {
    let dir = copy_folder(&lianzhou());
    std::fs::write(
        dir.path().join("towns.csv"),
        b"town,plan\n\x81\x20\xff\xff,1\n",
    )
    .unwrap();
    assert_problems(
        dir.path(),
        &["./towns.csv: the file is neither UTF-8 nor GBK text (save it from Excel as \"CSV UTF-8\")"],
    );
}

#[test]
fn a_path_that_is_not_a_folder_is_an_error() {
    let dir = copy_folder(&lianzhou());
    let output = run_in(dir.path(), &["audit", "cells.csv"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot read cells.csv: not a scenario folder"),
        "{stderr}"
    );
}

// ---- CSV syntax ---------------------------------------------------------------------------

#[test]
fn a_quote_left_open_is_reported_where_it_opens() {
    let dir = broken(
        "cells.csv",
        "九陂镇,公用设施用地,0.363081",
        "九陂镇,公用设施用地,\"0.363081",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:11: a quote (\") opens a cell here and is never closed, so every line after it would be read into that one cell (expected quotes in pairs, as in \"1,234.5\", or none)"],
    );
}

#[test]
fn a_value_past_the_header_is_reported_not_dropped() {
    let dir = broken("towns.csv", "西江镇,4.962831,", "西江镇,4.962831,,5");
    assert_problems(
        dir.path(),
        &["./towns.csv:9: a value in field 4, past the header's 3 fields (got '5', expected an empty cell, or a header above it such as 'note')"],
    );
}

#[test]
fn a_value_under_a_blank_header_is_reported_not_dropped() {
    let dir = copy_folder(&lianzhou());
    let text = read(dir.path(), "categories.csv")
        .replace(
            "category,tier,plan,min,max,alias,parent,basis",
            "category,tier,plan,min,max,alias,parent,basis,",
        )
        .replace("最后安排\n", "最后安排,13.86643\n");
    write(dir.path(), "categories.csv", &text);
    assert_problems(
        dir.path(),
        &["./categories.csv:8: a value in field 9, whose header is blank (got '13.86643', expected an empty cell, or a header above it such as 'note')"],
    );
}

#[test]
fn a_note_column_is_accepted_and_ignored() {
    let dir = copy_folder(&lianzhou());
    let text = read(dir.path(), "towns.csv")
        .replace("town,plan,capacity", "town,plan,capacity,备注")
        .replace(
            "瑶安瑶族乡,0.987772,",
            "瑶安瑶族乡,0.987772,,\"民族乡, 见第三节\"",
        );
    write(dir.path(), "towns.csv", &text);
    let output = run_in(dir.path(), &["audit", "."]);
    assert_eq!(output.status.code(), Some(1));
}

// ---- scenario.csv -------------------------------------------------------------------------

#[test]
fn an_unknown_key_is_reported() {
    let dir = broken("scenario.csv", "cap_kind,at_most", "cap_knd,at_most");
    assert_problems(
        dir.path(),
        &["./scenario.csv:6: column 'key': unknown key (got 'cap_knd', expected one of name, year, unit, cap, cap_kind, source, new_quota)"],
    );
}

#[test]
fn a_key_given_twice_under_another_spelling_is_reported() {
    let dir = broken(
        "scenario.csv",
        "cap_kind,at_most",
        "cap_kind,at_most\n总量,130",
    );
    assert_problems(
        dir.path(),
        &["./scenario.csv:7: column 'key': the key cap appears twice (first at line 5) (got '总量', expected each key once)"],
    );
}

#[test]
fn a_missing_cap_is_reported() {
    let dir = broken("scenario.csv", "cap,132.72823\n", "");
    assert_problems(
        dir.path(),
        &["./scenario.csv: column 'key': the total cap is missing (expected a row 'cap,<figure>': the plan's 土地供应总量)"],
    );
}

#[test]
fn an_unknown_unit_is_reported() {
    let dir = broken("scenario.csv", "unit,ha", "unit,acre");
    assert_problems(
        dir.path(),
        &["./scenario.csv:4: column 'value': invalid value (got 'acre', expected ha (公顷) or mu (亩))"],
    );
}

#[test]
fn a_header_in_another_unit_than_the_scenario_is_refused() {
    let dir = broken(
        "cells.csv",
        "town,category,plan,",
        "town,category,计划（亩）,",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:1: column 'plan': the header names the unit mu (亩) but scenario.csv declares ha (公顷) (got 'mu', expected figures in ha as scenario.csv declares, or 'unit,mu' there)"],
    );
}

#[test]
fn a_header_in_the_scenario_unit_is_accepted() {
    let dir = broken(
        "cells.csv",
        "town,category,plan,",
        "乡镇,用地类型,计划面积（公顷）,",
    );
    let output = run_in(dir.path(), &["audit", "."]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---- rules.csv ----------------------------------------------------------------------------

#[test]
fn an_unknown_bound_is_reported() {
    let dir = broken("rules.csv", ",*,max,", ",*,most,");
    assert_problems(
        dir.path(),
        &["./rules.csv:2: column 'bound': invalid value (got 'most', expected min or max)"],
    );
}

#[test]
fn a_malformed_share_is_reported() {
    let dir = broken("rules.csv", "max,45.01474", "max,45%%");
    assert_problems(
        dir.path(),
        &["./rules.csv:2: column 'value': invalid value (got '45%%', expected a number >= 0, or a share such as 70%)"],
    );
}

// ---- names and values (validation) --------------------------------------------------------

#[test]
fn an_unknown_town_is_an_input_error_not_a_finding() {
    let dir = broken("cells.csv", "西岸镇,商服用地", "西岸,商服用地");
    assert_problems(
        dir.path(),
        &["./cells.csv:19: column 'town': unknown town (got '西岸', expected a name listed in towns.csv (or one of its aliases))"],
    );
}

#[test]
fn a_rule_naming_an_unknown_category_is_reported() {
    let dir = broken("rules.csv", "商服用地;住宅用地", "商服用地;住房用地");
    assert_problems(
        dir.path(),
        &["./rules.csv:2: column 'categories': unknown category (got '住房用地', expected a name listed in categories.csv (or one of its aliases))"],
    );
}

#[test]
fn a_duplicate_town_x_category_through_an_alias_is_reported() {
    let dir = broken(
        "cells.csv",
        "西岸镇,商服用地,0.440471,,",
        "西岸镇,商服用地,0.440471,,\n西岸镇,commercial,0.1,,",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:20: column 'category': '西岸镇/commercial' is the same town x category as '西岸镇/商服用地' at line 19 (got '西岸镇/commercial', expected one row per town x category)"],
    );
}

#[test]
fn a_duplicate_town_is_reported() {
    let dir = broken(
        "towns.csv",
        "西江镇,4.962831,",
        "西江镇,4.962831,\n西江镇,1,",
    );
    assert_problems(
        dir.path(),
        &["./towns.csv:10: column 'town': '西江镇' appears twice (first at line 9) (got '西江镇', expected each name once)"],
    );
}

#[test]
fn a_duplicate_category_in_full_width_is_reported() {
    let dir = broken(
        "categories.csv",
        "商服用地,4,13.86643,,,commercial",
        "商服用地,4,13.86643,,,commercial\n商服用地　,4,1,,,",
    );
    assert_problems(
        dir.path(),
        &["./categories.csv:9: column 'category': '商服用地' appears twice (first at line 8) (got '商服用地', expected each name once)"],
    );
}

#[test]
fn an_alias_that_is_another_towns_name_is_reported() {
    let dir = copy_folder(&lianzhou());
    let text = read(dir.path(), "towns.csv")
        .replace("town,plan,capacity", "town,plan,capacity,alias")
        .replace("西岸镇,2.044907,", "西岸镇,2.044907,,西江镇");
    write(dir.path(), "towns.csv", &text);
    assert_problems(
        dir.path(),
        &["./towns.csv:8: column 'alias': alias '西江镇' of town 西岸镇 is the name of town 西江镇 (line 9) (got '西江镇', expected an alias that means no other town)"],
    );
}

#[test]
fn an_alias_declared_twice_is_reported_and_its_use_is_ambiguous() {
    let dir = copy_folder(&lianzhou());
    let text = read(dir.path(), "towns.csv")
        .replace("town,plan,capacity", "town,plan,capacity,alias")
        .replace("西岸镇,2.044907,", "西岸镇,2.044907,,西")
        .replace("西江镇,4.962831,", "西江镇,4.962831,,西");
    write(dir.path(), "towns.csv", &text);
    edit(
        &dir.path().join("cells.csv"),
        "西江镇,公用设施用地",
        "西,公用设施用地",
    );
    assert_problems(
        dir.path(),
        &[
            "./cells.csv:21: column 'town': ambiguous town: '西' may mean 西岸镇 (line 8) or 西江镇 (line 9) in towns.csv (got '西', expected the town's own name)",
            "./towns.csv:9: column 'alias': alias '西' of town 西江镇 is also an alias of town 西岸镇 (line 8) (got '西', expected an alias that means no other town)",
        ],
    );
}

#[test]
fn negative_figures_are_reported_without_echoes() {
    let dir = broken(
        "cells.csv",
        "龙坪镇,工矿仓储用地,11.440049,,",
        "龙坪镇,工矿仓储用地,-11.440049,,",
    );
    assert_problems(
        dir.path(),
        &[
            "./cells.csv:15: column 'demand': negative figure (got '-11.440049', expected a number >= 0)",
            "./cells.csv:15: column 'plan': negative figure (got '-11.440049', expected a number >= 0)",
        ],
    );
}

#[test]
fn committed_above_demand_is_reported() {
    let dir = broken(
        "cells.csv",
        "龙坪镇,工矿仓储用地,11.440049,,",
        "龙坪镇,工矿仓储用地,11.440049,11,12",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:15: column 'committed': committed 12 is above demand 11 (got '12', expected at most the demand 11)"],
    );
}

#[test]
fn a_minimum_above_the_maximum_is_reported() {
    let dir = broken(
        "categories.csv",
        "住宅用地,3,31.14831,,",
        "住宅用地,3,31.14831,40,30",
    );
    assert_problems(
        dir.path(),
        &["./categories.csv:4: column 'min': minimum 40 is above maximum 30 (got '40', expected at most 30)"],
    );
}

#[test]
fn tier_zero_is_reported() {
    let dir = broken("categories.csv", "住宅用地,3,", "住宅用地,0,");
    assert_problems(
        dir.path(),
        &["./categories.csv:4: column 'tier': invalid tier (got '0', expected 1 or more (1 is served first))"],
    );
}

#[test]
fn a_share_above_100_percent_is_reported() {
    let dir = broken("rules.csv", "max,45.01474", "max,145%");
    assert_problems(
        dir.path(),
        &["./rules.csv:2: column 'value': share out of range (got '145%', expected a share from 0% to 100%)"],
    );
}

#[test]
fn a_rule_name_given_twice_is_reported() {
    let dir = broken(
        "rules.csv",
        "max,45.01474",
        "max,45.01474\n经营性用地总量,商服用地,*,max,20",
    );
    assert_problems(
        dir.path(),
        &["./rules.csv:3: column 'rule': '经营性用地总量' appears twice (first at line 2) (got '经营性用地总量', expected each name once)"],
    );
}

// ---- everything at once -------------------------------------------------------------------

#[test]
fn every_problem_of_every_file_is_reported_in_one_run() {
    let dir = copy_folder(&lianzhou());
    edit(
        &dir.path().join("scenario.csv"),
        "year,2025",
        "year,二〇二五",
    );
    edit(
        &dir.path().join("categories.csv"),
        "交通运输用地,2,6.26376",
        "交通运输用地,2,6.26376x",
    );
    edit(
        &dir.path().join("cells.csv"),
        "保安镇,交通运输用地,2.1443",
        "保安镇,交通运输地,2.1443",
    );
    edit(
        &dir.path().join("cells.csv"),
        "星子镇,公用设施用地",
        "星字镇,公用设施用地",
    );
    edit(
        &dir.path().join("towns.csv"),
        "龙坪镇,11.440049,",
        "龙坪镇,11.440049,-1",
    );
    assert_problems(
        dir.path(),
        &[
            "./categories.csv:5: column 'plan': invalid value: not a number (got '6.26376x', expected a number >= 0)",
            "./cells.csv:14: column 'category': unknown category (got '交通运输地', expected a name listed in categories.csv (or one of its aliases))",
            "./cells.csv:17: column 'town': unknown town (got '星字镇', expected a name listed in towns.csv (or one of its aliases))",
            "./scenario.csv:3: column 'value': invalid value: not a whole number (got '二〇二五', expected a year such as 2025)",
            "./towns.csv:5: column 'capacity': negative figure (got '-1', expected a number >= 0)",
        ],
    );
}

#[test]
fn a_row_with_a_malformed_cell_still_defines_its_name() {
    // 交通运输用地's figure is broken, yet the cells naming it are not "unknown category".
    let dir = broken(
        "categories.csv",
        "交通运输用地,2,6.26376",
        "交通运输用地,three,6.26376",
    );
    assert_problems(
        dir.path(),
        &["./categories.csv:5: column 'tier': invalid value: not a whole number (got 'three', expected a priority tier: 1, 2, 3, ... (1 is served first))"],
    );
}

#[test]
fn a_damaged_utf8_file_is_reported_at_its_line_not_read_as_gbk() {
    let dir = copy_folder(&lianzhou());
    let mut bytes = std::fs::read(dir.path().join("towns.csv")).unwrap();
    let line_4 = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(2)
        .map(|(i, _)| i + 1)
        .unwrap();
    // Break the second byte of 保 (3 bytes in UTF-8): the character starting at the line's
    // first byte is reported, 1-based.
    bytes[line_4 + 1] = 0xFF;
    std::fs::write(dir.path().join("towns.csv"), bytes).unwrap();
    let expected = format!(
        "./towns.csv:4: the file is UTF-8 but byte {} is not: it is damaged here (save it again as \"CSV UTF-8\")",
        line_4 + 1
    );
    assert_eq!(audit_problems(dir.path()), [expected]);
}

// ---- rows copied along with a published table ---------------------------------------------

#[test]
fn a_total_row_among_the_towns_is_reported() {
    let dir = broken(
        "towns.csv",
        "瑶安瑶族乡,0.987772,",
        "瑶安瑶族乡,0.987772,\n合计,132.67263,",
    );
    assert_problems(
        dir.path(),
        &["./towns.csv:12: column 'town': '合计' is a total row, not a town: remove the row (landplan adds the rows up itself; the total cap goes in scenario.csv) (got '合计', expected a town name)"],
    );
}

#[test]
fn a_total_row_among_the_cells_is_reported() {
    let dir = broken(
        "cells.csv",
        "瑶安瑶族乡,公用设施用地,0.987772,,",
        "瑶安瑶族乡,公用设施用地,0.987772,,\n连州镇,小计,48.692234,,",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:27: column 'category': '小计' is a total row, not a category: remove the row (landplan adds the rows up itself; the total cap goes in scenario.csv) (got '小计', expected a category name)"],
    );
}

#[test]
fn a_sub_item_listed_as_a_category_is_reported() {
    let dir = broken(
        "categories.csv",
        "商服用地,4,13.86643,,,commercial",
        "商服用地,4,13.86643,,,commercial\n保障性安居工程用地,2,10,,,",
    );
    assert_problems(
        dir.path(),
        &["./categories.csv:9: column 'category': 保障性安居工程用地 is part of 住宅用地 (其中, line 4): as a category of its own its land would be counted twice (got '保障性安居工程用地', expected categories that do not overlap: give the row the parent 住宅用地 (column 'parent'), remove it, or split 住宅用地 into parts that add up to it)"],
    );
}

#[test]
fn an_of_which_line_listed_as_a_category_is_reported() {
    let dir = broken(
        "categories.csv",
        "住宅用地,3,31.14831,,,residential,,",
        "住宅用地,3,31.14831,,,residential,,\n其中：棚户区改造,2,5,,,",
    );
    assert_problems(
        dir.path(),
        &["./categories.csv:5: column 'category': an \"of which\" (其中) line is part of the category above it, not a category: its land would be counted twice (got '其中：棚户区改造', expected categories that do not overlap)"],
    );
}

#[test]
fn a_title_row_above_the_header_is_named_as_such() {
    let dir = copy_folder(&lianzhou());
    let text = format!(
        "连州市2025年度土地供应布局（公顷）,,\n{}",
        read(dir.path(), "towns.csv")
    );
    write(dir.path(), "towns.csv", &text);
    assert_problems(
        dir.path(),
        &["./towns.csv:1: the header must be the first line, but it is on line 2 (got '连州市2025年度土地供应布局（公顷）', expected the header row first: delete the title lines above it)"],
    );
}

#[test]
fn a_row_with_a_malformed_figure_still_has_its_names_checked() {
    // The demand is malformed (reported), the committed land is not compared with it, and
    // the misspelt town on the same row is reported in the same run.
    let dir = broken(
        "cells.csv",
        "龙坪镇,工矿仓储用地,11.440049,,",
        "龙平镇,工矿仓储用地,11.440049,11..4,12",
    );
    assert_problems(
        dir.path(),
        &[
            "./cells.csv:15: column 'demand': invalid value: not a number (got '11..4', expected a number >= 0, or empty for demand = plan)",
            "./cells.csv:15: column 'town': unknown town (got '龙平镇', expected a name listed in towns.csv (or one of its aliases))",
        ],
    );
}

// ---- the one grammar of figures (issue 15) ------------------------------------------------

#[test]
fn a_second_sign_is_refused_not_dropped() {
    let dir = broken(
        "cells.csv",
        "连州镇,商服用地,9.597654",
        "连州镇,商服用地,++9.597654",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:3: column 'plan': invalid value: a second sign: write at most one + or - before the digits (got '++9.597654', expected a number >= 0 (empty = 0))"],
    );
}

#[test]
fn a_superscript_digit_is_refused_by_its_code_point() {
    let dir = broken(
        "cells.csv",
        "连州镇,商服用地,9.597654",
        "连州镇,商服用地,9.59765⁴",
    );
    assert_problems(
        dir.path(),
        &["./cells.csv:3: column 'plan': invalid value: '⁴' (U+2074) is a digit of another kind: write ASCII or full-width digits (got '9.59765⁴', expected a number >= 0 (empty = 0))"],
    );
}

#[test]
fn a_superscript_tier_is_not_read_as_twelve() {
    let dir = broken("categories.csv", "住宅用地,3,", "住宅用地,¹²,");
    assert_problems(
        dir.path(),
        &["./categories.csv:4: column 'tier': invalid value: '¹' (U+00B9) is a digit of another kind: write ASCII or full-width digits (got '¹²', expected a priority tier: 1, 2, 3, ... (1 is served first))"],
    );
}

#[test]
fn circled_and_mathematical_digits_are_refused() {
    let dir = broken("scenario.csv", "year,2025", "year,202⑤");
    assert_problems(
        dir.path(),
        &["./scenario.csv:3: column 'value': invalid value: '⑤' (U+2464) is a digit of another kind: write ASCII or full-width digits (got '202⑤', expected a year such as 2025)"],
    );
    let dir = broken("towns.csv", "九陂镇,20.787878", "九陂镇,𝟐0.787878");
    assert_problems(
        dir.path(),
        &["./towns.csv:3: column 'plan': invalid value: '𝟐' (U+1D7D0) is a digit of another kind: write ASCII or full-width digits (got '𝟐0.787878', expected a number >= 0)"],
    );
}

#[test]
fn full_width_digits_are_still_read() {
    let dir = broken("categories.csv", "住宅用地,3,", "住宅用地,３,");
    let output = run_in(dir.path(), &["audit", "."]);
    // The published plan's own findings (exit 1), and no problem with the input.
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
}

// ---- characters no name may hold (issue 15) -----------------------------------------------

const INVISIBLE: &str = "expected a name without control, bidirectional-control or zero-width characters: delete it in the spreadsheet";

#[test]
fn a_zero_width_space_in_a_town_name_is_named() {
    let dir = broken("cells.csv", "西岸镇,住宅用地", "西岸镇\u{200B},住宅用地");
    assert_problems(
        dir.path(),
        &[format!("./cells.csv:18: column 'town': the name holds U+200B ZERO WIDTH SPACE, a character that prints invisibly or acts on the screen (got '西岸镇<U+200B>', {INVISIBLE})").as_str()],
    );
}

#[test]
fn an_escape_sequence_in_a_town_name_never_reaches_the_terminal() {
    let dir = broken("towns.csv", "九陂镇,20.787878", "九陂镇\u{1b},20.787878");
    let problems = audit_problems(dir.path());
    assert_eq!(
        problems,
        [format!("./towns.csv:3: column 'town': the name holds U+001B ESCAPE, a character that prints invisibly or acts on the screen (got '九陂镇<U+001B>', {INVISIBLE})")]
    );
    assert!(problems.iter().all(|p| !p.contains('\u{1b}')));
}

#[test]
fn a_bell_in_a_category_name_is_named() {
    let dir = broken("categories.csv", "公园与绿地,2,", "公园与绿地\u{7},2,");
    assert_problems(
        dir.path(),
        &[format!("./categories.csv:7: column 'category': the name holds U+0007 BELL, a character that prints invisibly or acts on the screen (got '公园与绿地<U+0007>', {INVISIBLE})").as_str()],
    );
}

#[test]
fn a_right_to_left_override_in_an_alias_is_named() {
    let dir = broken(
        "categories.csv",
        "商服用地,4,13.86643,,,commercial",
        "商服用地,4,13.86643,,,\u{202E}commercial",
    );
    assert_problems(
        dir.path(),
        &[format!("./categories.csv:8: column 'alias': the name holds U+202E RIGHT-TO-LEFT OVERRIDE, a character that prints invisibly or acts on the screen (got '<U+202E>commercial', {INVISIBLE})").as_str()],
    );
}
