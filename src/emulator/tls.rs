//! HTTPS for the emulator (`emulator --tls`): a test certificate authority made at start signs a certificate for the
//! listening address, and only the authority's certificate is handed out for clients to trust (its key never leaves
//! memory); or a certificate and key the person gives as PEM files. Either becomes the rustls configuration the
//! server's connections are accepted with (aws-lc-rs, as reqwest's rustls). No sentence here holds a key.

use std::fmt;
use std::io::{self, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

#[cfg(test)]
mod tests;

/// How long before it is made a certificate of the emulator's own is already valid: a day, so that a client whose
/// clock is behind (or a test's skewed clock) accepts it.
pub const VALID_BEFORE: SignedDuration = SignedDuration::from_hours(24);

/// How long after it is made a certificate of the emulator's own stays valid: 30 days.
pub const VALID_AFTER: SignedDuration = SignedDuration::from_hours(30 * 24);

/// The name a certificate of the emulator's own always answers to, besides addresses.
pub const LOCALHOST: &str = "localhost";

/// The protocol offered in the handshake (ALPN): the emulator's server speaks HTTP/1.1 only.
const HTTP_1_1: &[u8] = b"http/1.1";

/// What the emulator serves HTTPS with: the server's rustls configuration, and what its clients must trust.
#[derive(Clone)]
pub struct Tls {
    config: Arc<ServerConfig>,
    trust: Trust,
}

/// What a client must trust to accept the emulator's certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// The test certificate authority the emulator made at start: its certificate, as PEM.
    OwnAuthority {
        /// The authority's certificate (public; its key stays in memory and is gone when the emulator stops).
        certificate_pem: String,
    },
    /// The certificate file given with `--tls-cert`: clients trust its issuer.
    Given {
        /// The file, as given.
        certificate: PathBuf,
    },
}

impl fmt::Debug for Tls {
    /// The trust only: the server's configuration holds its private key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls").field("trust", &self.trust).finish_non_exhaustive()
    }
}

impl Tls {
    /// A new test certificate authority, and a certificate it signs for `listen` (see [`subject_alt_names`]), valid
    /// from [`VALID_BEFORE`] before `now` to [`VALID_AFTER`] after it.
    pub fn own_authority(listen: IpAddr, now: Timestamp) -> Result<Self, TlsProblem> {
        let issued = Issued::for_address(listen, now)?;
        let config = server_config(vec![issued.leaf], PrivateKeyDer::Pkcs8(issued.leaf_key))
            .map_err(|cause| TlsProblem::Make { cause: cause.to_string() })?;
        Ok(Self { config, trust: Trust::OwnAuthority { certificate_pem: issued.authority_pem } })
    }

    /// The certificate chain in `certificate` (PEM: the server's certificate first) and its private key in `key`
    /// (PEM: PKCS#8, PKCS#1 or SEC1).
    pub fn from_files(certificate: &Path, key: &Path) -> Result<Self, TlsProblem> {
        let chain = read_certificates(certificate)?;
        let private_key = read_key(key)?;
        let config = server_config(chain, private_key).map_err(|cause| match cause {
            rustls::Error::InconsistentKeys(_) => {
                TlsProblem::Mismatch { key: key.to_owned(), certificate: certificate.to_owned() }
            }
            other => TlsProblem::UnusableKey { key: key.to_owned(), cause: other.to_string() },
        })?;
        Ok(Self { config, trust: Trust::Given { certificate: certificate.to_owned() } })
    }

    /// What clients must trust.
    #[must_use]
    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    /// What the server accepts each connection's handshake with.
    #[must_use]
    pub fn acceptor(&self) -> TlsAcceptor {
        TlsAcceptor::from(Arc::clone(&self.config))
    }
}

/// The names a certificate of the emulator's own is for: the listening address; when that is unspecified (0.0.0.0,
/// ::), the loopback addresses too (where [`super::EmulatorHandle::endpoints`] reach it); and always [`LOCALHOST`].
#[must_use]
pub fn subject_alt_names(listen: IpAddr) -> Vec<String> {
    let mut names = vec![listen.to_string()];
    if listen.is_unspecified() {
        names.extend([Ipv4Addr::LOCALHOST.to_string(), Ipv6Addr::LOCALHOST.to_string()]);
    }
    names.push(LOCALHOST.to_owned());
    names
}

