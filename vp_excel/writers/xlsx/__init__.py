"""The report workbook writer (xlsxwriter): live status formulas, conditional formats, and the
empty arbetsbok that `init` writes. `write` and `write_rollup` are its entries in the writers'
registry (`vp_excel.writers`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .workbook import write_arbetsbok, write_report_workbook

if TYPE_CHECKING:
    from ...rules import Evaluation
    from .. import WriteOptions

__all__ = ["write", "write_arbetsbok", "write_report_workbook", "write_rollup"]


def write(evaluation: Evaluation, path: Path, options: WriteOptions) -> list[str]:
    write_report_workbook(evaluation, path)
    return []


def write_rollup(result: Any, path: Path, options: WriteOptions) -> list[str]:
    from .rollup import write_rollup_workbook

    write_rollup_workbook(result, path)
    return []
