//! The eframe app: draws the wizard's current step with one view per step, feeds the person's intents to the wizard,
//! and hands the wizard's effects to the runtime. Views do no I/O; the runtime does it all.

pub mod about;
mod appearance;
pub mod badge;
mod chrome;
mod chrome_room;
pub mod close_guard;
pub mod demo;
pub mod explain;
pub mod export_dialog;
pub mod first_frame;
pub mod identity;
pub mod inspector;
mod keyboard;
pub mod menu;
pub mod money;
mod qa_notes;
pub mod qr_code;
pub mod scenarios;
pub mod start_at;
pub mod startup_dialog;
pub mod steps;
mod support_stamp;
pub mod theme;
mod tools;
pub mod tour;
pub mod widgets;
pub mod words;

use egui::Ui;

use crate::api::ids::CaptchaId;
use crate::diagnostics::{RecentLog, Timeline};
use crate::runtime::Runtime;
use crate::wizard::{Answer, CaptchaFetch, Event, Step, Wizard};

use crate::wizard::Intent;
use steps::View;
use steps::action_bar::{self, ActionBar};

/// The window's title.
pub const APP_TITLE: &str = "Bank feeds onboarding";

/// The app: the wizard, the runtime that executes its effects, and the captcha image on the GPU.
pub struct WizardApp {
    wizard: Wizard,
    runtime: Runtime,
    captcha_texture: Option<(CaptchaId, Result<egui::TextureHandle, String>)>,
    bank_view: steps::bank::BankView,
    /// The theme and text size given to egui, and a choice waiting for the saved progress.
    look: appearance::Look,
    tour: Option<tour::Tour>,
    /// Times the first frame when a benchmark asks for it (see [`first_frame`]).
    first_frame: Option<first_frame::FirstFrameProbe>,
    /// The drafts last saved as typed; `None` until the saved progress was restored (nothing is saved before).
    saved_drafts: Option<crate::wizard::Progress>,
    /// What the person did and what answered, in words.
    timeline: Timeline,
    /// The request inspector's panel.
    inspector: inspector::Inspector,
    /// The demo reset's confirmation is open.
    confirm_reset: bool,
    /// The start at this seed's step is being confirmed.
    confirm_start_at: Option<crate::wizard::Seed>,
    /// The seed to start at once the saved progress is read (`--start-at`).
    start_at: Option<crate::wizard::Seed>,
    /// The Export window.
    exports: export_dialog::ExportDialog,
    /// The emulator's scenario switcher.
    scenarios: scenarios::ScenarioSwitcher,
    /// Help → About.
    about: about::AboutWindow,
    /// The connection whose emulator was last asked for its scenario.
    scenario_read_for: Option<crate::config::Endpoints>,
    /// The last lines logged, for the support bundle.
    recent_log: RecentLog,
    /// Holds back a close that would lose a signing key held only in memory.
    close_guard: close_guard::CloseGuard,
    /// A custom environment from the command line, chosen once the saved progress is read (which it does not
    /// override: progress on another environment resumes there).
    preselected: Option<crate::config::CustomService>,
    /// The step drawn last frame, to know when a step opens (its first field then takes the focus).
    shown_step: Option<keyboard::ScreenKey>,
    /// The room kept for the banner and the status line.
    chrome: chrome_room::ChromeRoom,
    /// View → QA notes: the tester's marks on the steps.
    qa_notes: qa_notes::QaNotes,
    /// The QA screenshots being saved, by the time of their mark.
    qa_shots: Vec<(jiff::Timestamp, crate::runtime::Ticket<crate::runtime::ExportOutcome>)>,
    /// Whether the step's primary action is to take the focus once it can be used (when a step opens, or after
    /// Select all).
    primary_focus: action_bar::PrimaryFocus,
    /// The step declared actions last frame, so the action bar has its strip.
    bar_shown: bool,
}

impl WizardApp {
    /// An app on a fresh wizard; asks the runtime for the saved progress.
    #[must_use]
    pub fn new(runtime: Runtime) -> Self {
        runtime.restore();
        Self {
            wizard: Wizard::new(),
            runtime,
            captcha_texture: None,
            bank_view: steps::bank::BankView::default(),
            look: appearance::Look::default(),
            tour: None,
            first_frame: None,
            saved_drafts: None,
            timeline: Timeline::new(),
            inspector: inspector::Inspector::default(),
            confirm_reset: false,
            confirm_start_at: None,
            start_at: None,
            exports: export_dialog::ExportDialog::default(),
            scenarios: scenarios::ScenarioSwitcher::default(),
            about: about::AboutWindow::default(),
            scenario_read_for: None,
            recent_log: RecentLog::default(),
            close_guard: close_guard::CloseGuard::default(),
            preselected: None,
            shown_step: None,
            chrome: chrome_room::ChromeRoom::default(),
            primary_focus: action_bar::PrimaryFocus::Settled,
            qa_notes: qa_notes::QaNotes::default(),
            qa_shots: Vec::new(),
            bar_shown: true,
        }
    }

