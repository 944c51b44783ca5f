//! IDs, signing keys and captcha answers drawn from a caller's RNG, so the world is reproducible under a seed.
//! Pure: no clock, no I/O, no global RNG.

use std::fmt::Write as _;

use rand::Rng;

use crate::api::redacted::SigningKey;

/// Captcha characters that cannot be misread for one another: no 0/O/o, 1/l/I.
pub const CAPTCHA_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How many characters a random captcha answer has.
pub const CAPTCHA_LENGTH: usize = 5;

/// A random (version 4) UUID, hyphenated lower case.
pub fn uuid(rng: &mut impl Rng) -> String {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid().to_string()
}

/// A fresh signing key: 32 random bytes as 64 lower-case hex characters.
pub fn signing_key(rng: &mut impl Rng) -> SigningKey {
    let bytes: [u8; 32] = rng.random();
    let mut hex = zeroize::Zeroizing::new(String::with_capacity(64));
    for byte in bytes {
        // Writing to a String cannot fail.
        write!(hex, "{byte:02x}").ok();
    }
    SigningKey::new(hex.as_str())
}

/// A random captcha answer from [`CAPTCHA_ALPHABET`].
pub fn captcha_text(rng: &mut impl Rng) -> String {
    (0..CAPTCHA_LENGTH).map(|_| char::from(CAPTCHA_ALPHABET[rng.random_range(0..CAPTCHA_ALPHABET.len())])).collect()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn signing_keys_are_64_lower_case_hex_and_differ() {
        let mut rng = StdRng::seed_from_u64(7);
        let first = signing_key(&mut rng);
        let second = signing_key(&mut rng);
        assert_eq!(first.expose().len(), 64);
        assert!(first.expose().chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
        assert_ne!(first, second);
    }

    #[test]
    fn uuids_are_version_4_and_reproducible_under_a_seed() {
        let a = uuid(&mut StdRng::seed_from_u64(1));
        let b = uuid(&mut StdRng::seed_from_u64(1));
        assert_eq!(a, b);
        let parsed = uuid::Uuid::parse_str(&a).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
    }

    #[test]
    fn captcha_answers_avoid_ambiguous_characters() {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..200 {
            let text = captcha_text(&mut rng);
            assert_eq!(text.len(), CAPTCHA_LENGTH);
            assert!(!text.contains(['0', 'O', 'o', '1', 'l', 'I']), "{text}");
        }
    }
}
