"""The `vp-excel` command line: click commands, the Swedish words, and the speed tricks that
change process state (garbage-collector thresholds, a fork for the Word report, worker
processes, a quick exit). The library never imports this package (tests/test_imports.py).

The click group `cli` loads on first use (`from vp_excel.cli import cli`), so importing
`vp_excel.cli.batch` in a worker process does not build the click commands."""

from __future__ import annotations

from typing import Any

__all__ = ["cli"]


def __getattr__(name: str) -> Any:
    if name == "cli":
        from .main import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
