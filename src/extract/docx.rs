//! A Word .docx to lines of text.
//!
//! Input: the bytes of a .docx (a zip holding `word/document.xml`). Output: the text of the
//! document body, one line per paragraph and one per table row (cells separated by tabs).
//! Only visible text (`w:t`) is taken: deleted text of tracked changes and field codes are
//! not. Read with `zip` and `quick-xml`. `table` reads the rows of a layout table.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// The largest `word/document.xml` read: a plan is a few hundred kilobytes; this keeps a
/// crafted archive from exhausting memory.
const LARGEST_XML: u64 = 64 * 1024 * 1024;

/// The lines of a .docx's body.
pub fn lines(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .docx (zip) file: {e}"))?;
    let file = archive
        .by_name("word/document.xml")
        .map_err(|_| "not a Word document: the .docx has no word/document.xml".to_string())?;
    let mut xml = String::new();
    file.take(LARGEST_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| format!("word/document.xml is not readable UTF-8 text: {e}"))?;
    if xml.len() as u64 > LARGEST_XML {
        return Err(format!(
            "word/document.xml is larger than {} MiB",
            LARGEST_XML / 1024 / 1024
        ));
    }
    body_lines(&xml)
}

/// Collects text by paragraph and table row.
#[derive(Default)]
struct Collector {
    lines: Vec<String>,
    /// The paragraph being read.
    paragraph: String,
    /// Inside `w:t`.
    in_text: bool,
    /// Nesting of `w:tbl`.
    tables: usize,
    /// The cell being read (its paragraphs joined by spaces) and the row's cells so far.
    cell: String,
    row: Vec<String>,
}

impl Collector {
    fn end_paragraph(&mut self) {
        let paragraph = std::mem::take(&mut self.paragraph);
        if self.tables == 0 {
            self.lines.push(paragraph);
        } else {
            if !self.cell.is_empty() && !paragraph.is_empty() {
                self.cell.push(' ');
            }
            self.cell.push_str(&paragraph);
        }
    }

    fn line_break(&mut self) {
        if self.tables == 0 {
            self.end_paragraph();
        } else {
            self.paragraph.push(' ');
        }
    }
}

/// The lines of `word/document.xml`.
fn body_lines(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Collector::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml is not well-formed XML: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => out.in_text = true,
                b"tbl" => out.tables += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => out.paragraph.push('\t'),
                b"br" | b"cr" => out.line_break(),
                b"p" => out.end_paragraph(),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => out.in_text = false,
                b"p" => out.end_paragraph(),
                b"tc" if out.tables == 1 => {
                    let cell = std::mem::take(&mut out.cell);
                    out.row.push(cell);
                }
                b"tr" if out.tables == 1 => {
                    let row = std::mem::take(&mut out.row);
                    out.lines.push(row.join("\t"));
                }
                b"tbl" => out.tables = out.tables.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) if out.in_text => {
                let text = text
                    .xml10_content()
                    .map_err(|e| format!("word/document.xml has text that is not UTF-8: {e}"))?;
                out.paragraph.push_str(&text);
            }
            Event::CData(text) if out.in_text => {
                out.paragraph.push_str(&String::from_utf8_lossy(&text));
            }
            Event::GeneralRef(reference) if out.in_text => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference.decode().unwrap_or_default();
                        quick_xml::escape::resolve_xml_entity(&name)
                            .map(str::to_string)
                            .ok_or_else(|| {
                                format!("word/document.xml refers to an unknown entity &{name};")
                            })?
                    }
                };
                out.paragraph.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{inner}</w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_runs_and_entities() {
        let xml = body(
            r#"<w:p><w:r><w:t>甲镇</w:t></w:r><w:r><w:t xml:space="preserve">5公顷 &amp; </w:t></w:r><w:r><w:t>&#x4E59;</w:t></w:r></w:p><w:p/><w:p><w:r><w:delText>删除</w:delText><w:t>住宅用地</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            body_lines(&xml).unwrap(),
            vec!["甲镇5公顷 & 乙", "", "住宅用地", "下一行"]
        );
    }

    #[test]
    fn table_rows_are_lines_with_tab_separated_cells() {
        let xml = body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>乡镇</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>面积</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>甲镇</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5.5</w:t></w:r></w:p><w:p><w:r><w:t>公顷</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>后文</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            body_lines(&xml).unwrap(),
            vec!["乡镇\t面积", "甲镇\t5.5 公顷", "后文"]
        );
    }

    #[test]
    fn refuses_what_is_no_docx() {
        assert!(lines(b"plain text").unwrap_err().contains("zip"));
        assert!(body_lines("<w:p><w:t>x</w:p>").is_err());
    }
}
