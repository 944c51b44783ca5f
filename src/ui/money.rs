//! Money as people read it: the currency's symbol, thousands separated, two decimals (`-£1,234.50`), from the exact
//! decimal text the service sent, never through floating point.

use crate::api::models::Amount;

/// The symbol written before amounts of `currency` (ISO 4217); unknown currencies are written as their code.
fn symbol(currency: &str) -> String {
    match currency {
        "GBP" => "£".to_owned(),
        "USD" => "$".to_owned(),
        "EUR" => "€".to_owned(),
        "CAD" => "CA$".to_owned(),
        "AUD" => "A$".to_owned(),
        other => format!("{other} "),
    }
}

/// `amount` in `currency`, like `£1,234.50` or `-$12.00`; without a currency, just the number. Digits beyond the
/// second decimal are kept, never rounded away.
#[must_use]
pub fn format_money(amount: &Amount, currency: Option<&str>) -> String {
    let text = amount.as_str();
    let unsigned = text.trim_start_matches('-');
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (position, digit) in whole.chars().enumerate() {
        if position > 0 && (whole.len() - position).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let fraction = format!("{fraction:0<2}");
    let sign = if amount.is_negative() { "-" } else { "" };
    let symbol = currency.map(|code| symbol(code.trim())).unwrap_or_default();
    format!("{sign}{symbol}{grouped}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str, currency: Option<&str>) -> String {
        format_money(&Amount::parse(text).expect("an amount"), currency)
    }

    #[test]
    fn amounts_get_their_symbol_separators_and_two_decimals() {
        assert_eq!(money("1234.5", Some("GBP")), "£1,234.50");
        assert_eq!(money("-1234567.891", Some("USD")), "-$1,234,567.891", "no digit is rounded away");
        assert_eq!(money("0.5", Some("EUR")), "€0.50");
        assert_eq!(money("-0.00", Some("GBP")), "£0.00", "no minus on zero");
        assert_eq!(money("100", Some("CHF")), "CHF 100.00");
        assert_eq!(money("999", None), "999.00");
        assert_eq!(money("000123.4", Some("GBP")), "£123.40");
    }
}
