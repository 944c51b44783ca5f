//! The emulator's certificates checked as a client checks them (webpki, with the test authority as the only root): the
//! names and the validity they are for; the files given with `--tls-cert` and `--tls-key` and each way they can be
//! wrong, in one sentence; the authority's file.

use std::time::Duration;

use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::client::danger::ServerCertVerifier as _;
use tokio_rustls::rustls::pki_types::{ServerName, UnixTime};

use super::*;

/// A fixed "now" for certificates made in these tests.
fn made_at() -> Timestamp {
    "2026-12-01T10:00:00Z".parse().expect("a timestamp")
}

/// The time `offset` after [`made_at`], as webpki takes it.
fn at(offset: SignedDuration) -> UnixTime {
    let second = made_at().checked_add(offset).expect("in range").as_second();
    UnixTime::since_unix_epoch(Duration::from_secs(u64::try_from(second).expect("after 1970")))
}

/// Whether a client that trusts only `authority_pem` accepts `leaf` for `name` at `now`.
fn verify(authority_pem: &str, leaf: &CertificateDer<'static>, name: &str, now: UnixTime) -> Result<(), rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from_pem_slice(authority_pem.as_bytes()).expect("the authority's PEM")).expect("a root");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider).build().expect("a verifier");
    let name = ServerName::try_from(name.to_owned()).expect("a server name");
    verifier.verify_server_cert(leaf, &[], &name, &[], now).map(|_| ())
}

fn issued(listen: &str) -> Issued {
    Issued::for_address(listen.parse().expect("an address"), made_at()).expect("issues")
}

/// Whether [`issued`]'s certificate for `listen` is accepted for `name` now.
fn names(issued: &Issued, name: &str) -> bool {
    verify(&issued.authority_pem, &issued.leaf, name, at(SignedDuration::ZERO)).is_ok()
}

#[test]
fn the_certificate_is_for_the_listening_address_and_localhost_only() {
    let issued = issued("192.0.2.7");
    assert!(names(&issued, "192.0.2.7"));
    assert!(names(&issued, "localhost"));
    for other in ["192.0.2.8", "127.0.0.1", "::1", "example.com"] {
        assert!(!names(&issued, other), "{other} is not named");
    }
}

#[test]
fn on_an_unspecified_address_the_certificate_is_for_both_loopbacks_too() {
    for listen in ["0.0.0.0", "::"] {
        let issued = issued(listen);
        for name in ["127.0.0.1", "::1", "localhost"] {
            assert!(names(&issued, name), "{name} is named when listening on {listen}");
        }
        assert!(!names(&issued, "192.0.2.7"), "listening on {listen}");
    }
    assert_eq!(subject_alt_names("0.0.0.0".parse().expect("address")), ["0.0.0.0", "127.0.0.1", "::1", "localhost"]);
}

#[test]
fn the_certificate_is_valid_from_a_day_before_it_was_made_to_30_days_after() {
    let issued = issued("127.0.0.1");
    let check = |offset: SignedDuration| verify(&issued.authority_pem, &issued.leaf, "127.0.0.1", at(offset));
    let hour = SignedDuration::from_hours(1);
    assert_matches!(check(hour - VALID_BEFORE), Ok(()));
    assert_matches!(check(VALID_AFTER - hour), Ok(()));
    assert_matches!(
        check(-VALID_BEFORE - hour),
        Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidYetContext { .. }))
    );
    assert_matches!(
        check(VALID_AFTER + hour),
        Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ExpiredContext { .. }))
    );
}

#[test]
fn only_its_own_authority_vouches_for_the_certificate_and_the_authority_file_holds_no_key() {
    let (first, second) = (issued("127.0.0.1"), issued("127.0.0.1"));
    assert_ne!(first.authority_pem, second.authority_pem, "a new authority each time");
    assert_matches!(
        verify(&second.authority_pem, &first.leaf, "127.0.0.1", at(SignedDuration::ZERO)),
        Err(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer))
    );
    assert!(first.authority_pem.starts_with("-----BEGIN CERTIFICATE-----"), "{}", first.authority_pem);
    assert!(!first.authority_pem.contains("PRIVATE KEY"), "{}", first.authority_pem);
    let tls = Tls::own_authority("127.0.0.1".parse().expect("address"), made_at()).expect("made");
    assert_matches!(tls.trust(), Trust::OwnAuthority { certificate_pem } if certificate_pem.starts_with("-----BEGIN"));
    assert!(!format!("{tls:?}").contains("PRIVATE"), "{tls:?}");
}

/// A self-signed certificate for localhost and its key, as PEM files in a new folder.
struct Files {
    folder: tempfile::TempDir,
    certificate: PathBuf,
    key: PathBuf,
}

fn files() -> Files {
    let folder = tempfile::tempdir().expect("a folder");
    let key = KeyPair::generate().expect("a key");
    let certificate =
        CertificateParams::new(vec![LOCALHOST.to_owned()]).expect("params").self_signed(&key).expect("a certificate");
    let (certificate_path, key_path) = (folder.path().join("cert.pem"), folder.path().join("key.pem"));
    std::fs::write(&certificate_path, certificate.pem()).expect("written");
    std::fs::write(&key_path, key.serialize_pem()).expect("written");
    Files { folder, certificate: certificate_path, key: key_path }
}

