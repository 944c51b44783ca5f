//! `headless` on a custom environment: the standalone emulator over HTTPS, trusted through the operating system's own
//! mechanism (`SSL_CERT_FILE` names its CA), once directly and once through a real HTTP CONNECT proxy (`HTTPS_PROXY`),
//! onboarding and linking to an active account; and without the CA, a sentence that names the certificate problem
//! and what to do, with nothing sent. Certificate checks are never switched off. Needs a Secret Service (and tinyproxy
//! for the proxy): ignored by a plain `cargo test`, run by `scripts/test` where they are installed.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::real_binary::{Running, first_page, headless, output_within, recording_browser};
use crate::support::require_secret_service;
use crate::tls_emulator::{Proxy, TLS_CAPTCHA, TlsEmulator, approve_consent_trusting};

/// `headless` on `emulator` as a custom environment, with no proxy unless the test names one.
fn headless_on(emulator: &TlsEmulator, data_dir: &Path) -> Command {
    let mut args = emulator.custom_environment_args().to_vec();
    args.extend(["--captcha-text", TLS_CAPTCHA, "--patience", "60"]);
    let mut command = headless(data_dir, &args);
    for proxy in
        ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"]
    {
        command.env_remove(proxy);
    }
    command
}

/// Walks onboarding and a link on `command`, approving the consent page over HTTPS; the summary line.
fn walk(mut command: Command, emulator: &TlsEmulator, browser_dir: &Path) -> String {
    recording_browser(&mut command, browser_dir);
    let mut walk = Running::start(command);
    walk.wait_for(|line| line.starts_with("link waiting"));
    let page = first_page(browser_dir);
    assert!(page.starts_with("https://127.0.0.1:"), "the bank's page is served over HTTPS too: {page}");
    assert_eq!(approve_consent_trusting(&page, &emulator.ca), 200);
    let summary = walk.wait_for(|line| line.starts_with("organisation "));
    assert!(walk.child.wait().expect("ends").success(), "{:?}", walk.seen);
    summary
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn headless_onboards_and_links_over_https_trusting_the_ca_named_by_ssl_cert_file() {
    require_secret_service();
    let emulator = TlsEmulator::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = headless_on(&emulator, &dir.path().join("data"));
    command.env("SSL_CERT_FILE", &emulator.ca);
    let summary = walk(command, &emulator, dir.path());
    assert!(summary.ends_with("accounts 1 active 1"), "{summary}");
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus) and tinyproxy; scripts/test runs it where they are installed"]
fn headless_onboards_and_links_over_https_through_a_connect_proxy() {
    require_secret_service();
    let emulator = TlsEmulator::start();
    let proxy = Proxy::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = headless_on(&emulator, &dir.path().join("data"));
    command.env("SSL_CERT_FILE", &emulator.ca).env("HTTPS_PROXY", &proxy.url);
    let summary = walk(command, &emulator, dir.path());
    assert!(summary.ends_with("accounts 1 active 1"), "{summary}");
    let log = proxy.log_text();
    let tunnel = format!("127.0.0.1:{}", emulator.port());
    let tunnels = log.lines().filter(|line| line.contains("CONNECT") && line.contains(&tunnel)).count();
    println!("tinyproxy logged {tunnels} CONNECT tunnels to {tunnel}");
    assert!(tunnels >= 1, "every call went through the proxy's tunnel; its log:\n{log}");
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn without_the_ca_headless_stops_with_a_sentence_that_names_the_certificate_problem_and_sends_nothing() {
    require_secret_service();
    let emulator = TlsEmulator::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = headless_on(&emulator, &dir.path().join("data"));
    command.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR");
    let (output, took) = output_within(command, Duration::from_mins(1));
    let all = String::from_utf8_lossy(&output.stderr);
    println!("without the CA, headless ended after {took:?}: {all}");
    assert!(!output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    // The log lines before it keep the TLS library's words for helpdesk; the sentence for the person is the last.
    let stderr = all.lines().find(|line| line.starts_with("error: ")).expect("a sentence after 'error: '");
    assert!(stderr.contains("the connection to the Token Service is not secure, so nothing was sent"), "{stderr}");
    assert!(stderr.contains("proxy") && stderr.contains("SSL_CERT_FILE"), "what to do: {stderr}");
    for raw in ["UnknownIssuer", "invalid peer certificate", "{ ", "Some("] {
        assert!(!stderr.contains(raw), "a sentence, not the TLS library's words ({raw}): {stderr}");
    }
}
