//! The request inspector: a side panel, toggled from the View menu or with Ctrl+I, with two tabs. Requests lists
//! every HTTP exchange of the session (time, method, path, status, duration) and shows the selected one in full
//! (`details`); Timeline lists what the person did and what answered (`timeline_view`). Reads the runtime's
//! [`ExchangeLog`] and the app's [`Timeline`], both already redacted; draws only.

mod details;
mod requests;
mod timeline_view;

use std::sync::Arc;

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use crate::api::exchange::{Exchange, ExchangeLog};
use crate::diagnostics::Timeline;
use crate::ui::theme;

pub use details::PrettyExchange;

/// The shortcut that shows and hides the inspector.
pub const TOGGLE_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);

/// The shortcut that shows the inspector on its Timeline tab.
pub const TIMELINE_SHORTCUT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::T);

/// Which list the inspector shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// The HTTP exchanges.
    #[default]
    Requests,
    /// The event timeline.
    Timeline,
}

/// The inspector's state: whether it is open, its tab, the filter, the selection and what is cached for drawing.
#[derive(Default)]
pub struct Inspector {
    /// Whether the panel is shown.
    pub open: bool,
    /// The tab shown.
    pub tab: Tab,
    filter: String,
    selected: Option<u64>,
    /// The log's exchanges as of `generation`, so a frame does not copy them while nothing changed.
    rows: Vec<Arc<Exchange>>,
    generation: Option<u64>,
    /// The selected exchange's bodies, pretty-printed once.
    pretty: Option<PrettyExchange>,
}

impl Inspector {
    /// Opens the inspector on `tab`, or closes it when it already shows `tab`.
    pub fn toggle(&mut self, tab: Tab) {
        if self.open && self.tab == tab {
            self.open = false;
        } else {
            self.open = true;
            self.tab = tab;
        }
    }

    /// Selects the exchange numbered `id` (for the screenshot tour and tests).
    pub fn select(&mut self, id: u64) {
        self.selected = Some(id);
    }

    /// Handles the shortcuts; call once a frame.
    pub fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|input| input.consume_shortcut(&TIMELINE_SHORTCUT)) {
            self.toggle(Tab::Timeline);
        } else if ctx.input_mut(|input| input.consume_shortcut(&TOGGLE_SHORTCUT)) {
            self.toggle(self.tab);
        }
    }

    /// Draws the panel, when open, at the right of `ui`.
    pub fn show(&mut self, ui: &mut Ui, log: &ExchangeLog, timeline: &Timeline) {
        if !self.open {
            return;
        }
        self.refresh(log);
        egui::Panel::right("inspector").resizable(true).default_size(430.0).min_size(320.0).show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("Inspector").strong());
                let requests = format!("Requests ({})", self.rows.len());
                ui.selectable_value(&mut self.tab, Tab::Requests, requests);
                ui.selectable_value(&mut self.tab, Tab::Timeline, format!("Timeline ({})", timeline.len()));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.small_button("Close").on_hover_text("Ctrl+I").clicked() {
                        self.open = false;
                    }
                });
            });
            ui.label(
                RichText::new("Keys, JWTs, Authorization values, captcha answers and route secrets are redacted.")
                    .small()
                    .color(theme::MUTED),
            );
            ui.separator();
            match self.tab {
                Tab::Requests => self.requests_tab(ui, log),
                Tab::Timeline => timeline_view::show(ui, timeline),
            }
        });
    }

    fn refresh(&mut self, log: &ExchangeLog) {
        let generation = log.generation();
        if self.generation != Some(generation) {
            self.rows = log.exchanges();
            self.generation = Some(generation);
        }
    }

    fn requests_tab(&mut self, ui: &mut Ui, log: &ExchangeLog) {
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter).hint_text("path, method or status").desired_width(200.0),
            )
            .labelled_by(label.id);
            if log.let_go() > 0 {
                ui.label(RichText::new(format!("{} older not kept", log.let_go())).small().color(theme::MUTED));
            }
        });
        let shown: Vec<&Arc<Exchange>> = self.rows.iter().filter(|exchange| matches(exchange, &self.filter)).collect();
        let selected = self.selected.and_then(|id| self.rows.iter().find(|exchange| exchange.id == id)).cloned();
        egui::Panel::bottom("inspector-details")
            .resizable(true)
            .default_size(ui.available_height() * 0.65)
            .min_size(120.0)
            .show(ui, |ui| {
                if let Some(exchange) = &selected {
                    let pretty = match self.pretty.take() {
                        Some(pretty) if pretty.id == exchange.id => pretty,
                        _ => PrettyExchange::of(exchange),
                    };
                    details::show(ui, exchange, &pretty);
                    self.pretty = Some(pretty);
                } else {
                    ui.add_space(theme::SECTION_GAP);
                    ui.label(RichText::new("Select a request to see its headers and bodies.").color(theme::MUTED));
                }
            });
        if let Some(id) = requests::table(ui, &shown, self.selected) {
            self.selected = Some(id);
        }
    }
}

/// True when `exchange` matches the filter: its path, method or status contains the text (case ignored).
fn matches(exchange: &Exchange, filter: &str) -> bool {
    let filter = filter.trim();
    if filter.is_empty() {
        return true;
    }
    let filter = filter.to_lowercase();
    let status = exchange.response.as_ref().map_or_else(|| "failed".to_owned(), |response| response.status.to_string());
    exchange.path.to_lowercase().contains(&filter)
        || exchange.method.to_lowercase().contains(&filter)
        || status.contains(&filter)
}
