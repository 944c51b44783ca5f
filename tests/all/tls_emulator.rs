//! The standalone emulator over HTTPS as the real binary serves it (`emulator --tls`), its roots and CA file read
//! from its banner as a person would; and a real HTTP CONNECT proxy (Debian's tinyproxy) whose log shows the tunnels.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::real_binary::BINARY;

/// The captcha answer of every emulator started here.
pub const TLS_CAPTCHA: &str = crate::support::CAPTCHA_TEXT;

/// A running `emulator --tls`, stopped when dropped.
pub struct TlsEmulator {
    child: Child,
    /// Its Banking Service root (`https://127.0.0.1:PORT/api/v1/`).
    pub banking: String,
    /// Its Token Service root.
    pub token_service: String,
    /// The PEM file of the CA that signed its certificate, as its banner names it.
    pub ca: PathBuf,
}

impl TlsEmulator {
    /// Starts the emulator over HTTPS on a free loopback port, with fast links and [`TLS_CAPTCHA`].
    pub fn start() -> Self {
        let mut child = Command::new(BINARY)
            .args(["emulator", "--tls", "--listen", "127.0.0.1:0", "--captcha-text", TLS_CAPTCHA])
            .args(["--poll-period-ms", "300", "--activation-delay-ms", "500"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator starts");
        let stdout = child.stdout.take().expect("piped");
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let (mut banking, mut token_service, mut ca) = (None, None, None);
        let value = |line: &str| line.split_once(':').map(|(_, value)| value.trim().to_owned());
        for line in lines.by_ref() {
            if line.starts_with("Banking Service:") {
                banking = value(&line);
            } else if line.starts_with("Token Service:") {
                token_service = value(&line);
            } else if line.starts_with("CA certificate:") {
                ca = value(&line).map(PathBuf::from);
            } else if line.starts_with("Serving until Ctrl-C") {
                break;
            }
        }
        // The rest of its output is read and dropped, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let emulator = Self {
            child,
            banking: banking.expect("the banner names the Banking Service"),
            token_service: token_service.expect("the banner names the Token Service"),
            ca: ca.expect("the banner names the CA certificate"),
        };
        assert!(emulator.banking.starts_with("https://127.0.0.1:"), "{}", emulator.banking);
        assert!(emulator.ca.is_file(), "the CA file {} exists", emulator.ca.display());
        emulator
    }

    /// The arguments that point the wizard or `headless` at it.
    pub fn custom_environment_args(&self) -> [&str; 4] {
        ["--banking-service-url", &self.banking, "--token-service-url", &self.token_service]
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        url::Url::parse(&self.banking).ok().and_then(|url| url.port()).expect("a port")
    }
}

impl Drop for TlsEmulator {
    /// Ctrl-C, as a person stops it, so that it removes its CA file; killed if it does not end.
    fn drop(&mut self) {
        let interrupted = Command::new("kill").arg("-INT").arg(self.child.id().to_string()).status();
        if interrupted.is_ok_and(|status| status.success()) {
            for _ in 0..50 {
                if self.child.try_wait().ok().flatten().is_some() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A tinyproxy on a free loopback port, logging every connection to a file; stopped when dropped.
pub struct Proxy {
    child: Child,
    /// `http://127.0.0.1:PORT`, for `HTTPS_PROXY`.
    pub url: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Proxy {
    /// Starts tinyproxy in the foreground with a configuration of its own (loopback only, every port allowed for
    /// CONNECT, an Info-level log).
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let log = dir.path().join("tinyproxy.log");
        let config = dir.path().join("tinyproxy.conf");
        // Run as the user running the test (no `User`), so that it can write its log here.
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 60\nLogFile \"{}\"\nLogLevel Info\nMaxClients 20\n\
                 Allow 127.0.0.1\nDisableViaHeader Yes\n",
                log.display()
            ),
        )
        .expect("config written");
        let child = Command::new("tinyproxy").arg("-d").arg("-c").arg(&config).spawn().expect("tinyproxy starts");
        let proxy = Self { child, url: format!("http://127.0.0.1:{port}"), log, _dir: dir };
        crate::support::eventually(
            "tinyproxy listening",
            || std::net::TcpStream::connect(("127.0.0.1", port)).ok().map(drop),
            || format!("its log: {}", proxy.log_text()),
        );
        proxy
    }

    /// Its log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Presses Approve on the consent page at `url` over HTTPS, trusting the CA in `ca` (a person's browser trusts it
/// once it is installed); the status answered.
pub fn approve_consent_trusting(url: &str, ca: &Path) -> u16 {
    let pem = std::fs::read(ca).expect("the CA file");
    let certificate = reqwest::Certificate::from_pem(&pem).expect("a PEM certificate");
    let client = reqwest::Client::builder()
        .tls_certs_only([certificate])
        .no_proxy()
        .build()
        .expect("a client trusting the emulator's CA");
    crate::support::approve_consent_with(&client, url)
}
