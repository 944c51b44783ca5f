//! Card numbers as people and files may see them: only their last four digits (`****1234`), the way the more-accounts
//! checklist shows the number the service masked. One place for it: the emulator masks its candidates' numbers with
//! [`mask`], the screens show an account's number through [`shown`], and the exchanges kept, the timeline, the
//! exports and the logs pass their text through [`mask_card_numbers`].
//!
//! A card number is 13 to 19 digits that pass the Luhn check, written together or in groups of four split by single
//! spaces or hyphens, standing on its own (no letter, digit, `-`, `_` or decimal point right before or after it). So
//! an 8- or 10-digit account number, a sort code, a routing number, a date, an IBAN or an ID is left as it is. Pure;
//! imports nothing of the app.

use std::borrow::Cow;

/// Fewest digits of a card number.
const SHORTEST: usize = 13;

/// Most digits of a card number.
const LONGEST: usize = 19;

/// `identifier` with all but its last four digits or letters hidden, like `****1234` (separators dropped).
#[must_use]
pub fn mask(identifier: &str) -> String {
    format!("****{}", last_four(identifier))
}

/// The last four digits or letters of `identifier` (separators dropped), as in "ending 1234".
#[must_use]
pub fn last_four(identifier: &str) -> String {
    let kept: Vec<char> = identifier.chars().filter(|c| !is_separator(*c)).collect();
    kept[kept.len().saturating_sub(4)..].iter().collect()
}

/// An account's number as a screen shows it: masked when it is a card number, as it is otherwise.
#[must_use]
pub fn shown(identifier: &str) -> Cow<'_, str> {
    if is_card_number(identifier.trim()) { Cow::Owned(mask(identifier.trim())) } else { Cow::Borrowed(identifier) }
}

/// True when the whole of `text` is a card number.
#[must_use]
pub fn is_card_number(text: &str) -> bool {
    digits_of_card(text).is_some()
}

/// `text` with every card number in it masked as [`mask`] does; everything else as it was.
#[must_use]
pub fn mask_card_numbers(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let starts_here = bytes[at].is_ascii_digit() && (at == 0 || !is_glued(bytes[at - 1]));
        if !starts_here {
            at += 1;
            continue;
        }
        let end = run_end(bytes, at);
        // A full stop after it ends a sentence, unless a digit follows (a decimal).
        let alone = match bytes.get(end) {
            None => true,
            Some(b'.') => !bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
            Some(&next) => !is_glued(next),
        };
        if alone && let Some(card) = digits_of_card(&text[at..end]) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..at]);
            out.push_str(&mask(&card));
            copied = end;
        }
        at = end.max(at + 1);
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// The end of the run of digits from `start`, with single separators between digits.
fn run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() {
        if bytes[end].is_ascii_digit() {
            end += 1;
        } else if is_separator(char::from(bytes[end])) && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// The digits of `text` when it is a card number: 13 to 19 digits passing the Luhn check, together or in groups of
/// four (the last may be shorter) split by one kind of separator.
fn digits_of_card(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split(is_separator).collect();
    let separators: Vec<char> = text.chars().filter(|c| is_separator(*c)).collect();
    if groups.iter().any(|group| group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let grouped_in_fours = groups.split_last().is_some_and(|(last, rest)| {
        rest.iter().all(|group| group.len() == 4) && last.len() <= 4 && separators.windows(2).all(|w| w[0] == w[1])
    });
    if groups.len() > 1 && !grouped_in_fours {
        return None;
    }
    let digits: String = groups.concat();
    ((SHORTEST..=LONGEST).contains(&digits.len()) && luhn(&digits)).then_some(digits)
}

/// The Luhn check every card number passes.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(position, byte)| {
            let digit = u32::from(byte - b'0');
            if position % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The check digit that makes `digits` followed by it pass the Luhn check.
#[must_use]
pub fn luhn_check_digit(digits: &str) -> u8 {
    (0..10).find(|check| luhn(&format!("{digits}{check}"))).unwrap_or(0)
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '-'
}

/// True for a byte that, next to a run of digits, makes it part of a longer token (a word, an ID, a decimal).
fn is_glued(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Visa test number, and the same in groups.
    const CARD: &str = "4111111111111111";

    #[test]
    fn a_card_number_shows_only_its_last_four_digits() {
        assert_eq!(shown(CARD), "****1111");
        assert_eq!(shown("4111 1111 1111 1111"), "****1111");
        assert_eq!(shown("4111-1111-1111-1111"), "****1111");
        assert_eq!(shown("378282246310005"), "****0005", "an American Express number, 15 digits");
        assert_eq!(mask("12345678"), "****5678", "the checklist's masking of any number");
        assert_eq!(mask("12"), "****12");
    }

    #[test]
    fn account_numbers_sort_codes_and_look_alikes_are_left_as_they_are() {
        for kept in [
            "12345678",
            "0123456789",
            "12-34-56",
            "021000021",
            "4111111111111112",
            "41111111111111111111",
            "GB29NWBK60161331926819",
            "2026-09-01",
        ] {
            assert_eq!(shown(kept), kept);
            assert_eq!(mask_card_numbers(kept), kept);
        }
    }

    #[test]
    fn card_numbers_in_text_are_masked_and_the_rest_kept() {
        let body = format!(
            r#"{{"accountIdentifier":"{CARD}","bankIdentifier":"12-34-56","other":"12345678","name":"Visa 4111 1111 1111 1111"}}"#
        );
        assert_eq!(
            mask_card_numbers(&body),
            r#"{"accountIdentifier":"****1111","bankIdentifier":"12-34-56","other":"12345678","name":"Visa ****1111"}"#
        );
        assert_eq!(mask_card_numbers(&format!("{CARD} and {CARD}.")), "****1111 and ****1111.");
        assert!(matches!(mask_card_numbers("nothing here 123"), Cow::Borrowed(_)));
    }

    #[test]
    fn digits_glued_to_an_id_a_word_or_a_decimal_are_not_a_card_number() {
        for kept in [
            format!("id-{CARD}"),
            format!("a{CARD}"),
            format!("{CARD}x"),
            format!("0.{CARD}"),
            format!("{CARD}.5"),
            "a12c-8123-4567-8901-2345".to_owned(),
            "4111-1111 1111-1111".to_owned(),
            "8123-456789012345".to_owned(),
        ] {
            assert_eq!(mask_card_numbers(&kept), kept);
        }
    }

    #[test]
    fn the_check_digit_makes_a_number_pass() {
        let check = luhn_check_digit("411111111111111");
        assert_eq!(check, 1);
        assert!(is_card_number("4111111111111111") && !is_card_number("4111111111111110"));
    }
}
