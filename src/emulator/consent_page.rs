//! The aggregator's consent page, as the system browser shows it: a sandbox bank sign-in with the credentials filled in
//! and the account to share ticked, Approve and Deny in one plain HTML form (no JavaScript, no external resource), and
//! the pages that say what happened; a re-consent (re-authorisation) has its own form, without an account to tick.
//! Every interpolated value is HTML-escaped. Pure text: no axum, no world.

use std::fmt::Write as _;

use crate::emulator::world::{Link, Outcome};

/// The sandbox user name filled in on every consent page.
pub const SANDBOX_USERNAME: &str = "sandbox-user";
/// The sandbox password filled in on every consent page (not a secret: the emulator's own, printed in its docs).
pub const SANDBOX_PASSWORD: &str = "sandbox-password";

/// The styles of every page: a quiet bank sign-in card.
const STYLE: &str = "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#eef1f5;\
color:#1d2733}main{max-width:440px;margin:48px auto;background:#fff;border-radius:12px;padding:32px;\
box-shadow:0 2px 12px rgba(0,0,0,.12)}header{display:flex;align-items:center;gap:12px}header img{width:32px;\
height:32px}h1{font-size:1.3rem;margin:0}.sandbox{background:#fff4d6;border:1px solid #e8c66a;border-radius:8px;\
padding:8px 12px;font-size:.9rem;margin:16px 0}label{display:block;font-size:.9rem;margin:12px 0 4px}\
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;border:1px solid #b8c2cc;\
border-radius:6px;font-size:1rem}fieldset{border:1px solid #d5dbe1;border-radius:8px;margin:16px 0;padding:8px 12px}\
.account{display:flex;gap:8px;align-items:center}.actions{display:flex;gap:12px;margin-top:20px}button{flex:1;\
padding:10px;font-size:1rem;border-radius:6px;border:1px solid #1d5fbf;cursor:pointer}\
.approve{background:#1d5fbf;color:#fff}.deny{background:#fff;color:#1d5fbf}.outcome{font-size:1.05rem}";

/// Text made safe inside HTML elements and double-quoted attributes.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A whole page: `title` (escaped here) and `body` (already safe HTML).
fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        escape(title)
    )
}

/// The bank's heading: its logo when it has a data URI, and its name.
fn heading(link: &Link) -> String {
    let logo = link
        .bank
        .logo
        .as_deref()
        .filter(|logo| logo.starts_with("data:image/png;base64,"))
        .map(|logo| format!("<img src=\"{}\" alt=\"\">", escape(logo)))
        .unwrap_or_default();
    format!("<header>{logo}<h1>{}</h1></header>", escape(&link.bank.name))
}

/// The sandbox notice on every page.
const SANDBOX_NOTICE: &str = "<p class=\"sandbox\">This is the local emulator's sandbox: no real bank is involved \
and nothing leaves this computer.</p>";

/// The consent form of a link not yet decided: a re-consent's for a re-authorisation.
#[must_use]
pub fn form(link: &Link) -> String {
    if link.reauthorises.is_some() {
        return reconsent_form(link);
    }
    let account = &link.account;
    let last_four = crate::api::card_number::last_four(&account.account_identifier);
    let mut body = heading(link);
    body.push_str(SANDBOX_NOTICE);
    // Writing to a String cannot fail.
    write!(
        body,
        "<p>Sign in to share an account with the app. The sandbox credentials are filled in: press Approve to share the \
         ticked account, or Deny.</p>\n<form method=\"post\">\n\
         <label for=\"username\">User name</label>\n\
         <input type=\"text\" id=\"username\" name=\"username\" value=\"{user}\" autocomplete=\"off\">\n\
         <label for=\"password\">Password</label>\n\
         <input type=\"password\" id=\"password\" name=\"password\" value=\"{password}\" autocomplete=\"off\">\n\
         <fieldset><legend>Accounts to share</legend>\n<label class=\"account\">\
         <input type=\"checkbox\" name=\"account\" value=\"{key}\" checked> {name} (ending {last_four})</label>\n\
         </fieldset>\n<div class=\"actions\">\n\
         <button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\n\
         <button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</div>\n</form>",
        user = escape(SANDBOX_USERNAME),
        password = escape(SANDBOX_PASSWORD),
        key = escape(&account.account_key),
        name = escape(&account.account_name),
        last_four = escape(&last_four),
    )
    .ok();
    page(&format!("{}: share an account", link.bank.name), &body)
}

