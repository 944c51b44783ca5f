//! `Effect::Connect`: makes an environment usable before anything is sent to it. The keyring must work (a customer's
//! key is shown once), the local emulator must be running with the chosen profile, and a web product must have its
//! application key in the keyring.

use std::sync::Arc;

use crate::api::Client;
use crate::config::{Endpoints, Environment};
use crate::emulator::EmulatorConfig;
use crate::secrets::{KeyringProblem, SecretStore};
use crate::wizard::{ConnectProblem, Connection, ProductKind, Settings};

use super::Shared;

/// Connects with `settings`, replacing the client (and the emulator, when its profile changed).
pub(super) async fn connect(shared: &Shared, settings: &Settings) -> Result<Connection, ConnectProblem> {
    let secrets = secrets(shared).map_err(ConnectProblem::Keyring)?;
    blocking(&secrets, |store| store.probe()).await.map_err(ConnectProblem::Keyring)?;
    let endpoints = match settings.environment {
        Environment::Local(profile) => {
            let (endpoints, application_key) = local_emulator(shared, profile, settings).await?;
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
    let client =
        Client::new(endpoints.clone(), settings.identity.clone()).map_err(|e| ConnectProblem::Client(e.to_string()))?;
    shared.live.lock().await.client = Some(client);
    Ok(Connection { endpoints })
}

/// The secret store, or why there is none.
pub(super) fn secrets(shared: &Shared) -> Result<Arc<dyn SecretStore>, KeyringProblem> {
    shared.secrets.clone()
}

/// Runs a keyring call on a blocking thread.
pub(super) async fn blocking<T: Send + 'static>(
    secrets: &Arc<dyn SecretStore>,
    call: impl FnOnce(&dyn SecretStore) -> Result<T, KeyringProblem> + Send + 'static,
) -> Result<T, KeyringProblem> {
    let store = Arc::clone(secrets);
    tokio::task::spawn_blocking(move || call(store.as_ref()))
        .await
        .unwrap_or_else(|join| Err(KeyringProblem::Refused { detail: format!("the keyring call stopped: {join}") }))
}

fn remote_endpoints(environment: Environment) -> Result<Endpoints, ConnectProblem> {
    match (environment.banking_url(), environment.token_service_url()) {
        (Some(banking), Some(token_service)) => Ok(Endpoints { banking, token_service }),
        _ => Err(ConnectProblem::Client(format!("{} has no service address", environment.label()))),
    }
}

/// Makes sure the in-process emulator runs with `profile`; returns its endpoints and application key.
async fn local_emulator(
    shared: &Shared,
    profile: crate::config::Profile,
    settings: &Settings,
) -> Result<(Endpoints, crate::api::redacted::SigningKey), ConnectProblem> {
    let mut live = shared.live.lock().await;
    let identity_changed = shared.emulator_template.identity != settings.identity;
    if let Some((running, handle)) = &live.emulator
        && *running == profile
        && !identity_changed
    {
        return Ok((handle.endpoints(), handle.application_key().clone()));
    }
    if let Some((_, old)) = live.emulator.take() {
        old.shutdown().await;
    }
    let config = EmulatorConfig { profile, identity: settings.identity.clone(), ..shared.emulator_template.clone() };
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let handle = crate::emulator::start(loopback, config)
        .await
        .map_err(|e| ConnectProblem::EmulatorDidNotStart(e.to_string()))?;
    tracing::info!(banking = %handle.endpoints().banking, profile = profile.cli_name(), "local emulator started");
    let answer = (handle.endpoints(), handle.application_key().clone());
    live.emulator = Some((profile, handle));
    Ok(answer)
}
