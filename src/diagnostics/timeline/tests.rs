//! The timeline's sentences: polls numbered per link, no secret an event carried, the oldest entries let go.

use jiff::Timestamp;

use super::*;
use crate::api::error::Failure;
use crate::api::models::CreatedOrganisation;
use crate::api::redacted::{PollRoute, SigningKey};
use crate::wizard::{Answer, Event, Intent, LinkEnd, RequestId};

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + second).expect("a time")
}

fn checked(request: RequestId, second: i64, failure: Option<Failure>) -> Event {
    Answer::LinkChecked {
        request,
        at: at(second),
        next_check_at: at(second + 5),
        failure,
        route: PollRoute::new("http://127.0.0.1:1/api/v1/linkpolls/l/2?sig=route-secret"),
    }
    .into()
}

#[test]
fn polls_are_numbered_per_link_and_the_end_says_how_many() {
    let mut timeline = Timeline::new();
    let link = RequestId(7);
    timeline.note_event(at(0), &Intent::Continue.into());
    timeline.note_event(at(5), &checked(link, 5, None));
    let busy = Failure::Status { status: 503, code: Some("injectedFault".into()), message: None, retry_after: None };
    timeline.note_event(at(10), &checked(link, 10, Some(busy)));
    timeline.note_event(
        at(15),
        &Answer::LinkEnded {
            request: link,
            today: at(15).to_zoned(jiff::tz::TimeZone::UTC).date(),
            end: LinkEnd::Declined,
        }
        .into(),
    );
    let lines: Vec<(EntryKind, &str)> = timeline.entries().map(|entry| (entry.kind, entry.text.as_str())).collect();
    assert_eq!(
        lines,
        [
            (EntryKind::Action, "Pressed Continue"),
            (EntryKind::Answer, "Poll 1 answered 202: not finished; next in 5.0 s"),
            (EntryKind::Problem, "Poll 2 failed (HTTP 503 injectedFault); trying the same route again in 5.0 s"),
            (EntryKind::Problem, "The bank declined the link after 2 polls answered 202"),
        ]
    );
    assert_eq!(timeline.entries().next().map(|entry| entry.at), Some(at(0)));
}

#[test]
fn no_line_holds_a_secret_an_event_carried() {
    let mut timeline = Timeline::new();
    let created = CreatedOrganisation {
        organisation_id: crate::api::ids::OrganisationId("org-1".into()),
        companies: Vec::new(),
        token: SigningKey::new("a".repeat(64)),
    };
    timeline.note_event(
        at(0),
        &Answer::OrganisationCreated { request: RequestId(1), at: at(0), result: Ok(created) }.into(),
    );
    timeline.note_event(at(1), &checked(RequestId(2), 1, None));
    let all: String = timeline.entries().map(|entry| entry.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(all.contains("Organisation org-1 created"), "{all}");
    assert!(!all.contains(&"a".repeat(64)) && !all.contains("route-secret"), "{all}");
}

#[test]
fn the_oldest_entries_are_let_go_past_the_limit() {
    let mut timeline = Timeline::new();
    for second in 0..=i64::try_from(ENTRIES_KEPT).expect("fits") {
        timeline.note(at(second), EntryKind::Action, format!("entry {second}"));
    }
    assert_eq!((timeline.len(), timeline.let_go()), (ENTRIES_KEPT, 1));
    assert_eq!(timeline.entries().next().map(|entry| entry.text.as_str()), Some("entry 1"));
}

#[test]
fn ordinary_progress_saves_are_not_noted() {
    let mut timeline = Timeline::new();
    timeline.note_event(at(0), &Answer::ProgressSaved(Ok(())).into());
    assert!(timeline.is_empty());
}
