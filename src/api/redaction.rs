//! What of an exchange is a secret, and how it is blanked before anything keeps it: the values of secret JSON fields
//! (a customer's signing key in `token`, a JWT, a captcha answer), the query of single-use URLs (a poll route's
//! signature, the aggregator's page), and `Authorization` values; and card numbers, cut to their last four digits
//! (`card_number`). Works on text rather than parsed JSON, so that a broken or cut body is blanked too. Pure.

use super::redacted::REDACTED;

/// JSON fields whose string values are secrets: a customer's signing key, a JWT, a captcha answer, the aggregator's
/// authorisation token of a bank account.
pub const SECRET_FIELDS: [&str; 4] = ["token", "jwt", "answer", "clientAuthorisationToken"];

/// JSON fields whose string values are single-use URLs: their query (a signature, a session) is a secret, the rest
/// is kept so that a person can still see where they lead.
pub const URL_FIELDS: [&str; 2] = ["pollRoute", "redirect"];

/// Header names (lower case) whose values are secrets.
const SECRET_HEADERS: [&str; 2] = ["authorization", "proxy-authorization"];

/// Header names (lower case) whose values are URLs that may be single use (a 302's aggregator page): their query is
/// blanked.
const URL_HEADERS: [&str; 2] = ["location", "content-location"];

/// `text` with every secret field's string value replaced by `[redacted]`, every URL field's query blanked and every
/// card number masked to its last four digits.
#[must_use]
pub fn blank_secret_fields(text: &str) -> String {
    let mut out = super::card_number::mask_card_numbers(text).into_owned();
    for field in SECRET_FIELDS {
        replace_string_values(&mut out, field, |_| REDACTED.to_owned());
    }
    for field in URL_FIELDS {
        replace_string_values(&mut out, field, blank_query);
    }
    blanked_when_parsed(out)
}

/// `text` as it is, unless it is JSON whose parsed fields still hold a secret: a field named with escapes
/// (`"tok\u0065n"`) is not found by the search on text. Then it is written again (compact) from the parsed value with
/// every secret field blanked. Names with escapes need a backslash, so text without one is not parsed.
fn blanked_when_parsed(text: String) -> String {
    if !text.contains('\\') {
        return text;
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) else { return text };
    if blank_parsed(&mut value) { serde_json::to_string(&value).unwrap_or(text) } else { text }
}

/// Blanks the secret and URL fields of a parsed value, at any depth; true when one still held a secret.
fn blank_parsed(value: &mut serde_json::Value) -> bool {
    let mut changed = false;
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                changed |= blank_parsed(item);
            }
        }
        serde_json::Value::Object(fields) => {
            for (name, item) in fields.iter_mut() {
                let serde_json::Value::String(text) = item else {
                    changed |= blank_parsed(item);
                    continue;
                };
                let blanked = if SECRET_FIELDS.contains(&name.as_str()) {
                    REDACTED.to_owned()
                } else if URL_FIELDS.contains(&name.as_str()) {
                    blank_query(text)
                } else {
                    continue;
                };
                if blanked != *text {
                    *text = blanked;
                    changed = true;
                }
            }
        }
        _ => {}
    }
    changed
}

/// A URL with its query, if it has one, replaced by `[redacted]`: `https://h/p?sig=x` becomes `https://h/p?[redacted]`.
#[must_use]
pub fn blank_query(url: &str) -> String {
    match url.split_once('?') {
        Some((before, _)) => format!("{before}?{REDACTED}"),
        None => url.to_owned(),
    }
}

/// A header's value as it may be kept: secret headers keep only their scheme (`Bearer [redacted]`), URL headers lose
/// their query.
#[must_use]
pub fn header_value(name: &str, value: &str) -> String {
    if URL_HEADERS.iter().any(|url| name.eq_ignore_ascii_case(url)) {
        return blank_query(value);
    }
    if SECRET_HEADERS.iter().any(|secret| name.eq_ignore_ascii_case(secret)) {
        match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {REDACTED}"),
            None => REDACTED.to_owned(),
        }
    } else {
        value.to_owned()
    }
}

