//! `landplan stress --samples-csv`: every sample's demands in sample order, the same bytes
//! whatever the thread count, written beside the target and renamed; Ctrl-C leaves no file.

use crate::common::{landplan, read_csv};
use std::path::Path;

/// The names in a folder, to see that no temporary is left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_sample_is_written_in_order_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let path = dir.path().join(format!("samples-{threads}.csv"));
        landplan()
            .args([
                "stress",
                "--samples",
                "40",
                "--seed",
                "3",
                "--threads",
                threads,
            ])
            .arg("--samples-csv")
            .arg(&path)
            .assert()
            .success();
        files.push(read_csv(&path));
    }
    assert_eq!(files[0], files[1]);
    let lines: Vec<&str> = files[0].lines().collect();
    assert_eq!(lines[0], "sample,town,category,demand");
    // Lianzhou has 25 cells: 40 samples of 25 rows, numbered in order.
    assert_eq!(lines.len(), 1 + 40 * 25);
    for (i, line) in lines[1..].iter().enumerate() {
        let sample: usize = line.split(',').next().unwrap().parse().unwrap();
        assert_eq!(sample, i / 25, "{line}");
    }
    assert_eq!(names(dir.path()), ["samples-1.csv", "samples-2.csv"]);
}

#[test]
fn a_shard_writes_the_rows_of_its_slice() {
    let dir = tempfile::tempdir().unwrap();
    let csv = |name: &str, shard: Option<&str>| {
        let path = dir.path().join(name);
        let mut command = landplan();
        command.args(["stress", "--samples", "9", "--seed", "4", "--samples-csv"]);
        command
            .arg(&path)
            .arg("--out")
            .arg(dir.path().join("report"));
        if let Some(shard) = shard {
            command.args(["--shard", shard]);
        }
        command.assert().success();
        read_csv(&path)
    };
    let whole = csv("whole.csv", None);
    let first = csv("first.csv", Some("1/2"));
    let second = csv("second.csv", Some("2/2"));
    let (header, rows) = second.split_once('\n').unwrap();
    assert_eq!(header, "sample,town,category,demand");
    assert_eq!(format!("{first}{rows}"), whole);
    // Samples 0..4 and 4..9: 4 and 5 samples of 25 rows.
    assert_eq!(first.lines().count(), 1 + 4 * 25);
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_writing_leaves_no_samples_file_and_a_partial_report() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("samples.csv");
    let mut args: Vec<&std::ffi::OsStr> = super::LONG_RUN.map(std::ffi::OsStr::new).to_vec();
    args.extend([std::ffi::OsStr::new("--samples-csv"), target.as_os_str()]);
    let output = super::interrupted(&args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("PARTIAL: stopped after"), "{stdout}");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}
