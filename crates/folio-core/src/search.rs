//! Running a query: which documents match, and in what order.
//!
//! A query is a list of words, analyzed exactly as documents are. Every word must match
//! (AND). The last word also matches as a prefix while the reader is still typing (the query
//! does not end in a space), and any word written `sov*` matches as a prefix. A prefix match
//! scores `prefix_weight` of an exact one, and a word counts once per document even when
//! several indexed words start with it (the best one counts). Ties keep bundle order.

use crate::analyzer::{fold, for_each_token};
use crate::index::Index;
use crate::ranking::{idf, saturate, weighted_tf, ExplainPart, Explanation, RankingParams};

/// One word of a query, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub term: String,
    /// Also match indexed words that start with `term`.
    pub prefix: bool,
}

/// A parsed query. Any input parses; words that analyze to nothing are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub words: Vec<QueryWord>,
}

impl ParsedQuery {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Parses what the reader typed. Total: never fails.
pub fn parse_query(input: &str) -> ParsedQuery {
    let typing = !input.ends_with(char::is_whitespace);
    let mut words: Vec<QueryWord> = Vec::new();
    for_each_token(input, |term, _, end, _| {
        let starred = input[end..].starts_with('*');
        words.push(QueryWord {
            term: term.to_string(),
            prefix: starred,
        });
    });
    if typing {
        if let Some(last) = words.last_mut() {
            // The last word is still being typed only if nothing but letters follow it.
            let tail = input.trim_end_matches('*');
            if tail.ends_with(|c: char| c.is_alphanumeric()) {
                last.prefix = true;
            }
        }
    }
    // A repeated word adds nothing but weight; keep the first.
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert((w.term.clone(), w.prefix)));
    ParsedQuery { words }
}

/// One matching document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
}

/// The outcome of a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Best first; equal scores in bundle order.
    pub hits: Vec<Hit>,
    /// Every indexed word that matched some query word (for highlighting).
    pub matched_terms: Vec<String>,
}

/// The indexed words a query word reaches, each with its match weight.
fn expand(index: &Index, word: &QueryWord, params: &RankingParams) -> Vec<(usize, f32)> {
    let mut out = Vec::new();
    let exact = index.term_id(&word.term);
    if let Some(id) = exact {
        out.push((id, 1.0));
    }
    if word.prefix {
        let mut more: Vec<usize> = index
            .prefix_range(&word.term)
            .filter(|&id| Some(id) != exact)
            .collect();
        // Keep the most frequent expansions; ties in dictionary order.
        more.sort_by_key(|&id| std::cmp::Reverse(index.doc_freq(id)));
        more.truncate(params.max_prefix_expansions);
        more.sort_unstable();
        out.extend(more.into_iter().map(|id| (id, params.prefix_weight)));
    }
    out
}

/// Scores every document for one query word into `scores` (best expansion per document).
fn score_word(
    index: &Index,
    expansions: &[(usize, f32)],
    params: &RankingParams,
    scores: &mut [f32],
) {
    let n = index.doc_count();
    for &(id, weight) in expansions {
        let w_idf = idf(n, index.doc_freq(id)) * weight;
        for p in index.postings(id) {
            let wtf = weighted_tf(params, &p.tf, index.doc_lens(p.doc), index.avg_lens());
            let s = w_idf * saturate(params, wtf);
            let slot = &mut scores[p.doc as usize];
            if s > *slot {
                *slot = s;
            }
        }
    }
}

