"""Build several arbetsböcker in one run; one broken workbook does not stop the others.

One workbook is built in this process, its Word report written in a fork beside the report
workbook (forked.run_beside). Several are built in parallel worker processes
(`ProcessPoolExecutor`, one worker per core at most); a worker writes its two reports in turn
and never forks again, so N cores run N builds. Workers keep the command line's garbage
collector thresholds (gcpolicy), set once when each starts. A worker sends back only plain
strings – the lines to print and the one Swedish error message – so nothing but `str`
and `bool` has to cross the process boundary, whatever the error class looks like.

Output is deterministic: each workbook's lines, and its progress line "[2/5] namn.xlsx klar"
on stderr, are printed in the order the workbooks were given, whichever finishes first. On a
terminal a progress bar below them counts the workbooks finished so far.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import VpExcelError, internal_error_message
from ..inputs import expand_inputs, skipped_in_folders
from . import gcpolicy

if TYPE_CHECKING:
    from ..api import BuildResult

Echo = Callable[..., None]


@dataclass
class Outcome:
    """What building one workbook gave, as plain data that pickles."""

    path: Path
    ok: bool
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, to stderr)
    traceback: str = ""  # a bug's traceback, shown only with --debug
    index_entry: dict | None = None  # the web page's line in index.html (plain data)


def worker_count(jobs: int) -> int:
    """One worker per core this process may run on, never more than there are workbooks."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(jobs, cores))


# --- one workbook -----------------------------------------------------------------------

def _build(path: Path, fork_word_report: bool = False, **options: Any) -> BuildResult:
    from ..api import build, in_turn
    from .forked import run_beside_unless_large

    return build(path, beside=run_beside_unless_large if fork_word_report else in_turn,
                 **options)


def _result_lines(result) -> list[tuple[str, bool]]:
    """What a built workbook prints: its warnings, the summary, the writers' warnings and
    the files written."""
    from .terminal import format_problems, format_summary

    lines = [(line, False) for line in format_problems(result.check.warnings)]
    lines += [(line, False) for line in getattr(result, "notes", [])]
    lines += [(line, False) for line in format_summary(result.check.evaluation)]
    lines += [(f"varning: {warning}", False) for warning in result.warnings]
    lines += [(f"Skrev {output}", False) for output in result.outputs]
    lines += [(f"vp-excel: {message}", True) for message in getattr(result, "refused", [])]
    return lines


def error_lines(exc: VpExcelError) -> list[tuple[str, bool]]:
    """The problems behind a failed build, then its one message, all for stderr."""
    from .terminal import format_problems

    problems = [p for p in getattr(exc, "problems", None) or [] if p.is_error]
    return [(line, True) for line in format_problems(problems)] + [(f"vp-excel: {exc}", True)]


def build_one(path: Path, options: dict) -> Outcome:
    """Build one workbook and say what happened in strings (runs in a worker process)."""
    try:
        return _outcome(path, options)
    finally:
        # One process builds several workbooks in turn, and the command line keeps the
        # garbage collector's thresholds high (gcpolicy): free each workbook's reference
        # cycles (openpyxl's workbook and sheets) before the next one, or they pile up.
        gc.collect()


def _outcome(path: Path, options: dict) -> Outcome:
    try:
        result = _build(path, **options)
    except VpExcelError as exc:
        return Outcome(path, False, error_lines(exc))
    except Exception as exc:  # a bug: this workbook fails, the others go on
        message = f"vp-excel: {path.name}: {internal_error_message(exc)}"
        return Outcome(path, False, [(message, True)], traceback.format_exc())
    return Outcome(path, not result.refused, _result_lines(result),
                   index_entry=result.index_entry)


def build_single(path: Path, echo: Echo, **options) -> tuple[bool, dict | None]:
    """Build one workbook in this process; its error is raised as usual, so the CLI treats
    it like any other command's error (one message, its exit code, --debug traceback).
    Returns whether every output was written (False when one open in Word or Excel was left
    unwritten) and its web page's index line, if it wrote one."""
    result = _build(path, fork_word_report=True, **options)
    for text, err in _result_lines(result):
        echo(text, err=err)
    return not result.refused, result.index_entry


def _write_index(paths: list[Path], entries: list[dict], echo: Echo, options: dict) -> None:
    """A folder built with --html gets index.html beside the pages: the published view."""
    if not entries or not any(path.is_dir() for path in paths):
        return
    from ..api import DEFAULT_OUTPUT_DIR, write_index

    echo(f"Skrev {write_index(entries, options.get('out_dir', DEFAULT_OUTPUT_DIR))}")


# --- many workbooks ---------------------------------------------------------------------


def _duplicate_names(paths: list[Path]) -> dict[Path, Path]:
    """Workbooks whose reports would get the same file names as an earlier one's (named as
    Windows takes them: "plan:a" and "plan-a" would both write plan-a-…)."""
    from ..atomic import windows_name

    first: dict[str, Path] = {}
    clashes: dict[Path, Path] = {}
    for path in paths:
        other = first.setdefault(windows_name(path.stem).lower(), path)
        if other is not path:
            clashes[path] = other
    return clashes


