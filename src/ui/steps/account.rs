//! The bank account step: its name and start date (a date picker, nothing after today), its creation, then its
//! status followed live from `pending` to `active`, with Stop and Check again.

use std::time::Duration;

use egui::{RichText, Ui};
use jiff::Timestamp;

use crate::api::card_number;
use crate::api::models::{Bank, BankAccountStatus, LinkedAccount};
use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{AccountIntent, AccountPhase, AccountStep, Following, Intent, Reauth, Removal, WatchStop};

use super::{View, browser_wait};

/// Draws the bank account step.
pub fn account_ui(ui: &mut Ui, step: &AccountStep, view: &mut View<'_>) {
    match &step.phase {
        AccountPhase::Details { linked, show_problems, problem, .. } => {
            details(ui, &step.bank, linked, *show_problems, problem.as_ref(), view);
        }
        AccountPhase::Creating { .. } => {
            widgets::heading(ui, "Creating the bank account", "Sending it to the Banking Service.");
            view.actions.busy("Creating the bank account…");
        }
        AccountPhase::Finding { .. } => {
            widgets::heading(
                ui,
                "Checking the bank account",
                "The last attempt to create it got no answer, so the app looks for it before sending anything again.",
            );
            widgets::busy(ui, "Looking for the bank account at the Banking Service…");
            if let Some(problem) = &view.session.connect_problem {
                let text = explain::connect(problem);
                widgets::explained(ui, Tone::Warning, &text);
            }
        }
        AccountPhase::Following(following) => status(ui, following, view),
    }
}

fn details(
    ui: &mut Ui,
    bank: &Bank,
    linked: &LinkedAccount,
    show_problems: bool,
    problem: Option<&crate::api::error::Failure>,
    view: &mut View<'_>,
) {
    widgets::heading(
        ui,
        "Name the account and choose its start date",
        "The account appears in your books under this name, with its transactions from the start date on.",
    );
    widgets::value_row(ui, "Bank", &bank.name);
    widgets::value_row(ui, "Account", &card_number::shown(&linked.account_identifier));
    let opening = view.opening;
    let Some(details) = &mut view.session.account_details else { return };
    let name_problem = details.name_problem().filter(|_| show_problems).map(crate::ui::words::account_name_problem);
    let name = widgets::text_field(
        ui,
        "Account name",
        &mut details.name,
        "Like Business current account",
        name_problem.as_deref(),
    );
    super::focus_first(opening, &name);
    ui.add_space(theme::FIELD_GAP);
    ui.horizontal(|ui| {
        let label = ui.label("Start date");
        let last_year = details.today.year();
        ui.add(
            egui_extras::DatePickerButton::new(&mut details.start_date)
                .id_salt("start-date")
                .start_end_years(2000..=last_year)
                .highlight_weekends(false)
                .show_icon(false),
        )
        .labelled_by(label.id);
    });
    let date_problem = details.start_date_problem().map(crate::ui::words::start_date_problem);
    match date_problem {
        Some(problem) => {
            ui.label(RichText::new(problem).color(theme::danger(ui)));
        }
        None => {
            ui.label(
                RichText::new(format!(
                    "Transactions from {} on are fetched. The default, the first of the month two months ago, brings \
                     in two whole months.",
                    details.start_date
                ))
                .small()
                .color(theme::muted(ui)),
            );
        }
    }
    if let Some(failure) = problem {
        let text = explain::failed_action("Creating the bank account", failure);
        widgets::explained(ui, Tone::Danger, &text);
    }
    view.actions.primary("Create bank account", true, AccountIntent::Create);
}

