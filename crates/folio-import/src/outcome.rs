//! How a run that wrote (or checked) a bundle ended: the [`RunOutcome`] and the exit status
//! it stands for.
//!
//! Both kinds of run end here: an import ([`crate::run`]) and a check ([`crate::check`])
//! close with [`finish`], which reads the [`Reporter`]'s warning count. Fatal errors are not
//! outcomes: they are [`crate::error::FatalError`]s (exit status 2).

use crate::report::Reporter;

/// How a run that wrote (or checked) a bundle went; decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// Exit status 0.
    Clean,
    /// Exit status 1: done, with warnings.
    Warnings,
}

impl RunOutcome {
    pub fn exit_code(self) -> u8 {
        match self {
            RunOutcome::Clean => 0,
            RunOutcome::Warnings => 1,
        }
    }
}

/// Prints the warning count and picks the outcome.
pub fn finish(reporter: &Reporter) -> RunOutcome {
    match reporter.warnings() {
        0 => RunOutcome::Clean,
        n => {
            reporter.say(&format!("  warnings    {n} (see above)"));
            RunOutcome::Warnings
        }
    }
}
