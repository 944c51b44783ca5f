//! `Effect::Connect`: makes an environment usable before anything is sent to it. The keyring must work (a customer's
//! key is shown once), the local emulator must be running with the chosen profile, and a web product must have its
//! application key in the keyring. With a progress folder the local emulator is durable: it keeps its world in a
//! state file there and gets its customers' keys back from the keyring.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::api::Client;
use crate::api::ids::OrganisationId;
use crate::config::{Endpoints, Environment, Profile};
use crate::diagnostics::crash::scrub;
use crate::emulator::EmulatorConfig;
use crate::emulator::durable::{DurableStart, StateFile};
use crate::secrets::{KeySlot, KeyringProblem, KeyringStore, SecretStore};
use crate::wizard::{ConnectProblem, Connection, ProductKind, Settings};

use super::{Secrets, Shared};

/// Connects with `settings`, replacing the client (and the emulator, when its profile changed).
pub(super) async fn connect(shared: &Shared, settings: &Settings) -> Result<Connection, ConnectProblem> {
    // Whatever happens next, the previous environment's client must not be used any more.
    shared.live.lock().await.client = None;
    shared.tokens.clear().await;
    let secrets = secrets(shared).await.map_err(ConnectProblem::Keyring)?;
    blocking(&secrets, |store| store.probe()).await.map_err(ConnectProblem::Keyring)?;
    let endpoints = match &settings.environment {
        Environment::Local(profile) => {
            let (endpoints, application_key) = local_emulator(shared, &secrets, *profile, settings).await?;
            if settings.product_kind == ProductKind::Web {
                let slot = settings.application_key_slot();
                blocking(&secrets, move |store| store.store(&slot, &application_key))
                    .await
                    .map_err(ConnectProblem::Keyring)?;
            }
            endpoints
        }
        remote => remote_endpoints(remote)?,
    };
    if settings.product_kind == ProductKind::Web {
        let slot = settings.application_key_slot();
        match blocking(&secrets, move |store| store.load(&slot)).await {
            Ok(_) => {}
            Err(KeyringProblem::Missing) => return Err(ConnectProblem::NoApplicationKey),
            Err(problem) => return Err(ConnectProblem::Keyring(problem)),
        }
    }
    let client = if settings.environment.is_local() {
        Client::in_process(endpoints.clone(), settings.identity.clone())
    } else {
        Client::new(endpoints.clone(), settings.identity.clone())
    };
    let client = client.map_err(|e| ConnectProblem::Client(e.to_string()))?.with_exchange_log(shared.exchanges.clone());
    let client = match shared.request_timeout {
        Some(timeout) => client.with_timeout(timeout),
        None => client,
    };
    shared.live.lock().await.client = Some(client);
    Ok(Connection { endpoints })
}

/// The secret store, opening the platform keyring on first use; or why there is none.
pub(super) async fn secrets(shared: &Shared) -> Result<Arc<dyn SecretStore>, KeyringProblem> {
    let mut opened = shared.secrets.lock().await;
    if let Some(store) = opened.as_ref() {
        return Ok(Arc::clone(store));
    }
    let store = match &shared.secrets_source {
        Secrets::Given(store) => Arc::clone(store),
        Secrets::Platform => {
            let open =
                tokio::task::spawn_blocking(|| KeyringStore::platform().map(|s| Arc::new(s) as Arc<dyn SecretStore>));
            match tokio::time::timeout(KEYRING_PATIENCE, open).await {
                Ok(Ok(result)) => result?,
                Ok(Err(join)) => {
                    let detail = format!("opening the keyring stopped: {}", scrub(&join.to_string()));
                    return Err(KeyringProblem::Refused { detail });
                }
                Err(_) => return Err(too_slow()),
            }
        }
    };
    *opened = Some(Arc::clone(&store));
    Ok(store)
}

fn too_slow() -> KeyringProblem {
    KeyringProblem::Unavailable {
        detail: format!(
            "the keyring did not answer within {} seconds; it may be waiting for an unlock prompt",
            KEYRING_PATIENCE.as_secs()
        ),
    }
}

/// How long a keyring call may take (an unlock prompt left open, a hung Secret Service) before it is reported.
const KEYRING_PATIENCE: Duration = Duration::from_secs(30);

/// How long the emulator has to finish its connections when it is stopped.
const EMULATOR_STOP_PATIENCE: Duration = Duration::from_secs(2);

