//! The emulator's HTTP surface: thin axum handlers that read headers and RAW bodies, call the world under its lock
//! (never held across an await; a change of its durable part is committed before answering, see `durable`, and one that
//! cannot be committed is undone and answered 503 `stateNotSaved`) and answer JSON (the consent page answers HTML); the
//! JSON 404/405 fallbacks, the body limit, the scenario's latency (read live from the world), its injected fault
//! (`faults`) and request logging. Onboarding is here; banks and linking, bank accounts, multi-account link,
//! re-authorisation and removal, the consent page and the admin API have their own files. Logs method, path and status
//! only: never a key, a JWT, a captcha answer, a poll route's secret or a body.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use jiff::Timestamp;

use super::auth::SignedRequest;
use super::captcha;
use super::faults;
use super::headers::{self, Scheme};
use super::refusal::Refusal;
use super::world::{self, POLL_ROUTE_PREFIX};
use crate::api::assumed::{Captcha, TokenRequest, TokenRequestAccepted};
use crate::api::headers::{X_COMPANY_ID, X_ORGANISATION_ID};
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::{AccessToken, CreatedOrganisation};

mod accounts;
mod admin;
mod candidates;
mod consent;
mod linking;
mod reauth;
mod state;

pub use self::admin::ADMIN_PREFIX;
pub use self::state::AppState;

/// The path of a company's resources.
const COMPANY: &str = "/api/v1/organisations/{organisation}/companies/{company}";

/// The path of a company's bank accounts.
const BANK_ACCOUNTS: &str = "/api/v1/organisations/{organisation}/companies/{company}/bankaccounts";

/// The paths of the Banking Service's API, which the scenario's latency delays.
const BANKING_API_PREFIX: &str = "/api/v1/";

/// The largest body accepted: 64 KiB. Larger bodies answer 413 `bodyTooLarge`.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Every route of both services on one router, with the fallbacks, the body limit and logging.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/sts/api/v1/requestToken", post(request_token))
        .route("/api/v1/captcha", get(issue_captcha))
        .route("/api/v1/organisations", post(create_organisation))
        .route("/api/v1/accesstoken", get(access_token))
        .route("/api/v1/banks", get(linking::banks))
        .route("/api/v1/banks/{bank_id}", get(linking::bank))
        .route(
            "/api/v1/organisations/{organisation}/companies/{company}/indirectlinkaccount",
            get(linking::indirect_link),
        )
        .route(&format!("{POLL_ROUTE_PREFIX}/{{link}}/{{n}}"), get(linking::poll))
        .route(&format!("{}/{{link}}", world::CONSENT_PREFIX), get(consent::show).post(consent::decide))
        .route(BANK_ACCOUNTS, get(accounts::list).post(accounts::create))
        .route(&format!("{BANK_ACCOUNTS}/{{account}}"), get(accounts::one).delete(reauth::delete))
        .route(&format!("{BANK_ACCOUNTS}/{{account}}/indirectauth"), get(reauth::indirect_auth))
        .route(&format!("{ADMIN_PREFIX}/bankaccounts/{{account}}/authrequired"), post(admin::auth_required))
        .route(&format!("{ADMIN_PREFIX}/jwts/expire"), post(admin::expire_jwts))
        .route(&format!("{ADMIN_PREFIX}/scenario"), get(admin::scenario).put(admin::set_scenario))
        .route(&format!("{ADMIN_PREFIX}/reset"), post(admin::reset))
        .route(&format!("{COMPANY}/availablebankaccounts"), get(candidates::available))
        .route(&format!("{COMPANY}/linkavailablebankaccount"), post(candidates::link))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(no_such_route)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), add_latency))
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.retry_after {
            Some(seconds) => (status, [(RETRY_AFTER, seconds.to_string())], Json(self.into_body())).into_response(),
            None => (status, Json(self.into_body())).into_response(),
        }
    }
}

