//! The session's timeline as a Markdown transcript for a support ticket: a title, the session's facts as a table,
//! then every entry kept as a row (`| Time | Kind | What happened |`) in UTC, the date written once at the top and
//! again only where it changes. Cells are escaped so a pipe or a line break in a sentence never breaks the table.
//! Reads only the timeline and the facts, both free of secrets.

use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::facts::SessionFacts;
use super::timeline::{ENTRIES_KEPT, Timeline};

/// The Markdown transcript of `timeline`, headed by `facts`.
#[must_use]
pub fn transcript(timeline: &Timeline, facts: &SessionFacts) -> String {
    let mut markdown = String::from("# Bank feeds onboarding: session transcript\n\n");
    markdown.push_str("| Fact | Value |\n|---|---|\n");
    for (label, value) in facts.rows() {
        row(&mut markdown, &[&label, &value]);
    }
    markdown.push_str("\n## Timeline\n\n");
    let mut entries = timeline.entries().peekable();
    let Some(first) = entries.peek() else {
        markdown.push_str("Nothing was noted in this session.\n");
        return markdown;
    };
    let mut shown_date = date_of(first.at);
    // Writing to a String cannot fail.
    write!(markdown, "Times are UTC. The entries start on {shown_date}.\n\n").ok();
    if timeline.let_go() > 0 {
        write!(
            markdown,
            "{} older entries were let go before these (a session keeps the last {ENTRIES_KEPT}).\n\n",
            timeline.let_go()
        )
        .ok();
    }
    markdown.push_str("| Time | Kind | What happened |\n|---|---|---|\n");
    for entry in entries {
        let zoned = entry.at.to_zoned(TimeZone::UTC);
        let clock = zoned.strftime("%H:%M:%S%.3f").to_string();
        let date = zoned.date();
        let time = if date == shown_date { clock } else { format!("{date} {clock}") };
        shown_date = date;
        row(&mut markdown, &[&time, entry.kind.label(), &entry.text]);
    }
    markdown
}

fn date_of(at: jiff::Timestamp) -> Date {
    at.to_zoned(TimeZone::UTC).date()
}

/// Appends one table row of `cells`, each escaped.
fn row(markdown: &mut String, cells: &[&str]) {
    markdown.push('|');
    for cell in cells {
        markdown.push(' ');
        markdown.push_str(&escape_cell(cell));
        markdown.push_str(" |");
    }
    markdown.push('\n');
}

/// `text` made safe for one table cell: backslashes and pipes escaped, line breaks written as `<br>`.
fn escape_cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            '|' => escaped.push_str("\\|"),
            '\r' => {
                if characters.peek() != Some(&'\n') {
                    escaped.push_str("<br>");
                }
            }
            '\n' => escaped.push_str("<br>"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::diagnostics::EntryKind;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a time")
    }

    fn facts() -> SessionFacts {
        SessionFacts::here(at("2026-11-22T10:31:00Z"), "Local emulator", "Choose a bank")
    }

    #[test]
    fn the_transcript_has_a_facts_table_then_the_timeline_in_utc() {
        let mut timeline = Timeline::new();
        timeline.note(at("2026-11-22T10:30:00.042Z"), EntryKind::Action, "Pressed Continue");
        timeline.note(at("2026-11-22T10:30:01.5Z"), EntryKind::Answer, "A captcha arrived");
        let markdown = transcript(&timeline, &facts());
        assert!(markdown.starts_with("# Bank feeds onboarding: session transcript\n\n| Fact | Value |\n|---|---|\n"));
        assert!(markdown.contains("| Environment | Local emulator |\n"));
        assert!(markdown.contains("Times are UTC. The entries start on 2026-11-22.\n"));
        assert!(markdown.ends_with(
            "| Time | Kind | What happened |\n|---|---|---|\n\
             | 10:30:00.042 | action | Pressed Continue |\n\
             | 10:30:01.500 | answer | A captcha arrived |\n"
        ));
        assert!(!markdown.contains("let go"));
    }

    #[test]
    fn pipes_and_line_breaks_do_not_break_the_table() {
        let mut timeline = Timeline::new();
        let text = "Keyring: a | b\nsecond line\r\nthird C:\\dir";
        timeline.note(at("2026-11-22T10:30:00Z"), EntryKind::Problem, text);
        let markdown = transcript(&timeline, &facts());
        let last = markdown.lines().last().expect("a row");
        assert_eq!(last, r"| 10:30:00.000 | problem | Keyring: a \| b<br>second line<br>third C:\\dir |");
        assert_eq!(last.matches(" | ").count(), 2, "three cells");
    }

    #[test]
    fn the_date_is_written_again_only_where_it_changes() {
        let mut timeline = Timeline::new();
        timeline.note(at("2026-11-22T23:59:59Z"), EntryKind::Step, "Entered step: Link");
        timeline.note(at("2026-11-23T00:00:01Z"), EntryKind::Answer, "Poll 1 answered 202");
        timeline.note(at("2026-11-23T00:00:02Z"), EntryKind::Answer, "Poll 2 answered 202");
        let markdown = transcript(&timeline, &facts());
        assert!(markdown.contains("| 23:59:59.000 | step |"));
        assert!(markdown.contains("| 2026-11-23 00:00:01.000 | answer |"));
        assert!(markdown.contains("| 00:00:02.000 | answer |"));
    }

    #[test]
    fn a_card_number_in_what_happened_shows_only_its_last_four_digits() {
        use crate::api::models::LinkedAccount;
        use crate::wizard::{Answer, LinkEnd, RequestId};
        let card = crate::emulator::banks::candidates::emulator_bank_card_number();
        let account = LinkedAccount {
            account_name: format!("Business card {card}"),
            account_key: "k-1".to_owned(),
            account_identifier: card.clone(),
            bank_identifier: Some("12-34-56".to_owned()),
            account_type: None,
            default_currency: None,
        };
        let end = Answer::LinkEnded {
            request: RequestId(1),
            today: jiff::civil::date(2026, 11, 22),
            end: LinkEnd::Linked(account),
        };
        let mut timeline = Timeline::new();
        timeline.note_event(at("2026-11-22T10:30:00Z"), &end.into());
        timeline.note(
            at("2026-11-22T10:30:01Z"),
            EntryKind::Answer,
            "Sort code 12-34-56, account 12345678, on 2026-11-22",
        );
        let markdown = transcript(&timeline, &facts());
        assert!(!markdown.contains(&card), "{markdown}");
        assert!(markdown.contains(&format!("Linked \"Business card ****{}\"", &card[12..])), "{markdown}");
        assert!(markdown.contains("| Sort code 12-34-56, account 12345678, on 2026-11-22 |"), "{markdown}");
    }

    #[test]
    fn entries_let_go_are_counted_and_an_empty_timeline_says_so() {
        let mut timeline = Timeline::new();
        for n in 0..ENTRIES_KEPT + 3 {
            timeline.note(at("2026-11-22T10:00:00Z"), EntryKind::Answer, format!("Entry {n}"));
        }
        let markdown = transcript(&timeline, &facts());
        assert!(
            markdown.contains(&format!(
                "3 older entries were let go before these (a session keeps the last {ENTRIES_KEPT})."
            ))
        );
        assert!(!markdown.contains("| Entry 2 |") && markdown.contains("| Entry 3 |"));
        let empty = transcript(&Timeline::new(), &facts());
        assert!(empty.ends_with("## Timeline\n\nNothing was noted in this session.\n"));
    }
}
