//! Folio's search core as one more engine in the fts-bench browser benchmark
//! (`tests/bench/`, issue 3). Not part of the app: the app builds its index in `src/load/`.
//!
//! The benchmark hands every engine the same parsed documents (fields `id`, `title`,
//! `summary`, `text`, `people`, `places`, `subjects`; others are ignored) and the same
//! structured queries. [`Core`] is the engine in plain Rust (tested natively); [`Engine`] and
//! [`EngineBuilder`] wrap it for JavaScript with wasm-bindgen.
//!
//! Only the index and the document ids are kept: documents are indexed one at a time while
//! the JSON is read, and dropped.
//!
//! Query types, mapped to Folio's query language ([`query_for`]):
//! - `single` and `and`: the words as typed, every word required (Folio's AND is across
//!   fields); a trailing space so the last word is not read as a prefix still being typed.
//! - `prefix`: `word*` (Folio keeps the 32 most frequent expansions).
//! - `fuzzy`: the word with typo correction on. Folio chooses the distance by length
//!   (1 edit for 5–8 letters, 2 for 9+) and corrects only words with fewer than 3 documents.
//!
//! Typo correction is off for the other types, and partial matches (documents matching only
//! some words, which the app lists after the full matches) are off everywhere, so every hit
//! matches the whole query.

use folio_core::index::{Index, IndexBuilder};
use folio_core::model::Document;
use folio_core::query::parse;
use folio_core::ranking::RankingParams;
use folio_core::search::{search, SearchOptions};
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// One benchmark document: the six indexed fields and the id. Missing or `null` fields are
/// empty.
#[derive(Debug, Default, Deserialize)]
struct BenchDoc {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    people: Option<Vec<String>>,
    #[serde(default)]
    places: Option<Vec<String>>,
    #[serde(default)]
    subjects: Option<Vec<String>>,
}

/// Builds the index while the JSON array is read: one document in memory at a time.
struct Collect<'a> {
    builder: &'a mut IndexBuilder,
    ids: &'a mut Vec<Box<str>>,
}

impl<'de> DeserializeSeed<'de> for Collect<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Collect<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of documents")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(d) = seq.next_element::<BenchDoc>()? {
            add_doc(self.builder, self.ids, d);
        }
        Ok(())
    }
}

fn add_doc(builder: &mut IndexBuilder, ids: &mut Vec<Box<str>>, d: BenchDoc) {
    let doc = Document {
        id: String::new(),
        title: d.title.unwrap_or_default(),
        summary: d.summary.unwrap_or_default(),
        text: d.text.unwrap_or_default(),
        people: d.people.unwrap_or_default(),
        places: d.places.unwrap_or_default(),
        subjects: d.subjects.unwrap_or_default(),
        ..Default::default()
    };
    builder.add(&doc);
    ids.push(d.id.into_boxed_str());
}

