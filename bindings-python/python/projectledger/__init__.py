"""projectledger — exact, embeddable project control.

Money is ``decimal.Decimal`` with a currency, never a float; allocations sum exactly;
calendars know 调休 and statutory holidays; the journal is hash-chained and merges offline
copies without losing or doubling anything.
"""

from projectledger import errors
from projectledger._native import (
    ApprovalDecided,
    ApprovalRequested,
    Conflict,
    Currency,
    DayKind,
    DeliverableRecorded,
    Event,
    Journal,
    MergeReport,
    Money,
    Period,
    PhaseChanged,
    Project,
    ProjectCreated,
    ProjectSettingsChanged,
    RoleDefined,
    RoleGranted,
    RoleRevoked,
    SCHEMA_VERSION,
    StatusChanged,
    WorkCalendar,
    Workflow,
    WorkflowChanged,
    allocate,
    period,
    split_evenly,
)
from projectledger.errors import *  # noqa: F403  (the exception classes are public API)

__all__ = [
    "ApprovalDecided",
    "ApprovalRequested",
    "Conflict",
    "Currency",
    "DayKind",
    "DeliverableRecorded",
    "Event",
    "Journal",
    "MergeReport",
    "Money",
    "Period",
    "PhaseChanged",
    "Project",
    "ProjectCreated",
    "ProjectSettingsChanged",
    "RoleDefined",
    "RoleGranted",
    "RoleRevoked",
    "SCHEMA_VERSION",
    "StatusChanged",
    "WorkCalendar",
    "Workflow",
    "WorkflowChanged",
    "allocate",
    "errors",
    "period",
    "split_evenly",
    *errors.__all__,
]
