//! The routes of multi-account link (CONTRACT §7), both Bearer: `GET …/availablebankaccounts` and
//! `POST …/linkavailablebankaccount` (201). Thin: the query is read here, the world decides under its lock, which
//! is never held across an await, and changes are committed before answering.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use jiff::Timestamp;

use super::{AppState, received};
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::{AvailableAccounts, BankAccount};
use crate::emulator::headers;
use crate::emulator::refusal::Refusal;
use crate::emulator::world::ListingQuery;

/// `GET …/availablebankaccounts?bankAccountIds=<id>,<id>&filterConnected=true`.
pub(super) async fn available(
    State(state): State<AppState>,
    Path((organisation, company)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Json<AvailableAccounts>, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let now = Timestamp::now();
    let listing = state
        .change(|world| {
            let claims =
                world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
            let filter = headers::query_param(&uri, "filterConnected");
            let query = ListingQuery::parse(&headers::query_params(&uri, "bankAccountIds"), filter.as_deref())?;
            world.available_bank_accounts(&claims, &query)
        })
        .await?;
    listing.map(Json)
}

/// `POST …/linkavailablebankaccount` with `{"bankAccountCandidateId", "requestedStartDate"}`: 201 with the new
/// `pending` bank account.
pub(super) async fn link(
    State(state): State<AppState>,
    Path((organisation, company)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<BankAccount>), Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let now = Timestamp::now();
    let body = received(body)?;
    let linked = state
        .change(|world| {
            let claims =
                world.authorise(headers::bearer(&headers), &OrganisationId(organisation), &CompanyId(company), now)?;
            world.link_available_bank_account(&claims, &body, now)
        })
        .await?;
    linked.map(|account| (StatusCode::CREATED, Json(account)))
}
