"""The library's entry points for the whole kommun: `sammanstall` and `export`.

Both read every workbook through `collect.read_all` (an `executor` such as a process pool
reads them in parallel; without one they are read here, one after the other) and change no
process state. pandas loads inside the calls, so importing this module stays cheap.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import writers
from ..atomic import atomic_outputs, fit_stem, refuse_input_as_output
from ..errors import OutputNotWritable, VpExcelError
from ..inputs import ROLLUP_INFIX, expand_inputs
from ..paths import held_open_message, owner_file
from ..text import slug
from .collect import Collected, collect, read_all

if TYPE_CHECKING:  # pandas only when a roll-up runs
    from .frames import RollupTables

DEFAULT_OUTPUT_DIR = Path("output")


class ExportTargetMissing(VpExcelError):
    """`export` was given no --csv and no --xlsx."""


@dataclass
class RollupResult:
    collected: Collected
    tables: RollupTables
    title: str
    outputs: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # outputs open in Word or Excel, unwritten
    notes: list[str] = field(default_factory=list)  # e.g. a file name cut to fit


def default_title(collected: Collected) -> str:
    """Sammanställning Delår 2 2025 – Exempelby kommun."""
    kommun = collected.kommun
    return f"Sammanställning {collected.period}" + (f" – {kommun}" if kommun else "")


def sammanstall(paths: list[Path], period: str | None = None,
                out_dir: str | Path = DEFAULT_OUTPUT_DIR, title: str | None = None,
                skip_errors: bool = False, executor: Executor | None = None,
                formats: tuple[str, ...] | None = None) -> RollupResult:
    """Roll up every workbook's plan for `period` into `<kommun>-sammanstallning-<period>`
    .xlsx and .docx in `out_dir`: each of `formats` that has a roll-up writer (default: those
    written by default, `writers.rollup_formats()`). Raises a `VpExcelError` for a workbook
    that cannot be read (unless `skip_errors`: then the report lists it as missing) and for
    two workbooks of the same verksamhet; nothing is written then."""
    from .frames import tables

    workbooks = expand_inputs([Path(p) for p in paths])
    collected = collect(read_all(workbooks, executor), period, skip_errors)
    found = tables(collected)
    result = RollupResult(collected, found, title.strip() if title else default_title(collected))
    # A kommun named in symbols only ("???") names no file: the first input's name does.
    name = slug(collected.kommun, fallback="") or slug(Path(paths[0]).stem, fallback="kommun")
    stem, cut = fit_stem(name,
                         f"{ROLLUP_INFIX}{slug(collected.period)}", Path(out_dir))
    if cut:
        result.notes.append(cut)
    wanted = [fmt for fmt in writers.rollup_formats(all_formats=True)
              if fmt in (formats or writers.rollup_formats())]
    targets = {fmt: Path(out_dir) / f"{stem}.{fmt}" for fmt in wanted}
    for target in targets.values():
        refuse_input_as_output(target, workbooks)
    # A report open in Word or Excel is left alone; the others are still written.
    for fmt in list(wanted):
        owner = owner_file(targets[fmt])
        if owner is not None:
            result.refused.append(held_open_message(targets[fmt], owner))
            wanted.remove(fmt)
    if not wanted:
        raise OutputNotWritable(" ".join(result.refused))
    with atomic_outputs([targets[fmt] for fmt in wanted]) as temps:
        for fmt, temp in zip(wanted, temps):
            collected.warnings.extend(writers.write_rollup(fmt, result, Path(temp)))
    result.outputs.extend(targets[fmt] for fmt in wanted)
    return result


@dataclass
class ExportResult:
    collected: Collected
    rows: int
    outputs: list[Path] = field(default_factory=list)


def export(paths: list[Path], csv: str | Path | None = None, xlsx: str | Path | None = None,
           skip_errors: bool = False, executor: Executor | None = None) -> ExportResult:
    """One tidy table, one row per goal and period of every workbook, as a CSV for Swedish
    Excel and Power BI (semicolon, decimal comma, UTF-8 with BOM) and/or an Excel table."""
    from ..writers.export import write_csv, write_xlsx
    from .frames import export_frame

    if csv is None and xlsx is None:
        raise ExportTargetMissing("ange --csv FIL eller --xlsx FIL (eller båda).")
    workbooks = expand_inputs([Path(p) for p in paths])
    if csv is not None and xlsx is not None and _same_target(Path(csv), Path(xlsx)):
        raise ExportTargetMissing(f"--csv och --xlsx är samma fil ({csv}); ange två olika "
                                  "filer, den ena skulle annars skriva över den andra.")
    for target, flag in ((csv, "--csv"), (xlsx, "--xlsx")):
        if target is not None:
            refuse_input_as_output(Path(target), workbooks, f"Ange en annan fil med {flag}")
    records = list(read_all(workbooks, executor))
    # Every period of every workbook is exported, so no period is chosen or required here.
    collected = collect(records, period=_any_period(records), skip_errors=skip_errors,
                        require_period=False)
    frame = export_frame(collected.books, collected.kommun, collected.canonical_kf)
    result = ExportResult(collected, len(frame))
    writers = [(Path(t), write) for t, write in ((csv, write_csv), (xlsx, write_xlsx))
               if t is not None]
    # Both land together or neither: a failure in one leaves no lone half of the pair.
    flags = " eller ".join(flag for t, flag in ((csv, "--csv"), (xlsx, "--xlsx"))
                           if t is not None)
    with atomic_outputs([target for target, _write in writers],
                        f"Ange en annan fil med {flags}") as temps:
        for (_target, write), temp in zip(writers, temps):
            write(frame, temp)
    result.outputs.extend(target for target, _write in writers)
    return result


def _same_target(a: Path, b: Path) -> bool:
    from ..atomic import same_file

    return same_file(a, b) or a.absolute() == b.absolute()


def _any_period(records: list) -> str:
    return next((book.report_period for book in records if book.ok), "")

