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
    #[error("refusing to write into {path}: the folder exists and is not empty")]
    FolderNotEmpty { path: PathBuf },
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

/// Writes a whole folder of files (name, text) atomically: into a temporary folder beside
/// the target, renamed to the target once every file is complete. Refuses a target that
/// exists and is not an empty folder, so nothing a user made is ever overwritten.
pub fn write_folder_atomic(path: &Path, files: &[(&str, String)]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let occupied = match std::fs::read_dir(path) {
        Ok(mut entries) => entries.next().is_some(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(error) if error.kind() == std::io::ErrorKind::NotADirectory => true,
        Err(error) => return Err(io(error)),
    };
    if occupied || path.is_file() {
        return Err(WriteError::FolderNotEmpty {
            path: path.to_path_buf(),
        });
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io)?;
    let temp = tempfile::Builder::new()
        .prefix(".landplan-")
        .tempdir_in(parent)
        .map_err(io)?;
    for (name, text) in files {
        let mut file = std::fs::File::create(temp.path().join(name)).map_err(io)?;
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
    }
    // rename(2) replaces an empty folder; a folder filled meanwhile makes it fail, not merge.
    let staged = temp.keep();
    std::fs::rename(&staged, path).map_err(|error| {
        let _ = std::fs::remove_dir_all(&staged);
        io(error)
    })
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

    #[test]
    fn folders_are_written_whole_and_never_into_a_full_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = [("a.csv", "x\n".to_string()), ("b.csv", "y\n".to_string())];
        let target = dir.path().join("new/scenario");
        write_folder_atomic(&target, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("b.csv")).unwrap(),
            "y\n"
        );
        let error = write_folder_atomic(&target, &files).unwrap_err();
        assert!(
            matches!(error, WriteError::FolderNotEmpty { .. }),
            "{error}"
        );
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_folder_atomic(&empty, &files).unwrap();
        assert!(empty.join("a.csv").is_file());
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".landplan-")
            })
            .count();
        assert_eq!(leftovers, 0, "no temporary folder is left behind");
    }
}
