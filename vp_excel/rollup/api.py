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

from ..atomic import atomic_outputs, fit_stem, refuse_input_as_output
from ..errors import VpExcelError
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
    notes: list[str] = field(default_factory=list)  # e.g. a file name cut to fit


def _slug(text: str) -> str:
    from ..api import slug

    return slug(text)


def default_title(collected: Collected) -> str:
    """Sammanställning Delår 2 2025 – Exempelby kommun."""
    kommun = collected.kommun
    return f"Sammanställning {collected.period}" + (f" – {kommun}" if kommun else "")


def sammanstall(paths: list[Path], period: str | None = None,
                out_dir: str | Path = DEFAULT_OUTPUT_DIR, title: str | None = None,
                skip_errors: bool = False, executor: Executor | None = None) -> RollupResult:
    """Roll up every workbook's plan for `period` into `<kommun>-sammanstallning-<period>`
    .xlsx and .docx in `out_dir`. Raises a `VpExcelError` for a workbook that cannot be read
    (unless `skip_errors`: then the report lists it as missing) and for two workbooks of
    the same verksamhet; nothing is written then."""
    from ..batch import expand_inputs
    from .frames import tables

    workbooks = expand_inputs([Path(p) for p in paths])
    collected = collect(read_all(workbooks, executor), period, skip_errors)
    found = tables(collected)
    result = RollupResult(collected, found, title.strip() if title else default_title(collected))
    stem, cut = fit_stem(_slug(collected.kommun or "kommun"),
                         f"-sammanstallning-{_slug(collected.period)}", Path(out_dir))
    if cut:
        result.notes.append(cut)
    targets: list[str | Path] = [Path(out_dir) / f"{stem}.xlsx", Path(out_dir) / f"{stem}.docx"]
    for target in targets:
        refuse_input_as_output(Path(target), workbooks)
    from ..writers.docx.rollup import write_rollup_document
    from ..writers.xlsx.rollup import write_rollup_workbook

    with atomic_outputs(targets) as (xlsx_temp, docx_temp):
        write_rollup_workbook(result, xlsx_temp)
        write_rollup_document(result, docx_temp)
    result.outputs.extend(Path(target) for target in targets)
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
    from ..batch import expand_inputs
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

