"""The README's Python quick start runs as written, and the analytics example runs."""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_readme_python_quick_start(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.S | re.M)
    assert blocks, "the README has no Python quick start"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert "float" in capsys.readouterr().out


def test_analytics_example_runs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["portfolio_analytics.py"])
    runpy.run_path(str(REPO / "examples" / "python" / "portfolio_analytics.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "2025      248   1984        13    5" in out
    assert "3000000.00  == 3000000.00" in out
    assert "Lifecycle history: 10 rows" in out
    assert "P-ZH01   implementation_testing   active" in out
    # The risk register: 35 % of 180,000 and 70 % of 90,000 lead; the heat map is drawn.
    assert "P-DC02   R-DC1            supplier            3       5     15    high 63000.00            True" in out
    assert "P-DC02    144000.00" in out
    assert (REPO / "target" / "examples" / "risk-heat-map.png").stat().st_size > 10_000
    assert "中建八局三公司 2025-03-31   72.00    50.00 100.00   70.00  60.00 70.60     C -16.65" in out
    # KPIs at each month-end from the state then: CPI 0.8264 by March; the trend is drawn.
    assert "             cpi               0.0000       0.0000       0.8264    red" in out
    assert (REPO / "target" / "examples" / "kpi-trends.png").stat().st_size > 10_000
