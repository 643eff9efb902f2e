//! A PDF's text to lines.
//!
//! Input: the bytes of a PDF as a bureau publishes it. Output: its text line by line, pages
//! one after the other, through the pure-Rust `pdf-extract` crate (which reads each font's
//! ToUnicode map, so Chinese text comes out as text). A table comes out as its cells in
//! reading order, separated by spaces: the text reads, the table's layout does not. A scanned
//! PDF (images only) has no text and is refused. `pdf-extract` panics on some damaged files;
//! that panic is caught here and reported as an unreadable PDF, never passed on.

use std::panic::{self, AssertUnwindSafe};

/// The lines of a PDF's text, or why there are none.
pub fn lines(bytes: &[u8]) -> Result<Vec<String>, String> {
    let text = quietly(|| pdf_extract::extract_text_from_mem(bytes))
        .ok_or("the PDF could not be read (it may be damaged): save the plan as text or .docx")?
        .map_err(|e| format!("the PDF could not be read ({e}): save the plan as text or .docx"))?;
    let lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(
            "the PDF holds no text (a scanned page is an image): save the plan as text or .docx"
                .to_string(),
        );
    }
    Ok(lines)
}

/// Runs `f`, turning a panic into `None` without printing it.
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(f)).ok();
    panic::set_hook(hook);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_pdfs_are_refused_without_a_panic() {
        for bytes in [
            &b"%PDF-1.7\n"[..],
            &b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF"[..],
            &b""[..],
        ] {
            assert!(lines(bytes).is_err());
        }
    }

    #[test]
    fn a_pdf_with_chinese_text_reads_as_lines() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/extract_corpus/pdf/plan.pdf");
        let lines = lines(&std::fs::read(path).unwrap()).unwrap();
        let text = lines.join("\n");
        assert!(
            text.contains("溪南县2025年度国有建设用地供应计划"),
            "{text}"
        );
        assert!(
            text.contains("住宅用地24.5公顷，工矿仓储用地40公顷。"),
            "{text}"
        );
    }
}
