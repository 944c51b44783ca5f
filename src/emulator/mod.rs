//! The local emulator of the Sage Banking Service and Token Service (CONTRACT §10): a real axum server on loopback,
//! serving both on one port, over a pure in-memory `world` whose live test scenario (`api::Scenario`) the loopback-only
//! admin API switches. Started in-process by the runtime, durable (`durable`: committed to a state file before
//! answering), or alone from the command line, in memory only, over HTTP or HTTPS (`tls`); served either way by
//! `server`, which closes idle and half-sent connections and caps how many are open. Imports nothing of the wizard or
//! the UI; shares its wire types with the client through `api`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use self::headers::Scheme;
use self::tls::Tls;
use crate::api::Scenario;
use crate::api::redacted::SigningKey;
use crate::config::{AppIdentity, Endpoints, Profile};

pub mod auth;
pub mod banks;
pub mod captcha;
pub mod consent_page;
pub mod durable;
pub mod faults;
pub mod fixtures;
pub mod headers;
pub mod jwt;
pub mod random;
pub mod refusal;
pub mod routes;
pub mod server;
pub mod tls;
pub mod world;

#[cfg(test)]
mod tests;

/// How the emulator behaves. `Default` is the QA profile, the documented test identity and a fresh random
/// application signing key.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Sets the organisationLimit enforced per customer and product (QA unlimited, pre-production 15, production 1).
    pub profile: Profile,
    /// When set, every captcha's answer is this text (the image shows it); otherwise answers are random.
    pub captcha_text: Option<String>,
    /// How long a captcha may be answered.
    pub captcha_lifetime: Duration,
    /// How long an access token (JWT) lives, in whole seconds (`exp` is in seconds).
    pub jwt_lifetime: Duration,
    /// How long a Token Service request stays valid for POST organisation; then it is forgotten.
    pub token_request_lifetime: Duration,
    /// How long a link (its consent page and poll routes) is remembered after it started; then it is forgotten
    /// ([`world::LINK_MEMORY`], 24 hours, by default). Shorter only for load tests, whose links would pile up.
    pub link_memory: Duration,
    /// The product ID (`X-Application`) and provider ID (`x-provider`) served.
    pub identity: AppIdentity,
    /// The application signing key that web products sign POST organisation with: the emulator's own, never real.
    pub application_key: SigningKey,
    /// The `pollPeriod` the emulator asks clients to wait between polls of a link (3 seconds by default; sent in
    /// whole milliseconds).
    pub poll_period: Duration,
    /// How many more polls of `Emulator Slow Bank` answer 202 after the person approved (3 by default).
    pub slow_bank_polls: u32,
    /// How long a new bank account stays `pending` before it turns `active` (5 seconds by default).
    pub activation_delay: Duration,
    /// When set, every N successful `linkavailablebankaccount` calls under an authorisation replace the IDs of all
    /// its candidates not linked yet, so that IDs listed before answer 404 `candidateNotFound` (off by default).
    pub refresh_candidates_after_links: Option<u32>,
    /// When set, at most this many `linkavailablebankaccount` requests per second per company; more answer 429
    /// `rateLimited` with `Retry-After` (off by default).
    pub link_rate_limit: Option<u32>,
    /// How long after its creation each account of `Emulator Expiring Bank` turns `authRequired` (30 seconds by
    /// default); re-authorising it makes it `active` again for good.
    pub expiring_bank_after: Duration,
    /// The test scenario in force at start (normal by default), which the admin API switches live; its `latencyMs`
    /// is added before answering each Banking Service API request (`/api/v1/…`). Never saved: a restart starts from
    /// this again.
    pub scenario: Scenario,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            profile: Profile::Qa,
            captcha_text: None,
            captcha_lifetime: Duration::from_mins(5),
            jwt_lifetime: Duration::from_mins(20),
            token_request_lifetime: Duration::from_hours(1),
            link_memory: world::LINK_MEMORY,
            identity: AppIdentity::default(),
            application_key: random::signing_key(&mut rand::rng()),
            poll_period: Duration::from_secs(3),
            slow_bank_polls: 3,
            activation_delay: Duration::from_secs(5),
            refresh_candidates_after_links: None,
            link_rate_limit: None,
            expiring_bank_after: Duration::from_secs(30),
            scenario: Scenario::default(),
        }
    }
}

