//! The same hygiene over TLS: a handshake that does not finish is closed at the header limit (not the idle one), a
//! stop closes a connection in its handshake at once, and a finished handshake leaves the connection idle, not in a
//! request's head, with requests answered on it.

use std::sync::Arc;

use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, pem::PemObject as _};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

use super::*;
use crate::emulator::tls::{Tls, Trust};

/// The start of a TLS record holding a `ClientHello`, and no more of it.
const HALF_A_CLIENT_HELLO: &[u8] = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";

/// A server over TLS with its own test authority, and a connector that trusts that authority.
async fn tls_server() -> (std::net::SocketAddr, oneshot::Sender<()>, JoinHandle<()>, TlsConnector) {
    let tls = Tls::own_authority("127.0.0.1".parse().expect("address"), jiff::Timestamp::now()).expect("made");
    let Trust::OwnAuthority { certificate_pem } = tls.trust() else { panic!("its own authority: {tls:?}") };
    let mut roots = RootCertStore::empty();
    roots.add(CertificateDer::from_pem_slice(certificate_pem.as_bytes()).expect("PEM")).expect("a root");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let client = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let (addr, stop, served) = server_over(Limits::default(), Some(tls.acceptor())).await;
    (addr, stop, served, TlsConnector::from(Arc::new(client)))
}

/// A TLS connection to `addr`, its handshake done.
async fn secured(addr: std::net::SocketAddr, connector: &TlsConnector) -> TlsStream<TcpStream> {
    let stream = TcpStream::connect(addr).await.expect("connects");
    let name = ServerName::IpAddress(addr.ip().into());
    connector.connect(name, stream).await.expect("the handshake succeeds")
}

/// True when the server closed `stream`, with nothing more to read.
async fn closed_secured(stream: &mut TlsStream<TcpStream>) -> bool {
    let mut chunk = [0_u8; 64];
    matches!(stream.read(&mut chunk).await, Ok(0) | Err(_))
}

#[tokio::test(start_paused = true)]
async fn a_handshake_that_does_not_finish_is_closed_at_the_header_limit_not_the_idle_one() {
    let (addr, _stop, _served, _connector) = tls_server().await;
    let mut half = TcpStream::connect(addr).await.expect("connects");
    half.write_all(HALF_A_CLIENT_HELLO).await.expect("sent");
    let started = Instant::now();
    assert!(closed(&mut half).await);
    let waited = started.elapsed();
    assert!(waited >= HEADER_READ_TIMEOUT && waited < HEADER_READ_TIMEOUT + Duration::from_secs(1), "{waited:?}");

    let mut silent = TcpStream::connect(addr).await.expect("connects");
    let started = Instant::now();
    assert!(closed(&mut silent).await, "a client that sends nothing at all too");
    let waited = started.elapsed();
    assert!(waited >= HEADER_READ_TIMEOUT && waited < IDLE_TIMEOUT, "closed after {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn stopping_closes_a_connection_in_its_handshake_at_once() {
    let (addr, stop, served, _connector) = tls_server().await;
    let mut half = TcpStream::connect(addr).await.expect("connects");
    half.write_all(HALF_A_CLIENT_HELLO).await.expect("sent");
    tokio::time::sleep(Duration::from_millis(10)).await;
    let stopped_at = Instant::now();
    stop.send(()).expect("the server listens for its stop");
    assert!(closed(&mut half).await);
    tokio::time::timeout(Duration::from_secs(1), served).await.expect("stopped at once").expect("no panic");
    assert!(stopped_at.elapsed() < Duration::from_secs(1), "not at the header limit: {:?}", stopped_at.elapsed());
}

#[tokio::test(start_paused = true)]
async fn after_its_handshake_a_connection_is_answered_and_then_waits_the_idle_limit() {
    let (addr, _stop, _served, connector) = tls_server().await;
    let mut stream = secured(addr, &connector).await;
    tokio::time::sleep(HEADER_READ_TIMEOUT + Duration::from_secs(1)).await;
    stream.write_all(b"GET / HTTP/1.1\r\nHost: emulator\r\n\r\n").await.expect("sent");
    let mut text = String::new();
    let mut chunk = [0_u8; 1024];
    while !text.ends_with("\r\n\r\nok") {
        let read = stream.read(&mut chunk).await.expect("reads");
        assert!(read > 0, "closed before the answer (the handshake's bytes counted as a head?); got {text:?}");
        text.push_str(&String::from_utf8_lossy(&chunk[..read]));
    }
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let answered_at = Instant::now();
    assert!(closed_secured(&mut stream).await);
    let waited = answered_at.elapsed();
    assert!(waited >= IDLE_TIMEOUT && waited < IDLE_TIMEOUT + Duration::from_secs(1), "closed after {waited:?}");
}
