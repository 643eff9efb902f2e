//! Writes output files completely or not at all, and never over a user's input.
//!
//! Input: a path and the bytes to put there. The bytes go to a temporary file in the same
//! folder, which is renamed over the target only once it is complete, so an interrupted run
//! leaves either the old file or the new one, never half of one. A folder of files (next
//! year's scenario) is written the same way: whole, or not at all.

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
    #[error("refusing to write into {path}: it exists and is not an empty folder")]
    NotEmpty { path: PathBuf },
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

/// Writes a folder of files completely or not at all: the files go to a temporary sibling
/// folder, which is renamed to `path` once every file is written and synced. Refuses a
/// `path` that exists and is not an empty folder.
pub fn write_folder_atomic(path: &Path, files: &[(String, String)]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let empty_folder = path.is_dir() && std::fs::read_dir(path).map_err(io)?.next().is_none();
    if path.exists() && !empty_folder {
        return Err(WriteError::NotEmpty {
            path: path.to_path_buf(),
        });
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".landplan-");
    #[cfg(unix)]
    {
        // A folder for the user, not a private temporary one: the umask decides, as for mkdir.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o777));
    }
    let temp = builder.tempdir_in(parent).map_err(io)?;
    for (name, text) in files {
        let mut file = std::fs::File::create(temp.path().join(name)).map_err(io)?;
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
    }
    std::fs::rename(temp.path(), path).map_err(io)?;
    let _moved_to_path = temp.keep();
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

    #[test]
    fn writes_whole_folders_and_refuses_non_empty_ones() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            ("a.csv".to_string(), "x\n".to_string()),
            ("b.md".to_string(), "# b\n".to_string()),
        ];
        let target = dir.path().join("next");
        write_folder_atomic(&target, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("b.md")).unwrap(),
            "# b\n"
        );
        assert!(matches!(
            write_folder_atomic(&target, &files),
            Err(WriteError::NotEmpty { .. })
        ));
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_folder_atomic(&empty, &files).unwrap();
        assert_eq!(std::fs::read_to_string(empty.join("a.csv")).unwrap(), "x\n");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "keep").unwrap();
        assert!(write_folder_atomic(&file, &files).is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
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
