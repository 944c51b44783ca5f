//! Executes each effect and sends back its answer: the one dispatch of effects. Each API call maps its rich error to
//! the wizard's small `Failure` after logging it once; nothing here logs a key, a token or a body.

use std::sync::Arc;

use base64::Engine as _;

use crate::api::Client;
use crate::api::error::Failure;
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::{BankAccount, CreatedOrganisation, NewBankAccount, NewOrganisation};
use crate::secrets::KeySlot;
use crate::wizard::{AccessProblem, Answer, BankIndex, CaptchaImage, Effect, LinkTarget};

use super::account_actions::{reauthorise, remove};
use super::connect::{blocking, connect, secrets};
use super::demo::reset_demo;
use super::link::{self, open_in_browser};
use super::more_accounts::{link_candidate, list_candidates};
use super::overview::load_organisation;
use super::start_at::start_at;
use super::tokens::with_bearer;
use super::{Runtime, Shared};

fn not_connected() -> Failure {
    Failure::NotSent { detail: "no environment is connected yet: go back to the first step and choose one".into() }
}

pub(super) async fn client(shared: &Shared) -> Result<Client, Failure> {
    shared.live.lock().await.client.clone().ok_or_else(not_connected)
}

/// Runs `call` only once the progress is on disk (see `Saver::durable`); else answers why nothing was sent.
pub(super) async fn with_durable<'a, T, Fut>(
    shared: &'a Shared,
    call: impl FnOnce(&'a Shared) -> Fut,
) -> Result<T, Failure>
where
    Fut: Future<Output = Result<T, Failure>>,
{
    shared.durable().await?;
    call(shared).await
}

pub(super) fn logged(error: &crate::api::error::ApiError) -> Failure {
    tracing::warn!(%error, "call failed");
    error.failure()
}

/// The one dispatch of effects, exhaustive: how each runs (at once, as a task that `Effect::Cancel` stops, or as a
/// call whose answer is sent back) and what it runs.
pub(super) fn dispatch(runtime: &Runtime, effect: Effect) {
    match effect {
        Effect::SaveProgress(progress) => runtime.save(progress),
        Effect::Cancel(request) => runtime.cancel(request),
        Effect::StartLink { request, target, bank, policy } => {
            runtime.track(request, |shared| link::run_link(shared, request, target, bank, policy));
        }
        Effect::ResumeLink { request, route, started_at, policy } => {
            runtime.track(request, |shared| link::resume_link(shared, request, route, started_at, policy));
        }
        Effect::WatchBankAccount { request, target, account, every, policy, until_active } => {
            let watch = link::Watch { target, account, every, policy, until_active };
            runtime.track(request, |shared| link::run_watch(shared, request, watch));
        }
        Effect::LinkCandidate { request, target, candidate, start, after } => {
            runtime.track(request, |shared| link_candidate(shared, request, target, candidate, start, after));
        }
        Effect::LoadOrganisation { request, target, after } => runtime.track(request, |shared| async move {
            tokio::time::sleep(after).await;
            let answer = load_organisation(&shared, request, target).await;
            shared.answer(answer).await;
        }),
        Effect::ListCandidates { request, target, connected, filter_connected, after } => {
            runtime.reply(|shared| async move {
                list_candidates(&shared, request, target, connected, filter_connected, after).await
            });
        }
        Effect::Connect { request, settings } => runtime
            .reply(|shared| async move { Answer::Connected { request, result: connect(&shared, &settings).await } }),
        Effect::ResetDemo { request, keys } => runtime
            .reply(|shared| async move { Answer::DemoReset { request, result: reset_demo(&shared, keys).await } }),
        Effect::StartAt { request, seed, keys, from } => runtime.reply(|shared| async move {
            Answer::StartedAt { request, seed, result: start_at(&shared, seed, keys, from).await }
        }),
        Effect::RequestToken { request, licence } => runtime.reply(|shared| async move {
            let result = match client(&shared).await {
                Ok(client) => client.request_token(&licence).await.map_err(|e| logged(&e)),
                Err(failure) => Err(failure),
            };
            Answer::TokenRequested { request, result }
        }),
        Effect::FetchCaptcha { request } => runtime
            .reply(|shared| async move { Answer::CaptchaFetched { request, result: fetch_captcha(&shared).await } }),
        Effect::CreateOrganisation { request, body, application_key } => runtime.reply(|shared| async move {
            let result = create_organisation(&shared, &body, application_key).await;
            Answer::OrganisationCreated { request, at: jiff::Timestamp::now(), result }
        }),
        Effect::StoreKey { request, slot, key } => runtime.reply(|shared| async move {
            let result = match secrets(&shared).await {
                Ok(store) => blocking(&store, move |s| s.store(&slot, &key)).await,
                Err(problem) => Err(problem),
            };
            Answer::KeyStored { request, result }
        }),
        Effect::CheckKey { request, slot } => runtime.reply(|shared| async move {
            let result = match secrets(&shared).await {
                Ok(store) => blocking(&store, move |s| s.load(&slot).map(drop)).await,
                Err(problem) => Err(problem),
            };
            Answer::KeyChecked { request, result }
        }),
        Effect::FetchAccessToken { request, organisation, company, slot } => runtime.reply(|shared| async move {
            Answer::AccessTokenFetched { request, result: access_token(&shared, &organisation, &company, slot).await }
        }),
        Effect::FetchBanks { request, country } => runtime.reply(|shared| async move {
            Answer::BanksFetched { request, result: fetch_banks(&shared, country.as_str()).await }
        }),
        Effect::OpenBrowser { url } => runtime.reply(|shared| async move {
            let result = open_in_browser(&shared, &url).await;
            Answer::BrowserOpened { url, result }
        }),
        Effect::CreateBankAccount { request, target, body } => runtime.reply(|shared| async move {
            Answer::BankAccountCreated { request, result: create_bank_account(&shared, &target, &body).await }
        }),
        Effect::FindBankAccount { request, target, account_key } => runtime.reply(|shared| async move {
            Answer::BankAccountFound { request, result: find_bank_account(&shared, &target, &account_key).await }
        }),
        Effect::Reauthorise { request, target, account } => {
            runtime.reply(|shared| async move { reauthorise(&shared, request, target, account).await });
        }
        Effect::RemoveBankAccount { request, target, account } => {
            runtime.reply(|shared| async move { remove(&shared, request, target, account).await });
        }
    }
}

