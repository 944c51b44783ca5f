//! `bankfeeds-onboard sign`: prints the X-Signature of a request (CONTRACT §3), for helpdesk and QA who build requests
//! by hand. The key comes from the environment only, never the command line. Uses `api::signing`; no network.

use std::io::Write;
use std::path::PathBuf;

use url::Url;

use crate::api::redacted::SigningKey;
use crate::api::signing::{SignedParts, SigningError};

/// The environment variable that holds the signing key.
pub const SIGNING_KEY_VAR: &str = "BANKFEEDS_SIGNING_KEY";

/// Arguments of `sign`. The signing key is read from `BANKFEEDS_SIGNING_KEY`.
#[derive(Clone, Debug, clap::Args)]
pub struct SignArgs {
    /// The HTTP method, like GET or POST.
    #[arg(long)]
    pub method: String,
    /// The full URL, query string included, like `https://snd01us.sagebankdrive.com/api/v1/accesstoken`.
    #[arg(long)]
    pub url: String,
    /// The X-Nonce value the request will carry (1 to 200 characters; a fresh UUID is usual).
    #[arg(long)]
    pub nonce: String,
    /// A file holding the exact body bytes the request will send (a trailing newline counts). None: no body.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Also print the signature base string (it holds no secret) before the signature.
    #[arg(long)]
    pub show_base_string: bool,
}

/// Why `sign` could not print a signature; each message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum SignCliError {
    /// The key variable is not set, or empty.
    #[error(
        "set {SIGNING_KEY_VAR} to the signing key; it is never taken from the command line, where other users can see it"
    )]
    KeyMissing,
    /// The body file could not be read.
    #[error("could not read the body file {path}: {cause}; check the path given to --body-file")]
    UnreadableBody {
        /// The file named.
        path: PathBuf,
        /// The operating system's explanation.
        cause: std::io::Error,
    },
    /// The URL is not a URL.
    #[error(
        "--url {url:?} is not a full URL ({reason}); give it with its scheme and host, like https://host/api/v1/path"
    )]
    UnparsableUrl {
        /// What was given.
        url: String,
        /// The parser's explanation.
        reason: url::ParseError,
    },
    /// The method is not a word.
    #[error("--method {0:?} is not an HTTP method; give one like GET or POST")]
    BadMethod(String),
    /// The request cannot be signed as given (CONTRACT §3 leaves these cases undefined): the signing code's reason,
    /// then which argument to fix. Not an error `source`, since the message already says it.
    #[error("{0}; {hint}", hint = fix_for(.0))]
    Unsignable(SigningError),
    /// The output could not be written.
    #[error("could not write the signature: {0}")]
    Output(std::io::Error),
}

impl From<SigningError> for SignCliError {
    fn from(error: SigningError) -> Self {
        Self::Unsignable(error)
    }
}

/// What to change on the command line when the request cannot be signed.
fn fix_for(error: &SigningError) -> String {
    match error {
        SigningError::DuplicateQueryParameter(_) => "remove the repeat from --url".to_owned(),
        SigningError::QueryParameterNamedBody => "rename that parameter in --url".to_owned(),
        SigningError::InvalidNonce => "give --nonce a fresh UUID".to_owned(),
        SigningError::KeyRefused => format!("check the key in {SIGNING_KEY_VAR}"),
    }
}

