//! Dates as publishers write them, turned into the bundle's ISO partial dates.
//!
//! This module owns one question: what period does a date written by a person mean?
//! It understands `1956-09-16`, `16 September 1956`, `September 16, 1956`, `Sept. 1956`,
//! `1956`, `c. 1956`, `[1956?]`, `1950s`, `mid-1950s`, and ranges such as `1961-1963`,
//! `1961–63`, `June–July 1962`, `12–14 June 1962`, `June 12–14, 1962`,
//! `December 30, 1961 – January 2, 1962` and `1956-09-16/1956-09-20`. A range or a decade
//! gives a start and an end ([`DateSpan`]); `n.d.` and `undated` say there is no date.
//!
//! It depends on nothing but `std` and `folio-core`, so that it can move into the core
//! later and read dates typed into queries. The parser is total over `&str`: every input
//! is either understood or refused with a [`DateError`] that says why.

use std::fmt;

use folio_core::date::{days_in_month, PartialDate};

/// What the importer says a date should look like, in every message about a bad date.
pub const EXPECTED: &str = "expected YYYY, YYYY-MM, YYYY-MM-DD or a date in words";

/// The period a written date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub start: PartialDate,
    /// The last date of a range or decade; `None` for a single date.
    pub end: Option<PartialDate>,
    /// The writer hedged: `c. 1956`, `[1956]`, `1956?`, `early 1950s`.
    pub approximate: bool,
    /// The input was already in the bundle's own form (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`),
    /// so its wording is not worth keeping.
    pub iso: bool,
}

impl DateSpan {
    fn single(start: PartialDate) -> Self {
        DateSpan {
            start,
            end: None,
            approximate: false,
            iso: false,
        }
    }
}

/// Why a written date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not recognisable as a date at all.
    Unrecognized,
    /// Looks like an ISO date but breaks its rules (the reason comes from the core).
    Iso(&'static str),
    NoSuchMonth(u32),
    NoSuchDay {
        year: u16,
        month: u8,
        day: u32,
    },
    YearOutOfRange(u32),
    MissingYear,
    DayWithoutMonth,
    /// `16/09/1956`: day-month or month-day cannot be told apart.
    AmbiguousNumeric,
    /// The end of the range comes before its start.
    Backwards,
}

impl DateError {
    /// The specific reason, when there is more to say than "is not a date".
    pub fn reason(&self) -> Option<String> {
        let text = match self {
            DateError::Unrecognized => return None,
            DateError::Iso(reason) => (*reason).to_string(),
            DateError::NoSuchMonth(m) => format!("there is no month {m}"),
            DateError::NoSuchDay { year, month, day } => format!(
                "{} {year} has no day {day}",
                folio_core::date::month_name(*month)
            ),
            DateError::YearOutOfRange(y) => format!("the year {y} is outside 1 to 9999"),
            DateError::MissingYear => "it has no year".to_string(),
            DateError::DayWithoutMonth => "a day is given without a month".to_string(),
            DateError::AmbiguousNumeric => {
                "numeric day and month are ambiguous; write 1956-09-16 or 16 September 1956"
                    .to_string()
            }
            DateError::Backwards => "the range ends before it begins".to_string(),
        };
        Some(text)
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason() {
            Some(reason) => write!(f, "{reason}"),
            None => write!(f, "not a recognisable date"),
        }
    }
}

/// Reads a date as written by a publisher.
///
/// `Ok(None)` means the text says there is no date (`n.d.`, `undated`, `unknown`).
pub fn parse_date(input: &str) -> Result<Option<DateSpan>, DateError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateError::Unrecognized);
    }
    if is_undated(s) {
        return Ok(None);
    }
    if let Some(iso) = iso_form(s) {
        return iso.map(|start| {
            Some(DateSpan {
                iso: true,
                ..DateSpan::single(start)
            })
        });
    }
    if let Some(span) = iso_interval(s) {
        return span.map(Some);
    }
    if let Some(numeric) = numeric_form(s) {
        return numeric.map(|start| Some(DateSpan::single(start)));
    }
    let tokens = tokenize(s, false)?;
    interpret(&tokens).map(Some)
}

