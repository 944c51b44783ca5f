//! The desktop portal's answer to a save dialog, read: the `Response` signal's code (0 chosen, 1 cancelled, 2 ended
//! some other way) and the `uris` of its results, turned into a [`SaveAnswer`]. Pure; no bus.

use std::collections::HashMap;
use std::hash::BuildHasher;

use zbus::zvariant::OwnedValue;

use super::SaveAnswer;

/// The `Response` code of a request the person answered.
const SUCCESS: u32 = 0;
/// The `Response` code of a request the person cancelled.
const CANCELLED: u32 = 1;

/// The answer the portal's `Response` (`code`, `results`) gives.
#[must_use]
pub fn answer_from_response<S: BuildHasher>(code: u32, results: &HashMap<String, OwnedValue, S>) -> SaveAnswer {
    match code {
        SUCCESS => match first_uri(results) {
            Some(uri) => path_of(&uri),
            None => SaveAnswer::Unavailable("the save dialog answered without naming a file".to_owned()),
        },
        CANCELLED => SaveAnswer::Cancelled,
        other => SaveAnswer::Unavailable(format!("the save dialog ended without an answer (portal code {other})")),
    }
}

/// The first of the results' `uris`.
fn first_uri<S: BuildHasher>(results: &HashMap<String, OwnedValue, S>) -> Option<String> {
    let uris = results.get("uris")?.try_clone().ok()?;
    Vec::<String>::try_from(uris).ok()?.into_iter().next()
}

/// The file a `file://` address names.
fn path_of(uri: &str) -> SaveAnswer {
    let path = url::Url::parse(uri).ok().filter(|url| url.scheme() == "file").and_then(|url| url.to_file_path().ok());
    match path {
        Some(path) => SaveAnswer::Chosen(path),
        None => SaveAnswer::Unavailable(format!("the save dialog chose {uri}, which is not a file on this computer")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use zbus::zvariant::Value;

    use super::*;

    fn results_with_uris(uris: &[&str]) -> HashMap<String, OwnedValue> {
        let uris: Vec<String> = uris.iter().map(|uri| (*uri).to_owned()).collect();
        let value = OwnedValue::try_from(Value::from(uris)).expect("an array of strings");
        HashMap::from([("uris".to_owned(), value)])
    }

    #[test]
    fn a_chosen_file_uri_is_its_path_with_escapes_undone() {
        let results = results_with_uris(&["file:///home/ada/My%20exports/session.har"]);
        assert_eq!(
            answer_from_response(0, &results),
            SaveAnswer::Chosen(PathBuf::from("/home/ada/My exports/session.har"))
        );
    }

    #[test]
    fn the_first_of_several_uris_is_taken() {
        let results = results_with_uris(&["file:///tmp/one.md", "file:///tmp/two.md"]);
        assert_eq!(answer_from_response(0, &results), SaveAnswer::Chosen(PathBuf::from("/tmp/one.md")));
    }

    #[test]
    fn code_1_is_cancelled_whatever_the_results() {
        assert_eq!(answer_from_response(1, &HashMap::new()), SaveAnswer::Cancelled);
        assert_eq!(answer_from_response(1, &results_with_uris(&["file:///tmp/a.har"])), SaveAnswer::Cancelled);
    }

    #[test]
    fn code_2_is_a_dialog_that_ended_otherwise_and_says_its_code() {
        let answer = answer_from_response(2, &HashMap::new());
        assert!(matches!(&answer, SaveAnswer::Unavailable(why) if why.contains("code 2")), "{answer:?}");
    }

    #[test]
    fn success_without_a_file_or_with_a_non_file_uri_is_not_a_choice() {
        for results in [HashMap::new(), results_with_uris(&[]), results_with_uris(&["https://example.com/a.har"])] {
            let answer = answer_from_response(0, &results);
            assert!(matches!(answer, SaveAnswer::Unavailable(_)), "{answer:?}");
        }
        let not_a_list = HashMap::from([("uris".to_owned(), OwnedValue::from(7_u32))]);
        assert!(matches!(answer_from_response(0, &not_a_list), SaveAnswer::Unavailable(_)));
    }
}
