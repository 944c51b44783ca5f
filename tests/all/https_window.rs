//! The window (kittest) on a custom environment chosen with `--banking-service-url`: the standalone emulator over
//! HTTPS, trusted because `SSL_CERT_FILE` names its CA, from the first screen to an active bank account. The trust
//! store is read from the process's environment, so the walk runs in a child process of this test binary, started with
//! that environment by its parent.

use std::process::Command;

use bankfeeds_onboard::config::{CustomService, Environment};
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{BankList, BankStep, Step};

use crate::linking_ui::link_to_active;
use crate::onboarding_ui::{create_and_verify, walk_to_captcha};
use crate::support::{self, press, run_until};
use crate::tls_emulator::TlsEmulator;

/// The child test, as libtest names it.
const CHILD_TEST: &str = "https_window::child_walks_the_window_over_https";
/// The custom environment's two roots, given to the child.
const BANKING_VAR: &str = "BANKFEEDS_TEST_BANKING_SERVICE";
const TOKENS_VAR: &str = "BANKFEEDS_TEST_TOKEN_SERVICE";

#[test]
fn the_window_onboards_and_links_over_https_trusting_the_ca_named_by_ssl_cert_file() {
    let emulator = TlsEmulator::start();
    let mut child = Command::new(std::env::current_exe().expect("this test binary"));
    child
        .args(["--exact", CHILD_TEST, "--ignored", "--nocapture", "--test-threads=1"])
        .env(BANKING_VAR, &emulator.banking)
        .env(TOKENS_VAR, &emulator.token_service)
        .env("SSL_CERT_FILE", &emulator.ca)
        .env("RUST_LOG", "warn");
    for proxy in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        child.env_remove(proxy);
    }
    let output = child.output().expect("the child ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the walk in the window failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("1 passed"), "the child test ran: {stdout}");
}

#[test]
#[ignore = "run by its parent, https_window::the_window_onboards_and_links_over_https_trusting_the_ca_named_by_ssl_cert_file"]
fn child_walks_the_window_over_https() {
    let (Ok(banking), Ok(tokens)) = (std::env::var(BANKING_VAR), std::env::var(TOKENS_VAR)) else {
        panic!("this test is run by its parent test, which starts the emulator over HTTPS");
    };
    let service = CustomService::parse(&banking, &tokens).expect("the emulator's roots");
    let test = support::test_app();
    let app: WizardApp = test.app.with_custom_environment(Some(service.clone()));
    let mut harness = support::harness(app);
    run_until(&mut harness, "the custom environment chosen", |w| {
        w.session().settings.environment == Environment::Custom(service.clone())
    });
    assert!(harness.state().wizard().session().custom_service.banking.starts_with("https://127.0.0.1:"));
    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    create_and_verify(&mut harness);
    press(&mut harness, "Link a bank account");
    run_until(&mut harness, "the bank list", |w| {
        matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. }))
    });
    link_to_active(&mut harness, "Emulator Bank");
}