    /// Chooses the custom environment `service` on the first screen once the saved progress is read (progress saved
    /// on another environment resumes there instead).
    #[must_use]
    pub fn with_custom_environment(mut self, service: Option<crate::config::CustomService>) -> Self {
        self.preselected = service;
        self
    }

    /// Starts at `seed`'s step once the saved progress is read (`--start-at`): the local emulator's demo is reset and
    /// the seed set up, as Emulator → Start at does once confirmed.
    #[must_use]
    pub fn with_start_at(mut self, seed: Option<crate::wizard::Seed>) -> Self {
        self.start_at = seed;
        self
    }

    /// The app in `theme` for this run (`--theme`), over the saved choice until the person chooses one.
    #[must_use]
    pub fn with_theme(mut self, theme: Option<crate::wizard::ThemeChoice>) -> Self {
        self.look = appearance::Look::with_theme(theme);
        self
    }

    /// The app following the desktop's light or dark preference (`desktop`) when its theme is "System". (Call after
    /// [`Self::with_theme`].)
    #[must_use]
    pub fn following_desktop_theme(mut self, desktop: crate::system_theme::SystemTheme) -> Self {
        self.look = std::mem::take(&mut self.look).following(desktop);
        self
    }

    /// The app with the log lines that `log` keeps (main.rs writes every log line there too), for the support bundle.
    #[must_use]
    pub fn with_recent_log(mut self, log: RecentLog) -> Self {
        self.recent_log = log;
        self
    }

    /// Walks the window through every screen, saving a picture of each in `dir`, then closes it.
    #[must_use]
    pub fn with_tour(mut self, dir: std::path::PathBuf) -> Self {
        self.tour = Some(tour::Tour::new(dir));
        self
    }

    /// Reports when the first frame was built and drawn, when `probe` is given (see [`first_frame`]).
    #[must_use]
    pub fn with_first_frame_probe(mut self, probe: Option<first_frame::FirstFrameProbe>) -> Self {
        self.first_frame = probe;
        self
    }

    /// The wizard, for tests and headless runs.
    #[must_use]
    pub fn wizard(&self) -> &Wizard {
        &self.wizard
    }

    /// The wizard's session, for tests that type the way the UI does.
    pub fn wizard_mut(&mut self) -> &mut Wizard {
        &mut self.wizard
    }

    /// The event timeline, for tests and exports.
    #[must_use]
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The request inspector, for the tour and tests.
    pub fn inspector_mut(&mut self) -> &mut inspector::Inspector {
        &mut self.inspector
    }

    /// The request inspector, for tests.
    #[must_use]
    pub fn inspector(&self) -> &inspector::Inspector {
        &self.inspector
    }

    /// The session's exchanges, for tests and exports.
    #[must_use]
    pub fn exchanges(&self) -> &crate::api::exchange::ExchangeLog {
        self.runtime.exchanges()
    }

    /// Gives an event to the wizard and its effects to the runtime; notes it, and any step entered, in the timeline.
    pub fn dispatch(&mut self, event: impl Into<Event>) {
        let event = event.into();
        let restored = matches!(event, Event::Answer(Answer::Restored(_)));
        if matches!(event, Event::Answer(Answer::DemoReset { .. } | Answer::StartedAt { .. })) {
            // A fresh emulator starts from the command line's scenario: read it again once connected.
            self.scenarios.forget();
            self.scenario_read_for = None;
        }
        let now = jiff::Timestamp::now();
        self.timeline.note_event(now, &event);
        let before = std::mem::discriminant(self.wizard.step());
        let effects = self.wizard.update(event);
        if std::mem::discriminant(self.wizard.step()) != before {
            self.timeline.note_step(now, self.wizard.step());
        }
        for effect in effects {
            self.runtime.execute(effect);
        }
        if restored {
            self.saved_drafts = Some(self.wizard.progress());
            if let Some(service) = self.preselected.take()
                && matches!(self.wizard.step(), crate::wizard::Step::Environment(_))
            {
                self.dispatch(crate::wizard::EnvironmentIntent::UseCustom(service));
            }
            if let Some(seed) = self.start_at.take() {
                self.dispatch(Intent::StartAt(seed));
            }
        }
    }

