//! What the page knows about the archive while it loads, and why loading can fail.

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::bundle::{BundleError, DocIssue};
use leptos::prelude::RwSignal;

/// The loading state, shared with every page through context (the app sets it as loading
/// goes; the prerenderer provides it already `Ready`).
pub type LoadSignal = RwSignal<LoadState>;

/// The stages of loading, each with what to show the reader.
#[derive(Clone, Debug)]
pub enum LoadState {
    /// Downloading the bundle: bytes so far, and the total when the server says it.
    Fetching {
        received: u64,
        total: Option<u64>,
    },
    /// Reading the JSON.
    Parsing {
        bytes: u64,
    },
    /// Building the index.
    Indexing {
        done: usize,
        total: usize,
    },
    Ready(Arc<Archive>, Arc<LoadReport>),
    Failed(LoadError),
}

/// What loading found, for the notice under the search box.
#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    pub issues: Vec<DocIssue>,
    pub skipped: usize,
    pub repaired: usize,
    pub bytes: u64,
}

/// Why the archive could not be loaded. Each message says what the reader can do.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
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
}
