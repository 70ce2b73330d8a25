//! The loaded archive: documents, their index, and the questions the pages ask of them.
//!
//! An [`Archive`] is built once after the bundle loads and is immutable afterwards (the UI
//! shares it behind an `Rc`/`Arc`). It answers "which documents, in which order, for this
//! query" ([`Archive::run`]) and "which document has this id" ([`Archive::find`]).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::facet_table::FacetTable;
use crate::facets::{facet_counts_with, Facet};
use crate::filter::Filter;
use crate::index::{Index, IndexBuilder};
use crate::model::{ArchiveMeta, Document};
use crate::query::parse;
use crate::ranking::RankingParams;
use crate::related::{related_in, Related, RelatedIndex, RelatedParams};
use crate::search::{search, Correction, DocFacts, SearchOptions};
use crate::url_state::{SearchState, Sort};

/// Documents plus everything derived from them at load time.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    pub meta: ArchiveMeta,
    pub documents: Vec<Document>,
    pub index: Index,
    pub params: RankingParams,
    by_id: HashMap<String, u32>,
    facts: Vec<DocFacts>,
    /// Every document in date order (undated last; ties in bundle order).
    browse_order: Vec<u32>,
    /// Facet values as ids, for counting them over results.
    facet_table: FacetTable,
    /// The word vectors behind related documents, made the first time they are asked for.
    related_index: OnceLock<RelatedIndex>,
    /// In a packed archive: which full records are here (`documents` holds the catalogue
    /// entries of the others), and their related documents.
    pub(crate) pack: Option<Box<PackedDocs>>,
}

/// The records of a packed archive, as far as fetched.
#[derive(Debug, Clone, Default)]
pub(crate) struct PackedDocs {
    /// The first document of each records part.
    pub starts: Vec<u32>,
    pub loaded: Vec<bool>,
    /// Per document: its full record is in `documents`.
    pub full: Vec<bool>,
    pub related: HashMap<u32, Vec<Related>>,
    pub needs: crate::pack::NeedLog,
    pub head: crate::pack::format::PackHead,
}

impl PackedDocs {
    /// The records part holding document `n`.
    pub fn part_of(&self, n: u32) -> u32 {
        self.starts.partition_point(|&s| s <= n).saturating_sub(1) as u32
    }

    /// True when document `n`'s record is here; noted as needed otherwise.
    fn has(&self, n: u32) -> bool {
        let here = self.full.get(n as usize).copied().unwrap_or(true);
        if !here {
            self.needs.need(crate::pack::Part::Records(self.part_of(n)));
        }
        here
    }
}

/// The documents a query selects, in display order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOutcome {
    pub docs: Vec<u32>,
    /// Folded indexed words that matched, for marking.
    pub matched_terms: HashSet<String>,
    /// True when the query had no searchable words and every document is listed.
    pub browsing: bool,
    /// How many of `docs` match the whole query (before filters, the rest match some words).
    /// With a sort other than relevance the partial matches are dropped.
    pub full: usize,
    /// Words that matched nothing as typed and what they were read as.
    pub corrections: Vec<Correction>,
}

impl QueryOutcome {
    /// True when documents matching only some of the query's words were added.
    pub fn has_partial(&self) -> bool {
        !self.browsing && self.full < self.docs.len()
    }
}

