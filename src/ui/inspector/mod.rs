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

/// The inspector's width beside the step, where the window is wide enough for both.
const SIDE_WIDTH: f32 = 430.0;

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
        // Beside the step where there is room for both; below it otherwise, so that the step keeps its width and
        // nothing of it is drawn under the panel.
        if ui.available_width() >= theme::CONTENT_WIDTH + SIDE_WIDTH {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(SIDE_WIDTH)
                .min_size(320.0)
                .show(ui, |ui| self.contents(ui, log, timeline));
        } else {
            let height = (ui.available_height() * 0.45).max(160.0);
            egui::Panel::bottom("inspector-below")
                .resizable(true)
                .default_size(height)
                .min_size(140.0)
                .show(ui, |ui| self.contents(ui, log, timeline));
        }
    }

    /// The inspector: its tabs, the redaction note, and the requests or the timeline.
    fn contents(&mut self, ui: &mut Ui, log: &ExchangeLog, timeline: &Timeline) {
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
                .color(theme::muted(ui)),
        );
        ui.separator();
        match self.tab {
            Tab::Requests => self.requests_tab(ui, log),
            Tab::Timeline => timeline_view::show(ui, timeline),
        }
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
                ui.label(RichText::new(format!("{} older not kept", log.let_go())).small().color(theme::muted(ui)));
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
                    ui.label(RichText::new("Select a request to see its headers and bodies.").color(theme::muted(ui)));
                }
            });
        if let Some(id) = requests::table(ui, &shown, self.rows.len(), self.selected) {
            self.selected = Some(id);
        }
    }
}

/// True when `exchange` matches the filter: its path as shown (decoded), method or status contains the text, case
/// ignored, and an ID matches with or without its hyphens.
fn matches(exchange: &Exchange, filter: &str) -> bool {
    let filter = filter.trim();
    if filter.is_empty() {
        return true;
    }
    let filter = filter.to_lowercase();
    let status = exchange.response.as_ref().map_or_else(|| "failed".to_owned(), |response| response.status.to_string());
    let path = shown_path(&exchange.path).to_lowercase();
    let unhyphenated = |text: &str| text.replace('-', "");
    path.contains(&filter)
        || (!unhyphenated(&filter).is_empty() && unhyphenated(&path).contains(&unhyphenated(&filter)))
        || exchange.method.to_lowercase().contains(&filter)
        || status.contains(&filter)
}

/// A path as people read it: percent-escapes decoded.
pub(super) fn shown_path(path: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(path: &str) -> Exchange {
        Exchange::unanswered_get(path)
    }

    #[test]
    fn the_filter_matches_a_path_as_shown_and_an_id_with_or_without_its_hyphens() {
        let id = "5f0c2a1e-7b3d-4c7e-9a51-0e6f2b9c8d47";
        let plain = exchange(&format!("/api/v1/organisations/{id}/companies/c-1/bankaccounts"));
        let escaped = exchange("/api/v1/organisations/5f0c2a1e%2D7b3d%2D4c7e%2D9a51%2D0e6f2b9c8d47/companies");
        for filter in [id, "5f0c2a1e7b3d4c7e9a510e6f2b9c8d47", "5F0C2A1E-7B3D", " bankaccounts "] {
            assert!(matches(&plain, filter), "{filter}");
        }
        assert!(matches(&escaped, id), "an escaped path matches as it is shown");
        assert_eq!(shown_path(&escaped.path), format!("/api/v1/organisations/{id}/companies"));
        assert!(matches(&plain, "failed"), "no answer reads as failed");
        assert!(!matches(&plain, "accesstoken"));
        assert!(!matches(&exchange("/api/v1/banks"), "-"), "a lone hyphen is no ID: it matches only a hyphen");
    }
}
