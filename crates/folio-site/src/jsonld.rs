//! schema.org JSON-LD for a document page: the document as an archival item
//! (`ArchiveComponent`): its name, dates, what it is about, who and where it mentions, the
//! collection it is part of, the archive that holds it, its address and licence.
//!
//! Written into the page as a `<script type="application/ld+json">` data block (never run:
//! the Content-Security-Policy has nothing to allow), with `<`, `>` and `&` written as JSON
//! escapes so that no text from the bundle can close the block.

use folio_core::archive::Archive;
use folio_core::model::{safe_http_url, Document};
use serde_json::{json, Map, Value};

/// The JSON-LD object of a document page. `permalink` is the page's address, `site_url` the
/// site's (both absolute).
pub fn document_ld(archive: &Archive, doc: &Document, permalink: &str, site_url: &str) -> Value {
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert("@type".into(), json!("ArchiveComponent"));
    o.insert("@id".into(), json!(permalink));
    o.insert("url".into(), json!(permalink));
    o.insert("name".into(), json!(doc.title));
    o.insert("identifier".into(), json!(doc.id));
    if !doc.summary.is_empty() {
        o.insert("description".into(), json!(doc.summary));
    }
    if let Some(d) = &doc.date {
        o.insert("dateCreated".into(), json!(d.to_string()));
        if let Some(end) = doc.date_end.as_ref().filter(|e| *e != d) {
            // A span: ISO 8601's interval.
            o.insert("temporalCoverage".into(), json!(format!("{d}/{end}")));
        }
    }
    let language = doc.language.trim();
    if !language.is_empty() {
        o.insert("inLanguage".into(), json!(language));
    }
    let named = |kind: &str, values: &[String]| -> Vec<Value> {
        values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(|v| json!({ "@type": kind, "name": v }))
            .collect()
    };
    let about = named("Thing", &doc.subjects);
    if !about.is_empty() {
        o.insert("about".into(), Value::Array(about));
    }
    let mut mentions = named("Person", &doc.people);
    mentions.extend(named("Place", &doc.places));
    if !mentions.is_empty() {
        o.insert("mentions".into(), Value::Array(mentions));
    }
    let meta = &archive.meta;
    let archive_name = if meta.title.is_empty() {
        "Folio"
    } else {
        meta.title.as_str()
    };
    let site = json!({ "@type": "Collection", "name": archive_name, "url": site_url });
    let part_of = if doc.collection.trim().is_empty() {
        site
    } else {
        json!({ "@type": "Collection", "name": doc.collection.trim(), "isPartOf": site })
    };
    o.insert("isPartOf".into(), part_of);
    let holder = if meta.publisher.is_empty() {
        archive_name
    } else {
        meta.publisher.as_str()
    };
    let mut holding = json!({ "@type": "ArchiveOrganization", "name": holder });
    if let Some(url) = safe_http_url(&meta.url) {
        holding["url"] = json!(url);
    }
    o.insert("holdingArchive".into(), holding);
    if let Some(licence) = licence(&meta.licence) {
        o.insert("license".into(), licence);
    }
    if let Some(original) = doc.safe_url() {
        o.insert("sameAs".into(), json!(original));
    }
    Value::Object(o)
}

/// A licence as schema.org wants it: its address, or a named work when the bundle gives a name
/// ("CC BY 4.0", "Public domain").
fn licence(text: &str) -> Option<Value> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match safe_http_url(text) {
        Some(url) => json!(url),
        None => json!({ "@type": "CreativeWork", "name": text }),
    })
}

/// The `<script type="application/ld+json">` block for `value`.
pub fn script_block(value: &Value) -> String {
    let text = value.to_string();
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            // JSON allows them raw; old JavaScript parsers did not.
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    format!("<script type=\"application/ld+json\">{safe}</script>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_core::date::PartialDate;
    use folio_core::model::ArchiveMeta;

    fn archive(doc: Document) -> Archive {
        Archive::new(
            ArchiveMeta {
                title: "Sample".into(),
                publisher: "Folio".into(),
                licence: "CC BY 4.0".into(),
                ..Default::default()
            },
            vec![doc],
        )
    }

    #[test]
    fn a_document_is_an_archive_component_with_its_people_places_and_subjects() {
        let doc = Document {
            id: "d1".into(),
            title: "Memorandum".into(),
            date: Some(PartialDate::parse("1956-09-16").unwrap()),
            people: vec!["Dulles".into(), " ".into()],
            places: vec!["Suez".into()],
            subjects: vec!["Canal".into()],
            collection: "Crises".into(),
            language: "en".into(),
            ..Default::default()
        };
        let a = archive(doc.clone());
        let ld = document_ld(&a, &doc, "https://x.org/doc/d1", "https://x.org/");
        assert_eq!(ld["@type"], "ArchiveComponent");
        assert_eq!(ld["dateCreated"], "1956-09-16");
        assert_eq!(
            ld["mentions"][0],
            json!({ "@type": "Person", "name": "Dulles" })
        );
        assert_eq!(
            ld["mentions"][1],
            json!({ "@type": "Place", "name": "Suez" })
        );
        assert_eq!(ld["mentions"].as_array().unwrap().len(), 2);
        assert_eq!(ld["about"][0]["name"], "Canal");
        assert_eq!(ld["isPartOf"]["name"], "Crises");
        assert_eq!(ld["isPartOf"]["isPartOf"]["name"], "Sample");
        assert_eq!(ld["holdingArchive"]["name"], "Folio");
        assert_eq!(ld["license"]["name"], "CC BY 4.0");
    }

    #[test]
    fn no_text_can_close_the_block() {
        let doc = Document {
            id: "</script><script>alert(1)</script>".into(),
            title: "a & b \u{2028}".into(),
            ..Default::default()
        };
        let a = archive(doc.clone());
        let block = script_block(&document_ld(
            &a,
            &doc,
            "https://x.org/doc/x",
            "https://x.org/",
        ));
        assert_eq!(block.matches("</script>").count(), 1);
        assert!(block.ends_with("</script>"));
        let inner = &block["<script type=\"application/ld+json\">".len()..block.len() - 9];
        let back: Value = serde_json::from_str(inner).unwrap();
        assert_eq!(back["identifier"], "</script><script>alert(1)</script>");
        assert_eq!(back["name"], "a & b \u{2028}");
    }
}
