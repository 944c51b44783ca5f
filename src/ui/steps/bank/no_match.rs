//! What the bank step says when a search finds nothing: how to search, the nearest bank names (each a button that
//! searches for it), and what it means when a bank is not listed. Draws only; the names come from
//! `BankIndex::suggest`, worked out once per query by the bank view.

use egui::{RichText, Ui};

use crate::ui::theme;
use crate::ui::widgets::{self, Tone};

/// Draws the answer to a search for `query` that found nothing, with the `nearest` names; returns the name whose
/// button was pressed, to be put in the search box. What was typed stays in the box otherwise.
pub(super) fn no_match<'a>(ui: &mut Ui, query: &str, nearest: &[&'a str]) -> Option<&'a str> {
    let title = format!("No bank matches \"{}\"", query.trim());
    let hint = "Check the spelling, or type the start of one word of the name (\"nat\" finds \"First National Bank\").";
    let mut chosen = None;
    if nearest.is_empty() {
        widgets::callout(ui, Tone::Info, &title, hint);
    } else {
        widgets::callout_with(ui, Tone::Info, &title, hint, |ui| {
            ui.label("Did you mean");
            for &name in nearest {
                if suggestion(ui, name) {
                    chosen = Some(name);
                }
            }
        });
    }
    ui.label(RichText::new(NOT_LISTED).color(theme::muted(ui)));
    if chosen.is_some() {
        ui.ctx().request_repaint();
    }
    chosen
}

/// What it means when a bank is not in the list, and what to do.
const NOT_LISTED: &str = "Not listed? The bank may share accounts with Sage only through a feed arranged with the \
                          bank itself: ask your bank about a direct bank feed. Otherwise it is not offered yet: \
                          choose another country if the bank is abroad, and meanwhile import its statements by file in \
                          your product.";

/// One suggested name as a button, named "Search for <name>" for screen readers; true when pressed.
fn suggestion(ui: &mut Ui, name: &str) -> bool {
    let response = ui.button(name);
    widgets::name_button(&response, &format!("Search for {name}"));
    widgets::in_view_when_focused(&response);
    response.clicked()
}
