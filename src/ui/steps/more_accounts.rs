//! The more-accounts step (multi-account link): the other accounts under the first account's authorisation, each with
//! its name, masked number, type, balances and last transaction; a filter, Select all / none and a count; one start
//! date; then "Link N accounts" with a progress bar, each row's state (and Retry), Cancel, and a summary at the end.

use std::borrow::Cow;

use egui::{Align, Layout, RichText, Ui, vec2};

use crate::api::card_number::mask_card_numbers;
use crate::api::models::{BankAccount, BankAccountStatus, Candidate};
use crate::ui::money::format_money;
use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{
    BatchCount, CandidateRow, Intent, Listing, MAX_LINK_CONCURRENCY, MoreAccountsIntent, MoreAccountsStep,
    REFRESH_WAIT, RowProblem, RowState, Watch, WatchStop,
};

use super::View;

/// The height of one row of the list: two lines of text.
const ROW_HEIGHT: f32 = 40.0;

/// How tall the list may grow before it scrolls.
const LIST_HEIGHT: f32 = 330.0;

/// The columns' shares of the width: account, balances, last transaction; the state takes the rest.
const COLUMNS: [f32; 3] = [0.34, 0.18, 0.22];

/// Draws the more-accounts step.
pub fn more_accounts_ui(ui: &mut Ui, step: &MoreAccountsStep, view: &mut View<'_>) {
    let first = step.first.account_name.as_deref().map_or(Cow::Borrowed("your first account"), mask_card_numbers);
    let bank = &step.bank.name;
    widgets::heading(
        ui,
        &format!("Add more accounts from {bank}"),
        &format!(
            "When you signed in at {bank} for {first}, the bank also offered these accounts: tick the ones to bring \
             into your books, with no second sign-in at the bank."
        ),
    );
    let shown = listing_ui(ui, step, view);
    let running = step.batch.is_some_and(|batch| !batch.cancelled) && !step.batch_finished();
    let choosable = shown && step.rows.iter().any(CandidateRow::selectable);
    if shown {
        let count = step.count();
        if step.batch_finished() {
            summary(ui, step, count, view);
        }
        if !running && choosable {
            selection_bar(ui, step, view);
        }
        rows(ui, step, &view.session.candidate_filter.clone(), running, view);
        ui.add_space(theme::FIELD_GAP);
        if running {
            progress(ui, count, view);
        } else if choosable {
            start_and_link(ui, step, view);
        }
    }
    if !running {
        // The way on to the overview: beside "Link N accounts" while there is something to link, else the step's
        // primary action.
        if choosable {
            view.actions.secondary("Done", true, MoreAccountsIntent::Done);
        } else {
            view.actions.primary("Done", true, MoreAccountsIntent::Done);
        }
    }
}

/// The listing's state; true when the rows can be shown.
fn listing_ui(ui: &mut Ui, step: &MoreAccountsStep, view: &mut View<'_>) -> bool {
    match &step.listing {
        Listing::Loading(_) => {
            widgets::busy(ui, "Asking the bank which other accounts it can share…");
            false
        }
        Listing::Refreshing { asks, .. } => {
            widgets::busy(
                ui,
                &format!(
                    "The bank is still gathering its list of accounts; looking again every {} s ({asks} times so far).",
                    REFRESH_WAIT.as_secs()
                ),
            );
            false
        }
        Listing::StillRefreshing => {
            widgets::callout_with(
                ui,
                Tone::Warning,
                "The bank is still gathering its accounts",
                "It has not finished after a minute. Ask again in a moment; nothing was linked meanwhile.",
                |ui| {
                    if widgets::button(ui, "Ask again", true) {
                        view.intents.push(MoreAccountsIntent::ListAgain.into());
                    }
                },
            );
            false
        }
        Listing::Failed(failure) => {
            let text = explain::failed_action("Listing the accounts", failure);
            widgets::explained_with(ui, Tone::Danger, &text, |ui| {
                if widgets::button(ui, "Ask again", true) {
                    view.intents.push(MoreAccountsIntent::ListAgain.into());
                }
            });
            false
        }
        Listing::FindingAgain(_) => {
            widgets::busy(ui, "The bank renamed some accounts behind the scenes: looking them up again…");
            true
        }
        Listing::Ready if step.rows.is_empty() => {
            widgets::callout_with(
                ui,
                Tone::Info,
                "No other accounts to add",
                "Every account you shared at this bank is already linked. To add accounts from another bank, link \
                 it.",
                |ui| {
                    if widgets::button(ui, "Link another bank", true) {
                        view.intents.push(Intent::LinkBank);
                    }
                },
            );
            false
        }
        Listing::Ready => true,
    }
}

