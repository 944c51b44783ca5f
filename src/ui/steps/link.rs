//! The link step: what to do in the browser, the aggregator's address with Copy and Open again, how long it has
//! been and when the next check is, Cancel; then each ending with its way on. Redraws once a second while waiting,
//! and not at all when nothing changes.

use egui::Ui;

use crate::api::card_number::{self, mask_card_numbers};
use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{Intent, LinkIntent, LinkPhase, LinkStep, Waiting};

use super::{View, browser_wait};

/// Draws the link step.
pub fn link_ui(ui: &mut Ui, step: &LinkStep, view: &mut View<'_>) {
    let bank = &step.bank.name;
    let minutes = view.session.link_deadline_minutes;
    match &step.phase {
        LinkPhase::Starting => {
            widgets::heading(ui, &format!("Linking {bank}"), "Asking Sage for the bank's own page.");
            widgets::busy(ui, "Preparing the link…");
            cancel(ui, view);
        }
        LinkPhase::Waiting { waiting, .. } => waiting_ui(ui, bank, waiting, minutes, view),
        LinkPhase::Linked(account) => {
            widgets::heading(ui, &format!("{bank} is linked"), "The bank shared this account with Sage.");
            let number = card_number::shown(&account.account_identifier);
            widgets::callout(
                ui,
                Tone::Success,
                &mask_card_numbers(&account.account_name),
                &format!("Account {number}"),
            );
            widgets::copyable_about(ui, "Account number", &number, Some("The account's accountIdentifier"));
            view.actions.primary("Continue", true, Intent::Continue);
            view.actions.focus_primary_on_open();
        }
        LinkPhase::Declined => ended(
            ui,
            view,
            Tone::Danger,
            &format!("{bank} did not link an account"),
            "The sign-in at the bank ended without an account: it was declined there, the credentials were not \
             accepted, or the bank could not share the account. Nothing was created. Try again, and check with the \
             bank if it happens again.",
        ),
        LinkPhase::Expired => ended(
            ui,
            view,
            Tone::Warning,
            &format!("The page of {bank} expired"),
            "The bank's page was left open too long and expired (the service counts this by its own clock, \
             whatever this computer's says), so nothing was linked. Start again: a new page opens, and finish it \
             at the bank.",
        ),
        LinkPhase::TimedOut { redirect } => {
            let body = format!(
                "The bank's page gave no answer within {minutes} minutes, so the app stopped waiting. If you finished \
                 at the bank, try again: a new page opens. To wait longer, change the time limit below."
            );
            ended(ui, view, Tone::Warning, "Stopped waiting for the bank", &body);
            if let Some(redirect) = redirect {
                widgets::copyable(ui, "Last page", redirect.as_str());
            }
        }
        LinkPhase::Cancelled => {
            ended(
                ui,
                view,
                Tone::Info,
                "Link cancelled",
                "Nothing more is sent for this link. You can start it again.",
            );
        }
        LinkPhase::Failed { failure, while_polling } => {
            let what = if *while_polling { "Checking the link" } else { "Starting the link" };
            let text = explain::failed_action(what, failure);
            ended(ui, view, Tone::Danger, &text.title, &text.body);
        }
    }
    deadline_setting(ui, step, view);
}

fn waiting_ui(ui: &mut Ui, bank: &str, waiting: &Waiting, minutes: u32, view: &mut View<'_>) {
    widgets::heading(
        ui,
        &format!("Finish at {bank} in your browser"),
        "This window notices by itself when you are done; you do not need to come back and press anything.",
    );
    let steps = [
        "1. Your browser shows the bank's own page for sharing an account.",
        "2. Sign in as you do at the bank, and choose the account to share.",
        "3. When the page says you are done, come back here.",
    ];
    browser_wait::waiting_panel(ui, waiting, minutes, &steps, LinkIntent::Cancel.into(), view);
}

fn cancel(ui: &mut Ui, view: &mut View<'_>) {
    if widgets::button(ui, "Cancel", true) {
        view.intents.push(LinkIntent::Cancel.into());
    }
}

fn ended(ui: &mut Ui, view: &mut View<'_>, tone: Tone, title: &str, body: &str) {
    widgets::callout_with(ui, tone, title, body, |ui| {
        ui.horizontal(|ui| {
            if widgets::primary_button(ui, "Try again", true) {
                view.intents.push(LinkIntent::StartAgain.into());
            }
            if widgets::button(ui, "Choose another bank", true) {
                view.intents.push(LinkIntent::ChooseAnotherBank.into());
            }
        });
    });
}

/// The time limit, changeable while no link runs.
fn deadline_setting(ui: &mut Ui, step: &LinkStep, view: &mut View<'_>) {
    if matches!(step.phase, LinkPhase::Starting | LinkPhase::Waiting { .. } | LinkPhase::Linked(_)) {
        return;
    }
    ui.add_space(theme::SECTION_GAP);
    ui.horizontal(|ui| {
        let label = ui.label("Wait for the bank up to");
        ui.add(egui::DragValue::new(&mut view.session.link_deadline_minutes).range(1..=120).suffix(" minutes"))
            .labelled_by(label.id);
    });
}
