//! The link step: the aggregator's page in the system browser, polling in the background, and its four endings
//! (linked, declined at the bank, expired at the bank, timed out, cancelled) plus failures, each with a way on.

use jiff::Timestamp;
use url::Url;

use crate::api::redacted::PollRoute;
use crate::browser::BrowserError;

use crate::api::error::Failure;
use crate::api::models::Bank;

use super::account::details_for;
use super::{AccountPhase, AccountStep, BankNotice, Effect, LinkEnd, LinkTarget, Step, Wizard};
use crate::api::models::LinkedAccount;
use crate::wizard::RequestId;

/// What the person does on the link step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkIntent {
    /// Stop the link under way; nothing more is sent.
    Cancel,
    /// Start the link with the same bank again.
    StartAgain,
    /// Go back to the bank list.
    ChooseAnotherBank,
}

/// Link an indirect bank through the aggregator in the system browser.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkStep {
    /// The organisation the link is for.
    pub target: LinkTarget,
    /// The bank.
    pub bank: Bank,
    /// The link task (its answers carry this ID).
    pub request: RequestId,
    /// Where the link is.
    pub phase: LinkPhase,
    /// True when it was resumed after a restart from a saved poll route (which may have been spent just before).
    pub resumed: bool,
}

/// Where a link is.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkPhase {
    /// Asking the Banking Service for the aggregator's page.
    Starting,
    /// The aggregator's page is (or should be) open in the browser; polling in the background.
    Waiting {
        /// The page and the polling so far.
        waiting: Waiting,
        /// The poll route to use next: single use, saved so that a restart polls it (its signature is the Banking
        /// Service's, no key of ours).
        route: PollRoute,
    },
    /// Linked: the account is shown; next, the start date.
    Linked(LinkedAccount),
    /// The person could not link at the bank, or declined (`success: false`).
    Declined,
    /// The bank's page was left open until it expired; nothing was linked.
    Expired,
    /// The deadline passed with no answer from the bank.
    TimedOut {
        /// The aggregator's page, still shown so the person can see where they were.
        redirect: Option<Url>,
    },
    /// The person cancelled; nothing more is sent.
    Cancelled,
    /// The link could not be started, or polling met a failure it cannot mend.
    Failed {
        /// What failed.
        failure: Failure,
        /// True when the aggregator's page was already handed out (the failure came while polling).
        while_polling: bool,
    },
}

/// Waiting for the person to finish at the aggregator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The aggregator's page.
    pub redirect: Url,
    /// When the page was handed out (elapsed time counts from here).
    pub started_at: Timestamp,
    /// Whether the browser opened it; `Err` says why not (the URL is shown to copy).
    pub browser: Result<(), BrowserError>,
    /// When the next check is due, once known.
    pub next_check_at: Option<Timestamp>,
    /// Checks answered so far.
    pub checks: u32,
    /// The last check's failure, while backing off.
    pub last_failure: Option<Failure>,
}

