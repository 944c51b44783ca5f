//! The scenario switcher (local emulator only): a window with one menu per step the emulator serves (licence,
//! captcha, consent, polls, rate limit, candidates, accounts, access tokens), an added latency and a fault injected
//! into one endpoint. Each change applies at once through the emulator's admin API, as a QA script's
//! `PUT /emulator/admin/scenario` would; the window and the demo strip show the scenario in force.

use egui::{RichText, Ui};

use super::{theme, widgets};
use crate::api::scenario::{
    AccountScenario, CandidateScenario, CaptchaScenario, ConsentScenario, LicenceScenario, PollScenario,
    RateLimitScenario, Scenario, TokenScenario,
};
use crate::api::{Fault, FaultEndpoint, FaultKind};
use crate::runtime::{Runtime, Ticket};

/// The emulator's answer to a read or a switch: the scenario in force.
type ScenarioTicket = Ticket<Result<Scenario, String>>;

/// The switcher's state.
#[derive(Default)]
pub struct ScenarioSwitcher {
    /// Whether the window is shown.
    pub open: bool,
    /// What the menus show.
    draft: Scenario,
    /// What the emulator said is in force, last time it was asked.
    in_force: Option<Scenario>,
    /// The answer awaited, and the scenario sent (`None` for a read).
    pending: Option<(ScenarioTicket, Option<Scenario>)>,
    /// The scenario the emulator did not take: not sent again until the menus change.
    refused: Option<Scenario>,
    problem: Option<String>,
}

impl ScenarioSwitcher {
    /// Asks the emulator what is in force (when it starts, or when the window opens).
    pub fn read(&mut self, runtime: &Runtime) {
        self.pending = Some((runtime.read_scenario(), None));
    }

    /// Forgets what was in force (the environment changed, or the demo was reset) and closes the window.
    pub fn forget(&mut self) {
        *self = Self::default();
    }

    /// Opens the window and reads the scenario in force.
    pub fn open(&mut self, runtime: &Runtime) {
        self.open = true;
        self.read(runtime);
    }

    /// The scenario in force in a few words, when it is not the normal one.
    #[must_use]
    pub fn summary(&self) -> Option<String> {
        self.in_force.filter(|scenario| !scenario.is_normal()).map(|scenario| summary(&scenario))
    }

    /// Takes the emulator's answer and draws the window while open; a change of a menu is sent at once. Returns what
    /// happened, for the timeline, when an answer came in.
    pub fn show(&mut self, ctx: &egui::Context, runtime: &Runtime) -> Option<String> {
        let note = self.take_answer();
        if self.open {
            let mut open = self.open;
            egui::Window::new("Emulator scenarios").open(&mut open).collapsible(false).resizable(false).show(
                ctx,
                |ui| {
                    self.contents(ui);
                },
            );
            self.open = open;
        }
        let changed = self.in_force.is_some_and(|in_force| in_force != self.draft);
        if changed && self.pending.is_none() && self.refused != Some(self.draft) {
            self.pending = Some((runtime.apply_scenario(self.draft), Some(self.draft)));
        }
        note
    }

    /// The emulator's answer, if it came: the menus follow it unless they were changed meanwhile.
    fn take_answer(&mut self) -> Option<String> {
        let (ticket, sent) = self.pending.as_mut()?;
        let answer = ticket.take()?;
        let sent = *sent;
        self.pending = None;
        let untouched = match sent {
            Some(sent) => self.draft == sent,
            None => self.in_force.is_none_or(|in_force| in_force == self.draft),
        };
        match answer.map_err(str::to_owned).and_then(|answer| answer) {
            Ok(scenario) => {
                self.in_force = Some(scenario);
                if untouched {
                    self.draft = scenario;
                }
                (self.refused, self.problem) = (None, None);
                sent.map(|_| match self.summary() {
                    Some(summary) => format!("Emulator scenario switched: {summary}"),
                    None => "Emulator scenario switched: every step succeeds".to_owned(),
                })
            }
            Err(problem) => {
                self.refused = sent;
                let note = format!(
                    "The emulator's scenario could not be {}: {problem}",
                    if sent.is_some() { "switched" } else { "read" }
                );
                self.problem = Some(problem);
                Some(note)
            }
        }
    }

