//! The theme and text size: a choice is saved with the progress and comes back on restart, the same choice saves
//! nothing, an older progress file without them (or with a theme this version does not know) still loads, and the
//! text size moves along its steps.

use super::*;

/// What `wizard` would save, as the JSON on disk.
fn saved_json(wizard: &Wizard) -> serde_json::Value {
    serde_json::to_value(wizard.progress()).expect("progress as JSON")
}

/// A wizard restarted from `json`, as the store reads it.
fn restarted_from(json: serde_json::Value) -> Wizard {
    let progress: Progress = serde_json::from_value(json).expect("the progress file loads");
    let mut wizard = Wizard::new();
    wizard.update(Answer::Restored(Some(progress)));
    wizard
}

#[test]
fn a_chosen_theme_and_text_size_are_saved_and_come_back_on_restart() {
    let mut wizard = Wizard::new();
    let chosen = Appearance { theme: ThemeChoice::Dark, text_size: TextSize::NORMAL.larger().larger() };
    let effects = wizard.update(Intent::SetAppearance(chosen));
    let [Effect::SaveProgress(saved)] = effects.as_slice() else { panic!("one save expected, got {effects:?}") };
    assert_eq!((saved.theme, saved.text_size), (Some(ThemeChoice::Dark), Some(chosen.text_size)));

    let again = restarted_from(saved_json(&wizard));
    assert_eq!(again.session().appearance, chosen);
    assert_eq!(chosen.text_size.percent(), 125);
}

#[test]
fn choosing_what_is_already_in_use_saves_nothing() {
    let mut wizard = Wizard::new();
    assert!(wizard.update(Intent::SetAppearance(Appearance::default())).is_empty());
}

#[test]
fn a_progress_file_saved_before_themes_existed_loads_with_the_system_theme_and_normal_size() {
    let mut wizard = Wizard::new();
    wizard.session_mut().licence.fields[0].value = "SERIAL-77".into();
    let mut json = saved_json(&wizard);
    let fields = json.as_object_mut().expect("an object");
    fields.remove("theme").expect("the theme is saved");
    fields.remove("text_size").expect("the text size is saved");

    let again = restarted_from(json);
    assert_eq!(again.session().appearance, Appearance::default());
    assert_eq!(again.session().licence.fields[0].value, "SERIAL-77", "the rest of the file is kept");
}

#[test]
fn a_theme_this_version_does_not_know_falls_back_to_the_system_keeping_the_rest() {
    let mut wizard = Wizard::new();
    wizard.update(Intent::SetAppearance(Appearance { theme: ThemeChoice::Light, text_size: TextSize::NORMAL }));
    wizard.session_mut().licence.fields[0].value = "SERIAL-77".into();
    for unknown in [serde_json::json!("HighContrast"), serde_json::json!({"Custom": 3}), serde_json::json!(7)] {
        let mut json = saved_json(&wizard);
        json["theme"] = unknown.clone();
        let again = restarted_from(json);
        assert_eq!(again.session().appearance.theme, ThemeChoice::System, "{unknown}");
        assert_eq!(again.session().licence.fields[0].value, "SERIAL-77", "{unknown}");
    }
}

#[test]
fn a_hand_edited_text_size_snaps_to_the_nearest_step() {
    let mut json = saved_json(&Wizard::new());
    for (written, read) in [(0, 90), (101, 100), (130, 125), (1000, 200)] {
        json["text_size"] = serde_json::json!(written);
        assert_eq!(restarted_from(json.clone()).session().appearance.text_size.percent(), read, "{written}");
    }
}

#[test]
fn the_text_size_steps_from_90_to_200_percent_and_stops_at_each_end() {
    let percents: Vec<u16> = TextSize::STEPS.iter().map(|step| step.percent()).collect();
    assert_eq!(percents, [90, 100, 110, 125, 150, 175, 200]);
    let mut size = TextSize::NORMAL;
    for _ in 0..10 {
        size = size.larger();
    }
    assert_eq!(size.percent(), 200);
    for _ in 0..10 {
        size = size.smaller();
    }
    assert_eq!(size.percent(), 90);
    assert!((TextSize::nearest(150).factor() - 1.5).abs() < f32::EPSILON);
}
