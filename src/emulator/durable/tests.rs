//! The durable emulator over real HTTP: the saved port tried first, the temporary files of interrupted saves removed
//! at start, and a change its state file could not take answered 503 `stateNotSaved` and undone, so that the same
//! request, sent again once the file can be written, succeeds exactly once. The state folder is made unwritable by
//! putting a regular file where it should be (no permission trick: tests may run as root).

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::*;
use crate::api::Client;
use crate::api::assumed::{CaptchaSolution, LicenceDetails, codes};
use crate::api::error::ApiError;
use crate::api::models::{Company, NewBankAccount, NewOrganisation, User};
use crate::api::redacted::CaptchaAnswer;
use crate::config::{AppIdentity, Profile};
use crate::emulator::EmulatorConfig;

const ANSWER: &str = "K7PXR";

/// A durable emulator on `profile` committing to `dir`, starting empty.
async fn durable(dir: &Path, profile: Profile) -> (EmulatorHandle, StateFile) {
    let file = StateFile::for_profile(dir, profile);
    let config = EmulatorConfig { profile, captcha_text: Some(ANSWER.into()), ..EmulatorConfig::default() };
    let start = DurableStart { file: file.clone(), saved: None, keys: HashMap::new() };
    (super::start(config, start).await.expect("starts"), file)
}

fn client(emulator: &EmulatorHandle) -> Client {
    Client::new(emulator.endpoints(), AppIdentity::default()).expect("a client")
}

/// Where a folder was: now a regular file, so nothing can be written in it.
fn block(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("removes the folder");
    }
    std::fs::write(dir, b"in the way").expect("a file where the folder was");
}

/// The folder can be made again.
fn unblock(dir: &Path) {
    std::fs::remove_file(dir).expect("removes the file in the way");
}

fn organisation_body(captcha: crate::api::ids::CaptchaId) -> NewOrganisation {
    NewOrganisation {
        company: Company { name: "Saved Ltd".into(), ..Company::default() },
        crm_id: "crm-saved".into(),
        user: User::default(),
        licence_details: Some(LicenceDetails::with_serial("ACTIVE")),
        captcha: Some(CaptchaSolution { captcha_id: captcha, answer: CaptchaAnswer::new(ANSWER) }),
    }
}

/// The status and code of a refusal.
fn status_and_code(error: &ApiError) -> (Option<u16>, Option<String>) {
    let failure = error.failure();
    (failure.status(), failure.code().map(str::to_owned))
}

fn saved_organisations(file: &StateFile) -> usize {
    file.load().expect("readable").expect("saved").world.organisations().count()
}

#[tokio::test]
async fn the_saved_port_is_used_when_free_and_another_when_taken() {
    let taken = bind_loopback(None).await.expect("a free port");
    let port = taken.local_addr().expect("bound").port();
    let elsewhere = bind_loopback(Some(port)).await.expect("falls back");
    assert_ne!(elsewhere.local_addr().expect("bound").port(), port);
    drop(taken);
    let again = bind_loopback(Some(port)).await.expect("the saved port");
    assert_eq!(again.local_addr().expect("bound").port(), port);
}

#[tokio::test]
async fn an_organisation_that_could_not_be_saved_is_answered_503_and_undone_so_the_retry_creates_exactly_one() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir: PathBuf = root.path().join("data");
    let (emulator, file) = durable(&dir, Profile::Production).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial("ACTIVE")).await.expect("saved");
    let captcha = client.captcha().await.expect("a captcha");
    let body = organisation_body(captcha.captcha_id);

    block(&dir);
    let refused = client.create_organisation(&body, None).await.expect_err("not saved");
    assert_eq!(status_and_code(&refused), (Some(503), Some(codes::STATE_NOT_SAVED.to_owned())), "{refused}");
    assert!(refused.failure().is_transient(), "the wizard offers Retry");

    unblock(&dir);
    let created = client.create_organisation(&body, None).await.expect("the same request, captcha and all, succeeds");
    assert_eq!(saved_organisations(&file), 1);
    let again = client.create_organisation(&body, None).await.expect_err("it succeeds once");
    assert_eq!(again.failure().status(), Some(400), "its captcha is spent now: {again}");
    assert_eq!(saved_organisations(&file), 1, "the production limit of one was never met by a ghost");
    assert!(!created.organisation_id.as_str().is_empty());
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_bank_account_that_could_not_be_saved_is_undone_so_the_retry_creates_exactly_one() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("data");
    let (emulator, _file) = durable(&dir, Profile::Qa).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial("ACTIVE")).await.expect("saved");
    let captcha = client.captcha().await.expect("a captcha");
    let created = client.create_organisation(&organisation_body(captcha.captcha_id), None).await.expect("created");
    let (organisation, company) = (&created.organisation_id, &created.companies[0]);
    let jwt = client.access_token(organisation, company, &created.token).await.expect("a token").jwt;
    let account = NewBankAccount {
        bank_id: "emulator-bank-gbr".into(),
        account_name: "Current account".into(),
        account_key: "key-1".into(),
        account_identifier: "12345678".into(),
        bank_identifier: "40-47-84".into(),
        account_type: "checking".into(),
        default_currency: "GBP".into(),
        requested_start_date: Timestamp::from_second(1_790_000_000).expect("a time"),
    };

    block(&dir);
    let refused = client.create_bank_account(organisation, company, &account, &jwt).await.expect_err("not saved");
    assert_eq!(status_and_code(&refused), (Some(503), Some(codes::STATE_NOT_SAVED.to_owned())), "{refused}");
    let listed = client.bank_accounts(organisation, company, &jwt).await.expect("reads need no save");
    assert!(listed.is_empty(), "the account is not there: {listed:?}");

    unblock(&dir);
    client.create_bank_account(organisation, company, &account, &jwt).await.expect("no 409: nothing was left");
    let listed = client.bank_accounts(organisation, company, &jwt).await.expect("listed");
    assert_eq!(listed.len(), 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_temporary_files_of_interrupted_saves_are_removed_at_start_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let leftovers = [".emulator-qa.json.4242.0.tmp", ".emulator-qa.json.4242.17.tmp"];
    let kept = [".emulator-prod.json.4242.0.tmp", "emulator-qa.json.bak", ".progress.json.1.0.tmp"];
    for name in leftovers.iter().chain(&kept) {
        std::fs::write(dir.path().join(name), b"half a state").expect("writes");
    }
    let (emulator, _file) = durable(dir.path(), Profile::Qa).await;
    for name in leftovers {
        assert!(!dir.path().join(name).exists(), "{name} was removed");
    }
    for name in kept {
        assert!(dir.path().join(name).exists(), "{name} was kept");
    }
    emulator.shutdown().await;
}
