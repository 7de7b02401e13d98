"""Type stubs of the native module (kept honest by mypy.stubtest in the test run)."""

import os
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal, Mapping, NoReturn, Sequence, Union, final

_AmountLike = Union[Decimal, int, str]
_CurrencyLike = Union["Currency", str]
_RoundingName = Literal["half_away_from_zero", "half_even", "half_toward_zero", "up", "down", "ceiling", "floor"]
_StatusName = Literal["active", "on_hold", "cancelled"]
_PeriodKindName = Literal["day", "iso_week", "month", "quarter", "year"]

from projectledger._rows import Rows

__all__ = [
    "LABOUR_COST_TYPE",
    "SCHEMA_VERSION",
    "STANDARD_COST_TYPES",
    "ActivitiesSet",
    "Activity",
    "ActivityProgressRecorded",
    "ActivityRemoved",
    "AdvancePayment",
    "ApplicationFigures",
    "ApprovalDecided",
    "ApprovalRequested",
    "BaselineImported",
    "BaselineLocked",
    "BaselineSaved",
    "BenefitMeasured",
    "BenefitPlanned",
    "BudgetControlSet",
    "BudgetLinesSet",
    "Changes",
    "Conflict",
    "ConflictSettled",
    "ContingencyReserveSet",
    "ContractValueSet",
    "CostBreakdown",
    "CostBreakdownDefined",
    "CostDocumentDrafted",
    "CostDocumentMoved",
    "CostLedger",
    "CostRecorded",
    "Currency",
    "DayKind",
    "DayWorkEntry",
    "DayWorkMoved",
    "DayWorkPeriodLocked",
    "DayWorkRecorded",
    "DayWorkReversed",
    "DeliverableRecorded",
    "EarnedSchedule",
    "EarnedValue",
    "Event",
    "ForecastSet",
    "FundBalance",
    "FundSourceChanged",
    "FundSourceRegistered",
    "FundsAllocated",
    "FundsTransferred",
    "Journal",
    "KpiDefined",
    "LabourRateSet",
    "LinksSet",
    "MergeReport",
    "Money",
    "OvertimePolicySet",
    "PaymentApplicationDrafted",
    "PaymentApplicationMoved",
    "PaymentRecorded",
    "PaymentTerms",
    "PaymentTermsSet",
    "Period",
    "PhaseChanged",
    "ProgressRecorded",
    "Project",
    "ProjectCreated",
    "ProjectSettingsChanged",
    "Retention",
    "RevenueRecorded",
    "ReviewExemptionDecided",
    "ReviewExemptionRequested",
    "ReviewItemPassed",
    "RiskActionDone",
    "RiskAssessed",
    "RiskClosed",
    "RiskIdentified",
    "RiskObserved",
    "RiskResponsePlanned",
    "RoleDefined",
    "RoleGranted",
    "RoleRevoked",
    "Schedule",
    "ScheduleCalendarSet",
    "ScheduleFile",
    "ScheduleLine",
    "ScheduleSettingsSet",
    "StatusChanged",
    "SupplierDeliveryRecorded",
    "SupplierEvaluated",
    "SupplierGradingSet",
    "WageAccountSet",
    "WageDeductionRecorded",
    "WorkCalendar",
    "WorkPackageScheduled",
    "WorkerRegistered",
    "Workflow",
    "WorkflowChanged",
    "_aggregate_day_work_buffers",
    "_cost_day_work_buffers",
    "_period_name",
    "_refuse_unknown_workers",
    "actions",
    "allocate",
    "cash_flow",
    "consume_funds",
    "earned_schedule",
    "earned_value",
    "payload_from_json",
    "payment_application",
    "period",
    "read_mspdi",
    "read_xer",
    "schedule",
    "split_evenly",
    "spread",
    "standard_roles",
]

SCHEMA_VERSION: int

@final
class Currency:
    def __new__(cls, code: str, minor_units: int | None = None) -> Currency: ...
    @property
    def code(self) -> str: ...
    @property
    def minor_units(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...

@final
class Money:
    def __new__(cls, amount: _AmountLike, currency: _CurrencyLike) -> Money: ...
    @staticmethod
    def parse(text: str) -> Money: ...
    @staticmethod
    def zero(currency: _CurrencyLike) -> Money: ...
    @staticmethod
    def from_minor_units(units: int, currency: _CurrencyLike) -> Money: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def currency(self) -> Currency: ...
    def to_minor_units(self) -> int: ...
    def is_in_minor_units(self) -> bool: ...
    def round(self, strategy: _RoundingName | str = "half_away_from_zero") -> Money: ...
    def __add__(self, other: Money, /) -> Money: ...
    def __radd__(self, other: Money, /) -> Money: ...
    def __sub__(self, other: Money, /) -> Money: ...
    def __rsub__(self, other: Money, /) -> Money: ...
    def __neg__(self) -> Money: ...
    def __mul__(self, factor: _AmountLike, /) -> Money: ...
    def __rmul__(self, factor: _AmountLike, /) -> Money: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Money, /) -> bool: ...
    def __le__(self, other: Money, /) -> bool: ...
    def __gt__(self, other: Money, /) -> bool: ...
    def __ge__(self, other: Money, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str, Currency]]: ...

def allocate(total: Money, weights: Sequence[_AmountLike]) -> list[Money]: ...
def standard_roles() -> dict[str, list[str]]: ...

STANDARD_COST_TYPES: tuple[str, ...]
LABOUR_COST_TYPE: str
def actions() -> list[str]: ...
def split_evenly(total: Money, parts: int) -> list[Money]: ...

@final
class DayKind:
    Working: DayKind
    RestDay: DayKind
    StatutoryHoliday: DayKind
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __int__(self) -> int: ...

