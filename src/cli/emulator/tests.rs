//! The `emulator` command's arguments, their defaults and refusals, and its banner.

use clap::Parser;

use std::path::{Path, PathBuf};
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
    assert!(parse(&["--tls-cert", "cert.pem"]).is_err(), "a certificate needs its key");
    assert!(parse(&["--tls-key", "key.pem"]).is_err(), "a key needs its certificate");
}

#[test]
fn https_is_asked_for_with_tls_or_with_a_certificate_and_its_key() {
    let plain = parse(&[]).expect("parses");
    assert!(!plain.tls);
    assert_matches!(plain.tls(), Ok(None));
    let own = parse(&["--tls"]).expect("parses");
    assert_matches!(own.tls().map(|tls| tls.map(|tls| tls.trust().clone())), Ok(Some(Trust::OwnAuthority { .. })));
    let given = parse(&["--tls-cert", "cert.pem", "--tls-key", "key.pem"]).expect("parses");
    assert_eq!(given.tls_cert.as_deref(), Some(Path::new("cert.pem")));
    assert_eq!(given.tls_key.as_deref(), Some(Path::new("key.pem")));
    let half = EmulatorArgs { tls_key: None, ..given };
    assert_matches!(half.tls(), Err(TlsProblem::Incomplete));
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
        tls: false,
        tls_cert: None,
        tls_key: None,
    }
    .config();
    let emulator = start("127.0.0.1:0".parse().expect("address"), config.clone()).await.expect("starts");
    let text = banner(&emulator, &config, &Served::Http);
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
    let text = banner(&emulator, &config, &Served::Http);
    assert!(!text.contains("Test scenario in force"), "{text}");
    assert!(text.contains("POST /emulator/admin/reset"), "{text}");
    emulator.shutdown().await;
}

/// A client that trusts only the certificate in `pem` (no system roots).
fn trusting(pem: &[u8]) -> reqwest::Client {
    let authority = reqwest::Certificate::from_pem(pem).expect("a PEM certificate");
    reqwest::Client::builder().tls_certs_only([authority]).build().expect("a client")
}

#[tokio::test]
async fn with_tls_the_banner_gives_https_roots_and_the_ca_certificate_file_to_trust() {
    let args = parse(&["--tls"]).expect("parses");
    let config = args.config();
    let (emulator, served) = launch(&args, config.clone()).await.expect("starts");
    let text = banner(&emulator, &config, &served);
    let port = emulator.local_addr().port();
    let endpoints = emulator.endpoints();
    assert_eq!(endpoints.banking.as_str(), format!("https://127.0.0.1:{port}/api/v1/"));
    for expected in [
        "over HTTPS",
        &format!("Banking Service:          https://127.0.0.1:{port}/api/v1/"),
        &format!("Token Service:            https://127.0.0.1:{port}/sts/api/v1/"),
        &format!("https://127.0.0.1:{port}/emulator/admin/scenario"),
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("http://"), "nothing plain:\n{text}");

    let line = text.lines().find(|line| line.starts_with("CA certificate:")).expect("a CA certificate line");
    let path = PathBuf::from(line.trim_start_matches("CA certificate:").trim());
    assert_eq!(served.authority_file(), Some(path.as_path()));
    assert_eq!(path, std::env::temp_dir().join(format!("bankfeeds-onboard-emulator-{port}-ca.pem")));
    assert!(text.contains(&format!("curl --cacert {} -X PUT", path.display())), "{text}");
    let pem = std::fs::read(&path).expect("the file exists");
    let pem_text = String::from_utf8_lossy(&pem);
    assert!(pem_text.starts_with("-----BEGIN CERTIFICATE-----"), "{pem_text}");
    assert!(!pem_text.contains("PRIVATE KEY"), "the authority's key never leaves memory: {pem_text}");

    let answer = trusting(&pem)
        .get(endpoints.banking.join("banks?primaryCountry=GBR").expect("joins"))
        .header(crate::api::headers::X_APPLICATION, crate::config::TEST_PRODUCT_ID)
        .send()
        .await
        .expect("a client that trusts the file's authority is answered over HTTPS");
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    emulator.shutdown().await;
    std::fs::remove_file(&path).expect("removed");
}

#[tokio::test]
async fn with_a_certificate_given_the_banner_names_it_and_its_key_stays_unsaid() {
    let folder = tempfile::tempdir().expect("a folder");
    let key = rcgen::KeyPair::generate().expect("a key");
    let certificate = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .self_signed(&key)
        .expect("a certificate");
    let (certificate_path, key_path) = (folder.path().join("cert.pem"), folder.path().join("key.pem"));
    std::fs::write(&certificate_path, certificate.pem()).expect("written");
    std::fs::write(&key_path, key.serialize_pem()).expect("written");
    let args = parse(&[
        "--tls-cert",
        certificate_path.to_str().expect("UTF-8"),
        "--tls-key",
        key_path.to_str().expect("UTF-8"),
    ])
    .expect("parses");
    let config = args.config();
    let (emulator, served) = launch(&args, config.clone()).await.expect("starts");
    assert_eq!(served, Served::GivenCertificate(certificate_path.clone()));
    let text = banner(&emulator, &config, &served);
    let expected =
        format!("TLS certificate:          {} (given with --tls-cert; trust its issuer)", certificate_path.display());
    assert!(text.contains(&expected), "{text}");
    assert!(!text.contains("CA certificate:") && !text.contains("--cacert"), "{text}");
    assert!(!text.contains(key_path.to_str().expect("UTF-8")) && !text.contains("PRIVATE"), "{text}");
    let localhost = format!("https://localhost:{}/api/v1/banks?primaryCountry=USA", emulator.local_addr().port());
    let answer = trusting(certificate.pem().as_bytes())
        .get(localhost)
        .header(crate::api::headers::X_APPLICATION, crate::config::TEST_PRODUCT_ID)
        .send()
        .await
        .expect("answered with the given certificate");
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_certificate_that_cannot_be_read_stops_the_command_with_one_sentence() {
    let folder = tempfile::tempdir().expect("a folder");
    let missing = folder.path().join("missing.pem");
    let args =
        EmulatorArgs { tls_cert: Some(missing.clone()), tls_key: Some(missing.clone()), ..parse(&[]).expect("parses") };
    let refused = launch(&args, args.config()).await.map(|(emulator, _)| emulator.local_addr());
    assert_matches!(refused, Err(EmulatorCliError::Tls(TlsProblem::Certificate { .. })));
    let text = refused.expect_err("refused").to_string();
    assert!(text.starts_with(&format!("could not read a certificate from {}: ", missing.display())), "{text}");
    assert!(text.contains("give --tls-cert a PEM file"), "{text}");
}
