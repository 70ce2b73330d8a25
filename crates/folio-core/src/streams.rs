//! Many growing byte streams in one buffer, for the index while it is built: each word's
//! positions and postings are appended as documents come, and read out once, in order, when
//! the index is frozen.
//!
//! A stream is a chain of blocks carved from the end of one `Vec<u8>`: the first 16 bytes
//! long, each next one twice the last (up to 32 KiB). The last four bytes of a full block hold
//! where the next one starts. So appending a byte is an indexed store, a new stream costs no
//! allocation of its own, and nothing is ever copied to grow a stream (the buffer itself
//! doubles now and then).

/// Block sizes grow to this.
const MAX_BLOCK: u32 = 32 * 1024;
/// A block's first size.
const FIRST_BLOCK: u32 = 16;
/// Bytes at the end of a full block that hold where the next block starts.
const LINK: u32 = 4;

/// The size of the block after one of `size` bytes.
fn next_size(size: u32) -> u32 {
    (size * 2).min(MAX_BLOCK)
}

/// The size of the block that holds the stream's byte `len - 1` as its last: the current
/// block of a stream of `len` bytes whose current block is full.
fn full_block_size(len: u32) -> u32 {
    let (mut size, mut before) = (FIRST_BLOCK, 0u32);
    // Past the growing blocks every block is MAX_BLOCK: no need to walk them.
    while size < MAX_BLOCK && before + (size - LINK) < len {
        before += size - LINK;
        size = next_size(size);
    }
    size
}

/// Where one stream is in a [`Pool`]. `Default` is the empty stream (no block yet). Sixteen
/// bytes, one per word and stream while an index is built: the current block's size is not
/// kept, it follows from the length when it is needed (when the block is full).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stream {
    /// Start of the first block.
    first: u32,
    /// Where the next byte goes, and where the current block's bytes end (its link); `end`
    /// is 0 before the first block (a block never ends at 0).
    at: u32,
    end: u32,
    /// Bytes in the stream.
    len: u32,
}

impl Stream {
    pub fn len(&self) -> usize {
        self.len as usize
    }
}

/// The buffer the streams live in.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    buf: Vec<u8>,
}

impl Pool {
    /// Bytes in the buffer (the streams' bytes and the unused ends of their blocks).
    pub fn used(&self) -> usize {
        self.buf.len()
    }

    /// Empties the pool, keeping its buffer; every stream must be reset to the default.
    pub fn clear(&mut self) {
        self.buf.clear();
    }

    /// Appends `b` to stream `s`.
    #[inline(always)]
    pub fn push(&mut self, s: &mut Stream, b: u8) {
        if s.at == s.end {
            self.next_block(s);
        }
        self.buf.as_mut_slice()[s.at as usize] = b;
        s.at += 1;
        s.len += 1;
    }

    /// Appends `v` to stream `s` as a varint (seven bits a byte, low bits first).
    #[inline(always)]
    pub fn put_varint(&mut self, s: &mut Stream, mut v: u32) {
        while v >= 0x80 {
            self.push(s, (v as u8) | 0x80);
            v >>= 7;
        }
        self.push(s, v as u8);
    }

    /// Gives stream `s` a new block at the end of the buffer, linked from its current one.
    #[cold]
    fn next_block(&mut self, s: &mut Stream) {
        let fresh = s.end == 0;
        let size = if fresh {
            FIRST_BLOCK
        } else {
            next_size(full_block_size(s.len))
        };
        let start = self.carve(size);
        if fresh {
            s.first = start;
        } else {
            let link = s.end as usize;
            self.buf[link..link + LINK as usize].copy_from_slice(&start.to_le_bytes());
        }
        s.at = start;
        s.end = start + size - LINK;
    }

