//! The timeline: a histogram of the current results by year, or by decade or century when
//! the span is too long for one bar a year.
//!
//! A document dated to a span counts in every bar the span touches (once per bar), so a
//! conference of 1961 – 1963 counts in 1961, 1962 and 1963, or once in the 1960s. Bars run
//! without gaps from the first to the last year with documents, empty bars included, so the
//! axis reads as time. Each bar knows the date range (`from`, `to` as years) that narrows the
//! search to it. Undated documents are counted apart.

use crate::date::PartialDate;
use crate::model::Document;

/// At most this many years get one bar each; longer spans use decades.
pub const MAX_YEAR_BARS: u32 = 40;
/// At most this many decades; longer spans use centuries.
pub const MAX_DECADE_BARS: u32 = 40;

/// How many years one bar covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    Year,
    Decade,
    Century,
}

impl Unit {
    pub fn years(self) -> u16 {
        match self {
            Unit::Year => 1,
            Unit::Decade => 10,
            Unit::Century => 100,
        }
    }

    /// "year", "decade", "century": for captions.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Year => "year",
            Unit::Decade => "decade",
            Unit::Century => "century",
        }
    }
}

/// One bar of the histogram.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bar {
    /// First year of the bar.
    pub start: u16,
    /// Last year of the bar (inclusive).
    pub end: u16,
    pub count: usize,
    pub unit: Unit,
}

impl Bar {
    /// "1956", "1940s", "1900 – 1999".
    pub fn label(&self) -> String {
        match self.unit {
            Unit::Year => self.start.to_string(),
            Unit::Decade => format!("{}s", self.start),
            Unit::Century => format!("{} – {}", self.start, self.end),
        }
    }

    /// The `from` and `to` values of the date filter that narrows the results to this bar.
    pub fn range(&self) -> (String, String) {
        (format!("{:04}", self.start), format!("{:04}", self.end))
    }
}

/// The histogram of a result list.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Timeline {
    pub bars: Vec<Bar>,
    /// The largest bar count (0 when there are no bars).
    pub max: usize,
    /// Results without a date.
    pub undated: usize,
}

impl Timeline {
    /// The unit of the bars, if there are any.
    pub fn unit(&self) -> Option<Unit> {
        self.bars.first().map(|b| b.unit)
    }
}

/// The years a document's date or span covers, if it is dated.
pub fn year_span(doc: &Document) -> Option<(u16, u16)> {
    let start = doc.date?;
    let end = doc.date_end.unwrap_or(start);
    Some((start.year, end.year.max(start.year)))
}

/// Parses a date filter bound (`1956`, `1956-09`, …) to its year.
pub fn filter_year(value: Option<&str>) -> Option<u16> {
    value
        .and_then(|v| PartialDate::parse(v).ok())
        .map(|d| d.year)
}

/// The histogram of `docs`. With `clip` (the years of the date filter), spans are cut to it,
/// so a long span does not stretch the axis beyond the range the reader chose.
pub fn timeline<'a>(
    docs: impl IntoIterator<Item = &'a Document>,
    clip: (Option<u16>, Option<u16>),
) -> Timeline {
    let mut undated = 0;
    let mut spans: Vec<(u16, u16)> = Vec::new();
    for doc in docs {
        match year_span(doc) {
            Some((a, b)) => {
                let a = clip.0.map_or(a, |lo| a.max(lo));
                let b = clip.1.map_or(b, |hi| b.min(hi));
                if a <= b {
                    spans.push((a, b));
                }
            }
            None => undated += 1,
        }
    }
    let (Some(first), Some(last)) = (
        spans.iter().map(|s| s.0).min(),
        spans.iter().map(|s| s.1).max(),
    ) else {
        return Timeline {
            undated,
            ..Timeline::default()
        };
    };
    let unit = choose_unit(first, last);
    let width = unit.years();
    let origin = first - first % width;
    let bins = usize::from((last - origin) / width) + 1;
    let mut counts = vec![0usize; bins];
    for (a, b) in spans {
        let (i, j) = (
            usize::from((a - origin) / width),
            usize::from((b - origin) / width),
        );
        for c in &mut counts[i..=j] {
            *c += 1;
        }
    }
    let bars: Vec<Bar> = counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| {
            let start = origin + i as u16 * width;
            Bar {
                start,
                end: start + (width - 1),
                count,
                unit,
            }
        })
        .collect();
    Timeline {
        max: bars.iter().map(|b| b.count).max().unwrap_or(0),
        bars,
        undated,
    }
}

