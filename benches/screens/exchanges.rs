//! 500 recorded exchanges as a session of polls, status reads and token calls leaves them, for the inspector's frame:
//! bodies serialised from the same realistic accounts the overview shows, headers as the client sends them.

use std::time::Duration;

use bankfeeds_onboard::api::exchange::{Body, Exchange, ExchangeLog, Header, Response, Signing};
use bankfeeds_onboard::api::models::BankAccount;
use jiff::Timestamp;

/// How many exchanges the inspector lists.
pub const EXCHANGES: usize = 500;

/// Records [`EXCHANGES`] exchanges in `log`: three polls for each status read, a token call now and then; returns the
/// number of a status read to select.
pub fn record(log: &ExchangeLog, accounts: &[BankAccount]) -> u64 {
    let list = serde_json::to_string(accounts).unwrap_or_default();
    let started = Timestamp::now();
    for n in 0..EXCHANGES {
        let at = started + Duration::from_millis(u64::try_from(n).unwrap_or(0) * 750);
        let exchange = match n % 5 {
            0 => exchange(at, "GET", "/api/v1/organisations/org-9/companies/co-9/bankaccounts", 200, &list, None),
            1 => exchange(at, "GET", "/api/v1/accesstoken", 200, r#"{"jwt":"[redacted]"}"#, Some(n)),
            _ => {
                let path = format!("/api/v1/linkpolls/l-1f9c2a/{n}");
                let body = format!(
                    r#"{{"pollRoute":"http://127.0.0.1:41234/api/v1/linkpolls/l-1f9c2a/{}?[redacted]","pollPeriod":5000}}"#,
                    n + 1
                );
                exchange(at, "GET", &path, 202, &body, None)
            }
        };
        log.record(exchange);
    }
    log.exchanges().iter().rev().find(|exchange| exchange.path.ends_with("/bankaccounts")).map_or(1, |e| e.id)
}

fn exchange(at: Timestamp, method: &str, path: &str, status: u16, body: &str, signed: Option<usize>) -> Exchange {
    let header = |name: &str, value: &str| Header { name: name.to_owned(), value: value.to_owned() };
    let mut request_headers =
        vec![header("x-application", "sage.integrate.myproduct"), header("user-agent", "bankfeeds-onboard/0.1.0")];
    let signing = signed.map(|n| {
        let nonce = format!("6f1c2b3a-0000-4000-8000-{n:012}");
        request_headers.push(header("x-nonce", &nonce));
        request_headers.push(header("x-signature", "q8hC0b3m0l4M2x2mK6d1bW1e8xQ="));
        Signing { base_string: format!("GET&http%3A%2F%2F127.0.0.1%3A41234%2Fapi%2Fv1%2Faccesstoken&&{nonce}"), nonce }
    });
    if signed.is_none() && path.contains("/organisations/") {
        request_headers.push(header("authorization", "Bearer [redacted]"));
    }
    Exchange {
        id: 0,
        started_at: at,
        duration: Duration::from_micros(1_800),
        method: method.to_owned(),
        url: format!("http://127.0.0.1:41234{path}"),
        path: path.to_owned(),
        request_headers,
        request_body: Body::default(),
        response: Some(Response {
            status,
            headers: vec![
                header("content-type", "application/json"),
                header("content-length", &body.len().to_string()),
            ],
            body: Body::kept(body.as_bytes(), str::to_owned),
        }),
        failure: None,
        signing,
    }
}
