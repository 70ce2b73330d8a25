//! folio-import: CSV, JSON Lines, JSON and TEI files in, one Folio bundle out.
//!
//! A native command-line tool; nothing here reaches the WebAssembly build. The pipeline:
//!
//! - [`cli`] describes the raw flags; [`config`] checks them into a [`config::Mode`].
//! - [`input`] has one streaming reader per format ([`input::csv`], [`input::jsonl`],
//!   [`input::json`], [`input::tei`]); each yields [`record::Candidate`]s built by
//!   [`record`] with the field vocabulary of [`fields`] and the date reader of [`dates`].
//! - [`collect`] decides what is kept (titles, ids, duplicates) and passes documents to
//!   [`output`], which streams the bundle to a temporary file and renames it into place.
//! - [`diagnostics`] and [`report`] say what went wrong and where; [`error`] is what
//!   stops a run; [`summary`] is the closing report; [`check`] validates a bundle.
//! - [`run`] drives an import (or hands a check to [`check`]); both end in an
//!   [`outcome`], which decides the exit status.

#![forbid(unsafe_code)]

pub mod check;
pub mod cli;
pub mod collect;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod error;
pub mod fields;
pub mod input;
pub mod outcome;
pub mod output;
pub mod progress;
pub mod record;
pub mod report;
pub mod run;
pub mod summary;
