//! Related documents: the ones that share the most people, places and subjects with a
//! document, or whose title and summary use the most similar words, each with a line saying
//! why.
//!
//! Scoring, documented so a reader can check it by hand:
//! - every shared person, subject or place adds its field weight ([`RelatedParams`]) times
//!   the value's rarity, `ln(1 + N / n)` for a value `n` of the `N` documents carry, so
//!   sharing a rare person counts more than sharing "United States";
//! - text similarity adds `text` times the cosine of the two documents' TF-IDF vectors over
//!   the words of their title and summary (folded by the analyzer; short and common words
//!   left out);
//! - ties go to the document closest in date, then to bundle order.
//!
//! When fewer documents than asked share anything, the rest are filled with the documents
//! closest in date, so a page always offers some.

use std::collections::{HashMap, HashSet};

use crate::analyzer::fold;
use crate::model::Document;

/// Weights of the signals; all must be zero or more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelatedParams {
    /// Per shared person (times its rarity). Default 3.
    pub people: f64,
    /// Per shared subject. Default 2.
    pub subjects: f64,
    /// Per shared place. Default 1: places are broad ("Washington").
    pub places: f64,
    /// Times the text cosine (0 to 1). Default 4.
    pub text: f64,
}

impl Default for RelatedParams {
    fn default() -> Self {
        RelatedParams {
            people: 3.0,
            subjects: 2.0,
            places: 1.0,
            text: 4.0,
        }
    }
}

/// How many related documents a page asks for.
pub const DEFAULT_LIMIT: usize = 6;

/// A cosine below this is noise and does not count.
const MIN_COSINE: f64 = 0.05;

/// One related document and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    pub doc: u32,
    pub score: f64,
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub subjects: Vec<String>,
    /// The words that contribute most to the text similarity (at most three).
    pub words: Vec<String>,
    /// True when it was chosen only for being close in date.
    pub by_date: bool,
}

impl Related {
    /// "Same people: Winston Churchill, Joseph Stalin · Same subjects: Cold War".
    pub fn reason(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |label: &str, values: &[String]| {
            if !values.is_empty() {
                parts.push(format!("{label}: {}", values.join(", ")));
            }
        };
        push(
            if self.people.len() == 1 {
                "Same person"
            } else {
                "Same people"
            },
            &self.people,
        );
        push(
            if self.subjects.len() == 1 {
                "Same subject"
            } else {
                "Same subjects"
            },
            &self.subjects,
        );
        push(
            if self.places.len() == 1 {
                "Same place"
            } else {
                "Same places"
            },
            &self.places,
        );
        push("Similar words", &self.words);
        if parts.is_empty() {
            return if self.by_date {
                "Close in date".to_string()
            } else {
                "Related".to_string()
            };
        }
        parts.join(" · ")
    }
}

/// The words of every document's title and summary as TF-IDF vectors, and its people, places
/// and subjects as numbers, computed once for an archive (asking for the related documents of
/// every document costs one pass over the documents that share something, not one pass over
/// the whole archive each). Words are numbered in their sorted order and each vector is sorted
/// by number, so every sum is taken in the same order on every machine (the browser and the
/// build give the same cosines, to the bit).
#[derive(Debug, Clone, Default)]
pub struct RelatedIndex {
    /// The vocabulary, sorted; a word's number is its place here.
    words: Vec<String>,
    vectors: Vec<Vec<(u32, f64)>>,
    norms: Vec<f64>,
    /// The documents whose vector holds each word, with the word's weight there.
    by_word: Vec<Vec<(u32, f64)>>,
    /// How many documents carry each value (numbered per field and value), and which.
    value_docs: Vec<Vec<u32>>,
    /// Each document's values, numbered, per field (0 people, 1 places, 2 subjects), in the
    /// document's order.
    doc_values: Vec<[Vec<u32>; 3]>,
}

