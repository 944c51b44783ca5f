//! The emulator's HTTP/1.1 server, shared by the in-process emulator and the `emulator` command: an accept loop over
//! hyper that keeps its connections in hand, where `axum::serve` kept every one open for ever. A half-sent request is
//! closed after [`HEADER_READ_TIMEOUT`], an idle connection after [`IDLE_TIMEOUT`]; the connections kept open are capped
//! below the process's open-file limit (900 under a desktop's usual 1,024): at the cap, the one that has waited longest
//! for its client is closed to admit the next, and when every one has a request in flight, one more is admitted and the
//! next waits for room. An accept that fails (too many open files) backs off briefly and goes on. Stopping closes
//! waiting connections at once and lets requests in flight finish. Over TLS when given an acceptor (HTTPS), whose
//! handshake has the header limit. Knows nothing of the routes: it serves the router it is given.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;

mod activity;
mod connection;
mod connections;
#[cfg(test)]
mod tests;

use self::connections::Connections;

/// How long a client may take to send a request's head (its request line and headers) from its first byte: 5 s.
/// Every client of the emulator sends a head in one go; a half-sent one is a stalled or hostile client, and closing it
/// gives its connection (an open file) back.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a kept-alive connection may wait for its next request: 30 s. Far longer than the wizard waits between
/// polls and status reads (seconds), so its pooled connections are reused rather than raced against a close; short
/// enough that connections left open by clients that went away are given back.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The most connections open at once where the process's open-file limit cannot be read (not unix), and the cap
/// [`FILES_KEPT`] leaves under the 1,024 open files a desktop allows a process by default. With no cap, 1,100 idle
/// connections used up every file and no request could be accepted.
pub const MAX_CONNECTIONS: usize = 900;

/// The open files kept for everything but connections: the listener, the runtime, the state file, logs and, in the
/// wizard, its own files and its clients' side of each connection it makes. The cap is the process's open-file limit
/// less these: 900 under 1,024; under macOS's usual 256, 132.
pub const FILES_KEPT: u64 = 124;

/// The fewest connections the cap allows, however low the open-file limit.
const FEWEST_CONNECTIONS: usize = 32;

/// How long the accept loop waits after an accept that failed on the server's side (such as too many open files)
/// before trying again: long enough not to spin, short enough not to keep a request waiting.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How long the accept loop, over the cap, waits for room (a connection closed, or one that finished a request and can
/// be shed) before it looks again.
const SHED_PATIENCE: Duration = Duration::from_secs(1);

/// The server's limits: the named constants, smaller in tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`IDLE_TIMEOUT`].
    pub idle_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Limits {
    /// The named limits, with the cap fitted to this process's open-file limit (its soft limit less [`FILES_KEPT`]),
    /// or [`MAX_CONNECTIONS`] where the limit cannot be read.
    #[must_use]
    pub fn for_this_process() -> Self {
        Self { max_connections: open_file_limit().map_or(MAX_CONNECTIONS, cap_under), ..Self::default() }
    }
}

/// The connections allowed under an open-file limit of `files`.
fn cap_under(files: u64) -> usize {
    usize::try_from(files.saturating_sub(FILES_KEPT)).unwrap_or(usize::MAX).max(FEWEST_CONNECTIONS)
}

/// This process's soft limit on open files; `None` when it has none or it cannot be read.
#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

/// This process's soft limit on open files: not read outside unix.
#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

impl Default for Limits {
    fn default() -> Self {
        Self { header_read_timeout: HEADER_READ_TIMEOUT, idle_timeout: IDLE_TIMEOUT, max_connections: MAX_CONNECTIONS }
    }
}

/// Serves `router` on `listener` within `limits`, over TLS when `tls` is given, until `stop` resolves; then stops
/// accepting, closes the waiting connections, lets requests in flight finish, and returns once every connection is
/// closed.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    stop: impl Future<Output = ()>,
) {
    tracing::debug!(max_connections = limits.max_connections, "the emulator caps its open connections");
    let connections = Arc::new(Connections::default());
    let mut tasks = JoinSet::new();
    let mut stop = std::pin::pin!(stop);
    let mut failed_accepts = 0_u64;
    loop {
        reap_finished(&mut tasks);
        if connections.len() > limits.max_connections {
            // Over the cap (one was admitted while every other had a request in flight): wait for room first.
            if !connections.shedding() {
                connections.shed_oldest_waiting();
            }
            tokio::select! {
                biased;
                () = &mut stop => break,
                () = connections.room.notified() => {}
                () = tokio::time::sleep(SHED_PATIENCE) => {}
            }
            continue;
        }
        let accepted = tokio::select! {
            biased;
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _peer)) => {
                if failed_accepts > 0 {
                    tracing::info!(failed_accepts, "the emulator accepts connections again");
                    failed_accepts = 0;
                }
                if connections.len() >= limits.max_connections && !connections.shed_oldest_waiting() {
                    tracing::debug!("every emulator connection has a request in flight; one more is admitted");
                }
                let open = connections.admit(Instant::now());
                tasks.spawn(connection::serve(stream, router.clone(), open, limits, tls.clone()));
            }
            Err(error) if is_the_clients(&error) => {
                tracing::debug!(%error, "a connection closed before the emulator accepted it");
            }
            Err(error) => {
                failed_accepts += 1;
                if failed_accepts == 1 {
                    tracing::warn!(
                        %error, open = connections.len(),
                        "the emulator could not accept a connection; it closes its longest-idle one and tries again"
                    );
                }
                connections.shed_oldest_waiting();
                tokio::select! {
                    biased;
                    () = &mut stop => break,
                    () = tokio::time::sleep(ACCEPT_BACKOFF) => {}
                }
            }
        }
    }
    drop(listener);
    connections.close_all();
    while let Some(ended) = tasks.join_next().await {
        report_abnormal_end(ended);
    }
}

/// An accept error about one connection, which the client closed or reset before it was accepted: not the server's.
fn is_the_clients(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Collects the connection tasks that ended, so that the set does not keep them.
fn reap_finished(tasks: &mut JoinSet<()>) {
    while let Some(ended) = tasks.try_join_next() {
        report_abnormal_end(ended);
    }
}

/// Logs a connection task that panicked (its connection is closed; the server goes on).
fn report_abnormal_end(ended: Result<(), tokio::task::JoinError>) {
    if let Err(error) = ended {
        tracing::warn!(%error, "an emulator connection's task ended abnormally");
    }
}
