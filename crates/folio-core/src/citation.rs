//! "Cite this document": reading citations (Chicago notes and bibliography, MLA) and the
//! files reference managers import (BibTeX, RIS, CSL-JSON).
//!
//! A Folio document is cited as an archival item without an author: its title in quotation
//! marks, its date, its collection, the archive (the bundle's title, or its publisher when
//! the bundle has no title) and the permanent link of its page. The interchange formats
//! describe it as a *manuscript*, the type Zotero gives archival documents, with the fields
//! Zotero's own import translators map to its item fields:
//!
//! | Zotero field | BibTeX (`@unpublished`) | RIS (`TY - MANSCPT`) | CSL-JSON (`manuscript`) |
//! |---|---|---|---|
//! | title | `title` | `TI` | `title` |
//! | date | `year`, `date` | `PY`, `DA` | `issued` |
//! | archive | `note` | `DB` | `archive` |
//! | loc. in archive (the collection) | `note` | `AN`, `AV` | `archive_location` |
//! | URL (the permanent link) | `url` | `UR` | `URL` |
//! | abstract, language, tags, type | `abstract`, `language`, `keywords`, `type` | `AB`, `LA`, `KW`, `M3` | `abstract`, `language`, `keyword`, `genre` |
//!
//! BibTeX has no archive field that Zotero reads, so the archive and the collection go into
//! `note`, which Zotero keeps as a note on the item.

use crate::date::{format_range, month_name, PartialDate};
use crate::model::{ArchiveMeta, Document};

/// What a citation needs: the document, the archive it belongs to and its permanent link.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub doc: &'a Document,
    pub meta: &'a ArchiveMeta,
    /// The absolute URL of the document's page, without any query.
    pub permalink: &'a str,
}

/// A run of citation text, italic or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub italic: bool,
}

/// The citation as one plain string (what the copy button copies).
pub fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// The archive's name for citations: its title, else its publisher, else "Folio".
pub fn archive_name(meta: &ArchiveMeta) -> &str {
    [meta.title.trim(), meta.publisher.trim()]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("Folio")
}

/// The publisher, when it says something the archive's name does not.
fn distinct_publisher(meta: &ArchiveMeta) -> Option<&str> {
    let p = meta.publisher.trim();
    (!p.is_empty() && !archive_name(meta).contains(p)).then_some(p)
}

/// The document's "type" extra (protocol, speech, telegram…), if it has one.
pub fn genre(doc: &Document) -> Option<&str> {
    doc.extras
        .get("type")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn ends_with_stop(s: &str) -> bool {
    s.ends_with(['.', '?', '!'])
}

/// `“Title,”` / `“Title.”`: American style puts the separator inside the quotation marks,
/// unless the title already ends with its own mark.
fn quoted(title: &str, sep: char) -> String {
    let t = title.trim();
    if ends_with_stop(t) {
        format!("“{t}”")
    } else {
        format!("“{t}{sep}”")
    }
}

/// Appends `part` then `sep` (unless `part` already ends with a stop and `sep` is `.`).
fn with_sep(part: &str, sep: &str) -> String {
    if sep.starts_with('.') && ends_with_stop(part) {
        format!("{part}{}", &sep[1..])
    } else {
        format!("{part}{sep}")
    }
}

fn plain(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        italic: false,
    }
}

fn chicago_date(doc: &Document) -> Option<String> {
    doc.date.map(|d| format_range(&d, doc.date_end.as_ref()))
}

/// Chicago (17th ed.), note form, without the note number:
/// `“Boxer Protocol,” September 7, 1901, Treaties and agreements, Sample Archive, https://….`
pub fn chicago_note(s: Source) -> Vec<Run> {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(chicago_date(s.doc));
    parts.extend(nonempty(&s.doc.collection));
    parts.push(archive_name(s.meta).to_string());
    parts.extend(distinct_publisher(s.meta).map(str::to_string));
    parts.push(s.permalink.to_string());
    let mut text = quoted(&s.doc.title, ',');
    for (i, p) in parts.iter().enumerate() {
        text.push(' ');
        let last = i + 1 == parts.len();
        text.push_str(&with_sep(p, if last { "." } else { "," }));
    }
    vec![plain(text)]
}

