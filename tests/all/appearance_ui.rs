//! The look in `egui_kittest`: View → Theme → Dark turns the window dark and comes back after a restart; Ctrl+plus,
//! Ctrl+minus and Ctrl+0 (and View → Text size) move the text size along its steps and it is remembered; at 200 % the
//! step's main action is still inside the window; a theme given for one run (`--theme`) is shown and not saved.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::store::PROGRESS_FILE;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{Appearance, TextSize, ThemeChoice};

use crate::support::{self, TestApp, eventually};

/// Ctrl as Linux and Windows send it (egui's "command" modifier).
const CTRL: Modifiers = Modifiers::COMMAND.plus(Modifiers::CTRL);

/// The progress file's text in `dir`, once it is saved and satisfies `done`.
fn saved_when(dir: &std::path::Path, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    eventually(
        what,
        || {
            let text = std::fs::read_to_string(dir.join(PROGRESS_FILE)).ok()?;
            serde_json::from_str(&text).ok().filter(|json| done(json))
        },
        || std::fs::read_to_string(dir.join(PROGRESS_FILE)).unwrap_or_else(|error| error.to_string()),
    )
}

/// Steps `harness` until the app shows `appearance` and egui has taken it.
fn run_until_shown_as(harness: &mut Harness<'_, WizardApp>, appearance: Appearance) {
    let harness = std::cell::RefCell::new(harness);
    eventually(
        &format!("{appearance:?} in use"),
        || {
            let mut harness = harness.borrow_mut();
            harness.step();
            let zoom = harness.ctx.zoom_factor();
            (harness.state().appearance() == appearance
                && (zoom - appearance.text_size.factor()).abs() < 1e-3
                && harness.ctx.options(|options| options.theme_preference)
                    == bankfeeds_onboard::ui::theme::preference(appearance.theme))
            .then_some(())
        },
        || format!("{:?}, zoom {}", harness.borrow().state().appearance(), harness.borrow().ctx.zoom_factor()),
    );
}

/// Opens View → `submenu` and clicks `item` in it.
fn choose(harness: &mut Harness<'_, WizardApp>, submenu: &str, item: &str) {
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label(submenu).click();
    harness.run_steps(2);
    harness.get_by_label(item).click();
    harness.run_steps(2);
}

#[test]
fn view_theme_dark_turns_the_window_dark_at_once_and_a_restart_keeps_it() {
    let TestApp { app, secrets, data_dir } = support::test_app();
    let mut harness = support::harness(app);
    harness.run_steps(3);
    assert_eq!(harness.ctx.theme(), egui::Theme::Light, "light where the system's preference is unknown");

    choose(&mut harness, "Theme", "Dark");
    let dark = Appearance { theme: ThemeChoice::Dark, text_size: TextSize::NORMAL };
    run_until_shown_as(&mut harness, dark);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    assert!(harness.ctx.global_style().visuals.dark_mode);
    saved_when(data_dir.path(), "the dark theme saved", |json| json["theme"] == "Dark");
    drop(harness);

    let again = support::test_app_in(data_dir, secrets);
    let mut harness = support::harness(again.app);
    run_until_shown_as(&mut harness, dark);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark, "the dark theme comes back after a restart");
}

#[test]
fn ctrl_plus_minus_and_0_move_the_text_size_along_its_steps_and_it_is_remembered() {
    let TestApp { app, secrets, data_dir } = support::test_app();
    let mut harness = support::harness(app);
    harness.run_steps(3);
    let size = |percent| Appearance { theme: ThemeChoice::System, text_size: TextSize::nearest(percent) };

    harness.key_press_modifiers(CTRL, Key::Plus);
    run_until_shown_as(&mut harness, size(110));
    harness.key_press_modifiers(CTRL, Key::Equals);
    run_until_shown_as(&mut harness, size(125));
    harness.key_press_modifiers(CTRL, Key::Num0);
    run_until_shown_as(&mut harness, size(100));
    harness.key_press_modifiers(CTRL, Key::Minus);
    run_until_shown_as(&mut harness, size(90));
    harness.key_press_modifiers(CTRL, Key::Minus);
    run_until_shown_as(&mut harness, size(90));

    choose(&mut harness, "Text size", "150%");
    run_until_shown_as(&mut harness, size(150));
    saved_when(data_dir.path(), "the text size saved", |json| json["text_size"] == 150);
    drop(harness);

    let again = support::test_app_in(data_dir, secrets);
    let mut harness = support::harness(again.app);
    run_until_shown_as(&mut harness, size(150));
}

#[test]
fn at_200_percent_the_first_steps_main_action_is_still_inside_the_window() {
    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.run_steps(3);
    choose(&mut harness, "Text size", "200%");
    run_until_shown_as(&mut harness, Appearance { theme: ThemeChoice::System, text_size: TextSize::nearest(200) });
    harness.run_steps(2);
    let window = harness.ctx.content_rect();
    let button = harness.get_by_label("Continue").rect();
    assert!(window.width() < 530.0, "the 1040-point window holds 520 points at 200 %: {window:?}");
    assert!(window.contains_rect(button), "Continue at {button:?} is outside the window {window:?}");
}

#[test]
fn a_theme_given_for_one_run_is_shown_over_the_saved_one_and_not_saved() {
    let TestApp { app, secrets, data_dir } = support::test_app();
    let mut harness = support::harness(app);
    harness.run_steps(3);
    choose(&mut harness, "Theme", "Light");
    saved_when(data_dir.path(), "the light theme saved", |json| json["theme"] == "Light");
    drop(harness);

    let again = support::test_app_in(data_dir, secrets);
    let mut harness = support::harness(again.app.with_theme(Some(ThemeChoice::Dark)));
    run_until_shown_as(&mut harness, Appearance { theme: ThemeChoice::Dark, text_size: TextSize::NORMAL });
    assert_eq!(harness.state().wizard().session().appearance.theme, ThemeChoice::Light, "the saved choice stays");
    harness.key_press_modifiers(CTRL, Key::Plus);
    let larger = Appearance { theme: ThemeChoice::Dark, text_size: TextSize::nearest(110) };
    run_until_shown_as(&mut harness, larger);
    let saved = saved_when(again.data_dir.path(), "the text size saved", |json| json["text_size"] == 110);
    assert_eq!(saved["theme"], "Light", "this run's theme is not saved with the text size");
}