fn selection_bar(ui: &mut Ui, step: &MoreAccountsStep, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut view.session.candidate_filter)
                .hint_text("Name, number, type or currency")
                .desired_width(240.0),
        )
        .labelled_by(label.id);
        if widgets::button(ui, "Select all", true) {
            view.intents.push(MoreAccountsIntent::SelectShown(true).into());
            // Every shown account ticked: what comes next is to link them, so the focus moves on to that.
            let filter = &view.session.candidate_filter;
            if step.visible(filter).into_iter().any(|position| step.rows[position].selectable()) {
                view.actions.hand_focus_to_primary();
            }
        }
        if widgets::button(ui, "Select none", true) {
            view.intents.push(MoreAccountsIntent::SelectShown(false).into());
        }
        let selectable = step.rows.iter().filter(|row| row.selectable()).count();
        ui.label(RichText::new(format!("{} of {selectable} selected", step.selected())).color(theme::muted(ui)));
    });
    ui.add_space(theme::FIELD_GAP);
}

/// The rows the filter shows, drawn only where they are scrolled into view.
fn rows(ui: &mut Ui, step: &MoreAccountsStep, filter: &str, running: bool, view: &mut View<'_>) {
    let visible = step.visible(filter);
    if visible.is_empty() {
        ui.label(RichText::new(format!("No account matches \"{}\".", filter.trim())).color(theme::muted(ui)));
        return;
    }
    egui::ScrollArea::vertical().id_salt("candidates").max_height(LIST_HEIGHT).auto_shrink([false, true]).show_rows(
        ui,
        ROW_HEIGHT,
        visible.len(),
        |ui, range| {
            for &position in &visible[range] {
                row(ui, position, &step.rows[position], running, view);
            }
        },
    );
}

fn row(ui: &mut Ui, position: usize, row: &CandidateRow, running: bool, view: &mut View<'_>) {
    let candidate = &row.candidate;
    let width = ui.available_width();
    let [account, balance, last] = COLUMNS.map(|share| share * width);
    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        cell(ui, account, |ui| {
            let mut ticked = row.selected && row.selectable();
            let enabled = row.selectable() && !running;
            let checkbox =
                ui.add_enabled(enabled, egui::Checkbox::new(&mut ticked, crate::ui::words::candidate_name(row)));
            widgets::in_view_when_focused(&checkbox);
            if checkbox.changed() {
                view.intents.push(MoreAccountsIntent::Toggle(position).into());
            }
            ui.label(RichText::new(details(candidate)).small().color(theme::muted(ui)));
        });
        cell(ui, balance, |ui| balances(ui, candidate));
        cell(ui, last, |ui| last_transaction(ui, candidate));
        ui.vertical(|ui| state(ui, position, row, view));
    });
}

/// A column of a fixed width, its content stacked top-down.
fn cell(ui: &mut Ui, width: f32, content: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(vec2(width, ROW_HEIGHT), Layout::top_down(Align::Min), |ui| {
        ui.set_width(width);
        content(ui);
    });
}