/// Signs the request described by `args` with `key` (the value of [`SIGNING_KEY_VAR`]; surrounding whitespace is
/// ignored) and writes the signature to `out` as its last line, after `base string: …` when asked.
pub fn run(args: &SignArgs, key: Option<&str>, out: &mut impl Write) -> Result<(), SignCliError> {
    let key = match key.map(str::trim) {
        Some(key) if !key.is_empty() => SigningKey::new(key),
        _ => return Err(SignCliError::KeyMissing),
    };
    if args.method.is_empty() || !args.method.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return Err(SignCliError::BadMethod(args.method.clone()));
    }
    let url = Url::parse(&args.url).map_err(|reason| SignCliError::UnparsableUrl { url: args.url.clone(), reason })?;
    let body = match &args.body_file {
        Some(path) => {
            std::fs::read(path).map_err(|cause| SignCliError::UnreadableBody { path: path.clone(), cause })?
        }
        None => Vec::new(),
    };
    let parts = SignedParts { method: &args.method, url: &url, body: &body, nonce: &args.nonce };
    let signature = parts.signature(&key)?;
    if args.show_base_string {
        writeln!(out, "base string: {}", parts.base_string()?).map_err(SignCliError::Output)?;
    }
    writeln!(out, "{signature}").map_err(SignCliError::Output)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::signing::MAX_NONCE_CHARS;

    const TV2_BODY: &str = r#"{"company":{"name":"TestCompany","postalCode":"NE139AA","standardIndustrialCode":"99","vatNumber":"123456789","languageCode":"en-GB"},"crmId":"123456789","user":{"emailAddress":"user@example.com","identity":"1001"}}"#;
    const TV2_KEY: &str = "16484ccc541734aa4274c80e14577348e6540ab9a7bda8063968bbd19229612f";
    const TV3_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn args(method: &str, url: &str, nonce: &str) -> SignArgs {
        SignArgs {
            method: method.into(),
            url: url.into(),
            nonce: nonce.into(),
            body_file: None,
            show_base_string: false,
        }
    }

    fn tv3(show_base_string: bool) -> SignArgs {
        SignArgs {
            show_base_string,
            ..args(
                "GET",
                "https://snd01us.sagebankdrive.com/api/v1/accesstoken",
                "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            )
        }
    }

    fn output(args: &SignArgs, key: Option<&str>) -> Result<String, SignCliError> {
        let mut out = Vec::new();
        run(args, key, &mut out)?;
        Ok(String::from_utf8(out).expect("UTF-8 output"))
    }

    #[test]
    fn tv2_from_a_body_file_prints_the_signature_last() {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(TV2_BODY.as_bytes()).expect("write body");
        let args = SignArgs {
            body_file: Some(file.path().to_owned()),
            ..args(
                "POST",
                "https://snd01us.sagebankdrive.com/api/v1/organisations",
                "0f8fad5b-d9cb-469f-a165-70867728950e",
            )
        };
        let printed = output(&args, Some(TV2_KEY)).expect("signs");
        assert_eq!(printed.lines().last(), Some("IptEDUukQ4gmWWbhAfR76wGlIcM="));
        assert!(!printed.contains(TV2_KEY));
    }

    #[test]
    fn tv3_shows_the_base_string_then_the_signature() {
        let printed = output(&tv3(true), Some(TV3_KEY)).expect("signs");
        assert_eq!(
            printed,
            "base string: GET&https%3A%2F%2Fsnd01us.sagebankdrive.com%2Fapi%2Fv1%2Faccesstoken&&7c9e6679-7425-40de-944b-e07fc1f90ae7\nUhx6JpYkk1NA0Mr4M/EAS0uSCdU=\n"
        );
        assert!(!printed.contains(TV3_KEY));
        assert_eq!(output(&tv3(false), Some(TV3_KEY)).expect("signs"), "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU=\n");
    }

    #[test]
    fn a_missing_or_empty_key_says_where_to_put_it() {
        for key in [None, Some(""), Some("  \n")] {
            let error = output(&tv3(false), key).expect_err("no key");
            assert_matches!(error, SignCliError::KeyMissing);
            assert!(error.to_string().starts_with("set BANKFEEDS_SIGNING_KEY to the signing key"), "{error}");
        }
    }

    #[test]
    fn each_bad_input_is_named() {
        let missing = SignArgs { body_file: Some("/nonexistent/body.json".into()), ..tv3(false) };
        assert_matches!(output(&missing, Some(TV3_KEY)), Err(SignCliError::UnreadableBody { .. }));
        let relative = args("GET", "/api/v1/accesstoken", "n");
        assert_matches!(output(&relative, Some(TV3_KEY)), Err(SignCliError::UnparsableUrl { .. }));
        let duplicate = args("GET", "https://x.test/p?a=1&a=2", "n");
        let error = output(&duplicate, Some(TV3_KEY)).expect_err("duplicate");
        assert!(error.to_string().contains("\"a\" appears more than once"), "{error}");
        let reserved = args("GET", "https://x.test/p?body=1", "n");
        assert_matches!(
            output(&reserved, Some(TV3_KEY)),
            Err(SignCliError::Unsignable(SigningError::QueryParameterNamedBody))
        );
        for nonce in [String::new(), "n".repeat(MAX_NONCE_CHARS + 1)] {
            let long = args("GET", "https://x.test/p", &nonce);
            assert_matches!(output(&long, Some(TV3_KEY)), Err(SignCliError::Unsignable(SigningError::InvalidNonce)));
        }
        assert_matches!(output(&args("G T", "https://x.test/p", "n"), Some(TV3_KEY)), Err(SignCliError::BadMethod(_)));
    }

    #[test]
    fn a_request_that_cannot_be_signed_says_why_and_which_argument_to_fix() {
        let messages = [
            (args("GET", "https://x.test/p?a=1&a=2", "n"), "\"a\" appears more than once", "--url"),
            (args("GET", "https://x.test/p?body=1", "n"), "query parameter named \"body\"", "--url"),
            (args("GET", "https://x.test/p", ""), "1 to 200 characters", "--nonce"),
        ];
        for (args, why, argument) in messages {
            let error = output(&args, Some(TV3_KEY)).expect_err("unsignable").to_string();
            assert!(error.contains(why) && error.contains(argument), "{error}");
        }
        let refused = SignCliError::from(SigningError::KeyRefused).to_string();
        assert!(refused.contains("refused") && refused.contains(SIGNING_KEY_VAR), "{refused}");
    }

    #[test]
    fn errors_never_show_the_key() {
        let bad = args("GET", "https://x.test/p?a=1&a=2", "n");
        let error = output(&bad, Some(TV3_KEY)).expect_err("duplicate");
        assert!(!error.to_string().contains(TV3_KEY) && !format!("{error:?}").contains(TV3_KEY));
    }
}
