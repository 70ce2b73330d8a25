//! Facet values as numbers, for counting fast enough to recount on every keystroke.
//!
//! When the archive is built, each distinct value of each facet gets an id, in name order
//! (case and accents folded, then the exact spelling), and each document the ids of its
//! values. Counting the values over a result list is then one array increment per value of
//! each document: no hashing and no string comparison. [`crate::facets`] turns counts into
//! the facets the page shows.

use std::collections::HashMap;

use crate::analyzer::fold;
use crate::filter::facet_values;
use crate::model::Document;
use crate::url_state::FacetField;

/// One facet's values and which documents carry them.
#[derive(Debug, Clone, Default)]
struct FieldTable {
    /// Distinct non-empty values, in name order; a value's id is its place here.
    values: Vec<String>,
    /// Document `d`'s value ids are `ids[starts[d]..starts[d + 1]]`, each once.
    starts: Vec<u32>,
    ids: Vec<u32>,
}

/// Every facet's [`FieldTable`], in [`FacetField::ALL`] order.
#[derive(Debug, Clone, Default)]
pub struct FacetTable {
    fields: Vec<FieldTable>,
}

fn slot(field: FacetField) -> usize {
    FacetField::ALL
        .iter()
        .position(|f| *f == field)
        .unwrap_or(0)
}

impl FacetTable {
    pub fn new(documents: &[Document]) -> FacetTable {
        let fields = FacetField::ALL
            .iter()
            .map(|&field| FieldTable::new(documents, field))
            .collect();
        FacetTable { fields }
    }

    /// The values of `field` carried by the documents of `docs`, with how many carry each:
    /// `(value, count)`, highest count first, then name order. A document counts once per
    /// value; unknown document numbers are ignored.
    pub fn count(
        &self,
        field: FacetField,
        docs: impl IntoIterator<Item = u32>,
    ) -> Vec<(&str, usize)> {
        let Some(t) = self.fields.get(slot(field)) else {
            return Vec::new();
        };
        let mut counts = vec![0u32; t.values.len()];
        let docs_known = t.starts.len().saturating_sub(1);
        for d in docs {
            let d = d as usize;
            if d >= docs_known {
                continue;
            }
            for &id in &t.ids[t.starts[d] as usize..t.starts[d + 1] as usize] {
                counts[id as usize] += 1;
            }
        }
        let mut out: Vec<(u32, u32)> = counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(id, &n)| (id as u32, n))
            .collect();
        out.sort_unstable_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
        out.into_iter()
            .map(|(id, n)| (t.values[id as usize].as_str(), n as usize))
            .collect()
    }
}

impl FieldTable {
    fn new(documents: &[Document], field: FacetField) -> FieldTable {
        // First the distinct values, then their name order, then each document's ids.
        let mut seen: HashMap<&str, u32> = HashMap::new();
        let mut values: Vec<&str> = Vec::new();
        for doc in documents {
            for v in facet_values(doc, field) {
                if !v.is_empty() && !seen.contains_key(v.as_str()) {
                    seen.insert(v.as_str(), values.len() as u32);
                    values.push(v.as_str());
                }
            }
        }
        let mut order: Vec<u32> = (0..values.len() as u32).collect();
        order.sort_by_cached_key(|&i| (fold(values[i as usize]), values[i as usize]));
        let mut rank = vec![0u32; values.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let mut starts = Vec::with_capacity(documents.len() + 1);
        let mut ids = Vec::new();
        starts.push(0);
        for doc in documents {
            let first = ids.len();
            for v in facet_values(doc, field) {
                if let Some(&i) = seen.get(v.as_str()) {
                    let id = rank[i as usize];
                    if !ids[first..].contains(&id) {
                        ids.push(id);
                    }
                }
            }
            starts.push(ids.len() as u32);
        }
        FieldTable {
            values: order
                .iter()
                .map(|&i| values[i as usize].to_string())
                .collect(),
            starts,
            ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(people: &[&str]) -> Document {
        Document {
            id: format!("{people:?}"),
            title: "t".into(),
            people: people.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn counts_each_document_once_per_value_in_count_then_name_order() {
        let docs = vec![
            doc(&["Zhou Enlai", "Acheson", "Zhou Enlai"]),
            doc(&["Ávila", "acheson", ""]),
            doc(&["Acheson"]),
        ];
        let t = FacetTable::new(&docs);
        assert_eq!(
            t.count(FacetField::People, [0, 1, 2]),
            [
                ("Acheson", 2),
                ("acheson", 1),
                ("Ávila", 1),
                ("Zhou Enlai", 1)
            ]
        );
        // Unknown document numbers are ignored, repeated ones count again.
        assert_eq!(t.count(FacetField::People, [2, 2, 99]), [("Acheson", 2)]);
        assert!(t.count(FacetField::Places, [0, 1, 2]).is_empty());
    }
}
