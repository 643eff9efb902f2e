//! One line of a plan's text to tokens.
//!
//! Input: a line as published, with full-width or half-width digits and punctuation. Output:
//! tokens located by 1-based character column: figures with their area unit (公顷, 亩, and
//! "X公顷(Y亩)" pairs read as one figure), shares (`6.7%`), numbers without a unit,
//! separators and text. Numbers are read exactly (`Decimal::from_str_exact`), never through
//! `f64`. This stage does not judge what a figure is about.

use super::numerals::{chinese_number, CHINESE_DIGITS, CHINESE_NUMERALS};
use super::words::{said, Said};
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

/// The largest figure taken as an area: larger ones are reported, not read (the whole land
/// of the earth is about 1.5e10 ha). Keeps every later sum far from `Decimal`'s range.
const LARGEST: u64 = 1_000_000_000_000;

/// An area unit as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaUnit {
    Ha,
    Mu,
    /// 平方米 (m²): read as hectares, exactly (1 ha = 10,000 m²).
    SquareMetre,
}

/// A published area: in hectares, in mu, or both when the text gives a pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub ha: Option<Decimal>,
    pub mu: Option<Decimal>,
    /// When a pair's two figures disagree: what the text says, for a warning.
    pub disagreement: Option<Said>,
}

impl Figure {
    /// A figure as published in one unit: square metres become hectares, exactly.
    pub fn new(value: Decimal, unit: AreaUnit) -> Figure {
        let (ha, mu) = match unit {
            AreaUnit::Ha => (Some(value), None),
            AreaUnit::Mu => (None, Some(value)),
            AreaUnit::SquareMetre => (Some(square_metres(value)), None),
        };
        Figure {
            ha,
            mu,
            disagreement: None,
        }
    }
}

/// How strongly a separator ends what comes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// `，` `,` `、`, and the tab between a table row's cells
    Weak,
    /// `；` `;`
    Strong,
    /// `。` and a sentence's `.` `!` `?`
    End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Text that is none of the below, full-width forms folded.
    Text(String),
    Figure(Figure),
    /// A number followed by `%`: a share, never an area.
    Share,
    /// A number with no area unit. `counted`: a word such as 年, 号, 个 follows, so it is
    /// plainly not an area; `standalone`: nothing but a separator or white space follows;
    /// `decimal`: it has a decimal point.
    Bare {
        counted: bool,
        standalone: bool,
        decimal: bool,
    },
    /// A number with an area unit that cannot be an area (too many digits, too large).
    Bad(Said),
    /// An area unit with no number before it.
    Unit,
    Sep(Sep),
    Open,
    Close,
}

/// One token: what it is, where it starts (1-based character column) and its text as
/// published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub column: usize,
    pub text: String,
}

/// Folds one character: full-width ASCII forms and the ideographic space to ASCII, and any
/// other character whose compatibility form is one character (`²` to `2`). The fold maps
/// one character to one, so columns in folded text are columns in the published text.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c if c.is_ascii() => c,
        c => {
            let mut folded = std::iter::once(c).nfkc();
            match (folded.next(), folded.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        }
    }
}

/// Words after a number that say it counts something other than area (ASCII in lower case).
const COUNTERS: &[&str] = &[
    "年", "月", "日", "号", "个", "倍", "元", "万元", "亿元", "亿", "千", "百", "项", "宗", "幅",
    "块", "家", "条", "次", "人", "户", "套", "栋", "层", "期", "批", "届", "大", "位", "名", "座",
    "所", "处", "天", "周", "季", "米", "km", "公里", "kw", "千瓦", "吨", "辆", "间", "]", "〕",
    "】", "”", "》", "<", ">", "—", "-", "~", "/", "×", "*", ":", "h",
];

struct Lexer {
    folded: Vec<char>,
    published: Vec<char>,
    tokens: Vec<Token>,
    text_start: Option<usize>,
}

/// Splits one line into tokens.
pub fn lex(line: &str) -> Vec<Token> {
    let published: Vec<char> = line.chars().collect();
    let folded: Vec<char> = published.iter().map(|c| fold_char(*c)).collect();
    let mut lexer = Lexer {
        folded,
        published,
        tokens: Vec::new(),
        text_start: None,
    };
    lexer.run();
    resolve_parentheses(lexer.tokens)
}

