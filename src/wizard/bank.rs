//! The bank step: the country's bank list, the person's pick, and a direct bank's instructions instead of the
//! aggregator flow. Entered from the onboarded organisation, or again after a link that did not work out.

use crate::api::error::Failure;
use crate::api::ids::{BankId, CountryCode};
use crate::api::models::{Bank, DataProvider};

mod search;

pub use search::{BankIndex, SearchResult};

use super::{Effect, KeyPhase, LinkTarget, RequestId, Step, Wizard};

/// The countries whose banks can be listed, as ISO 3166 alpha-3 codes (the UI names them).
pub const COUNTRIES: [CountryCode; 2] = [CountryCode::GBR, CountryCode::USA];

/// What the person does on the bank step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankIntent {
    /// Show the banks of another country.
    SelectCountry(CountryCode),
    /// Fetch the bank list again after a failure.
    LoadAgain,
    /// The person picked a bank.
    Choose(BankId),
    /// Close a direct bank's instructions and go back to the list.
    CloseDirectBank,
}

/// Choose the bank.
#[derive(Clone, Debug, PartialEq)]
pub struct BankStep {
    /// The organisation the link is for.
    pub target: LinkTarget,
    /// The country's bank list.
    pub list: BankList,
    /// A direct bank the person picked: arranged with the bank itself, so its instructions are shown.
    pub direct: Option<Bank>,
    /// Why the wizard came back here, if it did.
    pub notice: Option<BankNotice>,
}

/// The bank list of the chosen country.
#[derive(Clone, Debug, PartialEq)]
pub enum BankList {
    /// Being fetched.
    Loading(RequestId),
    /// Ready to search.
    Ready(BankIndex),
    /// Could not be fetched.
    Failed(Failure),
}

/// Why the person is back on the bank step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankNotice {
    /// The app was closed while the bank's page was open; the link must be started again.
    LinkInterrupted {
        /// The bank that was being linked.
        bank_name: String,
    },
    /// After a restart, the saved poll route was already used (the app closed between a check and saving the next
    /// route), so how the link ended cannot be learnt: it must be started again.
    LinkLost {
        /// The bank that was being linked.
        bank_name: String,
    },
}

impl Wizard {
    /// What the person does on the bank step.
    pub(super) fn on_bank(&mut self, intent: BankIntent) -> Vec<Effect> {
        match intent {
            BankIntent::SelectCountry(country) => self.select_country(country),
            BankIntent::LoadAgain => match &self.step {
                Step::Bank(step) if matches!(step.list, BankList::Failed(_)) => {
                    let target = step.target.clone();
                    self.enter_bank_step(target, None)
                }
                Step::Environment(_)
                | Step::Licence(_)
                | Step::Organisation(_)
                | Step::Captcha(_)
                | Step::Create(_)
                | Step::Onboarded(_)
                | Step::Bank(_)
                | Step::Link(_)
                | Step::Account(_)
                | Step::MoreAccounts(_)
                | Step::Overview(_) => Vec::new(),
            },
            BankIntent::Choose(bank) => self.choose_bank(&bank),
            BankIntent::CloseDirectBank => {
                if let Step::Bank(step) = &mut self.step {
                    step.direct = None;
                }
                Vec::new()
            }
        }
    }

    /// From the onboarded screen, once the key is safely in the keyring.
    pub(super) fn link_bank(&mut self) -> Vec<Effect> {
        let target =
            match &self.step {
                Step::Onboarded(step)
                    if matches!(step.phase, KeyPhase::Stored | KeyPhase::Verified | KeyPhase::VerifyFailed(_)) =>
                {
                    LinkTarget::for_organisation(&step.organisation)
                }
                Step::Account(super::AccountStep {
                    target, phase: super::AccountPhase::Following(following), ..
                }) if following.watching().is_none() => Some(target.clone()),
                Step::MoreAccounts(step) if step.batch.is_none() || step.batch_finished() => Some(step.target.clone()),
                Step::Environment(_)
                | Step::Licence(_)
                | Step::Organisation(_)
                | Step::Captcha(_)
                | Step::Create(_)
                | Step::Onboarded(_)
                | Step::Bank(_)
                | Step::Link(_)
                | Step::Account(_)
                | Step::MoreAccounts(_)
                | Step::Overview(_) => None,
            };
        let Some(target) = target else { return Vec::new() };
        self.session.bank_query.clear();
        let mut effects = self.stop_step_tasks();
        effects.extend(self.enter_bank_step(target, None));
        effects.push(self.save());
        effects
    }

    /// Shows the bank step of a link for `target`, fetching the country's banks (after connecting if needed).
    pub(super) fn enter_bank_step(&mut self, target: LinkTarget, notice: Option<BankNotice>) -> Vec<Effect> {
        let request = self.next_request();
        self.step = Step::Bank(BankStep { target, list: BankList::Loading(request), direct: None, notice });
        if self.session.connection.is_some() {
            vec![Effect::FetchBanks { request, country: self.session.country }]
        } else if self.session.connecting.is_some() {
            Vec::new()
        } else {
            self.connect(false)
        }
    }

    /// After a connection is made on the bank step: fetch the list it was waiting for.
    pub(super) fn fetch_banks_if_waiting(&mut self) -> Vec<Effect> {
        match &self.step {
            Step::Bank(BankStep { list: BankList::Loading(request), .. }) => {
                vec![Effect::FetchBanks { request: *request, country: self.session.country }]
            }
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Organisation(_)
            | Step::Captcha(_)
            | Step::Create(_)
            | Step::Onboarded(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_)
            | Step::MoreAccounts(_)
            | Step::Overview(_) => Vec::new(),
        }
    }

    fn select_country(&mut self, country: CountryCode) -> Vec<Effect> {
        let Step::Bank(step) = &self.step else { return Vec::new() };
        if !super::Session::is_known_country(&country) || self.session.country == country {
            return Vec::new();
        }
        let (target, notice) = (step.target.clone(), step.notice.clone());
        self.session.country = country;
        self.session.bank_query.clear();
        let mut effects = self.enter_bank_step(target, notice);
        effects.push(self.save());
        effects
    }

    pub(super) fn banks_fetched(&mut self, request: RequestId, result: Result<BankIndex, Failure>) -> Vec<Effect> {
        if let Step::Bank(step) = &mut self.step
            && step.list == BankList::Loading(request)
        {
            step.list = match result {
                Ok(index) => BankList::Ready(index),
                Err(failure) => BankList::Failed(failure),
            };
        }
        Vec::new()
    }

    fn choose_bank(&mut self, bank_id: &BankId) -> Vec<Effect> {
        let Step::Bank(step) = &mut self.step else { return Vec::new() };
        let BankList::Ready(index) = &step.list else { return Vec::new() };
        let Some(bank) = find(index, bank_id).cloned() else { return Vec::new() };
        match bank.data_provider {
            DataProvider::Indirect => {
                let target = step.target.clone();
                self.start_link(target, bank)
            }
            DataProvider::Direct | DataProvider::Unknown => {
                step.direct = Some(bank);
                Vec::new()
            }
        }
    }
}

/// The bank with this ID in the index.
fn find<'a>(index: &'a BankIndex, bank_id: &BankId) -> Option<&'a Bank> {
    index.banks().iter().find(|bank| bank.bank_id == *bank_id)
}
