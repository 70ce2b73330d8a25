//! Fuzzing the four doors through which outside text enters Folio: the analyzer (every
//! document and query), the query parser and `Archive::run` (what a reader types), the URL
//! state parser (what a link carries) and the bundle parser (what a publisher ships).
//!
//! These are property tests (proptest) fed hostile input: arbitrary Unicode mixed with
//! combining marks, right-to-left text and controls, zero-width characters, emoji, control
//! characters and query-language syntax; arbitrary bytes and mutated valid bundles. Each
//! property holds for every input: no panic, and the output keeps its invariants.
//!
//! The case counts keep the whole file to about ten seconds of CPU in a debug build
//! (`cargo test -p folio-core --test fuzz`, part of `cargo test --workspace`); set
//! `PROPTEST_CASES` for a longer campaign. A failure is shrunk to a minimal input and its seed
//! is saved in `fuzz.proptest-regressions` beside this file (commit it: those cases run first
//! from then on); the inputs that broke something once are also spelled out as plain
//! regression tests at the end.

use std::collections::HashSet;

use folio_core::analyzer::{fold, for_each_token, terms, tokenize};
use folio_core::archive::Archive;
use folio_core::bundle::{parse_bundle, write_bundle, Action, BundleError};
use folio_core::date::PartialDate;
use folio_core::doc_slug::{doc_slug, slug_target, SlugTarget};
use folio_core::model::{ArchiveMeta, Document};
use folio_core::paging::{page_links, PageInfo};
use folio_core::query::parse;
use folio_core::url_state::{
    decode_component, doc_path, encode_component, parse_doc_path, parse_pairs, SearchState,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Value};

/// `n` cases per property, or `PROPTEST_CASES` for every property when it is set (a longer
/// campaign: `PROPTEST_CASES=20000 cargo test --release -p folio-core --test fuzz`).
fn cases(n: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases: n,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/// One character, drawn mostly from the places where text handling goes wrong.
fn hostile_char() -> impl Strategy<Value = char> {
    use proptest::char::range;
    prop_oneof![
        4 => range(' ', '~'),
        2 => any::<char>(),
        // Combining marks (accents, enclosing marks) alone and after letters.
        1 => range('\u{0300}', '\u{036F}'),
        1 => range('\u{20D0}', '\u{20FF}'),
        // Right-to-left letters (Hebrew, Arabic) and bidirectional controls.
        1 => range('\u{0590}', '\u{06FF}'),
        1 => range('\u{202A}', '\u{202E}'),
        1 => range('\u{2066}', '\u{2069}'),
        // Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
        1 => prop::sample::select(vec!['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}']),
        // Emoji, skin tones, variation selector 16.
        1 => range('\u{1F300}', '\u{1FAFF}'),
        1 => prop::sample::select(vec!['\u{1F3FB}', '\u{1F3FF}', '\u{FE0F}', '\u{E0067}']),
        // Control characters, NUL included.
        1 => range('\u{0}', '\u{1F}'),
        // Letters whose case mapping or folding changes their length.
        1 => prop::sample::select(vec![
            'İ', 'ı', 'ß', 'ẞ', 'ﬁ', 'ﬃ', 'Ǆ', 'ǅ', 'ΐ', 'ŉ', 'Ω', 'K', 'Å', 'ς', 'Σ', 'ǰ', 'ẖ',
            'æ', 'Œ', 'ø', 'Ł', 'þ', 'ð', '\'', '’', 'ʼ', '\u{0345}',
        ]),
        // Query syntax.
        2 => prop::sample::select(vec!['"', '(', ')', '*', ':', '-', '+', '|', '&', '!', '~', '^', '\\']),
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(String::from_iter)
}

/// What a reader might type into the box: words of the fixture, operators, field scopes,
/// quotes and parentheses (balanced or not), and hostile characters, in any order.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(VOCABULARY.to_vec()).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            " ", "  ", "\"", "(", ")", "*", "OR", "AND", "NOT", "or", "-", "+", "|", "title:",
            "people:", "places:", "subjects:", "text:", "date:", "title:\"", ":", "::", "**",
            "\"\"", "()", "-(", "NOT NOT", "OR OR", "the", "of", "and", "a", "\u{200B}",
            "\u{202E}", "e\u{301}", "👩‍👩‍👧", "🇺🇳", "שלום", "مرحبا", "Хрущёв", "İstanbul",
        ])
        .prop_map(str::to_string),
        1 => hostile_text(6),
    ];
    prop::collection::vec(piece, 0..14).prop_map(|parts| parts.join(" "))
}