/// The first date written in words ("April 1, 1894", "1 April 1894") in running text.
/// Used where a source gives no machine-readable date, such as a TEI dateline without
/// `@when`.
pub fn find_date_in_text(text: &str) -> Option<PartialDate> {
    let tokens = tokenize(text, true).ok()?;
    tokens.windows(3).find_map(|w| {
        let (day, month, year) = match w {
            [Tok::Month(m), Tok::Num(d), Tok::Num(y)] => (d, m, y),
            [Tok::Num(d), Tok::Month(m), Tok::Num(y)] => (d, m, y),
            _ => return None,
        };
        if day.digits > 2 || year.digits != 4 {
            return None;
        }
        let year = u16::try_from(year.value).ok()?;
        let day = u8::try_from(day.value).ok()?;
        (day >= 1 && day <= days_in_month(year, *month)).then_some(PartialDate {
            year,
            month: Some(*month),
            day: Some(day),
        })
    })
}

fn is_undated(s: &str) -> bool {
    let folded: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '[' | ']' | '(' | ')'))
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        folded.as_str(),
        "nd" | "sd" | "undated" | "nodate" | "unknown" | "sinedato"
    )
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` with an optional `THH:MM…`: `Some` when the text has
/// that shape, with the core's verdict. `1961-63` is not this shape (63 is not a month
/// number), so it is left to the range reader.
fn iso_form(s: &str) -> Option<Result<PartialDate, DateError>> {
    let date = s.split_once('T').map_or(s, |(d, _)| d);
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shaped = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7) && &date[5..7] <= "12",
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    };
    if !shaped || (date.len() != s.len() && date.len() != 10) {
        return None;
    }
    Some(PartialDate::parse(s).map_err(|e| DateError::Iso(e.reason)))
}

/// Two ISO dates joined by `/`, `–`, `—`, ` - ` or ` to `.
fn iso_interval(s: &str) -> Option<Result<DateSpan, DateError>> {
    for sep in ["/", "–", "—", " - ", " to ", "--"] {
        let Some((a, b)) = s.split_once(sep) else {
            continue;
        };
        let (Some(a), Some(b)) = (iso_form(a.trim()), iso_form(b.trim())) else {
            continue;
        };
        return Some(a.and_then(|start| {
            let end = b?;
            span(start, Some(end))
        }));
    }
    None
}

/// All-numeric dates with separators other than the ISO form: `1956-9-1` and
/// `1956/09/16` are read year first; `16/09/1956` and `09.16.1956` are refused as
/// ambiguous.
fn numeric_form(s: &str) -> Option<Result<PartialDate, DateError>> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let num = |p: &str| p.parse::<u32>().unwrap_or(u32::MAX);
    if parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
        return Some(build(
            Some(num(parts[0])),
            Some(num(parts[1])),
            Some(num(parts[2])),
        ));
    }
    if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        return Some(Err(DateError::AmbiguousNumeric));
    }
    Some(Err(DateError::Unrecognized))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number {
    value: u32,
    digits: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Num(Number),
    Month(u8),
    /// `1950s`, `1950's`.
    Decade(u32),
    /// `-`, `–`, `/`, `to`, `until`, `and`: the boundary between start and end.
    Dash,
    /// `c.`, `circa`, `about`, `?`, `[`, `early`, `mid`, `late`.
    Approx,
    /// A word that is no part of a date (only kept when scanning running text).
    Other,
}

