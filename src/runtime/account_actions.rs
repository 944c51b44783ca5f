//! The calls behind a followed account's actions: re-authorisation (`indirectauth?web=true`, then its page in the
//! browser) and removal (`DELETE`).

use jiff::Timestamp;

use crate::api::ids::BankAccountId;
use crate::wizard::{Answer, LinkTarget, RequestId};

use super::Shared;
use super::execute::with_durable;
use super::link::{open_in_browser, page_address};
use super::tokens::with_bearer;

/// Asks for the bank's re-consent page for `account` and opens it in the browser.
pub(super) async fn reauthorise(
    shared: &Shared,
    request: RequestId,
    target: LinkTarget,
    account: BankAccountId,
) -> Answer {
    let page = with_bearer(shared, &target, |client, token| {
        let (target, account) = (target.clone(), account.clone());
        async move { client.reauthorise(&target.organisation_id, &target.company_id, &account, &token).await }
    })
    .await;
    let at = Timestamp::now();
    let result = match page {
        Ok(page) => match page_address(&page.redirect, 302) {
            Ok(redirect) => {
                let browser = open_in_browser(shared, &redirect).await;
                Ok((redirect, browser))
            }
            Err(failure) => Err(failure),
        },
        Err(failure) => Err(failure),
    };
    Answer::ReauthStarted { request, at, result }
}

/// Removes `account`.
pub(super) async fn remove(shared: &Shared, request: RequestId, target: LinkTarget, account: BankAccountId) -> Answer {
    let result =
        with_durable(shared, |shared| {
            with_bearer(shared, &target, |client, token| {
                let (target, account) = (target.clone(), account.clone());
                async move {
                    client.delete_bank_account(&target.organisation_id, &target.company_id, &account, &token).await
                }
            })
        })
        .await;
    Answer::BankAccountRemoved { request, result }
}