    fn contents(&mut self, ui: &mut Ui) {
        ui.label("Choose how each step of the local emulator answers. A change applies at once.");
        ui.add_space(theme::FIELD_GAP);
        let draft = &mut self.draft;
        // Nothing to change until the emulator has said what is in force.
        ui.add_enabled_ui(self.in_force.is_some(), |ui| {
            egui::Grid::new("scenario-menus").num_columns(2).spacing([16.0, 8.0]).show(ui, |ui| {
                menu(ui, "Licence", &mut draft.licence, &LICENCE);
                menu(ui, "Captcha", &mut draft.captcha, &CAPTCHA);
                menu(ui, "Consent at the bank", &mut draft.consent, &CONSENT);
                menu(ui, "Link polls", &mut draft.polls, &POLLS);
                menu(ui, "Rate limit", &mut draft.rate_limit, &RATE_LIMIT);
                menu(ui, "Candidate accounts", &mut draft.candidates, &CANDIDATES);
                menu(ui, "Bank accounts", &mut draft.accounts, &ACCOUNTS);
                menu(ui, "Access tokens", &mut draft.tokens, &TOKENS);
                fault_menu(ui, &mut draft.fault);
                let label = ui.label("Added latency");
                let latency = egui::DragValue::new(&mut draft.latency_ms)
                    .range(0..=60_000)
                    .clamp_existing_to_range(false)
                    .speed(10);
                ui.add(latency.suffix(" ms")).labelled_by(label.id);
                ui.end_row();
            });
        });
        ui.add_space(theme::FIELD_GAP);
        ui.horizontal(|ui| {
            if ui.add_enabled(!self.draft.is_normal(), egui::Button::new("Every step succeeds")).clicked() {
                self.draft = Scenario::default();
            }
            if self.refused == Some(self.draft) {
                ui.label(RichText::new("Not applied").color(theme::danger(ui)));
            } else if self.pending.is_some() {
                ui.label(RichText::new("Applying…").color(theme::muted(ui)));
            } else if self.in_force.is_some() {
                ui.label(RichText::new("In force").color(theme::success(ui)));
            }
        });
        if let Some(problem) = &self.problem {
            widgets::callout(ui, widgets::Tone::Danger, "The emulator did not answer", problem);
        }
    }
}

/// One labelled menu of a scenario's field.
fn menu<T: Copy + PartialEq>(ui: &mut Ui, label: &str, value: &mut T, choices: &[(T, &'static str)]) {
    let name = ui.label(label);
    let shown = label_of(choices, *value);
    egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .width(300.0)
        .show_ui(ui, |ui| {
            for (choice, text) in choices {
                ui.selectable_value(value, *choice, *text);
            }
        })
        .response
        .labelled_by(name.id);
    ui.end_row();
}

/// The injected fault: which endpoint (or none), how it fails, once or every time. What the menus do not show (a
/// count or a delay set through the admin API or the command line) is kept.
fn fault_menu(ui: &mut Ui, fault: &mut Option<Fault>) {
    let name = ui.label("Injected fault");
    ui.horizontal(|ui| {
        let mut endpoint = fault.map(|fault| fault.endpoint);
        egui::ComboBox::from_id_salt("fault-endpoint")
            .selected_text(endpoint.map_or("None", FaultEndpoint::label))
            .width(200.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut endpoint, None, "None");
                for choice in FaultEndpoint::ALL {
                    ui.selectable_value(&mut endpoint, Some(choice), choice.label());
                }
            })
            .response
            .labelled_by(name.id);
        let mut kind = fault.map_or(FaultKind::ServerError, |fault| fault.kind);
        let mut every_time = fault.is_some_and(|fault| fault.times.is_none());
        ui.add_enabled_ui(endpoint.is_some(), |ui| {
            let fails_with = ui.label("fails with");
            egui::ComboBox::from_id_salt("fault-kind")
                .selected_text(kind.label())
                .width(150.0)
                .show_ui(ui, |ui| {
                    for choice in FaultKind::ALL {
                        ui.selectable_value(&mut kind, choice, choice.label());
                    }
                })
                .response
                .labelled_by(fails_with.id);
            ui.checkbox(&mut every_time, "Every time");
        });
        let times = if every_time { None } else { fault.and_then(|fault| fault.times).or(Some(1)) };
        let delay_ms = fault.and_then(|fault| fault.delay_ms);
        *fault = endpoint.map(|endpoint| Fault { endpoint, kind, times, delay_ms });
    });
    ui.end_row();
}

