//! The panic hook for real, in a child process: this test binary runs one test of its own (`child_panics_holding_
//! secrets`) with `BANKFEEDS_CRASH_CHILD` set; that child installs the hook, holds a real signing key and JWT, and
//! panics with the worst a careless `panic!` could say. The parent then reads the crash report and the child's output
//! for every secret.

use std::path::PathBuf;
use std::process::Command;

use bankfeeds_onboard::api::redacted::{Jwt, SigningKey};
use bankfeeds_onboard::diagnostics::crash;
use bankfeeds_onboard::emulator::jwt::{Claims, JwtKey, issue};
use bankfeeds_onboard::emulator::random;
use rand::SeedableRng as _;
use rand::rngs::StdRng;

/// Set (to the crash folder) only in the child process.
const CHILD_VAR: &str = "BANKFEEDS_CRASH_CHILD";
/// The seed both processes draw the secrets from.
const SEED_VAR: &str = "BANKFEEDS_CRASH_SEED";
/// The child test, as libtest names it.
const CHILD_TEST: &str = "crash_report::child_panics_holding_secrets";

/// What the child holds: a customer's signing key, an access token, and a poll route's signature.
struct Secrets {
    key: SigningKey,
    jwt: Jwt,
    sig: SigningKey,
}

/// The child's secrets, drawn the way the emulator draws them.
fn secrets(seed: u64) -> Secrets {
    let mut rng = StdRng::seed_from_u64(seed);
    let key = random::signing_key(&mut rng);
    let claims = Claims { org: "org-1".into(), company: "co-1".into(), iat: 1_800_000_000, exp: 1_800_003_600 };
    let jwt = issue(&JwtKey::random(&mut rng), &claims);
    let sig = random::signing_key(&mut rng);
    Secrets { key, jwt, sig }
}

/// Each secret text that must not be found, with a name for the failure message (the text itself is not printed).
fn secret_texts(secrets: &Secrets) -> Vec<(String, String)> {
    let (key, jwt, sig) = (secrets.key.expose(), secrets.jwt.expose(), secrets.sig.expose());
    let mut texts = vec![
        ("the signing key".to_owned(), key.to_owned()),
        ("the signing key's first half".to_owned(), key[..32].to_owned()),
        ("the signing key's second half".to_owned(), key[32..].to_owned()),
        ("the JWT".to_owned(), jwt.to_owned()),
        ("the poll route's signature".to_owned(), sig[..40].to_owned()),
    ];
    for (at, part) in jwt.split('.').enumerate().skip(1) {
        texts.push((format!("the JWT's part {at}"), part.to_owned()));
    }
    texts
}

/// The child: run only by the parent (with `--ignored`), so a plain run lists it as ignored, not as passed; returns
/// at once if started some other way.
#[test]
#[ignore = "the crash report test's child process: crash_report's parent test runs it"]
fn child_panics_holding_secrets() {
    let Some(folder) = std::env::var_os(CHILD_VAR) else { return };
    let seed = std::env::var(SEED_VAR).expect("a seed").parse().expect("a number");
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).init();
    crash::install(Some(PathBuf::from(folder)));
    let secrets = secrets(seed);
    let (key, jwt) = (&secrets.key, &secrets.jwt);
    let body = format!(r#"{{"token":"{}","jwt":"{}"}}"#, key.expose(), jwt.expose());
    panic!(
        "the keyring refused {key:?} ({}) while holding {} and sending Authorization: Bearer {} to \
         https://127.0.0.1:9/api/v1/linkpolls/l/2?sig={}&n=1 with the body {body:?}",
        key.expose(),
        jwt.expose(),
        jwt.expose(),
        &secrets.sig.expose()[..40],
    );
}

#[test]
fn a_panic_holding_secrets_leaves_a_crash_report_without_them() {
    if std::env::var_os(CHILD_VAR).is_some() {
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let seed: u64 = rand::random();
    let output = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", CHILD_TEST, "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, folder.path())
        .env(SEED_VAR, seed.to_string())
        .env("RUST_LOG", "info")
        .output()
        .expect("the child ran");
    assert!(!output.status.success(), "the child test panicked, so it failed");

    let reports: Vec<_> = std::fs::read_dir(folder.path())
        .expect("the crash folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    assert_eq!(reports.len(), 1, "exactly one file, the report: {reports:?}");
    let path = &reports[0];
    let name = path.file_name().and_then(|name| name.to_str()).expect("a name");
    assert!(
        name.starts_with(crash::CRASH_FILE_PREFIX) && path.extension().is_some_and(|extension| extension == "txt"),
        "{name}"
    );
    let report = std::fs::read_to_string(path).expect("the report");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);

    // First what must not be there (the failure names the secret, not its text), then what must.
    for (what, text) in secret_texts(&secrets(seed)) {
        assert!(!report.contains(&text), "the crash report holds {what}");
        assert!(!stderr.contains(&text), "the child's stderr holds {what}");
        assert!(!stdout.contains(&text), "the child's stdout holds {what}");
    }
    for words in [
        "Location: tests/all/crash_report.rs:",
        &format!("Thread: {CHILD_TEST}"),
        "the keyring refused SigningKey([redacted]) ([redacted]) while holding [redacted]",
        "Authorization: Bearer [redacted] to https://127.0.0.1:9/api/v1/linkpolls/l/2?sig=[redacted]&n=1",
        r#"with the body "{\"token\":\"[redacted]\",\"jwt\":\"[redacted]\"}""#,
        "Backtrace:",
        "child_panics_holding_secrets",
    ] {
        assert!(report.contains(words), "the report says {words:?}:\n{report}");
    }
    for words in ["internal error at tests/all/crash_report.rs:", name, "no signing key", "Sage support"] {
        assert!(stderr.contains(words), "stderr says {words:?}:\n{stderr}");
    }
    assert!(stderr.contains("its crash report is written"), "the log line is there:\n{stderr}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner-only");
    }
}
