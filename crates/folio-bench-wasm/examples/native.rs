//! The benchmark engine natively, for profiling (e.g. under `perf record`):
//! `cargo run --profile wasm-bench -p folio-bench-wasm --example native -- CORPUS.jsonl QUERIES.json [ROUNDS]`
//! Builds the index from the JSON Lines corpus (as one JSON array, like `Engine::from_json`),
//! then runs every query of an fts-bench queries file ROUNDS times (default 200).

use std::time::Instant;

use folio_bench_wasm::Core;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = std::fs::read_to_string(&args[0]).expect("corpus");
    let json = format!(
        "[{}]",
        corpus
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(",")
    );
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(200);
    let t = Instant::now();
    let core = Core::from_json(&json).expect("documents");
    println!(
        "build: {} docs in {:.0} ms, heap_bytes {:.1} MB",
        core.doc_count(),
        t.elapsed().as_secs_f64() * 1e3,
        core.heap_bytes() as f64 / 1e6
    );
    let Some(qpath) = args.get(1) else { return };
    let queries: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(qpath).expect("queries")).expect("json");
    for q in queries["queries"].as_array().expect("queries array") {
        let kind = q["type"].as_str().unwrap_or("single");
        let text = q["text"].as_str().unwrap_or("");
        let edits = q["maxEdits"].as_u64().unwrap_or(0) as u32;
        let mut times = Vec::with_capacity(rounds);
        let mut hits = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            hits = core.run(kind, text, edits, 10).1;
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:3} {kind:7} {text:24} {hits:6} hits  median {:8.1} µs  p95 {:8.1} µs",
            q["id"].as_str().unwrap_or(""),
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
}
