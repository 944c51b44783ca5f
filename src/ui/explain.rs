//! Words for failures: what happened, why, and what to do next, in words a business owner understands; the exact
//! terms (an HTTP status, the service's code, the system's own words) go in `details`, which a screen shows on hover
//! and the terminal prints, for helpdesk and QA.

use crate::api::assumed::codes;
use crate::api::certificate::CertificateProblem;
use crate::api::error::Failure;
use crate::secrets::KeyringProblem;
use crate::store::SaveProblem;
use crate::wizard::{AccessProblem, AtRisk, ConnectProblem, KeyOnlyInMemory, LostAnswer};

/// A failure as a title and a sentence or two, and the exact terms for helpdesk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// What happened, short.
    pub title: String,
    /// Why, and what to do next.
    pub body: String,
    /// The exact terms (`HTTP 503, code injectedFault`, the system's words), when there are any: shown on hover, not
    /// in the sentence.
    pub details: Option<String>,
}

impl Explanation {
    fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        Self { title: title.into(), body: body.into(), details: None }
    }

    fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }
}

/// Explains a failed call to `service` ("the Token Service", "the Banking Service").
#[must_use]
pub fn failure(service: &str, failure: &Failure) -> Explanation {
    match failure {
        Failure::Unreachable { detail } => Explanation::new(
            format!("Could not reach {service}"),
            "Check the network connection (and any proxy or firewall), then try again.",
        )
        .with_details(detail.clone()),
        Failure::TimedOut { seconds } => Explanation::new(
            format!("{} did not answer in time", capitalise(service)),
            format!("No answer came within {seconds} seconds. The service may be busy: wait a minute, then try again."),
        ),
        Failure::Status { status, code, message, retry_after } => {
            let said =
                message.as_ref().map(|m| format!(" It said: \"{}\".", m.trim_end_matches('.'))).unwrap_or_default();
            let next = match (*status, retry_after) {
                (503, _) if code.as_deref() == Some(codes::STATE_NOT_SAVED) => "The local emulator could not save its data in the data folder, so it kept nothing of this request: free some space on that disk, then try again.".to_owned(),
                (429, Some(seconds)) => format!("Too many requests: wait {seconds} seconds, then try again."),
                (429, None) => "Too many requests: wait a minute, then try again.".to_owned(),
                (500..=599, _) => "This is a problem on the service's side: try again in a few minutes. If it goes on, contact Sage support with the time it happened.".to_owned(),
                (401 | 403, _) => "The product ID, provider ID or a signing key was not accepted: check the settings on the first step.".to_owned(),
                _ => "Check what was entered, then try again.".to_owned(),
            };
            let code = code.as_deref().map(|code| format!(", code {code}")).unwrap_or_default();
            let wait = retry_after.map(|seconds| format!(", Retry-After {seconds} s")).unwrap_or_default();
            Explanation::new(status_title(service, *status), format!("{next}{said}"))
                .with_details(format!("HTTP {status}{code}{wait}"))
        }
        Failure::Unreadable { status, detail } => unreadable(service, *status, detail),
        Failure::NotSent { detail } => Explanation::new("The request was not sent", format!("{}.", capitalise(detail))),
        // The TLS library's own words stay in the timeline and the inspector, for helpdesk.
        Failure::Untrusted { problem, .. } => untrusted(service, *problem),
        Failure::NotSaved(problem) => not_saved(problem),
        Failure::KeyringNotReady(problem) => nothing_sent_for_the_keyring(
            problem,
            "The answer carries the customer's signing key, shown only once, so the keyring must be able to keep it before the request goes.",
            &format!(" Nothing was sent to {service}."),
        ),
    }
}

/// What an answer with HTTP `status` means, in words: busy, a problem on its side, not accepted, not found, refused.
fn status_title(service: &str, status: u16) -> String {
    let service = capitalise(service);
    match status {
        429 => format!("{service} is busy"),
        500..=599 => format!("{service} has a problem on its side"),
        401 | 403 => format!("{service} did not accept this product's details"),
        404 => format!("{service} could not find what was asked for"),
        409 => format!("{service} says this exists already"),
        _ => format!("{service} refused the request"),
    }
}

