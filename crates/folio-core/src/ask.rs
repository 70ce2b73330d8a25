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
use crate::hit::Hit;
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
    /// Every value of one facet of a search's results (the search answer lists the top ones).
    Facet {
        state: SearchState,
        field: FacetField,
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

/// The answer to a [`Question`], of the same kind. (Short-lived: one at a time, moved
/// whole; boxing the larger kinds would buy nothing.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Search(SearchAnswer),
    /// `None`: no document at that address.
    Document(Option<Box<DocumentAnswer>>),
    Browse(BrowseAnswer),
    Facet(Facet),
    About(ArchiveFacts),
    Export(ExportAnswer),
    /// A packed archive could not fetch or read a part the question needed: the reader is
    /// told why (the rest of the archive still answers), and no partial answer is given.
    Unavailable(String),
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
    /// The results of the page shown (the state's page, clamped to the pages there are).
    pub hits: Vec<Hit>,
    /// Each facet counted over the query's results with every filter but its own: its top
    /// values and the selected ones ([`Facet::top`]; the rest with [`Question::Facet`]).
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
        Question::Browse { field, state } => {
            let entries = browse(&archive.documents, *field, state);
            // Unfiltered, the list is every value: counted once, not twice.
            let all = if state.filter.trim().is_empty() {
                entries.len()
            } else {
                browse(&archive.documents, *field, &BrowseState::default()).len()
            };
            Answer::Browse(BrowseAnswer { all, entries })
        }
        Question::Facet { state, field } => Answer::Facet(
            facets(archive, state, None)
                .into_iter()
                .find(|f| f.field == *field)
                .unwrap_or(Facet {
                    field: *field,
                    values: Vec::new(),
                    unlisted: 0,
                }),
        ),
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
    let facets = facets(archive, state, Some(&outcome.docs));
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
            .map(|&n| Hit::of(archive.doc(n), &outcome.matched_terms))
            .collect(),
        facets: facets.iter().map(Facet::top).collect(),
        timeline: timeline(outcome.docs.iter().map(|&n| archive.entry(n)), clip),
        corrections: outcome.corrections,
        matched_terms: outcome.matched_terms,
    }
}

/// Every facet of `state`'s results, each counted with every filter but its own: over the
/// query's results before any filter (`results`, the state's own, are those when it has no
/// filter and need not be found again).
fn facets(archive: &Archive, state: &SearchState, results: Option<&[u32]>) -> Vec<Facet> {
    match results.filter(|_| !state.has_filters()) {
        Some(base) => archive.facet_counts(base, state),
        None => archive.facet_counts(&archive.run(&state.clear_filters()).docs, state),
    }
}

