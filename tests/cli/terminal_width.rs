//! Terminal tables fit the terminal (issue #19): with `COLUMNS=100`, every line of every
//! command's tables on Lianzhou is at most 100 columns wide, Chinese characters counted as two,
//! in either language; and the widest tables (run, sweep) keep their figures whole.

use crate::common::{fixture, landplan, lianzhou};
use unicode_width::UnicodeWidthStr;

/// Characters only a drawn table has.
const RULES: &[char] = &['│', '┆', '╞', '┌', '└', '├', '┬', '┼', '═'];

fn widest_table_line(args: &[&str]) -> (usize, String) {
    let output = landplan()
        .current_dir(lianzhou())
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains('│'), "{args:?} drew no table:\n{text}");
    text.lines()
        .filter(|line| line.contains(RULES))
        .map(|line| (line.width(), line.to_string()))
        .max()
        .unwrap()
}

#[test]
fn every_commands_table_fits_100_columns() {
    let track = fixture("track");
    let supplied = track.join("supplied.csv");
    let demand = track.join("demand.csv");
    let (supplied, demand) = (supplied.to_str().unwrap(), demand.to_str().unwrap());
    let commands: &[&[&str]] = &[
        &["audit", "."],
        &["solve", "."],
        &["solve", ".", "--whatif", "cap-cut-10"],
        &["run", "."],
        &["compare", "plan:.", ".#cap-cut-10"],
        &["check", ".#cap-cut-10", "--against", "."],
        &["stress", ".", "--samples", "20", "--seed", "1"],
        &[
            "sweep", ".", "--param", "cap", "--from", "100", "--to", "140", "--steps", "4",
        ],
        &["parcels", "."],
        &["track", ".", "--supplied", supplied],
        &["adjust", ".", "--supplied", supplied, "--demand", demand],
    ];
    for args in commands {
        for lang in ["zh", "en"] {
            let args = [*args, &["--lang", lang]].concat();
            let (width, line) = widest_table_line(&args);
            assert!(
                width <= 100,
                "{args:?}: a line {width} columns wide:\n{line}"
            );
        }
    }
}

#[test]
fn the_widest_tables_keep_their_figures_whole_at_100_columns() {
    let table = |args: &[&str]| {
        let output = landplan()
            .current_dir(lianzhou())
            .env("COLUMNS", "100")
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let run = table(&["run", ".", "--lang", "en"]);
    for figure in ["119.455407", "93.300333", "15.960303", "31.976206"] {
        assert!(run.contains(figure), "{figure} broken in\n{run}");
    }
    let sweep = table(&[
        "sweep", ".", "--param", "cap", "--from", "100", "--to", "140", "--steps", "4",
    ]);
    for figure in ["77.28443", "12.28651", "18.8062", "13.86643"] {
        assert!(sweep.contains(figure), "{figure} broken in\n{sweep}");
    }
}
