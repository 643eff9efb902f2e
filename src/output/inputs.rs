//! The inputs of a run, as the output guard sees them.
//!
//! Input: the files a command reads and the scenario folders it loads. Output: whether a
//! path (about to be written) is one of them. Two paths are the same file when their
//! canonical paths are equal or, for files that exist, when they are the same file on disk
//! (device and inode), which also catches hard links. A scenario folder counts with every
//! file the loader reads from it, present or not: writing `rules.csv` into a folder that has
//! none would change the scenario the next time it is loaded.

use std::path::{Path, PathBuf};

/// The files a scenario folder is read from (whatif.csv, uncertainty.csv, parcels.csv and
/// quarters.csv included), in the loader's order.
pub fn scenario_files() -> [&'static str; 11] {
    [
        crate::load::SCENARIO_FILE,
        crate::load::CATEGORIES_FILE,
        crate::load::TOWNS_FILE,
        crate::load::CELLS_FILE,
        crate::load::RULES_FILE,
        crate::whatif::WHATIF_FILE,
        crate::stress::uncertainty::UNCERTAINTY_FILE,
        crate::parcels::PARCELS_FILE,
        crate::parcels::QUARTERS_FILE,
        crate::methods::plan::METHODS_FILE,
        crate::parcels::SCHEDULE_FILE,
    ]
}

/// Every file and scenario folder a run reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Inputs {
    pub fn new() -> Self {
        Self::default()
    }

    /// A file the run reads.
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.files.push(path.into());
        self
    }

    /// A file the run may read.
    pub fn maybe_file(self, path: Option<impl Into<PathBuf>>) -> Self {
        match path {
            Some(path) => self.file(path),
            None => self,
        }
    }

    /// A scenario folder the run loads (the built-in scenario has none).
    pub fn scenario_folder(mut self, path: impl Into<PathBuf>) -> Self {
        self.folders.push(path.into());
        self
    }

    /// Another run's inputs added to these.
    pub fn with(mut self, other: Inputs) -> Self {
        self.files.extend(other.files);
        self.folders.extend(other.folders);
        self
    }

    /// Every input file, the scenario folders' files included.
    fn all_files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let folder_files = self
            .folders
            .iter()
            .flat_map(|folder| scenario_files().map(|name| folder.join(name)));
        self.files.iter().cloned().chain(folder_files)
    }

    /// What `path` is when it is one of the inputs: a description for the refusal.
    pub fn clash_with_file(&self, path: &Path) -> Option<String> {
        let target = Resolved::of(path);
        self.all_files()
            .find(|input| target.same_as(&Resolved::of(input)))
            .map(|input| format!("the input file {}", input.display()))
    }

    /// What a folder about to be replaced holds of the inputs, or is of them.
    pub fn clash_with_folder(&self, dir: &Path) -> Option<String> {
        let folder = canonical(dir);
        let inside = |path: &Path| canonical(path).starts_with(&folder);
        if let Some(input) = self.folders.iter().find(|f| inside(f)) {
            return Some(format!(
                "it is or holds the scenario folder {}",
                input.display()
            ));
        }
        self.all_files()
            .find(|input| input.exists() && inside(input))
            .map(|input| format!("it holds the input file {}", input.display()))
    }
}

/// A path's canonical form: the path itself when it exists, else its canonical parent
/// joined with its name (so a symlinked folder still compares equal).
pub(super) fn canonical(path: &Path) -> PathBuf {
    if let Ok(found) = std::fs::canonicalize(path) {
        return found;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}

/// A path as compared: canonical path and, when it exists, the file's identity on disk.
struct Resolved {
    path: PathBuf,
    identity: Option<(u64, u64)>,
}

impl Resolved {
    fn of(path: &Path) -> Self {
        Self {
            path: canonical(path),
            identity: identity(path),
        }
    }

    fn same_as(&self, other: &Resolved) -> bool {
        self.path == other.path
            || matches!((self.identity, other.identity), (Some(a), Some(b)) if a == b)
    }
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_through_symlinks_hard_links_and_absent_scenario_files() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("f");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("cells.csv"), "x").unwrap();
        let inputs = Inputs::new().scenario_folder(&folder);
        assert!(inputs.clash_with_file(&folder.join("cells.csv")).is_some());
        assert!(
            inputs.clash_with_file(&folder.join("rules.csv")).is_some(),
            "a scenario file the folder lacks is still protected"
        );
        assert!(inputs.clash_with_file(&folder.join("result.csv")).is_none());
        for parcel_file in ["parcels.csv", "quarters.csv"] {
            assert!(inputs.clash_with_file(&folder.join(parcel_file)).is_some());
        }
        let side = dir.path().join("u.csv");
        std::fs::write(&side, "x").unwrap();
        let inputs = Inputs::new().file(&side);
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&side, &hard).unwrap();
        assert!(
            inputs.clash_with_file(&hard).is_some(),
            "a hard link is the same file"
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&side, &link).unwrap();
            assert!(inputs.clash_with_file(&link).is_some());
        }
        assert!(Inputs::new()
            .scenario_folder(&folder)
            .clash_with_folder(dir.path())
            .is_some());
    }
}