impl RelatedIndex {
    pub fn new(documents: &[Document]) -> RelatedIndex {
        let n = documents.len() as f64;
        let counts: Vec<HashMap<String, usize>> = documents.iter().map(word_counts).collect();
        let mut words: Vec<String> = counts
            .iter()
            .flat_map(|c| c.keys().cloned())
            .collect::<HashSet<String>>()
            .into_iter()
            .collect();
        words.sort_unstable();
        let number: HashMap<&str, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), i as u32))
            .collect();
        let mut df: Vec<usize> = vec![0; words.len()];
        for c in &counts {
            for w in c.keys() {
                df[number[w.as_str()] as usize] += 1;
            }
        }
        let mut vectors = Vec::with_capacity(counts.len());
        let mut norms = Vec::with_capacity(counts.len());
        for c in &counts {
            let mut v: Vec<(u32, f64)> = c
                .iter()
                .map(|(w, &tf)| {
                    let id = number[w.as_str()];
                    let d = df[id as usize].max(1) as f64;
                    (id, (1.0 + (tf as f64).ln()) * (n / d).ln().max(0.0))
                })
                .collect();
            v.sort_unstable_by_key(|&(id, _)| id);
            norms.push(v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt());
            vectors.push(v);
        }
        let mut by_word: Vec<Vec<(u32, f64)>> = df.iter().map(|&n| Vec::with_capacity(n)).collect();
        for (i, v) in vectors.iter().enumerate() {
            for &(w, x) in v {
                by_word[w as usize].push((i as u32, x));
            }
        }
        let mut ids: HashMap<(u8, &str), u32> = HashMap::new();
        let mut value_docs: Vec<Vec<u32>> = Vec::new();
        let mut doc_values = Vec::with_capacity(documents.len());
        for (i, d) in documents.iter().enumerate() {
            let mut mine: [Vec<u32>; 3] = Default::default();
            for (f, list) in [(0u8, &d.people), (1, &d.places), (2, &d.subjects)] {
                for v in list {
                    let id = *ids.entry((f, v.as_str())).or_insert_with(|| {
                        value_docs.push(Vec::new());
                        (value_docs.len() - 1) as u32
                    });
                    let docs = &mut value_docs[id as usize];
                    if docs.last() != Some(&(i as u32)) {
                        docs.push(i as u32);
                    }
                    mine[f as usize].push(id);
                }
            }
            doc_values.push(mine);
        }
        RelatedIndex {
            words,
            vectors,
            norms,
            by_word,
            value_docs,
            doc_values,
        }
    }

    /// The cosine of two documents' vectors and, when asked, the (at most three) words that
    /// contribute most.
    fn cosine(&self, a: u32, b: u32, top: Option<&mut Vec<String>>) -> f64 {
        let (an, bn) = (self.norms[a as usize], self.norms[b as usize]);
        if an == 0.0 || bn == 0.0 {
            return 0.0;
        }
        let (x, y) = (&self.vectors[a as usize], &self.vectors[b as usize]);
        let mut dot = 0.0;
        let mut parts: Vec<(u32, f64)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let p = x[i].1 * y[j].1;
                    if p > 0.0 {
                        dot += p;
                        if top.is_some() {
                            parts.push((x[i].0, p));
                        }
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        if let Some(top) = top {
            parts.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            top.extend(
                parts
                    .iter()
                    .take(3)
                    .map(|&(w, _)| self.words[w as usize].clone()),
            );
        }
        dot / (an * bn)
    }

    /// How much `other` shares with `target`, and, when `why` is given, what it shares.
    /// `dot`: the two word vectors' dot product when the caller has it (summed in word order,
    /// as [`RelatedIndex::cosine`] does).
    fn score(
        &self,
        documents: &[Document],
        target: u32,
        other: u32,
        params: &RelatedParams,
        dot: Option<f64>,
        mut why: Option<&mut Related>,
    ) -> f64 {
        let n = documents.len() as f64;
        let rarity = |id: u32| (1.0 + n / self.value_docs[id as usize].len().max(1) as f64).ln();
        let weights = [params.people, params.places, params.subjects];
        let d = &documents[other as usize];
        let names = [&d.people, &d.places, &d.subjects];
        let mut score = 0.0;
        for f in 0..3 {
            let wanted = &self.doc_values[target as usize][f];
            let values = &self.doc_values[other as usize][f];
            let mut sum = 0.0;
            for (k, &id) in values.iter().enumerate() {
                if !wanted.contains(&id) || values[..k].contains(&id) {
                    continue;
                }
                sum += rarity(id);
                if let Some(r) = why.as_deref_mut() {
                    let name = names[f][k].clone();
                    match f {
                        0 => r.people.push(name),
                        1 => r.places.push(name),
                        _ => r.subjects.push(name),
                    }
                }
            }
            score += weights[f] * sum;
        }
        let mut top = Vec::new();
        let (an, bn) = (self.norms[target as usize], self.norms[other as usize]);
        let cosine = match dot {
            Some(_) if an == 0.0 || bn == 0.0 => 0.0,
            Some(dot) => dot / (an * bn),
            None => self.cosine(target, other, why.is_some().then_some(&mut top)),
        };
        let cosine = if cosine >= MIN_COSINE { cosine } else { 0.0 };
        if let Some(r) = why {
            if cosine > 0.0 {
                r.words = top;
            }
        }
        score + params.text * cosine
    }
}

