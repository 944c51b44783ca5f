//! The fault matrix as Markdown: a grid (endpoint × fault → how the walk went on) and, cell by cell, what the person
//! saw, what they pressed, how it ended and what the emulator holds afterwards.

use std::fmt::Write as _;

use bankfeeds_onboard::api::{FaultEndpoint, FaultKind};

use super::walk::{Ending, Outcome};

/// The grid's word for one cell.
fn verdict(outcome: &Outcome, broken: &[String]) -> String {
    if !broken.is_empty() {
        return "✗ FAILED".to_owned();
    }
    let spoils_json = matches!(outcome.cell.kind, FaultKind::MalformedJson | FaultKind::MissingFields);
    if spoils_json && !outcome.cell.endpoint.answers_json() {
        return "✓ n/a: 204, no JSON".to_owned();
    }
    match (&outcome.ending, outcome.pressed.first()) {
        (Ending::SupportReference(_), _) => "✓ 409 + reference".to_owned(),
        (_, Some(label)) => format!("✓ {label}"),
        (_, None) if outcome.found_lost_account => "✓ found again".to_owned(),
        (_, None) if !outcome.seen.is_empty() => "✓ by itself".to_owned(),
        (_, None) if outcome.cell.kind == FaultKind::Slow => "✓ no failure".to_owned(),
        (_, None) => "✓ unseen".to_owned(),
    }
}

/// The whole matrix: a summary, the grid, a legend and every cell's row.
pub fn render(outcomes: &[Outcome], verdicts: &[Vec<String>]) -> String {
    let passed = verdicts.iter().filter(|broken| broken.is_empty()).count();
    let mut text = format!(
        "Fault matrix: {passed} of {} cells passed ({} endpoints × {} faults, each injected once, Production profile).\n\n",
        outcomes.len(),
        FaultEndpoint::ALL.len(),
        FaultKind::ALL.len()
    );
    text.push_str("| Endpoint |");
    for kind in FaultKind::ALL {
        write!(text, " {} |", kind.label()).ok();
    }
    text.push_str("\n|---|");
    text.push_str(&"---|".repeat(FaultKind::ALL.len()));
    text.push('\n');
    for endpoint in FaultEndpoint::ALL {
        write!(text, "| `{}` |", endpoint.label()).ok();
        for kind in FaultKind::ALL {
            let cell = outcomes.iter().zip(verdicts).find(|(o, _)| o.cell.endpoint == endpoint && o.cell.kind == kind);
            let word = cell.map_or_else(|| "not walked".to_owned(), |(outcome, broken)| verdict(outcome, broken));
            write!(text, " {word} |").ok();
        }
        text.push('\n');
    }
    text.push_str(
        "\n✓ *Button*: the screen said what failed and offered that button, which led on to the end. ✓ by itself: the \
         screen said what failed while the wizard polled again on its own (a poll answered 5xx, 429 or not at all). ✓ \
         unseen: nothing to press and nothing lost: the status watch read the account again at its next check, a \
         candidate waited out its 429 and was linked, or the overview named a bank by its ID until its next read. ✓ found again: a \
         bank account whose answer was lost was found by its key instead of being created again. ✓ 409 + reference: \
         the organisation was made by the attempt whose answer was lost; the retry met the limit of one, and the \
         screen gives the support reference. ✓ no failure: a slow answer, shown as busy. n/a: a `DELETE` answers 204 \
         with no JSON to spoil; the walk still ran.\n\n",
    );
    text.push_str(
        "| Endpoint | Fault | What the person saw | Pressed | Ending | Orgs | Accounts | Calls | Seconds |\n",
    );
    text.push_str("|---|---|---|---|---|---:|---:|---:|---:|\n");
    for (outcome, broken) in outcomes.iter().zip(verdicts) {
        let seen = if outcome.seen.is_empty() { "—".to_owned() } else { outcome.seen.join(" → ") };
        let pressed = if outcome.pressed.is_empty() { "—".to_owned() } else { outcome.pressed.join(", ") };
        let mut ending = match &outcome.ending {
            Ending::Completed if outcome.found_lost_account => "done (account found again)".to_owned(),
            Ending::Completed => "done".to_owned(),
            Ending::SupportReference(advice) => advice.clone(),
            Ending::Stuck(why) => format!("stuck: {why}"),
        };
        if !broken.is_empty() {
            write!(ending, " — FAILED: {}", broken.join("; ")).ok();
        }
        writeln!(
            text,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            outcome.cell.endpoint.label(),
            outcome.cell.kind.label(),
            escape(&seen),
            escape(&pressed),
            escape(&ending),
            outcome.organisations,
            outcome.bank_accounts,
            outcome.calls,
            outcome.took.as_secs_f64()
        )
        .ok();
    }
    text
}

fn escape(cell: &str) -> String {
    cell.replace('|', "\\|").replace('\n', " ")
}
