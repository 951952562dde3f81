"""Where the plan stands in a workbook. Each layout finds its tables and header rows and hands
columns, keyed by `schema` column keys, to the same parts (cells, periods, assemble):

- `arbetsbok`: vp-excel's own five-sheet format (Inställningar, Perioder, Mål, ...);
- `kommun`: the kommun's own workbook, plan tables found on any sheet under any title rows.

Every layout has one shape, `Layout`: `matches(book) -> score` and `read(book, options) ->
Plan`. `choose` asks each layout in `LAYOUTS` how well the workbook fits it and reads with the
best, the way pandas chooses an Excel engine from a table; a new layout is one class and one
line in `LAYOUTS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ...model import Plan
from ..cells import CellReader
from ..grid import Book
from ..problems import Problems
from ..settings import Overrides


@dataclass(frozen=True)
class ReadOptions:
    """What a layout reads with: the file's name for messages, the reader's shared parts
    (cells and problems), the command line's overrides and the kommun's mapping lines."""

    path: str
    cells: CellReader
    problems: Problems
    overrides: Overrides
    columns: Sequence[str] = ()  # "Fokusmål = KS mål"
    statuses: Sequence[str] = ()  # "Uppnått i hög grad = GRÖN"


class Layout(Protocol):
    name: str

    def matches(self, book: Book) -> int:
        """How surely the workbook is in this layout: 0 for not at all; higher wins."""
        ...

    def read(self, book: Book, options: ReadOptions) -> Plan:
        """The plan, every problem in `options.problems`; overrides already applied."""
        ...


class ArbetsbokLayout:
    name = "arbetsbok"

    def matches(self, book: Book) -> int:
        from .arbetsbok import is_arbetsbok

        return 2 if is_arbetsbok(book) else 0

    def read(self, book: Book, options: ReadOptions) -> Plan:
        from ..assemble import apply_overrides
        from .arbetsbok import read_arbetsbok

        plan = read_arbetsbok(book, options.cells, options.problems, options.path)
        if options.columns or options.statuses:
            options.problems.warn(
                "--kolumn och --status gäller kommunens egen tabell; vp-excels arbetsbok läses "
                "efter sina egna rubriker och statusar, så de används inte här.")
        apply_overrides(plan, options.overrides, options.problems)
        return plan


class KommunLayout:
    """The kommun's own workbook: any workbook may hold plan tables, so it always fits a
    little; it refuses with "hittar ingen måltabell" when it finds none."""

    name = "kommun"

    def matches(self, book: Book) -> int:
        return 1

    def read(self, book: Book, options: ReadOptions) -> Plan:
        from pathlib import Path

        from ..mapping import read_mapping
        from .kommun_book import read_kommun

        mapping = read_mapping(book, Path(options.path), options.problems, options.columns,
                               options.statuses)
        return read_kommun(book, options.cells, options.problems, options.overrides,
                           options.path, mapping)


LAYOUTS: list[Layout] = [ArbetsbokLayout(), KommunLayout()]


def choose(book: Book) -> Layout:
    """The layout that fits the workbook best (the first of equals)."""
    return max(LAYOUTS, key=lambda layout: layout.matches(book))
