//! The bundle: the one JSON file a Folio site loads (`data/archive.json`), format version 1.
//!
//! ```json
//! { "format": "folio-bundle", "version": 1,
//!   "archive": { "title": "…", "description": "…", "publisher": "…", "licence": "…" },
//!   "documents": [ { "id": "…", "title": "…", "date": "1956-09-16", … } ] }
//! ```
//!
//! This module owns parsing and validation. A bundle that cannot be used at all is a
//! [`BundleError`] whose message tells the reader what is wrong and where. A bundle that can
//! be used but holds flawed documents loads with every flaw listed in
//! [`LoadedBundle::issues`]: a document without an id or a title, or with an id already
//! seen, is skipped; a wrong-shaped field or an impossible date is repaired (dropped or
//! converted). Nothing is dropped silently. The specification for publishers is
//! `docs/bundle-format.md`.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::date::PartialDate;
use crate::model::{ArchiveMeta, Document};

/// The value of the bundle's `format` member.
pub const FORMAT_MARKER: &str = "folio-bundle";
/// The bundle version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;
/// The largest bundle Folio will try to load (128 MiB). Larger ones are refused with a
/// clear message instead of exhausting the tab's memory.
pub const MAX_BUNDLE_BYTES: usize = 128 * 1024 * 1024;

/// Why a bundle could not be used at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum BundleError {
    #[error("The archive file is empty.")]
    Empty,
    #[error("The archive file is {size} bytes; Folio loads at most {limit} bytes. Split the archive or remove full texts.")]
    TooLarge { size: usize, limit: usize },
    #[error("The archive file is an HTML page, not JSON. The server probably answered with an error page; check that data/archive.json exists.")]
    Html,
    #[error("The archive file is not valid JSON: {message} at line {line}, column {column}.")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("The archive file is JSON but not a Folio bundle: its top level must be an object with \"format\": \"folio-bundle\".")]
    NotAnObject,
    #[error(
        "The archive file is not a Folio bundle: \"format\" is {found}, expected \"folio-bundle\"."
    )]
    WrongFormat { found: String },
    #[error("The archive file is bundle version {found}; this version of Folio reads version 1. Re-export it with a matching folio-import.")]
    UnsupportedVersion { found: String },
    #[error("The archive file has no \"documents\" list.")]
    NoDocumentList,
    #[error("The archive holds no usable documents ({skipped} skipped).")]
    NoDocuments { skipped: usize },
}

/// What was wrong with one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotAnObject,
    MissingId,
    MissingTitle,
    DuplicateId,
    InvalidDate {
        field: &'static str,
        value: String,
        reason: &'static str,
    },
    DateEndBeforeDate,
    WrongType {
        field: String,
        expected: &'static str,
        found: &'static str,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotAnObject => write!(f, "is not a JSON object"),
            Problem::MissingId => write!(f, "has no id"),
            Problem::MissingTitle => write!(f, "has no title"),
            Problem::DuplicateId => write!(f, "repeats an id already used"),
            Problem::InvalidDate {
                field,
                value,
                reason,
            } => {
                write!(
                    f,
                    "has an invalid {field} “{value}” ({reason}); the {field} was left out"
                )
            }
            Problem::DateEndBeforeDate => {
                write!(f, "has a date_end before its date; date_end was left out")
            }
            Problem::WrongType {
                field,
                expected,
                found,
            } => {
                write!(f, "has {found} in “{field}” where {expected} belongs")
            }
        }
    }
}

/// Whether a flawed document was kept (repaired) or left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Skipped,
    Repaired,
}

/// One flaw in one document, with its place in the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocIssue {
    /// 1-based position in the `documents` list.
    pub position: usize,
    pub id: Option<String>,
    pub problem: Problem,
    pub action: Action,
}

impl fmt::Display for DocIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Document {}", self.position)?;
        if let Some(id) = &self.id {
            write!(f, " (id “{id}”)")?;
        }
        write!(f, " {}", self.problem)?;
        if self.action == Action::Skipped {
            write!(f, "; skipped")?;
        }
        Ok(())
    }
}

