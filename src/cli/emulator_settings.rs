//! How the emulator behaves, as command-line options shared by `bankfeeds-onboard emulator` and the wizard (whose
//! local environment runs the emulator in-process): captchas, token lifetime, poll period, activation delay, candidate
//! refreshes, the link rate limit, Emulator Expiring Bank's delay, and the test scenario it starts with (`--scenario-…`
//! and `--latency-ms`, which the admin API's `PUT /emulator/admin/scenario` switches later). QA walks the unhappy
//! paths by hand, or from scripts, with these.

use std::time::Duration;

use crate::api::{
    AccountScenario, CandidateScenario, CaptchaScenario, ConsentScenario, Fault, FaultEndpoint, FaultKind,
    LicenceScenario, PollScenario, RateLimitScenario, Scenario, TokenScenario,
};
use crate::config::Profile;
use crate::emulator::EmulatorConfig;
use crate::emulator::world::CAPTCHA_TEXT_LIMIT;

/// The emulator's behaviour options.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
#[command(next_help_heading = "Local emulator")]
pub struct EmulatorSettings {
    /// Make every captcha's answer this text (1 to 32 characters, shown in the image), for demos and automated tests.
    #[arg(long, value_name = "TEXT", value_parser = parse_captcha_text)]
    pub captcha_text: Option<String>,
    /// How long access tokens (JWTs) live, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 1200, value_parser = clap::value_parser!(u64).range(1..))]
    pub jwt_lifetime: u64,
    /// How long clients are asked to wait between polls of a link (`pollPeriod`), in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 3000, value_parser = clap::value_parser!(u64).range(1..))]
    pub poll_period_ms: u64,
    /// How long a new bank account stays pending before it turns active, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    pub activation_delay_ms: u64,
    /// Wait this long before answering each Banking Service API request, in milliseconds (for benchmarks and demos);
    /// the scenario's starting latencyMs.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// After every N successful linkavailablebankaccount calls under an authorisation, give its unlinked candidates
    /// new IDs (the old ones then answer 404 candidateNotFound).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub refresh_candidates_after_links: Option<u32>,
    /// Admit at most N linkavailablebankaccount requests per second per company; more answer 429 with Retry-After.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub link_rate_limit: Option<u32>,
    /// How long after its creation each account of Emulator Expiring Bank turns authRequired, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub expiring_bank_after: u64,
    /// The scenario's licence at start: how POST organisation judges a desktop customer's licence.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_licence: LicenceScenario,
    /// The scenario's captcha at start: always-wrong refuses every answer.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_captcha: CaptchaScenario,
    /// The scenario's consent at start: how every link's consent ends.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_consent: ConsentScenario,
    /// The scenario's polls at start: server-errors answers 503 to every poll.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_polls: PollScenario,
    /// The scenario's rate limit at start: storm answers 429 to every second poll or link.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_rate_limit: RateLimitScenario,
    /// The scenario's candidates at start: stale gives unlinked candidates new IDs after each link.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_candidates: CandidateScenario,
    /// The scenario's accounts at start: auth-required makes new accounts need a new sign-in after a while.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_accounts: AccountScenario,
    /// The scenario's tokens at start: expiring makes access tokens live 15 seconds.
    #[arg(long, value_enum, value_name = "OUTCOME", default_value_t)]
    pub scenario_tokens: TokenScenario,
    /// A fault the scenario starts with, as ENDPOINT:KIND[:TIMES] (e.g. create-organisation:reset-mid-response:1;
    /// without TIMES every request); --help lists every endpoint and kind.
    #[arg(long, value_name = "ENDPOINT:KIND[:TIMES]", value_parser = Fault::parse_flag, long_help = fault_help())]
    pub scenario_fault: Option<Fault>,
}

impl EmulatorSettings {
    /// The emulator's settings under `profile`; everything else is the default.
    #[must_use]
    pub fn config(&self, profile: Profile) -> EmulatorConfig {
        EmulatorConfig {
            profile,
            captcha_text: self.captcha_text.clone(),
            jwt_lifetime: Duration::from_secs(self.jwt_lifetime),
            poll_period: Duration::from_millis(self.poll_period_ms),
            activation_delay: Duration::from_millis(self.activation_delay_ms),
            refresh_candidates_after_links: self.refresh_candidates_after_links,
            link_rate_limit: self.link_rate_limit,
            expiring_bank_after: Duration::from_secs(self.expiring_bank_after),
            scenario: self.scenario(),
            ..EmulatorConfig::default()
        }
    }

    /// The test scenario the emulator starts with.
    #[must_use]
    pub fn scenario(&self) -> Scenario {
        Scenario {
            licence: self.scenario_licence,
            captcha: self.scenario_captcha,
            consent: self.scenario_consent,
            polls: self.scenario_polls,
            rate_limit: self.scenario_rate_limit,
            candidates: self.scenario_candidates,
            accounts: self.scenario_accounts,
            tokens: self.scenario_tokens,
            latency_ms: self.latency_ms,
            fault: self.scenario_fault,
        }
    }
}

