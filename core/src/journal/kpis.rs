//! The journal's KPI readings: each as of the end of a day, from the state as it stood then —
//! one day (`kpis`, `kpi_report`), or many in one pass (`kpi_snapshots`, a trend's month-ends).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{end_of, Journal};
use crate::collections::LookupMap;
use crate::event::Event;
use crate::governance::{KpiPoint, KpiSnapshots, KpiStatus, KpiValue, ValueRealisation};
use crate::portfolio::Portfolio;
use crate::{Error, ProjectId, Result};

/// A project's KPIs as last read: each one's index in the snapshots' definitions and its value,
/// and the day they were read on.
struct Shown {
    kpis: Vec<(u32, Option<Decimal>)>,
    read_on: NaiveDate,
}

impl Journal {
    /// The KPIs of one project (or every project with KPIs) as of the end of a day (UTC):
    /// from the state as it stood then, read on that day.
    pub fn kpis(&self, project_id: Option<&ProjectId>, as_of: NaiveDate) -> Result<Vec<KpiValue>> {
        self.state_as_of(end_of(as_of)).kpi_values(project_id, as_of)
    }

    /// A project's value realisation as of the end of a day, from the state as it stood then.
    pub fn value_realisation(&self, project_id: &ProjectId, as_of: NaiveDate) -> Result<ValueRealisation> {
        self.state_as_of(end_of(as_of)).value_realisation(project_id, as_of)
    }

    /// The closing phase's KPI report (`kpi_report`) of a project as of a day: its KPIs and
    /// the value its benefits realised, as text to file (record the deliverable with its
    /// reference).
    pub fn kpi_report(&self, project_id: &ProjectId, as_of: NaiveDate) -> Result<String> {
        let state = self.state_as_of(end_of(as_of));
        let project = state.project_or_err(project_id)?;
        let mut text = format!("KPI report — {} {} ({}), as of {as_of}\n\nKPIs\n", project.code, project.name, project.id);
        for k in state.kpi_values(Some(project_id), as_of)? {
            let value = k.value.map_or_else(|| "no figure".to_owned(), |v| v.to_string());
            let status = k.status.map_or("—", |s| match s { KpiStatus::Green => "green", KpiStatus::Amber => "amber", KpiStatus::Red => "red" });
            text.push_str(&format!("  {:<28} {:>14}  {status:<5} (target {}, tolerance {})\n", k.name, value, k.green, k.amber));
        }
        let value = state.value_realisation(project_id, as_of)?;
        text.push_str("\nBenefits (planned / measured to date)\n");
        for b in &value.benefits {
            let share = b.realised_percent.map_or_else(String::new, |p| format!("  {p} % realised"));
            text.push_str(&format!("  {:<28} {} / {} {}{share}\n", b.name, b.planned_to_date, b.measured_to_date, b.unit));
        }
        let day = |d: Option<NaiveDate>| d.map_or_else(|| "not yet".to_owned(), |d| d.to_string());
        text.push_str(&format!(
            "\nInvestment (actual cost) {}; return measured {} (planned {}); ROI {}; payback {} (planned {})\n",
            value.investment,
            value.measured_return,
            value.planned_return,
            value.roi.map_or_else(|| "—".to_owned(), |r| r.to_string()),
            day(value.payback_on),
            day(value.planned_payback_on)
        ));
        Ok(text)
    }

