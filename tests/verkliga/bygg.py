"""Real published goal tables, laid out as Excel workbooks the way the kommun plausibly keeps
them. One builder for every table: each `tests/verkliga/<kommun>-<doc>.toml` describes its
source, its expected counts and its sheets as data; `build(name, folder)` writes the .xlsx.

A table file:

    [source]                      # where the words were read (url, title, kommun, year)
    [expected]                    # goals, green, yellow, red, not_assessed, how (why so)
    [check]                       # optional: kommun, verksamhet, year, period for `check`
    [[sheets]]
    name = "Blad1"
    rows = [["title"], [], ["Mål", "Indikator", ...], ...]   # row 1 first; "" is an empty cell
    merges = ["A4:A6"]
    fills = { "F5" = "rgb:00B050", "F6" = "theme:6:0.4", "F7" = "indexed:10" }
    formats = { "D5" = "0%" }     # optional number formats (a share typed as 85 % is 0.85)
    bold = [3]                    # rows in bold (headers, goal rows)
    wrap = true                   # wrap text in every cell (as printed tables do)

Strings stay text (the words as published, "6,8 %" too); TOML numbers become number cells,
as a kommun types a plain number. Nothing here completes or changes a published word.

    python tests/verkliga/bygg.py /tmp/verkliga            # every table
    python tests/verkliga/bygg.py /tmp/verkliga vargarda-arsredovisning-2023
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kommun_layouts import indexed_fill, rgb_fill, theme_fill  # noqa: E402


@dataclass
class Table:
    name: str
    source: dict[str, Any]
    expected: dict[str, Any]
    sheets: list[dict[str, Any]]
    check: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """The expected summary: total goals and GRÖN/GUL/RÖD/Ej bedömd counts."""
        keys = ("goals", "green", "yellow", "red", "not_assessed")
        return {key: int(self.expected.get(key, 0)) for key in keys}


def names(where: Path = HERE) -> list[str]:
    """The tables in `where` (default this folder; tests/kommun_tables/ uses the same format)."""
    return sorted(path.stem for path in where.glob("*.toml"))


def load(name: str, where: Path = HERE) -> Table:
    data = tomllib.loads((where / f"{name}.toml").read_text(encoding="utf-8"))
    return Table(name, data["source"], data["expected"], data["sheets"], data.get("check", {}))


def fill(spec: str) -> PatternFill:
    """`rgb:00B050`, `theme:6:0.4` (theme index and tint) or `indexed:10`."""
    kind, _, rest = spec.partition(":")
    if kind == "rgb":
        return rgb_fill(rest)
    if kind == "theme":
        theme, _, tint = rest.partition(":")
        return theme_fill(int(theme), float(tint or 0))
    if kind == "indexed":
        return indexed_fill(int(rest))
    raise ValueError(f"unknown fill {spec!r}")


def _write_sheet(ws: Any, sheet: dict[str, Any]) -> None:
    wrap = sheet.get("wrap", True)
    for r, row in enumerate(sheet.get("rows", []), start=1):
        for c, value in enumerate(row, start=1):
            if value == "":
                continue
            cell = ws.cell(r, c, value)
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in sheet.get("bold", []):
        for cell in ws[r]:
            cell.font = Font(bold=True)
    for coordinate, spec in sheet.get("fills", {}).items():
        ws[coordinate].fill = fill(spec)
    for coordinate, number_format in sheet.get("formats", {}).items():
        ws[coordinate].number_format = number_format
    for cell_range in sheet.get("merges", []):
        ws.merge_cells(cell_range)
    for letter, width in sheet.get("widths", {}).items():
        ws.column_dimensions[letter].width = width


def build(name: str, folder: Path, where: Path = HERE, skip: tuple[str, ...] = ()) -> Path:
    """Write table `name` (from `where`) as `folder/<name>.xlsx` and return its path; sheets
    named in `skip` are left out (a test table's vp-excel sheet, to see check ask for it)."""
    table = load(name, where)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in table.sheets:
        if sheet.get("name", "Blad1") in skip:
            continue
        _write_sheet(book.create_sheet(sheet.get("name", "Blad1")), sheet)
    if table.source.get("document_title"):
        book.properties.title = table.source["document_title"]
    path = folder / f"{name}.xlsx"
    book.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for wanted in sys.argv[2:] or names():
        print(build(wanted, target))
