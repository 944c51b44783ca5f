//! `bankfeeds-onboard emulator`: serves the emulator alone until interrupted, after printing what a client needs
//! (both base URLs, the identity, the throwaway application key, the profile, the named test serials and banks).
//! Its world lives in memory only, as it has no keyring of its customers' keys (the wizard's in-process emulator is
//! the durable one, see `emulator::durable`).

use std::io::Write as _;
use std::net::SocketAddr;

use super::emulator_settings::EmulatorSettings;
use crate::config::Profile;
use crate::emulator::banks::{COUNTRIES, TestBank};
use crate::emulator::fixtures::NAMED_SERIALS;
use crate::emulator::{EmulatorConfig, EmulatorHandle, start};

/// Arguments of `bankfeeds-onboard emulator`.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct EmulatorArgs {
    /// Address to listen on; port 0 picks a free port (the printed URLs show which).
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Which environment's organisationLimit to enforce: qa (unlimited), preprod (15) or prod (1).
    #[arg(long, value_enum, default_value_t = Profile::Qa)]
    pub profile: Profile,
    /// How the emulator behaves (the wizard takes the same options for its own emulator).
    #[command(flatten)]
    pub settings: EmulatorSettings,
}

impl EmulatorArgs {
    /// The emulator's settings for these arguments; everything else is the default.
    #[must_use]
    pub fn config(&self) -> EmulatorConfig {
        self.settings.config(self.profile)
    }
}

/// Why `bankfeeds-onboard emulator` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorCliError {
    /// The address could not be bound.
    #[error("could not listen on {addr}: {cause}; choose another address or port (port 0 picks a free one)")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        cause: std::io::Error,
    },
    /// Standard output could not be written.
    #[error("could not write the emulator's details to standard output: {0}")]
    Output(std::io::Error),
    /// Ctrl-C could not be waited for.
    #[error("could not wait for Ctrl-C: {0}")]
    Signal(std::io::Error),
}

/// Starts the emulator, prints its details, serves until Ctrl-C, then shuts down gracefully.
pub async fn run(args: EmulatorArgs) -> Result<(), EmulatorCliError> {
    let config = args.config();
    let emulator = start(args.listen, config.clone())
        .await
        .map_err(|cause| EmulatorCliError::Listen { addr: args.listen, cause })?;
    if let Err(error) = print(&banner(&emulator, &config)) {
        emulator.shutdown().await;
        return Err(EmulatorCliError::Output(error));
    }
    let interrupted = tokio::signal::ctrl_c().await;
    emulator.shutdown().await;
    interrupted.map_err(EmulatorCliError::Signal)?;
    print("Emulator stopped.\n").map_err(EmulatorCliError::Output)
}

/// Writes `text` to standard output.
fn print(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// What the command prints at start-up.
fn banner(emulator: &EmulatorHandle, config: &EmulatorConfig) -> String {
    let endpoints = emulator.endpoints();
    let captcha = match &config.captcha_text {
        Some(text) => format!("always \"{text}\" (--captcha-text)"),
        None => "random, 5 characters (set --captcha-text to fix them)".to_owned(),
    };
    let serials: Vec<String> =
        NAMED_SERIALS.iter().map(|named| format!("  {:<16} {}", named.serial, named.effect)).collect();
    let test_banks: Vec<String> = TestBank::ALL
        .iter()
        .map(|test| {
            let ids: Vec<String> = COUNTRIES.iter().map(|country| test.bank_id(country).0).collect();
            format!("  {:<28} {}\n  {:<28} {}", test.name(), ids.join(", "), "", test.effect())
        })
        .collect();
    format!(
        "Sage Banking Service emulator, listening on {addr}\n\n\
         Banking Service:          {banking}\n\
         Token Service:            {sts}\n\
         Product ID:               {product} (send as X-Application)\n\
         Provider ID:              {provider} (send as x-provider to the Token Service)\n\
         Application signing key:  {key}\n\
         \x20                         (the emulator's own throwaway key for signing POST organisation as a web\n\
         \x20                          product; new at every start, never a real Sage key)\n\
         Profile:                  {profile}: {limit}\n\
         Captcha answers:          {captcha}\n\
         Access tokens live:       {jwt} seconds\n\n\
         Test licence serials (licenceDetails.serial):\n\
         {serials}\n\
         \x20 any other serial a valid customer of its own\n\n\
         Test banks (GET banks?primaryCountry=GBR or USA; bank IDs per country):\n\
         {test_banks}\n\
         \x20 any other indirect bank links as soon as the person approves; 1 or 2 more candidate accounts\n\n\
         Linking:                  pollPeriod {poll} ms; Emulator Slow Bank answers {slow} more 202s after approval\n\
         Bank accounts:            pending for {activation} ms, then active; Emulator Expiring Bank's turn \
         authRequired after {expiring} s\n\
         Admin (loopback only):    POST {admin}/bankaccounts/ID/authrequired[?reason=TEXT], POST {admin}/jwts/expire\n\
         Candidate accounts:       {refresh}; {rate}\n\
         Latency:                  {latency} ms before each Banking Service answer\n\n\
         Serving until Ctrl-C.\n",
        addr = emulator.local_addr(),
        banking = endpoints.banking,
        sts = endpoints.token_service,
        product = config.identity.product_id,
        provider = config.identity.provider_id,
        key = emulator.application_key().expose(),
        profile = config.profile.cli_name(),
        limit = config.profile.limit_phrase(),
        jwt = config.jwt_lifetime.as_secs(),
        serials = serials.join("\n"),
        test_banks = test_banks.join("\n"),
        poll = config.poll_period.as_millis(),
        slow = config.slow_bank_polls,
        activation = config.activation_delay.as_millis(),
        expiring = config.expiring_bank_after.as_secs(),
        admin = crate::emulator::routes::ADMIN_PREFIX,
        refresh = match config.refresh_candidates_after_links {
            Some(every) => format!("new candidate IDs after every {every} links under an authorisation"),
            None => "candidate IDs never refreshed (--refresh-candidates-after-links N)".to_owned(),
        },
        rate = match config.link_rate_limit {
            Some(limit) => format!("at most {limit} links a second per company, then 429"),
            None => "no rate limit (--link-rate-limit N)".to_owned(),
        },
        latency = config.latency.as_millis(),
    )
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use std::time::Duration;

    use super::*;
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
        assert_eq!(args.config().latency, Duration::ZERO);
        assert_eq!(args.config().refresh_candidates_after_links, None);
        assert_eq!(args.config().link_rate_limit, None);
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
        ])
        .expect("parses");
        assert_eq!(args.listen.port(), 8080);
        assert_eq!(args.config().profile, Profile::Production);
        assert_eq!(args.config().captcha_text.as_deref(), Some("abc"));
        assert_eq!(args.config().jwt_lifetime, Duration::from_secs(5));
        assert_eq!(args.config().poll_period, Duration::from_millis(250));
        assert_eq!(args.config().activation_delay, Duration::ZERO);
        assert_eq!(args.config().latency, Duration::from_millis(50));
        assert_eq!(args.config().refresh_candidates_after_links, Some(3));
        assert_eq!(args.config().link_rate_limit, Some(10));
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
            },
        }
        .config();
        let emulator = start("127.0.0.1:0".parse().expect("address"), config.clone()).await.expect("starts");
        let text = banner(&emulator, &config);
        let endpoints = emulator.endpoints();
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
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        emulator.shutdown().await;
    }
}
