//! Exporting a result list, all of it: CSV, JSON, RIS and BibTeX.
//!
//! Every file records what was searched: the file name carries the query and the filters
//! ([`file_name`]), and the formats that have room for it say so inside as well (JSON in its
//! `query` object, BibTeX in an `@comment`). CSV stays a plain table (one header row, one
//! row per document) so spreadsheets open it as is; it starts with a UTF-8 byte-order mark
//! because Excel needs one to read accents. RIS and BibTeX entries are the ones
//! [`crate::citation`] writes for a single document.

use std::collections::{BTreeSet, HashSet};

use serde_json::{json, Map, Value};

use crate::citation::{self, archive_name, Source};
use crate::facets::display_value;
use crate::model::{extra_display, ArchiveMeta, Document};
use crate::url_state::{doc_path, FacetField, SearchState};

/// What every export needs besides the documents.
#[derive(Debug, Clone, Copy)]
pub struct ExportContext<'a> {
    pub meta: &'a ArchiveMeta,
    /// The site's absolute base URL with its trailing slash (`https://example.org/folio/`).
    pub site_url: &'a str,
    pub state: &'a SearchState,
}

impl ExportContext<'_> {
    /// The permanent link of a document page.
    pub fn permalink(&self, id: &str) -> String {
        format!("{}{}", self.site_url, doc_path(id))
    }
}

/// The formats a result list can be downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Csv,
    Json,
    Ris,
    Bibtex,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Json, Format::Ris, Format::Bibtex];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ris => "ris",
            Format::Bibtex => "bib",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Json => "application/json",
            Format::Ris => "application/x-research-info-systems",
            Format::Bibtex => "application/x-bibtex;charset=utf-8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (spreadsheet)",
            Format::Json => "JSON",
            Format::Ris => "RIS (reference managers)",
            Format::Bibtex => "BibTeX",
        }
    }

    /// The file's contents for `docs`.
    pub fn render(self, docs: &[&Document], ctx: &ExportContext) -> String {
        match self {
            Format::Csv => to_csv(docs, ctx),
            Format::Json => to_json(docs, ctx),
            Format::Ris => to_ris(docs, ctx),
            Format::Bibtex => to_bibtex(docs, ctx),
        }
    }
}

/// The search in words: `query “kennan”; Subject: Cold War or Containment; Place: Berlin;
/// dates 1946 to 1950`, or `all documents` when nothing narrows it.
pub fn describe(state: &SearchState) -> String {
    let mut parts = Vec::new();
    if !state.q.trim().is_empty() {
        parts.push(format!("query “{}”", state.q.trim()));
    }
    for field in FacetField::ALL {
        let values: Vec<String> = state
            .selected(field)
            .map(|v| display_value(field, v))
            .collect();
        if !values.is_empty() {
            parts.push(format!("{}: {}", field.label(), values.join(" or ")));
        }
    }
    match (&state.from, &state.to) {
        (Some(f), Some(t)) => parts.push(format!("dates {f} to {t}")),
        (Some(f), None) => parts.push(format!("dates from {f}")),
        (None, Some(t)) => parts.push(format!("dates to {t}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        "all documents".to_string()
    } else {
        parts.join("; ")
    }
}

/// Longest slug kept in a file name, in characters.
const MAX_SLUG: usize = 80;

/// `folio-results_kennan_subject-cold-war_1946-1950.csv`: lower-case ASCII words of the
/// query, the filters and the dates, so a folder of exports says what each one holds.
pub fn file_name(state: &SearchState, format: Format) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let w = slug(s);
        if !w.is_empty() {
            words.push(w);
        }
    };
    push(&state.q);
    for (f, v) in &state.filters {
        push(&format!("{} {}", f.key(), v));
    }
    match (&state.from, &state.to) {
        (None, None) => {}
        (f, t) => push(&format!(
            "{}-{}",
            f.as_deref().unwrap_or(""),
            t.as_deref().unwrap_or("")
        )),
    }
    let mut tail = words.join("_");
    if tail.chars().count() > MAX_SLUG {
        tail = tail.chars().take(MAX_SLUG).collect();
        tail = tail.trim_end_matches(['-', '_']).to_string();
    }
    if tail.is_empty() {
        format!("folio-results.{}", format.extension())
    } else {
        format!("folio-results_{tail}.{}", format.extension())
    }
}

