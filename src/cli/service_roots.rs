//! `--banking-service-url URL --token-service-url URL`: a custom environment chosen from the command line, for the
//! wizard (preselected on its first screen) and for `headless`. Each root is checked as the environment step checks it.

use url::Url;

use crate::config::{CustomService, Environment, service_root};

/// The two roots of a custom environment; both or neither.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct ServiceRootArgs {
    /// The custom environment's Banking Service root.
    #[arg(
        long,
        value_name = "URL",
        value_parser = parse_root,
        requires = "token_service_url",
        help = "Use a custom Banking Service at this root (HTTPS, or HTTP on this computer), like \
                https://bankdrive.example.com/api/v1/; needs --token-service-url"
    )]
    pub banking_service_url: Option<Url>,
    /// The custom environment's Token Service root.
    #[arg(
        long,
        value_name = "URL",
        value_parser = parse_root,
        requires = "banking_service_url",
        help = "The custom environment's Token Service root, like https://tokens.example.com/api/v1/; needs \
                --banking-service-url"
    )]
    pub token_service_url: Option<Url>,
}

impl ServiceRootArgs {
    /// The custom environment named, if one is.
    #[must_use]
    pub fn service(&self) -> Option<CustomService> {
        let (banking, token_service) = (self.banking_service_url.as_ref()?, self.token_service_url.as_ref()?);
        // Each root was checked as it was parsed, so this check of both passes.
        CustomService::parse(banking.as_str(), token_service.as_str()).ok()
    }

    /// The custom environment named, as an environment.
    #[must_use]
    pub fn environment(&self) -> Option<Environment> {
        self.service().map(Environment::Custom)
    }
}

/// One root, checked; the error is the sentence clap shows after the option's name.
fn parse_root(typed: &str) -> Result<Url, String> {
    service_root(typed).map_err(|problem| format!("this address {problem}"))
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    #[derive(clap::Parser)]
    struct Probe {
        #[command(flatten)]
        roots: ServiceRootArgs,
    }

    #[test]
    fn both_roots_make_a_custom_environment() {
        let probe = Probe::try_parse_from([
            "probe",
            "--banking-service-url",
            "https://127.0.0.1:8443/api/v1",
            "--token-service-url",
            "https://127.0.0.1:8443/sts/api/v1/",
        ])
        .expect("parses");
        let environment = probe.roots.environment().expect("a custom environment");
        assert_eq!(environment.banking_url().map(String::from).as_deref(), Some("https://127.0.0.1:8443/api/v1/"));
        assert_eq!(Probe::try_parse_from(["probe"]).expect("parses").roots.environment(), None);
    }

    #[test]
    fn one_root_alone_or_a_bad_one_is_refused_with_what_to_fix() {
        let alone = Probe::try_parse_from(["probe", "--banking-service-url", "https://a.example.com/"]);
        assert!(alone.err().is_some_and(|error| error.to_string().contains("--token-service-url")));
        let plain = Probe::try_parse_from([
            "probe",
            "--banking-service-url",
            "http://bank.example.com/",
            "--token-service-url",
            "https://a.example.com/",
        ]);
        let message = plain.err().map(|error| error.to_string()).unwrap_or_default();
        assert!(message.contains("this address must start with https://"), "{message}");
    }
}
