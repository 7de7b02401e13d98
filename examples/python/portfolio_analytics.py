"""Analytics on the bundled sample portfolio with the projectledger Python package.

Working capacity per month under the sample's China calendar (2025–2026) (working days and hours, statutory
holiday days, 调休 days) and the appropriation split exactly across projects, as an analyst in
an engineering management department would tabulate them before planning day-work; then the
cost side, day work, and the cash flow against funding drawn as an S-curve chart
(target/examples/cash-flow.png, matplotlib); the schedule's Gantt and S-curve; the risk
register by expected monetary value and its heat map (target/examples/risk-heat-map.png).

    python examples/python/portfolio_analytics.py [path/to/portfolio.json]
"""

from __future__ import annotations

import json
import sys
from calendar import monthrange
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import projectledger as pl

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "examples" / "data" / "sample-portfolio.json"
PAYLOADS = {
    "phase_changed": pl.PhaseChanged,
    "status_changed": pl.StatusChanged,
    "deliverable_recorded": pl.DeliverableRecorded,
    "approval_requested": pl.ApprovalRequested,
    "approval_decided": pl.ApprovalDecided,
    "role_granted": pl.RoleGranted,
}


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def lifecycle_journal(sample: dict[str, Any]) -> pl.Journal:
    """The sample's projects and lifecycle events, through the Python surface."""
    journal = pl.Journal()
    calendar = sample_calendar(sample)
    for p in sample["projects"]:
        journal.append(pl.Event(p["event"], when(p["at"]), p["by"], pl.ProjectCreated(p["id"], p["name"], p["code"], p["currency"], calendar)))
    for e in sample["lifecycle"]["events"]:
        payload = PAYLOADS[e["payload"]["type"]](**e["payload"]["data"])
        journal.append(pl.Event(e["event"], when(e["at"]), e["by"], payload))
    # Cost, day-work and fund events as another system would hand them over: the journal's JSON.
    sections = ("cost", "day_work", "schedule", "funds", "governance")
    for e in sorted((e for section in sections for e in sample[section]["events"]), key=lambda e: e["at"]):
        journal.append(pl.Event(e["event"], when(e["at"]), e["by"], pl.payload_from_json(json.dumps(e["payload"]))))
    return journal


def sample_calendar(sample: dict[str, Any]) -> pl.WorkCalendar:
    """The State Council's notices for the years the sample names."""
    first, last = sample["calendar"]["china"]
    return pl.WorkCalendar.china(first, last)


def monthly_capacity(calendar: pl.WorkCalendar, year: int) -> list[tuple[str, int, Decimal, int, int]]:
    kinds: dict[str, Counter[pl.DayKind]] = {}
    makeups: Counter[str] = Counter(pl.period(d, "month").key for d in calendar.makeup_working_days if d.year == year)
    day = date(year, 1, 1)
    while day.year == year:
        kinds.setdefault(pl.period(day, "month").key, Counter())[calendar.classify(day)] += 1
        day += timedelta(days=1)
    return [
        (month, c[pl.DayKind.Working], c[pl.DayKind.Working] * calendar.hours_per_day, c[pl.DayKind.StatutoryHoliday], makeups[month])
        for month, c in kinds.items()
    ]


