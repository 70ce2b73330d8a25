//! The pagination bar: previous, numbered pages with gaps, next. Plain links, so back,
//! forward and shared URLs just work.

use folio_core::paging::{page_links, PageInfo, PageLink};
use folio_core::url_state::SearchState;
use leptos::prelude::*;

use crate::ui::links::Links;

/// Pages shown each side of the current one.
const WINDOW: usize = 2;

/// - `info`: where the current page stands.
/// - `state`: the search state the links keep (only the page changes).
#[component]
pub fn Pagination(info: PageInfo, state: SearchState) -> impl IntoView {
    if info.pages <= 1 {
        return ().into_any();
    }
    let links = expect_context::<Links>();
    let href = move |p: usize| links.search(&state.with_page(p));
    let prev = (info.page > 1).then(|| href(info.page - 1));
    let next = (info.page < info.pages).then(|| href(info.page + 1));
    let items = page_links(info.page, info.pages, WINDOW)
        .into_iter()
        .map(|l| match l {
            PageLink::Gap => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
            PageLink::Page(p) if p == info.page => view! {
                <li><a class="current" href=href(p) aria-current="page" aria-label=format!("Page {p}, current page")>{p}</a></li>
            }.into_any(),
            PageLink::Page(p) => view! {
                <li><a href=href(p) aria-label=format!("Page {p}")>{p}</a></li>
            }.into_any(),
        })
        .collect_view();
    view! {
        <nav class="pagination" aria-label="Pagination">
            <ul>
                <li class="prev">{match prev {
                    Some(h) => view! { <a href=h rel="prev">"‹ Previous"</a> }.into_any(),
                    None => view! { <span class="disabled" aria-disabled="true">"‹ Previous"</span> }.into_any(),
                }}</li>
                {items}
                <li class="next">{match next {
                    Some(h) => view! { <a href=h rel="next">"Next ›"</a> }.into_any(),
                    None => view! { <span class="disabled" aria-disabled="true">"Next ›"</span> }.into_any(),
                }}</li>
            </ul>
        </nav>
    }
    .into_any()
}