    /// Every project's KPIs (or one project's) as of each of `days`, each from the state as it
    /// stood at the end of that day: one fold in time order — what [`Journal::kpis`] gives day
    /// by day, without folding again per day. A project's figures change only by its own
    /// events, so its KPIs for a day are read right after its last event of that day (while
    /// what it touched is still at hand), and a project no event touched since keeps its
    /// figures that do not read the day.
    ///
    /// ```
    /// use projectledger::cost::{CostBreakdown, CostEvent, CostLine};
    /// use projectledger::governance::{GovernanceEvent, KpiDefinition, KpiMeasure, KpiStatus};
    /// use projectledger::lifecycle::LifecycleEvent;
    /// use projectledger::{ActorId, Currency, Event, EventId, Journal, Payload, ProjectId, WorkCalendar};
    /// # fn main() -> Result<(), projectledger::Error> {
    /// let p = ProjectId::try_new("P1")?;
    /// let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#)?;
    /// let margin = KpiDefinition { kpi_id: "margin".into(), name: "Gross margin %".into(), measure: KpiMeasure::MarginPercent,
    ///     green: 10.into(), amber: 5.into(), baseline: None };
    /// let mut journal = Journal::new();
    /// for (n, (at, payload)) in [
    ///     ("2025-01-10T08:00:00Z", Payload::from(LifecycleEvent::project_created(&p, "Depot", "D-1", Currency::CNY, WorkCalendar::china(2025, 2026)?))),
    ///     ("2025-01-10T08:01:00Z", CostEvent::breakdown_defined(&p, tree).into()),
    ///     ("2025-01-10T08:02:00Z", CostEvent::BudgetLinesSet { project_id: p.clone(), lines: vec![CostLine::new("01", "subcontract", 100_000.into())] }.into()),
    ///     ("2025-01-10T08:03:00Z", CostEvent::ContractValueSet { project_id: p.clone(), amount: 120_000.into() }.into()),
    ///     ("2025-01-10T08:04:00Z", GovernanceEvent::KpiDefined { project_id: p.clone(), kpi: margin }.into()),
    ///     // A cost in February runs over the budget: the estimate at completion rises with it.
    ///     ("2025-02-12T09:00:00Z", CostEvent::direct_cost(&p, "C1", vec![CostLine::new("01", "subcontract", 110_000.into())], "piling").into()),
    /// ].into_iter().enumerate() {
    ///     journal.append(Event::new(EventId::try_new(format!("e{n}"))?, at.parse().unwrap(), ActorId::try_new("pm")?, payload))?;
    /// }
    /// let month_ends = ["2025-01-31", "2025-02-28"].map(|d| d.parse().unwrap());
    /// let snapshots = journal.kpi_snapshots(None, &month_ends)?;
    /// let trend: Vec<_> = snapshots.values().map(|v| (v.as_of.to_string(), v.value.map(|m| m.to_string()), v.status)).collect();
    /// assert_eq!(trend, [
    ///     ("2025-01-31".into(), Some("16.67".into()), Some(KpiStatus::Green)),   // (120,000 − 100,000) ÷ 120,000
    ///     ("2025-02-28".into(), Some("8.33".into()), Some(KpiStatus::Amber)),    // (120,000 − 110,000) ÷ 120,000
    /// ]);
    /// assert_eq!(snapshots.kpis.len(), 1);                       // the definition, held once
    /// let json = serde_json::to_value(&snapshots.points[1]).unwrap();
    /// assert_eq!(json, serde_json::json!({"kpi": 0, "as_of": "2025-02-28", "value": "8.33"}));
    /// # Ok(()) }
    /// ```
    pub fn kpi_snapshots(&self, project_id: Option<&ProjectId>, days: &[NaiveDate]) -> Result<KpiSnapshots> {
        if let Some(id) = project_id {
            self.state.project_or_err(id)?;
        }
        let mut days = days.to_vec();
        days.sort_unstable();
        days.dedup();
        let mut events: Vec<&Event> = self.entries.iter().map(|e| &e.event).collect();
        events.sort_by(|a, b| a.fold_key().cmp(&b.fold_key()));
        let next = next_of_same_project(&events);
        let mut pending = events.iter().zip(&next).peekable();
        let mut state = Portfolio::default();
        let mut readings = Readings::default();
        for day in days {
            let end = end_of(day);
            while let Some((event, next)) = pending.next_if(|(e, _)| e.recorded_at <= end) {
                state.fold_one(event);
                let id = event.payload.project_id();
                let last_today = next.and_then(|n| events.get(n)).is_none_or(|e| e.recorded_at > end);
                if last_today && project_id.is_none_or(|p| p == id) {
                    readings.read_afresh(&state, id, day)?;
                }
            }
            readings.close_day(&state, day);
        }
        Ok(readings.snapshots)
    }
}

/// Where each event's project has its next event (in the same order), if it has one.
fn next_of_same_project(events: &[&Event]) -> Vec<Option<usize>> {
    let mut next = vec![None; events.len()];
    let mut later: LookupMap<&ProjectId, usize> = LookupMap::default();
    for (at, event) in events.iter().enumerate().rev() {
        if let (Some(slot), Some(found)) = (next.get_mut(at), later.insert(event.payload.project_id(), at)) {
            *slot = Some(found);
        }
    }
    next
}