fn document(archive: &Archive, slug: &str, from: &SearchState) -> Option<DocumentAnswer> {
    let n = archive.find_by_slug(slug)?;
    let neighbour = |m: u32| {
        let d = archive.entry(m);
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
            let d = archive.entry(r.doc);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::model::ArchiveMeta;

    fn archive() -> Archive {
        let doc = |id: &str, title: &str, date: &str, people: &[&str]| Document {
            id: id.into(),
            title: title.into(),
            date: PartialDate::parse(date).ok(),
            summary: format!("Summary of {title}."),
            people: people.iter().map(|p| p.to_string()).collect(),
            ..Default::default()
        };
        let mut docs: Vec<Document> = (1..=23)
            .map(|i| {
                doc(
                    &format!("t{i}"),
                    &format!("Treaty number {i}"),
                    "1950",
                    &["Acheson"],
                )
            })
            .collect();
        docs.push(doc("lt", "The Long Telegram", "1946-02-22", &["Kennan"]));
        docs.push(doc(
            "x/y z",
            "Telegram from Moscow",
            "1946-03-01",
            &["Kennan"],
        ));
        Archive::new(
            ArchiveMeta {
                title: "Test".into(),
                ..Default::default()
            },
            docs,
        )
    }

    /// Every answer crosses to the page as JSON and back unchanged.
    fn round_trip(a: &Archive, q: Question) -> Answer {
        let sent: ToWorker = serde_json::from_str(
            &serde_json::to_string(&ToWorker::Ask {
                id: 7,
                question: q.clone(),
            })
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            sent,
            ToWorker::Ask {
                id: 7,
                question: q.clone()
            }
        );
        let answer = answer(a, &q);
        let back: ToPage = serde_json::from_str(
            &serde_json::to_string(&ToPage::Answer {
                id: 7,
                answer: answer.clone(),
            })
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            back,
            ToPage::Answer {
                id: 7,
                answer: answer.clone()
            }
        );
        answer
    }

    #[test]
    fn a_search_answers_its_page_with_facets_and_timeline() {
        let a = archive();
        let state = SearchState {
            page: 3,
            ..SearchState::default()
        };
        let Answer::Search(s) = round_trip(&a, Question::Search(state.clone())) else {
            panic!("a search answer");
        };
        assert_eq!((s.total, s.browsing, s.page_info().page), (25, true, 3));
        let expected: Vec<&str> = a.run(&state).docs[20..25]
            .iter()
            .map(|&n| a.doc(n).id.as_str())
            .collect();
        let got: Vec<&str> = s.hits.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(got, expected, "the third page's documents, in order");
        assert_eq!(s.timeline.bars.iter().map(|b| b.count).sum::<usize>(), 25);
        let people = s
            .facets
            .iter()
            .find(|f| f.field == FacetField::People)
            .unwrap();
        assert_eq!(people.values[0].value, "Acheson");
        assert_eq!(people.values[0].count, 23);

        // Past the last page: the last page, as the pager shows it.
        let far = SearchState {
            q: "telegram".into(),
            page: 9,
            ..SearchState::default()
        };
        let Answer::Search(s) = round_trip(&a, Question::Search(far)) else {
            panic!("a search answer");
        };
        assert_eq!((s.total, s.page_info().page, s.hits.len()), (2, 1, 2));
        assert!(s.matched_terms.contains("telegram"));

        // A filter narrows the results; its facet is still counted without it.
        let filtered = SearchState::default().toggle_filter(FacetField::People, "Kennan");
        let Answer::Search(s) = round_trip(&a, Question::Search(filtered)) else {
            panic!("a search answer");
        };
        assert_eq!(s.total, 2);
        let people = s
            .facets
            .iter()
            .find(|f| f.field == FacetField::People)
            .unwrap();
        assert_eq!(
            people.values.len(),
            2,
            "each facet counted without its own filter"
        );
    }

    #[test]
    fn a_search_lists_the_top_values_of_a_facet_and_the_rest_on_request() {
        let docs: Vec<Document> = (0..15)
            .map(|i| Document {
                id: format!("d{i}"),
                title: format!("Memo {i}"),
                // Person 0 on every memo, person i on memo i: 15 people.
                people: vec!["Person 0".into(), format!("Person {i}")],
                ..Default::default()
            })
            .collect();
        let a = Archive::new(ArchiveMeta::default(), docs);
        let state = SearchState::default().toggle_filter(FacetField::People, "Person 9");
        let Answer::Search(s) = round_trip(&a, Question::Search(state.clone())) else {
            panic!("a search answer");
        };
        let people = s
            .facets
            .iter()
            .find(|f| f.field == FacetField::People)
            .unwrap();
        assert_eq!(
            people.values.len(),
            11,
            "the top ten and the selected value"
        );
        assert_eq!(people.unlisted, 4);
        assert_eq!(people.values[0].value, "Person 0");
        assert!(people
            .values
            .iter()
            .any(|v| v.value == "Person 9" && v.selected));
        let Answer::Facet(all) = round_trip(
            &a,
            Question::Facet {
                state,
                field: FacetField::People,
            },
        ) else {
            panic!("a facet");
        };
        assert_eq!((all.values.len(), all.unlisted), (15, 0));
        assert_eq!(all.top(), *people);
    }

    #[test]
    fn a_document_answers_with_its_place_in_the_search_and_its_relations() {
        let a = archive();
        let from = SearchState::parse("q=telegram");
        let slug = crate::doc_slug::doc_slug("x/y z");
        let Answer::Document(Some(d)) = round_trip(
            &a,
            Question::Document {
                slug,
                from: from.clone(),
            },
        ) else {
            panic!("the document");
        };
        assert_eq!(d.doc.id, "x/y z");
        assert!(d.terms.contains("telegram"));
        let pos = d.position.expect("it is among the results");
        assert_eq!(pos.total, 2);
        let other = pos.prev.or(pos.next).expect("a neighbour");
        assert_eq!(other.id, "lt");
        assert!(d
            .related
            .iter()
            .any(|r| r.id == "lt" && !r.reason.is_empty()));

        let none = round_trip(
            &a,
            Question::Document {
                slug: "no-such-document".into(),
                from,
            },
        );
        assert_eq!(none, Answer::Document(None));
        assert_eq!(
            answer(
                &a,
                &Question::Document {
                    slug: String::new(),
                    from: SearchState::default()
                }
            ),
            Answer::Document(None),
            "an address that is no document's path"
        );
    }

    #[test]
    fn browse_about_and_export_answer_over_the_whole_archive() {
        let a = archive();
        let Answer::Browse(b) = round_trip(
            &a,
            Question::Browse {
                field: FacetField::People,
                state: BrowseState::parse("filter=ken"),
            },
        ) else {
            panic!("a browse answer");
        };
        assert_eq!(b.all, 2);
        assert_eq!(b.entries.len(), 1);
        assert_eq!(
            (b.entries[0].value.as_str(), b.entries[0].count),
            ("Kennan", 2)
        );

        let Answer::About(facts) = round_trip(&a, Question::About) else {
            panic!("the facts");
        };
        assert_eq!(facts.documents, 25);

        let Answer::Export(file) = round_trip(
            &a,
            Question::Export {
                state: SearchState::parse("q=telegram"),
                format: Format::Csv,
                site_url: "https://example.org/folio/".into(),
            },
        ) else {
            panic!("a file");
        };
        assert_eq!(file.count, 2);
        assert!(file.name.ends_with(".csv"));
        assert!(file.body.contains("The Long Telegram"));
        assert!(file.body.contains("https://example.org/folio/"));
    }

    #[test]
    fn load_errors_and_progress_cross_as_json() {
        for m in [
            ToPage::Failed(LoadError::Bundle(crate::bundle::BundleError::Html)),
            ToPage::Failed(LoadError::Stalled { seconds: 30 }),
            ToPage::Progress(Progress::Indexing { done: 3, total: 9 }),
            ToPage::Kept,
        ] {
            let back: ToPage = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
            assert_eq!(back, m);
        }
        // What worker.js sends when the module cannot start, read as the Rust side's.
        let from_js: ToPage =
            serde_json::from_str(r#"{"Failed":{"Worker":"importScripts failed"}}"#).unwrap();
        assert_eq!(
            from_js,
            ToPage::Failed(LoadError::Worker("importScripts failed".into()))
        );
    }
}
