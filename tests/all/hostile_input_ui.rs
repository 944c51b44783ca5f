//! Hostile text typed into every form field through the kittest harness, as a person (or a paste) would: random
//! Unicode from a fixed seed, control characters, bidirectional overrides, emoji and combining marks, 10,000
//! characters. The app must not panic, must stay on a sensible step, and must show a validation message for every
//! value it refuses; values it accepts go on to the next step.

use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};

use bankfeeds_onboard::ui::{WizardApp, words};
use bankfeeds_onboard::wizard::{BankList, CaptchaFetch, CreatePhase, KeyPhase, OrganisationForm, Step};

use crate::support::{self, CAPTCHA_TEXT, press, run_until, type_into};

/// The hostile texts, each with a name for failure messages.
fn hostile_texts() -> Vec<(&'static str, String)> {
    let mut rng = StdRng::seed_from_u64(8);
    let random: String =
        std::iter::repeat_with(|| char::from_u32(rng.random_range(0x20..0x3_0000))).flatten().take(40).collect();
    vec![
        ("NUL", "Acme\u{0}Ltd".to_owned()),
        ("bell", "\u{7}".to_owned()),
        ("CR LF", "Acme\r\nLtd".to_owned()),
        ("right-to-left override", "Acme \u{202e}dtL".to_owned()),
        ("line separator", "Acme\u{2028}Ltd".to_owned()),
        ("emoji and combining marks", "Acme 👩‍👩‍👧‍👦 e\u{301}\u{301}\u{301} Z\u{337}\u{327}a\u{334}".to_owned()),
        ("10,000 characters", "x".repeat(10_000)),
        ("random Unicode (seed 8)", random),
    ]
}

/// True when `text` must be refused in a free-text field of at most `limit` characters: blank, too long, a control
/// character, or a character that reorders or breaks the line as displayed (bidirectional overrides and isolates,
/// line and paragraph separators).
fn must_refuse(text: &str, limit: usize) -> bool {
    let reorders = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}');
    let text = text.trim();
    text.is_empty() || text.chars().count() > limit || text.chars().any(|c| c.is_control() || reorders(c))
}

/// True when a label containing `text` is on screen.
fn shows(harness: &Harness<'_, WizardApp>, text: &str) -> bool {
    harness.query_all(By::new().label_contains(text)).next().is_some()
}

/// Presses the button labelled `label` one frame after typing, as a person does: in the frame right after typing, a
/// step's problem label computed before the keystroke vanishes and moves the button, and an AccessKit click sent in
/// that frame is lost (one frame later it lands).
fn submit(harness: &mut Harness<'_, WizardApp>, label: &str) {
    harness.step();
    press(harness, label);
}

/// A few frames, for the runtime to answer what a press started.
fn settle(harness: &mut Harness<'_, WizardApp>) {
    for _ in 0..3 {
        harness.step();
    }
}

/// A valid organisation form, typed into the session directly.
fn valid_form() -> OrganisationForm {
    OrganisationForm {
        company_name: "Acme".into(),
        postal_code: "NE13 9AA".into(),
        industrial_code: "62012".into(),
        vat_number: "GB123456789".into(),
        crm_id: "CRM-1".into(),
        email: "ada@acme.test".into(),
        identity: "1001".into(),
        ..OrganisationForm::default()
    }
}

fn captcha_ready(step: &Step) -> bool {
    matches!(step, Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_)))
}

