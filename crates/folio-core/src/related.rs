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
#[derive(Debug, Clone, PartialEq)]
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

/// The `limit` documents most related to `target`, best first. Empty when `target` is out of
/// range.
pub fn related(
    documents: &[Document],
    target: u32,
    limit: usize,
    params: &RelatedParams,
) -> Vec<Related> {
    let Some(me) = documents.get(target as usize) else {
        return Vec::new();
    };
    let n = documents.len() as f64;
    let rarity = |df: usize| (1.0 + n / df.max(1) as f64).ln();

    // Document frequencies of the values `me` carries, and of every word.
    let mine = |values: &[String]| -> HashSet<String> { values.iter().cloned().collect() };
    let (my_people, my_places, my_subjects) =
        (mine(&me.people), mine(&me.places), mine(&me.subjects));
    let mut value_df: HashMap<(u8, &str), usize> = HashMap::new();
    for d in documents {
        for (f, values, wanted) in [
            (0u8, &d.people, &my_people),
            (1, &d.places, &my_places),
            (2, &d.subjects, &my_subjects),
        ] {
            for v in values.iter().filter(|v| wanted.contains(*v)) {
                *value_df.entry((f, v.as_str())).or_insert(0) += 1;
            }
        }
    }
    let words: Vec<HashMap<String, usize>> = documents.iter().map(word_counts).collect();
    let mut word_df: HashMap<&str, usize> = HashMap::new();
    for w in &words {
        for k in w.keys() {
            *word_df.entry(k.as_str()).or_insert(0) += 1;
        }
    }
    let my_vec = tf_idf(&words[target as usize], &word_df, n);
    let my_norm = norm(&my_vec);

    let my_date = me.date.map(|d| d.sort_key());
    let distance = |d: &Document| match (my_date, d.date.map(|x| x.sort_key())) {
        (Some(a), Some(b)) => a.abs_diff(b),
        _ => u32::MAX,
    };

    let mut scored: Vec<(Related, u32)> = Vec::new();
    let mut by_date: Vec<(u32, u32)> = Vec::new();
    for (i, d) in documents.iter().enumerate() {
        let i = i as u32;
        if i == target {
            continue;
        }
        let shared = |f: u8, values: &[String], wanted: &HashSet<String>| -> (Vec<String>, f64) {
            let mut out = Vec::new();
            let mut score = 0.0;
            for v in values.iter().filter(|v| wanted.contains(*v)) {
                if out.contains(v) {
                    continue;
                }
                score += rarity(value_df.get(&(f, v.as_str())).copied().unwrap_or(1));
                out.push(v.clone());
            }
            (out, score)
        };
        let (people, sp) = shared(0, &d.people, &my_people);
        let (places, sl) = shared(1, &d.places, &my_places);
        let (subjects, ss) = shared(2, &d.subjects, &my_subjects);
        let other = tf_idf(&words[i as usize], &word_df, n);
        let (cosine, top) = cosine(&my_vec, my_norm, &other);
        let cosine = if cosine >= MIN_COSINE { cosine } else { 0.0 };
        let score =
            params.people * sp + params.places * sl + params.subjects * ss + params.text * cosine;
        if score > 0.0 {
            scored.push((
                Related {
                    doc: i,
                    score,
                    people,
                    places,
                    subjects,
                    words: if cosine > 0.0 { top } else { Vec::new() },
                    by_date: false,
                },
                distance(d),
            ));
        } else {
            by_date.push((distance(d), i));
        }
    }
    scored.sort_by(|(a, da), (b, db)| {
        b.score
            .total_cmp(&a.score)
            .then(da.cmp(db))
            .then(a.doc.cmp(&b.doc))
    });
    let mut out: Vec<Related> = scored.into_iter().take(limit).map(|(r, _)| r).collect();
    if out.len() < limit {
        by_date.sort();
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

/// Log-scaled term frequency times `ln(N / n)`.
fn tf_idf<'a>(
    counts: &'a HashMap<String, usize>,
    df: &HashMap<&str, usize>,
    n: f64,
) -> HashMap<&'a str, f64> {
    counts
        .iter()
        .map(|(w, &tf)| {
            let d = df.get(w.as_str()).copied().unwrap_or(1) as f64;
            (w.as_str(), (1.0 + (tf as f64).ln()) * (n / d).ln().max(0.0))
        })
        .collect()
}

fn norm(v: &HashMap<&str, f64>) -> f64 {
    v.values().map(|x| x * x).sum::<f64>().sqrt()
}

/// The cosine of two vectors and the (at most three) words that contribute most to it.
fn cosine(a: &HashMap<&str, f64>, a_norm: f64, b: &HashMap<&str, f64>) -> (f64, Vec<String>) {
    let b_norm = norm(b);
    if a_norm == 0.0 || b_norm == 0.0 {
        return (0.0, Vec::new());
    }
    let mut parts: Vec<(&str, f64)> = a
        .iter()
        .filter_map(|(w, x)| b.get(w).map(|y| (*w, x * y)))
        .filter(|(_, p)| *p > 0.0)
        .collect();
    let dot: f64 = parts.iter().map(|(_, p)| p).sum();
    parts.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
    let top = parts.iter().take(3).map(|(w, _)| w.to_string()).collect();
    (dot / (a_norm * b_norm), top)
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
