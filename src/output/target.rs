//! Writing one file (or standard output) completely or not at all.
//!
//! Input: a destination, the bytes and the run's inputs. The bytes go to a temporary file
//! beside the target, which is renamed over it only once complete and synced, so an
//! interrupted run leaves the old file or the new one, never half of one. A symlink to a
//! regular file is written through (the link stays a link). Anything that exists and is not
//! a regular file is refused, never replaced.

use super::{Inputs, OutputError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a command's output goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Destination {
    /// Standard output (no `--out`, or `--out -`).
    #[default]
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// `--out PATH`: `-` is standard output.
    pub fn from_option(out: Option<PathBuf>) -> Self {
        match out {
            Some(path) if path.as_os_str() == "-" => Destination::Stdout,
            Some(path) => Destination::File(path),
            None => Destination::Stdout,
        }
    }

    /// The file, when the output goes to one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Destination::File(path) => Some(path),
            Destination::Stdout => None,
        }
    }

    /// Refuses a destination the run must not write (checked before any work is done, and
    /// again when writing).
    pub fn check(&self, inputs: &Inputs) -> Result<(), OutputError> {
        match self {
            Destination::Stdout => Ok(()),
            Destination::File(path) => check_file(path, inputs).map(|_| ()),
        }
    }
}

/// Checks a file target; returns the path to write (a symlink's target).
fn check_file(path: &Path, inputs: &Inputs) -> Result<PathBuf, OutputError> {
    if let Some(what) = inputs.clash_with_file(path) {
        return Err(OutputError::WouldOverwriteInput {
            path: path.to_path_buf(),
            what,
        });
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            Ok(std::fs::canonicalize(path).map_err(OutputError::io(path))?)
        }
        Ok(meta) => Err(OutputError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&meta.file_type()),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            refuse_dangling_link(path)?;
            Ok(path.to_path_buf())
        }
        Err(source) => Err(OutputError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A symlink whose target does not exist would be replaced by a file; refused instead.
fn refuse_dangling_link(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(OutputError::NotRegular {
            path: path.to_path_buf(),
            kind: "a symbolic link to nothing",
        }),
        _ => Ok(()),
    }
}

/// What a non-regular file is, in words.
pub(super) fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Writes `bytes` to the destination: standard output as is, a file atomically.
pub fn write_file(
    destination: &Destination,
    bytes: &[u8],
    inputs: &Inputs,
) -> Result<(), OutputError> {
    match destination {
        Destination::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(OutputError::io(Path::new("-")))
        }
        Destination::File(path) => write_streamed(path, inputs, |mut file| {
            file.write_all(bytes).map(|()| true)
        })
        .map(|_| ()),
    }
}

/// Writes a file whose content is streamed by `write` into a temporary beside it (a large
/// output need not be held in memory). `write` says whether the content is complete: a
/// complete file is synced and renamed into place (`Ok(true)`); an incomplete one (a run
/// stopped by Ctrl-C) is removed and the target left as it was (`Ok(false)`).
pub fn write_streamed(
    path: &Path,
    inputs: &Inputs,
    write: impl FnOnce(&std::fs::File) -> std::io::Result<bool>,
) -> Result<bool, OutputError> {
    let target = check_file(path, inputs)?;
    let io = OutputError::io(path);
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(OutputError::io(path))?;
    let temp = tempfile::Builder::new()
        .prefix(".landplan-")
        .tempfile_in(folder)
        .map_err(OutputError::io(path))?;
    let complete = write(temp.as_file())
        .and_then(|complete| {
            readable_by_all(temp.as_file())?;
            temp.as_file().sync_all()?;
            Ok(complete)
        })
        .map_err(io)?;
    if !complete {
        return Ok(false); // dropping the temporary removes it
    }
    // On failure `persist` hands the temporary back; dropping it removes it.
    temp.persist(&target).map_err(|error| OutputError::Io {
        path: path.to_path_buf(),
        source: error.error,
    })?;
    Ok(true)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_readable_by_all_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/result.json");
        let destination = Destination::File(target.clone());
        write_file(&destination, b"{}\n", &Inputs::new()).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("result.json")]);
    }

    #[test]
    fn refuses_inputs_folders_and_dangling_links() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("cells.csv");
        std::fs::write(&input, "x").unwrap();
        let inputs = Inputs::new().file(&input);
        let refused = write_file(&Destination::File(input.clone()), b"y", &inputs);
        assert!(matches!(
            refused,
            Err(OutputError::WouldOverwriteInput { .. })
        ));
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
        let folder = Destination::File(dir.path().to_path_buf());
        assert!(matches!(
            write_file(&folder, b"y", &Inputs::new()),
            Err(OutputError::NotRegular { .. })
        ));
        #[cfg(unix)]
        {
            let link = dir.path().join("dangling");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
            assert!(matches!(
                write_file(&Destination::File(link), b"y", &Inputs::new()),
                Err(OutputError::NotRegular { .. })
            ));
        }
    }

    #[test]
    fn dash_is_standard_output() {
        assert_eq!(
            Destination::from_option(Some(PathBuf::from("-"))),
            Destination::Stdout
        );
    }
}
