"""Gather many workbooks' records into one roll-up: match goals and periods, find the
missing, refuse duplicates. Pure over the records; reading them is the caller's `executor`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import BrokenExecutor, Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, ValidationFailed, VpExcelError
from ..model import match_period
from ..text import name_key
from .matching import Spelling, match_goal_names, most_common, most_common_name
from .records import WorkbookRecords, read_workbook


class DuplicateVerksamhet(VpExcelError):
    """Two workbooks for the same verksamhet in one roll-up."""


class NoWorkbooksToRollUp(VpExcelError):
    """Every workbook failed or lacks the period: there is nothing to roll up."""


@dataclass(frozen=True)
class Missing:
    """A verksamhet (or file) left out of the roll-up, and why, in Swedish."""

    name: str
    reason: str


@dataclass
class Collected:
    """The workbooks that take part, with the period each calls the chosen one."""

    period: str
    kommun: str
    books: list[WorkbookRecords] = field(default_factory=list)
    local_period: dict[Path, str] = field(default_factory=dict)
    canonical_kf: dict[str, str] = field(default_factory=dict)  # name_key -> name
    missing: list[Missing] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[WorkbookRecords] = field(default_factory=list)  # for --debug tracebacks

    def kf_name(self, written: str) -> str:
        return self.canonical_kf.get(name_key(written), written.strip())


def read_all(paths: list[Path], executor: Executor | None = None
             ) -> Iterator[WorkbookRecords]:
    """Each workbook's records, in the order given; through `executor.map` when given (the
    command line passes a process pool), else one after the other in this process."""
    if executor is None:
        return map(read_workbook, paths)
    return _read_in(executor, paths)


def _read_in(executor: Executor, paths: list[Path]) -> Iterator[WorkbookRecords]:
    """Through the executor, in order. A worker that dies (the out-of-memory killer, a
    crash in a C library) breaks the whole pool and every workbook still in it: each of
    those is read again alone in a fresh process, so the one that kills its reader is
    named and the others are read."""
    futures: list[Future[WorkbookRecords] | None] = []
    for path in paths:
        try:
            futures.append(executor.submit(read_workbook, path))
        except (BrokenExecutor, RuntimeError):  # broken already, or shut down
            futures.append(None)
    for path, future in zip(paths, futures):
        try:
            if future is None:
                raise BrokenExecutor
            yield future.result()
        except BrokenExecutor:
            yield _read_alone(Path(path))


def _read_alone(path: Path) -> WorkbookRecords:
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1) as alone:
            return alone.submit(read_workbook, path).result()
    except BrokenExecutor:
        return WorkbookRecords(path, ok=False, error=(
            f"{path.name}: processen som läste arbetsboken stoppades av systemet (t.ex. för "
            "att minnet tog slut); arbetsboken lästes inte. Försök igen med färre program "
            "öppna, eller dela upp arbetsboken."))


def _fail(book: WorkbookRecords) -> VpExcelError:
    failure = ValidationFailed(book.error + " Lägg till --hoppa-over-fel för att fortsätta "
                               "utan den.", Location())
    failure.problems = book.problems
    return failure


def collect(records: Iterable[WorkbookRecords], period: str | None = None,
            skip_errors: bool = False, require_period: bool = True) -> Collected:
    """Choose the period, match the KF ÖG mål, list what is missing. A workbook that
    cannot be read stops the roll-up with its message unless `skip_errors`. Without
    `require_period` (the export, which takes every period) no workbook is left out for
    lacking the period, and one verksamhet may come in several workbooks."""
    readable: list[WorkbookRecords] = []
    missing: list[Missing] = []
    failed: list[WorkbookRecords] = []
    for book in records:
        if book.ok:
            readable.append(book)
            continue
        if not skip_errors:
            raise _fail(book)
        failed.append(book)
        name = f"{book.verksamhet} ({book.path.name})" if book.verksamhet else book.path.name
        missing.append(Missing(name,
                               book.error.removeprefix(f"{book.path.name}: ")))
    if require_period:  # an export may hold one verksamhet's plans of several years
        _refuse_duplicates(readable)
    warnings: list[str] = []
    chosen = period.strip() if period else _common_period(readable, warnings)
    kommun = most_common_name([book.kommun for book in readable])
    # Other kommuner by name_key, not by spelling: a full-width letter or a double space is
    # the same kommun.
    others = sorted({book.kommun for book in readable
                     if book.kommun and name_key(book.kommun) != name_key(kommun)})
    if others:
        warnings.append(f"arbetsböckerna anger olika kommuner ({kommun}, " + ", ".join(others)
                        + f"); sammanställningen gäller {kommun}.")
    collected = Collected(chosen, kommun, missing=missing, warnings=warnings, failed=failed)
    for book in readable:
        collected.warnings.extend(str(problem) for problem in book.warnings)
        local = match_period(book.periods, chosen)
        if local is None and require_period:
            reason = (f'perioden "{chosen}" finns inte i {book.path.name} (den har '
                      + ", ".join(book.periods) + ").")
            collected.missing.append(Missing(book.name, reason))
            collected.warnings.append(f"{book.name} saknas i sammanställningen: {reason}")
            continue
        collected.books.append(book)
        if local is not None:
            collected.local_period[book.path] = local
    if period and collected.local_period:
        # As the workbooks write it ("Delår 2 2025"), not as typed (--period "delår 2 2025").
        collected.period = most_common(list(collected.local_period.values()))
    if not collected.books:
        # With no workbook read there is no period to name ('för perioden ""' misled).
        if require_period:
            which = f' för perioden "{chosen}"' if chosen else " (ingen gick att läsa)"
            nothing = f"ingen arbetsbok kunde sammanställas{which}. "
        else:  # the export takes every period: only an unreadable workbook is left out
            nothing = "ingen arbetsbok kunde exporteras (ingen gick att läsa). "
        raise NoWorkbooksToRollUp(
            nothing
            + " ".join(f"{m.name}: {m.reason.rstrip('.')}." for m in collected.missing))
    spellings = [Spelling(goal.kf_goal, goal.kf_location)
                 for book in collected.books for goal in book.goals]
    collected.canonical_kf, typo_warnings = match_goal_names(spellings)
    collected.warnings.extend(typo_warnings)
    return collected


def _refuse_duplicates(books: list[WorkbookRecords]) -> None:
    first: dict[str, WorkbookRecords] = {}
    for book in books:
        key = f"{name_key(book.kommun)}/{name_key(book.name)}"
        other = first.setdefault(key, book)
        if other is not book:
            raise DuplicateVerksamhet(
                f"{book.path.name} och {other.path.name} är båda verksamheten {book.name}; "
                "en verksamhet kan bara sammanställas en gång. Ta bort den ena arbetsboken "
                "(eller rätta Verksamhet i Inställningar).", Location(str(book.path)))


def _common_period(books: list[WorkbookRecords], warnings: list[str]) -> str:
    """The report period most workbooks name (the first on a tie)."""
    by_key: dict[str, str] = {}
    for book in books:
        by_key.setdefault(name_key(book.report_period), book.report_period)
    keys = [name_key(book.report_period) for book in books]
    chosen = by_key[most_common(keys)] if keys else ""
    if len(by_key) > 1:
        warnings.append("arbetsböckerna har olika rapportperioder (" + ", ".join(by_key.values())
                        + f"); sammanställningen gäller {chosen}. Välj en annan med --period.")
    return chosen
