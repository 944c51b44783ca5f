//! What the runtime reports: the [`Answer`] to each effect (it carries the effect's [`RequestId`]), and the saved
//! progress at start-up.

use std::path::PathBuf;
use std::sync::Arc;

use url::Url;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::api::assumed::TokenRequestAccepted;
use crate::api::error::Failure;
use crate::api::ids::CaptchaId;
use crate::api::models::{AvailableAccounts, BankAccount, CreatedOrganisation, LinkedAccount};
use crate::api::redacted::PollRoute;
use crate::browser::BrowserError;
use crate::config::Endpoints;
use crate::secrets::KeyringProblem;
use crate::store::SaveProblem;

use super::account::WatchStop;
use super::bank::BankIndex;
use super::effect::RequestId;
use super::overview::OrganisationAccounts;
use super::progress::Progress;

/// What the runtime reports back to [`super::Wizard::update`].
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug)]
pub enum Answer {
    /// The app started; the saved progress, if any.
    Restored(Option<Progress>),
    /// Answer to `Effect::Connect`.
    Connected {
        /// The effect answered.
        request: RequestId,
        /// The connection, or why there is none.
        result: Result<Connection, ConnectProblem>,
    },
    /// Answer to `Effect::RequestToken`.
    TokenRequested {
        /// The effect answered.
        request: RequestId,
        /// The Token Service's answer.
        result: Result<TokenRequestAccepted, Failure>,
    },
    /// Answer to `Effect::FetchCaptcha`.
    CaptchaFetched {
        /// The effect answered.
        request: RequestId,
        /// The captcha, decoded.
        result: Result<CaptchaImage, Failure>,
    },
    /// Answer to `Effect::CreateOrganisation`.
    OrganisationCreated {
        /// The effect answered.
        request: RequestId,
        /// When the answer came.
        at: Timestamp,
        /// The new organisation (with the customer's key), or the failure.
        result: Result<CreatedOrganisation, Failure>,
    },
    /// Answer to `Effect::StoreKey`.
    KeyStored {
        /// The effect answered.
        request: RequestId,
        /// Whether the keyring kept the key.
        result: Result<(), KeyringProblem>,
    },
    /// Answer to `Effect::CheckKey`.
    KeyChecked {
        /// The effect answered.
        request: RequestId,
        /// Whether the keyring holds the key.
        result: Result<(), KeyringProblem>,
    },
    /// Answer to `Effect::FetchAccessToken`.
    AccessTokenFetched {
        /// The effect answered.
        request: RequestId,
        /// Whether a token was issued.
        result: Result<(), AccessProblem>,
    },
    /// Answer to `Effect::SaveProgress`.
    ProgressSaved(Result<(), ProgressProblem>),
    /// Answer to `Effect::FetchBanks`.
    BanksFetched {
        /// The effect answered.
        request: RequestId,
        /// The country's banks, indexed.
        result: Result<BankIndex, Failure>,
    },
    /// The link's page was handed out and given to the browser.
    LinkStarted {
        /// The link task.
        request: RequestId,
        /// When.
        at: Timestamp,
        /// The aggregator's page.
        redirect: Url,
        /// Whether the browser opened it, or why not (`Ok` until an `Answer::BrowserOpened` says otherwise).
        browser: Result<(), BrowserError>,
        /// When the first poll is due.
        next_check_at: Timestamp,
        /// The first poll route (saved, so a restart can poll it).
        route: PollRoute,
    },
    /// One poll of the link was answered (not finished yet).
    LinkChecked {
        /// The link task.
        request: RequestId,
        /// When the answer came.
        at: Timestamp,
        /// When the next poll is due.
        next_check_at: Timestamp,
        /// The failure being backed off from, if the poll failed.
        failure: Option<Failure>,
        /// The route polled next (saved, so a restart can poll it).
        route: PollRoute,
    },
    /// The link is over.
    LinkEnded {
        /// The link task.
        request: RequestId,
        /// Today's date where the person is (for the start date's default and limit).
        today: Date,
        /// How it ended.
        end: LinkEnd,
    },
    /// Answer to `Effect::OpenBrowser`.
    BrowserOpened {
        /// The URL.
        url: Url,
        /// Whether it opened, or why not.
        result: Result<(), BrowserError>,
    },
    /// Answer to `Effect::CreateBankAccount`.
    BankAccountCreated {
        /// The effect answered.
        request: RequestId,
        /// The new account, or the failure.
        result: Result<BankAccount, Failure>,
    },
    /// Answer to `Effect::FindBankAccount`.
    BankAccountFound {
        /// The effect answered.
        request: RequestId,
        /// The account with that key, if the company has one.
        result: Result<Option<BankAccount>, Failure>,
    },
    /// One status check of `Effect::WatchBankAccount`.
    AccountChecked {
        /// The watch.
        request: RequestId,
        /// When the answer came.
        at: Timestamp,
        /// The account, or the failure being backed off from.
        result: Result<BankAccount, Failure>,
        /// When the next check is due; `None` when the watch ends here (the account is active).
        next_check_at: Option<Timestamp>,
    },
    /// The status watch stopped before the account was active.
    WatchEnded {
        /// The watch.
        request: RequestId,
        /// Why.
        stop: WatchStop,
    },

