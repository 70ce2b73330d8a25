//! Property: any documents, exported to CSV and to JSON Lines, import back unchanged.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use folio_core::date::{days_in_month, PartialDate};
use folio_core::model::Document;
use folio_import::collect::Collector;
use folio_import::config::{Format, Input, RecordOptions};
use folio_import::input::read_input;
use folio_import::progress::Progress;
use folio_import::report::Reporter;
use proptest::prelude::*;
use serde_json::Value;

/// Imports one file in-process under `--strict`, so that any warning fails the property.
fn import(path: &Path, format: Format) -> Vec<Document> {
    let input = Input {
        path: path.to_path_buf(),
        display: Arc::from("roundtrip"),
        format,
        tab_separated: false,
    };
    let mut reporter = Reporter::new(true, None, Progress::hidden());
    let mut collector = Collector::new(&mut reporter, Vec::new(), None);
    collector.begin_file("roundtrip".into());
    read_input(
        &input,
        &RecordOptions::standard(),
        &Progress::hidden(),
        &mut collector,
    )
    .expect("imports without a problem");
    collector.into_output()
}

const COLUMNS: [&str; 13] = [
    "id",
    "title",
    "date",
    "date_end",
    "summary",
    "text",
    "people",
    "places",
    "subjects",
    "collection",
    "source",
    "language",
    "url",
];

fn csv_cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Writes documents as CSV the way a spreadsheet would: every cell quoted, lists joined
/// with "; ", string extras as extra columns.
fn to_csv(docs: &[Document]) -> String {
    let extra_names: Vec<String> = docs
        .iter()
        .flat_map(|d| d.extras.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out: Vec<String> = vec![COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(extra_names.iter().cloned())
        .collect::<Vec<_>>()
        .join(",")];
    for d in docs {
        let date = |x: &Option<PartialDate>| x.map(|x| x.to_string()).unwrap_or_default();
        let mut cells = vec![
            d.id.clone(),
            d.title.clone(),
            date(&d.date),
            date(&d.date_end),
            d.summary.clone(),
            d.text.clone(),
            d.people.join("; "),
            d.places.join("; "),
            d.subjects.join("; "),
            d.collection.clone(),
            d.source.clone(),
            d.language.clone(),
            d.url.clone(),
        ];
        for name in &extra_names {
            cells.push(
                d.extras
                    .get(name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        out.push(
            cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    out.join("\r\n") + "\r\n"
}

fn to_jsonl(docs: &[Document]) -> String {
    docs.iter()
        .map(|d| serde_json::to_string(d).unwrap() + "\n")
        .collect()
}

/// Text as the bundle keeps it: no white space at either end, never empty.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9é—’ ,.;:\"'()\n-]{1,30}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn optional_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), text()]
}

/// List items hold no separator.
fn list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        "[a-zA-Z0-9é ,.'-]{1,12}".prop_map(|s| s.trim().to_string()),
        0..4,
    )
    .prop_map(|items| {
        let mut out: Vec<String> = Vec::new();
        for i in items {
            if !i.is_empty() && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    })
}

fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1u16..=9999, prop::option::of(1u8..=12), any::<u8>()).prop_map(|(year, month, day)| {
        let day = month.and_then(|m| (day % 3 != 0).then(|| 1 + day % days_in_month(year, m)));
        PartialDate { year, month, day }
    })
}

fn document() -> impl Strategy<Value = Document> {
    (
        (
            text(),
            text(),
            prop::option::of((partial_date(), prop::option::of(partial_date()))),
        ),
        (optional_text(), optional_text(), list(), list(), list()),
        (
            optional_text(),
            optional_text(),
            optional_text(),
            optional_text(),
        ),
        prop::collection::btree_map("x_[a-z]{1,6}", text(), 0..3),
    )
        .prop_map(
            |(
                (id, title, dates),
                (summary, body, people, places, subjects),
                (collection, source, language, url),
                extras,
            )| {
                let (date, date_end) = match dates {
                    Some((start, Some(end))) if end.sort_key() >= start.sort_key() => {
                        (Some(start), Some(end))
                    }
                    Some((start, _)) => (Some(start), None),
                    None => (None, None),
                };
                Document {
                    id,
                    title,
                    date,
                    date_end,
                    summary,
                    text: body,
                    people,
                    places,
                    subjects,
                    collection,
                    source,
                    language,
                    url,
                    extras: extras
                        .into_iter()
                        .map(|(k, v)| (k, Value::String(v)))
                        .collect::<BTreeMap<_, _>>(),
                }
            },
        )
}

/// Unique ids, as a bundle needs.
fn documents() -> impl Strategy<Value = Vec<Document>> {
    prop::collection::vec(document(), 1..8).prop_map(|docs| {
        docs.into_iter()
            .enumerate()
            .map(|(i, mut d)| {
                d.id = format!("{i}-{}", d.id);
                d
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn documents_survive_a_trip_through_csv(docs in documents()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs.csv");
        std::fs::write(&path, to_csv(&docs)).unwrap();
        prop_assert_eq!(import(&path, Format::Csv), docs);
    }

    #[test]
    fn documents_survive_a_trip_through_json_lines(docs in documents()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs.jsonl");
        std::fs::write(&path, to_jsonl(&docs)).unwrap();
        prop_assert_eq!(import(&path, Format::JsonLines), docs);
    }
}
