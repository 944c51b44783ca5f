//! Draws a captcha's text into a PNG image (captcha-rs) and encodes it as base64, as `GET captcha` sends it.
//! CPU-bound: callers run it off the async threads.

use std::io::Cursor;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use captcha_rs::CaptchaBuilder;
use image::ImageFormat;

/// Image height in pixels.
const HEIGHT: u32 = 60;
/// Width per character, plus a margin, so long configured texts stay readable.
const WIDTH_PER_CHAR: u32 = 34;
/// The narrowest image.
const MIN_WIDTH: u32 = 160;

/// Why an image could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("the captcha image could not be encoded as PNG: {0}")]
pub struct RenderError(#[from] image::ImageError);

/// A PNG showing `text`, base64 (standard alphabet, padded).
pub fn render_png_base64(text: &str) -> Result<String, RenderError> {
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    let width = chars.saturating_mul(WIDTH_PER_CHAR).saturating_add(20).max(MIN_WIDTH);
    let captcha = CaptchaBuilder::new().text(text.to_owned()).width(width).height(HEIGHT).complexity(2).build();
    let mut png = Vec::new();
    captcha.image.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    Ok(BASE64.encode(png))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_a_base64_png_of_the_expected_size() {
        for (text, width) in [("K7PXR", 5 * WIDTH_PER_CHAR + 20), ("AB", MIN_WIDTH)] {
            let bytes = BASE64.decode(render_png_base64(text).expect("renders")).expect("base64");
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
            let image = image::load_from_memory_with_format(&bytes, ImageFormat::Png).expect("decodes");
            assert_eq!((image.width(), image.height()), (width, HEIGHT));
        }
    }

    #[test]
    fn long_and_unusual_texts_still_render() {
        for text in ["a much longer captcha text here", "ünïcødé ✓", " "] {
            let encoded = render_png_base64(text).expect("renders");
            assert!(!encoded.is_empty(), "{text}");
        }
    }
}
