//! A structural check of a HAR 1.2 document: every field the format requires is present with the right JSON type and
//! a sensible value (dates in ISO 8601, times and sizes in range). Used by the tests of every export that writes a
//! HAR; it reads JSON only and imports nothing of the app.

use jiff::Timestamp;
use serde_json::{Map, Value};

/// `Ok` when `document` has the structure HAR 1.2 requires; otherwise the first problem found, with the path of the
/// field at fault (`log.entries[2].timings.wait is missing`).
pub fn check_har_structure(document: &Value) -> Result<(), String> {
    let log = object(field(object(document, "the document")?, "log", "")?, "log")?;
    string(field(log, "version", "log")?, "log.version")?;
    let creator = object(field(log, "creator", "log")?, "log.creator")?;
    string(field(creator, "name", "log.creator")?, "log.creator.name")?;
    string(field(creator, "version", "log.creator")?, "log.creator.version")?;
    if let Some(pages) = log.get("pages") {
        array(pages, "log.pages")?;
    }
    let entries = array(field(log, "entries", "log")?, "log.entries")?;
    for (index, entry) in entries.iter().enumerate() {
        check_entry(entry, &format!("log.entries[{index}]"))?;
    }
    Ok(())
}

fn check_entry(entry: &Value, path: &str) -> Result<(), String> {
    let entry = object(entry, path)?;
    let started = string(field(entry, "startedDateTime", path)?, &format!("{path}.startedDateTime"))?;
    if started.parse::<Timestamp>().is_err() {
        return Err(format!("{path}.startedDateTime is not an ISO 8601 date and time with an offset: {started:?}"));
    }
    at_least(field(entry, "time", path)?, 0.0, &format!("{path}.time"))?;
    check_request(field(entry, "request", path)?, &format!("{path}.request"))?;
    check_response(field(entry, "response", path)?, &format!("{path}.response"))?;
    object(field(entry, "cache", path)?, &format!("{path}.cache"))?;
    check_timings(field(entry, "timings", path)?, &format!("{path}.timings"))
}

fn check_request(request: &Value, path: &str) -> Result<(), String> {
    let request = object(request, path)?;
    for name in ["method", "url", "httpVersion"] {
        string(field(request, name, path)?, &format!("{path}.{name}"))?;
    }
    array(field(request, "cookies", path)?, &format!("{path}.cookies"))?;
    name_values(field(request, "headers", path)?, &format!("{path}.headers"))?;
    name_values(field(request, "queryString", path)?, &format!("{path}.queryString"))?;
    if let Some(post_data) = request.get("postData") {
        let post_path = format!("{path}.postData");
        let post_data = object(post_data, &post_path)?;
        string(field(post_data, "mimeType", &post_path)?, &format!("{post_path}.mimeType"))?;
        if post_data.get("text").is_none() && post_data.get("params").is_none() {
            return Err(format!("{post_path} has neither text nor params"));
        }
    }
    sizes(request, path)
}

fn check_response(response: &Value, path: &str) -> Result<(), String> {
    let response = object(response, path)?;
    integer_at_least(field(response, "status", path)?, 0, &format!("{path}.status"))?;
    for name in ["statusText", "httpVersion", "redirectURL"] {
        string(field(response, name, path)?, &format!("{path}.{name}"))?;
    }
    array(field(response, "cookies", path)?, &format!("{path}.cookies"))?;
    name_values(field(response, "headers", path)?, &format!("{path}.headers"))?;
    let content_path = format!("{path}.content");
    let content = object(field(response, "content", path)?, &content_path)?;
    integer_at_least(field(content, "size", &content_path)?, -1, &format!("{content_path}.size"))?;
    string(field(content, "mimeType", &content_path)?, &format!("{content_path}.mimeType"))?;
    if let Some(text) = content.get("text") {
        string(text, &format!("{content_path}.text"))?;
    }
    sizes(response, path)
}

fn check_timings(timings: &Value, path: &str) -> Result<(), String> {
    let timings = object(timings, path)?;
    for name in ["send", "wait", "receive"] {
        at_least(field(timings, name, path)?, 0.0, &format!("{path}.{name}"))?;
    }
    for name in ["blocked", "dns", "connect", "ssl"] {
        if let Some(value) = timings.get(name) {
            at_least(value, -1.0, &format!("{path}.{name}"))?;
        }
    }
    Ok(())
}

fn sizes(message: &Map<String, Value>, path: &str) -> Result<(), String> {
    for name in ["headersSize", "bodySize"] {
        integer_at_least(field(message, name, path)?, -1, &format!("{path}.{name}"))?;
    }
    Ok(())
}

fn name_values(list: &Value, path: &str) -> Result<(), String> {
    for (index, pair) in array(list, path)?.iter().enumerate() {
        let pair_path = format!("{path}[{index}]");
        let pair = object(pair, &pair_path)?;
        string(field(pair, "name", &pair_path)?, &format!("{pair_path}.name"))?;
        string(field(pair, "value", &pair_path)?, &format!("{pair_path}.value"))?;
    }
    Ok(())
}

fn field<'a>(object: &'a Map<String, Value>, name: &str, path: &str) -> Result<&'a Value, String> {
    let full = if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
    object.get(name).ok_or_else(|| format!("{full} is missing"))
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, String> {
    value.as_object().ok_or_else(|| format!("{path} is not an object: {value}"))
}

fn array<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>, String> {
    value.as_array().ok_or_else(|| format!("{path} is not an array: {value}"))
}

fn string<'a>(value: &'a Value, path: &str) -> Result<&'a str, String> {
    value.as_str().ok_or_else(|| format!("{path} is not a string: {value}"))
}

fn at_least(value: &Value, least: f64, path: &str) -> Result<f64, String> {
    let number = value.as_f64().ok_or_else(|| format!("{path} is not a number: {value}"))?;
    if number < least {
        return Err(format!("{path} is {number}, below {least}"));
    }
    Ok(number)
}

fn integer_at_least(value: &Value, least: i64, path: &str) -> Result<i64, String> {
    let number = value.as_i64().ok_or_else(|| format!("{path} is not an integer: {value}"))?;
    if number < least {
        return Err(format!("{path} is {number}, below {least}"));
    }
    Ok(number)
}
