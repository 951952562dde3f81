"""The roll-up's web page: the same sections, words and numbers as its Word report
(`writers/docx/rollup.py`), every number read from `rollup.frames.RollupTables`, rendered by
`rollup.html.j2`. Heading levels are the Word report's plus one under the page's h1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...reproducible import today
from ...rollup import frames as F
from ...schema import GREEN, RED
from ...swedish import format_percent
from ...text import clean_text
from ..docx.labels import swedish_date
from ..docx.rollup.sections.counts import LEGEND, worst_status
from ..docx.rollup.sections.economy import ECONOMY_GOALS
from ..docx.rollup.sections.red_goals import red_intro
from ..docx.rollup.sections.verksamheter import TREND_LABEL, trend_text
from ..docx.rollup.sections.verksamheter import change as _change
from ..xlsx.rollup import matrix_cell_text
from .render import render


def write_rollup(result: Any, path: str | Path, options: Any = None) -> list[str]:
    """Write the roll-up's page of `result` (a `rollup.api.RollupResult`) to `path`."""
    render("rollup.html.j2", path, **rollup_view(result))
    return []


def _goal_values(goal: Any) -> dict[str, Any]:
    return dict(zip(F.GOAL_COLUMNS, goal))


def rollup_view(result: Any) -> dict[str, Any]:
    tables, collected = result.tables, result.collected
    period = clean_text(collected.period)
    overall = tables.summary()
    names = tables.verksamheter
    kfs = tables.kf_order
    matrix = tables.matrix()
    economy = tables.economy_goals()
    red = tables.red_goals()
    verksamheter = []
    for name, now, before in tables.verksamhet_summaries():
        previous = tables.previous.get(name)
        entry: dict[str, Any] = {"name": clean_text(name) or "–",
                                 "now": (period, F.rollup_sentence(now)), "before": None,
                                 "trend": (TREND_LABEL, trend_text(tables, name))}
        if before is not None and previous is not None:
            entry["before"] = (f"Föregående period {previous}", F.rollup_sentence(before))
            entry["change"] = _change(now, before)
        verksamheter.append(entry)
    red_parts = []
    for name in names:
        own = red[red[F.VERKSAMHET] == name]
        if own.empty:
            continue
        goals = []
        for goal in own.itertuples(index=False):
            values = _goal_values(goal)
            goals.append({"heading": clean_text(values[F.KS]) or "–",
                          "facts": [(label, clean_text(values[key])) for label, key in
                                    (("KF ÖG mål", F.KF), ("Utfall", F.OUTCOME),
                                     ("Målvärde", F.TARGET)) if values[key]],
                          "manual": values[F.MANUAL] == "Ja",
                          "analysis": clean_text(values[F.ANALYSIS])})
        red_parts.append({"name": clean_text(name), "goals": goals})
    date = today()
    return {
        "lang": "sv",
        "title": clean_text(result.title),
        "date": date.isoformat(),
        "description": "Sammanställning av verksamheternas måluppfyllelse",
        "header": {"kommun": clean_text(collected.kommun), "verksamhet": "",
                   "short_title": f"Sammanställning {period}", "date": date.isoformat(),
                   "dnr": "", "logo": "", "logo_alt": ""},
        "kommun": clean_text(collected.kommun),
        "facts": [("Period", period), ("Rapportdatum", swedish_date(date)),
                  (f"Verksamheter ({len(names)})", clean_text(", ".join(names)))],
        "missing": [(clean_text(m.name), clean_text(m.reason)) for m in collected.missing],
        "period": period,
        "statuses": F.ALL_STATUSES,
        "statuses_all": F.ALL_STATUSES,
        "overall": (f"Sammanfattning {period}:", F.rollup_sentence(overall)),
        "kf_rows": [(clean_text(kf), [s.counts[x] for x in F.ALL_STATUSES], s.total,
                     format_percent(s.share(GREEN))) for kf, s in tables.kf_summaries()],
        "kf_total": ([overall.counts[x] for x in F.ALL_STATUSES], overall.total,
                     format_percent(overall.share(GREEN))),
        "kf_sentences": [(f"{clean_text(kf)}:", F.rollup_sentence(s))
                         for kf, s in tables.kf_summaries()],
        "prognosis": ([("Prognos helår:", tables.prognosis_sentence())]
                      + [(f"Prognos helår, {clean_text(kf)}:", sentence)
                         for kf, sentence in tables.kf_prognosis()]
                      if tables.prognosis_sentence() else []),
        "economy_prognosis": tables.prognosis_sentence(economy, ECONOMY_GOALS),
        "legend": LEGEND,
        "kfs": [clean_text(kf) for kf in kfs],
        "matrix": [(clean_text(name), [(matrix_cell_text(row[kf]),
                                        worst_status(row[kf]) if any(row[kf].values()) else "")
                                       for kf in kfs])
                   for name, row in matrix.items()],
        "verksamheter": verksamheter,
        "economy_sentence": F.economy_sentence(tables.summary(economy)),
        "economy_kfs": ", ".join(f"”{kf}”" for kf in dict.fromkeys(economy[F.KF])),
        "economy_goals": [_economy_row(_goal_values(goal))
                          for goal in economy.itertuples(index=False)],
        "red_intro": red_intro(red, len(tables.goals), period) if not red.empty else
                     f"Inget mål är RÖTT för {period}.",
        "red_parts": red_parts,
        "red": RED,
    }


def _economy_row(values: dict[str, Any]) -> dict[str, Any]:
    return {"verksamhet": clean_text(values[F.VERKSAMHET]), "ks": clean_text(values[F.KS]),
            "outcome": clean_text(values[F.OUTCOME]), "target": clean_text(values[F.TARGET]),
            "status": values[F.STATUS], "manual": values[F.MANUAL] == "Ja"}