/// `POST /sts/api/v1/requestToken`.
async fn request_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<TokenRequestAccepted>, Refusal> {
    let product = headers::require_application(&headers, &state.identity)?;
    headers::require_provider(&headers, &state.identity)?;
    let request: TokenRequest = world::parse_body(&received(body)?)?;
    state.change(|world| world.request_token(&product, &request, Timestamp::now())).await?.map(Json)
}

/// `GET /api/v1/captcha`: the image is drawn off the async threads, outside the lock. A captcha whose image could
/// not be drawn is withdrawn, so that none stays open that nobody was shown.
async fn issue_captcha(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Captcha>, Refusal> {
    headers::require_application(&headers, &state.identity)?;
    let issued = state.world().await.issue_captcha(Timestamp::now());
    let text = issued.answer.clone();
    let drawn = tokio::task::spawn_blocking(move || captcha::render_png_base64(text.expose()))
        .await
        .map_err(|_| Refusal::internal("draw the captcha image"))
        .and_then(|drawn| drawn.map_err(|error| Refusal::internal(&format!("draw the captcha image ({error})"))));
    match drawn {
        Ok(image) => Ok(Json(Captcha { captcha_id: issued.id, image, expires_at: issued.expires_at })),
        Err(refusal) => {
            state.world().await.withdraw_captcha(&issued.id);
            Err(refusal)
        }
    }
}

/// `POST /api/v1/organisations`: signed with the application key (web product) or with licence and captcha; the
/// world tells which by whether the request came signed.
async fn create_organisation(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    scheme: Scheme,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CreatedOrganisation>, Refusal> {
    let product = headers::require_application(&headers, &state.identity)?;
    let body = received(body)?;
    let signature = headers::signature_headers(&headers)?;
    let url = signature.as_ref().map(|_| headers::request_url(scheme, &headers, &uri)).transpose()?;
    let signed = signature
        .as_ref()
        .zip(url.as_ref())
        .map(|(signature, url)| SignedRequest::received(method.as_str(), url, &body, signature));
    state.change(|world| world.create_organisation_request(&product, &body, signed, Timestamp::now())).await?.map(Json)
}

/// `GET /api/v1/accesstoken`: signed with the customer's key.
async fn access_token(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    scheme: Scheme,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AccessToken>, Refusal> {
    let product = headers::require_application(&headers, &state.identity)?;
    let body = received(body)?;
    let signature = headers::require_signature(&headers)?;
    let organisation = OrganisationId(headers::require(&headers, X_ORGANISATION_ID)?);
    let company = CompanyId(headers::require(&headers, X_COMPANY_ID)?);
    let url = headers::request_url(scheme, &headers, &uri)?;
    let request = SignedRequest::received(method.as_str(), &url, &body, &signature);
    state.world().await.access_token(&product, &organisation, &company, &request, Timestamp::now()).map(Json)
}

/// Any path this service does not serve: 404 `notFound`.
async fn no_such_route(method: Method, uri: Uri) -> Refusal {
    Refusal::no_such_route(method.as_str(), uri.path())
}

/// A served path with another method: 405 `methodNotAllowed`.
async fn method_not_allowed(method: Method, uri: Uri) -> Refusal {
    Refusal::method_not_allowed(method.as_str(), uri.path())
}

/// The body bytes as received, or 413 past the limit.
fn received(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Refusal> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::body_too_large(BODY_LIMIT)
        } else {
            Refusal::invalid_body("it could not be read to the end")
        }
    })
}

/// Waits the scenario's latency, as in force when the request arrives, before a Banking Service API request is
/// answered (none by default); the world's lock is not held while waiting.
async fn add_latency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with(BANKING_API_PREFIX) {
        let latency = state.world().await.latency();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
    }
    next.run(request).await
}

/// Logs each request's method, path (no query) and status at debug level.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::debug!(%method, %path, status = response.status().as_u16(), "emulator answered");
    response
}
