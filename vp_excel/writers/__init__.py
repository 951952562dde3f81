"""One writer per output, behind one registry: `xlsx` (the report workbook, xlsxwriter),
`docx` (the Word report, python-docx) and `html` (the web page, Jinja2, only when asked
for); `export.py` writes the export's table.

Every output format is an `OutputFormat` in `FORMATS`, registered below in the order the
formats are written. A writer is a function `write(evaluation, path, options) -> warnings`
(a Swedish sentence per thing the reader of the report should know), and, when the format
also has a roll-up report, `write_rollup(result, path, options) -> warnings`. `api.build`,
`build --bara`, the batch and `sammanstall` all write through `write` and `write_rollup`
here, so a new output format is one module and one `register(...)` line.

Writers load on first use (`module:function` names), so `vp-excel --help` and the reader's
worker processes never import xlsxwriter or python-docx.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..rollup.api import RollupResult
    from ..rules import Evaluation


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may use besides the evaluation: each writer takes what it needs."""

    template: Path | None = None  # the kommun's Word template (docx)
    document: str | None = None  # verksamhetsplan, delarsrapport or arsrapport (docx)


@dataclass(frozen=True)
class OutputFormat:
    """An output format: its name (the file suffix and the value of --bara), what it is in
    Swedish, and its writers as "module:function"."""

    name: str
    description: str
    write: str  # write(evaluation, path, options) -> warnings
    write_rollup: str | None = None  # write_rollup(result, path, options) -> warnings
    by_default: bool = True  # written by a build without --bara


FORMATS: dict[str, OutputFormat] = {}


def register(output: OutputFormat) -> None:
    FORMATS[output.name] = output


def default_formats() -> tuple[str, ...]:
    """What a build writes unless told otherwise, in registry order."""
    return tuple(name for name, output in FORMATS.items() if output.by_default)


def _load(name: str) -> Callable[..., list[str]]:
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def write(fmt: str, evaluation: Evaluation, path: Path,
          options: WriteOptions = WriteOptions()) -> list[str]:
    """Write `evaluation`'s report as `fmt` to `path`; returns the writer's warnings."""
    return list(_load(FORMATS[fmt].write)(evaluation, path, options))


def rollup_formats(all_formats: bool = False) -> list[str]:
    """The formats that write the roll-up report too, in registry order: those written by
    default, or with `all_formats` every one that can."""
    return [name for name, output in FORMATS.items()
            if output.write_rollup and (output.by_default or all_formats)]


def write_rollup(fmt: str, result: RollupResult, path: Path,
                 options: WriteOptions = WriteOptions()) -> list[str]:
    """Write the roll-up report of `result` as `fmt` to `path`; returns warnings."""
    target = FORMATS[fmt].write_rollup
    if target is None:
        raise ValueError(f"{fmt} has no roll-up writer")
    return list(_load(target)(result, path, options))


# --- the Word writer's entry points ---------------------------------------------------------
# They adapt writers/docx to the common signature; they move into writers/docx/__init__.py
# once that package's DocumentWriter base (issue 20) has landed.


def write_word_report(evaluation: Evaluation, path: Path, options: WriteOptions) -> list[str]:
    from .docx import write_document

    return write_document(evaluation, path, template=options.template, kind=options.document)


def write_word_rollup(result: Any, path: Path, options: WriteOptions) -> list[str]:
    from .docx.rollup import write_rollup_document

    write_rollup_document(result, path)
    return []


# --- the registry: one line per output format, in the order they are written ---------------

register(OutputFormat("xlsx", "rapportarbetsboken", "vp_excel.writers.xlsx:write",
                      "vp_excel.writers.xlsx:write_rollup"))
register(OutputFormat("docx", "Word-rapporten", "vp_excel.writers:write_word_report",
                      "vp_excel.writers:write_word_rollup"))
register(OutputFormat("html", "webbsidan", "vp_excel.writers.html:write",
                      "vp_excel.writers.html.rollup:write_rollup", by_default=False))
