//! Facet counts over the current results: how many documents carry each collection,
//! subject, person, place and language.
//!
//! Counts are exact: a value's count is the number of result documents that carry it. Each
//! facet is counted with its *own* selection ignored (but every other facet and the date range
//! applied), the usual multi-select rule: after choosing "Berlin" the other places stay listed
//! with the documents they would add, because values of one facet combine with OR. For a facet
//! with nothing selected this is simply the current results. Values are listed by count, then
//! by name; a selected value is always listed, even when nothing carries it any more, so it can
//! be removed.

use std::collections::HashMap;

use crate::analyzer::fold;
use crate::facet_table::FacetTable;
use crate::filter::{facet_values, Filter};
use crate::model::Document;
use crate::url_state::{FacetField, SearchState};

/// One value of a facet and how many documents carry it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FacetValue {
    /// The value exactly as the bundle spells it (what goes into the URL).
    pub value: String,
    pub count: usize,
    /// Whether the reader selected it.
    pub selected: bool,
}

/// The values of one facet, most frequent first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Facet {
    pub field: FacetField,
    pub values: Vec<FacetValue>,
    /// Values left out of `values` ([`Facet::top`]): a page is sent the top ones and asks
    /// for the rest when the reader wants them.
    #[serde(default)]
    pub unlisted: usize,
}

/// Values of a facet listed before "Show more".
pub const TOP_VALUES: usize = 10;

impl Facet {
    /// The facet with only its [`TOP_VALUES`] most frequent values and the selected ones.
    pub fn top(&self) -> Facet {
        let values: Vec<FacetValue> = self
            .values
            .iter()
            .enumerate()
            .filter(|(i, v)| *i < TOP_VALUES || v.selected)
            .map(|(_, v)| v.clone())
            .collect();
        Facet {
            field: self.field,
            unlisted: self.values.len() - values.len() + self.unlisted,
            values,
        }
    }
}

/// Counts the values of `field` over `docs`: each document counts once per distinct,
/// non-empty value. Sorted by count (highest first), then by name.
pub fn count_values<'a>(
    docs: impl IntoIterator<Item = &'a Document>,
    field: FacetField,
) -> Vec<(String, usize)> {
    let mut counts: HashMap<&'a str, usize> = HashMap::new();
    for doc in docs {
        let values = facet_values(doc, field);
        for (i, v) in values.iter().enumerate() {
            // Bundles are deduplicated on load, but a value repeated in one document must
            // still count that document once.
            if v.is_empty() || values[..i].contains(v) {
                continue;
            }
            *counts.entry(v.as_str()).or_insert(0) += 1;
        }
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(v, n)| (v.to_string(), n))
        .collect();
    sort_by_count(&mut out);
    out
}

/// Count descending, then name (case and accents folded), then the exact spelling.
pub fn sort_by_count(values: &mut [(String, usize)]) {
    values.sort_by_cached_key(|(v, n)| (std::cmp::Reverse(*n), fold(v), v.clone()));
}

/// Name order (case and accents folded), then the exact spelling.
pub fn sort_by_name(values: &mut [(String, usize)]) {
    values.sort_by_cached_key(|(v, _)| (fold(v), v.clone()));
}

/// Every facet for a search state.
///
/// `base` is the query's result list *before* any filter (for example
/// `archive.run(&state.clear_filters()).docs`); each facet is counted over the documents of
/// `base` that pass every filter but its own.
pub fn facet_counts(documents: &[Document], base: &[u32], state: &SearchState) -> Vec<Facet> {
    facet_counts_with(&FacetTable::new(documents), documents, base, state)
}

/// [`facet_counts`] with the archive's [`FacetTable`], built once (what the page uses).
pub fn facet_counts_with(
    table: &FacetTable,
    documents: &[Document],
    base: &[u32],
    state: &SearchState,
) -> Vec<Facet> {
    let filter = Filter::new(state);
    FacetField::ALL
        .into_iter()
        .map(|field| {
            let counted = if filter.is_empty_except(Some(field)) {
                table.count(field, base.iter().copied())
            } else {
                let passing = base.iter().copied().filter(|&n| {
                    documents
                        .get(n as usize)
                        .is_some_and(|d| filter.accepts_except(d, Some(field)))
                });
                table.count(field, passing)
            };
            let mut values: Vec<FacetValue> = counted
                .into_iter()
                .map(|(value, count)| FacetValue {
                    selected: state.selected(field).any(|s| s == value),
                    value: value.to_string(),
                    count,
                })
                .collect();
            for s in state.selected(field) {
                if !values.iter().any(|v| v.value == s) {
                    values.push(FacetValue {
                        value: s.to_string(),
                        count: 0,
                        selected: true,
                    });
                }
            }
            Facet {
                field,
                values,
                unlisted: 0,
            }
        })
        .collect()
}

