//! Writes output files completely or not at all, and never over a user's input.
//!
//! Input: a path and the bytes to put there. The bytes go to a temporary file in the same
//! folder, which is renamed over the target only once it is complete, so an interrupted run
//! leaves either the old file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("refusing to write {path}: it is one of the scenario's input files")]
    WouldOverwriteInput { path: PathBuf },
    #[error("refusing to replace {path}: it is neither empty nor a landplan output folder (no manifest.json)")]
    NotAnOutput { path: PathBuf },
}

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(io)?;
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    readable_by_all(temp.as_file()).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// A finished output is a file for others to read (0644), not a private temporary (0600).
#[cfg(unix)]
fn readable_by_all(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Refuses a target that is (or resolves to) one of the given input files.
pub fn ensure_not_input(path: &Path, inputs: &[PathBuf]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let clash = inputs.iter().any(|input| {
        std::fs::canonicalize(input)
            .map(|i| i == target)
            .unwrap_or(false)
    });
    if clash {
        return Err(WriteError::WouldOverwriteInput {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The file that marks a folder as one `write_dir_atomic` wrote (written last).
pub const MANIFEST: &str = "manifest.json";

fn same_or_inside(path: &Path, folder: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    canonical(path).starts_with(canonical(folder))
}

/// Writes a folder of files completely or not at all: every file goes into a fresh
/// temporary folder beside `dir` (the manifest, when `files` has one, last), which is then
/// renamed to `dir`. An existing `dir` must be empty or hold a previous output (a
/// `manifest.json`); it is replaced only once the new folder is complete. A `dir` that is or
/// holds one of the `protected` paths (the user's inputs) is refused.
pub fn write_dir_atomic(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    protected: &[PathBuf],
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if let Some(input) = protected.iter().find(|p| same_or_inside(p, dir)) {
        return Err(WriteError::WouldOverwriteInput {
            path: input.clone(),
        });
    }
    let existing = dir.exists();
    if existing {
        let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
        if !empty && !dir.join(MANIFEST).is_file() {
            return Err(WriteError::NotAnOutput {
                path: dir.to_path_buf(),
            });
        }
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io)?;
    let temp = tempfile::Builder::new()
        .prefix(".landplan-out-")
        .tempdir_in(parent)
        .map_err(io)?;
    let (manifest, others): (Vec<_>, Vec<_>) = files.iter().partition(|(name, _)| name == MANIFEST);
    for (name, bytes) in others.into_iter().chain(manifest) {
        let path = temp.path().join(name);
        let mut file = std::fs::File::create(&path).map_err(io)?;
        file.write_all(bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
    }
    let staged = temp.keep();
    let replaced = if existing {
        let old = tempfile::Builder::new()
            .prefix(".landplan-old-")
            .tempdir_in(parent)
            .map_err(io)?
            .keep();
        std::fs::remove_dir(&old).map_err(io)?;
        std::fs::rename(dir, &old).map_err(io)?;
        Some(old)
    } else {
        None
    };
    std::fs::rename(&staged, dir).map_err(io)?;
    if let Some(old) = replaced {
        std::fs::remove_dir_all(old).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_refuses_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/result.json");
        write_atomic(&target, b"{}\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        let input = dir.path().join("cells.csv");
        std::fs::write(&input, "x").unwrap();
        assert!(ensure_not_input(&input, std::slice::from_ref(&input)).is_err());
        assert!(ensure_not_input(&target, &[input]).is_ok());
    }

    #[test]
    fn writes_folders_whole_replaces_only_outputs_and_refuses_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("results");
        let files = vec![
            (MANIFEST.to_string(), b"{}".to_vec()),
            ("a.csv".to_string(), b"x".to_vec()),
        ];
        write_dir_atomic(&out, &files, &[]).unwrap();
        assert_eq!(std::fs::read(out.join("a.csv")).unwrap(), b"x");
        let again = vec![(MANIFEST.to_string(), b"{}".to_vec())];
        write_dir_atomic(&out, &again, &[]).unwrap();
        assert!(
            !out.join("a.csv").exists(),
            "the old output is replaced whole"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
        let scenario = dir.path().join("scenario");
        std::fs::create_dir(&scenario).unwrap();
        std::fs::write(scenario.join("cells.csv"), "x").unwrap();
        assert!(matches!(
            write_dir_atomic(&scenario, &again, &[scenario.join("cells.csv")]),
            Err(WriteError::WouldOverwriteInput { .. })
        ));
        assert!(matches!(
            write_dir_atomic(&scenario, &again, &[]),
            Err(WriteError::NotAnOutput { .. })
        ));
        assert_eq!(std::fs::read(scenario.join("cells.csv")).unwrap(), b"x");
    }
}
