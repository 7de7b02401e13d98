//! Commitments, invoices and their limits, and a breakdown that grows, through the journal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use projectledger::cost::{CostBreakdown, CostCentre, CostEvent, CostKind, CostLine, DocumentKind, DocumentStatus, RevenueKind};
use projectledger::lifecycle::LifecycleEvent;
use projectledger::{ActorId, Currency, Event, EventId, Journal, Payload, ProjectId, Result, WorkCalendar};

struct Site {
    journal: Journal,
    n: i64,
}

impl Site {
    fn new() -> Site {
        let mut site = Site { journal: Journal::new(), n: 0 };
        let calendar = Box::new(WorkCalendar::china_2025().unwrap());
        site.add("pm", Payload::Lifecycle(LifecycleEvent::ProjectCreated { project_id: pid(), name: "P".into(), code: "P".into(), currency: Currency::CNY, calendar })).unwrap();
        site.add("pm", Payload::Lifecycle(LifecycleEvent::RoleGranted { project_id: pid(), member: ActorId::try_new("dir").unwrap(), role: "approver".into() })).unwrap();
        let tree = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"}]}"#).unwrap();
        site.add("pm", Payload::Cost(CostEvent::CostBreakdownDefined { project_id: pid(), breakdown: Box::new(tree) })).unwrap();
        site
    }

    fn add(&mut self, actor: &str, payload: Payload) -> Result<bool> {
        self.n += 1;
        let at = Utc.with_ymd_and_hms(2025, 3, 3, 0, 0, 0).unwrap() + chrono::Duration::minutes(self.n);
        self.journal.append(Event::new(EventId::try_new(format!("e{}", self.n)).unwrap(), at, ActorId::try_new(actor).unwrap(), payload))
    }

    fn document(&mut self, id: &str, kind: DocumentKind, amount: &str, commitment_id: Option<&str>) -> Result<bool> {
        let lines = vec![line(amount)];
        self.add("pm", Payload::Cost(CostEvent::CostDocumentDrafted {
            project_id: pid(),
            document_id: id.into(),
            kind,
            title: id.into(),
            lines,
            commitment_id: commitment_id.map(Into::into),
            vendor: None,
        }))
    }

    fn moved(&mut self, actor: &str, id: &str, to: DocumentStatus) -> Result<bool> {
        self.add(actor, Payload::Cost(CostEvent::CostDocumentMoved { project_id: pid(), document_id: id.into(), to, note: String::new() }))
    }

    fn invoice(&mut self, id: &str, amount: &str, allow_over_commitment: bool) -> Result<bool> {
        self.add("pm", Payload::Cost(CostEvent::CostRecorded {
            project_id: pid(),
            cost_id: id.into(),
            kind: CostKind::Invoice,
            commitment_id: Some("PO1".into()),
            lines: vec![line(amount)],
            description: String::new(),
            allow_over_commitment,
        }))
    }

    fn centre(&self) -> &CostCentre {
        self.journal.state().cost_centre(&pid()).unwrap()
    }
}

fn pid() -> ProjectId {
    ProjectId::try_new("P").unwrap()
}

fn line(amount: &str) -> CostLine {
    CostLine { code: "01".into(), cost_type: "material".into(), amount: amount.parse().unwrap() }
}

#[test]
fn commitments_invoices_and_their_limits() {
    let mut site = Site::new();
    site.document("PO1", DocumentKind::PurchaseOrder, "100.00", None).unwrap();
    // A draft can be redrafted; once submitted it cannot.
    site.document("PO1", DocumentKind::PurchaseOrder, "120.00", None).unwrap();
    site.moved("pm", "PO1", DocumentStatus::Pending).unwrap();
    assert_eq!(site.document("PO1", DocumentKind::PurchaseOrder, "1.00", None).unwrap_err().kind(), "InvalidField");
    assert_eq!(site.moved("pm", "PO1", DocumentStatus::Approved).unwrap_err().kind(), "SegregationOfDuties");
    site.moved("dir", "PO1", DocumentStatus::Approved).unwrap();
    assert_eq!(site.moved("dir", "PO1", DocumentStatus::Rejected).unwrap_err().kind(), "TransitionNotAllowed");
    // Invoiced beyond the line only when explicitly allowed.
    assert_eq!(site.invoice("I1", "130.00", false).unwrap_err().kind(), "InvalidField");
    site.invoice("I1", "130.00", true).unwrap();
    assert_eq!(site.centre().row(None, None).unwrap().actual.to_string(), "CNY 130.00");
    // A deductive change order may not take the line below what is invoiced.
    site.document("CO1", DocumentKind::CommitmentChangeOrder, "-20.00", Some("PO1")).unwrap();
    site.moved("pm", "CO1", DocumentStatus::Pending).unwrap();
    assert_eq!(site.moved("dir", "CO1", DocumentStatus::Approved).unwrap_err().kind(), "InvalidField");
    site.moved("pm", "CO1", DocumentStatus::Draft).unwrap(); // withdrawn: its pending figure leaves
    let row = site.centre().row(None, None).unwrap();
    assert_eq!((row.committed.to_string(), row.pending_cost_changes.to_string()), ("CNY 120.00".into(), "CNY 0.00".into()));
    // A change order names an approved commitment; other documents name none.
    assert_eq!(site.document("CO2", DocumentKind::CommitmentChangeOrder, "1.00", Some("PO9")).unwrap_err().kind(), "InvalidField");
    assert_eq!(site.document("BC1", DocumentKind::BudgetChange, "1.00", Some("PO1")).unwrap_err().kind(), "InvalidField");
    // Received never exceeds billed.
    site.add("pm", Payload::Cost(CostEvent::RevenueRecorded { project_id: pid(), entry_id: "B1".into(), kind: RevenueKind::Billed, amount: "50.00".parse().unwrap() }))
        .unwrap();
    let received = Payload::Cost(CostEvent::RevenueRecorded { project_id: pid(), entry_id: "R1".into(), kind: RevenueKind::Received, amount: "50.01".parse().unwrap() });
    assert_eq!(site.add("pm", received).unwrap_err().kind(), "InvalidField");
    assert_eq!(site.centre().margin().unwrap().margin_percent, None); // no contract value
}

#[test]
fn a_breakdown_can_grow_but_not_drop_a_cell_with_figures() {
    let mut site = Site::new();
    site.add("pm", Payload::Cost(CostEvent::BudgetLinesSet { project_id: pid(), lines: vec![line("10.00")] })).unwrap();
    let grown = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"},{"code":"02","name":"MEP"}]}"#).unwrap();
    site.add("pm", Payload::Cost(CostEvent::CostBreakdownDefined { project_id: pid(), breakdown: Box::new(grown) })).unwrap();
    assert_eq!(site.centre().row(None, None).unwrap().original_budget.to_string(), "CNY 10.00");
    let split = CostBreakdown::from_json(r#"{"codes":[{"code":"01","name":"Civil"},{"code":"01.01","name":"Piles"}]}"#).unwrap();
    let refused = site.add("pm", Payload::Cost(CostEvent::CostBreakdownDefined { project_id: pid(), breakdown: Box::new(split) })).unwrap_err();
    assert_eq!(refused.kind(), "InvalidCostBreakdown", "{refused}");
}
