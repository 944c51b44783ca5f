//! Environments (CONTRACT §1): where each Banking Service and Token Service lives, which organisationLimit applies,
//! and the product identity sent as `X-Application`. Pure data; imports nothing of the UI or the runtime.

use serde::{Deserialize, Serialize};
use url::Url;

mod custom;

pub use custom::{CustomService, CustomServiceProblem, RootProblem, is_loopback, service_root};

/// The documented QA/Pre-production test product ID [DOC].
pub const TEST_PRODUCT_ID: &str = "sage.integrate.myproduct";
/// The documented QA/Pre-production test provider ID [DOC].
pub const TEST_PROVIDER_ID: &str = "integrate.my.provider";
/// The documented test licence serial: a valid customer on QA and Pre-production [DOC].
pub const TEST_SERIAL: &str = "ACTIVE";

/// A region of the Sage services.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Region {
    /// United States.
    #[default]
    Us,
    /// Europe.
    Eu,
}

/// The tier of a Sage environment, which sets its organisationLimit. The emulator takes one as its profile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
pub enum Profile {
    /// QA: unlimited organisations per customer and product.
    #[default]
    #[value(name = "qa")]
    Qa,
    /// Pre-production: 15 organisations per customer and product.
    #[value(name = "preprod")]
    PreProduction,
    /// Production: one organisation per customer and product.
    #[value(name = "prod")]
    Production,
}

impl Profile {
    /// How many organisations one customer may onboard per product here [SEED]; `None` is unlimited.
    #[must_use]
    pub fn organisation_limit(self) -> Option<u32> {
        match self {
            Self::Qa => None,
            Self::PreProduction => Some(15),
            Self::Production => Some(1),
        }
    }

    /// The organisationLimit in words, for people: "unlimited", "1 organisation per customer and product",
    /// "15 organisations per customer and product".
    #[must_use]
    pub fn limit_phrase(self) -> String {
        match self.organisation_limit() {
            None => "unlimited".to_owned(),
            Some(1) => "1 organisation per customer and product".to_owned(),
            Some(limit) => format!("{limit} organisations per customer and product"),
        }
    }

    /// The profile's name as typed on the command line.
    #[must_use]
    pub fn cli_name(self) -> &'static str {
        match self {
            Self::Qa => "qa",
            Self::PreProduction => "preprod",
            Self::Production => "prod",
        }
    }
}

/// Where the wizard onboards.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Environment {
    /// The built-in emulator on loopback, with the profile it enforces. The default: no account, no network.
    Local(Profile),
    /// Sage's sandbox [OBS].
    Sandbox(Region),
    /// Sage's QA environment [DOC].
    Qa(Region),
    /// Sage's pre-production environment [DOC].
    PreProduction(Region),
    /// The live service [DOC]: real customers, real banks, organisationLimit 1.
    Production(Region),
    /// A Banking Service at an address the person gave; its organisationLimit is not known here.
    Custom(CustomService),
}

impl Default for Environment {
    fn default() -> Self {
        Self::Local(Profile::Qa)
    }
}

impl Environment {
    /// Every remote environment, in the order the chooser lists them.
    pub const REMOTE: [Environment; 8] = [
        Environment::Sandbox(Region::Us),
        Environment::Sandbox(Region::Eu),
        Environment::Qa(Region::Us),
        Environment::Qa(Region::Eu),
        Environment::PreProduction(Region::Us),
        Environment::PreProduction(Region::Eu),
        Environment::Production(Region::Us),
        Environment::Production(Region::Eu),
    ];

    /// A custom environment's organisationLimit in words: it is not known here.
    pub const CUSTOM_LIMIT_PHRASE: &str = "not known here (the service says so when it is reached)";

    /// A short name for people.
    #[must_use]
    pub fn label(&self) -> String {
        let region = |r: Region| match r {
            Region::Us => "US",
            Region::Eu => "EU",
        };
        match self {
            Self::Local(profile) => format!("Local emulator ({} profile)", profile.cli_name()),
            Self::Sandbox(r) => format!("Sage sandbox {}", region(*r)),
            Self::Qa(r) => format!("QA {}", region(*r)),
            Self::PreProduction(r) => format!("Pre-production {}", region(*r)),
            Self::Production(r) => format!("Production {} (live service)", region(*r)),
            Self::Custom(service) => format!("Custom Banking Service at {}", authority(service.banking())),
        }
    }

    /// True for the live service, where mistakes reach real customers.
    #[must_use]
    pub fn is_live(&self) -> bool {
        matches!(self, Self::Production(_))
    }

    /// True for the built-in emulator.
    #[must_use]
    pub fn is_local(&self) -> bool {
        matches!(self, Self::Local(_))
    }

    /// The tier whose organisationLimit applies. The sandbox's is not published: [ASSUMED] QA's. `None` for a
    /// custom environment, whose tier is not known here.
    #[must_use]
    pub fn profile(&self) -> Option<Profile> {
        match self {
            Self::Local(profile) => Some(*profile),
            Self::Sandbox(_) | Self::Qa(_) => Some(Profile::Qa),
            Self::PreProduction(_) => Some(Profile::PreProduction),
            Self::Production(_) => Some(Profile::Production),
            Self::Custom(_) => None,
        }
    }

