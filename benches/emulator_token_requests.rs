//! `requestToken` throughput of the standalone emulator as the Token Service requests it remembers grow:
//! `cargo bench --bench emulator_token_requests`. Starts `bankfeeds-onboard emulator --listen 127.0.0.1:0` (the binary
//! cargo built for the bench, or `BANKFEEDS_BINARY`), then for each level of `EMULATOR_TOKEN_LEVELS` (default
//! `1000,100000`) fills the emulator with that many remembered requests (one serial each, `BENCH-<n>`, all alive for
//! the configured lifetime), and times `EMULATOR_TOKEN_REQUESTS` (default 50,000) more `POST /sts/api/v1/requestToken`
//! over `EMULATOR_TOKEN_CONNECTIONS` (default 8) keep-alive connections, each one request at a time. The timed requests
//! ask again for serials already remembered, so the count stays at the level while they run. Prints requests per second
//! at each level: a request should cost the same at 100,000 remembered as at 1,000.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

#[allow(dead_code, reason = "this bench reads the emulator's answers, not its memory")]
mod emulator_process;

use std::time::{Duration, Instant};

use bankfeeds_onboard::api::headers::{X_APPLICATION, X_PROVIDER};
use bankfeeds_onboard::config::AppIdentity;
use emulator_process::Emulator;
use url::Url;

fn main() {
    let levels: Vec<usize> = std::env::var("EMULATOR_TOKEN_LEVELS")
        .unwrap_or_else(|_| "1000,100000".to_owned())
        .split(',')
        .map(|level| level.trim().parse().expect("a whole number of remembered requests"))
        .collect();
    let timed = setting("EMULATOR_TOKEN_REQUESTS", 50_000);
    let connections = setting("EMULATOR_TOKEN_CONNECTIONS", 8).max(1);
    let emulator = Emulator::start(&[]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let target = Target {
        url: emulator.endpoints.token_service.join("requestToken").expect("the requestToken URL"),
        identity: AppIdentity::default(),
    };
    println!(
        "emulator POST requestToken: {timed} timed requests at each level over {connections} keep-alive connections"
    );
    let mut remembered = 0;
    for level in levels {
        let filling = Instant::now();
        runtime.block_on(target.send((remembered..level.max(remembered)).collect(), connections));
        remembered = remembered.max(level);
        let filled_in = filling.elapsed();
        let serials: Vec<usize> = (0..timed).map(|n| n % remembered.max(1)).collect();
        let started = Instant::now();
        runtime.block_on(target.send(serials, connections));
        let elapsed = started.elapsed();
        #[allow(clippy::cast_precision_loss, reason = "a request count far below 2^52")]
        let rate = timed as f64 / elapsed.as_secs_f64();
        println!("  {remembered} remembered (filled in {:.1} s): {rate:.0} requestToken/s", filled_in.as_secs_f64());
        println!("figure: emulator requestToken throughput at {remembered} remembered (req/s) = {rate:.0}");
    }
}

/// A count from the environment variable `name`, or `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().map_or(default, |value| value.parse().expect("a whole number"))
}

/// Where the requests go and who sends them.
struct Target {
    url: Url,
    identity: AppIdentity,
}

impl Target {
    /// Sends one `requestToken` for each serial number in `serials` over `connections` keep-alive connections, one
    /// request at a time on each; every answer must be 200.
    async fn send(&self, serials: Vec<usize>, connections: usize) {
        let mut shares: Vec<Vec<usize>> = (0..connections).map(|_| Vec::new()).collect();
        for (index, serial) in serials.into_iter().enumerate() {
            shares[index % connections].push(serial);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for share in shares {
            let http = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_mins(1))
                .build()
                .expect("an HTTP client");
            let url = self.url.clone();
            let (product, provider) = (self.identity.product_id.clone(), self.identity.provider_id.clone());
            tasks.spawn(async move {
                for serial in share {
                    let body =
                        format!(r#"{{"licenceDetails":{{"serial":"BENCH-{serial}"}},"version":0,"origin":"Desktop"}}"#);
                    let response = http
                        .post(url.clone())
                        .header(X_APPLICATION, &product)
                        .header(X_PROVIDER, &provider)
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body)
                        .send()
                        .await
                        .expect("an answer");
                    let status = response.status();
                    let answer = response.bytes().await.expect("a body");
                    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
                }
            });
        }
        tasks.join_all().await;
    }
}
