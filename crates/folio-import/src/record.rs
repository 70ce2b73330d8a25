//! From the values of one input record to a [`Document`], noting every repair.
//!
//! CSV rows and JSON objects both arrive here as (target, value, column) triples; a
//! [`RecordBuilder`] applies the rules they share: text is trimmed and empty text is
//! absent, list cells are split, dates are read with [`crate::dates`] (the original
//! wording is kept in the extra field `date_original` when it was not ISO), and values of
//! the wrong shape are left out with a warning. The result is a [`Candidate`]: a document
//! plus what was wrong with it. Whether it is kept (title, id, duplicates) is the
//! collector's decision, the same for every format.

use std::collections::BTreeMap;

use folio_core::model::Document;
use serde_json::{Map, Value};

use crate::config::RecordOptions;
use crate::dates::{parse_date, DateSpan};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::fields::{Field, Target};

/// The extra field that keeps a date's wording when it was not ISO.
pub const DATE_ORIGINAL: &str = "date_original";
/// The same for `date_end`.
pub const DATE_END_ORIGINAL: &str = "date_end_original";

/// A document as read, before the collector decides whether to keep it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where the record starts.
    pub location: Location,
    /// 1-based position of the record in its file, for generated ids.
    pub record: u64,
    pub doc: Document,
    /// Problems found while reading; a skip among them means the record is left out.
    pub problems: Vec<Diagnostic>,
    /// The CSV column of each field, to point at the right cell.
    pub columns: BTreeMap<Field, u64>,
}

impl Candidate {
    pub fn new(location: Location, record: u64, doc: Document) -> Self {
        Candidate {
            location,
            record,
            doc,
            problems: Vec::new(),
            columns: BTreeMap::new(),
        }
    }

    /// Where a field of this record is (its cell, for CSV).
    pub fn field_location(&self, field: Field) -> Location {
        self.location.with_column(self.columns.get(&field).copied())
    }
}

/// Collects the values of one record.
pub struct RecordBuilder<'o> {
    options: &'o RecordOptions,
    candidate: Candidate,
    date: Option<(String, Option<u64>)>,
    date_end: Option<(String, Option<u64>)>,
}

/// What kind of JSON value something is, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Splits a cell into list values on any of `split`, trimmed, without empty values.
pub fn split_list<'a>(cell: &'a str, split: &'a [char]) -> impl Iterator<Item = &'a str> + 'a {
    let parts: Box<dyn Iterator<Item = &str>> = if split.is_empty() {
        Box::new(std::iter::once(cell))
    } else {
        Box::new(cell.split(split))
    };
    parts.map(str::trim).filter(|s| !s.is_empty())
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// Text as the bundle keeps it: trimmed, with Windows line ends made plain.
fn clean_text(s: String) -> String {
    let t = s.trim();
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else if t.len() == s.len() {
        // Most values need nothing: keep the allocation (full texts are most of the bytes).
        s
    } else {
        t.to_string()
    }
}

impl<'o> RecordBuilder<'o> {
    pub fn new(options: &'o RecordOptions, location: Location, record: u64) -> Self {
        RecordBuilder {
            options,
            candidate: Candidate::new(location, record, Document::default()),
            date: None,
            date_end: None,
        }
    }

    /// Adds a text value (a CSV cell).
    pub fn add_text(&mut self, target: &Target, value: &str, column: Option<u64>) {
        if value.trim().is_empty() {
            // Still note where the field is, so "missing title" points at its cell.
            if let (Target::Field(f), Some(c)) = (target, column) {
                self.candidate.columns.entry(*f).or_insert(c);
            }
            return;
        }
        self.add(target, Value::String(value.to_string()), column);
    }

