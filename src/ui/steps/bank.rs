//! The bank step: a country, a type-ahead search over its whole bank list (keyboard or mouse), each bank with its
//! logo or initials and a mark of how it links, the nearest names when nothing matches (`bank/no_match.rs`), and a
//! direct bank's instructions instead of the aggregator flow.

use std::collections::HashMap;

use egui::{Key, RichText, Ui};

use crate::api::ids::BankId;
use crate::api::models::{Bank, DataProvider};
use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{BankIntent, BankList, BankNotice, BankStep, COUNTRIES, Intent, SearchResult};

use super::View;

mod no_match;

/// The most banks listed at once; the count says how many more match.
const SHOWN: usize = 50;
/// The most names suggested when nothing matches.
const SUGGESTED: usize = 3;

/// What the bank view remembers between frames: the highlighted row and the last search, so a frame without a
/// keystroke does not search again, and whether the search box takes the focus back (after a suggestion is taken).
#[derive(Default)]
pub struct BankView {
    highlight: usize,
    last: Option<LastSearch>,
    logos: HashMap<BankId, Option<egui::TextureHandle>>,
    focus_search: bool,
}

/// A search and what it found, kept while the query and the list stay the same.
struct LastSearch {
    query: String,
    /// How many banks the list held.
    banks: usize,
    result: SearchResult,
    /// Positions of the nearest names, worked out only when nothing matched.
    suggestions: Vec<usize>,
}

/// Draws the bank step.
pub fn bank_ui(ui: &mut Ui, step: &BankStep, state: &mut BankView, view: &mut View<'_>) {
    widgets::heading(
        ui,
        "Choose your bank",
        &format!("The bank whose accounts {} wants to see in its books.", step.target.company_name),
    );
    if let Some(BankNotice::LinkInterrupted { bank_name }) = &step.notice {
        widgets::callout(
            ui,
            Tone::Info,
            "The last link was interrupted",
            &format!("The app closed while {bank_name}'s page was open. Nothing was linked; choose the bank again."),
        );
    }
    if let Some(BankNotice::LinkLost { bank_name }) = &step.notice {
        widgets::callout(
            ui,
            Tone::Warning,
            &format!("The link with {bank_name} has to be started again"),
            &format!(
                "The app closed just as it was checking with {bank_name}, and each check can be used only once, so how \
                 the link ended cannot be learnt. Choose the bank again; if you had finished at the bank, it takes a \
                 moment."
            ),
        );
    }
    if let Some(bank) = &step.direct {
        direct_bank(ui, bank, view);
        return;
    }
    country_choice(ui, view);
    match &step.list {
        BankList::Loading(_) => {
            // The box is there, focused, while the list loads: what is typed at once searches as soon as it comes.
            search_field(ui, state, view);
            widgets::busy(ui, "Fetching the bank list…");
        }
        BankList::Failed(failure) => {
            let text = explain::failed_action("Loading the bank list", failure);
            widgets::explained_with(ui, Tone::Danger, &text, |ui| {
                if widgets::button(ui, "Try again", true) {
                    view.intents.push(BankIntent::LoadAgain.into());
                }
            });
        }
        BankList::Ready(index) => {
            search_field(ui, state, view);
            search(ui, index, state, view);
        }
    }
}

/// The search box, which takes the keyboard focus on the frame the step opens (a link begun from the overview or a
/// finished account included), so that typing at once is not lost, and again once a suggested name is put in it.
fn search_field(ui: &mut Ui, state: &mut BankView, view: &mut View<'_>) {
    let response =
        widgets::text_field(ui, "Search banks", &mut view.session.bank_query, "Type part of the bank's name", None);
    if std::mem::take(&mut state.focus_search) {
        cursor_to_end(ui.ctx(), response.id, view.session.bank_query.chars().count());
        response.request_focus();
    }
    super::focus_first(view.opening, &response);
}

/// Puts the text cursor of the field `id` after its `chars` characters, so typing goes on at the end.
fn cursor_to_end(ctx: &egui::Context, id: egui::Id, chars: usize) {
    let mut edit = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    let end = egui::text::CCursor::new(chars);
    edit.cursor.set_char_range(Some(egui::text_selection::CCursorRange::one(end)));
    edit.store(ctx, id);
}