@final
class WorkCalendar:
    def __new__(
        cls,
        name: str,
        working_weekdays: Sequence[str] = ...,
        hours_per_day: _AmountLike | None = None,
    ) -> WorkCalendar: ...
    @staticmethod
    def standard(name: str) -> WorkCalendar: ...
    @staticmethod
    def china_2025() -> WorkCalendar: ...
    @staticmethod
    def china(first_year: int, last_year: int | None = None) -> WorkCalendar: ...
    @staticmethod
    def china_years() -> list[int]: ...
    @staticmethod
    def from_json(json: str) -> WorkCalendar: ...
    def to_json(self) -> str: ...
    def with_holiday_notice(self, notice: Mapping[str, Any]) -> WorkCalendar: ...
    def with_notice(self, notice_json: str) -> WorkCalendar: ...
    def with_holiday(self, date: date, name: str, statutory: bool = False) -> WorkCalendar: ...
    def with_makeup_working_day(self, date: date, name: str) -> WorkCalendar: ...
    @property
    def name(self) -> str: ...
    @property
    def hours_per_day(self) -> Decimal: ...
    @property
    def working_weekdays(self) -> list[str]: ...
    @property
    def holidays(self) -> dict[date, tuple[str, bool]]: ...
    @property
    def makeup_working_days(self) -> dict[date, str]: ...
    @property
    def years(self) -> list[int]: ...
    @property
    def weekly_pattern_outside_years(self) -> bool: ...
    def with_weekly_pattern_outside_years(self) -> WorkCalendar: ...
    def covers(self, date: date) -> bool: ...
    def classify(self, date: date) -> DayKind: ...
    def is_working_day(self, date: date) -> bool: ...
    def add_working_days(self, date: date, n: int) -> date: ...
    def working_days_between(self, start: date, end: date) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class Period:
    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Period, /) -> bool: ...
    def __le__(self, other: Period, /) -> bool: ...
    def __gt__(self, other: Period, /) -> bool: ...
    def __ge__(self, other: Period, /) -> bool: ...
    def __hash__(self) -> int: ...

def period(date: date, kind: _PeriodKindName | str) -> Period: ...

@final
class ProjectCreated:
    def __new__(cls, project_id: str, name: str, code: str, currency: _CurrencyLike, calendar: WorkCalendar) -> ProjectCreated: ...
    @property
    def project_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def code(self) -> str | None: ...
    @property
    def currency(self) -> Currency | None: ...
    @property
    def calendar(self) -> WorkCalendar | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class ProjectSettingsChanged:
    def __new__(
        cls,
        project_id: str,
        *,
        name: str | None = None,
        code: str | None = None,
        calendar: WorkCalendar | None = None,
    ) -> ProjectSettingsChanged: ...
    @property
    def project_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def code(self) -> str | None: ...
    @property
    def calendar(self) -> WorkCalendar | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

