//! The accounts overview: one environment's organisations, each with its bank accounts' live statuses (an account
//! that needs the person again in red, with the bank's reason) and the actions that fit each account, plus a new
//! onboarding one click away.

use egui::{Frame, RichText, Stroke, Ui};

use crate::api::card_number::{self, mask_card_numbers};
use crate::api::models::{BankAccount, BankAccountStatus};
use crate::ui::badge::initials_badge;
use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{
    AccountAction, LinkStage, LoadedAccounts, OrganisationCard, OverviewIntent, OverviewRemoval, OverviewStep, Removal,
};

use super::View;

/// Draws the overview.
pub fn overview_ui(ui: &mut Ui, step: &OverviewStep, environments: &[crate::config::Environment], view: &mut View<'_>) {
    widgets::heading(
        ui,
        "Your bank feeds",
        "Everything onboarded from this computer, with each account's status as the Banking Service reports it now.",
    );
    ui.horizontal_wrapped(|ui| {
        if environments.len() > 1 {
            for environment in environments {
                let chosen = *environment == step.environment;
                if ui.selectable_label(chosen, environment.label()).clicked() && !chosen {
                    view.intents.push(OverviewIntent::ShowEnvironment(environment.clone()).into());
                }
            }
            ui.separator();
        }
        if widgets::button(ui, "Refresh statuses", view.session.connecting.is_none()) {
            view.intents.push(OverviewIntent::Refresh.into());
        }
        if widgets::button(ui, "Start a new onboarding", true) {
            view.intents.push(OverviewIntent::StartOnboarding.into());
        }
    });
    if let Some(problem) = &view.session.connect_problem {
        let text = explain::connect(problem);
        widgets::explained(ui, Tone::Warning, &text);
    } else if view.session.connecting.is_some() {
        widgets::busy(ui, &format!("Connecting to {}…", step.environment.label()));
    }
    ui.add_space(theme::SECTION_GAP);
    for card in &step.cards {
        organisation_card(ui, card, step, view);
        ui.add_space(theme::SECTION_GAP);
    }
}

fn organisation_card(ui: &mut Ui, card: &OrganisationCard, step: &OverviewStep, view: &mut View<'_>) {
    let organisation = &card.organisation;
    Frame::new()
        .stroke(Stroke::new(1.0, theme::palette(ui).card_stroke()))
        .corner_radius(6)
        .inner_margin(theme::card_margin())
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(&organisation.company_name).strong().size(17.0));
                let created = organisation.created_at.strftime("onboarded %Y-%m-%d %H:%M UTC");
                ui.label(RichText::new(created.to_string()).small().color(theme::muted(ui)));
            });
            // Two organisations may share a company name: their controls are told apart by the ID's start as well.
            let id = organisation.organisation_id.as_str();
            let subject = format!("{} ({})", organisation.company_name, id.get(..8).unwrap_or(id));
            widgets::copyable_of(
                ui,
                "Organisation's reference for Sage support",
                id,
                Some("The organisation ID at the Banking Service"),
                Some(&subject),
            );
            match (&card.problem, &card.loaded, card.loading) {
                (Some(problem), _, _) => {
                    let text = explain::access(problem, step.environment.is_local());
                    widgets::explained(ui, Tone::Danger, &text);
                }
                (None, None, Some(_)) => widgets::busy(ui, "Reading its bank accounts…"),
                _ => {}
            }
            if let Some(loaded) = &card.loaded {
                accounts(ui, card, loaded, step.removal.as_ref(), view);
            }
            unfinished_link(ui, card, view);
            ui.add_space(theme::FIELD_GAP);
            let key_missing = matches!(card.problem, Some(crate::wizard::AccessProblem::Keyring(_)));
            let unfinished = view.session.unfinished_link().is_some();
            let can_link = !key_missing && !unfinished && view.session.connection.is_some();
            let link = ui.add_enabled(can_link, egui::Button::new("Link another bank")).on_disabled_hover_text(
                if unfinished {
                    "Continue the unfinished link first"
                } else {
                    "Needs the organisation's key and a connection"
                },
            );
            widgets::name_button(&link, &format!("Link another bank to {subject}"));
            if link.clicked() {
                view.intents.push(OverviewIntent::LinkAnotherBank(organisation.organisation_id.clone()).into());
            }
        });
}

