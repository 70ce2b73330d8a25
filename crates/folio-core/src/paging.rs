//! Paging arithmetic: which slice of the results a page shows, and which page links to offer.

/// Where a page stands in the results. `first` and `last` are 1-based positions for the
/// summary line "Results: first - last of total"; both are 0 when there are no results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// The page shown, clamped to 1..=pages.
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    pub first: usize,
    pub last: usize,
    pub total: usize,
}

impl PageInfo {
    /// Clamps `page` into range (0 and too-large pages show the nearest real page).
    pub fn new(total: usize, page: usize, per_page: usize) -> PageInfo {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let page = page.clamp(1, pages);
        let first = if total == 0 {
            0
        } else {
            (page - 1) * per_page + 1
        };
        let last = (page * per_page).min(total);
        PageInfo {
            page,
            pages,
            per_page,
            first,
            last,
            total,
        }
    }

    /// The index range of this page within the full result list.
    pub fn range(&self) -> std::ops::Range<usize> {
        if self.total == 0 {
            0..0
        } else {
            self.first - 1..self.last
        }
    }

    /// "Results: 1 - 10 of 97".
    pub fn summary(&self) -> String {
        format!("Results: {} - {} of {}", self.first, self.last, self.total)
    }
}

/// One entry of the pagination bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    Page(usize),
    /// Pages left out between two links.
    Gap,
}

/// The first page, the last, and `window` pages each side of `current`, with gaps marked.
/// A gap never hides a single page: that page is shown instead.
pub fn page_links(current: usize, pages: usize, window: usize) -> Vec<PageLink> {
    if pages == 0 {
        return Vec::new();
    }
    let current = current.clamp(1, pages);
    let lo = current.saturating_sub(window).max(1);
    let hi = (current + window).min(pages);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(lo..=hi);
    shown.push(pages);
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::new();
    let mut prev = 0;
    for p in shown {
        if prev != 0 && p > prev + 1 {
            if p == prev + 2 {
                out.push(PageLink::Page(prev + 1));
            } else {
                out.push(PageLink::Gap);
            }
        }
        out.push(PageLink::Page(p));
        prev = p;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use PageLink::{Gap, Page};

    #[test]
    fn summary_line_reads_like_the_archive() {
        assert_eq!(PageInfo::new(97, 1, 10).summary(), "Results: 1 - 10 of 97");
        assert_eq!(
            PageInfo::new(97, 10, 10).summary(),
            "Results: 91 - 97 of 97"
        );
        assert_eq!(PageInfo::new(0, 1, 10).summary(), "Results: 0 - 0 of 0");
    }

    #[test]
    fn out_of_range_pages_are_clamped() {
        assert_eq!(PageInfo::new(97, 0, 10).page, 1);
        assert_eq!(PageInfo::new(97, 999_999, 10).page, 10);
        assert_eq!(PageInfo::new(0, 5, 10).page, 1);
    }

    #[test]
    fn page_links_show_ends_window_and_gaps() {
        assert_eq!(page_links(1, 1, 2), [Page(1)]);
        assert_eq!(
            page_links(1, 10, 2),
            [Page(1), Page(2), Page(3), Gap, Page(10)]
        );
        assert_eq!(
            page_links(6, 10, 2),
            [
                Page(1),
                Gap,
                Page(4),
                Page(5),
                Page(6),
                Page(7),
                Page(8),
                Page(9),
                Page(10)
            ]
        );
        assert_eq!(
            page_links(6, 20, 2),
            [
                Page(1),
                Gap,
                Page(4),
                Page(5),
                Page(6),
                Page(7),
                Page(8),
                Gap,
                Page(20)
            ]
        );
        assert_eq!(
            page_links(5, 20, 2),
            [
                Page(1),
                Page(2),
                Page(3),
                Page(4),
                Page(5),
                Page(6),
                Page(7),
                Gap,
                Page(20)
            ]
        );
        assert_eq!(
            page_links(4, 10, 2),
            [
                Page(1),
                Page(2),
                Page(3),
                Page(4),
                Page(5),
                Page(6),
                Gap,
                Page(10)
            ]
        );
    }

    proptest! {
        #[test]
        fn pages_tile_the_results_exactly(total in 0usize..500, per in 1usize..60) {
            let pages = PageInfo::new(total, 1, per).pages;
            let mut covered = 0;
            for p in 1..=pages {
                let info = PageInfo::new(total, p, per);
                prop_assert_eq!(info.range().start, covered);
                covered = info.range().end;
                prop_assert!(info.range().len() <= per);
            }
            prop_assert_eq!(covered, total);
        }

        #[test]
        fn page_links_are_sorted_and_include_current_first_last(pages in 1usize..200, cur in 0usize..250) {
            let links = page_links(cur, pages, 2);
            let nums: Vec<usize> = links.iter().filter_map(|l| if let Page(p) = l { Some(*p) } else { None }).collect();
            prop_assert!(nums.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(nums.contains(&1) && nums.contains(&pages) && nums.contains(&cur.clamp(1, pages)));
            prop_assert!(links.windows(2).all(|w| !(w[0] == Gap && w[1] == Gap)));
        }
    }
}
