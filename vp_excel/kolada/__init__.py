"""KF indicators filled from Kolada (RKA's open database): client, cache, fetch and fill.

`fill_from_kolada(plan)` is what `build --kolada` calls: it fetches the linked KPIs' values
for the plan's full years (or reads them from the cache), fills the empty indicator outcomes,
then the empty comparisons (riket, länet, Jämförelsekommuner) and kvinnor/män values
(compare.py), and returns what it did and every problem as warnings. Nothing here raises for
a network or Kolada failure; those are warnings and the build goes on.
"""

from __future__ import annotations

from ..model import Plan
from .fill import FillReport, fill_plan, filled_lines

__all__ = ["FillReport", "fill_from_kolada", "filled_lines"]


def fill_from_kolada(plan: Plan, period: str | None = None,
                     offline: bool = False) -> FillReport:
    """Fill `plan` for its full years up to `period` (default: its Rapportperiod)."""
    from .cache import KoladaCache
    from .compare import fetch_comparisons, fill_comparisons
    from .fetch import cache_messages, fetch_for_plan

    cache = KoladaCache()  # one for both, so a cache that fails is said once
    fetched = fetch_for_plan(plan, offline=offline, period=period, cache=cache)
    report = fill_plan(plan, fetched, period)
    # Riket, länet, the comparison group and kvinnor/män, once the kommun's code is known.
    if fetched.kommun:
        # When the outcomes could not be had (no network, a wrong address, --offline with
        # nothing saved), that is already said once: the comparisons use what is saved,
        # without asking again and without a second line.
        failed = any(phrase in message for message in fetched.messages
                     for phrase in ("Kolada (--offline)", "Indikatorutfall som inte",
                                    "Inga värden hämtades"))
        compared = fetch_comparisons(plan, fetched.kommun, period, offline=offline or failed,
                                     cache=cache, unknown=fetched.unknown)
        if failed:
            compared.messages.clear()
        compared.messages += [line for line in cache_messages(cache, offline)
                              if line not in fetched.messages]
        report.problems += fill_comparisons(plan, compared)
    return report
