//! The URL is the state: what the search page shows is parsed from, and written to, the URL.
//!
//! [`SearchState`] holds the query and the page; [`SearchState::parse`] reads a query string
//! (`q=long+telegram&page=2`) and never fails: unknown keys are ignored, nonsense values fall
//! back to defaults and the rest of the state is kept. [`SearchState::to_query_string`] writes
//! only what differs from the defaults, so URLs stay short and canonical. Document pages live
//! at `doc/<percent-encoded id>`, which round-trips any id, `/ ? # % & +` included.

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Sort {
    /// Best match first (with a query); date order when browsing.
    #[default]
    Relevance,
    DateAsc,
    DateDesc,
    Title,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Relevance, Sort::DateAsc, Sort::DateDesc, Sort::Title];

    /// The value written in the URL (`sort=date`).
    pub fn key(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::DateAsc => "date",
            Sort::DateDesc => "date-desc",
            Sort::Title => "title",
        }
    }

    /// The label shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Relevance",
            Sort::DateAsc => "Date (oldest first)",
            Sort::DateDesc => "Date (newest first)",
            Sort::Title => "Title (A–Z)",
        }
    }

    pub fn from_key(key: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Page sizes a reader can choose.
pub const PAGE_SIZES: [usize; 4] = [10, 20, 50, 100];
/// The default page size.
pub const DEFAULT_PER_PAGE: usize = 10;

/// A facet a reader can filter on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum FacetField {
    Collection,
    Subjects,
    People,
    Places,
    Language,
}

impl FacetField {
    pub const ALL: [FacetField; 5] = [
        FacetField::Collection,
        FacetField::Subjects,
        FacetField::People,
        FacetField::Places,
        FacetField::Language,
    ];

    /// The URL key (`subject=Cold+War`); repeated keys select several values.
    pub fn key(self) -> &'static str {
        match self {
            FacetField::Collection => "collection",
            FacetField::Subjects => "subject",
            FacetField::People => "person",
            FacetField::Places => "place",
            FacetField::Language => "lang",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FacetField::Collection => "Collection",
            FacetField::Subjects => "Subject",
            FacetField::People => "Person",
            FacetField::Places => "Place",
            FacetField::Language => "Language",
        }
    }

    pub fn from_key(key: &str) -> Option<FacetField> {
        FacetField::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// What the search page shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchState {
    /// The query exactly as typed.
    pub q: String,
    /// 1-based page number.
    pub page: usize,
    pub sort: Sort,
    /// Results per page, one of [`PAGE_SIZES`].
    pub per_page: usize,
    /// Selected facet values: values of one facet combine with OR, facets with AND.
    /// Sorted by facet, then in the order the reader chose them.
    pub filters: Vec<(FacetField, String)>,
    /// Date range filter, as typed (`1956`, `1956-09`, `1956-09-16`); invalid values are dropped.
    pub from: Option<String>,
    pub to: Option<String>,
    /// True when the reader asked to search exactly what they typed (no typo correction).
    pub exact: bool,
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState {
            q: String::new(),
            page: 1,
            sort: Sort::Relevance,
            per_page: DEFAULT_PER_PAGE,
            filters: Vec::new(),
            from: None,
            to: None,
            exact: false,
        }
    }
}

/// Largest page number accepted from a URL; larger values are clamped here and again by
/// the pager against the real number of pages.
const MAX_PAGE: usize = 1_000_000;

fn valid_date(v: &str) -> Option<String> {
    let v = v.trim();
    crate::date::PartialDate::parse(v)
        .ok()
        .map(|d| d.to_string())
}

