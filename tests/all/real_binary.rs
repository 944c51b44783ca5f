//! Helpers for tests that run the real binary as separate processes: the headless mode with its lines arriving on a
//! channel, the window under Xvfb, a data folder's every file (bytes and modification time) to show that a refused
//! start touched nothing, and `kill -STOP`/`kill -9`.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use crate::support::eventually_within;

/// The app's binary.
pub const BINARY: &str = env!("CARGO_BIN_EXE_bankfeeds-onboard");

/// How long a headless line may take to come.
const LINE_PATIENCE: Duration = Duration::from_mins(1);

/// `bankfeeds-onboard headless` on `data_dir` with `args`; its browser opens nothing (nobody approves a link).
pub fn headless(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command.arg("headless").arg("--data-dir").arg(data_dir).args(args).env("RUST_LOG", "warn").env("BROWSER", "true");
    command
}

/// Gives `command` a browser that records each page it is given in `dir/urls` (see [`first_page`]).
pub fn recording_browser(command: &mut Command, dir: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let script = dir.join("browser.sh");
    let urls = dir.join("urls");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" >> '{}'\n", urls.display())).expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("executable");
    command.env("BROWSER", script);
}

/// The first page the [`recording_browser`] in `dir` was given, once it has been (the browser runs a moment after
/// the link's first line).
pub fn first_page(dir: &Path) -> String {
    let page = || std::fs::read_to_string(dir.join("urls")).ok()?.lines().next().map(str::to_owned);
    crate::support::eventually("a page given to the browser", page, String::new)
}

/// A headless run whose standard output lines arrive on a channel.
pub struct Running {
    /// The process.
    pub child: Child,
    lines: mpsc::Receiver<String>,
    /// Every line seen so far.
    pub seen: Vec<String>,
}

impl Running {
    /// Starts `command` with its standard output piped (standard error inherited).
    pub fn start(mut command: Command) -> Self {
        let mut child = command.stdout(Stdio::piped()).spawn().expect("the app starts");
        let stdout = child.stdout.take().expect("piped");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines, seen: Vec::new() }
    }

    /// Waits for a line that `wanted` accepts; fails with every line seen when none comes within [`LINE_PATIENCE`],
    /// or at once when the app's output ends first.
    pub fn wait_for(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        let Self { lines, seen, .. } = self;
        let seen = std::cell::RefCell::new(seen);
        // Each look reads every line come since the last one; an output that ended will never bring the line.
        let look = || loop {
            let line = match lines.try_recv() {
                Ok(line) => line,
                Err(mpsc::TryRecvError::Empty) => return None,
                Err(mpsc::TryRecvError::Disconnected) => {
                    panic!("the app's output ended before the line came; it printed: {:#?}", seen.borrow())
                }
            };
            seen.borrow_mut().push(line.clone());
            if wanted(&line) {
                return Some(line);
            }
        };
        eventually_within(LINE_PATIENCE, "the line this test waits for", look, || {
            format!("the app printed: {:#?}", seen.borrow())
        })
    }

    /// Sends `signal` (`STOP`, `CONT`, `KILL`) with `kill`.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status();
        assert!(status.expect("kill runs").success(), "kill -{signal}");
    }

    /// `kill -9`, and waits for the process to be gone.
    pub fn kill(mut self) {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Running {
    /// A failing test leaves no app running behind it.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() && self.child.kill().is_ok() {
            self.child.wait().ok();
        }
    }
}

/// Runs `command` to its end, or kills it after `limit`; its output, and how long it ran.
pub fn output_within(mut command: Command, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the app starts");
    while child.try_wait().expect("waits").is_none() && started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(50));
    }
    if child.try_wait().expect("waits").is_none() {
        child.kill().expect("killed after its limit");
    }
    (child.wait_with_output().expect("its output"), started.elapsed())
}

/// Every file and folder under `dir` (itself included): its path, its bytes (files) and its modification time.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut entries = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let modified = std::fs::metadata(&folder).and_then(|m| m.modified()).expect("folder mtime");
        entries.push((folder.clone(), Vec::new(), modified));
        for entry in std::fs::read_dir(&folder).expect("lists").map(|entry| entry.expect("entry")) {
            let metadata = entry.metadata().expect("metadata");
            if metadata.is_dir() {
                folders.push(entry.path());
            } else {
                let bytes = std::fs::read(entry.path()).expect("reads");
                entries.push((entry.path(), bytes, metadata.modified().expect("mtime")));
            }
        }
    }
    entries.sort();
    entries
}

/// The window (no subcommand) on `data_dir` under a fresh Xvfb (failing the test, saying what to install, where
/// `xvfb-run` or `xauth` is missing), closing itself after its first frame
/// (`BANKFEEDS_FIRST_FRAME=exit`); its output once it has ended, and how long it took.
pub fn window_first_frame(data_dir: &Path) -> (Output, Duration) {
    crate::support::require_tools(&["xvfb-run", "xauth"], "install Debian's xvfb and xauth");
    let started = Instant::now();
    let output = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1024x768x24", BINARY, "--data-dir"])
        .arg(data_dir)
        .env("BANKFEEDS_FIRST_FRAME", "exit")
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .env("RUST_LOG", "error")
        .output()
        .expect("xvfb-run runs");
    (output, started.elapsed())
}
