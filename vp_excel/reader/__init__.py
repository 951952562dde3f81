"""Read a plan workbook (openpyxl) into a `Plan`, listing every problem with sheet and cell.

Two ways in, one set of parts: vp-excel's own arbetsbok (layouts.arbetsbok) and the kommun's
own workbook, its plan tables found wherever they are (layouts.kommun_book). The input file is
opened read-only and never written.

    grid      the workbook as sparse sheets, merged cells, hidden rows, fills
    cells     a cell's value: numbers, units, Ja/Nej, choices
    kinds     a cell read by its column's kind (schema.KINDS): one parser per kind
    inline    values written inside text (styrgräns, earlier outcomes, målvärden)
    colours   fills as GRÖN/GUL/RÖD;  status  status words, phrases, symbols and colours
    classify  headers by their words or contents, status phrases, directions in names
    mapping   the kommun's own lines for what the reader cannot tell
    periods   periods from the Perioder sheet or from headers
    settings  settings from Inställningar, titles, labels, file properties
    layouts/  finding tables and headers;  assemble  building the Plan;  problems  messages
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Plan, Problem
from ..safety import check_input_file
from .cells import CellReader
from .layouts import ReadOptions, choose
from .load import load_book
from .problems import Problems
from .settings import Overrides

__all__ = ["Overrides", "read_plan"]


def read_plan(path: str | Path, *, kommun: str | None = None, verksamhet: str | None = None,
              year: int | None = None, columns: Sequence[str] = (),
              statuses: Sequence[str] = ()) -> tuple[Plan, list[Problem]]:
    """Read and validate a plan workbook. Raises `VpExcelError` when nothing sensible can be
    read; otherwise returns the plan and every problem found (errors and warnings).

    `kommun`, `verksamhet` and `year` override what the workbook says. `columns` and
    `statuses` are the kommun's mapping lines ("Fokusmål = KS mål", "Uppnått i hög grad =
    GRÖN"), winning over its vp-excel sheet and vp-excel.toml (reader/mapping.py). The
    layout that fits the workbook best reads it (layouts.choose)."""
    path = Path(path)
    problems = Problems(path)
    check_input_file(path)
    book = load_book(path, problems)
    options = ReadOptions(str(path), CellReader(problems), problems,
                          Overrides(kommun or None, verksamhet or None, year or None),
                          columns, statuses)
    plan = choose(book).read(book, options)
    plan.notes = problems.notes
    return plan, problems.items