/// Reads the customer's key from the keyring and gets an access token with it.
async fn access_token(
    shared: &Shared,
    organisation: &OrganisationId,
    company: &CompanyId,
    slot: KeySlot,
) -> Result<(), AccessProblem> {
    let store = secrets(shared).await.map_err(AccessProblem::Keyring)?;
    let key = blocking(&store, move |s| s.load(&slot)).await.map_err(AccessProblem::Keyring)?;
    let client = client(shared).await.map_err(AccessProblem::Service)?;
    let token = client.access_token(organisation, company, &key).await;
    token.map(drop).map_err(|e| AccessProblem::Service(logged(&e)))
}

/// `POST …/bankaccounts`, sent only once the progress is on disk.
async fn create_bank_account(
    shared: &Shared,
    target: &LinkTarget,
    body: &NewBankAccount,
) -> Result<BankAccount, Failure> {
    with_durable(shared, |shared| {
        with_bearer(shared, target, |client, token| {
            let (target, body) = (target.clone(), body.clone());
            async move { client.create_bank_account(&target.organisation_id, &target.company_id, &body, &token).await }
        })
    })
    .await
}

/// The company's bank account with this `accountKey`, if it has one.
async fn find_bank_account(
    shared: &Shared,
    target: &LinkTarget,
    account_key: &str,
) -> Result<Option<BankAccount>, Failure> {
    let accounts = with_bearer(shared, target, |client, token| {
        let target = target.clone();
        async move { client.bank_accounts(&target.organisation_id, &target.company_id, &token).await }
    })
    .await?;
    Ok(accounts.into_iter().find(|account| account.account_key.as_deref() == Some(account_key)))
}

/// POST organisation, sent only once the progress is on disk and the keyring has proven it can keep the key the
/// answer carries; signed with the application key in `application_key` for web products.
async fn create_organisation(
    shared: &Shared,
    body: &NewOrganisation,
    application_key: Option<KeySlot>,
) -> Result<CreatedOrganisation, Failure> {
    let client = client(shared).await?;
    shared.durable().await?;
    keyring_ready(shared).await?;
    let key = match application_key {
        Some(slot) => {
            let store = secrets(shared).await.map_err(|p| Failure::NotSent { detail: p.to_string() })?;
            let key = blocking(&store, move |s| s.load(&slot)).await;
            Some(key.map_err(|p| Failure::NotSent { detail: format!("application key: {p}") })?)
        }
        None => None,
    };
    client.create_organisation(body, key.as_ref()).await.map_err(|e| logged(&e))
}

/// Proves the keyring can keep the key that POST organisation's answer carries, just before the request: the answer
/// comes once, and a keyring locked since the environment was chosen would cost the customer their organisation.
async fn keyring_ready(shared: &Shared) -> Result<(), Failure> {
    let store = secrets(shared).await.map_err(Failure::KeyringNotReady)?;
    blocking(&store, |store| store.probe()).await.map_err(Failure::KeyringNotReady)
}

/// The country's banks, indexed for search on a blocking thread (15,000 banks take a moment to index).
async fn fetch_banks(shared: &Shared, country: &str) -> Result<BankIndex, Failure> {
    let banks = client(shared).await?.banks(country).await.map_err(|e| logged(&e))?;
    tokio::task::spawn_blocking(move || BankIndex::new(banks))
        .await
        .map_err(|join| Failure::NotSent { detail: format!("the bank list could not be indexed ({join})") })
}

async fn fetch_captcha(shared: &Shared) -> Result<CaptchaImage, Failure> {
    let client = client(shared).await?;
    let captcha = client.captcha().await.map_err(|e| logged(&e))?;
    let service_clock_ahead =
        client.server_time().map_or(jiff::SignedDuration::ZERO, |server| server.ahead_of(shared.clock.now()));
    let png = base64::engine::general_purpose::STANDARD
        .decode(captcha.image.trim())
        .map_err(|e| Failure::Unreadable { status: 200, detail: format!("the captcha image is not base64: {e}") })?;
    Ok(CaptchaImage {
        id: captcha.captcha_id,
        png: Arc::from(png),
        expires_at: captcha.expires_at,
        service_clock_ahead,
    })
}
