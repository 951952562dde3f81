"""How often Python's cyclic garbage collector runs in a vp-excel command-line process.

A command-line speed trick: `cli.main` and the batch workers use it; the library (`api`)
never touches the collector."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Python's cyclic garbage collector runs a full collection over every live object now and
# then. A build keeps the whole plan alive to the end and allocates hundreds of thousands of
# cells, XML elements and formulas, so with the default thresholds (700, 10, 10) the same
# long-lived objects are scanned again and again: at kommun size that was a quarter of the
# reading time and a fifth of the writing, and the share grows with the workbook. Collecting
# the young generation every 100 000 allocations instead of every 700 keeps the reclaiming of
# short-lived cycles while the full scans nearly disappear; memory grows by a few per cent.
GC_THRESHOLDS = (100_000, 50, 1000)


def raise_thresholds() -> None:
    """Keep the raised thresholds for the rest of this process (a batch worker's start).

    The objects a forked worker inherits (every module the command line imported) are
    frozen out of the collector: the worker collects after each workbook (batch.build_one),
    and a full collection over them cost some 5 ms a workbook (a folder of 3 000 broken
    workbooks took 15 s instead of 6)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the garbage collector's thresholds for a stretch (restored afterwards).

    When the old thresholds come back, the collector catches up at the next allocation: a
    full collection over everything left behind (0,2 s at kommun×4). The command line, which
    exits at once, stays inside one `fewer_collections` for its whole run (cli.main) and so
    never pays it."""
    old = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
