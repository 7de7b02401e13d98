"""Exceptions raised by projectledger.

Every error derives from :class:`ProjectLedgerError`, and from the built-in class a Python
user would catch for it (``ValueError`` for bad values, ``TypeError`` for wrong types,
``LookupError`` for unknown ids, ``ArithmeticError`` for overflow). The fields of the core
error are attributes (``err.line``, ``err.event_id``, ``err.problems`` …); ``kind`` names the
core variant, the same on every surface.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, NamedTuple

__all__ = [
    "ProjectLedgerError",
    "AmountTypeError",
    "CurrencyMismatchError",
    "ArithmeticOverflowError",
    "PrecisionLossError",
    "InvalidAmountError",
    "InvalidCurrencyError",
    "InvalidWeightsError",
    "InvalidIdError",
    "InvalidFieldError",
    "InvalidCalendarError",
    "DateOutOfRangeError",
    "DateOutsideCalendarError",
    "MalformedJournalError",
    "BrokenChainError",
    "ConflictingEventError",
    "ProjectAlreadyExistsError",
    "UnknownProjectError",
    "NotFoundError",
    "DuplicateProjectCodeError",
    "InvalidWorkflowError",
    "PermissionDeniedError",
    "SegregationOfDutiesError",
    "TransitionNotAllowedError",
    "GateFailedError",
    "InvalidCostBreakdownError",
    "BudgetExceededError",
    "SupplierBlockedError",
    "InvalidDayWorkError",
    "InsufficientFundsError",
    "InvalidScheduleError",
    "DependencyCycleError",
    "StoreFailedError",
    "ClockAheadError",
    "Problem",
    "GateFailure",
    "Breach",
]


class ProjectLedgerError(Exception):
    """Base class of every projectledger error."""

    kind: str = "ProjectLedgerError"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        for name, value in details.items():
            setattr(self, name, value)

    def __reduce__(self) -> Any:
        details = {k: v for k, v in self.__dict__.items() if k != "message"}
        return (_rebuild, (type(self), self.message, details))


def _rebuild(cls: type, message: str, details: dict[str, Any]) -> ProjectLedgerError:
    return cls(message, **details)


class AmountTypeError(ProjectLedgerError, TypeError):
    """A value of the wrong Python type: a float or bool as an amount, a datetime as a date."""

    kind = "AmountTypeError"


class CurrencyMismatchError(ProjectLedgerError, ValueError):
    """Two currencies met in one operation (``left``, ``right``)."""

    kind = "CurrencyMismatch"
    left: str
    right: str


class ArithmeticOverflowError(ProjectLedgerError, ArithmeticError):
    """A checked operation left the representable range (``operation``)."""

    kind = "Overflow"
    operation: str


class PrecisionLossError(ProjectLedgerError, ValueError):
    """A value cannot be held exactly; it is refused rather than rounded (``value``, ``reason``)."""

    kind = "PrecisionLoss"
    value: str
    reason: str


class InvalidAmountError(ProjectLedgerError, ValueError):
    """Not a valid amount for its purpose (``input``, ``reason``)."""

    kind = "InvalidAmount"
    input: str
    reason: str


class InvalidCurrencyError(ProjectLedgerError, ValueError):
    """A currency code or definition that is not valid or not known (``code``, ``reason``)."""

    kind = "InvalidCurrency"
    code: str
    reason: str


class InvalidWeightsError(ProjectLedgerError, ValueError):
    """Allocation weights that cannot allocate (empty, all zero, negative) (``reason``)."""

    kind = "InvalidWeights"
    reason: str


class InvalidIdError(ProjectLedgerError, ValueError):
    """An id that is empty, too long or holds control characters (``id_kind``, ``value``, ``reason``)."""

    kind = "InvalidId"
    id_kind: str
    value: str
    reason: str


class InvalidFieldError(ProjectLedgerError, ValueError):
    """A field that breaks its rule (``field``, ``reason``)."""

    kind = "InvalidField"
    field: str
    reason: str


class InvalidCalendarError(ProjectLedgerError, ValueError):
    """A calendar or holiday notice with problems; ``problems`` lists all of them."""

    kind = "InvalidCalendar"
    problems: list[str]


class DateOutOfRangeError(ProjectLedgerError, ValueError):
    """Date arithmetic beyond the supported range (``reason``)."""

    kind = "DateOutOfRange"
    reason: str


class DateOutsideCalendarError(ProjectLedgerError, ValueError):
    """A ``date`` outside the ``years`` whose holidays ``calendar`` knows: add that year's
    notice, or use ``with_weekly_pattern_outside_years()``."""

    kind = "DateOutsideCalendar"
    date: datetime.date
    calendar: str
    years: list[int]


class MalformedJournalError(ProjectLedgerError, ValueError):
    """A journal export that cannot be read (``line``: 1-based, header is 1; ``field``; ``reason``)."""

    kind = "MalformedJournal"
    line: int
    field: str
    reason: str


class BrokenChainError(ProjectLedgerError, ValueError):
    """The hash chain breaks at ``event_index`` (0-based) / ``event_id``."""

    kind = "BrokenChain"
    event_index: int
    event_id: str
    reason: str


class ConflictingEventError(ProjectLedgerError, ValueError):
    """Two different events carry the same id (``event_id``)."""

    kind = "ConflictingEvent"
    event_id: str


class ProjectAlreadyExistsError(ProjectLedgerError, ValueError):
    """A project with this id exists already (``project_id``)."""

    kind = "ProjectAlreadyExists"
    project_id: str


class UnknownProjectError(ProjectLedgerError, LookupError):
    """No project with this id (``project_id``)."""

    kind = "UnknownProject"
    project_id: str


class NotFoundError(ProjectLedgerError, LookupError):
    """A record an operation names does not exist: ``entity`` (``"document"``, ``"approval"``,
    ``"worker"``, ``"cost code"``, ``"cost breakdown"``, ``"work package"``), its ``id`` and
    the ``project_id`` it was looked for on (``None`` when not about one project)."""

    kind = "NotFound"
    entity: str
    id: str
    project_id: str | None


class InsufficientFundsError(ProjectLedgerError, ValueError):
    """A payment the eligible, unexpired funds do not cover, refused whole: ``needed``,
    ``covered`` and ``shortfall`` (Decimals) in ``currency``."""

    kind = "InsufficientFunds"
    currency: str
    needed: Decimal
    covered: Decimal
    shortfall: Decimal


class DuplicateProjectCodeError(ProjectLedgerError, ValueError):
    """Another project uses this code (``code``, ``existing_project_id``)."""

    kind = "DuplicateProjectCode"
    code: str
    existing_project_id: str


class InvalidWorkflowError(ProjectLedgerError, ValueError):
    """A workflow with problems; ``problems`` lists all of them."""

    kind = "InvalidWorkflow"
    problems: list[str]


class PermissionDeniedError(ProjectLedgerError):
    """``actor`` lacks ``permission`` (an action, or the role a transition needs) on ``project_id``."""

    kind = "PermissionDenied"
    actor: str
    permission: str
    project_id: str


class SegregationOfDutiesError(ProjectLedgerError):
    """``actor`` submitted ``item`` and may not also approve it."""

    kind = "SegregationOfDuties"
    actor: str
    item: str


class TransitionNotAllowedError(ProjectLedgerError):
    """The workflow or the project's status does not allow ``from_`` → ``to`` (``reason``)."""

    kind = "TransitionNotAllowed"
    project_id: str
    from_: str
    to: str
    reason: str


