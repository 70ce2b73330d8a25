//! JSON input: an array of document objects, streamed one element at a time.
//!
//! A small scanner finds where each element of the top-level array begins and ends
//! (tracking strings, escapes and nesting) and hands that slice to `serde_json`, so a
//! 200 MB array never sits in memory at once and an error inside one element is reported
//! at its own line and column and costs only that element. Damage the scanner cannot
//! step over (an array never closed, content after it) is fatal.
//!
//! A file whose top level is an object is read whole: an object with a `documents` array
//! (a Folio bundle, for instance) gives those documents, any other object is one
//! document, and several objects in a row are read as JSON Lines.

use std::io::BufRead;

use serde_json::Value;

use super::{jsonl, read_all, Sink, Source};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::error::FatalError;
use crate::record::{from_json_object, kind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    BeforeArray,
    BeforeElement,
    InElement {
        depth: u32,
        in_string: bool,
        escape: bool,
    },
    AfterArray,
}

/// Reads a JSON file into `sink`.
pub fn read<R: BufRead>(
    mut src: R,
    source: &Source,
    sink: &mut dyn Sink,
) -> Result<(), FatalError> {
    let mut state = State::BeforeArray;
    let (mut line, mut col) = (1u64, 0u64);
    let mut element: Vec<u8> = Vec::new();
    let mut start = (1u64, 1u64);
    let mut array_at = (1u64, 1u64);
    let mut record = 0u64;
    let mut first_chunk = true;
    loop {
        let chunk = src.fill_buf().map_err(|e| source.io_error(e))?;
        if chunk.is_empty() {
            break;
        }
        let mut bytes = chunk;
        if first_chunk {
            first_chunk = false;
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        for &b in bytes {
            if b == b'\n' {
                line += 1;
                col = 0;
            } else {
                col += 1;
            }
            state = match state {
                State::BeforeArray if b.is_ascii_whitespace() => state,
                State::BeforeArray if b == b'[' => {
                    array_at = (line, col);
                    State::BeforeElement
                }
                State::BeforeArray if b == b'{' => return read_object(source, sink),
                State::BeforeArray => {
                    return Err(FatalError::Malformed {
                        location: Location::at(&source.file, line, col),
                        message: format!("expected a JSON array of documents ('['), found '{}'", b as char),
                    })
                }
                State::BeforeElement if b.is_ascii_whitespace() => state,
                State::BeforeElement if b == b']' => State::AfterArray,
                State::BeforeElement => {
                    start = (line, col);
                    element.clear();
                    element.push(b);
                    match b {
                        b'{' | b'[' => State::InElement { depth: 1, in_string: false, escape: false },
                        b'"' => State::InElement { depth: 0, in_string: true, escape: false },
                        _ => State::InElement { depth: 0, in_string: false, escape: false },
                    }
                }
                State::InElement { depth, in_string: true, escape } => {
                    element.push(b);
                    match (escape, b) {
                        (true, _) => State::InElement { depth, in_string: true, escape: false },
                        (false, b'\\') => State::InElement { depth, in_string: true, escape: true },
                        (false, b'"') => State::InElement { depth, in_string: false, escape: false },
                        _ => state,
                    }
                }
                State::InElement { depth: 0, .. } if b == b',' || b == b']' => {
                    record += 1;
                    read_element(&element, start, record, source, sink)?;
                    if b == b',' {
                        State::BeforeElement
                    } else {
                        State::AfterArray
                    }
                }
                State::InElement { depth, .. } => {
                    element.push(b);
                    let depth = match b {
                        b'{' | b'[' => depth + 1,
                        b'}' | b']' => depth.saturating_sub(1),
                        _ => depth,
                    };
                    State::InElement { depth, in_string: b == b'"', escape: false }
                }
                State::AfterArray if b.is_ascii_whitespace() => state,
                State::AfterArray => {
                    return Err(FatalError::Malformed {
                        location: Location::at(&source.file, line, col),
                        message: "unexpected content after the end of the array (expected the end of the file)".into(),
                    })
                }
            };
        }
        let n = chunk.len();
        src.consume(n);
    }
    match state {
        State::AfterArray if record == 0 => Err(source.empty("a JSON array of documents")),
        State::AfterArray => Ok(()),
        State::BeforeArray => Err(source.empty("a JSON array of documents")),
        State::InElement { .. } => Err(FatalError::Malformed {
            location: Location::at(&source.file, start.0, start.1),
            message: "the document that starts here is not closed before the end of the file (expected '}' and then ']')".into(),
        }),
        State::BeforeElement => Err(FatalError::Malformed {
            location: Location::at(&source.file, array_at.0, array_at.1),
            message: "the array that opens here is not closed (expected ']' at the end of the file)".into(),
        }),
    }
}

/// One element of the array, starting at `start` (line, column).
fn read_element(
    bytes: &[u8],
    start: (u64, u64),
    record: u64,
    source: &Source,
    sink: &mut dyn Sink,
) -> Result<(), FatalError> {
    // Positions inside the element, made absolute.
    let at = |l: u64, c: u64| {
        if l <= 1 {
            Location::at(&source.file, start.0, start.1 + c.saturating_sub(1))
        } else {
            Location::at(&source.file, start.0 + l - 1, c)
        }
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let lines = before.iter().filter(|b| **b == b'\n').count() as u64;
            let byte = match before.iter().rposition(|b| *b == b'\n') {
                Some(nl) => (before.len() - nl) as u64,
                None => before.len() as u64 + 1,
            };
            let location = at(lines + 1, byte);
            let byte = location.column.unwrap_or(byte);
            return sink.reject(Diagnostic::skip(
                location,
                None,
                Problem::InvalidUtf8 { byte },
            ));
        }
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => sink.record(from_json_object(
            map,
            source.options,
            Location::line(&source.file, start.0),
            record,
        )),
        Ok(other) => sink.reject(Diagnostic::skip(
            Location::at(&source.file, start.0, start.1),
            None,
            Problem::NotAnObject {
                found: kind(&other),
            },
        )),
        Err(e) => sink.reject(Diagnostic::skip(
            at(e.line() as u64, e.column() as u64),
            None,
            Problem::BadJson {
                message: jsonl::json_message(&e),
            },
        )),
    }
}

