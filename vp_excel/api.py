"""The library's entry points: check, build and init. The CLI is a thin layer over these.

Pure calls: they change no process state (no garbage-collector tuning, no fork, no exit), so a
web app, a notebook or a thread may call them. The command line's speed tricks live in
`cli.py`, `batch.py`, `forked.py` and `gcpolicy.py`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_output, atomic_outputs, refuse_input_as_output
from .errors import Location, OutputExists, ValidationFailed
from .gaps import empty_section_warnings
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
    notes: list[str] = field(default_factory=list)  # e.g. each value fetched from Kolada


def check(path: str | Path, period: str | None = None, *, kommun: str | None = None,
          verksamhet: str | None = None, year: int | None = None,
          columns: Sequence[str] = (), statuses: Sequence[str] = ()) -> CheckResult:
    """Read and validate a plan workbook (an arbetsbok or the kommun's own) and assess every
    goal for `period` (default: the workbook's Rapportperiod; an unknown name raises
    UnknownPeriod). `kommun`, `verksamhet` and `year` win over what the workbook says;
    `columns` ("Fokusmål=KS mål") and `statuses` ("Uppnått i hög grad=GRÖN") are mapping lines
    for the kommun's own table, winning over its vp-excel sheet and vp-excel.toml."""
    plan, problems = read_plan(path, kommun=kommun, verksamhet=verksamhet, year=year,
                               columns=columns, statuses=statuses)
    problems = problems + empty_section_warnings(plan)
    return CheckResult(plan, problems, evaluate(plan, period))


def _fix_them(errors: int) -> str:
    return "Rätta det" if errors == 1 else "Rätta dem"


def slug(text: str) -> str:
    """A file-name part that reads right in Swedish: "Delår 2 2025" -> "delår-2-2025".

    Letters stay letters (composed, NFC, so å is one character on every file system);
    anything else between them becomes one hyphen."""
    composed = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[\W_]+", "-", composed).strip("-") or "period"


def output_paths(source: Path, period: str, out_dir: Path) -> dict[str, Path]:
    stem = f"{source.stem}-{slug(period)}"
    return {fmt: out_dir / f"{stem}.{fmt}" for fmt in FORMATS}


def build(path: str | Path, period: str | None = None,
          out_dir: str | Path = DEFAULT_OUTPUT_DIR, formats: tuple[str, ...] = FORMATS,
          template: str | Path | None = None, pdf: bool = False,
          document: str | None = None, kolada: bool = False,
          offline: bool = False, *, kommun: str | None = None, verksamhet: str | None = None,
          year: int | None = None, columns: Sequence[str] = (), statuses: Sequence[str] = (),
          beside: Beside = in_turn) -> BuildResult:
    """Check the arbetsbok and write the report workbook and/or the Word report.

    `document` (verksamhetsplan, delarsrapport, arsrapport) chooses the Word document; by
    default the period decides (see `writers.docx.kinds.document_kind`). With `kolada`, the
    empty outcomes of indicators with a Kolada-id are fetched first (`offline`: from the cache
    only); Kolada's problems are warnings and the build goes on. Raises ValidationFailed (with
    the problems) when the workbook has errors; nothing is written then. Every output is
    written atomically. `beside` decides how the Word report is written when both are wanted
    (default: after the workbook, in this process).
    """
    source = Path(path)
    result = check(source, period, kommun=kommun, verksamhet=verksamhet, year=year,
                   columns=columns, statuses=statuses)
    if result.errors:
        failure = ValidationFailed(
            f"arbetsboken har {len(result.errors)} fel; ingen rapport skrevs. "
            f"{_fix_them(len(result.errors))} och kör igen.",
            Location(str(source)))
        failure.problems = result.problems
        raise failure
    notes: list[str] = []
    if kolada:
        from .kolada import fill_from_kolada, filled_lines

        report = fill_from_kolada(result.plan, result.evaluation.period, offline=offline)
        result.problems.extend(report.problems)
        result.evaluation = evaluate(result.plan, result.evaluation.period)
        notes = filled_lines(report, result.evaluation)
    targets = output_paths(source, result.evaluation.period, Path(out_dir))
    for fmt in formats:
        refuse_input_as_output(targets[fmt], [source])
        if template:
            refuse_input_as_output(targets[fmt], [Path(template)])
    built = BuildResult(source, result, notes=notes)
    wanted = [fmt for fmt in FORMATS if fmt in formats]
    # The pair lands together: a failure in either leaves both previous files as they were.
    with atomic_outputs([targets[fmt] for fmt in wanted]) as temps:
        temp = dict(zip(wanted, temps))
        word_report: Callable[[], list[str]] | None = None
        cancel: Callable[[], None] | None = None
        if "docx" in temp:
            from .writers.docx import write_document

            def write_docx() -> list[str]:
                return write_document(result.evaluation, temp["docx"],
                                      template=Path(template) if template else None,
                                      kind=document)

            word_report, cancel = beside(write_docx) if "xlsx" in temp else (write_docx, None)
        try:
            if "xlsx" in temp:
                from .writers.xlsx import write_report_workbook

                write_report_workbook(result.evaluation, temp["xlsx"])
        except BaseException:
            if cancel is not None:
                cancel()
            raise
        if word_report is not None:
            built.warnings.extend(word_report())
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


def init_from(source: str | Path, path: str | Path, year: int | None = None,
              force: bool = False) -> Path:
    """A full arbetsbok made from any workbook the reader can read (the kommun's own, or an
    arbetsbok), every word kept. With `year` other than the plan's: next year's arbetsbok
    (see `rollover`). The source is only read."""
    from .rollover import roll_over
    from .writers.xlsx import write_report_workbook

    source = Path(source)
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    refuse_input_as_output(target, [source])
    if target.exists() and not force:
        raise OutputExists("filen finns redan. Välj ett annat namn eller lägg till --force "
                           "för att skriva över den.", Location(str(target)))
    plan, problems = read_plan(source)
    errors = [p for p in problems if p.is_error]
    if errors:
        failure = ValidationFailed(
            f"arbetsboken har {len(errors)} fel; ingen ny arbetsbok skrevs. "
            f"{_fix_them(len(errors))} och kör igen.", Location(str(source)))
        failure.problems = problems
        raise failure
    if year and year != plan.settings.year:
        plan = roll_over(plan, year)
    with atomic_output(target) as temp:
        # The report workbook is a full arbetsbok: every word, with live status formulas.
        write_report_workbook(evaluate(plan), temp)
    return target


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


# The whole kommun: many workbooks into one roll-up or one export (pandas loads inside them).
# At the end: the roll-up modules import this one (check, slug).
from .rollup.api import export, sammanstall  # noqa: E402, F401