    /// Answer to `Effect::Reauthorise`.
    ReauthStarted {
        /// The effect answered.
        request: RequestId,
        /// When the page was handed out.
        at: Timestamp,
        /// The bank's page and whether the browser opened it (or why not), or the failure.
        result: Result<(Url, Result<(), BrowserError>), Failure>,
    },
    /// Answer to `Effect::RemoveBankAccount`.
    BankAccountRemoved {
        /// The effect answered.
        request: RequestId,
        /// Done, or the failure.
        result: Result<(), Failure>,
    },
    /// Answer to `Effect::LoadOrganisation`.
    OrganisationLoaded {
        /// The effect answered.
        request: RequestId,
        /// When the accounts were read.
        at: Timestamp,
        /// Today's date where the person is.
        today: Date,
        /// The accounts and their banks, or why they could not be read.
        result: Result<OrganisationAccounts, AccessProblem>,
    },
    /// Answer to `Effect::ResetDemo`.
    DemoReset {
        /// The effect answered.
        request: RequestId,
        /// What was cleared, or why it could not be.
        result: Result<super::demo::DemoCleared, DemoResetProblem>,
    },
    /// Answer to `Effect::StartAt`.
    StartedAt {
        /// The effect answered.
        request: RequestId,
        /// The starting point asked for.
        seed: super::Seed,
        /// The progress the walk that built it ended with, or why there is none.
        result: Result<Progress, super::StartAtProblem>,
    },
    /// Answer to `Effect::ListCandidates`.
    CandidatesListed {
        /// The effect answered.
        request: RequestId,
        /// The candidates, or the failure.
        result: Result<AvailableAccounts, Failure>,
    },
    /// Answer to `Effect::LinkCandidate`.
    CandidateLinked {
        /// The effect answered.
        request: RequestId,
        /// The new bank account, or the failure.
        result: Result<BankAccount, Failure>,
    },
}

/// How an aggregator link ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkEnd {
    /// Linked.
    Linked(LinkedAccount),
    /// `success: false`: declined or not possible at the bank.
    Declined,
    /// `success: false` with the reason `expired`: the bank's page was left open until it expired.
    Expired,
    /// The deadline passed.
    TimedOut,
    /// The link could not be started (`while_polling` false) or polling met a failure it cannot mend.
    Failed {
        /// What failed.
        failure: Failure,
        /// True when it failed while polling.
        while_polling: bool,
    },
}

/// A ready connection to an environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The service roots in use (for the local emulator, with the port it got).
    pub endpoints: Endpoints,
}

/// Why an environment could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectProblem {
    /// The local emulator could not start.
    EmulatorDidNotStart(String),
    /// The keyring cannot be used, so a customer's key could not be kept: nothing is sent until it can.
    Keyring(KeyringProblem),
    /// A web product has no application key in the keyring for this environment.
    NoApplicationKey,
    /// The client could not be built.
    Client(String),
}

/// Why an access token could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessProblem {
    /// The key could not be read from the keyring.
    Keyring(KeyringProblem),
    /// The Banking Service refused or could not be reached.
    Service(Failure),
    /// The organisation came back from POST organisation without a company, and a token is asked for a company.
    NoCompany,
}

/// Why the progress file is not what the wizard last asked to save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressProblem {
    /// A save failed: the disk refused it.
    NotSaved(SaveProblem),
    /// The file found at start-up could not be read, so a new one is started.
    Unreadable {
        /// What was wrong with it.
        detail: String,
        /// Where the unreadable file was kept, when it could be moved aside.
        kept_as: Option<PathBuf>,
    },
}

/// Why the demo could not be reset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DemoResetProblem {
    /// A saved emulator state could not be deleted.
    StateNotDeleted {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        detail: String,
    },
    /// Deleting the saved states stopped before it finished.
    Stopped {
        /// Why.
        detail: String,
    },
    /// The keyring could not be opened to delete the local organisations' keys.
    KeyringUnavailable(KeyringProblem),
    /// A local organisation's key could not be deleted.
    KeyNotDeleted(KeyringProblem),
}

/// A captcha ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptchaImage {
    /// The captcha's ID.
    pub id: CaptchaId,
    /// The PNG image's bytes.
    pub png: Arc<[u8]>,
    /// When it stops being accepted, by the service's clock.
    pub expires_at: Timestamp,
    /// How far the service's clock was ahead of this computer's when the image came (negative: behind; zero when
    /// they agree or the service did not say its time).
    pub service_clock_ahead: jiff::SignedDuration,
}

impl CaptchaImage {
    /// When it stops being accepted, by this computer's clock.
    #[must_use]
    pub fn expires_here(&self) -> Timestamp {
        self.expires_at.checked_sub(self.service_clock_ahead).unwrap_or(self.expires_at)
    }
}