fn status(ui: &mut Ui, following: &Following, view: &mut View<'_>) {
    let account = &following.account;
    let name = card_number::mask_card_numbers(account.account_name.as_deref().unwrap_or("Bank account"));
    widgets::heading(ui, &name, "The bank account is set up at Sage; this screen shows how it is doing.");
    widgets::copyable_about(
        ui,
        "Account's reference for Sage support",
        account.bank_account_id.as_str(),
        Some("The bank account ID at the Banking Service"),
    );
    if let Some(identifier) = &account.account_identifier {
        widgets::value_row(ui, "Account", &card_number::shown(identifier));
    }
    ui.add_space(theme::FIELD_GAP);
    if bank_page_open(ui, following, view) {
        return;
    }
    let (tone, title, body) = match &account.status {
        BankAccountStatus::Pending => (
            Tone::Info,
            "Pending".to_owned(),
            "The bank is preparing the first transactions. This usually takes a few moments; it can take longer."
                .to_owned(),
        ),
        BankAccountStatus::Active => {
            (Tone::Success, "Active".to_owned(), "Transactions flow into your books from the start date.".to_owned())
        }
        BankAccountStatus::AuthRequired => (
            Tone::Danger,
            "The bank asks you to sign in again".to_owned(),
            format!(
                "{} No transactions come in until you do: press \"Sign in at the bank again\" below, then sign in in your browser.",
                sentence(
                    account
                        .status_reason
                        .as_deref()
                        .unwrap_or("The bank's permission to share this account ran out or needs a new check")
                )
            ),
        ),
        BankAccountStatus::Cancelled => (
            Tone::Warning,
            "Cancelled".to_owned(),
            "This bank account was removed; no transactions come in.".to_owned(),
        ),
        BankAccountStatus::Other(text) => {
            (Tone::Info, format!("Status: {text}"), "A status this app does not know; ask Sage support.".to_owned())
        }
    };
    widgets::callout(ui, tone, &title, &body);
    reauth(ui, following, view);
    let now = Timestamp::now();
    if let Some(checked) = following.checked_at {
        let ago = now.duration_since(checked).unsigned_abs().as_secs();
        ui.label(RichText::new(format!("Checked {ago} s ago")).small().color(theme::muted(ui)));
    }
    if following.watching().is_some() {
        let next = match following.next_check_at() {
            Some(at) if at > now => format!("Next check in {} s", at.duration_since(now).unsigned_abs().as_secs() + 1),
            _ => "Checking now".to_owned(),
        };
        ui.label(RichText::new(next).small().color(theme::muted(ui)));
        if widgets::button(ui, "Stop checking", true) {
            view.intents.push(AccountIntent::StopWatching.into());
        }
        ui.ctx().request_repaint_after(Duration::from_secs(1));
    } else {
        match following.stopped() {
            Some(WatchStop::Cancelled) => {
                ui.label("Checking stopped.");
            }
            Some(WatchStop::TimedOut) => {
                ui.label("Still not active after the time limit; the bank may need longer. Check again later.");
            }
            Some(WatchStop::Failed(failure)) => {
                let text = explain::failed_action("Checking the account", failure);
                widgets::explained(ui, Tone::Danger, &text);
            }
            None => {}
        }
        let active = account.status == BankAccountStatus::Active;
        view.actions.secondary("Check again", true, AccountIntent::CheckStatusAgain);
        view.actions.secondary("Link another bank account", true, Intent::LinkBank);
        if active {
            view.actions.primary("Add more accounts from this bank", true, AccountIntent::AddMoreAccounts);
            view.actions.focus_primary_on_open();
        }
    }
    removal(ui, following, view);
}

/// The bank's page while a re-authorisation or a renewal waits on it; true when it is drawn (and nothing else is).
fn bank_page_open(ui: &mut Ui, following: &Following, view: &mut View<'_>) -> bool {
    match &following.reauth {
        Some(Reauth::Waiting(waiting)) => {
            let steps = [
                "1. Your browser shows the bank's sign-in page.",
                "2. Sign in as you do at the bank and confirm that it may go on sharing the account.",
                "3. When the page says you are done, come back here: the account turns active by itself.",
            ];
            let minutes = view.session.link_deadline_minutes;
            widgets::callout(
                ui,
                Tone::Info,
                "Signing in again at the bank",
                "Every account this sign-in covers recovers with it.",
            );
            browser_wait::waiting_panel(ui, waiting, minutes, &steps, AccountIntent::CancelReauth.into(), view);
            true
        }
        Some(Reauth::Renewing(waiting)) => {
            renewing(ui, waiting, view);
            true
        }
        Some(Reauth::Starting(_) | Reauth::Done | Reauth::Renewed | Reauth::Failed(_)) | None => false,
    }
}