/// Lower-case ASCII letters and digits, runs of anything else as one `-`. Letters with
/// accents lose them (é → e); other scripts are dropped.
fn slug(s: &str) -> String {
    let folded = crate::analyzer::fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

// ---------------------------------------------------------------------------------------------
// CSV

const CSV_COLUMNS: [&str; 13] = [
    "id",
    "title",
    "date",
    "date_end",
    "collection",
    "people",
    "places",
    "subjects",
    "language",
    "source",
    "url",
    "permalink",
    "summary",
];

/// Quotes a CSV field when it needs it (RFC 4180), and defuses values a spreadsheet would
/// run as a formula (`=`, `+`, `@`, tab, CR) with a leading apostrophe.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One row per document; list fields joined with "; "; the extra fields of all documents as
/// further columns, in name order.
pub fn to_csv(docs: &[&Document], ctx: &ExportContext) -> String {
    let known: HashSet<&str> = CSV_COLUMNS.iter().copied().collect();
    let extras: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.extras.keys().map(String::as_str))
        .filter(|k| !known.contains(k))
        .collect();
    let mut out = String::from("\u{FEFF}");
    let header: Vec<String> = CSV_COLUMNS
        .iter()
        .copied()
        .chain(extras.iter().copied())
        .map(csv_field)
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for d in docs {
        let date =
            |x: &Option<crate::date::PartialDate>| x.map(|v| v.to_string()).unwrap_or_default();
        let mut row: Vec<String> = vec![
            d.id.clone(),
            d.title.clone(),
            date(&d.date),
            date(&d.date_end),
            d.collection.clone(),
            d.people.join("; "),
            d.places.join("; "),
            d.subjects.join("; "),
            d.language.clone(),
            d.source.clone(),
            d.url.clone(),
            ctx.permalink(&d.id),
            d.summary.clone(),
        ];
        for k in &extras {
            row.push(d.extras.get(*k).and_then(extra_display).unwrap_or_default());
        }
        let row: Vec<String> = row.iter().map(|s| csv_field(s)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON

/// `{ "archive", "exported_from", "query": {…}, "count", "documents": […] }`; each document
/// as the bundle holds it, plus its `permalink`.
pub fn to_json(docs: &[&Document], ctx: &ExportContext) -> String {
    let st = ctx.state;
    let mut filters = Map::new();
    for field in FacetField::ALL {
        let values: Vec<&str> = st.selected(field).collect();
        if !values.is_empty() {
            filters.insert(field.key().to_string(), json!(values));
        }
    }
    let documents: Vec<Value> = docs
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("permalink".into(), json!(ctx.permalink(&d.id)));
            }
            v
        })
        .collect();
    let out = json!({
        "archive": archive_name(ctx.meta),
        "exported_from": ctx.site_url,
        "query": {
            "description": describe(st),
            "q": st.q,
            "filters": filters,
            "from": st.from,
            "to": st.to,
            "sort": st.sort.key(),
        },
        "count": docs.len(),
        "documents": documents,
    });
    serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_string()) + "\n"
}

// ---------------------------------------------------------------------------------------------
// RIS and BibTeX

