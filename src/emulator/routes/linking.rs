//! The routes of banks and indirect linking (CONTRACT §5, §6): `GET banks`, `GET banks/{bankId}`,
//! `indirectlinkaccount` (302 with a JSON body) and the single-use poll routes. Thin: the world decides.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use url::Url;

use super::AppState;
use crate::api::ids::{BankId, CompanyId, OrganisationId};
use crate::api::models::{Bank, IndirectLink, PollPending};
use crate::emulator::banks;
use crate::emulator::headers::{self, Scheme};
use crate::emulator::refusal::Refusal;
use crate::emulator::world::PollReply;

/// `GET /api/v1/banks?primaryCountry=GBR`: the country's banks, serialised once at start; `[]` for a country not
/// served.
pub(super) async fn banks(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Result<Response, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let country =
        headers::query_param(&uri, "primaryCountry").filter(|country| !country.trim().is_empty()).ok_or_else(|| {
            Refusal::invalid_query("primaryCountry", "name the country in ISO 3166 alpha-3, like primaryCountry=GBR")
        })?;
    let json = banks::catalogue().country_json(&country);
    Ok(([(CONTENT_TYPE, "application/json")], Bytes::from_static(json)).into_response())
}

/// `GET /api/v1/banks/{bankId}`.
pub(super) async fn bank(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(bank_id): Path<String>,
) -> Result<Json<Bank>, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    banks::catalogue()
        .bank(&BankId(bank_id.clone()))
        .cloned()
        .map(Json)
        .ok_or_else(|| Refusal::bank_not_found(&bank_id))
}

/// `GET …/indirectlinkaccount?bankId=…&web=true` (Bearer): 302 to the consent page, with the same URL, the first
/// poll route and the poll period in the JSON body.
pub(super) async fn indirect_link(
    State(state): State<AppState>,
    Path((organisation, company)): Path<(String, String)>,
    scheme: Scheme,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let origin = headers::origin(scheme, &headers)?;
    let now = Timestamp::now();
    let started = state
        .change(|world| {
            let (organisation, company) = (OrganisationId(organisation), CompanyId(company));
            let claims = world.authorise(headers::bearer(&headers), &organisation, &company, now)?;
            world.indirect_link(&claims, headers::query_param(&uri, "bankId").as_deref(), now)
        })
        .await??;
    let redirect = absolute(&origin, &started.consent_path)?;
    let body = IndirectLink {
        redirect: redirect.clone(),
        poll_route: absolute(&origin, &started.poll_route)?,
        poll_period: started.poll_period_ms,
    };
    Ok((StatusCode::FOUND, [(LOCATION, redirect)], Json(body)).into_response())
}

/// `GET /api/v1/linkpolls/{linkId}/{n}?sig=…`: 202 with the next route, or 200 when the link is over. No header at
/// all is needed (CONTRACT §6 [OBS]): no bearer token, no application headers; the signature is the capability.
pub(super) async fn poll(
    State(state): State<AppState>,
    Path((link, n)): Path<(String, String)>,
    scheme: Scheme,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, Refusal> {
    let origin = headers::origin(scheme, &headers)?;
    let n: u32 = n.parse().map_err(|_| Refusal::poll_route_invalid())?;
    let sig = headers::query_param(&uri, "sig");
    let (reply, poll_period) = state
        .change(|world| {
            Ok::<_, Refusal>((world.poll(&link, n, sig.as_deref(), Timestamp::now())?, world.poll_period_ms()))
        })
        .await??;
    Ok(match reply {
        PollReply::Pending(route) => {
            let pending = PollPending { poll_route: absolute(&origin, &route)?, poll_period };
            (StatusCode::ACCEPTED, Json(pending)).into_response()
        }
        PollReply::Finished(finished) => Json(finished).into_response(),
    })
}

/// A path (and query) of the world as an absolute URL on the origin the client reached.
pub(super) fn absolute(origin: &Url, path: &str) -> Result<String, Refusal> {
    origin.join(path).map(String::from).map_err(|_| Refusal::internal("form an absolute URL"))
}