class _PayloadBase:
    @property
    def project_id(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class WorkflowChanged(_PayloadBase):
    def __new__(cls, project_id: str, workflow: Workflow) -> WorkflowChanged: ...

@final
class PhaseChanged(_PayloadBase):
    def __new__(cls, project_id: str, to: str, reason: str = ...) -> PhaseChanged: ...

@final
class StatusChanged(_PayloadBase):
    def __new__(cls, project_id: str, to: _StatusName | str, reason: str = ...) -> StatusChanged: ...

@final
class DeliverableRecorded(_PayloadBase):
    def __new__(cls, project_id: str, deliverable: str, reference: str = ...) -> DeliverableRecorded: ...

@final
class ApprovalRequested(_PayloadBase):
    def __new__(cls, project_id: str, approval_id: str, kind: str, note: str = ...) -> ApprovalRequested: ...

@final
class ApprovalDecided(_PayloadBase):
    def __new__(cls, project_id: str, approval_id: str, approved: bool, note: str = ...) -> ApprovalDecided: ...

@final
class RoleDefined(_PayloadBase):
    def __new__(cls, project_id: str, role: str, actions: Sequence[str]) -> RoleDefined: ...

@final
class RoleGranted(_PayloadBase):
    def __new__(cls, project_id: str, member: str, role: str) -> RoleGranted: ...

@final
class RoleRevoked(_PayloadBase):
    def __new__(cls, project_id: str, member: str, role: str) -> RoleRevoked: ...

@final
class ConflictSettled(_PayloadBase):
    def __new__(cls, project_id: str, event_id: str, note: str = ...) -> ConflictSettled: ...

_LineLike = tuple[str, str, _AmountLike] | dict[str, Any]

@final
class CostBreakdownDefined(_PayloadBase):
    def __new__(cls, project_id: str, breakdown: CostBreakdown) -> CostBreakdownDefined: ...

@final
class BudgetLinesSet(_PayloadBase):
    def __new__(cls, project_id: str, lines: Sequence[_LineLike]) -> BudgetLinesSet: ...

@final
class BaselineLocked(_PayloadBase):
    def __new__(cls, project_id: str) -> BaselineLocked: ...

@final
class CostDocumentDrafted(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        document_id: str,
        kind: str,
        title: str,
        lines: Sequence[_LineLike],
        commitment_id: str | None = None,
        vendor: str | None = None,
    ) -> CostDocumentDrafted: ...

@final
class CostDocumentMoved(_PayloadBase):
    def __new__(cls, project_id: str, document_id: str, to: str, note: str = ...) -> CostDocumentMoved: ...

@final
class CostRecorded(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        cost_id: str,
        kind: str,
        lines: Sequence[_LineLike],
        description: str = ...,
        commitment_id: str | None = None,
        allow_over_commitment: bool = False,
    ) -> CostRecorded: ...

@final
class BudgetControlSet(_PayloadBase):
    def __new__(
        cls, project_id: str, code: str | None = None, committed: str = "ignore", actual: str = "ignore", cumulative: str = "ignore"
    ) -> BudgetControlSet: ...

@final
class ForecastSet(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        code: str,
        cost_type: str,
        method: str,
        amount: _AmountLike | None = None,
        items: Sequence[tuple[str, _AmountLike, _AmountLike]] | None = None,
    ) -> ForecastSet: ...

@final
class ContractValueSet(_PayloadBase):
    def __new__(cls, project_id: str, amount: _AmountLike) -> ContractValueSet: ...

@final
class RevenueRecorded(_PayloadBase):
    def __new__(cls, project_id: str, entry_id: str, kind: str, amount: _AmountLike) -> RevenueRecorded: ...

@final
class WorkPackageScheduled(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        code: str,
        start: date,
        finish: date,
        technique: Literal["zero_hundred", "fifty_fifty", "weighted_milestones", "physical_percent", "level_of_effort"] | str,
        profile: str = ...,
        weights: Sequence[_AmountLike] | None = None,
        milestones: Sequence[tuple[str, _AmountLike]] | None = None,
    ) -> WorkPackageScheduled: ...

@final
class ProgressRecorded(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        code: str,
        kind: Literal["started", "finished", "milestone_done", "percent_complete"] | str,
        milestone: str | None = None,
        percent: _AmountLike | None = None,
    ) -> ProgressRecorded: ...

@final
class DayWorkEntry:
    def __new__(
        cls,
        entry_id: str,
        worker_id: str,
        cost_code: str,
        date: date,
        *,
        hours: _AmountLike | None = None,
        workdays: _AmountLike | None = None,
        start: time | None = None,
        end: time | None = None,
        description: str = ...,
    ) -> DayWorkEntry: ...
    @property
    def entry_id(self) -> str: ...
    @property
    def worker_id(self) -> str: ...
    @property
    def date(self) -> date: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class WorkerRegistered(_PayloadBase):
    def __new__(cls, project_id: str, worker_id: str, name: str, id_number: str, trade: str, team: str, employer: str) -> WorkerRegistered: ...

@final
class LabourRateSet(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        valid_from: date,
        unit: Literal["hour", "workday"] | str,
        amount: _AmountLike,
        *,
        trade: str | None = None,
        worker_id: str | None = None,
    ) -> LabourRateSet: ...

@final
class OvertimePolicySet(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        *,
        working_day: _AmountLike | None = None,
        rest_day: _AmountLike | None = None,
        statutory_holiday: _AmountLike | None = None,
        hours_per_workday: _AmountLike | None = None,
    ) -> OvertimePolicySet: ...

@final
class DayWorkRecorded(_PayloadBase):
    def __new__(cls, project_id: str, entries: Sequence[DayWorkEntry]) -> DayWorkRecorded: ...

@final
class DayWorkReversed(_PayloadBase):
    def __new__(cls, project_id: str, reversals: Sequence[tuple[str, str, str]]) -> DayWorkReversed: ...

@final
class DayWorkMoved(_PayloadBase):
    def __new__(
        cls, project_id: str, entry_ids: Sequence[str], to: Literal["submitted", "approved", "rejected", "paid"] | str, note: str = ...
    ) -> DayWorkMoved: ...

@final
class DayWorkPeriodLocked(_PayloadBase):
    def __new__(cls, project_id: str, through: date) -> DayWorkPeriodLocked: ...

@final
class WageDeductionRecorded(_PayloadBase):
    def __new__(cls, project_id: str, deduction_id: str, worker_id: str, month: date, amount: _AmountLike, reason: str = ...) -> WageDeductionRecorded: ...

_FundKindName = Literal["appropriation", "loan", "owner_payment", "own_funds", "other"]
_RuleName = Literal["order", "ratio", "manual"]
_Target = Union[str, tuple[str, str | None]]

@final
class FundSourceRegistered(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        source_id: str,
        name: str,
        kind: _FundKindName | str,
        amount: Money,
        available_from: date,
        *,
        expires_on: date | None = None,
        cost_types: Sequence[str] = ...,
        codes: Sequence[str] = ...,
    ) -> FundSourceRegistered: ...

@final
class FundSourceChanged(_PayloadBase):
    def __new__(cls, project_id: str, source_id: str, change: _AmountLike, reason: str = ...) -> FundSourceChanged: ...

@final
class FundsAllocated(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        source_id: str,
        amount: _AmountLike,
        targets: Sequence[_Target],
        rule: _RuleName | str = "order",
        weights: Sequence[_AmountLike] | None = None,
        amounts: Sequence[_AmountLike] | None = None,
    ) -> FundsAllocated: ...

@final
class FundsTransferred(_PayloadBase):
    def __new__(cls, project_id: str, source_id: str, from_target: _Target, to_target: _Target | None, amount: _AmountLike) -> FundsTransferred: ...

@final
class PaymentTermsSet(_PayloadBase):
    def __new__(
        cls, project_id: str, terms: PaymentTerms, *, contract_id: str | None = None, payable_range: tuple[_AmountLike, _AmountLike] | None = None
    ) -> PaymentTermsSet: ...

@final
class PaymentApplicationDrafted(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        application_id: str,
        period_end: date,
        lines: Sequence[ScheduleLine],
        *,
        contract_id: str | None = None,
        deductions: Sequence[tuple[str, _AmountLike]] = ...,
    ) -> PaymentApplicationDrafted: ...

@final
class PaymentApplicationMoved(_PayloadBase):
    def __new__(
        cls, project_id: str, application_id: str, to: Literal["draft", "submitted", "certified", "rejected"] | str, note: str = ...
    ) -> PaymentApplicationMoved: ...

@final
class PaymentRecorded(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        payment_id: str,
        paid_on: date,
        *,
        cost_id: str | None = None,
        application_id: str | None = None,
        advance_of: str | None = None,
        rule: _RuleName | str = "order",
        weights: Sequence[_AmountLike] | None = None,
        amounts: Sequence[_AmountLike] | None = None,
        sources: Sequence[str] = ...,
    ) -> PaymentRecorded: ...

@final
class WageAccountSet(_PayloadBase):
    def __new__(cls, project_id: str, labour_share: _AmountLike, contract_id: str | None = None) -> WageAccountSet: ...

_ConstraintKind = Literal[
    "start_no_earlier_than", "finish_no_earlier_than", "start_no_later_than", "finish_no_later_than", "must_start_on", "must_finish_on"
]
_LinkKindName = Literal["fs", "ss", "ff", "sf"]
# Working days (an int) or working hours (a timedelta), on the activity's calendar.
_WorkDuration = Union[int, timedelta]

@final
class Activity:
    def __new__(
        cls,
        id: str,
        name: str,
        duration: _WorkDuration,
        *,
        calendar: str | None = None,
        constraint: tuple[_ConstraintKind | str, date] | None = None,
        deadline: date | None = None,
        cost_code: str | None = None,
        wbs: str | None = None,
        assignee: str | None = None,
    ) -> Activity: ...
    @property
    def id(self) -> str: ...
    @property
    def duration(self) -> _WorkDuration: ...
    @property
    def name(self) -> str: ...
    @property
    def calendar(self) -> str | None: ...
    @property
    def constraint(self) -> tuple[str, date] | None: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def cost_code(self) -> str | None: ...
    @property
    def wbs(self) -> str | None: ...
    @property
    def assignee(self) -> str | None: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Schedule:
    @property
    def activities(self) -> Rows: ...
    @property
    def project_finish(self) -> date: ...
    @property
    def critical_path(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class ScheduleSettingsSet(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        project_start: date,
        *,
        scheduler: Literal["ms_project", "primavera"] | str = "ms_project",
        lag_calendar: Literal["successor", "predecessor", "project", "elapsed"] | str = "successor",
        float_basis: Literal["finish", "start", "smallest"] | str = "finish",
        critical_float: int = 0,
    ) -> ScheduleSettingsSet: ...

@final
class ScheduleCalendarSet(_PayloadBase):
    def __new__(cls, project_id: str, name: str, calendar: WorkCalendar) -> ScheduleCalendarSet: ...

@final
class ActivitiesSet(_PayloadBase):
    def __new__(cls, project_id: str, activities: Sequence[Activity]) -> ActivitiesSet: ...

@final
class ActivityRemoved(_PayloadBase):
    def __new__(cls, project_id: str, activity_id: str) -> ActivityRemoved: ...

@final
class LinksSet(_PayloadBase):
    def __new__(cls, project_id: str, links: Sequence[tuple[str, str, _LinkKindName | str] | tuple[str, str, _LinkKindName | str, int]]) -> LinksSet: ...

@final
class ActivityProgressRecorded(_PayloadBase):
    def __new__(
        cls, project_id: str, activity_id: str, as_of: date, actual_start: date, *, actual_finish: date | None = None, remaining_duration: _WorkDuration | None = None
    ) -> ActivityProgressRecorded: ...

@final
class BaselineSaved(_PayloadBase):
    def __new__(cls, project_id: str, name: str) -> BaselineSaved: ...

@final
class BaselineImported(_PayloadBase):
    def __new__(cls, project_id: str, name: str, dates: dict[str, tuple[date, date]]) -> BaselineImported: ...

_RiskCategory = Literal["technical", "schedule", "cost", "supplier", "security_compliance", "safety"]
_ResponseStrategy = Literal["avoid", "mitigate", "transfer", "accept", "escalate"]
_RiskAction = Union[tuple[str, str, str, date], Mapping[str, Any]]

@final
class RiskIdentified(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        risk_id: str,
        title: str,
        category: _RiskCategory,
        *,
        cause: str = ...,
        event: str = ...,
        effect: str = ...,
        owner: str | None = None,
        cost_codes: Sequence[str] = ...,
        activities: Sequence[str] = ...,
    ) -> RiskIdentified: ...

@final
class RiskAssessed(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        risk_id: str,
        probability: int,
        cost_impact: int,
        schedule_impact: int,
        quality_impact: int,
        *,
        probability_percent: _AmountLike | None = None,
        cost_exposure: _AmountLike | None = None,
        next_review: date | None = None,
    ) -> RiskAssessed: ...

@final
class RiskResponsePlanned(_PayloadBase):
    def __new__(cls, project_id: str, risk_id: str, strategy: _ResponseStrategy, actions: Sequence[_RiskAction] | None = None) -> RiskResponsePlanned: ...

@final
class RiskActionDone(_PayloadBase):
    def __new__(cls, project_id: str, risk_id: str, action_id: str, done_on: date) -> RiskActionDone: ...

@final
class RiskObserved(_PayloadBase):
    def __new__(cls, project_id: str, risk_id: str, note: str, next_review: date | None = None) -> RiskObserved: ...

@final
class RiskClosed(_PayloadBase):
    def __new__(cls, project_id: str, risk_id: str, outcome: Literal["closed", "occurred"] = "closed", note: str = ...) -> RiskClosed: ...

@final
class ContingencyReserveSet(_PayloadBase):
    def __new__(cls, project_id: str, cost_code: str) -> ContingencyReserveSet: ...

@final
class ReviewItemPassed(_PayloadBase):
    def __new__(cls, project_id: str, review: str, item: str, evidence: str) -> ReviewItemPassed: ...

@final
class ReviewExemptionRequested(_PayloadBase):
    def __new__(cls, project_id: str, review: str, item: str, reason: str) -> ReviewExemptionRequested: ...

@final
class ReviewExemptionDecided(_PayloadBase):
    def __new__(cls, project_id: str, review: str, item: str, approved: bool, note: str = ...) -> ReviewExemptionDecided: ...

_KpiMeasure = Literal["spi", "cpi", "margin_percent", "schedule_slip_days", "budget_change_percent", "labour_cost_percent", "risk_exposure", "overdue_wages"]

@final
class KpiDefined(_PayloadBase):
    def __new__(
        cls, project_id: str, kpi_id: str, name: str, measure: _KpiMeasure, green: _AmountLike, amber: _AmountLike, *, baseline: str | None = None
    ) -> KpiDefined: ...

@final
class BenefitPlanned(_PayloadBase):
    def __new__(cls, project_id: str, benefit_id: str, name: str, unit: str, planned: Sequence[tuple[date, _AmountLike]]) -> BenefitPlanned: ...

@final
class BenefitMeasured(_PayloadBase):
    def __new__(cls, project_id: str, benefit_id: str, on: date, amount: _AmountLike) -> BenefitMeasured: ...

_Criterion = Literal["quality", "delivery", "cost", "service", "safety"]

@final
class SupplierGradingSet(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        *,
        weights: Mapping[_Criterion, _AmountLike] | None = None,
        thresholds: Sequence[_AmountLike] | None = None,
        d_supplier_control: Literal["stop", "warn", "ignore"] = "ignore",
        cost_points_per_percent: _AmountLike | None = None,
    ) -> SupplierGradingSet: ...

@final
class SupplierDeliveryRecorded(_PayloadBase):
    def __new__(cls, project_id: str, delivery_id: str, commitment_id: str, promised: date, delivered: date) -> SupplierDeliveryRecorded: ...

@final
class SupplierEvaluated(_PayloadBase):
    def __new__(
        cls,
        project_id: str,
        supplier: str,
        period_end: date,
        *,
        quality: _AmountLike | None = None,
        delivery: _AmountLike | None = None,
        cost: _AmountLike | None = None,
        service: _AmountLike | None = None,
        safety: _AmountLike | None = None,
        note: str = ...,
    ) -> SupplierEvaluated: ...

@final
class ScheduleFile:
    @property
    def name(self) -> str: ...
    @property
    def project_start(self) -> date: ...
    @property
    def project_calendar(self) -> str | None: ...
    @property
    def calendars(self) -> dict[str, WorkCalendar]: ...
    @property
    def activities(self) -> list[Activity]: ...
    @property
    def links(self) -> list[tuple[str, str, str, int]]: ...
    @property
    def baseline(self) -> dict[str, tuple[date, date]]: ...
    @property
    def status_date(self) -> date | None: ...
    @property
    def progress(self) -> dict[str, tuple[date, date | None, _WorkDuration]]: ...
    @property
    def unsupported(self) -> list[str]: ...
    def events(self, project_id: str) -> list[_Payload]: ...
    def to_mspdi(self, calendar: WorkCalendar) -> str: ...

def read_mspdi(xml: str) -> ScheduleFile: ...
def read_xer(text: str, project: str | None = None) -> ScheduleFile: ...

def schedule(
    activities: Sequence[Activity],
    links: Sequence[tuple[str, str, _LinkKindName | str] | tuple[str, str, _LinkKindName | str, int]],
    project_start: date,
    calendar: WorkCalendar,
    *,
    calendars: dict[str, WorkCalendar] | None = None,
    scheduler: Literal["ms_project", "primavera"] | str = "ms_project",
    lag_calendar: Literal["successor", "predecessor", "project", "elapsed"] | str = "successor",
    float_basis: Literal["finish", "start", "smallest"] | str = "finish",
    critical_float: int = 0,
    status_date: date | None = None,
    progress: dict[str, tuple[date, date | None, _WorkDuration]] | None = None,
) -> Schedule: ...

def _aggregate_day_work_buffers(
    worker: Any,
    project: Any | None,
    cost_code: Any | None,
    day: Any,
    regular: tuple[Any, int, int],
    overtime: tuple[Any, int, int],
    amount: tuple[Any, int, int, int],
    team: Any,
    trade: Any,
    employer: Any,
    by: Sequence[str],
    start: date | None = None,
    end: date | None = None,
    per_row: bool = False,
    others: Sequence[tuple[str, Any]] = ...,
) -> tuple[list[bytes], tuple[bytes, bytes], list[bytes]]: ...
def _period_name(dimension: str, value: int) -> str: ...
def _refuse_unknown_workers(rows: list[int], workers: list[str]) -> NoReturn: ...
def _cost_day_work_buffers(
    worker: Any,
    day: Any,
    hours: tuple[Any, int, int],
    worker_ids: Sequence[str],
    trades: Sequence[str],
    rates: Sequence[tuple[date, str, _AmountLike, str | None, str | None]],
    calendar: WorkCalendar,
    currency: str,
    working_day: _AmountLike | None = None,
    rest_day: _AmountLike | None = None,
    statutory_holiday: _AmountLike | None = None,
    hours_per_workday: _AmountLike | None = None,
) -> tuple[bytes, bytes, bytes, tuple[bytes, int], tuple[bytes, int], bytes, list[str], bytes]: ...

@final
class Workflow:
    def __new__(cls, name: str, initial: str, phases: Sequence[Mapping[str, Any]], transitions: Sequence[Mapping[str, Any]]) -> Workflow: ...
    @staticmethod
    def standard() -> Workflow: ...
    @staticmethod
    def from_json(json: str) -> Workflow: ...
    def to_json(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def initial(self) -> str: ...
    @property
    def phases(self) -> list[dict[str, Any]]: ...
    @property
    def transitions(self) -> list[dict[str, Any]]: ...
    def is_terminal(self, phase: str) -> bool: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

_Payload = Union[
    ProjectCreated,
    ProjectSettingsChanged,
    WorkflowChanged,
    PhaseChanged,
    StatusChanged,
    DeliverableRecorded,
    ApprovalRequested,
    ApprovalDecided,
    RoleDefined,
    RoleGranted,
    RoleRevoked,
    ConflictSettled,
    CostBreakdownDefined,
    BudgetLinesSet,
    BaselineLocked,
    CostDocumentDrafted,
    CostDocumentMoved,
    CostRecorded,
    BudgetControlSet,
    ForecastSet,
    ContractValueSet,
    RevenueRecorded,
    WorkPackageScheduled,
    ProgressRecorded,
    WorkerRegistered,
    LabourRateSet,
    OvertimePolicySet,
    DayWorkRecorded,
    DayWorkReversed,
    DayWorkMoved,
    DayWorkPeriodLocked,
    WageDeductionRecorded,
    FundSourceRegistered,
    FundSourceChanged,
    FundsAllocated,
    FundsTransferred,
    PaymentTermsSet,
    PaymentApplicationDrafted,
    PaymentApplicationMoved,
    PaymentRecorded,
    WageAccountSet,
    ScheduleSettingsSet,
    ScheduleCalendarSet,
    ActivitiesSet,
    ActivityRemoved,
    LinksSet,
    ActivityProgressRecorded,
    BaselineImported,
    BaselineSaved,
    RiskIdentified,
    RiskAssessed,
    RiskResponsePlanned,
    RiskActionDone,
    RiskObserved,
    RiskClosed,
    ContingencyReserveSet,
    SupplierGradingSet,
    SupplierDeliveryRecorded,
    SupplierEvaluated,
    ReviewItemPassed,
    ReviewExemptionRequested,
    ReviewExemptionDecided,
    KpiDefined,
    BenefitPlanned,
    BenefitMeasured,
]

def payload_from_json(json: str) -> _Payload: ...

@final
class Event:
    def __new__(cls, id: str, recorded_at: datetime, actor: str, payload: _Payload) -> Event: ...
    @property
    def id(self) -> str: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def payload(self) -> _Payload: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(json: str) -> Event: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Project:
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def currency(self) -> Currency: ...
    @property
    def calendar(self) -> WorkCalendar: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def created_by(self) -> str: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def workflow(self) -> Workflow: ...
    @property
    def phase(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def history(self) -> list[dict[str, Any]]: ...
    @property
    def deliverables(self) -> list[dict[str, Any]]: ...
    @property
    def approvals(self) -> list[dict[str, Any]]: ...
    @property
    def members(self) -> dict[str, list[str]]: ...
    @property
    def roles(self) -> dict[str, list[str]]: ...
    def permits(self, member: str, action: str) -> bool: ...
    def phase_durations(self, as_of: datetime) -> list[dict[str, Any]]: ...

@final
class Conflict:
    @property
    def event_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def project_id(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def dropped(self) -> list[dict[str, Any]]: ...
    @property
    def settled(self) -> dict[str, Any] | None: ...
    @property
    def is_open(self) -> bool: ...

@final
class MergeReport:
    @property
    def added(self) -> int: ...
    @property
    def already_present(self) -> int: ...
    @property
    def new_conflicts(self) -> list[Conflict]: ...

@final
class Changes:
    def __new__(cls, events: Sequence[Event], cursor: int = 0) -> Changes: ...
    @property
    def events(self) -> list[Event]: ...
    @property
    def cursor(self) -> int: ...
    def to_jsonl(self) -> str: ...
    @staticmethod
    def from_jsonl(data: str | bytes) -> Changes: ...
    def __len__(self) -> int: ...

@final
class Journal:
    def __new__(cls) -> Journal: ...
    def append(self, event: Event) -> bool: ...
    def record(self, event: Event) -> dict[str, Any]: ...
    def merge(self, other: Journal) -> MergeReport: ...
    def changes_since(self, peer: str, cursor: int = 0) -> Changes: ...
    def apply_changes(self, peer: str, changes: Changes) -> MergeReport: ...
    def verify(self) -> None: ...
    def to_jsonl(self) -> str: ...
    def to_redacted_jsonl(self) -> str: ...
    @staticmethod
    def from_jsonl(data: str | bytes, *, prefix: bool = False) -> Journal: ...
    @staticmethod
    def open(path: str | os.PathLike[str]) -> Journal: ...
    def save_as(self, path: str | os.PathLike[str]) -> Journal: ...
    @property
    def is_durable(self) -> bool: ...
    def now(self) -> datetime: ...
    @property
    def max_clock_ahead(self) -> timedelta: ...
    @max_clock_ahead.setter
    def max_clock_ahead(self, value: timedelta) -> None: ...
    def events(self) -> list[Event]: ...
    @property
    def head(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def state_digest(self) -> str: ...
    def projects(self) -> list[Project]: ...
    def project(self, project_id: str) -> Project: ...
    def conflicts(self) -> list[Conflict]: ...
    def phase_counts(self) -> list[dict[str, Any]]: ...
    def transitions_between(self, start: date, end: date) -> list[dict[str, Any]]: ...
    def history_rows(self, project_id: str | None = None) -> list[dict[str, Any]]: ...
    def budget_view(self, project_id: str, cost_type: str | None = None, as_of: datetime | None = None) -> Rows: ...
    def budget_row(
        self, project_id: str, code: str | None = None, cost_type: str | None = None, as_of: datetime | None = None
    ) -> dict[str, Any]: ...
    def margin(self, project_id: str, as_of: datetime | None = None) -> dict[str, Any]: ...
    def earned_value(self, project_id: str, status_date: date, code: str | None = None, as_of: datetime | None = None) -> EarnedValue: ...
    def earned_schedule(
        self, project_id: str, status_date: date, period: _PeriodKindName | str = "month", code: str | None = None, as_of: datetime | None = None
    ) -> EarnedSchedule: ...
    def cash_flow(
        self,
        project_id: str,
        available: Sequence[tuple[date, Money]] = ...,
        kind: _PeriodKindName | str = "month",
        as_of: datetime | None = None,
    ) -> tuple[Rows, tuple[str, Money] | None]: ...
    def day_work_lines(self, project_id: str, through: date, employer: str | None = None) -> list[ScheduleLine]: ...
    def portfolio_cash_flow(
        self,
        currency: Currency | str,
        available: Sequence[tuple[date, Money]] = ...,
        kind: _PeriodKindName | str = "month",
        as_of: datetime | None = None,
    ) -> tuple[Rows, tuple[str, Money] | None]: ...
    def fund_sources(self, as_of: datetime | None = None) -> Rows: ...
    def fund_allocations(self, project_id: str | None = None, as_of: datetime | None = None) -> Rows: ...
    def fund_consumptions(self, project_id: str | None = None, as_of: datetime | None = None) -> Rows: ...
    def payment_applications(self, project_id: str, as_of: datetime | None = None) -> Rows: ...
    def wage_account(self, project_id: str, month: date, on: date, as_of: datetime | None = None) -> dict[str, Any]: ...
    def funds_available(self, project_id: str, as_of: datetime | None = None) -> list[tuple[date, Money]]: ...
    def contract_positions(self, project_id: str, as_of: datetime | None = None) -> Rows: ...
    def schedule(self, project_id: str, as_of: datetime | None = None) -> Schedule: ...
    def status_date(self, project_id: str, as_of: datetime | None = None) -> date | None: ...
    def schedule_variance(self, project_id: str, baseline: str, as_of: datetime | None = None) -> Rows: ...
    def activities_at_risk(self, project_id: str, baseline: str | None = None, as_of: datetime | None = None) -> Rows: ...
    def day_list(self, project_id: str, day: date, assignee: str | None = None, as_of: datetime | None = None) -> Rows: ...
    def risk_register(self, project_id: str | None = None, *, as_of: date) -> Rows: ...
    def risk_heat_map(self, project_id: str | None = None) -> Rows: ...
    def risk_heat_map_text(self, project_id: str | None = None) -> str: ...
    def risk_exposure(self, project_id: str) -> dict[str, Any]: ...
    def supplier_evaluations(self, project_id: str | None = None) -> Rows: ...
    def supplier_grades(self, project_id: str | None = None) -> Rows: ...
    def review_status(self, project_id: str) -> Rows: ...
    def kpis(self, project_id: str | None = None, *, as_of: date) -> Rows: ...
    def kpi_snapshots(self, days: Sequence[date], project_id: str | None = None) -> Rows: ...
    def value_realisation(self, project_id: str, *, as_of: date) -> dict[str, Any]: ...
    def kpi_report(self, project_id: str, *, as_of: date) -> str: ...
    def cost_documents(self, project_id: str) -> Rows: ...
    def cost_document(self, project_id: str, document_id: str) -> dict[str, Any] | None: ...
    def cost_records(self, project_id: str) -> Rows: ...
    def budget_warnings(self, project_id: str, event_id: str | None = None) -> Rows: ...
    def workers(self, reveal_id_numbers: bool = False) -> Rows: ...
    def worker(self, worker_id: str, reveal_id_numbers: bool = False) -> dict[str, Any] | None: ...
    def day_work_entry(self, entry_id: str) -> dict[str, Any] | None: ...
    def day_work_entries(
        self,
        *,
        project_ids: Sequence[str] | None = None,
        start: date | None = None,
        end: date | None = None,
        states: Sequence[str] | None = None,
        teams: Sequence[str] | None = None,
        workers: Sequence[str] | None = None,
    ) -> Rows: ...
    def select_day_work(
        self,
        *,
        project_ids: Sequence[str] | None = None,
        start: date | None = None,
        end: date | None = None,
        states: Sequence[str] | None = None,
        teams: Sequence[str] | None = None,
        workers: Sequence[str] | None = None,
    ) -> list[str]: ...
    def day_work_summary(
        self,
        by: Sequence[str],
        *,
        project_ids: Sequence[str] | None = None,
        start: date | None = None,
        end: date | None = None,
        states: Sequence[str] | None = None,
        teams: Sequence[str] | None = None,
        workers: Sequence[str] | None = None,
    ) -> Rows: ...
    def wage_ledger(self, project_id: str, as_of: date, *, month: date | None = None, reveal_id_numbers: bool = False) -> Rows: ...
    def day_work_warnings(self, event_id: str | None = None) -> Rows: ...
    def __len__(self) -> int: ...
    def __contains__(self, event_id: str, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

@final
class EarnedValue:
    @property
    def bac(self) -> Money: ...
    @property
    def pv(self) -> Money: ...
    @property
    def ev(self) -> Money: ...
    @property
    def ac(self) -> Money: ...
    @property
    def sv(self) -> Money: ...
    @property
    def cv(self) -> Money: ...
    @property
    def spi(self) -> Decimal | None: ...
    @property
    def cpi(self) -> Decimal | None: ...
    @property
    def eac_cpi(self) -> Money | None: ...
    @property
    def eac_atypical(self) -> Money: ...
    @property
    def eac_cpi_spi(self) -> Money | None: ...
    @property
    def eac_bottom_up(self) -> Money | None: ...
    @property
    def etc(self) -> Money | None: ...
    @property
    def vac(self) -> Money | None: ...
    @property
    def tcpi_bac(self) -> Decimal | None: ...
    @property
    def tcpi_eac(self) -> Decimal | None: ...

def earned_value(bac: Money, pv: Money, ev: Money, ac: Money, bottom_up_etc: Money | None = None) -> EarnedValue: ...

@final
class EarnedSchedule:
    @property
    def es(self) -> Decimal: ...
    @property
    def spi_t(self) -> Decimal | None: ...
    @property
    def ieac_t(self) -> Decimal | None: ...

def earned_schedule(cumulative_pv: Sequence[Money], ev: Money, actual_time: _AmountLike, planned_duration: _AmountLike) -> EarnedSchedule: ...
def spread(
    amount: Money,
    periods: int,
    profile: Literal["linear", "front_loaded", "back_loaded", "s_curve", "manual"] | str = "linear",
    weights: Sequence[_AmountLike] | None = None,
) -> list[Money]: ...

@final
class Retention:
    def __new__(
        cls, rate: _AmountLike | None = None, cap: _AmountLike | None = None, liability_months: int | None = None
    ) -> Retention: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def cap(self) -> Decimal: ...
    @property
    def liability_months(self) -> int: ...
    def limit(self, settlement_total: Money) -> Money: ...
    def release_date(self, accepted_on: date) -> date: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class AdvancePayment:
    def __new__(
        cls,
        amount: Money,
        *,
        main_materials_share: _AmountLike | None = None,
        recover_from: _AmountLike | None = None,
        recover_to: _AmountLike | None = None,
    ) -> AdvancePayment: ...
    @staticmethod
    def share_of(
        contract_price: Money,
        share: _AmountLike,
        *,
        main_materials_share: _AmountLike | None = None,
        recover_from: _AmountLike | None = None,
        recover_to: _AmountLike | None = None,
    ) -> AdvancePayment: ...
    @property
    def amount(self) -> Money: ...
    def threshold(self, contract_price: Money) -> Money | None: ...
    def recovered_to_date(self, contract_price: Money, completed_to_date: Money) -> Money: ...

@final
class PaymentTerms:
    def __new__(
        cls,
        contract_price: Money,
        payable_share: _AmountLike,
        retention: Retention | None = None,
        advance: AdvancePayment | None = None,
    ) -> PaymentTerms: ...
    @property
    def contract_price(self) -> Money: ...
    @property
    def payable_share(self) -> Decimal: ...
    @property
    def retention(self) -> Retention: ...
    @property
    def advance(self) -> AdvancePayment | None: ...

@final
class ScheduleLine:
    @staticmethod
    def quantity(item: str, quantity_to_date: _AmountLike, unit_rate: _AmountLike) -> ScheduleLine: ...
    @staticmethod
    def percent_complete(item: str, scheduled_value: _AmountLike, complete_to_date: _AmountLike) -> ScheduleLine: ...
    @staticmethod
    def amount(item: str, value_to_date: _AmountLike) -> ScheduleLine: ...
    @property
    def item(self) -> str: ...

@final
class ApplicationFigures:
    @property
    def completed_to_date(self) -> Money: ...
    @property
    def completed_previous(self) -> Money: ...
    @property
    def completed_this_period(self) -> Money: ...
    @property
    def payable_this_period(self) -> Money: ...
    @property
    def retention_this_period(self) -> Money: ...
    @property
    def retention_to_date(self) -> Money: ...
    @property
    def advance_recovered_this_period(self) -> Money: ...
    @property
    def advance_recovered_to_date(self) -> Money: ...
    @property
    def deductions(self) -> Money: ...
    @property
    def net_due(self) -> Money: ...
    @property
    def lines(self) -> Rows: ...
    def to_dict(self) -> dict[str, Any]: ...

def cash_flow(
    currency: Currency | str,
    planned: Sequence[tuple[date, Money]] = ...,
    actual: Sequence[tuple[date, Money]] = ...,
    available: Sequence[tuple[date, Money]] = ...,
    kind: _PeriodKindName | str = "month",
) -> tuple[Rows, tuple[str, Money] | None]: ...
@final
class FundBalance:
    def __new__(
        cls,
        source_id: str,
        remaining: Money,
        available_from: date,
        expires_on: date | None = None,
        cost_types: Sequence[str] = ...,
        codes: Sequence[str] = ...,
    ) -> FundBalance: ...
    @property
    def source_id(self) -> str: ...
    @property
    def remaining(self) -> Money: ...

def consume_funds(
    breakdown: CostBreakdown,
    date: date,
    cost_type: str,
    code: str,
    amount: Money,
    funds: Sequence[FundBalance],
    rule: Literal["order", "ratio", "manual"] | str = "order",
    weights: Sequence[_AmountLike] | None = None,
    amounts: Sequence[_AmountLike] | None = None,
) -> list[Money]: ...
def payment_application(
    terms: PaymentTerms,
    lines: Sequence[ScheduleLine],
    completed_previous: Money | None = None,
    deductions: Sequence[tuple[str, _AmountLike]] = ...,
    payable_range: tuple[_AmountLike, _AmountLike] | None = None,
) -> ApplicationFigures: ...

@final
class CostBreakdown:
    def __new__(
        cls, codes: Sequence[Mapping[str, str | None] | tuple[str, str] | tuple[str, str, str | None]], cost_types: Sequence[str] | None = None
    ) -> CostBreakdown: ...
    @staticmethod
    def from_json(json: str) -> CostBreakdown: ...
    @property
    def codes(self) -> list[str]: ...
    @property
    def cost_types(self) -> list[str]: ...
    def is_leaf(self, code: str) -> bool: ...
    def children(self, code: str) -> list[str]: ...
    def to_json(self) -> str: ...
    def __len__(self) -> int: ...

_ColumnName = Literal[
    "original_budget", "approved_changes", "pending_changes", "committed", "pending_cost_changes", "invoiced", "direct_costs"
]

@final
class CostLedger:
    def __new__(cls, breakdown: CostBreakdown, currency: _CurrencyLike) -> CostLedger: ...
    def rollup(self, codes: list[str], cost_types: list[str], columns: list[_ColumnName] | list[str], units: list[int]) -> None: ...
    def node_totals(self, column: _ColumnName | str) -> list[int]: ...
    def row(self, code: str | None = None, cost_type: str | None = None) -> dict[str, Any]: ...
