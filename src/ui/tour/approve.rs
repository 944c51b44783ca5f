//! The tour's stand-in for the person at the bank, and for the bank itself: it presses Approve on the page the wizard
//! waits for (a link's consent or a re-authorisation), with the sandbox's ticked account, over HTTP on a thread of
//! its own (the tour's headless browser only takes a picture); and it asks the local emulator's admin endpoint to
//! make the followed account need a new sign-in, to lose POST organisation's next answer, or to spoil a key so a
//! signature is refused for the inspector's picture.

use crate::wizard::{AccountPhase, AccountStep, LinkPhase, LinkStep, Reauth, Step, Wizard};

/// Presses Approve on the page the wizard is waiting for, if it is waiting for one.
pub fn approve_in_background(wizard: &Wizard) {
    let waiting = match wizard.step() {
        Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) => waiting,
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => {
            let Some(Reauth::Waiting(waiting)) = &following.reauth else { return };
            waiting
        }
        _ => return,
    };
    let consent = waiting.redirect.to_string();
    let started = std::thread::Builder::new().name("bankfeeds-tour-approve".into()).spawn(move || {
        let body = "decision=approve&account=sandbox";
        if let Err(error) = post(&consent, Some(body)) {
            tracing::error!(%error, "the tour could not approve the consent");
        }
    });
    if let Err(error) = started {
        tracing::error!(%error, "the tour's approval thread did not start");
    }
}

/// Makes the followed account `authRequired` at the local emulator now, and waits for the answer.
pub fn make_auth_required(wizard: &Wizard) {
    let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = wizard.step() else { return };
    let Some(connection) = &wizard.session().connection else { return };
    let path = format!("/emulator/admin/bankaccounts/{}/authrequired", following.account.bank_account_id);
    let Ok(admin) = connection.banking.join(&path) else { return };
    let asked = std::thread::scope(|scope| scope.spawn(|| post(admin.as_str(), None)).join());
    match asked {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::error!(%error, "the tour could not ask the emulator for a new sign-in"),
        Err(_) => tracing::error!("the tour's admin call stopped"),
    }
}

/// Writes a wrong signing key into the keyring slot of the newest organisation and expires every access token at the
/// local emulator, so the next token request is signed with the wrong key (the tour's keyring is a throwaway one).
pub fn spoil_key(wizard: &Wizard) {
    use crate::secrets::SecretStore as _;
    let Some(organisation) = wizard.session().organisations.last() else { return };
    let Some(connection) = &wizard.session().connection else { return };
    let slot = organisation.key_slot();
    let Ok(expire) = connection.banking.join("/emulator/admin/jwts/expire") else { return };
    let spoiled = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let store = crate::secrets::KeyringStore::platform().map_err(|problem| problem.to_string())?;
                let wrong = crate::api::redacted::SigningKey::new("0".repeat(64));
                store.store(&slot, &wrong).map_err(|problem| problem.to_string())?;
                post(expire.as_str(), None)
            })
            .join()
    });
    match spoiled {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::error!(%error, "the tour could not spoil the key"),
        Err(_) => tracing::error!("the tour's keyring call stopped"),
    }
}

/// Puts a fault in force at the local emulator: the next POST organisation is done, then its answer breaks halfway, as
/// a connection that drops after Sage acted would leave it.
pub fn lose_next_organisation_answer(wizard: &Wizard) {
    use crate::api::{Fault, FaultEndpoint, FaultKind, Scenario};
    let Some(connection) = &wizard.session().connection else { return };
    let Ok(admin) = connection.banking.join("/emulator/admin/scenario") else { return };
    let fault = Fault::times(FaultEndpoint::CreateOrganisation, FaultKind::ResetMidResponse, 1);
    let scenario = Scenario { fault: Some(fault), ..Scenario::default() };
    let put = || send(reqwest::Client::new().put(admin.as_str()).json(&scenario));
    match std::thread::scope(|scope| scope.spawn(put).join()) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::error!(%error, "the tour could not inject the fault"),
        Err(_) => tracing::error!("the tour's admin call stopped"),
    }
}

/// POSTs `body` (a form) or nothing to `url` on a runtime of its own.
fn post(url: &str, body: Option<&'static str>) -> Result<(), String> {
    let mut request = reqwest::Client::new().post(url);
    if let Some(body) = body {
        request = request.header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(body);
    }
    send(request)
}

/// Sends `request` on a runtime of its own; an answer other than 2xx is an error.
fn send(request: reqwest::RequestBuilder) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let answer = runtime.block_on(request.send()).map_err(|e| e.to_string())?;
    if answer.status().is_success() { Ok(()) } else { Err(format!("answered {}", answer.status())) }
}
