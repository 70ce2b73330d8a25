//! One search result as the results list shows it: the document's heading fields and its
//! snippet, marked. The index worker sends these, not whole documents: a page of results is
//! then a few kilobytes to send, parse and draw, whatever the length of the texts, and the
//! snippets are found beside the index instead of on the page's thread.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::model::Document;
use crate::snippet::{snippet, Segment};

/// A result of a search, ready to draw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub collection: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// The passage shown under the title, with the matched words marked
    /// ([`crate::snippet::snippet`]).
    pub snippet: Vec<Segment>,
}

impl Hit {
    /// `doc` as a result of a search whose matched (folded) words are `terms`.
    pub fn of(doc: &Document, terms: &HashSet<String>) -> Hit {
        Hit {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date,
            date_end: doc.date_end,
            collection: doc.collection.clone(),
            source: doc.source.clone(),
            snippet: snippet(doc, terms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_the_heading_and_the_marked_snippet_not_the_text() {
        let doc = Document {
            id: "d1".into(),
            title: "Memorandum".into(),
            text: format!(
                "{} The treaty was signed at Rapallo. {}",
                "Filler words here. ".repeat(40),
                "More filler. ".repeat(40)
            ),
            collection: "FRUS".into(),
            ..Document::default()
        };
        let terms: HashSet<String> = ["treaty".to_string()].into();
        let hit = Hit::of(&doc, &terms);
        assert_eq!(
            (hit.id.as_str(), hit.title.as_str(), hit.collection.as_str()),
            ("d1", "Memorandum", "FRUS")
        );
        assert!(
            hit.snippet.iter().any(|s| s.marked && s.text == "treaty"),
            "{:?}",
            hit.snippet
        );
        let shown: usize = hit.snippet.iter().map(|s| s.text.len()).sum();
        assert!(
            shown < doc.text.len() / 2,
            "a snippet, not the text: {shown} bytes"
        );
        let json = serde_json::to_string(&hit).unwrap();
        assert_eq!(serde_json::from_str::<Hit>(&json).unwrap(), hit);
    }
}
