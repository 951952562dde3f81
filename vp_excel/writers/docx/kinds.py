"""Which document a period makes (verksamhetsplan, delårsrapport, årsrapport) and its title."""

from __future__ import annotations

import calendar
import datetime as dt

from ...errors import Location, UnknownPeriod
from ...model import Period, Plan, Problem
from ...text import clean_text

VERKSAMHETSPLAN, DELARSRAPPORT, ARSRAPPORT = "verksamhetsplan", "delarsrapport", "arsrapport"
DOCUMENTS = (VERKSAMHETSPLAN, DELARSRAPPORT, ARSRAPPORT)
DOCUMENT_NAMES = {VERKSAMHETSPLAN: "Verksamhetsplan", DELARSRAPPORT: "Delårsrapport",
                  ARSRAPPORT: "Årsrapport"}


def document_kind(plan: Plan, period: Period) -> str:
    """The document the kommun makes at this moment of the year.

    A period before the plan's year is the plan's starting point (Helår 2024 for a 2025
    plan): the document is the verksamhetsplan itself. A full year of the plan's year is
    followed up in the årsrapport, anything shorter in a delårsrapport.
    """
    if period.year < plan.settings.year:
        return VERKSAMHETSPLAN
    return ARSRAPPORT if period.is_full_year else DELARSRAPPORT


def period_end(period: Period) -> dt.date:
    """The last day of `period` (Helår 2025: 31 december 2025)."""
    return dt.date(period.year, period.last_month,
                   calendar.monthrange(period.year, period.last_month)[1])


def report_date_warnings(plan: Plan, period_name: str) -> list[Problem]:
    """A warning when the workbook's Rapportdatum comes before the reported period ends in a
    report (a delårsrapport or årsrapport follows its period up; the verksamhetsplan is
    written before its year, so it may be dated before)."""
    date = plan.settings.report_date
    if date is None or period_name not in plan.period_names:
        return []
    period = plan.period(period_name)
    kind = document_kind(plan, period)
    end = period_end(period)
    if kind == VERKSAMHETSPLAN or date >= end:
        return []
    sheet, _bang, cell = plan.settings.report_date_cell.rpartition("!")
    document = DOCUMENT_NAMES[kind].lower()
    return [Problem(f"Rapportdatum {date.isoformat()} är före slutet av perioden "
                    f"{period.name} ({end.isoformat()}), men {document}en för den följer upp "
                    "hela perioden. Rätta Rapportdatum eller välj en annan period med --period.",
                    Location(plan.source_file, sheet, cell), is_error=False)]


def period_for(plan: Plan, kind: str, reported: str) -> str:
    """The period a `kind` document reports when no --period is given: the workbook's
    Rapportperiod when it makes that document, else the plan year's latest period that does
    (a delårsrapport for the baseline Helår 2024 cannot exist). Raises UnknownPeriod, naming
    the periods there are, when none does."""
    if document_kind(plan, plan.period(reported)) == kind:
        return reported
    matching = [p.name for p in plan.periods if document_kind(plan, p) == kind
                and (kind == VERKSAMHETSPLAN or p.year == plan.settings.year)]
    if matching:
        return matching[-1]
    year = plan.settings.year
    wanted = {VERKSAMHETSPLAN: f"planens utgångsläge (en period före {year})",
              DELARSRAPPORT: f"en delårsperiod under {year}",
              ARSRAPPORT: f"helåret {year}"}[kind]
    raise UnknownPeriod(f"{DOCUMENT_NAMES[kind].lower()}en kräver {wanted}, och planen har "
                        f"ingen sådan period. Perioderna är: {', '.join(plan.period_names)}. "
                        "Lägg till perioden på bladet Perioder eller ange --period.",
                        Location(plan.source_file, "Perioder"))


def document_title(plan: Plan, period: Period, kind: str) -> str:
    """"Verksamhetsplan 2025 för kommunledningskontoret" as the plan names itself, or
    "Delårsrapport 2 2025 – Kommunledningskontoret"."""
    verksamhet = clean_text(plan.settings.verksamhet)
    if kind == VERKSAMHETSPLAN:
        own = clean_text(plan.settings.title)
        if own.casefold().startswith("verksamhetsplan"):
            return own
        name = f"Verksamhetsplan {plan.settings.year}"
    elif kind == ARSRAPPORT:
        name = f"Årsrapport {period.year}"
    else:
        name = clean_text(period.report_name)
        if not name.startswith("Delårsrapport"):
            name = f"Delårsrapport {clean_text(period.name)}"
        if str(period.year) not in name:
            name = f"{name} {period.year}"
    return f"{name} – {verksamhet}" if verksamhet else name


def short_title(plan: Plan, period: Period, kind: str) -> str:
    """The title without the verksamhet, for the page header."""
    title = document_title(plan, period, kind)
    return title.split(" – ")[0] if kind != VERKSAMHETSPLAN else title
