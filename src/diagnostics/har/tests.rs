//! HAR 1.2 built from exchanges (signed, with a body, failed) passes the structure check, which itself refuses broken
//! documents.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::*;
use crate::api::exchange::{Body, Exchange, Header, Response, Signing};

fn header(name: &str, value: &str) -> Header {
    Header { name: name.to_owned(), value: value.to_owned() }
}

fn body(text: &str) -> Body {
    Body { text: text.to_owned(), size: text.len(), cut: false }
}

fn at(millisecond: i64) -> Timestamp {
    Timestamp::from_millisecond(1_795_342_800_000 + millisecond).expect("a time")
}

fn signed_get() -> Exchange {
    Exchange {
        id: 1,
        started_at: at(123),
        duration: Duration::from_micros(41_500),
        method: "GET".to_owned(),
        url: "http://127.0.0.1:4000/api/v1/banks?countryCode=GB&name=caf%C3%A9".to_owned(),
        path: "/api/v1/banks".to_owned(),
        request_headers: vec![header("x-nonce", "n-1"), header("authorization", "Bearer [redacted]")],
        request_body: Body::default(),
        response: Some(Response {
            status: 200,
            headers: vec![header("content-type", "application/json")],
            body: body(r#"[{"id":"b1"}]"#),
        }),
        failure: None,
        signing: Some(Signing { nonce: "n-1".to_owned(), base_string: "GET&http%3A%2F%2F127.0.0.1&n-1".to_owned() }),
    }
}

fn json_post() -> Exchange {
    Exchange {
        id: 2,
        started_at: at(2_000),
        duration: Duration::from_millis(250),
        method: "POST".to_owned(),
        url: "http://127.0.0.1:4000/api/v1/organisations".to_owned(),
        path: "/api/v1/organisations".to_owned(),
        request_headers: vec![header("content-type", "application/json")],
        request_body: body(r#"{"name":"Acme"}"#),
        response: Some(Response {
            status: 302,
            headers: vec![header("Location", "https://bank.example/consent")],
            body: Body { text: "x".repeat(10), size: 900_000, cut: true },
        }),
        failure: None,
        signing: None,
    }
}

fn refused() -> Exchange {
    Exchange {
        id: 3,
        started_at: at(5_000),
        duration: Duration::from_millis(3),
        method: "GET".to_owned(),
        url: "not a url".to_owned(),
        path: String::new(),
        request_headers: Vec::new(),
        request_body: Body::default(),
        response: None,
        failure: Some("connection refused".to_owned()),
        signing: None,
    }
}

fn document() -> Value {
    let exchanges: Vec<Arc<Exchange>> = [signed_get(), json_post(), refused()].into_iter().map(Arc::new).collect();
    har(&exchanges).to_value().expect("JSON")
}

#[test]
fn a_har_of_a_signed_get_a_post_and_a_failure_has_the_structure_of_har_1_2() {
    let document = document();
    assert_eq!(check_har_structure(&document), Ok(()));
    assert_eq!(document["log"]["version"], "1.2");
    assert_eq!(document["log"]["creator"], json!({"name": "bankfeeds-onboard", "version": env!("CARGO_PKG_VERSION")}));
    assert_eq!(document["log"]["entries"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_signed_get_carries_its_query_its_timing_and_how_it_was_signed() {
    let entry = &document()["log"]["entries"][0];
    assert_eq!(entry["startedDateTime"], "2026-11-22T10:20:00.123Z");
    assert_eq!(entry["time"], 41.5);
    assert_eq!(entry["timings"]["wait"], 41.5);
    assert_eq!(entry["timings"]["dns"], -1.0);
    let request = &entry["request"];
    assert_eq!(
        request["queryString"],
        json!([{"name": "countryCode", "value": "GB"}, {"name": "name", "value": "café"}])
    );
    assert_eq!(request["_signing"], json!({"nonce": "n-1", "baseString": "GET&http%3A%2F%2F127.0.0.1&n-1"}));
    assert!(request["comment"].as_str().is_some_and(|comment| comment.contains("nonce")));
    assert!(request.get("postData").is_none());
    assert_eq!((request["bodySize"].as_i64(), request["headersSize"].as_i64()), (Some(0), Some(-1)));
    let response = &entry["response"];
    assert_eq!((response["status"].as_u64(), response["statusText"].as_str()), (Some(200), Some("OK")));
    assert_eq!(response["content"]["mimeType"], "application/json");
    assert_eq!(response["content"]["text"], r#"[{"id":"b1"}]"#);
    assert_eq!(response["redirectURL"], "");
}

#[test]
fn a_post_keeps_its_body_its_redirect_and_says_when_an_answer_was_cut() {
    let entry = &document()["log"]["entries"][1];
    assert_eq!(entry["request"]["postData"], json!({"mimeType": "application/json", "text": r#"{"name":"Acme"}"#}));
    assert_eq!(entry["request"]["bodySize"], 15);
    let response = &entry["response"];
    assert_eq!(response["statusText"], "Found");
    assert_eq!(response["redirectURL"], "https://bank.example/consent");
    assert_eq!(response["content"]["mimeType"], "application/octet-stream");
    assert_eq!(response["content"]["size"], 900_000);
    assert!(response["content"]["comment"].as_str().is_some_and(|comment| comment.starts_with("Cut")));
}

#[test]
fn an_exchange_without_an_answer_is_still_an_entry_with_its_failure() {
    let entry = &document()["log"]["entries"][2];
    assert_eq!(entry["response"]["status"], 0);
    assert_eq!(entry["response"]["statusText"], "");
    assert_eq!(entry["response"]["_error"], "No answer arrived: connection refused");
    assert_eq!(entry["comment"], "No answer arrived: connection refused");
    assert_eq!(entry["request"]["queryString"], json!([]));
}

#[test]
fn an_empty_session_is_a_valid_har_without_entries() {
    let empty = har(&[]);
    assert!(empty.is_empty());
    assert_eq!(check_har_structure(&empty.to_value().expect("JSON")), Ok(()));
    let bytes = empty.to_json().expect("JSON");
    let parsed: Value = serde_json::from_slice(&bytes).expect("parses back");
    assert_eq!(parsed["log"]["entries"], json!([]));
}

#[test]
fn the_checker_rejects_a_har_without_timings_wait() {
    let mut broken = document();
    broken["log"]["entries"][1]["timings"].as_object_mut().expect("timings").remove("wait");
    assert_eq!(check_har_structure(&broken), Err("log.entries[1].timings.wait is missing".to_owned()));
}

#[test]
fn the_checker_rejects_a_date_that_is_not_iso_8601() {
    let mut broken = document();
    broken["log"]["entries"][0]["startedDateTime"] = json!("22/11/2026 10:20:00");
    let problem = check_har_structure(&broken).expect_err("rejected");
    assert!(problem.starts_with("log.entries[0].startedDateTime is not an ISO 8601"), "{problem}");
}

#[test]
fn the_checker_rejects_wrong_types_and_ranges() {
    let cases: [(&str, Value, &str); 4] = [
        ("/log/version", json!(1.2), "log.version is not a string: 1.2"),
        ("/log/entries/0/time", json!(-1), "log.entries[0].time is -1, below 0"),
        (
            "/log/entries/0/request/headers/0",
            json!({"name": "x"}),
            "log.entries[0].request.headers[0].value is missing",
        ),
        ("/log/entries/2/timings/dns", json!(-2), "log.entries[2].timings.dns is -2, below -1"),
    ];
    for (pointer, value, problem) in cases {
        let mut broken = document();
        *broken.pointer_mut(pointer).expect("the field") = value;
        assert_eq!(check_har_structure(&broken), Err(problem.to_owned()), "{pointer}");
    }
    assert_eq!(check_har_structure(&json!({})), Err("log is missing".to_owned()));
}

#[test]
fn a_har_file_shows_a_card_number_by_its_last_four_digits_and_keeps_account_numbers_and_sort_codes() {
    let card = crate::emulator::banks::candidates::emulator_bank_card_number();
    let listed =
        format!(r#"{{"accountIdentifier":"{card}","bankIdentifier":"12-34-56"}},{{"accountIdentifier":"12345678"}}"#);
    let mut exchange = signed_get();
    exchange.response = Some(Response { status: 200, headers: Vec::new(), body: body(&listed) });
    exchange.request_body = body(&format!(r#"{{"accountIdentifier":"{card}"}}"#));
    let text = String::from_utf8(har(&[Arc::new(exchange)]).to_json().expect("JSON")).expect("UTF-8");
    assert!(!text.contains(&card), "the whole card number is in the HAR file");
    assert_eq!(text.matches(&format!("****{}", &card[12..])).count(), 2, "{text}");
    assert!(text.contains("12-34-56") && text.contains("12345678"), "{text}");
    check_har_structure(&serde_json::from_str(&text).expect("JSON")).expect("still HAR 1.2");
}