/// Explains a certificate of `service` that was not accepted: which check failed, and what a person can do about it.
/// Certificate checks are never switched off, so it never offers that.
fn untrusted(service: &str, problem: CertificateProblem) -> Explanation {
    let what_to_do = match problem {
        CertificateProblem::UnknownIssuer => {
            "Its certificate is not signed by an authority this computer trusts. On a company network, a proxy may re-sign secure connections with the company's own certificate: ask your IT team to add that certificate to this computer's trusted certificates (on Linux, or name its file in SSL_CERT_FILE). For a test emulator started with --tls, trust the CA certificate its banner names."
        }
        CertificateProblem::OutsideItsDates => {
            "Its certificate is not valid at this computer's date and time: check that the date, time and time zone in the system settings are right. If they are, the service's certificate has expired: tell the team that runs it."
        }
        CertificateProblem::OtherName => {
            "Its certificate was issued for another address: check the service address on the first step (use the host name the certificate names), or ask the team that runs the service."
        }
        CertificateProblem::Refused => {
            "Its certificate was refused (revoked, or not fit for a web server): tell the team that runs the service."
        }
    };
    Explanation::new(
        format!("The connection to {service} is not secure, so nothing was sent"),
        format!("{what_to_do} Then try again."),
    )
}

/// Explains an answer of `service` with `status` whose body was not what was expected (`detail` says how).
fn unreadable(service: &str, status: u16, detail: &str) -> Explanation {
    Explanation::new(
        format!("{} sent an answer that could not be read", capitalise(service)),
        "Try again; if it happens again, the service may have changed: contact support.",
    )
    .with_details(format!("HTTP {status}, but the body was not what was expected ({detail})"))
}

/// The sentence for Sage support when the app ends with `at_risk` (at `now`): see [`support_note`] and
/// [`support_note_while_creating`].
#[must_use]
pub fn support_note_for(at_risk: &AtRisk<'_>, now: jiff::Timestamp) -> String {
    match at_risk {
        AtRisk::BeingCreated { crm_id } => support_note_while_creating(crm_id, now),
        AtRisk::KeyOnlyInMemory(held) => support_note(held),
    }
}

/// The sentence for Sage support when a new organisation's key, held only in memory, is lost: which organisation,
/// where, when, and what happened to its key. No secret.
#[must_use]
pub fn support_note(held: &KeyOnlyInMemory<'_>) -> String {
    let organisation = held.organisation;
    format!(
        "Organisation {} (company {}) was created on {} at {}, but its signing key could not be stored in the \
         keyring and was lost when the app was closed.",
        organisation.organisation_id.as_str(),
        organisation.company_name,
        organisation.environment.label(),
        organisation.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
    )
}

/// The sentence for Sage support when the app closes while POST organisation is under way: the attempt's reference
/// (its CRM ID and the time), as for an answer that was lost.
#[must_use]
pub fn support_note_while_creating(crm_id: &str, closed_at: jiff::Timestamp) -> String {
    let reference = super::words::support_reference(&LostAnswer { crm_id: crm_id.to_owned(), at: Some(closed_at) });
    format!(
        "The app was closed while an organisation was being created ({reference}); if Sage created it, its signing \
         key was lost."
    )
}

/// Explains why progress could not be saved, so nothing was sent: the folder, the cause, and the way on.
#[must_use]
pub fn not_saved(problem: &SaveProblem) -> Explanation {
    let way = format!(
        "{} cannot be written: {} ({}). {}, then try again.",
        problem.folder.display(),
        problem.cause,
        problem.detail,
        capitalise(problem.cause.way_on())
    );
    Explanation::new(
        "Nothing was sent: your progress could not be saved",
        format!(
            "Progress is saved before anything is sent to Sage, so that a restart always knows what was asked. {way} Nothing you entered is lost."
        ),
    )
}

/// Explains a failed call of the Banking Service made for `action` ("Removing the bank account"): the action, then
/// what failed and what to do.
#[must_use]
pub fn failed_action(action: &str, failure: &Failure) -> Explanation {
    let inner = self::failure("the Banking Service", failure);
    Explanation { title: format!("{action} failed: {}", lower_first(&inner.title)), ..inner }
}

/// Explains a failed removal: as [`failed_action`], and whether the account may have been removed all the same.
#[must_use]
pub fn failed_removal(failure: &Failure) -> Explanation {
    let mut text = failed_action("Removing the bank account", failure);
    if failure.answer_may_be_lost() {
        text.body.push_str(
            " It may have been removed before its answer was lost: removing it again is safe and confirms it.",
        );
    } else {
        text.body.push_str(" Nothing was removed.");
    }
    text
}

