//! Bytes kept in fixed-size pages, so the index is built and frozen without ever holding its
//! postings twice: the builder spills what it has gathered into pages now and then
//! ([`Spill`]), and freezing moves those bytes, page after page, into the frozen index's own
//! pages ([`Paged`]), freeing each spilled page as soon as it is read. A WebAssembly module's
//! memory never shrinks, so its size is the peak of the build; with pages the peak stays
//! near the size of the finished index instead of twice it.

/// Size of a page. Spilled and frozen pages are the same size, so a freed page is reused.
pub(crate) const PAGE: usize = 64 * 1024;

/// Items longer than this get an allocation of their own in a [`Paged`] (so the room left at
/// the end of a page, when an item does not fit, stays small).
const OWN_PAGE_OVER: usize = PAGE / 4;

fn new_page(len: usize) -> Box<[u8]> {
    vec![0u8; len].into_boxed_slice()
}

/// Bytes written one after another into pages.
#[derive(Debug, Default)]
pub(crate) struct Spill {
    pages: Vec<Box<[u8]>>,
    /// Bytes used in the last page.
    last: usize,
    len: usize,
}

impl Spill {
    pub fn len(&self) -> usize {
        self.len
    }

    /// Appends `bytes`.
    pub fn write(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.pages.last().is_none_or(|p| self.last == p.len()) {
                self.pages.push(new_page(PAGE));
                self.last = 0;
            }
            let Some(page) = self.pages.last_mut() else {
                return;
            };
            let n = bytes.len().min(page.len() - self.last);
            page[self.last..self.last + n].copy_from_slice(&bytes[..n]);
            self.last += n;
            self.len += n;
            bytes = &bytes[n..];
        }
    }

    /// Gives back the unused end of the last page (what is written next starts a new page).
    pub fn shrink_to_fit(&mut self) {
        if let Some(page) = self.pages.last_mut() {
            if self.last < page.len() {
                *page = page[..self.last].into();
            }
        }
        self.pages.shrink_to_fit();
    }

    /// Reads the bytes back in order, freeing each page once it has been read.
    pub fn into_reader(mut self) -> SpillReader {
        self.pages.reverse();
        SpillReader {
            pages: self.pages,
            page: Box::default(),
            at: 0,
            left: self.len,
        }
    }
}

/// Reads a [`Spill`] front to back.
#[derive(Debug)]
pub(crate) struct SpillReader {
    /// The pages not yet started, last first.
    pages: Vec<Box<[u8]>>,
    page: Box<[u8]>,
    at: usize,
    left: usize,
}

impl SpillReader {
    /// Fills `out` with the next `out.len()` bytes (zeros past the end).
    pub fn read_into(&mut self, out: &mut [u8]) {
        let mut done = 0;
        while done < out.len() && self.left > 0 {
            if self.at == self.page.len() {
                // The page just read is dropped here.
                self.page = self.pages.pop().unwrap_or_default();
                self.at = 0;
                if self.page.is_empty() {
                    break;
                }
            }
            let n = (out.len() - done)
                .min(self.page.len() - self.at)
                .min(self.left);
            out[done..done + n].copy_from_slice(&self.page[self.at..self.at + n]);
            self.at += n;
            self.left -= n;
            done += n;
        }
        out[done..].fill(0);
        if self.left == 0 {
            self.page = Box::default();
            self.pages = Vec::new();
        }
    }
}

/// Many byte strings (items), each contiguous, numbered in the order they were added.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paged {
    pages: Vec<Box<[u8]>>,
    /// Bytes used in the last shared page.
    last: usize,
    /// The last page shared by short items, if any (its index in `pages`).
    shared: Option<usize>,
    /// Where each item is.
    spans: Vec<Span>,
}

/// Where an item is: its page, where it starts in the page, and its length.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    page: u32,
    start: u32,
    len: u32,
}

impl Paged {
    pub fn with_capacity(items: usize) -> Paged {
        Paged {
            spans: Vec::with_capacity(items),
            ..Paged::default()
        }
    }

