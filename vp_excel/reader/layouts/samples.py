"""What a column holds, from a sample of the cells under its header: numbers, words, sentences,
paragraphs, statuses. Used where a column is read by its contents (tables.py) and where check
names a skipped column with the line that would read it (kommun_book.py). Also what a row under
a table is when its only words name a status: a legend, not a goal."""

from __future__ import annotations

import re
from typing import Any

from ... import schema
from ...text import clean_text
from ..classify import is_no_status
from ..colours import fill_rgb, status_of_rgb
from ..grid import Sheet

SAMPLE_ROWS = 25  # data rows looked at
NUMBER_TEXT = re.compile(r"^[<>≤≥~ca. ]*[-−]?\d[\d\s]*([,.]\d+)?\s*[%a-zåäö/ ]{0,12}$")


# Headers of an internkontrollplan or a risk analysis: controls and risks, not goals.
_CONTROL = re.compile(r"^(?:intern\s*)?kontroll|^(?:granskning|granskningsområde)$", re.IGNORECASE)
_RISK = re.compile(r"^(?:risk|risker|riskvärde|risknivå|riskbedömning|riskområde|sannolikhet|"
                   r"konsekvens)$", re.IGNORECASE)


def control_headers(sheet: Sheet, row: int) -> list[str]:
    """The header cells that make the row an internkontroll or risk table ("Kontrollmoment",
    "Risk" with "Sannolikhet"), with their cells; [] for any other row."""
    texts = [(sheet.cell(row, col).coordinate, " ".join(c.value.split()))
             for col, c in sorted(sheet.grid.get(row, {}).items()) if isinstance(c.value, str)]
    if len(texts) < 2 or any(len(t) > 40 for _, t in texts):
        return []  # a row of words ("Kontroll | Prognossäkerheten ska …") is no header
    control = [f'{where} "{t}"' for where, t in texts if _CONTROL.search(t)]
    risks = [f'{where} "{t}"' for where, t in texts if _RISK.match(t)]
    return control + risks if control or len(risks) >= 2 else []


def is_breakdown(name: str) -> bool:
    """A breakdown row's label under a measure ("Kvinnor", "- män"), not a goal of its own."""
    return " ".join(name.strip(" -–•").lower().split()) in schema.BREAKDOWN_WORDS


# Marks that name two goal levels, not a goal and its measures ("KF" over "KS").
_LEVEL_MARKS = ("kf", "ks", "fn", "rf", "rs", "rmf")


def row_marks(sheet: Sheet, header_row: int, col: int) -> tuple[str, str] | None:
    """(goal mark, measure mark) for a column that types its rows by a letter or short word
    (Nacka: "S" on a goal row, "N" on each of its nyckeltal): exactly two values, each at
    most three letters and no status or Ja/Nej, the first row's the goal's, and the goal's
    coming back after the measures' (S N N S N), so one goal with its measures under it
    repeats. None for any other column."""
    from ..classify import status_word

    held = [str(v).strip().lower() for v in values(sheet, header_row, col)]
    kinds = list(dict.fromkeys(held))
    if len(held) < 4 or len(kinds) != 2 or any(
            len(k) > 3 or not k.isalpha() or status_word(k, yes_no=True) is not None
            or k in ("x", "ja", "nej") or k in _LEVEL_MARKS for k in kinds):
        return None
    goal, measure = kinds
    after = held[held.index(measure):]
    return (goal, measure) if goal in after else None


def values(sheet: Sheet, header_row: int, col: int) -> list[Any]:
    """The column's values below the header (the first SAMPLE_ROWS rows), empty ones and "no
    value" words ("-", "Ej bedömd") left out."""
    found = [sheet.value(r, col) for r in sheet.rows_after(header_row)[:SAMPLE_ROWS]]
    return [v for v in found if v not in (None, "")
            and not (isinstance(v, str) and (not clean_text(v) or is_no_status(v)))]


def texts(sheet: Sheet, header_row: int, col: int) -> list[str]:
    return [clean_text(v) for v in values(sheet, header_row, col) if isinstance(v, str)]


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or \
        isinstance(value, str) and bool(NUMBER_TEXT.match(value.lower().strip()))


