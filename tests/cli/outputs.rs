//! One way out: every command's output goes through one writer, which never writes over an
//! input of the run, never replaces anything but a regular file or a folder landplan wrote,
//! and picks the format from `--out` unless `--format` says otherwise. Each refused write is
//! checked against a hash of every file around it, taken before and after.

use crate::common::{copy_folder, fixture, landplan, lianzhou};
use predicates::str::contains;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir` (recursively) with its bytes' hash.
fn hashes(dir: &Path) -> BTreeMap<PathBuf, u64> {
    use std::hash::{Hash, Hasher};
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&path).unwrap().hash(&mut hasher);
                found.insert(path, hasher.finish());
            } else {
                found.insert(path, 0);
            }
        }
    }
    found
}

/// A copy of the Lianzhou folder with side files (what-ifs, uncertainty, register, demand)
/// beside it, all in one temporary folder.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let scenario = copy_folder(&lianzhou());
        copy_tree(scenario.path(), &dir.path().join("F"));
        std::fs::copy(fixture("whatif/valid.csv"), dir.path().join("w.csv")).unwrap();
        std::fs::write(
            dir.path().join("u.csv"),
            "target,distribution,low,mode,high\n*/*,uniform,0.8,,1.2\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("u.html"),
            std::fs::read(dir.path().join("u.csv")).unwrap(),
        )
        .unwrap();
        std::fs::copy(
            fixture("track/supplied.csv"),
            dir.path().join("supplied.csv"),
        )
        .unwrap();
        std::fs::copy(fixture("track/demand.csv"), dir.path().join("demand.csv")).unwrap();
        Workspace { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs landplan in the workspace.
    fn run(&self, args: &[&str]) -> std::process::Output {
        landplan()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs landplan in the workspace and asserts it refuses (exit 2, `expected` in the
    /// message) without changing any file.
    fn refused(&self, args: &[&str], expected: &str) {
        let before = hashes(self.dir.path());
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(hashes(self.dir.path()), before, "{args:?} changed a file");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

const INPUT: &str = "an input of this run";

#[test]
fn no_command_writes_over_an_input() {
    let w = Workspace::new();
    for args in [
        &["solve", "F", "--out", "F/cells.csv"][..],
        &["solve", "F", "--out", "F/towns.csv"],
        &["solve", "F", "--out", "F/whatif.csv"],
        &["solve", "F", "--out", "./F/../F/scenario.csv"],
        &[
            "solve",
            "F",
            "--whatif",
            "surge-cut",
            "--whatif-file",
            "w.csv",
            "--out",
            "w.csv",
        ],
        &[
            "stress",
            "F",
            "--samples",
            "5",
            "--seed",
            "1",
            "--out",
            "F/rules.csv",
        ],
        &[
            "stress",
            "F",
            "--samples",
            "5",
            "--seed",
            "1",
            "--samples-csv",
            "F/cells.csv",
        ],
        &[
            "stress",
            "F",
            "--samples",
            "5",
            "--seed",
            "1",
            "--uncertainty",
            "u.csv",
            "--out",
            "u.csv",
        ],
        &[
            "report",
            "F",
            "--stress",
            "5",
            "--uncertainty",
            "u.html",
            "--out",
            "u.html",
        ],
        &[
            "sweep",
            "F",
            "--param",
            "cap",
            "--from",
            "1",
            "--to",
            "2",
            "--out",
            "F/scenario.csv",
        ],
        &[
            "track",
            "F",
            "--supplied",
            "supplied.csv",
            "--out",
            "supplied.csv",
        ],
        &[
            "adjust",
            "F",
            "--supplied",
            "supplied.csv",
            "--demand",
            "demand.csv",
            "--out",
            "demand.csv",
        ],
        &["audit", "F", "--out", "F/categories.csv"],
        &["compare", "plan:F", "F#base", "--out", "F/cells.csv"],
        &["check", "plan:F", "--against", "F", "--out", "F/rules.csv"],
        &["run", "F", "--out", "F"],
        &["run", "F", "--out", "."],
        &["review", "F", "--supplied", "supplied.csv", "--out", "F"],
    ] {
        let expected = if args[0] == "run" || args[0] == "review" {
            "scenario folder"
        } else {
            INPUT
        };
        w.refused(args, expected);
    }
}

#[test]
fn a_scenario_file_the_folder_lacks_is_protected_too() {
    let w = Workspace::new();
    std::fs::remove_file(w.path("F/whatif.csv")).unwrap();
    w.refused(&["solve", "F", "--out", "F/whatif.csv"], INPUT);
    w.refused(&["solve", "F", "--out", "F/uncertainty.csv"], INPUT);
}

#[test]
fn links_to_inputs_are_seen_through() {
    let w = Workspace::new();
    std::os::unix::fs::symlink(w.path("F/cells.csv"), w.path("result.csv")).unwrap();
    std::fs::hard_link(w.path("F/towns.csv"), w.path("hard.csv")).unwrap();
    w.refused(&["solve", "F", "--out", "result.csv"], INPUT);
    w.refused(&["solve", "F", "--out", "hard.csv"], INPUT);
}

#[test]
fn merge_never_writes_over_a_shard() {
    let w = Workspace::new();
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let out = format!("s{k}.json");
        landplan()
            .current_dir(w.dir.path())
            .args([
                "stress",
                "--samples",
                "20",
                "--seed",
                "3",
                "--shard",
                &shard,
                "--out",
                &out,
            ])
            .assert()
            .success();
    }
    w.refused(&["merge", "s1.json", "s2.json", "--out", "s1.json"], INPUT);
}

#[test]
fn a_folder_landplan_did_not_write_is_never_replaced() {
    let w = Workspace::new();
    let app = w.path("webapp");
    std::fs::create_dir(&app).unwrap();
    std::fs::write(app.join("manifest.json"), "{\"name\": \"my app\"}\n").unwrap();
    std::fs::write(app.join("index.html"), "<p>mine</p>\n").unwrap();
    w.refused(
        &["run", "F", "--out", "webapp"],
        "landplan did not write it",
    );
    w.refused(
        &[
            "review",
            "F",
            "--supplied",
            "supplied.csv",
            "--out",
            "webapp",
        ],
        "not empty",
    );
    w.refused(
        &["generate", "--towns", "3", "--out", "webapp"],
        "not empty",
    );
}

#[test]
fn a_results_folder_is_replaced_whole_but_not_when_a_user_added_a_file() {
    let w = Workspace::new();
    let run = |out: &str| {
        w.run(&[
            "run",
            "F",
            "--whatif",
            "cap-cut-10",
            "--no-marginal",
            "--out",
            out,
        ])
    };
    assert!(run("res").status.success());
    let manifest = std::fs::read_to_string(w.path("res/manifest.json")).unwrap();
    assert!(manifest.contains("\"files\""), "{manifest}");
    assert!(
        run("res").status.success(),
        "landplan's own output is replaced"
    );
    std::fs::write(w.path("res/notes.txt"), "mine").unwrap();
    w.refused(&["run", "F", "--no-marginal", "--out", "res"], "notes.txt");
}

#[test]
fn fifos_and_devices_are_refused_not_replaced() {
    let w = Workspace::new();
    let fifo = w.path("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    w.refused(&["audit", "F", "--out", "pipe"], "named pipe");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    landplan()
        .args(["audit", "--out", "/dev/null"])
        .assert()
        .code(2)
        .stderr(contains("a device"));
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn dash_is_standard_output() {
    let w = Workspace::new();
    let output = w.run(&[
        "solve",
        "F",
        "--no-marginal",
        "--format",
        "json",
        "--out",
        "-",
    ]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with('{'));
    assert!(!w.path("-").exists(), "no file named '-'");
}

#[test]
fn concurrent_runs_into_one_folder_each_succeed_and_leave_no_temporary() {
    let w = Workspace::new();
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("landplan"))
                .current_dir(w.dir.path())
                .args([
                    "run",
                    "F",
                    "--whatif",
                    "cap-cut-10",
                    "--no-marginal",
                    "--out",
                    "res",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let left: Vec<String> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".landplan"))
        .collect();
    assert!(left.is_empty(), "temporaries left behind: {left:?}");
    let manifest = std::fs::read_to_string(w.path("res/manifest.json")).unwrap();
    assert!(manifest.contains("cap-cut-10.csv"));
}

#[test]
fn the_extension_of_out_picks_the_format_and_a_contradiction_is_an_error() {
    let w = Workspace::new();
    landplan()
        .current_dir(w.dir.path())
        .args(["solve", "F", "--no-marginal", "--out", "a.csv"])
        .assert()
        .success()
        .stdout(contains("wrote a.csv"));
    let csv = std::fs::read_to_string(w.path("a.csv")).unwrap();
    assert!(
        !csv.contains('│') && csv.contains(','),
        "a .csv file holds CSV: {csv}"
    );
    w.refused(
        &["solve", "F", "--format", "json", "--out", "b.csv"],
        "contradicts",
    );
    w.refused(&["report", "F", "--out", "r.pdf"], "'.pdf'");
    w.refused(&["solve", "F", "--out", "r.html"], "does not write html");
    landplan()
        .current_dir(w.dir.path())
        .args(["audit", "F", "--out", "audit.md"])
        .assert()
        .code(1);
    assert!(std::fs::read_to_string(w.path("audit.md"))
        .unwrap()
        .contains('|'));
}

#[test]
fn every_command_takes_the_common_output_flags() {
    let w = Workspace::new();
    let page = w.run(&["report", "F", "--format", "md"]);
    assert!(String::from_utf8_lossy(&page.stdout).starts_with('#'));
    let generated = w.run(&["generate", "--towns", "3", "--out", "g", "--format", "json"]);
    let facts: serde_json::Value = serde_json::from_slice(&generated.stdout).unwrap();
    assert_eq!(facts["towns"], "3");
    let reviewed = w.run(&[
        "review",
        "F",
        "--supplied",
        "supplied.csv",
        "--out",
        "next",
        "--format",
        "csv",
    ]);
    assert!(String::from_utf8_lossy(&reviewed.stdout).starts_with("folder,files,"));
    w.refused(&["sweep", "F", "--unit", "mu"], "--unit");
}

#[test]
fn unbounded_requests_are_refused_before_any_work() {
    landplan()
        .args([
            "sweep",
            "--param",
            "cap",
            "--from",
            "0",
            "--to",
            "1",
            "--steps",
            "1000000000",
        ])
        .assert()
        .code(2)
        .stderr(contains("1..=10000"));
    landplan()
        .args(["stress", "--samples", "0", "--seed", "1"])
        .assert()
        .code(2);
}

#[test]
fn lang_picks_the_language_of_track() {
    let register = fixture("track/supplied.csv");
    let track = |lang: &str| {
        let output = landplan()
            .arg("track")
            .arg("--supplied")
            .arg(&register)
            .args(["--lang", lang])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(track("en").contains("execution to 2025-06-30"));
    assert!(track("zh").contains("执行情况"));
}