/// The snapshots as they are read, and each project's KPIs as last read.
#[derive(Default)]
struct Readings {
    snapshots: KpiSnapshots,
    /// The projects with KPIs, in id order (sorted again when one joins).
    shown: Vec<(ProjectId, Shown)>,
    /// Where each of them sits in `shown`.
    at: LookupMap<ProjectId, usize>,
    joined: bool,
}

impl Readings {
    /// A project's KPIs read afresh on `day`, after its last event of that day.
    fn read_afresh(&mut self, state: &Portfolio, id: &ProjectId, day: NaiveDate) -> Result<()> {
        let Readings { snapshots, shown, at, joined } = self;
        let slot = at.get(id).copied();
        let known = slot.and_then(|i| shown.get(i)).map_or(&[][..], |(_, s)| &s.kpis);
        let kpis = read_afresh(state, id, day, known, snapshots)?;
        match (slot.and_then(|i| shown.get_mut(i)), kpis.is_empty()) {
            (Some((_, project)), false) => *project = Shown { kpis, read_on: day },
            (None, false) => {
                at.insert(id.clone(), shown.len());
                shown.push((id.clone(), Shown { kpis, read_on: day }));
                *joined = true;
            }
            (Some(_), true) => {
                shown.retain(|(o, _)| o != id);
                *at = LookupMap(shown.iter().enumerate().map(|(i, (id, _))| (id.clone(), i)).collect());
            }
            (None, true) => {}
        }
        Ok(())
    }

    /// The day's values, by project: those read today as they are, the others' KPIs that
    /// read the day read again.
    fn close_day(&mut self, state: &Portfolio, day: NaiveDate) {
        if std::mem::take(&mut self.joined) {
            self.shown.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            self.at = LookupMap(self.shown.iter().enumerate().map(|(i, (id, _))| (id.clone(), i)).collect());
        }
        for (id, project) in &mut self.shown {
            if project.read_on != day {
                read_the_day_again(state, id, day, project, &self.snapshots);
            }
            self.snapshots.points.extend(project.kpis.iter().map(|&(kpi, value)| KpiPoint { kpi, as_of: day, value }));
        }
    }
}

/// A touched project's KPIs read afresh: each keeps its index where its definition is one
/// already shown, and a definition new since (or changed) is added to the snapshots'.
fn read_afresh(state: &Portfolio, id: &ProjectId, day: NaiveDate, known: &[(u32, Option<Decimal>)], snapshots: &mut KpiSnapshots) -> Result<Vec<(u32, Option<Decimal>)>> {
    let reading = state.kpi_reading(id, day);
    let mut kpis = Vec::new();
    for (position, kpi) in state.governance().kpis(id).enumerate() {
        // Most often the one at the same place (the KPIs come in id order).
        let shown_as = |index: u32| usize::try_from(index).ok().and_then(|i| snapshots.kpis.get(i)).is_some_and(|(_, shown)| shown == kpi);
        let same = known.get(position).into_iter().chain(known).map(|&(index, _)| index).find(|&index| shown_as(index));
        let index = match same {
            Some(index) => index,
            None => {
                let index = u32::try_from(snapshots.kpis.len()).map_err(|_| Error::overflow("kpi snapshots"))?;
                snapshots.kpis.push((id.clone(), kpi.clone()));
                index
            }
        };
        kpis.push((index, reading.figure(kpi)));
    }
    Ok(kpis)
}

/// An untouched project's KPIs that read the day (earned value's status date, overdue
/// wages) read again on `day`; the others keep their figures.
fn read_the_day_again(state: &Portfolio, id: &ProjectId, day: NaiveDate, project: &mut Shown, snapshots: &KpiSnapshots) {
    let reading = state.kpi_reading(id, day);
    for (index, value) in &mut project.kpis {
        if let Some((_, kpi)) = usize::try_from(*index).ok().and_then(|i| snapshots.kpis.get(i)) {
            if kpi.measure.reads_the_day() {
                *value = reading.figure(kpi);
            }
        }
    }
    project.read_on = day;
}
