//! The support bundle: one zip file, made in memory, that a person attaches to a support ticket. It holds a
//! `README.txt` saying what each file is, the session's facts (`session.json`), its exchanges as HAR 1.2
//! (`session.har`), its timeline as Markdown (`timeline.md`) and the last lines logged (`recent.log`). Every part is
//! built from what is already redacted; this file adds nothing of its own but the README, and masks any card number
//! in the facts and the log lines to its last four digits.

use std::io::{Cursor, Write as _};
use std::sync::Arc;

use jiff::tz::TimeZone;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::facts::SessionFacts;
use super::har::har;
use super::timeline::Timeline;
use super::transcript::transcript;
use crate::api::card_number::mask_card_numbers;
use crate::api::exchange::Exchange;

/// The files of a bundle, in the order they are written.
pub const BUNDLE_FILES: [&str; 5] = ["README.txt", "session.json", "session.har", "timeline.md", "recent.log"];

/// Why a support bundle could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// A part could not be written as JSON.
    #[error("The support bundle could not be made: {part} could not be written as JSON ({source}).")]
    Json {
        /// Which file.
        part: &'static str,
        /// What serde said.
        source: serde_json::Error,
    },
    /// The zip file could not be put together.
    #[error("The support bundle could not be made: the zip file could not be put together ({0}).")]
    Zip(#[from] zip::result::ZipError),
    /// A file could not be written into the zip file.
    #[error("The support bundle could not be made: a file could not be written into it ({0}).")]
    Write(#[from] std::io::Error),
}

/// The support bundle of a session, as the bytes of a zip file: the facts, the exchanges as HAR, the timeline as a
/// transcript and `recent_log` (the last lines logged), with a README.
pub fn support_bundle(
    facts: &SessionFacts,
    exchanges: &[Arc<Exchange>],
    timeline: &Timeline,
    recent_log: &str,
) -> Result<Vec<u8>, BundleError> {
    let facts_json =
        serde_json::to_string_pretty(facts).map_err(|source| BundleError::Json { part: "session.json", source })?;
    let facts_json = mask_card_numbers(&facts_json);
    let har_json = har(exchanges).to_json().map_err(|source| BundleError::Json { part: "session.har", source })?;
    let log_text = if recent_log.is_empty() { "Nothing was logged in this session.\n" } else { recent_log };
    let log_text = mask_card_numbers(log_text);
    let readme_text = readme(facts, exchanges.len(), timeline.len());
    let transcript_text = transcript(timeline, facts);
    let parts: [&[u8]; 5] =
        [readme_text.as_bytes(), facts_json.as_bytes(), &har_json, transcript_text.as_bytes(), log_text.as_bytes()];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip_time(facts.collected_at));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, contents) in BUNDLE_FILES.into_iter().zip(parts) {
        zip.start_file(name, options)?;
        zip.write_all(contents)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The README: what the bundle is, what each file holds, and that secrets were redacted.
fn readme(facts: &SessionFacts, exchanges: usize, entries: usize) -> String {
    format!(
        "Support bundle of a bankfeeds-onboard session\n\
         =============================================\n\
         \n\
         Made at {made} UTC by bankfeeds-onboard {version} on {os} ({arch}).\n\
         \n\
         session.json  The session's facts: the app's version, the operating system, the environment, the Banking\n\
         \x20             Service's address, the product, the step shown, how many organisations are onboarded.\n\
         session.har   The session's HTTP exchanges ({exchanges}) as HAR 1.2. Open it in a browser's developer tools\n\
         \x20             (Network panel, Import HAR) or any HAR viewer. Signed calls carry their nonce and\n\
         \x20             signature base string in `_signing`; calls that got no answer have status 0 and the\n\
         \x20             reason in `_error`.\n\
         timeline.md   The session's timeline ({entries}) in words, with UTC times (Markdown).\n\
         recent.log    The last lines the program logged.\n\
         \n\
         Secrets were redacted before anything here was kept: signing keys, JWTs, Authorization values, captcha\n\
         answers and the query of single-use URLs (poll routes, the bank's page) read [redacted], and card numbers\n\
         show only their last four digits (****1234). Everything else sent and received is here as it was, so read\n\
         it before sharing it beyond your support contact.\n",
        made = facts.collected_at.strftime("%Y-%m-%d %H:%M:%S"),
        exchanges = counted(exchanges, "exchange", "exchanges"),
        entries = counted(entries, "entry", "entries"),
        version = facts.app_version,
        os = facts.os,
        arch = facts.arch,
    )
}

/// `count` with its noun: "1 entry", "2 entries".
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `at` as a zip file's modification time (UTC; zip keeps two-second steps from 1980 to 2107), or 1980-01-01 when
/// outside that range.
fn zip_time(at: jiff::Timestamp) -> DateTime {
    let civil = at.to_zoned(TimeZone::UTC).datetime();
    let part = |value: i8| u8::try_from(value).unwrap_or_default();
    u16::try_from(civil.year())
        .ok()
        .and_then(|year| {
            DateTime::from_date_and_time(
                year,
                part(civil.month()),
                part(civil.day()),
                part(civil.hour()),
                part(civil.minute()),
                part(civil.second()),
            )
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
