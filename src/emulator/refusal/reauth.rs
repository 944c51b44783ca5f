//! The refusals of re-authorisation (CONTRACT §6): `indirectauth` for an account that does not need it.

use super::{Refusal, quote};
use crate::api::assumed::codes;

/// Refusals of re-authorisation.
impl Refusal {
    /// 409 bankAccountNotAuthRequired: the account is `status`, not `authRequired`.
    #[must_use]
    pub fn not_auth_required(id: &str, status: &str) -> Self {
        Self::new(
            409,
            codes::NOT_AUTH_REQUIRED,
            format!(
                "The bank account {} is {status}, not authRequired, so there is nothing to re-authorise; read its \
                 status again.",
                quote(id)
            ),
        )
    }
}
