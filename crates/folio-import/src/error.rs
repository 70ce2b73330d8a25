//! Errors that stop an import: nothing is written and the exit status is 2.
//!
//! Problems with one record are [`Diagnostic`]s and do not stop the run (unless
//! `--strict`). A [`FatalError`] is about the whole run: a file that cannot be read, is
//! empty or is not the format it claims, an output that cannot be written, or no valid
//! document at all.

use std::io;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Location};

#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{file}: the file is empty (expected {expected})")]
    EmptyFile {
        file: String,
        expected: &'static str,
    },
    #[error("{location}: malformed XML: {message}")]
    MalformedXml { location: Location, message: String },
    #[error("{location}: {message}")]
    Malformed { location: Location, message: String },
    #[error("{location}: {message}")]
    BadHeader { location: Location, message: String },
    #[error("{location}: invalid UTF-8 at byte {byte} of the line (expected UTF-8 text; save the file as UTF-8)")]
    InvalidUtf8 { location: Location, byte: u64 },
    #[error("no valid document in the input ({skipped} skipped); nothing was written")]
    NothingValid { skipped: u64 },
    #[error("{0} (--strict stops at the first problem; nothing was written)")]
    Strict(Box<Diagnostic>),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Usage(String),
    #[error("{}: {message}", path.display())]
    Check { path: PathBuf, message: String },
}
