//! Small widgets every step uses: labelled fields with inline problems, callouts, copyable values, busy lines.
//! Every input is labelled (`labelled_by`) so screen readers and tests find it by its label.

use egui::{Button, Frame, RichText, Stroke, TextEdit, Ui};

use super::explain::Explanation;
use super::theme;

/// The tone of a callout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Something failed.
    Danger,
    /// Needs attention.
    Warning,
    /// Worked.
    Success,
    /// For information.
    Info,
}

impl Tone {
    fn colour(self, ui: &Ui) -> egui::Color32 {
        let palette = theme::palette(ui);
        match self {
            Self::Danger => palette.danger,
            Self::Warning => palette.warning,
            Self::Success => palette.success,
            Self::Info => palette.info,
        }
    }
}

/// A single-line text field under its label, with the field's problem below it when there is one.
pub fn text_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str, problem: Option<&str>) -> egui::Response {
    // Named by its label, so that a problem line shown above it does not move the focus off it.
    field(ui, label, problem, |ui| {
        ui.add(TextEdit::singleline(text).id_salt(label).hint_text(hint).desired_width(f32::INFINITY))
    })
}

/// A password-style field: what is typed is never shown.
pub fn secret_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    field(ui, label, None, |ui| {
        ui.add(TextEdit::singleline(text).id_salt(label).password(true).hint_text(hint).desired_width(f32::INFINITY))
    })
}

fn field(
    ui: &mut Ui,
    label: &str,
    problem: Option<&str>,
    add: impl FnOnce(&mut Ui) -> egui::Response,
) -> egui::Response {
    let label = ui.label(RichText::new(label).strong());
    let response = add(ui).labelled_by(label.id);
    in_view_when_focused(&response);
    if let Some(problem) = problem {
        ui.label(RichText::new(problem).color(theme::danger(ui)).small());
    }
    ui.add_space(theme::FIELD_GAP);
    response
}

/// A framed message: a title in the tone's colour and a body that says what happened and what to do.
pub fn callout(ui: &mut Ui, tone: Tone, title: &str, body: &str) {
    framed(ui, tone, (title, body, None), None, None::<fn(&mut Ui)>);
}

/// A callout with actions (buttons) under its text.
pub fn callout_with(ui: &mut Ui, tone: Tone, title: &str, body: &str, actions: impl FnOnce(&mut Ui)) {
    framed(ui, tone, (title, body, None), None, Some(actions));
}

/// [`callout_with`], for a failure that has its own reference for support (a lost answer's CRM ID and time): shown
/// with when it happened, in place of the reference made for it.
pub fn callout_with_reference(
    ui: &mut Ui,
    tone: Tone,
    (title, body): (&str, &str),
    reference: &str,
    actions: impl FnOnce(&mut Ui),
) {
    framed(ui, tone, (title, body, None), Some(reference), Some(actions));
}

/// A failure explained in a callout: its exact terms (an HTTP status, the system's words) on hover of its title.
pub fn explained(ui: &mut Ui, tone: Tone, text: &Explanation) {
    framed(ui, tone, (&text.title, &text.body, text.details.as_deref()), None, None::<fn(&mut Ui)>);
}

/// [`explained`], with actions (buttons) under its text.
pub fn explained_with(ui: &mut Ui, tone: Tone, text: &Explanation, actions: impl FnOnce(&mut Ui)) {
    framed(ui, tone, (&text.title, &text.body, text.details.as_deref()), None, Some(actions));
}

/// A callout's title, body and details (shown on hover of the title).
type Words<'a> = (&'a str, &'a str, Option<&'a str>);

/// Draws a callout; a failure that asks for support also says when it happened, with a reference to quote
/// (`reference`, when the caller has one).
fn framed(
    ui: &mut Ui,
    tone: Tone,
    (title, body, details): Words<'_>,
    reference: Option<&str>,
    actions: Option<impl FnOnce(&mut Ui)>,
) {
    let frame = Frame::new()
        .fill(theme::palette(ui).callout_fill(tone.colour(ui)))
        .stroke(Stroke::new(1.0, theme::palette(ui).callout_stroke(tone.colour(ui))))
        .corner_radius(6)
        .inner_margin(theme::card_margin())
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // A callout says what happened, often in the background (the bank approved, a check failed): screen
            // readers announce it when it appears or changes, without taking the person away from where they are.
            let heading = ui.label(RichText::new(title).strong().color(tone.colour(ui)));
            announced(&heading);
            if let Some(details) = details {
                heading.on_hover_text(details);
            }
            if !body.is_empty() {
                announced(&ui.label(body));
            }
            let failure = matches!(tone, Tone::Danger | Tone::Warning);
            if failure && (reference.is_some() || super::support_stamp::asks_for_support(body)) {
                super::support_stamp::show(ui, title, details, reference);
            }
            if let Some(actions) = actions {
                ui.horizontal_wrapped(actions);
            }
        });
    if matches!(tone, Tone::Danger | Tone::Warning) {
        in_view_when_new(&frame.response, title);
    }
    ui.add_space(theme::FIELD_GAP);
}

