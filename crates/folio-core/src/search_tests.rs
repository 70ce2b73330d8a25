//! Behaviour tests of [`crate::search`], over a fixture a reader can rank by hand, and
//! property tests against a brute-force oracle.

use super::*;
use crate::archive::Archive;
use crate::date::PartialDate;
use crate::model::{ArchiveMeta, Document};
use crate::query::parse;
use crate::url_state::SearchState;
use proptest::prelude::*;

fn d(id: &str, title: &str, summary: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        summary: summary.into(),
        text: text.into(),
        ..Default::default()
    }
}

/// A small archive a reader can rank by hand.
fn fixture() -> Archive {
    let mut docs = vec![
        d(
            "a",
            "Report on Soviet economy",
            "Grain output and industry.",
            "The Soviet economy grew. Kennan wrote nothing here.",
        ),
        d(
            "b",
            "The Long Telegram",
            "Kennan explains Soviet conduct from Moscow.",
            "Soviet power is impervious to the logic of reason.",
        ),
        d(
            "c",
            "Treaty of Asunción",
            "Trade in the Southern Cone.",
            "Signed at Asunción by four states.",
        ),
        d(
            "d",
            "Memorandum of conversation",
            "Khrushchev and Kennedy at Vienna.",
            "Khrushchev spoke of Berlin and the security guarantees.",
        ),
        d(
            "e",
            "Negotiations on Berlin",
            "The powers negotiated.",
            "Negotiation continued; guarantees of security were discussed.",
        ),
        d(
            "f",
            "Despatch from Li Hung-chang",
            "",
            "Li Hung-chang wrote to the legation. Central Files, 761.5411/1-2161.",
        ),
        d("g", "毛泽东致电", "", "毛泽东同志的电报。"),
        d("h", "To be or not to be", "", "A play."),
    ];
    docs[3].date = PartialDate::parse("1961-06-04").ok();
    docs[4].date = PartialDate::parse("1962-10-20").ok();
    docs[3].people = vec!["Nikita Khrushchev".into(), "John F. Kennedy".into()];
    docs[4].language = "fr".into();
    Archive::new(ArchiveMeta::default(), docs)
}

fn ids(a: &Archive, q: &str) -> Vec<String> {
    a.run(&SearchState {
        q: q.into(),
        ..Default::default()
    })
    .docs
    .iter()
    .map(|&n| a.doc(n).id.clone())
    .collect()
}

fn full_ids(a: &Archive, q: &str) -> Vec<String> {
    let out = a.run(&SearchState {
        q: q.into(),
        ..Default::default()
    });
    out.docs[..out.full]
        .iter()
        .map(|&n| a.doc(n).id.clone())
        .collect()
}

#[test]
fn every_word_must_match() {
    let a = fixture();
    assert_eq!(full_ids(&a, "kennan moscow "), ["b"]);
}

#[test]
fn title_match_outranks_body_match() {
    let a = fixture();
    assert_eq!(ids(&a, "telegram "), ["b"]);
    assert_eq!(ids(&a, "economy ")[0], "a");
}

#[test]
fn diacritics_fold_both_ways() {
    let a = fixture();
    assert_eq!(ids(&a, "Asuncion "), ["c"]);
    assert_eq!(ids(&a, "ASUNCIÓN "), ["c"]);
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let a = fixture();
    assert_eq!(ids(&a, "tele"), ["b"]);
    assert!(
        ids(&a, "tele ").is_empty(),
        "a finished word must match whole"
    );
    assert_eq!(full_ids(&a, "sov* econ"), ["a"]);
}

#[test]
fn exact_words_outrank_prefix_and_stemmed_matches() {
    let docs = vec![
        Document {
            id: "prefix".into(),
            title: "Sovietologist".into(),
            ..Default::default()
        },
        Document {
            id: "stem".into(),
            title: "Soviets".into(),
            ..Default::default()
        },
        Document {
            id: "exact".into(),
            title: "Soviet".into(),
            ..Default::default()
        },
    ];
    let a = Archive::new(ArchiveMeta::default(), docs);
    assert_eq!(ids(&a, "soviet"), ["exact", "stem", "prefix"]);
}

