//! The wizard's screens with realistic data, reached by feeding events as the wizard tests do (`Wizard::update` is
//! pure): an onboarded organisation restored with its key, then the bank list, a link, an account, its candidates or
//! the overview. Effects are dropped, never executed: the app's runtime only ever answers its own start-up restore.

mod data;
mod exchanges;

use std::sync::Arc;

use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::api::models::{AvailableAccounts, BankAccount, BankAccountStatus};
use bankfeeds_onboard::browser::RecordingBrowser;
use bankfeeds_onboard::config::{Endpoints, Environment, TEST_PRODUCT_ID};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::runtime::{Runtime, RuntimeParts, Secrets};
use bankfeeds_onboard::secrets::KeyringStore;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{
    AccountIntent, Answer, BankIndex, BankIntent, BankList, BankStep, Connection, Effect, Intent, LinkEnd, LinkPhase,
    LinkStep, Listing, OnboardedOrganisation, OrganisationAccounts, Progress, RequestId, Screen, Step, Wizard,
};
use jiff::Timestamp;

/// The three-letter query typed into the bank search.
pub const QUERY: &str = "nat";

/// Every screen measured, by name.
pub fn all() -> Vec<(&'static str, WizardApp)> {
    let banks = data::usa_banks();
    let many_accounts = data::bank_named(&banks, "Emulator Many Accounts Bank");
    let mut typed = at_bank_step(&banks);
    QUERY.clone_into(&mut typed.wizard_mut().session_mut().bank_query);
    let mut waiting = at_bank_step(&banks);
    start_link(waiting.wizard_mut(), &data::bank_named(&banks, "Emulator Bank"));
    let screens = vec![
        ("bank search, 15,000 banks, no query", at_bank_step(&banks)),
        ("bank search, 15,000 banks, \"nat\"", typed),
        ("waiting for the bank", waiting),
        ("more accounts, 250 candidates", at_more_accounts(&banks, &many_accounts)),
        ("overview, 20 accounts", at_overview(&banks)),
        ("inspector, 500 exchanges", with_inspector(at_overview(&banks), &banks)),
    ];
    for (name, app) in &screens {
        assert!(shows(app.wizard().step()), "{name} is not on its screen: {:#?}", app.wizard().step());
    }
    screens
}

/// True when `step` is one of the screens above, with its data.
fn shows(step: &Step) -> bool {
    match step {
        Step::Bank(BankStep { list: BankList::Ready(index), .. }) => index.len() == 15_000,
        Step::Link(LinkStep { phase: LinkPhase::Waiting { .. }, .. }) => true,
        Step::MoreAccounts(step) => step.listing == Listing::Ready && step.rows.len() == 250,
        Step::Overview(step) => step.cards[0].loaded.as_ref().is_some_and(|loaded| loaded.accounts.len() == 20),
        _ => false,
    }
}

/// An app whose runtime never executes an effect: in-memory keyring, no progress folder, a recording browser.
fn app() -> WizardApp {
    let secrets = KeyringStore::in_memory().expect("keyring-core's mock store");
    let parts = RuntimeParts {
        secrets: Secrets::Given(Arc::new(secrets)),
        progress: None,
        emulator: EmulatorConfig::default(),
        browser: Arc::new(RecordingBrowser::default()),
        request_timeout: None,
        clock: bankfeeds_onboard::runtime::Clock::system(),
    };
    WizardApp::new(Runtime::new(parts, Arc::new(|| {})).expect("runtime starts"))
}

/// The request of the first effect `wanted` picks.
fn request(effects: &[Effect], wanted: impl Fn(&Effect) -> bool) -> RequestId {
    effects.iter().find(|effect| wanted(effect)).and_then(Effect::request).expect("the wizard asked for it")
}

/// Restarted with organisation `org-9` saved, its key found in the keyring, and connected.
fn onboarded(wizard: &mut Wizard) {
    let organisation = OnboardedOrganisation {
        environment: Environment::default(),
        product_id: TEST_PRODUCT_ID.into(),
        organisation_id: "org-9".into(),
        company_ids: vec!["co-9".into()],
        company_name: "Acme Widgets".into(),
        created_at: Timestamp::now(),
    };
    let progress =
        Progress { organisations: vec![organisation], screen: Some(Screen::Onboarded), ..Wizard::new().progress() };
    let effects = wizard.update(Answer::Restored(Some(progress)));
    wizard.update(Answer::KeyChecked {
        request: request(&effects, |e| matches!(e, Effect::CheckKey { .. })),
        result: Ok(()),
    });
    let endpoints = Endpoints {
        banking: url::Url::parse("http://127.0.0.1:9/api/v1/").expect("url"),
        token_service: url::Url::parse("http://127.0.0.1:9/sts/api/v1/").expect("url"),
    };
    wizard.update(Answer::Connected {
        request: request(&effects, |e| matches!(e, Effect::Connect { .. })),
        result: Ok(Connection { endpoints }),
    });
}

