//! CSV input: the header decides where each column goes, each row becomes a record.
//!
//! The delimiter (comma, semicolon or tab) is detected from the header line unless
//! `--delimiter` gives it. Columns may come in any order; their names are matched to
//! fields by [`crate::fields::ColumnMap`], and columns that match no field are kept as
//! extra fields under their own name. A header that cannot work (no title column, two
//! columns for one single-valued field) stops the run before any row is read.

use std::io::BufRead;

use super::csv_rows::{detect_delimiter, Row, RowError, RowReader};
use super::{Sink, Source};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::error::FatalError;
use crate::fields::{fold, Field, Resolution, Target};
use crate::record::RecordBuilder;

/// Reads a CSV file into `sink`.
pub fn read<R: BufRead>(src: R, source: &Source, sink: &mut dyn Sink) -> Result<(), FatalError> {
    let mut rows = RowReader::new(src, b',');
    let first = rows.peek_first_line().map_err(|e| source.io_error(e))?;
    let delimiter = match (source.options.delimiter, first) {
        (Some(d), _) => d,
        (None, _) if source.tab_separated => b'\t',
        (None, Some(line)) => detect_delimiter(&line),
        (None, None) => b',',
    };
    rows.set_delimiter(delimiter);
    let header = loop {
        match rows.next_row(None).map_err(|e| source.io_error(e))? {
            None => return Err(source.empty("a header line and one row per document")),
            Some(Ok(row)) if row.is_blank() => continue,
            Some(Ok(row)) => break row,
            Some(Err(RowError::UnclosedQuote { line, cell })) => {
                return Err(FatalError::BadHeader {
                    location: Location::at(&source.file, line, cell),
                    message:
                        "the header has a quote that is never closed (expected a closing '\"')"
                            .into(),
                })
            }
        }
    };
    let targets = read_header(&header, source, sink)?;
    let mut record = 0u64;
    while let Some(row) = rows
        .next_row(Some(targets.len()))
        .map_err(|e| source.io_error(e))?
    {
        let row = match row {
            Ok(row) if row.is_blank() => continue,
            Ok(row) => row,
            Err(RowError::UnclosedQuote { line, cell }) => {
                record += 1;
                sink.reject(Diagnostic::skip(
                    Location::at(&source.file, line, cell),
                    None,
                    Problem::UnclosedQuote,
                ))?;
                continue;
            }
        };
        record += 1;
        if row.cells.len() != targets.len() {
            sink.reject(Diagnostic::skip(
                Location::line(&source.file, row.line),
                None,
                Problem::RaggedRow {
                    found: row.cells.len(),
                    expected: targets.len(),
                },
            ))?;
            continue;
        }
        read_row(row, record, &targets, source, sink)?;
    }
    if record == 0 {
        return Err(FatalError::EmptyFile {
            file: source.file.to_string(),
            expected: "rows after the header line",
        });
    }
    Ok(())
}

fn read_row(
    row: Row,
    record: u64,
    targets: &[Target],
    source: &Source,
    sink: &mut dyn Sink,
) -> Result<(), FatalError> {
    let location = Location::line(&source.file, row.line);
    let mut builder = RecordBuilder::new(source.options, location, record);
    for (i, (cell, target)) in row.cells.iter().zip(targets).enumerate() {
        let column = i as u64 + 1;
        match cell.text() {
            Ok(text) => builder.add_text(target, text, Some(column)),
            Err((line, byte)) => {
                return sink.reject(Diagnostic::skip(
                    Location::at(&source.file, line, column),
                    None,
                    Problem::InvalidUtf8 { byte },
                ));
            }
        }
    }
    sink.record(builder.finish())
}

/// Works out where each column goes, and says so for columns that are not plain field
/// names.
fn read_header(
    header: &Row,
    source: &Source,
    sink: &mut dyn Sink,
) -> Result<Vec<Target>, FatalError> {
    let mut targets: Vec<Target> = Vec::with_capacity(header.cells.len());
    let mut names: Vec<String> = Vec::with_capacity(header.cells.len());
    for (i, cell) in header.cells.iter().enumerate() {
        let column = i as u64 + 1;
        let location = Location::at(&source.file, header.line, column);
        let name = cell.text().map_err(|(_, byte)| FatalError::InvalidUtf8 {
            location: location.clone(),
            byte,
        })?;
        let name = name.trim();
        let (target, how) = if name.is_empty() {
            (
                Target::Extra(format!("column {column}")),
                Resolution::Unknown,
            )
        } else {
            source.options.columns.resolve_header(name)
        };
        let target = match target {
            Target::Field(f) if !f.is_list() => {
                if let Some(j) = targets.iter().position(|t| *t == Target::Field(f)) {
                    return Err(FatalError::BadHeader {
                        location,
                        message: format!(
                            "columns {} (\"{}\") and {column} (\"{name}\") both mean field \"{f}\" (expected one column per field; use --map \"{name}=extra:{}\" to keep one as an extra field)",
                            j + 1,
                            names[j],
                            name.to_lowercase().replace(' ', "_")
                        ),
                    });
                }
                Target::Field(f)
            }
            Target::Extra(extra) => {
                let mut unique = extra.clone();
                let mut n = 2;
                while targets.contains(&Target::Extra(unique.clone())) {
                    unique = format!("{extra} ({n})");
                    n += 1;
                }
                Target::Extra(unique)
            }
            other => other,
        };
        match (&target, how) {
            (Target::Extra(extra), Resolution::Unknown) if !name.is_empty() => sink.note(
                location,
                format!("column \"{name}\" is not a bundle field; kept as extra field \"{extra}\""),
            ),
            (Target::Field(f), Resolution::Synonym) if fold(name) != fold(f.name()) => {
                sink.note(location, format!("column \"{name}\" read as field \"{f}\""))
            }
            _ => {}
        }
        targets.push(target);
        names.push(name.to_string());
    }
    if !targets.contains(&Target::Field(Field::Title)) {
        return Err(FatalError::BadHeader {
            location: Location::line(&source.file, header.line),
            message: format!(
                "no column holds the title (found {}; expected a column named Title, Heading or Headline, or --map COLUMN=title)",
                names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(targets)
}
