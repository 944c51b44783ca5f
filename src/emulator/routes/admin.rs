//! The emulator's admin API under `/emulator/admin/` (apart from both services' paths): its time controls,
//! `POST /emulator/admin/bankaccounts/{bankAccountId}/authrequired[?reason=…]` makes the account and every account
//! under its authorisation `authRequired` now (200 with the IDs changed), `POST /emulator/admin/jwts/expire` expires
//! every access token issued so far (204); the live test scenario, `GET /emulator/admin/scenario` (200, the scenario)
//! and `PUT /emulator/admin/scenario` (200, the scenario now in force; a bad body 400); and
//! `POST /emulator/admin/reset` (204: the world forgets everything, the scenario is normal; committed like any change
//! by a durable emulator). Served only when the emulator listens on loopback (else 404), with no authentication: it
//! is a test tool. Thin: the world decides.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, Uri};
use jiff::Timestamp;
use serde::Serialize;

use super::{AppState, received};
use crate::api::Scenario;
use crate::api::ids::BankAccountId;
use crate::emulator::headers;
use crate::emulator::refusal::Refusal;
use crate::emulator::world::{DEFAULT_AUTH_REQUIRED_REASON, World};

/// The prefix of every admin path.
pub const ADMIN_PREFIX: &str = "/emulator/admin";

/// The answer of `authrequired`: the accounts now `authRequired`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AuthRequiredNow {
    /// The account named and every account under its authorisation, not deleted.
    pub auth_required: Vec<BankAccountId>,
}

/// `POST /emulator/admin/bankaccounts/{bankAccountId}/authrequired`, with an optional `reason` query parameter.
pub(super) async fn auth_required(
    State(state): State<AppState>,
    Path(account): Path<String>,
    method: Method,
    uri: Uri,
) -> Result<Json<AuthRequiredNow>, Refusal> {
    if !state.admin {
        return Err(Refusal::no_such_route(method.as_str(), uri.path()));
    }
    let reason = headers::query_param(&uri, "reason").filter(|reason| !reason.trim().is_empty());
    let reason = reason.as_deref().unwrap_or(DEFAULT_AUTH_REQUIRED_REASON);
    let changed = state.change(|world| world.require_auth(&account, reason, Timestamp::now())).await??;
    Ok(Json(AuthRequiredNow { auth_required: changed }))
}

/// `POST /emulator/admin/jwts/expire`: 204; every JWT issued so far answers 401 `tokenExpired` from now on.
pub(super) async fn expire_jwts(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
) -> Result<StatusCode, Refusal> {
    if !state.admin {
        return Err(Refusal::no_such_route(method.as_str(), uri.path()));
    }
    // Access tokens are not durable (a restart expires them all), so this commits nothing.
    state.change(World::expire_access_tokens).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /emulator/admin/scenario`: the scenario in force.
pub(super) async fn scenario(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
) -> Result<Json<Scenario>, Refusal> {
    if !state.admin {
        return Err(Refusal::no_such_route(method.as_str(), uri.path()));
    }
    Ok(Json(*state.world().await.scenario()))
}

/// `PUT /emulator/admin/scenario` with a scenario as JSON (what it leaves out is normal): 200 with the scenario now
/// in force. The scenario is not durable, but switching a part on may change accounts, which is committed.
pub(super) async fn set_scenario(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Scenario>, Refusal> {
    if !state.admin {
        return Err(Refusal::no_such_route(method.as_str(), uri.path()));
    }
    let scenario: Scenario =
        serde_json::from_slice(&received(body)?).map_err(|error| Refusal::invalid_scenario(&error.to_string()))?;
    let now = Timestamp::now();
    let in_force = state.change(|world| world.set_scenario(scenario, now)).await?;
    if !in_force.is_normal() {
        tracing::info!(scenario = ?in_force.describe(), "the emulator's scenario changed");
    }
    Ok(Json(in_force))
}

/// `POST /emulator/admin/reset`: 204; the world forgets everything and the scenario is normal, committed by a
/// durable emulator before answering.
pub(super) async fn reset(State(state): State<AppState>, method: Method, uri: Uri) -> Result<StatusCode, Refusal> {
    if !state.admin {
        return Err(Refusal::no_such_route(method.as_str(), uri.path()));
    }
    state.change(World::reset).await?;
    tracing::info!("the emulator was reset");
    Ok(StatusCode::NO_CONTENT)
}