/// The second line under the name: the alternative name, masked number, type and subtype, currency.
fn details(candidate: &Candidate) -> String {
    let metadata = candidate.metadata.as_ref();
    let kind = metadata.and_then(|m| m.account_sub_type.as_deref()).or(candidate.account_type.as_deref());
    [
        metadata.and_then(|m| m.alternative_account_name.as_deref()),
        metadata.and_then(|m| m.masked_account_number.as_deref()),
        kind,
        candidate.default_currency.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(mask_card_numbers)
    .collect::<Vec<_>>()
    .join(" · ")
}

fn balances(ui: &mut Ui, candidate: &Candidate) {
    let currency = candidate.default_currency.as_deref();
    let metadata = candidate.metadata.as_ref();
    let line = |ui: &mut Ui, name: &str, amount: Option<&crate::api::models::Amount>| {
        let text = amount.map_or_else(|| "not shared".to_owned(), |amount| format_money(amount, currency));
        ui.label(RichText::new(format!("{name} {text}")).small());
    };
    line(ui, "Available", metadata.and_then(|m| m.available_balance.as_ref()));
    line(ui, "Current", metadata.and_then(|m| m.current_balance.as_ref()));
}

fn last_transaction(ui: &mut Ui, candidate: &Candidate) {
    let Some(last) = &candidate.last_transaction else {
        ui.label(RichText::new("No transactions yet").small().color(theme::muted(ui)));
        return;
    };
    let day = last.day().map_or_else(|| "date not shared".to_owned(), |day| day.to_string());
    ui.label(RichText::new(format!("Last transaction on {day}")).small());
    if let Some(amount) = &last.amount {
        ui.label(RichText::new(format_money(amount, candidate.default_currency.as_deref())).small());
    }
}

fn state(ui: &mut Ui, position: usize, row: &CandidateRow, view: &mut View<'_>) {
    let small = |text: String| RichText::new(text).small();
    match &row.state {
        RowState::Available => {}
        RowState::Connected(account) => {
            let linked = ui.label(small("Already linked".to_owned()).color(theme::muted(ui)));
            if let Some(id) = account {
                linked.on_hover_text(format!("Linked as bank account {id}"));
            }
        }
        RowState::Queued => {
            ui.label(small("Queued".to_owned()).color(theme::muted(ui)));
        }
        RowState::Linking(_) => {
            ui.label(small("Linking…".to_owned()));
        }
        RowState::Waiting { wait, .. } => {
            ui.label(small(format!("Sage asked to wait {} s; trying again then", wait.as_secs())))
                .on_hover_text("HTTP 429 with Retry-After");
        }
        RowState::FindingAgain => {
            ui.label(small("The bank renamed it behind the scenes: looking it up again".to_owned()))
                .on_hover_text("Its candidate ID went stale (404): found again by its accountKey");
        }
        RowState::Linked(account) => {
            let (text, colour, why) = linked_words(ui, account, &row.watch);
            let label = ui.label(small(text).color(colour));
            if let Some(why) = why {
                label.on_hover_text(why);
            }
        }
        RowState::AlreadyLinked => {
            ui.label(small("Linked already".to_owned()).color(theme::success(ui)));
        }
        RowState::Failed(problem) => {
            ui.horizontal(|ui| {
                let (text, details) = problem_text(problem);
                let label = ui.label(small(format!("Not linked: {text}")).color(theme::danger(ui)));
                if let Some(details) = details {
                    label.on_hover_text(details);
                }
                let retry = ui.small_button("Retry");
                widgets::name_button(&retry, &format!("Retry linking {}", crate::ui::words::candidate_name(row)));
                if retry.clicked() {
                    view.intents.push(MoreAccountsIntent::LinkAgain(position).into());
                }
            });
        }
    }
}

/// A linked row's state as its account was last read, followed until it settles: active, still being prepared, or
/// no longer checked (why, on hover). Short, so that a row keeps to two lines.
fn linked_words(ui: &Ui, account: &BankAccount, watch: &Watch) -> (String, egui::Color32, Option<String>) {
    let overview = "The accounts overview (Done) goes on reading it";
    match &account.status {
        BankAccountStatus::Active => ("Linked: active".to_owned(), theme::success(ui), None),
        BankAccountStatus::Pending => match watch {
            Watch::Running { .. } | Watch::Stopped(None) => ("Linked: pending…".to_owned(), theme::success(ui), None),
            Watch::Stopped(Some(WatchStop::TimedOut | WatchStop::Cancelled)) => (
                "Linked: still pending".to_owned(),
                theme::warning(ui),
                Some(format!("Not checked here any more: it took longer than the time limit. {overview}.")),
            ),
            Watch::Stopped(Some(WatchStop::Failed(failure))) => {
                let text = explain::failed_action("Checking it", failure);
                let details = text.details.map(|details| format!(" ({details})")).unwrap_or_default();
                let why = format!("{}{details}. {overview}.", text.title);
                ("Linked: pending; check failed".to_owned(), theme::warning(ui), Some(why))
            }
        },
        BankAccountStatus::AuthRequired => ("Linked: sign-in needed".to_owned(), theme::danger(ui), None),
        BankAccountStatus::Cancelled => ("Linked: cancelled".to_owned(), theme::muted(ui), None),
        BankAccountStatus::Other(text) => (format!("Linked: {text}"), theme::muted(ui), None),
    }
}

/// Why a row was not linked, and the exact terms for the hover.
fn problem_text(problem: &RowProblem) -> (String, Option<String>) {
    match problem {
        RowProblem::Refused(failure) => {
            let text = explain::failed_action("Linking the account", failure);
            (text.title, text.details)
        }
        RowProblem::NoLongerOffered => ("the bank no longer offers it".to_owned(), None),
        RowProblem::StillStale => (
            "the bank keeps renaming it behind the scenes; try again later".to_owned(),
            Some("Its candidate ID went stale (404) again right after it was found again".to_owned()),
        ),
        RowProblem::TooManyWaits => {
            ("Sage kept asking to wait; try again later".to_owned(), Some("HTTP 429, again and again".to_owned()))
        }
    }
}

fn start_and_link(ui: &mut Ui, step: &MoreAccountsStep, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        let label = ui.label("Start date");
        let mut date = step.start_date;
        ui.add(
            egui_extras::DatePickerButton::new(&mut date)
                .id_salt("batch-start-date")
                .start_end_years(2000..=step.today.year())
                .highlight_weekends(false)
                .show_icon(false),
        )
        .labelled_by(label.id);
        if date != step.start_date {
            view.intents.push(MoreAccountsIntent::SetStartDate(date).into());
        }
        ui.add_space(theme::SECTION_GAP);
        let label = ui.label("How many at once");
        let mut concurrency = view.session.link_concurrency;
        ui.add(egui::DragValue::new(&mut concurrency).range(1..=MAX_LINK_CONCURRENCY))
            .labelled_by(label.id)
            .on_hover_text(format!(
                "Link calls sent to the Banking Service at the same time (1 to {MAX_LINK_CONCURRENCY})"
            ));
        if concurrency != view.session.link_concurrency {
            view.intents.push(MoreAccountsIntent::SetLinkConcurrency(concurrency).into());
        }
    });
    match step.start_date_problem().filter(|_| step.show_problems).map(crate::ui::words::start_date_problem) {
        Some(problem) => ui.label(RichText::new(problem).color(theme::danger(ui))),
        None => ui.label(
            RichText::new(format!("Every account gets transactions from {} on.", step.start_date))
                .small()
                .color(theme::muted(ui)),
        ),
    };
    ui.add_space(theme::FIELD_GAP);
    let selected = step.selected();
    let ready = step.listing == Listing::Ready && selected > 0;
    let text = match selected {
        1 => "Link 1 account".to_owned(),
        n => format!("Link {n} accounts"),
    };
    view.actions.primary(text, ready, MoreAccountsIntent::LinkSelected);
}

