//! The inverted index: a mutable [`IndexBuilder`] that freezes into an immutable [`Index`].
//!
//! For every folded word the index keeps which documents contain it, how often in each
//! field, and at which word positions (for phrases and proximity). Postings are stored
//! compactly, as bytes: per document a varint doc-number delta, a byte with one bit per
//! field present, a varint count per present field, and, for more than a few occurrences,
//! the byte length of its positions; positions live in a parallel byte stream,
//! delta-encoded per field. That keeps memory near a few bytes per occurrence, so
//! tens of thousands of documents fit in a browser tab.
//!
//! The term dictionary is a sorted list: exact words by binary search, prefixes as one
//! contiguous range, words of equal stem through a stem table, and typo candidates by
//! scanning the words of similar length. Documents are numbered by their position in the
//! bundle; that number is also the tie-breaker wherever order reaches the screen.

use std::ops::Range;

use crate::analyzer::{for_each_token_keyed, stem, TokenKind, TokenSink, Word};
use crate::intern::Interner;
use crate::model::{extra_display, Document};
use crate::pack::terms::PackedTerms;
use crate::pack::Part;
use crate::pages::{Paged, Spill};
use crate::ranking::{Field, FIELD_COUNT};
use crate::streams::{Pool, Stream};

/// The builder's pool of streams grows to this size, or to an eighth of what it has spilled
/// so far if that is more (so a large archive spills a few dozen times, not thousands), but
/// never more than [`MAX_POOL`]; it is spilled into pages once three quarters full (so one
/// more document rarely makes it grow).
const MIN_POOL: usize = 1 << 20;
const MAX_POOL: usize = 32 << 20;

/// Gap left between the items of a list field, so a phrase never spans two people.
const ITEM_GAP: u32 = 2;

/// A posting with more occurrences than this also stores the byte length of its positions,
/// so a reader that looked at a few of them (a phrase found early in a document) steps over
/// the rest at once instead of reading through them.
const LONG_POSITIONS: u32 = 8;

fn get_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
        if shift > 28 {
            break;
        }
    }
    v
}

/// One bit per distinct letter class in `word`: a–z are bits 0–25, digits bit 26, other
/// characters bits 27–31 by code point. One edit changes at most two bits, so words whose
/// masks differ in more than `2 × distance` bits cannot be within that distance.
pub fn letter_mask(word: &str) -> u32 {
    word.chars().fold(0u32, |m, c| {
        m | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << 26,
            other => 1 << (27 + other as u32 % 5),
        }
    })
}

/// The first eight bytes of `bytes`, big-endian, zero-padded: comparing these compares the
/// byte strings as far as they go (a tie leaves it to the rest).
fn be_prefix(bytes: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    for (k, &b) in key.iter_mut().zip(bytes) {
        *k = b;
    }
    u64::from_be_bytes(key)
}

/// The ids `0..n` sorted by `bytes(id)`, then id. Each id becomes a `u64` holding the first
/// bytes of its string above the bits of the id, so most of the work is a plain integer sort
/// (the one search already uses: no more sorting code in the WebAssembly); only runs with
/// equal leading bytes are then sorted by the whole strings.
fn sorted_by_bytes<'a>(n: usize, bytes: &dyn Fn(u32) -> &'a [u8]) -> Vec<u32> {
    let id_bits = usize::BITS - n.leading_zeros();
    let ids = (1u64 << id_bits) - 1;
    let mut keys: Vec<u64> = (0..n as u32)
        .map(|id| (be_prefix(bytes(id)) & !ids) | u64::from(id))
        .collect();
    keys.sort_unstable();
    let id = |key: u64| (key & ids) as u32;
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        while j < keys.len() && keys[j] & !ids == keys[i] & !ids {
            j += 1;
        }
        if j - i > 1 {
            keys[i..j].sort_unstable_by(|&a, &b| bytes(id(a)).cmp(bytes(id(b))).then(a.cmp(&b)));
        }
        i = j;
    }
    keys.into_iter().map(id).collect()
}

/// One document's occurrences of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences per field, by [`Field`] order.
    pub tf: [u16; FIELD_COUNT],
}

/// One word's postings and positions (streams in `IndexBuilder::pool`), as they grow.
#[derive(Debug, Default)]
struct TermBuild {
    post: Stream,
    pos: Stream,
    last_doc: u32,
    df: u32,
    /// While a document containing the word is added: 1 + its slot in
    /// `IndexBuilder::open`; 0 otherwise.
    open: u32,
}

/// One word's occurrences in the document being added. Its positions go straight to the
/// word's position stream; the posting (document, fields, counts) is written once the
/// document is done.
#[derive(Debug, Clone, Copy)]
struct Open {
    id: u32,
    counts: [u32; FIELD_COUNT],
    /// One bit per field with an occurrence.
    fields: u8,
    /// Field and position of the occurrence before (positions are deltas within a field).
    field: u8,
    prev: u32,
    /// Length of the word's position stream before this document.
    mark: u32,
}

/// Collects documents; [`IndexBuilder::freeze`] turns it into an [`Index`].
///
/// Memory: the words' streams grow in one pool, which is spilled, every megabyte or so,
/// into pages (each word's bytes of that stretch of documents, one word after another);
/// freezing joins each word's pieces from every spill into the frozen index's pages,
/// freeing each spilled page as it goes. So the builder never holds much more than the
/// finished index (what a browser tab keeps is the peak: a WebAssembly memory never shrinks).
///
/// Each token costs one dictionary lookup by the word's first and last eight bytes (no
/// allocation, the word not even spelled out) and a varint appended to its word's position
/// stream; the work per document is then one posting per distinct word. The release build
/// is `opt-level = "z"` (for the WebAssembly's size), which inlines little: the hot paths
/// avoid `Vec` methods per byte and per token for that reason.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    dict: Interner,
    pool: Pool,
    /// By term id (order of first appearance).
    terms: Vec<TermBuild>,
    doc_lens: Vec<[u32; FIELD_COUNT]>,
    /// The words of the document being added, in order of first occurrence.
    open: Vec<Open>,
    /// The pool's earlier contents, oldest first.
    spills: Vec<SpillSegment>,
    spilled_bytes: usize,
    /// Spill at this many bytes instead of the default (tests).
    spill_at: Option<usize>,
}

