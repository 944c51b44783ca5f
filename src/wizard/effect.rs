//! What the wizard asks the outside world to do. The runtime executes each effect and answers with an event that
//! carries the same [`RequestId`], so the wizard can drop answers it no longer waits for.

use url::Url;

use crate::api::assumed::LicenceDetails;
use crate::api::ids::{BankAccountId, BankId, CandidateId, CompanyId, CountryCode, OrganisationId};
use crate::api::models::{NewBankAccount, NewOrganisation};
use crate::api::redacted::{PollRoute, SigningKey};
use crate::secrets::KeySlot;

use super::link_record::LinkTarget;
use super::poll::PollPolicy;
use super::progress::Progress;
use super::session::Settings;

/// Identifies one effect and the event that answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(pub u64);

/// Work for the runtime.
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Prepare a client for these settings: start the local emulator if chosen, check the keyring can be used, and
    /// for web products make sure an application key is in the keyring. Answered by `Answer::Connected`.
    Connect {
        /// The request's ID.
        request: RequestId,
        /// Environment, identity and product kind.
        settings: Settings,
    },
    /// `POST requestToken` at the Token Service. Answered by `Answer::TokenRequested`.
    RequestToken {
        /// The request's ID.
        request: RequestId,
        /// The licence details typed.
        licence: LicenceDetails,
    },
    /// `GET captcha`. Answered by `Answer::CaptchaFetched`.
    FetchCaptcha {
        /// The request's ID.
        request: RequestId,
    },
    /// `POST organisations`, signed with the application key in `application_key` for web products. Answered by
    /// `Answer::OrganisationCreated`. Never retried without a person asking.
    CreateOrganisation {
        /// The request's ID.
        request: RequestId,
        /// The body to send.
        body: NewOrganisation,
        /// Where the application key is, for web (trusted) products.
        application_key: Option<KeySlot>,
    },
    /// Write a key to the keyring. Answered by `Answer::KeyStored`.
    StoreKey {
        /// The request's ID.
        request: RequestId,
        /// Where.
        slot: KeySlot,
        /// The key.
        key: SigningKey,
    },
    /// Check that the keyring holds a key. Answered by `Answer::KeyChecked`.
    CheckKey {
        /// The request's ID.
        request: RequestId,
        /// Where.
        slot: KeySlot,
    },
    /// Read the customer's key from the keyring and get an access token with it, proving the stored key works.
    /// Answered by `Answer::AccessTokenFetched`.
    FetchAccessToken {
        /// The request's ID.
        request: RequestId,
        /// The organisation.
        organisation: OrganisationId,
        /// Its company.
        company: CompanyId,
        /// Where the customer's key is.
        slot: KeySlot,
    },
    /// Save progress (never a secret) to the progress file. Answered by `Answer::ProgressSaved`.
    SaveProgress(Progress),
    /// `GET banks` of a country, indexed for search off the UI thread. Answered by `Answer::BanksFetched`.
    FetchBanks {
        /// The request's ID.
        request: RequestId,
        /// The country.
        country: CountryCode,
    },
    /// The whole aggregator link as one background task: `indirectlinkaccount`, open its page in the system
    /// browser, then poll until linked, declined, timed out or failed. Answered by `Answer::LinkStarted`, one
    /// `Answer::LinkChecked` per poll, and one `Answer::LinkEnded`; stopped by `Effect::Cancel`.
    StartLink {
        /// The task's ID.
        request: RequestId,
        /// Who the link is for.
        target: LinkTarget,
        /// The bank.
        bank: BankId,
        /// Deadline and backoff.
        policy: PollPolicy,
    },
    /// After a restart, the poll chain of a link whose page was open: from the saved route, with the deadline counted
    /// from `started_at` (the saved route is polled once even when it has passed). Answered as `StartLink` is, except
    /// that no `Answer::LinkStarted` comes; stopped by `Effect::Cancel`.
    ResumeLink {
        /// The task's ID.
        request: RequestId,
        /// The route saved before the restart, never polled yet.
        route: PollRoute,
        /// When the link's page was handed out.
        started_at: jiff::Timestamp,
        /// Deadline and backoff.
        policy: PollPolicy,
    },
    /// Open a URL in the system browser (https, or http on loopback only). Answered by `Answer::BrowserOpened`.
    OpenBrowser {
        /// The URL.
        url: Url,
    },
    /// Stop a background task (a link or a status watch) at once: nothing more is sent for it. No answer.
    Cancel(RequestId),
    /// `POST …/bankaccounts`. Answered by `Answer::BankAccountCreated`. Never retried without a person asking.
    CreateBankAccount {
        /// The request's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// The body.
        body: NewBankAccount,
    },
    /// Look for the company's bank account with this `accountKey` (its creation answer was lost). Answered by
    /// `Answer::BankAccountFound`.
    FindBankAccount {
        /// The request's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// The aggregator's key of the account.
        account_key: String,
    },
    /// Follow a bank account's status until it is `active`, as a background task. Answered by
    /// `Answer::AccountChecked` per check and `Answer::WatchEnded` if it stops before `active`; stopped by
    /// `Effect::Cancel`.
    WatchBankAccount {
        /// The task's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// The account.
        account: BankAccountId,
        /// How often and how long.
        every: std::time::Duration,
        /// Deadline and backoff.
        policy: PollPolicy,
        /// Follow it until `active` (after a re-authorisation), not only until it leaves `pending`.
        until_active: bool,
    },
    /// `GET …/bankaccounts/{id}/indirectauth?web=true`, then open its page in the browser. Answered by
    /// `Answer::ReauthStarted`.
    Reauthorise {
        /// The request's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// The account.
        account: BankAccountId,
    },
    /// `DELETE …/bankaccounts/{id}`. Answered by `Answer::BankAccountRemoved`.
    RemoveBankAccount {
        /// The request's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// The account.
        account: BankAccountId,
    },
    /// After `after`, `GET …/availablebankaccounts` for the authorisations of `connected`. Answered by
    /// `Answer::CandidatesListed`.
    ListCandidates {
        /// The request's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// Bank accounts under the authorisations whose candidates are listed.
        connected: Vec<BankAccountId>,
        /// Leave out candidates already linked in the company.
        filter_connected: bool,
        /// How long to wait first (the list is being refreshed).
        after: std::time::Duration,
    },
    /// After `after`, `POST …/linkavailablebankaccount` for one candidate. Answered by `Answer::CandidateLinked`;
    /// `Effect::Cancel` stops it while it waits. Never retried without the wizard asking.
    LinkCandidate {
        /// The request's ID.
        request: RequestId,
        /// Who it is for.
        target: LinkTarget,
        /// The candidate.
        candidate: CandidateId,
        /// Transactions are fetched from here.
        start: jiff::Timestamp,
        /// How long to wait first (the service asked to, with a 429).
        after: std::time::Duration,
    },
    /// Stop the in-process emulator, delete its saved states, delete `keys` and the keys of every organisation those
    /// states name from the keyring. Answered by `Answer::DemoReset`.
    ResetDemo {
        /// The request's ID.
        request: RequestId,
        /// The local organisations' key slots the progress knows.
        keys: Vec<KeySlot>,
    },
    /// Reset the demo as `ResetDemo` does, then build `seed`'s world on the local emulator by walking the real flow from
    /// `from` (the progress as the reset leaves it). Answered by `Answer::StartedAt` with the progress the walk ended
    /// with.
    StartAt {
        /// The request's ID.
        request: RequestId,
        /// The starting point to build.
        seed: super::Seed,
        /// The local organisations' key slots the progress knows.
        keys: Vec<KeySlot>,
        /// The progress to walk from: the settings and drafts, no local organisation, on the first step.
        from: Progress,
    },
    /// After `after`, check the organisation's key is in the keyring, then `GET …/bankaccounts` and the banks they are
    /// at. Answered by `Answer::OrganisationLoaded`.
    LoadOrganisation {
        /// The request's ID.
        request: RequestId,
        /// The organisation and company.
        target: LinkTarget,
        /// How long to wait first (a read again while an account is pending).
        after: std::time::Duration,
    },
}

impl Effect {
    /// The ID its answers carry; `None` for effects answered without one (saves, browser, cancel).
    #[must_use]
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Self::Connect { request, .. }
            | Self::RequestToken { request, .. }
            | Self::FetchCaptcha { request }
            | Self::CreateOrganisation { request, .. }
            | Self::StoreKey { request, .. }
            | Self::CheckKey { request, .. }
            | Self::FetchAccessToken { request, .. }
            | Self::FetchBanks { request, .. }
            | Self::StartLink { request, .. }
            | Self::ResumeLink { request, .. }
            | Self::CreateBankAccount { request, .. }
            | Self::FindBankAccount { request, .. }
            | Self::WatchBankAccount { request, .. }
            | Self::ListCandidates { request, .. }
            | Self::LinkCandidate { request, .. }
            | Self::Reauthorise { request, .. }
            | Self::RemoveBankAccount { request, .. }
            | Self::LoadOrganisation { request, .. }
            | Self::ResetDemo { request, .. }
            | Self::StartAt { request, .. } => Some(*request),
            Self::SaveProgress(_) | Self::OpenBrowser { .. } | Self::Cancel(_) => None,
        }
    }
}
