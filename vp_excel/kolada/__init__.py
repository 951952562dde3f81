"""KF indicators filled from Kolada (RKA's open database): client, cache, fetch and fill.

`fill_from_kolada(plan)` is what `build --kolada` calls: it fetches the linked KPIs' values
for the plan's full years (or reads them from the cache), fills the empty indicator outcomes
and returns what it did and every problem as warnings. Nothing here raises for a network or
Kolada failure; those are warnings and the build goes on.
"""

from __future__ import annotations

from ..model import Plan
from .fill import FillReport, fill_plan, filled_lines

__all__ = ["FillReport", "fill_from_kolada", "filled_lines"]


def fill_from_kolada(plan: Plan, period: str | None = None,
                     offline: bool = False) -> FillReport:
    """Fill `plan` for its full years up to `period` (default: its Rapportperiod)."""
    from .fetch import fetch_for_plan

    return fill_plan(plan, fetch_for_plan(plan, offline=offline, period=period), period)
