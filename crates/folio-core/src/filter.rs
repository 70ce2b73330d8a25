//! Filters: which documents pass the facet values and the date range a reader selected.
//!
//! Values of one facet combine with OR (a document about Berlin *or* Vienna), facets
//! combine with AND (…and about Containment). Values compare exactly as the bundle spells
//! them. A date range keeps the documents whose own date or span overlaps it; a document
//! without a date never passes a date filter.

use crate::date::PartialDate;
use crate::model::Document;
use crate::url_state::{FacetField, SearchState};

/// The values of `field` that `doc` carries.
pub fn facet_values(doc: &Document, field: FacetField) -> &[String] {
    match field {
        FacetField::Collection => std::slice::from_ref(&doc.collection),
        FacetField::Language => std::slice::from_ref(&doc.language),
        FacetField::Subjects => &doc.subjects,
        FacetField::People => &doc.people,
        FacetField::Places => &doc.places,
    }
}

/// The first and last day a document's date (or span) can mean, as sort keys.
pub fn doc_span(doc: &Document) -> Option<(u32, u32)> {
    let start = doc.date?;
    let end = doc.date_end.unwrap_or(start);
    Some((start.sort_key(), end.end_key().max(start.end_key())))
}

/// A compiled filter for one search state.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    by_field: Vec<(FacetField, Vec<String>)>,
    range: Option<(u32, u32)>,
}

impl Filter {
    pub fn new(state: &SearchState) -> Filter {
        let mut by_field: Vec<(FacetField, Vec<String>)> = Vec::new();
        for (f, v) in &state.filters {
            match by_field.iter_mut().find(|(g, _)| g == f) {
                Some((_, vs)) => vs.push(v.clone()),
                None => by_field.push((*f, vec![v.clone()])),
            }
        }
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| PartialDate::parse(s).ok());
        let from = parse(&state.from).map(|d| d.sort_key());
        let to = parse(&state.to).map(|d| d.end_key());
        let range = match (from, to) {
            (None, None) => None,
            (f, t) => Some((f.unwrap_or(0), t.unwrap_or(u32::MAX))),
        };
        Filter { by_field, range }
    }

    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.range.is_none()
    }

    /// Whether every document passes when `skip`'s own selection is ignored.
    pub fn is_empty_except(&self, skip: Option<FacetField>) -> bool {
        self.range.is_none() && self.by_field.iter().all(|(f, _)| Some(*f) == skip)
    }

    /// Whether `doc` passes every facet and the date range.
    pub fn accepts(&self, doc: &Document) -> bool {
        self.accepts_except(doc, None)
    }

    /// Like [`Filter::accepts`] but ignoring one facet (for that facet's own counts, so
    /// selecting a value does not hide its siblings).
    pub fn accepts_except(&self, doc: &Document, skip: Option<FacetField>) -> bool {
        for (field, wanted) in &self.by_field {
            if Some(*field) == skip {
                continue;
            }
            let have = facet_values(doc, *field);
            if !wanted.iter().any(|w| have.iter().any(|h| h == w)) {
                return false;
            }
        }
        match (self.range, doc_span(doc)) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((lo, hi)), Some((start, end))) => start <= hi && end >= lo,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(places: &[&str], subjects: &[&str], date: Option<&str>, end: Option<&str>) -> Document {
        Document {
            id: "x".into(),
            title: "t".into(),
            places: places.iter().map(|s| s.to_string()).collect(),
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            date_end: end.map(|d| PartialDate::parse(d).unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn values_of_one_facet_or_and_facets_and() {
        let s = SearchState::parse("place=Berlin&place=Vienna&subject=Cold+War");
        let f = Filter::new(&s);
        assert!(f.accepts(&doc(&["Vienna"], &["Cold War"], None, None)));
        assert!(!f.accepts(&doc(&["Vienna"], &["Détente"], None, None)));
        assert!(!f.accepts(&doc(&["Paris"], &["Cold War"], None, None)));
        assert!(f.accepts_except(
            &doc(&["Paris"], &["Cold War"], None, None),
            Some(FacetField::Places)
        ));
    }

    #[test]
    fn date_ranges_overlap_document_spans() {
        let f = Filter::new(&SearchState::parse("from=1956&to=1957-06"));
        assert!(f.accepts(&doc(&[], &[], Some("1956-09-16"), None)));
        assert!(
            f.accepts(&doc(&[], &[], Some("1950"), Some("1960"))),
            "a span that covers the range"
        );
        assert!(
            f.accepts(&doc(&[], &[], Some("1957"), None)),
            "a year overlapping the range's end"
        );
        assert!(!f.accepts(&doc(&[], &[], Some("1957-07-01"), None)));
        assert!(
            !f.accepts(&doc(&[], &[], None, None)),
            "undated documents fail a date filter"
        );
        let open = Filter::new(&SearchState::parse("from=1990"));
        assert!(open.accepts(&doc(&[], &[], Some("1994-12-05"), None)));
        assert!(!open.accepts(&doc(&[], &[], Some("1989"), None)));
    }
}