/// Scrolls a problem into view on the frame it appears: a failure after Continue may be drawn below the fold of a long
/// step, and the person must see that something happened and what to do.
fn in_view_when_new(response: &egui::Response, title: &str) {
    let key = egui::Id::unique(("problem shown", title));
    let pass = response.ctx.cumulative_pass_nr();
    let last = response.ctx.data_mut(|data| {
        let last = data.get_temp::<u64>(key);
        data.insert_temp(key, pass);
        last
    });
    let shown_just_before = last.is_some_and(|last| last + 1 >= pass);
    if !shown_just_before {
        response.scroll_to_me(Some(egui::Align::Center));
    }
}

/// Makes `text` a polite live region: a screen reader reads it out when it appears or changes, once the person's
/// current speech is done.
pub fn announced(text: &egui::Response) {
    text.ctx.accesskit_node_builder(text.id, |node| node.set_live(egui::accesskit::Live::Polite));
}

/// The step's main action: an accented button, greyed out when it cannot be used.
pub fn primary_button(ui: &mut Ui, text: &str, enabled: bool) -> bool {
    let response = ui.add_enabled(enabled, primary(ui, text));
    in_view_when_focused(&response);
    response.clicked()
}

/// The look of a main action, for a caller that adds it itself (with a hover text, say).
pub fn primary<'a>(ui: &Ui, text: &'a str) -> Button<'a> {
    let palette = theme::palette(ui);
    Button::new(RichText::new(text).color(palette.on_fill).strong()).fill(palette.accent_fill)
}

/// The look of a dangerous action (Reset demo, Close anyway), for a caller that adds it itself.
pub fn danger<'a>(ui: &Ui, text: &'a str) -> Button<'a> {
    let palette = theme::palette(ui);
    Button::new(RichText::new(text).color(palette.on_fill).strong()).fill(palette.danger_fill)
}

/// A secondary button.
pub fn button(ui: &mut Ui, text: &str, enabled: bool) -> bool {
    let response = ui.add_enabled(enabled, Button::new(text));
    in_view_when_focused(&response);
    response.clicked()
}

/// Gives the button `response` the accessible name `name` in place of its visible words, where those words alone
/// would be alike on one screen (each row's "Open"): a screen reader then says what it acts on.
pub fn name_button(response: &egui::Response, name: &str) {
    let enabled = response.enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
}

/// Scrolls `response` into view when the keyboard focus has just come to it (Tab through a long step).
pub fn in_view_when_focused(response: &egui::Response) {
    if response.gained_focus() {
        response.scroll_to_me(None);
    }
}

/// A spinner and a sentence saying what the app is waiting for.
pub fn busy(ui: &mut Ui, text: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(text);
    });
}

/// A named value in monospace with a Copy button, for IDs a helpdesk will ask for. The button comes first and the
/// value wraps, so that a long value (a bank's page address) never pushes the button out of a narrow window; the
/// button's accessible name says what it copies ("Copy organisation ID"), unique on its screen.
pub fn copyable(ui: &mut Ui, name: &str, value: &str) {
    copyable_about(ui, name, value, None);
}

/// [`copyable`], with what the value is (its exact name, for helpdesk) on hover of its name.
pub fn copyable_about(ui: &mut Ui, name: &str, value: &str, about: Option<&str>) {
    copyable_of(ui, name, value, about, None);
}

/// [`copyable_about`] where the screen shows several such values (one per organisation): the Copy button's accessible
/// name also says whose value it copies (`of`).
pub fn copyable_of(ui: &mut Ui, name: &str, value: &str, about: Option<&str>, of: Option<&str>) {
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(name).color(theme::muted(ui)));
        if let Some(about) = about {
            label.on_hover_text(about);
        }
        let whose = of.map(|of| format!(" of {of}")).unwrap_or_default();
        let what = format!("Copy {}{whose}", super::explain::lower_first(name));
        let copy = ui.small_button("Copy").on_hover_text(&what);
        name_button(&copy, &what);
        if copy.clicked() {
            ui.ctx().copy_text(value.to_owned());
        }
    });
    ui.add(egui::Label::new(RichText::new(value).monospace()).wrap_mode(egui::TextWrapMode::Wrap));
}

/// True when the widget `id` is a text field (its edit state is kept).
#[must_use]
pub fn is_text_field(ctx: &egui::Context, id: egui::Id) -> bool {
    egui::text_edit::TextEditState::load(ctx, id).is_some()
}

/// A named value.
pub fn value_row(ui: &mut Ui, name: &str, value: &str) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(name).color(theme::muted(ui)));
        ui.label(value);
    });
}

/// A step's heading and one-line purpose.
pub fn heading(ui: &mut Ui, title: &str, purpose: &str) {
    ui.heading(title);
    ui.label(RichText::new(purpose).color(theme::muted(ui)));
    ui.add_space(theme::SECTION_GAP);
}
