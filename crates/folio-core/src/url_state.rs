//! The URL is the state: what the search page shows is parsed from, and written to, the URL.
//!
//! [`SearchState`] holds the query and the page; [`SearchState::parse`] reads a query string
//! (`q=long+telegram&page=2`) and never fails: unknown keys are ignored, nonsense values fall
//! back to defaults and the rest of the state is kept. [`SearchState::to_query_string`] writes
//! only what differs from the defaults, so URLs stay short and canonical. Document pages live
//! at `doc/<percent-encoded id>`, which round-trips any id, `/ ? # % & +` included.

/// What the search page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    /// The query exactly as typed.
    pub q: String,
    /// 1-based page number.
    pub page: usize,
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState {
            q: String::new(),
            page: 1,
        }
    }
}

/// Largest page number accepted from a URL; larger values are clamped here and again by
/// the pager against the real number of pages.
const MAX_PAGE: usize = 1_000_000;

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
                _ => {}
            }
        }
        state
    }

    /// The canonical query string, without `?`; empty for the default state.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode_component(&self.q)));
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

/// The path of a document page, relative to the site's base: `doc/<encoded id>`.
pub fn doc_path(id: &str) -> String {
    format!("doc/{}", encode_component(id))
}

/// The document id in a path relative to the base (`doc/<encoded id>`), if it is one.
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
                page: 2
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
                    page: 1
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
                page: 3
            }
            .to_query_string(),
            "q=a%20b%26c&page=3"
        );
    }

    #[test]
    fn doc_paths_round_trip_awkward_ids() {
        for id in ["frus1961-63v05-d1", "a/b?c#d%e&f+g h", "Хрущёв", "x/"] {
            assert_eq!(parse_doc_path(&doc_path(id)).as_deref(), Some(id));
        }
        assert_eq!(parse_doc_path("/doc/"), None);
        assert_eq!(parse_doc_path("other"), None);
    }

    proptest! {
        #[test]
        fn state_round_trips_through_the_url(q in "\\PC{0,40}", page in 1usize..5000) {
            let s = SearchState { q, page };
            prop_assert_eq!(SearchState::parse(&s.to_query_string()), s);
        }

        #[test]
        fn any_query_string_parses(s in "\\PC{0,80}") {
            let st = SearchState::parse(&s);
            prop_assert!(st.page >= 1);
        }

        #[test]
        fn any_id_round_trips_through_its_path(id in "\\PC{1,30}") {
            prop_assert_eq!(parse_doc_path(&doc_path(&id)), Some(id));
        }
    }
}