/// One spill of the pool: for each word that had bytes, in term id order, a head (varint
/// term id delta, postings length, positions length) in `heads` and its postings then its
/// positions in `data`.
#[derive(Debug, Default)]
struct SpillSegment {
    heads: Vec<u8>,
    data: Spill,
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The head at `at` in a spill's `heads`, after the one of word `prev` (0 before the first):
/// the word's id, its postings length and its positions length; `None` at the end.
fn read_head(heads: &[u8], at: &mut usize, prev: usize) -> Option<(usize, usize, usize)> {
    if *at >= heads.len() {
        return None;
    }
    let id = prev + get_varint(heads, at) as usize;
    let post = get_varint(heads, at) as usize;
    let pos = get_varint(heads, at) as usize;
    Some((id, post, pos))
}

/// Reads a spill's heads and hands its bytes over, one word at a time.
struct SpillCursor {
    heads: Vec<u8>,
    at: usize,
    data: crate::pages::SpillReader,
    /// The next word's id and lengths; `None` once the spill is read.
    next: Option<(usize, usize, usize)>,
}

impl SpillCursor {
    fn new(seg: SpillSegment) -> SpillCursor {
        let mut at = 0;
        let next = read_head(&seg.heads, &mut at, 0);
        SpillCursor {
            heads: seg.heads,
            at,
            data: seg.data.into_reader(),
            next,
        }
    }

    fn advance(&mut self) {
        if let Some((id, _, _)) = self.next {
            self.next = read_head(&self.heads, &mut self.at, id);
        }
    }
}

/// Receives a document's tokens as (term, field, position).
trait Occurrences {
    fn occur(&mut self, word: &Word, field: u8, position: u32);
}

/// A document as the builder reads it: `each` hands every token to `to`, the same way each
/// time it is called, and returns the number of words (joined forms aside) in each field.
trait DocTokens {
    fn each(&self, to: &mut impl Occurrences) -> [u32; FIELD_COUNT];
}

/// The tokens of one field's text, passed on with the field.
struct InField<'a, O> {
    to: &'a mut O,
    field: u8,
}

impl<O: Occurrences> TokenSink for InField<'_, O> {
    fn token(&mut self, word: &Word, _: usize, _: usize, pos: u32, _: TokenKind) {
        self.to.occur(word, self.field, pos);
    }
}

impl DocTokens for Document {
    fn each(&self, to: &mut impl Occurrences) -> [u32; FIELD_COUNT] {
        let mut next_pos = [0u32; FIELD_COUNT];
        let mut lens = [0u32; FIELD_COUNT];
        for_each_field_text(self, |field, text, is_item| {
            let fi = field as usize;
            let start = next_pos[fi];
            let mut sink = InField {
                to: &mut *to,
                field: fi as u8,
            };
            let end = for_each_token_keyed(text, start, &mut sink);
            // Words take one position each, joined forms none of their own.
            lens[fi] += end - start;
            next_pos[fi] = if is_item { end + ITEM_GAP } else { end };
        });
        lens
    }
}

/// Adds the occurrences of the document being added to the builder's streams.
struct Adding<'a> {
    dict: &'a mut Interner,
    pool: &'a mut Pool,
    terms: &'a mut Vec<TermBuild>,
    open: &'a mut Vec<Open>,
    /// Whether every word's occurrences came in (field, position) order.
    in_order: bool,
    /// When set, occurrences are only listed here as (term id, field, position), for
    /// `IndexBuilder::reorder_positions` (the same type, so `Document::each` is compiled once).
    listing: Option<Vec<(u32, u8, u32)>>,
}

impl Occurrences for Adding<'_> {
    fn occur(&mut self, word: &Word, field: u8, position: u32) {
        let (id, new) = intern(self.dict, word);
        if new {
            // Half again as many each time, not twice: this is one of the builder's larger
            // tables (a few megabytes for tens of thousands of words).
            if self.terms.len() == self.terms.capacity() {
                self.terms.reserve_exact((self.terms.len() / 4).max(1024));
            }
            self.terms.push(TermBuild::default());
        }
        if let Some(listing) = &mut self.listing {
            listing.push((id, field, position));
            return;
        }
        // Through a slice: built-in indexing, no call at `opt-level = "z"`.
        let t = &mut self.terms.as_mut_slice()[id as usize];
        if t.open == 0 {
            self.open.push(Open {
                id,
                counts: [0; FIELD_COUNT],
                fields: 0,
                field,
                prev: 0,
                mark: t.pos.len() as u32,
            });
            t.open = self.open.len() as u32;
        }
        let o = &mut self.open.as_mut_slice()[t.open as usize - 1];
        o.counts[field as usize] += 1;
        o.fields |= 1 << field;
        if field != o.field {
            self.in_order &= field > o.field;
            o.field = field;
            o.prev = 0;
        }
        // Fields come in order and positions grow; if that ever failed, the document's
        // positions are rewritten (`IndexBuilder::reorder_positions`).
        self.in_order &= position >= o.prev;
        self.pool
            .put_varint(&mut t.pos, position.wrapping_sub(o.prev));
        o.prev = position;
    }
}

/// The id of `word` in `dict`, and whether it is new.
#[inline(always)]
fn intern(dict: &mut Interner, word: &Word) -> (u32, bool) {
    let (key, tail) = (word.key, word.tail);
    dict.intern_with(
        word.len(),
        key,
        tail,
        |b| word.is(b),
        |out| word.push_to(out),
    )
}

/// Word numbers to try as typo corrections ([`Index::typo_candidates`]).
pub enum Candidates<'a> {
    Lists(Vec<&'a [u32]>),
    Ids(Vec<u32>),
}

impl Candidates<'_> {
    pub fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            Candidates::Lists(lists) => Box::new(lists.iter().flat_map(|l| l.iter().copied())),
            Candidates::Ids(ids) => Box::new(ids.iter().copied()),
        }
    }
}

