//! The app's pages rendered to HTML natively, at build time: the first view of every
//! prerendered page (`index.html`, `doc/<slug>.html`, `about.html`, `browse/<facet>.html`).
//!
//! It is the app itself: the same route table (`routes.rs`), pages and components, rendered by
//! Leptos to a string instead of into the DOM, with the archive already loaded. What the
//! reader sees before the WebAssembly runs (or with scripts off) is therefore what the app
//! shows once it runs: the hand-over (`handoff.rs`) cannot change a thing. The site around
//! the pages (files, head tags, the sitemap) is `crates/folio-site`'s.
//!
//! Native only: the browser build never compiles this file.

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::loading::ArchiveSummary;
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::location::RequestUrl;

use crate::load::{Asker, LoadReport, LoadSignal, LoadState};
use crate::ui::components::site_header::SiteHeader;
use crate::ui::links::Links;
use crate::ui::pages::PageTitle;
use crate::ui::routes::AppRoutes;

/// Reads a bundle as the index worker does (without the progress a page needs): the same
/// documents kept, skipped and repaired, the same index.
pub use folio_core::loading::read_archive;

/// A loaded archive and where the site lives: what every page is rendered from.
pub struct Site {
    pub archive: Arc<Archive>,
    pub report: Arc<LoadReport>,
    pub links: Links,
}

/// A prerendered page: its first view and the title the page set (`None`: the page set
/// none, as the search page, whose title follows the query, before any query).
pub struct Rendered {
    pub html: String,
    pub title: Option<String>,
}

/// The first view of the page at `route` (relative to the site's base, without a leading
/// slash: `""` for the home page, `doc/<slug>`, `about`, `browse/people`): the skip link, the
/// site header and the page's `<main>`, each marked `data-first-view` for the hand-over
/// (`"home"` for the home page's main, `"page"` for any other).
pub fn render_first_view(site: &Site, route: &str) -> Rendered {
    // A root with a server-side context: Leptos's helpers then know there is no browser
    // (no window listeners, no timers).
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let rendered = owner.with(|| {
        let title = StoredValue::new(None::<String>);
        provide_context(PageTitle(title));
        // The pages ask the archive in memory: each answer is there before the page renders.
        let summary = ArchiveSummary::of(&site.archive, (*site.report).clone());
        let state: LoadSignal = RwSignal::new(LoadState::Ready(Arc::new(summary)));
        provide_context(state);
        provide_context(Asker::local(site.archive.clone()));
        provide_context(site.links.clone());
        let base = site.links.router_base();
        provide_context(RequestUrl::new(&format!("{base}/{route}")));
        let marker = if route.is_empty() { "home" } else { "page" };
        let html = view! {
            <Router base=base>
                <a class="skip-link" href="#main" data-first-view="skip">"Skip to content"</a>
                <SiteHeader first_view=true/>
                <main id="main" tabindex="-1" data-first-view=marker><AppRoutes/></main>
            </Router>
        }
        .to_html();
        Rendered {
            html: html_safe(html),
            title: title.get_value(),
        }
    });
    owner.cleanup();
    rendered
}

/// The two characters the HTML parser would change in text that the app's DOM keeps as they
/// are (only text from the bundle holds them; the markup never does): a carriage return (read
/// as a line feed) is written as a character reference, and a NUL (dropped from text, U+FFFD in
/// an attribute; the app's DOM keeps it and draws nothing) is dropped.
fn html_safe(html: String) -> String {
    if !html.contains(['\r', '\0']) {
        return html;
    }
    html.replace('\0', "").replace('\r', "&#13;")
}
