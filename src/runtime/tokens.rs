//! Access tokens for the bearer calls (CONTRACT §4.4): one JWT per organisation and company, kept in memory only,
//! renewed before it expires (a minute ahead, or a quarter of a short life) and once more after a 401, so a person
//! never sees a token error for an expired JWT. When it expires is timed from the token's own lifetime (`exp − iat`,
//! both the service's clock) counted from when it arrived by this computer's clock, so a clock hours off neither
//! fetches a token for every call nor uses expired ones. The customer's key is read from the keyring each time a
//! token is fetched, off the async threads.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use base64::Engine as _;
use jiff::Timestamp;
use tokio::sync::Mutex;

use crate::api::Client;
use crate::api::error::{ApiError, Failure};
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::redacted::Jwt;
use crate::wizard::LinkTarget;

use super::Shared;
use super::connect::{blocking, secrets};
use super::execute::{client, logged};

/// A token is renewed when it has less than this left, or less than a quarter of its life for short-lived ones.
const RENEW_BEFORE: Duration = Duration::from_mins(1);
/// How long a token lives when its `exp` and `iat` cannot be read [OBS: 20 minutes].
const ASSUMED_LIFETIME: Duration = Duration::from_mins(20);
/// `iat` and `exp` are whole seconds: a token may have been issued up to a second before its `iat` says.
const CLAIMS_PRECISION: Duration = Duration::from_secs(1);

/// The tokens in hand, by organisation and company.
#[derive(Default)]
pub(super) struct Tokens {
    /// Each token, and when to renew it.
    held: Mutex<HashMap<(OrganisationId, CompanyId), (Jwt, Timestamp)>>,
}

impl Tokens {
    /// Forgets every token (the environment changed).
    pub(super) async fn clear(&self) {
        self.held.lock().await.clear();
    }
}

/// Calls `call` with a live client and token for `target`; after a 401 it fetches a new token and calls once more.
pub(super) async fn with_bearer<T, F, Fut>(shared: &Shared, target: &LinkTarget, call: F) -> Result<T, Failure>
where
    F: Fn(Client, Jwt) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let client = client(shared).await?;
    let token = bearer_token(shared, &client, target, false).await?;
    match call(client.clone(), token).await {
        Err(ApiError::Status { status: 401, .. }) => {
            tracing::info!("access token refused; renewing it once");
            let token = bearer_token(shared, &client, target, true).await?;
            call(client, token).await.map_err(|e| logged(&e))
        }
        other => other.map_err(|e| logged(&e)),
    }
}

/// A token for `target`: the one in hand unless it is about to expire or `fresh` is asked for.
async fn bearer_token(shared: &Shared, client: &Client, target: &LinkTarget, fresh: bool) -> Result<Jwt, Failure> {
    let key = (target.organisation_id.clone(), target.company_id.clone());
    let mut held = shared.tokens.held.lock().await;
    let now = shared.clock.now();
    if !fresh
        && let Some((jwt, renew_at)) = held.get(&key)
        && now < *renew_at
    {
        return Ok(jwt.clone());
    }
    let store = secrets(shared).await.map_err(|problem| Failure::NotSent { detail: problem.to_string() })?;
    let slot = target.key_slot();
    let signing_key = blocking(&store, move |s| s.load(&slot))
        .await
        .map_err(|problem| Failure::NotSent { detail: format!("the organisation's signing key: {problem}") })?;
    let issued = client.access_token(&key.0, &key.1, &signing_key).await.map_err(|e| logged(&e))?;
    let lifetime = lifetime(&issued.jwt).unwrap_or(ASSUMED_LIFETIME);
    let expires_at = now.checked_add(lifetime).unwrap_or(now);
    held.insert(key, (issued.jwt.clone(), renew_at(now, expires_at)));
    Ok(issued.jwt)
}

/// When a token issued at `now` and expiring at `expires_at` is renewed: [`RENEW_BEFORE`] ahead, or a quarter of
/// its life ahead when that is shorter (a 2-second token is renewed after 1.5 seconds, not on every call).
fn renew_at(now: Timestamp, expires_at: Timestamp) -> Timestamp {
    let left = expires_at.duration_since(now);
    let life = if left.is_negative() { Duration::ZERO } else { left.unsigned_abs() };
    let margin = RENEW_BEFORE.min(life / 4);
    expires_at.checked_sub(margin).unwrap_or(now)
}

/// How long a JWT lives, from its own `iat` and `exp` (both the service's clock, so this computer's clock does not
/// matter), less [`CLAIMS_PRECISION`]; read without checking its signature (only to know when to renew it).
fn lifetime(jwt: &Jwt) -> Option<Duration> {
    let payload = jwt.expose().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let (issued, expires) = (claims.get("iat")?.as_i64()?, claims.get("exp")?.as_i64()?);
    let seconds = u64::try_from(expires.checked_sub(issued)?).ok()?;
    Some(Duration::from_secs(seconds).saturating_sub(CLAIMS_PRECISION))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_minute_ahead_or_a_quarter_of_a_short_life_ahead() {
        let now = Timestamp::from_second(1_000).expect("time");
        let at = |seconds: i64| Timestamp::from_second(1_000 + seconds).expect("time");
        assert_eq!(renew_at(now, at(20 * 60)), at(19 * 60), "20 minutes: a minute ahead");
        assert_eq!(renew_at(now, at(2)).as_millisecond(), at(2).as_millisecond() - 500, "2 seconds: after 1.5 s");
        assert_eq!(renew_at(now, now), now, "an expired token is renewed at once");
        assert_eq!(renew_at(now, at(-5)), at(-5), "one that came expired too");
    }

    fn jwt(claims: &str) -> Jwt {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims);
        Jwt::new(format!("eyJhbGciOiJIUzI1NiJ9.{payload}.sig"))
    }

    #[test]
    fn the_lifetime_is_read_from_iat_and_exp_whatever_this_computers_clock_says() {
        let twenty_minutes = jwt(r#"{"iat":1800000000,"exp":1800001200}"#);
        assert_eq!(lifetime(&twenty_minutes), Some(Duration::from_secs(1_199)), "less a second for whole seconds");
        // Issued by a service whose clock is years away from this computer's: only the difference counts.
        let far = jwt(r#"{"iat":100,"exp":1300}"#);
        assert_eq!(lifetime(&far), Some(Duration::from_secs(1_199)));
        assert_eq!(lifetime(&jwt(r#"{"exp":1800000000}"#)), None, "no iat: the assumed lifetime is used");
        assert_eq!(lifetime(&jwt(r#"{"iat":1800000000,"exp":1799999000}"#)), None, "expiring before it was issued");
        assert_eq!(lifetime(&Jwt::new("not a jwt")), None);
        assert_eq!(lifetime(&Jwt::new("a.%%%.c")), None);
    }
}
