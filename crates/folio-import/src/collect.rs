//! Deciding which records become documents of the bundle, the same way for every format.
//!
//! The [`Collector`] is the readers' [`Sink`]. For each candidate it reports the problems
//! found while reading, then applies the bundle's rules: a title is required (else the
//! record is skipped), an id is generated when missing (`<file stem>-<record number>`,
//! deterministic, with a warning), and an id already used is skipped with a pointer to
//! the first use. Accepted documents go straight to the output and the statistics; only
//! their ids are remembered.

use std::collections::HashMap;

use folio_core::model::Document;

use crate::diagnostics::{Diagnostic, Location, Outcome, Problem};
use crate::error::FatalError;
use crate::fields::Field;
use crate::input::Sink;
use crate::output::BundleFile;
use crate::record::Candidate;
use crate::report::Reporter;
use crate::summary::Stats;

/// Where accepted documents go: the bundle file, or nothing (for tests and dry runs).
pub trait DocumentSink {
    fn push(&mut self, doc: &Document) -> Result<(), FatalError>;
}

impl DocumentSink for BundleFile {
    fn push(&mut self, doc: &Document) -> Result<(), FatalError> {
        BundleFile::push(self, doc)
    }
}

impl DocumentSink for Vec<Document> {
    fn push(&mut self, doc: &Document) -> Result<(), FatalError> {
        Vec::push(self, doc.clone());
        Ok(())
    }
}

pub struct Collector<'r, D: DocumentSink> {
    reporter: &'r mut Reporter,
    out: D,
    /// Every id accepted so far and where it came from.
    ids: HashMap<String, Location>,
    /// The stem of generated ids for the file being read.
    stem: String,
    default_language: Option<String>,
    pub stats: Stats,
    pub skipped: u64,
    pub repaired: u64,
}

impl<'r, D: DocumentSink> Collector<'r, D> {
    pub fn new(reporter: &'r mut Reporter, out: D, default_language: Option<String>) -> Self {
        Collector {
            reporter,
            out,
            ids: HashMap::new(),
            stem: String::new(),
            default_language,
            stats: Stats::default(),
            skipped: 0,
            repaired: 0,
        }
    }

    /// Starts a new input file; generated ids use its stem.
    pub fn begin_file(&mut self, stem: String) {
        self.stem = stem;
    }

    pub fn reporter(&mut self) -> &mut Reporter {
        self.reporter
    }

    /// Gives back the document sink (to commit the bundle).
    pub fn into_output(self) -> D {
        self.out
    }

    /// Ends the run: the document sink, the statistics, and the skipped and repaired
    /// counts.
    pub fn finish(self) -> (D, Stats, u64, u64) {
        (self.out, self.stats, self.skipped, self.repaired)
    }

    /// A deterministic id for a record without one, unused so far.
    fn generate_id(&self, record: u64) -> String {
        let base = format!("{}-{record}", self.stem);
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn skip(&mut self, diagnostic: Diagnostic) -> Result<(), FatalError> {
        self.skipped += 1;
        self.reporter.warn(diagnostic)
    }
}

impl<D: DocumentSink> Sink for Collector<'_, D> {
    fn record(&mut self, mut c: Candidate) -> Result<(), FatalError> {
        let mut repaired = false;
        let mut skipped = false;
        for p in std::mem::take(&mut c.problems) {
            repaired |= p.outcome == Outcome::Repaired;
            skipped |= p.outcome == Outcome::Skipped;
            self.reporter.warn(p)?;
        }
        if skipped {
            self.skipped += 1;
            return Ok(());
        }
        if c.doc.title.is_empty() {
            let location = c.field_location(Field::Title);
            return self.skip(Diagnostic::skip(
                location,
                Some("title"),
                Problem::MissingTitle,
            ));
        }
        if c.doc.id.is_empty() {
            let generated = self.generate_id(c.record);
            self.reporter.warn(Diagnostic::repair(
                c.field_location(Field::Id),
                Some("id"),
                Problem::MissingId {
                    generated: generated.clone(),
                },
            ))?;
            c.doc.id = generated;
            repaired = true;
        }
        if let Some(first) = self.ids.get(&c.doc.id) {
            let problem = Problem::DuplicateId {
                id: c.doc.id.clone(),
                first: first.clone(),
            };
            return self.skip(Diagnostic::skip(
                c.field_location(Field::Id),
                Some("id"),
                problem,
            ));
        }
        if c.doc.language.is_empty() {
            if let Some(lang) = &self.default_language {
                c.doc.language = lang.clone();
            }
        }
        self.ids.insert(c.doc.id.clone(), c.location);
        if repaired {
            self.repaired += 1;
        }
        self.stats.add(&c.doc);
        self.out.push(&c.doc)
    }