/// Runs a keyring call on a blocking thread, and reports it when it takes longer than [`KEYRING_PATIENCE`].
pub(super) async fn blocking<T: Send + 'static>(
    secrets: &Arc<dyn SecretStore>,
    call: impl FnOnce(&dyn SecretStore) -> Result<T, KeyringProblem> + Send + 'static,
) -> Result<T, KeyringProblem> {
    let store = Arc::clone(secrets);
    match tokio::time::timeout(KEYRING_PATIENCE, tokio::task::spawn_blocking(move || call(store.as_ref()))).await {
        Ok(Ok(result)) => result,
        // A panic's message travels in the join error: scrubbed like a crash report before it is shown or logged.
        Ok(Err(join)) => {
            Err(KeyringProblem::Refused { detail: format!("the keyring call stopped: {}", scrub(&join.to_string())) })
        }
        Err(_) => Err(too_slow()),
    }
}

/// Stops the emulator, giving its open connections [`EMULATOR_STOP_PATIENCE`] to finish.
pub(super) async fn stop_emulator(handle: crate::emulator::EmulatorHandle) {
    if tokio::time::timeout(EMULATOR_STOP_PATIENCE, handle.shutdown()).await.is_err() {
        tracing::warn!("the local emulator did not stop in time; its connections are dropped");
    }
}

fn remote_endpoints(environment: &Environment) -> Result<Endpoints, ConnectProblem> {
    match (environment.banking_url(), environment.token_service_url()) {
        (Some(banking), Some(token_service)) => Ok(Endpoints { banking, token_service }),
        _ => Err(ConnectProblem::Client(format!("{} has no service address", environment.label()))),
    }
}

/// Makes sure the in-process emulator runs with `profile`; returns its endpoints and application key. With a progress
/// folder it is durable: it comes back with what it had committed there and the customers' keys from `secrets`.
async fn local_emulator(
    shared: &Shared,
    secrets: &Arc<dyn SecretStore>,
    profile: Profile,
    settings: &Settings,
) -> Result<(Endpoints, crate::api::redacted::SigningKey), ConnectProblem> {
    let mut live = shared.live.lock().await;
    if let Some(running) = &live.emulator
        && running.profile == profile
        && running.identity == settings.identity
    {
        return Ok((running.handle.endpoints(), running.handle.application_key().clone()));
    }
    if let Some(old) = live.emulator.take() {
        stop_emulator(old.handle).await;
    }
    let config = EmulatorConfig { profile, identity: settings.identity.clone(), ..shared.emulator_template.clone() };
    let started = match &shared.data_dir {
        Some(dir) => {
            let start = durable_start(secrets, StateFile::for_profile(dir, profile), profile).await;
            crate::emulator::durable::start(config, start).await
        }
        None => crate::emulator::start(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), config).await,
    };
    let handle = started.map_err(|e| ConnectProblem::EmulatorDidNotStart(e.to_string()))?;
    tracing::info!(banking = %handle.endpoints().banking, profile = profile.cli_name(), "local emulator started");
    let answer = (handle.endpoints(), handle.application_key().clone());
    live.emulator = Some(super::RunningEmulator { profile, identity: settings.identity.clone(), handle });
    Ok(answer)
}

/// What the durable emulator starts from: its state file read (or set aside) on a blocking thread, and each saved
/// organisation's key looked up in the keyring. A key the keyring does not give back is left out: that organisation
/// stays but can no longer be signed for.
async fn durable_start(secrets: &Arc<dyn SecretStore>, file: StateFile, profile: Profile) -> DurableStart {
    let reading = file.clone();
    let saved = tokio::task::spawn_blocking(move || reading.load_or_set_aside(jiff::Timestamp::now().as_second()))
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "reading the local emulator's state stopped; it starts empty");
            None
        });
    let organisations: Vec<OrganisationId> =
        saved.as_ref().map(|saved| saved.world.organisations().cloned().collect()).unwrap_or_default();
    let keys = if organisations.is_empty() {
        HashMap::new()
    } else {
        let lookup = blocking(secrets, move |store| {
            let mut keys = HashMap::new();
            for organisation in organisations {
                match store.load(&KeySlot::customer(&Environment::Local(profile), &organisation)) {
                    Ok(key) => {
                        keys.insert(organisation, key);
                    }
                    Err(KeyringProblem::Missing) => {}
                    Err(problem) => return Err(problem),
                }
            }
            Ok(keys)
        });
        lookup.await.unwrap_or_else(|problem| {
            tracing::warn!(%problem, "the keyring did not give back the local emulator's customer keys");
            HashMap::new()
        })
    };
    DurableStart { file, saved, keys }
}