/// The sentence a refusal of `certificate` and `key` prints.
fn refusal(certificate: &Path, key: &Path) -> String {
    match Tls::from_files(certificate, key) {
        Ok(tls) => panic!("accepted: {tls:?}"),
        Err(problem) => problem.to_string(),
    }
}

/// One sentence that names `path` and ends with what to do, with no Debug dump in it.
fn assert_sentence(text: &str, path: &Path, says: &str, to_do: &str) {
    assert!(text.contains(&path.display().to_string()), "names the file: {text}");
    assert!(text.contains(says), "says {says:?}: {text}");
    assert!(text.contains(to_do), "says what to do ({to_do:?}): {text}");
    for dump in ["Io(", "Os {", "kind:", "NoItemsFound", "[", "\n"] {
        assert!(!text.contains(dump), "no Debug dump ({dump:?}): {text}");
    }
}

#[test]
fn a_certificate_and_its_key_given_as_pem_files_are_served() {
    let files = files();
    let tls = Tls::from_files(&files.certificate, &files.key).expect("accepted");
    assert_eq!(tls.trust(), &Trust::Given { certificate: files.certificate.clone() });
}

#[test]
fn a_missing_file_says_which_and_what_to_give() {
    let files = files();
    let missing = files.folder.path().join("missing.pem");
    let text = refusal(&missing, &files.key);
    assert_sentence(&text, &missing, "could not read a certificate from", "give --tls-cert a PEM file");
    assert!(text.contains("No such file"), "{text}");
    let text = refusal(&files.certificate, &missing);
    assert_sentence(&text, &missing, "could not read a private key from", "give --tls-key");
}

#[test]
fn files_given_the_wrong_way_round_say_what_they_do_not_hold() {
    let files = files();
    let text = refusal(&files.key, &files.certificate);
    assert_sentence(&text, &files.key, "it holds no certificate", "give --tls-cert");
    let text = refusal(&files.certificate, &files.certificate);
    assert_sentence(&text, &files.certificate, "it holds no private key", "give --tls-key");
}

#[test]
fn a_file_that_is_not_pem_says_so() {
    let files = files();
    let broken = files.folder.path().join("broken.pem");
    std::fs::write(&broken, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n")
        .expect("written");
    assert_sentence(
        &refusal(&broken, &files.key),
        &broken,
        "it is not valid PEM (a section is not valid base64)",
        "give",
    );
    std::fs::write(&broken, "-----BEGIN CERTIFICATE-----\nMIIB\n").expect("written");
    assert_sentence(&refusal(&broken, &files.key), &broken, "it is not valid PEM (a section has no END line)", "give");
    std::fs::write(&broken, "plain text, no PEM at all\n").expect("written");
    assert_sentence(&refusal(&broken, &files.key), &broken, "it holds no certificate", "give --tls-cert");
}

#[test]
fn a_key_of_another_certificate_is_refused_as_not_its_key() {
    let (one, other) = (files(), files());
    let text = refusal(&one.certificate, &other.key);
    assert_sentence(&text, &other.key, "is not the private key of the certificate in", "give --tls-key the key that");
    assert!(text.contains(&one.certificate.display().to_string()), "{text}");
}

#[test]
fn the_authority_file_is_named_after_the_port_and_replaced_at_each_start() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = write_authority(folder.path(), 8443, "first").expect("written");
    assert_eq!(path, folder.path().join("bankfeeds-onboard-emulator-8443-ca.pem"));
    assert_eq!(write_authority(folder.path(), 8443, "second").expect("written"), path);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "second");
}

#[cfg(unix)]
#[test]
fn a_link_left_at_the_authority_file_is_replaced_not_followed() {
    let folder = tempfile::tempdir().expect("a folder");
    let elsewhere = folder.path().join("elsewhere");
    std::fs::write(&elsewhere, "untouched").expect("written");
    std::os::unix::fs::symlink(&elsewhere, authority_file(folder.path(), 9)).expect("a link");
    let path = write_authority(folder.path(), 9, "certificate").expect("written");
    assert_eq!(std::fs::read_to_string(&elsewhere).expect("read"), "untouched");
    assert!(!std::fs::symlink_metadata(&path).expect("there").file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "certificate");
}

#[test]
fn an_authority_file_that_cannot_be_written_says_where_and_what_to_do() {
    let folder = tempfile::tempdir().expect("a folder");
    let not_a_folder = folder.path().join("file");
    std::fs::write(&not_a_folder, "").expect("written");
    let text = write_authority(&not_a_folder, 1, "certificate").expect_err("refused").to_string();
    assert!(text.starts_with("could not write the emulator's CA certificate to "), "{text}");
    assert!(text.ends_with("set TMPDIR to a folder you can write to"), "{text}");
}
