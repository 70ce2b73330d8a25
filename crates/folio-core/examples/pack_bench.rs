//! What a packed archive costs, natively: the time to pack, the head and parts, and for each
//! query the bytes a reader fetches from cold (raw and gzip), nothing for the same query
//! again, a document page, and the query time once the parts are held against the archive
//! in memory. Numbers for the README's "Packed archives" table.
//!
//!   cargo run --release -p folio-core --example pack_bench -- CORPUS.jsonl... [--queries FILE]
//!       [--update N]
//!
//! `--update N`: also packs the archive without its last N documents, and says how much of
//! the whole archive's pack a reader holding that earlier version would download again (the
//! parts whose names are new).
//!
//! CORPUS: JSON Lines, one document a line (FRUS, or ../shared/bench's synthetic corpora).
//! FILE: a JSON list of queries: tests/relevance/queries.json (`query`) or
//! ../shared/bench/queries/*.json (`queries[].text`); the judged queries by default.

use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

use folio_core::archive::Archive;
use folio_core::ask::{answer, Question};
use folio_core::doc_slug::doc_slug;
use folio_core::model::{ArchiveMeta, Document};
use folio_core::pack::read::{answer_complete, read_head};
use folio_core::pack::write::{write_pack, PackFiles, PackSizes};
use folio_core::url_state::SearchState;
use serde_json::Value;

fn gzip(bytes: &[u8]) -> usize {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(bytes).unwrap();
    z.finish().unwrap().len()
}

fn read_docs(path: &str) -> Vec<Document> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let mut v: Value = serde_json::from_str(l).ok()?;
            if let Value::Object(m) = &mut v {
                for k in ["date", "date_end"] {
                    if m.get(k)
                        .is_some_and(|x| x.as_str().is_some_and(|s| s.trim().is_empty()))
                    {
                        m.remove(k);
                    }
                }
            }
            serde_json::from_value(v).ok()
        })
        .collect()
}