/// The file the test authority's certificate of an emulator on `port` is written to, in `folder`:
/// `bankfeeds-onboard-emulator-<port>-ca.pem`.
#[must_use]
pub fn authority_file(folder: &Path, port: u16) -> PathBuf {
    folder.join(format!("bankfeeds-onboard-emulator-{port}-ca.pem"))
}

/// Writes `certificate_pem` to [`authority_file`], replacing what an earlier run left there. The file is created
/// anew: a link someone left at that name is replaced, never followed.
pub fn write_authority(folder: &Path, port: u16, certificate_pem: &str) -> Result<PathBuf, TlsProblem> {
    let path = authority_file(folder, port);
    let written = remove_if_present(&path).and_then(|()| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
        file.write_all(certificate_pem.as_bytes())?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok(path),
        Err(cause) => Err(TlsProblem::WriteAuthority { path, cause }),
    }
}

/// Removes `path` (a file or a link) unless there is nothing there.
fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        removed => removed,
    }
}

/// Why the emulator cannot serve HTTPS; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TlsProblem {
    /// The test authority or its certificate could not be made.
    #[error(
        "could not make the emulator's test certificate: {cause}; start it without --tls, or give a certificate with \
         --tls-cert and --tls-key"
    )]
    Make {
        /// Why, in rcgen's or rustls's words.
        cause: String,
    },
    /// Only one of `--tls-cert` and `--tls-key` was given.
    #[error("--tls-cert and --tls-key go together: give the certificate and its private key, or neither")]
    Incomplete,
    /// The certificate file could not be read as PEM certificates.
    #[error(
        "could not read a certificate from {path}: {fault}; give --tls-cert a PEM file with the server's certificate \
         (then its chain)"
    )]
    Certificate {
        /// The file given.
        path: PathBuf,
        /// What is wrong with it.
        fault: PemFault,
    },
    /// The key file could not be read as a PEM private key.
    #[error(
        "could not read a private key from {path}: {fault}; give --tls-key the certificate's private key as a PEM \
         file (PKCS#8, PKCS#1 or SEC1)"
    )]
    Key {
        /// The file given.
        path: PathBuf,
        /// What is wrong with it.
        fault: PemFault,
    },
    /// The key is not the certificate's.
    #[error(
        "the key in {key} is not the private key of the certificate in {certificate}; give --tls-key the key that \
         belongs to that certificate"
    )]
    Mismatch {
        /// The key file.
        key: PathBuf,
        /// The certificate file.
        certificate: PathBuf,
    },
    /// The key is of a kind rustls cannot sign with.
    #[error(
        "the key in {key} cannot be used to serve HTTPS ({cause}); give --tls-key an RSA, ECDSA (P-256 or P-384) or \
         Ed25519 private key"
    )]
    UnusableKey {
        /// The key file.
        key: PathBuf,
        /// Why, in rustls's words.
        cause: String,
    },
    /// The authority's certificate could not be written for clients to trust.
    #[error(
        "could not write the emulator's CA certificate to {path}: {cause}; set TMPDIR to a folder you can write to"
    )]
    WriteAuthority {
        /// The file it was written to.
        path: PathBuf,
        /// Why.
        cause: io::Error,
    },
}

/// What is wrong with a PEM file, in words.
#[derive(Debug)]
pub enum PemFault {
    /// It could not be read at all.
    Unreadable(io::Error),
    /// It holds no section of the kind looked for.
    NoneFound(&'static str),
    /// It is not well-formed PEM.
    Malformed(&'static str),
}

impl fmt::Display for PemFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(cause) => write!(f, "{cause}"),
            Self::NoneFound(what) => write!(f, "it holds no {what}"),
            Self::Malformed(how) => write!(f, "it is not valid PEM ({how})"),
        }
    }
}

impl PemFault {
    /// The fault for `error`, met while looking for `what` ("certificate", "private key").
    fn from_pem(error: pem::Error, what: &'static str) -> Self {
        match error {
            pem::Error::Io(cause) => Self::Unreadable(cause),
            pem::Error::NoItemsFound => Self::NoneFound(what),
            pem::Error::MissingSectionEnd { .. } => Self::Malformed("a section has no END line"),
            pem::Error::IllegalSectionStart { .. } => Self::Malformed("a BEGIN line is malformed"),
            pem::Error::Base64Decode(_) => Self::Malformed("a section is not valid base64"),
            pem::Error::SectionTooLarge => Self::Malformed("a section is too large"),
            _ => Self::Malformed("it could not be parsed"),
        }
    }
}

