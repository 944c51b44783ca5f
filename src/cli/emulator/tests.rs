//! The `emulator` command's arguments, their defaults and refusals, and its banner.

use clap::Parser;

use std::time::Duration;

use super::*;
use crate::api::{ConsentScenario, TokenScenario};
use crate::emulator::world::CAPTCHA_TEXT_LIMIT;

#[derive(Debug, clap::Parser)]
struct Cli {
    #[command(flatten)]
    args: EmulatorArgs,
}

fn parse(args: &[&str]) -> Result<EmulatorArgs, clap::Error> {
    Cli::try_parse_from(std::iter::once("emulator").chain(args.iter().copied())).map(|cli| cli.args)
}

#[test]
fn defaults_are_loopback_port_0_qa_random_captchas_and_20_minute_tokens() {
    let args = parse(&[]).expect("parses");
    assert_eq!(args.listen, "127.0.0.1:0".parse().expect("address"));
    assert_eq!(args.profile, Profile::Qa);
    assert_eq!(args.settings.captcha_text, None);
    assert_eq!(args.config().jwt_lifetime, Duration::from_mins(20));
    assert_eq!(args.config().poll_period, Duration::from_secs(3));
    assert_eq!(args.config().activation_delay, Duration::from_secs(5));
    assert_eq!(args.config().slow_bank_polls, 3);
    assert!(args.config().scenario.is_normal());
    assert_eq!(args.config().refresh_candidates_after_links, None);
    assert_eq!(args.config().link_rate_limit, None);
    assert_eq!(args.config().link_memory, crate::emulator::world::LINK_MEMORY);
}

#[test]
fn every_option_is_read() {
    let args = parse(&[
        "--listen",
        "127.0.0.1:8080",
        "--profile",
        "prod",
        "--captcha-text",
        " abc ",
        "--jwt-lifetime",
        "5",
        "--poll-period-ms",
        "250",
        "--activation-delay-ms",
        "0",
        "--latency-ms",
        "50",
        "--refresh-candidates-after-links",
        "3",
        "--link-rate-limit",
        "10",
        "--link-memory-secs",
        "2",
    ])
    .expect("parses");
    assert_eq!(args.listen.port(), 8080);
    assert_eq!(args.config().profile, Profile::Production);
    assert_eq!(args.config().captcha_text.as_deref(), Some("abc"));
    assert_eq!(args.config().jwt_lifetime, Duration::from_secs(5));
    assert_eq!(args.config().poll_period, Duration::from_millis(250));
    assert_eq!(args.config().activation_delay, Duration::ZERO);
    assert_eq!(args.config().scenario.latency_ms, 50);
    assert_eq!(args.config().refresh_candidates_after_links, Some(3));
    assert_eq!(args.config().link_rate_limit, Some(10));
    assert_eq!(args.config().link_memory, Duration::from_secs(2));
}

#[test]
fn bad_values_are_refused() {
    assert!(parse(&["--profile", "staging"]).is_err());
    assert!(parse(&["--captcha-text", "  "]).is_err());
    assert!(parse(&["--captcha-text", &"x".repeat(CAPTCHA_TEXT_LIMIT + 1)]).is_err());
    assert!(parse(&["--jwt-lifetime", "0"]).is_err());
    assert!(parse(&["--poll-period-ms", "0"]).is_err());
    assert!(parse(&["--activation-delay-ms", "-1"]).is_err());
    assert!(parse(&["--refresh-candidates-after-links", "0"]).is_err());
    assert!(parse(&["--link-rate-limit", "0"]).is_err());
    assert!(parse(&["--link-memory-secs", "0"]).is_err());
    assert!(parse(&["--latency-ms", "fast"]).is_err());
    assert!(parse(&["--listen", "localhost"]).is_err());
}

#[tokio::test]
async fn the_banner_says_everything_a_client_needs() {
    let config = EmulatorArgs {
        listen: "127.0.0.1:0".parse().expect("address"),
        profile: Profile::PreProduction,
        settings: EmulatorSettings {
            captcha_text: Some("abcde".into()),
            jwt_lifetime: 60,
            poll_period_ms: 1500,
            activation_delay_ms: 2000,
            latency_ms: 25,
            refresh_candidates_after_links: Some(4),
            link_rate_limit: None,
            expiring_bank_after: 7,
            scenario_consent: ConsentScenario::Declined,
            scenario_tokens: TokenScenario::Expiring,
            ..parse(&[]).expect("parses").settings
        },
        link_memory_secs: None,
    }
    .config();
    let emulator = start("127.0.0.1:0".parse().expect("address"), config.clone()).await.expect("starts");
    let text = banner(&emulator, &config);
    let endpoints = emulator.endpoints();
    let curl = format!(
        "curl -X PUT http://{}/emulator/admin/scenario -d '{{\"consent\": \"declined\"}}'",
        emulator.local_addr()
    );
    for expected in [
        endpoints.banking.as_str(),
        endpoints.token_service.as_str(),
        crate::config::TEST_PRODUCT_ID,
        crate::config::TEST_PROVIDER_ID,
        emulator.application_key().expose(),
        "throwaway",
        "preprod: 15 organisations per customer and product",
        "always \"abcde\"",
        "60 seconds",
        "NOT-A-CUSTOMER",
        "LIMIT-REACHED",
        "STS-DOWN",
        "Emulator Expiring Bank",
        "after 7 s",
        "/emulator/admin/jwts/expire",
        "Emulator Bank",
        "emulator-bank-gbr, emulator-bank-usa",
        "emulator-slow-bank-gbr",
        "Emulator Declining Bank",
        "emulator-flaky-bank-usa",
        "emulator-direct-bank-gbr",
        "pollPeriod 1500 ms",
        "pending for 2000 ms",
        "after every 4 links",
        "no rate limit (--link-rate-limit N)",
        "25 ms before each Banking Service answer",
        "emulator-many-accounts-bank-gbr",
        "250 candidate accounts",
        "GET/PUT /emulator/admin/scenario",
        "POST /emulator/admin/reset",
        curl.as_str(),
        "Test scenario in force",
        "  consent declined: every consent ends declined",
        "  tokens expiring: ",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("latencyMs"), "the latency has its own line:\n{text}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_normal_scenario_is_not_listed() {
    let config = parse(&[]).expect("parses").config();
    let emulator = start("127.0.0.1:0".parse().expect("address"), config.clone()).await.expect("starts");
    let text = banner(&emulator, &config);
    assert!(!text.contains("Test scenario in force"), "{text}");
    assert!(text.contains("POST /emulator/admin/reset"), "{text}");
    emulator.shutdown().await;
}