/// The `limit` documents most related to `target`, best first. Empty when `target` is out of
/// range. Builds the word vectors for this one call: use [`related_in`] with an archive's
/// [`RelatedIndex`] to ask for many.
pub fn related(
    documents: &[Document],
    target: u32,
    limit: usize,
    params: &RelatedParams,
) -> Vec<Related> {
    related_in(
        &RelatedIndex::new(documents),
        documents,
        target,
        limit,
        params,
    )
}

/// [`related`], with the word vectors of `documents` computed beforehand.
pub fn related_in(
    index: &RelatedIndex,
    documents: &[Document],
    target: u32,
    limit: usize,
    params: &RelatedParams,
) -> Vec<Related> {
    let Some(me) = documents.get(target as usize) else {
        return Vec::new();
    };
    if index.vectors.len() != documents.len() {
        return related(documents, target, limit, params);
    }

    // Only documents sharing a value or a word with `me` can score; the others are 0. The
    // dot products of the word vectors are summed over the words' postings, word by word in
    // the words' order (the order `cosine` sums in).
    let my_date = me.date.map(|d| d.sort_key());
    let distance = |d: &Document| match (my_date, d.date.map(|x| x.sort_key())) {
        (Some(a), Some(b)) => a.abs_diff(b),
        _ => u32::MAX,
    };
    let mut scored: Vec<(f64, u32, u32)> = Vec::new();
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let Scratch { dots, touched } = &mut *scratch;
        for &d in touched.iter() {
            if let Some(x) = dots.get_mut(d as usize) {
                *x = None;
            }
        }
        touched.clear();
        dots.resize(documents.len(), None);
        for list in &index.doc_values[target as usize] {
            for &id in list {
                for &d in &index.value_docs[id as usize] {
                    if dots[d as usize].is_none() {
                        dots[d as usize] = Some(0.0);
                        touched.push(d);
                    }
                }
            }
        }
        for &(w, x) in &index.vectors[target as usize] {
            for &(d, y) in &index.by_word[w as usize] {
                let dot = dots[d as usize].get_or_insert_with(|| {
                    touched.push(d);
                    0.0
                });
                let p = x * y;
                if p > 0.0 {
                    *dot += p;
                }
            }
        }
        touched.sort_unstable();
        for &i in touched.iter() {
            let dot = dots[i as usize].take();
            if i == target {
                continue;
            }
            let s = index.score(documents, target, i, params, dot, None);
            if s > 0.0 {
                scored.push((s, distance(&documents[i as usize]), i));
            }
        }
        touched.clear();
    });
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let scoring: HashSet<u32> = scored.iter().map(|&(_, _, i)| i).collect();
    let mut out: Vec<Related> = scored
        .iter()
        .take(limit)
        .map(|&(_, _, i)| {
            let mut r = Related {
                doc: i,
                score: 0.0,
                people: Vec::new(),
                places: Vec::new(),
                subjects: Vec::new(),
                words: Vec::new(),
                by_date: false,
            };
            r.score = index.score(documents, target, i, params, None, Some(&mut r));
            r
        })
        .collect();
    if out.len() < limit {
        // Every other document, closest in date first.
        let mut by_date: Vec<(u32, u32)> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (i as u32, d))
            .filter(|(i, _)| *i != target && !scoring.contains(i))
            .map(|(i, d)| (distance(d), i))
            .collect();
        by_date.sort_unstable();
        out.extend(
            by_date
                .into_iter()
                .take(limit - out.len())
                .map(|(_, i)| Related {
                    doc: i,
                    score: 0.0,
                    people: Vec::new(),
                    places: Vec::new(),
                    subjects: Vec::new(),
                    words: Vec::new(),
                    by_date: true,
                }),
        );
    }
    out
}

