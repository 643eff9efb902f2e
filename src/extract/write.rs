//! Writes a scenario folder complete or not at all, and never over the plan it came from.
//!
//! Input: the folder's path, its files' text and the plan's path. The files go to a
//! temporary folder beside the target, which is renamed into place only once every file is
//! written and synced; an interrupted run leaves the old folder or the new one, never half
//! of one. An existing non-empty folder is replaced only when the user says `--force`, and
//! never when the plan itself is inside it.

use super::render::Files;
use super::ExtractError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `files` as the folder `out`.
pub fn write_folder(
    out: &Path,
    files: &Files,
    input: &Path,
    force: bool,
) -> Result<(), ExtractError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExtractError::Write { path, source }
    };
    let existing = existing_folder(out)?;
    if let Some(non_empty) = existing {
        if let (Ok(folder), Ok(plan)) = (std::fs::canonicalize(out), std::fs::canonicalize(input)) {
            if plan.starts_with(&folder) {
                return Err(ExtractError::WouldOverwriteInput {
                    out: out.to_path_buf(),
                    input: input.to_path_buf(),
                });
            }
        }
        if non_empty && !force {
            return Err(ExtractError::OutputExists {
                path: out.to_path_buf(),
            });
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let temp = tempfile::Builder::new()
        .prefix(".landplan-extract-")
        .tempdir_in(parent)
        .map_err(io(parent))?;
    for (name, text) in files {
        let path = temp.path().join(name);
        let mut file = std::fs::File::create(&path).map_err(io(&path))?;
        file.write_all(text.as_bytes()).map_err(io(&path))?;
        file.sync_all().map_err(io(&path))?;
    }
    match existing {
        None => std::fs::rename(temp.path(), out).map_err(io(out))?,
        Some(_) => replace(temp.path(), out, parent).map_err(io(out))?,
    }
    // The temporary folder now is `out`: it must not be removed when `temp` is dropped.
    let _ = temp.keep();
    Ok(())
}

/// `Some(non_empty)` when `out` is a folder, `None` when it does not exist.
fn existing_folder(out: &Path) -> Result<Option<bool>, ExtractError> {
    match std::fs::metadata(out) {
        Ok(meta) if meta.is_dir() => {
            let mut entries = std::fs::read_dir(out).map_err(|source| ExtractError::Write {
                path: out.to_path_buf(),
                source,
            })?;
            Ok(Some(entries.next().is_some()))
        }
        Ok(_) => Err(ExtractError::OutputNotFolder {
            path: out.to_path_buf(),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ExtractError::Write {
            path: out.to_path_buf(),
            source,
        }),
    }
}

/// Puts the new folder in place of the old: the old one is moved aside first and put back
/// if the new one cannot take its place, then removed.
fn replace(new: &Path, out: &Path, parent: &Path) -> std::io::Result<()> {
    let aside = aside_path(parent)?;
    std::fs::rename(out, &aside)?;
    if let Err(error) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&aside, out);
        return Err(error);
    }
    std::fs::remove_dir_all(&aside)
}

/// A fresh name beside the target for the old folder.
fn aside_path(parent: &Path) -> std::io::Result<PathBuf> {
    let reserved = tempfile::Builder::new()
        .prefix(".landplan-replaced-")
        .tempdir_in(parent)?;
    let path = reserved.path().to_path_buf();
    // Free the name: the old folder is renamed onto it.
    reserved.close()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        vec![("a.csv", "x\n".to_string()), ("b.csv", "y\n".to_string())]
    }

    #[test]
    fn writes_a_new_folder_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/scenario");
        write_folder(&out, &files(), &dir.path().join("plan.txt"), false).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b.csv")).unwrap(), "y\n");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("new")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary folder is left behind");
    }

    #[test]
    fn refuses_a_non_empty_folder_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.csv"), "keep").unwrap();
        let plan = dir.path().join("plan.txt");
        let error = write_folder(&out, &files(), &plan, false).unwrap_err();
        assert!(matches!(error, ExtractError::OutputExists { .. }));
        assert_eq!(
            std::fs::read_to_string(out.join("mine.csv")).unwrap(),
            "keep"
        );
        write_folder(&out, &files(), &plan, true).unwrap();
        assert!(!out.join("mine.csv").exists());
        assert!(out.join("a.csv").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn writes_into_an_empty_folder_and_never_over_the_plan() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        write_folder(&out, &files(), &dir.path().join("plan.txt"), false).unwrap();
        let plan = out.join("plan.txt");
        std::fs::write(&plan, "计划").unwrap();
        let error = write_folder(&out, &files(), &plan, true).unwrap_err();
        assert!(matches!(error, ExtractError::WouldOverwriteInput { .. }));
        assert!(plan.exists());
    }

    #[test]
    fn refuses_a_file_as_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("file");
        std::fs::write(&out, "x").unwrap();
        let error = write_folder(&out, &files(), &dir.path().join("p"), true).unwrap_err();
        assert!(matches!(error, ExtractError::OutputNotFolder { .. }));
    }
}
