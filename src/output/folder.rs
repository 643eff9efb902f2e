//! Writing a folder of files completely or not at all.
//!
//! Input: the folder's path, its files, a policy for an existing folder and the run's inputs.
//! Every file goes into a fresh temporary folder beside the target (the manifest last), which
//! is then renamed into place; an existing folder the policy allows to replace is moved aside
//! first and removed only once the new one is in place (put back if it cannot be). Several
//! runs writing the same folder at once each end with a whole folder in place, one of theirs,
//! and no temporary left behind.

use super::{inputs::canonical, Inputs, OutputError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file that marks a folder as landplan's output: written last, it names the tool and
/// lists every file of the folder.
pub const MANIFEST: &str = "manifest.json";

/// How many times a folder is re-checked and re-installed when other runs write it at the
/// same moment.
const INSTALL_ATTEMPTS: usize = 16;

/// What may happen to a folder that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderPolicy {
    /// Results (`run --out`): replaced only when landplan wrote it, as its manifest says, and
    /// it holds nothing else. A manifest is written (or completed) with the tool's name and
    /// the list of files.
    Results,
    /// A folder a planner goes on to edit (a scenario from `generate`, `review`, `extract`):
    /// only an empty or absent folder is written.
    Fresh,
    /// As `Fresh`, but a non-empty folder is replaced whole (`extract --force`). Never a
    /// folder that is or holds an input.
    Replace,
}

/// Writes `files` as the folder `dir`.
pub fn write_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    policy: FolderPolicy,
    inputs: &Inputs,
) -> Result<(), OutputError> {
    check_folder(dir, policy, inputs)?;
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(OutputError::io(parent))?;
    let files = match policy {
        FolderPolicy::Results => with_manifest(files),
        FolderPolicy::Fresh | FolderPolicy::Replace => files.to_vec(),
    };
    let staged = stage(parent, &files).map_err(OutputError::io(dir))?;
    install(staged, dir, parent, policy, inputs)
}

/// Refuses a folder the policy does not allow to write (callers check before long work;
/// `write_folder` checks again).
pub fn check_folder(dir: &Path, policy: FolderPolicy, inputs: &Inputs) -> Result<(), OutputError> {
    let refuse = |why: String| OutputError::FolderRefused {
        path: dir.to_path_buf(),
        why,
    };
    if let Some(why) = inputs.clash_with_folder(dir) {
        return Err(refuse(why));
    }
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(OutputError::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    if !meta.is_dir() {
        return Err(refuse(format!(
            "it is {}, not a folder",
            super::target::kind_of(&meta.file_type())
        )));
    }
    let entries = entries(dir).map_err(OutputError::io(dir))?;
    if entries.is_empty() {
        return Ok(());
    }
    match policy {
        FolderPolicy::Replace => Ok(()),
        FolderPolicy::Fresh => Err(refuse(
            "it exists and is not empty (write to a new folder, or empty this one)".to_string(),
        )),
        FolderPolicy::Results => {
            let (entries, listed) = stable_listing(dir).map_err(OutputError::io(dir))?;
            results_folder(&entries, listed, refuse)
        }
    }
}

/// The files in a folder (`tree`) and what its manifest lists, read until two readings of the names
/// agree: another run replacing the folder between the two looks would otherwise pair one
/// folder's names with the other's manifest. A folder that keeps changing (or vanishes) is
/// `NotFound`, which `install` takes as "look again".
fn stable_listing(dir: &Path) -> std::io::Result<(Vec<String>, Option<Vec<String>>)> {
    for _ in 0..INSTALL_ATTEMPTS {
        let before = tree(dir)?;
        let listed = landplan_listing(dir);
        if tree(dir)? == before {
            return Ok((before, listed));
        }
    }
    Err(std::io::ErrorKind::NotFound.into())
}

/// Whether a results folder may be replaced: landplan's manifest lists every file in it,
/// those of the folders inside it (a scenario folder of `run --out`) included.
fn results_folder(
    entries: &[String],
    listed: Option<Vec<String>>,
    refuse: impl Fn(String) -> OutputError,
) -> Result<(), OutputError> {
    match listed {
        None => Err(refuse(format!(
            "it is not empty and landplan did not write it (no {MANIFEST} of landplan's)"
        ))),
        Some(listed) => match entries
            .iter()
            .find(|e| *e != MANIFEST && !listed.contains(e))
        {
            Some(extra) => Err(refuse(format!(
                "it holds {extra}, which landplan did not write; move it away first"
            ))),
            None => Ok(()),
        },
    }
}

/// Every file in a folder and in the folders inside it, as a path with `/` between its
/// parts (`base/cells.csv`); an empty folder inside it as its path and `/` (which no
/// manifest lists).
fn tree(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut found = Vec::new();
    for name in entries(dir)? {
        let path = dir.join(&name);
        if std::fs::symlink_metadata(&path)?.is_dir() {
            let inside = tree(&path)?;
            if inside.is_empty() {
                found.push(format!("{name}/"));
            }
            found.extend(inside.into_iter().map(|file| format!("{name}/{file}")));
        } else {
            found.push(name);
        }
    }
    Ok(found)
}

/// The names in a folder.
fn entries(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect()
}

/// The files a landplan manifest in `dir` lists, when there is one.
fn landplan_listing(dir: &Path) -> Option<Vec<String>> {
    let bytes = std::fs::read(dir.join(MANIFEST)).ok()?;
    let manifest: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let tool = manifest.get("tool")?.as_str()?;
    if !tool.starts_with("landplan") {
        return None;
    }
    manifest
        .get("files")?
        .as_array()?
        .iter()
        .map(|name| name.as_str().map(str::to_string))
        .collect()
}

/// The files with a manifest that names the tool and lists them (the caller's manifest, an
/// object, completed; or a new one), last.
fn with_manifest(files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let (given, mut others): (Vec<_>, Vec<_>) = files
        .iter()
        .cloned()
        .partition(|(name, _)| name == MANIFEST);
    let mut manifest = given
        .first()
        .and_then(|(_, bytes)| serde_json::from_slice::<serde_json::Value>(bytes).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}));
    let object = manifest.as_object_mut().expect("filtered to an object");
    object
        .entry("tool")
        .or_insert_with(|| format!("landplan {}", env!("CARGO_PKG_VERSION")).into());
    let names: Vec<&str> = others.iter().map(|(name, _)| name.as_str()).collect();
    object.insert("files".to_string(), serde_json::json!(names));
    let mut text = serde_json::to_string_pretty(&manifest).expect("JSON values serialise");
    text.push('\n');
    others.push((MANIFEST.to_string(), text.into_bytes()));
    others
}

