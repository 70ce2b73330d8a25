//! The about page: what the archive is (from the bundle) and what this browser keeps of it
//! for offline use (from the service worker and the storage manager).

use folio_core::ask::{Answer, Question};
use folio_core::browse::{plural_label, BrowseState};
use folio_core::bundle::FORMAT_VERSION;
use folio_core::date::format_range;
use leptos::either::Either;
use leptos::prelude::*;

use crate::offline::{self, OfflineStatus};
use crate::ui::answers::use_answer;
use crate::ui::components::whole_archive::WholeArchive;
use crate::ui::links::Links;
use crate::ui::pages::{set_title, use_summary};

#[component]
pub fn AboutPage() -> impl IntoView {
    let Some(summary) = use_summary() else {
        return ().into_any();
    };
    let meta = summary.meta.clone();
    set_title(&format!("About – {}", summary.name()));

    // A plain signal filled once rather than a resource under <Suspense>: the same result
    // for much less WebAssembly.
    // Prerendered, the page says it is checking: the browser answers once the app runs.
    let status = RwSignal::new(None::<OfflineStatus>);
    if crate::ui::browser::IN_BROWSER {
        leptos::task::spawn_local(async move {
            let s = offline::status().await;
            status.try_set(Some(s));
        });
    }
    let bundle_bytes = summary.report.bytes;
    // A packed archive: only in the browser (the prerendered page has no downloads to offer).
    let pack = summary.pack.filter(|_| crate::ui::browser::IN_BROWSER);
    let offline_facts = move || {
        match status.get() {
        Some(status) => {
            view! { <OfflineFacts status=status bundle_bytes=bundle_bytes packed=pack.is_some()/> }.into_any()
        }
        // Prerendered: only the browser can say, once the app runs; pressing this starts it
        // (public/first-view.js), and the app then shows the facts.
        None if !crate::ui::browser::IN_BROWSER => view! {
            <p><button type="button" class="secondary offline-check">"Show what this browser keeps for offline use"</button></p>
        }
        .into_any(),
        None => view! { <p>"Checking what this browser keeps…"</p> }.into_any(),
    }
    };

    // The archive at a glance: its date span and how much of each kind it holds.
    let links = expect_context::<Links>();
    let facts = use_answer(
        || Some(Question::About),
        |a| match a {
            Answer::About(f) => Some(f),
            _ => None,
        },
    );
    let span = move || {
        facts.with(|f| match f.as_ref().map(|f| (f.first, f.last)) {
            Some((Some(a), Some(b))) => format_range(&a, Some(&b)),
            _ => String::new(),
        })
    };
    let browse_links = move || {
        facts.with(|f| {
            f.iter()
                .flat_map(|f| f.distinct.iter())
                .filter(|(_, n)| *n > 0)
                .map(|(f, n)| {
                    view! {
                        <li><a href=links.browse(*f, &BrowseState::default())>{format!("{n} {}", plural_label(*f).to_ascii_lowercase())}</a></li>
                    }
                })
                .collect_view()
        })
    };

    let row = |key: &'static str, label: &'static str, value: String| {
        (!value.is_empty()).then(|| {
            view! {
                <div class="meta-row" data-key=key>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
    };
    view! {
        <section class="about-page">
            <h1>"About this archive"</h1>
            <dl class="about-facts">
                {row("title", "Title", meta.title.clone())}
                {row("description", "Description", meta.description.clone())}
                {row("publisher", "Publisher", meta.publisher.clone())}
                {row("licence", "Licence", meta.licence.clone())}
                {row("documents", "Documents", summary.count.to_string())}
                {move || row("span", "Dates", span())}
            </dl>
            <h2>"Browse"</h2>
            <ul class="about-browse">{browse_links}</ul>
            <h2>"Offline copy"</h2>
            {offline_facts}
            {pack.map(|p| view! { <WholeArchive parts=p.parts bytes=p.bytes format_bytes=format_bytes/> })}
        </section>
    }
    .into_any()
}

/// The stored copy and the storage it takes, as the browser reports them.
/// - `status`: what the service worker and the storage manager said.
/// - `bundle_bytes`: size of the bundle this page loaded.
#[component]
fn OfflineFacts(status: OfflineStatus, bundle_bytes: u64, packed: bool) -> impl IntoView {
    let stored_label = match (&status.stored, status.supported) {
        (Some(_), _) if packed => "In part: the app and the archive's catalogue, and every part a search has fetched (searches that need no other part work without a network)",
        (Some(_), _) => "Yes: this archive opens, searches and shows documents without a network",
        (None, true) => "Not yet: it is stored during the first visit, when the browser allows it",
        (None, false) => "No: this browser cannot keep the archive for offline use",
    };
    let stored = status.stored.clone().unwrap_or_default();
    let bundle = stored.bundle_hash.clone().map(|hash| {
        let bytes = stored.bundle_bytes.unwrap_or(bundle_bytes as f64);
        if packed {
            format!("{hash} (packed archive, head {})", format_bytes(bytes))
        } else {
            format!(
                "{hash} (bundle format {FORMAT_VERSION}, {})",
                format_bytes(bytes)
            )
        }
    });
    let usage = status.usage.map(|used| match status.quota {
        Some(quota) => format!(
            "{} (the browser allows up to {})",
            format_bytes(used),
            format_bytes(quota)
        ),
        None => format_bytes(used),
    });
    let persisted = status.persisted.map(|granted| {
        if granted {
            "Granted: the browser will not remove the stored copy to free space"
        } else {
            "Not granted: the browser may remove the stored copy when space runs low; it is stored again on the next visit online"
        }
    });
    // One row shape for every fact keeps the WebAssembly small (each distinct view is code).
    // (key for tests, label, text, machine-readable date for <time>)
    let facts: [(&str, &str, Option<String>, Option<String>); 6] = [
        (
            "stored",
            "Stored for offline use",
            Some(stored_label.into()),
            None,
        ),
        ("bundle", "Archive version", bundle, None),
        (
            "stored-at",
            "Stored on",
            stored.stored_at_text.clone().or(stored.stored_at.clone()),
            stored.stored_at.clone(),
        ),
        ("app", "App version", status.app_build.clone(), None),
        ("usage", "Storage used", usage, None),
        (
            "persisted",
            "Persistent storage",
            persisted.map(String::from),
            None,
        ),
    ];
    let rows = facts
        .into_iter()
        .filter_map(|(key, label, text, datetime)| {
            let text = text?;
            Some(view! {
                <div class="meta-row" data-key=key>
                    <dt>{label}</dt>
                    <dd>{match datetime {
                        Some(dt) => Either::Left(view! { <time datetime=dt>{text}</time> }),
                        None => Either::Right(text),
                    }}</dd>
                </div>
            })
        })
        .collect_view();
    let waiting = status
        .update_waiting
        .then(|| view! { <p class="about-update">"A newer version has been downloaded; reload the page to use it."</p> });
    view! {
        <dl class="about-facts about-offline">{rows}</dl>
        {waiting}
    }
}

/// Bytes for a reader: "812 bytes", "163 KB", "1.2 MB", "24 GB" (1 KB = 1,024 bytes).
pub fn format_bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    // Integers only from here: formatting floats would cost the wasm 10 KB.
    let bytes = if bytes.is_finite() {
        bytes.max(0.0).round() as u64
    } else {
        0
    };
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut divisor = 1024u64;
    let mut unit = 0;
    while bytes / divisor >= 1024 && unit + 1 < UNITS.len() {
        divisor *= 1024;
        unit += 1;
    }
    // Tenths of the unit, rounded half up.
    let tenths = (bytes as u128 * 10 + divisor as u128 / 2) / divisor as u128;
    if tenths < 100 {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    } else {
        format!("{} {}", (tenths + 5) / 10, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::format_bytes;

    #[test]
    fn sizes_read_in_the_largest_sensible_unit() {
        assert_eq!(format_bytes(0.0), "0 bytes");
        assert_eq!(format_bytes(812.0), "812 bytes");
        assert_eq!(format_bytes(163_768.0), "160 KB");
        assert_eq!(format_bytes(1_258_291.0), "1.2 MB");
        assert_eq!(format_bytes(25.0 * 1024.0 * 1024.0 * 1024.0), "25 GB");
    }
}