/// What [`related_in`] reuses from one call to the next: a dot product per document (`None`:
/// shares nothing yet) and the documents it touched.
#[derive(Default)]
struct Scratch {
    dots: Vec<Option<f64>>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Words too common in any English prose to say two documents are alike.
const STOP: [&str; 40] = [
    "about", "after", "also", "against", "between", "both", "could", "during", "each", "from",
    "have", "into", "more", "most", "other", "over", "same", "such", "than", "that", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "under", "until", "upon",
    "were", "what", "when", "where", "which", "while", "with", "would",
];

/// Folded words of four letters or more in the title and summary, with their counts.
fn word_counts(doc: &Document) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for text in [&doc.title, &doc.summary] {
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() < 4 {
                continue;
            }
            let w = fold(w);
            if STOP.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            *out.entry(w).or_insert(0) += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;

    fn doc(
        id: &str,
        date: &str,
        people: &[&str],
        places: &[&str],
        subjects: &[&str],
        summary: &str,
    ) -> Document {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        Document {
            id: id.into(),
            title: id.into(),
            date: Some(PartialDate::parse(date).unwrap()),
            people: v(people),
            places: v(places),
            subjects: v(subjects),
            summary: summary.into(),
            ..Default::default()
        }
    }

    /// Yalta shares three people with Tehran, a place with nothing, and only a broad place
    /// with the Marshall Plan; the Moon treaty shares nothing at all.
    fn fixture() -> Vec<Document> {
        vec![
            doc(
                "yalta",
                "1945-02-11",
                &["Churchill", "Roosevelt", "Stalin"],
                &["Yalta", "Europe"],
                &["Conferences"],
                "Allied leaders agree on zones of occupation.",
            ),
            doc(
                "tehran",
                "1943-12-01",
                &["Churchill", "Roosevelt", "Stalin"],
                &["Tehran"],
                &["Conferences"],
                "Allied leaders meet.",
            ),
            doc(
                "marshall",
                "1947-06-05",
                &["Marshall"],
                &["Europe"],
                &["Aid"],
                "Aid for Europe.",
            ),
            doc(
                "potsdam",
                "1945-08-02",
                &["Stalin", "Truman"],
                &["Potsdam"],
                &["Conferences"],
                "Zones of occupation in Germany confirmed.",
            ),
            doc(
                "moon",
                "1967-01-27",
                &[],
                &["Space"],
                &["Space law"],
                "Celestial bodies.",
            ),
        ]
    }

    #[test]
    fn sharing_more_people_ranks_first() {
        let docs = fixture();
        let r = related(&docs, 0, 3, &RelatedParams::default());
        let ids: Vec<&str> = r.iter().map(|x| docs[x.doc as usize].id.as_str()).collect();
        assert_eq!(ids, ["tehran", "potsdam", "marshall"]);
        assert_eq!(
            r[0].reason(),
            "Same people: Churchill, Roosevelt, Stalin · Same subject: Conferences · Similar words: allied, leaders"
        );
        assert!(r[1].reason().contains("Similar words: occupation, zones"));
        assert_eq!(r[2].reason(), "Same place: Europe");
    }

    #[test]
    fn documents_sharing_nothing_fill_in_by_closeness_in_date() {
        let docs = fixture();
        let r = related(&docs, 4, 2, &RelatedParams::default());
        let ids: Vec<&str> = r.iter().map(|x| docs[x.doc as usize].id.as_str()).collect();
        assert_eq!(ids, ["marshall", "potsdam"], "1947 then 1945-08");
        assert!(r.iter().all(|x| x.by_date && x.reason() == "Close in date"));
    }

    #[test]
    fn never_lists_the_document_itself_or_more_than_asked() {
        let docs = fixture();
        for t in 0..docs.len() as u32 {
            let r = related(&docs, t, 10, &RelatedParams::default());
            assert_eq!(r.len(), docs.len() - 1);
            assert!(r.iter().all(|x| x.doc != t));
        }
        assert!(related(&docs, 99, 5, &RelatedParams::default()).is_empty());
    }

    #[test]
    fn the_same_answer_asked_again_or_after_another_archive() {
        let docs = fixture();
        let index = RelatedIndex::new(&docs);
        let first: Vec<_> = (0..docs.len() as u32)
            .map(|t| related_in(&index, &docs, t, 3, &RelatedParams::default()))
            .collect();
        // A larger archive in between leaves the reused scratch space longer than this one.
        let mut more = fixture();
        more.extend(fixture());
        let _ = related(&more, 7, 3, &RelatedParams::default());
        for t in 0..docs.len() as u32 {
            let again = related_in(&index, &docs, t, 3, &RelatedParams::default());
            assert_eq!(again, first[t as usize]);
        }
    }

    #[test]
    fn a_rare_shared_value_outweighs_a_common_one() {
        let mut docs = fixture();
        for i in 0..5 {
            docs.push(doc(
                &format!("filler{i}"),
                "1990",
                &[],
                &["Europe"],
                &[],
                "",
            ));
        }
        docs.push(doc("rare", "1990", &[], &["Yalta"], &[], ""));
        let r = related(&docs, 0, 10, &RelatedParams::default());
        let pos = |id: &str| {
            r.iter()
                .position(|x| docs[x.doc as usize].id == id)
                .unwrap()
        };
        assert!(pos("rare") < pos("filler0"));
    }
}
