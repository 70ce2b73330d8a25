//! TEI P5 input: each `<div type="document">` becomes one record.
//!
//! The file is streamed with `quick-xml`; a tree ([`super::tei_tree`]) is built for one
//! document at a time, so memory follows the largest document, not the file. On the way
//! the reader remembers what the documents need from around them: the volume's id and
//! language (`TEI/@xml:id`, `@xml:lang`), the archive title (`titleStmt/title`), whether
//! it is a FRUS volume, and the headings of the `div`s enclosing each document. Turning
//! one document into a record is [`super::tei_document`]'s job.
//!
//! Line numbers are counted as the file streams; malformed XML stops the run with the
//! line and column of the fault, and invalid UTF-8 with its exact byte.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::tei_document::{document, Volume};
use super::tei_tree::{plain_text, Element, Node};
use super::{read_all, Sink, Source};
use crate::diagnostics::Location;
use crate::error::FatalError;

const FRUS_NAMESPACE: &str = "http://history.state.gov/frus/ns/1.0";

/// A `div` around the current position that is not a document.
struct Section {
    /// Depth of the open-element stack at which the div sits.
    depth: usize,
    heading: Option<String>,
}

/// What a tree being built is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Building {
    Document,
    SectionHeading,
    HeaderTitle,
}

/// Reads a TEI file into `sink`.
pub fn read<R: BufRead>(src: R, source: &Source, sink: &mut dyn Sink) -> Result<(), FatalError> {
    let mut reader = Reader::from_reader(src);
    reader.config_mut().check_comments = false;
    let mut buf = Vec::new();
    let mut line = 1u64;
    // Local names of the open elements outside a tree being built.
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut tree: Vec<Element> = Vec::new();
    let mut building = Building::Document;
    let mut volume = Volume {
        id: source
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..Volume::default()
    };
    let mut root_seen = false;
    let mut record = 0u64;
    loop {
        let event_line = line;
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(source, reader.error_position(), &e.to_string()))?;
        line += newlines(&event);
        let fail = |message: String| xml_error(source, reader.buffer_position(), &message);
        match event {
            Event::Start(e) => {
                let el = element(&e, event_line).map_err(fail)?;
                if !tree.is_empty() {
                    tree.push(el);
                } else if let Some(what) = starts_tree(&el, &open, &sections) {
                    building = what;
                    tree.push(el);
                } else {
                    if !root_seen {
                        root_seen = true;
                        read_root(&el, &mut volume);
                    }
                    if el.name == "div" {
                        sections.push(Section {
                            depth: open.len(),
                            heading: None,
                        });
                    }
                    open.push((el.name, event_line));
                }
            }
            Event::Empty(e) => {
                let el = element(&e, event_line).map_err(fail)?;
                if let Some(parent) = tree.last_mut() {
                    parent.children.push(Node::Element(el));
                }
            }
            Event::Text(t) => {
                if let Some(parent) = tree.last_mut() {
                    let text = t.unescape().map_err(|e| fail(e.to_string()))?;
                    push_text(parent, text);
                }
            }
            Event::CData(t) => {
                if let Some(parent) = tree.last_mut() {
                    let text = String::from_utf8_lossy(&t.into_inner()).into_owned();
                    push_text(parent, Cow::Owned(text));
                }
            }
            Event::End(_) => {
                if let Some(done) = tree.pop() {
                    match tree.last_mut() {
                        Some(parent) => parent.children.push(Node::Element(done)),
                        None => match building {
                            Building::Document => {
                                record += 1;
                                let headings: Vec<&str> = sections
                                    .iter()
                                    .filter_map(|s| s.heading.as_deref())
                                    .filter(|h| !h.is_empty())
                                    .collect();
                                let candidate = document(&done, record, &volume, &headings, source);
                                sink.record(candidate)?;
                            }
                            Building::SectionHeading => {
                                if let Some(s) = sections.last_mut() {
                                    s.heading = Some(plain_text(&done));
                                }
                            }
                            Building::HeaderTitle => {
                                let kind = done.attr("type").unwrap_or_default().to_string();
                                volume.titles.push((kind, plain_text(&done)));
                            }
                        },
                    }
                } else if let Some((name, _)) = open.pop() {
                    if name == "div" {
                        sections.pop();
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let unclosed = tree
        .last()
        .map(|e| (e.name.clone(), e.line))
        .or_else(|| open.last().cloned());
    if let Some((name, at)) = unclosed {
        return Err(FatalError::MalformedXml {
            location: Location::line(&source.file, at),
            message: format!(
                "the file ends before <{name}> (opened here) is closed (expected </{name}>)"
            ),
        });
    }
    if !root_seen {
        return Err(source.empty("a TEI document with <div type=\"document\"> elements"));
    }
    if record == 0 {
        return Err(FatalError::Malformed {
            location: Location::file(&source.file),
            message: "no <div type=\"document\"> found (expected one per document)".into(),
        });
    }
    Ok(())
}

/// Line breaks inside an event's bytes (only `<`, `>` and `/` of the markup are not in
/// them, and those never hold one), which keeps the line count exact as the file streams.
fn newlines(event: &Event) -> u64 {
    let raw: &[u8] = match event {
        Event::Start(e) | Event::Empty(e) => e,
        Event::End(e) => e,
        Event::Text(e) | Event::Comment(e) | Event::DocType(e) => e,
        Event::CData(e) => e,
        Event::PI(e) => e,
        Event::Decl(_) | Event::Eof => &[],
    };
    raw.iter().filter(|b| **b == b'\n').count() as u64
}

/// Builds an element (without children) from a start tag.
fn element(e: &BytesStart, line: u64) -> Result<Element, String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| err.to_string())?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|err| err.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        line,
    })
}