/// Words of the search fixture, so generated queries also find things.
const VOCABULARY: &[&str] = &[
    "soviet",
    "sov",
    "kennan",
    "telegram",
    "tele",
    "moscow",
    "treaty",
    "asuncion",
    "asunción",
    "ASUNCIÓN",
    "economy",
    "o'brien",
    "kennan's",
    "Хрущёв",
    "hrushchev",
    "1956",
    "19",
    "x",
];

// ---------------------------------------------------------------------------------------------
// The analyzer

proptest! {
    #![proptest_config(cases(300))]

    /// Every token is a non-empty folded word at a char-boundary byte range of the text, and
    /// positions have no holes (0, 1, 2, …; a joined form may share its first part's), so
    /// phrases line up.
    #[test]
    fn tokens_are_nonempty_on_char_boundaries_with_positions_in_a_row(text in hostile_text(120)) {
        let toks = tokenize(&text);
        let mut positions = HashSet::new();
        for t in &toks {
            prop_assert!(!t.term.is_empty(), "empty term in {:?}", toks);
            prop_assert!(t.start < t.end && t.end <= text.len(), "bad range {:?}", t);
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "{:?}", t);
            positions.insert(t.position);
        }
        let count = positions.len() as u32;
        prop_assert!(positions.iter().all(|&p| p < count), "positions with holes: {:?}", toks);
    }

    /// `for_each_token` (used by the index) and `tokenize` (used by snippets) agree.
    #[test]
    fn the_streaming_and_collecting_analyzers_agree(text in hostile_text(120)) {
        let mut streamed = Vec::new();
        for_each_token(&text, |term, start, end, pos| streamed.push((term.to_string(), start, end, pos)));
        let collected: Vec<_> = tokenize(&text).into_iter().map(|t| (t.term, t.start, t.end, t.position)).collect();
        prop_assert_eq!(streamed, collected);
    }

    /// Folding never panics and never produces a character that would split a word.
    #[test]
    fn folding_any_text_is_total(text in hostile_text(60)) {
        let folded = fold(&text);
        // Folding a single word keeps it one word or drops it, never splits it.
        for t in tokenize(&text) {
            let again = terms(&t.term);
            prop_assert!(again.len() <= 1, "{:?} re-analyzes to {:?}", t.term, again);
        }
        let _ = folded;
    }

    /// Text made only of separators (punctuation, spaces, zero-width characters, emoji,
    /// controls) has no words.
    #[test]
    fn separators_alone_make_no_words(
        text in prop::collection::vec(
            prop::sample::select(vec![' ', '.', ',', '!', '?', '"', '(', ')', '*', '\u{200B}', '\u{200D}',
                '\u{FEFF}', '\u{202E}', '\u{1F600}', '\u{FE0F}', '\u{0}', '\n', '\t', '-', ':', '\'']),
            0..80,
        ).prop_map(String::from_iter)
    ) {
        prop_assert_eq!(tokenize(&text), vec![]);
    }
}

// ---------------------------------------------------------------------------------------------
// The query parser and `Archive::run`

/// The search fixture: three documents a reader can rank by hand, plus hostile ones.
fn archive() -> Archive {
    let d = |id: &str, title: &str, summary: &str, text: &str| Document {
        id: id.into(),
        title: title.into(),
        summary: summary.into(),
        text: text.into(),
        ..Default::default()
    };
    let mut docs = vec![
        d(
            "a",
            "Report on Soviet economy",
            "Grain output and industry.",
            "The Soviet economy grew.",
        ),
        d(
            "b",
            "The Long Telegram",
            "Kennan explains Soviet conduct from Moscow.",
            "Kennan's telegram.",
        ),
        d(
            "c",
            "Treaty of Asunción",
            "Trade in the Southern Cone.",
            "Signed at Asunción in 1991.",
        ),
        d(
            "d/?#%&+ é",
            "Хрущёв in New York",
            "שלום and مرحبا, 👩‍👩‍👧",
            "e\u{301}\u{200B}x\u{202E}y O'Brien",
        ),
        d(
            "e",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "title: OR NOT \"(",
        ),
    ];
    docs[0].people = vec!["Nikita Khrushchev".into()];
    docs[1].places = vec!["Moscow".into(), "Washington".into()];
    docs[2].subjects = vec!["Trade".into()];
    docs[1].date = PartialDate::parse("1946-02-22").ok();
    docs[2].date = PartialDate::parse("1991-03-26").ok();
    Archive::new(ArchiveMeta::default(), docs)
}

