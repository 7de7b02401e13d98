"""Rows of records: a list of dicts (values already typed by the native module: Decimal,
date, aware datetime), ready for pandas or Arrow."""

from __future__ import annotations

from typing import Any


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