/// Chicago (17th ed.), bibliography form:
/// `“Boxer Protocol.” September 7, 1901. Treaties and agreements. Sample Archive. https://….`
pub fn chicago_bibliography(s: Source) -> Vec<Run> {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(chicago_date(s.doc));
    parts.extend(nonempty(&s.doc.collection));
    parts.push(archive_name(s.meta).to_string());
    parts.extend(distinct_publisher(s.meta).map(str::to_string));
    parts.push(s.permalink.to_string());
    let mut text = quoted(&s.doc.title, '.');
    for p in &parts {
        text.push(' ');
        text.push_str(&with_sep(p, "."));
    }
    vec![plain(text)]
}

/// MLA (9th ed.): `“Boxer Protocol.” 7 Sept. 1901. Treaties and agreements. *Sample
/// Archive*, The Folio project, example.org/doc/boxer-protocol-1901.` The archive is the
/// container (italic); the URL is given without its scheme, as MLA recommends.
pub fn mla(s: Source) -> Vec<Run> {
    let mut head = quoted(&s.doc.title, '.');
    if let Some(d) = s.doc.date {
        head.push(' ');
        head.push_str(&with_sep(&mla_range(&d, s.doc.date_end.as_ref()), "."));
    }
    if let Some(c) = nonempty(&s.doc.collection) {
        head.push(' ');
        head.push_str(&with_sep(&c, "."));
    }
    head.push(' ');
    let mut tail: Vec<String> = Vec::new();
    tail.extend(distinct_publisher(s.meta).map(str::to_string));
    tail.push(strip_scheme(s.permalink).to_string());
    let tail = format!(", {}", with_sep(&tail.join(", "), "."));
    vec![
        plain(head),
        Run {
            text: archive_name(s.meta).to_string(),
            italic: true,
        },
        plain(tail),
    ]
}

fn nonempty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn strip_scheme(url: &str) -> &str {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url)
}

/// MLA's month abbreviations.
fn mla_month(m: u8) -> &'static str {
    match m {
        5 => "May",
        6 => "June",
        7 => "July",
        9 => "Sept.",
        _ => match month_name(m) {
            "" => "",
            name => &name[..3],
        },
    }
}

fn mla_month_abbr(m: u8) -> String {
    match m {
        5..=7 | 9 => mla_month(m).to_string(),
        _ => format!("{}.", mla_month(m)),
    }
}

/// "7 Sept. 1901", "Sept. 1901", "1901".
pub fn mla_date(d: &PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day} {} {}", mla_month_abbr(m), d.year),
        (Some(m), None) => format!("{} {}", mla_month_abbr(m), d.year),
        _ => d.year.to_string(),
    }
}

fn mla_range(start: &PartialDate, end: Option<&PartialDate>) -> String {
    match end.filter(|e| e.sort_key() > start.sort_key()) {
        Some(e) => format!("{}–{}", mla_date(start), mla_date(e)),
        None => mla_date(start),
    }
}

// ---------------------------------------------------------------------------------------------
// BibTeX

/// A citation key from the id: ASCII letters, digits and `-_:.` kept, anything else `-`.
pub fn bibtex_key(id: &str) -> String {
    let mut key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    key = key.trim_matches('-').to_string();
    if key.is_empty() || !key.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        key.insert_str(0, "doc");
    }
    key
}

/// Pairs that TeX turns into one glyph (`--` en dash, ``` `` ``` and `''` quotes, `!``
/// and `?`` inverted marks, `<<`, `>>`, `,,` guillemets and low quotes in T1 fonts) and that
/// Zotero's BibTeX import replaces too (it also turns `!!`, `?!` and `!?` into one character):
/// an empty group between the two keeps them as typed.
const BIBTEX_LIGATURES: [(char, char); 11] = [
    ('-', '-'),
    ('`', '`'),
    ('\'', '\''),
    ('!', '`'),
    ('?', '`'),
    ('<', '<'),
    ('>', '>'),
    (',', ','),
    ('!', '!'),
    ('?', '!'),
    ('!', '?'),
];

