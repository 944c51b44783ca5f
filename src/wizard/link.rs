//! The link step: the aggregator's page in the system browser, polling in the background, and its four endings
//! (linked, declined at the bank, expired at the bank, timed out, cancelled) plus failures, each with a way on.

use jiff::Timestamp;

use crate::api::error::Failure;
use crate::api::models::Bank;

use super::account::details_for;
use super::{
    AccountPhase, AccountStep, BankNotice, Effect, Event, LinkEnd, LinkRecord, LinkStage, LinkTarget, Step, Wizard,
};
use crate::api::models::LinkedAccount;
use crate::wizard::RequestId;

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
    Waiting(Waiting),
    /// Linked: the account is shown; next, the start date.
    Linked(LinkedAccount),
    /// The person could not link at the bank, or declined (`success: false`).
    Declined,
    /// The bank's page was left open until it expired; nothing was linked.
    Expired,
    /// The deadline passed with no answer from the bank.
    TimedOut {
        /// The aggregator's page, still shown so the person can see where they were.
        redirect: Option<String>,
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
    pub redirect: String,
    /// When the page was handed out (elapsed time counts from here).
    pub started_at: Timestamp,
    /// Whether the browser opened it; `Err` says why not (the URL is shown to copy).
    pub browser: Result<(), String>,
    /// When the next check is due, once known.
    pub next_check_at: Option<Timestamp>,
    /// Checks answered so far.
    pub checks: u32,
    /// The last check's failure, while backing off.
    pub last_failure: Option<Failure>,
}

impl Wizard {
    pub(super) fn update_link(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::CancelLink => self.cancel_link(),
            Event::RetryLink => match &self.step {
                Step::Link(step) if !is_running(&step.phase) => {
                    let (target, bank) = (step.target.clone(), step.bank.clone());
                    self.start_link(target, bank)
                }
                _ => Vec::new(),
            },
            Event::ChooseAnotherBank => self.choose_another_bank(),
            Event::OpenInBrowser(url) => vec![Effect::OpenBrowser { url }],
            Event::BrowserOpened { url, result } => {
                if let Step::Link(LinkStep { phase: LinkPhase::Waiting(waiting), .. }) = &mut self.step
                    && waiting.redirect == url
                {
                    waiting.browser = result;
                }
                Vec::new()
            }
            Event::LinkStarted { request, at, redirect, browser, next_check_at, route } => {
                let Step::Link(step) = &mut self.step else { return Vec::new() };
                if step.request != request || step.phase != LinkPhase::Starting {
                    return Vec::new();
                }
                step.phase = LinkPhase::Waiting(Waiting {
                    redirect: redirect.clone(),
                    started_at: at,
                    browser,
                    next_check_at: Some(next_check_at),
                    checks: 0,
                    last_failure: None,
                });
                let bank = step.bank.clone();
                if let Some(record) = &mut self.session.link {
                    record.stage = LinkStage::Waiting { bank, redirect, route, started_at: at };
                }
                vec![self.save()]
            }
            Event::LinkChecked { request, next_check_at, failure, route, .. } => {
                let Step::Link(LinkStep { request: current, phase: LinkPhase::Waiting(waiting), .. }) = &mut self.step
                else {
                    return Vec::new();
                };
                if *current != request {
                    return Vec::new();
                }
                waiting.checks = waiting.checks.saturating_add(1);
                waiting.next_check_at = Some(next_check_at);
                waiting.last_failure = failure;
                match &mut self.session.link {
                    Some(LinkRecord { stage: LinkStage::Waiting { route: saved, .. }, .. }) if *saved != route => {
                        *saved = route;
                        vec![self.save()]
                    }
                    _ => Vec::new(),
                }
            }
            Event::LinkEnded { request, today, end } => self.link_ended(request, today, end),
            _ => Vec::new(),
        }
    }

    /// Starts the aggregator link with `bank` for `target`.
    pub(super) fn start_link(&mut self, target: LinkTarget, bank: Bank) -> Vec<Effect> {
        let request = self.next_request();
        let bank_id = bank.bank_id.clone();
        self.session.link = Some(LinkRecord {
            target: target.clone(),
            stage: LinkStage::ChoosingBank { interrupted: Some(bank.name.clone()) },
        });
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
        if let Some(record) = &mut self.session.link {
            record.stage = LinkStage::ChoosingBank { interrupted: None };
        }
        vec![Effect::Cancel(request), self.save()]
    }

    fn choose_another_bank(&mut self) -> Vec<Effect> {
        let Step::Link(step) = &self.step else { return Vec::new() };
        let mut effects = if is_running(&step.phase) { vec![Effect::Cancel(step.request)] } else { Vec::new() };
        if let Some(record) = &mut self.session.link {
            record.stage = LinkStage::ChoosingBank { interrupted: None };
        }
        effects.extend(self.enter_bank_step(None));
        effects.push(self.save());
        effects
    }

    fn link_ended(&mut self, request: super::RequestId, today: jiff::civil::Date, end: LinkEnd) -> Vec<Effect> {
        let Step::Link(step) = &mut self.step else { return Vec::new() };
        if step.request != request || !is_running(&step.phase) {
            return Vec::new();
        }
        let redirect = match &step.phase {
            LinkPhase::Waiting(waiting) => Some(waiting.redirect.clone()),
            _ => None,
        };
        if step.resumed
            && let LinkEnd::Failed { failure: Failure::Status { status: 410, .. }, while_polling: true } = &end
        {
            // The route was spent before the restart: the chain cannot be followed; the bank step says so.
            let bank_name = step.bank.name.clone();
            if let Some(record) = &mut self.session.link {
                record.stage = LinkStage::ChoosingBank { interrupted: None };
            }
            let mut effects = self.enter_bank_step(Some(BankNotice::LinkLost { bank_name }));
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
        let LinkPhase::Linked(account) = &step.phase else {
            // Nothing to poll any more, and the person saw how it ended: a restart offers the bank step again.
            if let Some(record) = &mut self.session.link {
                record.stage = LinkStage::ChoosingBank { interrupted: None };
            }
            return vec![self.save()];
        };
        self.session.account_details = Some(details_for(account, today));
        if let Some(record) = &mut self.session.link {
            record.stage = LinkStage::Linked { bank: step.bank.clone(), account: account.clone() };
        }
        vec![self.save()]
    }

    /// Continue from a finished link to the account's name and start date.
    pub(super) fn continue_from_link(&mut self) -> Vec<Effect> {
        let Step::Link(LinkStep { target, phase: LinkPhase::Linked(_), .. }) = &self.step else { return Vec::new() };
        let target = target.clone();
        self.step =
            Step::Account(AccountStep { target, phase: AccountPhase::Details { show_problems: false, problem: None } });
        Vec::new()
    }
}

impl Wizard {
    /// After a connection is made on a resumed link: poll the route saved before the restart.
    pub(super) fn resume_link_after_connect(&mut self) -> Vec<Effect> {
        let Step::Link(LinkStep { request, phase: LinkPhase::Waiting(waiting), .. }) = &self.step else {
            return Vec::new();
        };
        let Some(LinkRecord { stage: LinkStage::Waiting { route, started_at, .. }, .. }) = &self.session.link else {
            return Vec::new();
        };
        if waiting.checks > 0 {
            return Vec::new();
        }
        let policy = self.session.poll_policy();
        vec![Effect::ResumeLink { request: *request, route: route.clone(), started_at: *started_at, policy }]
    }
}

/// True while the link task runs (its answers are awaited).
fn is_running(phase: &LinkPhase) -> bool {
    matches!(phase, LinkPhase::Starting | LinkPhase::Waiting(_))
}