/// How a facet value reads: language codes become names ("fr" → "French"); everything
/// else is shown as the bundle spells it.
pub fn display_value(field: FacetField, value: &str) -> String {
    match field {
        FacetField::Language => language_name(value)
            .map(str::to_string)
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// English names of common ISO 639-1 language codes (case-insensitive); `None` for others.
pub fn language_name(code: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 44] = [
        ("am", "Amharic"),
        ("ar", "Arabic"),
        ("bg", "Bulgarian"),
        ("ca", "Catalan"),
        ("cs", "Czech"),
        ("cy", "Welsh"),
        ("da", "Danish"),
        ("de", "German"),
        ("el", "Greek"),
        ("en", "English"),
        ("es", "Spanish"),
        ("et", "Estonian"),
        ("fa", "Persian"),
        ("fi", "Finnish"),
        ("fr", "French"),
        ("ga", "Irish"),
        ("he", "Hebrew"),
        ("hi", "Hindi"),
        ("hr", "Croatian"),
        ("hu", "Hungarian"),
        ("id", "Indonesian"),
        ("it", "Italian"),
        ("ja", "Japanese"),
        ("ko", "Korean"),
        ("la", "Latin"),
        ("lt", "Lithuanian"),
        ("lv", "Latvian"),
        ("nl", "Dutch"),
        ("no", "Norwegian"),
        ("pl", "Polish"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("ru", "Russian"),
        ("sk", "Slovak"),
        ("sl", "Slovenian"),
        ("sr", "Serbian"),
        ("sv", "Swedish"),
        ("sw", "Swahili"),
        ("th", "Thai"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("ur", "Urdu"),
        ("vi", "Vietnamese"),
        ("zh", "Chinese"),
    ];
    let code = code.trim().to_ascii_lowercase();
    NAMES
        .binary_search_by(|(c, _)| (*c).cmp(code.as_str()))
        .ok()
        .map(|i| NAMES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(places: &[&str], subjects: &[&str], collection: &str) -> Document {
        Document {
            id: format!("{places:?}{subjects:?}"),
            title: "t".into(),
            places: places.iter().map(|s| s.to_string()).collect(),
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
            collection: collection.into(),
            ..Default::default()
        }
    }

    /// Three documents a reader can count by hand.
    fn fixture() -> Vec<Document> {
        vec![
            doc(&["Berlin", "Moscow"], &["Cold War"], "Telegrams"),
            doc(&["Berlin"], &["Cold War", "Détente"], "Treaties"),
            doc(&["Vienna"], &["Détente"], "Treaties"),
        ]
    }

    fn facet(facets: &[Facet], field: FacetField) -> Vec<(String, usize, bool)> {
        facets
            .iter()
            .find(|f| f.field == field)
            .unwrap()
            .values
            .iter()
            .map(|v| (v.value.clone(), v.count, v.selected))
            .collect()
    }

    fn owned(v: &[(&str, usize, bool)]) -> Vec<(String, usize, bool)> {
        v.iter().map(|(a, n, s)| (a.to_string(), *n, *s)).collect()
    }

    #[test]
    fn counts_every_value_over_the_results_most_frequent_first() {
        let docs = fixture();
        let facets = facet_counts(&docs, &[0, 1, 2], &SearchState::default());
        assert_eq!(
            facet(&facets, FacetField::Places),
            owned(&[
                ("Berlin", 2, false),
                ("Moscow", 1, false),
                ("Vienna", 1, false)
            ])
        );
        assert_eq!(
            facet(&facets, FacetField::Collection),
            owned(&[("Treaties", 2, false), ("Telegrams", 1, false)])
        );
        assert!(
            facet(&facets, FacetField::Language).is_empty(),
            "empty values are not listed"
        );
    }

    #[test]
    fn counts_follow_the_query_results() {
        let docs = fixture();
        let facets = facet_counts(&docs, &[2], &SearchState::default());
        assert_eq!(
            facet(&facets, FacetField::Places),
            owned(&[("Vienna", 1, false)])
        );
    }

    #[test]
    fn a_facet_ignores_its_own_selection_so_siblings_stay_visible() {
        let docs = fixture();
        let state = SearchState::parse("place=Vienna");
        let facets = facet_counts(&docs, &[0, 1, 2], &state);
        assert_eq!(
            facet(&facets, FacetField::Places),
            owned(&[
                ("Berlin", 2, false),
                ("Moscow", 1, false),
                ("Vienna", 1, true)
            ])
        );
        assert_eq!(
            facet(&facets, FacetField::Subjects),
            owned(&[("Détente", 1, false)]),
            "other facets count only the filtered results"
        );
    }

    #[test]
    fn a_selected_value_nothing_carries_is_still_listed() {
        let docs = fixture();
        let state = SearchState::parse("subject=Cold+War&place=Vienna");
        let facets = facet_counts(&docs, &[0, 1, 2], &state);
        assert_eq!(
            facet(&facets, FacetField::Places),
            owned(&[
                ("Berlin", 2, false),
                ("Moscow", 1, false),
                ("Vienna", 0, true)
            ])
        );
    }

    #[test]
    fn a_value_repeated_in_one_document_counts_it_once() {
        let docs = vec![doc(&["Paris", "Paris"], &[], "")];
        assert_eq!(
            count_values(&docs, FacetField::Places),
            vec![("Paris".to_string(), 1)]
        );
    }

    #[test]
    fn ties_are_broken_by_name_ignoring_case_and_accents() {
        let mut v = vec![
            ("zulu".to_string(), 1),
            ("Éire".to_string(), 1),
            ("alpha".to_string(), 1),
            ("big".to_string(), 5),
        ];
        sort_by_count(&mut v);
        let names: Vec<&str> = v.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["big", "alpha", "Éire", "zulu"]);
        sort_by_name(&mut v);
        let names: Vec<&str> = v.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["alpha", "big", "Éire", "zulu"]);
    }

    #[test]
    fn language_codes_read_as_names() {
        assert_eq!(display_value(FacetField::Language, "fr"), "French");
        assert_eq!(display_value(FacetField::Language, "EN"), "English");
        assert_eq!(display_value(FacetField::Language, "xx"), "xx");
        assert_eq!(display_value(FacetField::Places, "fr"), "fr");
    }

    const PLACES: [&str; 4] = ["A", "B", "C", "D"];

    proptest! {
        /// The oracle: a value's count is the number of documents that pass every filter but
        /// the facet's own and carry the value.
        #[test]
        fn counts_match_a_brute_force_count(
            docs in proptest::collection::vec(
                (proptest::collection::vec(0usize..4, 0..3), proptest::collection::vec(0usize..4, 0..3)),
                0..12,
            ),
            selected_places in proptest::collection::vec(0usize..4, 0..2),
            selected_subjects in proptest::collection::vec(0usize..4, 0..2),
        ) {
            let docs: Vec<Document> = docs
                .iter()
                .map(|(p, s)| {
                    let p: Vec<&str> = p.iter().map(|&i| PLACES[i]).collect();
                    let s: Vec<&str> = s.iter().map(|&i| PLACES[i]).collect();
                    doc(&p, &s, "")
                })
                .collect();
            let mut state = SearchState::default();
            for &i in &selected_places {
                if !state.selected(FacetField::Places).any(|v| v == PLACES[i]) {
                    state = state.toggle_filter(FacetField::Places, PLACES[i]);
                }
            }
            for &i in &selected_subjects {
                if !state.selected(FacetField::Subjects).any(|v| v == PLACES[i]) {
                    state = state.toggle_filter(FacetField::Subjects, PLACES[i]);
                }
            }
            let base: Vec<u32> = (0..docs.len() as u32).collect();
            let facets = facet_counts(&docs, &base, &state);
            for f in &facets {
                let passes_others = |d: &Document| {
                    FacetField::ALL.iter().filter(|g| **g != f.field).all(|g| {
                        let wanted: Vec<&str> = state.selected(*g).collect();
                        wanted.is_empty()
                            || wanted.iter().any(|w| facet_values(d, *g).iter().any(|h| h == w))
                    })
                };
                for v in &f.values {
                    let expected = docs
                        .iter()
                        .filter(|d| passes_others(d))
                        .filter(|d| facet_values(d, f.field).contains(&v.value))
                        .count();
                    prop_assert_eq!(v.count, expected, "{:?} {}", f.field, v.value);
                }
                let counts: Vec<usize> = f.values.iter().filter(|v| v.count > 0).map(|v| v.count).collect();
                let mut sorted = counts.clone();
                sorted.sort_by(|a, b| b.cmp(a));
                prop_assert_eq!(counts, sorted, "most frequent first");
            }
        }
    }
}
