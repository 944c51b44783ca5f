//! Executes one effect and answers with its event. Each API call maps its rich error to the wizard's small
//! `Failure` after logging it once; nothing here logs a key, a token or a body.

use std::sync::Arc;

use base64::Engine as _;

use crate::api::Client;
use crate::api::error::Failure;
use crate::api::models::{CreatedOrganisation, NewOrganisation};
use crate::secrets::KeySlot;
use crate::wizard::{AccessProblem, BankIndex, CaptchaImage, Effect, Event};

use super::Shared;
use super::account_actions::{reauthorise, remove};
use super::connect::{blocking, connect, secrets};
use super::link::open_in_browser;
use super::more_accounts::list_candidates;
use super::tokens::with_bearer;

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

/// Runs `effect` and sends its answer.
pub(super) async fn run(shared: &Shared, effect: Effect) {
    let event = match effect {
        Effect::Connect { request, settings } => Event::Connected { request, result: connect(shared, &settings).await },
        Effect::ResetDemo { request, keys } => {
            Event::DemoReset { request, result: super::demo::reset_demo(shared, keys).await }
        }
        Effect::RequestToken { request, licence } => {
            let result = match client(shared).await {
                Ok(client) => client.request_token(&licence).await.map_err(|e| logged(&e)),
                Err(failure) => Err(failure),
            };
            Event::TokenRequested { request, result }
        }
        Effect::FetchCaptcha { request } => Event::CaptchaFetched { request, result: fetch_captcha(shared).await },
        Effect::CreateOrganisation { request, body, application_key } => {
            let result = create_organisation(shared, &body, application_key).await;
            Event::OrganisationCreated { request, at: jiff::Timestamp::now(), result }
        }
        Effect::StoreKey { request, slot, key } => {
            let result = match secrets(shared).await {
                Ok(store) => blocking(&store, move |s| s.store(&slot, &key)).await,
                Err(problem) => Err(problem),
            };
            Event::KeyStored { request, result }
        }
        Effect::CheckKey { request, slot } => {
            let result = match secrets(shared).await {
                Ok(store) => blocking(&store, move |s| s.load(&slot).map(drop)).await,
                Err(problem) => Err(problem),
            };
            Event::KeyChecked { request, result }
        }
        Effect::FetchAccessToken { request, organisation, company, slot } => {
            let result = async {
                let store = secrets(shared).await.map_err(AccessProblem::Keyring)?;
                let key = blocking(&store, move |s| s.load(&slot)).await.map_err(AccessProblem::Keyring)?;
                let client = client(shared).await.map_err(AccessProblem::Service)?;
                let token = client.access_token(&organisation, &company, &key).await;
                token.map(drop).map_err(|e| AccessProblem::Service(logged(&e)))
            }
            .await;
            Event::AccessTokenFetched { request, result }
        }
        Effect::FetchBanks { request, country } => {
            Event::BanksFetched { request, result: fetch_banks(shared, &country).await }
        }
        Effect::OpenBrowser { url } => {
            let result = open_in_browser(shared, &url).await;
            Event::BrowserOpened { url, result }
        }
        Effect::CreateBankAccount { request, target, body } => {
            let result = with_durable(shared, |shared| {
                with_bearer(shared, &target, |client, token| {
                    let (target, body) = (target.clone(), body.clone());
                    async move {
                        client.create_bank_account(&target.organisation_id, &target.company_id, &body, &token).await
                    }
                })
            })
            .await;
            Event::BankAccountCreated { request, result }
        }
        Effect::FindBankAccount { request, target, account_key } => {
            let result = with_bearer(shared, &target, |client, token| {
                let target = target.clone();
                async move { client.bank_accounts(&target.organisation_id, &target.company_id, &token).await }
            })
            .await
            .map(|accounts| accounts.into_iter().find(|a| a.account_key.as_deref() == Some(account_key.as_str())));
            Event::BankAccountFound { request, result }
        }
        Effect::Reauthorise { request, target, account } => reauthorise(shared, request, target, account).await,
        Effect::RemoveBankAccount { request, target, account } => remove(shared, request, target, account).await,
        Effect::ListCandidates { request, target, connected, filter_connected, after } => {
            return list_candidates(shared, request, target, connected, filter_connected, after).await;
        }
        // Long-running tasks and saves are handled by `Runtime::execute` itself.
        Effect::SaveProgress(_)
        | Effect::StartLink { .. }
        | Effect::ResumeLink { .. }
        | Effect::LoadOrganisation { .. }
        | Effect::WatchBankAccount { .. }
        | Effect::LinkCandidate { .. }
        | Effect::Cancel(_) => {
            return;
        }
    };
    shared.answer(event).await;
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
    let captcha = client(shared).await?.captcha().await.map_err(|e| logged(&e))?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(captcha.image.trim())
        .map_err(|e| Failure::Unreadable { status: 200, detail: format!("the captcha image is not base64: {e}") })?;
    Ok(CaptchaImage { id: captcha.captcha_id, png: Arc::from(png), expires_at: captcha.expires_at })
}
