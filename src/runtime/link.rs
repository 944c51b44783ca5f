//! The long-running bank tasks: the aggregator link (`indirectlinkaccount`, the browser, the poll chain) and a bank
//! account's status watch. Each runs as one tokio task that `Effect::Cancel` aborts, so nothing is sent after a
//! Cancel; each reports through events with the time it happened.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use url::Url;

use crate::api::error::Failure;
use crate::api::ids::{BankAccountId, BankId};
use crate::api::models::{BankAccount, BankAccountStatus};
use crate::api::redacted::PollRoute;
use crate::browser::{BrowserError, open_checked};
use crate::wizard::poll::PollPolicy;
use crate::wizard::{Answer, LinkEnd, LinkTarget, RequestId, WatchStop};

use super::Shared;
use super::execute::{client, logged};
use super::poll_loop::{LinkPollEnd, WatchEnd, poll_link, watch};
use super::tokens::with_bearer;

/// `now + wait`, for "next check at".
fn after(wait: Duration) -> Timestamp {
    let now = Timestamp::now();
    now.checked_add(wait).unwrap_or(now)
}

/// Today's date where the person is.
fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Opens `url` in the browser off the async threads, after checking it is one the app may open.
pub(super) async fn open_in_browser(shared: &Shared, url: &Url) -> Result<(), BrowserError> {
    let (browser, url) = (Arc::clone(&shared.browser), url.clone());
    tokio::task::spawn_blocking(move || open_checked(browser.as_ref(), &url))
        .await
        .unwrap_or_else(|join| Err(BrowserError::NoBrowser(format!("the browser could not be asked: {join}"))))
}

/// The bank's or aggregator's page the service handed out, as an address; `status` is the answer's.
pub(super) fn page_address(redirect: &str, status: u16) -> Result<Url, Failure> {
    Url::parse(redirect).map_err(|error| Failure::Unreadable {
        status,
        detail: format!("the bank's page is not a valid address ({error})"),
    })
}

/// The whole aggregator link for `bank`: the link's page, the browser, then the poll chain to its end.
pub(super) async fn run_link(
    shared: Arc<Shared>,
    request: RequestId,
    target: LinkTarget,
    bank: BankId,
    policy: PollPolicy,
) {
    let started = with_bearer(&shared, &target, |client, token| {
        let (target, bank) = (target.clone(), bank.clone());
        async move { client.indirect_link(&target.organisation_id, &target.company_id, &bank, &token).await }
    })
    .await;
    let link = match started {
        Ok(link) => link,
        Err(failure) => {
            let end = LinkEnd::Failed { failure, while_polling: false };
            shared.answer(Answer::LinkEnded { request, today: today(), end }).await;
            return;
        }
    };
    let first_route = match Url::parse(&link.poll_route) {
        Ok(route) => route,
        Err(error) => {
            let failure = Failure::Unreadable { status: 302, detail: format!("the poll route is not a URL ({error})") };
            let end = LinkEnd::Failed { failure, while_polling: false };
            shared.answer(Answer::LinkEnded { request, today: today(), end }).await;
            return;
        }
    };
    let redirect = match page_address(&link.redirect, 302) {
        Ok(redirect) => redirect,
        Err(failure) => {
            let end = LinkEnd::Failed { failure, while_polling: false };
            shared.answer(Answer::LinkEnded { request, today: today(), end }).await;
            return;
        }
    };
    let first_wait = Duration::from_millis(link.poll_period);
    let at = Timestamp::now();
    let next_check_at = after(first_wait);
    let route = PollRoute::new(first_route.as_str());
    // The route is saved before the browser opens, so an approval made at once is never lost to a crash.
    shared
        .answer(Answer::LinkStarted { request, at, redirect: redirect.clone(), browser: Ok(()), next_check_at, route })
        .await;
    let browser = open_in_browser(&shared, &redirect).await;
    if let Err(why) = &browser {
        tracing::warn!(%why, "the link's page was not opened in a browser; the person can copy it");
        shared.answer(Answer::BrowserOpened { url: redirect, result: browser }).await;
    }
    follow_link(&shared, request, policy, first_wait, first_route, Duration::ZERO).await;
}

