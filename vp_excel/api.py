"""The library's entry points: check, build and init. The CLI is a thin layer over these.

Pure calls: they change no process state (no garbage-collector tuning, no fork, no exit), so a
web app, a notebook or a thread may call them. The command line's speed tricks live in
`cli.py`, `batch.py`, `forked.py` and `gcpolicy.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import reproducible, writers
from .atomic import atomic_output, atomic_outputs, fit_stem, refuse_input_as_output
from .errors import Location, OutputExists, OutputNotWritable, ValidationFailed
from .gaps import empty_section_warnings
from .model import Period, Plan, Problem, Settings
from .paths import held_open_message, owner_file
from .reader import read_plan
from .rollup.api import export, sammanstall  # noqa: F401 - the whole kommun, in rollup/
from .rules import Evaluation, evaluate
from .text import slug
from .writers import WriteOptions

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
    # The web page's line in a folder's index.html (plain data), when a page was written.
    index_entry: dict | None = None
    refused: list[str] = field(default_factory=list)  # outputs open in Word or Excel, unwritten


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
    from .writers.docx.kinds import report_date_warnings

    evaluation = evaluate(plan, period)
    problems = (problems + empty_section_warnings(plan)
                + report_date_warnings(plan, evaluation.period))
    return CheckResult(plan, problems, evaluation)


def _fix_them(errors: int) -> str:
    return "Rätta det" if errors == 1 else "Rätta dem"


_UNSEEN_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e"
                              "\u2060-\u2069\ufeff]")


def output_paths(source: Path, period: str, out_dir: Path,
                 periods: list[str] | tuple[str, ...] = (),
                 notes: list[str] | None = None) -> dict[str, Path]:
    """`<name>-<period>.<format>` for every registered format. A report workbook given as
    input already ends in a period of the plan (`…-helår-2024`): that ending is replaced,
    not doubled. A name too long for the file system is cut (said in `notes`)."""
    # Bidi and invisible characters kept from the input's name would make the report's
    # name read as something else ("plan\u202excod" shows as "plandocx").
    stem = _UNSEEN_IN_NAMES.sub("", source.stem) or "rapport"
    for name in sorted({period, *periods}, key=len, reverse=True):
        ending = f"-{slug(name)}"
        if unicodedata.normalize("NFC", stem).lower().endswith(ending) and len(stem) > len(ending):
            stem = stem[:-len(ending)]
            break
    stem, cut = fit_stem(stem, f"-{slug(period)}", out_dir)
    if cut and notes is not None:
        notes.append(cut)
    return {fmt: out_dir / f"{stem}.{fmt}" for fmt in writers.FORMATS}


def build(path: str | Path, period: str | None = None,
          out_dir: str | Path = DEFAULT_OUTPUT_DIR, formats: tuple[str, ...] | None = None,
          template: str | Path | None = None, pdf: bool = False,
          document: str | None = None, kolada: bool = False,
          offline: bool = False, *, kommun: str | None = None, verksamhet: str | None = None,
          year: int | None = None, columns: Sequence[str] = (), statuses: Sequence[str] = (),
          beside: Beside = in_turn) -> BuildResult:
    """Check the arbetsbok and write its reports: `formats` names them (default: every
    format `writers` writes by default, the report workbook and the Word report).

    `document` (verksamhetsplan, delarsrapport, arsrapport) chooses the Word document; by
    default the period decides (see `writers.docx.kinds.document_kind`). With `kolada`, the
    empty outcomes of indicators with a Kolada-id are fetched first (`offline`: from the cache
    only); Kolada's problems are warnings and the build goes on. Raises ValidationFailed (with
    the problems) when the workbook has errors; nothing is written then. Every output is
    written atomically, all together. The first format is written in this process; `beside`
    decides how the others (the Word report) are written meanwhile (default: after it).
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
    formats = writers.default_formats() if formats is None else formats
    wanted = [fmt for fmt in writers.FORMATS if fmt in formats]  # in the registry's order
    if not wanted or len(wanted) < len(set(formats)):
        raise ValueError(f"formats must be some of {tuple(writers.FORMATS)}, not {formats}")
    if document and not period and "docx" in formats:
        from .writers.docx.kinds import period_for, report_date_warnings

        chosen = period_for(result.plan, document, result.evaluation.period)
        if chosen != result.evaluation.period:
            said = report_date_warnings(result.plan, result.evaluation.period)
            result.problems[:] = [p for p in result.problems if p not in said]
            result.evaluation = evaluate(result.plan, chosen)
            result.problems.extend(report_date_warnings(result.plan, chosen))
    notes: list[str] = []
    if kolada and not any(i.kolada_id.strip() for i in result.plan.iter_indicators()):
        notes = ["Kolada: planen har ingen indikator med Kolada-id, så inget hämtades. Skriv "
                 "nyckeltalets id (t.ex. N00090) i kolumnen Kolada-id; vp-excel kolada sok "
                 "TEXT hittar det."]
    elif kolada:
        from .kolada import fill_from_kolada, filled_lines

        report = fill_from_kolada(result.plan, result.evaluation.period, offline=offline)
        result.problems.extend(report.problems)
        result.evaluation = evaluate(result.plan, result.evaluation.period)
        notes = filled_lines(report, result.evaluation)
    targets = output_paths(source, result.evaluation.period, Path(out_dir),
                           result.plan.period_names, notes)
    for fmt in wanted:
        refuse_input_as_output(targets[fmt], [source])
        if template:
            refuse_input_as_output(targets[fmt], [Path(template)])
    built = BuildResult(source, result, notes=notes)
    # A report open in Word or Excel is left alone (on Windows it cannot be replaced); the
    # others are still written.
    held = {fmt: owner for fmt in wanted if (owner := owner_file(targets[fmt]))}
    for fmt, owner in held.items():
        built.refused.append(held_open_message(targets[fmt], owner))
    if held and len(held) == len(wanted):
        raise OutputNotWritable(" ".join(built.refused))
    wanted = [fmt for fmt in wanted if fmt not in held]
    options = WriteOptions(template=Path(template) if template else None, document=document)
    # The outputs land together: a failure in any leaves every previous file as it was.
    with atomic_outputs([targets[fmt] for fmt in wanted]) as temps:
        temp = dict(zip(wanted, temps))
        first, rest = wanted[0], wanted[1:]

        def write_rest() -> list[str]:
            return [warning for fmt in rest
                    for warning in writers.write(fmt, result.evaluation, temp[fmt], options)]

        # The first format is written here; the rest (the Word report) may run `beside` it.
        later, cancel = beside(write_rest) if rest else (list, None)
        try:
            built.warnings.extend(writers.write(first, result.evaluation, temp[first], options))
        except BaseException:
            if cancel is not None:
                cancel()
            raise
        built.warnings.extend(later())
    built.outputs.extend(targets[fmt] for fmt in wanted)
    if "html" in wanted:
        from .writers.html.index import index_entry

        built.index_entry = index_entry(built, targets["html"], document)
    if "docx" in wanted and pdf:
        from .libreoffice import convert_to_pdf

        pdf_target = targets["docx"].with_suffix(".pdf")
        convert_to_pdf(targets["docx"], pdf_target)
        built.outputs.append(pdf_target)
    return built


