//! Every URL the app writes, built in one place so the site works under a sub-path.
//!
//! The base path comes from the page's `<base href>` (trunk writes it from `--public-url`).
//! leptos_router does not prefix absolute links with the router's base, so all links and
//! navigations go through [`Links`] (and [`go`]).
//!
//! Permanent links (citations, downloads) are absolute: in the browser, the page's own origin
//! and base (where the reader is); prerendered at build time, the address the build was told
//! (`FOLIO_SITE_URL`), which is the same on the published site.

use folio_core::browse::{self, BrowseState};
use folio_core::url_state::{doc_path, parse_doc_path, FacetField, SearchState};
use leptos_router::NavigateOptions;

use crate::ui::browser;

/// Builds links relative to the site's base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// The base path without its trailing slash: "" at the root, "/folio" under a sub-path.
    base: String,
    /// The site's absolute address without a trailing slash (`https://x.github.io/folio`).
    site: String,
}

impl Links {
    /// Reads the base path from the document's base URI; the site's address is the page's
    /// origin with that path.
    pub fn from_document() -> Links {
        let base_uri = browser::document()
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default();
        let base = path_of(&base_uri);
        let origin = browser::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        Links::with_site(&base, &format!("{origin}{base}"))
    }

    /// `base` is a path such as "/", "/folio/" or "/folio"; permanent links are relative.
    pub fn new(base: &str) -> Links {
        Links::with_site(base, "")
    }

    /// `base` as in [`Links::new`]; `site` the site's absolute address
    /// (`https://x.github.io/folio/`).
    pub fn with_site(base: &str, site: &str) -> Links {
        Links {
            base: base.trim_end_matches('/').to_string(),
            site: site.trim_end_matches('/').to_string(),
        }
    }

    /// The site's absolute address with a trailing slash, for permanent links.
    pub fn site_url(&self) -> String {
        format!("{}/", self.site)
    }

    /// A document's permanent (absolute) link, without any search.
    pub fn permalink(&self, id: &str) -> String {
        format!("{}/{}", self.site, doc_path(id))
    }

    /// The base for `<Router base>`.
    pub fn router_base(&self) -> String {
        self.base.clone()
    }

    /// The search page in `state`.
    pub fn search(&self, state: &SearchState) -> String {
        let qs = state.to_query_string();
        if qs.is_empty() {
            format!("{}/", self.base)
        } else {
            format!("{}/?{qs}", self.base)
        }
    }

    /// A document page that remembers the results page it was opened from.
    pub fn doc(&self, id: &str, from: &SearchState) -> String {
        let qs = from.to_query_string();
        let path = format!("{}/{}", self.base, doc_path(id));
        if qs.is_empty() {
            path
        } else {
            format!("{path}?{qs}")
        }
    }

    /// The about page.
    pub fn about(&self) -> String {
        format!("{}/about", self.base)
    }

    /// A browse page: every value of one facet (`/browse/people?sort=count`).
    pub fn browse(&self, field: FacetField, state: &BrowseState) -> String {
        let qs = state.to_query_string();
        let path = format!("{}/browse/{}", self.base, browse::slug(field));
        if qs.is_empty() {
            path
        } else {
            format!("{path}?{qs}")
        }
    }

    /// The document slug in a full pathname, if it is a document page
    /// (`Archive::find_by_slug` finds the document).
    pub fn doc_slug(&self, pathname: &str) -> Option<String> {
        let rest = pathname.strip_prefix(&self.base).unwrap_or(pathname);
        parse_doc_path(rest)
    }
}

/// Goes to `href` (built by [`Links`], so it already carries the base path) in the app:
/// `replace` the current history entry (typing) or push one (a committed search). The scroll
/// position stays; the router does not resolve the href again (that would add the base twice).
pub fn go(navigate: &impl Fn(&str, NavigateOptions), href: &str, replace: bool) {
    navigate(
        href,
        NavigateOptions {
            resolve: false,
            replace,
            scroll: false,
            ..Default::default()
        },
    );
}

/// The path part of an absolute URL ("http://h:1/folio/?x" → "/folio/").
fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    // The base is a directory: drop a trailing file name such as index.html.
    match path.rfind('/') {
        Some(i) => path[..=i].to_string(),
        None => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base_path() {
        let l = Links::new("/folio/");
        assert_eq!(l.search(&SearchState::default()), "/folio/");
        assert_eq!(
            l.search(&SearchState::parse("q=a+b&page=2")),
            "/folio/?q=a%20b&page=2"
        );
        assert_eq!(l.doc("x/y", &SearchState::default()), "/folio/doc/x~2Fy");
        assert_eq!(l.doc_slug("/folio/doc/x~2Fy"), Some("x~2Fy".into()));
        assert_eq!(l.doc_slug("/folio/doc/x%2Fy"), Some("x/y".into()));
        assert_eq!(l.about(), "/folio/about");
        assert_eq!(
            l.browse(FacetField::People, &BrowseState::parse("sort=count")),
            "/folio/browse/people?sort=count"
        );
        let root = Links::new("/");
        assert_eq!(root.search(&SearchState::default()), "/");
        assert_eq!(root.doc_slug("/doc/a"), Some("a".into()));
        let site = Links::with_site("/folio/", "https://x.github.io/folio/");
        assert_eq!(site.permalink("x/y"), "https://x.github.io/folio/doc/x~2Fy");
        assert_eq!(site.site_url(), "https://x.github.io/folio/");
    }

    #[test]
    fn base_path_is_read_from_the_base_uri() {
        assert_eq!(path_of("http://127.0.0.1:8080/folio/"), "/folio/");
        assert_eq!(path_of("http://127.0.0.1:8080/"), "/");
        assert_eq!(
            path_of("https://x.github.io/folio/index.html?x=1"),
            "/folio/"
        );
        assert_eq!(path_of("http://h"), "/");
    }
}
