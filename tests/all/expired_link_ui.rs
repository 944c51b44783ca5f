//! An expired consent page in `egui_kittest`: the link step tells it apart from a decline (the page was left open too
//! long, nothing was linked, start again) and Try again starts a new link. The link's end is handed to the app as
//! the runtime hands it (`LinkEnd::Expired`), on a real link waiting at the in-process emulator.

use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::wizard::{Answer, LinkEnd, LinkPhase, LinkStep, Step};

use crate::linking_ui::{at_bank_search, link_phase, start_link};
use crate::support::{press, run_until};

#[test]
fn an_expired_bank_page_is_worded_as_expired_not_declined_and_can_be_started_again() {
    let (mut harness, _data_dir) = at_bank_search();
    start_link(&mut harness, "Emulator Bank");
    let Step::Link(LinkStep { request, .. }) = harness.state().wizard().step() else { panic!("on the link step") };
    let request = *request;
    let today = jiff::Zoned::now().date();
    harness.state_mut().dispatch(Answer::LinkEnded { request, today, end: LinkEnd::Expired });
    harness.run();
    assert_matches!(link_phase(harness.state().wizard()), Some(LinkPhase::Expired));
    assert!(harness.query_by_label("The page of Emulator Bank expired").is_some());
    harness.get_by_label_contains("left open too long and expired (the service counts this by its own clock");
    assert!(harness.query_by_label("Emulator Bank did not link an account").is_none(), "not worded as declined");
    press(&mut harness, "Try again");
    run_until(&mut harness, "a new link", |w| {
        matches!(link_phase(w), Some(LinkPhase::Starting | LinkPhase::Waiting { .. }))
    });
}
