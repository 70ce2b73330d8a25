//! Relevance on the real corpus: Folio against MiniSearch, on the same judged queries and the
//! same documents.
//!
//! `tests/relevance/queries.json` holds queries a historian would type (people, places, topics,
//! misspellings, remembered title words, dates, archival file numbers, long half-remembered
//! questions), each with the documents judged relevant by reading the corpus.
//! `tests/relevance/minisearch-results.json` holds MiniSearch's top 10 for each, written by
//! `node tests/relevance/minisearch.mjs`. This test builds Folio's archive from the same
//! corpus, takes Folio's top 10, scores both sides with the same two measures — recall@10
//! (the share of the relevant documents in the top 10) and MRR (1 / rank of the first relevant
//! document in the top 10, 0 when there is none) — prints them side by side per category, and
//! requires Folio to do at least as well as MiniSearch overall and on misspellings.
//!
//! `cargo test -p folio-core --test relevance -- --nocapture` shows the tables. When the
//! corpus is not at `../../../shared/corpus` the test says so and passes without running.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fs;

use folio_core::archive::Archive;
use folio_core::model::ArchiveMeta;
use folio_core::url_state::SearchState;
use serde::Deserialize;

/// How many results count: the first page.
const TOP: usize = 10;

/// Scores within this of each other are equal (both sides are means of small fractions).
const EPSILON: f64 = 1e-9;

const RELEVANCE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/relevance");

/// The categories whose scores Folio must match or beat, beside the overall scores.
const GUARDED_CATEGORIES: [&str; 1] = ["misspelling"];

/// One judged query of `queries.json`.
#[derive(Debug, Deserialize)]
struct JudgedQuery {
    id: String,
    category: String,
    query: String,
    relevant: Vec<String>,
}

/// The part of `minisearch-results.json` this test reads.
#[derive(Debug, Deserialize)]
struct MiniSearchResults {
    version: String,
    documents: usize,
    queries: Vec<MiniSearchQuery>,
}

#[derive(Debug, Deserialize)]
struct MiniSearchQuery {
    id: String,
    query: String,
    top10: Vec<String>,
}

/// One query's measures.
#[derive(Debug, Clone, Copy, Default)]
struct Scores {
    recall: f64,
    reciprocal_rank: f64,
}

/// Recall@10 and reciprocal rank of `top` (best first) against the judged `relevant` ids.
fn score(relevant: &[String], top: &[String]) -> Scores {
    let relevant: HashSet<&str> = relevant.iter().map(String::as_str).collect();
    let top = &top[..top.len().min(TOP)];
    let found = top
        .iter()
        .filter(|id| relevant.contains(id.as_str()))
        .count();
    let first = top.iter().position(|id| relevant.contains(id.as_str()));
    Scores {
        recall: found as f64 / relevant.len() as f64,
        reciprocal_rank: first.map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0)),
    }
}

/// Mean recall@10 and MRR over a set of queries.
#[derive(Debug, Clone, Copy, Default)]
struct Summary {
    queries: usize,
    recall: f64,
    mrr: f64,
}

fn summarise<'a>(scores: impl Iterator<Item = &'a Scores>) -> Summary {
    let (mut n, mut recall, mut rr) = (0, 0.0, 0.0);
    for s in scores {
        n += 1;
        recall += s.recall;
        rr += s.reciprocal_rank;
    }
    let mean = |x: f64| if n == 0 { 0.0 } else { x / n as f64 };
    Summary {
        queries: n,
        recall: mean(recall),
        mrr: mean(rr),
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(name: &str, hint: &str) -> T {
    let path = format!("{RELEVANCE_DIR}/{name}");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}. {hint}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}. {hint}"))
}

