//! Which format an output is written in: `--format`, else the extension of `--out`, else the
//! command's default; a `--format` that contradicts the extension is an error, and so is a
//! format (or an extension) the command does not write.

use super::{Destination, OutputError};

/// Every format landplan writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileFormat {
    /// A table for the terminal (`.txt`).
    Table,
    Json,
    Csv,
    /// Markdown (`.md`).
    Md,
    /// One self-contained HTML page (`.html`).
    Html,
    /// An Excel workbook (`.xlsx`).
    Xlsx,
}

impl FileFormat {
    pub const ALL: [FileFormat; 6] = [
        FileFormat::Table,
        FileFormat::Json,
        FileFormat::Csv,
        FileFormat::Md,
        FileFormat::Html,
        FileFormat::Xlsx,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Table => "table",
            FileFormat::Json => "json",
            FileFormat::Csv => "csv",
            FileFormat::Md => "md",
            FileFormat::Html => "html",
            FileFormat::Xlsx => "xlsx",
        }
    }

    /// The extensions that mean this format.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileFormat::Table => &["txt", "text"],
            FileFormat::Json => &["json"],
            FileFormat::Csv => &["csv"],
            FileFormat::Md => &["md", "markdown"],
            FileFormat::Html => &["html", "htm"],
            FileFormat::Xlsx => &["xlsx"],
        }
    }

    /// The format an extension means, if any.
    pub fn from_extension(extension: &str) -> Option<FileFormat> {
        let extension = extension.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()))
    }
}

/// A command's formats: which it writes and which it writes when nothing says otherwise.
#[derive(Debug, Clone, Copy)]
pub struct FormatChoice {
    pub command: &'static str,
    pub offered: &'static [FileFormat],
    pub default: FileFormat,
}

impl FormatChoice {
    /// The format of this run's output.
    pub fn resolve(
        &self,
        asked: Option<FileFormat>,
        destination: &Destination,
    ) -> Result<FileFormat, OutputError> {
        let implied = match destination.file().and_then(|p| p.extension()) {
            None => None,
            Some(extension) => {
                let extension = extension.to_string_lossy();
                match FileFormat::from_extension(&extension) {
                    Some(format) => Some(format),
                    None if asked.is_some() => None,
                    None => {
                        return Err(self.error(format!(
                            "cannot tell the format of '.{extension}' files: landplan {} writes {}",
                            self.command,
                            self.offered_with_extensions()
                        )))
                    }
                }
            }
        };
        let chosen = match (asked, implied) {
            (Some(asked), Some(implied)) if asked != implied => {
                return Err(self.error(format!(
                    "the format {} contradicts the file name {} (a .{} file); give one or make them agree",
                    asked.name(),
                    destination.file().expect("implied by a file").display(),
                    implied.extensions()[0]
                )))
            }
            (Some(asked), _) => asked,
            (None, Some(implied)) => implied,
            (None, None) => self.default,
        };
        if !self.offered.contains(&chosen) {
            return Err(self.error(format!(
                "landplan {} does not write {}: it writes {}",
                self.command,
                chosen.name(),
                self.offered_with_extensions()
            )));
        }
        Ok(chosen)
    }

    fn offered_with_extensions(&self) -> String {
        let names: Vec<String> = self
            .offered
            .iter()
            .map(|f| format!("{} (.{})", f.name(), f.extensions()[0]))
            .collect();
        names.join(", ")
    }

    fn error(&self, message: String) -> OutputError {
        OutputError::Format(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const SOLVE: FormatChoice = FormatChoice {
        command: "solve",
        offered: &[
            FileFormat::Table,
            FileFormat::Json,
            FileFormat::Csv,
            FileFormat::Md,
        ],
        default: FileFormat::Table,
    };

    fn file(name: &str) -> Destination {
        Destination::File(PathBuf::from(name))
    }

    #[test]
    fn the_extension_picks_the_format_unless_told_otherwise() {
        assert_eq!(
            SOLVE.resolve(None, &file("a.csv")).unwrap(),
            FileFormat::Csv
        );
        assert_eq!(
            SOLVE.resolve(None, &file("a.JSON")).unwrap(),
            FileFormat::Json
        );
        assert_eq!(
            SOLVE.resolve(None, &Destination::Stdout).unwrap(),
            FileFormat::Table
        );
        assert_eq!(
            SOLVE.resolve(None, &file("result")).unwrap(),
            FileFormat::Table
        );
        assert_eq!(
            SOLVE
                .resolve(Some(FileFormat::Json), &file("a.out"))
                .unwrap(),
            FileFormat::Json
        );
    }

    #[test]
    fn contradictions_and_unknown_formats_are_errors() {
        let contradiction = SOLVE
            .resolve(Some(FileFormat::Csv), &file("a.json"))
            .unwrap_err();
        assert!(
            contradiction.to_string().contains("contradicts"),
            "{contradiction}"
        );
        let pdf = SOLVE.resolve(None, &file("r.pdf")).unwrap_err();
        assert!(pdf.to_string().contains("'.pdf'"), "{pdf}");
        let html = SOLVE.resolve(None, &file("r.html")).unwrap_err();
        assert!(html.to_string().contains("does not write html"), "{html}");
    }
}
