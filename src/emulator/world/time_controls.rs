//! The emulator's time controls, for its admin endpoint (loopback only) and tests: make an account, with every
//! account under its authorisation, `authRequired` now; expire every access token issued so far. Pure: time comes in
//! as a value.

use jiff::Timestamp;

use super::World;
use crate::api::ids::BankAccountId;
use crate::emulator::jwt::JwtKey;
use crate::emulator::refusal::Refusal;

/// The reason an account made `authRequired` by the admin endpoint shows, unless another is given.
pub const DEFAULT_AUTH_REQUIRED_REASON: &str = "The bank needs you to sign in again (MFA)";

/// How many retired JWT keys are remembered, so that their tokens answer `tokenExpired` rather than `tokenInvalid`.
const RETIRED_KEY_MEMORY: usize = 16;

impl World {
    /// Makes the bank account `id` (of any company) and every account not deleted under its authorisation
    /// `authRequired` from `now`, showing `reason`. Returns the accounts changed; an unknown ID is 404.
    pub fn require_auth(&mut self, id: &str, reason: &str, now: Timestamp) -> Result<Vec<BankAccountId>, Refusal> {
        let company = self.bank_accounts.company_of(id).ok_or_else(|| Refusal::bank_account_not_found(id))?;
        let mut changed = Vec::new();
        for account in self.under_same_authorisation(&BankAccountId::from(id)) {
            if let Some(stored) =
                self.bank_accounts.get_mut(&company, account.as_str()).filter(|stored| stored.cancelled.is_none())
            {
                stored.auth_required = Some((now, reason.to_owned()));
                changed.push(stored.id().clone());
            }
        }
        Ok(changed)
    }

    /// Expires every access token issued so far: they answer 401 `tokenExpired` from now on, and new ones work.
    pub fn expire_access_tokens(&mut self) {
        let fresh = JwtKey::random(&mut self.rng);
        let retired = std::mem::replace(&mut self.jwt_key, fresh);
        self.retired_jwt_keys.insert(0, retired);
        self.retired_jwt_keys.truncate(RETIRED_KEY_MEMORY);
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::api::assumed::codes;
    use crate::emulator::EmulatorConfig;
    use crate::emulator::jwt::{self, Claims};

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + second).expect("valid time")
    }

    fn claims() -> Claims {
        Claims { org: "org-1".into(), company: "co-1".into(), iat: at(0).as_second(), exp: at(600).as_second() }
    }

    #[test]
    fn expired_tokens_answer_token_expired_and_new_ones_work() {
        let mut world = World::new(EmulatorConfig::default(), StdRng::seed_from_u64(9));
        let old = jwt::issue(&world.jwt_key, &claims());
        assert_eq!(world.verify_bearer(old.expose(), at(1)), Ok(claims()));
        world.expire_access_tokens();
        let refusal = world.verify_bearer(old.expose(), at(1)).expect_err("expired");
        assert_eq!((refusal.status, refusal.code), (401, codes::TOKEN_EXPIRED));
        let fresh = jwt::issue(&world.jwt_key, &claims());
        assert_eq!(world.verify_bearer(fresh.expose(), at(1)), Ok(claims()));
        let refusal = world.verify_bearer("a.b.c", at(1)).expect_err("invalid");
        assert_eq!(refusal.code, codes::TOKEN_INVALID, "a token never issued here stays invalid");
    }

    #[test]
    fn an_unknown_account_cannot_be_made_auth_required() {
        let mut world = World::new(EmulatorConfig::default(), StdRng::seed_from_u64(9));
        let refusal = world.require_auth("no-such-account", DEFAULT_AUTH_REQUIRED_REASON, at(1)).expect_err("404");
        assert_eq!((refusal.status, refusal.code), (404, codes::NOT_FOUND));
    }
}
