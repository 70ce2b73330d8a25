//! The command line as typed: raw flags, parsed by `clap`, not yet checked.
//!
//! [`Args`] only describes the flags and their help. Turning them into something the
//! importer can run (reading `--archive-meta`, working out each input's format, parsing
//! `--map`) is [`crate::config`]'s job, so that every rule about flags lives in one place
//! and can be tested without a process.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Builds a Folio bundle (data/archive.json) from CSV, JSON Lines, JSON and TEI files.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "folio-import",
    version,
    about = "Build a Folio bundle (data/archive.json) from CSV, JSON Lines, JSON and TEI P5 files.",
    long_about = "Build a Folio bundle (data/archive.json) from CSV, JSON Lines, JSON and TEI P5 files.\n\n\
        Records are checked as they are read. A bad record is skipped with a warning that names \
        the file, line (and column for CSV) and field; --strict stops at the first problem \
        instead. The bundle is written only when the run succeeds, atomically, and is \
        byte-for-byte the same for the same input.",
    override_usage = "folio-import [OPTIONS] --out FILE INPUT...\n       folio-import --check FILE",
    after_help = "Examples:\n  \
        folio-import --archive-meta sample/archive-meta.json \\\n      \
        --out public/data/archive.json sample/archive.csv\n  \
        folio-import --title \"FRUS\" --language en --out archive.json corpus/*.jsonl tei/*.xml\n  \
        folio-import -d semicolon -m \"Datum=date\" -m \"Box=extra:box\" --out archive.json export.csv\n  \
        folio-import --check public/data/archive.json\n\n\
        Exit status: 0 written cleanly, 1 written with warnings, 2 nothing written (fatal error).",
    arg_required_else_help = true
)]
pub struct Args {
    /// Input files. The kind comes from the extension (.csv .tsv .txt, .jsonl .ndjson,
    /// .json, .xml .tei) unless --format is given.
    #[arg(
        value_name = "INPUT",
        required_unless_present = "check",
        conflicts_with = "check"
    )]
    pub inputs: Vec<PathBuf>,

    /// Where to write the bundle, for example public/data/archive.json. Written atomically:
    /// a failed run leaves any existing file untouched.
    #[arg(short, long, value_name = "FILE", required_unless_present = "check")]
    pub out: Option<PathBuf>,

    /// Check an existing bundle instead of importing: report its flaws and its summary,
    /// write nothing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["out", "archive_meta", "title", "description", "publisher", "licence", "archive_url"])]
    pub check: Option<PathBuf>,

    /// Archive metadata: a JSON object with "title", "description", "publisher",
    /// "licence" and "url". Flags below override its values.
    #[arg(long, value_name = "FILE.json")]
    pub archive_meta: Option<PathBuf>,

    /// The archive's title, shown as the site's name.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// A sentence or two about the archive.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Who publishes the archive.
    #[arg(long, value_name = "TEXT")]
    pub publisher: Option<String>,

    /// The licence of the texts, for example "Public domain" or "CC BY 4.0".
    #[arg(long, visible_alias = "license", value_name = "TEXT")]
    pub licence: Option<String>,

    /// The archive's home page.
    #[arg(long, value_name = "URL")]
    pub archive_url: Option<String>,

    /// Read every input as this kind, whatever its extension.
    #[arg(short, long, value_enum, value_name = "KIND")]
    pub format: Option<FormatArg>,

    /// CSV delimiter: comma, semicolon, tab or a single character. By default it is
    /// detected from the header line.
    #[arg(short, long, value_name = "DELIM")]
    pub delimiter: Option<String>,

    /// Characters that separate several values in one cell of people, places and
    /// subjects (and in a JSON string given for a list).
    #[arg(long, value_name = "CHARS", default_value = ";|")]
    pub split: String,

    /// Send a column (CSV) or key (JSON) to a field: COLUMN=FIELD, COLUMN=extra:NAME or
    /// COLUMN=skip. Repeat for several. Column names match ignoring case.
    #[arg(short, long, value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,

    /// Language code for documents that give none, for example "en".
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,

    /// Stop at the first problem (exit status 2, nothing written) instead of skipping
    /// the record with a warning.
    #[arg(long)]
    pub strict: bool,

    /// Print at most this many warnings (all are counted). 0 prints them all.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub max_warnings: usize,

    /// Write a packed archive instead of a bundle (a head at --out and its parts in parts/
    /// beside it, fetched by the site as searches need them): always, never (the default),
    /// or auto (when the bundle is over --pack-above bytes).
    #[arg(long, value_name = "WHEN", default_value = "never")]
    pub pack: String,

    /// With --pack auto: pack a bundle larger than this many bytes (default 24 MiB).
    #[arg(long, value_name = "BYTES")]
    pub pack_above: Option<String>,
}

/// The input kinds `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Comma-, semicolon- or tab-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A JSON array of objects (or an object with a "documents" array).
    Json,
    /// TEI P5 XML, one document per <div type="document">.
    Tei,
}