def main(path: Path) -> None:
    sample = json.loads(path.read_text(encoding="utf-8"))
    calendar = sample_calendar(sample)
    print(f"Python analytics — {sample['portfolio']}")
    print(f"\nMonthly working capacity, {calendar.name} ({calendar.hours_per_day} h/day, per worker)")
    print(f"  {'month':<8} {'days':>4} {'hours':>6} {'statutory':>9} {'调休':>4}")
    for year in calendar.years:
        rows = monthly_capacity(calendar, year)
        for month, days, hours, statutory, makeup in rows:
            print(f"  {month:<8} {days:>4} {hours:>6} {statutory:>9} {makeup:>4}")
        print(f"  {year:<8} {sum(r[1] for r in rows):>4} {sum(r[2] for r in rows):>6} {sum(r[3] for r in rows):>9} {sum(r[4] for r in rows):>4}")
    try:
        calendar.classify(date(calendar.years[-1] + 1, 1, 1))
    except pl.DateOutsideCalendarError as error:
        print(f"  {error.date}: outside the calendar's years {error.years}, refused rather than guessed")

    allocation = sample["allocation"]
    total = pl.Money.parse(allocation["amount"])
    ids = [project for project, _ in allocation["weights"]]
    weights = [Decimal(weight) for _, weight in allocation["weights"]]
    shares = pl.allocate(total, weights)
    print(f"\nAllocation of {total} by weight (largest remainder, exact)")
    for project, weight, share in zip(ids, weights, shares):
        print(f"  {project:<8} {weight:>7} {share.amount:>14}  {Decimal(100) * weight / sum(weights):6.2f} %")
    assert sum(s.amount for s in shares) == total.amount
    print(f"  {'Σ':<8} {sum(weights):>7} {sum(s.amount for s in shares):>14}  == {total.amount}")

    journal = lifecycle_journal(sample)
    history = journal.history_rows()  # one dict per change: pandas.DataFrame(history) takes them as they are
    print(f"\nLifecycle history: {len(history)} rows (project_id, at, actor, kind, from, to, reason, gates)")
    as_of = when(sample["report_as_of"])
    for project in journal.projects():
        spent = ", ".join(f"{d['phase']} {d['working_days']} wd" for d in project.phase_durations(as_of))
        changes = Counter(r["kind"] for r in history if r["project_id"] == project.id)
        print(f"  {project.id:<8} {project.phase:<24} {project.status:<8} changes {dict(changes)}  | {spent}")

    cost = sample["cost"]
    pid, status = cost["project"], date.fromisoformat(cost["status_date"])
    view = journal.budget_view(pid).to_pandas().set_index("code")  # Decimal columns, exact
    leaves = view[view["leaf"]]
    print(f"\nCost, {pid}: leaves by share of the revised budget (pandas over exact Decimal columns)")
    for code, row in leaves.sort_values("revised_budget", ascending=False).iterrows():
        share = Decimal(100) * row["revised_budget"] / leaves["revised_budget"].sum()
        spent = Decimal(100) * row["actual"] / row["revised_budget"]
        print(f"  {code:<6} {row['name']:<28} revised {row['revised_budget']:>12} ({share:5.2f} %)  actual {row['actual']:>11} ({spent:5.2f} % spent)")
    assert leaves["revised_budget"].sum() == journal.budget_row(pid)["revised_budget"]  # exact: leaves sum to the project
    margin = journal.margin(pid)
    print(f"  gross margin {margin['gross_margin']} on a revised contract of {margin['revised_contract_value']} ({margin['margin_percent']} %)")
    by_code = {code: journal.earned_value(pid, status, code) for code in ["01", "02", None]}
    print(f"  earned value at {status}: " + "   ".join(f"{code or 'project'} SPI {f.spi} CPI {f.cpi}" for code, f in by_code.items()))

    # Day work: the journal's entries as columns, through the bulk aggregation, into pandas.
    entries = journal.day_work_entries(project_ids=[sample["day_work"]["project"]])
    workers = journal.workers()
    columns = {
        "worker": [e["worker_id"] for e in entries],
        "date": [e["date"] for e in entries],
        "regular_hours": [e["regular_hours"] for e in entries],
        "overtime_hours": [e["overtime_hours"] for e in entries],
        "amount": [e["amount"] for e in entries],
    }
    roster = {key: [w[key] for w in workers] for key in ("worker_id", "team", "trade", "employer")}
    roster["worker"] = roster.pop("worker_id")
    table = pl.aggregate_day_work(columns, roster, ["trade", "month"])  # a pyarrow Table, decimal128 sums
    frame = table.to_pandas().pivot(index="trade", columns="month", values="amount")
    print(f"\nDay work, {pid}: amount by trade and month (aggregate_day_work → pyarrow → pandas pivot, exact Decimal)")
    print("  " + frame.to_string().replace("\n", "\n  "))
    by_team = journal.day_work_summary(["team"], project_ids=[pid])
    assert sum(r["amount"] for r in by_team) == sum(table.column("amount").to_pylist())  # the two paths agree to the cent
    print(f"  Σ {sum(r['amount'] for r in by_team)} over {sum(r['entries'] for r in by_team)} entries; "
          f"overdue wage lines (art. 24): {sum(1 for r in journal.wage_ledger(pid, status) if r['overdue'])}")


    funds = sample["funds"]
    sources = journal.fund_sources().to_pandas().set_index("source_id")
    print("\nFund sources (pandas over exact Decimal columns; consumed / allocated per source)")
    print("  " + sources[["kind", "amount", "allocated", "consumed", "unallocated", "available_from"]].to_string().replace("\n", "\n  "))
    trace = journal.fund_consumptions(funds["project"]).to_arrow()  # a pyarrow Table: decimal128 amounts
    by_source = trace.group_by("source_id").aggregate([("amount", "sum")]).to_pylist()
    print("  paid from each source: " + ", ".join(f"{r['source_id']} {r['amount_sum']}" for r in by_source))
    assert sum(r["amount_sum"] for r in by_source) == sources["consumed"].sum()  # every payment traced to its sources
    applications = journal.payment_applications(funds["project"]).to_pandas().set_index("application_id")
    print("  applications: " + "; ".join(f"{i} {r['state']} net due {r['net_due']}" for i, r in applications.iterrows()))
    month = date.fromisoformat(funds["wage_month"])
    month_end = month.replace(day=monthrange(month.year, month.month)[1])
    wage = journal.wage_account(funds["project"], month, month_end)
    print(f"  wage account: balance {wage['balance']} against {wage['wages_due']} due for {wage['month']}" + (f" — SHORT by {wage['shortfall']}" if wage["short"] else ""))
    available = journal.funds_available(funds["project"])  # each source's allocation, dated when it opens
    rows, gap = journal.cash_flow(funds["project"], available)
    flow = rows.to_pandas().set_index("period")
    print(f"\nCash flow, {funds['project']}: planned spend (work packages) against costs and funding, cumulative (exact Decimal)")
    print("  " + flow[["planned", "actual", "available", "cumulative_planned", "cumulative_available", "shortfall"]].to_string().replace("\n", "\n  "))
    print(f"  funding gap: {gap[0]} short by {gap[1]}" if gap else "  funding gap: none")
    chart = draw_cash_flow(flow, gap, funds["project"], ROOT / "target" / "examples" / "cash-flow.png")
    print(f"  chart: {chart.relative_to(ROOT)}")

    # The schedule: the activities as a pandas table, a Gantt chart with the critical path and
    # baseline, and the S-curve of planned against earned value month by month.
    spec = sample["schedule"]
    pid, baseline = spec["project"], spec["baseline"]
    plan = journal.schedule(pid)
    table = plan.activities.to_pandas().set_index("id")
    variance = journal.schedule_variance(pid, baseline).to_pandas().set_index("id")
    print(f"\nSchedule, {pid}: status date {journal.status_date(pid)}, forecast finish {plan.project_finish}, critical path {' → '.join(plan.critical_path)}")
    print("  " + table.join(variance[["baseline_finish", "finish_variance"]])[["early_start", "early_finish", "total_float", "critical", "baseline_finish", "finish_variance"]].to_string().replace("\n", "\n  "))
    gantt = draw_gantt(table, variance, journal.status_date(pid), pid, ROOT / "target" / "examples" / "gantt.png")
    print(f"  chart: {gantt.relative_to(ROOT)}")
    month_ends = [date(2025, m, monthrange(2025, m)[1]) for m in range(2, 10)]
    status = journal.status_date(pid)
    # Each month's EV and AC as the journal stood at that month's end (its progress then).
    end_of = lambda day: datetime.combine(day, datetime.max.time(), tzinfo=timezone.utc)  # noqa: E731
    curve = [(day, journal.earned_value(pid, day, as_of=end_of(day) if status and day <= status else None)) for day in month_ends]
    curve_png = draw_s_curve(curve, status, pid, ROOT / "target" / "examples" / "s-curve.png")
    at_status = journal.earned_value(pid, status)
    print(f"  at {status}: PV {at_status.pv.amount} EV {at_status.ev.amount} AC {at_status.ac.amount} (SPI {at_status.spi}, CPI {at_status.cpi}); chart: {curve_png.relative_to(ROOT)}")

    # The risk register as a pandas table: open risks by EMV, and the heat map drawn.
    as_of = date.fromisoformat(sample["governance"]["as_of"])
    register = journal.risk_register(as_of=as_of).to_pandas()
    open_risks = register[register["status"].isin(["identified", "assessed", "responding"])].sort_values(["emv", "score"], ascending=False)
    print(f"\nRisk register as of {as_of}: {len(open_risks)} open risks, EMV by project (exact Decimal)")
    print("  " + open_risks[["project_id", "risk_id", "category", "probability", "impact", "score", "level", "emv", "review_overdue"]].to_string(index=False).replace("\n", "\n  "))
    print("  " + open_risks.groupby("project_id")["emv"].sum().to_string().replace("\n", "\n  "))
    heat_png = draw_heat_map(journal.risk_heat_map(), as_of, ROOT / "target" / "examples" / "risk-heat-map.png")
    print(f"  chart: {heat_png.relative_to(ROOT)}")
    # KPIs at each month-end, each from the journal as it stood then; drawn as trends.
    month_ends = [date(2025, m, monthrange(2025, m)[1]) for m in (1, 2, 3)]
    trend = journal.kpi_snapshots(month_ends).to_pandas()
    dashboard = trend.pivot_table(index=["project_id", "kpi_id"], columns="as_of", values="value", aggfunc="first")
    print(f"\nKPI dashboard (each month-end from the state then); status as of {month_ends[-1]}")
    status = trend[trend["as_of"] == month_ends[-1]].set_index(["project_id", "kpi_id"])["status"]
    print("  " + dashboard.join(status).to_string().replace("\n", "\n  "))
    kpi_png = draw_kpi_trends(trend, ROOT / "target" / "examples" / "kpi-trends.png")
    print(f"  chart: {kpi_png.relative_to(ROOT)}")
    grades = journal.supplier_evaluations().to_pandas()
    print("\nSupplier evaluations (weighted 0–100; delivery and cost from the ledger where the evaluator left them)")
    print("  " + grades[["supplier", "period_end", "quality", "delivery", "cost", "service", "safety", "score", "grade", "change"]].to_string(index=False).replace("\n", "\n  "))