/// On the bank step with `banks` listed.
fn at_bank_step(banks: &[bankfeeds_onboard::api::models::Bank]) -> WizardApp {
    let mut app = app();
    let wizard = app.wizard_mut();
    onboarded(wizard);
    let effects = wizard.update(Intent::LinkBank);
    let request = request(&effects, |e| matches!(e, Effect::FetchBanks { .. }));
    wizard.update(Answer::BanksFetched { request, result: Ok(BankIndex::new(banks.to_vec())) });
    app
}

/// From the bank step: `bank` chosen and its page open in the browser, the first check due in 5 s.
fn start_link(wizard: &mut Wizard, bank: &BankId) -> RequestId {
    let effects = wizard.update(BankIntent::Choose(bank.clone()));
    let request = request(&effects, |e| matches!(e, Effect::StartLink { .. }));
    let at = Timestamp::now();
    wizard.update(Answer::LinkStarted {
        request,
        at,
        redirect: url::Url::parse("http://127.0.0.1:41234/aggregator/consent/l-1f9c2a").expect("an address"),
        browser: Ok(()),
        next_check_at: at + std::time::Duration::from_secs(5),
        route: bankfeeds_onboard::api::redacted::PollRoute::new(
            "http://127.0.0.1:41234/api/v1/linkpolls/l-1f9c2a/1?sig=9b1d",
        ),
    });
    request
}

/// The first account at `bank` linked and `active`, and its 250 other accounts listed on more accounts.
fn at_more_accounts(banks: &[bankfeeds_onboard::api::models::Bank], bank: &BankId) -> WizardApp {
    let mut app = at_bank_step(banks);
    let wizard = app.wizard_mut();
    let link = start_link(wizard, bank);
    let today = jiff::Zoned::now().date();
    wizard.update(Answer::LinkEnded { request: link, today, end: LinkEnd::Linked(data::linked_account()) });
    wizard.update(Intent::Continue);
    let effects = wizard.update(AccountIntent::Create);
    let create = request(&effects, |e| matches!(e, Effect::CreateBankAccount { .. }));
    let pending = BankAccount::bare("ba-1".into(), BankAccountStatus::Pending);
    let effects = wizard.update(Answer::BankAccountCreated { request: create, result: Ok(pending) });
    let watch = request(&effects, |e| matches!(e, Effect::WatchBankAccount { .. }));
    let active = BankAccount::bare("ba-1".into(), BankAccountStatus::Active);
    let at = Timestamp::now();
    wizard.update(Answer::AccountChecked { request: watch, at, result: Ok(active), next_check_at: None });
    let effects = wizard.update(AccountIntent::AddMoreAccounts);
    let list = request(&effects, |e| matches!(e, Effect::ListCandidates { .. }));
    let listed = AvailableAccounts { refreshing: false, available_accounts: data::candidates(banks, bank) };
    wizard.update(Answer::CandidatesListed { request: list, result: Ok(listed) });
    app
}

/// `app` with the inspector open on 500 exchanges, a status read selected (its 20 accounts pretty-printed).
fn with_inspector(mut app: WizardApp, banks: &[bankfeeds_onboard::api::models::Bank]) -> WizardApp {
    let (accounts, _) = data::overview_accounts(banks);
    let selected = exchanges::record(app.exchanges(), &accounts);
    assert_eq!(app.exchanges().exchanges().len(), exchanges::EXCHANGES);
    let inspector = app.inspector_mut();
    inspector.open = true;
    inspector.select(selected);
    app
}

/// The overview of organisation `org-9`, whose read found 20 accounts at a few banks in every status.
fn at_overview(banks: &[bankfeeds_onboard::api::models::Bank]) -> WizardApp {
    let mut app = app();
    let wizard = app.wizard_mut();
    onboarded(wizard);
    let effects = wizard.update(Intent::ShowOverview);
    let load = request(&effects, |e| matches!(e, Effect::LoadOrganisation { .. }));
    let (accounts, banks) = data::overview_accounts(banks);
    wizard.update(Answer::OrganisationLoaded {
        request: load,
        at: Timestamp::now(),
        today: jiff::Zoned::now().date(),
        result: Ok(OrganisationAccounts { accounts, banks }),
    });
    app
}