/// Replaces the contents of each string value of `"field": "…"` in `out` with `blank(contents)`.
fn replace_string_values(out: &mut String, field: &str, blank: impl Fn(&str) -> String) {
    let needle = format!("\"{field}\"");
    let mut from = 0;
    while let Some(found) = out[from..].find(&needle) {
        let after_name = from + found + needle.len();
        let rest = &out[after_name..];
        let Some(after_colon) = rest.trim_start().strip_prefix(':') else {
            from = after_name;
            continue;
        };
        let value = after_colon.trim_start();
        if !value.starts_with('"') {
            from = after_name;
            continue;
        }
        let start = out.len() - value.len() + 1;
        let end = string_end(&out[start..]).map_or(out.len(), |len| start + len);
        let replacement = blank(&out[start..end]);
        out.replace_range(start..end, &replacement);
        from = start + replacement.len();
    }
}

/// The length of a JSON string's contents up to (not including) its closing quote, if it has one.
pub(crate) fn string_end(contents: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, ch) in contents.char_indices() {
        match ch {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(at),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_fields_are_blanked_even_in_broken_json() {
        let body = r#"{"organisationId":"o","token" : "0123abcd","companies":[],"jwt":"e\"y"}"#;
        assert_eq!(
            blank_secret_fields(body),
            r#"{"organisationId":"o","token" : "[redacted]","companies":[],"jwt":"[redacted]"}"#
        );
        assert_eq!(blank_secret_fields(r#"{"token":"cut-off"#), r#"{"token":"[redacted]"#);
        assert_eq!(blank_secret_fields(r#"{"token":5,"answer":"x"}"#), r#"{"token":5,"answer":"[redacted]"}"#);
        assert_eq!(blank_secret_fields("<html>token</html>"), "<html>token</html>");
        let account = r#"{"clientAuthorisationToken":"cat-1","token":"k"}"#;
        let card = r#"{"accountIdentifier":"4111111111111111","bankIdentifier":"12-34-56","accountKey":"12345678"}"#;
        assert_eq!(
            blank_secret_fields(card),
            r#"{"accountIdentifier":"****1111","bankIdentifier":"12-34-56","accountKey":"12345678"}"#
        );
        assert_eq!(blank_secret_fields(account), r#"{"clientAuthorisationToken":"[redacted]","token":"[redacted]"}"#);
    }

    #[test]
    fn field_names_written_with_escapes_are_blanked_too() {
        let body = r#"{"code":"x", "tok\u0065n":"SECRETSECRET","pollRo\u0075te":"https://h/p?sig=1"}"#;
        let blanked: serde_json::Value = serde_json::from_str(&blank_secret_fields(body)).expect("still JSON");
        assert_eq!(blanked["token"], REDACTED);
        assert_eq!(blanked["pollRoute"], "https://h/p?[redacted]");
        assert_eq!(blanked["code"], "x");
        let escaped_value = r#"{"token":"a\"b", "name":"caf\u00e9"}"#;
        assert_eq!(blank_secret_fields(escaped_value), r#"{"token":"[redacted]", "name":"caf\u00e9"}"#);
    }

    #[test]
    fn single_use_urls_keep_their_path_and_lose_their_query() {
        let body = r#"{"pollRoute":"http://127.0.0.1:9/api/v1/linkpolls/l/2?sig=abc","pollPeriod":5000}"#;
        assert_eq!(
            blank_secret_fields(body),
            r#"{"pollRoute":"http://127.0.0.1:9/api/v1/linkpolls/l/2?[redacted]","pollPeriod":5000}"#
        );
        assert_eq!(blank_query("https://bank.example/consent/l"), "https://bank.example/consent/l");
    }

    #[test]
    fn authorization_keeps_its_scheme_only() {
        assert_eq!(header_value("Authorization", "Bearer eyJ.x.y"), "Bearer [redacted]");
        assert_eq!(header_value("authorization", "opaque"), "[redacted]");
        assert_eq!(header_value("x-nonce", "n-1"), "n-1");
        assert_eq!(
            header_value("Location", "https://aggregator.example/c/1?session=s"),
            "https://aggregator.example/c/1?[redacted]"
        );
    }
}
