//! One TEI `<div type="document">` as a record: the FRUS conventions, generalised.
//!
//! For each document:
//!
//! - `id`: the `TEI/@xml:id` (else the file stem) and the div's `@xml:id`, joined by `-`;
//! - `title`: the `head`, without a leading "No. 12." and a final period;
//! - `date`: `dateline//date/@when` (or `@from`/`@to`, `@notBefore`/`@notAfter`), else
//!   `@frus:doc-dateTime-min`, else the first "Month D, YYYY" in the dateline or heading;
//! - `text`: see [`super::tei_tree::document_text`];
//! - `people`: every `persName`, courtesy titles ("Mr.", "Dr.") dropped, each once;
//! - `places`: the dateline's `placeName`s split at commas, without the institution
//!   parts ("Legation of the United States", "Department of State", "D. C.");
//! - `subjects` and the extra `chapter`: the headings of the enclosing divs;
//! - extras: `volume_id`, `doc_number`, `archival_source` (the `note[@type='source']`),
//!   `author` and `recipient` (the heading's `persName`s typed from/to), `word_count`.
//!
//! Volumes of *Foreign Relations of the United States* (recognised by the FRUS
//! namespace) also get their history.state.gov `url` and a FRUS `source` citation.

use folio_core::date::PartialDate;
use folio_core::model::Document;
use serde_json::Value;

use super::tei_tree::{document_text, plain_text, Element};
use super::Source;
use crate::dates::{find_date_in_text, parse_date};
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::record::Candidate;
use crate::summary::count_words;

const FRUS_DOCUMENT_URL: &str = "https://history.state.gov/historicaldocuments";
const FRUS_FULL_NAME: &str = "Foreign Relations of the United States";

/// The volume-wide facts gathered while streaming.
#[derive(Default)]
pub struct Volume {
    pub id: String,
    pub language: String,
    pub frus: bool,
    /// (type, text) of each `titleStmt/title`.
    pub titles: Vec<(String, String)>,
}

impl Volume {
    fn collection(&self) -> String {
        let complete = self
            .titles
            .iter()
            .find(|(t, s)| t == "complete" && !s.is_empty());
        let first = self.titles.iter().find(|(_, s)| !s.is_empty());
        complete
            .or(first)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }
}

/// Courtesy titles dropped from names ("Mr. Wallace" → "Wallace").
const HONORIFICS: [&str; 12] = [
    "Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "Messrs.", "Señor", "Senor", "Sr.", "Don", "Monsieur",
    "M.",
];

fn person_name(e: &Element) -> String {
    let mut name = plain_text(e);
    while let Some(rest) = HONORIFICS
        .iter()
        .find_map(|h| name.strip_prefix(h).and_then(|r| r.strip_prefix(' ')))
    {
        name = rest.trim().to_string();
    }
    name.trim_end_matches(',').trim().to_string()
}

/// Parts of a dateline place that name an office, not a place.
fn is_institution(part: &str) -> bool {
    const STARTS: [&str; 13] = [
        "Legation",
        "Consulate",
        "Embassy",
        "Department",
        "Ministry",
        "Office",
        "Mission",
        "Consular",
        "United States",
        "U. S.",
        "U.S.",
        "American",
        "Foreign Office",
    ];
    let words: Vec<&str> = part.split_whitespace().collect();
    let office_department = words.len() == 2 && words[1] == "Department";
    STARTS.iter().any(|s| part.starts_with(s))
        || office_department
        || matches!(part, "D. C." | "D.C." | "D. C" | "D.C")
}

