//! The validated configuration: what the raw flags of [`crate::cli::Args`] mean.
//!
//! Every rule about flags lives here: which format each input has, what `--delimiter`,
//! `--split` and `--map` say, and the archive metadata merged from `--archive-meta` and
//! the flags. A flag that makes no sense is a [`FatalError::Usage`] (exit status 2) that
//! says what was expected.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use folio_core::model::ArchiveMeta;
use serde_json::Value;

use crate::cli::{Args, FormatArg};
use crate::error::FatalError;
use crate::fields::ColumnMap;

/// What a run does.
#[derive(Debug, Clone)]
pub enum Mode {
    Import(Box<ImportConfig>),
    Check(PathBuf),
}

/// The kind of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    Json,
    Tei,
}

impl Format {
    /// The kind an extension stands for.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "tab" | "txt" => Some(Format::Csv),
            "jsonl" | "ndjson" | "jsonlines" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            "xml" | "tei" => Some(Format::Tei),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::JsonLines => "JSON Lines",
            Format::Json => "JSON",
            Format::Tei => "TEI XML",
        }
    }
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Jsonl => Format::JsonLines,
            FormatArg::Json => Format::Json,
            FormatArg::Tei => Format::Tei,
        }
    }
}

/// One input file and how to read it.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// The path as the user gave it, used in every message.
    pub display: Arc<str>,
    pub format: Format,
    /// `.tsv` files are tab-separated unless `--delimiter` says otherwise.
    pub tab_separated: bool,
}

impl Input {
    /// The file name without extension, the stem of generated ids.
    pub fn stem(&self) -> String {
        self.path.file_stem().map_or_else(
            || "record".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    }
}

/// How records become documents: the same for every input of a run.
#[derive(Debug, Clone, Default)]
pub struct RecordOptions {
    pub columns: ColumnMap,
    /// Characters that separate list values in one cell.
    pub split: Vec<char>,
    /// `None`: detect from the header line.
    pub delimiter: Option<u8>,
    /// Language for documents without one.
    pub default_language: Option<String>,
}

impl RecordOptions {
    /// The defaults of the command line (`--split ";|"`).
    pub fn standard() -> Self {
        RecordOptions {
            split: vec![';', '|'],
            ..RecordOptions::default()
        }
    }
}

/// Everything an import run needs, checked.
#[derive(Debug, Clone)]
pub struct ImportConfig {
    pub inputs: Vec<Input>,
    pub out: PathBuf,
    pub meta: ArchiveMeta,
    pub records: RecordOptions,
    pub strict: bool,
    /// `None` prints every warning.
    pub max_warnings: Option<usize>,
    /// Whether a packed archive is written instead of the bundle.
    pub pack: folio_core::pack::write::PackChoice,
}

impl Mode {
    /// Checks the raw flags.
    pub fn from_args(args: Args) -> Result<Mode, FatalError> {
        if let Some(check) = args.check {
            return Ok(Mode::Check(check));
        }
        let usage = FatalError::Usage;
        let out = args
            .out
            .ok_or_else(|| usage("--out FILE is required (or --check FILE)".into()))?;
        if args.inputs.is_empty() {
            return Err(usage("no input files given".into()));
        }
        let forced = args.format.map(Format::from);
        let mut inputs = Vec::with_capacity(args.inputs.len());
        for path in args.inputs {
            let format = forced.or_else(|| Format::from_path(&path)).ok_or_else(|| {
                usage(format!(
                    "{}: cannot tell the kind of file from its extension (expected .csv, .tsv, .jsonl, .json or .xml); give --format csv|jsonl|json|tei",
                    path.display()
                ))
            })?;
            let tab_separated = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
            let display: Arc<str> = Arc::from(path.display().to_string());
            inputs.push(Input {
                path,
                display,
                format,
                tab_separated,
            });
        }
        if inputs.iter().any(|i| same_file(&i.path, &out)) {
            return Err(usage(format!(
                "--out {} is also an input; write the bundle elsewhere",
                out.display()
            )));
        }
        let mut meta = match &args.archive_meta {
            Some(path) => read_meta(path)?,
            None => ArchiveMeta::default(),
        };
        let set = |slot: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *slot = v.trim().to_string();
            }
        };
        set(&mut meta.title, args.title);
        set(&mut meta.description, args.description);
        set(&mut meta.publisher, args.publisher);
        set(&mut meta.licence, args.licence);
        set(&mut meta.url, args.archive_url);
        let columns = ColumnMap::parse(&args.map).map_err(usage)?;
        let split: Vec<char> = args.split.chars().filter(|c| !c.is_whitespace()).collect();
        if split.is_empty() && !args.split.is_empty() {
            return Err(usage(
                "--split: white space cannot separate values; give characters such as \";|\""
                    .into(),
            ));
        }
        let delimiter = args
            .delimiter
            .as_deref()
            .map(parse_delimiter)
            .transpose()
            .map_err(usage)?;
        let default_language = args
            .language
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
        Ok(Mode::Import(Box::new(ImportConfig {
            inputs,
            out,
            meta,
            records: RecordOptions {
                columns,
                split,
                delimiter,
                default_language,
            },
            strict: args.strict,
            max_warnings: (args.max_warnings > 0).then_some(args.max_warnings),
            pack: folio_core::pack::write::PackChoice::parse(
                Some(&args.pack),
                args.pack_above.as_deref(),
            )
            .map_err(|e| {
                usage(
                    e.replace("FOLIO_PACK_ABOVE", "--pack-above")
                        .replace("FOLIO_PACK", "--pack"),
                )
            })?,
        })))
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `comma`, `semicolon`, `tab`, `pipe`, `\t` or one ASCII character.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "comma" | "," => Ok(b','),
        "semicolon" | ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "pipe" | "|" => Ok(b'|'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "--delimiter \"{s}\": expected comma, semicolon, tab or a single character"
        )),
    }
}

