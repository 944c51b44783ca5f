//! Folding text into search words: lower case, accents removed, punctuation as word breaks. Owns the folding table
//! for Latin-1 Supplement and Latin Extended-A; must not import anything beyond `std`.
//!
//! Rules, applied to each character:
//! - ASCII letters and digits are kept, in lower case;
//! - letters of Latin-1 Supplement and Latin Extended-A become their plain ASCII letters ("é" → "e", "Ñ" → "n",
//!   "Ł" → "l"); ligatures and special letters are spelled out ("ß" → "ss", "æ" → "ae", "œ" → "oe", "þ" → "th",
//!   "ĳ" → "ij"). German umlauts fold to the bare vowel ("ü" → "u"), as most search boxes do;
//! - combining accents (U+0300 to U+036F) are dropped, so a decomposed "e" + "´" folds like "é";
//! - apostrophes and full stops are dropped inside a word, so "Lloyd's" is the one word "lloyds" (found by "lloyd",
//!   "lloyds" and "lloyd's") and "U.S." is "us";
//! - other letters and digits (Greek, Cyrillic, CJK, …) are kept, in lower case;
//! - everything else ("&", "-", "/", spaces, control characters, symbols) separates words.

/// Latin-1 Supplement letters from U+00C0 to U+00FF, in order; an empty entry is a symbol (× and ÷), a separator.
const LATIN_1_LETTERS: [&str; 64] = [
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // U+00C0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss", // U+00D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // U+00E0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", // U+00F0
];

/// Latin Extended-A (U+0100 to U+017F) in runs: each entry is the last character of a run and what every letter
/// of the run folds to.
const LATIN_EXTENDED_A_RUNS: [(char, &str); 22] = [
    ('\u{0105}', "a"),  // Ā ā Ă ă Ą ą
    ('\u{010D}', "c"),  // Ć ć Ĉ ĉ Ċ ċ Č č
    ('\u{0111}', "d"),  // Ď ď Đ đ
    ('\u{011B}', "e"),  // Ē ē Ĕ ĕ Ė ė Ę ę Ě ě
    ('\u{0123}', "g"),  // Ĝ ĝ Ğ ğ Ġ ġ Ģ ģ
    ('\u{0127}', "h"),  // Ĥ ĥ Ħ ħ
    ('\u{0131}', "i"),  // Ĩ ĩ Ī ī Ĭ ĭ Į į İ ı
    ('\u{0133}', "ij"), // Ĳ ĳ
    ('\u{0135}', "j"),  // Ĵ ĵ
    ('\u{0138}', "k"),  // Ķ ķ ĸ
    ('\u{0142}', "l"),  // Ĺ ĺ Ļ ļ Ľ ľ Ŀ ŀ Ł ł
    ('\u{014B}', "n"),  // Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ
    ('\u{0151}', "o"),  // Ō ō Ŏ ŏ Ő ő
    ('\u{0153}', "oe"), // Œ œ
    ('\u{0159}', "r"),  // Ŕ ŕ Ŗ ŗ Ř ř
    ('\u{0161}', "s"),  // Ś ś Ŝ ŝ Ş ş Š š
    ('\u{0167}', "t"),  // Ţ ţ Ť ť Ŧ ŧ
    ('\u{0173}', "u"),  // Ũ ũ Ū ū Ŭ ŭ Ů ů Ű ű Ų ų
    ('\u{0175}', "w"),  // Ŵ ŵ
    ('\u{0178}', "y"),  // Ŷ ŷ Ÿ
    ('\u{017E}', "z"),  // Ź ź Ż ż Ž ž
    ('\u{017F}', "s"),  // ſ (long s)
];

/// What one character does to the words being built.
#[derive(Debug, PartialEq, Eq)]
enum Folded {
    /// Append this text to the current word.
    Text(&'static str),
    /// Append this character, already in lower case, to the current word.
    Letter(char),
    /// Drop the character; the word goes on.
    Nothing,
    /// End the current word.
    Break,
}

/// How one character folds (see the module's rules).
fn fold_char(c: char) -> Folded {
    match c {
        'a'..='z' | '0'..='9' => Folded::Letter(c),
        'A'..='Z' => Folded::Letter(c.to_ascii_lowercase()),
        '\'' | '.' | '\u{2019}' | '\u{02BC}' | '\u{0300}'..='\u{036F}' => Folded::Nothing,
        '\u{00C0}'..='\u{00FF}' => match LATIN_1_LETTERS.get(usize_of(c) - 0xC0) {
            Some(&"") | None => Folded::Break,
            Some(&text) => Folded::Text(text),
        },
        '\u{0100}'..='\u{017F}' => LATIN_EXTENDED_A_RUNS
            .iter()
            .find(|(last, _)| c <= *last)
            .map_or(Folded::Break, |&(_, text)| Folded::Text(text)),
        _ if c.is_alphanumeric() => lower_case_of(c),
        _ => Folded::Break,
    }
}

/// The code point as an index.
fn usize_of(c: char) -> usize {
    usize::try_from(u32::from(c)).unwrap_or(usize::MAX)
}

/// A letter of another script in lower case; one whose lower case is several characters is kept as it is.
fn lower_case_of(c: char) -> Folded {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => Folded::Letter(single),
        _ => Folded::Letter(c),
    }
}

/// Folds `text` into `out` as its search words, each followed by one space (so `out` ends with a space unless it is
/// empty). `out` is cleared first; reusing it saves an allocation per call.
pub(super) fn fold_words_into(text: &str, out: &mut String) {
    out.clear();
    let mut in_word = false;
    for c in text.chars() {
        match fold_char(c) {
            Folded::Text(text) => {
                out.push_str(text);
                in_word = true;
            }
            Folded::Letter(letter) => {
                out.push(letter);
                in_word = true;
            }
            Folded::Nothing => {}
            Folded::Break => {
                if in_word {
                    out.push(' ');
                    in_word = false;
                }
            }
        }
    }
    if in_word {
        out.push(' ');
    }
}

/// The search words of `text`, folded.
pub(super) fn fold_words(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    fold_words_into(text, &mut folded);
    folded.split_terminator(' ').map(str::to_owned).collect()
}
