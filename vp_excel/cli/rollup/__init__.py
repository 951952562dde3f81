"""The commands for the whole kommun: `sammanstall` (also `sammanställ`) and `export`.

Thin like the others in `cli`: options, a Swedish help text, one library call (`run`, beside
this module, reads the workbooks in parallel and says what came out). Registered on the
`vp-excel` group by `register`.
"""

from __future__ import annotations

import copy
from pathlib import Path

import click

from ...writers import rollup_formats
from ..common import OPTIONS, PATH, debug_wanted, out_option, workbooks_argument

_skip_option = click.option(
    "--hoppa-over-fel", "--hoppa-över-fel", "skip_errors", is_flag=True,
    help="Sammanställ utan de arbetsböcker som inte går att läsa; rapporten säger på första "
         "sidan vilka som saknas och varför.")
_skip_export_option = click.option(
    "--hoppa-over-fel", "--hoppa-över-fel", "skip_errors", is_flag=True,
    help="Exportera utan de arbetsböcker som inte går att läsa; terminalen säger vilka som "
         "saknas och varför.")


@click.command(options_metavar=OPTIONS,
               short_help="Sammanställ alla verksamheters planer till en rapport.")
@workbooks_argument
@click.option("--period", metavar="NAMN", help="Perioden att sammanställa (standard: den "
                                                 "rapportperiod de flesta arbetsböckerna har).")
@out_option
@click.option("--titel", "title", metavar="TEXT",
              help='Rapportens titel (standard: "Sammanställning <period> – <kommun>").')
@click.option("--html", is_flag=True, help="Skriv också sammanställningen som en tillgänglig "
                                            "webbsida (.html).")
@_skip_option
@click.pass_context
def sammanstall(ctx: click.Context, arbetsbok: tuple[Path, ...], period: str | None,
                out_dir: Path, title: str | None, html: bool, skip_errors: bool) -> None:
    """Sammanställ alla verksamheters planer (filer eller en mapp) till en rapport för hela
    kommunen: MAPP/<kommun>-sammanstallning-<period>.xlsx och .docx (med --html också .html).

    Måluppfyllelse per KF ÖG mål, matris KF ÖG mål × verksamhet, varje verksamhet mot
    föregående period, God ekonomisk hushållning och Mål som inte nås. Arbetsböckerna läses
    parallellt. En arbetsbok som inte går att läsa stoppar sammanställningen (se
    --hoppa-over-fel); två arbetsböcker för samma verksamhet är ett fel."""
    from .run import run_sammanstall

    result = run_sammanstall(list(arbetsbok), click.echo, debug=debug_wanted(ctx), period=period,
                             out_dir=out_dir, title=title, skip_errors=skip_errors,
                             formats=(*rollup_formats(), "html") if html else None)
    if result.refused:  # a report open in Word or Excel was left unwritten
        ctx.exit(1)


@click.command(options_metavar=OPTIONS,
               short_help="Exportera alla mål som CSV eller Excel-tabell (Power BI).")
@workbooks_argument
@click.option("--csv", "csv_file", metavar="FIL", type=PATH,
              help="Skriv en CSV för svenskt Excel och Power BI (semikolon, decimalkomma, "
                   "UTF-8 med BOM).")
@click.option("--xlsx", "xlsx_file", metavar="FIL", type=PATH,
              help="Skriv samma rader som en Excel-tabell.")
@_skip_export_option
@click.pass_context
def export(ctx: click.Context, arbetsbok: tuple[Path, ...], csv_file: Path | None,
           xlsx_file: Path | None, skip_errors: bool) -> None:
    """Exportera alla mål i ARBETSBOK (filer eller en mapp) som en tabell: en rad per mål och
    period med kommun, verksamhet, KF ÖG mål, KF indikator, styrgräns, KS mål, målvärde,
    enhet, period, utfall, status, manuell, källa, indikatorutfall, indikatorstatus,
    periodstart, periodslut, mål-id, kolada-id, utveckling, indikatorutveckling, prognos
    helår, kommentar prognos och en kolumn per jämförelse (jämförelse Riket 2024); kolumnerna
    för Power BI beskrivs i docs/powerbi.md."""
    from .run import run_export

    run_export(list(arbetsbok), click.echo, debug=debug_wanted(ctx), csv=csv_file, xlsx=xlsx_file,
               skip_errors=skip_errors)


def register(group: click.Group) -> None:
    group.add_command(sammanstall, "sammanstall")
    alias = copy.copy(sammanstall)
    alias.hidden = True  # the same command with the å, not listed twice in --help
    group.add_command(alias, "sammanställ")
    group.add_command(export, "export")

