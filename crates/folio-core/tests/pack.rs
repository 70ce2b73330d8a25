//! The packed archive answers exactly as the in-memory archive does: random archives and
//! questions (every kind: searches with typos, prefixes, phrases, boolean and field syntax,
//! dates, filters, sorting, paging; documents with their related ones; facets, browse pages,
//! the about page, exports), packed with parts so small that every question crosses many
//! of them; then the 11,026 real FRUS documents with the judged queries. Damaged parts are
//! refused with a typed error, never read.

mod common;

use std::path::PathBuf;

use folio_core::archive::Archive;
use folio_core::ask::{answer, Answer, Question};
use folio_core::browse::BrowseState;
use folio_core::date::PartialDate;
use folio_core::doc_slug::doc_slug;
use folio_core::export::Format;
use folio_core::model::{ArchiveMeta, Document};
use folio_core::pack::read::{answer_complete, is_pack_head, read_head};
use folio_core::pack::write::{write_pack, PackFiles, PackSizes};
use folio_core::pack::{PackError, Part};
use folio_core::url_state::{FacetField, SearchState, Sort};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "treaty",
    "treaties",
    "soviet",
    "moscow",
    "berlin",
    "kennan",
    "telegram",
    "negotiation",
    "negotiations",
    "negotiated",
    "khrushchev",
    "security",
    "guarantee",
    "guarantees",
    "trade",
    "grain",
    "embassy",
    "ambassador",
    "secretary",
    "state",
    "conference",
    "nuclear",
    "the",
    "of",
    "and",
    "missile",
    "missiles",
    "cuba",
    "havana",
    "asunción",
    "hung-chang",
    "1956",
    "761.5411",
    "memorandum",
    "conversation",
    "president",
    "minister",
    "foreign",
    "policy",
];
const PEOPLE: &[&str] = &[
    "George Kennan",
    "Nikita Khrushchev",
    "Dean Rusk",
    "Li Hung-chang",
];
const PLACES: &[&str] = &["Moscow", "Berlin", "Havana", "Peking"];
const SUBJECTS: &[&str] = &["Cold War", "Trade", "Arms control"];

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..max).prop_map(|w| w.join(" "))
}

fn pick(list: &'static [&'static str], max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(list), 0..=max)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn document() -> impl Strategy<Value = Document> {
    (
        (words(5), words(12), words(60)),
        (pick(PEOPLE, 2), pick(PLACES, 2), pick(SUBJECTS, 2)),
        (
            prop::option::of((1890u32..1990, 0u32..13)),
            prop::sample::select(&["", "en", "fr"][..]),
            prop::sample::select(&["", "FRUS 1956", "FRUS 1961"][..]),
        ),
    )
        .prop_map(
            |((title, summary, text), (people, places, subjects), (date, lang, coll))| Document {
                title: if title.is_empty() {
                    "Untitled".into()
                } else {
                    title
                },
                summary,
                text,
                people,
                places,
                subjects,
                date: date.and_then(|(y, m)| {
                    PartialDate::parse(&if m == 0 {
                        format!("{y}")
                    } else {
                        format!("{y}-{m:02}")
                    })
                    .ok()
                }),
                language: lang.into(),
                collection: coll.into(),
                ..Default::default()
            },
        )
}

fn corpus() -> impl Strategy<Value = Vec<Document>> {
    prop::collection::vec(document(), 1..40).prop_map(|mut docs| {
        for (i, d) in docs.iter_mut().enumerate() {
            d.id = format!("doc {i}/é");
        }
        docs
    })
}

