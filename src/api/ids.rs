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