/// The search page's question for what the reader typed (`exact`: the "search exactly this"
/// switch, when the URL carries it).
fn run(a: &Archive, q: &str, exact: bool) -> Vec<u32> {
    let exact = if exact { "&exact=1" } else { "" };
    a.run(&SearchState::parse(&format!(
        "q={}{exact}",
        encode_component(q)
    )))
    .docs
}

fn check_outcome(a: &Archive, q: &str) -> Result<(), TestCaseError> {
    for exact in [false, true] {
        check_run(a, q, exact)?;
    }
    Ok(())
}

fn check_run(a: &Archive, q: &str, exact: bool) -> Result<(), TestCaseError> {
    let out = run(a, q, exact);
    let mut seen = HashSet::new();
    for &n in &out {
        prop_assert!(
            (n as usize) < a.len(),
            "document number {} out of range for {:?}",
            n,
            q
        );
        prop_assert!(seen.insert(n), "document {} listed twice for {:?}", n, q);
    }
    // Same query, same answer.
    prop_assert_eq!(&run(a, q, exact), &out);
    Ok(())
}

proptest! {
    #![proptest_config(cases(400))]

    /// The query parser is total: any text parses, whatever the query language makes of it.
    #[test]
    fn any_text_parses_as_a_query(q in hostile_text(80)) {
        let _ = parse(&q);
    }

    /// Query-language-shaped input (operators, scopes, unbalanced quotes and parentheses)
    /// parses too.
    #[test]
    fn query_syntax_soup_parses(q in query_text()) {
        let _ = parse(&q);
    }

    /// Running any query gives valid, distinct document numbers, the same ones every time.
    #[test]
    fn running_any_query_lists_valid_documents(q in query_text()) {
        let a = archive();
        check_outcome(&a, &q)?;
    }

    #[test]
    fn running_arbitrary_unicode_lists_valid_documents(q in hostile_text(60)) {
        let a = archive();
        check_outcome(&a, &q)?;
    }
}

proptest! {
    #![proptest_config(cases(24))]

    /// Ten thousand characters of anything are still just a query.
    #[test]
    fn very_long_queries_run(seed in query_text(), extra in hostile_text(40)) {
        let a = archive();
        let mut q = String::new();
        while q.chars().count() < 10_000 {
            q.push_str(&seed);
            q.push_str(&extra);
            q.push(' ');
            if seed.is_empty() && extra.is_empty() { q.push('x'); }
        }
        check_outcome(&a, &q)?;
    }
}

// ---------------------------------------------------------------------------------------------
// The URL state

/// Query strings as links and hand-edited URLs carry them: known and unknown keys, numbers
/// in and out of range, broken percent-escapes, `+`, `=` and `&` in odd places.
fn query_string() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "q", "page", "sort", "facet", "people", "", "q[]", "Q", "page ",
    ]);
    let value = prop_oneof![
        prop::sample::select(vec![
            "-1",
            "0",
            "1",
            "2",
            "999999",
            "99999999999999999999999",
            "abc",
            "1e3",
            "0x10",
            " 3",
            "+4",
            "%",
            "%2",
            "%zz",
            "%E0%A4%A",
            "%FF%FE",
            "%00",
            "%25",
            "a+b",
            "==",
            "&",
            "%26",
            "%C3%A9",
            "%F0%9F%98%80",
            "%ED%A0%80",
            "relevance",
            "date",
            "unknown",
        ])
        .prop_map(str::to_string),
        hostile_text(12),
    ];
    let pair = (key, value, prop::bool::ANY).prop_map(|(k, v, eq)| {
        if eq {
            format!("{k}={v}")
        } else {
            format!("{k}{v}")
        }
    });
    (prop::bool::ANY, prop::collection::vec(pair, 0..6)).prop_map(|(qmark, pairs)| {
        let s = pairs.join("&");
        if qmark {
            format!("?{s}")
        } else {
            s
        }
    })
}

