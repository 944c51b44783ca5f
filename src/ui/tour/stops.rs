//! The tour's stops, in order: what the wizard must show, what is typed, the picture taken, and what is pressed
//! next. Onboarding with its unhappy paths first, then the bank search and the link's waiting screen.

use super::TOUR_CAPTCHA_TEXT;
use super::approve;
use super::consent_picture::CONSENT_PICTURE;
use crate::api::ids::BankId;
use crate::api::models::BankAccountStatus;
use crate::config::{Environment, Profile, Region};
use crate::wizard::CreatePhase;
use crate::wizard::{
    AccountIntent, AccountPhase, AccountStep, BankIntent, BankList, BankStep, CaptchaFetch, CaptchaIntent,
    CaptchaNotice, CreateProblem, EnvironmentIntent, Intent, KeyPhase, LicenceIntent, LinkPhase, LinkStep, Listing,
    MoreAccountsIntent, MoreAccountsStep, OverviewIntent, Reauth, Session, Step, Wizard,
};

/// One stop of the tour: when it is reached, what is typed, the picture taken (if any), and what is pressed next.
pub(super) struct Stop {
    /// The wizard is at this stop.
    pub reached: fn(&Wizard) -> bool,
    /// A file of the tour's folder that must exist too before the stop counts as reached (a picture another
    /// program is taking).
    pub waits_for: Option<&'static str>,
    /// What is typed once the stop is reached.
    pub type_in: fn(&mut Session),
    /// The picture taken, without `.png`.
    pub picture: Option<&'static str>,
    /// The events dispatched on leaving the stop.
    pub then: fn() -> Vec<Intent>,
    /// On leaving, what the tour does as someone other than the person at the window: press Approve on the page the
    /// wizard waits for, have the bank ask for a new sign-in, spoil a key, or lose POST organisation's next answer
    /// (see `approve`).
    pub on_leaving: Option<fn(&Wizard)>,
    /// Once reached, open the request inspector on the newest refused exchange whose path ends so.
    pub inspects: Option<&'static str>,
}

/// The fields most stops leave as they are: no file to wait for, nothing typed, no picture, nothing pressed.
const PLAIN: Stop = Stop {
    reached: |_| false,
    waits_for: None,
    type_in: nothing,
    picture: None,
    then: Vec::new,
    on_leaving: None,
    inspects: None,
};

fn nothing(_: &mut Session) {}

fn captcha_ready(wizard: &Wizard, notice: Option<CaptchaNotice>) -> bool {
    matches!(wizard.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_)) && s.notice == notice)
}

fn fill_form(session: &mut Session, email: &str) {
    let form = &mut session.organisation;
    form.company_name = "Acme Widgets Ltd".into();
    form.postal_code = "NE13 9AA".into();
    form.industrial_code = "62012".into();
    form.vat_number = "GB123456789".into();
    form.crm_id = "CRM-1001".into();
    form.email = email.into();
    form.identity = "1001".into();
}

fn answer(session: &mut Session, text: &str) {
    *session.captcha_answer = text.into();
}

/// The organisation form filled in correctly, then Continue.
const FORM_FILLED: Stop = Stop {
    reached: |w| matches!(w.step(), Step::Organisation(_)),
    type_in: |s| fill_form(s, "ada@acme.example"),
    then: || vec![Intent::Continue],
    ..PLAIN
};

/// The captcha answered right, then Create.
const CAPTCHA_ANSWERED: Stop = Stop {
    reached: |w| captcha_ready(w, None),
    type_in: |s| answer(s, TOUR_CAPTCHA_TEXT),
    then: || vec![CaptchaIntent::CreateOrganisation.into()],
    ..PLAIN
};

/// The licence step, ready for typing.
fn at_licence(wizard: &Wizard) -> bool {
    matches!(wizard.step(), Step::Licence(s) if s.sending.is_none())
}

/// Onboarded, with the connection verified.
fn onboarded(wizard: &Wizard) -> bool {
    matches!(wizard.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified)
}