const MONTH_WORDS: [(&str, u8); 25] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("febr", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: [&str; 14] = [
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
];

fn word_token(word: &str) -> Option<Tok> {
    if let Some((_, m)) = MONTH_WORDS.iter().find(|(w, _)| *w == word) {
        return Some(Tok::Month(*m));
    }
    match word {
        "c" | "ca" | "circa" | "about" | "around" | "approx" | "approximately" | "abt"
        | "early" | "mid" | "late" => Some(Tok::Approx),
        "to" | "until" | "till" | "through" | "thru" | "and" => Some(Tok::Dash),
        // Words that add nothing to the period.
        "the" | "of" | "on" | "in" | "sunday" | "sun" => None,
        w if WEEKDAYS.contains(&w) => None,
        _ => Some(Tok::Other),
    }
}

/// Splits text into date tokens. Unknown words are an error unless `lenient`, where they
/// become [`Tok::Other`] so that a scan can skip them.
fn tokenize(s: &str, lenient: bool) -> Result<Vec<Tok>, DateError> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    // After `mid`, `early` or `late` a hyphen joins, it does not start a range.
    let mut after_qualifier = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let digits = u8::try_from(text.len()).unwrap_or(u8::MAX);
            let value = text.parse::<u32>().unwrap_or(u32::MAX);
            let rest: String = chars[i..]
                .iter()
                .take(3)
                .flat_map(|c| c.to_lowercase())
                .collect();
            let word_follows = |suffix: &str| {
                rest.starts_with(suffix)
                    && !chars
                        .get(i + suffix.chars().count())
                        .is_some_and(|c| c.is_alphanumeric())
            };
            if (3..=4).contains(&digits)
                && (word_follows("s") || word_follows("'s") || word_follows("’s"))
            {
                i += if rest.starts_with('s') { 1 } else { 2 };
                out.push(if value % 10 == 0 {
                    Tok::Decade(value)
                } else {
                    Tok::Other
                });
            } else {
                if digits <= 2 {
                    if let Some(sfx) = ["st", "nd", "rd", "th"]
                        .into_iter()
                        .find(|s| word_follows(s))
                    {
                        i += sfx.len();
                    }
                }
                out.push(Tok::Num(Number { value, digits }));
            }
            after_qualifier = false;
            if chars.get(i).is_some_and(|c| c.is_alphabetic()) && !lenient {
                return Err(DateError::Unrecognized);
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            match word_token(&word) {
                Some(Tok::Other) if !lenient => return Err(DateError::Unrecognized),
                Some(Tok::Approx) => {
                    after_qualifier = matches!(word.as_str(), "mid" | "early" | "late");
                    out.push(Tok::Approx);
                }
                Some(t) => {
                    after_qualifier = false;
                    out.push(t);
                }
                None => {}
            }
        } else {
            i += 1;
            match c {
                '-' | '–' | '—' | '‒' | '−' | '/' if after_qualifier => {
                    after_qualifier = false
                }
                '-' | '–' | '—' | '‒' | '−' | '/' => out.push(Tok::Dash),
                '?' | '~' | '[' => out.push(Tok::Approx),
                ']' | ',' | '.' | '(' | ')' | ';' | ':' => {}
                c if c.is_whitespace() => {}
                _ if lenient => out.push(Tok::Other),
                _ => return Err(DateError::Unrecognized),
            }
        }
    }
    Ok(out)
}

/// One side of a range as written: any of year, month and day may be missing.
#[derive(Debug, Clone, Copy, Default)]
struct Side {
    year: Option<u32>,
    month: Option<u8>,
    day: Option<u32>,
    /// A lone one- or two-digit number: a day (`12–14 June`) or a short year (`1961–63`).
    bare: Option<Number>,
    decade: bool,
}

fn read_side(tokens: &[Tok]) -> Result<Side, DateError> {
    let mut side = Side::default();
    let has_month = tokens.iter().any(|t| matches!(t, Tok::Month(_)));
    let mut small: Vec<Number> = Vec::new();
    for t in tokens {
        match *t {
            Tok::Month(m) if side.month.is_none() => side.month = Some(m),
            Tok::Decade(y) if side.year.is_none() => {
                side.year = Some(y);
                side.decade = true;
            }
            Tok::Num(n) if n.digits >= 3 && side.year.is_none() => side.year = Some(n.value),
            Tok::Num(n) if n.digits <= 2 => small.push(n),
            _ => return Err(DateError::Unrecognized),
        }
    }
    match (small.as_slice(), has_month) {
        ([], _) => {}
        ([n], true) => side.day = Some(n.value),
        ([n], false) if side.year.is_none() => side.bare = Some(*n),
        // `14 1962`: a day with no month; `build` says so.
        ([n], false) => side.day = Some(n.value),
        (_, false) => return Err(DateError::AmbiguousNumeric),
        _ => return Err(DateError::Unrecognized),
    }
    if side.decade && (side.month.is_some() || side.day.is_some()) {
        return Err(DateError::Unrecognized);
    }
    Ok(side)
}