def write_index(entries: list[dict], out_dir: str | Path = DEFAULT_OUTPUT_DIR) -> Path:
    """Write `out_dir`/index.html, the published view of the web pages a folder build wrote
    (`BuildResult.index_entry` of each), with the roll-up's page at the top when it is in
    `out_dir`. Written atomically."""
    from .writers.html.index import INDEX_NAME
    from .writers.html.index import write_index as write_index_page

    target = Path(out_dir) / INDEX_NAME
    with atomic_output(target) as temp:
        write_index_page(entries, temp, out_dir)
    return target


def empty_plan(year: int | None = None) -> Plan:
    """The skeleton `init` writes: placeholder settings and the usual three periods."""
    year = year or reproducible.today().year
    settings = Settings(kommun="", verksamhet="", year=year,
                        report_period=f"Delår 1 {year}")
    periods = [Period(f"Delår 1 {year}", year, 1, 4), Period(f"Delår 2 {year}", year, 1, 8),
               Period(f"Helår {year}", year, 1, 12)]
    return Plan(settings, periods)


@dataclass
class InitResult:
    """The arbetsbok `init_from` wrote, and the warnings about it (texts naming the old
    year after a roll-over, each with its cell in the new arbetsbok)."""

    path: Path
    warnings: list[Problem] = field(default_factory=list)


_INIT_ELSEWHERE = "Ange en annan fil (FIL) att skriva"  # init has no --out


def init_from(source: str | Path, path: str | Path, year: int | None = None,
              force: bool = False) -> InitResult:
    """A full arbetsbok made from any workbook the reader can read (the kommun's own, or an
    arbetsbok), every word kept. With `year` other than the plan's: next year's arbetsbok
    (see `rollover`), and a warning for each text that still names the old year. The
    source is only read."""
    from .rollover import old_year_warnings, roll_over
    from .writers.xlsx import write_report_workbook

    source = Path(source)
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    refuse_input_as_output(target, [source], _INIT_ELSEWHERE)
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
    old_year = plan.settings.year
    if year and year != old_year:
        plan = roll_over(plan, year)
    with atomic_output(target, _INIT_ELSEWHERE) as temp:
        # The report workbook is a full arbetsbok: every word, with live status formulas.
        write_report_workbook(evaluate(plan), temp)
    warnings = old_year_warnings(plan, target, old_year) if plan.settings.year != old_year else []
    return InitResult(target, warnings)


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
    with atomic_output(target, _INIT_ELSEWHERE) as temp:
        write_arbetsbok(empty_plan(year), temp)
    return target

