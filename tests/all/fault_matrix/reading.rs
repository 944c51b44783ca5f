//! What a fault-matrix walk reads besides the screens' failures: the account followed, the overview's accounts, and
//! at the end the organisations and bank accounts in the durable emulator's saved world.

use bankfeeds_onboard::api::ids::{BankAccountId, OrganisationId};
use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::config::Profile;
use bankfeeds_onboard::emulator::durable::StateFile;
use bankfeeds_onboard::wizard::{AccountPhase, Step, Wizard};

/// The organisations and bank accounts in the durable emulator's state file.
pub fn saved_world(dir: &std::path::Path) -> (usize, usize) {
    let path = StateFile::for_profile(dir, Profile::Production).path();
    let Ok(bytes) = std::fs::read(&path) else { return (0, 0) };
    let state: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON state file");
    let world = &state["world"];
    let organisations = world["organisations"].as_array().map_or(0, Vec::len);
    let accounts = world["bankAccounts"]
        .as_array()
        .map_or(0, |companies| companies.iter().map(|c| c["accounts"].as_array().map_or(0, Vec::len)).sum());
    (organisations, accounts)
}

pub fn followed_status(wizard: &Wizard) -> Option<BankAccountStatus> {
    match wizard.step() {
        Step::Account(step) => match &step.phase {
            AccountPhase::Following(following) if following.watching().is_none() => {
                Some(following.account.status.clone())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The overview's accounts (organisation, account, status) once read and settled.
pub fn overview_accounts(wizard: &Wizard) -> Option<Vec<(OrganisationId, BankAccountId, BankAccountStatus)>> {
    let Step::Overview(step) = wizard.step() else { return None };
    let card = step.cards.first().filter(|card| card.loading.is_none())?;
    let loaded = card.loaded.as_ref()?;
    Some(
        loaded
            .accounts
            .iter()
            .map(|account| {
                (card.organisation.organisation_id.clone(), account.bank_account_id.clone(), account.status.clone())
            })
            .collect(),
    )
}
