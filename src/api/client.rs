//! The HTTP [`Client`] of the Banking Service and the Token Service (and of the local emulator's admin API, on the
//! Banking Service's origin), and the one private pipeline every endpoint goes through: URL joining, `X-Application`,
//! signing, sending, logging, status checks and decoding. The endpoints themselves are thin methods in one file per
//! resource. Knows nothing of the wizard, the UI or the emulator's code.

use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, redirect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::error::ApiError;
use super::exchange::{ExchangeLog, Signing};
use super::headers::{X_APPLICATION, X_NONCE, X_SIGNATURE};
use super::redacted::{Jwt, SigningKey};
use super::redaction::blank_secret_fields;
use super::server_time::ServerTime;
use super::signing::SignedParts;
use crate::config::{AppIdentity, Endpoints};

pub mod decode;
mod recording;
mod reply;

pub(super) use reply::Reply;

/// How long a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole exchange may take, body included, unless [`Client::with_timeout`] says otherwise.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The root of the local emulator's admin API, on the Banking Service's origin.
const EMULATOR_ADMIN_ROOT: &str = "/emulator/admin/";
/// The `User-Agent` of every call.
const USER_AGENT: &str = concat!("bankfeeds-onboard/", env!("CARGO_PKG_VERSION"));

/// The typed client of the Banking Service and the Token Service (CONTRACT.md). Cheap to clone; never follows
/// redirects (the indirect-link calls answer 302 with a JSON body to read); never retries on its own; TLS
/// verification is always on. With an [`ExchangeLog`], every exchange is recorded there, redacted.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    endpoints: Endpoints,
    identity: AppIdentity,
    timeout: Duration,
    exchanges: Option<ExchangeLog>,
    /// The service's clock, as the last answer with a `Date` header gave it (shared by the clones of this client).
    server_time: std::sync::Arc<std::sync::Mutex<Option<ServerTime>>>,
}

impl Client {
    /// A client for the given service roots, sending `identity` with every call. It goes the way the operating system
    /// says: through the proxy named by `HTTPS_PROXY`/`HTTP_PROXY` unless `NO_PROXY` names the host, trusting the
    /// system's certificates (`SSL_CERT_FILE`/`SSL_CERT_DIR` where set).
    pub fn new(endpoints: Endpoints, identity: AppIdentity) -> Result<Self, ApiError> {
        Self::from_builder(endpoints, identity, reqwest::Client::builder())
    }

    /// A client of the emulator inside this process, which no proxy could reach: it never goes through one.
    pub fn in_process(endpoints: Endpoints, identity: AppIdentity) -> Result<Self, ApiError> {
        Self::from_builder(endpoints, identity, reqwest::Client::builder().no_proxy())
    }

    fn from_builder(
        endpoints: Endpoints,
        identity: AppIdentity,
        builder: reqwest::ClientBuilder,
    ) -> Result<Self, ApiError> {
        let http = builder
            .redirect(redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|error| ApiError::NotSent {
                endpoint: "client set-up".to_owned(),
                detail: reply::describe_transport(&error.without_url()),
            })?;
        Ok(Self {
            http,
            endpoints,
            identity,
            timeout: REQUEST_TIMEOUT,
            exchanges: None,
            server_time: std::sync::Arc::default(),
        })
    }

    /// The same client, recording every exchange (redacted) in `log`.
    #[must_use]
    pub fn with_exchange_log(mut self, log: ExchangeLog) -> Self {
        self.exchanges = Some(log);
        self
    }