fn progress(ui: &mut Ui, count: BatchCount, view: &mut View<'_>) {
    let done = count.linked + count.failed;
    let fraction = if count.total == 0 { 0.0 } else { ratio(done, count.total) };
    let failed = if count.failed > 0 { format!("; {} failed", count.failed) } else { String::new() };
    ui.add(egui::ProgressBar::new(fraction).text(format!("{done} of {} done{failed}", count.total)));
    view.actions.secondary("Cancel", true, MoreAccountsIntent::CancelBatch);
}

fn summary(ui: &mut Ui, step: &MoreAccountsStep, count: BatchCount, view: &mut View<'_>) {
    let (tone, title) = match (count.linked, count.failed) {
        (linked, 0) => (Tone::Success, format!("{linked} more {} linked", plural(linked))),
        (linked, failed) => (Tone::Warning, format!("{linked} more {} linked; {failed} not linked", plural(linked))),
    };
    let pending = step
        .rows
        .iter()
        .filter(|row| matches!(&row.state, RowState::Linked(account) if account.status == BankAccountStatus::Pending))
        .count();
    let mut sentences = vec![format!("At {}, with transactions from {} on.", step.bank.name, step.start_date)];
    if pending > 0 {
        let verb = if pending == 1 { "is" } else { "are" };
        sentences.push(format!("{pending} {verb} still pending: the bank is preparing their first transactions."));
    }
    if count.failed > 0 {
        sentences.push("The rows below say why the others were not linked; each can be retried.".to_owned());
    }
    let body = sentences.join(" ");
    widgets::callout_with(ui, tone, &title, &body, |ui| {
        if widgets::button(ui, "Link another bank", true) {
            view.intents.push(Intent::LinkBank);
        }
    });
    ui.add_space(theme::FIELD_GAP);
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "account" } else { "accounts" }
}

/// `part / whole` for a progress bar.
#[allow(clippy::cast_precision_loss, reason = "counts of accounts are far below f32's exact range")]
fn ratio(part: usize, whole: usize) -> f32 {
    part as f32 / whole as f32
}
