//! The request inspector and the event timeline after a whole flow (onboard, link at the consent page, create the
//! account, follow it to `active`): the inspector lists the exchanges and shows a signed call's base string, and no
//! secret the session held (the customer's signing key, any JWT, the captcha answer, a poll route's signature) is in
//! the inspector's rows and details, the recorded exchanges or the timeline.

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use bankfeeds_onboard::secrets::{KeyringStore, SecretStore as _};
use bankfeeds_onboard::ui::WizardApp;

use crate::linking_ui::{at_bank_search_with_keyring, link_to_active};
use crate::support::CAPTCHA_TEXT;

/// Every text the window's accessibility tree holds: what a person can read on screen.
pub(crate) fn screen_text(harness: &Harness<'_, WizardApp>) -> String {
    let root = harness.root();
    let mut text = String::new();
    for node in std::iter::once(root).chain(harness.root().children_recursive()) {
        let node = node.accesskit_node();
        for part in [node.label(), node.value(), node.description()].into_iter().flatten() {
            text.push_str(&part);
            text.push('\n');
        }
    }
    text
}

/// Every `header.payload.signature` run that starts like a JWT (`eyJ`, base64url of `{"`).
pub(crate) fn jwt_like(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .filter(|word| word.starts_with("eyJ") && word.split('.').count() == 3)
        .collect()
}

/// A whole flow to an active account; the harness, its keyring and its progress folder.
pub(crate) fn whole_flow() -> (Harness<'static, WizardApp>, Arc<KeyringStore>, tempfile::TempDir) {
    let (mut harness, secrets, data_dir) = at_bank_search_with_keyring();
    link_to_active(&mut harness, "Emulator Bank");
    (harness, secrets, data_dir)
}

/// The aggregator's authorisation token of the account the wizard follows (a secret the session held).
pub(crate) fn authorisation_token(harness: &Harness<'_, WizardApp>) -> String {
    use bankfeeds_onboard::wizard::{AccountPhase, AccountStep, Step};
    let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = harness.state().wizard().step()
    else {
        panic!("not following an account")
    };
    let token = following.account.client_authorisation_token.as_ref().expect("the emulator gives one");
    token.expose().to_owned()
}

/// Fails when `text` (named `name`) holds the signing key, the account's authorisation token, a JWT, the captcha
/// answer or a poll route's signature.
pub(crate) fn assert_no_secret(name: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "a secret ({} characters) is in the {name}", secret.len());
    }
    assert_eq!(jwt_like(text), Vec::<&str>::new(), "a JWT is in the {name}");
    assert!(!text.contains(CAPTCHA_TEXT), "the captcha answer is in the {name}");
    assert!(!text.contains("?sig="), "a poll route's signature is in the {name}");
}

#[test]
fn after_a_whole_flow_the_inspector_explains_a_signed_call_and_holds_no_secret() {
    let (mut harness, secrets, _data_dir) = whole_flow();
    let Some(organisation) = harness.state().wizard().session().organisations.first().cloned() else {
        panic!("onboarded above")
    };
    let key = secrets.load(&organisation.key_slot()).expect("key in the keyring");
    let account_token = authorisation_token(&harness);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    harness.run_steps(2);
    assert!(harness.query_by_label("Filter").is_some(), "Ctrl+I opened the inspector");
    let exchanges = harness.state().exchanges().exchanges();
    let paths: Vec<&str> = exchanges.iter().map(|exchange| exchange.path.as_str()).collect();
    for expected in ["/sts/api/v1/requestToken", "/api/v1/captcha", "/api/v1/organisations", "/api/v1/accesstoken"] {
        assert!(paths.contains(&expected), "{expected} was recorded: {paths:?}");
    }
    assert!(paths.iter().any(|path| path.contains("/linkpolls/")), "the polls were recorded: {paths:?}");
    let signed = exchanges.iter().find(|exchange| exchange.path == "/api/v1/accesstoken").expect("recorded");
    let signing = signed.signing.as_ref().expect("the access token call is signed");
    assert!(signing.base_string.starts_with("GET&http%3A%2F%2F127.0.0.1%3A"), "{}", signing.base_string);
    assert!(signing.base_string.ends_with(&signing.nonce), "the nonce ends the base string");

    harness.state_mut().inspector_mut().select(signed.id);
    harness.run_steps(2);
    assert!(harness.query_by_label("Base string signed").is_some(), "the signed call's details are shown");
    let mut shown = screen_text(&harness);
    assert!(shown.contains(&signing.base_string), "the base string is on screen");
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::T);
    harness.run_steps(2);
    shown.push_str(&screen_text(&harness));
    assert!(shown.contains("Entered step: Bank account"), "the timeline is on screen");

    let timeline = harness.state().timeline().entries().map(|entry| entry.text.as_str()).collect::<Vec<_>>().join("\n");
    for expected in ["Pressed Create organisation", "Entered step: Link", "Linked \"", "is active"] {
        assert!(timeline.contains(expected), "the timeline says \"{expected}\":\n{timeline}");
    }
    let recorded = format!("{exchanges:#?}");
    for (name, text) in [("inspector", &shown), ("recorded exchanges", &recorded), ("timeline", &timeline)] {
        assert_no_secret(name, text, &[key.expose(), &account_token]);
    }
    assert!(recorded.contains("Bearer [redacted]"), "the bearer was recorded, redacted");
    let created = exchanges.iter().find(|exchange| exchange.path == "/api/v1/organisations").expect("recorded");
    let body = created.response.as_ref().map(|response| response.body.text.as_str()).unwrap_or_default();
    assert!(body.contains(r#""token":"[redacted]""#), "the organisation's token is blanked: {body}");
    harness.state().finish();
}
