//! `bankfeeds-onboard emulator`: serves the emulator alone until interrupted, over HTTP or HTTPS (`--tls`), after
//! printing what a client needs (both base URLs, what to trust over HTTPS, the identity, the throwaway application
//! key, the profile, the named test serials and banks, the admin API with a curl example, and the test scenario in
//! force when it is not normal).
//! Its world lives in memory only, as it has no keyring of its customers' keys (the wizard's in-process emulator is
//! the durable one, see `emulator::durable`).

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::emulator_settings::EmulatorSettings;
use crate::api::Scenario;
use crate::config::Profile;
use crate::emulator::banks::{COUNTRIES, TestBank};
use crate::emulator::fixtures::NAMED_SERIALS;
use crate::emulator::routes::ADMIN_PREFIX;
use crate::emulator::tls::{self, Tls, TlsProblem, Trust};
use crate::emulator::{EmulatorConfig, EmulatorHandle, start, start_tls};

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
    /// How long a link (its consent page and poll routes) is remembered after it started, in seconds: a day unless
    /// set. For load tests, whose links would otherwise pile up; a link forgotten answers 404 at its consent page and
    /// 403 at its poll routes.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub link_memory_secs: Option<u64>,
    /// Serve HTTPS, with a certificate for the listening address signed by a test certificate authority made at
    /// start; the authority's certificate (never its key) is written to the temp folder and named in the banner, for
    /// clients to trust.
    #[arg(long)]
    pub tls: bool,
    /// Serve HTTPS with this certificate instead (a PEM file: the server's certificate, then its chain); needs
    /// --tls-key. Clients must trust its issuer.
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (a PEM file: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl EmulatorArgs {
    /// The emulator's settings for these arguments; everything else is the default.
    #[must_use]
    pub fn config(&self) -> EmulatorConfig {
        let config = self.settings.config(self.profile);
        match self.link_memory_secs {
            Some(seconds) => EmulatorConfig { link_memory: Duration::from_secs(seconds), ..config },
            None => config,
        }
    }

    /// What HTTPS is served with: the files given, a test authority made now (`--tls`), or nothing (plain HTTP).
    pub fn tls(&self) -> Result<Option<Tls>, TlsProblem> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(certificate), Some(key)) => Tls::from_files(certificate, key).map(Some),
            (None, None) if self.tls => Tls::own_authority(self.listen.ip(), jiff::Timestamp::now()).map(Some),
            (None, None) => Ok(None),
            (Some(_), None) | (None, Some(_)) => Err(TlsProblem::Incomplete),
        }
    }
}

/// How clients reach a started emulator, for its banner.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Served {
    /// Plain HTTP.
    Http,
    /// HTTPS with a certificate signed by the emulator's own test authority, whose certificate is in this file.
    OwnAuthority(PathBuf),
    /// HTTPS with the certificate in this file (`--tls-cert`).
    GivenCertificate(PathBuf),
}