/// Escapes a field value for BibTeX so that TeX, BibTeX, biber and reference managers read
/// back the text as written: TeX's special characters escaped, ligatures broken with `{}`,
/// braces kept balanced (a brace without its partner is written as `\textbraceleft{}` or
/// `\textbraceright{}`, since BibTeX counts braces even after a backslash), white space
/// (newlines included) as single spaces. Zotero's BibTeX import also replaces `TEL` with ℡
/// anywhere, so that sequence is broken with `{}` as well.
pub fn bibtex_escape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let unmatched = unmatched_braces(&chars);
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' if unmatched[i] => out.push_str(if c == '{' {
                "\\textbraceleft{}"
            } else {
                "\\textbraceright{}"
            }),
            '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if is_breaking_space(c) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            _ => out.push(c),
        }
        let next = chars.get(i + 1).copied();
        let ligature = next.is_some_and(|n| BIBTEX_LIGATURES.contains(&(c, n)));
        let tel = c == 'T' && next == Some('E') && chars.get(i + 2) == Some(&'L');
        if ligature || tel {
            out.push_str("{}");
        }
    }
    out
}

/// White space that may become one plain space: control characters (newlines, tabs) and
/// breaking spaces, not the no-break ones.
fn is_breaking_space(c: char) -> bool {
    c.is_control() || (c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}'))
}

/// For each position of `chars`, whether it holds a brace without a partner.
fn unmatched_braces(chars: &[char]) -> Vec<bool> {
    let mut lone = vec![false; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '{' {
            open.push(i);
        } else if c == '}' && open.pop().is_none() {
            lone[i] = true;
        }
    }
    for i in open {
        lone[i] = true;
    }
    lone
}

/// A URL for a BibTeX field: kept verbatim (the `url` field is not TeX), minus braces and
/// white space, which would end the field. (Zotero's BibTeX import makes its text
/// replacements in URLs too, so an address holding `--`, `TEL` or `~` reaches Zotero altered
/// from BibTeX; RIS and CSL-JSON carry it intact.)
pub fn bibtex_url(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '{' | '}') && !c.is_whitespace())
        .collect()
}

const BIB_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// One `@unpublished` entry with the given key.
pub fn bibtex_entry(s: Source, key: &str) -> String {
    let d = s.doc;
    let mut fields: Vec<(&str, String)> =
        vec![("title", format!("{{{}}}", bibtex_escape(&d.title)))];
    if let Some(date) = d.date {
        // Year and month before `date`: Zotero reads fields in order and `date` wins.
        fields.push(("year", date.year.to_string()));
        if let Some(m) = date.month {
            fields.push(("month", BIB_MONTHS[usize::from(m) - 1].to_string()));
        }
        fields.push(("date", date.to_string()));
    }
    let mut note = archive_name(s.meta).to_string();
    if let Some(p) = distinct_publisher(s.meta) {
        note.push_str(&format!(" ({p})"));
    }
    if let Some(c) = nonempty(&d.collection) {
        note.push_str(&format!(", {c}"));
    }
    fields.push(("note", bibtex_escape(&note)));
    fields.push(("url", bibtex_url(s.permalink)));
    if let Some(g) = genre(d) {
        fields.push(("type", bibtex_escape(g)));
    }
    if !d.summary.is_empty() {
        fields.push(("abstract", bibtex_escape(&d.summary)));
    }
    if !d.subjects.is_empty() {
        fields.push(("keywords", bibtex_escape(&d.subjects.join(", "))));
    }
    if !d.language.is_empty() {
        fields.push(("language", bibtex_escape(&d.language)));
    }
    let mut out = format!("@unpublished{{{key},\n");
    for (name, value) in fields {
        if name == "month" {
            out.push_str(&format!("  {name} = {value},\n"));
        } else {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
    }
    out.push_str("}\n");
    out
}

/// The BibTeX file for one document.
pub fn bibtex(s: Source) -> String {
    bibtex_entry(s, &bibtex_key(&s.doc.id))
}

// ---------------------------------------------------------------------------------------------
// RIS

/// RIS lines end with CR LF, as the format specifies.
const RIS_EOL: &str = "\r\n";

/// One `TAG  - value` line, or nothing for an empty value. The value is kept on its line:
/// line breaks and other control characters become spaces, and runs of spaces become one, so
/// no value holds the `  - ` that starts a tag (Citation.js, for one, cuts a value there).
fn ris_line(out: &mut String, tag: &str, value: &str) {
    let mut clean = String::with_capacity(value.len());
    for c in value.chars() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            ' '
        } else {
            c
        };
        if !(c == ' ' && clean.ends_with(' ')) {
            clean.push(c);
        }
    }
    let value = clean.trim();
    if !value.is_empty() {
        out.push_str(&format!("{tag}  - {value}{RIS_EOL}"));
    }
}

