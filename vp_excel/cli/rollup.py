"""The commands for the whole kommun: `sammanstall` (also `sammanställ`) and `export`.

Thin like the others in `cli`: options, a Swedish help text, one library call. Registered on
the `vp-excel` group by `register`. Below the commands, their side of the work: the workbooks
are read in parallel worker processes (one per core, as `batch` does) and what came out is
said in Swedish. The process pool lives here, not in the library calls: `rollup.api` only
takes an executor.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..inputs import expand_inputs
from ..swedish import format_percent
from .batch import worker_count
from .common import OPTIONS, debug_wanted, out_option, workbooks_argument

if TYPE_CHECKING:
    from ..rollup.api import ExportResult, RollupResult

Echo = Callable[..., None]
_skip_option = click.option(
    "--hoppa-over-fel", "--hoppa-över-fel", "skip_errors", is_flag=True,
    help="Sammanställ utan de arbetsböcker som inte går att läsa; rapporten säger på första "
         "sidan vilka som saknas och varför.")


@click.command(options_metavar=OPTIONS,
               short_help="Sammanställ alla verksamheters planer till en rapport.")
@workbooks_argument
@click.option("--period", metavar="NAMN", help="Perioden att sammanställa (standard: den "
                                                 "rapportperiod de flesta arbetsböckerna har).")
@out_option
@click.option("--titel", "title", metavar="TEXT",
              help='Rapportens titel (standard: "Sammanställning <period> – <kommun>").')
@_skip_option
@click.pass_context
def sammanstall(ctx: click.Context, arbetsbok: tuple[Path, ...], period: str | None,
                out_dir: Path, title: str | None, skip_errors: bool) -> None:
    """Sammanställ alla verksamheters planer (filer eller en mapp) till en rapport för hela
    kommunen: MAPP/<kommun>-sammanstallning-<period>.xlsx och .docx.

    Måluppfyllelse per KF ÖG mål, matris KF ÖG mål × verksamhet, varje verksamhet mot
    föregående period, God ekonomisk hushållning och Mål som inte nås. Arbetsböckerna läses
    parallellt. En arbetsbok som inte går att läsa stoppar sammanställningen (se
    --hoppa-over-fel); två arbetsböcker för samma verksamhet är ett fel."""
    run_sammanstall(list(arbetsbok), click.echo, debug=debug_wanted(ctx), period=period,
                    out_dir=out_dir, title=title, skip_errors=skip_errors)


@click.command(options_metavar=OPTIONS,
               short_help="Exportera alla mål som CSV eller Excel-tabell (Power BI).")
@workbooks_argument
@click.option("--csv", "csv_file", metavar="FIL", type=click.Path(path_type=Path),
              help="Skriv en CSV för svenskt Excel och Power BI (semikolon, decimalkomma, "
                   "UTF-8 med BOM).")
@click.option("--xlsx", "xlsx_file", metavar="FIL", type=click.Path(path_type=Path),
              help="Skriv samma rader som en Excel-tabell.")
@_skip_option
@click.pass_context
def export(ctx: click.Context, arbetsbok: tuple[Path, ...], csv_file: Path | None,
           xlsx_file: Path | None, skip_errors: bool) -> None:
    """Exportera alla mål i ARBETSBOK (filer eller en mapp) som en tabell: en rad per mål och
    period med kommun, verksamhet, KF ÖG mål, KF indikator, styrgräns, KS mål, målvärde,
    period, utfall, status, manuell och källa."""
    run_export(list(arbetsbok), click.echo, debug=debug_wanted(ctx), csv=csv_file, xlsx=xlsx_file,
               skip_errors=skip_errors)


def register(group: click.Group) -> None:
    group.add_command(sammanstall, "sammanstall")
    alias = copy.copy(sammanstall)
    alias.hidden = True  # the same command with the å, not listed twice in --help
    group.add_command(alias, "sammanställ")
    group.add_command(export, "export")


# --- the commands' side of the work -------------------------------------------------------


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
    from ..rollup.frames import economy_sentence, rollup_sentence

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
            change = (f" (föregående period: {format_percent(before.share('GRÖN'))} GRÖNA)")
        lines.append((f"  {name}: {rollup_sentence(now)}{change}", False))
    economy = tables.summary(tables.economy_goals())
    lines.append((f"God ekonomisk hushållning: {economy_sentence(economy)}", False))
    lines += [(f"Skrev {path}", False) for path in result.outputs]
    return lines


def run_sammanstall(paths: list[Path], echo: Echo, debug: bool = False, **options
                    ) -> RollupResult:
    from ..rollup.api import sammanstall

    with workbook_pool(paths) as pool:
        result = sammanstall(paths, executor=pool, **options)
    _debug_tracebacks(result.collected.failed, echo, debug)
    for text, err in rollup_lines(result):
        echo(text, err=err)
    return result


def run_export(paths: list[Path], echo: Echo, debug: bool = False, **options) -> ExportResult:
    from ..rollup.api import export

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
