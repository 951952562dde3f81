"""The kommun's mapping, written once when the reader cannot tell: lines such as
`Fokusmål = KS mål` (a column) and `Uppnått i hög grad = GRÖN` (a status word), on a sheet named
`vp-excel` in the workbook, in a file `vp-excel.toml` beside it, or given as options
(`--kolumn`, `--status`). Options win over the sheet, the sheet over the file. A column line's
left side is the header as written, or `Kolumn F` for a column without one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..errors import os_reason
from ..schema import normalize_header
from .classify import Kind, mapping_key
from .grid import Book
from .problems import Problems, short

_STATUS_VALUES = {**schema.STATUS_SYNONYMS, "ej bedömd": "", "ingen": "", "-": "",
                  "ingen status": "", "ingen färg": ""}
_LETTER = re.compile(r"^kolumn ([a-z]{1,3})$")


@dataclass
class KommunMapping:
    """Columns by header (normalized) or by letter ("kolumn f"), and status words (lower case)
    with the status each means ("" for no colour)."""

    columns: dict[str, Kind] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # where lines were read, for check

    def column(self, header: str, letter: str) -> Kind | None:
        if header:
            found = self.columns.get(normalize_header(header))
            if found is not None:
                return found
        return self.columns.get(f"kolumn {letter.lower()}")

    def status(self, text: str) -> str | None:
        return self.statuses.get(status_key(text))


def status_key(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def mapping_line(left: str, right: str) -> str:
    """The line check asks the kommun to write."""
    return f"{left} = {right}"


WHERE_TO_WRITE = (f"på ett blad som heter {schema.MAPPING_SHEET} i arbetsboken eller i "
                  f"{schema.MAPPING_FILE} bredvid den")


def _split(line: str) -> tuple[str, str] | None:
    if "=" not in line:
        return None
    left, _, right = line.partition("=")
    left, right = left.strip().strip("\"'").strip(), right.strip().strip("\"'").strip()
    return (left, right) if left and right else None


def add_line(mapping: KommunMapping, line: str, want: str = "") -> str:
    """Add one `left = right` line; the Swedish reason when it cannot be read, else "".
    `want` is "kolumn" or "status" for a line given as that option."""
    parts = _split(line)
    said = short(line)  # the line as the message quotes it: a pasted page is not repeated
    if parts is None:
        return f'raden "{said}" saknar "=" (skriv t.ex. "Fokusmål = KS mål")'
    left, right = parts
    status = _STATUS_VALUES.get(right.lower().rstrip("."))
    if status is not None and want != "kolumn":
        mapping.statuses[status_key(left)] = status
        return ""
    if want == "status":
        return (f'raden "{said}": "{short(right)}" är ingen status (skriv GRÖN, GUL, RÖD eller '
                "Ej bedömd)")
    kind = mapping_key(right)
    if kind is None:
        names = ", ".join(dict.fromkeys(schema.COLUMN_NAMES.values()))
        return (f'raden "{said}": "{short(right)}" är ingen kolumn vp-excel känner (skriv en av '
                f"{names}, eller Läs inte)")
    key = normalize_header(left)
    mapping.columns[key] = kind
    return ""


MAX_MAPPING_BYTES = 1_048_576  # a kommun's lines are a few hundred bytes


def _mapping_text(beside: Path, problems: Problems) -> str:
    """vp-excel.toml's text, or "" with an error in Swedish: only a regular file of a
    mapping's size (a pipe never ends, a link to /dev/zero never stops), read as UTF-8."""
    from ..paths import small_plain_file

    if not small_plain_file(beside, MAX_MAPPING_BYTES):
        problems.error(f"{schema.MAPPING_FILE} är ingen vanlig textfil eller större än 1 MB; "
                       "den läses inte.")
        return ""
    try:
        return beside.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.error(f"{schema.MAPPING_FILE} är inte sparad som UTF-8; spara den som UTF-8 "
                       "(i Anteckningar: Spara som, Kodning UTF-8).")
    except OSError as exc:
        problems.error(f"{schema.MAPPING_FILE} går inte att läsa ({os_reason(exc)}).")
    return ""


def read_mapping(book: Book, path: Path, problems: Problems, columns: Sequence[str] = (),
                 statuses: Sequence[str] = ()) -> KommunMapping:
    """The mapping from the file beside the workbook, its vp-excel sheet and the options, in
    that order (a later line for the same words wins); each bad line is an error by place."""
    mapping = KommunMapping()
    beside = path.parent / schema.MAPPING_FILE
    if beside.exists():
        text = _mapping_text(beside, problems)
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line or line.startswith("["):
                continue  # a TOML section such as [kolumner] only groups the lines
            reason = add_line(mapping, line)
            if reason:
                problems.error(f"{schema.MAPPING_FILE} rad {number}: {reason}.")
        mapping.sources.append(schema.MAPPING_FILE)
    sheet = next((s for title, s in book.sheets.items()
                  if normalize_header(title) == normalize_header(schema.MAPPING_SHEET)), None)
    if sheet is not None:
        for r in sheet.row_numbers:
            texts = [str(sheet.value(r, c)).strip() for c in sheet.columns(r)
                     if sheet.value(r, c) is not None and str(sheet.value(r, c)).strip()]
            if not texts or texts[0].startswith("#"):
                continue
            line = texts[0] if len(texts) == 1 else (
                f"{texts[0]} = {texts[-1]}" if texts[1:-1] in ([], ["="]) else " ".join(texts))
            reason = add_line(mapping, line)
            if reason:
                problems.error(f"{reason}.", sheet.title, f"A{r}")
        mapping.sources.append(f"bladet {sheet.title}")
    for want, lines in (("kolumn", columns), ("status", statuses)):
        for line in lines:
            reason = add_line(mapping, line, want)
            if reason:
                problems.error(f"--{want}: {reason}.")
        if lines:
            mapping.sources.append(f"--{want}")
    return mapping