    /// Adds `size` zero bytes to the buffer; returns where they start.
    fn carve(&mut self, size: u32) -> u32 {
        // Copying zeros is a `memcpy`; `resize` would fill byte by byte at `opt-level = "z"`.
        let zeros = [0u8; 256];
        let start = self.buf.len();
        let mut left = size as usize;
        while left > 0 {
            let n = left.min(zeros.len());
            self.buf.extend_from_slice(&zeros[..n]);
            left -= n;
        }
        u32::try_from(start).expect("index streams over 4 GiB")
    }

    /// Where the block after the full block starting at `start` (of `size` bytes) starts.
    fn link(&self, start: u32, size: u32) -> u32 {
        let at = (start + size - LINK) as usize;
        let mut link = [0u8; LINK as usize];
        link.copy_from_slice(&self.buf[at..at + LINK as usize]);
        u32::from_le_bytes(link)
    }

    /// Calls `f` with the stream's bytes, block by block, in order.
    pub fn each_block(&self, s: &Stream, mut f: impl FnMut(&[u8])) {
        if s.end == 0 {
            return;
        }
        let (mut start, mut size) = (s.first, FIRST_BLOCK);
        loop {
            let end = start + size - LINK;
            if end == s.end {
                f(&self.buf[start as usize..s.at as usize]);
                return;
            }
            f(&self.buf[start as usize..end as usize]);
            start = self.link(start, size);
            size = next_size(size);
        }
    }

    /// Appends the bytes of stream `s` to `out`.
    #[cfg(test)]
    pub fn copy_to(&self, s: &Stream, out: &mut Vec<u8>) {
        self.each_block(s, |bytes| out.extend_from_slice(bytes));
    }

    /// Cuts stream `s` back to its first `len` bytes; what follows is written over.
    pub fn truncate(&self, s: &mut Stream, len: usize) {
        let len = (len as u32).min(s.len);
        if s.end == 0 {
            return;
        }
        let (mut start, mut size, mut before) = (s.first, FIRST_BLOCK, 0u32);
        loop {
            let end = start + size - LINK;
            let room = end - start;
            // The block holding byte `len` (or ending with it, if it is the current one).
            if len < before + room || end == s.end {
                s.at = start + (len - before);
                s.end = end;
                s.len = len;
                return;
            }
            before += room;
            start = self.link(start, size);
            size = next_size(size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(pool: &Pool, s: &Stream) -> Vec<u8> {
        let mut out = Vec::new();
        pool.copy_to(s, &mut out);
        out
    }

    #[test]
    fn interleaved_streams_read_back_in_order() {
        let mut pool = Pool::default();
        let mut streams = [Stream::default(); 3];
        let mut want: [Vec<u8>; 3] = Default::default();
        for i in 0..100_000u32 {
            let k = (i % 7 % 3) as usize;
            let b = (i * 31 % 251) as u8;
            pool.push(&mut streams[k], b);
            want[k].push(b);
        }
        for k in 0..3 {
            assert_eq!(bytes(&pool, &streams[k]), want[k]);
            assert_eq!(streams[k].len(), want[k].len());
        }
        assert!(bytes(&pool, &Stream::default()).is_empty());
    }

    #[test]
    fn truncating_rewinds_across_blocks() {
        for cut in [0, 1, 11, 12, 13, 39, 40, 41, 100, 999, 1000] {
            let mut pool = Pool::default();
            let mut s = Stream::default();
            let mut other = Stream::default();
            let mut want = Vec::new();
            for i in 0..1000u32 {
                pool.push(&mut s, i as u8);
                pool.push(&mut other, 7);
                want.push(i as u8);
            }
            pool.truncate(&mut s, cut);
            want.truncate(cut);
            assert_eq!(bytes(&pool, &s), want, "cut at {cut}");
            for i in 0..500u32 {
                pool.push(&mut s, (i * 3) as u8);
                want.push((i * 3) as u8);
            }
            assert_eq!(bytes(&pool, &s), want, "cut at {cut}, then written");
            assert_eq!(s.len(), want.len());
            assert_eq!(bytes(&pool, &other), vec![7; 1000]);
        }
    }
}
