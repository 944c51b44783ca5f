//! The helpdesk and QA tools around the wizard: the menus' choices acted on, the Export, scenario and About windows (with
//! what they did noted in the timeline), the banner with its menus and the demo strip, and the session's facts for
//! an export (no secret, by construction).

use egui::{RichText, Ui};

use super::{APP_TITLE, WizardApp, demo, export_dialog, inspector, menu, start_at, theme, words};
use crate::diagnostics::{EntryKind, SessionFacts};
use crate::wizard::{Seed, Wizard};

impl WizardApp {
    /// Acts on a menu choice.
    pub(super) fn act_on_menu(&mut self, choice: menu::MenuChoice) {
        match choice {
            menu::MenuChoice::ToggleInspector => self.inspector.toggle(self.inspector.tab),
            menu::MenuChoice::ShowTimeline => self.inspector.toggle(inspector::Tab::Timeline),
            menu::MenuChoice::QaNotes => self.qa_notes.open = true,
            menu::MenuChoice::ResetDemo => self.confirm_reset = self.wizard.demo_reset_blocked().is_none(),
            menu::MenuChoice::StartAt(seed) => {
                self.confirm_start_at = self.wizard.start_at_blocked(seed).is_none().then_some(seed);
            }
            menu::MenuChoice::Export => self.exports.open = true,
            menu::MenuChoice::Scenarios => self.scenarios.open(&self.runtime),
            menu::MenuChoice::Theme(theme) => self.choose_theme(theme),
            menu::MenuChoice::TextSize(size) => self.choose_text_size(size),
            menu::MenuChoice::About => self.about.open = true,
        }
    }

    /// The Export and scenario windows, and what they did in the timeline. The emulator is asked for its scenario
    /// whenever a new one is connected; off the emulator the switcher forgets it.
    pub(super) fn tool_windows(&mut self, ctx: &egui::Context) {
        // Escape closes the tool window in front (an open menu or list closes first, by itself).
        if ctx.input(|input| input.key_pressed(egui::Key::Escape)) && !ctx.any_popup_open() {
            if self.exports.open {
                self.exports.open = false;
            } else if self.scenarios.open {
                self.scenarios.open = false;
            } else if self.qa_notes.open {
                self.qa_notes.open = false;
            } else if self.about.open {
                self.about.open = false;
            }
        }
        let session = self.wizard.session();
        if !session.settings.environment.is_local() {
            if self.scenario_read_for.is_some() || self.scenarios.open {
                self.scenarios.forget();
                self.scenario_read_for = None;
            }
        } else if session.connection.is_some() && session.connection != self.scenario_read_for {
            self.scenario_read_for.clone_from(&session.connection);
            self.scenarios.read(&self.runtime);
        }
        self.qa_window(ctx);
        let now = jiff::Timestamp::now();
        if let Some(note) = self.scenarios.show(ctx, &self.runtime) {
            self.timeline.note(now, EntryKind::Answer, note);
        }
        let counts = (self.runtime.exchanges().len(), self.timeline.len());
        let scenario = self.scenarios.summary();
        let (wizard, runtime, timeline, recent_log) = (&self.wizard, &self.runtime, &self.timeline, &self.recent_log);
        let note = self.exports.show(ctx, runtime, counts, || export_dialog::ExportSources {
            exchanges: runtime.exchanges().exchanges(),
            timeline: timeline.clone(),
            facts: facts(wizard, scenario.as_deref()),
            recent_log: recent_log.text(),
        });
        if let Some(note) = note {
            self.timeline.note(now, EntryKind::Answer, note);
        }
        self.about.show(ctx, self.runtime.data_dir());
    }