/// A word as a reader might type it: whole, cut short, misspelt, starred or scoped.
fn query_word() -> impl Strategy<Value = String> {
    (
        prop::sample::select(WORDS),
        0u8..12,
        any::<prop::sample::Index>(),
    )
        .prop_map(|(w, how, at)| {
            let chars: Vec<char> = w.chars().collect();
            let at = at.index(chars.len());
            match how {
                // Typos anywhere: a character changed, dropped, added, or swapped with the next.
                8 => chars
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| if i == at { 'x' } else { c })
                    .collect(),
                9 => chars
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != at)
                    .map(|(_, &c)| c)
                    .collect(),
                10 => chars
                    .iter()
                    .enumerate()
                    .flat_map(|(i, &c)| if i == at { vec!['e', c] } else { vec![c] })
                    .collect(),
                11 if at + 1 < chars.len() => {
                    let mut c = chars.clone();
                    c.swap(at, at + 1);
                    c.into_iter().collect()
                }
                1 if chars.len() > 3 => chars[..3].iter().collect(),
                2 if chars.len() > 4 => {
                    let mut c = chars.clone();
                    c.swap(1, 2);
                    c.into_iter().collect()
                }
                3 if chars.len() > 5 => {
                    let mut c = chars.clone();
                    c.remove(2);
                    c.into_iter().collect()
                }
                4 => format!(
                    "{}*",
                    &w[..w.char_indices().nth(2).map_or(w.len(), |x| x.0)]
                ),
                5 => format!("title:{w}"),
                6 => format!("-{w}"),
                _ => w.to_string(),
            }
        })
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(query_word(), 0..4).prop_map(|w| w.join(" ")),
        (prop::sample::select(WORDS), prop::sample::select(WORDS))
            .prop_map(|(a, b)| format!("\"{a} {b}\"")),
        (query_word(), query_word()).prop_map(|(a, b)| format!("{a} OR {b}")),
        (query_word(), 1890u32..1990).prop_map(|(a, y)| format!("{a} date:{y}..{}", y + 20)),
        prop::sample::select(PEOPLE).prop_map(|p| format!("person:\"{p}\"")),
    ]
}

fn state() -> impl Strategy<Value = SearchState> {
    (
        query(),
        (1usize..4, prop::sample::select(&[10usize, 20][..])),
        prop::sample::select(&[Sort::Relevance, Sort::DateAsc, Sort::DateDesc, Sort::Title][..]),
        prop::option::of(prop::sample::select(SUBJECTS)),
        prop::option::of(1900u32..1980),
        any::<bool>(),
    )
        .prop_map(
            |(q, (page, per_page), sort, subject, from, exact)| SearchState {
                q,
                page,
                per_page,
                sort,
                filters: subject
                    .map(|s| vec![(FacetField::Subjects, s.to_string())])
                    .unwrap_or_default(),
                from: from.map(|y| y.to_string()),
                exact,
                ..Default::default()
            },
        )
}

fn question(docs: usize) -> impl Strategy<Value = Question> {
    let field = prop::sample::select(&FacetField::ALL[..]);
    prop_oneof![
        4 => state().prop_map(Question::Search),
        2 => (0..docs, state()).prop_map(|(n, from)| Question::Document {
            slug: doc_slug(&format!("doc {n}/é")),
            from,
        }),
        1 => (state(), field.clone()).prop_map(|(state, field)| Question::Facet { state, field }),
        1 => field.prop_map(|field| Question::Browse { field, state: BrowseState::default() }),
        1 => Just(Question::About),
        1 => state().prop_map(|state| Question::Export {
            state,
            format: Format::Csv,
            site_url: "https://example.org/folio/".into(),
        }),
    ]
}

/// Parts this small put nearly every word, document and stem in a part of its own.
const TINY: PackSizes = PackSizes {
    dict: 24,
    stems: 20,
    lengths: 30,
    postings: 40,
    records: 300,
};

fn packed(files: &PackFiles) -> Archive {
    assert!(is_pack_head(&files.head_json), "the head says what it is");
    Archive::from_pack(read_head(&files.head_json).unwrap()).unwrap()
}

thread_local! {
    /// Bytes fetched by kind of part (the name's first word), for the report.
    static BY_KIND: std::cell::RefCell<std::collections::BTreeMap<String, usize>> =
        Default::default();
    /// Each part's gzip size (by name), once known.
    static GZIP: std::cell::RefCell<std::collections::HashMap<String, usize>> =
        Default::default();
}

/// `bytes` gzipped (level 6, as a static host does), in bytes.
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(bytes).unwrap();
    z.finish().unwrap().len()
}

