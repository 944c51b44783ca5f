//! The one bridge to async: executes the wizard's effects on a tokio runtime, sends the answers back through
//! a bounded channel, then asks the UI to repaint. Owns the client, the in-process emulator and the secret store;
//! keyring and file calls run on blocking threads, never on the UI thread.

mod account_actions;
mod clock;
mod connect;
mod demo;
mod execute;
mod exports;
mod link;
mod more_accounts;
mod overview;
mod poll_loop;
mod saves;
mod start_at;
mod tickets;
mod tokens;

use std::collections::HashMap;
use std::sync::{Arc, PoisonError};

use tokio::sync::{Mutex, mpsc};
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::api::exchange::ExchangeLog;
use crate::browser::BrowserOpener;
use crate::config::{AppIdentity, Profile};
use crate::emulator::{EmulatorConfig, EmulatorHandle};
use crate::secrets::SecretStore;
use crate::store::ProgressStore;
use crate::wizard::{Answer, Effect, ProgressProblem, RequestId};

pub use clock::Clock;
pub use exports::{ExportOutcome, ExportPlace};
pub use tickets::Ticket;

/// How long closing waits for the last progress to reach the disk.
const EXIT_SAVE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// How many answers may wait for the UI before senders wait.
const ANSWER_CAPACITY: usize = 64;

/// Called after each event is sent, so the UI wakes up and draws it.
pub type Notify = Arc<dyn Fn() + Send + Sync>;

/// Where signing keys are kept.
pub enum Secrets {
    /// The platform's keyring, opened on first use on a blocking thread (never the UI thread), and opened again after
    /// a failure, so a keyring started later is found.
    Platform,
    /// A given store (tests use keyring-core's in-memory store).
    Given(Arc<dyn SecretStore>),
}

/// What the runtime works with.
pub struct RuntimeParts {
    /// Where signing keys are kept.
    pub secrets: Secrets,
    /// Where progress is saved; `None` keeps nothing between runs.
    pub progress: Option<ProgressStore>,
    /// How the in-process emulator is set up when the local environment is chosen (its profile comes from the choice).
    pub emulator: EmulatorConfig,
    /// Opens the aggregator's pages (the system browser; tests record instead).
    pub browser: Arc<dyn BrowserOpener>,
    /// How long a whole exchange with a service may take; `None`: the client's 30 seconds.
    pub request_timeout: Option<std::time::Duration>,
    /// This computer's clock (`Clock::system()`; tests play one that is off).
    pub clock: Clock,
}

/// The in-process emulator and what it was started with.
struct RunningEmulator {
    profile: Profile,
    identity: AppIdentity,
    handle: EmulatorHandle,
}

/// The live connection: the client in use and the in-process emulator, if running.
#[derive(Default)]
struct Live {
    client: Option<Client>,
    emulator: Option<RunningEmulator>,
}

/// Shared by every task the runtime spawns.
struct Shared {
    secrets_source: Secrets,
    secrets: Mutex<Option<Arc<dyn SecretStore>>>,
    emulator_template: EmulatorConfig,
    /// The progress folder, where the in-process emulator keeps its state; `None` keeps it in memory only.
    data_dir: Option<std::path::PathBuf>,
    /// Saves progress there, and proves it saved before a request that changes the Banking Service; `None` without a
    /// progress folder.
    saver: Option<Arc<saves::Saver>>,
    live: Mutex<Live>,
    tokens: tokens::Tokens,
    /// This computer's clock, which may be off the services'.
    clock: Clock,
    /// Every exchange of every client this runtime made, for the request inspector.
    exchanges: ExchangeLog,
    browser: Arc<dyn BrowserOpener>,
    /// The live client's whole-exchange timeout, when not the client's own.
    request_timeout: Option<std::time::Duration>,
    /// The running link and watch tasks, by the effect that started them.
    tasks: std::sync::Mutex<HashMap<RequestId, AbortHandle>>,
    answers: mpsc::Sender<Answer>,
    notify: Notify,
}

