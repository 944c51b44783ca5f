//! The server's connection hygiene over real loopback TCP, on tokio's paused clock (so limits of seconds pass in no
//! wall time and every "when" below is the clock's, exact): idle and half-sent connections closed at their limits,
//! the cap shedding the connection idle longest and never a busy one, and a stop that lets an answer finish; the same
//! over TLS in `tls`.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;

use super::*;

/// How long `/slow` takes to answer.
const SLOW: Duration = Duration::from_secs(2);

fn limits(max_connections: usize) -> Limits {
    Limits { max_connections, ..Limits::default() }
}

mod tls;

/// A server of `/` (answers `ok`) and `/slow` (answers `ok` after [`SLOW`]), and how to stop it.
async fn server(limits: Limits) -> (std::net::SocketAddr, oneshot::Sender<()>, JoinHandle<()>) {
    server_over(limits, None).await
}

/// [`server`], over TLS when `tls` is given.
async fn server_over(
    limits: Limits,
    tls: Option<TlsAcceptor>,
) -> (std::net::SocketAddr, oneshot::Sender<()>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("bound");
    let router = Router::new().route("/", get(|| async { "ok" })).route(
        "/slow",
        get(|| async {
            tokio::time::sleep(SLOW).await;
            "ok"
        }),
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let served = tokio::spawn(serve(listener, router, limits, tls, async move {
        stopped.await.ok();
    }));
    (addr, stop, served)
}

/// Sends `GET path` on `stream` (kept alive).
async fn ask(stream: &mut TcpStream, path: &str) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: emulator\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
}

/// Reads one answer to its body `ok`.
async fn answer(stream: &mut TcpStream) -> String {
    let mut text = String::new();
    let mut chunk = [0_u8; 1024];
    while !text.ends_with("\r\n\r\nok") {
        let read = stream.read(&mut chunk).await.expect("reads");
        assert!(read > 0, "the connection closed before the answer; got {text:?}");
        text.push_str(&String::from_utf8_lossy(&chunk[..read]));
    }
    text
}

/// True when the server closed `stream` (end of file or reset), with nothing more to read.
async fn closed(stream: &mut TcpStream) -> bool {
    let mut chunk = [0_u8; 64];
    matches!(stream.read(&mut chunk).await, Ok(0) | Err(_))
}

/// A connection to `addr` with one answered request on it.
async fn answered_connection(addr: std::net::SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    ask(&mut stream, "/").await;
    answer(&mut stream).await;
    stream
}

#[tokio::test(start_paused = true)]
async fn an_idle_connection_stays_open_within_the_idle_limit_and_is_closed_at_it() {
    let (addr, _stop, _served) = server(Limits::default()).await;
    let mut stream = answered_connection(addr).await;
    tokio::time::sleep(IDLE_TIMEOUT.saturating_sub(Duration::from_secs(1))).await;
    ask(&mut stream, "/").await;
    assert!(answer(&mut stream).await.starts_with("HTTP/1.1 200"), "still open one second before the limit");
    let answered_at = Instant::now();
    assert!(closed(&mut stream).await);
    let waited = answered_at.elapsed();
    assert!(waited >= IDLE_TIMEOUT && waited < IDLE_TIMEOUT + Duration::from_secs(1), "closed after {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn a_half_sent_request_is_closed_at_the_header_limit_not_the_idle_one() {
    let (addr, _stop, _served) = server(Limits::default()).await;
    let mut stream = answered_connection(addr).await;
    stream.write_all(b"GET / HTTP/1.1\r\nHost: emul").await.expect("sent");
    let started = Instant::now();
    assert!(closed(&mut stream).await);
    let waited = started.elapsed();
    assert!(waited >= HEADER_READ_TIMEOUT && waited < IDLE_TIMEOUT, "closed after {waited:?}");

    let mut fresh = TcpStream::connect(addr).await.expect("connects");
    fresh.write_all(b"GET /").await.expect("sent");
    let started = Instant::now();
    assert!(closed(&mut fresh).await, "a first request sent by halves too");
    assert!(started.elapsed() < IDLE_TIMEOUT, "closed after {:?}", started.elapsed());
}

#[tokio::test(start_paused = true)]
async fn at_the_cap_the_connection_idle_longest_is_closed_to_admit_a_new_one() {
    let (addr, _stop, _served) = server(limits(3)).await;
    let mut oldest = answered_connection(addr).await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let mut middle = answered_connection(addr).await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let mut newest = answered_connection(addr).await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    // The oldest is used again: now the middle one has waited longest.
    ask(&mut oldest, "/").await;
    answer(&mut oldest).await;

    let arrived_at = Instant::now();
    let admitted = answered_connection(addr).await;
    assert!(closed(&mut middle).await, "the connection idle longest was shed");
    assert!(arrived_at.elapsed() < Duration::from_secs(1), "shed, not timed out: {:?}", arrived_at.elapsed());
    for stream in [&mut oldest, &mut newest] {
        ask(stream, "/").await;
        assert!(answer(stream).await.starts_with("HTTP/1.1 200"), "the others stay open");
    }
    drop(admitted);
}

#[tokio::test(start_paused = true)]
async fn a_busy_connection_is_never_shed_one_more_is_admitted_over_it_and_closed_once_answered() {
    let (addr, _stop, _served) = server(limits(1)).await;
    let mut busy = TcpStream::connect(addr).await.expect("connects");
    ask(&mut busy, "/slow").await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let sent_at = Instant::now();
    let mut over = TcpStream::connect(addr).await.expect("connects");
    ask(&mut over, "/").await;
    assert!(answer(&mut over).await.starts_with("HTTP/1.1 200"));
    assert!(sent_at.elapsed() < SLOW, "answered without waiting for the busy one");
    assert!(closed(&mut over).await, "then closed: it was over the cap, and the only one waiting");
    assert!(sent_at.elapsed() < SLOW, "shed, not timed out: {:?}", sent_at.elapsed());
    let answered = answer(&mut busy).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "the busy one got its answer: {answered}");
    ask(&mut busy, "/").await;
    assert!(answer(&mut busy).await.starts_with("HTTP/1.1 200"), "and stays open, within the cap");
}

#[tokio::test(start_paused = true)]
async fn stopping_closes_waiting_connections_and_lets_an_answer_in_flight_finish() {
    let (addr, stop, served) = server(Limits::default()).await;
    let mut idle = answered_connection(addr).await;
    let mut busy = TcpStream::connect(addr).await.expect("connects");
    ask(&mut busy, "/slow").await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    stop.send(()).expect("the server listens for its stop");
    assert!(closed(&mut idle).await, "a waiting connection is closed at once");
    let answered = answer(&mut busy).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(answered.to_ascii_lowercase().contains("connection: close"), "{answered}");
    served.await.expect("the server stops once its last connection closed");
    assert!(TcpStream::connect(addr).await.is_err(), "no longer listening");
}

#[test]
fn the_cap_leaves_files_for_everything_else_under_the_open_file_limit() {
    assert_eq!(cap_under(1_024), MAX_CONNECTIONS, "a desktop's usual limit");
    assert_eq!(cap_under(256), 132, "macOS's usual limit");
    assert_eq!(cap_under(20_000), 19_876);
    assert_eq!(cap_under(100), FEWEST_CONNECTIONS, "never fewer");
}
