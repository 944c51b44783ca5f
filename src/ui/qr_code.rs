//! A QR code as an egui image: the `qrcode` crate's module matrix drawn dark on white inside its quiet zone, whatever
//! the theme (a phone's camera reads dark on light), kept as one texture for the text shown so that a frame does not
//! encode again. No I/O.

use egui::{Color32, ColorImage, TextureHandle, TextureOptions, Ui};

/// Pixels of the texture per module (crisp at up to 4 points per module on a screen of 1 pixel per point).
const PIXELS_PER_MODULE: usize = 4;
/// Modules of white around the code: the standard's quiet zone, which readers need to find it.
pub const QUIET_ZONE: usize = 4;

/// A text encoded as a QR code, ready to be turned into a texture.
pub struct QrImage {
    /// The code, quiet zone included, at [`PIXELS_PER_MODULE`] pixels per module.
    pub image: ColorImage,
    /// Modules along a side, quiet zone included.
    pub modules: usize,
    /// The symbol's version (1 to 40), which fixes its size: 17 + 4 × version modules without the quiet zone.
    pub version: i16,
}

/// `text` as a QR code (error correction level M, the smallest version that holds it); `None` when it is too long
/// for any QR code (over 2,331 bytes at level M).
#[must_use]
pub fn encode(text: &str) -> Option<QrImage> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let version = match code.version() {
        qrcode::Version::Normal(version) | qrcode::Version::Micro(version) => version,
    };
    let modules = code.width() + 2 * QUIET_ZONE;
    let side = modules * PIXELS_PER_MODULE;
    let mut image = ColorImage::filled([side, side], Color32::WHITE);
    for y in 0..code.width() {
        for x in 0..code.width() {
            if code[(x, y)] == qrcode::Color::Dark {
                fill_module(&mut image, x + QUIET_ZONE, y + QUIET_ZONE);
            }
        }
    }
    Some(QrImage { image, modules, version })
}

/// Paints the module at (`x`, `y`), in modules from the image's corner, black.
fn fill_module(image: &mut ColorImage, x: usize, y: usize) {
    let width = image.width();
    for row in y * PIXELS_PER_MODULE..(y + 1) * PIXELS_PER_MODULE {
        let start = row * width + x * PIXELS_PER_MODULE;
        if let Some(pixels) = image.pixels.get_mut(start..start + PIXELS_PER_MODULE) {
            pixels.fill(Color32::BLACK);
        }
    }
}

/// The texture of the code on view and the text it encodes; one at a time, so a new text frees the old texture.
#[derive(Clone)]
struct Shown {
    text: String,
    texture: Option<TextureHandle>,
}

/// Where the code on view is kept, in egui's memory.
fn shown_key() -> egui::Id {
    egui::Id::unique("qr code shown")
}

/// Draws `text` as a QR code `side` points square, with `name` as its accessible name and hover text. Encodes only when the text changes. False when the text is too long
/// for a QR code, and nothing is drawn.
pub fn show(ui: &mut Ui, text: &str, side: f32, name: &str) -> bool {
    let key = shown_key();
    let kept = ui.data(|data| data.get_temp::<Shown>(key)).filter(|shown| shown.text == text);
    let shown = kept.unwrap_or_else(|| {
        let texture = encode(text).map(|code| ui.ctx().load_texture("qr code", code.image, TextureOptions::NEAREST));
        let shown = Shown { text: text.to_owned(), texture };
        ui.data_mut(|data| data.insert_temp(key, shown.clone()));
        shown
    });
    let Some(texture) = &shown.texture else { return false };
    let response = ui.add(egui::Image::new(texture).fit_to_exact_size(egui::Vec2::splat(side))).on_hover_text(name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, name));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the code back from the image's pixels, as a phone's camera would.
    fn decoded(code: &QrImage) -> String {
        let [width, height] = code.image.size;
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            code.image.pixels.get(y * width + x).map_or(255, Color32::r)
        });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        let (_, text) = grids[0].decode().expect("the code decodes");
        text
    }

    #[test]
    fn a_bank_page_address_reads_back_from_its_code() {
        let page = "https://aggregator.example.com/consent/3f6c1a2e-9b7d-4c1e-8f2a-5d6e7f8a9b0c?state=Zm9vYmFy";
        let code = encode(page).expect("an address fits a QR code");
        assert_eq!(decoded(&code), page);
        assert_eq!(code.version, 6, "{} bytes at level M take version 6", page.len());
        assert_eq!(code.modules, 17 + 4 * 6 + 2 * QUIET_ZONE);
        assert_eq!(code.image.size, [code.modules * PIXELS_PER_MODULE; 2]);
    }

    #[test]
    fn the_quiet_zone_is_white_and_the_finder_corner_black_whatever_the_theme() {
        let code = encode("https://bank.example/").expect("encodes");
        let width = code.image.width();
        let quiet = QUIET_ZONE * PIXELS_PER_MODULE;
        assert!((0..quiet).all(|y| (0..width).all(|x| code.image.pixels[y * width + x] == Color32::WHITE)));
        assert_eq!(code.image.pixels[quiet * width + quiet], Color32::BLACK, "the finder pattern's corner");
    }

    #[test]
    fn a_text_too_long_for_any_code_is_none() {
        assert!(encode(&"x".repeat(3_000)).is_none());
    }

    /// The texture of the code on view.
    fn texture_shown(ctx: &egui::Context) -> Option<egui::TextureId> {
        let shown = ctx.data(|data| data.get_temp::<Shown>(shown_key()))?;
        shown.texture.map(|texture| texture.id())
    }

    #[test]
    fn the_texture_is_made_once_per_text_and_the_last_one_freed() {
        let draw = |ui: &mut Ui, text: &mut String| assert!(show(ui, text, 168.0, "QR code"));
        let mut harness = egui_kittest::Harness::new_ui_state(draw, "https://a.example/".to_owned());
        harness.run_steps(2);
        let (first, count) = (texture_shown(&harness.ctx), harness.ctx.tex_manager().read().num_allocated());
        assert!(first.is_some());
        harness.run_steps(3);
        assert_eq!(texture_shown(&harness.ctx), first, "not encoded again while the text stays");
        *harness.state_mut() = "https://b.example/".to_owned();
        harness.run_steps(2);
        assert_ne!(texture_shown(&harness.ctx), first, "a new text, a new code");
        assert_eq!(harness.ctx.tex_manager().read().num_allocated(), count, "the last code's texture is freed");
    }
}
