//! What each seed walks: the happy path to its step, then the moves beyond it (an account linked from the checklist,
//! one removed, one needing a new sign-in), each phase on an emulator tuned for it (quick polls and activation; a
//! long pending wait for the overview's pending account; no poll before the demo starts for the consent wait).

use std::time::Duration;

use crate::api::ids::{BankAccountId, OrganisationId};
use crate::api::models::BankAccountStatus;
use crate::emulator::EmulatorConfig;
use crate::emulator::banks::TestBank;
use crate::wizard::{
    AccountAction, AccountIntent, AccountPhase, AccountStep, BankList, CaptchaFetch, Following, Intent, LinkPhase,
    Listing, MoreAccountsIntent, MoreAccountsStep, OverviewIntent, OverviewStep, RowState, Seed, StartAtProblem, Step,
    Wizard,
};

use super::walk::SeedWalk;

/// How long the overview's pending account waits for its bank's first transactions: longer than any demo.
pub const PENDING_FOR: Duration = Duration::from_hours(24 * 7);

/// One phase of a seed: the emulator it runs on, and its walk.
pub(super) struct Phase {
    /// The emulator of this phase, from the seed's quick one.
    pub emulator: fn(EmulatorConfig) -> EmulatorConfig,
    /// The walk.
    pub walk: fn(&mut SeedWalk) -> Result<(), StartAtProblem>,
}

/// The phases of `seed`, in order; each resumes from the progress the one before left.
pub(super) fn phases(seed: Seed) -> Vec<Phase> {
    let quick = |walk| Phase { emulator: |config| config, walk };
    match seed {
        Seed::Licence => vec![quick(licence)],
        Seed::Organisation => vec![quick(organisation)],
        Seed::Captcha => vec![quick(captcha)],
        Seed::Bank => vec![quick(bank)],
        Seed::LinkWaiting => vec![Phase { emulator: no_poll_before_the_demo, walk: link_waiting }],
        Seed::BankAccount => vec![quick(bank_account)],
        Seed::MoreAccounts => vec![quick(more_accounts)],
        Seed::Reauth => vec![quick(reauth)],
        Seed::Overview => vec![quick(overview_settled), Phase { emulator: pending_for_long, walk: overview_pending }],
    }
}

/// The link's first poll comes after the longest wait the wizard allows (a minute), so none is made before the demo.
fn no_poll_before_the_demo(config: EmulatorConfig) -> EmulatorConfig {
    EmulatorConfig { poll_period: Duration::from_mins(10), ..config }
}

/// A new account stays pending for [`PENDING_FOR`], as one whose bank is slow to send its first transactions.
fn pending_for_long(config: EmulatorConfig) -> EmulatorConfig {
    EmulatorConfig { activation_delay: PENDING_FOR, ..config }
}

fn licence(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.walk_until("the licence step", TestBank::Emulator.name(), |w| {
        matches!(w.step(), Step::Licence(step) if step.sending.is_none()) && w.session().connecting.is_none()
    })
}

fn organisation(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.walk_until("the organisation step", TestBank::Emulator.name(), |w| matches!(w.step(), Step::Organisation(_)))
}

fn captcha(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.walk_until(
        "the captcha",
        TestBank::Emulator.name(),
        |w| matches!(w.step(), Step::Captcha(step) if matches!(step.captcha, CaptchaFetch::Ready(_))),
    )
}

fn bank(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.walk_until(
        "the bank list",
        TestBank::Emulator.name(),
        |w| matches!(w.step(), Step::Bank(step) if matches!(step.list, BankList::Ready(_))),
    )
}

fn link_waiting(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.walk_until(
        "the wait for the bank's consent",
        TestBank::Emulator.name(),
        |w| matches!(w.step(), Step::Link(step) if matches!(step.phase, LinkPhase::Waiting { .. })),
    )
}

fn bank_account(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.walk_until("the bank account's details", TestBank::Emulator.name(), |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }))
    })
}

/// Links `bank` and creates its first account, until it is active.
fn first_account_active(walk: &mut SeedWalk, bank: &str) -> Result<BankAccountId, StartAtProblem> {
    walk.walk_until("an active bank account", bank, |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::Active && f.watching().is_none())
    })?;
    following(walk.wizard()).map(|f| f.account.bank_account_id.clone()).ok_or_else(|| missing("the active account"))
}

/// From an active account: the checklist of the other accounts under its authorisation.
fn checklist_listed(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.press_until(AccountIntent::AddMoreAccounts, "the other accounts at the bank", |w| {
        checklist(w).is_some_and(|step| step.listing == Listing::Ready && !step.rows.is_empty())
    })
}

/// From an active account: the checklist of the other accounts under its authorisation, the first one linked and
/// active. Returns that account.
fn one_more_account_linked(walk: &mut SeedWalk) -> Result<BankAccountId, StartAtProblem> {
    checklist_listed(walk)?;
    walk.press_until(MoreAccountsIntent::Toggle(0), "one account ticked", |w| {
        checklist(w).is_some_and(|step| step.selected() == 1)
    })?;
    walk.press_until(MoreAccountsIntent::LinkSelected, "one more account linked and active", |w| {
        checklist(w).is_some_and(|step| step.batch_finished() && first_row_active(step).is_some())
    })?;
    checklist(walk.wizard()).and_then(first_row_active).ok_or_else(|| missing("the account linked from the checklist"))
}