    /// Adds an item of `len` bytes and returns it to be written.
    pub fn push(&mut self, len: usize) -> &mut [u8] {
        let shared_room = self.shared.map_or(0, |_| PAGE - self.last);
        let (page, start) = if len > OWN_PAGE_OVER {
            self.pages.push(new_page(len));
            (self.pages.len() - 1, 0)
        } else {
            if self.shared.is_none() || shared_room < len {
                self.pages.push(new_page(PAGE));
                self.shared = Some(self.pages.len() - 1);
                self.last = 0;
            }
            let start = self.last;
            self.last += len;
            (self.shared.unwrap_or(0), start)
        };
        self.spans.push(Span {
            page: page as u32,
            start: start as u32,
            len: len as u32,
        });
        &mut self.pages[page][start..start + len]
    }

    /// Item `i` (empty past the end).
    pub fn get(&self, i: usize) -> &[u8] {
        let Some(s) = self.spans.get(i) else {
            return &[];
        };
        let start = s.start as usize;
        self.pages
            .get(s.page as usize)
            .and_then(|p| p.get(start..start + s.len as usize))
            .unwrap_or(&[])
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Renumbers the items: item `i` becomes the old item `order[i]`.
    pub fn reorder(&mut self, order: &[u32]) {
        self.spans = order
            .iter()
            .map(|&i| self.spans.get(i as usize).copied().unwrap_or_default())
            .collect();
    }

    /// Gives back the unused end of the last shared page.
    pub fn shrink_to_fit(&mut self) {
        if let Some(i) = self.shared.take() {
            if let Some(page) = self.pages.get_mut(i) {
                *page = page[..self.last].into();
            }
        }
    }

    /// Bytes held: the item bytes plus the page slack and the spans.
    pub fn heap_bytes(&self) -> usize {
        self.pages.iter().map(|p| p.len()).sum::<usize>()
            + self.pages.capacity() * std::mem::size_of::<Box<[u8]>>()
            + self.spans.capacity() * std::mem::size_of::<Span>()
    }

    /// Bytes of the items alone.
    #[cfg(test)]
    pub fn item_bytes(&self) -> usize {
        self.spans.iter().map(|s| s.len as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(n: usize, seed: usize) -> Vec<u8> {
        (0..n).map(|i| ((i * 31 + seed * 7) % 251) as u8).collect()
    }

    #[test]
    fn a_spill_reads_back_across_pages() {
        let mut spill = Spill::default();
        let mut want = Vec::new();
        for (k, n) in [0, 1, 5, PAGE - 3, 7, PAGE, 2 * PAGE + 11, 3]
            .into_iter()
            .enumerate()
        {
            let bytes = pattern(n, k);
            spill.write(&bytes);
            if k % 3 == 1 {
                spill.shrink_to_fit();
            }
            want.extend_from_slice(&bytes);
        }
        assert_eq!(spill.len(), want.len());
        let mut reader = spill.into_reader();
        let mut got = Vec::new();
        for n in [2, PAGE, 1, 0, 3 * PAGE, 77] {
            let mut buf = vec![1u8; n];
            reader.read_into(&mut buf);
            got.extend_from_slice(&buf);
        }
        got.truncate(want.len());
        assert_eq!(got, want);
        // Past the end: zeros.
        let mut buf = [9u8; 4];
        reader.read_into(&mut buf);
        assert_eq!(buf, [0; 4]);
    }

    #[test]
    fn paged_items_stay_whole_and_can_be_renumbered() {
        let sizes = [
            0,
            3,
            OWN_PAGE_OVER,
            OWN_PAGE_OVER + 1,
            10,
            PAGE,
            5000,
            5000,
            5000,
            9,
        ];
        let mut p = Paged::with_capacity(sizes.len());
        for (k, &n) in sizes.iter().enumerate() {
            p.push(n).copy_from_slice(&pattern(n, k));
        }
        p.shrink_to_fit();
        assert_eq!(p.len(), sizes.len());
        for (k, &n) in sizes.iter().enumerate() {
            assert_eq!(p.get(k), pattern(n, k), "item {k}");
        }
        assert!(p.get(sizes.len()).is_empty());
        assert_eq!(p.item_bytes(), sizes.iter().sum::<usize>());
        // The slack of the shared pages is small next to the items.
        assert!(p.heap_bytes() < p.item_bytes() + PAGE);
        let order: Vec<u32> = (0..sizes.len() as u32).rev().collect();
        p.reorder(&order);
        for (k, &n) in sizes.iter().enumerate().rev() {
            assert_eq!(p.get(sizes.len() - 1 - k), pattern(n, k));
        }
    }
}
