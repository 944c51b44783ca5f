//! Indirect links in progress (CONTRACT §6): each waits for the person's decision on the consent page, then answers its
//! poll routes, one use each, as its bank (named test banks) or the live scenario forces. The person decides once; a
//! finished consent never decides again; a consent left undecided for [`LINK_LIFETIME`] expires. A re-consent
//! (re-authorisation of an account in `authRequired`) is a link too, whose Approve ends in [`Outcome::Reauthorised`].
//! Each link is remembered for the link memory ([`LINK_MEMORY`] unless configured) after it started, in an
//! `ExpiringMap`: starting one forgets those older, without a scan of them all. Pure: time comes in as a value, and
//! the world hands in what it drew.

use std::time::Duration;

use jiff::Timestamp;

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::expiring::ExpiringMap;
use super::later;
use super::poll_routes::RouteTag;
use crate::api::assumed::UnlinkedReason;
use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{Bank, LinkedAccount, PollFinished};
use crate::emulator::banks::TestBank;
use crate::emulator::refusal::Refusal;

/// How long a consent may wait for the person's decision; then the link ends with `success: false` and
/// `reason: "expired"` [ASSUMED].
pub const LINK_LIFETIME: Duration = Duration::from_hours(1);

/// How long a link is remembered after it started, unless the emulator's configuration says otherwise
/// (`EmulatorConfig::link_memory`); older ones are forgotten when a new one starts, and their routes and consent page
/// answer 404.
pub const LINK_MEMORY: Duration = Duration::from_hours(24);

/// What the person pressed on the consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Approve; `share` is whether the account's box was still ticked.
    Approve {
        /// The account's checkbox was ticked.
        share: bool,
    },
    /// Deny.
    Deny,
}

/// How a consent ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The account is linked.
    Linked,
    /// The person denied.
    Denied,
    /// The bank declined (forced by `Emulator Declining Bank`, or by the scenario `consent: declined`).
    Declined,
    /// The person approved with no account ticked: nothing to link.
    NothingShared,
    /// Nobody decided within [`LINK_LIFETIME`].
    Expired,
    /// The person approved a re-consent: the accounts under the authorisation are active again.
    Reauthorised,
}

impl Outcome {
    /// True when the account is linked.
    #[must_use]
    pub fn success(self) -> bool {
        self == Self::Linked
    }

    /// The [ASSUMED] reason a poll's 200 gives for linking nothing, for the outcomes that have one.
    #[must_use]
    pub fn unlinked_reason(self) -> Option<UnlinkedReason> {
        match self {
            Self::Expired => Some(UnlinkedReason::Expired),
            Self::Linked | Self::Denied | Self::Declined | Self::NothingShared | Self::Reauthorised => None,
        }
    }
}

/// A link waiting for, or past, the person's decision.
#[derive(Clone, Debug)]
pub struct Link {
    /// Who started it.
    pub organisation: OrganisationId,
    /// The company it is for.
    pub company: CompanyId,
    /// The bank, as the catalogue lists it (shared, not copied: a link is remembered for a day).
    pub bank: &'static Bank,
    /// The account the person is asked to share.
    pub account: LinkedAccount,
    /// When it started.
    pub started_at: Timestamp,
    /// The person's decision, once made, and when.
    pub decided: Option<(Outcome, Timestamp)>,
    /// For a re-consent: the bank account in `authRequired` whose authorisation it renews.
    pub reauthorises: Option<BankAccountId>,
    /// How far its polling went (kept in the emulator's state file).
    pub(super) polling: Polling,
}

/// How far a link's polling went: its newest route and the counters named test banks use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Polling {
    /// The number of the newest route handed out.
    pub issued: u32,
    /// What checks the newest route; older routes are used.
    pub route_tag: RouteTag,
    /// The newest route was spent by the final 200: the link is over.
    pub finished: bool,
    /// Polls answered 202 after the decision (for `Emulator Slow Bank`).
    pub polls_after_decision: u32,
    /// Poll requests received, faults included (for `Emulator Flaky Bank`).
    pub attempts: u32,
}

impl Link {
    /// A new link, before its first route.
    pub(super) fn new(
        organisation: OrganisationId,
        company: CompanyId,
        bank: &'static Bank,
        account: LinkedAccount,
        now: Timestamp,
    ) -> Self {
        Self {
            organisation,
            company,
            bank,
            account,
            started_at: now,
            decided: None,
            reauthorises: None,
            polling: Polling::default(),
        }
    }

    /// How the consent ended, as seen at `now`: the decision, or [`Outcome::Expired`] once its lifetime is over.
    #[must_use]
    pub fn outcome_at(&self, now: Timestamp) -> Option<Outcome> {
        match self.decided {
            Some((outcome, _)) => Some(outcome),
            None if now >= later(self.started_at, LINK_LIFETIME) => Some(Outcome::Expired),
            None => None,
        }
    }

    /// Records the expiry of a consent left undecided past its lifetime.
    fn settle(&mut self, now: Timestamp) {
        if self.decided.is_none() && self.outcome_at(now) == Some(Outcome::Expired) {
            self.decided = Some((Outcome::Expired, later(self.started_at, LINK_LIFETIME)));
        }
    }
}