impl Shared {
    /// Sends an answer to the UI and wakes it. A closed channel means the UI is gone: nothing to tell.
    async fn answer(&self, answer: Answer) {
        if self.answers.send(answer).await.is_ok() {
            (self.notify)();
        }
    }

    /// Waits until what the wizard last asked to save is on disk: called before every request that creates or changes
    /// something at the Banking Service, which is then not sent when the disk refused.
    async fn durable(&self) -> Result<(), crate::api::error::Failure> {
        match &self.saver {
            Some(saver) => saver.durable().await.map_err(crate::api::error::Failure::NotSaved),
            None => Ok(()),
        }
    }

    /// Sends a progress report without waiting: a full channel drops it rather than hold up the task (the task's
    /// end is always sent with [`Shared::answer`]).
    fn report(&self, answer: Answer) {
        if self.answers.try_send(answer).is_ok() {
            (self.notify)();
        }
    }
}

/// Executes effects and collects their answers.
pub struct Runtime {
    tokio: tokio::runtime::Runtime,
    shared: Arc<Shared>,
    answers: mpsc::Receiver<Answer>,
    progress: Option<ProgressStore>,
    /// The save dialog and file manager the exports use.
    places: exports::ExportPlaces,
}

impl Runtime {
    /// Starts the worker threads. `notify` is called after every event (the UI passes `request_repaint`).
    pub fn new(parts: RuntimeParts, notify: Notify) -> std::io::Result<Self> {
        let tokio = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("bankfeeds-runtime")
            .enable_all()
            .build()?;
        let (sender, answers) = mpsc::channel(ANSWER_CAPACITY);
        let saver = parts.progress.clone().map(saves::Saver::new);
        let shared = Arc::new(Shared {
            secrets_source: parts.secrets,
            secrets: Mutex::new(None),
            emulator_template: parts.emulator,
            data_dir: parts.progress.as_ref().map(|store| store.dir().to_path_buf()),
            saver: saver.clone(),
            live: Mutex::new(Live::default()),
            tokens: tokens::Tokens::default(),
            exchanges: ExchangeLog::new(),
            browser: parts.browser,
            request_timeout: parts.request_timeout,
            clock: parts.clock,
            tasks: std::sync::Mutex::new(HashMap::new()),
            answers: sender,
            notify,
        });
        if let Some(saver) = saver {
            let shared = Arc::clone(&shared);
            tokio.spawn(saver.run(move |result| {
                let shared = Arc::clone(&shared);
                async move { shared.answer(Answer::ProgressSaved(result)).await }
            }));
        }
        Ok(Self { tokio, shared, answers, progress: parts.progress, places: exports::ExportPlaces::default() })
    }

    /// The data folder the progress is saved in; `None` when nothing is kept between runs.
    #[must_use]
    pub fn data_dir(&self) -> Option<&std::path::Path> {
        self.progress.as_ref().map(ProgressStore::dir)
    }

    /// Reads the saved progress and answers with `Answer::Restored`.
    pub fn restore(&self) {
        let shared = Arc::clone(&self.shared);
        let store = self.progress.clone();
        self.tokio.spawn(async move {
            let progress_store = store.clone();
            let loaded = match store {
                Some(store) => tokio::task::spawn_blocking(move || store.load()).await.ok(),
                None => None,
            };
            match loaded {
                Some(Ok(progress)) => {
                    // What was read is what a request's save proves on disk until the wizard asks for another.
                    if let (Some(saver), Some(progress)) = (&shared.saver, &progress) {
                        saver.queue(progress.clone());
                    }
                    shared.answer(Answer::Restored(progress)).await;
                }
                Some(Err(error)) => {
                    tracing::warn!(%error, "saved progress could not be read");
                    let kept_as =
                        progress_store.and_then(|store| store.set_aside(jiff::Timestamp::now().as_second()).ok());
                    shared.answer(Answer::Restored(None)).await;
                    let problem = ProgressProblem::Unreadable { detail: error.to_string(), kept_as };
                    shared.answer(Answer::ProgressSaved(Err(problem))).await;
                }
                None => shared.answer(Answer::Restored(None)).await,
            }
        });
    }

