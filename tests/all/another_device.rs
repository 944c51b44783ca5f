//! Continuing at the bank on another device. The waiting panel, drawn alone in `egui_kittest` from a made-up waiting
//! state: a page a phone can reach shows its QR code, beside the address in a wide window and under it in a narrow
//! one; a page on this computer says why a phone cannot open it instead. The whole app on the loopback emulator says
//! so too; and a consent approved by another HTTP client (a "phone"), while the app's own browser does nothing, is
//! noticed by the app's polling alone, nothing pressed.

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jiff::Timestamp;
use url::Url;

use bankfeeds_onboard::browser::RecordingBrowser;
use bankfeeds_onboard::ui::steps::action_bar::ActionBar;
use bankfeeds_onboard::ui::steps::other_device::{ONLY_HERE, QR_NAME};
use bankfeeds_onboard::ui::steps::{View, browser_wait};
use bankfeeds_onboard::wizard::{Intent, LinkIntent, LinkPhase, LinkStep, Session, Step, Waiting};

use crate::consent;
use crate::linking_ui::{at_bank_search_with_browser, link_phase, start_link};
use crate::support::{self, run_until};

/// What the waiting panel draws from and writes to.
struct Panel {
    waiting: Waiting,
    session: Session,
    intents: Vec<Intent>,
    actions: ActionBar,
}

/// The waiting panel alone, `width` points wide, for a bank page at `redirect`.
fn panel(redirect: &str, width: f32) -> Harness<'static, Panel> {
    let waiting = Waiting {
        redirect: Url::parse(redirect).expect("an address"),
        started_at: Timestamp::now(),
        browser: Ok(()),
        next_check_at: None,
        checks: 3,
        last_failure: None,
    };
    let state = Panel { waiting, session: Session::default(), intents: Vec::new(), actions: ActionBar::default() };
    let mut harness = Harness::builder().with_size([width, 640.0]).build_ui_state(
        |ui, panel: &mut Panel| {
            let mut view = View {
                session: &mut panel.session,
                intents: &mut panel.intents,
                actions: &mut panel.actions,
                opening: false,
            };
            let steps = ["1. Sign in at the bank and choose the account to share."];
            browser_wait::waiting_panel(ui, &panel.waiting, 15, &steps, LinkIntent::Cancel.into(), &mut view);
        },
        state,
    );
    harness.run_steps(2);
    harness
}

const AGGREGATOR_PAGE: &str = "https://aggregator.example.com/consent/3f6c1a2e-9b7d-4c1e-8f2a-5d6e7f8a9b0c?state=Zm9v";

#[test]
fn a_page_a_phone_can_reach_shows_its_qr_code_beside_the_address_in_a_wide_window() {
    let harness = panel(AGGREGATOR_PAGE, 560.0);
    let code = harness.get_by_label(QR_NAME);
    assert_eq!(code.accesskit_node().role(), egui::accesskit::Role::Image);
    assert!(harness.query_by_label(ONLY_HERE).is_none());
    let (code, open_again) = (code.rect(), harness.get_by_label("Open again").rect());
    assert!(code.left() > open_again.right() && code.top() < open_again.bottom(), "{code:?} beside {open_again:?}");
    assert!(code.right() <= 560.0, "{code:?} inside the panel");
    let waited = harness.get_by_label_contains("Waiting for").rect();
    assert!(waited.right() < code.left() && waited.top() < code.bottom(), "the waiting lines {waited:?} beside it too");
    assert!(harness.get_by_label("Cancel").rect().top() > code.bottom(), "Cancel under both columns");
    assert!(harness.query_by_label("Copy bank page").is_some(), "Copy stays");
}

#[test]
fn in_a_narrow_window_the_qr_code_goes_under_the_address() {
    let harness = panel(AGGREGATOR_PAGE, 400.0);
    let (code, open_again) = (harness.get_by_label(QR_NAME).rect(), harness.get_by_label("Open again").rect());
    assert!(code.top() > open_again.bottom(), "{code:?} under {open_again:?}");
    assert!(code.right() <= 400.0, "{code:?} inside the panel");
}

#[test]
fn a_page_on_this_computer_says_why_a_phone_cannot_open_it_instead_of_a_code() {
    let harness = panel("http://127.0.0.1:41234/consent/3f6c1a2e", 560.0);
    assert!(harness.query_by_label(ONLY_HERE).is_some());
    assert!(harness.query_by_label(QR_NAME).is_none());
}

#[test]
fn a_consent_approved_on_another_device_is_noticed_by_polling_alone() {
    let browser = Arc::new(RecordingBrowser::new());
    let (mut harness, _data_dir) = at_bank_search_with_browser(Arc::clone(&browser) as _);
    let redirect = start_link(&mut harness, "Emulator Bank");
    assert_eq!(browser.opened().iter().map(Url::as_str).collect::<Vec<_>>(), [redirect.as_str()]);
    assert!(harness.query_by_label(ONLY_HERE).is_some(), "the loopback emulator's page is for this computer only");
    assert!(harness.query_by_label(QR_NAME).is_none());
    run_until(
        &mut harness,
        "two checks while nobody has approved",
        |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) if waiting.checks >= 2),
    );

    let phone = reqwest::Client::builder()
        .user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148")
        .build()
        .expect("the phone's client");
    let page = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the phone's runtime")
        .block_on(consent::submit_with(&phone, &redirect, "approve"));
    assert!(!page.is_empty(), "the bank answered the phone");

    run_until(&mut harness, "the link, noticed by polling", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    assert!(harness.query_by_label("Emulator Bank is linked").is_some());
    assert_eq!(browser.opened().len(), 1, "the app's browser was asked once and never again");
    support::assert_controls_named_once(&harness, "linked");
    harness.into_state().shutdown();
}