/// The frozen index. Shared read-only after load.
#[derive(Debug, Clone, Default)]
pub struct Index {
    terms: Vec<Box<str>>,
    /// Per term slot: its postings, and its positions.
    post: Paged,
    pos: Paged,
    df: Vec<u32>,
    /// (stem, term id), sorted by stem then term id.
    stems: Vec<(Box<str>, u32)>,
    /// Term ids by length in characters (for typo candidates).
    by_len: Vec<Vec<u32>>,
    /// One bit per letter present in each term (see [`letter_mask`]), for cheap typo filtering.
    masks: Vec<u32>,
    doc_lens: Vec<[u32; FIELD_COUNT]>,
    avg_lens: [f32; FIELD_COUNT],
    /// In a packed archive: the words and postings fetched so far (the tables above are then
    /// empty, but for the field lengths).
    packed: Option<Box<PackedTerms>>,
}

/// The average words per field over `doc_lens` (one definition for both kinds of index, so
/// they score to the bit alike).
pub fn average_lens(doc_lens: &[[u32; FIELD_COUNT]]) -> [f32; FIELD_COUNT] {
    let n = doc_lens.len().max(1) as f32;
    let mut avg = [0f32; FIELD_COUNT];
    for lens in doc_lens {
        for f in 0..FIELD_COUNT {
            avg[f] += lens[f] as f32;
        }
    }
    for a in &mut avg {
        *a /= n;
    }
    avg
}

/// Calls `f(field, text)` for every indexed text of a document.
fn for_each_field_text(doc: &Document, mut f: impl FnMut(Field, &str, bool)) {
    f(Field::Title, &doc.title, false);
    for p in &doc.people {
        f(Field::People, p, true);
    }
    for p in &doc.places {
        f(Field::Places, p, true);
    }
    for s in &doc.subjects {
        f(Field::Subjects, s, true);
    }
    f(Field::Summary, &doc.summary, false);
    f(Field::Text, &doc.text, false);
    f(Field::Collection, &doc.collection, false);
    f(Field::Extra, &doc.source, true);
    for value in doc.extras.values() {
        if let serde_json::Value::String(_) | serde_json::Value::Array(_) = value {
            if let Some(text) = extra_display(value) {
                f(Field::Extra, &text, true);
            }
        }
    }
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next document; documents are numbered in the order they are added.
    pub fn add(&mut self, doc: &Document) {
        self.add_tokens(doc);
    }

    fn add_tokens(&mut self, doc: &impl DocTokens) {
        let doc_no = self.doc_lens.len() as u32;
        let mut adding = Adding {
            dict: &mut self.dict,
            pool: &mut self.pool,
            terms: &mut self.terms,
            open: &mut self.open,
            in_order: true,
            listing: None,
        };
        let lens = doc.each(&mut adding);
        // (Spilled before the next document, below, never in the middle of one.)
        if !adding.in_order {
            self.reorder_positions(doc);
        }
        for o in self.open.drain(..) {
            let t = &mut self.terms[o.id as usize];
            t.open = 0;
            let delta = if t.df == 0 {
                doc_no
            } else {
                doc_no - t.last_doc
            };
            let pool = &mut self.pool;
            pool.put_varint(&mut t.post, delta);
            pool.push(&mut t.post, o.fields);
            let mut fields = o.fields;
            while fields != 0 {
                pool.put_varint(&mut t.post, o.counts[fields.trailing_zeros() as usize]);
                fields &= fields - 1;
            }
            if o.counts.iter().sum::<u32>() > LONG_POSITIONS {
                pool.put_varint(&mut t.post, t.pos.len() as u32 - o.mark);
            }
            t.last_doc = doc_no;
            t.df += 1;
        }
        self.doc_lens.push(lens);
        let at = self.spill_at.unwrap_or_else(|| {
            let pool = (self.spilled_bytes / 8).next_power_of_two();
            pool.clamp(MIN_POOL, MAX_POOL) / 4 * 3
        });
        if self.pool.used() >= at {
            self.spill();
        }
    }

    /// Moves every word's bytes from the pool into a new [`SpillSegment`] and empties the pool.
    fn spill(&mut self) {
        if self.pool.used() == 0 {
            return;
        }
        let mut seg = SpillSegment::default();
        let mut prev = 0usize;
        for (id, t) in self.terms.iter_mut().enumerate() {
            if t.post.len() == 0 && t.pos.len() == 0 {
                continue;
            }
            put_varint(&mut seg.heads, (id - prev) as u32);
            put_varint(&mut seg.heads, t.post.len() as u32);
            put_varint(&mut seg.heads, t.pos.len() as u32);
            prev = id;
            self.pool.each_block(&t.post, |b| seg.data.write(b));
            self.pool.each_block(&t.pos, |b| seg.data.write(b));
            t.post = Stream::default();
            t.pos = Stream::default();
        }
        self.pool.clear();
        seg.heads.shrink_to_fit();
        seg.data.shrink_to_fit();
        self.spilled_bytes += seg.data.len();
        self.spills.push(seg);
    }

    /// Spills at `bytes` of pool instead of the default (to exercise joining many spills).
    #[cfg(test)]
    fn spill_every(mut self, bytes: usize) -> Self {
        self.spill_at = Some(bytes.max(1));
        self
    }

    /// Rewrites the positions of the document being added in (field, position) order, for a
    /// document whose tokens did not come in that order.
    #[cold]
    fn reorder_positions(&mut self, doc: &impl DocTokens) {
        for o in &self.open {
            self.pool
                .truncate(&mut self.terms[o.id as usize].pos, o.mark as usize);
        }
        let mut listing = Adding {
            dict: &mut self.dict,
            pool: &mut self.pool,
            terms: &mut self.terms,
            open: &mut self.open,
            in_order: true,
            listing: Some(Vec::new()),
        };
        doc.each(&mut listing);
        let mut occ = listing.listing.unwrap_or_default();
        occ.sort_unstable();
        let mut prev = (u32::MAX, u8::MAX, 0u32);
        for &(id, field, position) in &occ {
            let base = if (id, field) == (prev.0, prev.1) {
                prev.2
            } else {
                0
            };
            let pos = &mut self.terms[id as usize].pos;
            self.pool.put_varint(pos, position - base);
            prev = (id, field, position);
        }
    }

    pub fn len(&self) -> usize {
        self.doc_lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_lens.is_empty()
    }

    /// Sorts the dictionary, joins the spills, builds the stem and length tables, and
    /// freezes the index. What is no longer needed is freed before the next step allocates.
    pub fn freeze(mut self) -> Index {
        self.dict.forget_lookups();
        self.spill();
        let IndexBuilder {
            dict,
            pool,
            terms,
            doc_lens,
            open,
            spills,
            ..
        } = self;
        drop((pool, open));
        let df_by_id: Vec<u32> = terms.iter().map(|t| t.df).collect();
        drop(terms);
        // Byte order is `str` order.
        let by_term = sorted_by_bytes(dict.len(), &|id| dict.bytes(id));
        let mut index = Index {
            terms: by_term.iter().map(|&id| dict.get(id).into()).collect(),
            df: by_term
                .iter()
                .map(|&id| df_by_id.get(id as usize).copied().unwrap_or(0))
                .collect(),
            ..Default::default()
        };
        drop((dict, df_by_id));
        let (mut post, mut pos) = join_spills(spills, index.terms.len());
        post.reorder(&by_term);
        pos.reorder(&by_term);
        drop(by_term);
        index.post = post;
        index.pos = pos;
        index.masks = index.terms.iter().map(|t| letter_mask(t)).collect();
        let mut stems: Vec<(Box<str>, u32)> = Vec::new();
        for (id, term) in index.terms.iter().enumerate() {
            let s = stem(term);
            if *s != **term || term.len() >= 4 {
                stems.push((s.into_boxed_str(), id as u32));
            }
            let chars = term.chars().count();
            if index.by_len.len() <= chars {
                index.by_len.resize(chars + 1, Vec::new());
            }
            index.by_len[chars].push(id as u32);
        }
        // Sorted by stem, then term id.
        // Stems come in term id order, so equal stems stay in term id order.
        let order = sorted_by_bytes(stems.len(), &|i| stems[i as usize].0.as_bytes());
        let mut unplaced: Vec<Option<(Box<str>, u32)>> = stems.into_iter().map(Some).collect();
        index.stems = order
            .iter()
            .filter_map(|&i| unplaced[i as usize].take())
            .collect();
        index.avg_lens = average_lens(&doc_lens);
        index.doc_lens = doc_lens;
        index
    }
}

