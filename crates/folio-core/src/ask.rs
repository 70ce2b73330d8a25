//! The questions a page asks of the archive, and their answers.
//!
//! In the browser the archive lives in the index worker (`crates/folio-worker`): the page holds
//! no documents, it sends a [`Question`] and renders the [`Answer`]. The prerenderer asks the
//! same questions of an archive in memory. Either way [`answer`] is the one place that turns a
//! question into what a page shows, so the worker and the prerendered pages cannot disagree.
//!
//! Both travel as JSON between the page and the worker ([`ToWorker`], [`ToPage`]).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::browse::{archive_facts, browse, ArchiveFacts, BrowseEntry, BrowseState};
use crate::date::PartialDate;
use crate::export::{file_name, ExportContext, Format};
use crate::facets::Facet;
use crate::loading::{ArchiveSummary, LoadError, Progress};
use crate::model::Document;
use crate::paging::PageInfo;
use crate::related::{RelatedParams, DEFAULT_LIMIT};
use crate::search::Correction;
use crate::timeline::{filter_year, timeline, Timeline};
use crate::url_state::{FacetField, SearchState};

/// What a page wants to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Question {
    /// The results page of a search state, with its facets and timeline.
    Search(SearchState),
    /// The document at `doc/<slug>`, opened from the search `from`.
    Document { slug: String, from: SearchState },
    /// A browse page: every value of a facet.
    Browse {
        field: FacetField,
        state: BrowseState,
    },
    /// The about page's figures.
    About,
    /// The whole result list of a search as a file.
    Export {
        state: SearchState,
        format: Format,
        /// The site's address, for the links in the file.
        site_url: String,
    },
}

/// The answer to a [`Question`], of the same kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Search(SearchAnswer),
    /// `None`: no document at that address.
    Document(Option<Box<DocumentAnswer>>),
    Browse(BrowseAnswer),
    About(ArchiveFacts),
    Export(ExportAnswer),
}

/// One page of results and everything around it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchAnswer {
    /// The state this answers (the page shows it, not a newer one still being answered).
    pub state: SearchState,
    /// How many documents match, on every page.
    pub total: usize,
    /// How many of them match the whole query (the rest match some of its words).
    pub full: usize,
    /// True when the query had no searchable words and every document is listed.
    pub browsing: bool,
    pub corrections: Vec<Correction>,
    /// Folded words that matched, for marking.
    pub matched_terms: HashSet<String>,
    /// The documents of the page shown (the state's page, clamped to the pages there are).
    pub hits: Vec<Document>,
    /// Each facet counted over the query's results with every filter but its own.
    pub facets: Vec<Facet>,
    pub timeline: Timeline,
}

impl SearchAnswer {
    /// The page shown, clamped, and its range.
    pub fn page_info(&self) -> PageInfo {
        PageInfo::new(self.total, self.state.page, self.state.per_page)
    }

    /// True when documents matching only some of the query's words were added.
    pub fn has_partial(&self) -> bool {
        !self.browsing && self.full < self.total
    }
}

/// A document's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentAnswer {
    pub doc: Document,
    /// The words of the search it was opened from, to mark in its text.
    pub terms: HashSet<String>,
    /// Where it sits in that search's results.
    pub position: Option<Position>,
    /// Related documents, best first.
    pub related: Vec<RelatedItem>,
}

/// Where a document sits in a result list, and its neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// 0-based.
    pub index: usize,
    pub total: usize,
    pub prev: Option<Neighbour>,
    pub next: Option<Neighbour>,
}

/// A document next to another in a result list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    pub id: String,
    pub title: String,
}

/// One related document and why it is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedItem {
    pub id: String,
    pub title: String,
    pub date: Option<PartialDate>,
    pub date_end: Option<PartialDate>,
    pub reason: String,
}

/// A browse page's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowseAnswer {
    /// How many values the facet has in all (the filter aside).
    pub all: usize,
    pub entries: Vec<BrowseEntry>,
}

