//! Placeholder of the initials badge until its branch lands.

/// Paints a badge.
pub fn initials_badge(ui: &mut egui::Ui, name: &str, _key: &str, size: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    ui.painter().rect_filled(rect, 4.0, egui::Color32::GRAY);
    let letter: String = name.chars().take(1).collect();
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        letter,
        egui::FontId::proportional(12.0),
        egui::Color32::WHITE,
    );
    response
}