    /// Adds one value for `target`.
    pub fn add(&mut self, target: &Target, value: Value, column: Option<u64>) {
        let field = match target {
            Target::Skip => return,
            Target::Extra(name) => {
                let keep = match &value {
                    Value::Null => false,
                    Value::String(s) => !s.trim().is_empty(),
                    _ => true,
                };
                if keep && !self.candidate.doc.extras.contains_key(name) {
                    let value = match value {
                        Value::String(s) => Value::String(clean_text(s)),
                        v => v,
                    };
                    self.candidate.doc.extras.insert(name.clone(), value);
                }
                return;
            }
            Target::Field(f) => *f,
        };
        if let Some(c) = column {
            self.candidate.columns.entry(field).or_insert(c);
        }
        if field.is_list() {
            self.add_list(field, value, column);
            return;
        }
        let text = match value {
            Value::Null => return,
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                self.wrong_type(field, "text", &other, column);
                return;
            }
        };
        let text = clean_text(text);
        if text.is_empty() {
            return;
        }
        let doc = &mut self.candidate.doc;
        let slot = match field {
            Field::Date => {
                self.date.get_or_insert((text, column));
                return;
            }
            Field::DateEnd => {
                self.date_end.get_or_insert((text, column));
                return;
            }
            Field::Id => &mut doc.id,
            Field::Title => &mut doc.title,
            Field::Summary => &mut doc.summary,
            Field::Text => &mut doc.text,
            Field::Collection => &mut doc.collection,
            Field::Source => &mut doc.source,
            Field::Language => &mut doc.language,
            Field::Url => &mut doc.url,
            Field::People | Field::Places | Field::Subjects => return,
        };
        if slot.is_empty() {
            *slot = text;
        }
    }

    fn add_list(&mut self, field: Field, value: Value, column: Option<u64>) {
        let split = &self.options.split;
        let doc = &mut self.candidate.doc;
        let list = match field {
            Field::People => &mut doc.people,
            Field::Places => &mut doc.places,
            _ => &mut doc.subjects,
        };
        match value {
            Value::Null => {}
            Value::String(s) => split_list(&s, split).for_each(|v| push_unique(list, v)),
            Value::Number(n) => push_unique(list, &n.to_string()),
            Value::Array(items) => {
                let mut bad = None;
                for item in items {
                    match item {
                        Value::String(s) => push_unique(list, s.trim()),
                        Value::Number(n) => push_unique(list, &n.to_string()),
                        Value::Null => {}
                        other => bad = Some(other),
                    }
                }
                if let Some(other) = bad {
                    self.wrong_type(field, "a list of text", &other, column);
                }
            }
            other => self.wrong_type(field, "a list of text", &other, column),
        }
    }

    fn wrong_type(
        &mut self,
        field: Field,
        expected: &'static str,
        found: &Value,
        column: Option<u64>,
    ) {
        let location = self.candidate.location.with_column(column);
        self.candidate.problems.push(Diagnostic::repair(
            location,
            Some(field.name()),
            Problem::WrongType {
                expected,
                found: kind(found),
            },
        ));
    }

    /// Reads the dates and returns the candidate.
    pub fn finish(mut self) -> Candidate {
        let date = self
            .date
            .take()
            .and_then(|(raw, col)| self.read_date(Field::Date, DATE_ORIGINAL, raw, col));
        let date_end = self
            .date_end
            .take()
            .and_then(|(raw, col)| self.read_date(Field::DateEnd, DATE_END_ORIGINAL, raw, col));
        let start = date.map(|d| d.start);
        let end = date_end
            .map(|d| d.end.unwrap_or(d.start))
            .or(date.and_then(|d| d.end));
        let (start, end) = match (start, end) {
            (None, end) => (end, None),
            (Some(s), Some(e)) if e.end_key() < s.sort_key() => {
                let location = self.candidate.field_location(Field::DateEnd);
                self.candidate.problems.push(Diagnostic::repair(
                    location,
                    Some("date_end"),
                    Problem::DateEndBeforeDate {
                        date: s.to_string(),
                        date_end: e.to_string(),
                    },
                ));
                (Some(s), None)
            }
            pair => pair,
        };
        self.candidate.doc.date = start;
        self.candidate.doc.date_end = end;
        self.candidate
    }

    /// Parses one date field; keeps the wording in `original_key` unless it was ISO.
    fn read_date(
        &mut self,
        field: Field,
        original_key: &str,
        raw: String,
        column: Option<u64>,
    ) -> Option<DateSpan> {
        let parsed = parse_date(&raw);
        let keep_wording = !matches!(parsed, Ok(Some(DateSpan { iso: true, .. })));
        let span = match parsed {
            Ok(span) => span,
            Err(error) => {
                let location = self.candidate.location.with_column(column);
                self.candidate.problems.push(Diagnostic::repair(
                    location,
                    Some(field.name()),
                    Problem::InvalidDate {
                        value: raw.clone(),
                        error,
                    },
                ));
                None
            }
        };
        if keep_wording {
            self.candidate
                .doc
                .extras
                .entry(original_key.to_string())
                .or_insert(Value::String(raw));
        }
        span
    }
}

