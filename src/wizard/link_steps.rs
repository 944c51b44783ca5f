//! The linking steps' data: choosing a bank, waiting for the aggregator, and the bank account from its start date
//! to `active`. Each holds only what it needs, so an impossible combination cannot be written down.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::api::error::Failure;
use crate::api::models::{Bank, BankAccount, LinkedAccount};

use super::bank_search::BankIndex;
use super::effect::RequestId;
use super::linking::LinkTarget;

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

/// The bank account: its name and start date, then its creation and status.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountStep {
    /// The organisation the account is for.
    pub target: LinkTarget,
    /// Where it is.
    pub phase: AccountPhase,
}

/// Where the bank account is.
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum AccountPhase {
    /// The name and start date are being chosen; `problem` is why the last create failed.
    Details {
        /// Show every field's problem (after the first attempt to create).
        show_problems: bool,
        /// Why the last attempt failed.
        problem: Option<Failure>,
    },
    /// `POST …/bankaccounts` under way.
    Creating(RequestId),
    /// Looking for an account whose creation answer was lost (after a restart or a 409).
    Finding(RequestId),
    /// Created: its status is followed until `active`.
    Following(Following),
}

/// A created bank account whose status is followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Following {
    /// The status watch (its answers carry this ID); `None` once it stopped.
    pub watch: Option<RequestId>,
    /// The account as last read.
    pub account: BankAccount,
    /// When it was last read.
    pub checked_at: Option<Timestamp>,
    /// When the next check is due.
    pub next_check_at: Option<Timestamp>,
    /// Why the watch stopped before `active`, if it did.
    pub stopped: Option<WatchStop>,
    /// A re-authorisation at the bank, once asked for.
    pub reauth: Option<Reauth>,
    /// Removing the account, once asked for.
    pub removal: Option<Removal>,
}

impl Following {
    /// Following `account` under `watch`, nothing else asked for yet.
    #[must_use]
    pub fn new(account: BankAccount, watch: Option<RequestId>) -> Self {
        Self { watch, account, checked_at: None, next_check_at: None, stopped: None, reauth: None, removal: None }
    }
}

/// A re-authorisation of an `authRequired` account at its bank.
#[derive(Clone, Debug, PartialEq)]
pub enum Reauth {
    /// Asking the Banking Service for the bank's page.
    Starting(RequestId),
    /// The bank's page is open; the account's status is followed until it is `active` again.
    Waiting(Waiting),
    /// The account is `active` again.
    Done,
    /// It could not be started.
    Failed(Failure),
}

/// Removing a bank account (`DELETE`), after a confirmation that says what stops.
#[derive(Clone, Debug, PartialEq)]
pub enum Removal {
    /// Asking the person to confirm.
    Confirming,
    /// `DELETE` under way.
    Removing(RequestId),
    /// It failed; the account is as it was.
    Failed(Failure),
}

/// Why the status watch stopped before the account was `active`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchStop {
    /// The person stopped it.
    Cancelled,
    /// The deadline passed.
    TimedOut,
    /// A failure that checking again cannot mend.
    Failed(Failure),
}

/// The account's name and start date as being typed (kept in the saved progress).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountDetails {
    /// The name the account gets.
    pub name: String,
    /// The first day whose transactions are fetched.
    pub start_date: Date,
    /// Today, as the app saw it when the details were first shown: no start date after it.
    pub today: Date,
}
