//! The Token Service requests the emulator remembers (CONTRACT §4.1): one per product and licence serial, each until
//! its lifetime ends, when it is forgotten (a request again for the same serial renews it). Looking one up, or
//! remembering one, costs the same however many are remembered. Durable: `snapshot` keeps them. Pure: time comes in
//! as a value.

use jiff::Timestamp;

use super::expiring::ExpiringMap;

/// The product and the licence serial a request was made for.
type ProductSerial = (String, String);

/// The Token Service requests not yet expired, by product and serial.
#[derive(Clone, Debug, Default)]
pub(super) struct TokenRequests {
    alive: ExpiringMap<ProductSerial, ()>,
}

impl TokenRequests {
    /// Remembers a request for `serial` under `product` until `expires_at` (renewing one made before).
    pub(super) fn remember(&mut self, product: &str, serial: &str, expires_at: Timestamp) {
        self.alive.insert((product.to_owned(), serial.to_owned()), (), expires_at);
    }

    /// True when a request for `serial` under `product` is alive at `now`.
    pub(super) fn is_alive(&self, product: &str, serial: &str, now: Timestamp) -> bool {
        let key = (product.to_owned(), serial.to_owned());
        self.alive.expires_at(&key).is_some_and(|expires_at| expires_at > now)
    }

    /// Forgets those expired at `now`; returns how many.
    pub(super) fn forget_expired(&mut self, now: Timestamp) -> usize {
        self.alive.forget_expired(now)
    }

    /// Every request remembered: its product, serial and expiry.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &str, Timestamp)> {
        self.alive.iter().map(|((product, serial), (), expires_at)| (product.as_str(), serial.as_str(), expires_at))
    }

    /// How many are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.alive.len()
    }

    /// True when none is remembered.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.alive.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + second).expect("a time")
    }

    #[test]
    fn a_request_is_alive_until_its_expiry_and_forgotten_once_expired() {
        let mut requests = TokenRequests::default();
        requests.remember("product", "OLD", at(100));
        requests.remember("product", "LIVE", at(300));
        assert!(requests.is_alive("product", "OLD", at(99)));
        assert!(!requests.is_alive("product", "OLD", at(100)), "expired at its expiry");
        assert!(!requests.is_alive("other product", "LIVE", at(60)), "per product");
        assert_eq!(requests.forget_expired(at(100)), 1);
        requests.remember("product", "NEW", at(400));
        assert_eq!(requests.len(), 2, "the expired one went");
        assert!(requests.is_alive("product", "LIVE", at(100)), "the live one stayed");
    }

    #[test]
    fn a_request_again_renews_it_without_remembering_it_twice() {
        let mut requests = TokenRequests::default();
        requests.remember("product", "ACTIVE", at(100));
        requests.remember("product", "ACTIVE", at(200));
        assert_eq!(requests.len(), 1);
        assert_eq!(requests.forget_expired(at(150)), 0);
        assert!(requests.is_alive("product", "ACTIVE", at(150)));
    }
}
