//! What can go wrong with the keyring, in terms a person can act on. Pure data the wizard holds and the UI explains.

/// A keyring failure, small and comparable. Never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyringProblem {
    /// The keyring is locked, or the person declined to unlock it.
    #[error("the keyring is locked: {detail}")]
    Locked {
        /// The platform's explanation.
        detail: String,
    },
    /// There is no keyring service on this machine, or it could not be reached.
    #[error("no keyring service could be used: {detail}")]
    Unavailable {
        /// The platform's explanation.
        detail: String,
    },
    /// The slot holds no key.
    #[error("the keyring holds no key for this organisation")]
    Missing,
    /// The keyring refused for another reason.
    #[error("the keyring refused: {detail}")]
    Refused {
        /// The platform's explanation.
        detail: String,
    },
}

impl From<keyring_core::Error> for KeyringProblem {
    fn from(error: keyring_core::Error) -> Self {
        match error {
            keyring_core::Error::NoEntry => Self::Missing,
            keyring_core::Error::NoStorageAccess(source) => Self::Locked { detail: source.to_string() },
            keyring_core::Error::NoDefaultStore => Self::Unavailable { detail: "no credential store is set".into() },
            keyring_core::Error::PlatformFailure(source) => Self::Unavailable { detail: source.to_string() },
            // BadEncoding and BadDataFormat carry the stored bytes: never put those in a message.
            keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
                Self::Refused { detail: "the stored key is not readable text".into() }
            }
            other => Self::Refused { detail: other.to_string() },
        }
    }
}