fn read_queries(path: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let list = v.get("queries").cloned().unwrap_or(v);
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q.get("query").or(q.get("text")).and_then(Value::as_str))
        .map(String::from)
        .collect()
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentile(v: &mut [usize], p: usize) -> usize {
    v.sort_unstable();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut queries_file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/relevance/queries.json"
    )
    .to_string();
    let mut corpora = Vec::new();
    let mut update = 0usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--queries" {
            queries_file = it.next().expect("--queries FILE").clone();
        } else if a == "--update" {
            update = it.next().and_then(|n| n.parse().ok()).expect("--update N");
        } else {
            corpora.push(a.clone());
        }
    }
    let docs: Vec<Document> = corpora.iter().flat_map(|c| read_docs(c)).collect();
    let n = docs.len();
    let queries = read_queries(&queries_file);
    let earlier = (update > 0 && update < n).then(|| {
        let a = Archive::new(ArchiveMeta::default(), docs[..n - update].to_vec());
        write_pack(&a, &Default::default(), &PackSizes::default())
    });
    let t = Instant::now();
    let memory = Archive::new(ArchiveMeta::default(), docs);
    let indexed = t.elapsed();
    let t = Instant::now();
    let files: PackFiles = write_pack(&memory, &Default::default(), &PackSizes::default());
    let packed_in = t.elapsed();
    let gz: HashMap<&str, usize> = files
        .parts
        .iter()
        .map(|(n, b)| (n.as_str(), gzip(b)))
        .collect();
    let head_gz = gzip(&files.head_json);
    let part_gz: usize = gz.values().sum();
    let largest = files.parts.iter().map(|(_, b)| b.len()).max().unwrap_or(0);
    println!(
        "{n} documents; index {indexed:.1?}, pack {packed_in:.1?}; peak memory {:.0} MiB",
        peak_rss_mib()
    );
    println!(
        "head {} KB ({} KB gzip); {} parts, {} MB ({} MB gzip), largest {} KB",
        files.head_json.len() >> 10,
        head_gz >> 10,
        files.parts.len(),
        files.head.part_bytes >> 20,
        part_gz >> 20,
        largest >> 10
    );
    if let Some(earlier) = &earlier {
        let had: std::collections::HashSet<&str> =
            earlier.parts.iter().map(|(n, _)| n.as_str()).collect();
        let new: Vec<&(String, Vec<u8>)> = files
            .parts
            .iter()
            .filter(|(n, _)| !had.contains(n.as_str()))
            .collect();
        let new_gz: usize = new.iter().map(|(n, _)| gz[n.as_str()]).sum();
        println!(
            "adding the last {update} documents: {} of {} parts new, {} of {} MB gzip ({:.1}%), plus the head",
            new.len(),
            files.parts.len(),
            new_gz >> 20,
            part_gz >> 20,
            100.0 * new_gz as f64 / part_gz.max(1) as f64
        );
    }
    let fresh = Archive::from_pack(read_head(&files.head_json).unwrap()).unwrap();
    let mut warm = fresh.clone();
    let (mut cold_raw, mut cold_gz, mut again, mut doc_gz) = (vec![], vec![], vec![], vec![]);
    let (mut mem_us, mut warm_us) = (vec![], vec![]);
    for (i, q) in queries.iter().enumerate() {
        let question = Question::Search(SearchState {
            q: q.clone(),
            ..Default::default()
        });
        let mut cold = fresh.clone();
        let (mut raw, mut z) = (0, 0);
        let got = answer_complete(&mut cold, &question, &mut |f| {
            let b = files.part(f).unwrap();
            raw += b.len();
            z += gz[f];
            Ok(b.to_vec())
        })
        .unwrap();
        assert_eq!(got, answer(&memory, &question), "{q}");
        cold_raw.push(raw);
        cold_gz.push(z);
        let mut more = 0;
        answer_complete(&mut cold, &question, &mut |f| {
            more += gz[f];
            Ok(files.part(f).unwrap().to_vec())
        })
        .unwrap();
        again.push(more);
        // A document page opened from this search (its record, and its search's parts).
        let slug = doc_slug(&memory.doc((i * 7919 % n) as u32).id);
        let mut d = 0;
        answer_complete(
            &mut cold,
            &Question::Document {
                slug,
                from: SearchState {
                    q: q.clone(),
                    ..Default::default()
                },
            },
            &mut |f| {
                d += gz[f];
                Ok(files.part(f).unwrap().to_vec())
            },
        )
        .unwrap();
        doc_gz.push(d);
        // Query time, parts held, against the archive in memory.
        answer_complete(&mut warm, &question, &mut |f| {
            Ok(files.part(f).unwrap().to_vec())
        })
        .unwrap();
        let reps = 5;
        let t = Instant::now();
        for _ in 0..reps {
            std::hint::black_box(answer(&memory, &question));
        }
        mem_us.push(t.elapsed().as_micros() as usize / reps);
        let t = Instant::now();
        for _ in 0..reps {
            std::hint::black_box(answer(&warm, &question));
        }
        warm_us.push(t.elapsed().as_micros() as usize / reps);
    }
    let kb = |b: usize| format!("{:.0} KB", b as f64 / 1024.0);
    println!("{} queries ({queries_file})", queries.len());
    println!(
        "first results page from cold: median {} gzip ({} raw), p95 {} gzip, max {}",
        kb(percentile(&mut cold_gz, 50)),
        kb(percentile(&mut cold_raw, 50)),
        kb(percentile(&mut cold_gz, 95)),
        kb(percentile(&mut cold_gz, 100))
    );
    println!(
        "the same query again: max {}",
        kb(percentile(&mut again, 100))
    );
    println!(
        "a document page opened from the results: median {} gzip, p95 {}",
        kb(percentile(&mut doc_gz, 50)),
        kb(percentile(&mut doc_gz, 95))
    );
    println!(
        "answer time (search page, facets, timeline, hits), parts held: median {} µs packed, {} µs in memory",
        percentile(&mut warm_us, 50),
        percentile(&mut mem_us, 50)
    );
}
