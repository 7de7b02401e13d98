//! Workers registered by real name (实名制): one worker id is one person, whose
//! identity-document number is personal data, masked wherever it is shown.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::WorkerId;
use crate::{Error, Result};

/// An identity-document number (身份证号): personal data, masked wherever it is shown —
/// serialised too, unless inside [`with_id_numbers_revealed`] (as the journal writes it).
///
/// ```
/// use projectledger::labour::{with_id_numbers_revealed, Worker};
/// # fn main() -> Result<(), projectledger::Error> {
/// let worker = Worker::new("W1", "张三", "110105199001011234", "钢筋工", "钢筋一班", "华建劳务")?;
/// let json = serde_json::to_value(&worker).unwrap();
/// assert_eq!(json["id_number"], "110***********1234");
/// let full = with_id_numbers_revealed(|| serde_json::to_value(&worker)).unwrap();
/// assert_eq!(full["id_number"], "110105199001011234");
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(transparent)]
pub struct IdNumber(String);
crate::persist::persist_struct!(IdNumber(0));


thread_local! {
    static REVEALING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `serialise` with id-document numbers written in full: for a journal (whose hashes
/// cover them) or a record the caller must hand over whole. Everywhere else they are masked.
pub fn with_id_numbers_revealed<T>(serialise: impl FnOnce() -> T) -> T {
    /// Restores the flag as it was, also when `serialise` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REVEALING.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(REVEALING.with(|flag| flag.replace(true)));
    serialise()
}

impl Serialize for IdNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        if REVEALING.with(std::cell::Cell::get) {
            serializer.serialize_str(&self.0)
        } else {
            serializer.serialize_str(&self.masked())
        }
    }
}

impl IdNumber {
    /// An id number of at least 8 letters or digits (surrounding spaces trimmed).
    pub fn new(text: &str) -> Result<IdNumber> {
        let text = text.trim();
        if text.chars().count() < 8 || !text.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::invalid_field("id number", "an identity-document number is at least 8 letters or digits"));
        }
        Ok(IdNumber(text.to_owned()))
    }

    /// The number in full: only where the caller asks for it by name.
    #[must_use]
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// At most 7 characters in 18 shown — the first three and last four of an 18-character
    /// national id number, fewer of a shorter one — the rest as `*`.
    #[must_use]
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        let n = chars.len();
        let shown = (n.saturating_mul(7) / 18).min(7);
        let first = shown.saturating_mul(3) / 7;
        let last = shown.saturating_sub(first);
        chars.iter().enumerate().map(|(i, c)| if i < first || i.saturating_add(last) >= n { *c } else { '*' }).collect()
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// How a report shows workers' id-document numbers: masked (the default), or in full where
/// the caller needs them and says so by name (a wage ledger handed to the labour bureau).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IdNumbers {
    /// The first three and last four characters of 18, the rest `*`.
    #[default]
    Masked,
    /// In full.
    Revealed,
}

/// A worker registered by real name (实名制).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Worker {
    /// The worker's id, unique in the project.
    pub worker_id: WorkerId,
    /// The worker's name.
    pub name: String,
    /// The identity-document number (shown masked).
    pub id_number: IdNumber,
    /// 工种.
    pub trade: String,
    /// 班组.
    pub team: String,
    /// The subcontractor that employs the worker.
    pub employer: String,
}
crate::persist::persist_struct!(Worker { worker_id, name, id_number, trade, team, employer });


impl Worker {
    /// A worker registered by real name; the id-document number is checked ([`IdNumber::new`]).
    pub fn new(worker_id: &str, name: &str, id_number: &str, trade: &str, team: &str, employer: &str) -> Result<Worker> {
        Ok(Worker {
            worker_id: worker_id.into(),
            name: name.to_owned(),
            id_number: IdNumber::new(id_number)?,
            trade: trade.to_owned(),
            team: team.to_owned(),
            employer: employer.to_owned(),
        })
    }

    /// The worker as rows and reports show it: the id-document number masked unless
    /// `reveal_id_number`.
    #[must_use]
    pub fn row(&self, reveal_id_number: bool) -> WorkerRow {
        WorkerRow {
            worker_id: self.worker_id.clone(),
            name: self.name.clone(),
            id_number: if reveal_id_number { self.id_number.reveal().to_owned() } else { self.id_number.masked() },
            trade: self.trade.clone(),
            team: self.team.clone(),
            employer: self.employer.clone(),
        }
    }
}

/// A worker as rows show it (see [`Worker::row`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WorkerRow {
    /// The worker's id.
    pub worker_id: WorkerId,
    /// The worker's name.
    pub name: String,
    /// Masked unless revealed on request.
    pub id_number: String,
    /// The worker's trade.
    pub trade: String,
    /// The worker's team.
    pub team: String,
    /// The worker's employer.
    pub employer: String,
}

impl fmt::Display for Worker {
    /// The worker with the id number masked (what logs and `toString` may show).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Worker({}, {}, id number {}, {}, {}, {})", self.worker_id, self.name, self.id_number, self.trade, self.team, self.employer)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_masked_unless_revealed() {
        let id = IdNumber::new("110105199001011234").unwrap();
        assert_eq!(id.to_string(), "110***********1234");
        assert_eq!(format!("{id:?}"), "IdNumber(110***********1234)");
        assert_eq!(id.reveal(), "110105199001011234");
        assert!(IdNumber::new("12 34").is_err());
    }

    #[test]
    fn issue_11_short_numbers_show_no_more_than_the_national_format_does() {
        for (number, masked) in [("AB123456", "A*****56"), ("G12345678", "G******78"), ("E123456789012", "E1********012")] {
            let shown = IdNumber::new(number).unwrap().masked();
            assert_eq!(shown, masked);
            assert!(shown.chars().filter(|c| *c != '*').count() * 18 <= number.len() * 7, "{shown}");
        }
    }

}
