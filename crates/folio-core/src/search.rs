//! Running a query: which documents match, and in what order.
//!
//! A [`Node`] tree from [`crate::query`] is evaluated bottom-up into sets of
//! (document, score), kept sorted by document: AND intersects and adds, OR unites and adds,
//! NOT subtracts. A word reaches indexed words in four ways, each ranked below the last:
//! exact, same stem, prefix (while typing or with `*`), and — when the word has few or no
//! documents — typo corrections within edit distance 1 (5+ letters) or 2 (9+ letters).
//! Phrases check positions. Stop words are optional unless the query has nothing else.
//! When all-words matching finds too few documents, documents matching most of the words
//! follow, ranked by how many they match. Words standing close together earn a proximity
//! bonus. Ties always keep bundle order.

use std::collections::HashMap;

use crate::analyzer::is_stop_word;
use crate::index::Index;
use crate::query::{Node, Scope};
use crate::ranking::{
    field_score, idf, ExplainPart, Explanation, Field, RankingParams, FIELD_COUNT,
};

/// What the search needs to know about each document beyond the index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFacts {
    /// First and last day the document's date can mean, as sort keys.
    pub span: Option<(u32, u32)>,
    /// Folded language code.
    pub lang: String,
}

/// Switches a reader can flip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchOptions {
    /// Correct typos (off when the reader asked for exactly what they typed).
    pub fuzzy: bool,
    /// Below this many full matches, partial matches are added.
    pub partial_below: usize,
    /// The most edits a typo correction may make. The length rule (1 edit from 5 letters, 2
    /// from 9) still applies below this cap; a caller that wants only one edit says 1.
    pub max_edits: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            fuzzy: true,
            partial_below: 10,
            max_edits: 2,
        }
    }
}

/// A query word that matched nothing as typed, and what it was read as.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The word as the reader wrote it.
    pub raw: String,
    /// The indexed word it was corrected to (the most frequent candidate).
    pub suggestion: String,
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
    /// Full matches best first, then partial matches; ties in bundle order.
    pub hits: Vec<Hit>,
    /// How many of `hits` match the whole query; the rest match only some of its words.
    pub full: usize,
    /// Every indexed word that matched a query word (for highlighting).
    pub matched_terms: Vec<String>,
    pub corrections: Vec<Correction>,
}

type Set = Vec<(u32, f32)>;

fn scope_fields(scope: Option<Scope>) -> Option<Field> {
    scope.map(|s| match s {
        Scope::Title => Field::Title,
        Scope::People => Field::People,
        Scope::Places => Field::Places,
        Scope::Subjects => Field::Subjects,
        Scope::Collection => Field::Collection,
    })
}

/// Optimal-string-alignment distance, or `None` when it exceeds `max`.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let (n, m) = (a.len(), b.len());
    if m > 62 || n > 62 {
        return None;
    }
    let mut rows = [[0usize; 64]; 3];
    let [mut prev2, mut prev, mut cur] = [0usize, 1, 2];
    for (j, v) in rows[prev].iter_mut().enumerate().take(m + 1) {
        *v = j;
    }
    for i in 1..=n {
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    let d = rows[prev][m];
    (d <= max).then_some(d)
}

