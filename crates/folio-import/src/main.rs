//! The `folio-import` command: parses the flags and maps the outcome to an exit status
//! (0 clean, 1 written with warnings, 2 nothing written). Everything else is in the
//! library.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use folio_import::cli::Args;
use folio_import::config::Mode;
use folio_import::outcome::RunOutcome;
use folio_import::run::run;

fn main() -> ExitCode {
    // clap prints --help and --version (status 0) and usage errors (status 2) itself.
    let args = Args::parse();
    match try_main(args) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn try_main(args: Args) -> anyhow::Result<RunOutcome> {
    let mode = Mode::from_args(args)?;
    Ok(run(mode)?)
}