fn country_choice(ui: &mut Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        let label = ui.label("Country");
        let current = crate::ui::words::country_name(view.session.country).unwrap_or("");
        egui::ComboBox::from_id_salt("country")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for code in COUNTRIES {
                    let name = crate::ui::words::country_name(code).unwrap_or(code.as_str());
                    if ui.selectable_label(view.session.country == code, name).clicked() {
                        view.intents.push(BankIntent::SelectCountry(code).into());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.add_space(theme::FIELD_GAP);
}

/// The banks that match what the search box holds, and the keys that move through them.
fn search(ui: &mut Ui, index: &crate::wizard::BankIndex, state: &mut BankView, view: &mut View<'_>) {
    let query = view.session.bank_query.clone();
    let fresh = state.last.as_ref().is_none_or(|last| last.query != query || last.banks != index.len());
    if fresh {
        let result = index.search(&query, SHOWN);
        let suggestions = if result.is_empty() { index.suggest(&query, SUGGESTED) } else { Vec::new() };
        state.last = Some(LastSearch { query: query.clone(), banks: index.len(), result, suggestions });
        state.highlight = 0;
    }
    let Some(last) = &state.last else { return };
    let (result, suggestions) = (last.result.clone(), last.suggestions.clone());
    let (down, up, enter) =
        ui.input(|i| (i.key_pressed(Key::ArrowDown), i.key_pressed(Key::ArrowUp), i.key_pressed(Key::Enter)));
    if down {
        state.highlight = (state.highlight + 1).min(result.positions().len().saturating_sub(1));
    }
    if up {
        state.highlight = state.highlight.saturating_sub(1);
    }
    if enter && let Some(bank) = result.positions().get(state.highlight).and_then(|&chosen| index.bank(chosen)) {
        view.intents.push(BankIntent::Choose(bank.bank_id.clone()).into());
    }
    ui.label(RichText::new(summary(&query, &result)).small().color(theme::muted(ui)));
    ui.add_space(4.0);
    if result.is_empty() {
        let names: Vec<&str> = suggestions.iter().filter_map(|&p| index.bank(p)).map(|b| b.name.as_str()).collect();
        if let Some(name) = no_match::no_match(ui, &query, &names) {
            name.clone_into(&mut view.session.bank_query);
            state.focus_search = true;
        }
        return;
    }
    for (row, bank) in result.positions().iter().filter_map(|&position| index.bank(position)).enumerate() {
        if bank_row(ui, bank, row == state.highlight, state) {
            view.intents.push(BankIntent::Choose(bank.bank_id.clone()).into());
        }
    }
    if result.total() > result.positions().len() {
        ui.label(RichText::new("Keep typing to narrow the list.").small().color(theme::muted(ui)));
    }
}

/// "Popular banks", or how many match.
fn summary(query: &str, result: &SearchResult) -> String {
    let (shown, total) = (result.positions().len(), result.total());
    if query.trim().is_empty() {
        format!("Popular banks first; {total} banks in all. Use the arrow keys and Enter, or click a bank.")
    } else if total > shown {
        format!("{total} banks match; the first {shown} are shown")
    } else if total == 1 {
        "1 bank matches".to_owned()
    } else {
        format!("{total} banks match")
    }
}

/// One bank: logo or initials, name, and how it links. True when chosen.
fn bank_row(ui: &mut Ui, bank: &Bank, highlighted: bool, state: &mut BankView) -> bool {
    let mut chosen = false;
    ui.horizontal(|ui| {
        match logo(ui.ctx(), bank, state) {
            Some(texture) => {
                ui.add(egui::Image::new(&texture).fit_to_exact_size(egui::vec2(28.0, 28.0)));
            }
            None => {
                crate::ui::badge::initials_badge(ui, &bank.name, bank.bank_id.as_str(), 28.0);
            }
        }
        let response = ui.selectable_label(highlighted, RichText::new(&bank.name).size(15.0));
        if highlighted {
            response.scroll_to_me(None);
        }
        chosen = response.clicked();
        let (mark, colour) = match bank.data_provider {
            DataProvider::Indirect => ("Links in your browser", theme::info(ui)),
            DataProvider::Direct => ("Direct: arranged with the bank", theme::warning(ui)),
            DataProvider::Unknown => ("Link type unknown", theme::muted(ui)),
        };
        ui.label(RichText::new(mark).small().color(colour));
        if bank.popular_bank {
            ui.label(RichText::new("Popular").small().color(theme::muted(ui)));
        }
    });
    chosen
}

/// The bank's logo when it came as a PNG data URI, decoded once.
fn logo(ctx: &egui::Context, bank: &Bank, state: &mut BankView) -> Option<egui::TextureHandle> {
    state
        .logos
        .entry(bank.bank_id.clone())
        .or_insert_with(|| {
            use base64::Engine as _;
            let data = bank.logo.as_deref()?.strip_prefix("data:image/png;base64,")?;
            let bytes = base64::engine::general_purpose::STANDARD.decode(data.trim()).ok()?;
            let png = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).ok()?.to_rgba8();
            let size = [png.width() as usize, png.height() as usize];
            let pixels = egui::ColorImage::from_rgba_unmultiplied(size, png.as_raw());
            Some(ctx.load_texture(format!("logo-{}", bank.bank_id), pixels, egui::TextureOptions::LINEAR))
        })
        .clone()
}

fn direct_bank(ui: &mut Ui, bank: &Bank, view: &mut View<'_>) {
    let form = bank.authorisation_mechanism.as_ref().and_then(|m| m.form_url()).or(bank.bank_url.as_deref());
    let body = format!(
        "{} shares its accounts with Sage directly, so there is no bank page to open here. \
         Fill in the bank's form that lets it share your transactions, and send it to the bank; once the bank has \
         enabled the feed, the \
         account appears in your product, usually within a few working days.",
        bank.name
    );
    widgets::callout(ui, Tone::Info, &format!("{} is arranged with the bank itself", bank.name), &body);
    if let Some(form) = form {
        widgets::copyable_about(
            ui,
            "The bank's form",
            form,
            Some("The bank's authorisation form (authorisationMechanism)"),
        );
        // An address that is not one cannot be opened: it stays above to copy.
        if let Ok(address) = url::Url::parse(form)
            && widgets::primary_button(ui, "Open the bank's form", true)
        {
            view.intents.push(Intent::OpenInBrowser(address));
        }
    } else {
        ui.label("Sage has no address for the bank's form: ask the bank for its bank-feed form.");
    }
    ui.add_space(theme::SECTION_GAP);
    if widgets::button(ui, "Choose another bank", true) {
        view.intents.push(BankIntent::CloseDirectBank.into());
    }
}