/// A file to download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAnswer {
    pub name: String,
    pub mime: String,
    pub body: String,
    /// Documents in it.
    pub count: usize,
}

/// What the page sends the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    Ask { id: u32, question: Question },
}

/// What the worker sends the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToPage {
    Progress(Progress),
    Ready(ArchiveSummary),
    Failed(LoadError),
    /// The worker's own downloads (its WebAssembly, the bundle) are kept for the service
    /// worker, which may now be registered (it stores them instead of downloading them again).
    Kept,
    Answer {
        id: u32,
        answer: Answer,
    },
}

/// Answers `question` from `archive`.
pub fn answer(archive: &Archive, question: &Question) -> Answer {
    match question {
        Question::Search(state) => Answer::Search(search(archive, state)),
        Question::Document { slug, from } => {
            Answer::Document(document(archive, slug, from).map(Box::new))
        }
        Question::Browse { field, state } => Answer::Browse(BrowseAnswer {
            all: browse(&archive.documents, *field, &BrowseState::default()).len(),
            entries: browse(&archive.documents, *field, state),
        }),
        Question::About => Answer::About(archive_facts(&archive.documents)),
        Question::Export {
            state,
            format,
            site_url,
        } => {
            let docs = archive.run(state).docs;
            let list: Vec<&Document> = docs.iter().map(|&n| archive.doc(n)).collect();
            let ctx = ExportContext {
                meta: &archive.meta,
                site_url,
                state,
            };
            Answer::Export(ExportAnswer {
                name: file_name(state, *format),
                mime: format.mime().to_string(),
                body: format.render(&list, &ctx),
                count: list.len(),
            })
        }
    }
}

fn search(archive: &Archive, state: &SearchState) -> SearchAnswer {
    let outcome = archive.run(state);
    let info = PageInfo::new(outcome.docs.len(), state.page, state.per_page);
    let base = if state.has_filters() {
        archive.run(&state.clear_filters()).docs
    } else {
        outcome.docs.clone()
    };
    let clip = (
        filter_year(state.from.as_deref()),
        filter_year(state.to.as_deref()),
    );
    SearchAnswer {
        state: state.clone(),
        total: outcome.docs.len(),
        full: outcome.full,
        browsing: outcome.browsing,
        hits: outcome.docs[info.range()]
            .iter()
            .map(|&n| archive.doc(n).clone())
            .collect(),
        facets: archive.facet_counts(&base, state),
        timeline: timeline(outcome.docs.iter().map(|&n| archive.doc(n)), clip),
        corrections: outcome.corrections,
        matched_terms: outcome.matched_terms,
    }
}

fn document(archive: &Archive, slug: &str, from: &SearchState) -> Option<DocumentAnswer> {
    let n = archive.find_by_slug(slug)?;
    let neighbour = |m: u32| {
        let d = archive.doc(m);
        Neighbour {
            id: d.id.clone(),
            title: d.title.clone(),
        }
    };
    let docs = archive.run(from).docs;
    let position = docs.iter().position(|&d| d == n).map(|index| Position {
        index,
        total: docs.len(),
        prev: index.checked_sub(1).map(|i| neighbour(docs[i])),
        next: docs.get(index + 1).map(|&m| neighbour(m)),
    });
    let related = archive
        .related(n, DEFAULT_LIMIT, &RelatedParams::default())
        .into_iter()
        .map(|r| {
            let d = archive.doc(r.doc);
            RelatedItem {
                id: d.id.clone(),
                title: d.title.clone(),
                date: d.date,
                date_end: d.date_end,
                reason: r.reason(),
            }
        })
        .collect();
    Some(DocumentAnswer {
        doc: archive.doc(n).clone(),
        terms: archive.run_query(&from.q, Default::default()).matched_terms,
        position,
        related,
    })
}
