//! Tests of which addresses may be opened, the recorder, and that no opener sees a refused address.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

fn url(text: &str) -> Url {
    Url::parse(text).expect("a valid URL")
}

#[test]
fn only_https_and_http_on_this_computer_are_openable() {
    let table: &[(&str, bool)] = &[
        ("https://aggregator.example.com/consent?id=1", true),
        ("HTTPS://Example.COM", true),
        ("http://127.0.0.1:8080/consent", true),
        ("http://127.4.5.6/", true),
        ("http://localhost:3000/", true),
        ("http://LOCALHOST/", true),
        ("http://[::1]:8080/", true),
        ("http://[::ffff:127.0.0.1]/", true),
        ("http://example.com/", false),
        ("http://128.0.0.1/", false),
        ("http://10.0.0.1/", false),
        ("http://[::2]/", false),
        ("http://localhost.example.com/", false),
        ("http://0.0.0.0/", false),
        ("javascript:alert(1)", false),
        ("JavaScript:alert(1)", false),
        ("file:///etc/passwd", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("ftp://example.com/file", false),
        ("mailto:someone@example.com", false),
        ("chrome://settings", false),
        ("https://yourbank.com@elsewhere.example/", false),
        ("https://user:secret@example.com/", false),
    ];
    for &(address, openable) in table {
        assert_eq!(check_openable(&url(address)).is_ok(), openable, "{address}");
    }
}

#[test]
fn a_refusal_names_the_scheme_and_says_why() {
    let error = check_openable(&url("javascript:alert(1)")).expect_err("refused");
    assert_eq!(
        error,
        BrowserError::Refused {
            scheme: "javascript".to_owned(),
            why: "it would run a script instead of opening a page"
        }
    );
    assert_eq!(
        error.to_string(),
        "Did not open the javascript: address because it would run a script instead of opening a page. Check where the address came from"
    );
    let remote = check_openable(&url("http://example.com/")).expect_err("refused").to_string();
    assert!(remote.contains("only on this computer"), "{remote}");
    for (address, words) in [("file:///x", "a file"), ("data:,x", "its own content"), ("ftp://x/", "only web pages")] {
        let message = check_openable(&url(address)).expect_err("refused").to_string();
        assert!(message.contains(words), "{address}: {message}");
    }
}

#[test]
fn no_browser_tells_the_person_to_copy_the_address() {
    let message = BrowserError::NoBrowser("no display".to_owned()).to_string();
    assert_eq!(message, "Could not start a web browser (no display). Copy the address and open it in your browser");
}

#[test]
fn the_recorder_records_every_address_in_order_and_runs_its_callback() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let recorder = RecordingBrowser::with_callback(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
    });
    let shared = recorder.clone();
    open_checked(&recorder, &url("https://a.example/")).expect("opened");
    open_checked(&recorder, &url("http://127.0.0.1:1/b")).expect("opened");
    assert_eq!(shared.opened(), [url("https://a.example/"), url("http://127.0.0.1:1/b")]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(format!("{recorder:?}").contains("a.example"));
}

#[test]
fn a_recorder_without_a_browser_records_then_fails() {
    let recorder = RecordingBrowser::without_browser("no display");
    let error = open_checked(&recorder, &url("https://a.example/")).expect_err("no browser");
    assert_eq!(error, BrowserError::NoBrowser("no display".to_owned()));
    assert_eq!(recorder.opened().len(), 1);
}

#[test]
fn a_refused_address_never_reaches_the_opener() {
    let recorder = RecordingBrowser::with_callback(|url| panic!("the opener was called with {url}"));
    for address in ["javascript:alert(1)", "file:///etc/passwd", "http://example.com/", "data:,x"] {
        let error = open_checked(&recorder, &url(address)).expect_err("refused");
        assert_matches!(error, BrowserError::Refused { .. }, "{address}: {error:?}");
    }
    assert!(recorder.opened().is_empty());
}

#[test]
fn the_system_browser_refuses_by_itself_before_starting_anything() {
    for address in ["javascript:alert(1)", "file:///etc/passwd"] {
        let error = SystemBrowser.open(&url(address)).expect_err("refused");
        assert_matches!(error, BrowserError::Refused { .. }, "{address}: {error:?}");
    }
}