def draw_gantt(table: Any, variance: Any, status: date | None, project: str, out: Path) -> Path:
    """Bars from early start to early finish (critical in red), the baseline as a thin bar
    beneath, the status date as a line; a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 0.6 * len(table) + 1.5))
    for row, (id_, activity) in enumerate(table.iloc[::-1].iterrows()):
        start, finish = activity["early_start"], activity["early_finish"] + timedelta(days=1)
        color = "#c0392b" if activity["critical"] else "#2e86c1"
        ax.barh(row, (finish - start).days, left=start, height=0.5, color=color)
        planned = variance.loc[id_]
        if planned["baseline_start"] is not None:
            ax.barh(row - 0.32, (planned["baseline_finish"] + timedelta(days=1) - planned["baseline_start"]).days, left=planned["baseline_start"], height=0.12, color="grey")
        ax.text(finish, row, f"  TF {activity['total_float']}", va="center", fontsize=8)
    ax.set_yticks(range(len(table)), list(table.index[::-1]))
    if status:
        ax.axvline(status, color="black", linestyle="--", linewidth=1, label=f"status {status}")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_title(f"{project} schedule: critical path in red, baseline in grey")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return saved(fig, out)


def draw_s_curve(curve: list[tuple[date, Any]], status: date | None, project: str, out: Path) -> Path:
    """Cumulative planned value month by month against earned value and actual cost up to the
    status date; a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = [d for d, _ in curve]
    wan = lambda m: float(m.amount) / 10_000  # noqa: E731  (display only: the figures are exact)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    ax.plot(days, [wan(f.pv) for _, f in curve], marker="o", label="planned value (PV)")
    done = [(d, f) for d, f in curve if status is None or d <= status] or curve[:1]
    ax.plot([d for d, _ in done], [wan(f.ev) for _, f in done], marker="s", label="earned value (EV)")
    ax.plot([d for d, _ in done], [wan(f.ac) for _, f in done], marker="^", label="actual cost (AC)")
    if status:
        ax.axvline(status, color="black", linestyle="--", linewidth=1)
    ax.set_title(f"{project}: planned vs earned value")
    ax.set_ylabel("CNY 10,000 (wan)")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    return saved(fig, out)


