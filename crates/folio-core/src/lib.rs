//! Folio's pure core: everything that can be decided without a browser.
//!
//! The Leptos shell (`src/` at the repository root) and the importer (`crates/folio-import`)
//! both build on this crate. Nothing here imports `leptos`, `web_sys` or `wasm_bindgen`, so
//! every rule is tested natively with plain `cargo test`.
//!
//! Rooms of the house:
//! - [`model`]: a document and the archive's metadata, as Folio holds them in memory.
//! - [`date`]: partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), parsing and reading form.
//! - [`bundle`]: the versioned JSON bundle format: parsing, validation, typed errors.
//! - [`analyzer`]: the one analyzer for documents and queries (words, folding, offsets).
//! - [`filter`]: facet values and date ranges a reader selected.
//! - [`index`]: the inverted index: a mutable builder that freezes into an immutable index.
//! - [`query`]: the query language: words, phrases, OR, NOT, scopes, dates.
//! - [`ranking`]: BM25F parameters and scoring, with `explain`.
//! - [`archive`]: the loaded archive: documents, index, id lookup, browse order.
//! - [`search`]: running a query against the index: matching, ranking, browse order.
//! - [`paging`]: result windows and the page links around the current page.
//! - [`url_state`]: the search state as it lives in the URL, and percent-encoding.
//! - [`doc_slug`]: a document id as the last segment of its address and page file name.
//! - [`snippet`]: the passage shown under each hit.
//! - [`facets`]: exact facet counts over the current results.
//! - [`timeline`]: the histogram of the results by year, decade or century.
//! - [`related`]: documents sharing people, places, subjects or wording, and why.
//! - [`citation`]: Chicago and MLA citations; BibTeX, RIS and CSL-JSON for one document.
//! - [`export`]: the whole result list as CSV, JSON, RIS or BibTeX, named after the search.
//! - [`browse`]: every value of a facet with its count; the archive's vital statistics.
//! - [`loading`]: loading a bundle: its stages, what it found, why it can fail.
//! - [`pack`]: the packed archive: a small head and parts fetched when a question needs them.
//! - [`ask`]: the questions a page asks of the archive and their answers (the index worker's
//!   protocol; the prerenderer asks the same).

#![forbid(unsafe_code)]

pub mod analyzer;
pub mod archive;
pub mod ask;
pub mod browse;
pub mod bundle;
pub mod citation;
pub mod date;
pub mod doc_slug;
pub mod export;
pub mod facet_table;
pub mod facets;
pub mod filter;
mod fold_table;
pub mod hit;
pub mod index;
mod intern;
pub mod loading;
pub mod model;
pub mod pack;
mod pages;
pub mod paging;
pub mod query;
pub mod ranking;
pub mod related;
pub mod search;
pub mod snippet;
mod streams;
pub mod timeline;
pub mod url_state;
