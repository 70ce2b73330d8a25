//! Telling the user: warnings and notes on stderr, counted, with `--strict` applied.
//!
//! The [`Reporter`] is the one place that prints during a run. Every warning is counted
//! (the count decides exit status 1); at most `--max-warnings` are printed, so that a
//! file with a million bad lines does not bury the summary. Under `--strict` the first
//! warning becomes the fatal error instead.

use crate::diagnostics::{Diagnostic, Location, Outcome};
use crate::error::FatalError;
use crate::progress::Progress;

pub struct Reporter {
    strict: bool,
    max_shown: Option<usize>,
    shown: usize,
    warnings: u64,
    progress: Progress,
}

impl Reporter {
    pub fn new(strict: bool, max_shown: Option<usize>, progress: Progress) -> Self {
        Reporter {
            strict,
            max_shown,
            shown: 0,
            warnings: 0,
            progress,
        }
    }

    /// Counts and prints a warning, or under `--strict` returns it as the fatal error.
    pub fn warn(&mut self, mut diagnostic: Diagnostic) -> Result<(), FatalError> {
        if self.strict {
            // Nothing is skipped or repaired: the run stops here.
            diagnostic.outcome = Outcome::General;
            return Err(FatalError::Strict(Box::new(diagnostic)));
        }
        self.warnings += 1;
        if self.max_shown.is_none_or(|max| self.shown < max) {
            self.shown += 1;
            self.progress.suspend(|| eprintln!("warning: {diagnostic}"));
        }
        Ok(())
    }

    /// Prints something worth knowing that is not a problem.
    pub fn note(&mut self, location: &Location, message: &str) {
        self.progress
            .suspend(|| eprintln!("note: {location}: {message}"));
    }

    /// Prints a line of the report.
    pub fn say(&self, line: &str) {
        self.progress.suspend(|| eprintln!("{line}"));
    }

    pub fn warnings(&self) -> u64 {
        self.warnings
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Says how many warnings were not printed.
    pub fn finish(&self) {
        self.progress.finish();
        let hidden = self.warnings.saturating_sub(self.shown as u64);
        if hidden > 0 {
            eprintln!(
                "warning: {hidden} more warnings not shown (use --max-warnings 0 to see them all)"
            );
        }
    }
}
