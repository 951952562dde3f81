"""The report's Swedish wording of dates, periods, titles, indicators and workbook texts."""

from __future__ import annotations

import datetime as dt
import re

from ...model import KfIndicator, Measure, Period, Plan
from ...rules import Assessment
from ...schema import BULLETS, MONTH_NAMES
from ...swedish import format_value
from ...text import clean_text, split_bullets


def swedish_date(day: dt.date) -> str:
    """27 november 2026."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def period_span(period: Period) -> str:
    """januari–augusti 2025."""
    first, last = MONTH_NAMES[period.first_month - 1], MONTH_NAMES[period.last_month - 1]
    months = first if first == last else f"{first}–{last}"
    return f"{months} {period.year}"


def report_title(plan: Plan, period: Period) -> str:
    """Delårsrapport 2 2025 – Kommunledningskontoret."""
    name = clean_text(period.report_name)
    if str(period.year) not in name:
        name = f"{name} {period.year}"
    verksamhet = clean_text(plan.settings.verksamhet)
    return f"{name} – {verksamhet}" if verksamhet else name


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " ")).lower().replace(".", ",")


def indicator_label(indicator: KfIndicator) -> str:
    """The name with its styrgräns in parentheses, unless the name already shows it."""
    name = clean_text(indicator.name)
    limit = clean_text(indicator.styrgrans_text)
    if not limit or _shows_limit(name, limit):
        return name
    return f"{name} ({limit})"


def _shows_limit(name: str, limit: str) -> bool:
    squashed_name, squashed_limit = _squash(name), _squash(limit)
    if squashed_limit in squashed_name and any(c.isdigit() for c in squashed_limit):
        return True
    numbers = re.findall(r"\d+(?:,\d+)?", squashed_limit)
    if numbers:
        found = set(re.findall(r"\d+(?:,\d+)?", squashed_name))
        return all(number in found for number in numbers)
    # A word such as "Ja": only as a word of its own, not inside another word.
    return re.search(rf"(?<!\w){re.escape(squashed_limit)}(?!\w)", squashed_name) is not None


def paragraphs_of(text: str) -> list[str]:
    """Blocks separated by blank lines."""
    blocks = re.split(r"\n\s*\n", clean_text(text))
    return [block.strip() for block in blocks if block.strip()]


def text_parts(text: str) -> list[tuple[str, str]]:
    """Workbook text as ("p", paragraph) and ("li", bullet item) parts, in order.

    Blocks are separated by blank lines. Inside a block, lines starting with a bullet
    ("•", "-", ...) are list items, a line after an item continues it (as `split_bullets`
    reads a cell), and lines before the first item stay one paragraph.
    """
    parts: list[tuple[str, str]] = []
    for block in paragraphs_of(text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        first_item = next((i for i, line in enumerate(lines) if line.startswith(BULLETS)), None)
        if first_item is None:
            parts.append(("p", block))
            continue
        if first_item:
            parts.append(("p", "\n".join(lines[:first_item])))
        parts += [("li", item) for item in split_bullets("\n".join(lines[first_item:]))]
    return parts


def outcome_text(measure: Measure, period: str) -> str:
    value = measure.outcomes.get(period)
    return format_value(value, measure.unit) if value is not None else ""


def outcome_note(period: str, outcome: str, status: Assessment) -> str:
    """The line under an indicator in the plan table: "Utfall Delår 2 2025: 5,9% (GRÖN)",
    a manual status "(RÖD, manuell)" rather than "(RÖD (manuell))"."""
    said = f"{status.status}, manuell" if status.manual else status.status
    return f"Utfall {clean_text(period)}: {outcome} ({said})"