/// The whole tour, in order.
pub(super) const STOPS: [Stop; 38] = [
    Stop {
        reached: |w| matches!(w.step(), Step::Environment(_)),
        picture: Some("1-environment"),
        then: || vec![EnvironmentIntent::Select(Environment::Production(Region::Eu)).into()],
        ..PLAIN
    },
    Stop {
        reached: |w| w.session().settings.environment.is_live(),
        type_in: |s| s.live_confirmed = true,
        picture: Some("2-production-warning"),
        then: || vec![EnvironmentIntent::Select(Environment::Local(Profile::Qa)).into(), Intent::Continue],
        ..PLAIN
    },
    Stop {
        reached: at_licence,
        type_in: |s| s.licence.fields[0].value = "ACTIVE".into(),
        picture: Some("3-licence"),
        then: || vec![LicenceIntent::Send.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Organisation(s) if !s.show_problems),
        type_in: |s| fill_form(s, "ada@acme"),
        then: || vec![Intent::Continue],
        ..PLAIN
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Organisation(s) if s.show_problems),
        picture: Some("4-organisation-checked"),
        ..PLAIN
    },
    FORM_FILLED,
    Stop {
        reached: |w| captcha_ready(w, None),
        type_in: |s| answer(s, "WRONG1"),
        picture: Some("5-captcha"),
        then: || vec![CaptchaIntent::CreateOrganisation.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| captcha_ready(w, Some(CaptchaNotice::WrongAnswer)),
        type_in: |s| answer(s, TOUR_CAPTCHA_TEXT),
        picture: Some("6-captcha-wrong-answer"),
        then: || vec![CaptchaIntent::CreateOrganisation.into()],
        ..PLAIN
    },
    Stop {
        reached: onboarded,
        picture: Some("7-onboarded"),
        then: || {
            vec![
                Intent::StartOver,
                EnvironmentIntent::Select(Environment::Local(Profile::Production)).into(),
                Intent::Continue,
            ]
        },
        ..PLAIN
    },
    Stop {
        reached: at_licence,
        type_in: |s| s.licence.fields[0].value = "LIMIT-REACHED".into(),
        then: || vec![LicenceIntent::Send.into()],
        ..PLAIN
    },
    FORM_FILLED,
    CAPTCHA_ANSWERED,
    Stop {
        reached: |w| matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::LimitReached { .. }))),
        picture: Some("8-limit-reached"),
        then: || {
            vec![
                Intent::StartOver,
                EnvironmentIntent::Select(Environment::Local(Profile::Production)).into(),
                Intent::Continue,
            ]
        },
        on_leaving: Some(approve::lose_next_organisation_answer),
        ..PLAIN
    },
    // Another Production customer whose POST organisation is done but its answer lost: Retry meets the limit, and
    // the 409 names the lost attempt with a support reference.
    Stop {
        reached: at_licence,
        type_in: |s| s.licence.fields[0].value = "PROD-TOUR-2".into(),
        then: || vec![LicenceIntent::Send.into()],
        ..PLAIN
    },
    FORM_FILLED,
    CAPTCHA_ANSWERED,
    Stop {
        reached: |w| matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::Transient(_)))),
        then: || vec![CaptchaIntent::SendOrganisationAgain.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| captcha_ready(w, Some(CaptchaNotice::Expired)),
        type_in: |s| answer(s, TOUR_CAPTCHA_TEXT),
        then: || vec![CaptchaIntent::CreateOrganisation.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| {
            matches!(w.step(), Step::Create(s)
                if matches!(s.phase, CreatePhase::Failed(CreateProblem::LimitReached { lost_answer: Some(_), .. })))
        },
        picture: Some("8b-lost-answer"),
        then: || {
            vec![Intent::StartOver, EnvironmentIntent::Select(Environment::Local(Profile::Qa)).into(), Intent::Continue]
        },
        ..PLAIN
    },
    // Onboarded again, on the QA profile: the bank search and the link's waiting screen, with the consent page the
    // tour's browser saves a picture of meanwhile.
    Stop {
        reached: at_licence,
        type_in: |s| s.licence.fields[0].value = "ACTIVE".into(),
        then: || vec![LicenceIntent::Send.into()],
        ..PLAIN
    },
    FORM_FILLED,
    CAPTCHA_ANSWERED,
    Stop { reached: onboarded, then: || vec![Intent::LinkBank], ..PLAIN },
    Stop {
        reached: |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })),
        type_in: |s| s.bank_query = "emulator".into(),
        picture: Some("9-bank-search"),
        then: || vec![BankIntent::Choose(BankId::from("emulator-bank-gbr")).into()],
        ..PLAIN
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { .. }, .. })),
        waits_for: Some(CONSENT_PICTURE),
        picture: Some("10-waiting"),
        on_leaving: Some(approve::approve_in_background),
        ..PLAIN
    },
    // Approved: the account is created, and the other accounts of the same authorisation are linked.
    Stop {
        reached: |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. })),
        then: || vec![Intent::Continue],
        ..PLAIN
    },
    Stop {
        reached: |w| matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. })),
        then: || vec![AccountIntent::Create.into()],
        ..PLAIN
    },
    // The bank asks for a new sign-in: the account is re-authorised, then its other accounts are added.
    Stop {
        reached: |w| followed(w, &BankAccountStatus::Active, |reauth| reauth.is_none()),
        on_leaving: Some(approve::make_auth_required),
        then: || vec![AccountIntent::CheckStatusAgain.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| followed(w, &BankAccountStatus::AuthRequired, |reauth| reauth.is_none()),
        picture: Some("12-account-auth-required"),
        then: || vec![AccountIntent::Reauthorise.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| {
            matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
                if matches!(f.reauth, Some(Reauth::Waiting(_))))
        },
        picture: Some("13-reauthorising"),
        on_leaving: Some(approve::approve_in_background),
        ..PLAIN
    },
    Stop {
        reached: |w| followed(w, &BankAccountStatus::Active, |reauth| reauth == Some(&Reauth::Done)),
        then: || vec![AccountIntent::RenewConsent.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| {
            matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
                if matches!(f.reauth, Some(Reauth::Renewing(_))))
        },
        picture: Some("13b-renewing-consent"),
        then: || vec![AccountIntent::RenewalFinished.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| followed(w, &BankAccountStatus::Active, |reauth| reauth == Some(&Reauth::Renewed)),
        then: || vec![AccountIntent::AddMoreAccounts.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| more_accounts(w).is_some_and(|s| s.listing == Listing::Ready && s.selected() == 0),
        then: || vec![MoreAccountsIntent::SelectShown(true).into()],
        ..PLAIN
    },
    Stop {
        reached: |w| more_accounts(w).is_some_and(|s| s.selected() > 0),
        picture: Some("14-more-accounts"),
        then: || vec![MoreAccountsIntent::LinkSelected.into()],
        ..PLAIN
    },
    Stop {
        reached: |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished),
        picture: Some("15-more-accounts-linked"),
        then: || vec![Intent::ShowOverview],
        ..PLAIN
    },
    // The overview, once every organisation is read and every account it lists has settled.
    Stop {
        reached: |w| {
            let Step::Overview(step) = w.step() else { return false };
            let read: Vec<_> = step.cards.iter().filter_map(|card| card.loaded.as_ref()).collect();
            read.len() == step.cards.len()
                && read.iter().any(|loaded| !loaded.accounts.is_empty())
                && read.iter().all(|loaded| loaded.count(&BankAccountStatus::Pending) == 0)
        },
        picture: Some("16-overview"),
        on_leaving: Some(approve::spoil_key),
        then: || vec![OverviewIntent::Refresh.into()],
        ..PLAIN
    },
    // A wrong key in the keyring: the token request's signature is refused, and the inspector shows why.
    Stop {
        reached: |w| matches!(w.step(), Step::Overview(step) if step.cards.iter().any(|card| card.problem.is_some())),
        inspects: Some("/accesstoken"),
        picture: Some("17-inspector-signature"),
        ..PLAIN
    },
];

/// The followed account has `status`, no watch runs for it, and its re-authorisation is as `reauth` wants.
fn followed(wizard: &Wizard, status: &BankAccountStatus, reauth: fn(Option<&Reauth>) -> bool) -> bool {
    matches!(wizard.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
        if f.account.status == *status && f.watching().is_none() && reauth(f.reauth.as_ref()))
}

fn more_accounts(wizard: &Wizard) -> Option<&MoreAccountsStep> {
    match wizard.step() {
        Step::MoreAccounts(step) => Some(step),
        _ => None,
    }
}