class GateFailure(NamedTuple):
    """A gate that did not pass: the ``check`` and the ``detail`` of why."""

    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


class GateFailedError(ProjectLedgerError):
    """Gates of ``from_`` → ``to`` failed; ``failures`` lists each failed :class:`GateFailure`."""

    kind = "GateFailed"
    project_id: str
    from_: str
    to: str
    failures: list[GateFailure]

    def __init__(self, message: str, **details: Any) -> None:
        details["failures"] = [GateFailure(*f) for f in details.get("failures", [])]
        super().__init__(message, **details)


class InvalidScheduleError(ProjectLedgerError, ValueError):
    """A schedule with duplicate activities, links to unknown activities, unknown calendars or
    self-links; ``problems`` lists all of them."""

    kind = "InvalidSchedule"
    problems: list[str]


class DependencyCycleError(ProjectLedgerError, ValueError):
    """Links that make a cycle; ``activities`` lists its activities in link order."""

    kind = "DependencyCycle"
    activities: list[str]


class StoreFailedError(ProjectLedgerError, OSError):
    """A journal store that cannot be opened, read or written: ``path`` and ``reason`` (not a
    store, a newer schema, a corrupt entry, a full or read-only disk). Nothing was changed."""

    kind = "StoreFailed"
    path: str
    reason: str