/// A bundle that loaded, with every flaw found on the way.
#[derive(Debug, Clone, Default)]
pub struct LoadedBundle {
    pub archive: ArchiveMeta,
    pub documents: Vec<Document>,
    pub issues: Vec<DocIssue>,
}

impl LoadedBundle {
    /// How many documents were left out.
    pub fn skipped(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.action == Action::Skipped)
            .count()
    }

    /// How many documents were kept with a repair.
    pub fn repaired(&self) -> usize {
        let mut seen = HashSet::new();
        self.issues
            .iter()
            .filter(|i| i.action == Action::Repaired && seen.insert(i.position))
            .count()
    }
}

/// Parses and validates a bundle in one go.
pub fn parse_bundle(bytes: &[u8]) -> Result<LoadedBundle, BundleError> {
    let text = bundle_text(bytes)?;
    let mut reader = BundleReader::new(&text)?;
    while !reader.is_done() {
        reader.read(4096);
    }
    reader.finish()
}

/// Checks a bundle's bytes and decodes them as text: the size limit, a byte-order mark, an
/// empty file, an HTML page, lone surrogate escapes (repaired), invalid UTF-8.
pub fn bundle_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, BundleError> {
    use std::borrow::Cow;
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            size: bytes.len(),
            limit: MAX_BUNDLE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(BundleError::Empty),
        Some(b'<') => return Err(BundleError::Html),
        _ => {}
    }
    let bytes: Cow<[u8]> = match replace_lone_surrogates(bytes) {
        Some(repaired) => Cow::Owned(repaired),
        None => Cow::Borrowed(bytes),
    };
    let position = |at: usize, b: &[u8]| {
        let before = &b[..at.min(b.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        (line, column)
    };
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed).map_err(|e| {
            let (line, column) = position(e.valid_up_to(), b);
            BundleError::NotJson {
                line,
                column,
                message: "invalid UTF-8".into(),
            }
        }),
        Cow::Owned(v) => match String::from_utf8(v) {
            Ok(s) => Ok(Cow::Owned(s)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let (line, column) = position(at, e.as_bytes());
                Err(BundleError::NotJson {
                    line,
                    column,
                    message: "invalid UTF-8".into(),
                })
            }
        },
    }
}

/// The top level of a bundle, read in one pass: the header values as raw JSON, and the
/// documents as raw slices of the text. Other members are skipped (but their syntax checked).
#[derive(serde::Deserialize)]
struct Outline<'a> {
    #[serde(borrow, default)]
    format: Option<&'a RawValue>,
    #[serde(borrow, default)]
    version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    archive: Option<&'a RawValue>,
    #[serde(borrow, default)]
    documents: Option<DocumentList<'a>>,
}

