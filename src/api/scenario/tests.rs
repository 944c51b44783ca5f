//! The scenario's wire shape: camelCase names and values, a partial body meaning "the rest normal", unknown fields
//! refused, and its description for people.

use super::*;

#[test]
fn a_partial_body_leaves_the_rest_normal() {
    let scenario: Scenario = serde_json::from_str(r#"{"consent": "neverFinished", "latencyMs": 200}"#).expect("parses");
    assert_eq!(scenario, Scenario { consent: ConsentScenario::NeverFinished, latency_ms: 200, ..Scenario::default() });
    let empty: Scenario = serde_json::from_str("{}").expect("parses");
    assert!(empty.is_normal());
}

#[test]
fn names_and_values_are_camel_case_both_ways() {
    let scenario = Scenario {
        licence: LicenceScenario::NotACustomer,
        rate_limit: RateLimitScenario::Storm,
        accounts: AccountScenario::AuthRequired,
        ..Scenario::default()
    };
    let json = serde_json::to_value(scenario).expect("serialises");
    assert_eq!(json["licence"], "notACustomer");
    assert_eq!(json["rateLimit"], "storm");
    assert_eq!(json["accounts"], "authRequired");
    assert_eq!(json["polls"], "normal");
    assert_eq!(json["latencyMs"], 0);
    assert_eq!(serde_json::from_value::<Scenario>(json).expect("parses back"), scenario);
}

#[test]
fn unknown_fields_and_values_are_refused() {
    for body in [r#"{"licence": "broken"}"#, r#"{"license": "normal"}"#, r#"{"latencyMs": -1}"#, r#""normal""#] {
        assert!(serde_json::from_str::<Scenario>(body).is_err(), "{body} was accepted");
    }
}

#[test]
fn the_description_names_only_what_is_not_normal() {
    assert!(Scenario::default().describe().is_empty());
    let lines = Scenario {
        captcha: CaptchaScenario::AlwaysWrong,
        tokens: TokenScenario::Expiring,
        latency_ms: 250,
        ..Scenario::default()
    }
    .describe();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("captcha alwaysWrong: "), "{lines:?}");
    assert!(lines[1].starts_with("tokens expiring: "), "{lines:?}");
    assert!(lines[2].starts_with("latencyMs 250: 250 ms"), "{lines:?}");
}
