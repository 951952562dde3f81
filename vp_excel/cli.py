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

from . import __version__, cli_sv
from .cli_kolada import kolada
from .cli_rollup import register as register_rollup_commands
from .errors import VpExcelError, internal_error_message
from .gcpolicy import fewer_collections

cli_sv.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[FLAGGOR]"


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
             subcommand_metavar="KOMMANDO [ARGUMENT]...")
@click.version_option(__version__, "-V", "--version", prog_name="vp-excel",
                      message="%(prog)s %(version)s", help="Visa versionen och avsluta.")
@click.option("--debug", is_flag=True, help="Visa hela felspåret (traceback) vid fel.")
@click.help_option("-h", "--help", help="Visa den här hjälpen och avsluta.")
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


_help_option = click.help_option("-h", "--help", help="Visa den här hjälpen och avsluta.")


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
    command = click.option("--ar", "--år", "year", type=int, metavar="ÅR",
                           help="Planens år (går före arbetsboken).")(command)
    command = click.option("--verksamhet", metavar="NAMN",
                           help="Verksamhetens namn (går före arbetsboken).")(command)
    return click.option("--kommun", metavar="NAMN",
                        help="Kommunens namn (går före arbetsboken).")(command)


@cli.command(context_settings=CONTEXT, options_metavar=OPTIONS,
             short_help="Kontrollera en arbetsbok: fel, varningar och status per KS-mål.")
@click.argument("arbetsbok", type=click.Path(path_type=Path))
@click.option("--period", metavar="NAMN", help="Perioden att bedöma (standard: arbetsbokens "
                                                 "Rapportperiod).")
@_settings_options
@_help_option
def check(arbetsbok: Path, period: str | None, kommun: str | None, verksamhet: str | None,
          year: int | None, columns: tuple[str, ...], statuses: tuple[str, ...]) -> None:
    """Läs och kontrollera ARBETSBOK (vp-excels arbetsbok eller kommunens egen): lista fel och
    varningar med blad och cell, vad som hittades och var, status per KS-mål och
    sammanfattningen. Avslutas med kod 1 om det finns fel."""
    from .api import check as run_check
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
    for line in [*format_statuses(result.evaluation), *format_summary(result.evaluation)]:
        click.echo(line)
    if result.errors:
        sys.exit(1)


@cli.command(context_settings=CONTEXT, options_metavar=OPTIONS,
             short_help="Bygg rapportarbetsbok och Word-dokument från arbetsböcker.")
@click.argument("arbetsbok", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--period", metavar="NAMN", help="Perioden att rapportera (standard: "
                                                 "arbetsbokens Rapportperiod).")
@click.option("--out", "out_dir", metavar="MAPP", type=click.Path(path_type=Path),
              default=Path("output"), show_default=True, help="Mappen rapporterna skrivs i.")
@click.option("--bara", "--only", "only", type=click.Choice(["xlsx", "docx"]),
              help="Skriv bara rapportarbetsboken (xlsx) eller bara Word-rapporten (docx).")
@click.option("--template", "--mall", "template", metavar="KOMMUNMALL.docx",
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
@_help_option
@click.pass_context
def build(ctx: click.Context, arbetsbok: tuple[Path, ...], period: str | None, out_dir: Path,
          only: str | None, template: Path | None, pdf: bool, document: str | None,
          kolada: bool, offline: bool, kommun: str | None, verksamhet: str | None,
          year: int | None, columns: tuple[str, ...], statuses: tuple[str, ...]) -> None:
    """Bygg rapportarbetsbok (med levande färger) och Word-rapport från ARBETSBOK.

    Flera arbetsböcker eller en mapp går också; då byggs de parallellt, var för sig, och en
    trasig arbetsbok stoppar inte de andra."""
    from .batch import run_builds

    formats = (only,) if only else ("xlsx", "docx")
    debug = bool(ctx.find_root().obj and ctx.find_root().obj.get("debug"))
    bar_stream = sys.stderr if sys.stderr.isatty() else None  # no bar in logs and pipes
    failures = run_builds(list(arbetsbok), echo=click.echo, debug=debug, bar_stream=bar_stream,
                          period=period, out_dir=out_dir, formats=formats, template=template,
                          pdf=pdf, document=document, kolada=kolada or offline,
                          offline=offline,
                          **_given(kommun=kommun, verksamhet=verksamhet, year=year,
                                   columns=columns or None, statuses=statuses or None))
    if failures:
        sys.exit(1)


@cli.command(context_settings=CONTEXT, options_metavar=OPTIONS,
             short_help="Skapa en tom arbetsbok med rullistor och instruktioner.")
@click.argument("fil", required=False, default="arbetsbok.xlsx",
                type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Skriv över filen om den redan finns.")
@click.option("--ar", "--år", "year", type=int, metavar="ÅR", help="Planens år (standard: i år).")
@click.option("--fran", "--från", "source", metavar="PLAN.xlsx", type=click.Path(path_type=Path),
              help="Gör arbetsboken av en befintlig plan (kommunens egen eller en arbetsbok); "
                   "med --ar ett annat år blir det nästa års arbetsbok.")
@_help_option
def init(fil: Path, force: bool, year: int | None, source: Path | None) -> None:
    """Skapa en tom arbetsbok FIL (standard arbetsbok.xlsx) med rullistor och instruktioner,
    eller med --fran en ifylld arbetsbok av en befintlig plan."""
    from .api import init_from, init_workbook

    if source is not None:
        written = init_from(source, fil, year=year, force=force)
        click.echo(f"Skrev {written} av {source.name}. Kör vp-excel check {written}.")
        return
    written = init_workbook(fil, force=force, year=year)
    click.echo(f"Skrev {written}. Fyll i Inställningar, Perioder och Mål och kör sedan "
               f"vp-excel check {written}.")


cli.add_command(kolada)
register_rollup_commands(cli)  # sammanstall and export, defined in cli_rollup


def main() -> None:  # the console script
    # One stretch of fewer garbage collections for the whole run: the commands' own
    # stretches then end on these thresholds, and the catch-up collection that would follow
    # (0,2 s at kommun×4) never comes, as the process leaves right after.
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
