//! Wire types of the Banking Service that public material shows ([SEED], [DOC], [OBS] in CONTRACT.md), shared by the
//! client and the emulator so the two cannot drift, one file per resource. Shapes that are our assumptions live in
//! `assumed.rs`.

mod accounts;
mod amount;
mod banks;
mod candidates;
mod linking;
mod onboarding;

pub use accounts::{AccountTypes, BankAccount, BankAccountStatus, BankAuthorisation, NewBankAccount};
pub use amount::Amount;
pub use banks::{Bank, BankFlags, DataProvider};
pub use candidates::{AvailableAccounts, Candidate, CandidateMetadata, LastTransaction, LinkCandidate};
pub use linking::{IndirectLink, LinkedAccount, PollAnswer, PollFinished, PollPending, Reauthorisation};
pub use onboarding::{AccessToken, Company, CreatedOrganisation, NewOrganisation, User};
