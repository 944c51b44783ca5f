//! The panic hook: on any panic, a crash report whose every part went through the scrubber (`scrub.rs`) is written
//! to the data folder (`report.rs`), one `tracing` error names where it panicked and where the report is, and a short
//! sentence on stderr tells the person what to do. It replaces the default hook (which prints the raw message) and
//! chains nothing. It must never panic itself: a report that cannot be written is said on stderr. Must not import
//! egui, tokio or keyring.

mod report;
mod scrub;

use std::backtrace::Backtrace;
use std::io::Write as _;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use jiff::Timestamp;

pub use report::CRASH_FILE_PREFIX;
use report::{CrashFileError, CrashReport, write_crash_file};
pub use scrub::scrub;

/// Replaces the panic hook for the whole process: each panic writes a scrubbed crash report into `data_dir` (the
/// system's temporary folder when there is none) and says so on stderr. Call it once, as early as the data folder is
/// known.
pub fn install(data_dir: Option<PathBuf>) {
    let folder = data_dir.unwrap_or_else(std::env::temp_dir);
    std::panic::set_hook(Box::new(move |info| report_panic(&folder, info)));
}

/// The hook itself: scrub, write, log, tell.
fn report_panic(folder: &Path, info: &PanicHookInfo<'_>) {
    let report = report_of(info);
    let at = Timestamp::try_from(SystemTime::now()).unwrap_or(Timestamp::UNIX_EPOCH);
    let written = write_crash_file(folder, &report, at);
    match &written {
        Ok(path) => tracing::error!(
            location = report.location(),
            report = %path.display(),
            "the program panicked; its crash report is written"
        ),
        Err(error) => tracing::error!(
            location = report.location(),
            "the program panicked; its crash report could not be written: {error}"
        ),
    }
    // Writing to stderr may fail (a closed terminal); the hook must not panic about it.
    writeln!(std::io::stderr().lock(), "\n{}", words_for_people(&report, &written)).ok();
}

/// The scrubbed report of the panic `info` describes, on the current thread, with a backtrace.
fn report_of(info: &PanicHookInfo<'_>) -> CrashReport {
    let message = info.payload_as_str().unwrap_or("(the panic carried no message)");
    let location = info.location().map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
    let thread = std::thread::current();
    let thread = thread.name().unwrap_or("unnamed");
    CrashReport::new(thread, &location, message, &Backtrace::force_capture().to_string())
}

/// What the person reads on stderr: what happened, where the report is, that it holds no key, what to do.
#[must_use]
fn words_for_people(report: &CrashReport, written: &Result<PathBuf, CrashFileError>) -> String {
    let restart = "If the program closed, start it again: your progress is saved, and the wizard resumes where you \
                   were.";
    match written {
        Ok(path) => format!(
            "bankfeeds-onboard hit an internal error at {location}. A crash report is in {path}; it holds no signing \
             key or access token, so it is safe to send: please send it to Sage support. {restart}",
            location = report.location(),
            path = path.display(),
        ),
        Err(error) => format!(
            "bankfeeds-onboard hit an internal error at {location}, and its crash report could not be written \
             ({error}). Please tell Sage support what you were doing and quote this: \"{message}\". {restart}",
            location = report.location(),
            message = report.message(),
        ),
    }
}

#[cfg(test)]
mod tests;
