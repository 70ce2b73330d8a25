//! The inverted index: a mutable [`IndexBuilder`] that freezes into an immutable [`Index`].
//!
//! For every folded word the index keeps the documents that contain it and how often it
//! occurs in each field ([`Posting`]), plus every document's field lengths for BM25F
//! normalization. The term dictionary is a sorted list, so exact words are found by binary
//! search and prefixes as one contiguous range. Documents are numbered by their position in
//! the bundle; that number is also the tie-breaker wherever order reaches the screen.

use std::collections::HashMap;
use std::ops::Range;

use crate::analyzer::for_each_token;
use crate::model::Document;
use crate::ranking::{Field, FIELD_COUNT};

/// One document's occurrences of one word, per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf: [u16; FIELD_COUNT],
}

/// Collects documents; [`IndexBuilder::freeze`] turns it into an [`Index`].
#[derive(Debug, Default)]
pub struct IndexBuilder {
    dict: HashMap<String, u32>,
    postings: Vec<Vec<Posting>>,
    doc_lens: Vec<[u32; FIELD_COUNT]>,
    scratch: HashMap<u32, [u16; FIELD_COUNT]>,
}

/// The frozen index. Shared read-only after load.
#[derive(Debug, Clone, Default)]
pub struct Index {
    terms: Vec<Box<str>>,
    postings: Vec<Box<[Posting]>>,
    doc_lens: Vec<[u32; FIELD_COUNT]>,
    avg_lens: [f32; FIELD_COUNT],
}

/// The text of each field of a document, in [`Field`] order. List fields are indexed item by
/// item.
fn field_texts(doc: &Document) -> [Vec<&str>; FIELD_COUNT] {
    fn list(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    [
        vec![doc.title.as_str()],
        list(&doc.people),
        list(&doc.places),
        list(&doc.subjects),
        vec![doc.summary.as_str()],
        vec![doc.text.as_str()],
    ]
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next document; documents are numbered in the order they are added.
    pub fn add(&mut self, doc: &Document) {
        let doc_no = self.doc_lens.len() as u32;
        let mut lens = [0u32; FIELD_COUNT];
        self.scratch.clear();
        for (f, texts) in field_texts(doc).iter().enumerate() {
            for text in texts {
                for_each_token(text, |term, _, _, _| {
                    lens[f] += 1;
                    let id = match self.dict.get(term) {
                        Some(&id) => id,
                        None => {
                            let id = self.postings.len() as u32;
                            self.dict.insert(term.to_string(), id);
                            self.postings.push(Vec::new());
                            id
                        }
                    };
                    let tf = self.scratch.entry(id).or_insert([0; FIELD_COUNT]);
                    tf[f] = tf[f].saturating_add(1);
                });
            }
        }
        let mut entries: Vec<_> = self.scratch.drain().collect();
        entries.sort_unstable_by_key(|(id, _)| *id);
        for (id, tf) in entries {
            self.postings[id as usize].push(Posting { doc: doc_no, tf });
        }
        self.doc_lens.push(lens);
    }

    pub fn len(&self) -> usize {
        self.doc_lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_lens.is_empty()
    }

    /// Sorts the dictionary and freezes the index.
    pub fn freeze(self) -> Index {
        let mut by_term: Vec<(String, u32)> = self.dict.into_iter().collect();
        by_term.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings_in = self.postings;
        let mut terms = Vec::with_capacity(by_term.len());
        let mut postings = Vec::with_capacity(by_term.len());
        for (term, id) in by_term {
            terms.push(term.into_boxed_str());
            postings.push(std::mem::take(&mut postings_in[id as usize]).into_boxed_slice());
        }
        let n = self.doc_lens.len().max(1) as f32;
        let mut avg_lens = [0f32; FIELD_COUNT];
        for lens in &self.doc_lens {
            for f in 0..FIELD_COUNT {
                avg_lens[f] += lens[f] as f32;
            }
        }
        for a in &mut avg_lens {
            *a /= n;
        }
        Index {
            terms,
            postings,
            doc_lens: self.doc_lens,
            avg_lens,
        }
    }
}

impl Index {
    /// Builds an index over `docs` in one go.
    pub fn build(docs: &[Document]) -> Index {
        let mut b = IndexBuilder::new();
        for d in docs {
            b.add(d);
        }
        b.freeze()
    }

    pub fn doc_count(&self) -> usize {
        self.doc_lens.len()
    }

    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The dictionary slot of an exact (folded) word.
    pub fn term_id(&self, term: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| (**t).cmp(term)).ok()
    }

    /// The dictionary slots of every word that starts with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let start = self.terms.partition_point(|t| (**t) < *prefix);
        let len = self.terms[start..].partition_point(|t| t.starts_with(prefix));
        start..start + len
    }

    pub fn term(&self, id: usize) -> &str {
        &self.terms[id]
    }

    pub fn postings(&self, id: usize) -> &[Posting] {
        &self.postings[id]
    }

    /// How many documents contain the word in slot `id`.
    pub fn doc_freq(&self, id: usize) -> usize {
        self.postings[id].len()
    }

    pub fn doc_lens(&self, doc: u32) -> &[u32; FIELD_COUNT] {
        &self.doc_lens[doc as usize]
    }

    pub fn avg_lens(&self) -> &[f32; FIELD_COUNT] {
        &self.avg_lens
    }

    /// Field lengths by name, for tests and explanations.
    pub fn field_len(&self, doc: u32, field: Field) -> u32 {
        self.doc_lens[doc as usize][field as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> Document {
        Document {
            id: title.into(),
            title: title.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn postings_count_words_per_field() {
        let idx = Index::build(&[
            doc("Long Telegram", "telegram from Moscow"),
            doc("Other", "Moscow Moscow"),
        ]);
        let t = idx.term_id("telegram").unwrap();
        assert_eq!(
            idx.postings(t),
            &[Posting {
                doc: 0,
                tf: [1, 0, 0, 0, 0, 1]
            }]
        );
        let m = idx.term_id("moscow").unwrap();
        assert_eq!(idx.doc_freq(m), 2);
        assert_eq!(idx.postings(m)[1].tf[Field::Text as usize], 2);
        assert_eq!(idx.field_len(0, Field::Title), 2);
    }

    #[test]
    fn prefixes_are_contiguous_ranges() {
        let idx = Index::build(&[doc("soviet sovereignty sow", "south")]);
        let r = idx.prefix_range("sov");
        let words: Vec<_> = r.map(|i| idx.term(i)).collect();
        assert_eq!(words, ["sovereignty", "soviet"]);
        assert!(idx.prefix_range("zzz").is_empty());
    }
}