/// Emulator Bank's first account linked and active, and the checklist of its three other accounts.
fn more_accounts(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    first_account_active(walk, TestBank::Emulator.name())?;
    checklist_listed(walk)
}

/// An active account whose bank asks for a new sign-in, as the account step reads it.
fn needing_sign_in(walk: &mut SeedWalk, account: &BankAccountId) -> Result<(), StartAtProblem> {
    walk.require_sign_in_again(account)?;
    walk.press_until(AccountIntent::CheckStatusAgain, "the account needing a new sign-in", |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::AuthRequired && f.watching().is_none())
    })
}

fn reauth(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    let account = first_account_active(walk, TestBank::Emulator.name())?;
    needing_sign_in(walk, &account)
}

/// The overview's first phase: at Emulator Bank an active account and a removed one, at Emulator Expiring Bank an
/// account needing a new sign-in.
fn overview_settled(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    first_account_active(walk, TestBank::Emulator.name())?;
    let removed = one_more_account_linked(walk)?;
    walk.press_until(MoreAccountsIntent::Done, "the overview", overview_read)?;
    let organisation = only_organisation(walk.wizard())?;
    let remove = OverviewIntent::ActOnAccount {
        organisation: organisation.clone(),
        account: removed.clone(),
        action: AccountAction::Remove,
    };
    walk.press_until(remove, "the removal's confirmation", |w| overview(w).is_some_and(|o| o.removal.is_some()))?;
    walk.press_until(OverviewIntent::ConfirmRemove, "the account removed", |w| {
        overview(w).is_some_and(|o| o.removal.is_none())
    })?;
    walk.press_until(OverviewIntent::Refresh, "the removed account cancelled", |w| {
        overview_read(w) && status_in_overview(w, &removed) == Some(BankAccountStatus::Cancelled)
    })?;
    walk.press_until(OverviewIntent::LinkAnotherBank(organisation), "the bank step", |w| {
        matches!(w.step(), Step::Bank(_))
    })?;
    let expiring = first_account_active(walk, TestBank::Expiring.name())?;
    needing_sign_in(walk, &expiring)?;
    walk.press_until(Intent::ShowOverview, "the overview", overview_read)
}

/// The overview's second phase: at Emulator Slow Bank an account still pending, then the overview.
fn overview_pending(walk: &mut SeedWalk) -> Result<(), StartAtProblem> {
    walk.settle("the overview", overview_read)?;
    let organisation = only_organisation(walk.wizard())?;
    walk.press_until(OverviewIntent::LinkAnotherBank(organisation), "the bank step", |w| {
        matches!(w.step(), Step::Bank(_))
    })?;
    walk.walk_until("a pending bank account", TestBank::Slow.name(), |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::Pending && f.checked_at.is_some())
    })?;
    walk.press_until(Intent::ShowOverview, "the overview", |w| {
        overview_read(w) && overview(w).is_some_and(every_status)
    })
}

/// The account followed on the bank account step.
fn following(wizard: &Wizard) -> Option<&Following> {
    match wizard.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => Some(following),
        _ => None,
    }
}

fn checklist(wizard: &Wizard) -> Option<&MoreAccountsStep> {
    match wizard.step() {
        Step::MoreAccounts(step) => Some(step),
        _ => None,
    }
}

/// The first row's account, once linked and active.
fn first_row_active(step: &MoreAccountsStep) -> Option<BankAccountId> {
    match &step.rows.first()?.state {
        RowState::Linked(account) if account.status == BankAccountStatus::Active => {
            Some(account.bank_account_id.clone())
        }
        _ => None,
    }
}

fn overview(wizard: &Wizard) -> Option<&OverviewStep> {
    match wizard.step() {
        Step::Overview(step) => Some(step),
        _ => None,
    }
}

/// On the overview, every card read (a card with a pending account is read again later: that read may be due).
fn overview_read(wizard: &Wizard) -> bool {
    overview(wizard).is_some_and(|step| !step.cards.is_empty() && step.cards.iter().all(|card| card.loaded.is_some()))
}

/// The status of `account` as the overview last read it.
fn status_in_overview(wizard: &Wizard, account: &BankAccountId) -> Option<BankAccountStatus> {
    overview(wizard)?.cards.iter().find_map(|card| card.account(account)).map(|found| found.status.clone())
}

/// Every status an account can be in is on the overview.
fn every_status(step: &OverviewStep) -> bool {
    let statuses = [
        BankAccountStatus::Active,
        BankAccountStatus::Pending,
        BankAccountStatus::AuthRequired,
        BankAccountStatus::Cancelled,
    ];
    statuses
        .iter()
        .all(|status| step.cards.iter().any(|card| card.loaded.as_ref().is_some_and(|l| l.count(status) > 0)))
}

/// The one organisation the seed onboarded.
fn only_organisation(wizard: &Wizard) -> Result<OrganisationId, StartAtProblem> {
    let local = wizard.session().organisations.iter().rev().find(|organisation| organisation.environment.is_local());
    local.map(|organisation| organisation.organisation_id.clone()).ok_or_else(|| missing("the local organisation"))
}

/// What the walk found missing once its goal held: a fault of the walk, said so.
fn missing(what: &str) -> StartAtProblem {
    StartAtProblem::NotBuilt { detail: format!("the walk lost track of {what}") }
}
