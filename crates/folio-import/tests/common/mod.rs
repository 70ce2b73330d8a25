//! Helpers shared by the integration tests: running the real binary on fixtures.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// What a run of `folio-import` did.
pub struct Run {
    pub code: i32,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole stderr unless `needle` is in it.
    pub fn says(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn warnings(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .count()
    }
}

/// Runs the binary with `args`.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_folio-import"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared corpus (`../shared/corpus` beside the repository), if present.
pub fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: the shared corpus is not at {} (this test needs ../shared/corpus beside the repository)", dir.display());
        None
    }
}

/// The documents of a bundle file.
pub fn documents(path: &Path) -> Vec<Value> {
    let bundle: Value = serde_json::from_slice(&std::fs::read(path).expect("bundle written"))
        .expect("bundle is JSON");
    bundle["documents"]
        .as_array()
        .expect("documents list")
        .clone()
}

/// A document by id.
pub fn doc<'a>(docs: &'a [Value], id: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}