#[test]
fn or_not_and_parentheses() {
    let a = fixture();
    let mut or = ids(&a, "asuncion OR telegram ");
    or.sort();
    assert_eq!(or, ["b", "c"]);
    let mut not = ids(&a, "soviet -telegram ");
    not.sort();
    assert_eq!(not, ["a"]);
    assert_eq!(ids(&a, "soviet NOT economy "), ["b"]);
    let mut grouped = ids(&a, "(asuncion OR telegram) soviet ");
    grouped.sort();
    assert_eq!(grouped, ["b"]);
}

#[test]
fn quoted_phrases_need_adjacent_words_in_order() {
    let a = fixture();
    assert_eq!(full_ids(&a, "\"security guarantees\" "), ["d"]);
    assert!(full_ids(&a, "\"guarantees security\" ").is_empty());
    assert_eq!(full_ids(&a, "\"security guarantees\" Berlin "), ["d"]);
    assert_eq!(
        ids(&a, "\"to be or not to be\""),
        ["h"],
        "a phrase of stop words and operators' words"
    );
}

#[test]
fn misspelt_names_are_corrected_and_said_so() {
    let a = fixture();
    let out = a.run(&SearchState::parse("q=Krushchev+"));
    assert_eq!(
        out.docs
            .iter()
            .map(|&n| a.doc(n).id.as_str())
            .collect::<Vec<_>>(),
        ["d"]
    );
    assert_eq!(
        out.corrections,
        [Correction {
            raw: "Krushchev".into(),
            suggestion: "khrushchev".into()
        }]
    );
    let exact = a.run(&SearchState::parse("q=Krushchev+&exact=1"));
    assert!(
        exact.docs.is_empty(),
        "exact=1 searches only what was typed"
    );
}

#[test]
fn stemming_finds_other_forms_ranked_below_the_exact_form() {
    let a = fixture();
    let got = ids(&a, "negotiations ");
    assert_eq!(got, ["e"]);
    let docs = vec![
        Document {
            id: "other".into(),
            title: "They negotiated".into(),
            ..Default::default()
        },
        Document {
            id: "same".into(),
            title: "Negotiations".into(),
            ..Default::default()
        },
    ];
    let b = Archive::new(ArchiveMeta::default(), docs);
    assert_eq!(ids(&b, "negotiations "), ["same", "other"]);
}

#[test]
fn stop_words_are_optional_in_longer_queries() {
    let a = fixture();
    assert_eq!(full_ids(&a, "the long telegram "), ["b"]);
    assert_eq!(full_ids(&a, "telegram of the "), ["b"]);
}

#[test]
fn long_questions_fall_back_to_documents_matching_most_words() {
    let a = fixture();
    let out = a.run(&SearchState::parse("q=kennan+moscow+soviet+conduct+zebra+"));
    assert_eq!(out.full, 0);
    assert_eq!(
        a.doc(out.docs[0]).id,
        "b",
        "the document matching the most words comes first"
    );
    assert!(out.has_partial());
}

#[test]
fn hyphenated_and_run_together_names_meet() {
    let a = fixture();
    for q in ["Hung-chang ", "Hung chang ", "hungchang ", "HUNGCHANG "] {
        assert_eq!(full_ids(&a, q), ["f"], "{q}");
    }
}

#[test]
fn archival_references_find_their_document() {
    let a = fixture();
    assert_eq!(full_ids(&a, "761.5411/1-2161 "), ["f"]);
    assert!(full_ids(&a, "761.5411/1-2162 ").is_empty());
}

#[test]
fn cjk_queries_find_documents_containing_them() {
    let a = fixture();
    assert_eq!(full_ids(&a, "毛泽东"), ["g"]);
    assert_eq!(full_ids(&a, "电报"), ["g"]);
}

#[test]
fn dates_in_words_match_documents_dated_then() {
    let a = fixture();
    assert_eq!(full_ids(&a, "October 1962 "), ["e"]);
    assert_eq!(full_ids(&a, "Berlin 1961 "), ["d"]);
    assert_eq!(full_ids(&a, "1960s ")[..2], ["d", "e"]);
}

#[test]
fn scopes_limit_words_to_a_field() {
    let a = fixture();
    assert_eq!(full_ids(&a, "title:telegram "), ["b"]);
    assert!(full_ids(&a, "title:kennan ").is_empty());
    assert_eq!(full_ids(&a, "person:khrushchev "), ["d"]);
    assert_eq!(full_ids(&a, "lang:fr "), ["e"]);
    assert_eq!(full_ids(&a, "berlin date:1962 "), ["e"]);
    assert_eq!(full_ids(&a, "berlin date:1960..1961 "), ["d"]);
}

