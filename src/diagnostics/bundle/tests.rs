//! The support bundle read back: exactly its five files, each non-empty, the HAR valid, the facts as given.

use std::io::{Cursor, Read as _};
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use zip::ZipArchive;

use super::*;
use crate::api::exchange::{Body, Response};
use crate::diagnostics::{EntryKind, check_har_structure};

fn at() -> Timestamp {
    "2026-11-22T10:30:07Z".parse().expect("a time")
}

fn exchange(status: Option<u16>) -> Arc<Exchange> {
    Arc::new(Exchange {
        id: 1,
        started_at: at(),
        duration: Duration::from_millis(12),
        method: "GET".to_owned(),
        url: "http://127.0.0.1:1/api/v1/banks".to_owned(),
        path: "/api/v1/banks".to_owned(),
        request_headers: Vec::new(),
        request_body: Body::default(),
        response: status.map(|status| Response { status, headers: Vec::new(), body: Body::default() }),
        failure: status.is_none().then(|| "timed out".to_owned()),
        signing: None,
    })
}

/// Every file of `bundle`, by name, in the zip's order.
fn unzip(bundle: Vec<u8>) -> Vec<(String, String, zip::DateTime)> {
    let mut archive = ZipArchive::new(Cursor::new(bundle)).expect("a zip file");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("a file");
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 text");
            (file.name().expect("a name").into_owned(), text, file.last_modified().unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_bundle_unzips_to_its_five_files_each_with_content() {
    let mut facts = SessionFacts::here(at(), "Local emulator", "Choose a bank");
    facts.organisations_onboarded = 1;
    let mut timeline = Timeline::new();
    timeline.note(at(), EntryKind::Action, "Pressed Continue");
    let bundle =
        support_bundle(&facts, &[exchange(Some(200)), exchange(None)], &timeline, "INFO started\n").expect("a bundle");
    let files = unzip(bundle);
    let names: Vec<&str> = files.iter().map(|(name, ..)| name.as_str()).collect();
    assert_eq!(names, BUNDLE_FILES);
    for (name, text, modified) in &files {
        assert!(!text.trim().is_empty(), "{name} is empty");
        assert_eq!((modified.year(), modified.month(), modified.day(), modified.hour()), (2026, 11, 22, 10), "{name}");
    }
    let text = |name: &str| files.iter().find(|(file, ..)| file == name).map(|(_, text, _)| text.as_str()).expect(name);
    let har: serde_json::Value = serde_json::from_str(text("session.har")).expect("JSON");
    assert_eq!(check_har_structure(&har), Ok(()));
    assert_eq!(har["log"]["entries"].as_array().map(Vec::len), Some(2));
    let read_back: SessionFacts = serde_json::from_str(text("session.json")).expect("the facts");
    assert_eq!(read_back, facts);
    assert!(text("timeline.md").contains("| action | Pressed Continue |"));
    assert_eq!(text("recent.log"), "INFO started\n");
    let readme = text("README.txt");
    assert!(
        readme.contains("redacted") && readme.contains("HTTP exchanges (2 exchanges)") && readme.contains("(1 entry)"),
        "{readme}"
    );
    for name in &BUNDLE_FILES[1..] {
        assert!(readme.contains(name), "the README names {name}");
    }
}

#[test]
fn an_empty_session_still_makes_a_bundle_of_five_files_with_content() {
    let facts = SessionFacts::here(at(), "Local emulator", "Choose an environment");
    let files = unzip(support_bundle(&facts, &[], &Timeline::new(), "").expect("a bundle"));
    assert_eq!(files.len(), BUNDLE_FILES.len());
    assert!(files.iter().all(|(_, text, _)| !text.trim().is_empty()));
    assert!(files[0].1.contains("Made at 2026-11-22 10:30:07 UTC") && files[0].1.contains("(0 exchanges)"));
}

#[test]
fn a_time_outside_what_zip_can_hold_falls_back_to_1980() {
    assert_eq!(zip_time(Timestamp::UNIX_EPOCH), DateTime::default());
    let held = zip_time(at());
    assert_eq!((held.minute(), held.second()), (30, 6), "zip keeps two-second steps");
}

#[test]
fn no_file_of_the_bundle_holds_a_whole_card_number_and_account_numbers_stay_whole() {
    let card = crate::emulator::banks::candidates::emulator_bank_card_number();
    let facts = SessionFacts::here(at(), "Local emulator", "More accounts");
    let mut timeline = Timeline::new();
    timeline.note(at(), EntryKind::Answer, format!("Linked \"Card {card}\" (sort code 12-34-56, account 12345678)"));
    let mut listing = (*exchange(Some(200))).clone();
    let text =
        format!(r#"[{{"accountIdentifier":"{card}","bankIdentifier":"12-34-56"}},{{"accountIdentifier":"12345678"}}]"#);
    listing.response =
        Some(Response { status: 200, headers: Vec::new(), body: Body { size: text.len(), text, cut: false } });
    let log = format!("WARN call failed: HTTP 200 with an unreadable body ({{\"accountIdentifier\":\"{card}\"}})\n");
    let bundle = support_bundle(&facts, &[Arc::new(listing)], &timeline, &log).expect("a bundle");
    let masked = format!("****{}", &card[12..]);
    for (name, text, _) in unzip(bundle) {
        assert!(!text.contains(&card), "the whole card number is in the bundle's {name}");
        if name != "README.txt" && name != "session.json" {
            assert!(text.contains(&masked), "{name} shows the card by its last four digits: {text}");
        }
        if name == "session.har" || name == "timeline.md" {
            assert!(text.contains("12-34-56") && text.contains("12345678"), "{name} keeps the other numbers: {text}");
        }
    }
}
