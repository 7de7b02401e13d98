//! Typed identifiers. Ids are chosen by clients (an offline device makes its own, e.g. a
//! UUID), so the only rules are: not blank, at most 128 characters, nothing invisible (no control,
//! format or separator characters).
//!
//! An id of up to 24 bytes is held inline (`CompactString`), not on the heap: a register of a
//! million day-work entries holds six ids an entry, and copying, hashing and comparing them is
//! what folding it mostly does.
//!
//! ```
//! use projectledger::{EntryId, ProjectId, WorkerId};
//! # fn main() -> Result<(), projectledger::Error> {
//! let project = ProjectId::try_new("P1")?;                 // checked now
//! assert_eq!(ProjectId::try_new(" ").unwrap_err().kind(), "InvalidId");
//! let entry = EntryId::try_new("phone-7-E42")?;           // checked now
//! let worker: WorkerId = "W1".into();                      // checked when its event is applied
//! assert_eq!((project.as_str(), &*entry, worker.as_ref()), ("P1", "phone-7-E42", "W1"));
//! assert_eq!(serde_json::to_string(&entry).unwrap(), r#""phone-7-E42""#);
//! # Ok(()) }
//! ```

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize};

use crate::text::{cut, id_problem};
use crate::{Error, Result};

fn validate(kind: &str, value: &str) -> Result<()> {
    match id_problem(value) {
        None => Ok(()),
        Some(reason) => Err(Error::InvalidId { kind: kind.to_owned(), value: cut(value), reason: reason.to_owned() }),
    }
}

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        typed_id!(@common $(#[$doc])* $name, $kind);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = CompactString::deserialize(deserializer)?;
                validate($kind, &value).map_err(serde::de::Error::custom)?;
                Ok(Self(value))
            }
        }
    };
    // An id of a record inside a domain: checked when made with `try_new`, and read from JSON as
    // it is — the domain checks it when the event is applied, as it always has, so a journal
    // holding a refused event (a merge conflict) still loads.
    (@checked_on_apply $(#[$doc:meta])* $name:ident, $kind:literal) => {
        typed_id!(@common $(#[$doc])* $name, $kind);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                CompactString::deserialize(deserializer).map(Self)
            }
        }

        /// Reads as the text it is, wherever a `&str` is asked for.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        /// Unchecked: the domain checks the id when the event holding it is applied.
        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }

        /// Unchecked: the domain checks the id when the event holding it is applied.
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.into())
            }
        }
    };
    (@common $(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(CompactString);

        /// Shown as its text is (`"E-1"`), as messages quote it.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl $name {
            /// An empty id: what a view shows for a part its state does not hold (never, by
            /// the state's invariants).
            #[allow(dead_code)]
            pub(crate) const BLANK: Self = Self(CompactString::const_new(""));

            /// Validates and wraps an id.
            pub fn try_new(value: impl Into<String>) -> Result<Self> {
                let value = value.into();
                validate($kind, &value)?;
                Ok(Self(value.into()))
            }

            /// The id as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(value: &str) -> Result<Self> {
                Self::try_new(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// As held: the state it is part of was checked when its events were applied.
        impl crate::persist::Persist for $name {
            fn write(&self, out: &mut crate::persist::Writer) {
                crate::persist::Persist::write(&self.0, out);
            }
            fn read(input: &mut crate::persist::Reader<'_>) -> crate::persist::Read<Self> {
                <CompactString as crate::persist::Persist>::read(input).map(Self)
            }
        }
    };
}

typed_id!(
    /// Identifies one event in a journal, across every device that ever holds it.
    EventId,
    "event"
);
typed_id!(
    /// Identifies a project.
    ProjectId,
    "project"
);
typed_id!(
    /// Identifies the person or system that recorded an event.
    ActorId,
    "actor"
);
typed_id!(
    /// Names a replica of a journal to another (a phone, the office) when they sync: what
    /// came from a peer is never sent back to it.
    ReplicaId,
    "replica"
);
typed_id!(
    @checked_on_apply
    /// Identifies a day-work entry (or a reversal) in its project.
    EntryId,
    "entry"
);
typed_id!(
    @checked_on_apply
    /// Identifies a worker across projects: one worker id is one person.
    WorkerId,
    "worker"
);
typed_id!(
    @checked_on_apply
    /// Identifies a cost document (a budget change, commitment or change order) in its project.
    DocumentId,
    "document"
);
typed_id!(
    @checked_on_apply
    /// A code of a project's cost breakdown (`01.02`).
    CostCode,
    "cost code"
);

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_long_and_control() {
        assert!(EventId::try_new("e-1").is_ok());
        assert!(ProjectId::try_new("工程-01").is_ok());
        for bad in ["", "  ", "a\nb", &"x".repeat(129)] {
            let error = ActorId::try_new(bad).unwrap_err();
            assert_eq!(error.kind(), "InvalidId");
        }
    }
}
