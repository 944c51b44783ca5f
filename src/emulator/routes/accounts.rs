//! The routes of bank accounts (CONTRACT §6.4–§6.5, §8), all Bearer: create (201), read one, list the company's
//! ([ASSUMED]). Thin: the world decides, and computes each status from the time asked.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;

use super::{AppState, received};
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::BankAccount;
use crate::emulator::headers;
use crate::emulator::refusal::Refusal;

/// `POST …/bankaccounts`: 201 with the new `pending` account.
pub(super) async fn create(
    State(state): State<AppState>,
    Path((organisation, company)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<BankAccount>), Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let now = Timestamp::now();
    let body = received(body)?;
    let created = state
        .change(|world| {
            let claims =
                world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
            world.create_bank_account(&claims, &body, now)
        })
        .await?;
    created.map(|account| (StatusCode::CREATED, Json(account)))
}

/// `GET …/bankaccounts/{bankAccountId}`.
pub(super) async fn one(
    State(state): State<AppState>,
    Path((organisation, company, account)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Json<BankAccount>, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let now = Timestamp::now();
    let world = state.world().await;
    let claims = world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
    world.bank_account(&claims, &account, now).map(Json)
}

/// `GET …/bankaccounts` [ASSUMED]: the company's accounts, in creation order.
pub(super) async fn list(
    State(state): State<AppState>,
    Path((organisation, company)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Vec<BankAccount>>, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let now = Timestamp::now();
    let world = state.world().await;
    let claims = world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
    Ok(Json(world.bank_accounts(&claims, now)))
}
