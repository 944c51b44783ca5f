//! Typed identifiers of the Banking Service's resources, so an organisation ID can never be passed where a
//! company ID is expected. Plain strings on the wire.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The identifier as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

typed_id!(
    /// An organisation of the Banking Service (one per onboarded customer company group).
    OrganisationId
);
typed_id!(
    /// A company inside an organisation.
    CompanyId
);
typed_id!(
    /// A bank (institution) in the Banking Service's bank list.
    BankId
);
typed_id!(
    /// A bank account linked under a company.
    BankAccountId
);
typed_id!(
    /// A candidate account offered for multi-account link.
    CandidateId
);
typed_id!(
    /// A captcha issued by the Banking Service; its answer is sent with POST organisation.
    CaptchaId
);
typed_id!(
    /// A Token Service request made for a set of licence details.
    TokenRequestId
);

/// A country as ISO 3166-1 alpha-3 (`GBR`, `USA`): three capital letters, checked when made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// The United Kingdom.
    pub const GBR: Self = Self(*b"GBR");
    /// The United States.
    pub const USA: Self = Self(*b"USA");

    /// The code as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why text is not a country code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an ISO 3166 alpha-3 country code (three capital letters, like GBR)")]
pub struct NotACountryCode(pub String);

impl std::str::FromStr for CountryCode {
    type Err = NotACountryCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(NotACountryCode(text.to_owned())),
        }
    }
}

impl TryFrom<String> for CountryCode {
    type Error = NotACountryCode;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> Self {
        code.as_str().to_owned()
    }
}

#[cfg(test)]
mod country_code_tests {
    use super::CountryCode;

    #[test]
    fn three_capital_letters_are_a_code_and_anything_else_is_refused_with_its_text() {
        assert_eq!("GBR".parse::<CountryCode>(), Ok(CountryCode::GBR));
        assert_eq!(CountryCode::USA.to_string(), "USA");
        for bad in ["gbr", "GB", "GBRX", "G1R", "", "ÉÉÉ"] {
            let refused = bad.parse::<CountryCode>().expect_err(bad);
            assert!(refused.to_string().contains(&format!("\"{bad}\"")), "{refused}");
        }
        let saved = serde_json::to_string(&CountryCode::GBR).expect("serialise");
        assert_eq!(saved, "\"GBR\"");
        assert_eq!(serde_json::from_str::<CountryCode>(&saved).expect("read back"), CountryCode::GBR);
        assert!(serde_json::from_str::<CountryCode>("\"gb\"").is_err());
    }
}
