//! Where a page's questions go ([`folio_core::ask`]): to the index worker in the browser, or
//! to an archive in memory (the prerenderer, component tests), answered at once.

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::ask::{answer, Answer, Question};

/// Who answers the page's questions; provided as context with the loading state.
#[derive(Clone)]
pub enum Asker {
    /// An archive in memory: the answer comes before `ask` returns.
    Local(Arc<Archive>),
    /// The index worker: the answer comes in a later task.
    Worker,
}

impl Asker {
    /// Asks `question`; `done` receives the answer (never, should the worker have stopped:
    /// the page then shows why, see `worker.rs`).
    pub fn ask(&self, question: Question, done: impl FnOnce(Answer) + 'static) {
        match self {
            Asker::Local(archive) => done(answer(archive, &question)),
            Asker::Worker => super::worker::ask(question, Box::new(done)),
        }
    }
}
