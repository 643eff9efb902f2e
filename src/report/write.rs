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
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_refuses_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/result.json");
        write_atomic(&target, b"{}\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
        let input = dir.path().join("cells.csv");
        std::fs::write(&input, "x").unwrap();
        assert!(ensure_not_input(&input, std::slice::from_ref(&input)).is_err());
        assert!(ensure_not_input(&target, &[input]).is_ok());
    }
}