    /// The same client with another whole-exchange timeout (30 seconds by default); for tests and slow links.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The service roots this client talks to.
    #[must_use]
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// The service's clock as its last answer with a `Date` header gave it.
    #[must_use]
    pub fn server_time(&self) -> Option<ServerTime> {
        *self.server_time.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The product identity this client sends.
    #[must_use]
    pub fn identity(&self) -> &AppIdentity {
        &self.identity
    }

    /// Sends `call` and decodes a 2xx answer as `T`; any other status is an [`ApiError::Status`].
    pub(super) async fn send_json<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ApiError> {
        self.exchange(call).await?.success()?.decode()
    }

    /// Sends `call` and returns whatever came back, without judging the status (for 302 and 202 answers).
    pub(super) async fn exchange(&self, call: Call<'_>) -> Result<Reply, ApiError> {
        let endpoint = call.endpoint();
        let (request, signing) = self.build(&call, &endpoint)?;
        let request = request.build().map_err(|error| ApiError::NotSent {
            endpoint: endpoint.clone(),
            detail: reply::describe_transport(&error.without_url()),
        })?;
        let sent = self.exchanges.as_ref().map(|_| recording::Sent::of(&request, &call, signing));
        let (started, started_at) = (Instant::now(), jiff::Timestamp::now());
        let outcome = match self.http.execute(request).await {
            Ok(response) => Reply::read(response, endpoint.clone(), self.timeout).await,
            Err(error) => Err(reply::transport_error(error, endpoint.clone(), self.timeout)),
        };
        let elapsed = started.elapsed();
        if let Some(server_time) = outcome.as_ref().ok().and_then(|reply| ServerTime::of(reply.headers())) {
            *self.server_time.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(server_time);
        }
        if let (Some(log), Some(sent)) = (&self.exchanges, sent) {
            log.record(sent.answered(started_at, elapsed, &outcome));
        }
        let elapsed_ms = elapsed.as_millis();
        // Only the method, the path, the status and the time: never headers, bodies or secrets. `outcome` holds
        // no status error yet, so an error here is a transport one, whose text names no URL and no body.
        match &outcome {
            Ok(reply) => {
                tracing::debug!(method = %call.method, path = call.path(), status = reply.status(), elapsed_ms, "exchange");
            }
            Err(error) => {
                tracing::debug!(method = %call.method, path = call.path(), elapsed_ms, %error, "exchange failed");
            }
        }
        outcome
    }

    /// The request of `call`: URL, `X-Application`, extra headers, body and, for signed calls, the signature; with
    /// how it was signed when the exchange is recorded.
    fn build(&self, call: &Call<'_>, endpoint: &str) -> Result<(reqwest::RequestBuilder, Option<Signing>), ApiError> {
        let not_sent = |detail: String| ApiError::NotSent { endpoint: endpoint.to_owned(), detail };
        let mut url = match &call.target {
            Target::Path(service, path) => {
                let formed = match service {
                    Service::Banking => join(&self.endpoints.banking, path),
                    Service::TokenService => join(&self.endpoints.token_service, path),
                    Service::EmulatorAdmin => {
                        self.endpoints.banking.join(EMULATOR_ADMIN_ROOT).and_then(|root| join(&root, path))
                    }
                };
                formed.map_err(|error| not_sent(format!("the URL could not be formed: {error}")))?
            }
            Target::Route(url) => {
                if url.origin() != self.endpoints.banking.origin() {
                    return Err(not_sent(format!(
                        "the route is on {}, not on the Banking Service ({}); nothing was sent to it",
                        url.origin().ascii_serialization(),
                        self.endpoints.banking.origin().ascii_serialization()
                    )));
                }
                (*url).clone()
            }
        };
        if !call.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &call.query {
                pairs.append_pair(name, value);
            }
        }
        let mut request = self.http.request(call.method.clone(), url.clone()).timeout(self.timeout).header(
            HeaderName::from_static(X_APPLICATION),
            header_value(X_APPLICATION, &self.identity.product_id).map_err(not_sent)?,
        );
        if let Some(token) = call.bearer {
            let value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| not_sent("the access token contains characters a header cannot hold".to_owned()))?;
            request = request.header(AUTHORIZATION, value);
        }
        for (name, value) in &call.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| not_sent(format!("\"{name}\" is not a valid header name")))?;
            request = request.header(header, header_value(name, value).map_err(not_sent)?);
        }
        let mut signing = None;
        if let Some(key) = call.signing_key {
            let nonce = uuid::Uuid::new_v4().to_string();
            let parts = SignedParts { method: call.method.as_str(), url: &url, body: &call.body, nonce: &nonce };
            let signature = parts.signature(key).map_err(|error| ApiError::signing(endpoint, &error))?;
            if self.exchanges.is_some() {
                let shown_body = blank_secret_fields(&String::from_utf8_lossy(&call.body));
                let shown = SignedParts { body: shown_body.as_bytes(), ..parts };
                signing = shown.base_string().ok().map(|base_string| Signing { nonce: nonce.clone(), base_string });
            }
            request = request
                .header(HeaderName::from_static(X_NONCE), header_value(X_NONCE, &nonce).map_err(not_sent)?)
                .header(HeaderName::from_static(X_SIGNATURE), header_value(X_SIGNATURE, &signature).map_err(not_sent)?);
        }
        if !call.body.is_empty() {
            request =
                request.header(CONTENT_TYPE, HeaderValue::from_static("application/json")).body(call.body.clone());
        }
        Ok((request, signing))
    }
}

