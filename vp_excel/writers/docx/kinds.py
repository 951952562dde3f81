"""Which document a period makes (verksamhetsplan, delårsrapport, årsrapport) and its title."""

from __future__ import annotations

from ...model import Period, Plan
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
