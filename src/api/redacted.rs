//! Secret newtypes: signing keys, JWTs, captcha answers, aggregator tokens and saved poll routes. They print as `[redacted]`, zeroize on drop,
//! and hand out their text only through an explicit `expose()`. Imports nothing of the app.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// What every secret prints as in `Debug` and `Display`.
pub const REDACTED: &str = "[redacted]";

macro_rules! secret_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Zeroizing<String>);

        impl $name {
            /// Wraps a secret value.
            #[must_use]
            pub fn new(value: impl Into<String>) -> Self {
                Self(Zeroizing::new(value.into()))
            }

            /// The secret text, for the one place that must use it (signing, a header, the keyring).
            #[must_use]
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// True when the secret holds no text.
            #[must_use]
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({REDACTED})", stringify!($name))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(REDACTED)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::new)
            }
        }
    };
}

secret_newtype!(
    /// A signing key: the application's (web products) or a customer's (returned by POST organisation).
    SigningKey
);
secret_newtype!(
    /// A Banking Service access token (JWT), sent as `Authorization: Bearer`.
    Jwt
);
secret_newtype!(
    /// The text a person read off a captcha image.
    CaptchaAnswer
);
secret_newtype!(
    /// The aggregator's `clientAuthorisationToken` on a bank account.
    AuthorisationToken
);
secret_newtype!(
    /// A link's next poll route: a single-use address whose signature lets its holder learn how the link ended. Saved
    /// with the progress (owner-only) so a restart can poll it; never logged.
    PollRoute
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let key = SigningKey::new("0123456789abcdef");
        assert_eq!(format!("{key}"), "[redacted]");
        assert_eq!(format!("{key:?}"), "SigningKey([redacted])");
        assert!(!format!("{:?}", Some(Jwt::new("eyJ.abc.def"))).contains("eyJ"));
    }

    #[test]
    fn a_struct_holding_secrets_prints_none_of_them() {
        #[derive(Debug)]
        struct Held {
            key: SigningKey,
            jwt: Jwt,
            answer: CaptchaAnswer,
        }
        let held = Held {
            key: SigningKey::new("k3y-text"),
            jwt: Jwt::new("eyJ.j-text.sig"),
            answer: CaptchaAnswer::new("a-text"),
        };
        for shown in [format!("{held:?}"), format!("{held:#?}"), format!("{} {} {}", held.key, held.jwt, held.answer)] {
            assert!(["k3y-text", "j-text", "a-text", "eyJ"].iter().all(|secret| !shown.contains(secret)), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
        assert_eq!(format!("{}", held.jwt), "[redacted]");
    }

    #[test]
    fn serde_round_trips_the_real_value_for_the_wire() {
        let answer = CaptchaAnswer::new("x7k2p");
        let json = serde_json::to_string(&answer).expect("serialises");
        assert_eq!(json, "\"x7k2p\"");
        let back: CaptchaAnswer = serde_json::from_str(&json).expect("parses");
        assert_eq!(back.expose(), "x7k2p");
    }
}
