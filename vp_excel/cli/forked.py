"""Run one piece of work in a forked copy of this process while the caller goes on.

A command-line speed trick: for a single workbook the command line passes `run_beside` to
`api.build(beside=...)`, which then writes the Word report on the second core while this
process writes the report workbook; the fork already holds the read plan, so nothing is read
or sent twice. The library never forks by itself, nor do the batch's worker processes.

The fork is not free in memory: both processes write into pages they share (reference counts,
new objects in freed space), so the copy grows towards this process's size. For a region's
plan that nearly doubled the peak (build of 10 000 goals: 740 MB forked against 456 MB in
turn, hand measurement 2026-12-05), so above FORK_MAX_RESIDENT_MB the command line runs the
work in turn instead (`run_beside_unless_large`): the same CPU time, more wall time.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# This process's resident size above which the work is not forked. When the Word report
# starts, kommun×4 (4 000 goals) holds about 110 MB and 10 000 goals about 200 MB (the lxml
# reader, 2026-12-05); at 200 MB the 10 000-goal build forked and peaked at 361 MB against
# 218 MB in turn, so the line sits between them with room on both sides.
FORK_MAX_RESIDENT_MB = 150


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resident_mb() -> float:
    """This process's resident memory in MB (Linux /proc; 0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _die_with(parent: int) -> None:
    """End this fork when `parent` ends, however it ends (SIGTERM, SIGKILL, the
    out-of-memory killer): Linux's parent-death signal, else a watching thread."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent ended before the signal was set
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="vp-excel-parent-watch", daemon=True).start()


def run_beside_unless_large(work: Callable[[], T]) -> tuple[Callable[[], T],
                                                          Callable[[], None]]:
    """`run_beside`, or in turn (work runs when `result()` is called) when this process is
    already larger than FORK_MAX_RESIDENT_MB: what the command line's build uses."""
    if resident_mb() > FORK_MAX_RESIDENT_MB:
        # What reading left in reference cycles would, with the command line's raised
        # thresholds (gcpolicy), live to the end: collected now, the writers reuse its memory
        # instead of adding theirs on top. The resident size hardly falls here; the writers'
        # peak does (stress: 295 → 238 MB, with the lxml reader 252 → 214 MB, for 0.3 s of
        # CPU; bench/floor.py memory, 2026-12-05).
        gc.collect()
        return work, lambda: None
    return run_beside(work)


def run_beside(work: Callable[[], T]) -> tuple[Callable[[], T], Callable[[], None]]:
    """Start `work()` in a fork; return (result, cancel).

    `result()` waits and gives work()'s return value or raises its error; `cancel()` stops the
    fork. Without fork (Windows) or a second core, `work` simply runs when `result()` is called.
    """
    if not hasattr(os, "fork") or _cores() < 2:
        return work, lambda: None
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the fork: do the work, send back the result or the error, leave at once
        os.close(read_end)
        _die_with(parent)
        payload: tuple[bool, object]
        try:
            payload = (True, work())
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            payload = (False, exc)
        try:
            data = pickle.dumps(payload)
        except Exception:  # an error that does not pickle travels as text
            data = pickle.dumps((False, RuntimeError(f"{type(payload[1]).__name__}: "
                                                     f"{payload[1]}")))
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(write_end)
    reader = os.fdopen(read_end, "rb")

    def result() -> T:
        with reader:
            data = reader.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("hjälpprocessen avbröts oväntat (kanske slut på minne)")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

    def cancel() -> None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        reader.close()

    return result, cancel
