//! Throughput and latency of the standalone emulator under signed `GET /api/v1/accesstoken` on loopback:
//! `cargo bench --bench emulator_load`. Starts `bankfeeds-onboard emulator --listen 127.0.0.1:0` (the binary cargo
//! built for the bench, or `BANKFEEDS_BINARY`), onboards one organisation over HTTP, pre-signs every request (a fresh
//! nonce and X-Signature each, CONTRACT §3), then sends them over `EMULATOR_LOAD_CONNECTIONS` (default 8) keep-alive
//! connections, each one request at a time, and prints requests per second and the latency percentiles.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

#[allow(dead_code, reason = "this bench reads the emulator's answers, not its memory")]
mod emulator_process;

use std::time::{Duration, Instant};

use bankfeeds_onboard::api::Client;
use bankfeeds_onboard::api::assumed::{CaptchaSolution, LicenceDetails};
use bankfeeds_onboard::api::headers::{X_APPLICATION, X_COMPANY_ID, X_NONCE, X_ORGANISATION_ID, X_SIGNATURE};
use bankfeeds_onboard::api::models::{Company, CreatedOrganisation, NewOrganisation, User};
use bankfeeds_onboard::api::redacted::CaptchaAnswer;
use bankfeeds_onboard::api::signing::SignedParts;
use bankfeeds_onboard::config::{AppIdentity, Endpoints};
use emulator_process::Emulator;
use url::Url;

/// Every captcha's answer, so the bench can onboard.
const CAPTCHA_TEXT: &str = "BENCH";
/// Requests sent first and not counted, to open the connections and warm the caches.
const WARM_UP: usize = 2_000;

fn main() {
    let connections = setting("EMULATOR_LOAD_CONNECTIONS", 8);
    let requests = setting("EMULATOR_LOAD_REQUESTS", 50_000);
    let emulator = Emulator::start(&["--captcha-text", CAPTCHA_TEXT]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let identity = AppIdentity::default();
    let created = runtime.block_on(onboard(&emulator.endpoints, identity.clone()));
    let url = emulator.endpoints.banking.join("accesstoken").expect("the accesstoken URL");
    let target = Target { url, identity, created };
    runtime.block_on(run(&target, target.sign(WARM_UP), connections));
    let signed = target.sign(requests);
    let started = Instant::now();
    let mut latencies = runtime.block_on(run(&target, signed, connections));
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    println!(
        "emulator GET accesstoken: {requests} signed requests over {connections} keep-alive connections \
         (after {WARM_UP} to warm up)"
    );
    #[allow(clippy::cast_precision_loss, reason = "a request count far below 2^52")]
    let rate = requests as f64 / elapsed.as_secs_f64();
    let (p50, p99) = (millis(percentile(&latencies, 50)), millis(percentile(&latencies, 99)));
    let max = millis(latencies.last().copied().unwrap_or_default());
    println!("  throughput {rate:.0} req/s; latency p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms");
    println!("figure: emulator accesstoken throughput, {connections} connections (req/s) = {rate:.0} budget >= 10000");
    println!("figure: emulator accesstoken p99 latency, {connections} connections (ms) = {p99:.2} budget <= 10");
}

/// A count from the environment variable `name`, or `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |value| value.parse().expect("a whole number"))
}

/// Licence `ACTIVE`, a captcha, POST organisation: the organisation whose access tokens are asked for.
async fn onboard(endpoints: &Endpoints, identity: AppIdentity) -> CreatedOrganisation {
    let client = Client::new(endpoints.clone(), identity).expect("a client");
    let licence = LicenceDetails::with_serial("ACTIVE");
    client.request_token(&licence).await.expect("the token request is accepted");
    let captcha = client.captcha().await.expect("a captcha");
    let body = NewOrganisation {
        company: Company {
            name: "Bench Ltd".into(),
            postal_code: "NE13 9AA".into(),
            standard_industrial_code: "62012".into(),
            vat_number: "GB123456789".into(),
            language_code: "en-GB".into(),
        },
        crm_id: "bench".into(),
        user: User { email_address: "bench@example.test".into(), identity: "1001".into() },
        licence_details: Some(licence),
        captcha: Some(CaptchaSolution { captcha_id: captcha.captcha_id, answer: CaptchaAnswer::new(CAPTCHA_TEXT) }),
    };
    client.create_organisation(&body, None).await.expect("the organisation is created")
}

/// What every request asks for.
struct Target {
    url: Url,
    identity: AppIdentity,
    created: CreatedOrganisation,
}

/// One pre-signed request: its nonce and X-Signature.
struct Signed {
    nonce: String,
    signature: String,
}

impl Target {
    /// `count` requests, each with a fresh nonce and its signature under the customer's key.
    fn sign(&self, count: usize) -> Vec<Signed> {
        (0..count)
            .map(|_| {
                let nonce = uuid::Uuid::new_v4().to_string();
                let parts = SignedParts { method: "GET", url: &self.url, body: &[], nonce: &nonce };
                let signature = parts.signature(&self.created.token).expect("a signature");
                Signed { nonce, signature }
            })
            .collect()
    }
}

/// Sends `signed` over `connections` keep-alive connections, one request at a time on each; the latency of each.
async fn run(target: &Target, signed: Vec<Signed>, connections: usize) -> Vec<Duration> {
    let mut shares: Vec<Vec<Signed>> = (0..connections).map(|_| Vec::new()).collect();
    for (index, request) in signed.into_iter().enumerate() {
        shares[index % connections].push(request);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for share in shares {
        let http = reqwest::Client::builder().pool_max_idle_per_host(1).build().expect("an HTTP client");
        let (url, product) = (target.url.clone(), target.identity.product_id.clone());
        let (organisation, company) =
            (target.created.organisation_id.as_str().to_owned(), target.created.companies[0].as_str().to_owned());
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(share.len());
            for request in share {
                let sent = Instant::now();
                let response = http
                    .get(url.clone())
                    .header(X_APPLICATION, &product)
                    .header(X_ORGANISATION_ID, &organisation)
                    .header(X_COMPANY_ID, &company)
                    .header(X_NONCE, request.nonce)
                    .header(X_SIGNATURE, request.signature)
                    .send()
                    .await
                    .expect("an answer");
                let status = response.status();
                let body = response.bytes().await.expect("a body");
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                latencies.push(sent.elapsed());
            }
            latencies
        });
    }
    tasks.join_all().await.concat()
}

/// The `p`th percentile of sorted `latencies` (nearest rank).
fn percentile(latencies: &[Duration], p: usize) -> Duration {
    let rank = (latencies.len() * p).div_ceil(100).max(1);
    latencies.get(rank - 1).copied().unwrap_or_default()
}

/// A duration in milliseconds, with fractions.
fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