/// Asks `packed` until complete, reading parts from `files`; counts the bytes fetched.
fn ask(packed: &mut Archive, files: &PackFiles, q: &Question, fetched: &mut usize) -> Answer {
    answer_complete(packed, q, &mut |file| {
        let bytes = files
            .part(file)
            .expect("the head names only parts that were written");
        *fetched += bytes.len();
        let kind = file.split('-').next().unwrap_or("").to_string();
        let gz =
            GZIP.with_borrow_mut(|g| *g.entry(file.to_string()).or_insert_with(|| gzip_len(bytes)));
        BY_KIND.with_borrow_mut(|k| {
            *k.entry(kind).or_default() += bytes.len();
            *k.entry("gzip".into()).or_default() += gz;
        });
        Ok(bytes.to_vec())
    })
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48)
    ))]

    /// Every question, asked of a fresh packed archive and of one that has already answered
    /// others (parts from earlier questions must not change the answer), is answered exactly
    /// as the in-memory archive answers it.
    #[test]
    fn a_packed_archive_answers_every_question_as_the_archive_in_memory_does(
        docs in corpus(),
        questions in prop::collection::vec(question(40), 1..8),
        tiny in any::<bool>(),
    ) {
        let memory = Archive::new(ArchiveMeta::default(), docs);
        let files = write_pack(&memory, &Default::default(), &if tiny { TINY } else { PackSizes::default() });
        let mut warm = packed(&files);
        for q in &questions {
            let expected = answer(&memory, q);
            let mut fetched = 0;
            let mut cold = packed(&files);
            prop_assert_eq!(&ask(&mut cold, &files, q, &mut fetched), &expected, "cold: {:?}", q);
            prop_assert_eq!(&ask(&mut warm, &files, q, &mut fetched), &expected, "warm: {:?}", q);
        }
    }
}

fn sample() -> Archive {
    let docs = (0..30)
        .map(|i| Document {
            id: format!("d{i}"),
            title: format!("Telegram {i} on the treaty"),
            text: "The ambassador discussed the treaty negotiations in Moscow. ".repeat(i % 5 + 1),
            ..Default::default()
        })
        .collect();
    Archive::new(ArchiveMeta::default(), docs)
}

#[test]
fn the_same_archive_packs_to_the_same_bytes() {
    let a = write_pack(&sample(), &Default::default(), &TINY);
    let b = write_pack(&sample(), &Default::default(), &TINY);
    assert_eq!(a.head_json, b.head_json);
    assert_eq!(a.parts, b.parts);
    assert!(a.parts.len() > 20, "tiny parts: {}", a.parts.len());
}

#[test]
fn a_damaged_missing_or_foreign_part_is_refused_with_its_name() {
    let memory = sample();
    let files = write_pack(&memory, &Default::default(), &TINY);
    let q = Question::Search(SearchState {
        q: "treaty moscow".into(),
        ..Default::default()
    });
    type Damage<'a> = &'a dyn Fn(&[u8]) -> Result<Vec<u8>, PackError>;
    let tamper = |f: Damage| {
        let mut a = packed(&files);
        answer_complete(&mut a, &q, &mut |file| {
            let bytes = files.part(file).unwrap();
            if file.starts_with("post-") {
                f(bytes)
            } else {
                Ok(bytes.to_vec())
            }
        })
    };
    let flipped = tamper(&|b| {
        let mut v = b.to_vec();
        let last = v.len() - 1;
        v[last] ^= 1;
        Ok(v)
    });
    assert!(
        matches!(&flipped, Err(PackError::Corrupt { file, .. }) if file.starts_with("post-")),
        "{flipped:?}"
    );
    let truncated = tamper(&|b| Ok(b[..b.len() / 2].to_vec()));
    assert!(
        matches!(truncated, Err(PackError::Corrupt { .. })),
        "{truncated:?}"
    );
    let html = tamper(&|_| Ok(b"<!doctype html><title>404</title>".to_vec()));
    match html {
        Err(PackError::Corrupt { why, .. }) => assert!(why.contains("HTML"), "{why}"),
        other => panic!("{other:?}"),
    }
    let missing = tamper(&|_| {
        Err(PackError::Fetch {
            file: "post-x".into(),
            why: "HTTP 404".into(),
        })
    });
    assert!(matches!(missing, Err(PackError::Fetch { .. })));
    // A part of another archive, even of the right kind, is not this part.
    let other = write_pack(
        &Archive::new(
            ArchiveMeta::default(),
            vec![Document {
                id: "x".into(),
                title: "treaty".into(),
                ..Default::default()
            }],
        ),
        &Default::default(),
        &TINY,
    );
    let foreign = other
        .parts
        .iter()
        .find(|(n, _)| n.starts_with("post-"))
        .unwrap()
        .1
        .clone();
    let r = tamper(&|_| Ok(foreign.clone()));
    assert!(matches!(r, Err(PackError::Corrupt { .. })), "{r:?}");
    // After a refused part the archive still answers once the part comes right.
    let mut a = packed(&files);
    let _ = answer_complete(&mut a, &q, &mut |_| {
        Err(PackError::Fetch {
            file: "x".into(),
            why: "offline".into(),
        })
    });
    let mut fetched = 0;
    assert_eq!(ask(&mut a, &files, &q, &mut fetched), answer(&memory, &q));
}