    /// How many organisations one customer may onboard per product here; `None` when unlimited or not known.
    #[must_use]
    pub fn organisation_limit(&self) -> Option<u32> {
        self.profile().and_then(Profile::organisation_limit)
    }

    /// The organisationLimit in words, for people: the profile's, or "not known" for a custom environment.
    #[must_use]
    pub fn limit_phrase(&self) -> String {
        self.profile().map_or_else(|| Self::CUSTOM_LIMIT_PHRASE.to_owned(), Profile::limit_phrase)
    }

    /// The Banking Service consumer API root (CONTRACT §1), ending in `/`. `None` for the local emulator, whose port
    /// is known only once it has started.
    #[must_use]
    pub fn banking_url(&self) -> Option<Url> {
        let text = match self {
            Self::Local(_) => return None,
            Self::Custom(service) => return Some(service.banking().clone()),
            Self::Sandbox(Region::Us) => "https://snd01us.sagebankdrive.com/api/v1/",
            Self::Sandbox(Region::Eu) => "https://snd01eu.sagebankdrive.com/api/v1/",
            Self::Qa(Region::Us) => "https://qa.sagebankdrive.com/api/v1/",
            Self::Qa(Region::Eu) => "https://qaeu.sagebankdrive.com/api/v1/",
            Self::PreProduction(Region::Us) => "https://pp.sagebankdrive.com/api/v1/",
            Self::PreProduction(Region::Eu) => "https://ppeu.sagebankdrive.com/api/v1/",
            Self::Production(Region::Us) => "https://www.sagebankdrive.com/api/v1/",
            Self::Production(Region::Eu) => "https://eu.sagebankdrive.com/api/v1/",
        };
        Url::parse(text).ok()
    }

    /// The Token Service root, ending in `/`. QA's is [OBS]; the others follow its pattern and are [ASSUMED]
    /// (one host per tier, shared by both regions). `None` for the local emulator.
    #[must_use]
    pub fn token_service_url(&self) -> Option<Url> {
        let text = match self {
            Self::Local(_) => return None,
            Self::Custom(service) => return Some(service.token_service().clone()),
            Self::Sandbox(_) | Self::Qa(_) => "https://qa.sagetokenservice.com/api/v1/",
            Self::PreProduction(_) => "https://pp.sagetokenservice.com/api/v1/",
            Self::Production(_) => "https://www.sagetokenservice.com/api/v1/",
        };
        Url::parse(text).ok()
    }
}

/// A URL's host and port as people read them: `bankdrive.example.com:8443`.
fn authority(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    url.port().map_or_else(|| host.to_owned(), |port| format!("{host}:{port}"))
}

/// The product identity sent with every call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppIdentity {
    /// `X-Application`: the product ID.
    pub product_id: String,
    /// `x-provider` at the Token Service: the provider ID.
    pub provider_id: String,
}

impl Default for AppIdentity {
    fn default() -> Self {
        Self { product_id: TEST_PRODUCT_ID.to_owned(), provider_id: TEST_PROVIDER_ID.to_owned() }
    }
}

/// The two service roots a client talks to, each ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// The Banking Service consumer API root, like `https://qa.sagebankdrive.com/api/v1/`.
    pub banking: Url,
    /// The Token Service root, like `https://qa.sagetokenservice.com/api/v1/`.
    pub token_service: Url,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_remote_environment_has_https_roots_ending_in_a_slash() {
        for env in &Environment::REMOTE {
            for url in [env.banking_url(), env.token_service_url()] {
                let url = url.expect("remote environments have URLs");
                assert_eq!(url.scheme(), "https", "{env:?}");
                assert!(url.path().ends_with("/api/v1/"), "{env:?}: {url}");
            }
        }
        assert!(Environment::default().banking_url().is_none());
    }

    #[test]
    fn organisation_limits_follow_the_seed() {
        assert_eq!(Environment::Qa(Region::Eu).organisation_limit(), None);
        assert_eq!(Environment::PreProduction(Region::Us).organisation_limit(), Some(15));
        assert_eq!(Environment::Production(Region::Us).organisation_limit(), Some(1));
        assert!(Environment::Production(Region::Eu).is_live());
        assert!(!Environment::Local(Profile::Production).is_live());
    }

    #[test]
    fn a_custom_environment_uses_its_own_roots_and_its_limit_is_unknown() {
        let service = CustomService::parse("https://bank.example.com:8443/api/v1", "https://sts.example.com/api/v1/")
            .expect("valid");
        let custom = Environment::Custom(service);
        assert_eq!(custom.banking_url().map(String::from).as_deref(), Some("https://bank.example.com:8443/api/v1/"));
        assert_eq!(custom.token_service_url().map(String::from).as_deref(), Some("https://sts.example.com/api/v1/"));
        assert_eq!(custom.label(), "Custom Banking Service at bank.example.com:8443");
        assert_eq!(custom.profile(), None);
        assert!(custom.limit_phrase().starts_with("not known"));
        assert!(!custom.is_live() && !custom.is_local());
    }

    #[test]
    fn each_profile_says_its_limit_in_words() {
        assert_eq!(Profile::Qa.limit_phrase(), "unlimited");
        assert_eq!(Profile::PreProduction.limit_phrase(), "15 organisations per customer and product");
        assert_eq!(Profile::Production.limit_phrase(), "1 organisation per customer and product");
    }
}
