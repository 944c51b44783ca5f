//! A computer whose clock is two hours ahead, or behind, the services' links a bank account and three more with
//! tokens that live a few seconds: one access token per token lifetime, renewed before it expires, and never an
//! expired one sent (no 401), because renewal is timed from the token's own `exp − iat`, not from this clock.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::runtime::Clock;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use jiff::SignedDuration;

use crate::support::{self, Driver};

/// The emulator's JWT lifetime in this test: long enough for several calls on one token, short enough for the walk to
/// outlive a few.
const LIFETIME: Duration = Duration::from_secs(8);

/// Walks a link and a batch of more accounts on a computer whose clock is `offset` off; returns how many access
/// tokens were fetched, how many bearer calls were refused with 401, and how long the walk took.
fn walk_with_clock_off_by(offset: SignedDuration) -> (usize, usize, Duration) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    // Accounts active after 6 s, so that the walk outlives a token.
    let emulator =
        EmulatorConfig { activation_delay: Duration::from_secs(6), ..support::short_token_emulator(LIFETIME) };
    let browser = Arc::new(support::approving_browser());
    let runtime = support::runtime_with_clock(store, data_dir.path(), emulator, browser, Clock::off_by(offset));
    let mut driver = Driver::new(runtime);
    driver.onboard("ACTIVE");
    let start = Instant::now();
    driver.link_an_account_and_every_candidate();
    let exchanges = driver.runtime.exchanges().exchanges();
    let refused = exchanges.iter().filter(|e| e.response.as_ref().is_some_and(|r| r.status == 401)).count();
    (driver.sent("GET", "/accesstoken"), refused, start.elapsed())
}

/// The most tokens a walk of `elapsed` needs: one at the start and one per renewal, a renewal due at the latest a
/// quarter of the lifetime and the claims' second of precision before expiry.
fn tokens_needed(elapsed: Duration) -> usize {
    let renewed_every = LIFETIME.mul_f64(0.75).saturating_sub(Duration::from_secs(1));
    let renewals = elapsed.as_millis().div_ceil(renewed_every.as_millis());
    // The onboarding's own token, the first of the link, and one per renewal.
    2 + usize::try_from(renewals).unwrap_or(usize::MAX)
}

#[test]
fn a_clock_two_hours_ahead_fetches_one_token_per_lifetime_and_sends_no_expired_one() {
    let (tokens, refused, elapsed) = walk_with_clock_off_by(SignedDuration::from_hours(2));
    println!("clock 2 h ahead: {tokens} access tokens and {refused} refusals in {elapsed:?}");
    assert!(elapsed > LIFETIME, "the walk outlived a token: {elapsed:?}");
    assert!(tokens <= tokens_needed(elapsed), "{tokens} access tokens in {elapsed:?}: one per call, not per lifetime");
    assert_eq!(refused, 0, "no expired token was sent");
}

#[test]
fn a_clock_two_hours_behind_renews_before_expiry_and_sends_no_expired_one() {
    let (tokens, refused, elapsed) = walk_with_clock_off_by(SignedDuration::from_hours(-2));
    println!("clock 2 h behind: {tokens} access tokens and {refused} refusals in {elapsed:?}");
    assert!(elapsed > LIFETIME, "the walk outlived a token: {elapsed:?}");
    assert!(tokens <= tokens_needed(elapsed), "{tokens} access tokens in {elapsed:?}");
    assert_eq!(refused, 0, "no expired token was sent: renewal came before the service's expiry");
}
