//! The passage shown under a hit, and the marking of matched words in any text.
//!
//! Without a query the snippet is the summary, or the opening of the text when there is no
//! summary. With a query it is the passage of the summary or text (about 40 words) holding
//! the most distinct matched words, with those words marked. Marking works on the analyzer's
//! byte offsets, so "Asunción" is marked for the query "asuncion".

use std::collections::HashSet;

use crate::analyzer::tokenize;
use crate::model::Document;

/// A run of text, marked when it is a matched word.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    pub text: String,
    pub marked: bool,
}

/// Words in a snippet window.
const WINDOW_WORDS: usize = 40;

/// Splits `text` into segments, marking the words whose folded form is in `terms`.
pub fn mark(text: &str, terms: &HashSet<String>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut last = 0;
    for t in tokenize(text) {
        if terms.contains(&t.term) {
            if t.start > last {
                out.push(Segment {
                    text: text[last..t.start].to_string(),
                    marked: false,
                });
            }
            out.push(Segment {
                text: text[t.start..t.end].to_string(),
                marked: true,
            });
            last = t.end;
        }
    }
    if last < text.len() {
        out.push(Segment {
            text: text[last..].to_string(),
            marked: false,
        });
    }
    out
}

/// How many marked segments `segments` holds.
pub fn count_marked(segments: &[Segment]) -> usize {
    segments.iter().filter(|s| s.marked).count()
}

/// The best passage of `text` for `terms`: (byte start, byte end, distinct terms matched).
fn best_window(text: &str, terms: &HashSet<String>) -> Option<(usize, usize, usize)> {
    let toks = tokenize(text);
    if toks.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize)> = None; // (score, first token)
    for (i, t) in toks.iter().enumerate() {
        if !terms.contains(&t.term) {
            continue;
        }
        // A window starting a few words before this match.
        let from = i.saturating_sub(5);
        let to = (from + WINDOW_WORDS).min(toks.len());
        let distinct: HashSet<&str> = toks[from..to]
            .iter()
            .filter(|t| terms.contains(&t.term))
            .map(|t| t.term.as_str())
            .collect();
        if best.is_none_or(|(s, _)| distinct.len() > s) {
            best = Some((distinct.len(), from));
        }
    }
    let (score, from) = best.unwrap_or((0, 0));
    let to = (from + WINDOW_WORDS).min(toks.len());
    Some((toks[from].start, toks[to - 1].end, score))
}

/// The snippet for a hit: segments to render, with "…" where text was cut.
pub fn snippet(doc: &Document, terms: &HashSet<String>) -> Vec<Segment> {
    let sources = [doc.summary.as_str(), doc.text.as_str()];
    let mut choice: Option<(&str, usize, usize, usize)> = None;
    for src in sources.iter().filter(|s| !s.trim().is_empty()) {
        if let Some((a, b, score)) = best_window(src, terms) {
            // The summary wins ties: it was written to be read first.
            if choice.is_none_or(|c| score > c.3) {
                choice = Some((src, a, b, score));
            }
        }
    }
    let Some((src, a, b, score)) = choice else {
        return Vec::new();
    };
    // A summary that matches, or any summary when nothing matches, is shown whole if short.
    let (a, b) =
        if std::ptr::eq(src, doc.summary.as_str()) && src.len() <= 600 && (score > 0 || a == 0) {
            (0, src.len())
        } else {
            (a, b)
        };
    let mut out = Vec::new();
    if a > 0 {
        out.push(Segment {
            text: "… ".into(),
            marked: false,
        });
    }
    let passage = src[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
    out.extend(mark(&passage, terms));
    if b < src.len() {
        out.push(Segment {
            text: " …".into(),
            marked: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(ws: &[&str]) -> HashSet<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn marks_matched_words_by_their_folded_form() {
        let segs = mark("Signed at Asunción, 1991.", &terms(&["asuncion"]));
        assert_eq!(
            segs.iter()
                .filter(|s| s.marked)
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            ["Asunción"]
        );
        assert_eq!(
            segs.iter().map(|s| s.text.as_str()).collect::<String>(),
            "Signed at Asunción, 1991."
        );
    }

    #[test]
    fn without_a_summary_the_snippet_is_the_best_passage_of_the_text() {
        let filler = "word ".repeat(100);
        let doc = Document {
            id: "x".into(),
            title: "t".into(),
            text: format!("{filler} the Moscow embassy reported {filler}"),
            ..Default::default()
        };
        let segs = snippet(&doc, &terms(&["moscow"]));
        assert_eq!(segs.first().unwrap().text, "… ");
        assert_eq!(count_marked(&segs), 1);
    }

    #[test]
    fn without_a_query_the_summary_is_shown() {
        let doc = Document {
            id: "x".into(),
            title: "t".into(),
            summary: "A short summary.".into(),
            text: "Long text.".into(),
            ..Default::default()
        };
        let segs = snippet(&doc, &HashSet::new());
        assert_eq!(
            segs.iter().map(|s| s.text.as_str()).collect::<String>(),
            "A short summary."
        );
    }

    #[test]
    fn a_document_with_no_text_has_an_empty_snippet() {
        let doc = Document {
            id: "x".into(),
            title: "t".into(),
            ..Default::default()
        };
        assert!(snippet(&doc, &HashSet::new()).is_empty());
    }
}
