//! The plan's title, year and place: from the line that names the plan, else from the first
//! sentence that does ("现将云溪县2026年度国有建设用地供应计划公布如下").

use super::lex::fold_char;
use super::words;

/// How many lines from the top a plan's year and place are looked for when the title has
/// none.
const OPENING: usize = 10;

/// The plan's year and place: the title's, else those of the first opening line that names a
/// supply plan (供应计划, 供地计划; not a 规划 such as "2021-2035年国土空间规划").
pub(super) fn year_and_place(
    lines: &[String],
    title: Option<&str>,
) -> (Option<u32>, Option<String>) {
    let fold = |text: &str| -> String { text.chars().map(fold_char).collect() };
    let naming: Vec<String> = lines
        .iter()
        .take(OPENING)
        .map(|l| fold(l))
        .filter(|l| l.contains("供应计划") || l.contains("供地计划"))
        .collect();
    let title = title.map(fold);
    let year = title
        .as_deref()
        .and_then(words::year_in)
        .or_else(|| naming.iter().find_map(|l| words::year_in(l)));
    let place = title
        .as_deref()
        .and_then(words::place_in)
        .or_else(|| naming.iter().find_map(|l| words::place_in(l)));
    (year, place)
}

/// The title: among the first non-empty lines, the first short one that names a plan (计划),
/// else a plan's name in 《》 within them, else the first line if it looks like a title.
pub(super) fn title(lines: &[String]) -> Option<String> {
    const SHORT: usize = 80;
    let first: Vec<&str> = lines
        .iter()
        .map(|l| l.trim().trim_start_matches('\u{feff}'))
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    // A title is short and no sentence: it has no comma or full stop.
    let short = |l: &&str| l.chars().count() <= SHORT && !l.contains(['，', ',', '。']);
    let named = first.iter().find(|l| l.contains("计划") && short(l));
    let quoted = || {
        first.iter().find_map(|l| {
            let start = l.find('《')? + '《'.len_utf8();
            let end = start + l[start..].find('》')?;
            let name = &l[start..end];
            name.contains("计划").then_some(name)
        })
    };
    named
        .copied()
        .or_else(quoted)
        .or(first.first().copied().filter(short))
        .map(str::to_string)
}