fn accounts(
    ui: &mut Ui,
    card: &OrganisationCard,
    loaded: &LoadedAccounts,
    removal: Option<&OverviewRemoval>,
    view: &mut View<'_>,
) {
    let when = loaded.at.strftime("%H:%M:%S UTC");
    let summary = match loaded.accounts.len() {
        0 => format!("No bank accounts yet (read at {when})"),
        1 => format!("1 bank account (read at {when})"),
        n => format!("{n} bank accounts: {} (read at {when})", counts(loaded)),
    };
    ui.label(RichText::new(summary).color(theme::muted(ui)));
    ui.add_space(4.0);
    for account in &loaded.accounts {
        account_row(ui, card, loaded, account, view);
        if let Some(removal) = removal.filter(|removal| removal.account == account.bank_account_id) {
            confirm_removal(ui, account, removal, view);
        }
    }
}

/// "2 active, 1 needs a sign-in".
fn counts(loaded: &LoadedAccounts) -> String {
    let kinds = [
        (BankAccountStatus::Active, "active"),
        (BankAccountStatus::Pending, "pending"),
        (BankAccountStatus::AuthRequired, "need a sign-in"),
        (BankAccountStatus::Cancelled, "cancelled"),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|(status, words)| {
            let n = loaded.count(status);
            (n > 0).then(|| {
                if n == 1 && *words == "need a sign-in" {
                    "1 needs a sign-in".to_owned()
                } else {
                    format!("{n} {words}")
                }
            })
        })
        .collect();
    parts.join(", ")
}

fn account_row(
    ui: &mut Ui,
    card: &OrganisationCard,
    loaded: &LoadedAccounts,
    account: &BankAccount,
    view: &mut View<'_>,
) {
    let unfinished = view.session.unfinished_link().is_some();
    let bank_name = account.bank_id.as_ref().map_or_else(
        || "Unknown bank".to_owned(),
        |id| loaded.bank(id).map_or_else(|| id.as_str().to_owned(), |bank| bank.name.clone()),
    );
    let act = |action| OverviewIntent::ActOnAccount {
        organisation: card.organisation.organisation_id.clone(),
        account: account.bank_account_id.clone(),
        action,
    };
    ui.horizontal(|ui| {
        let key = account.bank_id.as_ref().map_or("", |id| id.as_str());
        initials_badge(ui, &bank_name, key, 28.0);
        ui.vertical(|ui| {
            let name = account.account_name.as_deref().unwrap_or("Bank account");
            ui.label(RichText::new(mask_card_numbers(name)).strong());
            let identifier = account.account_identifier.as_deref().map(card_number::shown).unwrap_or_default();
            ui.label(RichText::new(format!("{bank_name} {identifier}")).small().color(theme::muted(ui)));
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // Opening an account (to act on it) would forget a link in progress, and needs to know its bank.
            let can_open = !unfinished && account.bank_id.is_some();
            let why =
                if unfinished { "Continue the unfinished link first" } else { "The service did not say its bank" };
            // Each row's buttons say the same words; their accessible names say which account they act on.
            let subject = account_subject(account, &bank_name);
            let open = ui.add_enabled(can_open, egui::Button::new("Open")).on_disabled_hover_text(why);
            widgets::name_button(&open, &format!("Open {subject}"));
            widgets::in_view_when_focused(&open);
            if open.clicked() {
                view.intents.push(act(AccountAction::Open).into());
            }
            if account.status != BankAccountStatus::Cancelled {
                let remove = ui.button("Remove…");
                widgets::name_button(&remove, &format!("Remove {subject}…"));
                widgets::in_view_when_focused(&remove);
                if remove.clicked() {
                    view.intents.push(act(AccountAction::Remove).into());
                }
            }
            let action = match account.status {
                BankAccountStatus::AuthRequired => Some((
                    AccountAction::Reauthorise,
                    "Sign in at the bank again",
                    "Sign in at the bank again for",
                    true,
                )),
                BankAccountStatus::Active => Some((
                    AccountAction::AddMore,
                    "Add more accounts",
                    "Add more accounts from the same sign-in as",
                    false,
                )),
                _ => None,
            };
            if let Some((action, label, name, primary)) = action {
                let button = if primary { widgets::primary(ui, label) } else { egui::Button::new(label) };
                let button = ui.add_enabled(can_open, button).on_disabled_hover_text(why);
                widgets::name_button(&button, &format!("{name} {subject}"));
                widgets::in_view_when_focused(&button);
                if button.clicked() {
                    view.intents.push(act(action).into());
                }
            }
            let (label, colour) = status_words(&account.status, theme::palette(ui));
            ui.label(RichText::new(label).strong().color(colour));
        });
    });
    if account.status == BankAccountStatus::AuthRequired {
        let reason = account
            .status_reason
            .as_deref()
            .unwrap_or("The bank's permission to share this account ran out or needs a new check");
        ui.label(
            RichText::new(format!("{reason}: no transactions come in until you sign in again."))
                .color(theme::danger(ui)),
        );
    }
    ui.add_space(6.0);
}

