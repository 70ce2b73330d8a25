//! `--check FILE`: validating an existing bundle and reporting on it.
//!
//! The bundle is read with the core's own [`parse_bundle`], so the check sees exactly
//! what the site will see. Each flaw it lists becomes a warning with the document's
//! position (its line, when the bundle has the one-document-per-line layout the importer
//! writes), followed by the same summary an import prints.

use std::path::Path;
use std::sync::Arc;

use folio_core::bundle::{parse_bundle, DocIssue};

use crate::diagnostics::{Diagnostic, Location, Outcome, Problem};
use crate::error::FatalError;
use crate::outcome::{finish, RunOutcome};
use crate::output::{gzip_size, Sizes};
use crate::progress::Progress;
use crate::report::Reporter;
use crate::summary::Stats;

pub fn check(path: &Path) -> Result<RunOutcome, FatalError> {
    let bytes = std::fs::read(path).map_err(|source| FatalError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let loaded = parse_bundle(&bytes).map_err(|e| FatalError::Check {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let file: Arc<str> = Arc::from(path.display().to_string());
    let one_per_line = bytes
        .split(|b| *b == b'\n')
        .next()
        .is_some_and(|first| first.ends_with(b"\"documents\":["));
    let mut reporter = Reporter::new(false, None, Progress::hidden());
    for issue in &loaded.issues {
        reporter.warn(issue_diagnostic(&file, issue, one_per_line))?;
    }
    let mut stats = Stats::default();
    loaded.documents.iter().for_each(|d| stats.add(d));
    let sizes = Sizes {
        raw: bytes.len() as u64,
        gzip: gzip_size(&bytes),
    };
    reporter.finish();
    reporter.say(&format!(
        "folio-import: checked {} (bundle format version 1, archive \"{}\")",
        path.display(),
        loaded.archive.title
    ));
    for line in stats.render(
        "loaded",
        loaded.skipped() as u64,
        loaded.repaired() as u64,
        Some(sizes),
    ) {
        reporter.say(&line);
    }
    Ok(finish(&reporter))
}

/// A flaw the core found, placed on its line when the layout allows.
fn issue_diagnostic(file: &Arc<str>, issue: &DocIssue, one_per_line: bool) -> Diagnostic {
    let position = issue.position as u64;
    let location = if one_per_line {
        Location::line(file, position + 1)
    } else {
        Location::record(file, position)
    };
    Diagnostic {
        location,
        field: None,
        problem: Problem::Bundle(issue.to_string()),
        outcome: Outcome::General,
    }
}
