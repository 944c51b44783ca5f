//! The screens' data, from the emulator where it has it: its 15,000 USA banks (named test banks with logos first),
//! the 250 candidate accounts of Emulator Many Accounts Bank as its listing describes them, and 20 bank accounts.

use bankfeeds_onboard::api::ids::{BankAccountId, BankId, CandidateId};
use bankfeeds_onboard::api::models::{Bank, BankAccount, BankAccountStatus, Candidate, LinkedAccount};
use bankfeeds_onboard::emulator::banks::candidates::Listing;
use bankfeeds_onboard::emulator::banks::{candidates, catalogue};

/// The emulator's USA bank list.
pub fn usa_banks() -> Vec<Bank> {
    let banks = catalogue().country("USA").to_vec();
    assert_eq!(banks.len(), 15_000, "the emulator lists 15,000 USA banks");
    banks
}

/// The ID of the bank called `name`.
pub fn bank_named(banks: &[Bank], name: &str) -> BankId {
    banks.iter().find(|bank| bank.name == name).map(|bank| bank.bank_id.clone()).expect("a named test bank")
}

/// The first account shared at the bank.
pub fn linked_account() -> LinkedAccount {
    LinkedAccount {
        account_name: "Business checking".into(),
        account_key: "key-0".into(),
        account_identifier: "4000123456".into(),
        bank_identifier: Some("021000021".into()),
        account_type: Some("checking".into()),
        default_currency: Some("USD".into()),
    }
}

/// The candidates the emulator offers at `bank` beyond the first account, described as its listing does.
pub fn candidates(banks: &[Bank], bank: &BankId) -> Vec<Candidate> {
    let bank = banks.iter().find(|b| b.bank_id == *bank).expect("listed");
    let started = jiff::Timestamp::now();
    candidates::profiles(bank)
        .into_iter()
        .enumerate()
        .map(|(n, profile)| {
            let id = CandidateId::from(format!("cand-{n:03}").as_str());
            let account_key = format!("key-{}", n + 1);
            let listing = Listing {
                id: &id,
                account_key: &account_key,
                bank_identifier: "021000021",
                started,
                linked: None,
                refreshing: false,
            };
            profile.listed(bank, &listing)
        })
        .collect()
}

/// 20 bank accounts at the first five named test banks: mostly active, some pending, some needing a sign-in, one
/// cancelled; and those banks.
pub fn overview_accounts(banks: &[Bank]) -> (Vec<BankAccount>, Vec<Bank>) {
    let used: Vec<Bank> = banks.iter().take(5).cloned().collect();
    let accounts = (0..20)
        .map(|n| {
            let (status, reason) = match n % 10 {
                3 => (BankAccountStatus::Pending, None),
                6 => (BankAccountStatus::AuthRequired, Some("The bank asks the customer to consent again".into())),
                9 if n > 10 => (BankAccountStatus::Cancelled, None),
                _ => (BankAccountStatus::Active, None),
            };
            BankAccount {
                bank_id: Some(used[n % used.len()].bank_id.clone()),
                account_name: Some(format!("Business account {}", n + 1)),
                account_identifier: Some(format!("40001{n:05}")),
                status_reason: reason,
                ..BankAccount::bare(BankAccountId::from(format!("ba-{n}").as_str()), status)
            }
        })
        .collect();
    (accounts, used)
}