impl Lexer {
    fn at(&self, i: usize) -> Option<char> {
        self.folded.get(i).copied()
    }

    /// Whether the folded text at `i` reads `word` (ASCII letters in any case).
    fn starts_with(&self, i: usize, word: &str) -> bool {
        (i..)
            .zip(word.chars())
            .all(|(k, c)| self.at(k).map(|f| f.to_ascii_lowercase()) == Some(c))
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(char::is_whitespace) {
            i += 1;
        }
        i
    }

    fn published(&self, from: usize, to: usize) -> String {
        self.published[from..to.min(self.published.len())]
            .iter()
            .collect()
    }

    fn flush_text(&mut self, end: usize) {
        if let Some(start) = self.text_start.take() {
            let text: String = self.folded[start..end].iter().collect();
            self.tokens.push(Token {
                kind: Kind::Text(text),
                column: start + 1,
                text: self.published(start, end),
            });
        }
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize) {
        self.flush_text(start);
        let text = self.published(start, end);
        self.tokens.push(Token {
            kind,
            column: start + 1,
            text,
        });
    }

    fn text_char(&mut self, i: usize) {
        if self.text_start.is_none() {
            self.text_start = Some(i);
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while let Some(c) = self.at(i) {
            if c.is_ascii_digit() {
                i = self.number(i);
                continue;
            }
            if let Some(end) = self.chinese_figure(i) {
                i = end;
                continue;
            }
            if c == '.' && self.at(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                if let Some(end) = self.headless(i) {
                    i = end;
                    continue;
                }
            }
            let sep = match c {
                ',' | '、' | '\t' => Some(Kind::Sep(Sep::Weak)),
                ';' => Some(Kind::Sep(Sep::Strong)),
                '。' | '!' | '?' => Some(Kind::Sep(Sep::End)),
                '.' => Some(Kind::Sep(Sep::End)),
                '(' => Some(Kind::Open),
                ')' => Some(Kind::Close),
                _ => None,
            };
            if let Some(kind) = sep {
                self.push(kind, i, i + 1);
                i += 1;
            } else if let Some(len) = self.unit_alone(i) {
                self.push(Kind::Unit, i, i + len);
                i += len;
            } else {
                self.text_char(i);
                i += 1;
            }
        }
        self.flush_text(self.folded.len());
    }

    /// An area unit at `i` with no number before it; `亩` in 亩均, 亩产 and `/亩`, `每亩`
    /// (prices, yields) is no area.
    fn unit_alone(&self, i: usize) -> Option<usize> {
        let before = i.checked_sub(1).and_then(|b| self.at(b));
        if matches!(before, Some('/' | '每')) {
            return None;
        }
        if self.starts_with(i, "公顷") {
            return Some(2);
        }
        if self.at(i) == Some('亩') && !matches!(self.at(i + 1), Some('均' | '产' | '收')) {
            return Some(1);
        }
        None
    }

    /// ".32公顷": a figure whose digits before the decimal point are lost (as in text copied
    /// from a damaged page). Reported, never read as 32 or 0.32.
    fn headless(&mut self, i: usize) -> Option<usize> {
        let (_, end) = self.digits(i + 1);
        let after = self.skip_spaces(end);
        let (_, len) = self.unit_after(after)?;
        let text = self.published(i, after + len);
        let reason = said(
            format!("'{text}' has no digits before its decimal point"),
            format!("“{text}”小数点前缺少数字"),
        );
        self.push(Kind::Bad(reason), i, after + len);
        Some(after + len)
    }

    /// An area unit right after a number: its kind and length in characters.
    fn unit_after(&self, i: usize) -> Option<(AreaUnit, usize)> {
        if self.starts_with(i, "公顷") {
            return Some((AreaUnit::Ha, 2));
        }
        if self.at(i) == Some('亩') && !matches!(self.at(i + 1), Some('均' | '产' | '收')) {
            return Some((AreaUnit::Mu, 1));
        }
        if self.starts_with(i, "平方米") {
            return Some((AreaUnit::SquareMetre, 3));
        }
        if self.published.get(i) == Some(&'㎡') {
            return Some((AreaUnit::SquareMetre, 1));
        }
        for (word, len) in [("hm2", 3), ("ha", 2)] {
            if self.starts_with(i, word)
                && !self.at(i + len).is_some_and(|c| c.is_ascii_alphabetic())
            {
                return Some((AreaUnit::Ha, len));
            }
        }
        None
    }

    /// The digits of a number from `i`: `12`, `1,234.5` (well-placed thousands separators
    /// only), `0.4084`. Returns the digits without separators and the end.
    fn digits(&self, i: usize) -> (String, usize) {
        let mut text = String::new();
        let mut k = i;
        while let Some(c) = self.at(k).filter(char::is_ascii_digit) {
            text.push(c);
            k += 1;
        }
        if text.len() <= 3 {
            while self.at(k) == Some(',')
                && (1..=3).all(|d| self.at(k + d).is_some_and(|c| c.is_ascii_digit()))
                && !self.at(k + 4).is_some_and(|c| c.is_ascii_digit())
            {
                text.extend(&self.folded[k + 1..k + 4]);
                k += 4;
            }
        }
        if self.at(k) == Some('.') && self.at(k + 1).is_some_and(|c| c.is_ascii_digit()) {
            text.push('.');
            k += 1;
            while let Some(c) = self.at(k).filter(char::is_ascii_digit) {
                text.push(c);
                k += 1;
            }
        }
        (text, k)
    }

    /// An amount from `i`: digits, an optional 万, an area unit. Returns the value (or why
    /// it is no area), the unit, and the end.
    fn amount(&self, i: usize) -> Option<(Result<Decimal, Said>, AreaUnit, usize)> {
        let (digits, end) = self.digits(i);
        let mut k = self.skip_spaces(end);
        let wan = self.at(k) == Some('万');
        if wan {
            k = self.skip_spaces(k + 1);
        }
        let (unit, len) = self.unit_after(k)?;
        let value = exact(&digits, wan);
        Some((value, unit, k + len))
    }

    fn number(&mut self, i: usize) -> usize {
        let Some((value, unit, end)) = self.amount(i) else {
            return self.bare(i);
        };
        let value = match self.whole_token(i, end).and(value) {
            Ok(value) => value,
            Err(reason) => {
                self.push(Kind::Bad(reason), i, end);
                return end;
            }
        };
        let (value, unit) = match unit {
            AreaUnit::SquareMetre => (square_metres(value), AreaUnit::Ha),
            unit => (value, unit),
        };
        let (other, end) = match self.pair(end, unit) {
            Some((other, pair_end)) => (Some(other), pair_end),
            None => (None, end),
        };
        let mut figure = Figure::new(value, unit);
        if let Some(other) = other {
            match unit {
                AreaUnit::Mu => figure.ha = Some(other),
                _ => figure.mu = Some(other),
            }
            figure.disagreement = disagreement(&figure);
        }
        self.push(Kind::Figure(figure), i, end);
        end
    }

    /// Whether the number from `start` to `end` is a whole number token: its digits are
    /// digits as published (not `²` or `𝟓`, which fold to digits), and no letter, sign or
    /// range is glued before it (`1e3公顷`, `-5公顷`, `5-10公顷`, `5至10公顷`).
    fn whole_token(&self, start: usize, end: usize) -> Result<(), Said> {
        let (_, digits_end) = self.digits(start);
        if let Some(c) = self.published[start..digits_end]
            .iter()
            .find(|c| !is_published_digit(**c))
        {
            let text = self.published(start, end);
            return Err(said(
                format!("'{text}' is not one figure: '{c}' only looks like a digit"),
                format!("“{text}”不是一个数：“{c}”只是形似数字"),
            ));
        }
        let before = |k: usize| start.checked_sub(k).and_then(|b| self.at(b));
        let glued = match before(1) {
            Some(c) if c.is_ascii_alphanumeric() || GLUE.contains(&c) => true,
            Some('至' | '到') => before(2).is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        if !glued {
            return Ok(());
        }
        let mut from = start;
        while from > 0 && {
            let c = self.folded[from - 1];
            c.is_ascii_alphanumeric() || GLUE.contains(&c) || matches!(c, '.' | '至' | '到')
        } {
            from -= 1;
        }
        let text = self.published(from, end);
        Err(said(
            format!("'{text}' is not one figure: a letter, sign or range is glued to the number"),
            format!("“{text}”不是一个数：数字前连有字母、符号或区间"),
        ))
    }

    /// A figure written in Chinese numerals before an area unit ("一千二百亩", "三点五公顷").
    fn chinese_figure(&mut self, i: usize) -> Option<usize> {
        let first = self.at(i)?;
        if !CHINESE_DIGITS.contains(first) && first != '十' {
            return None;
        }
        let mut end = i;
        while self.at(end).is_some_and(|c| CHINESE_NUMERALS.contains(c)) {
            end += 1;
        }
        let after = self.skip_spaces(end);
        let (unit, len) = self.unit_after(after)?;
        let text: String = self.folded[i..end].iter().collect();
        let value = chinese_number(&text)
            .ok_or_else(|| {
                said(
                    format!("'{text}' is not a number in Chinese numerals"),
                    format!("“{text}”不是规范的中文数字"),
                )
            })
            .and_then(|v| area(v, &text));
        let value = match value {
            Ok(value) => value,
            Err(reason) => {
                self.push(Kind::Bad(reason), i, after + len);
                return Some(after + len);
            }
        };
        self.push(Kind::Figure(Figure::new(value, unit)), i, after + len);
        Some(after + len)
    }

    /// The other half of a pair after a figure: `(Y亩)` after hectares, `(X公顷)` after mu.
    fn pair(&self, end: usize, unit: AreaUnit) -> Option<(Decimal, usize)> {
        let mut k = self.skip_spaces(end);
        if self.at(k) != Some('(') {
            return None;
        }
        k = self.skip_spaces(k + 1);
        for word in ["折合", "合", "约", "即", "折"] {
            if self.starts_with(k, word) {
                k = self.skip_spaces(k + word.chars().count());
                break;
            }
        }
        if !self.at(k).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let (value, other, after) = self.amount(k)?;
        let close = self.skip_spaces(after);
        (other != unit && self.at(close) == Some(')'))
            .then_some(())
            .and(value.ok())
            .map(|value| (value, close + 1))
    }

    /// A number with no area unit: an enumerator ("1." at a clause's start), a share, or a
    /// bare number.
    fn bare(&mut self, i: usize) -> usize {
        let (digits, end) = self.digits(i);
        let after = self.skip_spaces(end);
        let clause_start = self.text_start.is_none()
            && self.tokens.last().map_or(true, |t| {
                matches!(t.kind, Kind::Sep(_) | Kind::Open | Kind::Close)
            });
        if clause_start
            && digits.len() <= 2
            && matches!(self.at(end), Some('.' | '、'))
            && !self.at(end + 1).is_some_and(|c| c.is_ascii_digit())
        {
            self.text_char(i);
            return end + 1;
        }
        if self.at(after) == Some('%') {
            self.push(Kind::Share, i, after + 1);
            return after + 1;
        }
        let counted = COUNTERS.iter().any(|w| self.starts_with(after, w))
            || self.at(after).is_some_and(|c| c.is_ascii_alphabetic());
        let standalone = match self.at(after) {
            None => true,
            Some(c) => matches!(c, ',' | '、' | ';' | '。' | '.' | ')' | '(') || after > end,
        };
        self.push(
            Kind::Bare {
                counted,
                standalone,
                decimal: digits.contains('.'),
            },
            i,
            end,
        );
        end
    }
}

/// Square metres in a hectare.
const SQUARE_METRES_PER_HA: u32 = 10_000;

/// Square metres in hectares, exactly, without the zeros the division leaves (3000 m² is
/// 0.3 ha).
fn square_metres(value: Decimal) -> Decimal {
    (value / Decimal::from(SQUARE_METRES_PER_HA)).normalize()
}

/// Characters that glue a number to something else when written right before it: a sign, a
/// range dash or tilde (ASCII letters and digits are checked apart).
const GLUE: &[char] = &['-', '+', '~', '−', '–', '—', '±', '/'];

/// Whether a published character is a digit or a separator of a number as written: ASCII or
/// full-width digits, `.` `,` and their full-width forms.
fn is_published_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | ',' | '．' | '，')
}