def holds_numbers(sheet: Sheet, header_row: int, col: int, least: int = 1) -> bool:
    """At least `least` values, four in five of them numbers (with a unit or not)."""
    found = values(sheet, header_row, col)
    return len(found) >= least and sum(map(is_number, found)) * 5 >= len(found) * 4


def holds_words(sheet: Sheet, header_row: int, col: int) -> bool:
    """At least two values, four in five of them words rather than numbers."""
    found = values(sheet, header_row, col)
    words = [v for v in found if isinstance(v, str) and not is_number(v)]
    return len(found) >= 2 and len(words) * 5 >= len(found) * 4


def holds_sentences(sheet: Sheet, header_row: int, col: int) -> bool:
    """Half the values or more are sentences of four words or more (goals, not codes)."""
    found = values(sheet, header_row, col)
    sentences = [v for v in found if isinstance(v, str) and len(v.split()) >= 4]
    return bool(sentences) and len(sentences) * 2 >= len(found)


def holds_prose(sheet: Sheet, header_row: int, col: int, theme: list[str] | None = None) -> bool:
    """Half the texts or more are paragraphs (eight words or more) that read as no status
    (nor open with one: "Målet är uppfyllt då …"), and more of them than the cells that do
    hold a status (a word, or with `theme` a status colour): one long sentence beside one
    "Grön" in a two-row table is a status column with a comment in it, not a comment
    column."""
    from ..classify import status_and_comment, status_in_first_clause, status_word

    found = texts(sheet, header_row, col)
    prose = [t for t in found if len(t.split()) >= 8 and status_word(t) is None
             and status_in_first_clause(t) is None]
    if not prose or len(prose) * 2 < len(found):
        return False
    statuses = sum(1 for t in found if len(t.split()) < 8 and (
        status_word(t) is not None or status_and_comment(t) is not None))
    if theme is not None:
        statuses += sum(1 for r in sheet.rows_after(header_row)[:SAMPLE_ROWS]
                        if sheet.value(r, col) in (None, "")
                        and (rgb := fill_rgb(sheet.fill(r, col), theme)) is not None
                        and status_of_rgb(rgb) is not None)
    return len(prose) > statuses


def few_statuses(sheet: Sheet, header_row: int, col: int, yes_no: bool = False) -> bool:
    """At least two texts, fewer than half of them statuses (notes, not statuses); Ja and Nej
    are statuses under a header they answer ("Uppnått?")."""
    from ..classify import status_and_comment, status_word

    found = texts(sheet, header_row, col)
    read = [t for t in found if status_word(t, yes_no) is not None
            or status_and_comment(t, yes_no) is not None]
    return len(found) >= 2 and len(read) * 2 < len(found)


def is_legend(text: str, sheet: Sheet, r: int, status_cols: list[int], theme: list[str]) -> bool:
    """A legend row under the table: its words name a status ("😊= Delmålet bedöms bli
    uppfyllt", "Målet kan inte bedömas", "Uppfyllt", or "Når målet" on a green fill). A goal
    may read like a status ("Eleverna når kunskapsmålen"): only a status word of the schema's
    own, or a phrase beside the same colour, is a legend."""
    from ..classify import status_word

    if re.match(r"^\S{1,2}\s*=", text) or is_no_status(text):
        return True
    # "Grön = målet uppnått", "Gul: delvis uppnått", "RÖD – målet nås inte"
    named = re.match(r"^([^=:–]{1,20}?)\s*[=:–]\s*\S", text)
    if named and status_word(named.group(1)) is not None:
        return True
    words = " ".join(text.split()).lower()
    if words in schema.STATUS_SYNONYMS or words in schema.STATUS_WORDS:
        return True
    status = status_word(text)
    if status is None:
        return False
    fills = [fill_rgb(sheet.fill(r, col), theme) for col in status_cols]
    return status in {status_of_rgb(rgb) for rgb in fills if rgb is not None}
