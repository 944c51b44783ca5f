//! Poll routes (CONTRACT §6.3): `/api/v1/linkpolls/{linkId}/{n}?sig={secret}`, where `n` counts the routes of one
//! link from 1 and the secret is 32 random bytes drawn for that route alone, in base64url. The world keeps only the
//! route's tag, HMAC-SHA256 keyed by the secret over `{linkId}/{n}`: the tag can check a route (in constant time) but
//! cannot make one, so it may be written to the emulator's state file and the route still works after a restart.
//! Whether a route was already used is the link's business. Pure.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use hmac::{Hmac, KeyInit as _, Mac as _};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The path every poll route starts with, on the Banking Service's origin.
pub const POLL_ROUTE_PREFIX: &str = "/api/v1/linkpolls";

/// What checks the newest route of a link: the tag of its secret. Not a secret itself; it mints nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RouteTag(String);

impl RouteTag {
    /// A fresh route `n` of `link`: its path and query (relative to the service's origin), and the tag that checks it.
    pub fn issue(rng: &mut impl Rng, link: &str, n: u32) -> (String, Self) {
        let secret = zeroize::Zeroizing::new(rng.random::<[u8; 32]>());
        // HMAC takes a key of any length, so there is always a tag; an empty one would admit nothing.
        let tag =
            Self(mac(&secret[..], link, n).map(|mac| B64URL.encode(mac.finalize().into_bytes())).unwrap_or_default());
        (format!("{POLL_ROUTE_PREFIX}/{link}/{n}?sig={}", B64URL.encode(&secret[..])), tag)
    }

    /// True when `signature` is the secret of route `n` of `link` that this tag was made for (compared in constant
    /// time).
    #[must_use]
    pub fn admits(&self, link: &str, n: u32, signature: &str) -> bool {
        let (Ok(secret), Ok(tag)) = (B64URL.decode(signature), B64URL.decode(&self.0)) else { return false };
        let secret = zeroize::Zeroizing::new(secret);
        !secret.is_empty() && mac(&secret, link, n).is_some_and(|mac| mac.verify_slice(&tag).is_ok())
    }
}

/// HMAC-SHA256 keyed by a route's secret over the route's identity.
fn mac(secret: &[u8], link: &str, n: u32) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(format!("{link}/{n}").as_bytes());
    Some(mac)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    fn signature(route: &str) -> &str {
        route.split_once("?sig=").map(|(_, sig)| sig).expect("a signed route")
    }

    #[test]
    fn a_route_is_admitted_only_for_its_link_number_and_secret() {
        let mut rng = StdRng::seed_from_u64(1);
        let (route, tag) = RouteTag::issue(&mut rng, "link-1", 3);
        assert!(route.starts_with("/api/v1/linkpolls/link-1/3?sig="), "{route}");
        let sig = signature(&route);
        assert!(tag.admits("link-1", 3, sig));
        assert!(!tag.admits("link-1", 4, sig));
        assert!(!tag.admits("link-2", 3, sig));
        let (other, _) = RouteTag::issue(&mut rng, "link-1", 3);
        assert!(!tag.admits("link-1", 3, signature(&other)), "another route's secret");
        assert!(!tag.admits("link-1", 3, "not base64!"));
        assert!(!tag.admits("link-1", 3, ""));
        assert!(!RouteTag::default().admits("link-1", 3, sig));
    }

    #[test]
    fn the_tag_does_not_show_the_secret() {
        let (route, tag) = RouteTag::issue(&mut StdRng::seed_from_u64(2), "link-1", 1);
        let json = serde_json::to_string(&tag).expect("serialises");
        assert!(!json.contains(signature(&route)), "{json}");
        let back: RouteTag = serde_json::from_str(&json).expect("parses");
        assert!(back.admits("link-1", 1, signature(&route)));
    }
}