/// Explains a keyring problem.
#[must_use]
pub fn keyring(problem: &KeyringProblem) -> Explanation {
    match problem {
        KeyringProblem::Locked { detail } => Explanation::new(
            "The keyring is locked",
            "Unlock your login keyring when the system asks for your password (if no dialog came, or it was closed, unlock it yourself: on Linux, for example with Seahorse, \"Passwords and Keys\"), then try again.",
        )
        .with_details(detail.clone()),
        KeyringProblem::Unavailable { detail } => Explanation::new(
            "No keyring is available",
            "The organisation's key is kept in this computer's keyring (where passwords are kept) and nowhere else. On Linux, install and start one such as gnome-keyring (package gnome-keyring), then try again.",
        )
        .with_details(detail.clone()),
        KeyringProblem::Missing => Explanation::new(
            "The keyring holds no signing key for this organisation",
            "The key may have been deleted, or this is another user account or machine. Without it the organisation cannot be used from here: onboard it again from the machine that holds the key, or ask Sage support.",
        ),
        KeyringProblem::Refused { detail } => Explanation::new(
            "The keyring refused",
            "Try again; if it goes on, check the keyring service.",
        )
        .with_details(detail.clone()),
    }
}

/// A keyring problem that stopped a request before it was sent: `why` the keyring must work first, the problem and
/// what to do, then `after`.
fn nothing_sent_for_the_keyring(problem: &KeyringProblem, why: &str, after: &str) -> Explanation {
    let inner = keyring(problem);
    Explanation {
        title: format!("{}: nothing was sent", inner.title),
        body: format!("{why} {}{after}", inner.body),
        details: inner.details,
    }
}

/// Explains why an environment could not be used.
#[must_use]
pub fn connect(problem: &ConnectProblem) -> Explanation {
    match problem {
        ConnectProblem::EmulatorDidNotStart(detail) => Explanation::new(
            "The local emulator did not start",
            "It listens on a free port of 127.0.0.1 of this computer: try again; if it goes on, restart the app.",
        )
        .with_details(detail.clone()),
        ConnectProblem::Keyring(problem) => nothing_sent_for_the_keyring(
            problem,
            "A customer's signing key is shown only once, so the wizard checks the keyring before it starts.",
            "",
        ),
        ConnectProblem::NoApplicationKey => Explanation::new(
            "No application signing key is stored for this product",
            "Web (trusted) products sign the request that creates the organisation with the application signing key Sage issued to the product. Paste it in the field above and store it in the keyring, then continue.",
        ),
        ConnectProblem::Client(detail) => Explanation::new(
            "The connection could not be prepared",
            "Check the settings on the first step, then try again; if it goes on, contact support.",
        )
        .with_details(detail.clone()),
    }
}

/// Explains why no access token could be had; `on_emulator` adds what a 404 means on the local emulator.
#[must_use]
pub fn access(problem: &AccessProblem, on_emulator: bool) -> Explanation {
    match problem {
        AccessProblem::Keyring(problem) => keyring(problem),
        AccessProblem::Service(failure @ Failure::Status { status: 404, .. }) if on_emulator => {
            let mut explanation = self::failure("the Banking Service", failure);
            explanation.body.push_str(
                " The service does not know this organisation. The local emulator keeps its data in emulator-<profile>.json in the app's data folder; if that file was removed or set aside as unreadable, it has forgotten the organisations made before: onboard again.",
            );
            explanation
        }
        AccessProblem::Service(failure) => self::failure("the Banking Service", failure),
        AccessProblem::NoCompany => {
            unreadable("the Banking Service", 200, "the organisation came back without a company")
        }
    }
}

/// `text` with its first letter in lower case, to follow a colon or a verb, unless it starts an acronym ("CRM ID" stays).
#[must_use]
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        // An acronym ("CRM ID", "HTTP 500") keeps its case.
        (Some(first), Some(second)) if first.is_uppercase() && second.is_uppercase() => text.to_owned(),
        (Some(first), _) => first.to_lowercase().chain(text.chars().skip(1)).collect(),
        (None, _) => String::new(),
    }
}

