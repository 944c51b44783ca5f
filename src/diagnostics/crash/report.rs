//! `CrashReport`: what a crash report says (the app's version, the OS, the thread, where it panicked, the message and
//! a backtrace), every part scrubbed when the report is made; and its file, `crash-<UTC stamp>.txt`, written
//! atomically, owner-only, under a name no file had yet. Must not import egui, tokio or keyring.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::scrub::scrub;
use crate::store::{FreeNameError, write_under_free_name};

/// How crash reports' file names begin.
pub const CRASH_FILE_PREFIX: &str = "crash-";

/// How many numbered names are tried before giving up (`crash-<stamp>-2.txt` to `-99`).
const NAMES_TRIED: u32 = 99;

/// A crash report whose every part has passed through the scrubber: it can be written, printed and sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrashReport {
    thread: String,
    location: String,
    message: String,
    backtrace: String,
}

impl CrashReport {
    /// A report of a panic on `thread` at `location` (`file:line:column`) saying `message`, with a backtrace; each
    /// part is scrubbed here, before anything can keep it.
    #[must_use]
    pub fn new(thread: &str, location: &str, message: &str, backtrace: &str) -> Self {
        Self { thread: scrub(thread), location: scrub(location), message: scrub(message), backtrace: scrub(backtrace) }
    }

    /// Where the panic happened (`file:line:column`), scrubbed.
    #[must_use]
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The panic's message, scrubbed.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The report as text, as of `at`.
    #[must_use]
    pub fn render(&self, at: Timestamp) -> String {
        let message = indent(&self.message);
        let backtrace = indent(&self.backtrace);
        format!(
            "bankfeeds-onboard crash report\n\
             This report holds no signing key, access token or captcha answer: anything shaped like one was replaced \
             by [redacted].\n\n\
             App version: {version}\n\
             OS: {os} ({arch})\n\
             Time (UTC): {at}\n\
             Thread: {thread}\n\
             Location: {location}\n\n\
             Message:\n{message}\n\n\
             Backtrace:\n{backtrace}\n",
            version = env!("CARGO_PKG_VERSION"),
            os = std::env::consts::OS,
            arch = std::env::consts::ARCH,
            at = at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            thread = self.thread,
            location = self.location,
        )
    }
}

/// Each line of `text` indented by two spaces.
fn indent(text: &str) -> String {
    text.lines().map(|line| format!("  {line}")).collect::<Vec<_>>().join("\n")
}

/// Why a crash report was not written; each sentence says what happened.
#[derive(Debug, thiserror::Error)]
pub enum CrashFileError {
    /// The folder could not be created or a name in it could not be claimed.
    #[error("{} could not be created ({source})", path.display())]
    Create {
        /// The folder or file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Every name tried was taken.
    #[error("the folder {} already holds {NAMES_TRIED} crash reports of this second", .0.display())]
    NoFreeName(PathBuf),
    /// The report could not be written.
    #[error("{} could not be written ({source})", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// The file name of a crash report made at `at`, numbered from 2 on: `crash-20261122-103000.txt`,
/// `crash-20261122-103000-2.txt`.
#[must_use]
pub fn crash_file_name(at: Timestamp, number: u32) -> String {
    let stamp = at.strftime("%Y%m%d-%H%M%S");
    if number < 2 {
        format!("{CRASH_FILE_PREFIX}{stamp}.txt")
    } else {
        format!("{CRASH_FILE_PREFIX}{stamp}-{number}.txt")
    }
}

/// Writes `report` as of `at` into `folder` (created when missing), owner-only, under a name no file had yet;
/// returns where. The file appears whole or not at all.
pub fn write_crash_file(folder: &Path, report: &CrashReport, at: Timestamp) -> Result<PathBuf, CrashFileError> {
    std::fs::create_dir_all(folder).map_err(|source| CrashFileError::Create { path: folder.to_owned(), source })?;
    let name = |number| crash_file_name(at, number);
    write_under_free_name(folder, NAMES_TRIED, name, report.render(at).as_bytes()).map_err(|error| match error {
        FreeNameError::NoFreeName => CrashFileError::NoFreeName(folder.to_owned()),
        FreeNameError::Claim { path, source } => CrashFileError::Create { path, source },
        FreeNameError::Write { path, source } => CrashFileError::Write { path, source },
    })
}
