//! Shared helpers for the integration tests.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `landplan` binary under test.
pub fn landplan() -> Command {
    Command::cargo_bin("landplan").expect("the landplan binary is built for integration tests")
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped Lianzhou 2025 scenario folder.
pub fn lianzhou() -> PathBuf {
    root().join("scenarios/lianzhou-2025")
}

/// A copy of a scenario folder in a fresh temporary directory, to break one cell in.
pub fn copy_folder(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for entry in std::fs::read_dir(from).expect("the scenario folder is readable") {
        let entry = entry.expect("a directory entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name()))
                .expect("copy a scenario file");
        }
    }
    dir
}

/// Replaces the first occurrence of `from` with `to` in a file, asserting it was there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("a UTF-8 fixture");
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write the fixture");
}