const LICENCE: [(LicenceScenario, &str); 4] = [
    (LicenceScenario::Normal, "As the serial says"),
    (LicenceScenario::NotACustomer, "Not a customer (400)"),
    (LicenceScenario::NeverRequested, "Never sent to the Token Service (404)"),
    (LicenceScenario::LimitReached, "Organisation limit reached (409)"),
];
const CAPTCHA: [(CaptchaScenario, &str); 2] =
    [(CaptchaScenario::Normal, "The image's text is the answer"), (CaptchaScenario::AlwaysWrong, "Always wrong (400)")];
const CONSENT: [(ConsentScenario, &str); 4] = [
    (ConsentScenario::Normal, "As the person decides"),
    (ConsentScenario::Declined, "Declined, whatever is pressed"),
    (ConsentScenario::Slow, "Slow: a few more polls after the decision"),
    (ConsentScenario::NeverFinished, "Never finished: polls answer 202"),
];
const POLLS: [(PollScenario, &str); 2] =
    [(PollScenario::Normal, "Answered"), (PollScenario::ServerErrors, "Failing with 503")];
const RATE_LIMIT: [(RateLimitScenario, &str); 2] =
    [(RateLimitScenario::Normal, "None"), (RateLimitScenario::Storm, "429 storm: every second request")];
const CANDIDATES: [(CandidateScenario, &str); 2] =
    [(CandidateScenario::Normal, "Stable IDs"), (CandidateScenario::Stale, "Stale after each link (404)")];
const ACCOUNTS: [(AccountScenario, &str); 2] =
    [(AccountScenario::Normal, "Stay active"), (AccountScenario::AuthRequired, "Turn authRequired (sign in again)")];
const TOKENS: [(TokenScenario, &str); 2] =
    [(TokenScenario::Normal, "Live as configured"), (TokenScenario::Expiring, "Expired now, then 15 s each")];

/// The scenario in a few words: each step that is not normal, and the latency.
fn summary(scenario: &Scenario) -> String {
    let mut parts = Vec::new();
    let mut note = |what: &str, normal: bool, text: &str| {
        if !normal {
            parts.push(format!("{what}: {}", text.to_lowercase()));
        }
    };
    note("licence", scenario.licence == LicenceScenario::Normal, label_of(&LICENCE, scenario.licence));
    note("captcha", scenario.captcha == CaptchaScenario::Normal, label_of(&CAPTCHA, scenario.captcha));
    note("consent", scenario.consent == ConsentScenario::Normal, label_of(&CONSENT, scenario.consent));
    note("polls", scenario.polls == PollScenario::Normal, label_of(&POLLS, scenario.polls));
    note("rate limit", scenario.rate_limit == RateLimitScenario::Normal, label_of(&RATE_LIMIT, scenario.rate_limit));
    note("candidates", scenario.candidates == CandidateScenario::Normal, label_of(&CANDIDATES, scenario.candidates));
    note("accounts", scenario.accounts == AccountScenario::Normal, label_of(&ACCOUNTS, scenario.accounts));
    note("tokens", scenario.tokens == TokenScenario::Normal, label_of(&TOKENS, scenario.tokens));
    if scenario.latency_ms > 0 {
        parts.push(format!("latency {} ms", scenario.latency_ms));
    }
    if let Some(fault) = &scenario.fault {
        parts.push(format!("fault {}", fault.describe()));
    }
    parts.join("; ")
}

fn label_of<T: PartialEq + Copy>(choices: &[(T, &'static str)], value: T) -> &'static str {
    choices.iter().find(|(choice, _)| *choice == value).map_or("", |(_, text)| text)
}