/// `documents`: its items when it is an array; `None` for any other value (the reader is
/// then told the list is missing, rather than that the file is not JSON).
struct DocumentList<'a>(Option<Vec<&'a RawValue>>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for DocumentList<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = DocumentList<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of documents")
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<&'de RawValue>()? {
                    items.push(item);
                }
                Ok(DocumentList(Some(items)))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(DocumentList(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(DocumentList(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(DocumentList(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(DocumentList(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(DocumentList(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(DocumentList(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(DocumentList(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// Reads a bundle's documents a few at a time, so a browser can index them in slices and
/// show progress. [`BundleReader::new`] checks the whole file's syntax and the header;
/// [`BundleReader::read`] validates the next documents; [`BundleReader::finish`] hands over
/// the result.
pub struct BundleReader<'a> {
    raw: Vec<&'a serde_json::value::RawValue>,
    next: usize,
    ids: HashSet<String>,
    loaded: LoadedBundle,
}

impl<'a> BundleReader<'a> {
    pub fn new(text: &'a str) -> Result<BundleReader<'a>, BundleError> {
        // One pass over the file: it checks the syntax of everything and keeps each
        // document as a slice of the text, parsed only when it is read.
        let json_error = |e: serde_json::Error| BundleError::NotJson {
            line: e.line(),
            column: e.column(),
            message: short_json_message(&e),
        };
        // Outline would also read an array (as a tuple); anything but an object is refused.
        if !text.trim_start().starts_with('{') {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => BundleError::NotAnObject,
                Err(e) => json_error(e),
            });
        }
        let outline: Outline = serde_json::from_str(text).map_err(|e| {
            let duplicate = e.to_string().starts_with("duplicate field");
            match e.classify() {
                serde_json::error::Category::Data if !duplicate => BundleError::NotAnObject,
                _ => BundleError::NotJson {
                    line: e.line(),
                    column: e.column(),
                    message: short_json_message(&e),
                },
            }
        })?;
        let value =
            |r: Option<&RawValue>| r.and_then(|r| serde_json::from_str::<Value>(r.get()).ok());
        match value(outline.format) {
            Some(Value::String(s)) if s == FORMAT_MARKER => {}
            Some(other) => {
                return Err(BundleError::WrongFormat {
                    found: other.to_string(),
                })
            }
            None => {
                return Err(BundleError::WrongFormat {
                    found: "missing".into(),
                })
            }
        }
        match value(outline.version) {
            Some(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
            Some(other) => {
                return Err(BundleError::UnsupportedVersion {
                    found: other.to_string(),
                })
            }
            None => {
                return Err(BundleError::UnsupportedVersion {
                    found: "missing".into(),
                })
            }
        }
        let archive = match value(outline.archive) {
            Some(Value::Object(m)) => read_meta(m),
            _ => ArchiveMeta::default(),
        };
        let raw: Vec<&RawValue> = outline
            .documents
            .and_then(|d| d.0)
            .ok_or(BundleError::NoDocumentList)?;
        let loaded = LoadedBundle {
            archive,
            documents: Vec::with_capacity(raw.len()),
            issues: Vec::new(),
        };
        Ok(BundleReader {
            ids: HashSet::with_capacity(raw.len()),
            raw,
            next: 0,
            loaded,
        })
    }

    /// How many entries the `documents` list has (valid or not).
    pub fn total(&self) -> usize {
        self.raw.len()
    }

    /// How many entries have been read.
    pub fn position(&self) -> usize {
        self.next
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.raw.len()
    }

    /// Validates up to `n` more entries; returns the documents they added.
    pub fn read(&mut self, n: usize) -> &[Document] {
        let start = self.loaded.documents.len();
        let end = (self.next + n).min(self.raw.len());
        for i in self.next..end {
            let position = i + 1;
            let raw = serde_json::from_str::<Value>(self.raw[i].get()).unwrap_or(Value::Null);
            let mut notes = Vec::new();
            match read_document(raw, &mut notes) {
                Ok(doc) => {
                    if !self.ids.insert(doc.id.clone()) {
                        self.loaded.issues.push(DocIssue {
                            position,
                            id: Some(doc.id),
                            problem: Problem::DuplicateId,
                            action: Action::Skipped,
                        });
                        continue;
                    }
                    self.loaded
                        .issues
                        .extend(notes.into_iter().map(|problem| DocIssue {
                            position,
                            id: Some(doc.id.clone()),
                            problem,
                            action: Action::Repaired,
                        }));
                    self.loaded.documents.push(doc);
                }
                Err((id, problem)) => self.loaded.issues.push(DocIssue {
                    position,
                    id,
                    problem,
                    action: Action::Skipped,
                }),
            }
        }
        self.next = end;
        &self.loaded.documents[start..]
    }

    /// The loaded bundle; an error when no document was usable.
    pub fn finish(self) -> Result<LoadedBundle, BundleError> {
        if self.loaded.documents.is_empty() {
            return Err(BundleError::NoDocuments {
                skipped: self.loaded.skipped(),
            });
        }
        Ok(self.loaded)
    }
}

/// JSON may escape half of a UTF-16 surrogate pair on its own (`"\ud83d"`: what JavaScript
/// writes when it cuts a string in the middle of an emoji), but a Rust string cannot hold
/// it, so serde_json refuses the whole file. This replaces each lone surrogate escape with
/// `\uFFFD` (the replacement character), keeping every byte offset, so one damaged
/// character does not take the whole archive down. `None` when there was nothing to replace.
fn replace_lone_surrogates(bytes: &[u8]) -> Option<Vec<u8>> {
    let hex4 = |at: usize| -> Option<u16> {
        let digits = bytes.get(at..at + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let is_high = |u: u16| (0xD800..0xDC00).contains(&u);
    let is_low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    // Only backslashes matter, and memchr finds them many bytes at a time: a bundle is
    // scanned in a few milliseconds even in WebAssembly. A backslash outside a string is a
    // syntax error the parser reports anyway, so strings need not be tracked; `free` skips
    // the character an escape consumes (`\\u` is an escaped backslash, then "u").
    let mut free = 0;
    for i in memchr::memchr_iter(b'\\', bytes) {
        if i < free {
            continue;
        }
        let Some(u) = (bytes.get(i + 1) == Some(&b'u'))
            .then(|| hex4(i + 2))
            .flatten()
        else {
            free = i + 2;
            continue;
        };
        let pair = is_high(u)
            && bytes.get(i + 6..i + 8) == Some(&b"\\u"[..])
            && hex4(i + 8).is_some_and(is_low);
        if pair {
            free = i + 12;
        } else if is_high(u) || is_low(u) {
            let o = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            o.extend_from_slice(&bytes[copied..i]);
            o.extend_from_slice(b"\\uFFFD");
            free = i + 6;
            copied = free;
        } else {
            free = i + 6;
        }
    }
    let mut out = out?;
    out.extend_from_slice(&bytes[copied..]);
    Some(out)
}

fn short_json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the error type says it separately.
    match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full,
    }
}

fn read_meta(mut m: Map<String, Value>) -> ArchiveMeta {
    let mut notes = Vec::new();
    let mut take = |k: &str| take_text(&mut m, k, &mut notes).unwrap_or_default();
    ArchiveMeta {
        title: take("title"),
        description: take("description"),
        publisher: take("publisher"),
        licence: take("licence"),
        url: take("url"),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A text field: strings as they are, numbers and booleans converted (noted), anything else
/// dropped (noted). Null and missing are simply absent.
fn take_text(m: &mut Map<String, Value>, field: &str, notes: &mut Vec<Problem>) -> Option<String> {
    let s = match m.remove(field)? {
        Value::String(s) => s,
        Value::Null => return None,
        v @ (Value::Number(_) | Value::Bool(_)) => {
            notes.push(Problem::WrongType {
                field: field.into(),
                expected: "text",
                found: kind(&v),
            });
            v.to_string()
        }
        v => {
            notes.push(Problem::WrongType {
                field: field.into(),
                expected: "text",
                found: kind(&v),
            });
            return None;
        }
    };
    let t = s.trim();
    if t.is_empty() {
        None
    } else if t.len() == s.len() {
        Some(s)
    } else {
        Some(t.to_string())
    }
}

/// A list field: a list of strings; a single string becomes a one-item list; numbers in the
/// list are converted; anything else is dropped with a note. Empty items and repeats go.
fn take_list(m: &mut Map<String, Value>, field: &str, notes: &mut Vec<Problem>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |s: String, out: &mut Vec<String>| {
        let t = s.trim();
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    };
    match m.remove(field) {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => push(s, &mut out),
        Some(Value::Array(items)) => {
            let mut bad = None;
            for item in items {
                match item {
                    Value::String(s) => push(s, &mut out),
                    Value::Null => {}
                    v @ (Value::Number(_) | Value::Bool(_)) => push(v.to_string(), &mut out),
                    v => bad = Some(kind(&v)),
                }
            }
            if let Some(found) = bad {
                notes.push(Problem::WrongType {
                    field: field.into(),
                    expected: "a list of text",
                    found,
                });
            }
        }
        Some(v) => notes.push(Problem::WrongType {
            field: field.into(),
            expected: "a list of text",
            found: kind(&v),
        }),
    }
    out
}

fn take_date(
    m: &mut Map<String, Value>,
    field: &'static str,
    notes: &mut Vec<Problem>,
) -> Option<PartialDate> {
    let raw = take_text(m, field, notes)?;
    match PartialDate::parse(&raw) {
        Ok(d) => Some(d),
        Err(e) => {
            notes.push(Problem::InvalidDate {
                field,
                value: truncate(&raw, 40),
                reason: e.reason,
            });
            None
        }
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

type Skip = (Option<String>, Problem);

fn read_document(raw: Value, notes: &mut Vec<Problem>) -> Result<Document, Skip> {
    let Value::Object(mut m) = raw else {
        return Err((None, Problem::NotAnObject));
    };
    let id = take_text(&mut m, "id", notes);
    let Some(id) = id else {
        return Err((None, Problem::MissingId));
    };
    let Some(title) = take_text(&mut m, "title", notes) else {
        return Err((Some(id), Problem::MissingTitle));
    };
    let date = take_date(&mut m, "date", notes);
    let mut date_end = take_date(&mut m, "date_end", notes);
    if let (Some(start), Some(end)) = (date, date_end) {
        if end.end_key() < start.sort_key() {
            notes.push(Problem::DateEndBeforeDate);
            date_end = None;
        }
    }
    let mut text = |k: &str| take_text(&mut m, k, notes).unwrap_or_default();
    let summary = text("summary");
    let body = text("text");
    let collection = text("collection");
    let source = text("source");
    let language = text("language");
    let url = text("url");
    let people = take_list(&mut m, "people", notes);
    let places = take_list(&mut m, "places", notes);
    let subjects = take_list(&mut m, "subjects", notes);
    let extras: BTreeMap<String, Value> = m.into_iter().filter(|(_, v)| !v.is_null()).collect();
    Ok(Document {
        id,
        title,
        date: date.or_else(|| date_end.take()),
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
        extras,
    })
}

/// A bundle as written to disk. Serializing it gives deterministic output: fields in a fixed
/// order, extras sorted by name.
#[derive(Debug, Serialize)]
pub struct BundleOut<'a> {
    pub format: &'static str,
    pub version: u64,
    pub archive: &'a ArchiveMeta,
    pub documents: &'a [Document],
}

/// Writes a bundle in the current format version: one document per line, so diffs of a
/// committed bundle stay readable.
pub fn write_bundle(archive: &ArchiveMeta, documents: &[Document]) -> String {
    let head = serde_json::to_string(&BundleOut {
        format: FORMAT_MARKER,
        version: FORMAT_VERSION,
        archive,
        documents: &[],
    })
    .unwrap_or_default();
    // `head` ends with `"documents":[]}`; reopen the list and write one document per line.
    let mut out = head[..head.len() - 2].to_string();
    out.push('\n');
    for (i, d) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(d).unwrap_or_default());
    }
    out.push_str("\n]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bundle(docs: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({"format": "folio-bundle", "version": 1, "archive": {"title": "T"}, "documents": docs})).unwrap()
    }

    #[test]
    fn loads_a_valid_bundle_with_extras_kept() {
        let b = bundle(
            json!([{"id": "a", "title": "A", "date": "1956-09-16", "people": ["X"], "archival_source": "761.00/1", "word_count": 5}]),
        );
        let l = parse_bundle(&b).unwrap();
        assert_eq!(l.archive.title, "T");
        assert_eq!(l.documents.len(), 1);
        assert!(l.issues.is_empty());
        let d = &l.documents[0];
        assert_eq!(d.date.unwrap().to_string(), "1956-09-16");
        assert_eq!(d.extras.get("archival_source"), Some(&json!("761.00/1")));
        assert_eq!(d.extras.get("word_count"), Some(&json!(5)));
    }

    #[test]
    fn whole_file_errors_say_what_is_wrong() {
        assert_eq!(parse_bundle(b"").unwrap_err(), BundleError::Empty);
        assert_eq!(parse_bundle(b"  \n").unwrap_err(), BundleError::Empty);
        assert_eq!(
            parse_bundle(b"<!DOCTYPE html><p>404").unwrap_err(),
            BundleError::Html
        );
        match parse_bundle(b"{\n \"format\": \"folio-bundle\",\n \"version\": 1, \"documents\": [")
            .unwrap_err()
        {
            BundleError::NotJson { line, .. } => assert_eq!(line, 3),
            e => panic!("{e:?}"),
        }
        assert_eq!(
            parse_bundle(b"[1,2]").unwrap_err(),
            BundleError::NotAnObject
        );
        assert!(matches!(
            parse_bundle(b"{\"format\":\"x\",\"version\":1}").unwrap_err(),
            BundleError::WrongFormat { .. }
        ));
        assert!(matches!(
            parse_bundle(b"{\"format\":\"folio-bundle\",\"version\":2}").unwrap_err(),
            BundleError::UnsupportedVersion { .. }
        ));
        assert_eq!(
            parse_bundle(b"{\"format\":\"folio-bundle\",\"version\":1}").unwrap_err(),
            BundleError::NoDocumentList
        );
        assert_eq!(
            parse_bundle(&bundle(json!([]))).unwrap_err(),
            BundleError::NoDocuments { skipped: 0 }
        );
        assert_eq!(
            parse_bundle(&bundle(json!([{"title": "no id"}]))).unwrap_err(),
            BundleError::NoDocuments { skipped: 1 }
        );
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(bundle(json!([{"id": "a", "title": "A"}])));
        assert_eq!(parse_bundle(&b).unwrap().documents.len(), 1);
    }

    #[test]
    fn flawed_documents_are_counted_never_dropped_silently() {
        let b = bundle(json!([
            {"id": "a", "title": "A"},
            {"title": "no id"},
            {"id": "c"},
            {"id": "a", "title": "again"},
            {"id": "e", "title": "E", "date": "1956-13-45"},
            7,
            {"id": 8, "title": ["x"], "summary": "kept"},
            {"id": "h", "title": 1956, "people": "Solo", "places": [["nested"]], "date": "1960", "date_end": "1950"},
        ]));
        let l = parse_bundle(&b).unwrap();
        let ids: Vec<_> = l.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "e", "h"]);
        assert_eq!(l.skipped(), 5);
        assert_eq!(l.repaired(), 2);
        let e = &l.documents[1];
        assert_eq!(e.date, None);
        let h = &l.documents[2];
        assert_eq!(h.title, "1956");
        assert_eq!(h.people, ["Solo"]);
        assert!(h.places.is_empty());
        assert_eq!(h.date_end, None);
        let text: Vec<String> = l.issues.iter().map(|i| i.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("Document 4 (id “a”) repeats an id")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("invalid date “1956-13-45”")),
            "{text:?}"
        );
    }

    #[test]
    fn written_bundles_load_back_identically() {
        let docs = vec![Document {
            id: "x/1 ?#".into(),
            title: "T".into(),
            date: PartialDate::parse("1956-09").ok(),
            people: vec!["P".into()],
            ..Default::default()
        }];
        let meta = ArchiveMeta {
            title: "A".into(),
            ..Default::default()
        };
        let s = write_bundle(&meta, &docs);
        let l = parse_bundle(s.as_bytes()).unwrap();
        assert_eq!(l.documents, docs);
        assert_eq!(l.archive, meta);
        assert_eq!(write_bundle(&meta, &l.documents), s, "deterministic");
    }
}