/// Years when the span fits in [`MAX_YEAR_BARS`] bars, then decades, then centuries.
fn choose_unit(first: u16, last: u16) -> Unit {
    let bars = |w: u16| u32::from(last / w - first / w) + 1;
    if bars(1) <= MAX_YEAR_BARS {
        Unit::Year
    } else if bars(10) <= MAX_DECADE_BARS {
        Unit::Decade
    } else {
        Unit::Century
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(date: Option<&str>, end: Option<&str>) -> Document {
        Document {
            id: "x".into(),
            title: "t".into(),
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            date_end: end.map(|d| PartialDate::parse(d).unwrap()),
            ..Default::default()
        }
    }

    fn counts(t: &Timeline) -> Vec<(String, usize)> {
        t.bars.iter().map(|b| (b.label(), b.count)).collect()
    }

    fn owned(v: &[(&str, usize)]) -> Vec<(String, usize)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn a_short_span_has_one_bar_a_year_with_empty_years_kept() {
        let docs = [
            doc(Some("1961-06-04"), None),
            doc(Some("1963"), None),
            doc(None, None),
        ];
        let t = timeline(&docs, (None, None));
        assert_eq!(counts(&t), owned(&[("1961", 1), ("1962", 0), ("1963", 1)]));
        assert_eq!((t.max, t.undated), (1, 1));
        assert_eq!(t.unit(), Some(Unit::Year));
    }

    #[test]
    fn a_document_with_a_span_counts_in_every_year_it_spans() {
        let docs = [
            doc(Some("1961-12"), Some("1963-01-02")),
            doc(Some("1962"), None),
        ];
        let t = timeline(&docs, (None, None));
        assert_eq!(counts(&t), owned(&[("1961", 1), ("1962", 2), ("1963", 1)]));
    }

    #[test]
    fn a_long_span_is_counted_by_decade_once_per_decade() {
        let docs = [
            doc(Some("1901-09-07"), None),
            doc(Some("1945"), Some("1951")),
            doc(Some("1999-06-10"), None),
        ];
        let t = timeline(&docs, (None, None));
        assert_eq!(t.unit(), Some(Unit::Decade));
        assert_eq!(t.bars.len(), 10);
        assert_eq!(t.bars[0].label(), "1900s");
        assert_eq!(t.bars[4].count, 1, "1940s");
        assert_eq!(t.bars[5].count, 1, "1950s");
        assert_eq!(t.bars[4].range(), ("1940".to_string(), "1949".to_string()));
    }

    #[test]
    fn very_long_spans_use_centuries() {
        let docs = [doc(Some("0801"), None), doc(Some("1999"), None)];
        let t = timeline(&docs, (None, None));
        assert_eq!(t.unit(), Some(Unit::Century));
        assert_eq!(t.bars[0].label(), "800 – 899");
        assert_eq!(t.bars.len(), 12);
    }

    #[test]
    fn spans_are_clipped_to_the_date_filter() {
        let docs = [doc(Some("1900"), Some("1990")), doc(Some("1950"), None)];
        let t = timeline(&docs, (Some(1949), Some(1951)));
        assert_eq!(counts(&t), owned(&[("1949", 1), ("1950", 2), ("1951", 1)]));
    }

    #[test]
    fn a_span_read_from_a_bundle_counts_in_both_years() {
        // Regression: the bundle reader once dropped every `date_end` (an eager `Option::or`
        // took it even when `date` was present), so spans never reached the timeline.
        let bundle = br#"{"format": "folio-bundle", "version": 1, "documents": [
            {"id": "m", "title": "McMahon-Hussein correspondence", "date": "1915-07", "date_end": "1916-03"}]}"#;
        let loaded = crate::bundle::parse_bundle(bundle).unwrap();
        let t = timeline(&loaded.documents, (None, None));
        assert_eq!(counts(&t), owned(&[("1915", 1), ("1916", 1)]));
    }

    #[test]
    fn no_dated_documents_means_no_bars() {
        let t = timeline(&[doc(None, None)], (None, None));
        assert!(t.bars.is_empty());
        assert_eq!((t.max, t.undated), (0, 1));
    }

    proptest! {
        /// Oracle: each bar counts the documents whose year span overlaps the bar's years.
        #[test]
        fn bars_count_overlapping_spans(
            spans in proptest::collection::vec((1u16..3000, 0u16..60), 1..20),
        ) {
            let docs: Vec<Document> = spans
                .iter()
                .map(|&(y, len)| {
                    let end = (y + len).min(9999);
                    doc(Some(&format!("{y:04}")), Some(&format!("{end:04}")))
                })
                .collect();
            let t = timeline(&docs, (None, None));
            let total_bars = t.bars.len() as u32;
            prop_assert!(total_bars <= MAX_YEAR_BARS.max(MAX_DECADE_BARS) || t.unit() == Some(Unit::Century));
            for w in t.bars.windows(2) {
                prop_assert_eq!(w[0].end + 1, w[1].start, "bars are contiguous");
            }
            for bar in &t.bars {
                let expected = docs
                    .iter()
                    .filter(|d| {
                        let (a, b) = year_span(d).unwrap();
                        a <= bar.end && b >= bar.start
                    })
                    .count();
                prop_assert_eq!(bar.count, expected);
            }
        }
    }
}