/// A running emulator. [`EmulatorHandle::shutdown`] stops it gracefully; dropping the handle stops it too.
#[derive(Debug)]
pub struct EmulatorHandle {
    local_addr: SocketAddr,
    endpoints: Endpoints,
    application_key: SigningKey,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<()>,
}

impl EmulatorHandle {
    /// The two service roots, each ending in `/`: `http://127.0.0.1:PORT/api/v1/` and
    /// `http://127.0.0.1:PORT/sts/api/v1/` (`https://` when started with [`start_tls`]).
    #[must_use]
    pub fn endpoints(&self) -> Endpoints {
        self.endpoints.clone()
    }

    /// The address it listens on.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The application signing key that web products sign POST organisation with.
    #[must_use]
    pub fn application_key(&self) -> &SigningKey {
        &self.application_key
    }

    /// Stops accepting connections, closes idle ones, lets requests in flight finish, and waits until the server has
    /// stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may already have stopped on its own, which is what we want anyway.
            stop.send(()).ok();
        }
        match (&mut self.server).await {
            Ok(()) => tracing::debug!(addr = %self.local_addr, "emulator stopped"),
            Err(error) => tracing::warn!(%error, "the emulator's server task ended abnormally"),
        }
    }
}

/// Binds `listen` (port 0 picks a free port), spawns the server on the current tokio runtime and returns once it
/// is listening. Its world lives in memory only.
pub async fn start(listen: SocketAddr, config: EmulatorConfig) -> std::io::Result<EmulatorHandle> {
    start_over(listen, config, None).await
}

/// As [`start`], over HTTPS: every connection's handshake is accepted with `tls` (see [`Tls::own_authority`] and
/// [`Tls::from_files`]), and the endpoints say `https://`.
pub async fn start_tls(listen: SocketAddr, config: EmulatorConfig, tls: &Tls) -> std::io::Result<EmulatorHandle> {
    start_over(listen, config, Some(tls)).await
}

/// [`start`] or [`start_tls`].
async fn start_over(listen: SocketAddr, config: EmulatorConfig, tls: Option<&Tls>) -> std::io::Result<EmulatorHandle> {
    let listener = TcpListener::bind(listen).await?;
    let application_key = config.application_key.clone();
    let identity = config.identity.clone();
    let world = world::World::new(config, StdRng::from_os_rng());
    serve_over(listener, routes::AppState::new(world, identity), application_key, tls)
}

/// Serves `state` on `listener` over plain HTTP (see [`serve_over`]).
fn serve(
    listener: TcpListener,
    state: routes::AppState,
    application_key: SigningKey,
) -> std::io::Result<EmulatorHandle> {
    serve_over(listener, state, application_key, None)
}

/// Serves `state` on `listener` within the server's limits for this process (`server::Limits::for_this_process`),
/// over TLS when `tls` is given, spawned on the current tokio runtime; the admin endpoint only on loopback.
fn serve_over(
    listener: TcpListener,
    state: routes::AppState,
    application_key: SigningKey,
    tls: Option<&Tls>,
) -> std::io::Result<EmulatorHandle> {
    let local_addr = listener.local_addr()?;
    let scheme = if tls.is_some() { Scheme::Https } else { Scheme::Http };
    let endpoints = endpoints_for(local_addr, scheme)?;
    let app = routes::router(state.with_admin(local_addr.ip().is_loopback())).layer(axum::Extension(scheme));
    let (stop, stopped) = oneshot::channel::<()>();
    let acceptor = tls.map(Tls::acceptor);
    let server = tokio::spawn(server::serve(listener, app, server::Limits::for_this_process(), acceptor, async move {
        if stopped.await.is_err() {
            tracing::debug!("the emulator's handle was dropped; stopping");
        }
    }));
    tracing::info!(%local_addr, scheme = scheme.as_str(), "emulator listening");
    Ok(EmulatorHandle { local_addr, endpoints, application_key, stop: Some(stop), server })
}

/// The service roots for a listening address on `scheme`; an unspecified address (0.0.0.0, ::) is reached on
/// loopback.
fn endpoints_for(addr: SocketAddr, scheme: Scheme) -> std::io::Result<Endpoints> {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let root = SocketAddr::new(ip, addr.port());
    let parse = |path: &str| Url::parse(&format!("{}://{root}{path}", scheme.as_str())).map_err(std::io::Error::other);
    Ok(Endpoints { banking: parse("/api/v1/")?, token_service: parse("/sts/api/v1/")? })
}