/// Re-authorisation's way in and its outcome, under the status.
fn reauth(ui: &mut Ui, following: &Following, view: &mut View<'_>) {
    match &following.reauth {
        Some(Reauth::Starting(_)) => widgets::busy(ui, "Asking the Banking Service for the bank's sign-in page…"),
        Some(Reauth::Failed(failure)) => {
            let text = explain::failed_action("Opening the bank's sign-in page", failure);
            widgets::explained(ui, Tone::Danger, &text);
        }
        Some(Reauth::Done) => {
            ui.label(RichText::new("Signed in again: transactions flow again.").color(theme::success(ui)));
        }
        Some(Reauth::Renewed) => {
            ui.label(RichText::new("The bank's consent was renewed.").color(theme::success(ui)));
        }
        Some(Reauth::Waiting(_) | Reauth::Renewing(_)) | None => {}
    }
    let can_start = !following.reauth.as_ref().is_some_and(Reauth::is_under_way);
    match following.account.status {
        BankAccountStatus::AuthRequired if can_start => {
            view.actions.primary("Sign in at the bank again", true, AccountIntent::Reauthorise);
            view.actions.focus_primary_on_open();
        }
        BankAccountStatus::Active if can_start && widgets::button(ui, "Renew the bank's consent", true) => {
            view.intents.push(AccountIntent::RenewConsent.into());
        }
        _ => {}
    }
}

/// Renewing an active account's consent: the bank's page, and the person's word that it is done (the account stays
/// active, so nothing else can tell).
fn renewing(ui: &mut Ui, waiting: &crate::wizard::Waiting, view: &mut View<'_>) {
    widgets::callout(
        ui,
        Tone::Info,
        "Renewing the bank's consent",
        "Transactions keep coming in meanwhile. Sign in at the bank in your browser and confirm that it may go on \
         sharing the account; then come back here.",
    );
    if let Err(why) = &waiting.browser {
        let body = format!("{why}. Copy the address below and open it in your browser.");
        widgets::callout(ui, Tone::Warning, "No browser could be opened", &body);
    }
    widgets::copyable(ui, "Bank page", waiting.redirect.as_str());
    ui.horizontal(|ui| {
        if widgets::primary_button(ui, "I have finished at the bank", true) {
            view.intents.push(AccountIntent::RenewalFinished.into());
        }
        if widgets::button(ui, "Open again", true) {
            view.intents.push(Intent::OpenInBrowser(waiting.redirect.clone()));
        }
        if widgets::button(ui, "Cancel", true) {
            view.intents.push(AccountIntent::CancelReauth.into());
        }
    });
}

/// Remove, with a confirmation that says what stops.
fn removal(ui: &mut Ui, following: &Following, view: &mut View<'_>) {
    if following.account.status == BankAccountStatus::Cancelled {
        return;
    }
    ui.add_space(theme::SECTION_GAP);
    let name = card_number::mask_card_numbers(following.account.account_name.as_deref().unwrap_or("this bank account"));
    match &following.removal {
        None => {
            if widgets::button(ui, "Remove bank account", true) {
                view.intents.push(AccountIntent::AskToRemove.into());
            }
        }
        Some(Removal::Confirming) => confirm(ui, Tone::Warning, &format!("Remove {name}?"), REMOVE_MEANS, view),
        Some(Removal::Removing(_)) => widgets::busy(ui, "Removing the bank account…"),
        Some(Removal::Failed(failure)) => {
            let text = explain::failed_removal(failure);
            confirm(ui, Tone::Danger, &text.title, &text.body, view);
        }
    }
}

/// What removing an account stops, said before it is done.
pub(super) const REMOVE_MEANS: &str = "The Banking Service stops fetching its transactions and the account shows as cancelled. \
     Transactions already in your books stay. Other accounts from this bank are not affected.";

fn confirm(ui: &mut Ui, tone: Tone, title: &str, body: &str, view: &mut View<'_>) {
    widgets::callout_with(ui, tone, title, body, |ui| {
        ui.horizontal(|ui| {
            if widgets::button(ui, "Remove", true) {
                view.intents.push(AccountIntent::ConfirmRemove.into());
            }
            if widgets::button(ui, "Keep it", true) {
                view.intents.push(AccountIntent::KeepAccount.into());
            }
        });
    });
}

/// `text` as a sentence: with a full stop unless it already ends with one (or another closing mark).
pub(super) fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) { text.to_owned() } else { format!("{text}.") }
}