/// A top-level object: a bundle-like wrapper, one document, or JSON Lines in disguise.
fn read_object(source: &Source, sink: &mut dyn Sink) -> Result<(), FatalError> {
    let bytes = read_all(source.path).map_err(|e| source.io_error(e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) if e.to_string().starts_with("trailing characters") => {
            sink.note(
                Location::file(&source.file),
                "holds several JSON objects one after another; read as JSON Lines".into(),
            );
            return jsonl::read(bytes, source, sink);
        }
        Err(e) => {
            return Err(FatalError::Malformed {
                location: Location::at(&source.file, e.line() as u64, e.column() as u64),
                message: format!("not valid JSON: {}", jsonl::json_message(&e)),
            })
        }
    };
    let Value::Object(mut map) = value else {
        return Err(FatalError::Malformed {
            location: Location::line(&source.file, 1),
            message: "expected a JSON array of documents or an object".into(),
        });
    };
    match map.remove("documents") {
        Some(Value::Array(docs)) => {
            if docs.is_empty() {
                return Err(source.empty("documents in the \"documents\" list"));
            }
            for (i, doc) in docs.into_iter().enumerate() {
                let record = i as u64 + 1;
                let location = Location::record(&source.file, record);
                match doc {
                    Value::Object(m) => {
                        sink.record(from_json_object(m, source.options, location, record))?
                    }
                    other => sink.reject(Diagnostic::skip(
                        location,
                        None,
                        Problem::NotAnObject {
                            found: kind(&other),
                        },
                    ))?,
                }
            }
            Ok(())
        }
        Some(other) => {
            map.insert("documents".into(), other);
            sink.record(from_json_object(
                map,
                source.options,
                Location::line(&source.file, 1),
                1,
            ))
        }
        None => sink.record(from_json_object(
            map,
            source.options,
            Location::line(&source.file, 1),
            1,
        )),
    }
}
