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
use crate::ui::{theme, widgets};
use crate::wizard::DetailsShare;

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

/// Below this height the Requests tab shows the list and a request's details as two pages (800×600 with the inspector
/// below the step), not one above the other.
const PAGED_BELOW: f32 = 380.0;

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
    /// Where the inspector is short, the selected request's details are shown in place of the list.
    details_page: bool,
    /// The details' height last frame, and whether the divider has been dragged since the pointer went down.
    details_height: Option<f32>,
    split_dragged: bool,
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

    /// Selects the exchange numbered `id` and shows it in full (for the screenshot tour and tests).
    pub fn select(&mut self, id: u64) {
        self.selected = Some(id);
        self.details_page = true;
    }

    /// The number of the exchange selected, if one is.
    #[must_use]
    pub fn selected(&self) -> Option<u64> {
        self.selected
    }

    /// Handles the shortcuts; call once a frame.
    pub fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|input| input.consume_shortcut(&TIMELINE_SHORTCUT)) {
            self.toggle(Tab::Timeline);
        } else if ctx.input_mut(|input| input.consume_shortcut(&TOGGLE_SHORTCUT)) {
            self.toggle(self.tab);
        }
    }

    /// Draws the panel, when open, at the right of `ui` (or below the step where the window is narrow), the Requests
    /// tab split as `share` says; returns the new split once the person has dragged its divider.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        log: &ExchangeLog,
        timeline: &Timeline,
        share: DetailsShare,
    ) -> Option<DetailsShare> {
        if !self.open {
            return None;
        }
        self.refresh(log);
        // Beside the step where there is room for both; below it otherwise, so that the step keeps its width and
        // nothing of it is drawn under the panel.
        if ui.available_width() >= theme::CONTENT_WIDTH + SIDE_WIDTH {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(SIDE_WIDTH)
                .min_size(320.0)
                .show(ui, |ui| self.contents(ui, log, timeline, share))
                .inner
        } else {
            let height = (ui.available_height() * 0.45).max(160.0);
            egui::Panel::bottom("inspector-below")
                .resizable(true)
                .default_size(height)
                .min_size(140.0)
                .show(ui, |ui| self.contents(ui, log, timeline, share))
                .inner
        }
    }

    /// The inspector: its tabs, the redaction note, and the requests or the timeline.
    fn contents(
        &mut self,
        ui: &mut Ui,
        log: &ExchangeLog,
        timeline: &Timeline,
        share: DetailsShare,
    ) -> Option<DetailsShare> {
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
            Tab::Requests => self.requests_tab(ui, log, share),
            Tab::Timeline => {
                timeline_view::show(ui, timeline);
                None
            }
        }
    }

    fn refresh(&mut self, log: &ExchangeLog) {
        let generation = log.generation();
        if self.generation != Some(generation) {
            self.rows = log.exchanges();
            self.generation = Some(generation);
        }
    }

    fn requests_tab(&mut self, ui: &mut Ui, log: &ExchangeLog, share: DetailsShare) -> Option<DetailsShare> {
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
        let shown: Vec<Arc<Exchange>> =
            self.rows.iter().filter(|exchange| matches(exchange, &self.filter)).cloned().collect();
        let selected = self.selected.and_then(|id| self.rows.iter().find(|exchange| exchange.id == id)).cloned();
        let whole = ui.available_height();
        if whole < PAGED_BELOW {
            self.paged(ui, &shown, selected.as_ref());
            return None;
        }
        let details = egui::Panel::bottom("inspector-details")
            .resizable(true)
            .default_size(whole * share.fraction())
            .min_size(120.0)
            .show(ui, |ui| self.details(ui, selected.as_ref()));
        if let Some(id) = self.list(ui, &shown) {
            self.selected = Some(id);
        }
        self.split_after_drag(ui, details.response.rect.height(), whole)
    }

    /// The list, or the selected request's details in its place with a way back: for a short inspector.
    fn paged(&mut self, ui: &mut Ui, shown: &[Arc<Exchange>], selected: Option<&Arc<Exchange>>) {
        if self.details_page
            && let Some(exchange) = selected
        {
            let back = ui.button("Back to all requests");
            widgets::in_view_when_focused(&back);
            if back.clicked() {
                self.details_page = false;
            }
            self.details(ui, Some(exchange));
        } else if let Some(id) = self.list(ui, shown) {
            self.selected = Some(id);
            self.details_page = true;
        }
    }

    /// The list of requests; the one picked (clicked, or moved to with the arrow keys), if any.
    fn list(&mut self, ui: &mut Ui, shown: &[Arc<Exchange>]) -> Option<u64> {
        let rows: Vec<&Arc<Exchange>> = shown.iter().collect();
        requests::list(ui, &rows, self.rows.len(), self.selected)
    }

    /// The selected request in full, or what to do to see one.
    fn details(&mut self, ui: &mut Ui, selected: Option<&Arc<Exchange>>) {
        if let Some(exchange) = selected {
            let pretty = match self.pretty.take() {
                Some(pretty) if pretty.id == exchange.id => pretty,
                _ => PrettyExchange::of(exchange),
            };
            details::show(ui, exchange, &pretty);
            self.pretty = Some(pretty);
        } else {
            ui.add_space(theme::SECTION_GAP);
            ui.label(RichText::new("Select a request to see its headers and bodies.").color(theme::muted(ui)));
            // The details keep their share of the tab, as they do with a request in them.
            ui.allocate_space(ui.available_size());
        }
    }

    /// The split to keep once the person has dragged the divider and let go: the details' `height` of the `whole`.
    fn split_after_drag(&mut self, ui: &Ui, height: f32, whole: f32) -> Option<DetailsShare> {
        let pressed = ui.input(|input| input.pointer.primary_down());
        let moved = self.details_height.is_some_and(|last| (last - height).abs() > 0.5);
        self.details_height = Some(height);
        if pressed {
            self.split_dragged |= moved;
            return None;
        }
        std::mem::take(&mut self.split_dragged).then(|| DetailsShare::of(height, whole))
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
