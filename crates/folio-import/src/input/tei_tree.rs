//! A small element tree for one TEI document, and the rules that turn it into text.
//!
//! The TEI reader streams the file and builds a tree only for one
//! `<div type="document">` at a time. This module owns the layout of the text that
//! comes out, which matches the FRUS corpus made from the same TEI:
//!
//! - each block child of the document (`dateline`, `p`, `closer`, `frus:attachment`, …)
//!   is one paragraph, paragraphs are separated by a blank line;
//! - `postscript`, `list`, `item` and `quote` that hold blocks are opened up, and their
//!   blocks (and `label`s) become paragraphs of their own;
//! - inside a paragraph, white space is collapsed, `<lb/>` is a space and `<gap/>` is
//!   written `[gap]`;
//! - numbered footnotes (`<note n="…">`) are taken out of the running text and listed
//!   after a `---` line under `Footnotes:`, as `n. text`.

/// An element with its children, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name, without namespace prefix (`attachment` for `frus:attachment`).
    pub name: String,
    /// Attributes by qualified name (`xml:id`, `type`, `frus:doc-dateTime-min`).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Line where the start tag is.
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// A footnote taken out of the running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub n: String,
    pub text: String,
}

impl Element {
    /// An attribute by qualified name, or by local name when no prefix is given in `key`
    /// and the attribute has one (`doc-dateTime-min` finds `frus:doc-dateTime-min`).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| {
                k == key
                    || (!key.contains(':')
                        && k.rsplit_once(':').is_some_and(|(_, local)| local == key))
            })
            .map(|(_, v)| v.as_str())
    }

    /// Direct child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first direct child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every descendant element called `name`, in document order.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            e.descendants(name, out);
        }
    }

    /// The first descendant element called `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        let mut found = Vec::new();
        self.descendants(name, &mut found);
        found.into_iter().next()
    }

    /// A numbered footnote, as opposed to a source note or an inline note.
    fn is_footnote(&self) -> bool {
        self.name == "note"
            && self.attr("type") != Some("source")
            && self.attr("n").is_some_and(|n| !n.is_empty())
    }
}

/// The text of an element on one line: white space collapsed, footnotes moved to `notes`.
pub fn inline_text(e: &Element, notes: &mut Vec<Footnote>) -> String {
    let mut raw = String::new();
    collect(e, notes, &mut raw);
    collapse(&raw)
}

/// The text of an element on one line, footnotes left out.
pub fn plain_text(e: &Element) -> String {
    inline_text(e, &mut Vec::new())
}

fn collect(e: &Element, notes: &mut Vec<Footnote>, out: &mut String) {
    for node in &e.children {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element(c) if c.is_footnote() => {
                let n = c.attr("n").unwrap_or_default().to_string();
                notes.push(Footnote {
                    n,
                    text: plain_text(c),
                });
            }
            Node::Element(c) => {
                let block = BLOCKS.contains(&c.name.as_str());
                match c.name.as_str() {
                    "lb" => out.push(' '),
                    "gap" => out.push_str("[gap]"),
                    _ if block => out.push(' '),
                    _ => {}
                }
                collect(c, notes, out);
                if block {
                    out.push(' ');
                }
            }
        }
    }
}

/// Elements that stand apart from their neighbours even when the XML has no space
/// between them (`<p>One.</p><p>Two.</p>` reads "One. Two.").
const BLOCKS: [&str; 11] = [
    "p",
    "head",
    "dateline",
    "closer",
    "opener",
    "postscript",
    "list",
    "item",
    "label",
    "row",
    "table",
];

/// Collapses runs of white space to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

const CONTAINERS: [&str; 4] = ["postscript", "list", "item", "quote"];

/// Appends the paragraphs of one block element to `paras`.
pub fn blocks(e: &Element, notes: &mut Vec<Footnote>, paras: &mut Vec<String>) {
    let opens_up = CONTAINERS.contains(&e.name.as_str())
        && e.elements().any(|c| {
            CONTAINERS.contains(&c.name.as_str())
                || matches!(c.name.as_str(), "p" | "label" | "closer")
        });
    if opens_up {
        for c in e.elements().filter(|c| c.name != "pb") {
            blocks(c, notes, paras);
        }
        return;
    }
    if e.name == "gap" {
        return;
    }
    if e.name == "table" {
        let table = table_text(e, notes);
        if !table.is_empty() {
            paras.push(table);
        }
        return;
    }
    let text = inline_text(e, notes);
    if !text.is_empty() {
        paras.push(text);
    }
}

