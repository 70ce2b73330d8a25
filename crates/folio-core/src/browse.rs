//! Browse pages and the archive's vital statistics.
//!
//! A browse page lists every value of one facet (every collection, subject, person, place or
//! language) with the number of documents that carry it, sorted by name or by count and
//! narrowed by a filter box. Its own small state lives in the URL like the search page's:
//! `browse/people?sort=count&filter=chur`. [`ArchiveFacts`] holds what the About page says of
//! the archive as a whole: how many documents, and the span of their dates.

use crate::analyzer::fold;
use crate::date::PartialDate;
use crate::facets::{count_values, display_value, sort_by_count, sort_by_name};
use crate::model::Document;
use crate::url_state::{encode_component, parse_pairs, FacetField};

/// The path segment of a facet's browse page (`browse/people`).
pub fn slug(field: FacetField) -> &'static str {
    match field {
        FacetField::Collection => "collections",
        FacetField::Subjects => "subjects",
        FacetField::People => "people",
        FacetField::Places => "places",
        FacetField::Language => "languages",
    }
}

/// The facet of a browse page's path segment.
pub fn field_from_slug(s: &str) -> Option<FacetField> {
    FacetField::ALL.into_iter().find(|f| slug(*f) == s)
}

/// The heading of a facet's browse page ("People", "Collections").
pub fn plural_label(field: FacetField) -> &'static str {
    match field {
        FacetField::Collection => "Collections",
        FacetField::Subjects => "Subjects",
        FacetField::People => "People",
        FacetField::Places => "Places",
        FacetField::Language => "Languages",
    }
}

/// How a browse list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum BrowseSort {
    /// A to Z, ignoring case and accents.
    #[default]
    Name,
    /// Most documents first, then by name.
    Count,
}

impl BrowseSort {
    pub fn key(self) -> &'static str {
        match self {
            BrowseSort::Name => "name",
            BrowseSort::Count => "count",
        }
    }
}

/// A browse page's state, as it lives in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct BrowseState {
    pub sort: BrowseSort,
    /// The filter box's text, as typed.
    pub filter: String,
}

impl BrowseState {
    /// Parses `sort=count&filter=chur`; never fails (unknown values fall back).
    pub fn parse(query_string: &str) -> BrowseState {
        let mut st = BrowseState::default();
        for (k, v) in parse_pairs(query_string) {
            match k.as_str() {
                "sort" if v == "count" => st.sort = BrowseSort::Count,
                "sort" => st.sort = BrowseSort::Name,
                "filter" => st.filter = v,
                _ => {}
            }
        }
        st
    }

    /// The canonical query string without `?`; empty for the default state.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.sort != BrowseSort::Name {
            parts.push(format!("sort={}", self.sort.key()));
        }
        if !self.filter.is_empty() {
            parts.push(format!("filter={}", encode_component(&self.filter)));
        }
        parts.join("&")
    }
}

/// One line of a browse page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BrowseEntry {
    /// The value as the bundle spells it (what the link filters on).
    pub value: String,
    /// How it reads (language codes become names).
    pub label: String,
    pub count: usize,
}

/// Every value of `field` over all documents, in the order and with the filter of `state`.
/// The filter matches anywhere in the value or its label, ignoring case and accents.
pub fn browse(documents: &[Document], field: FacetField, state: &BrowseState) -> Vec<BrowseEntry> {
    let mut values = count_values(documents, field);
    match state.sort {
        BrowseSort::Name => sort_by_name(&mut values),
        BrowseSort::Count => sort_by_count(&mut values),
    }
    let needle = fold(state.filter.trim());
    values
        .into_iter()
        .map(|(value, count)| BrowseEntry {
            label: display_value(field, &value),
            value,
            count,
        })
        .filter(|e| {
            needle.is_empty()
                || fold(&e.value).contains(&needle)
                || fold(&e.label).contains(&needle)
        })
        .collect()
}

/// What the About page says of the archive as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ArchiveFacts {
    pub documents: usize,
    /// Documents with a date.
    pub dated: usize,
    /// The earliest date and the latest date (or span end) of any document.
    pub first: Option<PartialDate>,
    pub last: Option<PartialDate>,
    /// How many distinct values each facet has, in [`FacetField::ALL`] order.
    pub distinct: Vec<(FacetField, usize)>,
}