proptest! {
    #![proptest_config(cases(500))]

    /// Any query string parses to a usable state: a page from 1 to a million.
    #[test]
    fn any_query_string_parses_to_a_usable_state(s in prop_oneof![query_string(), hostile_text(60)]) {
        let st = SearchState::parse(&s);
        prop_assert!(st.page >= 1 && st.page <= 1_000_000, "page {} from {:?}", st.page, s);
        let _ = parse_pairs(&s);
    }

    /// What the app writes back is canonical: parsing it again gives the same state.
    #[test]
    fn the_written_state_parses_back_to_itself(s in prop_oneof![query_string(), hostile_text(60)]) {
        let st = SearchState::parse(&s);
        let written = st.to_query_string();
        prop_assert_eq!(SearchState::parse(&written), st.clone());
        prop_assert_eq!(SearchState::parse(&written).to_query_string(), written);
    }

    /// Whatever a URL carries (unknown sort, unknown facet values, dates out of range), the
    /// search it describes runs and lists valid documents, and its page is clamped into range.
    #[test]
    fn any_url_state_runs(s in query_string(), q in query_text()) {
        let a = archive();
        let st = SearchState::parse(&format!("q={}&{s}", encode_component(&q)));
        let out = a.run(&st);
        let mut seen = HashSet::new();
        for &n in &out.docs {
            prop_assert!((n as usize) < a.len() && seen.insert(n), "{} for {:?}", n, st);
        }
        let info = PageInfo::new(out.docs.len(), st.page, st.per_page);
        prop_assert!(info.range().end <= out.docs.len());
    }

    /// Any query and any page survive the trip through the URL.
    #[test]
    fn any_query_and_page_round_trip(q in prop_oneof![hostile_text(60), query_text()], page in 1usize..=1_000_000) {
        let st = SearchState::parse(&format!("q={}&page={page}", encode_component(&q)));
        prop_assert_eq!(&st.q, &q);
        prop_assert_eq!(st.page, page);
        prop_assert_eq!(SearchState::parse(&st.to_query_string()), st);
    }

    /// Percent-decoding never panics, and undoes percent-encoding exactly.
    #[test]
    fn percent_decoding_is_total_and_inverts_encoding(s in hostile_text(60), raw in "[%0-9a-fA-FzZ+ ]{0,30}") {
        prop_assert_eq!(decode_component(&encode_component(&s)), s);
        let _ = decode_component(&raw);
    }

    /// Every id, however awkward, is reachable at its document path and back.
    #[test]
    fn any_id_round_trips_through_its_document_path(id in hostile_text(40).prop_filter("ids are non-empty", |s| !s.is_empty())) {
        let path = doc_path(&id);
        prop_assert!(!path.contains(['/', '?', '#', ' '].as_slice()) || path.starts_with("doc/"));
        prop_assert!(!path["doc/".len()..].contains(['/', '?', '#', ' '].as_slice()), "{}", path);
        let slug = doc_slug(&id);
        prop_assert_eq!(parse_doc_path(&path), Some(slug.clone()));
        prop_assert_eq!(parse_doc_path(&format!("/{path}")), Some(slug.clone()));
        match slug_target(&slug) {
            SlugTarget::Id(back) => prop_assert_eq!(back, id),
            other => prop_assert_eq!(other, SlugTarget::Hashed),
        }
    }

    /// Pages out of range are clamped; the slice shown is always inside the results.
    #[test]
    fn any_page_of_any_result_count_is_in_range(total in 0usize..100_000, page in any::<usize>(), per_page in 0usize..200) {
        let info = PageInfo::new(total, page, per_page);
        prop_assert!(info.page >= 1 && info.page <= info.pages);
        let r = info.range();
        prop_assert!(r.start <= r.end && r.end <= total);
        let _ = page_links(page, info.pages, 2);
    }
}

// ---------------------------------------------------------------------------------------------
// The bundle parser