/// What one poll answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollReply {
    /// 202: not finished; the next route (path and query, on the same origin).
    Pending(String),
    /// 200: over.
    Finished(PollFinished),
}

/// How polls behave once the consent is decided, beside what the link's bank forces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct PollRules {
    /// How many more 202s a slow consent answers after the decision.
    pub slow_bank_polls: u32,
    /// Every bank's consent is slow, as `Emulator Slow Bank`'s is.
    pub every_bank_slow: bool,
    /// A decided consent answers 202 for ever (an expired one still ends).
    pub never_finish: bool,
}

/// Every link, by ID, each until its memory runs out.
#[derive(Clone, Default)]
pub(super) struct Links {
    pub(super) links: ExpiringMap<String, Link>,
}

impl Links {
    /// Starts link `id`, remembered for `memory`, and returns its first route; forgets links started `memory` or
    /// longer ago.
    pub(super) fn start(&mut self, id: &str, link: Link, memory: Duration, rng: &mut impl Rng) -> String {
        let now = link.started_at;
        self.links.forget_expired(now);
        let (route, route_tag) = RouteTag::issue(rng, id, 1);
        let link = Link { polling: Polling { issued: 1, route_tag, ..Polling::default() }, ..link };
        self.links.insert(id.to_owned(), link, later(now, memory));
        route
    }

    /// Remembers `link` as it was kept, for `memory` after it started.
    pub(super) fn restore(&mut self, id: String, link: Link, memory: Duration) {
        let expires_at = later(link.started_at, memory);
        self.links.insert(id, link, expires_at);
    }

    /// The link `id`.
    pub(super) fn get(&self, id: &str) -> Option<&Link> {
        self.links.get(id)
    }

    /// Records the person's decision on link `id`, unless one was made: then that one stands; `declined` makes the
    /// bank decline whatever was pressed. Returns the link and whether this call decided it.
    pub(super) fn decide(
        &mut self,
        id: &str,
        decision: Decision,
        declined: bool,
        now: Timestamp,
    ) -> Option<(&Link, bool)> {
        let link = self.links.get_mut(id)?;
        link.settle(now);
        let fresh = link.decided.is_none();
        if fresh {
            let renewal = link.reauthorises.is_some();
            let outcome = match (TestBank::of(&link.bank.bank_id), decision) {
                _ if declined => Outcome::Declined,
                (Some(TestBank::Declining), _) => Outcome::Declined,
                (_, Decision::Deny) => Outcome::Denied,
                (_, Decision::Approve { .. }) if renewal => Outcome::Reauthorised,
                (_, Decision::Approve { share: false }) => Outcome::NothingShared,
                (_, Decision::Approve { share: true }) => Outcome::Linked,
            };
            link.decided = Some((outcome, now));
        }
        Some((link, fresh))
    }

    /// Polls route `n` of link `id` at `now`: a route older than the newest is used; the newest must carry its
    /// secret `sig`. Only a 200 or a 202 spends the route; a refusal or an injected fault leaves it usable. A link
    /// not known here has no route to check against: its routes are invalid.
    pub(super) fn poll(
        &mut self,
        rng: &mut impl Rng,
        (id, n, sig): (&str, u32, Option<&str>),
        rules: PollRules,
        now: Timestamp,
    ) -> Result<PollReply, Refusal> {
        let link = self.links.get_mut(id).ok_or_else(Refusal::poll_route_invalid)?;
        if n < link.polling.issued {
            return Err(Refusal::poll_route_used());
        }
        if n > link.polling.issued || !sig.is_some_and(|sig| link.polling.route_tag.admits(id, n, sig)) {
            return Err(Refusal::poll_route_invalid());
        }
        if link.polling.finished {
            return Err(Refusal::poll_route_used());
        }
        link.polling.attempts += 1;
        let test = TestBank::of(&link.bank.bank_id);
        if test == Some(TestBank::Flaky) && link.polling.attempts % 2 == 1 {
            return Err(Refusal::poll_fault(&link.bank.name));
        }
        link.settle(now);
        let slow = test == Some(TestBank::Slow) || rules.every_bank_slow;
        let outcome = match link.decided {
            Some((outcome, _)) if outcome == Outcome::Expired => outcome,
            Some(_) if rules.never_finish => return Ok(Self::next(link, rng, id)),
            Some((outcome, _)) if !slow || link.polling.polls_after_decision >= rules.slow_bank_polls => outcome,
            Some(_) => {
                link.polling.polls_after_decision += 1;
                return Ok(Self::next(link, rng, id));
            }
            None => return Ok(Self::next(link, rng, id)),
        };
        link.polling.finished = true;
        let account = outcome.success().then(|| link.account.clone());
        Ok(PollReply::Finished(PollFinished { account, success: outcome.success(), reason: outcome.unlinked_reason() }))
    }

    /// Spends the current route by handing out the next one.
    fn next(link: &mut Link, rng: &mut impl Rng, id: &str) -> PollReply {
        link.polling.issued += 1;
        let (route, route_tag) = RouteTag::issue(rng, id, link.polling.issued);
        link.polling.route_tag = route_tag;
        PollReply::Pending(route)
    }
}
