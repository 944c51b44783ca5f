//! Whether printed text shows the value of a secret field of an answer's body: the secret property of the decoders'
//! checks. Pure.

use serde_json::Value;

use super::Violation;
use crate::api::redaction::SECRET_FIELDS;

/// The shortest secret value looked for in printed text (shorter ones turn up by chance).
const MIN_SECRET_CHARS: usize = 8;

/// `printed` must not show the value of a secret field of `body` (at any depth when `nested`, else in the top-level
/// object or the objects of a top-level list, where the wire types keep their secrets). Only values that are long enough, hold a letter, and occur once in the
/// body (so not also in a field that may be shown) are looked for.
pub(super) fn must_hide(printed: &str, body: &[u8], nested: bool, what: &str) -> Result<(), Violation> {
    let Ok(parsed) = serde_json::from_slice::<Value>(body) else { return Ok(()) };
    let raw = String::from_utf8_lossy(body);
    let mut texts = Vec::new();
    collect_texts(&parsed, &mut texts);
    let mut secrets = Vec::new();
    match &parsed {
        Value::Array(items) if !nested => items.iter().for_each(|item| collect_secrets(item, false, &mut secrets)),
        _ => collect_secrets(&parsed, nested, &mut secrets),
    }
    for secret in secrets {
        let unique = texts.iter().filter(|text| text.contains(secret.as_str())).count() == 1
            && raw.matches(secret.as_str()).count() == 1;
        let checkable = secret.chars().count() >= MIN_SECRET_CHARS && secret.chars().any(char::is_alphabetic);
        if unique && checkable && printed.contains(secret.as_str()) {
            return Err(Violation(format!("{what} shows the secret {secret:?}: {printed}")));
        }
    }
    Ok(())
}

/// Every key, string and number of `value`, as text.
fn collect_texts(value: &Value, texts: &mut Vec<String>) {
    match value {
        Value::String(text) => texts.push(text.clone()),
        Value::Number(number) => texts.push(number.to_string()),
        Value::Array(items) => items.iter().for_each(|item| collect_texts(item, texts)),
        Value::Object(fields) => {
            for (key, item) in fields {
                texts.push(key.clone());
                collect_texts(item, texts);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// The string values of secret fields in `value`.
fn collect_secrets(value: &Value, nested: bool, secrets: &mut Vec<String>) {
    match value {
        Value::Array(items) if nested => items.iter().for_each(|item| collect_secrets(item, nested, secrets)),
        Value::Object(fields) => {
            for (key, item) in fields {
                match item {
                    Value::String(text) if SECRET_FIELDS.contains(&key.as_str()) => secrets.push(text.clone()),
                    _ if nested => collect_secrets(item, nested, secrets),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}
