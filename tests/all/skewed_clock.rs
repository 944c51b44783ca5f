//! A computer whose clock is two hours ahead, or behind, the services' links a bank account and three more with
//! tokens that live a few seconds: one access token per token lifetime, renewed before it expires, and never an
//! expired one sent (no 401), because renewal is timed from the token's own `exp − iat`, not from this clock.
//! Its captcha's expiry is shown by this computer's clock, the difference measured from the service's `Date` header.

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

/// The captcha fetched on a computer whose clock is `offset` off: how far the service's clock was found ahead.
fn captcha_on_a_clock_off_by(offset: SignedDuration) -> bankfeeds_onboard::wizard::CaptchaImage {
    use bankfeeds_onboard::wizard::{CaptchaFetch, Step};
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let browser = Arc::new(support::approving_browser());
    let emulator = support::short_token_emulator(LIFETIME);
    let runtime = support::runtime_with_clock(store, data_dir.path(), emulator, browser, Clock::off_by(offset));
    let mut driver = Driver::new(runtime);
    driver.walk_to_captcha("ACTIVE");
    match driver.wizard.step() {
        Step::Captcha(step) => match &step.captcha {
            CaptchaFetch::Ready(image) => image.clone(),
            other => panic!("no captcha image: {other:?}"),
        },
        other => panic!("not on the captcha step: {other:?}"),
    }
}

#[test]
fn a_captchas_expiry_is_shown_by_this_computers_clock_and_the_difference_is_measured_from_the_services_date() {
    for offset in [SignedDuration::from_hours(2), SignedDuration::from_hours(-2)] {
        let image = captcha_on_a_clock_off_by(offset);
        let measured = image.service_clock_ahead + offset;
        println!("clock {offset:?} off: the service's clock was found {:?} ahead", image.service_clock_ahead);
        assert!(measured.abs() <= SignedDuration::from_secs(3), "found {:?} for {offset:?}", image.service_clock_ahead);
        let shift = image.expires_at.duration_since(image.expires_here());
        assert_eq!(shift, image.service_clock_ahead, "the expiry is moved onto this computer's clock");
        let note = bankfeeds_onboard::ui::words::captcha_clock_note(image.service_clock_ahead).expect("a note");
        assert!(note.contains("2 h"), "{note}");
    }
}
