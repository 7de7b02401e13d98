"""Cost rollup: projectledger against the pandas groupby-and-tree-sum equivalent, same data,
same process, exact integer sums (amounts in minor units) on both sides.

    python bindings-python/benches/cost_rollup.py [postings] [fanout]

Default: 5,000,000 postings over a 10 × 100 × 100 tree (101,010 codes, 100,000 leaves) × 5
cost types × 7 columns. Prints each timing and the ratio (issue #4 asks for ≥ 3×).
"""

from __future__ import annotations

import json
import random
import sys
import time

import pandas as pd

import projectledger as pl

COLUMNS = ["original_budget", "approved_changes", "pending_changes", "committed", "pending_cost_changes", "invoiced", "direct_costs"]
TYPES = ["labour", "material", "equipment", "subcontract", "other"]


def tree(fanout: list[int]) -> tuple[list[dict[str, str]], list[str], dict[str, str]]:
    codes: list[dict[str, str]] = []
    level = [f"{i:02d}" for i in range(1, fanout[0] + 1)]
    codes += [{"code": c, "name": c} for c in level]
    parent: dict[str, str] = {}
    for width in fanout[1:]:
        nxt = []
        for p in level:
            for i in range(1, width + 1):
                c = f"{p}.{i:03d}"
                parent[c] = p
                nxt.append(c)
        codes += [{"code": c, "name": c} for c in nxt]
        level = nxt
    return codes, level, parent


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    fanout = [10, 100, 100]
    codes, leaves, parent = tree(fanout)
    rng = random.Random(7)
    # The lists a postings table gives: the same string objects, repeated.
    leaf_col = [leaves[rng.randrange(len(leaves))] for _ in range(n)]
    type_col = [TYPES[rng.randrange(5)] for _ in range(n)]
    column_col = [COLUMNS[rng.randrange(7)] for _ in range(n)]
    units_col = [rng.randrange(-100_000, 10_000_000) for _ in range(n)]
    breakdown = pl.CostBreakdown.from_json(json.dumps({"codes": codes}))
    print(f"{n:,} postings, {len(codes):,} codes ({len(leaves):,} leaves) × {len(TYPES)} cost types × {len(COLUMNS)} columns")

    ledger = pl.CostLedger(breakdown, "CNY")
    start = time.perf_counter()
    ledger.rollup(leaf_col, type_col, column_col, units_col)
    ours = {c: ledger.node_totals(c) for c in COLUMNS}
    t_ours = time.perf_counter() - start

    frame = pd.DataFrame({"code": leaf_col, "cost_type": type_col, "column": column_col, "units": units_col})
    start = time.perf_counter()
    keys = ["code", "cost_type", "column"]
    level = frame.groupby(keys, sort=False)["units"].sum().reset_index()
    levels = [level]
    for _ in fanout[1:]:
        level = level.assign(code=level["code"].map(parent)).groupby(keys, sort=False)["units"].sum().reset_index()
        levels.append(level)
    totals = pd.concat(levels).groupby(["code", "column"], sort=False)["units"].sum()
    t_pandas = time.perf_counter() - start

    # Same figures: every node, every column.
    order = [c["code"] for c in codes]
    for column in COLUMNS:
        theirs = totals.xs(column, level="column").reindex(order, fill_value=0)
        assert list(theirs) == ours[column], column
    project = ledger.row()
    assert project["original_budget"] * 100 == sum(ours["original_budget"][: fanout[0]])

    print(f"projectledger rollup (lists in, per-node columns out): {t_ours:.3f} s")
    print(f"pandas groupby + tree sum:                            {t_pandas:.3f} s")
    print(f"ratio: {t_pandas / t_ours:.1f}× (target ≥ 3×)")


if __name__ == "__main__":
    main()