/// Runs `query`; every word must match. An empty query matches nothing (the caller browses).
pub fn search(index: &Index, query: &ParsedQuery, params: &RankingParams) -> SearchResults {
    let n = index.doc_count();
    if query.is_empty() || n == 0 {
        return SearchResults::default();
    }
    let mut total = vec![0f32; n];
    let mut matched = vec![0u16; n];
    let mut word_scores = vec![0f32; n];
    let mut matched_terms = Vec::new();
    for word in &query.words {
        let expansions = expand(index, word, params);
        if expansions.is_empty() {
            return SearchResults::default();
        }
        matched_terms.extend(expansions.iter().map(|&(id, _)| index.term(id).to_string()));
        word_scores.iter_mut().for_each(|s| *s = 0.0);
        score_word(index, &expansions, params, &mut word_scores);
        for d in 0..n {
            if word_scores[d] > 0.0 {
                total[d] += word_scores[d];
                matched[d] += 1;
            }
        }
    }
    let need = query.words.len() as u16;
    let mut hits: Vec<Hit> = (0..n)
        .filter(|&d| matched[d] == need)
        .map(|d| Hit {
            doc: d as u32,
            score: total[d],
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    matched_terms.sort();
    matched_terms.dedup();
    SearchResults {
        hits,
        matched_terms,
    }
}

/// Why `doc` scored what it did for `query`: one part per query word (its best expansion).
pub fn explain(
    index: &Index,
    query: &ParsedQuery,
    params: &RankingParams,
    doc: u32,
) -> Explanation {
    let n = index.doc_count();
    let mut ex = Explanation::default();
    for word in &query.words {
        let mut best: Option<ExplainPart> = None;
        for (id, weight) in expand(index, word, params) {
            let Some(p) = index.postings(id).iter().find(|p| p.doc == doc) else {
                continue;
            };
            let i = idf(n, index.doc_freq(id));
            let score = i
                * weight
                * saturate(
                    params,
                    weighted_tf(params, &p.tf, index.doc_lens(doc), index.avg_lens()),
                );
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(ExplainPart {
                    query_word: word.term.clone(),
                    matched: index.term(id).to_string(),
                    idf: i,
                    tf: p.tf,
                    match_weight: weight,
                    score,
                });
            }
        }
        if let Some(b) = best {
            ex.total += b.score;
            ex.parts.push(b);
        }
    }
    ex
}

/// Folds a word as queries are folded (for callers that highlight).
pub fn fold_word(word: &str) -> String {
    fold(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    /// Three documents a reader can rank by hand.
    fn fixture() -> Vec<Document> {
        let d = |id: &str, title: &str, summary: &str, text: &str| Document {
            id: id.into(),
            title: title.into(),
            summary: summary.into(),
            text: text.into(),
            ..Default::default()
        };
        vec![
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
        ]
    }

    fn ids(docs: &[Document], r: &SearchResults) -> Vec<String> {
        r.hits
            .iter()
            .map(|h| docs[h.doc as usize].id.clone())
            .collect()
    }

    fn run(q: &str) -> Vec<String> {
        let docs = fixture();
        let idx = Index::build(&docs);
        ids(
            &docs,
            &search(&idx, &parse_query(q), &RankingParams::default()),
        )
    }

    #[test]
    fn every_word_must_match() {
        assert_eq!(run("kennan moscow "), ["b"]);
        assert_eq!(run("kennan treaty "), Vec::<String>::new());
    }

    #[test]
    fn title_match_outranks_body_match() {
        assert_eq!(run("telegram "), ["b"]);
        assert_eq!(run("economy "), ["a"]);
        assert_eq!(run("soviet "), ["a", "b"], "title+text beats summary+text");
    }

    #[test]
    fn diacritics_fold_both_ways() {
        assert_eq!(run("Asuncion "), ["c"]);
        assert_eq!(run("ASUNCIÓN "), ["c"]);
    }

    #[test]
    fn the_last_word_matches_as_a_prefix_while_typing() {
        assert_eq!(run("tele"), ["b"]);
        assert_eq!(
            run("tele "),
            Vec::<String>::new(),
            "a finished word must match whole"
        );
        assert_eq!(run("sov* econ"), ["a"]);
    }

    #[test]
    fn exact_words_outrank_prefix_matches() {
        let docs = vec![
            Document {
                id: "x".into(),
                title: "Soviets".into(),
                ..Default::default()
            },
            Document {
                id: "y".into(),
                title: "Soviet".into(),
                ..Default::default()
            },
        ];
        let idx = Index::build(&docs);
        assert_eq!(
            ids(
                &docs,
                &search(&idx, &parse_query("soviet"), &RankingParams::default())
            ),
            ["y", "x"]
        );
    }

    #[test]
    fn punctuation_only_queries_are_empty_not_errors() {
        assert!(parse_query("!!! ... \"").is_empty());
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn explain_adds_up_to_the_score() {
        let docs = fixture();
        let idx = Index::build(&docs);
        let q = parse_query("soviet kennan");
        let r = search(&idx, &q, &RankingParams::default());
        for h in &r.hits {
            let e = explain(&idx, &q, &RankingParams::default(), h.doc);
            assert!((e.total - h.score).abs() < 1e-4, "{e}");
            assert_eq!(e.parts.len(), 2);
        }
    }
}
