//! The register as a store's snapshot holds it ([`crate::persist`]): without its index by
//! entry id (its entries and warnings are written by difference: `entries.rs`, `register.rs`).

use std::sync::Arc;

use super::index::WorkerDays;
use super::register::Register;
use super::DayWork;
use crate::persist::{Persist, Read, Reader, Writer};
use crate::collections::SharedVec;

/// The register without its index by entry id (of 32-bit hashes under a key of this process),
/// which is built again when read.
impl Persist for DayWork {
    fn write(&self, out: &mut Writer) {
        let DayWork { workers, by_id_number, projects, register, by_id: _, by_worker_day, warnings } = self;
        workers.write(out);
        by_id_number.write(out);
        projects.write(out);
        register.write(out);
        by_worker_day.write(out);
        warnings.write(out);
    }
    fn read(input: &mut Reader<'_>) -> Read<DayWork> {
        let mut work = DayWork {
            workers: Arc::read(input)?,
            by_id_number: Arc::read(input)?,
            projects: Arc::read(input)?,
            register: Register::read(input)?,
            by_worker_day: WorkerDays::read(input)?,
            warnings: SharedVec::read(input)?,
            ..DayWork::default()
        };
        work.index_ids();
        Ok(work)
    }
}


impl DayWork {
    /// A checkpoint of the register (without indexes, [`DayWork::without_indexes`]) written
    /// against the register `base` it shares its entries' chunks with.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn write_checkpoint(&self, base: &DayWork, out: &mut Writer) {
        let DayWork { workers, by_id_number, projects, register, by_id: _, by_worker_day: _, warnings } = self;
        workers.write(out);
        by_id_number.write(out);
        projects.write(out);
        register.write_against(&base.register, out);
        warnings.write_against(&base.warnings, out);
    }

    /// Reads what [`DayWork::write_checkpoint`] wrote, after the checkpoint `previous`; a map
    /// equal to the register's or the previous checkpoint's is held as one with it, as the
    /// journal that wrote it held it (not a copy a checkpoint).
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn read_checkpoint(base: &DayWork, previous: Option<&DayWork>, input: &mut Reader<'_>) -> Read<DayWork> {
        fn shared<T: Persist + PartialEq>(candidates: [Option<&Arc<T>>; 2], input: &mut Reader<'_>) -> Read<Arc<T>> {
            let read = Arc::<T>::read(input)?;
            Ok(candidates.into_iter().flatten().find(|held| ***held == *read).map_or(read, Arc::clone))
        }
        Ok(DayWork {
            workers: shared([Some(&base.workers), previous.map(|p| &p.workers)], input)?,
            by_id_number: shared([Some(&base.by_id_number), previous.map(|p| &p.by_id_number)], input)?,
            projects: shared([Some(&base.projects), previous.map(|p| &p.projects)], input)?,
            register: Register::read_against(&base.register, input)?,
            warnings: SharedVec::read_against(&base.warnings, input)?,
            ..DayWork::default()
        })
    }
}
