//! Poll routes (CONTRACT §6.3): `/api/v1/linkpolls/{linkId}/{n}?sig={signature}`, where `n` counts the routes of one
//! link from 1 and the signature is HMAC-SHA256, under a secret drawn at every start, over `{linkId}/{n}`, in
//! base64url. A route cannot be guessed or edited; whether it was already used is the link's business. Pure.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use hmac::digest::Key;
use hmac::{Hmac, KeyInit as _, Mac as _};
use rand::Rng;
use sha2::Sha256;

/// The path every poll route starts with, on the Banking Service's origin.
pub const POLL_ROUTE_PREFIX: &str = "/api/v1/linkpolls";

/// The secret that signs poll routes; one per emulator start, never shown.
pub struct PollKey(zeroize::Zeroizing<[u8; 64]>);

impl PollKey {
    /// A fresh random key.
    pub fn random(rng: &mut impl Rng) -> Self {
        let mut key = zeroize::Zeroizing::new([0_u8; 64]);
        rng.fill(&mut key[..]);
        Self(key)
    }

    fn mac(&self, link: &str, n: u32) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new(&Key::<Hmac<Sha256>>::from(*self.0));
        mac.update(format!("{link}/{n}").as_bytes());
        mac
    }

    /// The route `n` of `link`: its path and its `sig` query, relative to the service's origin.
    #[must_use]
    pub fn route(&self, link: &str, n: u32) -> String {
        let signature = B64URL.encode(self.mac(link, n).finalize().into_bytes());
        format!("{POLL_ROUTE_PREFIX}/{link}/{n}?sig={signature}")
    }

    /// True when `signature` is the one this key gave route `n` of `link` (compared in constant time).
    #[must_use]
    pub fn verify(&self, link: &str, n: u32, signature: &str) -> bool {
        B64URL.decode(signature).is_ok_and(|tag| self.mac(link, n).verify_slice(&tag).is_ok())
    }
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
    fn a_route_verifies_only_for_its_link_number_and_key() {
        let key = PollKey::random(&mut StdRng::seed_from_u64(1));
        let route = key.route("link-1", 3);
        assert!(route.starts_with("/api/v1/linkpolls/link-1/3?sig="), "{route}");
        let sig = signature(&route);
        assert!(key.verify("link-1", 3, sig));
        assert!(!key.verify("link-1", 4, sig));
        assert!(!key.verify("link-2", 3, sig));
        assert!(!PollKey::random(&mut StdRng::seed_from_u64(2)).verify("link-1", 3, sig));
        assert!(!key.verify("link-1", 3, "not base64!"));
        assert!(!key.verify("link-1", 3, ""));
    }
}
