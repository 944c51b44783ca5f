//! The aggregator's consent page (CONTRACT §10), which the system browser opens: `GET` shows the form, or the outcome
//! of a finished consent; `POST` records Approve or Deny once, committed before the page answers. HTML answers, never
//! JSON; no `X-Application` (a browser sends none). Thin: the world decides, `consent_page` writes the HTML.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use axum::response::{Html, IntoResponse, Response};
use jiff::Timestamp;

use super::AppState;
use crate::emulator::consent_page;
use crate::emulator::world::{Decision, World};

/// What the pages may load: their own inline styles and data-URI logos; forms post back to the emulator only.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'";

/// An HTML answer that no cache keeps.
fn html(status: StatusCode, page: String) -> Response {
    (status, [(CACHE_CONTROL, "no-store"), (CONTENT_SECURITY_POLICY, POLICY)], Html(page)).into_response()
}

/// `GET /aggregator/consent/{linkId}`.
pub(super) async fn show(State(state): State<AppState>, Path(link_id): Path<String>) -> Response {
    let world = state.world().await;
    match world.consent(&link_id) {
        None => html(StatusCode::NOT_FOUND, consent_page::not_found()),
        Some(link) => match link.outcome_at(Timestamp::now()) {
            Some(outcome) => html(StatusCode::OK, consent_page::finished(link, outcome, false)),
            None => html(StatusCode::OK, consent_page::form(link)),
        },
    }
}

/// `POST /aggregator/consent/{linkId}` with the form's fields: `decision` (`approve` or `deny`) and `account` when
/// its box is ticked.
pub(super) async fn decide(
    State(state): State<AppState>,
    Path(link_id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let fields: Vec<(String, String)> =
        body.map(|bytes| url::form_urlencoded::parse(&bytes).into_owned().collect()).unwrap_or_default();
    let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let decision = match field("decision") {
        Some("approve") => Some(Decision::Approve { share: field("account").is_some_and(|key| !key.is_empty()) }),
        Some("deny") => Some(Decision::Deny),
        _ => None,
    };
    state.change(|world| record_decision(world, &link_id, decision)).await.unwrap_or_else(IntoResponse::into_response)
}

/// Records `decision` on the consent `link_id`, unless it ended already, and the page that says what happened.
fn record_decision(world: &mut World, link_id: &str, decision: Option<Decision>) -> Response {
    let Some(link) = world.consent(link_id) else {
        return html(StatusCode::NOT_FOUND, consent_page::not_found());
    };
    let now = Timestamp::now();
    if let Some(outcome) = link.outcome_at(now) {
        return html(StatusCode::OK, consent_page::finished(link, outcome, false));
    }
    let Some(decision) = decision else {
        return html(StatusCode::BAD_REQUEST, consent_page::no_decision());
    };
    match world.decide(link_id, decision, now) {
        Some((link, fresh)) => match link.decided {
            Some((outcome, _)) => html(StatusCode::OK, consent_page::finished(link, outcome, fresh)),
            None => html(StatusCode::INTERNAL_SERVER_ERROR, consent_page::no_decision()),
        },
        None => html(StatusCode::NOT_FOUND, consent_page::not_found()),
    }
}