/// The account as a screen reader names it on a row's buttons: its name, bank and masked number, which tell two
/// accounts apart ("Business Current at Northwind Bank ending 4821").
fn account_subject(account: &BankAccount, bank_name: &str) -> String {
    let name = mask_card_numbers(account.account_name.as_deref().unwrap_or("Bank account"));
    let identifier = account.account_identifier.as_deref().map(card_number::shown).unwrap_or_default();
    format!("{name} at {bank_name} {identifier}").trim_end().to_owned()
}

/// A status in a word or two, in its colour.
fn status_words(status: &BankAccountStatus, palette: &theme::Palette) -> (String, egui::Color32) {
    match status {
        BankAccountStatus::Pending => ("Pending".to_owned(), palette.info),
        BankAccountStatus::Active => ("Active".to_owned(), palette.success),
        BankAccountStatus::AuthRequired => ("Sign-in needed".to_owned(), palette.danger),
        BankAccountStatus::Cancelled => ("Cancelled".to_owned(), palette.muted),
        BankAccountStatus::Other(text) => (format!("Status: {text}"), palette.muted),
    }
}

fn confirm_removal(ui: &mut Ui, account: &BankAccount, removal: &OverviewRemoval, view: &mut View<'_>) {
    let name = mask_card_numbers(account.account_name.as_deref().unwrap_or("this bank account"));
    let (tone, title, body) = match &removal.phase {
        Removal::Confirming => (Tone::Warning, format!("Remove {name}?"), super::account::REMOVE_MEANS.to_owned()),
        Removal::Removing(_) => {
            widgets::busy(ui, "Removing the bank account…");
            return;
        }
        Removal::Failed(failure) => {
            let text = explain::failed_removal(failure);
            (Tone::Danger, text.title, text.body)
        }
    };
    widgets::callout_with(ui, tone, &title, &body, |ui| {
        if widgets::button(ui, "Remove", true) {
            view.intents.push(OverviewIntent::ConfirmRemove.into());
        }
        if widgets::button(ui, "Keep it", true) {
            view.intents.push(OverviewIntent::KeepAccount.into());
        }
    });
}

/// A link of this organisation's that was left before its account was created.
fn unfinished_link(ui: &mut Ui, card: &OrganisationCard, view: &mut View<'_>) {
    let Some(record) = &view.session.link else { return };
    if record.target.organisation_id != card.organisation.organisation_id {
        return;
    }
    let bank = match &record.stage {
        LinkStage::Waiting { bank, .. } | LinkStage::Linked { bank, .. } | LinkStage::Creating { bank, .. } => {
            bank.name.clone()
        }
        LinkStage::ChoosingBank { interrupted: Some(bank) } => bank.clone(),
        LinkStage::ChoosingBank { interrupted: None } | LinkStage::Created { .. } => return,
    };
    let mut go_on = false;
    widgets::callout_with(
        ui,
        Tone::Info,
        &format!("The link with {bank} is unfinished"),
        "Continue where it stopped; nothing done at the bank or the Banking Service is asked for twice.",
        |ui| go_on = widgets::primary_button(ui, "Continue the link", true),
    );
    if go_on {
        view.intents.push(OverviewIntent::ContinueUnfinishedLink.into());
    }
}
