//! The term dictionary while an index is being built: gives each distinct folded word a
//! dense id (in order of first appearance) and finds it again without the word having to be
//! spelled out or allocated.
//!
//! Words live end to end in one string, so neither a lookup nor a new word allocates on its
//! own. The table is open addressing with linear probing; each slot holds the word's first
//! and last eight bytes and its length besides its id, so for a word of up to sixteen bytes
//! (nearly every word) a probe settles a match without reading the word itself.

/// The table's first size; it never gets more than three quarters full.
const MIN_SLOTS: usize = 1024;

/// One table slot: `len == u32::MAX` marks it empty.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The word's first eight bytes, little-endian, zero-padded.
    key: u64,
    /// Its last eight bytes when it is longer than eight, else 0.
    tail: u64,
    len: u32,
    id: u32,
}

const EMPTY: Slot = Slot {
    key: 0,
    tail: 0,
    len: u32::MAX,
    id: 0,
};

#[derive(Debug, Default)]
pub(crate) struct Interner {
    /// Every word, end to end.
    text: String,
    /// Where word `id` starts in `text`; one more entry than there are words.
    starts: Vec<u32>,
    slots: Vec<Slot>,
}

/// The first eight bytes of `bytes`, little-endian, zero-padded: what the table compares
/// first (the tokenizer finds it for most words as it reads them).
#[inline(always)]
pub(crate) fn prefix_key(bytes: &[u8]) -> u64 {
    let n = bytes.len().min(8);
    let mut key = 0u64;
    let mut k = 0;
    while k < n {
        key |= u64::from(bytes[k]) << (8 * k);
        k += 1;
    }
    key
}

/// The last eight bytes of a word longer than eight, little-endian, else 0.
#[inline(always)]
pub(crate) fn tail_key(bytes: &[u8]) -> u64 {
    if bytes.len() <= 8 {
        return 0;
    }
    bytes
        .last_chunk::<8>()
        .map_or(0, |&tail| u64::from_le_bytes(tail))
}

/// Hash of a word from its first and last eight bytes and its length.
#[inline(always)]
fn hash(key: u64, tail: u64, len: u32) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (key ^ u64::from(len)).wrapping_mul(K);
    let h = (h.rotate_left(23) ^ tail).wrapping_mul(K);
    h ^ (h >> 29)
}

impl Interner {
    /// How many distinct words.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Frees the lookup table, keeping the words: for a dictionary that is only read from
    /// now on ([`Interner::get`], [`Interner::bytes`]); nothing may be interned afterwards.
    pub fn forget_lookups(&mut self) {
        self.slots = Vec::new();
    }

    /// The word with id `id`.
    pub fn get(&self, id: u32) -> &str {
        let id = id as usize;
        &self.text[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// The bytes of word `id`.
    pub fn bytes(&self, id: u32) -> &[u8] {
        let id = id as usize;
        &self.text.as_bytes()[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// The id of `word`, and whether it was new (then its id is the previous [`len`]).
    ///
    /// [`len`]: Interner::len
    #[cfg(test)]
    pub fn intern(&mut self, word: &str) -> (u32, bool) {
        let bytes = word.as_bytes();
        let (key, tail) = (prefix_key(bytes), tail_key(bytes));
        self.intern_with(
            bytes.len(),
            key,
            tail,
            |b| b == bytes,
            |out| out.push_str(word),
        )
    }

    /// [`Interner::intern`] for a word known by its length in bytes, [`prefix_key`] and
    /// [`tail_key`]: `is` tells whether stored bytes are the word (asked only of a word
    /// longer than sixteen bytes), `spell` appends it to a string (only when it is new).
    #[inline(always)]
    pub fn intern_with(
        &mut self,
        len: usize,
        key: u64,
        tail: u64,
        is: impl Fn(&[u8]) -> bool,
        spell: impl FnOnce(&mut String),
    ) -> (u32, bool) {
        if self.len() * 4 >= self.slots.len() * 3 {
            self.grow();
        }
        let len = len as u32;
        let slots = self.slots.as_slice();
        let mask = slots.len() - 1;
        let mut at = hash(key, tail, len) as usize & mask;
        loop {
            let slot = slots[at];
            if slot.len == u32::MAX {
                break;
            }
            if slot.key == key && slot.tail == tail && slot.len == len {
                // Up to sixteen bytes, the two keys are the whole word.
                if len <= 16 || is(self.bytes(slot.id)) {
                    return (slot.id, false);
                }
            }
            at = (at + 1) & mask;
        }
        let id = self.len() as u32;
        self.slots[at] = Slot { key, tail, len, id };
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        spell(&mut self.text);
        debug_assert_eq!(
            self.text.len(),
            self.starts[id as usize] as usize + len as usize
        );
        self.starts.push(self.text.len() as u32);
        (id, true)
    }

    /// Doubles the table (or makes the first one) and puts every word back.
    #[cold]
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(MIN_SLOTS);
        let mut slots = vec![EMPTY; size];
        let mask = size - 1;
        for old in self.slots.iter().filter(|s| s.len != u32::MAX) {
            let mut at = hash(old.key, old.tail, old.len) as usize & mask;
            while slots[at].len != u32::MAX {
                at = (at + 1) & mask;
            }
            slots[at] = *old;
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_and_stable() {
        let mut d = Interner::default();
        let words: Vec<String> = (0..5000)
            .map(|i| format!("w{}", i * 7919 % 10007))
            .collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(d.intern(w), (i as u32, true));
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(d.intern(w), (i as u32, false));
            assert_eq!(d.get(i as u32), w);
        }
        assert_eq!(d.len(), words.len());
    }

    #[test]
    fn words_of_every_short_length_are_told_apart() {
        let mut d = Interner::default();
        let mut all = Vec::new();
        for len in 0..20 {
            for c in ["a", "b", "é", "\u{0}"] {
                all.push(c.repeat(len));
                all.push(format!("{}z", c.repeat(len)));
            }
        }
        // Same first and last eight bytes and length: told apart by the middle.
        for mid in ["", "x", "y", "xy", "yx"] {
            all.push(format!("abcdefgh{mid}{mid}stuvwxyz"));
        }
        all.sort();
        all.dedup();
        for w in &all {
            assert!(d.intern(w).1, "{w:?}");
        }
        for (i, w) in all.iter().enumerate() {
            assert_eq!(d.intern(w), (i as u32, false), "{w:?}");
        }
    }
}