/// The most decimals a figure is read with: published figures carry up to 6 (0.01 m² in
/// hectares); more would let sums of figures outgrow `Decimal`'s 28 exact digits.
const MOST_DECIMALS: usize = 10;

/// Reads digits exactly; 万 multiplies by 10,000. Refuses what cannot be an area.
fn exact(digits: &str, wan: bool) -> Result<Decimal, Said> {
    let value = Decimal::from_str_exact(digits).map_err(|_| {
        said(
            format!("'{digits}' has more digits than a figure can hold"),
            format!("“{digits}”位数过多，超出可读取的范围"),
        )
    })?;
    let value = if wan {
        value.checked_mul(Decimal::from(10_000)).ok_or_else(|| {
            said(
                format!("'{digits}万' is too large"),
                format!("“{digits}万”数值过大"),
            )
        })?
    } else {
        value
    };
    area(value, digits)
}

/// A value as an area, or why it cannot be one: negative, larger than any plan's area, or
/// with more decimals than any published figure.
pub(crate) fn area(value: Decimal, text: &str) -> Result<Decimal, Said> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(said(
            format!("'{text}' is negative"),
            format!("“{text}”为负数"),
        ));
    }
    if value.scale() as usize > MOST_DECIMALS {
        return Err(said(
            format!(
                "'{text}' has more than {MOST_DECIMALS} decimals, more than any published figure"
            ),
            format!("“{text}”小数超过 {MOST_DECIMALS} 位，多于任何公布数据"),
        ));
    }
    if value > Decimal::from(LARGEST) {
        return Err(said(
            format!("'{text}' is larger than any plan's area"),
            format!("“{text}”大于任何计划的面积"),
        ));
    }
    Ok(value)
}

