//! Reading input files: one reader per format, all streaming into one [`Sink`].
//!
//! Each reader turns its file into [`Candidate`]s (documents with what was wrong with
//! them) and rejections (records that could not be read at all), in file order, holding
//! no more than one record at a time. What to keep is decided by the sink, the same way
//! for every format.

pub mod csv;
pub mod csv_rows;
pub mod json;
pub mod jsonl;
pub mod tei;
pub mod tei_document;
pub mod tei_tree;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use crate::config::{Format, Input, RecordOptions};
use crate::diagnostics::{Diagnostic, Location};
use crate::error::FatalError;
use crate::progress::Progress;
use crate::record::Candidate;

/// Where readers deliver what they read.
pub trait Sink {
    /// A record that was read; the sink decides whether it is kept.
    fn record(&mut self, candidate: Candidate) -> Result<(), FatalError>;
    /// A record that could not be read at all (bad JSON, ragged row, stray quote).
    fn reject(&mut self, diagnostic: Diagnostic) -> Result<(), FatalError>;
    /// Something worth knowing that is not a problem (an unknown column kept as extra).
    fn note(&mut self, location: Location, message: String);
}

/// One input being read: its name for messages, its path, and the options.
pub struct Source<'a> {
    pub file: Arc<str>,
    pub path: &'a Path,
    pub options: &'a RecordOptions,
    pub tab_separated: bool,
}

impl Source<'_> {
    pub fn io_error(&self, source: std::io::Error) -> FatalError {
        FatalError::Unreadable {
            path: self.path.to_path_buf(),
            source,
        }
    }

    pub fn empty(&self, expected: &'static str) -> FatalError {
        FatalError::EmptyFile {
            file: self.file.to_string(),
            expected,
        }
    }
}

/// Buffer size for reading inputs: large enough that progress updates cost nothing.
const BUFFER: usize = 256 * 1024;

/// Reads one input file into `sink`.
pub fn read_input(
    input: &Input,
    options: &RecordOptions,
    progress: &Progress,
    sink: &mut dyn Sink,
) -> Result<(), FatalError> {
    let source = Source {
        file: Arc::clone(&input.display),
        path: &input.path,
        options,
        tab_separated: input.tab_separated,
    };
    let file = File::open(&input.path).map_err(|e| source.io_error(e))?;
    let len = file.metadata().map_err(|e| source.io_error(e))?.len();
    if len == 0 {
        return Err(source.empty(expected(input.format)));
    }
    let reader = BufReader::with_capacity(BUFFER, progress.wrap(file));
    match input.format {
        Format::Csv => csv::read(reader, &source, sink),
        Format::JsonLines => jsonl::read(reader, &source, sink),
        Format::Json => json::read(reader, &source, sink),
        Format::Tei => tei::read(reader, &source, sink),
    }
}

fn expected(format: Format) -> &'static str {
    match format {
        Format::Csv => "a header line and one row per document",
        Format::JsonLines => "one JSON object per line",
        Format::Json => "a JSON array of documents",
        Format::Tei => "a TEI document with <div type=\"document\"> elements",
    }
}

/// Reads a file fully (small files only: the tail of a JSON object, XML error context).
pub fn read_all(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut v = Vec::new();
    File::open(path)?.read_to_end(&mut v)?;
    Ok(v)
}
