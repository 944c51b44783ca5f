//! A map whose entries each expire at a time of their own and are forgotten in order of expiry. Finding, adding,
//! replacing or removing an entry costs the same however many are remembered (a hash lookup, and a logarithmic step in
//! the expiry order), and forgetting the expired ones costs only what is forgotten: nothing scans the whole map. The
//! world keeps its Token Service requests, spent nonces, open captchas and links in these, so that each request costs
//! the same at 100,000 remembered as at 1,000 and memory follows what is alive. Pure: time comes in as a value.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use jiff::Timestamp;

/// Entries by key, each with its expiry; an entry whose expiry is at or before `now` is expired at `now`.
#[derive(Clone, Debug)]
pub(super) struct ExpiringMap<K, V> {
    entries: HashMap<K, Entry<V>>,
    /// Every entry's key by (expiry, insertion number): the first ones expire first.
    by_expiry: BTreeMap<(Timestamp, u64), K>,
    inserted: u64,
}

#[derive(Clone, Debug)]
struct Entry<V> {
    value: V,
    expires_at: Timestamp,
    number: u64,
}

impl<K, V> Default for ExpiringMap<K, V> {
    fn default() -> Self {
        Self { entries: HashMap::new(), by_expiry: BTreeMap::new(), inserted: 0 }
    }
}

impl<K: Eq + Hash + Clone, V> ExpiringMap<K, V> {
    /// Remembers `value` under `key` until `expires_at`, replacing what was there (and its expiry).
    pub(super) fn insert(&mut self, key: K, value: V, expires_at: Timestamp) {
        self.inserted += 1;
        let number = self.inserted;
        self.by_expiry.insert((expires_at, number), key.clone());
        if let Some(old) = self.entries.insert(key, Entry { value, expires_at, number }) {
            self.by_expiry.remove(&(old.expires_at, old.number));
        }
    }

    /// The value under `key`, expired or not.
    pub(super) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.get(key).map(|entry| &entry.value)
    }

    /// The value under `key`, to change.
    pub(super) fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.get_mut(key).map(|entry| &mut entry.value)
    }

    /// When the entry under `key` expires.
    pub(super) fn expires_at<Q>(&self, key: &Q) -> Option<Timestamp>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.get(key).map(|entry| entry.expires_at)
    }

    /// Takes the entry under `key` out, with its expiry.
    pub(super) fn remove<Q>(&mut self, key: &Q) -> Option<(V, Timestamp)>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let entry = self.entries.remove(key)?;
        self.by_expiry.remove(&(entry.expires_at, entry.number));
        Some((entry.value, entry.expires_at))
    }

    /// Forgets every entry expired at `now` (its expiry at or before it), first to expire first; returns how many.
    pub(super) fn forget_expired(&mut self, now: Timestamp) -> usize {
        let mut forgotten = 0;
        while let Some(first) = self.by_expiry.first_entry() {
            if first.key().0 > now {
                break;
            }
            let key = first.remove();
            self.entries.remove(&key);
            forgotten += 1;
        }
        forgotten
    }

    /// How many entries are remembered, expired or not.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every entry with its expiry, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&K, &V, Timestamp)> {
        self.entries.iter().map(|(key, entry)| (key, &entry.value, entry.expires_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + second).expect("a time")
    }

    #[test]
    fn expired_entries_are_forgotten_and_live_ones_stay() {
        let mut map = ExpiringMap::default();
        map.insert("early", 1, at(10));
        map.insert("late", 2, at(30));
        map.insert("middle", 3, at(20));
        assert_eq!(map.forget_expired(at(9)), 0);
        assert_eq!(map.forget_expired(at(20)), 2, "an entry expires at its expiry");
        assert_eq!((map.get("early"), map.get("middle"), map.get("late")), (None, None, Some(&2)));
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn replacing_an_entry_moves_its_expiry_and_removing_one_forgets_it_in_the_order_too() {
        let mut map = ExpiringMap::default();
        map.insert("kept", "first", at(10));
        map.insert("kept", "second", at(50));
        assert_eq!(map.len(), 1);
        assert_eq!(map.forget_expired(at(20)), 0, "its first expiry went with its first value");
        assert_eq!((map.get("kept"), map.expires_at("kept")), (Some(&"second"), Some(at(50))));
        map.insert("gone", "value", at(5));
        assert_eq!(map.remove("gone"), Some(("value", at(5))));
        assert_eq!(map.remove("gone"), None);
        assert_eq!(map.forget_expired(at(100)), 1, "only what is still there is forgotten");
        assert_eq!(map.len(), 0);
    }

    #[test]
    fn entries_with_the_same_expiry_are_all_kept_and_all_forgotten() {
        let mut map = ExpiringMap::default();
        for key in 0..1_000 {
            map.insert(key, 0, at(10));
        }
        *map.get_mut(&7).expect("remembered") = 7;
        assert_eq!(map.get(&7), Some(&7));
        assert_eq!(map.len(), 1_000);
        assert_eq!(map.iter().count(), 1_000);
        assert_eq!(map.forget_expired(at(10)), 1_000);
        assert_eq!(map.len(), 0);
    }
}
