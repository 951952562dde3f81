"""The command line's side of `sammanstall` and `export`: read the workbooks in parallel
worker processes (one per core, as `batch` does) and say in Swedish what came out.

The process pool lives here, not in the library calls: `rollup.api` only takes an executor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from ...errors import one_line
from ...inputs import expand_inputs, skipped_in_folders
from ...rollup.api import ExportResult, RollupResult, export, sammanstall
from ...rules import Summary
from ...schema import GREEN
from ...swedish import format_percent
from ..batch import worker_count

Echo = Callable[..., None]


@contextlib.contextmanager
def workbook_pool(paths: list[Path]) -> Iterator[Executor | None]:
    """A process pool when there are several workbooks and cores; else None (read here)."""
    count = len(expand_inputs(paths))
    jobs = worker_count(count)
    if count < 2 or jobs < 2:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


def _debug_tracebacks(result_failed: list, echo: Echo, debug: bool) -> None:
    if debug:
        for book in result_failed:
            if book.traceback:
                echo(book.traceback.rstrip(), err=True)


def rollup_lines(result: RollupResult) -> list[tuple[str, bool]]:
    """Warnings, missing verksamheter, the counts per KF ÖG mål and per verksamhet, files."""
    from ...rollup.frames import economy_sentence, rollup_sentence

    collected, tables = result.collected, result.tables
    lines = [(f"varning: {warning}", True) for warning in collected.warnings]
    for item in collected.missing:
        lines.append((f"saknas: {item.name}: {item.reason}", True))
    lines.append((result.title, False))
    for kf, summary in tables.kf_summaries():
        lines.append((f"{kf}: {rollup_sentence(summary)}", False))
    lines.append((f"Sammanfattning {collected.period}: {rollup_sentence(tables.summary())}",
                  False))
    for name, now, before in tables.verksamhet_summaries():
        change = ""
        if before is not None:
            change = f" ({previous_note(tables.previous.get(name), before)})"
        lines.append((f"  {name}: {rollup_sentence(now)}{change}", False))
    economy = tables.summary(tables.economy_goals())
    lines.append((f"God ekonomisk hushållning: {economy_sentence(economy)}", False))
    lines += [(note, False) for note in result.notes]
    lines += [(f"Skrev {path}", False) for path in result.outputs]
    lines += [(f"vp-excel: {message}", True) for message in result.refused]
    # The kommun's names in them: a line break typed in a cell must not start a new line.
    return [(one_line(text), err) for text, err in lines]


def previous_note(period: str | None, before: Summary) -> str:
    """"föregående period Delår 1 2025: 2 av 5 GRÖNA (40%)"; none green is said in words,
    not as the plan's "-%", which reads as a missing value here."""
    label = f"föregående period {period}" if period else "föregående period"
    green = before.counts[GREEN]
    if not before.total:
        return f"{label}: inga mål"
    if not green:
        return f"{label}: ingen av {before.total} GRÖN"
    word = "GRÖN" if green == 1 else "GRÖNA"
    return f"{label}: {green} av {before.total} {word} ({format_percent(before.share(GREEN))})"


def run_sammanstall(paths: list[Path], echo: Echo, debug: bool = False, **options
                    ) -> RollupResult:
    for line in skipped_in_folders(paths):
        echo(line, err=True)
    with workbook_pool(paths) as pool:
        result = sammanstall(paths, executor=pool, **options)
    _debug_tracebacks(result.collected.failed, echo, debug)
    for text, err in rollup_lines(result):
        echo(text, err=err)
    return result


def run_export(paths: list[Path], echo: Echo, debug: bool = False, **options) -> ExportResult:
    for line in skipped_in_folders(paths):
        echo(line, err=True)
    with workbook_pool(paths) as pool:
        result = export(paths, executor=pool, **options)
    _debug_tracebacks(result.collected.failed, echo, debug)
    for warning in result.collected.warnings:
        echo(f"varning: {warning}", err=True)
    for item in result.collected.missing:
        echo(f"saknas: {item.name}: {item.reason}", err=True)
    books = len(result.collected.books)
    echo(f"{result.rows} rader (mål × perioder) från {books} "
         f"{'arbetsbok' if books == 1 else 'arbetsböcker'}.")
    for path in result.outputs:
        echo(f"Skrev {path}")
    return result
