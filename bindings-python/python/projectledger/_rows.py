"""Turns the ISO timestamps of record rows into aware datetimes (rows go straight to pandas)."""

from __future__ import annotations

from datetime import datetime
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
