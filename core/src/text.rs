//! Checks on the free text a payload carries (names, ids chosen by users), and how a value is
//! quoted in an error message.

pub(crate) use crate::error::{cut, QUOTED_CHARS};
use crate::{Error, Result};

/// The longest id, in characters.
pub(crate) const MAX_ID_CHARS: usize = 128;
/// The longest name, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 512;

/// Characters that print nothing or move the text: control and format characters (zero-width
/// spaces and joiners, bidirectional marks, the byte-order mark, tags) and the line and
/// paragraph separators.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061C}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08E2}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{110BD}'
                | '\u{110CD}'
                | '\u{13430}'..='\u{1343F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0001}'
                | '\u{E0020}'..='\u{E007F}'
        )
}

/// A value as an error message shows it: debug-quoted, cut after 200 characters.
pub(crate) fn quoted(value: &str) -> String {
    let count = value.chars().count();
    if count <= QUOTED_CHARS {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(QUOTED_CHARS).collect();
    format!("{head:?}… ({count} characters)")
}

/// Why an id is not one (`None` when it is): non-blank, at most 128 characters, nothing
/// invisible.
pub(crate) fn id_problem(value: &str) -> Option<&'static str> {
    // Printable ASCII without spaces, most ids, has none of the problems: checked byte by byte.
    if !value.is_empty() && value.len() <= MAX_ID_CHARS && value.bytes().all(|b| matches!(b, 0x21..=0x7e)) {
        None
    } else {
        id_problem_in_full(value)
    }
}

fn id_problem_in_full(value: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        Some("must not be empty or blank")
    } else if value.chars().count() > MAX_ID_CHARS {
        Some("must be at most 128 characters")
    } else if value.chars().any(is_invisible) {
        Some("must not contain control, format or separator characters (zero-width spaces, bidirectional marks, line breaks)")
    } else {
        None
    }
}

/// An id chosen by a user (an entry, document or approval id, a code, a role).
pub(crate) fn check_id(field: &str, value: &str) -> Result<()> {
    match id_problem(value) {
        None => Ok(()),
        Some(reason) => Err(Error::invalid_field(field, format!("{} {reason}", quoted(value)))),
    }
}

/// A name: non-blank, at most 512 characters, no control characters or line breaks.
pub(crate) fn check_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() || value.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
        return Err(Error::invalid_field(field, format!("{} must be non-empty text without control characters", quoted(value))));
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid_field(field, format!("{} is longer than {MAX_NAME_CHARS} characters", quoted(value))));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn printable_ascii_ids_pass_as_the_full_rules_pass_them(value in "[ -~\t\u{7f}\u{200b}中]{0,130}|[!-~]{120,135}") {
            proptest::prop_assert_eq!(id_problem(&value), id_problem_in_full(&value));
        }
    }

    #[test]
    fn ids_refuse_what_prints_nothing_and_names_are_bounded() {
        for bad in ["\u{200B}", "a\u{2028}b", "a\u{202E}b", "\u{FEFF}P1", "a\nb", " ", ""] {
            assert!(check_id("id", bad).is_err(), "{bad:?}");
        }
        assert!(check_id("id", &"x".repeat(129)).is_err());
        assert!(check_id("id", &"测".repeat(128)).is_ok());
        assert!(check_id("id", "P-ZH01 二期").is_ok());
        assert!(check_text("name", &"名".repeat(513)).is_err());
        assert!(check_text("name", "土建一班 Civil crew").is_ok());
    }

    #[test]
    fn an_error_quotes_at_most_two_hundred_characters() {
        let long = "x".repeat(50_000_000);
        let message = check_id("id", &long).unwrap_err().to_string();
        assert!(message.len() < 400, "{}", message.len());
        assert!(message.contains("50000000 characters"), "{message}");
    }
}
