//! Loading the archive in the browser: fetch the bundle with progress, parse it, and build
//! the index a slice at a time so the page stays responsive and shows what it is doing.

mod fetch;
mod state;

pub use fetch::load_archive;
pub use state::{LoadError, LoadReport, LoadSignal, LoadState};
