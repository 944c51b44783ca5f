//! A keyring slot: the (service, account) pair a key is filed under. Pure data, safe to save and show.

use serde::{Deserialize, Serialize};

use crate::api::ids::OrganisationId;
use crate::config::Environment;

/// The keyring service name every key of this app is filed under.
pub const SERVICE: &str = "bankfeeds-onboard";

/// Where one key lives in the keyring.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeySlot {
    /// The keyring's service attribute.
    pub service: String,
    /// The keyring's account attribute, naming the environment and the key's owner.
    pub account: String,
}

impl KeySlot {
    /// The slot of a customer's signing key, returned by POST organisation.
    #[must_use]
    pub fn customer(environment: &Environment, organisation: &OrganisationId) -> Self {
        Self { service: SERVICE.to_owned(), account: format!("{}/organisation/{organisation}", slug(environment)) }
    }

    /// The slot of a web (trusted) product's application signing key.
    #[must_use]
    pub fn application(environment: &Environment, product_id: &str) -> Self {
        Self { service: SERVICE.to_owned(), account: format!("{}/application/{product_id}", slug(environment)) }
    }
}

/// A stable, readable name of an environment for keyring accounts; a custom one is named by its Banking Service root,
/// so that two custom environments never share a key.
fn slug(environment: &Environment) -> String {
    let region = |r| match r {
        crate::config::Region::Us => "us",
        crate::config::Region::Eu => "eu",
    };
    match environment {
        Environment::Local(profile) => format!("local-{}", profile.cli_name()),
        Environment::Sandbox(r) => format!("sandbox-{}", region(*r)),
        Environment::Qa(r) => format!("qa-{}", region(*r)),
        Environment::PreProduction(r) => format!("preprod-{}", region(*r)),
        Environment::Production(r) => format!("prod-{}", region(*r)),
        Environment::Custom(service) => format!("custom-{}", service.banking().as_str().trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Profile, Region};

    #[test]
    fn slots_name_environment_and_owner() {
        let slot = KeySlot::customer(&Environment::Production(Region::Eu), &OrganisationId::from("o-1"));
        assert_eq!(slot.account, "prod-eu/organisation/o-1");
        let app = KeySlot::application(&Environment::Local(Profile::Qa), "sage.x");
        assert_eq!(app.account, "local-qa/application/sage.x");
        assert_eq!(app.service, SERVICE);
    }

    #[test]
    fn custom_environments_are_told_apart_by_their_banking_service() {
        let custom = |banking: &str| {
            let service = crate::config::CustomService::parse(banking, "https://sts.example.com/").expect("valid");
            KeySlot::customer(&Environment::Custom(service), &OrganisationId::from("o-1"))
        };
        assert_eq!(
            custom("https://a.example.com/api/v1").account,
            "custom-https://a.example.com/api/v1/organisation/o-1"
        );
        assert_ne!(custom("https://a.example.com/api/v1/"), custom("https://b.example.com/api/v1/"));
    }
}
