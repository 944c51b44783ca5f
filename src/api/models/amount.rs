//! A money amount as the service wrote it, a JSON number or a decimal string, kept as decimal text so that no binary
//! floating point rounds it on its way to the screen. Knows no currency: formatting belongs to whoever shows it.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most decimals [`Amount::from_minor_units`] writes.
pub const MAX_DECIMALS: u32 = 18;

/// A signed decimal amount, kept as its text (`"-1234.56"`). Reads a JSON number or a decimal string; writes a JSON
/// number. A JSON number is read through `f64`, whose shortest form is the decimal the service wrote for any amount
/// of up to 15 significant digits; a string is kept exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Amount(String);

impl Amount {
    /// The amount written as `text`, when it is a plain decimal: an optional sign, digits, and optionally a point and
    /// more digits (`"12"`, `"-0.5"`, `"+1234.56"`). Surrounding spaces are dropped, a leading `+` too.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
        let valid = !whole.is_empty() && digits(whole) && digits(fraction) && !(unsigned.ends_with('.'));
        valid.then(|| Self(text.strip_prefix('+').unwrap_or(text).to_owned()))
    }

    /// `units` of the currency's minor unit with `exponent` decimals (at most [`MAX_DECIMALS`]):
    /// `from_minor_units(-12345, 2)` is `-123.45`.
    #[must_use]
    pub fn from_minor_units(units: i64, exponent: u32) -> Self {
        let sign = if units < 0 { "-" } else { "" };
        let digits = units.unsigned_abs().to_string();
        let exponent = usize::try_from(exponent.min(MAX_DECIMALS)).unwrap_or(0);
        if exponent == 0 {
            return Self(format!("{sign}{digits}"));
        }
        let padded = format!("{digits:0>width$}", width = exponent.saturating_add(1));
        let (whole, fraction) = padded.split_at(padded.len() - exponent);
        Self(format!("{sign}{whole}.{fraction}"))
    }

    /// The decimal text, like `-1234.56`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True below zero (`-0.00` is not).
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.0.starts_with('-') && self.0.bytes().any(|byte| (b'1'..=b'9').contains(&byte))
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Ok(whole) = self.0.parse::<i64>() {
            return serializer.serialize_i64(whole);
        }
        match self.0.parse::<f64>() {
            Ok(number) => serializer.serialize_f64(number),
            Err(_) => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Decimal;
        impl Visitor<'_> for Decimal {
            type Value = Amount;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an amount: a number or a decimal string")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Amount, E> {
                Ok(Amount(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Amount, E> {
                Ok(Amount(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Amount, E> {
                // `Display` of an f64 is its shortest round-trip decimal, never in exponent form.
                Amount::parse(&value.to_string()).ok_or_else(|| E::custom(format!("{value} is not a finite amount")))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Amount, E> {
                Amount::parse(value).ok_or_else(|| E::custom("the text is not a decimal amount"))
            }
        }
        deserializer.deserialize_any(Decimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Option<Amount> {
        serde_json::from_str(json).ok()
    }

    #[test]
    fn numbers_and_decimal_strings_keep_their_decimals() {
        assert_eq!(read("1234.56").map(|a| a.0), Some("1234.56".into()));
        assert_eq!(read("0.1").map(|a| a.0), Some("0.1".into()));
        assert_eq!(read("-250").map(|a| a.0), Some("-250".into()));
        assert_eq!(read("18446744073709551615").map(|a| a.0), Some("18446744073709551615".into()));
        assert_eq!(read(r#""12345678901234567.89""#).map(|a| a.0), Some("12345678901234567.89".into()));
        assert_eq!(read(r#"" +10.50 ""#).map(|a| a.0), Some("10.50".into()));
    }

    #[test]
    fn anything_but_a_decimal_is_refused() {
        for json in [r#""""#, r#""12,50""#, r#""1e3""#, r#""GBP 5""#, r#""5.""#, r#"".5""#, r#""-""#, "true", "null"] {
            assert_eq!(read(json), None, "{json}");
        }
    }

    #[test]
    fn minor_units_place_the_point_and_the_sign() {
        assert_eq!(Amount::from_minor_units(-12_345, 2).as_str(), "-123.45");
        assert_eq!(Amount::from_minor_units(7, 2).as_str(), "0.07");
        assert_eq!(Amount::from_minor_units(-7, 3).as_str(), "-0.007");
        assert_eq!(Amount::from_minor_units(1_500, 0).as_str(), "1500");
        assert_eq!(Amount::from_minor_units(i64::MIN, 2).as_str(), "-92233720368547758.08");
    }

    #[test]
    fn signs_are_read_and_numbers_written() {
        assert!(Amount::from_minor_units(-1, 2).is_negative());
        assert!(!Amount::parse("-0.00").expect("an amount").is_negative());
        assert!(!Amount::from_minor_units(0, 2).is_negative());
        assert_eq!(serde_json::to_string(&Amount::from_minor_units(-123_456, 2)).expect("writes"), "-1234.56");
        assert_eq!(serde_json::to_string(&Amount::from_minor_units(42, 0)).expect("writes"), "42");
    }
}
