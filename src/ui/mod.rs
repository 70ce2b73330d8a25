//! The Leptos shell: the router, the pages and the components they are made of.
//!
//! Pages (`pages/`) read the URL, ask the archive (`answers.rs`) and hand plain values to components
//! (`components/`). Decisions (what matches, which page, how a date reads) are made by
//! `folio-core`; this folder only connects signals to those functions and renders.
//!
//! - `app.rs`: the app in the browser (loading, then the routes); `routes.rs`: the route
//!   table; `prerender.rs`: the same pages rendered to HTML natively, at build time.
//! - `handoff.rs` and `render_later.rs`: the prerendered first view giving way to the app.
//! - `answers.rs`: the pages' questions to the archive (`folio_core::ask`) as signals.
//! - `links.rs`: every URL; `browser.rs`: the few direct browser calls.

pub mod answers;
#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod browser;
pub mod components;
pub mod handoff;
pub mod links;
pub mod pages;
pub mod panic_hook;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod render_later;
pub mod routes;