/// Reads `--archive-meta`: a JSON object whose keys are the archive fields.
pub fn read_meta(path: &Path) -> Result<ArchiveMeta, FatalError> {
    let bytes = std::fs::read(path).map_err(|source| FatalError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |message: String| FatalError::Check {
        path: path.to_path_buf(),
        message,
    };
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        bad(format!(
            "not valid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Object(map) = value else {
        return Err(bad(
            "expected a JSON object with title, description, publisher, licence and url".into(),
        ));
    };
    let mut meta = ArchiveMeta::default();
    for (key, value) in map {
        let slot = match key.as_str() {
            "title" => &mut meta.title,
            "description" => &mut meta.description,
            "publisher" => &mut meta.publisher,
            "licence" | "license" => &mut meta.licence,
            "url" => &mut meta.url,
            _ => {
                return Err(bad(format!(
                    "unknown key \"{key}\" (expected title, description, publisher, licence or url)"
                )))
            }
        };
        match value {
            Value::String(s) => *slot = s.trim().to_string(),
            Value::Null => {}
            other => return Err(bad(format!("\"{key}\" must be text, found {other}"))),
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn mode(args: &[&str]) -> Result<Mode, FatalError> {
        let mut full = vec!["folio-import"];
        full.extend_from_slice(args);
        Mode::from_args(Args::try_parse_from(full).expect("clap accepts it"))
    }

    fn import(args: &[&str]) -> ImportConfig {
        match mode(args) {
            Ok(Mode::Import(c)) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_input_gets_its_format_from_its_extension() {
        let c = import(&[
            "--out", "o.json", "a.csv", "b.jsonl", "c.json", "d.xml", "e.TSV",
        ]);
        let formats: Vec<Format> = c.inputs.iter().map(|i| i.format).collect();
        assert_eq!(
            formats,
            [
                Format::Csv,
                Format::JsonLines,
                Format::Json,
                Format::Tei,
                Format::Csv
            ]
        );
        assert!(c.inputs[4].tab_separated);
    }

    #[test]
    fn format_flag_overrides_extensions() {
        let c = import(&["--format", "jsonl", "--out", "o.json", "a.dat"]);
        assert_eq!(c.inputs[0].format, Format::JsonLines);
    }

    #[test]
    fn an_unknown_extension_asks_for_format() {
        let e = mode(&["--out", "o.json", "a.dat"]).unwrap_err().to_string();
        assert!(e.contains("give --format"), "{e}");
    }

    #[test]
    fn flags_fill_the_archive_metadata() {
        let c = import(&[
            "--title",
            " T ",
            "--license",
            "CC0",
            "--out",
            "o.json",
            "a.csv",
        ]);
        assert_eq!(c.meta.title, "T");
        assert_eq!(c.meta.licence, "CC0");
    }

    #[test]
    fn delimiters_by_name_or_character() {
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("semicolon"), Ok(b';'));
        assert!(parse_delimiter("ab").is_err());
        assert!(parse_delimiter("\"").is_err());
    }

    #[test]
    fn check_mode_needs_no_output() {
        assert!(matches!(mode(&["--check", "x.json"]), Ok(Mode::Check(_))));
    }

    #[test]
    fn zero_max_warnings_means_all() {
        assert_eq!(
            import(&["--max-warnings", "0", "--out", "o.json", "a.csv"]).max_warnings,
            None
        );
        assert_eq!(
            import(&["--out", "o.json", "a.csv"]).max_warnings,
            Some(100)
        );
    }
}
