//! The fuzz corpus (`fuzz/corpus/<target>/`) replayed through the same checks as the fuzz targets, so every input the
//! fuzzers kept, and every crash they found, is read again by `cargo test`; and the inputs the fuzzers found broken.

use std::path::{Path, PathBuf};

use super::checks::{Decoder, check, framed};
use super::{RawAnswer, json, no_content, poll, redirect};
use crate::api::error::ApiError;
use crate::api::models::{IndirectLink, PollAnswer};
use crate::api::signing;

/// The fuzz target of the signer, beside the decoders'.
const SIGNING_TARGET: &str = "signing";

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join("corpus")
}

/// The files of one target's corpus directory; the test fails when it is missing or empty.
fn corpus_files(target: &str) -> Vec<PathBuf> {
    let dir = corpus_root().join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries.map(|entry| entry.expect("a directory entry").path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty: the replay would prove nothing", dir.display());
    files
}

#[test]
fn every_corpus_input_keeps_the_decoders_properties() {
    let mut replayed = 0;
    for decoder in Decoder::ALL {
        for file in corpus_files(decoder.target()) {
            let data = std::fs::read(&file).expect("a corpus file");
            if let Err(violation) = check(decoder, &data) {
                panic!("{}: {violation}", file.display());
            }
            replayed += 1;
        }
    }
    assert!(replayed >= Decoder::ALL.len());
}

#[test]
fn every_corpus_input_keeps_the_signers_properties() {
    for file in corpus_files(SIGNING_TARGET) {
        let data = std::fs::read(&file).expect("a corpus file");
        if let Err(violation) = signing::checks::check(&data) {
            panic!("{}: {violation}", file.display());
        }
    }
}

#[test]
fn every_corpus_directory_is_a_known_target() {
    let entries = std::fs::read_dir(corpus_root()).expect("fuzz/corpus exists");
    for entry in entries {
        let name = entry.expect("a directory entry").file_name().to_string_lossy().into_owned();
        assert!(name == SIGNING_TARGET || Decoder::from_target(&name).is_some(), "fuzz/corpus/{name} is no target");
    }
}

fn answer(status: u16, body: &str) -> RawAnswer<'_> {
    RawAnswer { endpoint: "GET x", status, retry_after: None, body: body.as_bytes() }
}

impl<'a> RawAnswer<'a> {
    fn with_body(self, body: &'a [u8]) -> Self {
        RawAnswer { body, ..self }
    }
}

#[test]
fn the_entry_points_read_as_the_client_does() {
    let link = r#"{"redirect":"https://agg.test/p?s=1","pollRoute":"https://h/poll/1?sig=2","pollPeriod":5000}"#;
    assert_eq!(redirect::<IndirectLink>(answer(302, link)).expect("a 302 is the answer").poll_period, 5000);
    assert_matches!(json::<IndirectLink>(answer(302, link)), Err(ApiError::Status { status: 302, .. }));
    let pending = poll(answer(202, r#"{"pollRoute":"https://h/poll/2","pollPeriod":10}"#)).expect("pending");
    assert_matches!(pending, PollAnswer::Pending(_));
    assert_eq!(poll(answer(200, r#"{"account":null,"success":false}"#)).expect("over"), PollAnswer::NotLinked);
    assert_matches!(poll(answer(200, r#"{"account":null,"success":true}"#)), Err(ApiError::Decode { .. }));
    assert!(no_content(answer(204, "")).is_ok());
    let limited = RawAnswer { retry_after: Some(b" 7 "), ..answer(429, r#"{"code":"rateLimited","message":"m"}"#) };
    assert_matches!(no_content(limited), Err(ApiError::Status { retry_after: Some(7), .. }));
}

#[test]
fn the_framing_reads_a_status_line_or_takes_the_whole_input() {
    let limited = framed("e", b"429 7\n{}");
    assert_eq!((limited.status, limited.retry_after, limited.body), (429, Some(&b"7"[..]), &b"{}"[..]));
    let plain = framed("e", b"{\"a\":\n1}");
    assert_eq!((plain.status, plain.body), (200, &b"{\"a\":\n1}"[..]));
}

#[test]
fn a_secret_field_named_with_escapes_stays_out_of_an_error() {
    let body = br#"{"tok\u0065n":"SECRETSECRET","message":"m"}"#;
    for status in [200, 500] {
        let error = json::<crate::api::models::AccessToken>(RawAnswer { status, ..answer(200, "") }.with_body(body));
        let error = error.expect_err("no jwt");
        assert!(!format!("{error} {error:?}").contains("SECRETSECRET"), "{error:?}");
    }
    let framed_input = [&b"500\n"[..], body].concat();
    assert_eq!(check(Decoder::ErrorBody, &framed_input), Ok(()));
}

#[test]
fn a_finished_polls_reason_is_read_tolerantly_and_written_only_when_there_is_one() {
    use crate::api::assumed::UnlinkedReason;
    use crate::api::models::PollFinished;
    let expired = r#"{"account":null,"success":false,"reason":"expired"}"#;
    let read = json::<PollFinished>(answer(200, expired)).expect("reads");
    assert_eq!(read.reason, Some(UnlinkedReason::Expired));
    assert_eq!(poll(answer(200, expired)).expect("over"), PollAnswer::Expired);
    for other in [r#"{"account":null,"success":false}"#, r#"{"account":null,"success":false,"reason":["x"]}"#] {
        let read = json::<PollFinished>(answer(200, other)).expect("a reason never stops the reading");
        assert_eq!(read.reason, None, "{other}");
        assert_eq!(poll(answer(200, other)).expect("over"), PollAnswer::NotLinked, "still could not link");
    }
    let declined = PollFinished { account: None, success: false, reason: None };
    assert_eq!(serde_json::to_string(&declined).expect("writes"), r#"{"account":null,"success":false}"#);
    let over = PollFinished { reason: Some(UnlinkedReason::Expired), ..declined };
    assert_eq!(serde_json::to_string(&over).expect("writes"), expired);
}
