//! CSV for Excel (issue #19): every CSV landplan writes starts with the UTF-8 byte-order mark,
//! so that Excel on Chinese Windows reads the town names; `--no-bom` writes it without.

use crate::common::{landplan, lianzhou, root};
use std::path::Path;

const MARK: &[u8] = b"\xEF\xBB\xBF";

fn stdout(args: &[&str]) -> Vec<u8> {
    let output = landplan()
        .current_dir(lianzhou())
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Every `.csv` file of a folder, with its bytes.
fn csv_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no CSV in {}", dir.display());
    files
}

#[test]
fn every_csv_on_standard_output_has_the_mark_and_no_bom_takes_it_off() {
    let commands: &[&[&str]] = &[
        &["audit", ".", "--format", "csv"],
        &["solve", ".", "--format", "csv"],
        &["run", ".", "--format", "csv"],
        &["compare", "plan:.", ".#cap-cut-10", "--format", "csv"],
        &[
            "stress",
            ".",
            "--samples",
            "5",
            "--seed",
            "1",
            "--format",
            "csv",
        ],
    ];
    for args in commands {
        let marked = stdout(args);
        assert!(marked.starts_with(MARK), "{args:?}");
        let bare = stdout(&[*args, &["--no-bom"]].concat());
        assert!(!bare.starts_with(MARK), "{args:?}");
        assert_eq!(&marked[MARK.len()..], &bare[..], "{args:?}");
    }
}

#[test]
fn the_samples_file_has_the_mark_unless_no_bom() {
    let dir = tempfile::tempdir().unwrap();
    let (marked, bare) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    let run = |file: &Path, extra: &[&str]| {
        let args = [
            "stress",
            ".",
            "--samples",
            "3",
            "--seed",
            "1",
            "--samples-csv",
        ];
        stdout(&[&args[..], &[file.to_str().unwrap()], extra].concat());
        std::fs::read(file).unwrap()
    };
    let marked = run(&marked, &[]);
    let bare = run(&bare, &["--no-bom"]);
    assert!(marked.starts_with(MARK));
    assert!(bare.starts_with(b"sample,town,category,demand\n"));
    assert_eq!(&marked[MARK.len()..], &bare[..]);
}

#[test]
fn the_folders_of_run_and_extract_have_marked_csv_files_unless_no_bom() {
    let plan = root().join("tests/fixtures/extract/mu.txt");
    let folders = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let (results, extracted) = (dir.path().join("run"), dir.path().join("extracted"));
        stdout(&[&["run", ".", "--out", results.to_str().unwrap()][..], extra].concat());
        let plan = plan.to_str().unwrap();
        let out = extracted.to_str().unwrap();
        stdout(&[&["extract", plan, "--out", out][..], extra].concat());
        let files = [csv_files(&results), csv_files(&extracted)].concat();
        (dir, files)
    };
    let (_keep, marked) = folders(&[]);
    let (_keep_too, bare) = folders(&["--no-bom"]);
    assert_eq!(marked.len(), bare.len());
    for ((name, marked), (_, bare)) in marked.iter().zip(&bare) {
        assert!(marked.starts_with(MARK), "{name}");
        assert!(!bare.starts_with(MARK), "{name}");
        assert_eq!(&marked[MARK.len()..], &bare[..], "{name}");
    }
}