#[test]
fn a_head_that_is_not_one_is_refused() {
    for bad in [
        &b"{\"format\":\"folio-bundle\",\"version\":1,\"documents\":[]}"[..],
        b"<!doctype html>",
        b"{\"format\":\"folio-pack\",\"version\":99}",
        b"",
    ] {
        assert!(read_head(bad).is_err(), "{}", String::from_utf8_lossy(bad));
    }
    assert!(!is_pack_head(b"{\"format\":\"folio-bundle\"}"));
    let mut files = write_pack(&sample(), &Default::default(), &TINY);
    files.head.postings[0].file = "../../secrets.bin".into();
    let json = serde_json::to_vec(&files.head).unwrap();
    assert!(matches!(read_head(&json), Err(PackError::Head(_))));
    files.head.postings[0].file = files.head.postings[1].file.clone();
    files.head.entries.pop();
    let json = serde_json::to_vec(&files.head).unwrap();
    assert!(read_head(&json).is_err(), "entries and lengths disagree");
    let _ = Part::Dict(0);
}

fn real_corpus() -> Option<Vec<Document>> {
    let mut docs = common::load_corpus(&common::corpus_dir())?;
    docs.extend(common::load_corpus(&PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus-more"
    )))?);
    Some(docs)
}

#[derive(serde::Deserialize)]
struct Judged {
    query: String,
}

/// All 11,026 real documents, every judged query (as typed, as the second page, sorted by
/// date, with a document opened from it): the same answers packed and in memory. Prints
/// what each question fetched. Slow unoptimised (minutes): `.ci/test` runs it with
/// `cargo test --release -p folio-core --test pack -- --ignored`.
#[test]
#[ignore = "release only: cargo test --release -p folio-core --test pack -- --ignored"]
fn the_real_corpus_packed_answers_the_judged_queries_as_in_memory() {
    let Some(docs) = real_corpus() else {
        eprintln!("skipped: ../shared/corpus or ../shared/corpus-more is absent");
        return;
    };
    let n = docs.len();
    let started = std::time::Instant::now();
    let memory = Archive::new(ArchiveMeta::default(), docs);
    let files = write_pack(&memory, &Default::default(), &PackSizes::default());
    let queries: Vec<Judged> = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/relevance/queries.json"
        ))
        .unwrap(),
    )
    .unwrap();
    eprintln!(
        "{n} documents: head {} bytes, {} parts, {} bytes of parts",
        files.head_json.len(),
        files.parts.len(),
        files.head.part_bytes
    );
    let fresh = packed(&files);
    let mut warm = fresh.clone();
    let mut cold = fresh.clone();
    let mut per_query = Vec::new();
    eprintln!("packed in {:?}", started.elapsed());
    for j in &queries {
        let first = SearchState {
            q: j.query.clone(),
            ..Default::default()
        };
        let questions = [
            Question::Search(first.clone()),
            Question::Search(SearchState {
                page: 2,
                ..first.clone()
            }),
            Question::Search(SearchState {
                sort: Sort::DateAsc,
                ..first.clone()
            }),
            Question::Document {
                slug: doc_slug(&memory.doc(n as u32 / 2).id),
                from: first.clone(),
            },
        ];
        for (k, q) in questions.iter().enumerate() {
            let expected = answer(&memory, q);
            if k == 0 {
                let mut fetched = 0;
                BY_KIND.with_borrow_mut(|k| k.clear());
                cold.clone_from(&fresh);
                assert_eq!(ask(&mut cold, &files, q, &mut fetched), expected, "{q:?}");
                let gz = BY_KIND.with_borrow(|k| k.get("gzip").copied().unwrap_or(0));
                per_query.push((fetched, gz));
                BY_KIND.with_borrow(|k| eprintln!("{:?}: {fetched} {k:?}", j.query));
            }
            let mut again = 0;
            assert_eq!(
                ask(&mut warm, &files, q, &mut again),
                expected,
                "warm {q:?}"
            );
        }
    }
    eprintln!("asked in {:?}", started.elapsed());
    let head_gz = gzip_len(&files.head_json);
    eprintln!("head: {} bytes, {head_gz} gzip", files.head_json.len());
    for (label, mut v) in [
        ("raw", per_query.iter().map(|p| p.0).collect::<Vec<_>>()),
        ("gzip", per_query.iter().map(|p| p.1).collect()),
    ] {
        v.sort_unstable();
        eprintln!(
            "first page of a judged query from cold, {label}: median {} bytes, p95 {}, max {}",
            v[v.len() / 2],
            v[v.len() * 95 / 100],
            v[v.len() - 1]
        );
    }
}