    fn reject(&mut self, diagnostic: Diagnostic) -> Result<(), FatalError> {
        self.skip(diagnostic)
    }

    fn note(&mut self, location: Location, message: String) {
        self.reporter.note(&location, &message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Progress;
    use std::sync::Arc;

    fn candidate(line: u64, id: &str, title: &str) -> Candidate {
        let doc = Document {
            id: id.into(),
            title: title.into(),
            ..Default::default()
        };
        Candidate::new(Location::line(&Arc::from("a.csv"), line), line - 1, doc)
    }

    fn run(
        cands: Vec<Candidate>,
        strict: bool,
    ) -> (Result<(), FatalError>, Vec<Document>, u64, u64, u64) {
        let mut reporter = Reporter::new(strict, Some(0), Progress::hidden());
        let mut c = Collector::new(&mut reporter, Vec::new(), Some("en".into()));
        c.begin_file("a".into());
        let mut result = Ok(());
        for cand in cands {
            result = c.record(cand);
            if result.is_err() {
                break;
            }
        }
        let (skipped, repaired) = (c.skipped, c.repaired);
        let docs = c.into_output();
        (result, docs, skipped, repaired, reporter.warnings())
    }

    #[test]
    fn duplicate_ids_keep_the_first_record() {
        let (_, docs, skipped, _, warnings) = run(
            vec![candidate(2, "x", "First"), candidate(3, "x", "Second")],
            false,
        );
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].title, "First");
        assert_eq!((skipped, warnings), (1, 1));
    }

    #[test]
    fn records_without_a_title_are_skipped() {
        let (_, docs, skipped, _, _) =
            run(vec![candidate(2, "x", ""), candidate(3, "y", "Y")], false);
        assert_eq!(docs.len(), 1);
        assert_eq!(skipped, 1);
    }

    #[test]
    fn missing_ids_are_generated_from_stem_and_record_number() {
        let (_, docs, _, repaired, _) = run(
            vec![
                candidate(2, "", "A"),
                candidate(3, "a-1", "B"),
                candidate(4, "", "C"),
            ],
            false,
        );
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        // The second record's own id "a-1" clashes with the first's generated one.
        assert_eq!(ids, ["a-1", "a-3"]);
        assert_eq!(repaired, 2);
    }

    #[test]
    fn the_default_language_fills_gaps_only() {
        let mut fr = candidate(2, "x", "X");
        fr.doc.language = "fr".into();
        let (_, docs, ..) = run(vec![fr, candidate(3, "y", "Y")], false);
        assert_eq!(
            (docs[0].language.as_str(), docs[1].language.as_str()),
            ("fr", "en")
        );
    }

    #[test]
    fn strict_stops_at_the_first_problem() {
        let (result, docs, ..) = run(
            vec![
                candidate(2, "x", "X"),
                candidate(3, "x", "X"),
                candidate(4, "z", "Z"),
            ],
            true,
        );
        assert!(matches!(result, Err(FatalError::Strict(_))));
        assert_eq!(docs.len(), 1);
    }
}
