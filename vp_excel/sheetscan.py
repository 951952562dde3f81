"""Data the raw XML of a worksheet holds and openpyxl's values do not: which formula cells
were saved without a value (data_only reads them as None, so an outcome would silently vanish),
how big the sheet is (whether the reader streams it) and its merged ranges (which the XML
states after the rows, so a streamed sheet learns them here). Read from the worksheets the
safety checks stream anyway (safety.checked_sheets): one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .safety import checked_sheets
from .safety.parts import _RANGE_TAG, Xml, _ref_attribute, column_index

# A formula element's start; group 1: the namespace prefix, if any ("x:").
_FORMULA = re.compile(rb"<((?:\w+:)?)f(?=[\s>/])")
_CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*>\s*$")
# The element after a formula, if it is a value: group 1 its prefix, group 2 its text (None when
# self-closing).
_VALUE = re.compile(rb"<((?:\w+:)?)v(?:\s*/>|\s*>([^<]*)<)")
# Attributes as XML allows them: either quote, spaces around "=".
_STR_TYPE = re.compile(rb"\st\s*=\s*([\"'])str\1")
_CELL_REF = re.compile(rb"\sr\s*=\s*([\"'])\$?([A-Za-z]{1,3})\$?(\d{1,7})\1")


@dataclass
class SheetScan:
    """What the raw XML of one worksheet says that openpyxl's values do not."""

    part: str
    # (row, column) of formula cells saved without a value (data_only reads them as None).
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    rows: int = 0  # <row> elements (as the safety checks count them)
    cells: int = 0  # <c> elements
    merges: list[str] = field(default_factory=list)  # each mergeCell's ref, in XML order


def scan_workbook(path: str | Path) -> dict[str, SheetScan]:
    """Run the streaming safety checks and return, per sheet title, what its XML says that
    the values alone do not. Call after `safety.check_input_file`."""
    scans = {}
    for title, part, pieces, tally in checked_sheets(path):
        uncached: set[tuple[int, int]] = set()
        merges: list[str] = []
        for piece in pieces:  # a few MB at a time, cut after a row (no cell spans two)
            uncached |= _uncached_formulas(piece)
            if b"mergeCell" in piece:
                merges += merge_refs(piece)
        scans[title] = SheetScan(part, uncached, tally.rows, tally.cells, merges)
    return scans


def merge_refs(data: Xml) -> list[str]:
    """The ref of every mergeCell in a worksheet's XML, in order, as a parser reads it (the
    safety checks' own reading of the tag, which they count the covered cells by); "" for
    one without a ref, which the reader refuses as openpyxl does."""
    return [_ref_attribute(match.group(2)) for match in _RANGE_TAG.finditer(data)
            if match.group(1) == b"mergeCell"]


def _uncached_formulas(data: Xml) -> set[tuple[int, int]]:
    """Cells whose formula has no saved value. A cell is `<c r=..><f>..</f><v>..</v></c>` (f, v
    in that order, by the schema), so each formula is checked where it stands: the tag just
    before it is its cell, the element just after it is the value or nothing. Work is per
    formula, not per cell.

    An empty `<v></v>` counts as no value (openpyxl and other libraries write formulas so),
    except in a `t="str"` cell, where it is a formula that gave empty text."""
    found: set[tuple[int, int]] = set()
    for match in _FORMULA.finditer(data):
        prefix = match.group(1)
        start = data.rfind(b"<", max(0, match.start() - 1024), match.start())
        cell_tag = data[start:match.start()] if start >= 0 else b""
        if not _CELL_START.match(cell_tag):
            continue  # not a cell's formula (or XML too odd to tell): leave it to openpyxl
        tag_end = data.find(b">", match.end())
        if tag_end < 0:
            break
        if data[tag_end - 1:tag_end] == b"/":
            after = tag_end + 1
        else:
            close = data.find(b"</" + prefix + b"f>", tag_end)
            if close < 0:
                break
            after = close + len(prefix) + 4
        if _has_saved_value(data[after:after + 256].lstrip(), prefix, cell_tag):
            continue
        ref = _CELL_REF.search(cell_tag)
        if ref:
            found.add((int(ref.group(3)), column_index(ref.group(2))))
    return found


def _has_saved_value(following: Xml, prefix: bytes, cell_tag: Xml) -> bool:
    value = _VALUE.match(following, 0)
    if value is None or value.group(1) != prefix:
        return False
    if value.group(2) is not None and value.group(2).strip():
        return True
    return _STR_TYPE.search(cell_tag) is not None