impl SearchState {
    /// Parses a query string, with or without its leading `?`.
    pub fn parse(query_string: &str) -> SearchState {
        let mut state = SearchState::default();
        for (key, value) in parse_pairs(query_string) {
            match key.as_str() {
                "q" => state.q = value,
                "page" => {
                    state.page = match value.trim().parse::<i64>() {
                        Ok(p) if p >= 1 => (p as u64).min(MAX_PAGE as u64) as usize,
                        _ => 1,
                    }
                }
                "sort" => state.sort = Sort::from_key(value.trim()).unwrap_or_default(),
                "per" => {
                    state.per_page = value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| PAGE_SIZES.contains(n))
                        .unwrap_or(DEFAULT_PER_PAGE)
                }
                "from" => state.from = valid_date(&value),
                "to" => state.to = valid_date(&value),
                "exact" => state.exact = value == "1",
                k => {
                    if let Some(f) = FacetField::from_key(k) {
                        let v = value.trim().to_string();
                        if !v.is_empty() && !state.filters.contains(&(f, v.clone())) {
                            state.filters.push((f, v));
                        }
                    }
                }
            }
        }
        state.filters.sort_by_key(|(f, _)| *f);
        state
    }

    /// The canonical query string, without `?`; empty for the default state.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode_component(&self.q)));
        }
        let mut filters = self.filters.clone();
        filters.sort_by_key(|(f, _)| *f);
        for (f, v) in &filters {
            parts.push(format!("{}={}", f.key(), encode_component(v)));
        }
        if let Some(from) = &self.from {
            parts.push(format!("from={}", encode_component(from)));
        }
        if let Some(to) = &self.to {
            parts.push(format!("to={}", encode_component(to)));
        }
        if self.sort != Sort::Relevance {
            parts.push(format!("sort={}", self.sort.key()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            parts.push(format!("per={}", self.per_page));
        }
        if self.exact {
            parts.push("exact=1".to_string());
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    /// The same state on another page.
    pub fn with_page(&self, page: usize) -> SearchState {
        SearchState {
            page,
            ..self.clone()
        }
    }

    /// The values selected for one facet.
    pub fn selected(&self, field: FacetField) -> impl Iterator<Item = &str> {
        self.filters
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// True when any filter (facet or date) is set.
    pub fn has_filters(&self) -> bool {
        !self.filters.is_empty() || self.from.is_some() || self.to.is_some()
    }

    /// The state with `value` of `field` added, or removed if it was selected; back to page 1.
    pub fn toggle_filter(&self, field: FacetField, value: &str) -> SearchState {
        let mut next = self.with_page(1);
        let item = (field, value.to_string());
        if let Some(i) = next.filters.iter().position(|x| *x == item) {
            next.filters.remove(i);
        } else {
            next.filters.push(item);
            next.filters.sort_by_key(|(f, _)| *f);
        }
        next
    }

    /// The state without any filter; back to page 1.
    pub fn clear_filters(&self) -> SearchState {
        SearchState {
            filters: Vec::new(),
            from: None,
            to: None,
            ..self.with_page(1)
        }
    }
}

/// Splits `a=1&b=2` into decoded pairs (`+` is a space; bad escapes are kept literally).
pub fn parse_pairs(query_string: &str) -> Vec<(String, String)> {
    let s = query_string.strip_prefix('?').unwrap_or(query_string);
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                decode_component(&k.replace('+', " ")),
                decode_component(&v.replace('+', " ")),
            )
        })
        .collect()
}

/// Percent-encodes everything but the unreserved characters `A-Z a-z 0-9 - _ . ~`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; malformed escapes stay as written and invalid UTF-8 becomes U+FFFD.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path of a document page, relative to the site's base: `doc/<slug>` (the slug spells
/// any id with URL- and file-safe characters: [`crate::doc_slug`]).
pub fn doc_path(id: &str) -> String {
    format!("doc/{}", crate::doc_slug::doc_slug(id))
}