/// Any JSON value, nested a few levels, with hostile strings.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        // Not any f64: serde_json (without its costly `float_roundtrip` feature) may read
        // an extreme float back one unit off, which is harmless for a displayed extra field.
        (-1_000_000_000i64..1_000_000_000, 0i32..4)
            .prop_map(|(n, d)| json!(n as f64 / 10f64.powi(d))),
        hostile_text(20).prop_map(Value::String),
        prop::sample::select(vec![
            "1956-13-45",
            "0000",
            "99999",
            "1956-02-30",
            "1956",
            "1956-09",
            "1956-09-16",
            "2000-02-29",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "https://example.org/",
            "<script>window.__pwned=1</script>",
            "&lt;b&gt;",
            "",
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(hostile_text(8), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const FIELDS: &[&str] = &[
    "id",
    "title",
    "date",
    "date_end",
    "summary",
    "text",
    "people",
    "places",
    "subjects",
    "collection",
    "source",
    "language",
    "url",
    "extra",
    "word_count",
];

/// A document-shaped object: the format's fields (and some extras) with values of any shape.
fn raw_document() -> impl Strategy<Value = Value> {
    let field = (prop::sample::select(FIELDS.to_vec()), json_value());
    let id = prop_oneof![
        prop::sample::select(vec![
            "a",
            "a/b",
            "?x",
            "#1",
            "100%",
            "a&b",
            "a+b",
            "with space",
            "Хрущёв",
            "a"
        ])
        .prop_map(|s| json!(s)),
        json_value(),
    ];
    let title = prop_oneof![hostile_text(20).prop_map(Value::String), json_value()];
    (
        id,
        title,
        prop::collection::vec(field, 0..6),
        prop::bool::weighted(0.9),
    )
        .prop_map(|(id, title, fields, object)| {
            if !object {
                return id;
            }
            let mut m = serde_json::Map::new();
            m.insert("id".into(), id);
            m.insert("title".into(), title);
            for (k, v) in fields {
                m.insert(k.to_string(), v);
            }
            Value::Object(m)
        })
}

fn bundle_bytes(docs: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "format": "folio-bundle",
        "version": 1,
        "archive": {"title": "Fuzz", "url": "javascript:alert(1)"},
        "documents": docs,
    }))
    .unwrap()
}

/// A small valid bundle to mutate.
fn valid_bundle() -> Vec<u8> {
    bundle_bytes(&[
        json!({"id": "a", "title": "The Long Telegram", "date": "1946-02-22", "people": ["George Kennan"],
               "summary": "Kennan on Soviet conduct.", "text": "One.\n\nTwo.", "url": "https://example.org/a"}),
        json!({"id": "b/?#%&+ é", "title": "Хрущёв", "date": "1959-09", "places": "New York", "archival_source": "x"}),
    ])
}

/// What a loaded bundle always guarantees, whatever went in.
fn check_loaded(bytes: &[u8], raw_count: Option<usize>) -> Result<(), TestCaseError> {
    match parse_bundle(bytes) {
        Ok(l) => {
            prop_assert!(!l.documents.is_empty());
            let mut ids = HashSet::new();
            for d in &l.documents {
                prop_assert!(
                    !d.id.trim().is_empty() && !d.title.trim().is_empty(),
                    "{:?}",
                    d
                );
                prop_assert!(ids.insert(d.id.clone()), "duplicate id {:?}", d.id);
                if let (Some(a), Some(b)) = (d.date, d.date_end) {
                    prop_assert!(b.end_key() >= a.sort_key());
                }
            }
            if let Some(n) = raw_count {
                // Nothing is dropped silently: every document is loaded or reported skipped.
                prop_assert_eq!(l.documents.len() + l.skipped(), n);
            }
            for i in &l.issues {
                prop_assert!(i.position >= 1 && raw_count.is_none_or(|n| i.position <= n));
                let _ = i.to_string();
                if i.action == Action::Repaired {
                    prop_assert!(i.id.as_ref().is_some_and(|id| ids.contains(id)));
                }
            }
            // A loaded archive written back out loads to the same documents.
            let again = parse_bundle(write_bundle(&l.archive, &l.documents).as_bytes());
            prop_assert!(again.is_ok(), "rewritten bundle fails: {:?}", again.err());
            let again = again.unwrap();
            prop_assert_eq!(&again.documents, &l.documents);
            prop_assert!(again.issues.is_empty(), "{:?}", again.issues);
            // And it can be indexed and searched.
            let a = Archive::new(l.archive, l.documents);
            prop_assert_eq!(run(&a, "", false).len(), a.len());
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(4000))]

    /// Arbitrary bytes are refused with a message or loaded, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic_the_bundle_parser(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_loaded(&bytes, None)?;
    }

    /// A valid bundle with bytes flipped, cut, inserted or repeated never panics the parser.
    #[test]
    fn mutated_valid_bundles_never_panic(
        edits in prop::collection::vec((0usize..4, any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<u8>()), 1..6)
    ) {
        let mut b = valid_bundle();
        for (kind, at, len, byte) in edits {
            if b.is_empty() { break; }
            let i = at.index(b.len());
            match kind {
                0 => b[i] = byte,
                1 => b.truncate(i),
                2 => b.insert(i, byte),
                _ => {
                    let j = (i + len.index(16) + 1).min(b.len());
                    let piece = b[i..j].to_vec();
                    b.splice(i..i, piece);
                }
            }
        }
        check_loaded(&b, None)?;
    }

    /// Any date string is either a valid date or refused with a reason, never a panic.
    #[test]
    fn any_date_string_parses_or_is_refused(s in prop_oneof![hostile_text(14), "[0-9-T:]{0,14}"]) {
        if let Ok(d) = PartialDate::parse(&s) {
            prop_assert!((1..=9999).contains(&d.year));
            prop_assert_eq!(PartialDate::parse(&d.to_string()), Ok(d));
        }
    }
}