/// `1901/09/07/`, `1901/09//`, `1901///`: RIS's date form.
fn ris_date(d: &PartialDate) -> String {
    let two = |x: Option<u8>| x.map(|v| format!("{v:02}")).unwrap_or_default();
    format!("{:04}/{}/{}/", d.year, two(d.month), two(d.day))
}

/// One RIS record.
pub fn ris(s: Source) -> String {
    let d = s.doc;
    let mut out = String::new();
    ris_line(&mut out, "TY", "MANSCPT");
    ris_line(&mut out, "TI", &d.title);
    if let Some(date) = d.date {
        ris_line(&mut out, "PY", &format!("{:04}", date.year));
        ris_line(&mut out, "DA", &ris_date(&date));
    }
    ris_line(&mut out, "DB", archive_name(s.meta));
    // Zotero reads the collection from AN (its "Loc. in Archive"); the RIS specification,
    // and readers that follow it, from AV ("Location in Archives"). Zotero takes AV as a
    // second source of the same field and keeps the first.
    ris_line(&mut out, "AN", &d.collection);
    ris_line(&mut out, "AV", &d.collection);
    ris_line(&mut out, "UR", s.permalink);
    ris_line(&mut out, "M3", genre(d).unwrap_or(""));
    ris_line(&mut out, "AB", &d.summary);
    for k in &d.subjects {
        ris_line(&mut out, "KW", k);
    }
    ris_line(&mut out, "LA", &d.language);
    out.push_str(&format!("ER  - {RIS_EOL}"));
    out
}

// ---------------------------------------------------------------------------------------------
// CSL-JSON

fn date_parts(d: &PartialDate) -> serde_json::Value {
    let mut parts = vec![serde_json::json!(d.year)];
    if let Some(m) = d.month {
        parts.push(serde_json::json!(m));
        if let Some(day) = d.day {
            parts.push(serde_json::json!(day));
        }
    }
    serde_json::Value::Array(parts)
}

/// One CSL-JSON item (an object); [`csl_json`] wraps it in the list the format expects.
pub fn csl_item(s: Source, id: &str) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let d = s.doc;
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("type".into(), json!("manuscript"));
    m.insert("title".into(), json!(d.title));
    if let Some(start) = d.date {
        let mut parts = vec![date_parts(&start)];
        if let Some(end) = d.date_end.filter(|e| e.sort_key() > start.sort_key()) {
            parts.push(date_parts(&end));
        }
        m.insert("issued".into(), json!({ "date-parts": parts }));
    }
    m.insert("archive".into(), json!(archive_name(s.meta)));
    let mut put = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            m.insert(k.into(), Value::String(v.trim().to_string()));
        }
    };
    put("archive_location", &d.collection);
    put("publisher", distinct_publisher(s.meta).unwrap_or(""));
    put("URL", s.permalink);
    put("genre", genre(d).unwrap_or(""));
    put("abstract", &d.summary);
    put("language", &d.language);
    put("keyword", &d.subjects.join(", "));
    Value::Object(m)
}