/// Which service a call goes to.
#[derive(Clone, Copy, Debug)]
#[expect(clippy::enum_variant_names, reason = "the Token Service is that service's own name")]
pub(super) enum Service {
    /// The Banking Service consumer API.
    Banking,
    /// The Token Service.
    TokenService,
    /// The local emulator's admin API (loopback only): [`EMULATOR_ADMIN_ROOT`] on the Banking Service's origin.
    EmulatorAdmin,
}

/// Where a call goes.
enum Target<'a> {
    /// A path relative to a service's root (no leading `/`, no query string).
    Path(Service, &'a str),
    /// A whole URL the Banking Service handed out (a poll route); it must be on the Banking Service's origin.
    Route(&'a Url),
}

/// One call, described before it is sent: the endpoint files build these and hand them to [`Client::send_json`].
pub(super) struct Call<'a> {
    method: Method,
    target: Target<'a>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    signing_key: Option<&'a SigningKey>,
    bearer: Option<&'a Jwt>,
}

impl<'a> Call<'a> {
    /// A call of `method` to `path`, relative to the root of `service` (no leading `/`, no query string).
    pub(super) fn new(method: Method, service: Service, path: &'a str) -> Self {
        Self::to(method, Target::Path(service, path))
    }

    /// A call of `method` to a whole URL the Banking Service handed out; refused unless it is on the Banking
    /// Service's origin, so nothing of ours goes to another host.
    pub(super) fn route(method: Method, url: &'a Url) -> Self {
        Self::to(method, Target::Route(url))
    }

    fn to(method: Method, target: Target<'a>) -> Self {
        Self {
            method,
            target,
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
            signing_key: None,
            bearer: None,
        }
    }

    /// Adds a query parameter (URL-encoded when sent, and signed as CONTRACT §3 says when the call is signed).
    pub(super) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    /// Sends `Authorization: Bearer` with `token`.
    pub(super) fn bearer(mut self, token: &'a Jwt) -> Self {
        self.bearer = Some(token);
        self
    }

    /// Adds a header (`X-Application` is always sent; do not add it here).
    pub(super) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sets the body: `body` serialised to JSON once; these exact bytes are signed and sent.
    pub(super) fn json(mut self, body: &impl Serialize) -> Result<Self, ApiError> {
        self.body = serde_json::to_vec(body).map_err(|error| ApiError::NotSent {
            endpoint: self.endpoint(),
            detail: format!("the body could not be serialised: {error}"),
        })?;
        Ok(self)
    }

    /// Signs the call (`X-Nonce` and `X-Signature`, CONTRACT §3) with `key`; `None` leaves it unsigned.
    pub(super) fn signed_with(mut self, key: Option<&'a SigningKey>) -> Self {
        self.signing_key = key;
        self
    }

    /// `METHOD path`: how errors and logs name the call. Never a query string, never a header, never a route's
    /// signature.
    fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path())
    }

    /// True when the call goes to a single-use route handed out by the service (its query is a secret).
    fn is_route(&self) -> bool {
        matches!(self.target, Target::Route(_))
    }

    /// The path as logs name it: relative to the service root, or the route's path.
    fn path(&self) -> &str {
        match &self.target {
            Target::Path(_, path) => path,
            Target::Route(url) => url.path(),
        }
    }
}

/// `root` with `path` appended below it, whether or not `root` ends in `/`.
fn join(root: &Url, path: &str) -> Result<Url, url::ParseError> {
    if root.path().ends_with('/') {
        root.join(path)
    } else {
        let mut root = root.clone();
        root.set_path(&format!("{}/", root.path()));
        root.join(path)
    }
}

/// A header value, or a sentence saying which header could not hold it (the value itself is never repeated).
fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value)
        .map_err(|_| format!("the {name} header value contains characters a header cannot hold"))
}

#[cfg(test)]
mod tests;
