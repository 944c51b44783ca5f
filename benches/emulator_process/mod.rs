//! The standalone emulator process the load benches drive (`bankfeeds-onboard emulator --listen 127.0.0.1:0`, the
//! binary cargo built for the bench or `BANKFEEDS_BINARY`), and its memory as Linux reports it in `/proc/PID/status`.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use bankfeeds_onboard::config::Endpoints;
use url::Url;

/// The standalone emulator process, killed when dropped.
pub struct Emulator {
    child: Child,
    /// Both service roots, read from its banner.
    pub endpoints: Endpoints,
}

/// The emulator's resident memory at one moment, in MB (10^6 bytes).
#[derive(Clone, Copy, Debug)]
pub struct Memory {
    /// The peak resident set size so far (`VmHWM`).
    pub peak: f64,
    /// The resident set size now (`VmRSS`).
    pub now: f64,
}

impl Emulator {
    /// Starts it on a free loopback port with `args` added, and reads both service roots from what it prints.
    pub fn start(args: &[&str]) -> Self {
        let binary =
            std::env::var("BANKFEEDS_BINARY").unwrap_or_else(|_| env!("CARGO_BIN_EXE_bankfeeds-onboard").to_owned());
        let mut child = Command::new(&binary)
            .args(["emulator", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator starts");
        let stdout = child.stdout.take().expect("its standard output");
        let (mut banking, mut token_service) = (None, None);
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("a line of the banner");
            let root = || Url::parse(line.split_whitespace().last().expect("a URL")).expect("a service root");
            if line.starts_with("Banking Service:") {
                banking = Some(root());
            } else if line.starts_with("Token Service:") {
                token_service = Some(root());
            }
            if banking.is_some() && token_service.is_some() {
                break;
            }
        }
        let endpoints = Endpoints {
            banking: banking.expect("the banner names the Banking Service"),
            token_service: token_service.expect("the banner names the Token Service"),
        };
        Self { child, endpoints }
    }

    /// Its peak and current resident memory, from `/proc/PID/status` (Linux only).
    pub fn memory(&self) -> Memory {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status of the emulator (Linux)");
        let kilobytes = |field: &str| -> f64 {
            let line = status.lines().find(|line| line.starts_with(field)).expect("the field is reported");
            let value: u32 = line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).expect("a count of kB");
            f64::from(value) * 1024.0 / 1e6
        };
        Memory { peak: kilobytes("VmHWM:"), now: kilobytes("VmRSS:") }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if self.child.kill().is_ok() {
            self.child.wait().ok();
        }
    }
}
