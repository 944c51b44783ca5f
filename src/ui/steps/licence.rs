//! The licence step: the licence details, serial first, sent to the Token Service.

use egui::{RichText, TextEdit, Ui};

use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{Intent, LicenceIntent, LicenceReason, LicenceStep};

use super::View;

/// The serials the local emulator knows, with what each does; pressing one puts it in the serial field.
fn test_serials(ui: &mut Ui, serial: &mut String, enabled: bool) {
    ui.label(
        RichText::new("Test serials on the emulator (press one to use it; any other serial is a new valid customer)")
            .color(theme::muted(ui))
            .small(),
    );
    egui::Grid::new("test-serials").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
        for named in crate::emulator::fixtures::NAMED_SERIALS {
            if ui.add_enabled(enabled, egui::Button::new(RichText::new(named.serial).monospace().small())).clicked() {
                named.serial.clone_into(serial);
            }
            ui.label(RichText::new(named.effect).color(theme::muted(ui)).small());
            ui.end_row();
        }
    });
}

/// The Token Service, as a customer knows it (its name stays in the inspector and the timeline).
pub const LICENCE_SERVICE: &str = "Sage's licence service";

/// Draws the licence step.
pub fn licence_ui(ui: &mut Ui, step: &LicenceStep, view: &mut View<'_>) {
    widgets::heading(
        ui,
        "Licence details",
        "Sage checks these before the organisation is created. The serial is on the product's licence.",
    );
    if let Some(LicenceReason::NotACustomer { message }) = &step.reason {
        let said = message
            .as_ref()
            .map(|m| format!(" The service said: \"{}\".", m.trim_end_matches('.')))
            .unwrap_or_default();
        widgets::callout(
            ui,
            Tone::Danger,
            "Sage does not recognise these licence details as a valid customer's",
            &format!(
                "Check the serial against the product's licence, correct it, and send it again. Nothing was created.{said}"
            ),
        );
    }
    let problems: Vec<(usize, String)> = if step.show_problems {
        let problems = view.session.licence.problems();
        problems.iter().map(|(index, problem)| (*index, crate::ui::words::licence_field_problem(problem))).collect()
    } else {
        Vec::new()
    };
    let sending = step.sending.is_some();
    if view.session.settings.environment.is_local() {
        test_serials(ui, &mut view.session.licence.fields[0].value, !sending);
        ui.add_space(theme::FIELD_GAP);
    }
    fields(ui, &problems, sending, view);
    if let Some(failure) = &step.failure {
        let text = explain::failure(LICENCE_SERVICE, failure);
        widgets::explained(ui, Tone::Danger, &text);
    }
    view.actions.secondary("Back", !sending, Intent::Back);
    if sending {
        view.actions.busy("Checking the licence with Sage…");
    } else {
        view.actions.primary("Check the licence with Sage", true, LicenceIntent::Send);
    }
}

fn fields(ui: &mut Ui, problems: &[(usize, String)], sending: bool, view: &mut View<'_>) {
    let count = view.session.licence.fields.len();
    let opening = view.opening;
    for index in 0..count {
        let field = &mut view.session.licence.fields[index];
        ui.horizontal(|ui| {
            if index == 0 {
                let label = ui.label(RichText::new("Serial").strong());
                let serial = ui
                    .add_enabled(
                        !sending,
                        TextEdit::singleline(&mut field.value)
                            .id_salt("serial")
                            .hint_text("ACTIVE")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                super::focus_first(opening, &serial);
                widgets::in_view_when_focused(&serial);
            } else {
                let name_label = ui.label(format!("Field {index} name"));
                ui.add_enabled(!sending, TextEdit::singleline(&mut field.name).hint_text("name").desired_width(140.0))
                    .labelled_by(name_label.id);
                let value_label = ui.label("value");
                ui.add_enabled(
                    !sending,
                    TextEdit::singleline(&mut field.value).hint_text("value").desired_width(180.0),
                )
                .labelled_by(value_label.id);
                if widgets::button(ui, &format!("Remove field {index}"), !sending) {
                    view.intents.push(LicenceIntent::RemoveField(index).into());
                }
            }
        });
        if let Some((_, problem)) = problems.iter().find(|(at, _)| *at == index) {
            ui.label(RichText::new(problem).color(theme::danger(ui)).small());
        }
    }
    if widgets::button(ui, "Add field", !sending) {
        view.intents.push(LicenceIntent::AddField.into());
    }
}