/// A JSON object (one JSON Lines line, one element of a JSON array) as a candidate.
pub fn from_json_object(
    map: Map<String, Value>,
    options: &RecordOptions,
    location: Location,
    record: u64,
) -> Candidate {
    let mut builder = RecordBuilder::new(options, location, record);
    for (key, value) in map {
        let target = options.columns.resolve_key(&key);
        builder.add(&target, value, None);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::Arc;

    fn build(value: Value) -> Candidate {
        let Value::Object(map) = value else { panic!() };
        from_json_object(
            map,
            &RecordOptions::standard(),
            Location::line(&Arc::from("t.jsonl"), 1),
            1,
        )
    }

    #[test]
    fn empty_strings_are_absent_and_extras_are_kept() {
        let c = build(
            json!({"id": "a", "title": " T ", "date_end": "", "summary": "", "volume_id": "v", "word_count": 5, "summary_origin": "", "date_inferred": false}),
        );
        assert_eq!(c.doc.title, "T");
        assert_eq!(c.doc.date_end, None);
        assert_eq!(c.doc.extras.get("volume_id"), Some(&json!("v")));
        assert_eq!(c.doc.extras.get("word_count"), Some(&json!(5)));
        assert_eq!(c.doc.extras.get("date_inferred"), Some(&json!(false)));
        assert!(!c.doc.extras.contains_key("summary_origin"));
        assert!(c.problems.is_empty());
    }

    #[test]
    fn dates_in_words_keep_their_wording() {
        let c = build(json!({"id": "a", "title": "T", "date": "16 September 1956"}));
        assert_eq!(c.doc.date.unwrap().to_string(), "1956-09-16");
        assert_eq!(
            c.doc.extras.get(DATE_ORIGINAL),
            Some(&json!("16 September 1956"))
        );
        let iso = build(json!({"id": "a", "title": "T", "date": "1956-09-16"}));
        assert!(iso.doc.extras.is_empty());
    }

    #[test]
    fn a_range_in_the_date_fills_date_end() {
        let c = build(json!({"id": "a", "title": "T", "date": "12–14 June 1962"}));
        assert_eq!(c.doc.date.unwrap().to_string(), "1962-06-12");
        assert_eq!(c.doc.date_end.unwrap().to_string(), "1962-06-14");
    }

    #[test]
    fn an_explicit_date_end_wins_over_the_range_end() {
        let c = build(json!({"id": "a", "title": "T", "date": "1950s", "date_end": "1962"}));
        assert_eq!(c.doc.date_end.unwrap().to_string(), "1962");
    }

    #[test]
    fn a_bad_date_is_left_out_with_its_wording_kept() {
        let c = build(json!({"id": "a", "title": "T", "date": "1956-13-45"}));
        assert_eq!(c.doc.date, None);
        assert_eq!(c.doc.extras.get(DATE_ORIGINAL), Some(&json!("1956-13-45")));
        assert_eq!(c.problems.len(), 1);
        assert!(c.problems[0]
            .to_string()
            .contains("field \"date\": \"1956-13-45\" is not a date"));
    }

    #[test]
    fn a_date_end_before_the_date_is_dropped() {
        let c = build(json!({"id": "a", "title": "T", "date": "1960", "date_end": "1950"}));
        assert_eq!(c.doc.date_end, None);
        assert!(matches!(
            c.problems[0].problem,
            Problem::DateEndBeforeDate { .. }
        ));
    }

    #[test]
    fn lists_come_from_arrays_or_split_strings() {
        let c = build(
            json!({"id": "a", "title": "T", "people": ["A", " B ", "A", null], "places": "X; Y | Z;", "subjects": 7}),
        );
        assert_eq!(c.doc.people, ["A", "B"]);
        assert_eq!(c.doc.places, ["X", "Y", "Z"]);
        assert_eq!(c.doc.subjects, ["7"]);
    }

    #[test]
    fn wrong_shapes_are_left_out_with_a_warning() {
        let c = build(json!({"id": 17, "title": ["x"], "people": {"a": 1}}));
        assert_eq!(c.doc.id, "17");
        assert_eq!(c.doc.title, "");
        assert!(c.doc.people.is_empty());
        assert_eq!(c.problems.len(), 2);
        let messages: Vec<String> = c.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            messages.contains(
                &"t.jsonl:1: field \"title\": a list where text belongs; left out".to_string()
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn csv_cells_go_through_the_same_rules() {
        let opts = RecordOptions::standard();
        let mut b = RecordBuilder::new(&opts, Location::line(&Arc::from("a.csv"), 3), 2);
        b.add_text(
            &Target::Field(Field::Title),
            "Title\r\nsecond line",
            Some(2),
        );
        b.add_text(&Target::Field(Field::Date), "Sept. 1956", Some(3));
        b.add_text(&Target::Extra("type".into()), "letter", Some(4));
        b.add_text(&Target::Field(Field::Summary), "   ", Some(5));
        let c = b.finish();
        assert_eq!(c.doc.title, "Title\nsecond line");
        assert_eq!(c.doc.date.unwrap().to_string(), "1956-09");
        assert_eq!(c.doc.extras.get("type"), Some(&json!("letter")));
        assert_eq!(c.field_location(Field::Date).to_string(), "a.csv:3:3");
    }

    #[test]
    fn undated_is_no_date_and_no_warning() {
        let c = build(json!({"id": "a", "title": "T", "date": "n.d."}));
        assert_eq!(c.doc.date, None);
        assert!(c.problems.is_empty());
        assert_eq!(c.doc.extras.get(DATE_ORIGINAL), Some(&json!("n.d.")));
    }
}
