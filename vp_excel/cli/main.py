"""The `vp-excel` command. Each command is options, a help text, one library call, and
domain errors turned into one Swedish line. Heavy libraries load inside the commands.

The command line's speed tricks are decided here and in batch.py, once per run: fewer garbage
collections for the whole run (gcpolicy), the Word report beside the workbook in a fork
(forked, via batch.build_single), and a quick exit once everything is written."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..codepage import make_streams_safe
from ..errors import VpExcelError, internal_error_message
from ..writers import FORMATS, default_formats
from . import sv as cli_sv
from .common import (
    CONTEXT,
    OPTIONS,
    PATH,
    SUBCOMMANDS,
    YEARS,
    debug_wanted,
    out_option,
    workbooks_argument,
)
from .gcpolicy import fewer_collections
from .kolada import kolada
from .rollup import register as register_rollup_commands

cli_sv.install()



class _Group(click.Group):
    """Turns domain errors into one line on stderr; a traceback only with --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VpExcelError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            problems = getattr(exc, "problems", None) or []
            from .terminal import format_problems

            for line in format_problems([p for p in problems if p.is_error]):
                click.echo(line, err=True)
            click.echo(f"vp-excel: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # `vp-excel check x.xlsx | head`: the reader has had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("vp-excel: avbrutet.", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so plainly, show details only on request
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"vp-excel: {internal_error_message(exc)}", err=True)
            ctx.exit(2)


@click.group("vp-excel", cls=_Group, context_settings=CONTEXT, options_metavar=OPTIONS,
             subcommand_metavar=SUBCOMMANDS)
@click.version_option(__version__, "-V", "--version", prog_name="vp-excel",
                      message="%(prog)s %(version)s", help="Visa versionen och avsluta.")
