//! Loading the real FRUS corpus (`/work/shared/corpus/*.jsonl`) for integration tests.
//!
//! The corpus lives outside the repository (it is large and not ours to copy), so a test that
//! needs it asks [`load_corpus`] and skips, with a message, when it is absent. Each JSON Lines
//! record is read with serde straight into a [`Document`]; the only repair is that an empty
//! `date` or `date_end` (the corpus writes `""` for "no date") means absent. Every field the
//! model does not name (`archival_source`, `author`, `chapter`, …) lands in `extras`.

use std::fs;
use std::path::{Path, PathBuf};

use folio_core::model::Document;
use serde_json::Value;

/// Where the corpus is expected, relative to this crate.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ))
}

/// Every document of every `*.jsonl` file in `dir`, files in name order and lines in file
/// order; `None` when `dir` does not exist. A record that does not parse panics with its file
/// and line, since a broken corpus should stop the test, not quietly shrink it.
pub fn load_corpus(dir: &Path) -> Option<Vec<Document>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("{}: cannot read: {e}", file.display()));
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            docs.push(
                parse_record(line).unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), i + 1)),
            );
        }
    }
    Some(docs)
}

/// One JSON Lines record as a [`Document`], with empty dates made absent.
pub fn parse_record(line: &str) -> Result<Document, serde_json::Error> {
    let mut value: Value = serde_json::from_str(line)?;
    if let Value::Object(map) = &mut value {
        for key in ["date", "date_end"] {
            if map
                .get(key)
                .is_some_and(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
            {
                map.remove(key);
            }
        }
    }
    serde_json::from_value(value)
}
