//! Onboarding wire types (CONTRACT §4): POST organisation and the access token.

use serde::{Deserialize, Serialize};

use crate::api::assumed::{CaptchaSolution, LicenceDetails};
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::redacted::{Jwt, SigningKey};

/// The company part of POST organisation [OBS].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// The company's trading name.
    pub name: String,
    /// Postal code of the registered address.
    pub postal_code: String,
    /// Standard industrial classification code.
    pub standard_industrial_code: String,
    /// VAT registration number.
    pub vat_number: String,
    /// BCP 47 language tag, like `en-GB`.
    pub language_code: String,
}

/// The user part of POST organisation [OBS].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The user's e-mail address.
    pub email_address: String,
    /// The user's identity in the desktop product.
    pub identity: String,
}

/// The body of `POST /organisations`. `company`, `crmId` and `user` are [OBS]; `licenceDetails` and `captcha` are
/// [ASSUMED] (desktop products only; web products sign the call instead and leave them out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOrganisation {
    /// The organisation's first company.
    pub company: Company,
    /// The customer's ID in the product's CRM.
    pub crm_id: String,
    /// The person onboarding.
    pub user: User,
    /// The licence details sent to the Token Service first (desktop products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_details: Option<LicenceDetails>,
    /// The captcha and its answer (desktop products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha: Option<CaptchaSolution>,
}

/// The 200 answer of `POST /organisations` [OBS]. `token` is the customer's signing key, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedOrganisation {
    /// The new organisation.
    pub organisation_id: OrganisationId,
    /// Its companies; the first is created with it.
    pub companies: Vec<CompanyId>,
    /// The customer's signing key (64 hex characters): goes to the keyring at once, nowhere else.
    pub token: SigningKey,
}

/// The 200 answer of `GET /accesstoken` [OBS]: a JWT that lives 20 minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessToken {
    /// The bearer token.
    pub jwt: Jwt,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tv2_body_serialises_to_the_contracts_exact_bytes() {
        let body = NewOrganisation {
            company: Company {
                name: "TestCompany".into(),
                postal_code: "NE139AA".into(),
                standard_industrial_code: "99".into(),
                vat_number: "123456789".into(),
                language_code: "en-GB".into(),
            },
            crm_id: "123456789".into(),
            user: User { email_address: "user@example.com".into(), identity: "1001".into() },
            licence_details: None,
            captcha: None,
        };
        let json = serde_json::to_string(&body).expect("serialises");
        assert_eq!(
            json,
            r#"{"company":{"name":"TestCompany","postalCode":"NE139AA","standardIndustrialCode":"99","vatNumber":"123456789","languageCode":"en-GB"},"crmId":"123456789","user":{"emailAddress":"user@example.com","identity":"1001"}}"#
        );
    }

    #[test]
    fn created_organisation_tolerates_unknown_fields_and_hides_the_key() {
        let json = r#"{"organisationId":"o-1","companies":["c-1"],"token":"abc","extra":1}"#;
        let created: CreatedOrganisation = serde_json::from_str(json).expect("parses");
        assert_eq!(created.organisation_id.as_str(), "o-1");
        assert!(!format!("{created:?}").contains("abc"));
    }
}