/// The re-consent form: the bank asks the person to sign in again to keep sharing the accounts of an authorisation.
fn reconsent_form(link: &Link) -> String {
    let mut body = heading(link);
    body.push_str(SANDBOX_NOTICE);
    // Writing to a String cannot fail.
    write!(
        body,
        "<p><strong>Re-authorisation.</strong> {bank} needs you to sign in again to keep sharing your accounts with the \
         app (they include {name}). The sandbox credentials are filled in: press Approve to re-authorise every account \
         of this consent, or Deny to leave them waiting.</p>\n<form method=\"post\">\n\
         <label for=\"username\">User name</label>\n\
         <input type=\"text\" id=\"username\" name=\"username\" value=\"{user}\" autocomplete=\"off\">\n\
         <label for=\"password\">Password</label>\n\
         <input type=\"password\" id=\"password\" name=\"password\" value=\"{password}\" autocomplete=\"off\">\n\
         <div class=\"actions\">\n\
         <button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\n\
         <button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</div>\n</form>",
        bank = escape(&link.bank.name),
        name = escape(&link.account.account_name),
        user = escape(SANDBOX_USERNAME),
        password = escape(SANDBOX_PASSWORD),
    )
    .ok();
    page(&format!("{}: re-authorise your accounts", link.bank.name), &body)
}

/// The page of a decided consent: what happened; `just_now` when this request decided it.
#[must_use]
pub fn finished(link: &Link, outcome: Outcome, just_now: bool) -> String {
    let what = match outcome {
        Outcome::Linked => format!("Your account {} is linked.", escape(&link.account.account_name)),
        Outcome::Denied if link.reauthorises.is_some() => {
            "You denied access; your accounts still need you to sign in again.".to_owned()
        }
        Outcome::Denied => "You denied access; no account is linked.".to_owned(),
        Outcome::Reauthorised => "Your accounts are re-authorised and connected again.".to_owned(),
        Outcome::Declined => "The bank declined the request; no account is linked.".to_owned(),
        Outcome::NothingShared => "No account was ticked, so no account is linked.".to_owned(),
        Outcome::Expired => "This consent expired before it was decided; no account is linked. Start linking again \
                             from the app."
            .to_owned(),
    };
    let already = if just_now { "" } else { "<p>This consent is already finished; it cannot be decided again.</p>" };
    let body = format!(
        "{}{SANDBOX_NOTICE}{already}<p class=\"outcome\">{what}</p>\n\
         <p>You can close this tab and return to the app.</p>",
        heading(link)
    );
    page(&format!("{}: consent finished", link.bank.name), &body)
}

/// The page of an unknown link.
#[must_use]
pub fn not_found() -> String {
    page(
        "Consent not found",
        &format!(
            "<h1>Consent not found</h1>{SANDBOX_NOTICE}<p>This consent page is unknown here: the link may be from \
             before the emulator restarted. Start linking again from the app.</p>"
        ),
    )
}

/// The page of a form that chose neither Approve nor Deny.
#[must_use]
pub fn no_decision() -> String {
    page(
        "Choose approve or deny",
        &format!(
            "<h1>Choose approve or deny</h1>{SANDBOX_NOTICE}<p>The form came without a decision. Go back and press \
             Approve or Deny.</p>"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_both_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("Crédit Agricole"), "Crédit Agricole");
    }

    #[test]
    fn pages_name_themselves_and_use_no_script_or_external_resource() {
        for html in [not_found(), no_decision()] {
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
            assert!(html.contains("local emulator's sandbox"));
        }
    }
}