/// The slug in a path relative to the base (`doc/<slug>`), percent-decoded (a browser may
/// have encoded it, and addresses of an older form percent-encoded the id itself), if the
/// path is a document's. `Archive::find_by_slug` finds its document.
pub fn parse_doc_path(path: &str) -> Option<String> {
    let rest = path.trim_start_matches('/').strip_prefix("doc/")?;
    let rest = rest.trim_end_matches('/');
    (!rest.is_empty()).then(|| decode_component(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_query_and_page() {
        let s = SearchState::parse("?q=long+telegram%21&page=2&x=1");
        assert_eq!(
            s,
            SearchState {
                q: "long telegram!".into(),
                page: 2,
                ..Default::default()
            }
        );
    }

    #[test]
    fn nonsense_values_fall_back_and_keep_the_rest() {
        for bad in ["page=-1", "page=abc", "page=", "page=0", "page=1e9"] {
            let s = SearchState::parse(&format!("q=kennan&{bad}"));
            assert_eq!(
                s,
                SearchState {
                    q: "kennan".into(),
                    page: 1,
                    ..Default::default()
                },
                "{bad}"
            );
        }
        assert_eq!(SearchState::parse("page=99999999999999999999").page, 1);
        assert_eq!(SearchState::parse("page=999999999").page, MAX_PAGE);
        assert_eq!(SearchState::parse("q=%E0%A4%A&page=2").q, "\u{FFFD}%A");
        assert_eq!(SearchState::parse("q=100%&page=2").q, "100%");
    }

    #[test]
    fn default_state_writes_an_empty_query_string() {
        assert_eq!(SearchState::default().to_query_string(), "");
        assert_eq!(
            SearchState {
                q: "a b&c".into(),
                page: 3,
                ..Default::default()
            }
            .to_query_string(),
            "q=a%20b%26c&page=3"
        );
    }

    #[test]
    fn sort_page_size_filters_and_dates_live_in_the_url() {
        let s = SearchState::parse(
            "q=x&subject=Cold+War&person=Kennan&subject=Containment&from=1946&to=1950-13&sort=date-desc&per=50&exact=1",
        );
        assert_eq!(s.sort, Sort::DateDesc);
        assert_eq!(s.per_page, 50);
        assert_eq!(
            s.selected(FacetField::Subjects).collect::<Vec<_>>(),
            ["Cold War", "Containment"]
        );
        assert_eq!(
            s.selected(FacetField::People).collect::<Vec<_>>(),
            ["Kennan"]
        );
        assert_eq!(s.from.as_deref(), Some("1946"));
        assert_eq!(s.to, None, "an invalid date is dropped, the rest kept");
        assert!(s.exact);
        assert_eq!(SearchState::parse(&s.to_query_string()), s);
    }

    #[test]
    fn unknown_sort_and_page_sizes_fall_back() {
        let s = SearchState::parse("sort=sideways&per=7&q=a");
        assert_eq!(
            (s.sort, s.per_page, s.q.as_str()),
            (Sort::Relevance, DEFAULT_PER_PAGE, "a")
        );
    }

    #[test]
    fn toggling_a_filter_adds_then_removes_it_and_resets_the_page() {
        let s = SearchState {
            page: 4,
            ..Default::default()
        };
        let on = s.toggle_filter(FacetField::Places, "Moscow");
        assert_eq!((on.page, on.filters.len()), (1, 1));
        assert!(on
            .toggle_filter(FacetField::Places, "Moscow")
            .filters
            .is_empty());
    }

    #[test]
    fn doc_paths_round_trip_awkward_ids() {
        use crate::doc_slug::{slug_target, SlugTarget};
        for id in ["frus1961-63v05-d1", "a/b?c#d%e&f+g h", "Хрущёв", "x/"] {
            let slug = parse_doc_path(&doc_path(id)).unwrap();
            assert_eq!(slug_target(&slug), SlugTarget::Id(id.into()));
        }
        // A browser may percent-encode the slug's tilde; the slug comes back all the same.
        assert_eq!(parse_doc_path("/doc/a%7E2Fb").as_deref(), Some("a~2Fb"));
        assert_eq!(parse_doc_path("/doc/"), None);
        assert_eq!(parse_doc_path("other"), None);
    }

    proptest! {
        #[test]
        fn state_round_trips_through_the_url(
            q in "\\PC{0,40}",
            page in 1usize..5000,
            sort in 0usize..4,
            per in 0usize..4,
            filters in proptest::collection::vec((0usize..5, "\\PC{1,12}"), 0..4),
            exact: bool,
        ) {
            let mut filters: Vec<(FacetField, String)> = filters
                .into_iter()
                .map(|(f, v)| (FacetField::ALL[f], v.trim().to_string()))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            filters.dedup();
            let mut seen = Vec::new();
            filters.retain(|x| if seen.contains(x) { false } else { seen.push(x.clone()); true });
            filters.sort_by_key(|(f, _)| *f);
            let s = SearchState { q, page, sort: Sort::ALL[sort], per_page: PAGE_SIZES[per], filters, from: None, to: None, exact };
            prop_assert_eq!(SearchState::parse(&s.to_query_string()), s);
        }

        #[test]
        fn any_query_string_parses(s in "\\PC{0,80}") {
            let st = SearchState::parse(&s);
            prop_assert!(st.page >= 1);
        }

        #[test]
        fn any_id_round_trips_through_its_path(id in "\\PC{1,30}") {
            use crate::doc_slug::{doc_slug, slug_target, SlugTarget};
            let slug = parse_doc_path(&doc_path(&id)).unwrap();
            prop_assert_eq!(&slug, &doc_slug(&id));
            match slug_target(&slug) {
                SlugTarget::Id(back) => prop_assert_eq!(back, id),
                other => prop_assert_eq!(other, SlugTarget::Hashed),
            }
        }
    }
}
