"""A kommun table's columns by what they hold, per period: which column is the goal, the
indicator, the target; which outcome, status and comment columns report on which period
(from their headers, or the nearest outcome to their left)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Period
from ..classify import kind_of
from .goal_columns import breakdown_label
from .tables import Table, TableColumn

_PERCENT_HEADER = re.compile(r"(\(\s*%\s*\)|,\s*%|\bi %|\(procent\))\s*$", re.IGNORECASE)
_SINGLE_KEYS = ("kf_goal", "grouping", "indicator", "name", "ks_goal", "direction_text",
                "responsible", "activities", "source", "kolada_id", "styrgrans", "previous_year",
                "prognosis", "unit")


@dataclass
class Columns:
    """One table's columns by what they hold; per-period columns by period name."""

    header_row: int = 0  # the table's (last) header row
    single: dict[str, int] = field(default_factory=dict)
    target: int | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, tuple[int, bool]] = field(default_factory=dict)
    # No status column, but the latest outcome cells are filled green, yellow or red: the fill
    # is the status (period -> outcome column).
    fill_statuses: dict[str, int] = field(default_factory=dict)
    comments: dict[str, int] = field(default_factory=dict)
    trends: dict[str, int] = field(default_factory=dict)  # the kommun's own trend column
    comparisons: dict[str, int] = field(default_factory=dict)  # header as written -> column
    # "Grön | Gul | Röd" marked with an x: column -> the status its header names, and the
    # period the marks are for.
    marks: dict[int, str] = field(default_factory=dict)
    marks_period: str = ""
    breakdowns: dict[int, tuple[str, str]] = field(default_factory=dict)  # col -> label, period
    kinds: dict[int, str] = field(default_factory=dict)  # column -> how its cells are read
    scales: dict[int, int] = field(default_factory=dict)  # status column -> its scale's top
    # "Målvärde (%)", "Utfall 2025, %": the values' unit where neither they nor a column
    # Enhet say one, and the header cell that says it.
    header_unit: tuple[str, int] | None = None


def column_periods(table: Table, year: int) -> dict[int, Period]:
    """The period each period-bearing column reports on. A status or comment without a
    period takes the period of the nearest outcome to its left, else the plan's year; "Senaste
    status" is Helår of the year before the plan (its starting point)."""
    found: dict[int, Period] = {}
    last: Period | None = None
    for column in table.columns:
        kind = column.kind
        if kind.key == "status" and kind.latest and kind.period is None:
            found[column.col] = Period(f"Helår {year - 1}", year - 1, 1, 12)
        elif kind.key in ("outcome", "status", "comment", "trend") and kind.period is not None:
            found[column.col] = kind.period.period(year)
            if kind.key == "outcome":
                last = found[column.col]
        elif kind.key == "outcome":
            found[column.col] = last = Period(f"Helår {year}", year, 1, 12)
        elif kind.key in ("status", "comment", "trend"):
            found[column.col] = last or Period(f"Helår {year}", year, 1, 12)
    bare = [c.col for c in table.columns if c.kind.key in ("status", "comment", "trend")
            and c.kind.period is None and not c.kind.latest]
    outcomes = [found[c.col] for c in table.columns if c.kind.key == "outcome"]
    if outcomes and len([c for c in table.columns if c.kind.key == "status"]) <= 1:
        # One status for the row (outcome columns perhaps newest year first): the latest.
        latest = max(outcomes, key=lambda p: (p.year, p.last_month, p.first_month))
        for col in bare:
            found[col] = latest
    return found


def map_columns(table: Table, periods: dict[int, Period], year: int) -> Columns:
    cols = Columns(header_row=table.header_row)
    targets: list[TableColumn] = []
    for column in table.columns:
        key = column.kind.key
        cols.kinds[column.col] = column.kind.kind
        if column.kind.kind == "comparison":
            cols.comparisons.setdefault(" ".join(column.header.split()), column.col)
        elif key in _SINGLE_KEYS:
            cols.single.setdefault(key, column.col)
        elif key == "target":
            targets.append(column)
        elif key == "outcome" and breakdown_label(column.header):
            # "Utfall 2024 K", "Kvinnor": kept on the measure as its breakdown, never judged
            # nor taken for the period's outcome.
            cols.breakdowns[column.col] = (breakdown_label(column.header),
                                           periods[column.col].name)
        elif key == "outcome":
            cols.outcomes.setdefault(periods[column.col].name, column.col)
        elif key == "status":
            cols.statuses.setdefault(periods[column.col].name, (column.col, column.kind.yes_no))
            if column.kind.scale:
                cols.scales[column.col] = column.kind.scale
        elif key == "comment":
            cols.comments.setdefault(periods[column.col].name, column.col)
        elif key == "trend":
            cols.trends.setdefault(periods[column.col].name, column.col)
        elif key == "status_mark":
            from ..classify import status_word

            cols.marks[column.col] = status_word(column.header) or ""
    said = next((c for c in table.columns if c.kind.key in ("target", "outcome")
                 and _PERCENT_HEADER.search(c.header)), None)
    cols.header_unit = ("%", said.col) if said is not None else None
    _year_judged_by_bedomning(table, periods, cols, year)
    if "kf_goal" not in cols.single and "grouping" in cols.single:
        # Perspektiv -> mål -> mätetal: the level above the goals is the KF level here.
        cols.single["kf_goal"] = cols.single.pop("grouping")
    if cols.marks:
        latest = max(periods.values(), key=lambda p: (p.year, p.last_month), default=None)
        cols.marks_period = latest.name if latest else f"Helår {year}"
    this_year = [c for c in targets if c.kind.period and c.kind.period.year == year]
    chosen = this_year or targets
    cols.target = chosen[0].col if chosen else None
    if table.name_col is not None and "indicator" not in cols.single:
        cols.single["name"] = table.name_col
    return cols


def _year_judged_by_bedomning(table: Table, periods: dict[int, Period], cols: Columns,
                              year: int) -> None:
    """"Bedömning helår" is the delårsrapport's prognosis beside a status of its own; alone
    in a table whose outcomes are all full years it is the year's own judgement (as in an
    årsredovisning), read as the status of the latest of them."""
    col = cols.single.get("prognosis")
    if col is None or cols.statuses:
        return
    header = next((c.header for c in table.columns if c.col == col), "")
    if not " ".join(header.lower().split()).startswith("bedömning"):
        return
    outcomes = [periods[c.col] for c in table.columns if c.kind.key == "outcome"]
    if any(period.first_month != 1 or period.last_month != 12 for period in outcomes):
        return  # a delår or tertial beside it: the prognosis it says it is
    latest = max(outcomes, key=lambda p: p.year, default=None)
    del cols.single["prognosis"]
    cols.kinds[col] = kind_of("status")
    cols.statuses[latest.name if latest else f"Helår {year}"] = (col, False)
