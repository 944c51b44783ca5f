//! The tour's stand-in for the person at the bank: it presses Approve on the consent page the wizard waits for, with
//! the sandbox's ticked account, over HTTP on a thread of its own (the tour's headless browser only takes a picture).

use crate::wizard::{LinkPhase, LinkStep, Step, Wizard};

/// Presses Approve on the consent page of the link the wizard is waiting for, if it is waiting.
pub fn approve_in_background(wizard: &Wizard) {
    let Step::Link(LinkStep { phase: LinkPhase::Waiting(waiting), .. }) = wizard.step() else { return };
    let consent = waiting.redirect.clone();
    let started = std::thread::Builder::new().name("bankfeeds-tour-approve".into()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime,
            Err(error) => return tracing::error!(%error, "the tour could not approve the consent"),
        };
        let posted = runtime.block_on(
            reqwest::Client::new()
                .post(&consent)
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body("decision=approve&account=sandbox")
                .send(),
        );
        if let Err(error) = posted {
            tracing::error!(%error, "the tour could not approve the consent");
        }
    });
    if let Err(error) = started {
        tracing::error!(%error, "the tour's approval thread did not start");
    }
}
