//! The Leptos shell: the router, the pages and the components they are made of.
//!
//! Pages (`pages/`) read the URL and the loaded archive and hand plain values to components
//! (`components/`). Decisions (what matches, which page, how a date reads) are made by
//! `folio-core`; this folder only connects signals to those functions and renders.

pub mod app;
pub mod browser;
pub mod components;
pub mod links;
pub mod pages;
pub mod panic_hook;
