//! Markdown for every renderer: the one place where text from the data (names of towns,
//! categories, scenarios and files, messages that quote them) is made safe for Markdown.
//!
//! Input: plain text. Output: GitHub-flavoured Markdown in which that text prints as written:
//! `<`, `>` and `&` become HTML entities (a renderer that passes HTML through then shows a
//! town named `<img src=...>` as text and fetches nothing), and the characters Markdown gives a
//! meaning to (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`, `#`) are backslash-escaped. Every
//! Markdown renderer (the commands' `--format md` and the report page) builds its headings,
//! items, paragraphs and tables here.

/// `text` as literal Markdown inline text: one line, HTML-escaped, Markdown-escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A level-1 heading (the document's title).
pub fn title(text: &str) -> String {
    format!("# {}\n", escape(text))
}

/// A level-2 heading, with a blank line before and after.
pub fn heading(text: &str) -> String {
    format!("\n## {}\n\n", escape(text))
}

/// A level-3 heading, with a blank line before.
pub fn subheading(text: &str) -> String {
    format!("\n### {}\n", escape(text))
}

/// A bulleted item.
pub fn item(text: &str) -> String {
    format!("- {}\n", escape(text))
}

/// A paragraph: each line of `text` escaped, lines kept apart as paragraphs.
pub fn paragraph(text: &str) -> String {
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| format!("{}\n", escape(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A GitHub-flavoured Markdown table; every header and cell escaped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|h| escape(h)).collect();
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markdown_syntax_in_names_print_as_written() {
        assert_eq!(
            escape("<img src=https://evil.example/p.png>"),
            "&lt;img src=https://evil.example/p.png&gt;"
        );
        assert_eq!(
            escape("a|b *c* _d_ [e](f) `g` A&B"),
            r"a\|b \*c\* \_d\_ \[e\](f) \`g\` A&amp;B"
        );
        assert_eq!(escape("九陂镇\n# x"), r"九陂镇 \# x");
    }

    #[test]
    fn tables_escape_headers_and_cells() {
        let text = table(&["镇<b>"], &[vec!["a|b".to_string()]]);
        assert_eq!(text, "| 镇&lt;b&gt; |\n|---|\n| a\\|b |\n");
    }
}