fn interpret(tokens: &[Tok]) -> Result<DateSpan, DateError> {
    let approximate = tokens.contains(&Tok::Approx);
    let tokens: Vec<Tok> = tokens
        .iter()
        .copied()
        .filter(|t| *t != Tok::Approx)
        .collect();
    let dashes = tokens.iter().filter(|t| **t == Tok::Dash).count();
    let mut span = match dashes {
        0 => {
            let side = read_side(&tokens)?;
            if side.bare.is_some() {
                return Err(DateError::Unrecognized);
            }
            let start = side_date(&side, false)?;
            if side.decade {
                span(start, Some(side_date(&side, true)?))?
            } else {
                DateSpan::single(start)
            }
        }
        1 => {
            let cut = tokens.iter().position(|t| *t == Tok::Dash).unwrap_or(0);
            let (left, right) = (&tokens[..cut], &tokens[cut + 1..]);
            if left.is_empty() || right.is_empty() {
                return Err(DateError::Unrecognized);
            }
            range(read_side(left)?, read_side(right)?)?
        }
        _ => return Err(DateError::Unrecognized),
    };
    span.approximate = approximate;
    Ok(span)
}

fn range(mut left: Side, mut right: Side) -> Result<DateSpan, DateError> {
    // `1961–63`: a short year after a bare year.
    if let (Some(n), Some(y), None, None) = (right.bare, left.year, left.month, left.bare) {
        if right.month.is_none() && right.year.is_none() && !left.decade {
            let full = y - y % 100 + n.value;
            if n.digits != 2 || full <= y {
                return Err(DateError::Backwards);
            }
            right.year = Some(full);
            right.bare = None;
        }
    }
    // Any other lone number is a day: `12–14 June 1962`, `June 12–14, 1962`.
    for side in [&mut left, &mut right] {
        if let Some(n) = side.bare.take() {
            side.day = Some(n.value);
        }
    }
    if left.year.is_none() {
        left.year = right.year;
    }
    if right.year.is_none() {
        right.year = left.year;
    }
    if left.month.is_none() && left.day.is_some() {
        left.month = right.month;
    }
    if right.month.is_none() && right.day.is_some() {
        right.month = left.month;
    }
    span(side_date(&left, false)?, Some(side_date(&right, true)?))
}

/// The date one side stands for; a decade gives its first year, or its last when `end`.
fn side_date(side: &Side, end: bool) -> Result<PartialDate, DateError> {
    let year = side
        .year
        .map(|y| if side.decade && end { y + 9 } else { y });
    build(year, side.month.map(u32::from), side.day)
}

fn build(
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
) -> Result<PartialDate, DateError> {
    let year = year.ok_or(DateError::MissingYear)?;
    let year = u16::try_from(year)
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or(DateError::YearOutOfRange(year))?;
    let month = match month {
        Some(m) if (1..=12).contains(&m) => Some(m as u8),
        Some(m) => return Err(DateError::NoSuchMonth(m)),
        None => None,
    };
    let day = match (day, month) {
        (Some(d), Some(m)) if d >= 1 && d <= u32::from(days_in_month(year, m)) => Some(d as u8),
        (Some(d), Some(m)) => {
            return Err(DateError::NoSuchDay {
                year,
                month: m,
                day: d,
            })
        }
        (Some(_), None) => return Err(DateError::DayWithoutMonth),
        (None, _) => None,
    };
    Ok(PartialDate { year, month, day })
}

