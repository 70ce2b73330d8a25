//! Folio's site writer: everything a built site holds besides the app's own files, written
//! natively after trunk's build (`.ci/post-build.mjs` runs the `folio-site` binary).
//!
//! - [`pages`]: which pages are prerendered, under which file names, within which budget, and
//!   writing them: the home page's first view into `index.html`, then `about.html`,
//!   `browse/<facet>.html` and `doc/<slug>.html`. Every page's body is the app's own page,
//!   rendered by `folio::ui::prerender` from the same Leptos components the browser runs.
//! - [`template`]: `index.html` as trunk wrote it, and the few places a page changes it.
//! - [`head`]: what a page says about itself to search engines, link previews and reference
//!   managers: canonical link, Open Graph and Twitter card tags, Highwire Press `citation_*`
//!   tags, schema.org JSON-LD ([`jsonld`]).
//! - [`sitemap`]: `sitemap.xml` (a sitemap index past 50,000 addresses) and `robots.txt`.
//! - [`pack`]: whether the site gets a packed archive instead of its bundle, and writing it.
//! - [`text`]: clipping and escaping helpers shared by the above.

#![forbid(unsafe_code)]

pub mod head;
pub mod jsonld;
pub mod pack;
pub mod pages;
pub mod sitemap;
pub mod template;
pub mod text;

pub use pages::{build_site, Options, SiteError, Summary};
