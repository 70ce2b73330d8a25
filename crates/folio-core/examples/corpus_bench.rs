//! Native timing of index build and queries over a JSONL corpus (default: ../shared/corpus).
//! `cargo run --release -p folio-core --example corpus_bench [DIR_OR_FILE...]`
//! A quick developer check; the browser numbers come from the bench adapter.

use std::time::Instant;

use folio_core::archive::Archive;
use folio_core::bundle::parse_bundle;
use folio_core::url_state::SearchState;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let paths: Vec<std::path::PathBuf> = if args.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        v.sort();
        v
    } else {
        args.iter().map(Into::into).collect()
    };
    let mut lines = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("read");
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    let bundle = format!(
        "{{\"format\":\"folio-bundle\",\"version\":1,\"documents\":[{}]}}",
        lines.join(",")
    );
    // The app's parse stage, step by step: text (UTF-8, lone surrogates), then the outline.
    let t = Instant::now();
    let text = folio_core::bundle::bundle_text(bundle.as_bytes()).expect("text");
    let text_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let reader = folio_core::bundle::BundleReader::new(&text).expect("reader");
    println!(
        "parse stage: text {text_ms:.1} ms, outline {:.1} ms ({} documents)",
        t.elapsed().as_secs_f64() * 1000.0,
        reader.total()
    );
    drop(reader);
    let t = Instant::now();
    let loaded = parse_bundle(bundle.as_bytes()).expect("bundle");
    let parse_ms = t.elapsed().as_secs_f64() * 1000.0;
    let n = loaded.documents.len();
    let t = Instant::now();
    let toks = tokenize_only(&loaded.documents);
    println!(
        "tokenize text only: {toks} tokens in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let mut b = folio_core::index::IndexBuilder::new();
    for d in &loaded.documents {
        b.add(d);
    }
    println!("add: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let _ = b.freeze();
    println!("freeze: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let archive = Archive::new(loaded.archive, loaded.documents);
    let build_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("{n} docs, {:.1} MB JSON: parse {parse_ms:.0} ms, index {build_ms:.0} ms, index heap {:.1} MB, {} terms",
        bundle.len() as f64 / 1e6, archive.index.heap_bytes() as f64 / 1e6, archive.index.term_count());
    // What the app does once the index is built: the first page of results, its facets and
    // its timeline, over every document (no query yet).
    let t = Instant::now();
    let state = SearchState::default();
    let out = archive.run(&state);
    let run_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let base = archive.run(&state.clear_filters()).docs;
    let facets = archive.facet_counts(&base, &state);
    let facets_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let tl = folio_core::timeline::timeline(out.docs.iter().map(|&n| archive.doc(n)), (None, None));
    println!(
        "first view: run {run_ms:.1} ms, facets {facets_ms:.1} ms ({} values), timeline {:.1} ms ({} bars)",
        facets.iter().map(|f| f.values.len()).sum::<usize>(),
        t.elapsed().as_secs_f64() * 1000.0,
        tl.bars.len()
    );
    let queries = ["Khrushchev released the two RB-47 pilots shot down over the Black Sea", "apostolic delegate Maltera given his passports and expelled from Brazil in twenty-four hours", 
        "soviet",
        "khrushchev",
        "berlin crisis",
        "\"united states\"",
        "\"security council\" soviet",
        "sov",
        "nicarag",
        "krushchev",
        "dobrinin",
        "guarantees security ukraine",
        "761.5411/1-2161",
        "negotiations",
        "October 1962 Cuba",
        "title:telegram",
        "the",
        "treaty OR convention -germany",
    ];
    // For profilers (valgrind --tool=callgrind): run one query many times and stop.
    if let Ok(q) = std::env::var("FOLIO_PROFILE_Q") {
        let state = SearchState {
            q,
            ..Default::default()
        };
        let n: usize = std::env::var("FOLIO_REPEAT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(100);
        let hits: usize = (0..n).map(|_| archive.run(&state).docs.len()).sum();
        println!("{n} runs, {hits} hits in all");
        return;
    }
    if let Ok(q) = std::env::var("FOLIO_Q") {
        let out = archive.run(&SearchState {
            q: q.clone(),
            ..Default::default()
        });
        println!(
            "{q}: {} hits, {} full, corrections {:?}",
            out.docs.len(),
            out.full,
            out.corrections
        );
        for &d in out.docs.iter().take(12) {
            let doc = archive.doc(d);
            println!(
                "  {} | {} | {}",
                doc.id,
                doc.title.chars().take(70).collect::<String>(),
                archive.explain(&q, d).to_string().replace('\n', " ; ")
            );
        }
        return;
    }
    for q in queries {
        let state = SearchState {
            q: q.to_string(),
            ..Default::default()
        };
        let mut times = Vec::new();
        let mut count = 0;
        for _ in 0..30 {
            let t = Instant::now();
            let out = archive.run(&state);
            times.push(t.elapsed().as_secs_f64() * 1e6);
            count = out.docs.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{q:40} {count:5} hits  median {:7.0} µs  p95 {:7.0} µs",
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
}

fn tokenize_only(docs: &[folio_core::model::Document]) -> usize {
    let mut n = 0;
    for d in docs {
        folio_core::analyzer::for_each_token(&d.text, |_, _, _, _| n += 1);
    }
    n
}