/// Joins every word's pieces from the spills, in term id order, into postings and positions
/// (one item per word). Each spilled page is freed once read, as the joined pages fill.
fn join_spills(spills: Vec<SpillSegment>, words: usize) -> (Paged, Paged) {
    let mut lens = vec![[0usize; 2]; words];
    for seg in &spills {
        let (mut at, mut prev) = (0, 0);
        while let Some((id, post, pos)) = read_head(&seg.heads, &mut at, prev) {
            if let Some(l) = lens.get_mut(id) {
                l[0] += post;
                l[1] += pos;
            }
            prev = id;
        }
    }
    let mut cursors: Vec<SpillCursor> = spills.into_iter().map(SpillCursor::new).collect();
    let mut post = Paged::with_capacity(words);
    let mut pos = Paged::with_capacity(words);
    for (id, &[post_len, pos_len]) in lens.iter().enumerate() {
        let post_out = post.push(post_len);
        let pos_out = pos.push(pos_len);
        let (mut a, mut b) = (0, 0);
        for c in &mut cursors {
            let Some((at, n, m)) = c.next else { continue };
            if at != id {
                continue;
            }
            let (n, m) = (n.min(post_len - a), m.min(pos_len - b));
            c.data.read_into(&mut post_out[a..a + n]);
            c.data.read_into(&mut pos_out[b..b + m]);
            a += n;
            b += m;
            c.advance();
        }
    }
    post.shrink_to_fit();
    pos.shrink_to_fit();
    (post, pos)
}

/// Reads one term's postings (and, on request, positions) in document order.
pub struct PostingIter<'a> {
    post: &'a [u8],
    pos: &'a [u8],
    at: usize,
    pos_at: usize,
    doc: u32,
    first: bool,
    /// Positions before the posting just returned that were not read: skipped only when
    /// positions are asked for, so walking postings alone never touches `pos`.
    skip: usize,
    last_tf: [u16; FIELD_COUNT],
    /// Total occurrences of the posting just returned (to skip its positions).
    pending: u32,
    /// The byte length of the positions of the posting just returned, when it is stored.
    pos_len: Option<u32>,
    /// Where those positions end, once a cursor has found where they start.
    pos_end: Option<usize>,
}

/// Moves `at` past `n` varints (a varint ends with a byte below 0x80).
fn skip_varints(bytes: &[u8], at: &mut usize, mut n: usize) {
    let rest = bytes.get(*at..).unwrap_or(&[]);
    // Whole chunks of 8 bytes while they end fewer varints than are left to skip; a chunk's
    // varint ends are its bytes with the high bit clear, counted in one word (a phrase of
    // common words skips most of the positions of each of its documents).
    let mut used = 0;
    for chunk in rest.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let ends = (!u64::from_le_bytes(word) & 0x8080_8080_8080_8080).count_ones() as usize;
        if ends >= n {
            break;
        }
        n -= ends;
        used += 8;
    }
    *at += used;
    while n > 0 {
        match bytes.get(*at) {
            Some(&b) => {
                *at += 1;
                if b < 0x80 {
                    n -= 1;
                }
            }
            None => return,
        }
    }
}

impl<'a> Iterator for PostingIter<'a> {
    type Item = Posting;