/// Polls a link again after a restart, from the route saved before it, with the deadline counted from `started_at`.
pub(super) async fn resume_link(
    shared: Arc<Shared>,
    request: RequestId,
    route: PollRoute,
    started_at: Timestamp,
    policy: PollPolicy,
) {
    // A clock set back since then counts as no time passed.
    let already = Timestamp::now().duration_since(started_at).max(jiff::SignedDuration::ZERO).unsigned_abs();
    match Url::parse(route.expose()) {
        Ok(route) => follow_link(&shared, request, policy, Duration::ZERO, route, already).await,
        Err(error) => {
            let failure =
                Failure::Unreadable { status: 202, detail: format!("the saved poll route is not a URL ({error})") };
            let end = LinkEnd::Failed { failure, while_polling: true };
            shared.answer(Answer::LinkEnded { request, today: today(), end }).await;
        }
    }
}

/// The poll chain from `first_route` to the link's end, reporting each check and the route polled next.
async fn follow_link(
    shared: &Shared,
    request: RequestId,
    policy: PollPolicy,
    first_wait: Duration,
    first_route: Url,
    already: Duration,
) {
    let Ok(client) = client(shared).await else {
        let failure = Failure::NotSent { detail: "the connection was closed".to_owned() };
        shared
            .answer(Answer::LinkEnded {
                request,
                today: today(),
                end: LinkEnd::Failed { failure, while_polling: true },
            })
            .await;
        return;
    };
    let end = poll_link(
        policy,
        first_wait,
        first_route,
        already,
        |route: Url| {
            let client = client.clone();
            async move { client.poll(&route).await.map_err(|e| logged(&e)) }
        },
        |wait, failure, next: &Url| {
            let (at, route) = (Timestamp::now(), PollRoute::new(next.as_str()));
            // Awaited, never dropped: it carries the route a restart must poll.
            shared.answer(Answer::LinkChecked { request, at, next_check_at: after(wait), failure, route })
        },
    )
    .await;
    let end = match end {
        LinkPollEnd::Linked(account) => LinkEnd::Linked(account),
        LinkPollEnd::Declined => LinkEnd::Declined,
        LinkPollEnd::Expired => LinkEnd::Expired,
        LinkPollEnd::TimedOut => LinkEnd::TimedOut,
        LinkPollEnd::Failed(failure) => LinkEnd::Failed { failure, while_polling: true },
    };
    shared.answer(Answer::LinkEnded { request, today: today(), end }).await;
}

/// What a status watch follows, how often, and until when.
pub(super) struct Watch {
    /// Who the account is for.
    pub target: LinkTarget,
    /// The account.
    pub account: BankAccountId,
    /// How often it is read.
    pub every: Duration,
    /// Deadline and backoff.
    pub policy: PollPolicy,
    /// Until `active` (after a re-authorisation), not only until it leaves `pending`.
    pub until_active: bool,
}

impl Watch {
    /// True once the account is where the watch stops.
    fn settled(&self, account: &BankAccount) -> bool {
        match account.status {
            BankAccountStatus::Pending => false,
            BankAccountStatus::Active | BankAccountStatus::Cancelled => true,
            _ => !self.until_active,
        }
    }
}

/// Follows a bank account's status every `every` until it settles (see [`Watch`]).
pub(super) async fn run_watch(shared: Arc<Shared>, request: RequestId, followed: Watch) {
    let Watch { target, account, every, policy, .. } = &followed;
    let (target, account, every, policy) = (target.clone(), account.clone(), *every, *policy);
    let end = watch(
        policy,
        every,
        || {
            let (shared, target, account) = (Arc::clone(&shared), target.clone(), account.clone());
            async move {
                with_bearer(&shared, &target, |client, token| {
                    let (target, account) = (target.clone(), account.clone());
                    async move {
                        client.bank_account(&target.organisation_id, &target.company_id, &account, &token).await
                    }
                })
                .await
            }
        },
        |account: &BankAccount| followed.settled(account),
        |result, wait| {
            shared.report(Answer::AccountChecked {
                request,
                at: Timestamp::now(),
                result,
                next_check_at: Some(after(wait)),
            });
        },
    )
    .await;
    let event = match end {
        WatchEnd::Done(account) => {
            Answer::AccountChecked { request, at: Timestamp::now(), result: Ok(account), next_check_at: None }
        }
        WatchEnd::TimedOut => Answer::WatchEnded { request, stop: WatchStop::TimedOut },
        WatchEnd::Failed(failure) => Answer::WatchEnded { request, stop: WatchStop::Failed(failure) },
    };
    shared.answer(event).await;
}