/// Splits a list field passed as one string with items separated by U+001F.
fn items(joined: &str) -> Vec<String> {
    joined
        .split('\u{1f}')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The query Folio runs for a benchmark query, and its options.
pub fn query_for(kind: &str, text: &str, max_edits: u32) -> (String, SearchOptions) {
    let text = text.trim();
    let q = match kind {
        "prefix" => format!("{text}*"),
        // A trailing space: the last word is complete, not a prefix being typed.
        _ => format!("{text} "),
    };
    let opts = SearchOptions {
        fuzzy: kind == "fuzzy" && max_edits > 0,
        partial_below: 0,
        // The bench's maxEdits caps the edit distance (MiniSearch's `fuzzy: 1`).
        max_edits: max_edits as usize,
    };
    (q, opts)
}

/// The engine: Folio's frozen index plus the document ids.
#[derive(Debug, Default)]
pub struct Core {
    index: Index,
    ids: Vec<Box<str>>,
    params: RankingParams,
}

impl Core {
    /// Indexes a JSON array of documents.
    pub fn from_json(docs_json: &str) -> Result<Core, serde_json::Error> {
        let mut builder = IndexBuilder::new();
        let mut ids = Vec::new();
        let mut de = serde_json::Deserializer::from_str(docs_json);
        Collect {
            builder: &mut builder,
            ids: &mut ids,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(Core::from_parts(builder, ids))
    }

    fn from_parts(builder: IndexBuilder, mut ids: Vec<Box<str>>) -> Core {
        ids.shrink_to_fit();
        Core {
            index: builder.freeze(),
            ids,
            params: RankingParams::default(),
        }
    }

    /// Document numbers of the full matches, best first, and their total.
    pub fn run(&self, kind: &str, text: &str, max_edits: u32, limit: usize) -> (Vec<u32>, usize) {
        let (q, opts) = query_for(kind, text, max_edits);
        let r = search(&self.index, &[], &parse(&q), &self.params, opts);
        let docs = r
            .hits
            .iter()
            .take(r.full.min(limit))
            .map(|h| h.doc)
            .collect();
        (docs, r.full)
    }

    /// Ids of the best `limit` full matches.
    pub fn search_ids(&self, kind: &str, text: &str, max_edits: u32, limit: usize) -> Vec<&str> {
        self.run(kind, text, max_edits, limit)
            .0
            .into_iter()
            .map(|d| &*self.ids[d as usize])
            .collect()
    }

    pub fn doc_count(&self) -> usize {
        self.ids.len()
    }

    /// The index's own account of its bytes plus the ids.
    pub fn heap_bytes(&self) -> usize {
        self.index.heap_bytes()
            + self.ids.capacity() * std::mem::size_of::<Box<str>>()
            + self.ids.iter().map(|s| s.len()).sum::<usize>()
    }
}

/// The engine as JavaScript sees it.
#[wasm_bindgen]
pub struct Engine {
    core: Core,
}

#[wasm_bindgen]
impl Engine {
    /// Indexes `JSON.stringify(docs)`: one boundary crossing.
    pub fn from_json(docs_json: &str) -> Result<Engine, JsError> {
        Core::from_json(docs_json)
            .map(|core| Engine { core })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The ids of the best `limit` documents, as JS strings.
    pub fn search(&self, kind: &str, text: &str, max_edits: u32, limit: usize) -> js_sys::Array {
        self.core
            .search_ids(kind, text, max_edits, limit)
            .into_iter()
            .map(JsValue::from_str)
            .collect()
    }

    /// How many documents match the whole query.
    pub fn count(&self, kind: &str, text: &str, max_edits: u32) -> usize {
        self.core.run(kind, text, max_edits, 0).1
    }

    pub fn doc_count(&self) -> usize {
        self.core.doc_count()
    }

    /// Bytes of the index and ids, as the index counts them.
    pub fn heap_bytes(&self) -> usize {
        self.core.heap_bytes()
    }
}

/// Per-document indexing (the other way in: one call per document, strings only).
#[wasm_bindgen]
#[derive(Default)]
pub struct EngineBuilder {
    builder: IndexBuilder,
    ids: Vec<Box<str>>,
}

#[wasm_bindgen]
impl EngineBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Adds one document. List fields come as one string, items separated by U+001F.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        id: String,
        title: String,
        summary: String,
        text: String,
        people: &str,
        places: &str,
        subjects: &str,
    ) {
        let d = BenchDoc {
            id,
            title: Some(title),
            summary: Some(summary),
            text: Some(text),
            people: Some(items(people)),
            places: Some(items(places)),
            subjects: Some(items(subjects)),
        };
        add_doc(&mut self.builder, &mut self.ids, d);
    }

    pub fn finish(self) -> Engine {
        Engine {
            core: Core::from_parts(self.builder, self.ids),
        }
    }
}

/// The most bytes allocated at once since the last call (then reset to the live bytes).
#[wasm_bindgen]
pub fn peak_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        use std::sync::atomic::Ordering;
        let live = counting::LIVE.load(Ordering::Relaxed);
        counting::PEAK.swap(live, Ordering::Relaxed)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Bytes currently allocated in the module's linear memory (a counting allocator; 0 when
/// not compiled to WebAssembly).
#[wasm_bindgen]
pub fn live_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        counting::LIVE.load(std::sync::atomic::Ordering::Relaxed)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

#[cfg(target_arch = "wasm32")]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub static LIVE: AtomicUsize = AtomicUsize::new(0);
    pub static PEAK: AtomicUsize = AtomicUsize::new(0);

    fn grew(by: usize) {
        let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }

    struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = System.alloc(layout);
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let p = System.alloc_zeroed(layout);
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            System.dealloc(ptr, layout);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = System.realloc(ptr, layout, new_size);
            if !p.is_null() {
                // Counted as the moment both blocks exist (realloc may copy).
                grew(new_size);
                LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            }
            p
        }
    }

    #[global_allocator]
    static ALLOC: Counting = Counting;
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = r#"[
        {"id":"a","title":"Long Telegram","date":"1946-02-22","summary":"Kennan on Soviet conduct",
         "text":"The Soviet government negotiates. Berlin.","people":["George Kennan"],
         "places":["Moscow"],"subjects":["Containment"]},
        {"id":"b","title":"Berlin blockade","summary":null,"text":"Soviet forces in Berlin",
         "people":[],"places":["Berlin"],"subjects":[]},
        {"id":"c","title":"Other","text":"sovereignty and trade","extra":{"x":1}}
    ]"#;

    #[test]
    fn indexes_the_six_fields_and_keeps_ids() {
        let c = Core::from_json(DOCS).unwrap();
        assert_eq!(c.doc_count(), 3);
        assert_eq!(c.search_ids("single", "kennan", 0, 10), ["a"]);
        assert_eq!(c.search_ids("single", "moscow", 0, 10), ["a"]);
        assert_eq!(c.search_ids("single", "containment", 0, 10), ["a"]);
        assert!(c.heap_bytes() > 0);
    }

    #[test]
    fn query_types_map_to_folio() {
        let c = Core::from_json(DOCS).unwrap();
        // AND across fields, every word required.
        assert_eq!(c.search_ids("and", "soviet berlin", 0, 10).len(), 2);
        assert_eq!(c.run("and", "soviet trade", 0, 10).1, 0);
        // A single word is not a prefix; an explicit prefix is.
        assert_eq!(c.run("single", "sov", 0, 10).1, 0);
        let mut p = c.search_ids("prefix", "sov", 0, 10);
        p.sort();
        assert_eq!(p, ["a", "b", "c"]);
        // Typos are corrected only for fuzzy queries.
        assert_eq!(c.run("single", "berlni", 0, 10).1, 0);
        assert_eq!(c.run("fuzzy", "sovereignti", 1, 10).1, 1);
        assert_eq!(c.run("fuzzy", "telegrm", 1, 10).1, 1);
        assert_eq!(c.run("fuzzy", "telegrm", 0, 10).1, 0);
        // The limit cuts the list, not the count.
        let (top, total) = c.run("single", "soviet", 0, 1);
        assert_eq!((top.len(), total), (1, 2));
    }

    #[test]
    fn per_document_building_matches_json() {
        let mut b = EngineBuilder::new();
        b.add(
            "x".into(),
            "Title".into(),
            String::new(),
            "text".into(),
            "John Foster Dulles\u{1f}Allen Dulles",
            "",
            "Intelligence",
        );
        let e = b.finish();
        assert_eq!(e.core.search_ids("single", "dulles", 0, 10), ["x"]);
        assert_eq!(items("a\u{1f}\u{1f}b"), ["a", "b"]);
    }

    #[test]
    fn bad_json_is_an_error() {
        assert!(Core::from_json("{").is_err());
        assert!(Core::from_json("[{\"title\":\"no id\"}]").is_err());
    }
}