/// When a pair's hectares times 15 is not its mu (at the mu figure's precision): what the
/// text says.
fn disagreement(figure: &Figure) -> Option<Said> {
    let (ha, mu) = (figure.ha?, figure.mu?);
    let expected = ha.checked_mul(Decimal::from(crate::scenario::Unit::MU_PER_HA))?;
    let shown = if mu.scale() < expected.scale() {
        expected.round_dp_with_strategy(
            mu.scale(),
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
    } else {
        expected
    };
    (shown != mu).then(|| {
        let expected = crate::number::show(expected);
        said(
            format!("{ha} 公顷 is {expected} 亩, but the text pairs it with {mu} 亩"),
            format!("{ha}公顷折合{expected}亩，但原文并列的是{mu}亩"),
        )
    })
}

/// Parentheses that hold no figure ("全市（县）", "（一）") are text, and so are the commas
/// within them ("市区（京口、润州）"); only those around a figure (a sub-item list) stay
/// separators.
fn resolve_parentheses(tokens: Vec<Token>) -> Vec<Token> {
    let mut keep = vec![false; tokens.len()];
    // Inside parentheses that hold no figure: +1 at the opening, -1 after the closing.
    let mut text_depth = vec![0i64; tokens.len() + 1];
    // figures[i]: how many figures come before token i, so a span is checked in one step.
    let mut figures = Vec::with_capacity(tokens.len() + 1);
    figures.push(0usize);
    for token in &tokens {
        let figure = matches!(token.kind, Kind::Figure(_) | Kind::Bad(_));
        figures.push(figures[figures.len() - 1] + usize::from(figure));
    }
    let mut open: Vec<usize> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Open => open.push(i),
            Kind::Close => {
                if let Some(start) = open.pop() {
                    let holds_figure = figures[i] > figures[start];
                    keep[start] = holds_figure;
                    keep[i] = holds_figure;
                    if !holds_figure {
                        text_depth[start] += 1;
                        text_depth[i + 1] -= 1;
                    }
                }
            }
            _ => {}
        }
    }
    let mut merged: Vec<Token> = Vec::new();
    let mut inside = 0i64;
    for (i, token) in tokens.into_iter().enumerate() {
        inside += text_depth[i];
        let token = match token.kind {
            Kind::Open | Kind::Close if !keep[i] => Token {
                kind: Kind::Text(token.text.chars().map(fold_char).collect()),
                ..token
            },
            Kind::Sep(Sep::Weak) if inside > 0 => Token {
                kind: Kind::Text(token.text.chars().map(fold_char).collect()),
                ..token
            },
            _ => token,
        };
        match (merged.last_mut(), &token.kind) {
            (
                Some(Token {
                    kind: Kind::Text(previous),
                    text,
                    ..
                }),
                Kind::Text(next),
            ) => {
                previous.push_str(next);
                text.push_str(&token.text);
            }
            _ => merged.push(token),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn kinds(line: &str) -> Vec<Kind> {
        lex(line).into_iter().map(|t| t.kind).collect()
    }

    fn figure(ha: Option<&str>, mu: Option<&str>) -> Kind {
        Kind::Figure(Figure {
            ha: ha.map(d),
            mu: mu.map(d),
            disagreement: None,
        })
    }

    #[test]
    fn reads_figures_exactly_in_both_widths() {
        assert_eq!(
            kinds("住宅用地31.14831公顷，"),
            vec![
                Kind::Text("住宅用地".into()),
                figure(Some("31.14831"), None),
                Kind::Sep(Sep::Weak)
            ]
        );
        assert_eq!(
            kinds("商服用地１３．８６６４３公顷"),
            vec![
                Kind::Text("商服用地".into()),
                figure(Some("13.86643"), None)
            ]
        );
        assert_eq!(kinds("12 亩")[0], figure(None, Some("12")));
        assert_eq!(kinds("1.2万亩")[0], figure(None, Some("12000")));
        assert_eq!(kinds("1,234.5公顷")[0], figure(Some("1234.5"), None));
    }

    #[test]
    fn columns_are_published_character_columns() {
        let tokens = lex("（一）甲镇５公顷");
        let figure = tokens
            .iter()
            .find(|t| matches!(t.kind, Kind::Figure(_)))
            .unwrap();
        assert_eq!(figure.column, 6);
        assert_eq!(figure.text, "５公顷");
    }

    #[test]
    fn pairs_are_one_figure_and_checked() {
        assert_eq!(
            kinds("86.4公顷（1296亩）"),
            vec![figure(Some("86.4"), Some("1296"))]
        );
        assert_eq!(
            kinds("1296亩(86.4公顷)"),
            vec![figure(Some("86.4"), Some("1296"))]
        );
        let Kind::Figure(f) = &kinds("9.3公顷(139.6亩)")[0] else {
            panic!()
        };
        assert!(f.disagreement.as_ref().unwrap().en.contains("139.5"));
        let Kind::Figure(f) = &kinds("0.4084公顷(6.13亩)")[0] else {
            panic!()
        };
        assert_eq!(f.disagreement, None, "6.126 rounds to 6.13");
    }

    #[test]
    fn shares_years_prices_and_enumerators_are_not_figures() {
        assert_eq!(kinds("占比6.7%")[1], Kind::Share);
        assert!(matches!(
            kinds("2025年度")[0],
            Kind::Bare { counted: true, .. }
        ));
        assert!(!kinds("30万元/亩")
            .iter()
            .any(|k| matches!(k, Kind::Figure(_) | Kind::Unit)));
        assert!(!kinds("亩均税收").contains(&Kind::Unit));
        assert_eq!(kinds("1.城关镇"), vec![Kind::Text("1.城关镇".into())]);
        assert_eq!(kinds("单位：公顷")[1], Kind::Unit);
    }

    #[test]
    fn parentheses_without_figures_are_text() {
        assert_eq!(
            kinds("全市（县）土地"),
            vec![Kind::Text("全市(县)土地".into())]
        );
        let with_figure = kinds("（其中保障性住房5公顷）");
        assert_eq!(with_figure.first(), Some(&Kind::Open));
        assert_eq!(with_figure.last(), Some(&Kind::Close));
    }

    #[test]
    fn chinese_numerals_and_square_metres_are_figures() {
        assert_eq!(kinds("一千二百亩")[0], figure(None, Some("1200")));
        assert_eq!(kinds("35000平方米")[0], figure(Some("3.5"), None));
        assert_eq!(kinds("1.2万平方米")[0], figure(Some("1.2"), None));
        assert_eq!(kinds("统一规划")[0], Kind::Text("统一规划".into()));
    }

    #[test]
    fn refuses_what_cannot_be_an_area() {
        assert!(matches!(kinds("控制在.32公顷")[1], Kind::Bad(_)));
        assert_eq!(kinds("公顷.32")[1], Kind::Sep(Sep::End));
        assert!(matches!(
            kinds("99999999999999999999999999999999公顷")[0],
            Kind::Bad(_)
        ));
        assert!(matches!(kinds("20000000000000公顷")[0], Kind::Bad(_)));
        assert!(matches!(kinds("0.00000000001公顷")[0], Kind::Bad(_)));
        assert_eq!(
            kinds("0.0000000001公顷")[0],
            figure(Some("0.0000000001"), None)
        );
        assert!(matches!(
            kinds("住宅用地31.1，")[1],
            Kind::Bare {
                counted: false,
                standalone: true,
                decimal: true
            }
        ));
    }
}
