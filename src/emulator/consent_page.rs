//! The aggregator's consent page, as the system browser shows it: a sandbox bank sign-in with the credentials filled in
//! and the account to share ticked, Approve and Deny in one plain HTML form (no JavaScript, no external resource), and
//! the pages that say what happened; a re-consent (re-authorisation) has its own form, without an account to tick.
//! Every interpolated value is HTML-escaped. Pure text: no axum, no world. The HTML and its styles are files in
//! `assets/consent/`, built into the binary.

mod template;

use crate::emulator::world::{Link, Outcome};

/// The sandbox user name filled in on every consent page.
pub const SANDBOX_USERNAME: &str = "sandbox-user";
/// The sandbox password filled in on every consent page (not a secret: the emulator's own, printed in its docs).
pub const SANDBOX_PASSWORD: &str = "sandbox-password";

/// The page every other fits in: the title, the styles, a heading, the sandbox notice and the body.
const PAGE: &str = include_str!("../../assets/consent/page.html");
/// The styles of every page: a quiet bank sign-in card.
const STYLE: &str = include_str!("../../assets/consent/style.css");
/// The consent form of a new link.
const FORM: &str = include_str!("../../assets/consent/form.html");
/// The consent form of a re-authorisation.
const RECONSENT_FORM: &str = include_str!("../../assets/consent/reconsent-form.html");

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

/// A whole page: `title` (escaped here), then `heading` and `body` (already safe HTML) around the sandbox notice.
fn page(title: &str, heading: &str, body: &str) -> String {
    template::fill(PAGE, &[("title", &escape(title)), ("style", STYLE), ("heading", heading), ("body", body)])
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

/// The consent form of a link not yet decided: a re-consent's for a re-authorisation.
#[must_use]
pub fn form(link: &Link) -> String {
    if link.reauthorises.is_some() {
        return reconsent_form(link);
    }
    let account = &link.account;
    let last_four = crate::api::card_number::last_four(&account.account_identifier);
    let body = template::fill(
        FORM,
        &[
            ("user", &escape(SANDBOX_USERNAME)),
            ("password", &escape(SANDBOX_PASSWORD)),
            ("key", &escape(&account.account_key)),
            ("name", &escape(&account.account_name)),
            ("last_four", &escape(&last_four)),
        ],
    );
    page(&format!("{}: share an account", link.bank.name), &heading(link), &body)
}

/// The re-consent form: the bank asks the person to sign in again to keep sharing the accounts of an authorisation.
fn reconsent_form(link: &Link) -> String {
    let body = template::fill(
        RECONSENT_FORM,
        &[
            ("bank", &escape(&link.bank.name)),
            ("name", &escape(&link.account.account_name)),
            ("user", &escape(SANDBOX_USERNAME)),
            ("password", &escape(SANDBOX_PASSWORD)),
        ],
    );
    page(&format!("{}: re-authorise your accounts", link.bank.name), &heading(link), &body)
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
    let body =
        format!("{already}<p class=\"outcome\">{what}</p>\n<p>You can close this tab and return to the app.</p>");
    page(&format!("{}: consent finished", link.bank.name), &heading(link), &body)
}

/// The page of an unknown link.
#[must_use]
pub fn not_found() -> String {
    page(
        "Consent not found",
        "<h1>Consent not found</h1>",
        "<p>This consent page is unknown here: the link may be from before the emulator restarted. Start linking \
         again from the app.</p>",
    )
}

/// The page of a form that chose neither Approve nor Deny.
#[must_use]
pub fn no_decision() -> String {
    page(
        "Choose approve or deny",
        "<h1>Choose approve or deny</h1>",
        "<p>The form came without a decision. Go back and press Approve or Deny.</p>",
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
            assert!(!html.contains("{{"), "every placeholder filled: {html}");
        }
    }
}