proptest! {
    #![proptest_config(cases(200))]

    /// Documents of any shape load or are reported skipped, one for one.
    #[test]
    fn documents_of_any_shape_are_loaded_or_reported(docs in prop::collection::vec(raw_document(), 0..8)) {
        check_loaded(&bundle_bytes(&docs), Some(docs.len()))?;
    }

    /// Whatever the bytes, a byte-order mark in front changes nothing.
    #[test]
    fn a_byte_order_mark_changes_nothing(docs in prop::collection::vec(raw_document(), 1..4)) {
        let plain = bundle_bytes(&docs);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(&plain);
        prop_assert_eq!(parse_bundle(&plain).map(|l| l.documents), parse_bundle(&bom).map(|l| l.documents));
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs that broke something once, kept as plain tests.

/// A lone UTF-16 surrogate escaped in a string (what a JavaScript exporter writes when it cuts
/// a text in the middle of an emoji) used to make the whole bundle "not valid JSON", taking
/// every valid document down with it. Now only that character is replaced.
#[test]
fn a_lone_surrogate_escape_does_not_refuse_the_whole_bundle() {
    let raw = br#"{"format":"folio-bundle","version":1,"documents":[
        {"id":"lone-high","title":"Cut emoji \ud83d","summary":"trailing \udc00 alone, pair \ud83d\ude00 kept"},
        {"id":"ok","title":"Valid document","text":"escaped controls \u0000\u001b\u007f and \\ud800 as text"}
    ]}"#;
    let l = parse_bundle(raw).expect("the bundle should load");
    assert_eq!(l.documents.len(), 2);
    assert_eq!(l.documents[0].title, "Cut emoji \u{FFFD}");
    assert_eq!(
        l.documents[0].summary,
        "trailing \u{FFFD} alone, pair \u{1F600} kept"
    );
    assert_eq!(
        l.documents[1].text,
        "escaped controls \u{0}\u{1b}\u{7f} and \\ud800 as text"
    );
}

#[test]
fn a_bundle_that_is_broken_json_still_says_where() {
    match parse_bundle(b"{\"format\":\"folio-bundle\",\n\"x\": \"\\ud800\\u12\"}") {
        Err(BundleError::NotJson { line, .. }) => assert_eq!(line, 2),
        other => panic!("{other:?}"),
    }
}

/// Combining marks with no letter before them (an emoji's variation selector U+FE0F, a Hebrew
/// cantillation mark) once made a token with an empty term: typed last it matched every word
/// of the index as a prefix, anywhere else it matched nothing, so "❤️ treaty" found no document.
#[test]
fn a_combining_mark_without_a_letter_is_not_a_word() {
    assert_eq!(tokenize("\u{FE0F}"), vec![]);
    assert_eq!(tokenize("\u{0591}\u{0301}"), vec![]);
    let toks = tokenize("\u{2764}\u{FE0F} treaty");
    assert_eq!(
        toks.iter()
            .map(|t| (t.term.as_str(), t.position))
            .collect::<Vec<_>>(),
        [("treaty", 0)]
    );
    let a = archive();
    let treaty = run(&a, "treaty ", false);
    assert!(!treaty.is_empty());
    assert_eq!(run(&a, "\u{2764}\u{FE0F} treaty ", false), treaty);
    assert_eq!(run(&a, "treaty \u{2764}\u{FE0F}", false), treaty);
}