/// A start and an optional end; an end equal to the start is no range.
fn span(start: PartialDate, end: Option<PartialDate>) -> Result<DateSpan, DateError> {
    match end {
        Some(end) if end.sort_key() < start.sort_key() => Err(DateError::Backwards),
        Some(end) if end == start => Ok(DateSpan::single(start)),
        end => Ok(DateSpan {
            end,
            ..DateSpan::single(start)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(start, end, approximate, iso)` in ISO text, for compact assertions.
    fn read(s: &str) -> (String, Option<String>, bool, bool) {
        let span = parse_date(s)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
            .expect("a date");
        (
            span.start.to_string(),
            span.end.map(|e| e.to_string()),
            span.approximate,
            span.iso,
        )
    }

    fn single(s: &str) -> String {
        let (start, end, _, _) = read(s);
        assert_eq!(end, None, "{s:?} is a single date");
        start
    }

    fn range(s: &str) -> (String, String) {
        let (start, end, _, _) = read(s);
        (start, end.unwrap_or_else(|| panic!("{s:?} is a range")))
    }

    fn r(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn iso_dates_are_taken_as_they_are() {
        assert_eq!(read("1956-09-16"), ("1956-09-16".into(), None, false, true));
        assert_eq!(read("1956-09"), ("1956-09".into(), None, false, true));
        assert_eq!(read("1956"), ("1956".into(), None, false, true));
        assert_eq!(
            read(" 1956-09-16T10:00:00Z "),
            ("1956-09-16".into(), None, false, true)
        );
    }

    #[test]
    fn impossible_iso_dates_say_what_is_wrong() {
        assert_eq!(
            parse_date("1956-13-45"),
            Err(DateError::Iso("the month must be 01 to 12"))
        );
        assert_eq!(
            parse_date("1956-02-30"),
            Err(DateError::Iso("the day is not in that month"))
        );
        assert_eq!(
            parse_date("0000"),
            Err(DateError::Iso("there is no year 0000"))
        );
        assert!(parse_date("1956-13").is_err());
    }

    #[test]
    fn day_month_year_in_words() {
        assert_eq!(single("16 September 1956"), "1956-09-16");
        assert_eq!(single("16th September 1956"), "1956-09-16");
        assert_eq!(single("16 Sept. 1956"), "1956-09-16");
        assert_eq!(single("the 16th of September, 1956"), "1956-09-16");
        assert_eq!(single("16 SEPTEMBER 1956"), "1956-09-16");
    }

    #[test]
    fn month_day_year_in_words() {
        assert_eq!(single("September 16, 1956"), "1956-09-16");
        assert_eq!(single("Sep 16 1956"), "1956-09-16");
        assert_eq!(single("September 16th, 1956"), "1956-09-16");
        assert_eq!(single("Sunday, September 16, 1956"), "1956-09-16");
        assert_eq!(single("1956 September 16"), "1956-09-16");
    }

    #[test]
    fn month_and_year_in_words() {
        assert_eq!(single("Sept. 1956"), "1956-09");
        assert_eq!(single("September 1956"), "1956-09");
        assert_eq!(single("feb 1900"), "1900-02");
        assert_eq!(single("May, 1945"), "1945-05");
    }

    #[test]
    fn words_keep_their_wording_iso_does_not() {
        assert!(!read("16 September 1956").3);
        assert!(!read("1956/09/16").3);
        assert!(read("1956-09-16").3);
    }

    #[test]
    fn hedged_dates_are_approximate() {
        for s in [
            "c. 1956",
            "ca. 1956",
            "circa 1956",
            "about 1956",
            "[1956]",
            "1956?",
            "~1956",
            "c1956",
        ] {
            let (start, end, approx, iso) = read(s);
            assert_eq!(
                (start.as_str(), end, approx, iso),
                ("1956", None, true, false),
                "{s}"
            );
        }
        assert!(!read("1956").2);
    }

    #[test]
    fn decades_span_ten_years() {
        assert_eq!(range("1950s"), r("1950", "1959"));
        assert_eq!(range("1950's"), r("1950", "1959"));
        assert_eq!(range("the 1950s"), r("1950", "1959"));
        let (start, end, approx, _) = read("mid-1950s");
        assert_eq!(
            (start.as_str(), end.as_deref(), approx),
            ("1950", Some("1959"), true)
        );
        assert_eq!(range("1950s–1960s"), r("1950", "1969"));
        assert!(
            parse_date("1956s").is_err(),
            "a decade starts at a round year"
        );
    }

    #[test]
    fn year_ranges() {
        assert_eq!(range("1961-1963"), r("1961", "1963"));
        assert_eq!(range("1961–1963"), r("1961", "1963"));
        assert_eq!(range("1961 - 1963"), r("1961", "1963"));
        assert_eq!(range("1961 to 1963"), r("1961", "1963"));
        assert_eq!(range("1961–63"), r("1961", "1963"));
        assert_eq!(range("1961-63"), r("1961", "1963"));
        assert_eq!(range("1999/2000"), r("1999", "2000"));
    }

    #[test]
    fn month_ranges() {
        assert_eq!(range("June–July 1962"), r("1962-06", "1962-07"));
        assert_eq!(range("June 1962 – July 1963"), r("1962-06", "1963-07"));
        assert_eq!(range("1962 June-July"), r("1962-06", "1962-07"));
    }

    #[test]
    fn day_ranges() {
        assert_eq!(range("12–14 June 1962"), r("1962-06-12", "1962-06-14"));
        assert_eq!(range("June 12–14, 1962"), r("1962-06-12", "1962-06-14"));
        assert_eq!(
            range("12 June – 14 July 1962"),
            r("1962-06-12", "1962-07-14")
        );
        assert_eq!(
            range("December 30, 1961 – January 2, 1962"),
            r("1961-12-30", "1962-01-02")
        );
        assert_eq!(
            range("November 15 and 17, 1962"),
            r("1962-11-15", "1962-11-17")
        );
        assert_eq!(
            range("1956-09-16/1956-09-20"),
            r("1956-09-16", "1956-09-20")
        );
        assert_eq!(range("1956-09-16 – 1956-10"), r("1956-09-16", "1956-10"));
    }

    #[test]
    fn a_range_of_one_day_is_a_single_date() {
        assert_eq!(single("1956-1956"), "1956");
    }

    #[test]
    fn backwards_ranges_are_refused() {
        assert_eq!(parse_date("1963-1961"), Err(DateError::Backwards));
        assert_eq!(parse_date("14–12 June 1962"), Err(DateError::Backwards));
        assert_eq!(parse_date("1961–59"), Err(DateError::Backwards));
    }

    #[test]
    fn year_first_numeric_dates_are_read_ambiguous_ones_refused() {
        assert_eq!(single("1956/09/16"), "1956-09-16");
        assert_eq!(single("1956-9-1"), "1956-09-01");
        assert_eq!(parse_date("16/09/1956"), Err(DateError::AmbiguousNumeric));
        assert_eq!(parse_date("09.16.1956"), Err(DateError::AmbiguousNumeric));
        assert_eq!(parse_date("16 09 1956"), Err(DateError::AmbiguousNumeric));
    }

    #[test]
    fn impossible_dates_in_words_are_refused_with_a_reason() {
        assert_eq!(
            parse_date("31 June 1962"),
            Err(DateError::NoSuchDay {
                year: 1962,
                month: 6,
                day: 31
            })
        );
        assert_eq!(
            parse_date("29 February 1900")
                .unwrap_err()
                .reason()
                .unwrap(),
            "February 1900 has no day 29"
        );
        assert!(parse_date("29 February 2000").is_ok());
        assert_eq!(parse_date("June 12"), Err(DateError::MissingYear));
        assert_eq!(parse_date("12–14 1962"), Err(DateError::DayWithoutMonth));
        assert_eq!(
            parse_date("16 September 12345"),
            Err(DateError::YearOutOfRange(12345))
        );
    }

    #[test]
    fn things_that_are_not_dates() {
        for s in [
            "",
            "  ",
            "soon",
            "1956a",
            "September",
            "16",
            "12 June 1962 – 14 – 16",
            "1956 1957",
            "#1956",
            "-",
            "1956-",
        ] {
            assert!(parse_date(s).is_err(), "{s:?} should be refused");
        }
        assert_eq!(parse_date("yesterday").unwrap_err().reason(), None);
    }

    #[test]
    fn undated_says_there_is_no_date() {
        for s in ["n.d.", "N. D.", "[n.d.]", "undated", "Unknown", "s.d."] {
            assert_eq!(parse_date(s), Ok(None), "{s}");
        }
    }

    #[test]
    fn dates_are_found_in_running_text() {
        let found = |s: &str| find_date_in_text(s).map(|d| d.to_string());
        assert_eq!(
            found("Legation of the United States, Managua. (Received April 1, 1894.)"),
            Some("1894-04-01".into())
        );
        assert_eq!(
            found("Washington, 1 April 1894."),
            Some("1894-04-01".into())
        );
        assert_eq!(found("No date here, only 1894."), None);
        assert_eq!(
            found("May 45, 1894 and then May 4, 1894"),
            Some("1894-05-04".into())
        );
    }

    #[test]
    fn every_iso_date_reads_back_as_itself() {
        for year in [1u16, 801, 1956, 9999] {
            for month in 1..=12u8 {
                for day in 1..=days_in_month(year, month) {
                    let d = PartialDate {
                        year,
                        month: Some(month),
                        day: Some(day),
                    };
                    let parsed = parse_date(&d.to_string()).unwrap().unwrap();
                    assert_eq!(parsed.start, d);
                    let words =
                        format!("{} {}, {}", folio_core::date::month_name(month), day, year);
                    if year >= 100 {
                        assert_eq!(parse_date(&words).unwrap().unwrap().start, d, "{words}");
                    }
                }
            }
        }
    }
}
