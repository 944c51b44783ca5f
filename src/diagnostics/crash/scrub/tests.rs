//! The scrubber, one secret shape at a time, what it must leave alone (UUIDs, short hex, prose, `[redacted]`
//! newtypes), and properties over any text: it never panics and never leaves 32 hex digits in a row.

use proptest::prelude::*;

use super::*;

const KEY: &str = "3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6";
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvcmciOiJvLTEifQ.c2lnbmF0dXJlLWJ5dGVz_-x";

#[test]
fn a_signing_key_and_any_long_hex_run_are_blanked() {
    assert_eq!(scrub(&format!("key {KEY} refused")), "key [redacted] refused");
    assert_eq!(scrub(&format!("k={}", &KEY[..32])), "k=[redacted]");
    assert_eq!(scrub(&KEY.to_ascii_uppercase()), "[redacted]");
    assert_eq!(scrub(&format!("x{KEY}")), "x[redacted]", "a run glued to a word is blanked too");
}

#[test]
fn short_hex_and_uuids_stay() {
    let ordinary = "0x1f at 7f3a9c2e, order 1b4e28ba-2fa1-11d2-883f-0016d3cca427, digest h0123456789abcdef";
    assert_eq!(scrub(ordinary), ordinary);
    assert_eq!(scrub(&KEY[..31]), &KEY[..31]);
}

#[test]
fn jwts_whole_or_in_pieces_are_blanked() {
    assert_eq!(scrub(&format!("token was {JWT}.")), "token was [redacted]");
    assert_eq!(scrub("head eyJhbGciOiJIUzI1NiJ9 only"), "head [redacted] only");
    assert_eq!(scrub("eyJ is not enough; eyJabc neither"), "eyJ is not enough; eyJabc neither");
}

#[test]
fn bearer_values_are_blanked_in_any_case() {
    assert_eq!(scrub("Authorization: Bearer opaque-token-1 sent"), "Authorization: Bearer [redacted] sent");
    assert_eq!(scrub(r#"{"authorization":"bearer abc"}"#), r#"{"authorization":"bearer [redacted]"}"#);
    assert_eq!(scrub("Bearer [redacted]"), "Bearer [redacted]");
    // The price of failing closed: the word after any "bearer" goes, even in prose.
    assert_eq!(scrub("the bearer of bad news"), "the bearer [redacted] bad news");
    assert_eq!(scrub("bearers of news"), "bearers of news");
}

#[test]
fn signed_url_queries_lose_their_secrets_but_keep_the_rest() {
    assert_eq!(
        scrub("GET http://127.0.0.1:9/api/v1/linkpolls/l/2?sig=abc-_1&n=2 failed"),
        "GET http://127.0.0.1:9/api/v1/linkpolls/l/2?sig=[redacted]&n=2 failed"
    );
    assert_eq!(
        scrub("https://h/c?a=1&Signature=x%2By&token=t#f"),
        "https://h/c?a=1&Signature=[redacted]&token=[redacted]#f"
    );
    assert_eq!(scrub("https://agg.example/c/1?session=s1"), "https://agg.example/c/1?session=[redacted]");
}

#[test]
fn secret_fields_are_blanked_as_json_escaped_json_debug_and_name_value() {
    assert_eq!(scrub(r#"{"token":"k-1","companies":[]}"#), r#"{"token":"[redacted]","companies":[]}"#);
    assert_eq!(
        scrub(r#""{\"jwt\":\"j-1\",\"answer\":\"A7K\"}""#),
        r#""{\"jwt\":\"[redacted]\",\"answer\":\"[redacted]\"}""#
    );
    assert_eq!(
        scrub(r#"Account { client_authorisation_token: "cat-1", name: "Main" }"#),
        r#"Account { client_authorisation_token: "[redacted]", name: "Main" }"#
    );
    assert_eq!(scrub("clientAuthorisationToken=cat-2; next"), "clientAuthorisationToken=[redacted]; next");
    assert_eq!(scrub("signing_key: 'abc'"), "signing_key: '[redacted]'");
}

#[test]
fn redacted_newtypes_and_ordinary_words_are_left_as_they_are() {
    let debug = "Created { token: SigningKey([redacted]), jwt: Some(Jwt([redacted])), answer: None }";
    assert_eq!(
        scrub(debug),
        "Created { token: SigningKey([redacted]), jwt: Some(Jwt([redacted])), answer: [redacted] }"
    );
    let prose = "No token found at src/runtime/tokens.rs:42:9 in thread 'bankfeeds-runtime'; the answer came late";
    assert_eq!(scrub(prose), prose);
}

#[test]
fn scrubbing_twice_changes_nothing_more() {
    let text = format!(r#"Bearer {JWT} {{"token":"{KEY}"}} https://h/p?sig={KEY}&x=1 token={KEY}"#);
    let once = scrub(&text);
    assert_eq!(scrub(&once), once);
    assert!(!once.contains("eyJhbGci") && !once.contains(&KEY[..16]), "{once}");
}

proptest! {
    #[test]
    fn never_panics_and_never_leaves_a_long_hex_run(
        text in r#"(eyJ|Bearer |bearer\t|token|"token"|\\"jwt\\"|: |=|\?sig=|&token=|"|'|\\|[0-9a-f]{1,40}|é|ß|🔑|\[redacted\]|[ a-zA-Z(){}\[\],;&#-]{1,6})*"#
    ) {
        let scrubbed = scrub(&text);
        prop_assert!(hex_runs(&scrubbed).is_empty(), "{scrubbed}");
    }

    #[test]
    fn any_text_at_all_never_panics(text in any::<String>()) {
        let scrubbed = scrub(&text);
        prop_assert!(hex_runs(&scrubbed).is_empty(), "{scrubbed}");
    }
}