def draw_kpi_trends(trend: Any, out: Path) -> Path:
    """Each project's index and per-cent KPIs month by month, the target as a dashed line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = trend[trend["measure"].isin(["spi", "cpi", "margin_percent", "labour_cost_percent", "budget_change_percent"])].dropna(subset=["value"])
    kpis = sorted(set(zip(shown["project_id"], shown["kpi_id"])))
    fig, axes = plt.subplots(1, len(kpis), figsize=(3.2 * len(kpis), 3.2), squeeze=False)
    for ax, (project, kpi_id) in zip(axes[0], kpis):
        rows = shown[(shown["project_id"] == project) & (shown["kpi_id"] == kpi_id)].sort_values("as_of")
        ax.plot(rows["as_of"], [float(v) for v in rows["value"]], marker="o", color="#2a6fb0")
        ax.axhline(float(rows["green"].iloc[0]), color="#3a9a3a", ls="--", lw=1, label="target")
        ax.axhline(float(rows["amber"].iloc[0]), color="#e0902a", ls=":", lw=1, label="tolerance")
        ax.set_title(f"{project} {kpi_id}", fontsize=9)
        ax.set_xticks(list(rows["as_of"]), [d.strftime("%Y-%m") for d in rows["as_of"]], fontsize=7)
    axes[0][0].legend(fontsize=7)
    fig.suptitle("KPI trends at month-ends (from the state as it stood then)")
    return saved(fig, out)


def draw_heat_map(cells: Any, as_of: date, out: Path) -> Path:
    """The 5×5 probability–impact matrix coloured by level, each cell naming its open risks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"low": "#8fd18f", "medium": "#f5e26b", "high": "#f5a25b", "extreme": "#e5533d"}
    fig, ax = plt.subplots(figsize=(7.5, 6))
    for cell in cells:
        x, y = cell["impact"], cell["probability"]
        ax.add_patch(plt.Rectangle((x - 0.5, y - 0.5), 1, 1, color=colours[cell["level"]], ec="white", lw=2))
        label = "\n".join(cell["risk_ids"]) if cell["risk_ids"] else str(cell["score"])
        ax.text(x, y, label, ha="center", va="center", fontsize=9 if cell["risk_ids"] else 8, color="black" if cell["risk_ids"] else "#555")
    ax.set(xlim=(0.5, 5.5), ylim=(0.5, 5.5), xticks=range(1, 6), yticks=range(1, 6), xlabel="impact (worst of cost, schedule, quality)", ylabel="probability")
    ax.set_title(f"Open risks on the probability–impact matrix, {as_of}")
    ax.set_aspect("equal")
    return saved(fig, out)


