"""The library's entry points: check, build and init. The CLI is a thin layer over these.

Pure calls: they change no process state (no garbage-collector tuning, no fork, no exit), so a
web app, a notebook or a thread may call them. The command line's speed tricks live in
`cli.py`, `batch.py`, `forked.py` and `gcpolicy.py`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_output, atomic_outputs, refuse_input_as_output
from .errors import Location, OutputExists, ValidationFailed
from .model import Period, Plan, Problem, Settings
from .reader import read_plan
from .rules import Evaluation, evaluate

FORMATS = ("xlsx", "docx")
DEFAULT_OUTPUT_DIR = Path("output")

# How `build` may run the Word writer while it writes the report workbook: given the work,
# start it and return (wait for its result, cancel it). The command line passes
# forked.run_beside; by default the work simply runs when its result is asked for.
Beside = Callable[[Callable[[], list[str]]],
                  tuple[Callable[[], list[str]], Callable[[], None]]]


def in_turn(work: Callable[[], list[str]]) -> tuple[Callable[[], list[str]], Callable[[], None]]:
    """The default `Beside`: no second process; the work runs when its result is wanted."""
    return work, lambda: None


@dataclass
class CheckResult:
    plan: Plan
    problems: list[Problem]
    evaluation: Evaluation

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class BuildResult:
    source: Path
    check: CheckResult
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check(path: str | Path, period: str | None = None) -> CheckResult:
    """Read and validate an arbetsbok and assess every goal for `period` (default: the
    workbook's Rapportperiod; an unknown name raises UnknownPeriod)."""
    plan, problems = read_plan(path)
    return CheckResult(plan, problems, evaluate(plan, period))


def slug(text: str) -> str:
    """A file-name part: "Delår 2 2025" -> "delar-2-2025"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "period"


def output_paths(source: Path, period: str, out_dir: Path) -> dict[str, Path]:
    stem = f"{source.stem}-{slug(period)}"
    return {fmt: out_dir / f"{stem}.{fmt}" for fmt in FORMATS}


def build(path: str | Path, period: str | None = None,
          out_dir: str | Path = DEFAULT_OUTPUT_DIR, formats: tuple[str, ...] = FORMATS,
          template: str | Path | None = None, pdf: bool = False, *,
          beside: Beside = in_turn) -> BuildResult:
    """Check the arbetsbok and write the report workbook and/or the Word report.

    Raises ValidationFailed (with the problems) when the workbook has errors; nothing is
    written then. Every output is written atomically. `beside` decides how the Word report
    is written when both are wanted (default: after the workbook, in this process).
    """
    source = Path(path)
    result = check(source, period)
    if result.errors:
        failure = ValidationFailed(
            f"arbetsboken har {len(result.errors)} fel; ingen rapport skrevs. Rätta dem och "
            "kör igen.", Location(str(source)))
        failure.problems = result.problems
        raise failure
    targets = output_paths(source, result.evaluation.period, Path(out_dir))
    for fmt in formats:
        refuse_input_as_output(targets[fmt], [source])
        if template:
            refuse_input_as_output(targets[fmt], [Path(template)])
    built = BuildResult(source, result)
    wanted = [fmt for fmt in FORMATS if fmt in formats]
    # The pair lands together: a failure in either leaves both previous files as they were.
    with atomic_outputs([targets[fmt] for fmt in wanted]) as temps:
        temp = dict(zip(wanted, temps))
        document: Callable[[], list[str]] | None = None
        cancel: Callable[[], None] | None = None
        if "docx" in temp:
            from .writers.docx import write_document

            def write_docx() -> list[str]:
                return write_document(result.evaluation, temp["docx"],
                                      template=Path(template) if template else None)

            document, cancel = beside(write_docx) if "xlsx" in temp else (write_docx, None)
        try:
            if "xlsx" in temp:
                from .writers.xlsx import write_report_workbook

                write_report_workbook(result.evaluation, temp["xlsx"])
        except BaseException:
            if cancel is not None:
                cancel()
            raise
        if document is not None:
            built.warnings.extend(document())
    built.outputs.extend(targets[fmt] for fmt in wanted)
    if "docx" in formats and pdf:
        from .libreoffice import convert_to_pdf

        pdf_target = targets["docx"].with_suffix(".pdf")
        convert_to_pdf(targets["docx"], pdf_target)
        built.outputs.append(pdf_target)
    return built


def empty_plan(year: int | None = None) -> Plan:
    """The skeleton `init` writes: placeholder settings and the usual three periods."""
    year = year or dt.date.today().year
    settings = Settings(kommun="", verksamhet="", year=year,
                        report_period=f"Delår 1 {year}")
    periods = [Period(f"Delår 1 {year}", year, 1, 4), Period(f"Delår 2 {year}", year, 1, 8),
               Period(f"Helår {year}", year, 1, 12)]
    return Plan(settings, periods)


def init_workbook(path: str | Path, force: bool = False, year: int | None = None) -> Path:
    """Write an empty arbetsbok with drop-downs and instructions. Refuses to overwrite
    an existing file unless `force`."""
    from .writers.xlsx import write_arbetsbok

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    if target.exists() and not force:
        raise OutputExists("filen finns redan. Välj ett annat namn eller lägg till --force "
                           "för att skriva över den.", Location(str(target)))
    with atomic_output(target) as temp:
        write_arbetsbok(empty_plan(year), temp)
    return target