    /// Executes one effect in the background; its answer arrives through [`Runtime::take_answers`]. How each effect
    /// runs is decided in one place, `execute::dispatch`.
    pub fn execute(&self, effect: Effect) {
        execute::dispatch(self, effect);
    }

    /// Queues progress for the saver (written in the background, newest first).
    fn save(&self, progress: crate::wizard::Progress) {
        if let Some(saver) = &self.shared.saver {
            saver.queue(progress);
        }
    }

    /// Stops the task of `request` at once, if it still runs: nothing more is sent for it.
    fn cancel(&self, request: RequestId) {
        let task = self.shared.tasks.lock().unwrap_or_else(PoisonError::into_inner).remove(&request);
        if let Some(task) = task {
            task.abort();
            tracing::debug!(request = request.0, "task cancelled");
        }
    }

    /// Runs the call `answer` makes in the background and sends back the answer it returns.
    fn reply<F>(&self, answer: impl FnOnce(Arc<Shared>) -> F)
    where
        F: std::future::Future<Output = Answer> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        let call = answer(Arc::clone(&shared));
        self.tokio.spawn(async move { shared.answer(call.await).await });
    }

    /// Spawns a long-running task that `Effect::Cancel(request)` can abort; it forgets itself when it ends.
    fn track<F>(&self, request: RequestId, task: impl FnOnce(Arc<Shared>) -> F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let shared = Arc::clone(&self.shared);
        let task = task(Arc::clone(&shared));
        let handle = self.tokio.spawn(async move {
            task.await;
            shared.tasks.lock().unwrap_or_else(PoisonError::into_inner).remove(&request);
        });
        self.shared.tasks.lock().unwrap_or_else(PoisonError::into_inner).insert(request, handle.abort_handle());
    }

    /// The session's exchanges with the services, recorded by every client this runtime makes.
    #[must_use]
    pub fn exchanges(&self) -> &ExchangeLog {
        &self.shared.exchanges
    }

    /// Every answer that has arrived, oldest first.
    pub fn take_answers(&mut self) -> Vec<Answer> {
        let mut answers = Vec::new();
        while let Ok(answer) = self.answers.try_recv() {
            answers.push(answer);
        }
        answers
    }

    /// Waits up to `timeout` for the next answer (for headless runs and tests).
    pub fn wait_answer(&mut self, timeout: std::time::Duration) -> Option<Answer> {
        let answers = &mut self.answers;
        self.tokio.block_on(async { tokio::time::timeout(timeout, answers.recv()).await.ok().flatten() })
    }

    /// Before the app closes: writes the latest progress (a save may still be queued) and stops the in-process
    /// emulator. Safe to call more than once.
    pub fn finish(&self) {
        let shared = Arc::clone(&self.shared);
        self.tokio.block_on(async move {
            // Through the saver, so no save of an older progress still under way can land after this one.
            if let Some(saver) = &shared.saver {
                match tokio::time::timeout(EXIT_SAVE_PATIENCE, saver.durable()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(problem)) => tracing::warn!(%problem, "progress not saved at exit"),
                    Err(_) => tracing::warn!("progress not saved at exit: the disk did not answer in time"),
                }
            }
            let emulator = shared.live.lock().await.emulator.take();
            if let Some(running) = emulator {
                connect::stop_emulator(running.handle).await;
            }
        });
    }

    /// [`Runtime::finish`], then stops the worker threads.
    pub fn shutdown(self) {
        self.finish();
        self.tokio.shutdown_timeout(std::time::Duration::from_secs(2));
    }
}