/// Types each hostile serial and sends it: refused ones stay with a message, accepted ones reach the organisation
/// step (the emulator takes any other serial as a new customer) and come back.
fn licence_serial(harness: &mut Harness<'_, WizardApp>) -> usize {
    let mut tried = 0;
    for (name, text) in hostile_texts() {
        harness.state_mut().wizard_mut().session_mut().licence.fields[0].value.clear();
        type_into(harness, "Serial", &text);
        submit(harness, "Check the licence with Sage");
        settle(harness);
        let typed = harness.state().wizard().session().licence.fields[0].value.clone();
        if must_refuse(&typed, 200) {
            let at = harness.state().wizard().step();
            assert_matches!(at, Step::Licence(s) if s.sending.is_none(), "serial {name} was sent: {typed:?}");
            assert!(shows(harness, "Remove the control") || shows(harness, "Shorten this"), "no message for {name}");
        } else {
            let problems = harness.state().wizard().session().licence.problems();
            assert!(problems.is_empty(), "serial {name} refused: {typed:?} {problems:?}");
            run_until(harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
            press(harness, "Back");
            run_until(harness, "the licence step again", |w| matches!(w.step(), Step::Licence(_)));
        }
        tried += 1;
    }
    tried
}

/// Types each hostile text into each organisation field of an otherwise valid form and presses Continue.
fn organisation_fields(harness: &mut Harness<'_, WizardApp>) -> usize {
    let fields: [(&str, Option<usize>); 7] = [
        ("Company name", Some(100)),
        ("Postal code", None),
        ("Standard industrial code", None),
        ("VAT number", None),
        ("CRM ID", Some(50)),
        ("User e-mail", None),
        ("User identity", Some(100)),
    ];
    let mut tried = 0;
    for (label, limit) in fields {
        for (name, text) in hostile_texts() {
            let mut form = valid_form();
            *field_mut(&mut form, label) = String::new();
            harness.state_mut().wizard_mut().session_mut().organisation = form;
            type_into(harness, label, &text);
            submit(harness, "Continue");
            settle(harness);
            let mut typed = harness.state().wizard().session().organisation.clone();
            let typed = field_mut(&mut typed, label).clone();
            // The patterned fields (postal code, codes, e-mail) take none of these texts.
            if limit.is_none_or(|limit| must_refuse(&typed, limit)) {
                let at = harness.state().wizard().step();
                assert_matches!(at, Step::Organisation(_), "{label} with {name} went on: {typed:?} at {at:?}");
                assert!(shows(harness, "Correct the fields marked above"), "{label} with {name}: no summary");
                let problem = harness.state().wizard().session().organisation.problems();
                let shown = problem.first().map(|(field, problem)| words::field_problem(*field, *problem));
                assert!(
                    problem.len() == 1 && shown.is_some_and(|words| shows(harness, &words)),
                    "{label} with {name}: {problem:?}"
                );
            } else {
                run_until(harness, "the captcha step", |w| matches!(w.step(), Step::Captcha(_)));
                press(harness, "Back");
                run_until(harness, "the organisation step again", |w| matches!(w.step(), Step::Organisation(_)));
            }
            tried += 1;
        }
    }
    tried
}

/// The form's buffer for the field labelled `label`.
fn field_mut<'f>(form: &'f mut OrganisationForm, label: &str) -> &'f mut String {
    match label {
        "Company name" => &mut form.company_name,
        "Postal code" => &mut form.postal_code,
        "Standard industrial code" => &mut form.industrial_code,
        "VAT number" => &mut form.vat_number,
        "CRM ID" => &mut form.crm_id,
        "User e-mail" => &mut form.email,
        _ => &mut form.identity,
    }
}

/// Types hostile captcha answers: each is a wrong answer the emulator refuses, so a new image comes, or the refusal
/// is explained; never an organisation.
fn captcha_answers(harness: &mut Harness<'_, WizardApp>) -> usize {
    let mut tried = 0;
    for (name, text) in hostile_texts() {
        harness.state_mut().wizard_mut().session_mut().captcha_answer.clear();
        type_into(harness, "Characters in the image", &text);
        submit(harness, "Create organisation");
        run_until(harness, "the captcha's refusal", |w| {
            captcha_ready(w.step()) || matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(_)))
        });
        assert!(harness.state().wizard().session().organisations.is_empty(), "captcha {name} created one");
        if matches!(harness.state().wizard().step(), Step::Create(_)) {
            press(harness, "Back");
            run_until(harness, "a new captcha", |w| captcha_ready(w.step()));
        }
        assert!(shows(harness, "Characters in the image"), "captcha {name}: the field is gone");
        tried += 1;
    }
    tried
}

/// Types hostile text into the bank search: the list narrows or says nothing matches; no bank is chosen.
fn bank_search(harness: &mut Harness<'_, WizardApp>) -> usize {
    let mut tried = 0;
    for (name, text) in hostile_texts() {
        harness.state_mut().wizard_mut().session_mut().bank_query.clear();
        type_into(harness, "Search banks", &text);
        settle(harness);
        assert_matches!(harness.state().wizard().step(), Step::Bank(_), "bank search {name} left the step");
        tried += 1;
    }
    tried
}

/// The product's harness, except that a character no bundled font has is drawn as a box, as the real app draws it
/// (egui's default), instead of kittest's panic: hostile text is full of such characters.
fn harness(app: WizardApp) -> Harness<'static, WizardApp> {
    Harness::builder()
        .with_size([1040.0, 780.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut WizardApp| app.draw(ui), app)
}

#[test]
fn hostile_text_in_every_field_is_refused_with_a_message_or_taken_without_a_panic() {
    let started = std::time::Instant::now();
    let test = support::test_app();
    let mut harness = harness(test.app);
    harness.step();
    press(&mut harness, "Continue");
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    let mut tried = licence_serial(&mut harness);

    harness.state_mut().wizard_mut().session_mut().licence.fields[0].value = "ACTIVE".into();
    press(&mut harness, "Check the licence with Sage");
    run_until(&mut harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    tried += organisation_fields(&mut harness);

    harness.state_mut().wizard_mut().session_mut().organisation = valid_form();
    press(&mut harness, "Continue");
    run_until(&mut harness, "a captcha", |w| captcha_ready(w.step()));
    tried += captcha_answers(&mut harness);

    harness.state_mut().wizard_mut().session_mut().captcha_answer.clear();
    type_into(&mut harness, "Characters in the image", CAPTCHA_TEXT);
    press(&mut harness, "Create organisation");
    run_until(&mut harness, "verified", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    press(&mut harness, "Link a bank account");
    run_until(
        &mut harness,
        "the bank search",
        |w| matches!(w.step(), Step::Bank(b) if matches!(b.list, BankList::Ready(_))),
    );
    tried += bank_search(&mut harness);

    eprintln!("hostile UI: {tried} inputs typed in {:?}", started.elapsed());
    harness.into_state().shutdown();
}
