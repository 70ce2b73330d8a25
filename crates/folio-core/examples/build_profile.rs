//! Index build only, for profiling: parses a JSONL corpus (default: ../shared/corpus), then
//! times `IndexBuilder::add` over every document and `freeze`, and prints a digest of the
//! frozen index (every term, posting, position, stem group, length class and mask) so two
//! versions of the builder can be shown to produce the same index.
//!
//! `cargo run --release -p folio-core --example build_profile [-- --runs N] [FILES...]`
//!
//! Under callgrind, collect only the build (or `build_profile::add_all`,
//! `build_profile::freeze` for one part):
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='build_profile::build'
//!  target/release/examples/build_profile --runs 1 --no-digest`

use std::time::Instant;

use folio_core::bundle::parse_bundle;
use folio_core::index::{Index, IndexBuilder};
use folio_core::model::Document;
use folio_core::ranking::FIELD_COUNT;

fn main() {
    let mut runs = 5usize;
    let mut digest = true;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--no-digest" => digest = false,
            _ => files.push(std::path::PathBuf::from(a)),
        }
    }
    if files.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
        files = std::fs::read_dir(dir)
            .expect("corpus dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
    }
    let mut lines = Vec::new();
    for p in &files {
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
    let docs = parse_bundle(bundle.as_bytes()).expect("bundle").documents;
    let mut adds = Vec::new();
    let mut freezes = Vec::new();
    let mut index = Index::default();
    for _ in 0..runs.max(1) {
        let (i, add_ms, freeze_ms) = build(&docs);
        adds.push(add_ms);
        freezes.push(freeze_ms);
        index = i;
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut totals: Vec<f64> = adds.iter().zip(&freezes).map(|(a, f)| a + f).collect();
    println!(
        "{} docs, {} runs: median add {:.0} ms, freeze {:.0} ms, build {:.0} ms; \
         index heap {:.2} MB, {} terms",
        docs.len(),
        adds.len(),
        med(&mut adds),
        med(&mut freezes),
        med(&mut totals),
        index.heap_bytes() as f64 / 1e6,
        index.term_count()
    );
    if digest {
        println!("digest {:016x}", fingerprint(&index));
    }
}

/// One build, timed in two parts.
#[inline(never)]
fn build(docs: &[Document]) -> (Index, f64, f64) {
    let t = Instant::now();
    let b = add_all(docs);
    let add_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let index = freeze(b);
    (index, add_ms, t.elapsed().as_secs_f64() * 1000.0)
}

/// The adding part, a function of its own for profilers.
#[inline(never)]
fn add_all(docs: &[Document]) -> IndexBuilder {
    let mut b = IndexBuilder::new();
    for d in docs {
        b.add(d);
    }
    b
}

/// The freezing part, a function of its own for profilers.
#[inline(never)]
fn freeze(b: IndexBuilder) -> Index {
    b.freeze()
}

/// FNV-1a over everything the index answers.
fn fingerprint(index: &Index) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    };
    for id in 0..index.term_count() {
        let term = index.term(id);
        eat(term.as_bytes());
        eat(&index.mask(id).to_le_bytes());
        eat(&(index.doc_freq(id) as u32).to_le_bytes());
        let mut it = index.postings(id);
        while let Some(p) = it.next() {
            eat(&p.doc.to_le_bytes());
            for tf in p.tf {
                eat(&tf.to_le_bytes());
            }
            for (f, pos) in it.positions() {
                eat(&[f]);
                eat(&pos.to_le_bytes());
            }
        }
        for s in index.same_stem(term) {
            eat(&(s as u32).to_le_bytes());
        }
    }
    for len in 0..64 {
        for &id in index.terms_of_len(len) {
            eat(&id.to_le_bytes());
        }
    }
    for d in 0..index.doc_count() as u32 {
        for f in 0..FIELD_COUNT {
            eat(&index.doc_lens(d)[f].to_le_bytes());
        }
    }
    for a in index.avg_lens() {
        eat(&a.to_bits().to_le_bytes());
    }
    h
}
