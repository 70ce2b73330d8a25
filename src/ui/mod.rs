//! The Leptos shell: the router, the pages and the components they are made of.
//!
//! Pages (`pages/`) read the URL and the loaded archive and hand plain values to components
//! (`components/`). Decisions (what matches, which page, how a date reads) are made by
//! `folio-core`; this folder only connects signals to those functions and renders.
//!
//! - `app.rs`: the app in the browser (loading, then the routes); `routes.rs`: the route
//!   table; `prerender.rs`: the same pages rendered to HTML natively, at build time.
//! - `handoff.rs` and `render_later.rs`: the prerendered first view giving way to the app.
//! - `links.rs`: every URL; `browser.rs`: the few direct browser calls.

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