    /// The title, the menus and the environment; on the local emulator, the demo strip under them.
    pub(super) fn banner(&self, ui: &mut Ui) -> Option<menu::MenuChoice> {
        let environment = self.wizard.session().settings.environment.clone();
        let chosen = ui
            .horizontal(|ui| {
                ui.label(RichText::new(APP_TITLE).strong().size(16.0));
                ui.add_space(12.0);
                let local =
                    environment.is_local().then(|| self.wizard.demo_reset_blocked().map(words::demo_reset_blocked));
                let seeds = if environment.is_local() { self.seed_choices() } else { Vec::new() };
                let choice = menu::menu_bar(ui, self.inspector.open, self.appearance(), local, &seeds);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if environment.is_live() {
                        let text = format!("{}: real customers", environment.label());
                        ui.label(RichText::new(text).strong().color(theme::danger(ui)));
                    } else if !environment.is_local() {
                        ui.label(RichText::new(environment.label()).strong().color(theme::muted(ui)));
                    }
                });
                choice
            })
            .inner;
        let asked = if environment.is_local() {
            demo::strip(ui, &self.wizard, self.scenarios.summary().as_deref())
        } else {
            None
        };
        chosen.or(asked.map(|ask| match ask {
            demo::DemoAsk::Scenarios => menu::MenuChoice::Scenarios,
            demo::DemoAsk::ConfirmReset => menu::MenuChoice::ResetDemo,
        }))
    }

    /// The QA notes window: a mark goes into the timeline at its time, and its screenshot, once the window's picture
    /// has come, is saved beside the exports (the Export window's folder).
    fn qa_window(&mut self, ctx: &egui::Context) {
        let step = crate::diagnostics::timeline::step_name(self.wizard.step());
        if let Some(mark) = self.qa_notes.show(ctx, step) {
            self.timeline.note(mark.at, EntryKind::Qa, mark.sentence());
            if mark.with_screenshot {
                self.qa_notes.ask_screenshot(ctx, mark.at);
            }
        }
        for (at, image) in self.qa_notes.screenshots_taken() {
            let place = crate::runtime::ExportPlace::Folder(self.exports.folder());
            let kind = crate::diagnostics::export::ExportKind::QaScreenshot;
            let ticket = self.runtime.export(place, kind, at, move || super::qa_notes::png(&image));
            self.qa_shots.push((at, ticket));
        }
        let mut saved = Vec::new();
        self.qa_shots.retain_mut(|(at, ticket)| {
            let Some(outcome) = ticket.take() else { return true };
            let outcome = match outcome {
                Ok(crate::runtime::ExportOutcome::Saved { path, .. }) => Ok(path),
                Ok(crate::runtime::ExportOutcome::Failed { problem, .. }) => Err(problem),
                Ok(crate::runtime::ExportOutcome::NotSaved) => Err("not saved".to_owned()),
                Err(stopped) => Err(stopped.to_owned()),
            };
            saved.push((*at, outcome));
            false
        });
        for (at, outcome) in saved {
            let (kind, text) = match &outcome {
                Ok(path) => (EntryKind::Qa, format!("QA screenshot saved as {}", path.display())),
                Err(problem) => (EntryKind::Problem, format!("The QA screenshot was not saved: {problem}")),
            };
            self.timeline.note(jiff::Timestamp::now(), kind, text);
            self.qa_notes.screenshot_saved(at, outcome);
        }
    }
}

impl WizardApp {
    /// Every seed of Start at, with why it cannot be started now.
    fn seed_choices(&self) -> start_at::SeedChoices {
        let blocked = |seed| self.wizard.start_at_blocked(seed).map(words::start_at_blocked);
        Seed::ALL.into_iter().map(|seed| (seed, blocked(seed))).collect()
    }
}

/// What an export says of the session, with the emulator's scenario when it is not the normal one: no secret, by
/// construction.
fn facts(wizard: &Wizard, scenario: Option<&str>) -> SessionFacts {
    let session = wizard.session();
    let settings = &session.settings;
    let step = crate::diagnostics::timeline::step_name(wizard.step());
    let mut facts = SessionFacts::here(jiff::Timestamp::now(), settings.environment.label(), step);
    if let Some(endpoints) = &session.connection {
        facts = facts.connected_to(&endpoints.banking);
    }
    facts.profile = settings.environment.profile().map(|profile| profile.cli_name().to_owned());
    facts.product_kind = Some(format!("{:?}", settings.product_kind));
    facts.product_id = Some(settings.identity.product_id.clone());
    facts.organisations_onboarded =
        session.organisations.iter().filter(|organisation| organisation.environment == settings.environment).count();
    facts.settings.insert("link deadline (minutes)".to_owned(), session.link_deadline_minutes.to_string());
    facts.settings.insert("link concurrency".to_owned(), session.link_concurrency.to_string());
    facts.settings.insert("theme".to_owned(), format!("{:?}", session.appearance.theme).to_lowercase());
    facts.settings.insert("text size".to_owned(), format!("{}%", session.appearance.text_size.percent()));
    if settings.environment.is_local() {
        let scenario = scenario.unwrap_or("every step succeeds");
        facts.settings.insert("emulator scenario".to_owned(), scenario.to_owned());
    }
    facts
}
