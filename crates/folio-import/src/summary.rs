//! The summary printed at the end of a run: counts, words, date span, top facet values
//! and sizes.
//!
//! [`Stats`] is fed one document at a time (an import never holds them all) and renders
//! the same report for an import and for `--check`. Ties among facet values are broken
//! by first appearance, so the report is deterministic.

use std::collections::HashMap;

use folio_core::date::PartialDate;
use folio_core::model::Document;

use crate::output::Sizes;

/// How many values of each facet the summary lists.
pub const TOP: usize = 5;

/// Counts words as runs of letters, digits and `_` (the corpus's `word_count` rule).
pub fn count_words(text: &str) -> u64 {
    let mut n = 0;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is most of any text; only other characters need decoding.
        let (w, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'_', 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        if w && !in_word {
            n += 1;
        }
        in_word = w;
        i += len;
    }
    n
}

/// Occurrences of each value of one facet.
#[derive(Debug, Default)]
pub struct FacetCount {
    /// value → (count, order of first appearance)
    counts: HashMap<String, (u64, u64)>,
}

impl FacetCount {
    pub fn add(&mut self, value: &str) {
        let next = self.counts.len() as u64;
        if let Some(entry) = self.counts.get_mut(value) {
            entry.0 += 1;
        } else {
            self.counts.insert(value.to_string(), (1, next));
        }
    }

    /// The `n` most frequent values, ties in order of first appearance.
    pub fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64, u64)> = self
            .counts
            .iter()
            .map(|(k, (c, o))| (k.as_str(), *c, *o))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        all.into_iter().take(n).map(|(k, c, _)| (k, c)).collect()
    }

    pub fn distinct(&self) -> usize {
        self.counts.len()
    }
}

/// Everything the summary reports, gathered document by document.
#[derive(Debug, Default)]
pub struct Stats {
    pub documents: u64,
    pub words: u64,
    pub first: Option<PartialDate>,
    pub last: Option<PartialDate>,
    pub collection: FacetCount,
    pub subjects: FacetCount,
    pub people: FacetCount,
    pub places: FacetCount,
    pub language: FacetCount,
}

impl Stats {
    pub fn add(&mut self, doc: &Document) {
        self.documents += 1;
        self.words += count_words(&doc.title) + count_words(&doc.summary) + count_words(&doc.text);
        if let Some(start) = doc.date {
            let end = doc.date_end.unwrap_or(start);
            if self.first.is_none_or(|f| start.sort_key() < f.sort_key()) {
                self.first = Some(start);
            }
            if self.last.is_none_or(|l| end.end_key() > l.end_key()) {
                self.last = Some(end);
            }
        }
        if !doc.collection.is_empty() {
            self.collection.add(&doc.collection);
        }
        if !doc.language.is_empty() {
            self.language.add(&doc.language);
        }
        doc.subjects.iter().for_each(|v| self.subjects.add(v));
        doc.people.iter().for_each(|v| self.people.add(v));
        doc.places.iter().for_each(|v| self.places.add(v));
    }

    /// The report's lines (without the line about warnings).
    /// `verb` says what happened to the documents counted ("written", "loaded").
    pub fn render(
        &self,
        verb: &str,
        skipped: u64,
        repaired: u64,
        sizes: Option<Sizes>,
    ) -> Vec<String> {
        let mut out = vec![format!(
            "  documents   {} {verb}, {} skipped, {} repaired",
            thousands(self.documents),
            thousands(skipped),
            thousands(repaired)
        )];
        out.push(format!("  words       {}", thousands(self.words)));
        out.push(match (self.first, self.last) {
            (Some(f), Some(l)) if f == l => format!("  dates       {f}"),
            (Some(f), Some(l)) => format!("  dates       {f} – {l}"),
            _ => "  dates       none".to_string(),
        });
        if let Some(s) = sizes {
            out.push(format!(
                "  size        {} raw, {} gzip",
                megabytes(s.raw),
                megabytes(s.gzip)
            ));
        }
        for (name, facet) in [
            ("collection", &self.collection),
            ("subjects", &self.subjects),
            ("people", &self.people),
            ("places", &self.places),
            ("language", &self.language),
        ] {
            let distinct = facet.distinct() as u64;
            if distinct == 0 {
                out.push(format!("  {name:<11} none"));
                continue;
            }
            let plural = if distinct == 1 { "value" } else { "values" };
            out.push(format!(
                "  {name:<11} {} {plural}, most frequent:",
                thousands(distinct)
            ));
            for (value, count) in facet.top(TOP) {
                out.push(format!(
                    "  {:>16}  {}",
                    thousands(count),
                    crate::diagnostics::shorten(value, 100)
                ));
            }
        }
        out
    }
}

/// `4167` → `4,167`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as `19.4 MB` (decimal megabytes, as the corpus notes use), or `812 B`/`12.3 kB`.
pub fn megabytes(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(count_words("Sir: I have the honor, 2 times—twice."), 8);
        assert_eq!(count_words("Her Britannic Majesty’s consul"), 5);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("Asunción, 1894; snake_case"), 3);
        assert_eq!(count_words("日本 — Ελλάδα"), 2);
    }

    #[test]
    fn top_values_break_ties_by_first_appearance() {
        let mut f = FacetCount::default();
        for v in ["b", "a", "c", "a", "b", "d"] {
            f.add(v);
        }
        assert_eq!(f.top(3), vec![("b", 2), ("a", 2), ("c", 1)]);
    }

    #[test]
    fn the_date_span_covers_ranges() {
        let mut s = Stats::default();
        let d = |x: &str| PartialDate::parse(x).ok();
        s.add(&Document {
            date: d("1956-09-16"),
            ..Default::default()
        });
        s.add(&Document {
            date: d("1950"),
            date_end: d("1959"),
            ..Default::default()
        });
        s.add(&Document::default());
        assert_eq!(
            (s.first.unwrap().to_string(), s.last.unwrap().to_string()),
            ("1950".into(), "1959".into())
        );
    }

    #[test]
    fn numbers_read_easily() {
        assert_eq!(thousands(4167), "4,167");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(megabytes(19_400_000), "19.4 MB");
        assert_eq!(megabytes(512), "512 B");
    }
}
