//! The routes of re-authorisation and removal (CONTRACT §6, §8), Bearer: `…/bankaccounts/{id}/indirectauth?web=true`
//! (302 to a re-consent page, the URL also in the JSON body) and `DELETE …/bankaccounts/{id}` (204, idempotent).
//! Thin: the world decides.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

use super::AppState;
use super::linking::absolute;
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::Reauthorisation;
use crate::emulator::headers::{self, Scheme};
use crate::emulator::refusal::Refusal;

/// `GET …/bankaccounts/{bankAccountId}/indirectauth?web=true`: 302 to the re-consent page of an account in
/// `authRequired`; 409 `bankAccountNotAuthRequired` otherwise; 404 for an unknown account.
pub(super) async fn indirect_auth(
    State(state): State<AppState>,
    Path((organisation, company, account)): Path<(String, String, String)>,
    scheme: Scheme,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let origin = headers::origin(scheme, &headers)?;
    let now = Timestamp::now();
    let consent_path = state
        .change(|world| {
            let claims =
                world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
            world.indirect_auth(&claims, &account, now)
        })
        .await??;
    let redirect = absolute(&origin, &consent_path)?;
    Ok((StatusCode::FOUND, [(LOCATION, redirect.clone())], Json(Reauthorisation { redirect })).into_response())
}

/// `DELETE …/bankaccounts/{bankAccountId}`: 204; the account is `cancelled` from then on. A second DELETE answers 204
/// too; an unknown account 404.
pub(super) async fn delete(
    State(state): State<AppState>,
    Path((organisation, company, account)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let now = Timestamp::now();
    let deleted = state
        .change(|world| {
            let claims =
                world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
            world.delete_bank_account(&claims, &account, now)
        })
        .await?;
    deleted.map(|()| StatusCode::NO_CONTENT)
}