/// The CSL-JSON file for one document: a list holding one item.
pub fn csl_json(s: Source) -> String {
    let list = serde_json::Value::Array(vec![csl_item(s, &bibtex_key(&s.doc.id))]);
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta() -> ArchiveMeta {
        ArchiveMeta {
            title: "Sample Archive".into(),
            publisher: "The Folio project".into(),
            ..Default::default()
        }
    }

    fn boxer() -> Document {
        let mut d = Document {
            id: "boxer-protocol-1901".into(),
            title: "Boxer Protocol".into(),
            date: Some(PartialDate::parse("1901-09-07").unwrap()),
            collection: "Treaties and agreements".into(),
            summary: "Settlement signed in Beijing.".into(),
            subjects: vec!["China".into(), "Peace settlements".into()],
            language: "en".into(),
            ..Default::default()
        };
        d.extras.insert("type".into(), json!("protocol"));
        d
    }

    const LINK: &str = "https://example.org/folio/doc/boxer-protocol-1901";

    fn src<'a>(doc: &'a Document, meta: &'a ArchiveMeta) -> Source<'a> {
        Source {
            doc,
            meta,
            permalink: LINK,
        }
    }

    #[test]
    fn chicago_note_and_bibliography_read_as_the_manual_writes_them() {
        let (d, m) = (boxer(), meta());
        assert_eq!(
            plain_text(&chicago_note(src(&d, &m))),
            "“Boxer Protocol,” September 7, 1901, Treaties and agreements, Sample Archive, The Folio project, https://example.org/folio/doc/boxer-protocol-1901."
        );
        assert_eq!(
            plain_text(&chicago_bibliography(src(&d, &m))),
            "“Boxer Protocol.” September 7, 1901. Treaties and agreements. Sample Archive. The Folio project. https://example.org/folio/doc/boxer-protocol-1901."
        );
    }

    #[test]
    fn mla_abbreviates_months_and_italicises_the_archive() {
        let (d, m) = (boxer(), meta());
        let runs = mla(src(&d, &m));
        assert_eq!(
            plain_text(&runs),
            "“Boxer Protocol.” 7 Sept. 1901. Treaties and agreements. Sample Archive, The Folio project, example.org/folio/doc/boxer-protocol-1901."
        );
        assert_eq!(
            runs.iter()
                .filter(|r| r.italic)
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>(),
            ["Sample Archive"]
        );
        assert_eq!(
            mla_date(&PartialDate::parse("1945-05").unwrap()),
            "May 1945"
        );
        assert_eq!(
            mla_date(&PartialDate::parse("1945-02-11").unwrap()),
            "11 Feb. 1945"
        );
    }

    #[test]
    fn a_title_with_its_own_mark_takes_no_extra_punctuation() {
        let m = ArchiveMeta::default();
        let d = Document {
            id: "q".into(),
            title: "Whither Europe?".into(),
            ..Default::default()
        };
        assert_eq!(
            plain_text(&chicago_note(src(&d, &m))),
            format!("“Whither Europe?” Folio, {LINK}.")
        );
        assert_eq!(
            plain_text(&chicago_bibliography(src(&d, &m))),
            format!("“Whither Europe?” Folio. {LINK}.")
        );
    }

    #[test]
    fn spans_are_cited_as_ranges() {
        let m = meta();
        let d = Document {
            id: "c".into(),
            title: "Conference".into(),
            date: Some(PartialDate::parse("1961").unwrap()),
            date_end: Some(PartialDate::parse("1963").unwrap()),
            ..Default::default()
        };
        assert!(plain_text(&chicago_note(src(&d, &m))).contains("“Conference,” 1961 – 1963, "));
        assert!(plain_text(&mla(src(&d, &m))).contains("“Conference.” 1961–1963. "));
        let csl: serde_json::Value = serde_json::from_str(&csl_json(src(&d, &m))).unwrap();
        assert_eq!(csl[0]["issued"], json!({"date-parts": [[1961], [1963]]}));
    }

    #[test]
    fn bibtex_is_an_unpublished_entry_zotero_reads_as_a_manuscript() {
        let (d, m) = (boxer(), meta());
        assert_eq!(
            bibtex(src(&d, &m)),
            "@unpublished{boxer-protocol-1901,\n  title = {{Boxer Protocol}},\n  year = {1901},\n  month = sep,\n  date = {1901-09-07},\n  note = {Sample Archive (The Folio project), Treaties and agreements},\n  url = {https://example.org/folio/doc/boxer-protocol-1901},\n  type = {protocol},\n  abstract = {Settlement signed in Beijing.},\n  keywords = {China, Peace settlements},\n  language = {en},\n}\n"
        );
    }

    #[test]
    fn bibtex_escapes_tex_and_makes_safe_keys() {
        assert_eq!(
            bibtex_escape("50% & {x} #1 a_b"),
            "50\\% \\& \\{x\\} \\#1 a\\_b"
        );
        assert_eq!(
            bibtex_escape("a\\b ~ ^"),
            "a\\textbackslash{}b \\textasciitilde{} \\textasciicircum{}"
        );
        assert_eq!(
            bibtex_escape("Line one\nLine  two\t3\u{a0}%"),
            "Line one Line two 3\u{a0}\\%"
        );
        assert_eq!(bibtex_key("frus 1946/v6:d475"), "frus-1946-v6:d475");
        assert_eq!(bibtex_key("Хрущёв"), "doc");
        assert_eq!(bibtex_key("_x"), "doc_x");
    }

    #[test]
    fn bibtex_keeps_ligatures_and_tel_as_typed_and_braces_balanced() {
        // TeX ligatures, and what Zotero's import turns into one character, get an empty group.
        assert_eq!(
            bibtex_escape("10--12 ``q'' !! ?! !? ?` <<g>> ,,"),
            "10-{}-12 `{}`q'{}' !{}! ?{}! !{}? ?{}` <{}<g>{}> ,{},"
        );
        assert_eq!(
            bibtex_escape("TELEGRAM, HOTEL, Tel"),
            "T{}ELEGRAM, HOT{}EL, Tel"
        );
        // Balanced braces stay braces; a lone one is a command BibTeX does not count.
        assert_eq!(bibtex_escape("{A} b"), "\\{A\\} b");
        assert_eq!(
            bibtex_escape("} x {y"),
            "\\textbraceright{} x \\textbraceleft{}y"
        );
        assert_eq!(
            bibtex_escape("{{a} {"),
            "\\textbraceleft{}\\{a\\} \\textbraceleft{}"
        );
    }

    #[test]
    fn ris_values_stay_on_one_line_without_tag_like_runs() {
        let mut out = String::new();
        ris_line(&mut out, "TI", "  A\r\nB  - C\u{2028}D\tE  ");
        assert_eq!(out, "TI  - A B - C D E\r\n");
        let mut empty = String::new();
        ris_line(&mut empty, "AB", " \n ");
        assert_eq!(empty, "");
    }

    #[test]
    fn ris_is_a_manuscript_with_archive_and_location() {
        let (d, m) = (boxer(), meta());
        assert_eq!(
            ris(src(&d, &m)),
            "TY  - MANSCPT\r\nTI  - Boxer Protocol\r\nPY  - 1901\r\nDA  - 1901/09/07/\r\nDB  - Sample Archive\r\nAN  - Treaties and agreements\r\nAV  - Treaties and agreements\r\nUR  - https://example.org/folio/doc/boxer-protocol-1901\r\nM3  - protocol\r\nAB  - Settlement signed in Beijing.\r\nKW  - China\r\nKW  - Peace settlements\r\nLA  - en\r\nER  - \r\n"
        );
        assert_eq!(ris_date(&PartialDate::parse("1945").unwrap()), "1945///");
    }

    #[test]
    fn csl_json_is_a_list_of_one_manuscript() {
        let (d, m) = (boxer(), meta());
        let v: serde_json::Value = serde_json::from_str(&csl_json(src(&d, &m))).unwrap();
        assert_eq!(
            v,
            json!([{
                "id": "boxer-protocol-1901",
                "type": "manuscript",
                "title": "Boxer Protocol",
                "issued": {"date-parts": [[1901, 9, 7]]},
                "archive": "Sample Archive",
                "archive_location": "Treaties and agreements",
                "publisher": "The Folio project",
                "URL": LINK,
                "genre": "protocol",
                "abstract": "Settlement signed in Beijing.",
                "language": "en",
                "keyword": "China, Peace settlements"
            }])
        );
    }

    #[test]
    fn the_archive_falls_back_to_the_publisher_then_folio() {
        let mut m = ArchiveMeta::default();
        assert_eq!(archive_name(&m), "Folio");
        m.publisher = "State Department".into();
        assert_eq!(archive_name(&m), "State Department");
        assert_eq!(distinct_publisher(&m), None, "not repeated");
    }
}