    fn next(&mut self) -> Option<Posting> {
        // The positions of the previous posting are stepped over if their end is known, else
        // skipped later, if ever.
        if let Some(end) = self.pos_end.take() {
            self.pos_at = end;
            self.pending = 0;
        }
        self.skip += self.pending as usize;
        self.pending = 0;
        if self.at >= self.post.len() {
            return None;
        }
        let delta = get_varint(self.post, &mut self.at);
        self.doc = if self.first { delta } else { self.doc + delta };
        self.first = false;
        let mask = *self.post.get(self.at)?;
        self.at += 1;
        let mut tf = [0u16; FIELD_COUNT];
        let mut total = 0u32;
        for (f, slot) in tf.iter_mut().enumerate() {
            if mask & (1 << f) != 0 {
                let c = get_varint(self.post, &mut self.at);
                *slot = c.min(u32::from(u16::MAX)) as u16;
                total += c;
            }
        }
        self.pos_len = (total > LONG_POSITIONS).then(|| get_varint(self.post, &mut self.at));
        self.pending = total;
        self.last_tf = tf;
        Some(Posting { doc: self.doc, tf })
    }
}

impl<'a> PostingIter<'a> {
    /// The positions of the posting just returned, read one at a time and in order, for a
    /// caller that may stop early (a phrase is usually found at its first occurrence).
    /// What the cursor does not read is skipped later, like positions never asked for.
    pub fn position_cursor(&mut self) -> Positions<'a> {
        let mut at = self.pos_at;
        skip_varints(self.pos, &mut at, std::mem::take(&mut self.skip));
        self.pos_at = at;
        self.pos_end = self.pos_len.map(|n| at + n as usize);
        Positions {
            bytes: self.pos,
            at,
            tf: self.last_tf,
            field: 0,
            left: self.last_tf[0],
            prev: 0,
        }
    }

    /// The positions of the posting just returned, as (field, position) in order.
    pub fn positions(&mut self) -> Vec<(u8, u32)> {
        let mut out = Vec::with_capacity(self.pending as usize);
        self.positions_into(&mut out);
        out
    }

    /// Like [`PostingIter::positions`], into a reused buffer (cleared first).
    pub fn positions_into(&mut self, out: &mut Vec<(u8, u32)>) {
        out.clear();
        self.pos_end = None;
        let mut at = self.pos_at;
        skip_varints(self.pos, &mut at, std::mem::take(&mut self.skip));
        let mut read = 0;
        for (f, &count) in self.last_tf.iter().enumerate() {
            let mut prev = 0;
            for _ in 0..count {
                prev += get_varint(self.pos, &mut at);
                out.push((f as u8, prev));
            }
            read += u32::from(count);
        }
        self.pos_at = at;
        // Only more than u16::MAX occurrences in one field leave some unread.
        self.pending = self.pending.saturating_sub(read);
    }
}

/// One posting's positions, lazily: see [`PostingIter::position_cursor`].
pub struct Positions<'a> {
    bytes: &'a [u8],
    at: usize,
    tf: [u16; FIELD_COUNT],
    field: usize,
    left: u16,
    prev: u32,
}

impl Iterator for Positions<'_> {
    type Item = (u8, u32);

    fn next(&mut self) -> Option<(u8, u32)> {
        while self.left == 0 {
            self.field += 1;
            self.left = *self.tf.get(self.field)?;
            self.prev = 0;
        }
        self.left -= 1;
        self.prev += get_varint(self.bytes, &mut self.at);
        Some((self.field as u8, self.prev))
    }
}

impl Index {
    /// Builds an index over `docs` in one go.
    pub fn build(docs: &[Document]) -> Index {
        let mut b = IndexBuilder::new();
        for d in docs {
            b.add(d);
        }
        b.freeze()
    }

    pub fn doc_count(&self) -> usize {
        self.doc_lens.len()
    }

    pub fn term_count(&self) -> usize {
        match &self.packed {
            Some(p) => p.term_count(),
            None => self.terms.len(),
        }
    }

    /// Bytes held by the index (postings, positions, dictionary, tables), for reports.
    pub fn heap_bytes(&self) -> usize {
        let dict: usize = self.terms.iter().map(|t| t.len() + 16).sum();
        let stems: usize = self.stems.iter().map(|(s, _)| s.len() + 20).sum();
        dict + stems
            + self.post.heap_bytes()
            + self.pos.heap_bytes()
            + self.df.len() * 4
            + self.by_len.iter().map(|v| v.len() * 4 + 24).sum::<usize>()
            + self.doc_lens.len() * FIELD_COUNT * 4
            + self.masks.len() * 4
            + self.packed.as_ref().map_or(0, |p| p.heap_bytes())
    }

    /// The dictionary slot of an exact (folded) word.
    pub fn term_id(&self, term: &str) -> Option<usize> {
        if let Some(p) = &self.packed {
            return p.term_id(term);
        }
        self.terms.binary_search_by(|t| (**t).cmp(term)).ok()
    }