fn intersect_add(a: &Set, b: &Set) -> Set {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn union_add(a: &Set, b: &Set) -> Set {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

fn subtract(a: &Set, b: &Set) -> Set {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &(d, s) in a {
        while j < b.len() && b[j].0 < d {
            j += 1;
        }
        if j < b.len() && b[j].0 == d {
            continue;
        }
        out.push((d, s));
    }
    out
}

/// Adds `b`'s scores to the documents already in `a`.
fn add_scores(a: &mut Set, b: &Set) {
    let mut j = 0;
    for (d, s) in a.iter_mut() {
        while j < b.len() && b[j].0 < *d {
            j += 1;
        }
        if j < b.len() && b[j].0 == *d {
            *s += b[j].1;
        }
    }
}

struct Eval<'a> {
    index: &'a Index,
    facts: &'a [DocFacts],
    params: &'a RankingParams,
    opts: SearchOptions,
    /// Explain mode: only this document is scored, and the parts are traced.
    only: Option<u32>,
    trace: Vec<ExplainPart>,
    matched: Vec<usize>,
    corrections: Vec<Correction>,
    negated: bool,
}

/// How a query word reaches indexed words: (term id, weight).
struct Expansion {
    ids: Vec<(usize, f32)>,
    /// The word had no exact or stemmed match and was corrected.
    corrected: Option<usize>,
}

impl<'a> Eval<'a> {
    fn all_docs(&self) -> Set {
        match self.only {
            Some(d) => vec![(d, 0.0)],
            None => (0..self.index.doc_count() as u32)
                .map(|d| (d, 0.0))
                .collect(),
        }
    }

    fn expand(&self, term: &str, prefix: bool) -> Expansion {
        let index = self.index;
        let p = self.params;
        let mut ids: Vec<(usize, f32)> = Vec::new();
        let exact = index.term_id(term);
        if let Some(id) = exact {
            ids.push((id, 1.0));
        }
        let alphabetic = term.chars().all(char::is_alphabetic);
        if alphabetic && term.len() >= 4 {
            for id in index.same_stem(term) {
                if Some(id) != exact {
                    ids.push((id, p.stem_weight));
                }
            }
        }
        let mut known_docs: usize = ids.iter().map(|&(id, _)| index.doc_freq(id)).sum();
        let exact_or_stem = known_docs;
        if prefix {
            let mut more: Vec<usize> = index
                .prefix_range(term)
                .filter(|id| !ids.iter().any(|(x, _)| x == id))
                .collect();
            more.sort_by_key(|&id| std::cmp::Reverse(index.doc_freq(id)));
            // Short prefixes reach many words; the most frequent few are what a reader means.
            let cap = if term.chars().count() < 3 {
                p.max_prefix_expansions / 4
            } else {
                p.max_prefix_expansions
            };
            more.truncate(cap);
            known_docs += more.iter().map(|&id| index.doc_freq(id)).sum::<usize>();
            ids.extend(more.into_iter().map(|id| (id, p.prefix_weight)));
        }
        let mut corrected = None;
        let chars: Vec<char> = term.chars().collect();
        let max = if chars.len() >= 9 { 2 } else { 1 }.min(self.opts.max_edits);
        if self.opts.fuzzy
            && max > 0
            && alphabetic
            && chars.len() >= 5
            && known_docs < p.fuzzy_below_docs
        {
            let mut cands: Vec<(usize, usize)> = Vec::new();
            let ascii = term.is_ascii();
            let mut other: Vec<char> = Vec::with_capacity(chars.len() + max);
            let mask = crate::index::letter_mask(term);
            let candidates = index.typo_candidates(term, max);
            {
                for id in candidates.iter() {
                    let id = id as usize;
                    if (index.mask(id) ^ mask).count_ones() as usize > 2 * max {
                        continue;
                    }
                    let word = index.term(id);
                    let d = if ascii && word.is_ascii() {
                        edit_distance(term.as_bytes(), word.as_bytes(), max)
                    } else {
                        other.clear();
                        other.extend(word.chars());
                        edit_distance(&chars, &other, max)
                    };
                    if let Some(d) = d.filter(|&d| d > 0) {
                        if !ids.iter().any(|(x, _)| *x == id) {
                            cands.push((id, d));
                        }
                    }
                }
            }
            cands.sort_by_key(|&(id, d)| (d, std::cmp::Reverse(index.doc_freq(id)), id));
            cands.truncate(p.max_fuzzy_expansions);
            if exact_or_stem == 0 && known_docs == 0 {
                corrected = cands
                    .iter()
                    .max_by_key(|&&(id, d)| (std::cmp::Reverse(d), index.doc_freq(id)))
                    .map(|&(id, _)| id);
            }
            // With nothing spelt as typed, the corrections are what the reader meant.
            let w = if exact_or_stem == 0 && known_docs == 0 {
                p.correction_weight
            } else {
                p.fuzzy_weight
            };
            ids.extend(cands.into_iter().map(|(id, _)| (id, w)));
        }
        Expansion { ids, corrected }
    }

    /// The BM25F score of one posting, restricted to `field` if given.
    fn score_posting(&self, tf: &[u16; FIELD_COUNT], doc: u32, field: Option<Field>) -> f32 {
        let mut tf = *tf;
        if let Some(f) = field {
            for (i, t) in tf.iter_mut().enumerate() {
                if i != f as usize {
                    *t = 0;
                }
            }
        }
        field_score(
            self.params,
            &tf,
            self.index.doc_lens(doc),
            self.index.avg_lens(),
        )
    }

    fn term(&mut self, term: &str, scope: Option<Scope>, prefix: bool, raw: &str) -> Set {
        let field = scope_fields(scope);
        let exp = self.expand(term, prefix);
        let stop = if is_stop_word(term) {
            self.params.stop_word_weight
        } else {
            1.0
        };
        let n = self.index.doc_count();
        let one = exp.ids.len() == 1;
        // Several expansions: the best one per document counts. Many postings: a dense table
        // (no hashing); few: (doc, score, expansion) sorted by document, so a rare word costs
        // no table as large as the archive.
        let postings: usize = exp.ids.iter().map(|&(id, _)| self.index.doc_freq(id)).sum();
        let dense = !one && postings * 8 >= n;
        let mut best: Vec<(f32, u32)> = if dense { vec![(0.0, 0); n] } else { Vec::new() };
        let mut sparse: Vec<(u32, f32, u32)> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        let mut single: Set = Vec::new();
        for (k, &(id, weight)) in exp.ids.iter().enumerate() {
            let w = weight * stop * idf(n, self.index.doc_freq(id));
            let mut any = false;
            for p in self.index.postings(id) {
                if self.only.is_some_and(|d| d != p.doc) {
                    continue;
                }
                let s = w * self.score_posting(&p.tf, p.doc, field);
                if s <= 0.0 {
                    continue;
                }
                any = true;
                if one {
                    single.push((p.doc, s));
                } else if !dense {
                    sparse.push((p.doc, s, k as u32));
                } else {
                    let e = &mut best[p.doc as usize];
                    if e.0 == 0.0 {
                        touched.push(p.doc);
                    }
                    if s > e.0 {
                        *e = (s, k as u32);
                    }
                }
            }
            if any && !self.negated {
                self.matched.push(id);
            }
        }
        // Sparse: per document the first expansion with the highest score, as the table keeps.
        sparse.sort_by_key(|e| e.0);
        let mut winners: Vec<(u32, f32, u32)> = Vec::new();
        for e in sparse {
            match winners.last_mut() {
                Some(w) if w.0 == e.0 => {
                    if e.1 > w.1 {
                        *w = e;
                    }
                }
                _ => winners.push(e),
            }
        }
        let winner = |d: u32| -> u32 {
            if dense {
                best[d as usize].1
            } else {
                winners
                    .binary_search_by_key(&d, |w| w.0)
                    .map_or(0, |i| winners[i].2)
            }
        };
        let mut set: Set = if one {
            single
        } else if dense {
            touched.sort_unstable();
            touched.iter().map(|&d| (d, best[d as usize].0)).collect()
        } else {
            winners.iter().map(|w| (w.0, w.1)).collect()
        };
        set.sort_unstable_by_key(|&(d, _)| d);
        if let Some(id) = exp.corrected.filter(|_| !set.is_empty() && !self.negated) {
            let c = Correction {
                raw: raw.to_string(),
                suggestion: self.index.term(id).to_string(),
            };
            if !self.corrections.contains(&c) {
                self.corrections.push(c);
            }
        }
        // A run-together word ("hungchang") also matches its parts as a phrase.
        if exp.ids.iter().all(|&(_, w)| w < self.params.prefix_weight)
            && term.chars().count() >= 6
            && field.is_none()
        {
            if let Some((a, b)) = self.best_split(term) {
                let phrase = self.phrase(&[a, b], None);
                set = union_add(&set, &phrase);
            }
        }
        if let Some(d) = self.only {
            if let Some(&(_, s)) = set.iter().find(|(x, _)| *x == d) {
                let id = if one {
                    exp.ids.first().map(|x| x.0)
                } else {
                    exp.ids.get(winner(d) as usize).map(|x| x.0)
                };
                if let Some(id) = id {
                    let weight = exp.ids.iter().find(|x| x.0 == id).map_or(1.0, |x| x.1);
                    let tf = self
                        .index
                        .postings(id)
                        .find(|p| p.doc == d)
                        .map(|p| p.tf)
                        .unwrap_or_default();
                    self.trace.push(ExplainPart {
                        query_word: term.to_string(),
                        matched: self.index.term(id).to_string(),
                        idf: idf(n, self.index.doc_freq(id)),
                        tf,
                        match_weight: weight * stop,
                        score: s,
                    });
                }
            }
        }
        set
    }

    /// The split of a run-together word into two indexed words with the most documents.
    fn best_split(&self, term: &str) -> Option<(String, String)> {
        let mut best: Option<(usize, String, String)> = None;
        for (i, _) in term.char_indices().skip(2) {
            let (a, b) = term.split_at(i);
            if b.chars().count() < 2 {
                break;
            }
            if let (Some(x), Some(y)) = (self.index.term_id(a), self.index.term_id(b)) {
                let df = self.index.doc_freq(x).min(self.index.doc_freq(y));
                if best.as_ref().is_none_or(|(d, _, _)| df > *d) {
                    best = Some((df, a.to_string(), b.to_string()));
                }
            }
        }
        best.map(|(_, a, b)| (a, b))
    }

    fn phrase(&mut self, terms: &[String], scope: Option<Scope>) -> Set {
        if terms.len() == 1 {
            return self.term(&terms[0], scope, false, &terms[0]);
        }
        let field = scope_fields(scope);
        let ids: Option<Vec<usize>> = terms.iter().map(|t| self.index.term_id(t)).collect();
        let Some(ids) = ids else { return Vec::new() };
        let n = self.index.doc_count();
        let weights: Vec<f32> = ids
            .iter()
            .map(|&id| idf(n, self.index.doc_freq(id)))
            .collect();
        // Walk every word's postings in lockstep; read positions only where all meet.
        let mut iters: Vec<_> = ids.iter().map(|&id| self.index.postings(id)).collect();
        let mut cur: Vec<Option<crate::index::Posting>> =
            iters.iter_mut().map(|it| it.next()).collect();
        let mut out = Vec::new();
        // Reused from document to document (no allocation per candidate).
        let mut cursors: Vec<crate::index::Positions<'_>> = Vec::with_capacity(ids.len());
        let mut heads: Vec<Option<(u8, u32)>> = Vec::with_capacity(ids.len());
        'docs: loop {
            let mut target = 0u32;
            for c in &cur {
                match c {
                    None => break 'docs,
                    Some(p) => target = target.max(p.doc),
                }
            }
            let mut aligned = true;
            for k in 0..ids.len() {
                while let Some(p) = cur[k] {
                    if p.doc >= target {
                        break;
                    }
                    cur[k] = iters[k].next();
                }
                match cur[k] {
                    None => break 'docs,
                    Some(p) if p.doc != target => aligned = false,
                    Some(_) => {}
                }
            }
            if !aligned {
                continue;
            }
            if self.only.is_none_or(|o| o == target) {
                // Positions read lazily and in step: a phrase is usually found at its first
                // occurrence, long before the end of the document's positions.
                cursors.clear();
                cursors.extend(iters.iter_mut().map(|it| it.position_cursor()));
                heads.clear();
                heads.extend(cursors.iter_mut().skip(1).map(|c| c.next()));
                let (first, rest) = cursors.split_at_mut(1);
                let hit = first[0].any(|(f, p)| {
                    field.is_none_or(|fl| fl as u8 == f)
                        && rest.iter_mut().zip(heads.iter_mut()).enumerate().all(
                            |(i, (cursor, head))| {
                                let want = (f, p + i as u32 + 1);
                                while head.is_some_and(|h| h < want) {
                                    *head = cursor.next();
                                }
                                *head == Some(want)
                            },
                        )
                });
                if hit {
                    let score: f32 = (0..ids.len())
                        .map(|k| {
                            cur[k].map_or(0.0, |p| {
                                weights[k] * self.score_posting(&p.tf, p.doc, field)
                            })
                        })
                        .sum();
                    out.push((target, score));
                }
            }
            for k in 0..ids.len() {
                cur[k] = iters[k].next();
            }
        }
        if !out.is_empty() && !self.negated {
            self.matched.extend(ids.iter().copied());
        }
        out
    }

    fn date(&self, from: u32, to: u32, boost: bool) -> Set {
        let score = if boost {
            self.params.date_match_score
        } else {
            0.0
        };
        self.facts
            .iter()
            .enumerate()
            .filter(|(d, _)| self.only.is_none_or(|o| o as usize == *d))
            .filter(|(_, f)| f.span.is_some_and(|(s, e)| s <= to && e >= from))
            .map(|(d, _)| (d as u32, score))
            .collect()
    }

    fn lang(&self, code: &str) -> Set {
        self.facts
            .iter()
            .enumerate()
            .filter(|(d, _)| self.only.is_none_or(|o| o as usize == *d))
            .filter(|(_, f)| {
                f.lang == code
                    || f.lang
                        .strip_prefix(code)
                        .is_some_and(|r| r.starts_with('-'))
            })
            .map(|(d, _)| (d as u32, 0.0))
            .collect()
    }

    fn node(&mut self, node: &Node) -> Set {
        match node {
            Node::Term {
                term,
                scope,
                prefix,
                raw,
            } => self.term(term, *scope, *prefix, raw),
            Node::Phrase { terms, scope } => self.phrase(terms, *scope),
            Node::Date { period, boost } => self.date(period.from, period.to, *boost),
            Node::Lang(code) => self.lang(code),
            Node::Or(alts) | Node::Alt(alts) => {
                let mut acc = Vec::new();
                for a in alts {
                    let s = self.node(a);
                    acc = union_add(&acc, &s);
                }
                acc
            }
            Node::Not(inner) => {
                let was = self.negated;
                self.negated = true;
                let excluded = self.node(inner);
                self.negated = was;
                subtract(&self.all_docs(), &excluded)
            }
            Node::And(items) => self.and(items, false).0,
        }
    }

    /// Evaluates an AND group. Returns the full matches and, at the top level when they are
    /// few, partial matches with how many of the group's words each matched.
    fn and(&mut self, items: &[Node], top: bool) -> (Set, Vec<(u32, f32, usize)>) {
        let is_stop = |n: &Node| matches!(n, Node::Term { term, scope: None, prefix: false, .. } if is_stop_word(term));
        let mut positives: Vec<&Node> = items
            .iter()
            .filter(|n| !matches!(n, Node::Not(_)) && !is_stop(n))
            .collect();
        let optional: Vec<&Node> = items.iter().filter(|n| is_stop(n)).collect();
        let negatives: Vec<&Node> = items.iter().filter(|n| matches!(n, Node::Not(_))).collect();
        let stop_phrase;
        let only_stops = positives.is_empty() && !optional.is_empty();
        if only_stops {
            // A query made only of stop words finds its phrase.
            let terms: Vec<String> = optional
                .iter()
                .filter_map(|n| match n {
                    Node::Term { term, .. } => Some(term.clone()),
                    _ => None,
                })
                .collect();
            stop_phrase = Node::Phrase { terms, scope: None };
            positives.push(&stop_phrase);
        }
        let sets: Vec<Set> = positives.iter().map(|n| self.node(n)).collect();
        let mut full = match sets.split_first() {
            None => self.all_docs(),
            Some((first, rest)) => rest
                .iter()
                .fold(first.clone(), |acc, s| intersect_add(&acc, s)),
        };
        if !only_stops {
            for o in &optional {
                let s = self.node(o);
                add_scores(&mut full, &s);
            }
        }
        // Each NOT evaluates to the documents it allows; evaluated once, used for both lists.
        let allowed: Vec<Set> = negatives.iter().map(|n| self.node(n)).collect();
        for a in &allowed {
            full = intersect_add(&full, a);
        }
        let mut partial = Vec::new();
        // Only plain words degrade to partial matches: phrases, OR and NOT are deliberate.
        let plain = positives
            .iter()
            .all(|n| matches!(n, Node::Term { .. } | Node::Alt(_)));
        if top
            && plain
            && sets.len() >= 2
            && full.len() < self.opts.partial_below
            && self.only.is_none()
        {
            let need = sets.len().div_ceil(2).max(1);
            let mut counts: HashMap<u32, (f32, usize)> = HashMap::new();
            for s in &sets {
                for &(d, sc) in s {
                    let e = counts.entry(d).or_insert((0.0, 0));
                    e.0 += sc;
                    e.1 += 1;
                }
            }
            for (d, (sc, c)) in counts {
                if c >= need
                    && c < sets.len()
                    && full.binary_search_by_key(&d, |x| x.0).is_err()
                    && allowed
                        .iter()
                        .all(|a| a.binary_search_by_key(&d, |x| x.0).is_ok())
                {
                    partial.push((d, sc, c));
                }
            }
        }
        (full, partial)
    }

    /// Adds a proximity bonus to the best documents of a plain-words query.
    fn proximity(&mut self, items: &[Node], full: &mut Set) {
        let terms: Vec<usize> = items
            .iter()
            .filter_map(|n| match n {
                Node::Term {
                    term, scope: None, ..
                } if !is_stop_word(term) => self.index.term_id(term),
                _ => None,
            })
            .collect();
        if terms.len() < 2 || full.is_empty() || self.params.proximity_bonus <= 0.0 {
            return;
        }
        // The best-scored candidates, in no particular order (they are re-sorted by document).
        let mut order: Vec<u64> = full.iter().map(|&(d, s)| rank_key(s, d)).collect();
        let keep = self.params.proximity_candidates.min(order.len());
        if keep > 0 && keep < order.len() {
            order.select_nth_unstable(keep - 1);
        }
        order.truncate(keep);
        let order: Vec<usize> = order
            .iter()
            .map(|&k| full.partition_point(|&(d, _)| d < k as u32))
            .collect();
        let mut cands: Vec<(u32, usize)> = order.iter().map(|&i| (full[i].0, i)).collect();
        cands.sort_unstable();
        let mut pos: Vec<Vec<Vec<(u8, u32)>>> = Vec::new();
        for &id in &terms {
            let mut per = vec![Vec::new(); cands.len()];
            let mut it = self.index.postings(id);
            let mut k = 0;
            while let Some(p) = it.next() {
                while k < cands.len() && cands[k].0 < p.doc {
                    k += 1;
                }
                if k >= cands.len() {
                    break;
                }
                if cands[k].0 == p.doc {
                    per[k] = it.positions();
                }
            }
            pos.push(per);
        }
        for (k, &(doc, i)) in cands.iter().enumerate() {
            let mut bonus = 0.0;
            for w in 0..terms.len() - 1 {
                let (a, b) = (&pos[w][k], &pos[w + 1][k]);
                let mut best = u32::MAX;
                for &(f, p) in a {
                    let start = b.partition_point(|&(g, q)| {
                        (g, q) < (f, p.saturating_sub(self.params.proximity_window))
                    });
                    for &(g, q) in &b[start..] {
                        if g != f || q > p + self.params.proximity_window {
                            break;
                        }
                        best = best.min(p.abs_diff(q).max(1));
                    }
                }
                if best <= self.params.proximity_window {
                    bonus += self.params.proximity_bonus / best as f32;
                }
            }
            if bonus > 0.0 {
                full[i].1 += bonus;
                if self.only == Some(doc) {
                    self.trace.push(ExplainPart {
                        query_word: "(proximity)".into(),
                        matched: String::new(),
                        idf: 0.0,
                        tf: [0; FIELD_COUNT],
                        match_weight: 1.0,
                        score: bonus,
                    });
                }
            }
        }
    }

    fn run(&mut self, node: &Node) -> (Set, Vec<(u32, f32, usize)>) {
        match node {
            Node::And(items) => {
                let (mut full, partial) = self.and(items, true);
                self.proximity(items, &mut full);
                (full, partial)
            }
            n => (self.node(n), Vec::new()),
        }
    }
}