/// Every document as a RIS record, in result order.
pub fn to_ris(docs: &[&Document], ctx: &ExportContext) -> String {
    docs.iter()
        .map(|d| {
            let link = ctx.permalink(&d.id);
            citation::ris(Source {
                doc: d,
                meta: ctx.meta,
                permalink: &link,
            })
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Text for the `@comment{…}` that heads a BibTeX export. Readers end a comment at its first
/// `}` whatever precedes it (Zotero does), and an `@` outside an entry starts one (BibTeX and
/// Zotero both), so a query holding `}` or `@` could otherwise add entries to the file:
/// braces become parentheses, `@` becomes `(at)`, line breaks spaces.
fn bibtex_comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' => out.push('('),
            '}' => out.push(')'),
            '@' => out.push_str("(at)"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Every document as a BibTeX entry with a unique key, after an `@comment` recording the
/// search.
pub fn to_bibtex(docs: &[&Document], ctx: &ExportContext) -> String {
    let mut out = format!(
        "@comment{{Exported from {} ({}): {}, {} documents}}\n\n",
        bibtex_comment_text(archive_name(ctx.meta)),
        bibtex_comment_text(ctx.site_url),
        bibtex_comment_text(&describe(ctx.state)),
        docs.len()
    );
    let mut used: HashSet<String> = HashSet::new();
    for d in docs {
        let base = citation::bibtex_key(&d.id);
        let mut key = base.clone();
        let mut n = 2;
        while !used.insert(key.clone()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        let link = ctx.permalink(&d.id);
        out.push_str(&citation::bibtex_entry(
            Source {
                doc: d,
                meta: ctx.meta,
                permalink: &link,
            },
            &key,
        ));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;

    fn docs() -> Vec<Document> {
        let mut a = Document {
            id: "kennan/1946".into(),
            title: "The \"Long\" Telegram, part 1".into(),
            date: Some(PartialDate::parse("1946-02-22").unwrap()),
            people: vec!["George F. Kennan".into()],
            places: vec!["Moscow".into(), "Washington".into()],
            subjects: vec!["Cold War".into()],
            summary: "Line one.\nLine two.".into(),
            ..Default::default()
        };
        a.extras.insert("type".into(), json!("telegram"));
        let b = Document {
            id: "kennan 1946".into(),
            title: "=SUM(A1)".into(),
            ..Default::default()
        };
        vec![a, b]
    }

    fn ctx_parts() -> (ArchiveMeta, SearchState) {
        (
            ArchiveMeta {
                title: "Sample Archive".into(),
                ..Default::default()
            },
            SearchState::parse(
                "q=kennan&subject=Cold+War&subject=Détente&lang=fr&from=1946&to=1950",
            ),
        )
    }

    #[test]
    fn the_file_name_records_the_query_filters_and_dates() {
        let (_, st) = ctx_parts();
        assert_eq!(
            file_name(&st, Format::Csv),
            "folio-results_kennan_subject-cold-war_subject-detente_lang-fr_1946-1950.csv"
        );
        assert_eq!(
            file_name(&SearchState::default(), Format::Bibtex),
            "folio-results.bib"
        );
        let long = SearchState::parse(&format!("q={}", "word+".repeat(40)));
        assert!(file_name(&long, Format::Ris).len() <= "folio-results_.ris".len() + MAX_SLUG);
    }

    #[test]
    fn the_search_is_described_in_words() {
        let (_, st) = ctx_parts();
        assert_eq!(
            describe(&st),
            "query “kennan”; Subject: Cold War or Détente; Language: French; dates 1946 to 1950"
        );
        assert_eq!(describe(&SearchState::default()), "all documents");
    }

    #[test]
    fn csv_has_a_header_and_one_quoted_row_per_document() {
        let (meta, st) = ctx_parts();
        let ctx = ExportContext {
            meta: &meta,
            site_url: "https://x.org/f/",
            state: &st,
        };
        let d = docs();
        let csv = to_csv(&d.iter().collect::<Vec<_>>(), &ctx);
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "id,title,date,date_end,collection,people,places,subjects,language,source,url,permalink,summary,type"
        );
        assert_eq!(
            lines[1],
            "kennan/1946,\"The \"\"Long\"\" Telegram, part 1\",1946-02-22,,,George F. Kennan,Moscow; Washington,Cold War,,,,https://x.org/f/doc/kennan~2F1946,\"Line one.\nLine two.\",telegram"
        );
        assert!(csv.contains("'=SUM(A1)"), "formulas are defused");
        assert!(csv.starts_with('\u{FEFF}'));
    }

    #[test]
    fn json_records_the_query_and_every_document_with_its_permalink() {
        let (meta, st) = ctx_parts();
        let ctx = ExportContext {
            meta: &meta,
            site_url: "https://x.org/f/",
            state: &st,
        };
        let d = docs();
        let v: Value = serde_json::from_str(&to_json(&d.iter().collect::<Vec<_>>(), &ctx)).unwrap();
        assert_eq!(v["count"], 2);
        assert_eq!(v["query"]["q"], "kennan");
        assert_eq!(
            v["query"]["filters"]["subject"],
            json!(["Cold War", "Détente"])
        );
        assert_eq!(v["query"]["from"], "1946");
        assert_eq!(v["documents"][0]["id"], "kennan/1946");
        assert_eq!(v["documents"][0]["type"], "telegram", "extras kept");
        assert_eq!(
            v["documents"][1]["permalink"],
            "https://x.org/f/doc/kennan~201946"
        );
    }

    #[test]
    fn bibtex_keys_stay_unique_and_the_search_is_in_a_comment() {
        let (meta, st) = ctx_parts();
        let ctx = ExportContext {
            meta: &meta,
            site_url: "https://x.org/f/",
            state: &st,
        };
        let d = docs();
        let bib = to_bibtex(&d.iter().collect::<Vec<_>>(), &ctx);
        assert!(bib.starts_with("@comment{Exported from Sample Archive (https://x.org/f/): query “kennan”; Subject: Cold War or Détente; Language: French; dates 1946 to 1950, 2 documents}"));
        assert!(bib.contains("@unpublished{kennan-1946,"));
        assert!(bib.contains("@unpublished{kennan-1946-2,"));
        let ris = to_ris(&d.iter().collect::<Vec<_>>(), &ctx);
        assert_eq!(ris.matches("TY  - MANSCPT").count(), 2);
        assert_eq!(ris.matches("ER  - ").count(), 2);
    }

    #[test]
    fn a_query_cannot_end_the_bibtex_comment_or_start_an_entry() {
        let meta = ArchiveMeta {
            title: "Archive {1}".into(),
            ..Default::default()
        };
        let st = SearchState::parse("q=a%7Db+%40misc%7Bx%2C+title%3D%7By%7D%7D");
        let ctx = ExportContext {
            meta: &meta,
            site_url: "https://x.org/f/",
            state: &st,
        };
        let d = docs();
        let bib = to_bibtex(&d.iter().collect::<Vec<_>>(), &ctx);
        let comment = bib.lines().next().unwrap();
        assert_eq!(
            comment,
            "@comment{Exported from Archive (1) (https://x.org/f/): query “a)b (at)misc(x, title=(y))”, 2 documents}"
        );
        assert_eq!(bib.matches('@').count(), 3, "the comment and two entries");
    }

    #[test]
    fn every_format_has_a_name_and_a_type() {
        let (meta, st) = ctx_parts();
        let ctx = ExportContext {
            meta: &meta,
            site_url: "https://x.org/f/",
            state: &st,
        };
        for f in Format::ALL {
            assert!(file_name(&st, f).ends_with(f.extension()));
            assert!(!f.mime().is_empty() && !f.label().is_empty());
            assert!(!f.render(&[], &ctx).is_empty() || f == Format::Ris);
        }
    }
}