/// Writes the files into a fresh temporary folder beside the target, each synced; a name
/// with `/` goes into a folder inside it (created).
fn stage(parent: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<tempfile::TempDir> {
    let temp = tempfile::Builder::new()
        .prefix(".landplan-out-")
        .tempdir_in(parent)?;
    let (manifest, others): (Vec<_>, Vec<_>) = files.iter().partition(|(name, _)| name == MANIFEST);
    for (name, bytes) in others.into_iter().chain(manifest) {
        let path = temp.path().join(name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut file = std::fs::File::create(path)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    Ok(temp)
}

/// Puts the staged folder in place of `dir`. Another run may write `dir` meanwhile: each
/// attempt re-checks the policy, so what is replaced is always something it allows.
fn install(
    staged: tempfile::TempDir,
    dir: &Path,
    parent: &Path,
    policy: FolderPolicy,
    inputs: &Inputs,
) -> Result<(), OutputError> {
    for _ in 0..INSTALL_ATTEMPTS {
        match check_folder(dir, policy, inputs) {
            Ok(()) => {}
            // The folder vanished between two looks: another run is moving it; look again.
            Err(OutputError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        // rename() takes the place of an absent or empty folder in one step.
        if std::fs::rename(staged.path(), dir).is_ok() {
            let _ = staged.keep();
            return Ok(());
        }
        if !dir.exists() {
            continue;
        }
        let aside = aside_path(parent).map_err(OutputError::io(dir))?;
        if std::fs::rename(dir, &aside).is_err() {
            continue; // another run moved it first
        }
        match std::fs::rename(staged.path(), dir) {
            Ok(()) => {
                let _ = staged.keep();
                return std::fs::remove_dir_all(&aside).map_err(OutputError::io(&aside));
            }
            Err(_) => {
                // Another run took the place: put the old folder back where it can, retry.
                let _ = std::fs::rename(&aside, dir);
                let _ = std::fs::remove_dir_all(&aside);
            }
        }
    }
    Err(OutputError::FolderRefused {
        path: dir.to_path_buf(),
        why: "other runs kept writing it at the same moment; nothing of this run was kept"
            .to_string(),
    })
}

/// A fresh name beside the target for the folder being replaced.
fn aside_path(parent: &Path) -> std::io::Result<PathBuf> {
    let reserved = tempfile::Builder::new()
        .prefix(".landplan-old-")
        .tempdir_in(parent)?;
    let path = reserved.path().to_path_buf();
    reserved.close()?; // free the name: the old folder is renamed onto it
    Ok(canonical(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|n| (n.to_string(), b"x".to_vec()))
            .collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names = entries(dir).unwrap();
        names.sort();
        names
    }

    #[test]
    fn results_replace_only_landplan_folders_that_hold_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("results");
        let inputs = Inputs::new();
        write_folder(
            &out,
            &files(&["a.csv", "b.csv"]),
            FolderPolicy::Results,
            &inputs,
        )
        .unwrap();
        assert_eq!(names(&out), ["a.csv", "b.csv", MANIFEST]);
        write_folder(&out, &files(&["c.csv"]), FolderPolicy::Results, &inputs).unwrap();
        assert_eq!(
            names(&out),
            ["c.csv", MANIFEST],
            "the old output is replaced whole"
        );
        assert_eq!(
            names(dir.path()),
            ["results"],
            "no temporary is left behind"
        );
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let refused = write_folder(&out, &files(&["d.csv"]), FolderPolicy::Results, &inputs);
        assert!(matches!(refused, Err(OutputError::FolderRefused { .. })));
        assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn results_with_folders_inside_are_replaced_and_checked_through_them() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("results");
        let inputs = Inputs::new();
        let written = files(&["base.json", "base/cells.csv", "base/scenario.csv"]);
        write_folder(&out, &written, FolderPolicy::Results, &inputs).unwrap();
        assert_eq!(names(&out.join("base")), ["cells.csv", "scenario.csv"]);
        write_folder(&out, &written, FolderPolicy::Results, &inputs).unwrap();
        std::fs::write(out.join("base/notes.txt"), "mine").unwrap();
        let refused = write_folder(&out, &written, FolderPolicy::Results, &inputs);
        assert!(
            matches!(refused, Err(OutputError::FolderRefused { .. })),
            "a file added inside a scenario folder is not landplan's"
        );
        std::fs::remove_file(out.join("base/notes.txt")).unwrap();
        std::fs::create_dir(out.join("based")).unwrap();
        let refused = write_folder(&out, &written, FolderPolicy::Results, &inputs);
        assert!(matches!(refused, Err(OutputError::FolderRefused { .. })));
    }

    #[test]
    fn a_foreign_manifest_does_not_make_a_folder_landplans() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("webapp");
        std::fs::create_dir(&app).unwrap();
        std::fs::write(app.join(MANIFEST), r#"{"name": "my web app"}"#).unwrap();
        std::fs::write(app.join("index.html"), "<p>").unwrap();
        let refused = write_folder(
            &app,
            &files(&["a.csv"]),
            FolderPolicy::Results,
            &Inputs::new(),
        );
        assert!(matches!(refused, Err(OutputError::FolderRefused { .. })));
        assert_eq!(names(&app), ["index.html", MANIFEST]);
    }

    #[test]
    fn fresh_folders_are_never_replaced_and_inputs_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("next");
        write_folder(
            &out,
            &files(&["a.csv"]),
            FolderPolicy::Fresh,
            &Inputs::new(),
        )
        .unwrap();
        let again = write_folder(
            &out,
            &files(&["b.csv"]),
            FolderPolicy::Fresh,
            &Inputs::new(),
        );
        assert!(matches!(again, Err(OutputError::FolderRefused { .. })));
        let inputs = Inputs::new().scenario_folder(&out);
        let forced = write_folder(&out, &files(&["b.csv"]), FolderPolicy::Replace, &inputs);
        assert!(matches!(forced, Err(OutputError::FolderRefused { .. })));
        write_folder(
            &out,
            &files(&["b.csv"]),
            FolderPolicy::Replace,
            &Inputs::new(),
        )
        .unwrap();
        assert_eq!(names(&out), ["b.csv"]);
    }

    #[test]
    fn concurrent_writers_each_succeed_and_leave_one_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("res");
        std::thread::scope(|scope| {
            for writer in 0..8 {
                let out = &out;
                scope.spawn(move || {
                    let name = format!("w{writer}.csv");
                    write_folder(out, &files(&[&name]), FolderPolicy::Results, &Inputs::new())
                        .unwrap();
                });
            }
        });
        let left = names(&out);
        assert_eq!(
            left.len(),
            2,
            "one writer's file and the manifest: {left:?}"
        );
        assert_eq!(names(dir.path()), ["res"], "no temporary is left behind");
    }
}
