//! Where a page's questions go ([`folio_core::ask`]): to the index worker in the browser, or
//! to an archive in memory (the prerenderer, component tests), answered at once.

use std::sync::Arc;

use folio_core::archive::Archive;
use folio_core::ask::{answer, Answer, Question};

/// Answers a question at once.
type Answerer = Arc<dyn Fn(&Question) -> Answer + Send + Sync>;

/// Who answers the page's questions; provided as context with the loading state.
#[derive(Clone)]
pub enum Asker {
    /// An archive in memory ([`Asker::local`]): the answer comes before `ask` returns.
    Local(Answerer),
    /// The index worker: the answer comes in a later task.
    Worker,
}

impl Asker {
    /// Answers from `archive`, in memory. The search engine's code reaches a build only
    /// through this call: the app's WebAssembly, which asks the worker, does not carry it.
    pub fn local(archive: Arc<Archive>) -> Asker {
        Asker::Local(Arc::new(move |q| answer(&archive, q)))
    }

    /// Asks `question`; `done` receives the answer (never, should the worker have stopped:
    /// the page then shows why, see `worker.rs`).
    pub fn ask(&self, question: Question, done: impl FnOnce(Answer) + 'static) {
        match self {
            Asker::Local(answerer) => done(answerer(&question)),
            Asker::Worker => super::worker::ask(question, Box::new(done)),
        }
    }
}
