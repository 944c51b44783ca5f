//! The real `bankfeeds-onboard emulator --tls` process: its banner gives `https://` roots and names the file of its CA
//! certificate in the temp folder (`TMPDIR`); a client that trusts that file alone is answered over HTTPS; Ctrl-C
//! (SIGINT) stops it and removes the file, whose authority's key is gone with the process.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use bankfeeds_onboard::config::TEST_PRODUCT_ID;

use crate::real_binary::BINARY;

/// The emulator process, killed when dropped (a test that failed half-way leaves nothing running).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.kill().is_ok() {
            self.0.wait().ok();
        }
    }
}

#[test]
fn emulator_tls_writes_its_ca_certificate_for_clients_and_removes_it_when_stopped() {
    let temp = tempfile::tempdir().expect("a folder");
    let mut emulator = Running(
        Command::new(BINARY)
            .args(["emulator", "--tls"])
            .env("TMPDIR", temp.path())
            .env("RUST_LOG", "off")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator starts"),
    );
    let stdout = emulator.0.stdout.take().expect("its standard output");
    let mut lines = BufReader::new(stdout).lines().map(|line| line.expect("a banner line"));
    let (mut banking, mut authority) = (None, None);
    for line in lines.by_ref() {
        if let Some(root) = line.strip_prefix("Banking Service:") {
            banking = Some(root.trim().to_owned());
        }
        if let Some(path) = line.strip_prefix("CA certificate:") {
            authority = Some(PathBuf::from(path.trim()));
        }
        if line.starts_with("Serving until Ctrl-C.") {
            break;
        }
    }
    let banking = banking.expect("the banner gives the Banking Service's root");
    let authority = authority.expect("the banner names the CA certificate's file");
    assert!(banking.starts_with("https://127.0.0.1:"), "{banking}");
    assert_eq!(authority.parent(), Some(temp.path()), "in the temp folder");
    let pem = std::fs::read(&authority).expect("the file is there");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let status = runtime.block_on(async {
        let trusted = reqwest::Certificate::from_pem(&pem).expect("a PEM certificate");
        let client = reqwest::Client::builder().tls_certs_only([trusted]).build().expect("a client");
        let answer = client
            .get(format!("{banking}banks?primaryCountry=GBR"))
            .header("X-Application", TEST_PRODUCT_ID)
            .send()
            .await
            .expect("answered over HTTPS by a client that trusts the file alone");
        answer.status().as_u16()
    });
    assert_eq!(status, 200);

    let interrupted = Command::new("kill").args(["-INT", &emulator.0.id().to_string()]).status().expect("kill runs");
    assert!(interrupted.success());
    let exit = emulator.0.wait().expect("the emulator stops");
    assert!(exit.success(), "{exit:?}");
    assert!(lines.any(|line| line == "Emulator stopped."), "it says so");
    assert!(!authority.exists(), "its CA certificate's file is removed: {}", authority.display());
}