/// Damage that keeps a part's look: a byte changed, the end cut, bytes added.
fn damaged(bytes: &[u8], at: usize, how: u8, noise: &[u8]) -> Vec<u8> {
    let mut v = bytes.to_vec();
    let at = if v.is_empty() { 0 } else { at % v.len() };
    match how % 3 {
        0 if !v.is_empty() => v[at] ^= noise.first().copied().unwrap_or(1).max(1),
        1 => v.truncate(at),
        _ => v.splice(at..at, noise.iter().copied()).for_each(drop),
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    /// The part readers themselves (past the hash check, as if a damaged file had the right
    /// name): any damage is an error or a part that reads as something, never a panic, and
    /// the index answers whatever it holds without panicking.
    #[test]
    fn damaged_parts_never_panic_the_readers(
        pick in any::<prop::sample::Index>(),
        at in any::<usize>(),
        how in any::<u8>(),
        noise in prop::collection::vec(any::<u8>(), 0..12),
        words in prop::collection::vec(prop::sample::select(WORDS), 1..4),
    ) {
        use folio_core::pack::read::all_parts;
        use folio_core::pack::terms::PackedTerms;
        let files = write_pack(&sample(), &Default::default(), &TINY);
        let parts = all_parts(&files.head);
        let (part, file) = pick.get(&parts).clone();
        let bytes = damaged(files.part(&file).unwrap(), at, how, &noise);
        if matches!(part, Part::Records(_)) {
            let r = serde_json::from_slice::<folio_core::pack::format::RecordsFile>(&bytes);
            let _ = r;
            return Ok(());
        }
        let mut terms = PackedTerms::new(&files.head).unwrap();
        let _ = terms.add(part, &file, &bytes);
        for (p, f) in &parts {
            if !matches!(p, Part::Records(_)) && *p != part {
                let _ = terms.add(*p, f, files.part(f).unwrap());
            }
        }
        for w in &words {
            let _ = terms.term_id(w);
            let _ = terms.prefix_range(&w[..2]);
            let _ = terms.same_stem(w);
            for &id in terms.terms_of_len(w.chars().count()) {
                let _ = (terms.term(id as usize), terms.mask(id as usize), terms.doc_freq(id as usize));
            }
        }
        for id in 0..terms.term_count() + 2 {
            let _ = terms.postings(id);
        }
        // And through the archive: the damaged part is refused by its name.
        let mut a = packed(&files);
        prop_assert!(a.add_part(part, &bytes).is_err() || bytes == files.part(&file).unwrap());
    }

    /// A damaged head is refused or read, never a panic.
    #[test]
    fn damaged_heads_never_panic(at in any::<usize>(), how in any::<u8>(), noise in prop::collection::vec(any::<u8>(), 0..12)) {
        let files = write_pack(&sample(), &Default::default(), &TINY);
        let bytes = damaged(&files.head_json, at, how, &noise);
        if let Ok(head) = read_head(&bytes) {
            let _ = Archive::from_pack(head);
        }
    }
}
