//! The captchas issued and not yet answered. One captcha, one answer: any answer, right or wrong, spends it;
//! answers compare trimmed and case-insensitively. Each is forgotten when its lifetime ends (the next one issued or
//! answered sweeps them), in an `ExpiringMap`, so that issuing or answering one costs the same however many are open.
//! Pure: time comes in as a value.

use jiff::Timestamp;

use super::IssuedCaptcha;
use super::expiring::ExpiringMap;
use crate::api::ids::CaptchaId;
use crate::api::redacted::CaptchaAnswer;
use crate::emulator::refusal::Refusal;

/// The open captchas, by ID, each with its answer until it expires.
#[derive(Clone, Debug, Default)]
pub(super) struct Captchas {
    open: ExpiringMap<CaptchaId, CaptchaAnswer>,
}

impl Captchas {
    /// Remembers a captcha just issued, and forgets those expired by `now`.
    pub(super) fn open(&mut self, issued: &IssuedCaptcha, now: Timestamp) {
        self.open.forget_expired(now);
        self.open.insert(issued.id.clone(), issued.answer.clone(), issued.expires_at);
    }

    /// Spends the captcha `id`: Ok when `typed` is its answer and it has not expired at `now`. Forgets those expired
    /// by `now` too.
    pub(super) fn redeem(&mut self, id: &CaptchaId, typed: &CaptchaAnswer, now: Timestamp) -> Result<(), Refusal> {
        let spent = self.open.remove(id);
        self.open.forget_expired(now);
        let Some((answer, expires_at)) = spent else {
            return Err(Refusal::captcha_expired());
        };
        if now >= expires_at {
            return Err(Refusal::captcha_expired());
        }
        if normalise(typed) == normalise(&answer) { Ok(()) } else { Err(Refusal::captcha_wrong()) }
    }

    /// Forgets the captcha `id`, answered or not.
    pub(super) fn forget(&mut self, id: &CaptchaId) {
        self.open.remove(id);
    }

    /// How many captchas wait for an answer.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.open.len()
    }
}

/// An answer as compared: trimmed, lower case.
fn normalise(answer: &CaptchaAnswer) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(answer.expose().trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assumed::codes;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).expect("valid time")
    }

    fn issued(id: &str, answer: &str, expires: i64) -> IssuedCaptcha {
        IssuedCaptcha { id: CaptchaId::from(id), answer: CaptchaAnswer::new(answer), expires_at: at(expires) }
    }

    fn code(result: Result<(), Refusal>) -> Result<(), &'static str> {
        result.map_err(|refusal| refusal.code)
    }

    #[test]
    fn answers_compare_trimmed_and_case_insensitively() {
        let mut captchas = Captchas::default();
        captchas.open(&issued("c1", "AbC7x", 100), at(0));
        assert_eq!(code(captchas.redeem(&"c1".into(), &CaptchaAnswer::new("  abc7X \n"), at(50))), Ok(()));
    }

    #[test]
    fn a_wrong_answer_spends_the_captcha() {
        let mut captchas = Captchas::default();
        captchas.open(&issued("c1", "ABCDE", 100), at(0));
        assert_eq!(code(captchas.redeem(&"c1".into(), &CaptchaAnswer::new("ABCDF"), at(1))), Err(codes::CAPTCHA_WRONG));
        assert_eq!(
            code(captchas.redeem(&"c1".into(), &CaptchaAnswer::new("ABCDE"), at(2))),
            Err(codes::CAPTCHA_EXPIRED)
        );
    }

    #[test]
    fn a_right_answer_spends_it_too() {
        let mut captchas = Captchas::default();
        captchas.open(&issued("c1", "ABCDE", 100), at(0));
        assert_eq!(code(captchas.redeem(&"c1".into(), &CaptchaAnswer::new("ABCDE"), at(1))), Ok(()));
        assert_eq!(
            code(captchas.redeem(&"c1".into(), &CaptchaAnswer::new("ABCDE"), at(2))),
            Err(codes::CAPTCHA_EXPIRED)
        );
    }

    #[test]
    fn an_expired_or_unknown_captcha_is_refused_even_with_the_right_answer() {
        let mut captchas = Captchas::default();
        captchas.open(&issued("c1", "ABCDE", 100), at(0));
        assert_eq!(
            code(captchas.redeem(&"c1".into(), &CaptchaAnswer::new("ABCDE"), at(100))),
            Err(codes::CAPTCHA_EXPIRED)
        );
        assert_eq!(
            code(captchas.redeem(&"nope".into(), &CaptchaAnswer::new("ABCDE"), at(1))),
            Err(codes::CAPTCHA_EXPIRED)
        );
    }

    #[test]
    fn expired_captchas_are_forgotten_when_a_new_one_opens() {
        let mut captchas = Captchas::default();
        captchas.open(&issued("old", "ABCDE", 10), at(0));
        captchas.open(&issued("live", "ABCDE", 100), at(5));
        assert_eq!(captchas.len(), 2);
        captchas.open(&issued("new", "ABCDE", 200), at(10));
        assert_eq!(captchas.len(), 2);
    }

    #[test]
    fn answering_one_forgets_the_expired_and_keeps_the_live_ones() {
        let mut captchas = Captchas::default();
        for n in 0..1_000 {
            captchas.open(&issued(&format!("old-{n}"), "ABCDE", 10), at(0));
        }
        captchas.open(&issued("live", "ABCDE", 100), at(5));
        captchas.open(&issued("answered", "ABCDE", 100), at(5));
        assert_eq!(captchas.len(), 1_002);
        assert_eq!(code(captchas.redeem(&"answered".into(), &CaptchaAnswer::new("ABCDE"), at(10))), Ok(()));
        assert_eq!(captchas.len(), 1, "the expired thousand went with the answered one");
        assert_eq!(code(captchas.redeem(&"live".into(), &CaptchaAnswer::new("ABCDE"), at(99))), Ok(()));
    }
}
