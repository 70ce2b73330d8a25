//! "‹ Previous result · Result 12 of 97 · Next result ›" on a document page: steps through the
//! result list the document was opened from (the search state in its URL). Each link keeps
//! that search, with the page set to where the next document sits, so "Back to results"
//! always returns to the results page that holds the document being read.

use std::sync::atomic::{AtomicU8, Ordering};

use folio_core::ask::Position;
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;

/// The results page (1-based) that shows the result at `index`.
pub fn page_of(index: usize, per_page: usize) -> usize {
    index / per_page.max(1) + 1
}

/// Which link was followed to reach the next page (0 none, 1 previous, 2 next), so that the
/// same link has the focus again once the new document is shown: stepping through results
/// from the keyboard keeps its place.
static FOLLOWED: AtomicU8 = AtomicU8::new(0);

/// - `position`: where the document shown sits in the results it was opened from, if there.
/// - `from`: the search it was opened from.
#[component]
pub fn ResultNav(position: Option<Position>, from: SearchState) -> impl IntoView {
    let links = expect_context::<Links>();
    let Some(pos) = position else {
        return ().into_any();
    };
    let href = |id: &str, index: usize| {
        let st = from.with_page(page_of(index, from.per_page));
        links.doc(id, &st)
    };
    let prev = pos.prev.map(|n| (href(&n.id, pos.index - 1), n.title));
    let next = pos.next.map(|n| (href(&n.id, pos.index + 1), n.title));
    match FOLLOWED.swap(0, Ordering::Relaxed) {
        1 => request_animation_frame(|| {
            crate::ui::browser::focus_first("a.prev-result");
        }),
        2 => request_animation_frame(|| {
            crate::ui::browser::focus_first("a.next-result");
        }),
        _ => {}
    }
    view! {
        <nav class="result-nav" aria-label="Results">
            {match prev {
                Some((h, title)) => view! {
                    <a class="prev-result" href=h rel="prev" title=title on:click=|_| FOLLOWED.store(1, Ordering::Relaxed)>"‹ Previous result"</a>
                }.into_any(),
                None => view! { <span class="prev-result disabled">"‹ Previous result"</span> }.into_any(),
            }}
            <span class="result-position">{format!("Result {} of {}", pos.index + 1, pos.total)}</span>
            {match next {
                Some((h, title)) => view! {
                    <a class="next-result" href=h rel="next" title=title on:click=|_| FOLLOWED.store(2, Ordering::Relaxed)>"Next result ›"</a>
                }.into_any(),
                None => view! { <span class="next-result disabled">"Next result ›"</span> }.into_any(),
            }}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_list() {
        assert_eq!((page_of(9, 10), page_of(10, 10), page_of(0, 0)), (1, 2, 1));
    }
}
