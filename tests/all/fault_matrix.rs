//! The fault matrix: every endpoint the wizard calls × every fault the emulator injects (refused, reset
//! mid-response, timeout, 500 JSON, 502 HTML, 429 Retry-After, malformed JSON, 200 missing fields, slow), each cell a
//! whole walk (`walk.rs`) on the Production profile, where a customer may own one organisation. Every cell must end
//! with every step done, or (a POST organisation whose answer was lost after Sage made it) on the 409 with a support
//! reference; with one organisation, and two bank accounts when done, whatever failed; with nothing typed lost; and
//! with each failure shown in words and a way on. Prints the matrix as tables (`--nocapture`); with
//! `BANKFEEDS_FAULT_MATRIX_OUT=FILE` also writes them there (`docs/fault-matrix.md`).

mod problems;
mod reading;
mod table;
mod walk;

use std::sync::Mutex;

use bankfeeds_onboard::api::{FaultEndpoint, FaultKind};

use self::walk::{Cell, Ending, Outcome};

/// Cells walked at once: most of a walk is waiting for polls and the account to turn active.
const WALKERS: usize = 6;

/// Why `outcome` breaks a promise of the matrix, if it does.
fn broken_promises(outcome: &Outcome) -> Vec<String> {
    let Cell { endpoint, kind } = outcome.cell;
    let mut broken = Vec::new();
    let lost_after_creation =
        endpoint == FaultEndpoint::CreateOrganisation && kind.handles_the_request() && kind != FaultKind::Slow;
    match &outcome.ending {
        Ending::Completed if lost_after_creation => {
            broken.push("went on although the organisation's key was in a lost answer".to_owned());
        }
        Ending::Completed => {
            if outcome.bank_accounts != 2 {
                broken.push(format!("{} bank accounts instead of 2", outcome.bank_accounts));
            }
        }
        Ending::SupportReference(advice) if lost_after_creation => {
            if !advice.contains("CRM ID CRM-HEADLESS") {
                broken.push(format!("the reference does not name the CRM ID: {advice}"));
            }
        }
        Ending::SupportReference(advice) => broken.push(format!("ended on a 409 for nothing lost: {advice}")),
        Ending::Stuck(why) => broken.push(format!("stuck: {why}")),
    }
    if outcome.organisations != 1 {
        broken.push(format!("{} organisations instead of 1", outcome.organisations));
    }
    if !outcome.lost_entries.is_empty() {
        broken.push(format!("lost entries: {:?}", outcome.lost_entries));
    }
    if outcome.calls == 0 {
        broken.push("the endpoint was never called, so its fault was never met".to_owned());
    }
    broken
}

/// In the written file, what follows this line is kept when the matrix is written anew.
const KEPT_MARKER: &str = "<!-- Kept when the matrix is written anew -->";

#[test]
fn every_endpoint_under_every_fault_ends_with_a_way_on_and_nothing_lost_or_made_twice() {
    let cells: Vec<Cell> = FaultEndpoint::ALL
        .into_iter()
        .flat_map(|endpoint| FaultKind::ALL.into_iter().map(move |kind| Cell { endpoint, kind }))
        .collect();
    let queue = Mutex::new(cells.clone());
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for walker in 0..WALKERS {
            let (queue, outcomes) = (&queue, &outcomes);
            std::thread::Builder::new()
                .name(format!("fault-matrix-{walker}"))
                .spawn_scoped(scope, move || {
                    loop {
                        // Taken in a statement of its own, so that the queue is not locked during the walk.
                        let next = queue.lock().expect("queue").pop();
                        let Some(cell) = next else { break };
                        let outcome = walk::walk(cell);
                        eprintln!(
                            "fault matrix: {} × {} → {:?} in {:.1} s; saw {:?}; pressed {:?}",
                            cell.endpoint.label(),
                            cell.kind.label(),
                            outcome.ending,
                            outcome.took.as_secs_f64(),
                            outcome.seen,
                            outcome.pressed
                        );
                        outcomes.lock().expect("outcomes").push(outcome);
                    }
                })
                .expect("a walker starts");
        }
    });
    let mut outcomes = outcomes.into_inner().expect("outcomes");
    outcomes.sort_by_key(|outcome| {
        let position = |e| FaultEndpoint::ALL.iter().position(|x| *x == e);
        let kind = |k| FaultKind::ALL.iter().position(|x| *x == k);
        (position(outcome.cell.endpoint), kind(outcome.cell.kind))
    });
    let verdicts: Vec<Vec<String>> = outcomes.iter().map(broken_promises).collect();
    let text = table::render(&outcomes, &verdicts);
    println!("{text}");
    if let Some(path) = std::env::var_os("BANKFEEDS_FAULT_MATRIX_OUT") {
        // What follows the marker (the desktop's own conditions, written by hand) is kept.
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        let kept = before.find(KEPT_MARKER).map_or("", |at| &before[at..]);
        let joined = if kept.is_empty() { text.clone() } else { format!("{}\n\n{kept}", text.trim_end()) };
        std::fs::write(path, joined).expect("the matrix is written");
    }
    let failed: Vec<String> = outcomes
        .iter()
        .zip(&verdicts)
        .filter(|(_, broken)| !broken.is_empty())
        .map(|(outcome, broken)| {
            format!("{} × {}: {}", outcome.cell.endpoint.label(), outcome.cell.kind.label(), broken.join("; "))
        })
        .collect();
    assert_eq!(outcomes.len(), cells.len(), "every cell walked");
    assert!(failed.is_empty(), "{} of {} cells failed:\n{}", failed.len(), cells.len(), failed.join("\n"));
}
