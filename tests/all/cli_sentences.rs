//! Every command-line failure is a sentence: what failed and what to do, on standard error after `error: `, with a
//! non-zero exit, and never a `Debug` dump (`Some(…)`, `Os { code: … }`, `NotSent { detail: … }`).

use std::process::{Command, Output};

use crate::real_binary::BINARY;

/// Runs the program with `args` and `env`, with no signing key unless `env` gives one.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BINARY);
    command.args(args).env_remove("BANKFEEDS_SIGNING_KEY").env("RUST_LOG", "off");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the program runs")
}

/// The one line of standard error, after checking it is a failure told as a sentence containing `says`.
fn sentence(output: &Output, says: &str) -> String {
    assert!(!output.status.success(), "a failure exits non-zero: {output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert!(stderr.starts_with("error: "), "told after `error: `: {stderr}");
    for dump in ["Some(", "None", "Os {", "kind:", " { detail", "Err(", "Ok("] {
        assert!(!stderr.contains(dump), "a Debug dump ({dump}) in: {stderr}");
    }
    assert!(stderr.contains(says), "{says:?} not in: {stderr}");
    stderr
}

#[test]
fn sign_without_a_key_with_a_bad_url_or_a_missing_body_file_says_what_to_give() {
    let url = ["sign", "--method", "GET", "--url", "https://host/api/v1/accesstoken", "--nonce", "n"];
    sentence(&run(&url, &[]), "set BANKFEEDS_SIGNING_KEY");
    let key = [("BANKFEEDS_SIGNING_KEY", "a-key")];
    sentence(&run(&["sign", "--method", "GET", "--url", "not a url", "--nonce", "n"], &key), "give it with its scheme");
    let body = ["sign", "--method", "POST", "--url", "https://host/x", "--nonce", "n", "--body-file", "/no/such/body"];
    sentence(&run(&body, &key), "check the path given to --body-file");
}

#[test]
fn the_emulator_on_an_address_it_cannot_take_says_to_choose_another() {
    sentence(&run(&["emulator", "--listen", "192.0.2.1:80"], &[]), "choose another address or port");
}

#[test]
fn headless_on_a_data_folder_that_is_a_file_says_to_move_it_or_choose_another() {
    let file = tempfile::NamedTempFile::new().expect("a file");
    let path = file.path().to_str().expect("a UTF-8 path");
    sentence(&run(&["headless", "--data-dir", path], &[]), "choose a folder with --data-dir");
}

#[test]
fn the_emulator_with_a_certificate_or_key_it_cannot_use_says_what_to_give() {
    let folder = tempfile::tempdir().expect("a folder");
    let missing = folder.path().join("missing.pem");
    let text = folder.path().join("text.pem");
    std::fs::write(&text, "not PEM at all\n").expect("written");
    let (missing, text) = (missing.to_str().expect("a UTF-8 path"), text.to_str().expect("a UTF-8 path"));
    let stderr =
        sentence(&run(&["emulator", "--tls-cert", missing, "--tls-key", text], &[]), "give --tls-cert a PEM file");
    assert!(stderr.contains(missing), "names the file: {stderr}");
    assert_eq!(stderr.matches("could not read").count(), 1, "said once: {stderr}");
    sentence(&run(&["emulator", "--tls-cert", text, "--tls-key", text], &[]), "it holds no certificate");
}

#[test]
fn start_at_on_a_sage_or_custom_environment_is_refused_with_what_to_change_and_touches_nothing() {
    use bankfeeds_onboard::config::{Environment, Region};
    use bankfeeds_onboard::store::ProgressStore;
    use bankfeeds_onboard::wizard::Wizard;

    let folder = tempfile::tempdir().expect("a folder");
    let dir = folder.path().to_str().expect("a UTF-8 path");
    let store = ProgressStore::new(folder.path());
    let mut saved = Wizard::new().progress();
    saved.settings.environment = Environment::Sandbox(Region::Eu);
    store.save(&saved).expect("saved");
    let before = std::fs::read(store.path()).expect("read");

    let stderr = sentence(
        &run(&["--data-dir", dir, "--start-at", "overview"], &[]),
        "choose the local emulator in the window first, or give another --data-dir",
    );
    assert!(stderr.contains(&Environment::Sandbox(Region::Eu).label()), "names the environment: {stderr}");
    assert_eq!(std::fs::read(store.path()).expect("read"), before, "the saved progress is untouched");
    let files: Vec<_> = std::fs::read_dir(folder.path()).expect("listed").flatten().map(|e| e.file_name()).collect();
    assert_eq!(files.len(), 1, "nothing else was written: {files:?}");

    let custom = [
        "--data-dir",
        dir,
        "--start-at",
        "bank",
        "--banking-service-url",
        "https://bankdrive.example.com/api/v1/",
        "--token-service-url",
        "https://tokens.example.com/api/v1/",
    ];
    sentence(&run(&custom, &[]), "leave out --banking-service-url and --token-service-url, or leave out --start-at");
}

#[test]
fn help_lists_every_seed_of_start_at_with_what_it_sets_up() {
    use bankfeeds_onboard::ui::words::seed_summary;
    use bankfeeds_onboard::wizard::Seed;

    let output = run(&["--help"], &[]);
    assert!(output.status.success(), "{output:?}");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--start-at <STEP>"), "{help}");
    assert!(help.contains("as Reset demo does"), "says the demo is reset first: {help}");
    for seed in Seed::ALL {
        let line = format!("- {}:", seed.cli_name());
        assert!(help.contains(&line) && help.contains(seed_summary(seed)), "{line} with its summary in: {help}");
    }
}