fn evaluator<'a>(
    index: &'a Index,
    facts: &'a [DocFacts],
    params: &'a RankingParams,
    opts: SearchOptions,
) -> Eval<'a> {
    Eval {
        index,
        facts,
        params,
        opts,
        only: None,
        trace: Vec::new(),
        matched: Vec::new(),
        corrections: Vec::new(),
        negated: false,
    }
}

/// A sort key for "highest score first, then lowest document": one integer comparison
/// instead of a float comparison and a tie-break (sorting every hit is most of the cost of
/// a query that matches the whole archive).
fn rank_key(score: f32, doc: u32) -> u64 {
    let bits = score.to_bits();
    // Floats' total order as unsigned integers: flip negatives entirely, positives' sign bit.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    (u64::from(!ascending) << 32) | u64::from(doc)
}

/// The score and document a [`rank_key`] was made from.
fn unrank_key(key: u64) -> (f32, u32) {
    let ascending = !((key >> 32) as u32);
    let bits = if ascending >> 31 == 1 {
        ascending & !(1 << 31)
    } else {
        !ascending
    };
    (f32::from_bits(bits), key as u32)
}

/// Runs a parsed query. An empty query matches nothing (the caller browses).
pub fn search(
    index: &Index,
    facts: &[DocFacts],
    query: &Node,
    params: &RankingParams,
    opts: SearchOptions,
) -> SearchResults {
    if query.is_empty() || index.doc_count() == 0 {
        return SearchResults::default();
    }
    let mut ev = evaluator(index, facts, params, opts);
    let (full, mut partial) = ev.run(query);
    // Sorting plain integers: the keys hold the score and the document (see `rank_key`).
    let mut keys: Vec<u64> = full
        .iter()
        .map(|&(doc, score)| rank_key(score, doc))
        .collect();
    keys.sort_unstable();
    let mut hits: Vec<Hit> = keys
        .into_iter()
        .map(|k| {
            let (score, doc) = unrank_key(k);
            Hit { doc, score }
        })
        .collect();
    let n_full = hits.len();
    partial.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
    hits.extend(
        partial
            .into_iter()
            .map(|(doc, score, _)| Hit { doc, score }),
    );
    let mut matched_terms: Vec<String> = ev
        .matched
        .iter()
        .map(|&id| index.term(id).to_string())
        .collect();
    matched_terms.sort();
    matched_terms.dedup();
    SearchResults {
        hits,
        full: n_full,
        matched_terms,
        corrections: ev.corrections,
    }
}

/// Why `doc` scored what it did: one part per query word (its best expansion), plus any
/// proximity bonus. `total` equals the document's score in [`search`] for full matches.
pub fn explain(
    index: &Index,
    facts: &[DocFacts],
    query: &Node,
    params: &RankingParams,
    opts: SearchOptions,
    doc: u32,
) -> Explanation {
    let mut ev = evaluator(index, facts, params, opts);
    ev.only = Some(doc);
    let (full, _) = ev.run(query);
    let total = full.iter().find(|(d, _)| *d == doc).map_or(0.0, |x| x.1);
    Explanation {
        total,
        parts: std::mem::take(&mut ev.trace),
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