impl Archive {
    /// Builds the archive from an already-built index (the UI builds it in slices).
    pub fn from_parts(meta: ArchiveMeta, documents: Vec<Document>, index: Index) -> Archive {
        let by_id = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i as u32))
            .collect();
        let mut browse_order: Vec<u32> = (0..documents.len() as u32).collect();
        browse_order.sort_by_key(|&i| {
            let d = &documents[i as usize];
            (
                d.date.is_none(),
                d.date.map(|d| d.sort_key()).unwrap_or(0),
                i,
            )
        });
        let facts = documents
            .iter()
            .map(|d| DocFacts {
                span: crate::filter::doc_span(d),
                lang: crate::analyzer::fold(d.language.trim()),
            })
            .collect();
        let facet_table = FacetTable::new(&documents);
        Archive {
            meta,
            documents,
            index,
            params: RankingParams::default(),
            by_id,
            facts,
            browse_order,
            facet_table,
            related_index: OnceLock::new(),
            pack: None,
        }
    }

    /// Builds the archive and its index in one go.
    pub fn new(meta: ArchiveMeta, documents: Vec<Document>) -> Archive {
        let mut b = IndexBuilder::new();
        for d in &documents {
            b.add(d);
        }
        let index = b.freeze();
        Archive::from_parts(meta, documents, index)
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    pub fn find(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The document at the address `doc/<slug>` ([`crate::doc_slug`]): the id the slug spells,
    /// the document whose cut slug it is, or, for an address of an older form (the id
    /// percent-encoded, already decoded by `parse_doc_path`), the id written as it is.
    pub fn find_by_slug(&self, slug: &str) -> Option<u32> {
        use crate::doc_slug::{doc_slug, slug_target, SlugTarget};
        match slug_target(slug) {
            SlugTarget::Id(id) => self.find(&id).or_else(|| self.find(slug)),
            SlugTarget::Hashed => (0..self.documents.len() as u32)
                .find(|&n| doc_slug(&self.documents[n as usize].id) == slug)
                .or_else(|| self.find(slug)),
            SlugTarget::Foreign => self.find(slug),
        }
    }

    /// The documents most related to document `n` ([`crate::related`]), best first.
    pub fn related(&self, n: u32, limit: usize, params: &RelatedParams) -> Vec<Related> {
        if let Some(pack) = &self.pack {
            // Found when the pack was written, over the whole archive, with the defaults.
            if !pack.has(n) {
                return Vec::new();
            }
            let mut list = pack.related.get(&n).cloned().unwrap_or_default();
            list.truncate(limit);
            return list;
        }
        let words = self
            .related_index
            .get_or_init(|| RelatedIndex::new(&self.documents));
        related_in(words, &self.documents, n, limit, params)
    }

    /// Document `n`, whole. In a packed archive whose record of it is not here yet, its
    /// catalogue entry (and the records part is noted as needed).
    pub fn doc(&self, n: u32) -> &Document {
        if let Some(pack) = &self.pack {
            pack.has(n);
        }
        &self.documents[n as usize]
    }

    /// Document `n`'s catalogue entry: its id, title, dates, people, places, subjects,
    /// collection and language are sure to be there (in a packed archive, whether or not its record is here).
    pub fn entry(&self, n: u32) -> &Document {
        &self.documents[n as usize]
    }

    /// The facets for a search state: each counted over `base`, the query's results before
    /// any filter, with every filter but its own applied (see [`crate::facets`]).
    pub fn facet_counts(&self, base: &[u32], state: &SearchState) -> Vec<Facet> {
        facet_counts_with(&self.facet_table, &self.documents, base, state)
    }

    /// The documents for a search state: the query's hits (or every document when the query
    /// has no searchable words), filtered, in the chosen order.
    pub fn run(&self, state: &SearchState) -> QueryOutcome {
        let mut out = self.run_query(
            &state.q,
            SearchOptions {
                fuzzy: !state.exact,
                ..Default::default()
            },
        );
        let filter = Filter::new(state);
        if !filter.is_empty() {
            let (full, partial) = out.docs.split_at(out.full.min(out.docs.len()));
            let keep = |v: &[u32]| -> Vec<u32> {
                v.iter()
                    .copied()
                    .filter(|&d| filter.accepts(&self.documents[d as usize]))
                    .collect()
            };
            let (full, partial) = (keep(full), keep(partial));
            out.full = full.len();
            out.docs = full;
            out.docs.extend(partial);
        }
        if state.sort != Sort::Relevance && !out.browsing {
            // A date or title order mixes nothing in: only full matches are listed.
            out.docs.truncate(out.full);
        }
        self.sort(&mut out.docs, state.sort);
        out
    }

    /// The documents for a query alone, best first (date order when browsing).
    pub fn run_query(&self, query: &str, opts: SearchOptions) -> QueryOutcome {
        let parsed = parse(query);
        if parsed.is_empty() {
            let docs = self.browse_order.clone();
            return QueryOutcome {
                full: docs.len(),
                docs,
                matched_terms: HashSet::new(),
                browsing: true,
                corrections: Vec::new(),
            };
        }
        let r = search(&self.index, &self.facts, &parsed, &self.params, opts);
        QueryOutcome {
            docs: r.hits.iter().map(|h| h.doc).collect(),
            full: r.full,
            matched_terms: r.matched_terms.into_iter().collect(),
            browsing: false,
            corrections: r.corrections,
        }
    }

    /// Why `doc` scored what it did for `query`.
    pub fn explain(&self, query: &str, doc: u32) -> crate::ranking::Explanation {
        crate::search::explain(
            &self.index,
            &self.facts,
            &parse(query),
            &self.params,
            SearchOptions::default(),
            doc,
        )
    }

    /// The facts the search knows about each document.
    pub fn facts(&self) -> &[DocFacts] {
        &self.facts
    }

    /// Reorders `docs` (already in relevance or browse order) for `sort`. Stable, so ties
    /// keep relevance order.
    fn sort(&self, docs: &mut [u32], sort: Sort) {
        let date = |d: u32| self.documents[d as usize].date.map(|x| x.sort_key());
        match sort {
            // Relevance order is the order the query gave (date order when browsing).
            Sort::Relevance => {}
            Sort::DateAsc => docs.sort_by_key(|&d| (date(d).is_none(), date(d).unwrap_or(0))),
            Sort::DateDesc => {
                docs.sort_by_key(|&d| (date(d).is_none(), std::cmp::Reverse(date(d).unwrap_or(0))))
            }
            Sort::Title => {
                let key = |d: u32| crate::analyzer::fold(&self.documents[d as usize].title);
                docs.sort_by_cached_key(|&d| key(d));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;

    fn doc(id: &str, date: Option<&str>) -> Document {
        Document {
            id: id.into(),
            title: format!("Title {id}"),
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn documents_are_found_by_their_slug_and_by_older_addresses() {
        let long = "x/".repeat(120);
        let a = Archive::new(
            ArchiveMeta::default(),
            vec![
                doc("plain", None),
                doc("761.5411/1-2161", None),
                doc(&long, None),
                doc("a~2Fb", None),
            ],
        );
        assert_eq!(a.find_by_slug("plain"), Some(0));
        assert_eq!(a.find_by_slug("761.5411~2F1-2161"), Some(1));
        // An address of the older form: the id percent-encoded, decoded by parse_doc_path.
        assert_eq!(a.find_by_slug("761.5411/1-2161"), Some(1));
        assert_eq!(a.find_by_slug(&crate::doc_slug::doc_slug(&long)), Some(2));
        // An id that looks like a slug is reached by its own slug (`~` escaped)...
        assert_eq!(a.find_by_slug("a~7E2Fb"), Some(3));
        // ...and the slug it looks like names another id ("a/b"), which is not there.
        assert_eq!(a.find_by_slug("a~2Fb"), Some(3));
        assert_eq!(a.find_by_slug("missing"), None);
    }

    #[test]
    fn an_empty_query_browses_everything_in_date_order() {
        let a = Archive::new(
            ArchiveMeta::default(),
            vec![
                doc("late", Some("1990")),
                doc("none", None),
                doc("early", Some("1946-02-22")),
                doc("mid", Some("1956-09")),
            ],
        );
        let out = a.run(&SearchState {
            q: "   ".into(),
            ..Default::default()
        });
        assert!(out.browsing);
        let ids: Vec<_> = out.docs.iter().map(|&i| a.doc(i).id.as_str()).collect();
        assert_eq!(ids, ["early", "mid", "late", "none"]);
        let desc = a.run(&SearchState::parse("sort=date-desc"));
        let ids: Vec<_> = desc.docs.iter().map(|&i| a.doc(i).id.as_str()).collect();
        assert_eq!(ids, ["late", "mid", "early", "none"], "undated stay last");
        let ranged = a.run(&SearchState::parse("from=1950&to=1960"));
        assert_eq!(ranged.docs.len(), 1);
    }

    #[test]
    fn ids_are_found_exactly() {
        let a = Archive::new(ArchiveMeta::default(), vec![doc("a/b?c", None)]);
        assert_eq!(a.find("a/b?c"), Some(0));
        assert_eq!(a.find("a"), None);
    }
}