/// Every certificate in the PEM file at `path`, in order; at least one.
fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsProblem> {
    let problem =
        |error| TlsProblem::Certificate { path: path.to_owned(), fault: PemFault::from_pem(error, "certificate") };
    let chain =
        CertificateDer::pem_file_iter(path).map_err(problem)?.collect::<Result<Vec<_>, _>>().map_err(problem)?;
    if chain.is_empty() {
        return Err(problem(pem::Error::NoItemsFound));
    }
    Ok(chain)
}

/// The first private key in the PEM file at `path`.
fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsProblem> {
    PrivateKeyDer::from_pem_file(path)
        .map_err(|error| TlsProblem::Key { path: path.to_owned(), fault: PemFault::from_pem(error, "private key") })
}

/// A server configuration for `chain` and its `key`, on aws-lc-rs, offering HTTP/1.1. Fails when the key is not the
/// first certificate's (`rustls::Error::InconsistentKeys`) or cannot be used.
fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<ServerConfig>, rustls::Error> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![HTTP_1_1.to_vec()];
    Ok(Arc::new(config))
}

/// A test authority's certificate and the certificate it signed, with that certificate's key.
struct Issued {
    authority_pem: String,
    leaf: CertificateDer<'static>,
    leaf_key: PrivatePkcs8KeyDer<'static>,
}

impl Issued {
    /// A new authority (its key dropped once it has signed) and its certificate for `listen`, both valid from
    /// [`VALID_BEFORE`] before `now` to [`VALID_AFTER`] after it.
    fn for_address(listen: IpAddr, now: Timestamp) -> Result<Self, TlsProblem> {
        let made = |cause: rcgen::Error| TlsProblem::Make { cause: cause.to_string() };
        let (not_before, not_after) = validity(now)?;

        let mut authority = CertificateParams::default();
        authority.distinguished_name.push(DnType::OrganizationName, "bankfeeds-onboard");
        // A new authority at every start, named apart from every other (a client looks its issuer up by name, and two
        // of the same name would make a certificate of one look forged by the other) and saying when it was made.
        let made_at = now.strftime("%Y-%m-%d %H:%M UTC");
        let name = format!("Emulator test CA {:08x}, made {made_at}", rand::random::<u32>());
        authority.distinguished_name.push(DnType::CommonName, name);
        authority.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        authority.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        authority.not_before = not_before;
        authority.not_after = not_after;
        let authority = CertifiedIssuer::self_signed(authority, KeyPair::generate().map_err(made)?).map_err(made)?;

        let mut leaf = CertificateParams::new(subject_alt_names(listen)).map_err(made)?;
        leaf.distinguished_name.push(DnType::OrganizationName, "bankfeeds-onboard");
        leaf.distinguished_name.push(DnType::CommonName, "Sage Banking Service emulator");
        leaf.is_ca = IsCa::ExplicitNoCa;
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf.use_authority_key_identifier_extension = true;
        leaf.not_before = not_before;
        leaf.not_after = not_after;
        let leaf_key = KeyPair::generate().map_err(made)?;
        let certificate = leaf.signed_by(&leaf_key, &authority).map_err(made)?;

        Ok(Self {
            authority_pem: authority.pem(),
            leaf: certificate.der().clone(),
            leaf_key: PrivatePkcs8KeyDer::from(leaf_key.serialize_der()),
        })
    }
}

/// From [`VALID_BEFORE`] before `now` to [`VALID_AFTER`] after it, to the second.
fn validity(now: Timestamp) -> Result<(time::OffsetDateTime, time::OffsetDateTime), TlsProblem> {
    let at = |offset: SignedDuration| {
        let second = now.checked_add(offset).map_err(|error| error.to_string())?.as_second();
        time::OffsetDateTime::from_unix_timestamp(second).map_err(|error| error.to_string())
    };
    let made = |cause| TlsProblem::Make { cause };
    Ok((at(-VALID_BEFORE).map_err(made)?, at(VALID_AFTER).map_err(made)?))
}