impl Served {
    /// The file of the authority's certificate, when the emulator made one.
    #[must_use]
    fn authority_file(&self) -> Option<&Path> {
        match self {
            Self::OwnAuthority(path) => Some(path),
            Self::Http | Self::GivenCertificate(_) => None,
        }
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
    /// HTTPS cannot be served as asked (its own sentence, said once).
    #[error(transparent)]
    Tls(#[from] TlsProblem),
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
    let (emulator, served) = launch(&args, config.clone()).await?;
    if let Err(error) = print(&banner(&emulator, &config, &served)) {
        emulator.shutdown().await;
        return Err(EmulatorCliError::Output(error));
    }
    let interrupted = tokio::signal::ctrl_c().await;
    emulator.shutdown().await;
    if let Some(path) = served.authority_file() {
        // The authority's key is gone with the emulator: its certificate vouches for nothing any more.
        if let Err(error) = std::fs::remove_file(path) {
            tracing::debug!(%error, path = %path.display(), "could not remove the emulator's CA certificate file");
        }
    }
    interrupted.map_err(EmulatorCliError::Signal)?;
    print("Emulator stopped.\n").map_err(EmulatorCliError::Output)
}

/// Starts the emulator as `args` say: over HTTPS when asked, its own authority's certificate written to the temp
/// folder ([`tls::write_authority`]) once the port is known.
async fn launch(args: &EmulatorArgs, config: EmulatorConfig) -> Result<(EmulatorHandle, Served), EmulatorCliError> {
    let listen = |cause| EmulatorCliError::Listen { addr: args.listen, cause };
    let Some(tls) = args.tls()? else {
        return Ok((start(args.listen, config).await.map_err(listen)?, Served::Http));
    };
    let emulator = start_tls(args.listen, config, &tls).await.map_err(listen)?;
    let served = match tls.trust() {
        Trust::OwnAuthority { certificate_pem } => {
            match tls::write_authority(&std::env::temp_dir(), emulator.local_addr().port(), certificate_pem) {
                Ok(path) => Served::OwnAuthority(path),
                Err(problem) => {
                    emulator.shutdown().await;
                    return Err(problem.into());
                }
            }
        }
        Trust::Given { certificate } => Served::GivenCertificate(certificate.clone()),
    };
    Ok((emulator, served))
}

/// Writes `text` to standard output.
fn print(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// What the command prints at start-up.
fn banner(emulator: &EmulatorHandle, config: &EmulatorConfig, served: &Served) -> String {
    let endpoints = emulator.endpoints();
    let curl = match served.authority_file() {
        Some(path) => format!("curl --cacert {}", path.display()),
        None => "curl".to_owned(),
    };
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
        "Sage Banking Service emulator, listening on {addr}{over}\n\n\
         Banking Service:          {banking}\n\
         Token Service:            {sts}\n\
         {trust}\
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
         \x20                         GET/PUT {admin}/scenario (the live test scenario), POST {admin}/reset (forget\n\
         \x20                         everything, scenario normal), for example:\n\
         \x20                         {curl} -X PUT {origin}{admin}/scenario -d '{{\"consent\": \"declined\"}}'\n\
         Candidate accounts:       {refresh}; {rate}\n\
         Latency:                  {latency} ms before each Banking Service answer\n\
         {scenario}\n\
         {first_calls}\n\
         Serving until Ctrl-C.\n",
        addr = emulator.local_addr(),
        over = if matches!(served, Served::Http) { "" } else { " over HTTPS" },
        trust = trust_lines(served),
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
        admin = ADMIN_PREFIX,
        refresh = match config.refresh_candidates_after_links {
            Some(every) => format!("new candidate IDs after every {every} links under an authorisation"),
            None => "candidate IDs never refreshed (--refresh-candidates-after-links N)".to_owned(),
        },
        rate = match config.link_rate_limit {
            Some(limit) => format!("at most {limit} links a second per company, then 429"),
            None => "no rate limit (--link-rate-limit N)".to_owned(),
        },
        latency = config.scenario.latency_ms,
        origin = endpoints.banking.origin().ascii_serialization(),
        scenario = scenario_lines(&config.scenario),
        first_calls = first_calls::first_calls(&curl, &endpoints, &config.identity, config.captcha_text.as_deref()),
    )
}

/// The banner's lines about what a client must trust over HTTPS: nothing over plain HTTP.
fn trust_lines(served: &Served) -> String {
    match served {
        Served::Http => String::new(),
        Served::OwnAuthority(path) => format!(
            "CA certificate:           {}\n\
             \x20                         (the emulator's own test authority, new at every start: trust it with\n\
             \x20                          curl --cacert, in Postman's CA certificates, or SSL_CERT_FILE for the\n\
             \x20                          wizard on Linux)\n",
            path.display()
        ),
        Served::GivenCertificate(path) => {
            format!("TLS certificate:          {} (given with --tls-cert; trust its issuer)\n", path.display())
        }
    }
}

/// The banner's lines about the starting scenario: nothing when it is normal (its latency has a line of its own).
fn scenario_lines(scenario: &Scenario) -> String {
    let unusual: Vec<String> =
        Scenario { latency_ms: 0, ..*scenario }.describe().into_iter().map(|line| format!("  {line}\n")).collect();
    if unusual.is_empty() {
        String::new()
    } else {
        format!(
            "\nTest scenario in force (not normal; PUT {}/scenario to change it):\n{}",
            ADMIN_PREFIX,
            unusual.concat()
        )
    }
}

mod first_calls;

#[cfg(test)]
mod tests;
