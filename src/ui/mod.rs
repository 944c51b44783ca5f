//! The eframe app: draws the wizard's current step with one view per step, feeds the person's intents to the wizard,
//! and hands the wizard's effects to the runtime. Views do no I/O; the runtime does it all.

pub mod badge;
pub mod demo;
pub mod explain;
pub mod export_dialog;
pub mod first_frame;
pub mod inspector;
pub mod menu;
pub mod money;
pub mod scenarios;
pub mod steps;
pub mod theme;
pub mod tour;
pub mod widgets;

use egui::{RichText, Ui};

use crate::api::ids::CaptchaId;
use crate::diagnostics::{RecentLog, SessionFacts, Timeline};
use crate::runtime::Runtime;
use crate::wizard::{CaptchaFetch, Event, STEP_TITLES, Step, Wizard};

use steps::View;

/// The window's title.
pub const APP_TITLE: &str = "Bank feeds onboarding";

/// The app: the wizard, the runtime that executes its effects, and the captcha image on the GPU.
pub struct WizardApp {
    wizard: Wizard,
    runtime: Runtime,
    captcha_texture: Option<(CaptchaId, Result<egui::TextureHandle, String>)>,
    bank_view: steps::bank::BankView,
    styled: bool,
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
    /// The Export window.
    exports: export_dialog::ExportDialog,
    /// The emulator's scenario switcher.
    scenarios: scenarios::ScenarioSwitcher,
    /// The connection whose emulator was last asked for its scenario.
    scenario_read_for: Option<crate::config::Endpoints>,
    /// The last lines logged, for the support bundle.
    recent_log: RecentLog,
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
            styled: false,
            tour: None,
            first_frame: None,
            saved_drafts: None,
            timeline: Timeline::new(),
            inspector: inspector::Inspector::default(),
            confirm_reset: false,
            exports: export_dialog::ExportDialog::default(),
            scenarios: scenarios::ScenarioSwitcher::default(),
            scenario_read_for: None,
            recent_log: RecentLog::default(),
        }
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

    /// The session's exchanges, for tests and exports.
    #[must_use]
    pub fn exchanges(&self) -> &crate::api::exchange::ExchangeLog {
        self.runtime.exchanges()
    }

    /// Gives an event to the wizard and its effects to the runtime; notes it, and any step entered, in the timeline.
    pub fn dispatch(&mut self, event: Event) {
        let restored = matches!(event, Event::Restored(_));
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
        }
    }

    /// Applies every event the runtime has answered with.
    pub fn pump(&mut self) {
        for event in self.runtime.take_events() {
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
        if !self.styled {
            theme::apply(ui.ctx());
            self.styled = true;
        }
        self.pump();
        self.take_tour_turn(ui.ctx());
        self.inspector.shortcuts(ui.ctx());
        let mut intents = Vec::new();
        let choice = egui::Panel::top("banner").show(ui, |ui| self.banner(ui)).inner;
        if let Some(choice) = choice {
            self.act_on_menu(choice);
        }
        demo::confirm_reset(ui.ctx(), &mut self.confirm_reset, &mut intents);
        self.tool_windows(ui.ctx());
        egui::Panel::left("steps").resizable(false).exact_size(190.0).show(ui, |ui| self.side_panel(ui, &mut intents));
        egui::Panel::bottom("status").show(ui, |ui| self.status_line(ui, &mut intents));
        self.inspector.show(ui, self.runtime.exchanges(), &self.timeline);
        egui::CentralPanel::default().show(ui, |ui| {
            // The bar always shown: one that appears only when needed can flip on and off as it changes the
            // layout, and its fading animation then redraws the window without end.
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                .show(ui, |ui| {
                    let table = matches!(self.wizard.step(), Step::Checklist(_) | Step::Overview(_));
                    let widest = if table { theme::TABLE_WIDTH } else { theme::CONTENT_WIDTH };
                    ui.set_max_width(widest.min(ui.available_width()));
                    ui.add_space(theme::SECTION_GAP);
                    self.current_step(ui, &mut intents);
                });
        });
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
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(1270.0, 860.0)));
        }
        for event in turn.events {
            self.dispatch(event);
        }
        if turn.finished {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn current_step(&mut self, ui: &mut Ui, intents: &mut Vec<Event>) {
        let step = self.wizard.step().clone();
        let identity_problem = self.wizard.identity_problem();
        let environments = self.wizard.onboarded_environments();
        let texture = self.captcha_texture(ui.ctx(), &step);
        let mut view = View { session: self.wizard.session_mut(), intents };
        match &step {
            Step::Environment(s) => steps::environment::environment_ui(ui, s, identity_problem.as_deref(), &mut view),
            Step::Licence(s) => steps::licence::licence_ui(ui, s, &mut view),
            Step::Organisation(s) => steps::organisation::organisation_ui(ui, s, &mut view),
            Step::Captcha(s) => {
                let texture = texture.as_ref().map(|t| t.as_ref().map_err(Clone::clone));
                steps::captcha::captcha_ui(ui, s, texture, &mut view);
            }
            Step::Create(s) => steps::create::create_ui(ui, s, &mut view),
            Step::Onboarded(s) => steps::onboarded::onboarded_ui(ui, s, &mut view),
            Step::Bank(s) => steps::bank::bank_ui(ui, s, &mut self.bank_view, &mut view),
            Step::Link(s) => steps::link::link_ui(ui, s, &mut view),
            Step::Account(s) => steps::account::account_ui(ui, s, &mut view),
            Step::Checklist(s) => steps::checklist::checklist_ui(ui, s, &mut view),
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

    fn act_on_menu(&mut self, choice: menu::MenuChoice) {
        match choice {
            menu::MenuChoice::ToggleInspector => self.inspector.toggle(self.inspector.tab),
            menu::MenuChoice::ShowTimeline => self.inspector.toggle(inspector::Tab::Timeline),
            menu::MenuChoice::ResetDemo => self.confirm_reset = self.wizard.demo_reset_blocked().is_none(),
            menu::MenuChoice::Export => self.exports.open = true,
            menu::MenuChoice::Scenarios => self.scenarios.open(&self.runtime),
        }
    }

    /// The Export and scenario windows; the emulator is asked for its scenario whenever a new one is connected.
    fn tool_windows(&mut self, ctx: &egui::Context) {
        let session = self.wizard.session();
        if session.settings.environment.is_local()
            && session.connection.is_some()
            && session.connection != self.scenario_read_for
        {
            self.scenario_read_for.clone_from(&session.connection);
            self.scenarios.read(&self.runtime);
        }
        self.scenarios.show(ctx, &self.runtime);
        let counts = (self.runtime.exchanges().exchanges().len(), self.timeline.len());
        let (wizard, runtime, timeline, recent_log) = (&self.wizard, &self.runtime, &self.timeline, &self.recent_log);
        self.exports.show(ctx, runtime, counts, || export_dialog::ExportSources {
            exchanges: runtime.exchanges().exchanges(),
            timeline: timeline.clone(),
            facts: facts(wizard),
            recent_log: recent_log.text(),
        });
    }

    /// The title, the menus and the environment; on the local emulator, the demo strip under them.
    fn banner(&self, ui: &mut Ui) -> Option<menu::MenuChoice> {
        let environment = self.wizard.session().settings.environment;
        let chosen = ui
            .horizontal(|ui| {
                ui.label(RichText::new(APP_TITLE).strong().size(16.0));
                ui.add_space(12.0);
                let choice = menu::menu_bar(ui, self.inspector.open, environment.is_local());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if environment.is_live() {
                        let text = format!("{}: real customers", environment.label());
                        ui.label(RichText::new(text).strong().color(theme::DANGER));
                    } else if !environment.is_local() {
                        ui.label(RichText::new(environment.label()).strong().color(theme::MUTED));
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

    /// The way to the overview (once anything is onboarded) above the numbered steps.
    fn side_panel(&self, ui: &mut Ui, intents: &mut Vec<Event>) {
        ui.add_space(theme::SECTION_GAP);
        if !self.wizard.session().organisations.is_empty() {
            let on_overview = matches!(self.wizard.step(), Step::Overview(_));
            let can_leave = self.wizard.can_leave_step();
            let response = ui
                .add_enabled(can_leave || on_overview, egui::Button::selectable(on_overview, "Accounts overview"))
                .on_disabled_hover_text("Finish or cancel what this step is doing first");
            if response.clicked() && !on_overview {
                intents.push(Event::ShowOverview);
            }
            ui.add_space(theme::SECTION_GAP);
            ui.label(RichText::new("Onboarding").small().color(theme::MUTED));
            ui.add_space(4.0);
        }
        self.step_list(ui);
    }

    fn step_list(&self, ui: &mut Ui) {
        let Some(current) = self.wizard.step().index() else {
            for (index, title) in STEP_TITLES.iter().enumerate() {
                ui.label(RichText::new(format!("{}. {title}", index + 1)).color(theme::MUTED));
                ui.add_space(4.0);
            }
            return;
        };
        for (index, title) in STEP_TITLES.iter().enumerate() {
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
                let centre = rect.center();
                let painter = ui.painter();
                let text = RichText::new(format!("{}. {title}", index + 1));
                let text = match index.cmp(&current) {
                    std::cmp::Ordering::Less => {
                        painter.circle_filled(centre, 5.0, theme::SUCCESS);
                        text.color(theme::SUCCESS)
                    }
                    std::cmp::Ordering::Equal => {
                        painter.circle_filled(centre, 7.0, theme::ACCENT);
                        painter.circle_filled(centre, 3.0, egui::Color32::WHITE);
                        text.strong().color(theme::TEXT)
                    }
                    std::cmp::Ordering::Greater => {
                        painter.circle_stroke(centre, 5.0, egui::Stroke::new(1.0, theme::MUTED));
                        text.color(theme::MUTED)
                    }
                };
                ui.label(text);
            });
            ui.add_space(4.0);
        }
    }

    fn status_line(&self, ui: &mut Ui, intents: &mut Vec<Event>) {
        ui.horizontal(|ui| {
            let session = self.wizard.session();
            match (&session.connection, &session.connect_problem) {
                (Some(endpoints), _) => {
                    ui.label(RichText::new(format!("Banking Service: {}", endpoints.banking)).small());
                }
                (None, Some(problem)) if !matches!(self.wizard.step(), Step::Environment(_)) => {
                    let text = explain::connect(problem);
                    ui.label(RichText::new(format!("Not connected: {}", text.title)).small().color(theme::DANGER))
                        .on_hover_text(text.body);
                    if ui.small_button("Connect again").clicked() {
                        intents.push(Event::ConnectAgain);
                    }
                }
                (None, _) if session.connecting.is_some() => {
                    ui.label(RichText::new("Connecting…").small().color(theme::MUTED));
                }
                (None, _) => {
                    ui.label(RichText::new("Not connected").small().color(theme::MUTED));
                }
            }
            if let Some(problem) = &session.save_problem {
                ui.label(RichText::new(format!("Progress not saved: {problem}")).small().color(theme::WARNING));
            }
        });
    }
}

/// What an export says of the session: no secret, by construction.
fn facts(wizard: &Wizard) -> SessionFacts {
    let session = wizard.session();
    let settings = &session.settings;
    let step = crate::diagnostics::timeline::step_name(wizard.step());
    let mut facts = SessionFacts::here(jiff::Timestamp::now(), settings.environment.label(), step);
    if let Some(endpoints) = &session.connection {
        facts = facts.connected_to(&endpoints.banking);
    }
    facts.profile = Some(settings.environment.profile().cli_name().to_owned());
    facts.product_kind = Some(format!("{:?}", settings.product_kind));
    facts.product_id = Some(settings.identity.product_id.clone());
    facts.organisations_onboarded =
        session.organisations.iter().filter(|organisation| organisation.environment == settings.environment).count();
    facts.settings.insert("link deadline (minutes)".to_owned(), session.link_deadline_minutes.to_string());
    facts.settings.insert("link concurrency".to_owned(), session.link_concurrency.to_string());
    facts
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

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.finish();
    }
}