fn places(dateline: Option<&Element>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut names = Vec::new();
    if let Some(d) = dateline {
        d.descendants("placeName", &mut names);
    }
    for name in names {
        for part in plain_text(name).split(',') {
            let part = part.trim().trim_end_matches('.').trim();
            if !part.is_empty() && !is_institution(part) && !out.iter().any(|p| p == part) {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// The heading as a title: "No. 1. Mr. Seat to Mr. Gresham." → "Mr. Seat to Mr. Gresham".
fn title(head: &Element) -> String {
    let text = plain_text(head);
    let mut t = text.as_str();
    if let Some(rest) = t.strip_prefix("No.") {
        let rest = rest.trim_start();
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with('.') {
            t = rest[digits + 1..].trim_start();
        }
    }
    t.strip_suffix('.').unwrap_or(t).trim().to_string()
}

/// The date and end date of a document, and a problem when `@when` is not a date.
fn dates(
    div: &Element,
    dateline: Option<&Element>,
    head: Option<&Element>,
    location: &Location,
) -> (Option<PartialDate>, Option<PartialDate>, Option<Diagnostic>) {
    let date_el = dateline.and_then(|d| d.find("date"));
    if let Some(d) = date_el {
        let start = d.attr("when").or(d.attr("from")).or(d.attr("notBefore"));
        let end = d.attr("to").or(d.attr("notAfter"));
        if let Some(raw) = start {
            match parse_date(raw) {
                Ok(Some(span)) => {
                    let end = end
                        .and_then(|e| parse_date(e).ok().flatten())
                        .map(|s| s.end.unwrap_or(s.start))
                        .or(span.end);
                    let end =
                        end.filter(|e| e.end_key() >= span.start.sort_key() && *e != span.start);
                    return (Some(span.start), end, None);
                }
                Ok(None) => {}
                Err(error) => {
                    let problem = Problem::InvalidDate {
                        value: raw.to_string(),
                        error,
                    };
                    return (
                        None,
                        None,
                        Some(Diagnostic::repair(location.clone(), Some("date"), problem)),
                    );
                }
            }
        }
    }
    if let Some(min) = div.attr("doc-dateTime-min") {
        if let Ok(Some(span)) = parse_date(min) {
            return (Some(span.start), None, None);
        }
    }
    let found = dateline
        .and_then(|d| find_date_in_text(&plain_text(d)))
        .or_else(|| head.and_then(|h| find_date_in_text(&plain_text(h))));
    (found, None, None)
}

/// One `<div type="document">` as a candidate; `headings` are those of the divs
/// around it, outermost first.
pub fn document(
    div: &Element,
    record: u64,
    volume: &Volume,
    headings: &[&str],
    source: &Source,
) -> Candidate {
    let location = Location::line(&source.file, div.line);
    let head = div.child("head");
    let dateline = div.child("dateline");
    let (date, date_end, date_problem) = dates(div, dateline, head, &location);
    let div_id = div
        .attr("xml:id")
        .map(str::to_string)
        .or_else(|| div.attr("n").map(|n| format!("d{n}")));
    let id = div_id
        .as_ref()
        .map(|d| format!("{}-{d}", volume.id))
        .unwrap_or_default();
    let mut people: Vec<String> = Vec::new();
    let mut persons = Vec::new();
    div.descendants("persName", &mut persons);
    for p in &persons {
        let name = person_name(p);
        if !name.is_empty() && !people.contains(&name) {
            people.push(name);
        }
    }
    let headings: Vec<String> = headings.iter().map(|h| h.to_string()).collect();
    let text = document_text(div);
    let collection = volume.collection();
    let n = div.attr("n").unwrap_or_default();
    let mut doc = Document {
        id,
        title: head.map(title).unwrap_or_default(),
        date,
        date_end,
        text,
        people,
        places: places(dateline),
        subjects: headings.clone(),
        language: div.attr("xml:lang").unwrap_or(&volume.language).to_string(),
        ..Document::default()
    };
    if volume.frus {
        if let Some(d) = &div_id {
            doc.url = format!("{FRUS_DOCUMENT_URL}/{}/{d}", volume.id);
        }
        if !n.is_empty() {
            let short = collection
                .strip_prefix(FRUS_FULL_NAME)
                .map(|rest| format!("FRUS{}", rest.trim_start_matches(',')));
            doc.source = format!(
                "{}, Document {n}",
                short.unwrap_or_else(|| collection.clone())
            );
        }
    }
    doc.collection = collection;
    let extras = &mut doc.extras;
    extras.insert("volume_id".into(), Value::String(volume.id.clone()));
    if !n.is_empty() {
        let number = n
            .parse::<u64>()
            .map_or_else(|_| Value::String(n.to_string()), Value::from);
        extras.insert("doc_number".into(), number);
    }
    if let Some(note) = div
        .elements()
        .find(|e| e.name == "note" && e.attr("type") == Some("source"))
    {
        let text = plain_text(note);
        if !text.is_empty() {
            extras.insert("archival_source".into(), Value::String(text));
        }
    }
    for (role, key) in [("from", "author"), ("to", "recipient")] {
        let mut names: Vec<Value> = Vec::new();
        let mut found = Vec::new();
        if let Some(h) = head {
            h.descendants("persName", &mut found);
            h.descendants("gloss", &mut found);
        }
        for e in found.into_iter().filter(|e| e.attr("type") == Some(role)) {
            let name = Value::String(person_name(e));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if !names.is_empty() {
            extras.insert(key.into(), Value::Array(names));
        }
    }
    if !headings.is_empty() {
        extras.insert("chapter".into(), Value::String(headings.join(" > ")));
    }
    extras.insert("word_count".into(), Value::from(count_words(&doc.text)));
    let mut candidate = Candidate::new(location, record, doc);
    candidate.problems.extend(date_problem);
    candidate
}

#[cfg(test)]
mod tests {
    use super::super::tei_tree::Node;
    use super::*;

    fn el(name: &str, text: &str) -> Element {
        Element {
            name: name.into(),
            children: vec![Node::Text(text.into())],
            ..Element::default()
        }
    }

    #[test]
    fn titles_lose_their_number_and_final_period() {
        assert_eq!(
            title(&el("head", "No. 12. Mr. Seat to Mr. Gresham.")),
            "Mr. Seat to Mr. Gresham"
        );
        assert_eq!(
            title(&el("head", "Memorandum of Conversation")),
            "Memorandum of Conversation"
        );
        assert_eq!(title(&el("head", "No. of ships")), "No. of ships");
    }

    #[test]
    fn courtesy_titles_are_dropped_from_names() {
        assert_eq!(person_name(&el("persName", "Mr. Wallace")), "Wallace");
        assert_eq!(
            person_name(&el("persName", "Señor Don José Madriz")),
            "José Madriz"
        );
        assert_eq!(person_name(&el("persName", "Gresham,")), "Gresham");
    }

    #[test]
    fn dateline_places_leave_out_offices() {
        let dateline = Element {
            name: "dateline".into(),
            children: vec![Node::Element(el(
                "placeName",
                "Legation of the United States, Managua, Nicaragua",
            ))],
            ..Element::default()
        };
        assert_eq!(places(Some(&dateline)), ["Managua", "Nicaragua"]);
        for office in [
            "Navy Department",
            "Department of State",
            "United States Legation",
            "D. C.",
            "Embassy of the United States",
        ] {
            assert!(is_institution(office), "{office}");
        }
        for place in [
            "Washington",
            "San Juan del Norte",
            "Mosquito Reservation",
            "Nicaraguan Legation",
        ] {
            assert!(!is_institution(place), "{place}");
        }
    }
}