    /// The dictionary slots of every word that starts with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> Range<usize> {
        if let Some(p) = &self.packed {
            return p.prefix_range(prefix);
        }
        let start = self.terms.partition_point(|t| (**t) < *prefix);
        let len = self.terms[start..].partition_point(|t| t.starts_with(prefix));
        start..start + len
    }

    /// Every indexed word with the same English stem as `term` (itself included if indexed).
    pub fn same_stem(&self, term: &str) -> Vec<usize> {
        let s = stem(term);
        if let Some(p) = &self.packed {
            return p.same_stem(&s);
        }
        let start = self.stems.partition_point(|(x, _)| **x < *s);
        self.stems[start..]
            .iter()
            .take_while(|(x, _)| **x == *s)
            .map(|&(_, id)| id as usize)
            .collect()
    }

    /// Indexed words of exactly `chars` characters.
    pub fn terms_of_len(&self, chars: usize) -> &[u32] {
        if let Some(p) = &self.packed {
            return p.terms_of_len(chars);
        }
        self.by_len.get(chars).map_or(&[], Vec::as_slice)
    }

    /// Every word that may be within `max` edits (optimal string alignment) of `term`: a
    /// superset of those that are, which the caller checks one by one.
    ///
    /// In memory: every word of `len - max ..= len + max` characters. In a packed archive,
    /// for one edit, far fewer: the words that start with `term`'s first `p` characters or
    /// end with all after the next one (`p` = half its length). One edit (a changed, missing,
    /// added or swapped character) leaves one of the two whole: an edit at or after `p` keeps
    /// the first `p`; one before `p` (a swap of `p - 1` and `p` included) keeps everything
    /// after `p`. So the words found within the distance are the same.
    pub fn typo_candidates(&self, term: &str, max: usize) -> Candidates<'_> {
        let chars: Vec<char> = term.chars().collect();
        let n = chars.len();
        match &self.packed {
            Some(p) if max == 1 && n >= 3 && p.has_suffixes() => {
                let half = n / 2;
                let prefix: String = chars[..half].iter().collect();
                let suffix: String = chars[half + 1..].iter().collect();
                let mut ids: Vec<u32> = self.prefix_range(&prefix).map(|id| id as u32).collect();
                ids.extend(p.ending_with(&suffix));
                ids.sort_unstable();
                ids.dedup();
                Candidates::Ids(ids)
            }
            _ => Candidates::Lists(
                (n.saturating_sub(max)..=n + max)
                    .map(|len| self.terms_of_len(len))
                    .collect(),
            ),
        }
    }

    /// The letter mask of the word in slot `id`.
    pub fn mask(&self, id: usize) -> u32 {
        if let Some(p) = &self.packed {
            return p.mask(id);
        }
        self.masks[id]
    }

    pub fn term(&self, id: usize) -> &str {
        if let Some(p) = &self.packed {
            return p.term(id);
        }
        &self.terms[id]
    }

    /// The postings of the word in slot `id`, in document order.
    pub fn postings(&self, id: usize) -> PostingIter<'_> {
        let (post, pos) = match &self.packed {
            Some(p) => p.postings(id),
            None => (self.post.get(id), self.pos.get(id)),
        };
        PostingIter {
            post,
            pos,
            at: 0,
            pos_at: 0,
            doc: 0,
            first: true,
            skip: 0,
            last_tf: [0; FIELD_COUNT],
            pending: 0,
            pos_len: None,
            pos_end: None,
        }
    }

    /// How many documents contain the word in slot `id`.
    pub fn doc_freq(&self, id: usize) -> usize {
        if let Some(p) = &self.packed {
            return p.doc_freq(id);
        }
        self.df[id] as usize
    }

    /// A packed archive's index: its field lengths, and its words as far as fetched.
    pub(crate) fn packed(doc_lens: Vec<[u32; FIELD_COUNT]>, terms: PackedTerms) -> Index {
        Index {
            avg_lens: average_lens(&doc_lens),
            doc_lens,
            packed: Some(Box::new(terms)),
            ..Default::default()
        }
    }

    pub(crate) fn packed_terms(&self) -> Option<&PackedTerms> {
        self.packed.as_deref()
    }

    pub(crate) fn packed_terms_mut(&mut self) -> Option<&mut PackedTerms> {
        self.packed.as_deref_mut()
    }

    /// The parts the questions since the last call found missing.
    pub(crate) fn take_needs(&self) -> Vec<Part> {
        self.packed
            .as_ref()
            .map_or_else(Vec::new, |p| p.needs.take())
    }

    /// Word `id`'s raw postings and positions (the pack writer copies them as they are).
    pub(crate) fn raw_postings(&self, id: usize) -> (&[u8], &[u8]) {
        (self.post.get(id), self.pos.get(id))
    }

    /// The stem table: (stem, word), sorted by stem then word.
    pub(crate) fn stem_table(&self) -> &[(Box<str>, u32)] {
        &self.stems
    }

    /// Lengths in characters that have words (the in-memory index's `by_len` is that long).
    pub(crate) fn max_len(&self) -> usize {
        self.by_len.len()
    }

    pub fn doc_lens(&self, doc: u32) -> &[u32; FIELD_COUNT] {
        const NONE: [u32; FIELD_COUNT] = [0; FIELD_COUNT];
        self.doc_lens.get(doc as usize).unwrap_or(&NONE)
    }

    pub fn avg_lens(&self) -> &[f32; FIELD_COUNT] {
        &self.avg_lens
    }

    /// Words in one field of one document.
    pub fn field_len(&self, doc: u32, field: Field) -> u32 {
        self.doc_lens(doc)[field as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::for_each_token_from;
    use proptest::prelude::*;

    fn doc(title: &str, text: &str) -> Document {
        Document {
            id: title.into(),
            title: title.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn postings_count_words_per_field() {
        let idx = Index::build(&[
            doc("Long Telegram", "telegram from Moscow"),
            doc("Other", "Moscow Moscow"),
        ]);
        let t = idx.term_id("telegram").unwrap();
        let ps: Vec<Posting> = idx.postings(t).collect();
        assert_eq!(
            ps,
            [Posting {
                doc: 0,
                tf: [1, 0, 0, 0, 0, 1, 0, 0]
            }]
        );
        let m = idx.term_id("moscow").unwrap();
        assert_eq!(idx.doc_freq(m), 2);
        assert_eq!(idx.postings(m).nth(1).unwrap().tf[Field::Text as usize], 2);
        assert_eq!(idx.field_len(0, Field::Title), 2);
    }

    /// Tokens as given: (term, field, position).
    struct Tokens(Vec<(&'static str, u8, u32)>);

    impl DocTokens for Tokens {
        fn each(&self, to: &mut impl Occurrences) -> [u32; FIELD_COUNT] {
            let mut lens = [0; FIELD_COUNT];
            for &(term, field, position) in &self.0 {
                to.occur(&Word::folded(term), field, position);
                lens[field as usize] += 1;
            }
            lens
        }
    }

    #[test]
    fn positions_that_come_out_of_order_are_stored_in_order() {
        let mut b = IndexBuilder::new();
        b.add_tokens(&Tokens(vec![("x", 0, 0)]));
        b.add_tokens(&Tokens(vec![
            ("a", 5, 3),
            ("x", 5, 9),
            ("a", 5, 1),
            ("b", 0, 0),
            ("a", 0, 2),
        ]));
        b.add_tokens(&Tokens(vec![("a", 0, 4), ("a", 0, 7)]));
        let idx = b.freeze();
        let all = |w: &str| {
            let mut it = idx.postings(idx.term_id(w).unwrap());
            let mut out = Vec::new();
            while let Some(p) = it.next() {
                out.push((p.doc, p.tf, it.positions()));
            }
            out
        };
        let tf = |pairs: &[(usize, u16)]| {
            let mut tf = [0u16; FIELD_COUNT];
            for &(f, n) in pairs {
                tf[f] = n;
            }
            tf
        };
        assert_eq!(
            all("a"),
            [
                (1, tf(&[(0, 1), (5, 2)]), vec![(0, 2), (5, 1), (5, 3)]),
                (2, tf(&[(0, 2)]), vec![(0, 4), (0, 7)]),
            ]
        );
        assert_eq!(
            all("x"),
            [
                (0, tf(&[(0, 1)]), vec![(0, 0)]),
                (1, tf(&[(5, 1)]), vec![(5, 9)]),
            ]
        );
        assert_eq!(all("b"), [(1, tf(&[(0, 1)]), vec![(0, 0)])]);
        assert_eq!(idx.field_len(1, Field::Text), 3);
    }

    #[test]
    fn sorting_by_bytes_is_sorting_the_strings() {
        let mut words: Vec<String> = Vec::new();
        for a in ["", "a", "ab", "abcdefg", "abcdefgh", "é", "\u{0}", "zz"] {
            for b in ["", "\u{0}", "a", "b", "cdefghij", "é"] {
                words.push(format!("{a}{b}"));
                words.push(format!("{b}{a}{b}"));
            }
        }
        for n in [0, 1, 2, 3, 5, 9, words.len()] {
            let w = &words[..n];
            let got = sorted_by_bytes(n, &|i| w[i as usize].as_bytes());
            let mut want: Vec<u32> = (0..n as u32).collect();
            want.sort_by(|&a, &b| w[a as usize].cmp(&w[b as usize]).then(a.cmp(&b)));
            assert_eq!(got, want, "{n} words");
        }
    }

    #[test]
    fn skipping_varints_lands_where_decoding_does() {
        let (mut pool, mut stream) = (Pool::default(), Stream::default());
        let values: Vec<u32> = (0..200).map(|i| (i * 7919) % 70_000).collect();
        for &v in &values {
            pool.put_varint(&mut stream, v);
        }
        let mut bytes = Vec::new();
        pool.copy_to(&stream, &mut bytes);
        let bytes = &bytes[..];
        for from in [0, 1, 5, 17, 100] {
            for n in [0, 1, 7, 8, 9, 50, 199 - from] {
                let mut at = 0;
                for _ in 0..from {
                    get_varint(bytes, &mut at);
                }
                let mut skipped = at;
                skip_varints(bytes, &mut skipped, n);
                for _ in 0..n {
                    get_varint(bytes, &mut at);
                }
                assert_eq!(skipped, at, "from {from} skip {n}");
                assert_eq!(get_varint(bytes, &mut skipped), values[from + n]);
            }
        }
        let mut at = 0;
        skip_varints(bytes, &mut at, 10_000);
        assert_eq!(at, bytes.len());
    }

    #[test]
    fn positions_after_unread_postings() {
        let idx = Index::build(&[
            doc("a b a", "a a"),
            doc("x", "a"),
            doc("b a a a", ""),
            doc("a b", "b a"),
        ]);
        let mut it = idx.postings(idx.term_id("a").unwrap());
        let mut got = Vec::new();
        while let Some(p) = it.next() {
            if p.doc >= 2 {
                got.push((p.doc, it.positions()));
            }
        }
        assert_eq!(
            got,
            [(2, vec![(0, 1), (0, 2), (0, 3)]), (3, vec![(0, 0), (5, 1)])]
        );
    }

    /// One word of an index: the word, its document frequency and letter mask, and its
    /// postings with their positions.
    type Dumped = (String, usize, u32, Vec<(Posting, Vec<(u8, u32)>)>);

    /// Every word of an index with its postings and their positions, and its stats.
    fn dump(idx: &Index) -> Vec<Dumped> {
        (0..idx.term_count())
            .map(|t| {
                let mut it = idx.postings(t);
                let mut ps = Vec::new();
                while let Some(p) = it.next() {
                    ps.push((p, it.positions()));
                }
                (idx.term(t).to_string(), idx.doc_freq(t), idx.mask(t), ps)
            })
            .collect()
    }

    #[test]
    fn a_long_document_spilled_mid_archive_keeps_its_positions() {
        // Words with postings far longer than a page, joined from several spills.
        let long = "alpha beta ".repeat(40_000);
        let docs = [
            doc("x", "alpha"),
            doc("y", &long),
            doc("z", "beta alpha"),
            doc("w", &long),
        ];
        let mut b = IndexBuilder::new().spill_every(1000);
        for d in &docs {
            b.add(d);
        }
        let idx = b.freeze();
        assert_eq!(dump(&idx), dump(&Index::build(&docs)));
        let mut it = idx.postings(idx.term_id("beta").unwrap());
        let docs_with: Vec<u32> = it.by_ref().map(|p| p.doc).collect();
        assert_eq!(docs_with, [1, 2, 3]);
    }

    #[test]
    fn a_position_cursor_reads_lazily_and_what_it_leaves_is_skipped() {
        let docs = [
            doc("a b a", "a a"),
            doc("a x", "a"),
            doc("b a a a", ""),
            doc("a b", "b a"),
        ];
        let idx = Index::build(&docs);
        let mut it = idx.postings(idx.term_id("a").unwrap());
        let mut got = Vec::new();
        while let Some(p) = it.next() {
            match p.doc {
                // All of it, part of it, none of it, then the plain reader again.
                0 => got.push(it.position_cursor().collect::<Vec<_>>()),
                1 => got.push(it.position_cursor().take(1).collect()),
                2 => {}
                _ => got.push(it.positions()),
            }
        }
        assert_eq!(
            got,
            [
                vec![(0, 0), (0, 2), (5, 0), (5, 1)],
                vec![(0, 0)],
                vec![(0, 0), (5, 1)]
            ]
        );
    }

    #[test]
    fn positions_are_kept_per_field() {
        let idx = Index::build(&[doc("a b moscow", "x moscow y moscow")]);
        let m = idx.term_id("moscow").unwrap();
        let mut it = idx.postings(m);
        it.next().unwrap();
        assert_eq!(it.positions(), [(0, 2), (5, 1), (5, 3)]);
    }

    #[test]
    fn list_items_are_not_adjacent() {
        let d = Document {
            id: "x".into(),
            title: "t".into(),
            people: vec!["John Foster".into(), "Dulles Allen".into()],
            ..Default::default()
        };
        let idx = Index::build(&[d]);
        let pos = |w: &str| {
            let mut it = idx.postings(idx.term_id(w).unwrap());
            it.next();
            it.positions()[0].1
        };
        assert!(pos("dulles") - pos("foster") > 1);
    }

    #[test]
    fn prefixes_are_contiguous_ranges() {
        let idx = Index::build(&[doc("soviet sovereignty sow", "south")]);
        let r = idx.prefix_range("sov");
        let words: Vec<_> = r.map(|i| idx.term(i)).collect();
        assert_eq!(words, ["sovereignty", "soviet"]);
        assert!(idx.prefix_range("zzz").is_empty());
    }

    #[test]
    fn stems_relate_forms() {
        let idx = Index::build(&[doc("negotiations", "negotiated negotiate other")]);
        let mut words: Vec<_> = idx
            .same_stem("negotiating")
            .into_iter()
            .map(|i| idx.term(i))
            .collect();
        words.sort();
        assert_eq!(words, ["negotiate", "negotiated", "negotiations"]);
    }

    #[test]
    fn extras_and_source_are_searchable() {
        let mut d = doc("t", "");
        d.extras.insert(
            "archival_source".into(),
            serde_json::json!("Central Files, 761.5411/1-2161"),
        );
        let idx = Index::build(&[d]);
        assert!(idx.term_id("761541112161").is_some());
        assert!(idx.term_id("5411").is_some());
    }

    proptest! {
        /// Every (field, position) of every word comes back, in order, joined forms and list
        /// items included: what the analyzer emits, sorted.
        #[test]
        fn positions_match_the_analyzer(
            title in "[ab.\\- ]{0,20}",
            people in proptest::collection::vec("[ab. ]{0,8}", 0..3),
            text in "[abc.\\-/ ]{0,40}",
        ) {
            let d = Document { id: "x".into(), title, people, text, ..Default::default() };
            let idx = Index::build(std::slice::from_ref(&d));
            let mut naive: std::collections::BTreeMap<String, Vec<(u8, u32)>> = Default::default();
            let mut next = [0u32; FIELD_COUNT];
            for_each_field_text(&d, |field, text, is_item| {
                let f = field as usize;
                let end = for_each_token_from(text, next[f], |t, _, _, p, _| {
                    naive.entry(t.to_string()).or_default().push((f as u8, p));
                });
                next[f] = if is_item { end + ITEM_GAP } else { end };
            });
            prop_assert_eq!(idx.term_count(), naive.len());
            for (term, mut want) in naive {
                want.sort_unstable();
                let mut it = idx.postings(idx.term_id(&term).unwrap());
                let p = it.next().unwrap();
                prop_assert_eq!(p.tf.iter().map(|&c| c as usize).sum::<usize>(), want.len());
                prop_assert_eq!(it.positions(), want);
                prop_assert!(it.next().is_none());
            }
        }

        /// Spilling the builder's pool (here after every few bytes, so a word's postings are
        /// joined from many spills) builds the very same index as never spilling.
        #[test]
        fn spilling_often_builds_the_same_index(
            texts in proptest::collection::vec("[abcé ]{0,60}", 1..30),
            every in 1usize..400,
        ) {
            let docs: Vec<Document> = texts.iter().map(|t| doc("t a", t)).collect();
            let mut once = IndexBuilder::new().spill_every(usize::MAX);
            let mut often = IndexBuilder::new().spill_every(every);
            for d in &docs {
                once.add(d);
                often.add(d);
            }
            let (once, often) = (once.freeze(), often.freeze());
            prop_assert!(once.term_count() > 0);
            prop_assert_eq!(dump(&often), dump(&once));
        }

        /// However much of each posting's positions a cursor reads (none, some, all), the
        /// positions of the postings after it read right: long ones are stepped over by their
        /// stored length, short ones skipped varint by varint.
        #[test]
        fn partly_read_positions_leave_the_next_postings_right(
            texts in proptest::collection::vec("(a |b |c ){0,40}", 1..12),
            takes in proptest::collection::vec(0usize..20, 12),
        ) {
            let docs: Vec<Document> = texts.iter().map(|t| doc("a", t)).collect();
            let idx = Index::build(&docs);
            let full = dump(&idx);
            for (t, (_, _, _, want)) in full.iter().enumerate() {
                let mut it = idx.postings(t);
                let mut k = 0;
                while let Some(p) = it.next() {
                    // Every other posting: a cursor that stops early; the others: read whole.
                    let (_, ref positions) = want[k];
                    if k % 2 == 0 {
                        let n = takes[k % takes.len()];
                        let got: Vec<_> = it.position_cursor().take(n).collect();
                        prop_assert_eq!(&got[..], &positions[..n.min(positions.len())]);
                    } else {
                        prop_assert_eq!(&it.positions(), positions);
                    }
                    prop_assert_eq!(p, want[k].0);
                    k += 1;
                }
                prop_assert_eq!(k, want.len());
            }
        }

        /// The compact postings decode to exactly what a naive count gives.
        #[test]
        fn postings_match_a_naive_count(texts in proptest::collection::vec("[abc ]{0,30}", 1..20)) {
            let docs: Vec<Document> = texts.iter().map(|t| doc("t", t)).collect();
            let idx = Index::build(&docs);
            for w in ["a", "b", "c", "ab", "abc"] {
                let naive: Vec<(u32, u16)> = docs.iter().enumerate().filter_map(|(i, d)| {
                    let n = d.text.split(' ').filter(|x| *x == w).count() as u16;
                    (n > 0).then_some((i as u32, n))
                }).collect();
                let got: Vec<(u32, u16)> = match idx.term_id(w) {
                    Some(id) => idx.postings(id).map(|p| (p.doc, p.tf[Field::Text as usize])).filter(|x| x.1 > 0).collect(),
                    None => vec![],
                };
                prop_assert_eq!(got, naive);
            }
        }
    }
}
