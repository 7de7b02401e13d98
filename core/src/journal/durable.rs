//! Where a journal's entries are made durable: a sink a store attaches (none in memory). An
//! entry is in memory only once its sink has it; a sink that fails leaves the journal as it
//! was before the append.

use super::{Entry, Journal};
use crate::{ReplicaId, Result};

/// A place entries are written to before an append returns (a store on disk).
pub trait Durable: Send {
    /// Writes `entries` (appended in this order after those written before, and received
    /// from `origin` when it is a peer's), all or none, and returns once they would survive
    /// a crash.
    fn persist(&mut self, entries: &[Entry], origin: Option<&ReplicaId>) -> Result<()>;

    /// Offered the journal after every write and once more as it closes (`closing`): a store
    /// may keep a snapshot of it, at its own pace. Nothing is lost when it does not (the
    /// entries are written).
    fn offer_state(&mut self, _journal: &Journal, _closing: bool) {}
}

impl Drop for Journal {
    /// A durable journal offers its state as it closes, so that its store next opens from a
    /// snapshot of all of it.
    fn drop(&mut self) {
        self.offer_state(true);
    }
}

/// A journal's sink, if any. A copy of the journal is in memory only: the sink stays with the
/// original (two writers to one store would fork it). Behind a mutex so that a journal can be
/// read from many threads; only an append (holding the journal mutably) writes through it.
#[derive(Default)]
pub(super) struct Sink(pub(super) Option<std::sync::Mutex<Box<dyn Durable>>>);

impl Clone for Sink {
    fn clone(&self) -> Sink {
        Sink(None)
    }
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Sink(durable)" } else { "Sink(memory)" })
    }
}

impl Journal {
    /// Makes every later append durable through `sink` before it returns. The entries held
    /// now are taken to be in the sink already (a store attaches itself after loading them).
    pub fn attach(&mut self, sink: Box<dyn Durable>) {
        self.sink = Sink(Some(std::sync::Mutex::new(sink)));
    }

    /// Notes that the entries at `positions` came from `peer` (a store restoring what it kept).
    #[cfg(feature = "store")]
    pub(crate) fn note_origin(&mut self, positions: std::ops::Range<usize>, peer: &ReplicaId) {
        self.origins.note(positions, peer);
    }

    /// Whether appends are written to a store before they return.
    #[must_use]
    pub fn is_durable(&self) -> bool {
        self.sink.0.is_some()
    }

    /// Writes the entries from `from` on to the sink; when it fails, they leave memory too and
    /// the state is folded again from what remains, so the journal is as it was.
    pub(super) fn persist_from(&mut self, from: usize, origin: Option<&ReplicaId>) -> Result<()> {
        let Some(sink) = self.sink.0.as_mut() else { return Ok(()) };
        // A sink whose writer panicked mid-write is still the store: SQLite rolled it back.
        let sink = sink.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
        let written = match self.entries.get(from..) {
            Some(new) if !new.is_empty() => sink.persist(new, origin),
            _ => Ok(()),
        };
        if let Err(error) = written {
            self.entries.truncate(from);
            self.positions.keep_below(from);
            self.origins.keep_below(from);
            self.refold();
            return Err(error);
        }
        self.offer_state(false);
        Ok(())
    }

    /// Offers the state to the sink, if there is one ([`Durable::offer_state`]).
    pub(crate) fn offer_state(&self, closing: bool) {
        let Some(sink) = self.sink.0.as_ref() else { return };
        let mut sink = sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        sink.offer_state(self, closing);
    }
}