/// Counts and the date span of `documents`.
pub fn archive_facts(documents: &[Document]) -> ArchiveFacts {
    let mut facts = ArchiveFacts {
        documents: documents.len(),
        ..Default::default()
    };
    for d in documents {
        let Some(start) = d.date else { continue };
        facts.dated += 1;
        let end = d.date_end.unwrap_or(start);
        if facts.first.is_none_or(|f| start.sort_key() < f.sort_key()) {
            facts.first = Some(start);
        }
        if facts.last.is_none_or(|l| end.end_key() > l.end_key()) {
            facts.last = Some(end);
        }
    }
    facts.distinct = FacetField::ALL
        .into_iter()
        .map(|f| (f, count_values(documents, f).len()))
        .collect();
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(people: &[&str], lang: &str, date: Option<&str>, end: Option<&str>) -> Document {
        Document {
            id: format!("{people:?}"),
            title: "t".into(),
            people: people.iter().map(|s| s.to_string()).collect(),
            language: lang.into(),
            date: date.map(|d| PartialDate::parse(d).unwrap()),
            date_end: end.map(|d| PartialDate::parse(d).unwrap()),
            ..Default::default()
        }
    }

    fn fixture() -> Vec<Document> {
        vec![
            doc(
                &["Winston Churchill", "Joseph Stalin"],
                "en",
                Some("1945-02"),
                None,
            ),
            doc(&["Joseph Stalin"], "ru", Some("1939-08-23"), None),
            doc(&["Émile Loubet"], "fr", None, None),
            doc(
                &["Joseph Stalin", "Harry S. Truman"],
                "en",
                Some("1945-07-17"),
                Some("1945-08-02"),
            ),
        ]
    }

    fn names(entries: &[BrowseEntry]) -> Vec<(String, usize)> {
        entries.iter().map(|e| (e.label.clone(), e.count)).collect()
    }

    fn owned(v: &[(&str, usize)]) -> Vec<(String, usize)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn lists_every_value_by_name_ignoring_accents() {
        let e = browse(&fixture(), FacetField::People, &BrowseState::default());
        assert_eq!(
            names(&e),
            owned(&[
                ("Émile Loubet", 1),
                ("Harry S. Truman", 1),
                ("Joseph Stalin", 3),
                ("Winston Churchill", 1)
            ])
        );
    }

    #[test]
    fn sorts_by_count_and_filters_by_any_part_of_the_name() {
        let st = BrowseState::parse("sort=count");
        let e = browse(&fixture(), FacetField::People, &st);
        assert_eq!(e[0].label, "Joseph Stalin");
        let st = BrowseState::parse("filter=EMILE");
        assert_eq!(
            names(&browse(&fixture(), FacetField::People, &st)),
            owned(&[("Émile Loubet", 1)])
        );
    }

    #[test]
    fn languages_are_listed_and_filtered_by_name() {
        let st = BrowseState::parse("filter=russ");
        let e = browse(&fixture(), FacetField::Language, &st);
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].value.as_str(), e[0].label.as_str()),
            ("ru", "Russian")
        );
    }

    #[test]
    fn slugs_round_trip() {
        for f in FacetField::ALL {
            assert_eq!(field_from_slug(slug(f)), Some(f));
        }
        assert_eq!(field_from_slug("nope"), None);
    }

    #[test]
    fn facts_give_the_count_and_the_span_including_span_ends() {
        let f = archive_facts(&fixture());
        assert_eq!((f.documents, f.dated), (4, 3));
        assert_eq!(f.first.unwrap().to_string(), "1939-08-23");
        assert_eq!(f.last.unwrap().to_string(), "1945-08-02");
        assert_eq!(f.distinct[2], (FacetField::People, 4));
    }

    proptest! {
        #[test]
        fn browse_state_round_trips_through_the_url(count: bool, filter in "\\PC{0,20}") {
            let st = BrowseState {
                sort: if count { BrowseSort::Count } else { BrowseSort::Name },
                filter,
            };
            prop_assert_eq!(BrowseState::parse(&st.to_query_string()), st);
        }
    }
}
