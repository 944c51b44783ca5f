//! Bank accounts (CONTRACT §6.4–§6.5, §8): create one from a linked account, read one, list a company's
//! ([ASSUMED] `GET …/bankaccounts`, used to find an account whose creation answer was lost), and remove one (DELETE;
//! it then reads `cancelled`). Bearer calls.

use reqwest::Method;

use super::banks::segment;
use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::ids::{BankAccountId, CompanyId, OrganisationId};
use super::models::{BankAccount, NewBankAccount};
use super::redacted::Jwt;

/// `organisations/{org}/companies/{co}/bankaccounts`, each segment encoded.
fn accounts_path(organisation: &OrganisationId, company: &CompanyId) -> String {
    format!("organisations/{}/companies/{}/bankaccounts", segment(organisation.as_str()), segment(company.as_str()))
}

impl Client {
    /// `POST …/bankaccounts`: 201 with the new account, `pending`. Never retried without a person asking.
    pub async fn create_bank_account(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        body: &NewBankAccount,
        token: &Jwt,
    ) -> Result<BankAccount, ApiError> {
        let path = accounts_path(organisation, company);
        let call = Call::new(Method::POST, Service::Banking, &path).json(body)?.bearer(token);
        self.send_json(call).await
    }

    /// `GET …/bankaccounts/{bankAccountId}`: the account and its status.
    pub async fn bank_account(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        account: &BankAccountId,
        token: &Jwt,
    ) -> Result<BankAccount, ApiError> {
        let path = format!("{}/{}", accounts_path(organisation, company), segment(account.as_str()));
        self.send_json(Call::new(Method::GET, Service::Banking, &path).bearer(token)).await
    }

    /// `GET …/bankaccounts` [ASSUMED]: every bank account of the company.
    pub async fn bank_accounts(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        token: &Jwt,
    ) -> Result<Vec<BankAccount>, ApiError> {
        let path = accounts_path(organisation, company);
        self.send_json(Call::new(Method::GET, Service::Banking, &path).bearer(token)).await
    }

    /// `DELETE …/bankaccounts/{bankAccountId}`: 204; the account reads `cancelled` afterwards and its data stops
    /// flowing. The emulator answers 204 to a second DELETE too.
    pub async fn delete_bank_account(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        account: &BankAccountId,
        token: &Jwt,
    ) -> Result<(), ApiError> {
        let path = format!("{}/{}", accounts_path(organisation, company), segment(account.as_str()));
        self.exchange(Call::new(Method::DELETE, Service::Banking, &path).bearer(token)).await?.success().map(|_| ())
    }
}
