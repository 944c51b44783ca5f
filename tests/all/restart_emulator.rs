//! Closing the app and starting it again on the local emulator, with the real runtime, progress folder and (mock)
//! keyring: the in-process emulator comes back with what it committed, on the same port. An access token is issued
//! with the key from the keyring, the bank account is found with its status, and a link started before the restart,
//! whose consent page was still open, is approved after it and polled to `Linked` on the route handed out before it.

use std::sync::Arc;
use std::time::Duration;

use bankfeeds_onboard::api::Client;
use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::api::models::{BankAccountStatus, IndirectLink, PollAnswer};
use bankfeeds_onboard::config::{AppIdentity, Endpoints};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::store::ProgressStore;
use bankfeeds_onboard::wizard::{AccountPhase, AccountStep, OnboardedOrganisation, Step, Wizard};
use url::Url;

use crate::consent;
use crate::support::{self, Driver};

/// The emulator's settings: quick polls and activation.
fn emulator() -> EmulatorConfig {
    EmulatorConfig {
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(300),
        ..support::test_emulator()
    }
}

/// The account followed on the account step with its status, once its watch ended.
fn followed(wizard: &Wizard) -> Option<(String, BankAccountStatus)> {
    match wizard.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. })
            if following.watching().is_none() =>
        {
            Some((following.account.bank_account_id.0.clone(), following.account.status.clone()))
        }
        _ => None,
    }
}

/// The service roots of the emulator that wrote the state file in `dir`, on the port it saved.
fn saved_endpoints(dir: &std::path::Path) -> Endpoints {
    let text = std::fs::read_to_string(dir.join("emulator-qa.json")).expect("the emulator's state file");
    let saved: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(saved["version"], 1);
    let port = saved["port"].as_u64().expect("a saved port");
    let root = format!("http://127.0.0.1:{port}");
    Endpoints {
        banking: Url::parse(&format!("{root}/api/v1/")).expect("URL"),
        token_service: Url::parse(&format!("{root}/sts/api/v1/")).expect("URL"),
    }
}

/// A second link to Emulator Bank, started over the API with the key from the keyring and polled once: its consent
/// page and the route the 202 handed out.
fn start_second_link(client: &Client, store: &dyn SecretStore, organisation: &OnboardedOrganisation) -> (String, Url) {
    let key = store.load(&organisation.key_slot()).expect("the key in the keyring");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let (org, company) = (&organisation.organisation_id, &organisation.company_ids[0]);
        let jwt = client.access_token(org, company, &key).await.expect("a JWT").jwt;
        let link: IndirectLink =
            client.indirect_link(org, company, &BankId::from("emulator-bank-gbr"), &jwt).await.expect("a link");
        let route = Url::parse(&link.poll_route).expect("an absolute route");
        match client.poll(&route).await.expect("polled") {
            PollAnswer::Pending(next) => (link.redirect, Url::parse(&next.poll_route).expect("an absolute route")),
            other => panic!("expected 202 before any decision, got {other:?}"),
        }
    })
}

#[test]
fn after_a_restart_the_emulator_still_has_the_account_and_the_open_link() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let keyring = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let store: Arc<dyn SecretStore> = Arc::clone(&keyring) as Arc<dyn SecretStore>;
    let browser = Arc::new(support::approving_browser());
    let mut first =
        Driver::new(support::runtime_with_browser(Arc::clone(&store), data_dir.path(), emulator(), browser.clone()));
    first.onboard("ACTIVE");
    first.link_first_account("emulator-bank-gbr");
    let (account, status) = followed(&first.wizard).expect("an active account");
    assert_eq!(status, BankAccountStatus::Active);
    first.drain();
    let progress = ProgressStore::new(data_dir.path()).load().expect("readable").expect("saved");
    let organisation = progress.organisations[0].clone();
    let endpoints = saved_endpoints(data_dir.path());
    let client = Client::new(endpoints.clone(), AppIdentity::default()).expect("a client");
    let (consent_page, route) = start_second_link(&client, store.as_ref(), &organisation);
    first.runtime.shutdown();

    let mut second =
        Driver::new(support::runtime_with_browser(Arc::clone(&store), data_dir.path(), emulator(), browser));
    second.runtime.restore();
    second.settle("the account after the restart", |w| followed(w).is_some());
    assert_eq!(followed(&second.wizard), Some((account, BankAccountStatus::Active)), "found, with its status");
    assert_eq!(saved_endpoints(data_dir.path()), endpoints, "the same port");

    // The consent page left open before the restart is approved after it; the route saved before it links.
    consent::approve_blocking(&consent_page);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        match client.poll(&route).await.expect("polled") {
            PollAnswer::Linked(linked) => assert!(!linked.account_key.is_empty()),
            other => panic!("expected the linked account, got {other:?}"),
        }
        let again = client.poll(&route).await.expect_err("used once");
        assert!(again.to_string().contains("410"), "{again}");
    });
    second.runtime.shutdown();
}
