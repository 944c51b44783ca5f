//! A bank's initials badge: a rounded square in a colour of its own with its initials in white, shown where the bank
//! has no logo. Owns the initials rule, the badge palette and the badge's drawing; imports nothing of the wizard or
//! the runtime, and does no I/O.
//!
//! Initials: the first letters of the name's first two significant words ("First National Bank of Leeds" → "FN",
//! "Bank of Ireland" → "BI", "Emulator Bank" → "EB"); a name of one significant word gives its first two letters
//! ("Barclays" → "BA"). Words are split at spaces and punctuation, except apostrophes ("Lloyd's Bank" → "LB");
//! articles and linking words in the common European languages ("of", "the", "and", "de", "la", "der", "von", …) are
//! not significant unless the name has nothing else. Digits count as letters ("1st Source Bank" → "1S").

use egui::{Align2, Color32, FontId, Response, Sense, Ui, vec2};

/// Words left out of initials, compared in lower case.
const LINKING_WORDS: &[&str] = &[
    "a", "an", "and", "the", "of", "for", "at", "de", "del", "della", "di", "da", "do", "dos", "du", "des", "la", "le",
    "les", "el", "los", "las", "der", "die", "das", "den", "von", "van", "y", "e", "et", "und",
];

/// Shown when a name has no letters or digits at all.
const NO_INITIALS: &str = "?";

/// Badge colours: darker tones of distinct hues, each with a contrast of at least 4.5:1 against white text (WCAG AA).
const PALETTE: [[u8; 3]; 13] = [
    [0xC6, 0x28, 0x28], // red
    [0xAD, 0x14, 0x57], // pink
    [0x8E, 0x24, 0xAA], // purple
    [0x45, 0x27, 0xA0], // deep purple
    [0x28, 0x35, 0x93], // indigo
    [0x15, 0x65, 0xC0], // blue
    [0x02, 0x77, 0xBD], // light blue
    [0x00, 0x79, 0x6B], // teal
    [0x2E, 0x7D, 0x32], // green
    [0x33, 0x69, 0x1E], // olive
    [0xBF, 0x36, 0x0C], // burnt orange
    [0x5D, 0x40, 0x37], // brown
    [0x45, 0x5A, 0x64], // blue grey
];

/// Up to two upper-case initials of a bank's name (see the module's rules); "?" for a name without letters.
#[must_use]
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let significant: Vec<&str> =
        words.iter().copied().filter(|word| !LINKING_WORDS.contains(&word.to_lowercase().as_str())).collect();
    let chosen = if significant.is_empty() { words } else { significant };
    let letters: Vec<char> = match chosen.as_slice() {
        [] => return NO_INITIALS.to_owned(),
        [only] => letters_of(only).take(2).collect(),
        [first, second, ..] => letters_of(first).take(1).chain(letters_of(second).take(1)).collect(),
    };
    letters.into_iter().map(upper_case_of).collect()
}

/// The letters and digits of a word, without its apostrophes.
fn letters_of(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().filter(|c| c.is_alphanumeric())
}

/// One upper-case character for `c` (the first, for the few letters whose upper case is longer, like "ß").
fn upper_case_of(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// A colour for the badge of the bank whose ID is `key`: the same on every run and machine, readable with white
/// text.
#[must_use]
pub fn badge_colour(key: &str) -> [u8; 3] {
    let palette_len = u64::try_from(PALETTE.len()).unwrap_or(1);
    let slot = usize::try_from(fnv1a(key.as_bytes()) % palette_len).unwrap_or(0);
    PALETTE.get(slot).copied().unwrap_or(PALETTE[0])
}

/// The 64-bit FNV-1a hash: tiny, and fixed forever (unlike the standard library's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

/// Draws a `size`-point square badge with the initials of `name` on the colour of `key` (the bank's ID). Decorative:
/// the bank's name is expected beside it, so it senses hover only.
pub fn initials_badge(ui: &mut Ui, name: &str, key: &str, size: f32) -> Response {
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    if ui.is_rect_visible(rect) {
        let [red, green, blue] = badge_colour(key);
        let painter = ui.painter();
        painter.rect_filled(rect, size * 0.2, Color32::from_rgb(red, green, blue));
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            initials(name),
            FontId::proportional(size * 0.42),
            Color32::WHITE,
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_come_from_the_first_two_significant_words() {
        assert_eq!(initials("First National Bank of Leeds"), "FN");
        assert_eq!(initials("Emulator Bank"), "EB");
        assert_eq!(initials("Bank of Ireland"), "BI");
        assert_eq!(initials("The Royal Bank of Scotland"), "RB");
        assert_eq!(initials("Caixa Geral de Depósitos"), "CG");
        assert_eq!(initials("Lloyd's Bank"), "LB");
        assert_eq!(initials("J.P. Morgan"), "JP");
        assert_eq!(initials("Marks & Spencer"), "MS");
        assert_eq!(initials("1st Source Bank"), "1S");
    }

    #[test]
    fn initials_are_upper_case_and_keep_accents() {
        assert_eq!(initials("émile bank"), "ÉB");
        assert_eq!(initials("  crédit   agricole  "), "CA");
        assert_eq!(initials("ßank"), "SA");
    }

    #[test]
    fn a_single_word_gives_its_first_two_letters() {
        assert_eq!(initials("Barclays"), "BA");
        assert_eq!(initials("O'Neill"), "ON");
        assert_eq!(initials("X"), "X");
        assert_eq!(initials("The"), "TH", "linking words count when there is nothing else");
    }

    #[test]
    fn a_name_without_letters_gets_a_question_mark() {
        assert_eq!(initials(""), "?");
        assert_eq!(initials(" & - ' "), "?");
    }

    #[test]
    fn the_colour_is_stable_for_a_key_and_varies_between_keys() {
        assert_eq!(badge_colour("bank-1"), badge_colour("bank-1"));
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c, "the published FNV-1a test vector");
        let distinct: std::collections::HashSet<[u8; 3]> =
            (0..100).map(|i| badge_colour(&format!("bank-{i}"))).collect();
        assert!(distinct.len() >= 10, "only {} colours for 100 banks", distinct.len());
    }

    /// WCAG relative luminance of an sRGB colour.
    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    #[test]
    fn every_badge_colour_is_readable_with_white_text() {
        for colour in PALETTE {
            let contrast = 1.05 / (luminance(colour) + 0.05);
            assert!(contrast >= 4.5, "{colour:02x?} has a contrast of {contrast:.2} with white");
        }
        assert!(1.05 / (luminance([0xE6, 0x51, 0x00]) + 0.05) < 4.5, "the check can fail: bright orange is too light");
    }

    #[test]
    fn the_badge_takes_a_square_of_the_size_asked() {
        let ctx = egui::Context::default();
        let mut size = egui::Vec2::ZERO;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            size = initials_badge(ui, "Emulator Bank", "b1", 32.0).rect.size();
        });
        assert_eq!(size, vec2(32.0, 32.0));
        assert!(output.shapes.len() >= 2, "a square and its initials are painted");
        output.textures_delta.clear();
    }
}
