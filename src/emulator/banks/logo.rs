//! The named test banks' logos: a 32×32 PNG drawn here (a coloured rounded square holding a white bank building:
//! a roof, three pillars and a step), as a `data:image/png;base64,` URI the UI can show without a network. Pure.

use std::io::Cursor;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use image::{ImageFormat, Rgba, RgbaImage};

/// The logo's side, in pixels.
pub const SIZE: u32 = 32;
/// The corner radius of the square, in pixels.
const RADIUS: i64 = 7;

/// A logo in `colour` as a data URI; `None` when it could not be encoded (the bank is then shown without one).
#[must_use]
pub fn data_uri(colour: [u8; 3]) -> Option<String> {
    let mut png = Vec::new();
    match draw(colour).write_to(&mut Cursor::new(&mut png), ImageFormat::Png) {
        Ok(()) => Some(format!("data:image/png;base64,{}", BASE64.encode(png))),
        Err(error) => {
            tracing::warn!(%error, "a test bank's logo could not be encoded; it is listed without one");
            None
        }
    }
}

/// The image: transparent outside the rounded square, white where the building is.
fn draw([red, green, blue]: [u8; 3]) -> RgbaImage {
    let fill = Rgba([red, green, blue, 255]);
    let white = Rgba([255, 255, 255, 255]);
    RgbaImage::from_fn(SIZE, SIZE, |x, y| {
        let (x, y) = (i64::from(x), i64::from(y));
        if !inside_rounded_square(x, y) {
            Rgba([0, 0, 0, 0])
        } else if building(x, y) {
            white
        } else {
            fill
        }
    })
}

/// True inside the square with rounded corners.
fn inside_rounded_square(x: i64, y: i64) -> bool {
    let last = i64::from(SIZE) - 1;
    let cx = x.clamp(RADIUS, last - RADIUS);
    let cy = y.clamp(RADIUS, last - RADIUS);
    (x - cx).pow(2) + (y - cy).pow(2) <= RADIUS.pow(2)
}

/// True on the building: a triangular roof, three pillars, a base step.
fn building(x: i64, y: i64) -> bool {
    let roof = (7..=12).contains(&y) && (x - 16).abs() <= (y - 6) * 2;
    let pillars = (14..=21).contains(&y) && [9, 15, 21].iter().any(|left| (*left..left + 3).contains(&x));
    let step = (23..=25).contains(&y) && (7..=25).contains(&x);
    roof || pillars || step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_logo_is_a_32_pixel_png_with_the_colour_and_transparent_corners() {
        let uri = data_uri([0, 122, 94]).expect("a logo");
        let png = BASE64.decode(uri.trim_start_matches("data:image/png;base64,")).expect("base64");
        let image = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("a PNG").to_rgba8();
        assert_eq!(image.dimensions(), (SIZE, SIZE));
        assert_eq!(image.get_pixel(0, 0)[3], 0, "a rounded corner is transparent");
        assert_eq!(image.get_pixel(3, 16), &Rgba([0, 122, 94, 255]));
        assert_eq!(image.get_pixel(16, 24), &Rgba([255, 255, 255, 255]), "the step");
    }
}