fn push_text(parent: &mut Element, text: Cow<str>) {
    if let Some(Node::Text(prev)) = parent.children.last_mut() {
        prev.push_str(&text);
    } else {
        parent.children.push(Node::Text(text.into_owned()));
    }
}

/// Whether `el` starts a tree the reader keeps: a document, the heading of an enclosing
/// section, or a title of the header.
fn starts_tree(el: &Element, open: &[(String, u64)], sections: &[Section]) -> Option<Building> {
    if el.name == "div" && el.attr("type") == Some("document") {
        return Some(Building::Document);
    }
    let parent = open.last().map(|(n, _)| n.as_str());
    if el.name == "head" && parent == Some("div") {
        let section = sections.last()?;
        return (section.depth + 1 == open.len() && section.heading.is_none())
            .then_some(Building::SectionHeading);
    }
    let in_title_stmt = parent == Some("titleStmt") && open.iter().any(|(n, _)| n == "teiHeader");
    (el.name == "title" && in_title_stmt).then_some(Building::HeaderTitle)
}

fn read_root(root: &Element, volume: &mut Volume) {
    if let Some(id) = root.attr("xml:id").filter(|s| !s.is_empty()) {
        volume.id = id.to_string();
    }
    volume.language = root.attr("xml:lang").unwrap_or_default().to_string();
    volume.frus = root
        .attrs
        .iter()
        .any(|(k, v)| k.starts_with("xmlns") && v == FRUS_NAMESPACE);
}

/// A fatal XML error at byte `offset`, with line and column worked out from the file.
/// Invalid UTF-8 is located at its exact byte.
fn xml_error(source: &Source, offset: u64, message: &str) -> FatalError {
    let Ok(bytes) = read_all(source.path) else {
        return FatalError::MalformedXml {
            location: Location::file(&source.file),
            message: message.to_string(),
        };
    };
    if let Err(e) = std::str::from_utf8(&bytes) {
        let bad = e.valid_up_to();
        let (line, _) = line_col(&bytes, bad);
        let line_start = bytes[..bad]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let byte = (bad - line_start) as u64 + 1;
        return FatalError::InvalidUtf8 {
            location: Location::at(&source.file, line, byte),
            byte,
        };
    }
    let offset = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let (line, column) = line_col(&bytes, offset);
    FatalError::MalformedXml {
        location: Location::at(&source.file, line, column),
        message: message.to_string(),
    }
}

/// 1-based line and character column of a byte offset.
fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() as u64 + 1;
    (line, column)
}