/// `text` with its first letter in upper case.
#[must_use]
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_not_accepted_says_which_check_and_what_to_do_without_the_tls_librarys_words() {
        let explain = |problem| {
            let detail = "invalid peer certificate: UnknownIssuer".to_owned();
            failure("the Banking Service", &Failure::Untrusted { problem, detail })
        };
        let unknown = explain(CertificateProblem::UnknownIssuer);
        assert_eq!(unknown.title, "The connection to the Banking Service is not secure, so nothing was sent");
        assert!(unknown.body.contains("proxy") && unknown.body.contains("SSL_CERT_FILE"), "{}", unknown.body);
        assert!(explain(CertificateProblem::OutsideItsDates).body.contains("date, time and time zone"));
        assert!(explain(CertificateProblem::OtherName).body.contains("service address"));
        for problem in [
            CertificateProblem::UnknownIssuer,
            CertificateProblem::OutsideItsDates,
            CertificateProblem::OtherName,
            CertificateProblem::Refused,
        ] {
            let words = explain(problem);
            assert!(!words.body.contains("UnknownIssuer") && !words.body.contains("peer"), "{}", words.body);
            assert!(!words.body.to_lowercase().contains("switch off"), "never offers to switch checks off");
        }
    }

    #[test]
    fn every_explanation_says_what_to_do() {
        let failures = [
            Failure::Unreachable { detail: "connection refused".into() },
            Failure::TimedOut { seconds: 30 },
            Failure::Status { status: 503, code: None, message: None, retry_after: None },
            Failure::Status { status: 429, code: None, message: None, retry_after: Some(7) },
            Failure::Unreadable { status: 200, detail: "missing field".into() },
        ];
        for f in &failures {
            let text = failure("the Banking Service", f);
            assert!(text.title.starts_with("Could not") || text.title.starts_with("The Banking Service"), "{text:?}");
            assert!(text.body.contains("try again") || text.body.contains("Try again"), "{text:?}");
            let words = format!("{} {}", text.title, text.body);
            assert!(!words.contains("HTTP") && !words.contains("Details:"), "the exact terms are for hover: {text:?}");
        }
        assert_eq!(failure("the Banking Service", &failures[2]).title, "The Banking Service has a problem on its side");
        assert_eq!(failure("the Banking Service", &failures[2]).details.as_deref(), Some("HTTP 503"));
        assert_eq!(failure("the Banking Service", &failures[3]).title, "The Banking Service is busy");
        assert_eq!(failure("the Banking Service", &failures[3]).details.as_deref(), Some("HTTP 429, Retry-After 7 s"));
        assert_eq!(failure("the Banking Service", &failures[0]).details.as_deref(), Some("connection refused"));
        assert!(failure("the Token Service", &failures[3]).body.contains("wait 7 seconds"));
        assert!(keyring(&KeyringProblem::Unavailable { detail: "x".into() }).body.contains("gnome-keyring"));
        let action = failed_action("Checking the account", &failures[0]);
        assert_eq!(action.title, "Checking the account failed: could not reach the Banking Service");
        assert!(failed_removal(&failures[1]).body.ends_with("removing it again is safe and confirms it."));
        assert!(failed_removal(&failures[2]).body.ends_with("Nothing was removed."));
    }

    #[test]
    fn an_organisation_without_a_company_is_explained_as_an_unreadable_answer() {
        let explained = access(&AccessProblem::NoCompany, true);
        assert_eq!(explained.title, "The Banking Service sent an answer that could not be read");
        assert_eq!(explained.body, "Try again; if it happens again, the service may have changed: contact support.");
        assert_eq!(
            explained.details.as_deref(),
            Some("HTTP 200, but the body was not what was expected (the organisation came back without a company)")
        );
    }

    #[test]
    fn a_save_that_failed_names_the_folder_the_cause_and_the_way_on() {
        let problem = |cause| {
            let folder = "/home/ann/.local/share/bf".into();
            Failure::NotSaved(SaveProblem { folder, cause, detail: "No space left on device (os error 28)".into() })
        };
        let full = failure("the Banking Service", &problem(crate::store::SaveCause::Full));
        assert_eq!(full.title, "Nothing was sent: your progress could not be saved");
        assert!(full.body.contains("/home/ann/.local/share/bf cannot be written: the disk is full"), "{full:?}");
        assert!(full.body.contains("Free some space on that disk"), "{full:?}");
        let read_only = failure("the Banking Service", &problem(crate::store::SaveCause::ReadOnly));
        assert!(read_only.body.contains("read-only") && read_only.body.contains("--data-dir"), "{read_only:?}");
        let file = failure("the Banking Service", &problem(crate::store::SaveCause::NotAFolder));
        assert!(file.body.contains("is a file"), "{file:?}");
        let locked =
            failure("the Banking Service", &Failure::KeyringNotReady(KeyringProblem::Locked { detail: "x".into() }));
        assert_eq!(locked.title, "The keyring is locked: nothing was sent");
        let emulator = Failure::Status {
            status: 503,
            code: Some(codes::STATE_NOT_SAVED.into()),
            message: Some("The emulator could not save its state".into()),
            retry_after: None,
        };
        let emulator = failure("the Banking Service", &emulator);
        assert!(emulator.body.starts_with("The local emulator could not save"), "{emulator:?}");
        assert!(!emulator.body.contains("contact Sage support"), "{emulator:?}");
        assert!(locked.body.contains("Unlock") && locked.body.ends_with("Nothing was sent to the Banking Service."));
    }
}
