//! "Download the whole archive for offline use", for a packed archive (whose searches fetch
//! the parts they need): its size, a progress bar, pause and resume (a download running when
//! the page closed goes on when it opens again), and the outcome.

use leptos::prelude::*;

use crate::offline::{self, DownloadEnd};

#[derive(Clone, Debug, PartialEq)]
enum Stage {
    /// Not known yet (the browser is asked).
    Checking,
    Idle,
    Running,
    Paused,
    Done,
    Failed(String),
}

/// The download of a packed archive's parts.
/// - `parts`, `bytes`: how many parts the archive has and their size in all.
/// - `format_bytes`: how sizes are written on the page.
#[component]
pub fn WholeArchive(parts: usize, bytes: u64, format_bytes: fn(f64) -> String) -> impl IntoView {
    let stage = RwSignal::new(Stage::Checking);
    let progress = RwSignal::new((0usize, parts));
    let start = move || {
        stage.set(Stage::Running);
        leptos::task::spawn_local(async move {
            let end = offline::download_all(move |done, total| {
                progress.try_set((done, total));
            })
            .await;
            stage.try_set(match end {
                DownloadEnd::Done => Stage::Done,
                DownloadEnd::Paused => Stage::Paused,
                DownloadEnd::Failed(why) => Stage::Failed(why),
            });
        });
    };
    leptos::task::spawn_local(async move {
        let s = offline::parts_status().await;
        if s.total > 0 {
            progress.try_set((s.stored, s.total));
        }
        if s.total > 0 && s.stored >= s.total {
            stage.try_set(Stage::Done);
        } else if s.wanted {
            start();
        } else {
            stage.try_set(if s.stored > 0 {
                Stage::Paused
            } else {
                Stage::Idle
            });
        }
    });
    let size = StoredValue::new(format_bytes(bytes as f64));
    let label = move || match stage.get() {
        Stage::Paused => format!("Resume the download ({} in all)", size.get_value()),
        _ => format!(
            "Download the whole archive for offline use ({})",
            size.get_value()
        ),
    };
    let status = move || {
        let (done, total) = progress.get();
        match stage.get() {
            Stage::Checking => String::new(),
            Stage::Idle => "Searches download the parts of the archive they need and keep them. Download the whole archive to search all of it offline.".into(),
            Stage::Running => format!("Downloading: {done} of {total} parts stored…"),
            Stage::Paused => format!("Paused: {done} of {total} parts stored."),
            Stage::Done => "The whole archive is stored: every search works offline.".into(),
            Stage::Failed(why) => format!("The download stopped ({why}); {done} of {total} parts are stored. Try again later."),
        }
    };
    let running = move || stage.get() == Stage::Running;
    let can_start = move || matches!(stage.get(), Stage::Idle | Stage::Paused | Stage::Failed(_));
    view! {
        <div class="whole-archive">
            <p class="whole-archive-status" role="status">{status}</p>
            <Show when=running>
                <progress max=move || progress.get().1 value=move || progress.get().0></progress>
                <button type="button" class="secondary" on:click=move |_| offline::pause_download()>"Pause"</button>
            </Show>
            <Show when=can_start>
                <button type="button" on:click=move |_| start()>{label}</button>
            </Show>
        </div>
    }
}
