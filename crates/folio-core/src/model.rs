//! A document and the archive's metadata, as Folio holds them after validation.
//!
//! These types are what the bundle parser produces and what the importer writes; they carry
//! only valid data (an id and a title are always present, dates are well formed). Fields the
//! format does not name are kept in [`Document::extras`], never dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

/// The archive as a whole: the `archive` object of a bundle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArchiveMeta {
    /// Shown as the site's name.
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub licence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// One document of the archive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Unique within the bundle; any characters.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// End of a date range, when the document spans one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Full text; paragraphs separated by blank lines.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub collection: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Canonical external link. Only `http(s)` values are ever rendered as links.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// Every field the format does not name, kept as it came.
    #[serde(flatten)]
    pub extras: BTreeMap<String, serde_json::Value>,
}

impl Document {
    /// The link to show for [`Document::url`], or `None` when it is not `http(s)`.
    pub fn safe_url(&self) -> Option<&str> {
        safe_http_url(&self.url)
    }

    /// The paragraphs of the full text, trimmed, without empty ones.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        split_paragraphs(&self.text)
    }
}

/// Splits text on blank lines into trimmed, non-empty paragraphs.
pub fn split_paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n")
        .flat_map(|p| p.split("\r\n\r\n"))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// `Some(url)` when `url` is an absolute `http:` or `https:` URL, ignoring case and
/// surrounding white space; `None` for `javascript:`, `data:`, relative paths and the rest.
pub fn safe_http_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower: String = url.chars().take(8).collect::<String>().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") && url.len() > 8)
        || (lower.starts_with("http://") && url.len() > 7);
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (ok && clean).then_some(url)
}

/// A display string for an extra field's value: strings as they are, lists joined with "; ",
/// numbers and booleans written out, objects as compact JSON. `None` for null or empty values.
pub fn extra_display(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let s = match value {
        Value::Null => return None,
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        Value::Array(items) => items
            .iter()
            .filter_map(extra_display)
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(_) => value.to_string(),
    };
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_are_links() {
        assert_eq!(
            safe_http_url("https://history.state.gov/x"),
            Some("https://history.state.gov/x")
        );
        assert_eq!(
            safe_http_url(" HTTP://example.org "),
            Some("HTTP://example.org")
        );
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "/relative",
            "https://",
            "https://a b",
            "java\nscript:x",
        ] {
            assert_eq!(safe_http_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let d = Document {
            text: "One.\n\n\n\nTwo\nlines.\n\n  ".into(),
            ..Default::default()
        };
        assert_eq!(
            d.paragraphs().collect::<Vec<_>>(),
            vec!["One.", "Two\nlines."]
        );
    }

    #[test]
    fn extras_display_as_text() {
        use serde_json::json;
        assert_eq!(
            extra_display(&json!(["a", 2, null, true])),
            Some("a; 2; yes".into())
        );
        assert_eq!(extra_display(&json!(null)), None);
        assert_eq!(extra_display(&json!("  ")), None);
        assert_eq!(extra_display(&json!({"a": 1})), Some("{\"a\":1}".into()));
    }
}