def saved(fig: Any, out: Path) -> Path:
    """Writes a figure to a PNG (creating its folder) and closes it."""
    import matplotlib.pyplot as plt

    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return out


def draw_cash_flow(flow: Any, gap: tuple[str, pl.Money] | None, project: str, out: Path) -> Path:
    """The S-curves of cumulative planned and actual spend against the funds available, the
    shortfall shaded and the funding gap marked, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file
    import matplotlib.pyplot as plt

    months = list(flow.index)
    # Plotting is display only: the figures were computed exactly, floats just place the lines.
    series = {name: [float(v) / 10_000 for v in flow[name]] for name in ("cumulative_planned", "cumulative_actual", "cumulative_available")}
    fig, ax = plt.subplots(figsize=(9, 4.8))
    ax.plot(months, series["cumulative_planned"], marker="o", label="planned spend (cumulative)")
    ax.plot(months, series["cumulative_actual"], marker="s", label="actual spend (cumulative)")
    ax.plot(months, series["cumulative_available"], marker="^", label="funds available (cumulative)")
    ax.fill_between(months, series["cumulative_available"], series["cumulative_planned"],
                    where=[p > a for p, a in zip(series["cumulative_planned"], series["cumulative_available"])],
                    interpolate=True, alpha=0.2, color="red", label="shortfall")
    if gap:
        at = months.index(gap[0])
        ax.annotate(f"funding gap {gap[0]}\nshort {gap[1].amount:,}", (at, series["cumulative_planned"][at]),
                    xytext=(at + 0.4, series["cumulative_planned"][at] * 0.55), arrowprops={"arrowstyle": "->"})
    ax.set_title(f"{project} cash flow: S-curve against funding")
    ax.set_ylabel("CNY 10,000 (wan)")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    return saved(fig, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
