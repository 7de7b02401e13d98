//! Checks on the free text a payload carries (names, ids chosen by users).

use crate::{Error, Result};

/// Ids and names: non-empty text without control characters.
pub(crate) fn check_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() || value.chars().any(char::is_control) {
        return Err(Error::invalid_field(field, format!("{value:?} must be non-empty text without control characters")));
    }
    Ok(())
}