    /// Applies every event the runtime has answered with.
    pub fn pump(&mut self) {
        for event in self.runtime.take_answers() {
            self.dispatch(event);
        }
    }

    /// What closing the window does: the last progress written and the in-process emulator stopped.
    pub fn finish(&self) {
        self.runtime.finish();
    }

    /// Stops the runtime (and the in-process emulator).
    pub fn shutdown(self) {
        self.runtime.shutdown();
    }

    /// Draws one frame into `ui`.
    pub fn draw(&mut self, ui: &mut Ui) {
        let enter = keyboard::enter_pressed(ui.ctx());
        // The window itself is named for screen readers, as its title bar is for everyone else.
        ui.ctx().accesskit_node_builder(egui::accesskit_root_id(), |window| window.set_label(APP_TITLE));
        self.pump();
        self.keep_appearance(ui.ctx());
        self.close_guard.hold_back(ui.ctx(), &self.wizard);
        self.take_tour_turn(ui.ctx());
        self.inspector.shortcuts(ui.ctx());
        let mut intents = Vec::new();
        demo::confirm_reset(ui.ctx(), &mut self.confirm_reset, &mut intents);
        start_at::confirm(ui.ctx(), &mut self.confirm_start_at, &mut intents);
        self.close_guard.show(ui.ctx(), &self.wizard, &mut intents);
        self.tool_windows(ui.ctx());
        // The banner (menus, demo strip), the step list and the status line keep their room first, as panels lay
        // out in order, but are filled after the step: the keyboard's Tab reaches the step's fields and actions
        // before the menus (F10 opens them at once).
        let banner = self.chrome.reserve(ui, chrome_room::Place::Banner);
        let steps = self.chrome.reserve(ui, chrome_room::Place::Steps);
        let status = self.chrome.reserve(ui, chrome_room::Place::Status);
        let split = self.wizard.session().inspector_details;
        if let Some(split) = self.inspector.show(ui, self.runtime.exchanges(), &self.timeline, split) {
            intents.push(Intent::SetInspectorDetails(split));
        }
        let screen = keyboard::ScreenKey::of(self.wizard.step());
        let opening = self.shown_step.replace(screen) != Some(screen);
        if opening {
            self.primary_focus = action_bar::PrimaryFocus::OnOpen;
        }
        let mut actions = ActionBar::default();
        let content_rect = egui::CentralPanel::default().show(ui, |ui| {
            // The content scrolls above a strip kept for the step's actions, which are drawn after it (the step
            // declares them as it draws) so that they are always in view.
            let whole = ui.available_rect_before_wrap();
            // No strip for a step that declared no actions last frame (the overview): its content takes the room.
            let bar_height = if self.bar_shown { action_bar::HEIGHT } else { 0.0 };
            let split = (whole.bottom() - bar_height).max(whole.top());
            let content = egui::Rect::from_min_max(whole.min, egui::pos2(whole.right(), split));
            let bar = egui::Rect::from_min_max(egui::pos2(whole.left(), split), whole.max);
            ui.scope_builder(egui::UiBuilder::new().max_rect(content), |ui| {
                // The scroll bar always shown: one that appears only when needed can flip on and off as it changes
                // the layout, and its fading animation then redraws the window without end.
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                    .show(ui, |ui| {
                        let table = matches!(self.wizard.step(), Step::MoreAccounts(_) | Step::Overview(_));
                        let widest = if table { theme::TABLE_WIDTH } else { theme::CONTENT_WIDTH };
                        ui.set_max_width(widest.min(ui.available_width()));
                        ui.add_space(theme::SECTION_GAP);
                        self.current_step(ui, &mut intents, &mut actions, opening);
                    });
            });
            ui.scope_builder(egui::UiBuilder::new().max_rect(bar), |ui| {
                actions.show(ui, &mut intents, &mut self.primary_focus);
            });
            if actions.hands_focus() {
                self.primary_focus = action_bar::PrimaryFocus::Handed;
            }
            content
        });
        let mut room = self.chrome;
        let choice = room.fill(ui, banner, |ui| self.banner(ui));
        room.fill(ui, steps, |ui| self.side_panel(ui, &mut intents));
        room.fill(ui, status, |ui| self.status_line(ui, &mut intents));
        self.chrome = room;
        if let Some(choice) = choice {
            self.act_on_menu(choice);
        }
        if self.bar_shown == actions.is_empty() {
            self.bar_shown = !actions.is_empty();
            ui.ctx().request_repaint();
        }
        let submitted = enter.is_some_and(|press| press.submits(ui.ctx(), content_rect.inner));
        if submitted && let Some(primary) = actions.primary_intent() {
            intents.push(primary.clone());
        }
        for intent in intents {
            self.dispatch(intent);
        }
        if ui.ctx().input(|input| {
            input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::Text(_) | egui::Event::Paste(_) | egui::Event::Key { .. }))
        }) {
            self.save_drafts();
        }
    }

    /// Saves what was typed when it changed, so a crash loses no typing (the wizard saves on every change of screen).
    fn save_drafts(&mut self) {
        let Some(saved) = &self.saved_drafts else { return };
        let progress = self.wizard.progress();
        if progress != *saved {
            self.saved_drafts = Some(progress.clone());
            self.runtime.execute(crate::wizard::Effect::SaveProgress(progress));
        }
    }

    fn take_tour_turn(&mut self, ctx: &egui::Context) {
        let Some(tour) = &mut self.tour else { return };
        let turn = tour.turn(ctx, &self.wizard);
        if let Some(type_in) = turn.type_in {
            type_in(self.wizard.session_mut());
        }
        if let Some(path) = turn.inspect {
            let newest =
                self.runtime.exchanges().exchanges().into_iter().rev().find(|exchange| exchange.path.ends_with(path));
            if let Some(exchange) = newest {
                self.inspector.open = true;
                self.inspector.select(exchange.id);
            }
        }
        for event in turn.intents {
            self.dispatch(event);
        }
        if turn.finished {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn current_step(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>, actions: &mut ActionBar, opening: bool) {
        let step = self.wizard.step().clone();
        let identity_problem = self.wizard.identity_problem();
        let environments = self.wizard.onboarded_environments();
        let texture = self.captcha_texture(ui.ctx(), &step);
        let mut view = View { session: self.wizard.session_mut(), intents, actions, opening };
        match &step {
            Step::Environment(s) => steps::environment::environment_ui(ui, s, identity_problem, &mut view),
            Step::Licence(s) => steps::licence::licence_ui(ui, s, &mut view),
            Step::Organisation(s) => steps::organisation::organisation_ui(ui, s, &mut view),
            Step::Captcha(s) => {
                let texture = texture.as_ref().map(|t| t.as_ref().map_err(Clone::clone));
                steps::captcha::captcha_ui(ui, s, texture, &mut view);
            }
            Step::Create(s) => steps::captcha::creating::creating_ui(ui, s, &mut view),
            Step::Onboarded(s) => steps::onboarded::onboarded_ui(ui, s, &mut view),
            Step::Bank(s) => steps::bank::bank_ui(ui, s, &mut self.bank_view, &mut view),
            Step::Link(s) => steps::link::link_ui(ui, s, &mut view),
            Step::Account(s) => steps::account::account_ui(ui, s, &mut view),
            Step::MoreAccounts(s) => steps::more_accounts::more_accounts_ui(ui, s, &mut view),
            Step::Overview(s) => steps::overview::overview_ui(ui, s, &environments, &mut view),
        }
    }

    /// The captcha image as a texture, decoded once per captcha.
    fn captcha_texture(&mut self, ctx: &egui::Context, step: &Step) -> Option<Result<egui::TextureHandle, String>> {
        let Step::Captcha(captcha) = step else { return None };
        let CaptchaFetch::Ready(image) = &captcha.captcha else { return None };
        let current = self.captcha_texture.as_ref().is_some_and(|(id, _)| *id == image.id);
        if !current {
            let decoded = image::load_from_memory_with_format(&image.png, image::ImageFormat::Png)
                .map(|png| {
                    let rgba = png.to_rgba8();
                    let size = [rgba.width() as usize, rgba.height() as usize];
                    let pixels = egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw());
                    ctx.load_texture("captcha", pixels, egui::TextureOptions::LINEAR)
                })
                .map_err(|e| format!("The image is not a readable PNG ({e})"));
            self.captcha_texture = Some((image.id.clone(), decoded));
        }
        self.captcha_texture.as_ref().map(|(_, texture)| texture.clone())
    }
}

impl eframe::App for WizardApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(probe) = &mut self.first_frame {
            probe.before_frame();
        }
        self.draw(ui);
        if let Some(probe) = &mut self.first_frame {
            probe.after_frame(ui.ctx());
        }
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        // Also runs while the window is minimised or hidden, when `ui` does not: answers still arrive, and a close that
        // would lose a key is still held back.
        self.pump();
        self.close_guard.hold_back(ctx, &self.wizard);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.finish();
    }
}