@click.option("--debug", is_flag=True, help="Visa hela felspåret (traceback) vid fel.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """vp-excel: verksamhetsplanens arbetsbok blir rapportarbetsbok och Word-rapport.

    \b
    Exempel:
      vp-excel init min-plan.xlsx
      vp-excel check min-plan.xlsx
      vp-excel build min-plan.xlsx --period "Delår 2 2025"
    """
    ctx.ensure_object(dict)["debug"] = debug



def _only_choices() -> str:
    """"rapportarbetsboken (xlsx) eller bara Word-rapporten (docx)", from the registry."""
    choices = [f"{output.description} ({name})" for name, output in FORMATS.items()]
    return ", bara ".join(choices[:-1]) + " eller bara " + choices[-1] if len(choices) > 1 \
        else choices[0]


def _given(**options: object) -> dict[str, object]:
    """Only the options given, so a library call without them stays as it was."""
    return {key: value for key, value in options.items() if value is not None}


def _settings_options(command: Any) -> Any:
    """--kommun, --verksamhet and --ar: they win over what the workbook says; --kolumn and
    --status: the kommun's mapping lines (docs/arbetsbok.md)."""
    command = click.option("--status", "statuses", multiple=True, metavar='"ORD=STATUS"',
                           help='Vad ett statusord i kommunens tabell betyder, t.ex. '
                                '"Uppnått i hög grad=GRÖN" (kan upprepas).')(command)
    command = click.option("--kolumn", "columns", multiple=True, metavar='"RUBRIK=KOLUMN"',
                           help='Vad en kolumn i kommunens tabell är, t.ex. "Fokusmål=KS mål" '
                                '(kan upprepas).')(command)
    command = click.option("--ar", "--år", "year", type=YEARS, metavar="ÅR",
                           help="Planens år (går före arbetsboken).")(command)
    command = click.option("--verksamhet", metavar="NAMN",
                           help="Verksamhetens namn (går före arbetsboken).")(command)
    return click.option("--kommun", metavar="NAMN",
                        help="Kommunens namn (går före arbetsboken).")(command)


@cli.command(options_metavar=OPTIONS,
             short_help="Kontrollera en arbetsbok: fel, varningar och status per KS-mål.")
@click.argument("arbetsbok", type=PATH)
@click.option("--period", metavar="NAMN", help="Perioden att bedöma (standard: arbetsbokens "
                                                 "Rapportperiod).")
@_settings_options
def check(arbetsbok: Path, period: str | None, kommun: str | None, verksamhet: str | None,
          year: int | None, columns: tuple[str, ...], statuses: tuple[str, ...]) -> None:
    """Läs och kontrollera ARBETSBOK (vp-excels arbetsbok eller kommunens egen): lista fel och
    varningar med blad och cell, vad som hittades och var, status per KS-mål och
    sammanfattningen. Avslutas med kod 1 om det finns fel."""
    from ..api import check as run_check
    from .terminal import (
        format_counts,
        format_notes,
        format_problems,
        format_statuses,
        format_summary,
    )

    result = run_check(arbetsbok, period, kommun=kommun, verksamhet=verksamhet, year=year,
                       columns=columns, statuses=statuses)
    for line in format_problems(result.problems):
        click.echo(line)
    click.echo(f"{arbetsbok.name}: {format_counts(result.problems)}")
    for line in format_notes(result.plan):
        click.echo(line)
    for line in format_statuses(result.evaluation):  # printed as made, a line at a time
        click.echo(line)
    for line in format_summary(result.evaluation):
        click.echo(line)
    if result.errors:
        sys.exit(1)


@cli.command(options_metavar=OPTIONS,
             short_help="Bygg rapportarbetsbok och Word-dokument från arbetsböcker.")
@workbooks_argument
@click.option("--period", metavar="NAMN", help="Perioden att rapportera (standard: "
                                                 "arbetsbokens Rapportperiod).")
@out_option
@click.option("--bara", "only", type=click.Choice(list(FORMATS)),
              help=f"Skriv bara {_only_choices()}.")
@click.option("--html", is_flag=True, help="Skriv också rapporten som en tillgänglig webbsida "
                                            "(.html); en mapp får också index.html.")
@click.option("--mall", "template", metavar="KOMMUNMALL.docx",
              type=click.Path(path_type=Path), help="Kommunens Word-mall att bygga rapporten på.")
@click.option("--pdf", is_flag=True, help="Skriv också rapporten som PDF (kräver LibreOffice).")
@click.option("--dokument", "document",
              type=click.Choice(["verksamhetsplan", "delarsrapport", "arsrapport"]),
              help="Vilket Word-dokument som skrivs (standard: efter perioden; planens "
                   "utgångsläge ger verksamhetsplanen).")
@click.option("--kolada", is_flag=True, help="Hämta tomma indikatorutfall från Kolada för "
                                              "indikatorer med Kolada-id.")
@click.option("--offline", is_flag=True, help="Med --kolada: använd bara sparade värden, "
                                               "fråga inte Kolada.")
@_settings_options
@click.pass_context
def build(ctx: click.Context, arbetsbok: tuple[Path, ...], period: str | None, out_dir: Path,
          only: str | None, html: bool, template: Path | None, pdf: bool,
          document: str | None,
          kolada: bool, offline: bool, kommun: str | None, verksamhet: str | None,
          year: int | None, columns: tuple[str, ...], statuses: tuple[str, ...]) -> None:
    """Bygg rapportarbetsbok (med levande färger) och Word-rapport från ARBETSBOK, med --html
    också en webbsida att publicera.

    Flera arbetsböcker eller en mapp går också; då byggs de parallellt, var för sig, och en
    trasig arbetsbok stoppar inte de andra. En mapp med --html får också MAPP/index.html med
    en rad per verksamhet (och sammanställningen överst, om den är byggd i samma mapp)."""
    from .batch import run_builds

    if offline and not kolada:
        raise click.UsageError("--offline gäller bara med --kolada (sparade Kolada-värden "
                               "i stället för att fråga Kolada).", ctx)
    # None: every format written by default
    formats = (only,) if only else (*default_formats(), "html") if html else None
    bar_stream = sys.stderr if sys.stderr.isatty() else None  # no bar in logs and pipes
    failures = run_builds(list(arbetsbok), echo=click.echo, debug=debug_wanted(ctx),
                          bar_stream=bar_stream,
                          period=period, out_dir=out_dir, formats=formats, template=template,
                          pdf=pdf, document=document, kolada=kolada, offline=offline,
                          **_given(kommun=kommun, verksamhet=verksamhet, year=year,
                                   columns=columns or None, statuses=statuses or None))
    if failures:
        sys.exit(1)


@cli.command(options_metavar=OPTIONS,
             short_help="Skapa en tom arbetsbok med rullistor och instruktioner.")
@click.argument("fil", required=False, default="arbetsbok.xlsx",
                type=PATH)
@click.option("--force", is_flag=True, help="Skriv över filen om den redan finns.")
@click.option("--ar", "--år", "year", type=YEARS, metavar="ÅR",
              help="Planens år (standard: i år).")
@click.option("--fran", "--från", "source", metavar="PLAN.xlsx", type=PATH,
              help="Gör arbetsboken av en befintlig plan (kommunens egen eller en arbetsbok); "
                   "med --ar ett annat år blir det nästa års arbetsbok.")
def init(fil: Path, force: bool, year: int | None, source: Path | None) -> None:
    """Skapa en tom arbetsbok FIL (standard arbetsbok.xlsx) med rullistor och instruktioner,
    eller med --fran en ifylld arbetsbok av en befintlig plan."""
    from ..api import init_from, init_workbook

    if source is not None:
        result = init_from(source, fil, year=year, force=force)
        for warning in result.warnings:
            click.echo(f"varning: {warning}")
        click.echo(f"Skrev {result.path} av {source.name}. Kör vp-excel check {result.path}.")
        return
    written = init_workbook(fil, force=force, year=year)
    click.echo(f"Skrev {written}. Fyll i Inställningar, Perioder och Mål och kör sedan "
               f"vp-excel check {written}.")


cli.add_command(kolada)
register_rollup_commands(cli)  # sammanstall and export, defined in cli_rollup


_MAIN_PID: list[int] = []


def _terminated(signum: int, frame: Any) -> None:
    # SIGTERM (a service stop, `kill`) ends the run like Ctrl-C: temp files removed, the
    # forked Word writer stopped, one Swedish line. A worker process inherits the handler
    # (fork) and ends at once and quietly: a pool ends its idle workers with SIGTERM, and
    # Ctrl-C reaches every process of the terminal, where a traceback each would follow the
    # Swedish line.
    if os.getpid() not in _MAIN_PID:
        os._exit(128 + signum)
    raise KeyboardInterrupt


def _quiet_finalisers(unraisable: Any) -> None:
    # An error in a finaliser after the run's own message (ZipFile.__del__ closing a file on a
    # full disk) would print a traceback after the Swedish line; only --debug shows it.
    if "--debug" in sys.argv[1:]:
        sys.__unraisablehook__(unraisable)


def main() -> None:  # the console script
    import signal

    _MAIN_PID[:] = [os.getpid()]
    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGINT, _terminated)
    sys.unraisablehook = _quiet_finalisers
    # One stretch of fewer garbage collections for the whole run: the commands' own
    # stretches then end on these thresholds, and the catch-up collection that would follow
    # (0,2 s at kommun×4) never comes, as the process leaves right after.
    make_streams_safe()  # a Windows code page never ends the run mid-report
    with fewer_collections():
        try:
            cli(prog_name="vp-excel")
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        # Everything is written and closed: skip freeing every object one by one at exit
        # (0,1 s for the example, 0,3 s at kommun size).
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe or stream: nothing more to say
                pass
        os._exit(code)
