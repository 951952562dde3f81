"""Build several arbetsböcker in one run; one broken workbook does not stop the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import VpExcelError


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Folders stand for the .xlsx files in them (Excel's lock files left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$")))
        else:
            found.append(path)
    return found


def build_many(paths: list[Path], echo: Callable[..., None], **options) -> list[Path]:
    """Build each workbook; print its summary and outputs. Returns the ones that failed."""
    from .api import build
    from .terminal import format_problems, format_summary

    failures: list[Path] = []
    for path in expand_inputs(paths):
        try:
            result = build(path, **options)
        except VpExcelError as exc:
            for line in format_problems([p for p in getattr(exc, "problems", []) if p.is_error]):
                echo(line, err=True)
            echo(f"vp-excel: {exc}", err=True)
            failures.append(path)
            continue
        for line in format_problems(result.check.warnings):
            echo(line)
        for line in format_summary(result.check.evaluation):
            echo(line)
        for warning in result.warnings:
            echo(f"varning: {warning}")
        for output in result.outputs:
            echo(f"Skrev {output}")
    return failures
