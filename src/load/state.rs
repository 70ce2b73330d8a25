//! What the page knows about the archive while it loads, and why loading can fail.

use std::sync::Arc;

use folio_core::loading::{ArchiveSummary, Progress};
use leptos::prelude::RwSignal;

pub use folio_core::loading::{LoadError, LoadReport};

/// The loading state, shared with every page through context (the app sets it as the index
/// worker reports; the prerenderer provides it already `Ready`).
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
    /// Loaded: what the page knows of the archive (its documents stay with whoever answers
    /// the page's questions, see `ask.rs`).
    Ready(Arc<ArchiveSummary>),
    Failed(LoadError),
}

impl From<Progress> for LoadState {
    fn from(p: Progress) -> LoadState {
        match p {
            Progress::Fetching { received, total } => LoadState::Fetching { received, total },
            Progress::Parsing { bytes } => LoadState::Parsing { bytes },
            Progress::Indexing { done, total } => LoadState::Indexing { done, total },
        }
    }
}
