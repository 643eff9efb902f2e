//! Markdown output never carries raw HTML or Markdown syntax from the data (issue #14, item 7):
//! a town named `<img src=...>` would load an external resource wherever a Markdown renderer
//! passes HTML through. Each command with Markdown output is run through the binary on the
//! Lianzhou folder with 连州镇 renamed to that string.

use crate::common::{copy_folder, fixture, landplan, lianzhou};
use std::path::Path;

const EVIL: &str = "<img src=https://evil.example/p.png>";
const ESCAPED: &str = "&lt;img src=https://evil.example/p.png&gt;";

/// Replaces every 连州镇 in the CSV files of `dir` with the hostile name.
fn rename_town(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("连州镇", EVIL)).unwrap();
        }
    }
}

/// Lianzhou with the hostile town name, with the track fixture's register and demand.
fn hostile_folder() -> tempfile::TempDir {
    let dir = copy_folder(&lianzhou());
    for file in ["supplied.csv", "demand.csv"] {
        std::fs::copy(fixture("track").join(file), dir.path().join(file)).unwrap();
    }
    rename_town(dir.path());
    // A what-if target is `town/category`: the name's own `/` cannot be written there, so
    // only the what-if that targets no town is kept.
    std::fs::write(
        dir.path().join("whatif.csv"),
        "scenario,target,field,op,value,note\ncap-cut-10,*,cap,scale,0.9,\n",
    )
    .unwrap();
    dir
}

fn assert_escaped(what: &str, text: &str) {
    assert!(
        !text.contains("<img"),
        "{what}: raw HTML in Markdown:\n{text}"
    );
    assert!(
        text.contains(ESCAPED),
        "{what}: the town's name is missing:\n{text}"
    );
}

fn markdown_of(dir: &Path, args: &[&str]) -> String {
    let output = landplan().current_dir(dir).args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_command_escapes_names_in_its_markdown() {
    let dir = hostile_folder();
    // The audit of Lianzhou and the what-if summary name no town: their Markdown must still
    // hold no raw HTML.
    for args in [
        &["audit", ".", "--format", "md"][..],
        &["run", ".", "--format", "md"],
    ] {
        let text = markdown_of(dir.path(), args);
        assert!(text.starts_with("# ") && !text.contains('<'), "{text}");
    }
    // A target cannot spell the name's `/`; a wildcard reaches it.
    let capacity = "capacity:*evil.example*".to_string();
    let commands: &[&[&str]] = &[
        &["solve", ".", "--format", "md"],
        &["solve", ".", "--whatif", "cap-cut-10", "--format", "md"],
        &["compare", "plan:.", ".#cap-cut-10", "--format", "md"],
        &["check", ".#cap-cut-10", "--against", ".", "--format", "md"],
        &[
            "stress",
            ".",
            "--samples",
            "8",
            "--seed",
            "1",
            "--format",
            "md",
        ],
        &[
            "sweep", ".", "--param", &capacity, "--from", "40", "--to", "60", "--format", "md",
        ],
        &["track", ".", "--supplied", "supplied.csv", "--format", "md"],
        &[
            "adjust",
            ".",
            "--supplied",
            "supplied.csv",
            "--demand",
            "demand.csv",
            "--format",
            "md",
        ],
    ];
    for args in commands {
        assert_escaped(&args.join(" "), &markdown_of(dir.path(), args));
    }
}

#[test]
fn the_markdown_report_and_the_review_escape_names() {
    let dir = hostile_folder();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("r.md");
    markdown_of(
        dir.path(),
        &["report", ".", "--out", report.to_str().unwrap()],
    );
    assert_escaped("report", &std::fs::read_to_string(&report).unwrap());
    let next = out.path().join("next");
    markdown_of(
        dir.path(),
        &[
            "review",
            ".",
            "--supplied",
            "supplied.csv",
            "--out",
            next.to_str().unwrap(),
        ],
    );
    let mut markdown = 0;
    for entry in std::fs::read_dir(&next).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            assert_escaped("review", &std::fs::read_to_string(&path).unwrap());
            markdown += 1;
        }
    }
    assert!(markdown > 0, "review wrote no Markdown");
}
