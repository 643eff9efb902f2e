//! The plan's title: the line that names it, from which the year is read.

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