impl Wizard {
    /// What the person does on the link step.
    pub(super) fn on_link(&mut self, intent: LinkIntent) -> Vec<Effect> {
        match intent {
            LinkIntent::Cancel => self.cancel_link(),
            LinkIntent::StartAgain => match &self.step {
                Step::Link(step) if !is_running(&step.phase) => {
                    let (target, bank) = (step.target.clone(), step.bank.clone());
                    self.start_link(target, bank)
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
            LinkIntent::ChooseAnotherBank => self.choose_another_bank(),
        }
    }

    /// Whether the browser opened the aggregator's page.
    pub(super) fn browser_opened(&mut self, url: &Url, result: Result<(), BrowserError>) -> Vec<Effect> {
        if let Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) = &mut self.step
            && waiting.redirect == *url
        {
            waiting.browser = result;
        }
        Vec::new()
    }

    /// The aggregator's page was handed out and given to the browser: the link waits for the person at the bank.
    pub(super) fn link_started(
        &mut self,
        request: RequestId,
        at: Timestamp,
        redirect: Url,
        browser: Result<(), BrowserError>,
        next_check_at: Timestamp,
        route: PollRoute,
    ) -> Vec<Effect> {
        let Step::Link(step) = &mut self.step else { return Vec::new() };
        if step.request != request || step.phase != LinkPhase::Starting {
            return Vec::new();
        }
        let waiting = Waiting {
            redirect,
            started_at: at,
            browser,
            next_check_at: Some(next_check_at),
            checks: 0,
            last_failure: None,
        };
        step.phase = LinkPhase::Waiting { waiting, route };
        vec![self.save()]
    }

    /// One poll of the link was answered, not finished yet: its next route is saved, so a restart can poll it.
    pub(super) fn link_checked(
        &mut self,
        request: RequestId,
        next_check_at: Timestamp,
        failure: Option<Failure>,
        route: PollRoute,
    ) -> Vec<Effect> {
        let Step::Link(LinkStep { request: current, phase: LinkPhase::Waiting { waiting, route: saved }, .. }) =
            &mut self.step
        else {
            return Vec::new();
        };
        if *current != request {
            return Vec::new();
        }
        waiting.checks = waiting.checks.saturating_add(1);
        waiting.next_check_at = Some(next_check_at);
        waiting.last_failure = failure;
        if *saved == route {
            return Vec::new();
        }
        *saved = route;
        vec![self.save()]
    }

    /// Starts the aggregator link with `bank` for `target`.
    pub(super) fn start_link(&mut self, target: LinkTarget, bank: Bank) -> Vec<Effect> {
        let request = self.next_request();
        let bank_id = bank.bank_id.clone();
        self.step =
            Step::Link(LinkStep { target: target.clone(), bank, request, phase: LinkPhase::Starting, resumed: false });
        let policy = self.session.poll_policy();
        vec![Effect::StartLink { request, target, bank: bank_id, policy }, self.save()]
    }

    fn cancel_link(&mut self) -> Vec<Effect> {
        let Step::Link(step) = &mut self.step else { return Vec::new() };
        if !is_running(&step.phase) {
            return Vec::new();
        }
        step.phase = LinkPhase::Cancelled;
        let request = step.request;
        vec![Effect::Cancel(request), self.save()]
    }

    fn choose_another_bank(&mut self) -> Vec<Effect> {
        let Step::Link(step) = &self.step else { return Vec::new() };
        let mut effects = if is_running(&step.phase) { vec![Effect::Cancel(step.request)] } else { Vec::new() };
        let target = step.target.clone();
        effects.extend(self.enter_bank_step(target, None));
        effects.push(self.save());
        effects
    }

    pub(super) fn link_ended(
        &mut self,
        request: super::RequestId,
        today: jiff::civil::Date,
        end: LinkEnd,
    ) -> Vec<Effect> {
        let Step::Link(step) = &mut self.step else { return Vec::new() };
        if step.request != request || !is_running(&step.phase) {
            return Vec::new();
        }
        let redirect = match &step.phase {
            LinkPhase::Waiting { waiting, .. } => Some(waiting.redirect.clone()),
            _ => None,
        };
        if step.resumed
            && let LinkEnd::Failed { failure: Failure::Status { status: ROUTE_SPENT, .. }, while_polling: true } = &end
        {
            // The route was spent before the restart: the chain cannot be followed; the bank step says so.
            let (target, bank_name) = (step.target.clone(), step.bank.name.clone());
            let mut effects = self.enter_bank_step(target, Some(BankNotice::LinkLost { bank_name }));
            effects.push(self.save());
            return effects;
        }
        step.phase = match end {
            LinkEnd::Linked(account) => LinkPhase::Linked(account),
            LinkEnd::Declined => LinkPhase::Declined,
            LinkEnd::Expired => LinkPhase::Expired,
            LinkEnd::TimedOut => LinkPhase::TimedOut { redirect },
            LinkEnd::Failed { failure, while_polling } => LinkPhase::Failed { failure, while_polling },
        };
        // Linked, the account's details get their defaults; otherwise nothing is left to poll, and a restart offers
        // the bank step again.
        if let LinkPhase::Linked(account) = &step.phase {
            self.session.account_details = Some(details_for(account, today));
        }
        vec![self.save()]
    }

    /// Continue from a finished link to the account's name and start date.
    pub(super) fn continue_from_link(&mut self) -> Vec<Effect> {
        let Step::Link(LinkStep { target, bank, phase: LinkPhase::Linked(linked), .. }) = &self.step else {
            return Vec::new();
        };
        let phase =
            AccountPhase::Details { linked: linked.clone(), maybe_created: false, show_problems: false, problem: None };
        self.step = Step::Account(AccountStep { target: target.clone(), bank: bank.clone(), phase });
        Vec::new()
    }
}

impl Wizard {
    /// After a connection is made on a resumed link: poll the route saved before the restart.
    pub(super) fn resume_link_after_connect(&mut self) -> Vec<Effect> {
        let Step::Link(LinkStep { request, phase: LinkPhase::Waiting { waiting, route }, .. }) = &self.step else {
            return Vec::new();
        };
        if waiting.checks > 0 {
            return Vec::new();
        }
        let policy = self.session.poll_policy();
        let started_at = waiting.started_at;
        vec![Effect::ResumeLink { request: *request, route: route.clone(), started_at, policy }]
    }
}

/// The status of a poll route that was already used (410 Gone, CONTRACT §6).
const ROUTE_SPENT: u16 = 410;

/// True while the link task runs (its answers are awaited).
fn is_running(phase: &LinkPhase) -> bool {
    matches!(phase, LinkPhase::Starting | LinkPhase::Waiting { .. })
}