#[test]
fn explain_adds_up_to_the_score() {
    let a = fixture();
    for q in ["soviet kennan ", "security guarantees ", "telegram"] {
        let node = parse(q);
        let r = search(
            &a.index,
            a.facts(),
            &node,
            &a.params,
            SearchOptions::default(),
        );
        for h in &r.hits[..r.full] {
            let e = explain(
                &a.index,
                a.facts(),
                &node,
                &a.params,
                SearchOptions::default(),
                h.doc,
            );
            assert!((e.total - h.score).abs() < 1e-3, "{q}: {e} vs {}", h.score);
            assert!(!e.parts.is_empty());
        }
    }
}

#[test]
fn close_words_earn_a_proximity_bonus() {
    let docs = vec![
        d(
            "far",
            "x",
            "",
            "security is one thing and then much later in the text come guarantees",
        ),
        d(
            "near",
            "x",
            "",
            "security guarantees were given and then the text goes on for a while",
        ),
    ];
    let a = Archive::new(ArchiveMeta::default(), docs);
    assert_eq!(ids(&a, "security guarantees "), ["near", "far"]);
}

#[test]
fn edit_distance_counts_transpositions_once() {
    let c = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(edit_distance(&c("dobrinin"), &c("dobrynin"), 2), Some(1));
    assert_eq!(edit_distance(&c("krushchev"), &c("khrushchev"), 2), Some(1));
    assert_eq!(edit_distance(&c("teh"), &c("the"), 1), Some(1));
    assert_eq!(edit_distance(&c("abc"), &c("xyz"), 2), None);
}

// ---- property tests against a brute-force oracle ----

const VOCAB: [&str; 6] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];

fn arb_docs() -> impl Strategy<Value = Vec<Vec<usize>>> {
    proptest::collection::vec(proptest::collection::vec(0usize..6, 0..12), 1..25)
}

#[derive(Debug, Clone)]
enum Q {
    W(usize),
    Phrase(usize, usize),
    And(Box<Q>, Box<Q>),
    Or(Box<Q>, Box<Q>),
    AndNot(Box<Q>, Box<Q>),
}

fn arb_q() -> impl Strategy<Value = Q> {
    let leaf = prop_oneof![
        (0usize..6).prop_map(Q::W),
        (0usize..6, 0usize..6).prop_map(|(a, b)| Q::Phrase(a, b))
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Q::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Q::Or(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Q::AndNot(Box::new(a), Box::new(b))),
        ]
    })
}

fn render(q: &Q) -> String {
    match q {
        Q::W(w) => VOCAB[*w].to_string(),
        Q::Phrase(a, b) => format!("\"{} {}\"", VOCAB[*a], VOCAB[*b]),
        Q::And(a, b) => format!("({} {})", render(a), render(b)),
        Q::Or(a, b) => format!("({} OR {})", render(a), render(b)),
        Q::AndNot(a, b) => format!("({} -({}))", render(a), render(b)),
    }
}