class ClockAheadError(ProjectLedgerError, ValueError):
    """An event stamped further ahead of this replica's clock than it accepts: ``event_id``,
    ``recorded_at`` and ``clock`` (aware datetimes, UTC), ``max_ahead`` (a timedelta). The
    clock of the device that recorded it is wrong. Nothing was changed."""

    kind = "ClockAhead"
    event_id: str
    recorded_at: datetime.datetime
    clock: datetime.datetime
    max_ahead: datetime.timedelta


class InvalidCostBreakdownError(ProjectLedgerError, ValueError):
    """A cost breakdown with duplicate codes, orphans or cycles; ``problems`` lists all of them."""

    kind = "InvalidCostBreakdown"
    problems: list[str]


class Breach(NamedTuple):
    """A Stop control a posting would breach: the ``code`` whose subtree is controlled (``None``:
    the project), the ``measure`` (``"committed"``, ``"actual"``, ``"cumulative"``), the
    ``currency`` and the figures — ``amount`` with the posting, the revised ``budget``, ``over_by``."""

    code: str | None
    measure: str
    currency: str
    amount: Decimal
    budget: Decimal
    over_by: Decimal


class BudgetExceededError(ProjectLedgerError, ValueError):
    """A Stop budget control refused a commitment or cost; ``breaches`` lists each :class:`Breach`."""

    kind = "BudgetExceeded"
    project_id: str
    breaches: list[Breach]

    def __init__(self, message: str, **details: Any) -> None:
        details["breaches"] = [Breach(*b) for b in details.get("breaches", [])]
        super().__init__(message, **details)


class SupplierBlockedError(ProjectLedgerError, ValueError):
    """A new commitment to a supplier graded D, on a project whose grading stops them:
    ``project_id``, ``supplier`` and ``graded_on`` (the last day of the D grade's period)."""

    kind = "SupplierBlocked"
    project_id: str
    supplier: str
    graded_on: datetime.date


class Problem(NamedTuple):
    """One problem of a batch: the ``item`` it is about (an entry id; empty for the batch), the
    ``field`` that is wrong (``"worker_id"``, ``"date"``, ``"quantity"``, …), a ``code`` to
    match (``"over_daily_limit"``, ``"unknown_worker"``, …) and the ``message``."""

    item: str
    field: str
    code: str
    message: str


class InvalidDayWorkError(ProjectLedgerError, ValueError):
    """A day-work batch or move refused whole; ``problems`` lists every :class:`Problem`,
    ``by_entry`` groups their messages by entry id, ``codes`` by entry id too."""

    kind = "InvalidDayWork"
    project_id: str
    problems: list[Problem]

    def __init__(self, message: str, **details: Any) -> None:
        details["problems"] = [Problem(*p) for p in details.get("problems", [])]
        super().__init__(message, **details)

    @property
    def entry_ids(self) -> list[str]:
        return [p.item for p in self.problems]

    @property
    def by_entry(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.item, []).append(problem.message)
        return grouped

    @property
    def codes(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.item, []).append(problem.code)
        return grouped
