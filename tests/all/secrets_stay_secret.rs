//! The whole onboarding flow with every log at trace level (the app's, the emulator's, reqwest's and hyper's), then
//! the logs and the progress file searched for the customer's signing key, any JWT and the captcha answer: zero hits.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use bankfeeds_onboard::secrets::{KeyringStore, SecretStore as _};
use bankfeeds_onboard::wizard::Step;

use crate::support::{self, CAPTCHA_TEXT, Driver};

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
    let mut driver = Driver::new(support::runtime(&secrets, data_dir.path()));

    driver.onboard("ACTIVE");
    driver.drain();

    let Step::Onboarded(step) = driver.wizard.step() else { unreachable!("settled above") };
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
    driver.runtime.shutdown();
}