fn oracle(q: &Q, words: &[usize]) -> bool {
    match q {
        Q::W(w) => words.contains(w),
        Q::Phrase(a, b) => words.windows(2).any(|p| p[0] == *a && p[1] == *b),
        Q::And(a, b) => oracle(a, words) && oracle(b, words),
        Q::Or(a, b) => oracle(a, words) || oracle(b, words),
        Q::AndNot(a, b) => oracle(a, words) && !oracle(b, words),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Every returned document matches the query's boolean structure and phrases, and no
    /// matching document is missing.
    #[test]
    fn results_equal_a_brute_force_scan(docs in arb_docs(), q in arb_q()) {
        let documents: Vec<Document> = docs.iter().enumerate().map(|(i, ws)| Document {
            id: i.to_string(),
            title: "doc".into(),
            text: ws.iter().map(|&w| VOCAB[w]).collect::<Vec<_>>().join(" "),
            ..Default::default()
        }).collect();
        let a = Archive::new(ArchiveMeta::default(), documents);
        let text = render(&q) + " ";
        let node = parse(&text);
        let opts = SearchOptions {
            fuzzy: false,
            partial_below: 0,
            ..SearchOptions::default()
        };
        let r = search(&a.index, a.facts(), &node, &a.params, opts);
        let mut got: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
        got.sort_unstable();
        let want: Vec<u32> = docs.iter().enumerate().filter(|(_, ws)| oracle(&q, ws)).map(|(i, _)| i as u32).collect();
        prop_assert_eq!(got, want, "query {}", text);
    }

    /// Any text parses and runs without panicking, and hits are real documents.
    #[test]
    fn any_query_runs(q in "\\PC{0,60}") {
        let a = fixture();
        let out = a.run(&SearchState { q, ..Default::default() });
        prop_assert!(out.docs.iter().all(|&d| (d as usize) < a.len()));
        prop_assert!(out.full <= out.docs.len());
    }
}

/// A rare word with several forms takes the sparse path (few postings in a large archive);
/// each document still gets its best form's score, and explain agrees.
#[test]
fn rare_words_with_several_forms_score_their_best_form() {
    let mut docs: Vec<Document> = (0..300)
        .map(|i| {
            d(
                &format!("filler{i}"),
                "Filler",
                "",
                "nothing to see here at all",
            )
        })
        .collect();
    docs.push(d(
        "t",
        "Negotiations",
        "",
        "negotiated twice, negotiated again",
    ));
    docs.push(d("s", "Other", "They negotiated.", "negotiation"));
    docs.push(d("x", "Negotiated", "", ""));
    let a = Archive::new(ArchiveMeta::default(), docs);
    let (index, p) = (&a.index, &a.params);
    let node = parse("negotiations ");
    let opts = SearchOptions {
        fuzzy: false,
        partial_below: 0,
        ..SearchOptions::default()
    };
    let r = search(index, a.facts(), &node, p, opts);
    // The oracle: per document, the highest weight × idf × BM25F over the word's forms.
    let n = index.doc_count();
    let exact = index.term_id("negotiations").unwrap();
    let mut want: Vec<(u32, f32)> = Vec::new();
    for id in index.same_stem("negotiations") {
        let w = if id == exact { 1.0 } else { p.stem_weight };
        for post in index.postings(id) {
            let s = w
                * crate::ranking::idf(n, index.doc_freq(id))
                * crate::ranking::field_score(
                    p,
                    &post.tf,
                    index.doc_lens(post.doc),
                    index.avg_lens(),
                );
            match want.iter_mut().find(|(d, _)| *d == post.doc) {
                Some(e) => e.1 = e.1.max(s),
                None => want.push((post.doc, s)),
            }
        }
    }
    want.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let got: Vec<(u32, f32)> = r.hits.iter().map(|h| (h.doc, h.score)).collect();
    assert_eq!(got.len(), 3);
    for ((gd, gs), (wd, ws)) in got.iter().zip(&want) {
        assert_eq!(gd, wd);
        assert!((gs - ws).abs() < 1e-5, "{gs} vs {ws}");
        let e = explain(index, a.facts(), &node, p, opts, *gd);
        assert!((e.total - gs).abs() < 1e-5);
    }
}

#[test]
fn a_caller_can_cap_typo_corrections_at_one_edit() {
    let docs = vec![
        d("a", "Abrogation of the treaty", "", ""),
        d("b", "Other", "", "nothing here"),
    ];
    let a = Archive::new(ArchiveMeta::default(), docs);
    let (index, p) = (&a.index, &a.params);
    // "abeogation" is one edit from "abrogation"; "abeogatoin" is two (10 letters allow 2).
    let one = SearchOptions {
        max_edits: 1,
        ..SearchOptions::default()
    };
    let ids = |q: &str, o: SearchOptions| -> Vec<u32> {
        search(index, a.facts(), &parse(q), p, o)
            .hits
            .iter()
            .map(|h| h.doc)
            .collect()
    };
    assert_eq!(ids("abeogation ", one), [0]);
    assert_eq!(ids("abeogatoin ", SearchOptions::default()), [0]);
    assert!(ids("abeogatoin ", one).is_empty());
    let none = SearchOptions {
        max_edits: 0,
        ..SearchOptions::default()
    };
    assert!(ids("abeogation ", none).is_empty());
}

#[test]
fn rank_keys_order_by_score_then_document() {
    let mut v = vec![
        (1.5f32, 7u32),
        (-2.0, 1),
        (0.0, 3),
        (1.5, 2),
        (f32::INFINITY, 9),
        (-0.5, 0),
        (10.25, 4),
    ];
    let mut want = v.clone();
    want.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    v.sort_by_key(|&(s, d)| rank_key(s, d));
    assert_eq!(v, want);
    for &(s, d) in &v {
        assert_eq!(unrank_key(rank_key(s, d)), (s, d));
    }
}
