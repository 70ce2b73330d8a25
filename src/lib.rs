//! Folio's browser shell: a thin Leptos layer over the pure core in `crates/folio-core`.
//!
//! - [`load`]: fetching the bundle with progress and building the index in slices.
//! - [`ui`]: the router, the pages and their components.
//! - [`offline`]: the service worker that keeps the site on the device, and updates.
//!
//! Rules the shell keeps: text from the bundle is rendered as text (never `inner_html`),
//! every failure is shown in the page, and the URL is the state of the search page.

// Server-side rendering (the prerenderer) nests the views' types deeply.
#![recursion_limit = "256"]
#![forbid(unsafe_code)]

pub mod load;
pub mod offline;
pub mod ui;
