//! The real `bankfeeds-onboard emulator` process under a desktop's limit of 1,024 open files (`prlimit` from
//! util-linux), held by 1,100 idle connections and a few half-sent requests: every ordinary request is still answered,
//! because the server sheds its longest-idle connection at its cap and closes half-sent ones. Latencies are printed,
//! not asserted (`cargo bench --bench emulator_connections` prints them as figures); the client gives each request a
//! few seconds, which a server that ran out of files never meets. Needs `prlimit`: ignored by a plain `cargo test`,
//! run by `scripts/test` where it is installed.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bankfeeds_onboard::config::TEST_PRODUCT_ID;

/// The open-file limit the emulator runs under: a desktop's usual default.
const FILE_LIMIT: u32 = 1_024;
/// Idle connections opened and kept (more than the file limit).
const IDLE: usize = 1_100;
/// Requests left half-sent: a request line and part of a header, never finished.
const HALF_SENT: usize = 20;
/// Ordinary requests sent while they are all held.
const ORDINARY: usize = 20;
/// How long the client waits for each ordinary answer.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(3);

/// The emulator process, killed when dropped.
struct Emulator {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if self.child.kill().is_ok() {
            self.child.wait().ok();
        }
    }
}

/// This test's own soft limit on open files, raised up to its hard limit when it is too low for the connections it
/// holds (a test process on a desktop starts at 1,024 too).
fn make_room_for_connections(needed: u64) {
    let limits = std::fs::read_to_string("/proc/self/limits").expect("/proc/self/limits (Linux)");
    let line = limits.lines().find(|line| line.starts_with("Max open files")).expect("the open-files line");
    let numbers: Vec<u64> = line.split_whitespace().filter_map(|word| word.parse().ok()).collect();
    let (soft, hard) = (numbers[0], numbers[1]);
    if soft >= needed {
        return;
    }
    assert!(hard >= needed, "this test holds {needed} connections but may open only {hard} files");
    let status = Command::new("prlimit")
        .args(["--pid", &std::process::id().to_string(), &format!("--nofile={hard}:{hard}")])
        .status()
        .expect("prlimit runs");
    assert!(status.success(), "prlimit raised this test's own limit");
}

/// Starts the emulator alone, under [`FILE_LIMIT`] open files, and reads its address from its banner.
fn start_emulator() -> Emulator {
    let mut child = Command::new("prlimit")
        .arg(format!("--nofile={FILE_LIMIT}:{FILE_LIMIT}"))
        .arg(env!("CARGO_BIN_EXE_bankfeeds-onboard"))
        .args(["emulator", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let stdout = child.stdout.take().expect("its standard output");
    let mut banner = BufReader::new(stdout).lines().map(|line| line.expect("a banner line"));
    let addr = banner
        .find_map(|line| line.strip_prefix("Sage Banking Service emulator, listening on ").map(str::to_owned))
        .expect("the banner names the address");
    Emulator { child, addr: addr.trim().parse().expect("an address") }
}

/// One ordinary request on a new connection: `GET /api/v1/banks?primaryCountry=GBR`; its status and latency.
async fn ordinary_request(client: &reqwest::Client, addr: SocketAddr) -> (Result<u16, String>, Duration) {
    let sent = Instant::now();
    let answer = client
        .get(format!("http://{addr}/api/v1/banks?primaryCountry=GBR"))
        .header("X-Application", TEST_PRODUCT_ID)
        .send()
        .await
        .map(|response| response.status().as_u16())
        .map_err(|error| format!("{error:?}"));
    (answer, sent.elapsed())
}

#[test]
#[ignore = "needs prlimit (util-linux); scripts/test runs it where it is installed"]
fn under_a_desktop_file_limit_ordinary_requests_are_answered_beside_1100_idle_and_half_sent_connections() {
    crate::support::require_tools(&["prlimit"], "install util-linux");
    make_room_for_connections(u64::try_from(IDLE + HALF_SENT + ORDINARY + 200).expect("small"));
    let emulator = start_emulator();
    let mut held = Vec::with_capacity(IDLE + HALF_SENT);
    for _ in 0..IDLE {
        held.push(TcpStream::connect(emulator.addr).expect("the kernel accepts the connection"));
    }
    for _ in 0..HALF_SENT {
        let mut stream = TcpStream::connect(emulator.addr).expect("the kernel accepts the connection");
        stream.write_all(b"POST /sts/api/v1/requestToken HTTP/1.1\r\nHost: emulator\r\nContent-Le").expect("sent");
        held.push(stream);
    }

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let client =
        reqwest::Client::builder().timeout(CLIENT_TIMEOUT).pool_max_idle_per_host(0).build().expect("an HTTP client");
    let mut answers = Vec::with_capacity(ORDINARY);
    for _ in 0..ORDINARY {
        answers.push(runtime.block_on(ordinary_request(&client, emulator.addr)));
    }
    let mut latencies: Vec<Duration> = answers.iter().map(|(_, latency)| *latency).collect();
    latencies.sort_unstable();
    eprintln!(
        "{ORDINARY} ordinary requests beside {IDLE} idle and {HALF_SENT} half-sent connections, under {FILE_LIMIT} \
         open files: latencies {:?} (slowest {:?})",
        latencies.iter().map(|latency| format!("{:.1} ms", latency.as_secs_f64() * 1_000.0)).collect::<Vec<_>>(),
        latencies.last()
    );
    let failed: Vec<&(Result<u16, String>, Duration)> =
        answers.iter().filter(|(answer, _)| answer.as_ref().ok() != Some(&200)).collect();
    assert!(failed.is_empty(), "{} of {ORDINARY} requests not answered 200: {failed:?}", failed.len());
    drop(held);
}