def _outcomes(paths: list[Path], options: dict, jobs: int):
    """Yield (index, Outcome) as workbooks finish, building `jobs` at a time."""
    from concurrent.futures import BrokenExecutor, ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=gcpolicy.raise_thresholds)
    broken: list[int] = []
    try:
        futures = {pool.submit(build_one, path, options): i for i, path in enumerate(paths)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                yield index, future.result()
            except BrokenExecutor:  # a worker died (killed, out of memory): the pool with it
                broken.append(index)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    # Every workbook in the pool when a worker died failed with it: each is built again
    # alone, so only the one that kills its process is said to fail.
    for index in sorted(broken):
        yield index, _build_alone(paths[index], options)


def _build_alone(path: Path, options: dict) -> Outcome:
    from concurrent.futures import BrokenExecutor, ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1, initializer=gcpolicy.raise_thresholds) as alone:
            return alone.submit(build_one, path, options).result()
    except BrokenExecutor:
        return Outcome(path, False, [(
            f"vp-excel: {path.name}: arbetsboken kunde inte byggas; processen som byggde den "
            "stoppades av systemet (t.ex. för att minnet tog slut).", True)])


# --- the progress bar -------------------------------------------------------------------

BAR_WIDTH = 24


def progress_bar(finished: int, total: int, width: int = BAR_WIDTH,
                 ascii_only: bool = False) -> str:
    """The bar as text: "[██████░░░░░░] 2/4 arbetsböcker klara"."""
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    filled = width * finished // total if total else width
    return f"[{full * filled}{empty * (width - filled)}] {finished}/{total} arbetsböcker klara"


class TerminalBar:
    """A progress bar on the terminal's last line, redrawn in place, cleared before other
    output is printed so that it always stays below the workbooks' own lines."""

    def __init__(self, stream: TextIO, total: int):
        self.stream = stream
        self.total = total
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        self.ascii_only = not encoding.startswith("utf")  # e.g. a cp1252 console
        self.shown = 0  # characters on the line now

    def draw(self, finished: int) -> None:
        text = progress_bar(finished, self.total, ascii_only=self.ascii_only)
        self.stream.write("\r" + text.ljust(self.shown))
        self.stream.flush()
        self.shown = len(text)

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def run_builds(paths: list[Path], echo: Echo, debug: bool = False,
               bar_stream: TextIO | None = None, **options) -> list[Path]:
    """Build each workbook (in parallel when there are several) and print what happened.

    Returns the workbooks that failed. A single workbook is built in this process and its
    error is raised as usual, so the CLI treats it like any other command's error. With
    `bar_stream` (a terminal), several workbooks also get a progress bar there, counting
    the workbooks finished so far.
    """
    workbooks = expand_inputs(paths)
    for line in skipped_in_folders(paths):
        echo(line, err=True)
    if len(workbooks) == 1:
        written, entry = build_single(workbooks[0], echo, **options)
        _write_index(paths, [entry] if entry else [], echo, options)
        return [] if written else [workbooks[0]]

    total = len(workbooks)
    outcomes: list[Outcome | None] = [None] * total
    clashes = _duplicate_names(workbooks)
    for i, path in enumerate(workbooks):
        if path in clashes:
            outcomes[i] = Outcome(path, False, [(
                f"vp-excel: {path}: har samma namn som {clashes[path]}; rapporterna skulle skriva "
                "över varandra. Byt namn på den ena eller bygg dem var för sig med olika --out.",
                True)])
    pending = [i for i in range(total) if outcomes[i] is None]
    done = 0  # printed so far, in the order given
    bar = TerminalBar(bar_stream, total) if bar_stream is not None else None

    def flush() -> None:
        nonlocal done
        if bar is not None:
            bar.clear()
        while done < total:
            outcome = outcomes[done]
            if outcome is None:
                break
            for text, err in outcome.lines:
                echo(text, err=err)
            if debug and outcome.traceback:
                echo(outcome.traceback.rstrip(), err=True)
            word = "klar" if outcome.ok else "misslyckades"
            echo(f"[{done + 1}/{total}] {outcome.path.name} {word}", err=True)
            done += 1
        if bar is not None and done < total:
            # Finished, not printed: a later workbook may finish before an earlier one.
            bar.draw(sum(outcome is not None for outcome in outcomes))

    flush()
    if pending:
        jobs = worker_count(len(pending))
        if jobs == 1:
            stream = ((i, build_one(workbooks[i], options)) for i in pending)
        else:
            stream = ((pending[j], outcome) for j, outcome in
                      _outcomes([workbooks[i] for i in pending], options, jobs))
        for index, outcome in stream:
            outcomes[index] = outcome
            flush()

    failed = [o.path for o in outcomes if o is not None and not o.ok]
    summary = f"{total - len(failed)} av {total} arbetsböcker byggda"
    if failed:
        summary += (f"; {len(failed)} misslyckades: "
                    + ", ".join(path.name for path in failed))
    echo(summary + ".", err=True)
    _write_index(paths, [o.index_entry for o in outcomes if o is not None and o.index_entry],
                 echo, options)
    return failed
