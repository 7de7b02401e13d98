"""Turns the ISO timestamps of record rows into aware datetimes (rows go straight to pandas)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

_TIME_KEYS = frozenset({"at", "recorded_at", "requested_at", "decided_at"})


def with_datetimes(data: Any) -> Any:
    if isinstance(data, list):
        return [with_datetimes(item) for item in data]
    if isinstance(data, dict):
        return {
            key: datetime.fromisoformat(value.replace("Z", "+00:00")) if key in _TIME_KEYS and isinstance(value, str) else with_datetimes(value)
            for key, value in data.items()
        }
    return data


_DECIMAL_KEYS = frozenset(
    {"amount", "quantity", "unit_cost", "margin_percent", "hours", "regular_hours", "overtime_hours", "workdays", "multiplier"}
)


_DATE_KEYS = frozenset({"date", "paid_on", "due_by", "month_start"})


class Rows(list):  # type: ignore[type-arg]
    """Rows of dicts (amounts as Decimal), ready for a DataFrame or an Arrow table."""

    def to_pandas(self) -> Any:
        """A pandas DataFrame (amount columns keep their exact Decimal values)."""
        import pandas as pd

        return pd.DataFrame(list(self))

    def to_arrow(self) -> Any:
        """A pyarrow Table (amount columns as decimal128, exact)."""
        import pyarrow as pa

        return pa.Table.from_pylist(list(self))


def _typed(data: Any, key: str | None = None) -> Any:
    if isinstance(data, list):
        return [_typed(item) for item in data]
    if isinstance(data, dict):
        if set(data) == {"amount", "currency"}:
            return Decimal(data["amount"])
        return {k: _typed(v, k) for k, v in data.items()}
    if isinstance(data, str):
        if key in _DECIMAL_KEYS:
            return Decimal(data)
        if key in _DATE_KEYS:
            return date.fromisoformat(data)
        if key in _TIME_KEYS or (key is not None and key.endswith("_at")):
            return datetime.fromisoformat(data.replace("Z", "+00:00"))
    return data


def typed(data: Any, currency: str | None) -> Any:
    """Money as its Decimal amount (the currency once per row when given), decimals as
    Decimal, timestamps as aware datetimes; lists become Rows."""
    out = _typed(data)
    if currency is not None:
        for row in out if isinstance(out, list) else [out]:
            row["currency"] = currency
    return Rows(out) if isinstance(out, list) else out
