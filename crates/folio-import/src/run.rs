//! Running an import from a validated configuration, start to summary.
//!
//! The order matters: the output is opened as a temporary file, every input is streamed
//! through the collector into it, and only if something valid came out (and `--strict`
//! found nothing) is it committed over the real path. The summary and the exit status
//! come last.

use folio_core::bundle::MAX_BUNDLE_BYTES;

use crate::check;
use crate::collect::Collector;
use crate::config::{ImportConfig, Mode};
use crate::diagnostics::{Diagnostic, Location, Outcome, Problem};
use crate::error::FatalError;
use crate::input::read_input;
use crate::outcome::{finish, RunOutcome};
use crate::output::BundleFile;
use crate::progress::Progress;
use crate::report::Reporter;

pub fn run(mode: Mode) -> Result<RunOutcome, FatalError> {
    match mode {
        Mode::Import(config) => import(&config),
        Mode::Check(path) => check::check(&path),
    }
}

/// Imports every input into the bundle at `config.out`.
pub fn import(config: &ImportConfig) -> Result<RunOutcome, FatalError> {
    let total: u64 = config
        .inputs
        .iter()
        .filter_map(|i| std::fs::metadata(&i.path).ok())
        .map(|m| m.len())
        .sum();
    let progress = Progress::new(total);
    let mut reporter = Reporter::new(config.strict, config.max_warnings, progress.clone());
    let out_name: std::sync::Arc<str> = std::sync::Arc::from(config.out.display().to_string());
    if config.meta.title.is_empty() {
        reporter.warn(general(&out_name, Problem::NoArchiveTitle))?;
    }
    let file = BundleFile::create(&config.out, &config.meta)?;
    let mut collector =
        Collector::new(&mut reporter, file, config.records.default_language.clone());
    for input in &config.inputs {
        collector.begin_file(input.stem());
        progress.set_message(input.display.to_string());
        read_input(input, &config.records, &progress, &mut collector)?;
    }
    let (file, stats, skipped, repaired) = collector.finish();
    if stats.documents == 0 {
        return Err(FatalError::NothingValid { skipped });
    }
    if file.raw_bytes() > MAX_BUNDLE_BYTES as u64 {
        let problem = Problem::BundleTooLarge {
            size: file.raw_bytes(),
            limit: MAX_BUNDLE_BYTES as u64,
        };
        reporter.warn(general(&out_name, problem))?;
    }
    let raw_bytes = file.raw_bytes();
    let sizes = file.commit()?;
    reporter.finish();
    reporter.say(&format!("folio-import: wrote {}", config.out.display()));
    for line in stats.render("written", skipped, repaired, Some(sizes)) {
        reporter.say(&line);
    }
    if config.pack.packs(raw_bytes) {
        let line = pack(&config.out)?;
        reporter.say(&line);
    }
    Ok(finish(&reporter))
}

/// Replaces the bundle at `out` with a packed archive: its head at `out`, its parts in
/// `parts/` beside it (`folio_core::pack`); says what was written.
fn pack(out: &std::path::Path) -> Result<String, FatalError> {
    use folio_core::pack::write::{write_pack, PackSizes};
    let io = |e: std::io::Error| FatalError::Write {
        path: out.to_path_buf(),
        source: e,
    };
    let bytes = std::fs::read(out).map_err(io)?;
    let (archive, report) = folio_core::loading::read_archive(&bytes).map_err(|e| {
        io(std::io::Error::other(format!(
            "the bundle just written does not read back: {e}"
        )))
    })?;
    let files = write_pack(&archive, &report, &PackSizes::default());
    files.save(out).map_err(io)?;
    Ok(format!(
        "folio-import: packed: head {} ({} KB), {} parts ({} KB) in {}",
        out.display(),
        files.head_json.len() >> 10,
        files.parts.len(),
        files.head.part_bytes >> 10,
        out.parent()
            .unwrap_or(std::path::Path::new("."))
            .join("parts")
            .display()
    ))
}

/// A warning about the run as a whole.
fn general(file: &std::sync::Arc<str>, problem: Problem) -> Diagnostic {
    Diagnostic {
        location: Location::file(file),
        field: None,
        problem,
        outcome: Outcome::General,
    }
}