/// A table as lines of `cell | cell`.
fn table_text(table: &Element, notes: &mut Vec<Footnote>) -> String {
    let mut rows = Vec::new();
    table.descendants("row", &mut rows);
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            row.elements()
                .filter(|c| c.name == "cell")
                .map(|c| inline_text(c, notes))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|line| !line.replace('|', "").trim().is_empty())
        .collect();
    lines.join("\n")
}

/// The full text of a document `div`: its blocks (not the heading, page breaks or source
/// note), then its footnotes.
pub fn document_text(div: &Element) -> String {
    let mut notes = Vec::new();
    let mut paras = Vec::new();
    for c in div.elements() {
        let skip = c.name == "head"
            || c.name == "pb"
            || (c.name == "note" && c.attr("type") == Some("source"));
        if !skip {
            blocks(c, &mut notes, &mut paras);
        }
    }
    let mut text = paras.join("\n\n");
    if !notes.is_empty() {
        text.push_str("\n\n---\nFootnotes:\n\n");
        let listed: Vec<String> = notes
            .iter()
            .map(|n| format!("{}. {}", n.n, n.text))
            .collect();
        text.push_str(&listed.join("\n\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(name: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Node {
        Node::Element(Element {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            children,
            line: 1,
        })
    }

    fn t(s: &str) -> Node {
        Node::Text(s.into())
    }

    fn root(children: Vec<Node>) -> Element {
        Element {
            name: "div".into(),
            attrs: vec![("type".into(), "document".into())],
            children,
            line: 1,
        }
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines_after_the_dateline() {
        let div = root(vec![
            el("head", &[], vec![t("No. 1. Mr. A to Mr. B.")]),
            el("note", &[("type", "source")], vec![t("[Telegram.]")]),
            el(
                "dateline",
                &[],
                vec![
                    el("placeName", &[], vec![t("Bluefields,\n   Nicaragua")]),
                    t(", January 25, 1894."),
                ],
            ),
            el("p", &[], vec![t("One\n  two.")]),
            el(
                "closer",
                &[],
                vec![t("Seat,"), el("lb", &[], vec![]), t("Agent.")],
            ),
        ]);
        assert_eq!(
            document_text(&div),
            "Bluefields, Nicaragua, January 25, 1894.\n\nOne two.\n\nSeat, Agent."
        );
    }

    #[test]
    fn footnotes_move_to_the_end() {
        let div = root(vec![el(
            "p",
            &[],
            vec![
                t("a telegram"),
                el(
                    "note",
                    &[("n", "1")],
                    vec![el("ref", &[], vec![t("No. 1")]), t(".")],
                ),
                t("\n from us."),
            ],
        )]);
        assert_eq!(
            document_text(&div),
            "a telegram from us.\n\n---\nFootnotes:\n\n1. No. 1."
        );
    }

    #[test]
    fn containers_of_blocks_open_up_but_attachments_stay_one_paragraph() {
        let div = root(vec![
            el(
                "postscript",
                &[],
                vec![
                    el("p", &[], vec![t("[Postscript.]")]),
                    el("p", &[], vec![t("More.")]),
                ],
            ),
            el(
                "list",
                &[],
                vec![
                    el("label", &[], vec![t("2.")]),
                    el("item", &[], vec![t("Plain item.")]),
                ],
            ),
            el(
                "attachment",
                &[],
                vec![
                    el("p", &[], vec![t("First.")]),
                    el("p", &[], vec![t("Second.")]),
                ],
            ),
        ]);
        assert_eq!(
            document_text(&div),
            "[Postscript.]\n\nMore.\n\n2.\n\nPlain item.\n\nFirst. Second."
        );
    }

    #[test]
    fn tables_become_lines_of_cells() {
        let row = |a: &str, b: &str| {
            el(
                "row",
                &[],
                vec![el("cell", &[], vec![t(a)]), el("cell", &[], vec![t(b)])],
            )
        };
        let div = root(vec![el(
            "table",
            &[],
            vec![row("Name", "Date"), row("A", "1894")],
        )]);
        assert_eq!(document_text(&div), "Name | Date\nA | 1894");
    }

    #[test]
    fn gaps_are_marked() {
        let div = root(vec![el(
            "p",
            &[],
            vec![t("asked by "), el("gap", &[], vec![]), t(" to police")],
        )]);
        assert_eq!(document_text(&div), "asked by [gap] to police");
    }

    #[test]
    fn attributes_are_found_by_local_name() {
        let e = Element {
            attrs: vec![
                ("frus:doc-dateTime-min".into(), "1894".into()),
                ("xml:id".into(), "d1".into()),
            ],
            ..Element::default()
        };
        assert_eq!(e.attr("doc-dateTime-min"), Some("1894"));
        assert_eq!(e.attr("xml:id"), Some("d1"));
        assert_eq!(e.attr("id"), Some("d1"));
        assert_eq!(e.attr("type"), None);
    }
}
