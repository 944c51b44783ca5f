//! The name a candidate account is shown by on more accounts: its own (a card number in it cut to its last four
//! digits), or words for one the bank gave no name.

use std::borrow::Cow;

use crate::api::card_number::mask_card_numbers;
use crate::wizard::CandidateRow;

/// The name `row`'s checkbox is labelled with.
#[must_use]
pub fn candidate_name(row: &CandidateRow) -> Cow<'_, str> {
    row.name().map_or(Cow::Borrowed("Unnamed account"), mask_card_numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(json: serde_json::Value) -> CandidateRow {
        CandidateRow::new(serde_json::from_value(json).expect("candidate"))
    }

    #[test]
    fn an_account_the_bank_gave_no_name_is_shown_as_unnamed() {
        assert_eq!(candidate_name(&row(serde_json::json!({"bankAccountCandidateId": "c-1"}))), "Unnamed account");
        let named = row(serde_json::json!({"bankAccountCandidateId": "c-2", "accountName": "Business current"}));
        assert_eq!(candidate_name(&named), "Business current");
        let card = row(serde_json::json!({"bankAccountCandidateId": "c-3", "accountName": "Visa 4111111111111111"}));
        assert_eq!(candidate_name(&card), "Visa ****1111");
    }
}
