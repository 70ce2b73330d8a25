//! Loading an archive from its bundle: the stages a reader is shown, what loading found, why
//! it can fail (each message says what the reader can do), and the whole load in one go for
//! native callers (the prerenderer, tests). In the browser the same steps run a slice at a
//! time in the index worker (`crates/folio-worker`), which reports them with these types.

use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::bundle::{bundle_text, BundleError, BundleReader, DocIssue};
use crate::index::IndexBuilder;

/// At most this many of the flaws found are kept for the reader (the counts stay complete).
pub const MAX_LISTED_ISSUES: usize = 200;

/// The stages of loading, while it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Progress {
    /// Downloading the bundle: bytes so far, and the total when the server says it.
    Fetching { received: u64, total: Option<u64> },
    /// Reading the JSON.
    Parsing { bytes: u64 },
    /// Building the index.
    Indexing { done: usize, total: usize },
}

/// What loading found, for the notice under the search box.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    /// The first [`MAX_LISTED_ISSUES`] flaws, as sentences for the reader.
    pub issues: Vec<String>,
    /// How many more flaws there were.
    pub unlisted: usize,
    pub skipped: usize,
    pub repaired: usize,
    /// The bundle's size in bytes.
    pub bytes: u64,
}

impl LoadReport {
    pub fn new(issues: &[DocIssue], skipped: usize, repaired: usize, bytes: u64) -> LoadReport {
        LoadReport {
            issues: issues
                .iter()
                .take(MAX_LISTED_ISSUES)
                .map(|i| i.to_string())
                .collect(),
            unlisted: issues.len().saturating_sub(MAX_LISTED_ISSUES),
            skipped,
            repaired,
            bytes,
        }
    }
}

/// Why the archive could not be loaded. Each message says what the reader can do.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum LoadError {
    #[error(
        "The archive could not be downloaded ({0}). Check your connection and reload the page."
    )]
    Network(String),
    #[error("The server did not deliver the archive (HTTP {status} {status_text} for {url}). The site may be misconfigured, or the server may be down: try again later.")]
    Http {
        status: u16,
        status_text: String,
        url: String,
    },
    #[error("The archive file is too large: Folio loads at most {} MiB ({limit} bytes) in a browser tab. The publisher can split the archive or leave out full texts.", .limit / (1024 * 1024))]
    TooLarge { limit: usize },
    #[error("The archive download stalled: no data arrived for {seconds} seconds. Check your connection and reload the page.")]
    Stalled { seconds: u32 },
    #[error("{0}")]
    Bundle(#[from] BundleError),
    /// The head of a packed archive could not be read.
    #[error("The archive could not be opened: {0}. The site may be half-published: try again in a few minutes.")]
    Pack(String),
    /// The worker that holds the archive could not start, or stopped.
    #[error("The search engine of this page stopped working ({0}). Reload the page; if this happens again, this browser may be out of memory or may block the site's scripts.")]
    Worker(String),
}

/// What the page knows of a loaded archive without holding its documents: the rest stays
/// with the index worker and comes as answers ([`crate::ask`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArchiveSummary {
    pub meta: crate::model::ArchiveMeta,
    /// Documents loaded.
    pub count: usize,
    pub report: LoadReport,
    /// For a packed archive: its parts, which questions fetch as they need them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackSummary>,
}

/// How large a packed archive is beyond its head (what "the whole archive" downloads).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PackSummary {
    pub parts: usize,
    pub bytes: u64,
}

impl ArchiveSummary {
    pub fn of(archive: &Archive, report: LoadReport) -> ArchiveSummary {
        ArchiveSummary {
            meta: archive.meta.clone(),
            count: archive.len(),
            report,
            pack: archive.pack_head().map(|h| PackSummary {
                parts: crate::pack::read::all_parts(h).len(),
                bytes: h.part_bytes,
            }),
        }
    }

    /// The archive's title, or "Folio" when it has none.
    pub fn name(&self) -> &str {
        if self.meta.title.is_empty() {
            "Folio"
        } else {
            &self.meta.title
        }
    }
}

/// Reads a bundle as the browser does, without the pauses a page needs: the same documents
/// kept, skipped and repaired, the same index.
pub fn read_archive(bytes: &[u8]) -> Result<(Archive, LoadReport), LoadError> {
    let text = bundle_text(bytes)?;
    let mut reader = BundleReader::new(&text)?;
    let mut builder = IndexBuilder::new();
    while !reader.is_done() {
        for doc in reader.read(256) {
            builder.add(doc);
        }
    }
    let loaded = reader.finish()?;
    let index = builder.freeze();
    let report = LoadReport::new(
        &loaded.issues,
        loaded.skipped(),
        loaded.repaired(),
        bytes.len() as u64,
    );
    Ok((
        Archive::from_parts(loaded.archive, loaded.documents, index),
        report,
    ))
}
