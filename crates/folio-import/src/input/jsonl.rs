//! JSON Lines input: one JSON object per line, read one line at a time.
//!
//! A line that is not UTF-8, not JSON or not an object is one bad record: it is reported
//! with its line and column and the next line is read. Blank lines are skipped.

use std::io::BufRead;

use serde_json::Value;

use super::{Sink, Source};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::error::FatalError;
use crate::record::{from_json_object, kind};

/// Reads a JSON Lines file into `sink`.
pub fn read<R: BufRead>(
    mut src: R,
    source: &Source,
    sink: &mut dyn Sink,
) -> Result<(), FatalError> {
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut line_no = 0u64;
    let mut record = 0u64;
    loop {
        buf.clear();
        if src
            .read_until(b'\n', &mut buf)
            .map_err(|e| source.io_error(e))?
            == 0
        {
            break;
        }
        line_no += 1;
        let mut bytes = buf.as_slice();
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        record += 1;
        read_line(bytes, line_no, record, source, sink)?;
    }
    if record == 0 {
        return Err(source.empty("one JSON object per line"));
    }
    Ok(())
}

/// One line: a JSON object, or a reason it is not one.
pub fn read_line(
    bytes: &[u8],
    line: u64,
    record: u64,
    source: &Source,
    sink: &mut dyn Sink,
) -> Result<(), FatalError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let byte = e.valid_up_to() as u64 + 1;
            return sink.reject(Diagnostic::skip(
                Location::at(&source.file, line, byte),
                None,
                Problem::InvalidUtf8 { byte },
            ));
        }
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => sink.record(from_json_object(
            map,
            source.options,
            Location::line(&source.file, line),
            record,
        )),
        Ok(other) => sink.reject(Diagnostic::skip(
            Location::line(&source.file, line),
            None,
            Problem::NotAnObject {
                found: kind(&other),
            },
        )),
        Err(e) => sink.reject(Diagnostic::skip(
            Location::at(&source.file, line, e.column() as u64),
            None,
            Problem::BadJson {
                message: json_message(&e),
            },
        )),
    }
}

/// serde_json's message without its " at line L column C" (the location says it).
pub fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full,
    }
}
