//! The whole onboarding flow with every log at trace level (the app's, the emulator's, reqwest's and hyper's), then
//! the logs and the progress file searched for the customer's signing key, any JWT and the captcha answer: zero hits.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use bankfeeds_onboard::runtime::Runtime;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore as _};
use bankfeeds_onboard::wizard::{CaptchaFetch, Event, KeyPhase, Step, Wizard};

use crate::support::{self, CAPTCHA_TEXT, PATIENCE};

/// Every log line of this test process.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    Arc::clone(LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogSink(Arc::clone(&sink)))
            .try_init()
            .expect("this test installs the only global subscriber");
        logs
    }))
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Applies events from the runtime until `done` holds.
fn settle(wizard: &mut Wizard, runtime: &mut Runtime, what: &str, done: impl Fn(&Wizard) -> bool) {
    let start = Instant::now();
    while !done(wizard) {
        assert!(start.elapsed() < PATIENCE, "waited for {what}; at {:#?}", wizard.step());
        if let Some(event) = runtime.wait_event(Duration::from_millis(200)) {
            for effect in wizard.update(event) {
                runtime.execute(effect);
            }
        }
    }
}

fn send(wizard: &mut Wizard, runtime: &Runtime, event: Event) {
    for effect in wizard.update(event) {
        runtime.execute(effect);
    }
}

/// Every `header.payload.signature` run that starts like a JWT (`eyJ`, base64url of `{"`).
fn jwt_like(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .filter(|word| word.starts_with("eyJ") && word.split('.').count() == 3)
        .collect()
}

#[test]
fn jwt_finder_finds_a_jwt() {
    let line = "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl, next";
    assert_eq!(jwt_like(line), vec!["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"]);
    assert!(jwt_like("eyJ but not a token").is_empty());
}

#[test]
fn no_signing_key_jwt_or_captcha_answer_reaches_a_log_or_the_progress_file() {
    let logs = captured_logs();
    let secrets = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut runtime = support::runtime(&secrets, data_dir.path());
    let mut wizard = Wizard::new();

    send(&mut wizard, &runtime, Event::Continue);
    settle(&mut wizard, &mut runtime, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    wizard.session_mut().licence.fields[0].value = "ACTIVE".into();
    send(&mut wizard, &runtime, Event::SendLicence);
    settle(&mut wizard, &mut runtime, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    let form = &mut wizard.session_mut().organisation;
    (form.company_name, form.postal_code, form.industrial_code) = ("Acme".into(), "NE13 9AA".into(), "62012".into());
    (form.vat_number, form.crm_id, form.email, form.identity) =
        ("GB123456789".into(), "CRM-1".into(), "ada@acme.test".into(), "1001".into());
    send(&mut wizard, &runtime, Event::Continue);
    settle(
        &mut wizard,
        &mut runtime,
        "a captcha",
        |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
    );
    *wizard.session_mut().captcha_answer = CAPTCHA_TEXT.into();
    send(&mut wizard, &runtime, Event::CreateOrganisation);
    settle(
        &mut wizard,
        &mut runtime,
        "a verified connection",
        |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified),
    );
    // Let the last progress save land.
    while runtime.wait_event(Duration::from_millis(300)).is_some() {}

    let Step::Onboarded(step) = wizard.step() else { unreachable!("settled above") };
    let key = secrets.load(&step.organisation.key_slot()).expect("key in the keyring");
    let logs = String::from_utf8_lossy(&logs.lock().expect("log buffer")).into_owned();
    assert!(logs.contains("TRACE") || logs.contains("DEBUG"), "logging was at trace level");
    assert!(
        logs.contains(step.organisation.organisation_id.as_str()) || logs.contains("organisations"),
        "the flow was logged"
    );
    let progress = std::fs::read_to_string(data_dir.path().join("progress.json")).expect("progress saved");
    for (name, text) in [("logs", &logs), ("progress file", &progress)] {
        assert!(!text.contains(key.expose()), "the signing key is in the {name}");
        assert_eq!(jwt_like(text), Vec::<&str>::new(), "a JWT is in the {name}");
        assert!(!text.contains(CAPTCHA_TEXT), "the captcha answer is in the {name}");
    }
    runtime.shutdown();
}
