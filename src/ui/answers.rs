//! A page's questions to the archive as signals: [`use_answer`] asks again whenever the
//! question changes and holds the latest answer (an older answer still on its way is dropped).
//!
//! With an archive in memory (the prerenderer) the first answer is there before the page
//! renders, so the prerendered page is complete. With the index worker it comes a task later:
//! while the first view stands in, the hand-over (`handoff.rs`) waits for it, as for the parts
//! of the page that `render_later.rs` puts off, and those parts render in tasks after it.

use folio_core::ask::{Answer, Question};
use leptos::prelude::*;

use crate::load::Asker;
use crate::ui::components::part_trouble::Trouble;
use crate::ui::render_later::FirstRender;

/// The answer to `question` (re-asked when it changes; nothing is asked while it is `None`),
/// picked out of the [`Answer`] by `pick`; `None` until the first answer has come.
pub fn use_answer<T>(
    question: impl Fn() -> Option<Question> + Send + Sync + 'static,
    pick: fn(Answer) -> Option<T>,
) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
{
    let out = RwSignal::new(None::<T>);
    let Some(asker) = use_context::<Asker>() else {
        return out.read_only();
    };
    let asker = StoredValue::new_local(asker);
    let question = Memo::new(move |_| question());
    // The first view waits for the first answer (see the module's comment), if one is asked.
    let first = use_context::<FirstRender>()
        .filter(|f| f.active.get_untracked())
        .filter(|_| question.with_untracked(Option::is_some));
    let holding = StoredValue::new(first.is_some());
    if let Some(first) = first {
        first.pending.update(|n| *n += 1);
        first.awaited.update(|n| *n += 1);
    }
    let trouble = use_context::<Trouble>();
    let latest = StoredValue::new(0u64);
    let ask = move |q: Option<Question>| {
        let n = latest.get_value() + 1;
        latest.set_value(n);
        let Some(q) = q else {
            return;
        };
        asker.with_value(|a| {
            a.ask(q, move |answer| {
                if latest.try_get_value() != Some(n) {
                    return;
                }
                if let Answer::Unavailable(why) = &answer {
                    if let Some(t) = trouble {
                        t.0.try_set(Some(why.clone()));
                    }
                } else if let Some(t) = trouble.filter(|t| t.0.with_untracked(Option::is_some)) {
                    t.0.try_set(None);
                }
                if let Some(value) = pick(answer) {
                    out.try_set(Some(value));
                }
                if holding.try_get_value() == Some(true) {
                    holding.set_value(false);
                    if let Some(first) = first {
                        first.pending.try_update(|p| *p = p.saturating_sub(1));
                        first.awaited.try_update(|p| *p = p.saturating_sub(1));
                    }
                }
            })
        });
    };
    ask(question.get_untracked());
    Effect::new(move |asked: Option<()>| {
        let q = question.get();
        if asked.is_some() {
            ask(q);
        }
    });
    out.read_only()
}