/// `--scenario-fault`'s long help: the form, then every endpoint with its call and every kind with what it does, in
/// the flag's spelling.
fn fault_help() -> String {
    use clap::ValueEnum as _;
    let name = |value: Option<clap::builder::PossibleValue>| value.map(|value| value.get_name().to_owned());
    let endpoints: Vec<String> = FaultEndpoint::ALL
        .iter()
        .filter_map(|endpoint| Some(format!("  {:<28} {}", name(endpoint.to_possible_value())?, endpoint.label())))
        .collect();
    let kinds: Vec<String> = FaultKind::ALL
        .iter()
        .filter_map(|kind| {
            let value = kind.to_possible_value()?;
            let help = value.get_help().map(ToString::to_string).unwrap_or_default();
            Some(format!("  {:<20} {help}", value.get_name()))
        })
        .collect();
    format!(
        "A fault the scenario starts with, as ENDPOINT:KIND[:TIMES]: requests to ENDPOINT fail as KIND, the next \
         TIMES of them (without TIMES, every one). For example create-organisation:reset-mid-response:1. The same \
         fault is set while running with PUT /emulator/admin/scenario.\n\nEndpoints:\n{}\n\nKinds:\n{}",
        endpoints.join("\n"),
        kinds.join("\n")
    )
}

/// A captcha text as given, trimmed; refused when empty or too long.
fn parse_captcha_text(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    match trimmed.chars().count() {
        0 => Err("the captcha text must not be empty".to_owned()),
        n if n > CAPTCHA_TEXT_LIMIT => Err(format!("the captcha text may be at most {CAPTCHA_TEXT_LIMIT} characters")),
        _ => Ok(trimmed.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    /// A command that takes only these options, as the wizard's does beside its own.
    #[derive(Debug, clap::Parser)]
    struct Wizard {
        #[command(flatten)]
        emulator: EmulatorSettings,
    }

    #[test]
    fn the_long_help_lists_every_fault_endpoint_and_kind_as_the_flag_spells_them() {
        use clap::CommandFactory as _;
        let help = Wizard::command().render_long_help().to_string();
        let names = FaultEndpoint::ALL
            .iter()
            .filter_map(clap::ValueEnum::to_possible_value)
            .chain(FaultKind::ALL.iter().filter_map(clap::ValueEnum::to_possible_value));
        let mut listed = 0;
        for name in names {
            let line = format!("  {} ", name.get_name());
            assert!(help.contains(&line), "--help does not list {}:\n{help}", name.get_name());
            listed += 1;
        }
        assert_eq!(listed, FaultEndpoint::ALL.len() + FaultKind::ALL.len());
        assert!(!help.contains("see `emulator --help`"), "it no longer sends the reader to itself");
    }

    #[test]
    fn the_options_become_the_emulators_config_under_the_chosen_profile() {
        let parsed =
            Wizard::try_parse_from(["wizard", "--latency-ms", "50", "--link-rate-limit", "2"]).expect("parses");
        let config = parsed.emulator.config(Profile::Production);
        assert_eq!(config.profile, Profile::Production);
        assert_eq!((config.scenario.latency_ms, config.link_rate_limit), (50, Some(2)));
        assert_eq!(config.poll_period, Duration::from_secs(3), "the rest keep their defaults");
        assert_eq!(config.scenario, Scenario { latency_ms: 50, ..Scenario::default() }, "a normal scenario");
        assert!(Wizard::try_parse_from(["wizard", "--captcha-text", ""]).is_err());
    }

    #[test]
    fn every_scenario_flag_takes_kebab_case_values_and_becomes_the_starting_scenario() {
        let parsed = Wizard::try_parse_from([
            "wizard",
            "--scenario-licence",
            "never-requested",
            "--scenario-captcha",
            "always-wrong",
            "--scenario-consent",
            "never-finished",
            "--scenario-polls",
            "server-errors",
            "--scenario-rate-limit",
            "storm",
            "--scenario-candidates",
            "stale",
            "--scenario-accounts",
            "auth-required",
            "--scenario-tokens",
            "expiring",
            "--latency-ms",
            "200",
            "--scenario-fault",
            "poll:server-error:2",
        ])
        .expect("parses");
        let expected = Scenario {
            licence: LicenceScenario::NeverRequested,
            captcha: CaptchaScenario::AlwaysWrong,
            consent: ConsentScenario::NeverFinished,
            polls: PollScenario::ServerErrors,
            rate_limit: RateLimitScenario::Storm,
            candidates: CandidateScenario::Stale,
            accounts: AccountScenario::AuthRequired,
            tokens: TokenScenario::Expiring,
            latency_ms: 200,
            fault: Some(Fault::times(FaultEndpoint::Poll, FaultKind::ServerError, 2)),
        };
        assert_eq!(parsed.emulator.config(Profile::Qa).scenario, expected);
        for (flag, value) in [
            ("--scenario-licence", "not-a-customer"),
            ("--scenario-licence", "limit-reached"),
            ("--scenario-consent", "declined"),
            ("--scenario-consent", "slow"),
            ("--scenario-tokens", "normal"),
        ] {
            assert!(Wizard::try_parse_from(["wizard", flag, value]).is_ok(), "{flag} {value}");
        }
        for (flag, value) in [
            ("--scenario-licence", "notACustomer"),
            ("--scenario-polls", "down"),
            ("--scenario-fault", "poll"),
            ("--scenario-fault", "poll:late"),
        ] {
            assert!(Wizard::try_parse_from(["wizard", flag, value]).is_err(), "{flag} {value} was accepted");
        }
        let none = Wizard::try_parse_from(["wizard"]).expect("parses");
        assert!(none.emulator.scenario().is_normal());
    }
}
