//! The archive as the page sees it: loading it (in the index worker, `crates/folio-worker`,
//! which reports its progress) and asking it questions. The page holds no documents: in the
//! browser every question goes to the worker (`worker.rs`); in the prerenderer and component
//! tests to an archive in memory (`ask.rs`).

mod ask;
mod state;
mod worker;

pub use ask::Asker;
pub use state::{LoadError, LoadReport, LoadSignal, LoadState};
pub use worker::start_loading;
