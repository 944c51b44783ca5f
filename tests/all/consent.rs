//! A browser's visit to the aggregator's consent page, over real HTTP: fetch the page, read its form's fields
//! (the sandbox credentials and the ticked account, as the HTML fills them in) and submit them with the pressed
//! button, exactly what a browser sends when the person types nothing.

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

/// Opens `redirect`, presses Approve without typing, and returns the page that answers.
pub async fn approve_consent(redirect: &str) -> String {
    submit(redirect, "approve").await
}

/// Opens `redirect`, presses Deny, and returns the page that answers.
pub async fn deny_consent(redirect: &str) -> String {
    submit(redirect, "deny").await
}

/// GETs the consent page, then POSTs its form's fields with `decision` to the form's action (the same URL).
pub async fn submit(redirect: &str, decision: &str) -> String {
    submit_with(&reqwest::Client::new(), redirect, decision).await
}

/// [`submit`] from `browser`, a client of the caller's (another device's, say).
pub async fn submit_with(browser: &reqwest::Client, redirect: &str, decision: &str) -> String {
    let response = browser.get(redirect).send().await.expect("the consent page answers");
    assert_eq!(response.status(), StatusCode::OK, "the consent page of {redirect}");
    let page = response.text().await.expect("an HTML page");
    assert!(page.contains("<form method=\"post\">"), "no form in:\n{page}");
    assert!(!page.contains("{{"), "a template placeholder left unfilled in:\n{page}");
    assert!(page.contains(&format!("name=\"decision\" value=\"{decision}\"")), "no {decision} button in:\n{page}");
    let mut fields = form_fields(&page);
    fields.push(("decision".to_owned(), decision.to_owned()));
    let body: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&fields).finish();
    let response = browser
        .post(redirect)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("the form is submitted");
    assert_eq!(response.status(), StatusCode::OK, "the answer to {decision}");
    response.text().await.expect("an HTML page")
}

/// The fields a browser submits: every text, password and hidden input, and every ticked checkbox, with its value.
pub fn form_fields(page: &str) -> Vec<(String, String)> {
    page.split("<input").skip(1).filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag)).filter_map(field).collect()
}

/// One input tag's name and value, when a browser would submit it.
fn field(tag: &str) -> Option<(String, String)> {
    let kind = attribute(tag, "type").unwrap_or_else(|| "text".to_owned());
    let ticked = tag.split_whitespace().any(|word| word == "checked" || word.starts_with("checked="));
    let submitted = match kind.as_str() {
        "text" | "password" | "hidden" | "email" => true,
        "checkbox" | "radio" => ticked,
        _ => false,
    };
    let name = attribute(tag, "name")?;
    submitted.then(|| (name, attribute(tag, "value").unwrap_or_else(|| "on".to_owned())))
}

/// The unescaped value of `name="…"` in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

/// HTML entities back to text (the ones the emulator writes).
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn the_fields_a_browser_submits_are_read() {
    let page = r#"<form method="post"><input type="text" id="u" name="username" value="a&amp;b">
<input type="password" name="password" value="p&quot;w"><input type="checkbox" name="account" value="k1" checked>
<input type="checkbox" name="other" value="k2"><button name="decision" value="approve">Approve</button></form>"#;
    let fields = form_fields(page);
    let expected = [("username", "a&b"), ("password", "p\"w"), ("account", "k1")];
    assert_eq!(fields, expected.map(|(name, value)| (name.to_owned(), value.to_owned())));
}

/// [`approve_consent`] from a test that is not async: on a throwaway runtime of its own.
pub fn approve_blocking(redirect: &str) -> String {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the consent visit")
        .block_on(approve_consent(redirect))
}
