//! One connection of the emulator's server: HTTP/1.1 over hyper, on the TCP stream or, for HTTPS, on a TLS stream over
//! it; its bytes counted into its `Activity` on the way in and out (`Watched`, under the TLS layer, so a handshake's
//! bytes count too), each request's handler bracketed by begin and end (`Tracked`), and a watchdog beside it that
//! closes the connection when a request's head is too slow or it sat idle too long, or when the server asks (shed at
//! the cap, or stopping): a connection that waits for its client is closed at once; one with a request in flight
//! finishes that answer first (hyper's graceful shutdown). A TLS handshake must finish within the header limit from
//! the accept; one that fails (a client that does not trust the certificate) closes the connection, noted at debug.

use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::Service;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use super::Limits;
use super::activity::{Activity, Expiry};
use super::connections::Open;

/// Serves `stream` with `router`, over TLS when `tls` is given, until the client closes it, the watchdog does, or the
/// server asks it to.
pub(super) async fn serve(stream: TcpStream, router: Router, open: Open, limits: Limits, tls: Option<TlsAcceptor>) {
    let activity = Arc::clone(open.activity());
    let watched = Watched { inner: stream, activity: Arc::clone(&activity) };
    match tls {
        None => drive(watched, router, &activity, limits).await,
        Some(acceptor) => {
            if let Some(secured) = handshake(&acceptor, watched, &activity, limits).await {
                activity.secured(Instant::now());
                drive(secured, router, &activity, limits).await;
            }
        }
    }
    drop(open);
}

/// The TLS handshake on `stream`, within the header limit from now; `None` when it failed, took too long, or the
/// server asked the connection to close meanwhile (then it is closed).
async fn handshake(
    acceptor: &TlsAcceptor,
    stream: Watched,
    activity: &Activity,
    limits: Limits,
) -> Option<TlsStream<Watched>> {
    tokio::select! {
        biased;
        () = activity.stop.notified() => None,
        handshaken = tokio::time::timeout(limits.header_read_timeout, acceptor.accept(stream)) => match handshaken {
            Ok(Ok(secured)) => Some(secured),
            Ok(Err(error)) => {
                tracing::debug!(
                    %error,
                    "an emulator connection's TLS handshake failed (a client that does not trust the certificate, or one \
                     speaking plain HTTP)"
                );
                None
            }
            Err(_elapsed) => {
                tracing::debug!(
                    limit_ms = limits.header_read_timeout.as_millis(),
                    "closed an emulator connection whose TLS handshake did not finish in time"
                );
                None
            }
        },
    }
}

/// Serves HTTP/1.1 on `io` with `router` beside the connection's watchdog, until one of them ends it.
async fn drive<IO>(io: IO, router: Router, activity: &Arc<Activity>, limits: Limits)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = TokioIo::new(io);
    let service = Tracked { inner: TowerToHyperService::new(router), activity: Arc::clone(activity) };
    let mut builder = http1::Builder::new();
    // hyper's own header timeout also runs while a kept-alive connection waits for its next request, so it cannot tell
    // a slow head from an idle connection: the watchdog below keeps both limits instead.
    builder.header_read_timeout(None);
    let mut connection = pin!(builder.serve_connection(io, service));
    let mut finishing = false;
    loop {
        let deadline = activity.deadline(&limits, Instant::now());
        tokio::select! {
            biased;
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%error, "an emulator connection ended with an error");
                }
                return;
            }
            () = activity.stop.notified(), if !finishing => {
                if activity.is_waiting() {
                    return;
                }
                connection.as_mut().graceful_shutdown();
                finishing = true;
            }
            () = activity.changed.notified() => {}
            () = tokio::time::sleep_until(deadline) => match activity.expired(&limits, Instant::now()) {
                Some(Expiry::HeadTooSlow) => {
                    tracing::debug!(
                        limit_ms = limits.header_read_timeout.as_millis(),
                        "closed an emulator connection whose request head did not arrive in time"
                    );
                    return;
                }
                Some(Expiry::Idle) => {
                    tracing::trace!("closed an idle emulator connection");
                    return;
                }
                None => {}
            },
        }
    }
}

/// A TCP stream whose reads and writes are noted in its connection's activity.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.read(Instant::now());
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.note_written(&polled);
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note_written(&polled);
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Watched {
    fn note_written(&self, polled: &Poll<io::Result<usize>>) {
        if matches!(polled, Poll::Ready(Ok(written)) if *written > 0) {
            self.activity.wrote(Instant::now());
        }
    }
}

/// The router as hyper calls it, each request's handler bracketed in the connection's activity.
#[derive(Clone)]
struct Tracked {
    inner: TowerToHyperService<Router>,
    activity: Arc<Activity>,
}

impl Service<Request<Incoming>> for Tracked {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Self::Error>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let in_flight = InFlight::begin(Arc::clone(&self.activity));
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answered = answer.await;
            drop(in_flight);
            answered
        })
    }
}

/// A request in flight on a connection; it ends when dropped, answered or abandoned.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn begin(activity: Arc<Activity>) -> Self {
        activity.begin_request(Instant::now());
        Self(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.end_request(Instant::now());
    }
}