#[test]
fn folio_ranks_at_least_as_well_as_minisearch_on_the_judged_queries() {
    let dir = common::corpus_dir();
    let Some(documents) = common::load_corpus(&dir) else {
        println!(
            "SKIPPED relevance: no corpus at {} (the FRUS JSON Lines files); nothing was measured.",
            dir.display()
        );
        return;
    };
    let queries: Vec<JudgedQuery> = read_json("queries.json", "It is the judged query set.");
    let minisearch: MiniSearchResults = read_json(
        "minisearch-results.json",
        "Write it with `node tests/relevance/minisearch.mjs`.",
    );
    assert_eq!(
        minisearch.documents,
        documents.len(),
        "minisearch-results.json was written from another corpus: rerun `node tests/relevance/minisearch.mjs`"
    );
    let minisearch_top: BTreeMap<&str, &MiniSearchQuery> = minisearch
        .queries
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();

    let known: HashSet<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    for q in &queries {
        for id in &q.relevant {
            assert!(
                known.contains(id.as_str()),
                "{}: judged id {id} is not in the corpus",
                q.id
            );
        }
    }

    let started = std::time::Instant::now();
    let archive = Archive::new(ArchiveMeta::default(), documents);
    let built = started.elapsed();

    // (category, Folio, MiniSearch) per query, in queries.json order.
    let mut rows: Vec<(&str, Scores, Scores)> = Vec::new();
    println!("\nper query: Folio R@10 / RR | MiniSearch R@10 / RR | Folio hits | query");
    for q in &queries {
        let ms = minisearch_top.get(q.id.as_str()).unwrap_or_else(|| {
            panic!(
                "{} is not in minisearch-results.json: rerun `node tests/relevance/minisearch.mjs`",
                q.id
            )
        });
        assert_eq!(
            ms.query, q.query,
            "{}: minisearch-results.json has another query text: rerun `node tests/relevance/minisearch.mjs`",
            q.id
        );
        let outcome = archive.run(&SearchState {
            q: q.query.clone(),
            ..Default::default()
        });
        let folio_top: Vec<String> = outcome
            .docs
            .iter()
            .take(TOP)
            .map(|&d| archive.doc(d).id.clone())
            .collect();
        let folio = score(&q.relevant, &folio_top);
        let mini = score(&q.relevant, &ms.top10);
        println!(
            "{} {:<13} {:.2} / {:.2} | {:.2} / {:.2} | {:>5} | {}",
            q.id,
            q.category,
            folio.recall,
            folio.reciprocal_rank,
            mini.recall,
            mini.reciprocal_rank,
            outcome.docs.len(),
            q.query
        );
        rows.push((q.category.as_str(), folio, mini));
    }

    // Categories in order of first appearance.
    let mut categories: Vec<&str> = Vec::new();
    for (c, _, _) in &rows {
        if !categories.contains(c) {
            categories.push(c);
        }
    }
    let side = |category: Option<&str>, folio: bool| {
        summarise(
            rows.iter()
                .filter(|(c, _, _)| category.is_none_or(|x| x == *c))
                .map(|(_, f, m)| if folio { f } else { m }),
        )
    };

    println!(
        "\nFolio vs MiniSearch {} on {} documents, {} queries (archive built in {:.1?})\n",
        minisearch.version,
        archive.len(),
        queries.len(),
        built
    );
    println!(
        "{:<14} {:>3}  {:>10} {:>10}  {:>10} {:>10}",
        "category", "n", "Folio R@10", "Mini R@10", "Folio MRR", "Mini MRR"
    );
    let mut failures = Vec::new();
    let lines = categories
        .iter()
        .map(|&c| (c, Some(c)))
        .chain(std::iter::once(("overall", None)));
    for (label, category) in lines {
        let (f, m) = (side(category, true), side(category, false));
        println!(
            "{:<14} {:>3}  {:>10.3} {:>10.3}  {:>10.3} {:>10.3}",
            label, f.queries, f.recall, m.recall, f.mrr, m.mrr
        );
        if category.is_none_or(|c| GUARDED_CATEGORIES.contains(&c)) {
            if f.recall + EPSILON < m.recall {
                failures.push(format!(
                    "{label} recall@10: Folio {:.3} < MiniSearch {:.3}",
                    f.recall, m.recall
                ));
            }
            if f.mrr + EPSILON < m.mrr {
                failures.push(format!(
                    "{label} MRR: Folio {:.3} < MiniSearch {:.3}",
                    f.mrr, m.mrr
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "Folio ranks below MiniSearch on the judged queries:\n  {}",
        failures.join("\n  ")
    );
}
