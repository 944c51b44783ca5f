//! Ordinary requests to the standalone emulator while it is held by idle and half-sent connections, under a desktop's
//! limit of 1,024 open files: `cargo bench --bench emulator_connections` (Linux, needs `prlimit` from util-linux).
//! Starts `prlimit --nofile=1024:1024 bankfeeds-onboard emulator --listen 127.0.0.1:0` (the binary cargo built for the
//! bench, or `BANKFEEDS_BINARY`), opens `EMULATOR_CONNECTIONS_IDLE` (default 1,100) idle connections and
//! `EMULATOR_CONNECTIONS_HALF_SENT` (default 20) requests sent by halves, then sends `EMULATOR_CONNECTIONS_REQUESTS`
//! (default 50) `GET /api/v1/banks?primaryCountry=GBR`, one at a time, each on a new connection with a 3-second
//! timeout, and prints their latencies: the target is every one answered, within a second.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bankfeeds_onboard::config::TEST_PRODUCT_ID;

/// The open-file limit the emulator runs under.
const FILE_LIMIT: u32 = 1_024;

fn main() {
    let idle = setting("EMULATOR_CONNECTIONS_IDLE", 1_100);
    let half_sent = setting("EMULATOR_CONNECTIONS_HALF_SENT", 20);
    let requests = setting("EMULATOR_CONNECTIONS_REQUESTS", 50).max(1);
    let mut emulator = start();
    let addr = emulator.1;
    let mut held = Vec::with_capacity(idle + half_sent);
    for _ in 0..idle {
        held.push(TcpStream::connect(addr).expect("the kernel accepts the connection"));
    }
    for _ in 0..half_sent {
        let mut stream = TcpStream::connect(addr).expect("the kernel accepts the connection");
        stream.write_all(b"POST /sts/api/v1/requestToken HTTP/1.1\r\nHost: emulator\r\nContent-Le").expect("sent");
        held.push(stream);
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .pool_max_idle_per_host(0)
        .build()
        .expect("an HTTP client");
    let mut latencies = Vec::with_capacity(requests);
    let mut unanswered = 0;
    for _ in 0..requests {
        let sent = Instant::now();
        let answered = runtime.block_on(async {
            let response = client
                .get(format!("http://{addr}/api/v1/banks?primaryCountry=GBR"))
                .header("X-Application", TEST_PRODUCT_ID)
                .send()
                .await;
            response.is_ok_and(|response| response.status() == 200)
        });
        if answered {
            latencies.push(sent.elapsed());
        } else {
            unanswered += 1;
        }
    }
    drop(held);
    if emulator.0.kill().is_ok() {
        emulator.0.wait().ok();
    }
    latencies.sort_unstable();
    let millis = |latency: Option<&Duration>| latency.map_or(f64::NAN, |latency| latency.as_secs_f64() * 1_000.0);
    let (p50, max) = (millis(latencies.get(latencies.len() / 2)), millis(latencies.last()));
    println!(
        "emulator under {FILE_LIMIT} open files, {idle} idle and {half_sent} half-sent connections held: {requests} \
         ordinary requests, {unanswered} unanswered within 3 s; latency p50 {p50:.1} ms, max {max:.1} ms"
    );
    println!("figure: emulator requests unanswered beside {idle} idle connections = {unanswered} budget <= 0");
    println!("figure: emulator request latency beside {idle} idle connections, max (ms) = {max:.1} budget <= 1000");
}

/// A count from the environment variable `name`, or `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |value| value.parse().expect("a whole number"))
}

/// Starts the emulator under [`FILE_LIMIT`] open files; the process and the address its banner names.
fn start() -> (Child, SocketAddr) {
    let binary =
        std::env::var("BANKFEEDS_BINARY").unwrap_or_else(|_| env!("CARGO_BIN_EXE_bankfeeds-onboard").to_owned());
    let mut child = Command::new("prlimit")
        .arg(format!("--nofile={FILE_LIMIT}:{FILE_LIMIT}"))
        .arg(binary)
        .args(["emulator", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("prlimit (util-linux) starts the emulator");
    let stdout = child.stdout.take().expect("its standard output");
    let addr = BufReader::new(stdout)
        .lines()
        .map(|line| line.expect("a banner line"))
        .find_map(|line| line.strip_prefix("Sage Banking Service emulator, listening on ").map(str::to_owned))
        .expect("the banner names the address");
    (child, addr.trim().parse().expect("an address"))
}
