//! The window's fixed parts around the current step: the side panel (the way to the overview and the numbered steps)
//! and the status line (the connection, Connect again, a progress file that could not be saved).

use egui::{RichText, Ui};

use super::{WizardApp, explain, theme};
use crate::diagnostics::timeline::{progress_problem_text, step_title};
use crate::wizard::{Intent, Step, StepName};

impl WizardApp {
    /// The way to the overview (once anything is onboarded) above the numbered steps.
    pub(super) fn side_panel(&self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.add_space(theme::SECTION_GAP);
        if !self.wizard.session().organisations.is_empty() {
            let on_overview = matches!(self.wizard.step(), Step::Overview(_));
            let can_leave = self.wizard.can_leave_step();
            let response = ui
                .add_enabled(can_leave || on_overview, egui::Button::selectable(on_overview, "Accounts overview"))
                .on_disabled_hover_text("Finish or cancel what this step is doing first");
            if response.clicked() && !on_overview {
                intents.push(Intent::ShowOverview);
            }
            ui.add_space(theme::SECTION_GAP);
            ui.label(RichText::new("Onboarding").small().color(theme::muted(ui)));
            ui.add_space(4.0);
        }
        self.step_list(ui);
    }

    fn step_list(&self, ui: &mut Ui) {
        let Some(current) = self.wizard.step().name() else {
            for name in StepName::ALL {
                ui.label(RichText::new(format!("{}. {}", name.number(), step_title(name))).color(theme::muted(ui)));
                ui.add_space(4.0);
            }
            return;
        };
        for name in StepName::ALL {
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
                let centre = rect.center();
                let painter = ui.painter();
                let text = RichText::new(format!("{}. {}", name.number(), step_title(name)));
                let text = match name.cmp(&current) {
                    std::cmp::Ordering::Less => {
                        painter.circle_filled(centre, 5.0, theme::success(ui));
                        text.color(theme::success(ui))
                    }
                    std::cmp::Ordering::Equal => {
                        painter.circle_filled(centre, 7.0, theme::accent(ui));
                        painter.circle_filled(centre, 3.0, theme::palette(ui).on_fill);
                        text.strong().color(theme::text(ui))
                    }
                    std::cmp::Ordering::Greater => {
                        painter.circle_stroke(centre, 5.0, egui::Stroke::new(1.0, theme::muted(ui)));
                        text.color(theme::muted(ui))
                    }
                };
                ui.label(text);
            });
            ui.add_space(4.0);
        }
    }

    pub(super) fn status_line(&self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.horizontal(|ui| {
            let session = self.wizard.session();
            match (&session.connection, &session.connect_problem) {
                (Some(endpoints), _) => {
                    ui.label(RichText::new(format!("Banking Service: {}", endpoints.banking)).small());
                }
                (None, Some(problem)) if !matches!(self.wizard.step(), Step::Environment(_)) => {
                    let text = explain::connect(problem);
                    ui.label(RichText::new(format!("Not connected: {}", text.title)).small().color(theme::danger(ui)))
                        .on_hover_text(text.body);
                    if ui.small_button("Connect again").clicked() {
                        intents.push(Intent::ConnectAgain);
                    }
                }
                (None, _) if session.connecting.is_some() => {
                    ui.label(RichText::new("Connecting…").small().color(theme::muted(ui)));
                }
                (None, _) => {
                    ui.label(RichText::new("Not connected").small().color(theme::muted(ui)));
                }
            }
            if let Some(problem) = &session.save_problem {
                let text = format!("Progress not saved: {}", progress_problem_text(problem));
                ui.label(RichText::new(text).small().color(theme::warning(ui)));
            }
        });
    }
}
