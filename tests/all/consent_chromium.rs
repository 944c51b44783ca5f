//! The aggregator's consent page in a real browser: the wizard (with the real runtime and emulator) starts a link,
//! its browser opener hands the address to Debian's headless Chromium, driven through chromedriver; the page shows
//! the sandbox credentials filled in, Approve is pressed with no typing, and the wizard's background poll ends
//! linked. Deny ends it refused. Needs the `chromium` and `chromium-driver` packages: ignored by a plain `cargo test`,
//! run by `scripts/test` where they are installed.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::browser::RecordingBrowser;
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::wizard::{BankIntent, BankList, BankStep, Intent, LinkPhase, LinkStep, Step};

use crate::support::{self, Driver, PATIENCE};
use crate::webdriver::{self, Browser};

/// A wizard on the real runtime, onboarded, whose browser opener passes each opened address to the returned channel.
fn onboarded_driver(data_dir: &std::path::Path) -> (Driver, mpsc::Receiver<String>) {
    let (opened, addresses) = mpsc::channel();
    let browser = RecordingBrowser::with_callback(move |url| {
        let _ = opened.send(url.to_string());
    });
    let emulator = EmulatorConfig {
        poll_period: Duration::from_millis(200),
        activation_delay: Duration::from_millis(300),
        ..support::test_emulator()
    };
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let runtime = support::runtime_with_browser(store, data_dir, emulator, Arc::new(browser));
    let mut driver = Driver::new(runtime);
    driver.onboard("ACTIVE");
    driver.send(Intent::LinkBank);
    driver.settle("the bank list", |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })));
    (driver, addresses)
}

/// Chooses `bank` and returns the address the wizard opened in the browser once it is waiting.
fn start_link(driver: &mut Driver, addresses: &mpsc::Receiver<String>, bank: &str) -> String {
    driver.send(BankIntent::Choose(BankId::from(bank)));
    driver.settle("the waiting screen", |w| {
        matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { .. }, .. }))
    });
    addresses.recv_timeout(PATIENCE).expect("the wizard opened the consent page in the browser")
}

fn link_phase(wizard: &bankfeeds_onboard::wizard::Wizard) -> Option<&LinkPhase> {
    match wizard.step() {
        Step::Link(step) => Some(&step.phase),
        _ => None,
    }
}

/// A wizard waiting on its link, and Chromium showing the link's consent page.
struct Visit {
    driver: Driver,
    redirect: String,
    tokio: tokio::runtime::Runtime,
    browser: Browser,
    _data_dir: tempfile::TempDir,
}

/// Onboards, starts linking Emulator Bank, and opens its consent page in Chromium (failing, saying what to install,
/// where Chromium or chromedriver is missing).
fn at_consent_page() -> Visit {
    webdriver::require_installed();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let (mut driver, addresses) = onboarded_driver(data_dir.path());
    let redirect = start_link(&mut driver, &addresses, "emulator-bank-gbr");
    let tokio = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime for the browser");
    let browser = tokio.block_on(Browser::start()).expect("headless Chromium starts");
    tokio.block_on(browser.open(&redirect)).expect("the consent page opens");
    Visit { driver, redirect, tokio, browser, _data_dir: data_dir }
}

#[test]
#[ignore = "needs chromium and chromium-driver (Debian packages); scripts/test runs it where they are installed"]
fn approving_in_chromium_ends_the_wizards_poll_linked() {
    let Visit { mut driver, redirect, tokio, browser, _data_dir } = at_consent_page();
    let page = tokio.block_on(browser.text()).expect("the page's text");
    assert!(page.contains("Emulator Bank"), "the consent page names the bank:\n{page}");
    assert!(!tokio.block_on(browser.field("username")).expect("a username field").is_empty(), "credentials filled in");
    tokio.block_on(browser.click("button[value=approve]")).expect("Approve is pressed");
    // The page says what to do next.
    tokio.block_on(browser.text_with("return to the app"));

    driver.settle("the link to end", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    let Some(LinkPhase::Linked(account)) = link_phase(&driver.wizard) else { unreachable!("settled on Linked") };
    assert!(!account.account_name.is_empty(), "the linked account has a name: {account:?}");

    tokio.block_on(browser.open(&redirect)).expect("the finished consent reopens");
    // A finished consent says so.
    tokio.block_on(browser.text_with("already finished"));
    tokio.block_on(browser.quit());
}

#[test]
#[ignore = "needs chromium and chromium-driver (Debian packages); scripts/test runs it where they are installed"]
fn denying_in_chromium_ends_the_wizards_poll_refused() {
    let Visit { mut driver, tokio, browser, _data_dir, .. } = at_consent_page();
    tokio.block_on(browser.click("button[value=deny]")).expect("Deny is pressed");
    driver.settle("the link to end", |w| matches!(link_phase(w), Some(LinkPhase::Declined)));
    tokio.block_on(browser.quit());
}
