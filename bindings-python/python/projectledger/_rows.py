"""Rows of a query: Arrow columns built by the native module (exact decimal128, date32,
timestamp[us, UTC], dictionary-encoded names), read as a pyarrow Table with no Python object
per row, and as dicts (Decimal, date, aware datetime) built from that table when asked."""

from __future__ import annotations

from typing import Any, Iterator, Sequence, overload


class Rows(Sequence[dict[str, Any]]):
    """The rows of a query: ``to_arrow()`` (a pyarrow Table), ``to_pandas()``, ``to_polars()``,
    and a sequence of dicts (amounts as Decimal) made from the table on first use."""

    __slots__ = ("_source", "_table", "_dicts")

    def __init__(self, rows: Any) -> None:
        # A native batch (read through the Arrow C data interface), or a list of dicts.
        self._source = rows
        self._table: Any = None
        self._dicts: list[dict[str, Any]] | None = rows if isinstance(rows, list) else None

    def to_arrow(self) -> Any:
        """A pyarrow Table (amounts decimal128, exact)."""
        if self._table is None:
            import pyarrow as pa

            if self._dicts is not None and self._source is self._dicts:
                self._table = pa.Table.from_pylist(self._dicts)
            else:
                self._table = pa.Table.from_batches([pa.record_batch(self._source)])
        return self._table

    def to_pandas(self) -> Any:
        """A pandas DataFrame (amount columns keep their exact Decimal values)."""
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        """A polars DataFrame (amounts as Decimal)."""
        import polars

        return polars.from_arrow(self.to_arrow())

    def _list(self) -> list[dict[str, Any]]:
        if self._dicts is None:
            self._dicts = self.to_arrow().to_pylist()
        return self._dicts

    def __len__(self) -> int:
        if self._dicts is None and self._table is None:
            return len(self._source)
        return len(self._list()) if self._dicts is not None else int(self._table.num_rows)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._list()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Rows, list)):
            return self._list() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({self._list()!r})"
