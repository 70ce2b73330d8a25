//! The progress bar: bytes of input read, shown only on a terminal.
//!
//! Readers do not know about it: [`Progress::wrap`] puts a counting layer under their
//! buffered reader. Messages printed during a run go through [`Progress::suspend`] so
//! that they never tear the bar.

use std::io::{self, IsTerminal, Read};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Inputs smaller than this finish before a bar would be any use.
const SHOW_FROM_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `total` bytes of input, hidden when stderr is not a terminal or the
    /// input is small.
    pub fn new(total: u64) -> Self {
        if !io::stderr().is_terminal() || total < SHOW_FROM_BYTES {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar }
    }

    pub fn hidden() -> Self {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// Names the file being read.
    pub fn set_message(&self, message: String) {
        self.bar.set_message(message);
    }

    /// Runs `f` (which prints) with the bar out of the way.
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        self.bar.suspend(f)
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// A reader that advances the bar by what it reads.
    pub fn wrap<R: Read>(&self, inner: R) -> Counting<R> {
        Counting {
            inner,
            bar: self.bar.clone(),
        }
    }
}

/// See [`Progress::wrap`].
pub struct Counting<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}
