//! What went wrong with one record, and where: the importer's warnings.
//!
//! A [`Diagnostic`] is a [`Location`] (file, line, and for CSV the column), the field
//! concerned, a typed [`Problem`] and what the importer did about it ([`Outcome`]). Its
//! display is the line a person reads, in the form compilers use:
//!
//! ```text
//! archive.csv:14:3: field "date": "1956-13-45" is not a date: the month must be 01 to 12 (expected YYYY, YYYY-MM, YYYY-MM-DD or a date in words); left out
//! ```

use std::fmt;
use std::sync::Arc;

use crate::dates::{DateError, EXPECTED};

/// A place in an input file. Lines and columns count from 1; for CSV the column is the
/// cell's position in its row, elsewhere the character position in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// 1-based position of the record in its file, when there is no line to point to.
    pub record: Option<u64>,
}

impl Location {
    /// The whole file, without a position.
    pub fn file(file: &Arc<str>) -> Self {
        Location {
            file: Arc::clone(file),
            line: None,
            column: None,
            record: None,
        }
    }

    pub fn line(file: &Arc<str>, line: u64) -> Self {
        Location {
            line: Some(line),
            ..Location::file(file)
        }
    }

    pub fn at(file: &Arc<str>, line: u64, column: u64) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            ..Location::file(file)
        }
    }

    pub fn record(file: &Arc<str>, record: u64) -> Self {
        Location {
            record: Some(record),
            ..Location::file(file)
        }
    }

    /// The same place, at another column.
    pub fn with_column(&self, column: Option<u64>) -> Self {
        Location {
            column: column.or(self.column),
            ..self.clone()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        match (self.line, self.column, self.record) {
            (Some(l), Some(c), _) => write!(f, ":{l}:{c}"),
            (Some(l), None, _) => write!(f, ":{l}"),
            (None, _, Some(r)) => write!(f, ": document {r}"),
            (None, _, None) => Ok(()),
        }
    }
}

/// What was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("missing or empty (every document needs a title)")]
    MissingTitle,
    #[error("missing; using the generated id \"{generated}\"")]
    MissingId { generated: String },
    #[error("\"{id}\" was already used at {first}")]
    DuplicateId { id: String, first: Location },
    #[error("{}", invalid_date(value, error))]
    InvalidDate { value: String, error: DateError },
    #[error("{date_end} is before the date {date}; left out")]
    DateEndBeforeDate { date: String, date_end: String },
    #[error("the row has {found} cells but the header has {expected} (expected one cell per column; a cell holding the delimiter must be quoted)")]
    RaggedRow { found: usize, expected: usize },
    #[error("a quoted cell opens here and is never closed (expected a closing '\"'); reading resumes on the next line")]
    UnclosedQuote,
    #[error(
        "invalid UTF-8 at byte {byte} of the line (expected UTF-8 text; save the file as UTF-8)"
    )]
    InvalidUtf8 { byte: u64 },
    #[error("not valid JSON: {message}")]
    BadJson { message: String },
    #[error("{found} is not a document (expected a JSON object)")]
    NotAnObject { found: &'static str },
    #[error("{found} where {expected} belongs; left out")]
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    #[error("the bundle is {size} bytes; Folio loads at most {limit} bytes (split the archive or leave out full texts)")]
    BundleTooLarge { size: u64, limit: u64 },
    #[error("the archive has no title (give --title or a \"title\" in --archive-meta)")]
    NoArchiveTitle,
    #[error("{0}")]
    Bundle(String),
}

fn invalid_date(value: &str, error: &DateError) -> String {
    let value = shorten(value, 60);
    match error.reason() {
        Some(reason) => format!("\"{value}\" is not a date: {reason} ({EXPECTED}); left out"),
        None => format!("\"{value}\" is not a date ({EXPECTED}); left out"),
    }
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// What the importer did about a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The record was left out.
    Skipped,
    /// The record was kept, repaired as the message says.
    Repaired,
    /// Not about one record (the archive, the output).
    General,
}

/// One warning: where, which field, what, and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub field: Option<String>,
    pub problem: Problem,
    pub outcome: Outcome,
}

impl Diagnostic {
    pub fn skip(location: Location, field: Option<&str>, problem: Problem) -> Self {
        Diagnostic {
            location,
            field: field.map(str::to_string),
            problem,
            outcome: Outcome::Skipped,
        }
    }

    pub fn repair(location: Location, field: Option<&str>, problem: Problem) -> Self {
        Diagnostic {
            location,
            field: field.map(str::to_string),
            problem,
            outcome: Outcome::Repaired,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location)?;
        if let Some(field) = &self.field {
            write!(f, "field \"{field}\": ")?;
        }
        write!(f, "{}", self.problem)?;
        if self.outcome == Outcome::Skipped {
            write!(f, "; record skipped")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("archive.csv")
    }

    #[test]
    fn a_bad_date_reads_like_a_compiler_message() {
        let d = Diagnostic::repair(
            Location::at(&file(), 14, 3),
            Some("date"),
            Problem::InvalidDate {
                value: "1956-13-45".into(),
                error: DateError::Iso("the month must be 01 to 12"),
            },
        );
        assert_eq!(
            d.to_string(),
            "archive.csv:14:3: field \"date\": \"1956-13-45\" is not a date: the month must be 01 to 12 (expected YYYY, YYYY-MM, YYYY-MM-DD or a date in words); left out"
        );
    }

    #[test]
    fn skipped_records_say_so() {
        let d = Diagnostic::skip(
            Location::line(&file(), 7),
            Some("title"),
            Problem::MissingTitle,
        );
        assert_eq!(d.to_string(), "archive.csv:7: field \"title\": missing or empty (every document needs a title); record skipped");
    }

    #[test]
    fn locations_without_lines_name_the_document() {
        assert_eq!(
            Location::record(&Arc::from("a.json"), 3).to_string(),
            "a.json: document 3"
        );
        assert_eq!(Location::file(&Arc::from("a.json")).to_string(), "a.json");
    }

    #[test]
    fn long_values_are_shortened() {
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
