"""The commands for the whole kommun: `sammanstall` (also `sammanställ`) and `export`.

Thin like the others in `cli`: options, a Swedish help text, one library call. Registered on
the `vp-excel` group by `register`.
"""

from __future__ import annotations

import copy
from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[FLAGGOR]"
# Whether a file can be read is said by vp-excel itself, in Swedish and naming the file;
# click's own check would say it in English.
PATH = click.Path(path_type=Path, readable=False)
_help_option = click.help_option("-h", "--help", help="Visa den här hjälpen och avsluta.")
_skip_option = click.option(
    "--hoppa-over-fel", "--hoppa-över-fel", "skip_errors", is_flag=True,
    help="Sammanställ utan de arbetsböcker som inte går att läsa; rapporten säger på första "
         "sidan vilka som saknas och varför.")


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root().obj
    return bool(root and root.get("debug"))


@click.command(context_settings=CONTEXT, options_metavar=OPTIONS,
               short_help="Sammanställ alla verksamheters planer till en rapport.")
@click.argument("arbetsbok", nargs=-1, required=True, type=PATH)
@click.option("--period", metavar="NAMN", help="Perioden att sammanställa (standard: den "
                                                 "rapportperiod de flesta arbetsböckerna har).")
@click.option("--out", "out_dir", metavar="MAPP", type=PATH,
              default=Path("output"), show_default=True, help="Mappen rapporterna skrivs i.")
@click.option("--titel", "title", metavar="TEXT",
              help='Rapportens titel (standard: "Sammanställning <period> – <kommun>").')
@_skip_option
@_help_option
@click.pass_context
def sammanstall(ctx: click.Context, arbetsbok: tuple[Path, ...], period: str | None,
                out_dir: Path, title: str | None, skip_errors: bool) -> None:
    """Sammanställ alla verksamheters planer (filer eller en mapp) till en rapport för hela
    kommunen: MAPP/<kommun>-sammanstallning-<period>.xlsx och .docx.

    Måluppfyllelse per KF ÖG mål, matris KF ÖG mål × verksamhet, varje verksamhet mot
    föregående period, God ekonomisk hushållning och Mål som inte nås. Arbetsböckerna läses
    parallellt. En arbetsbok som inte går att läsa stoppar sammanställningen (se
    --hoppa-over-fel); två arbetsböcker för samma verksamhet är ett fel."""
    from .rollup.run import run_sammanstall

    run_sammanstall(list(arbetsbok), click.echo, debug=_debug(ctx), period=period,
                    out_dir=out_dir, title=title, skip_errors=skip_errors)


@click.command(context_settings=CONTEXT, options_metavar=OPTIONS,
               short_help="Exportera alla mål som CSV eller Excel-tabell (Power BI).")
@click.argument("arbetsbok", nargs=-1, required=True, type=PATH)
@click.option("--csv", "csv_file", metavar="FIL", type=PATH,
              help="Skriv en CSV för svenskt Excel och Power BI (semikolon, decimalkomma, "
                   "UTF-8 med BOM).")
@click.option("--xlsx", "xlsx_file", metavar="FIL", type=PATH,
              help="Skriv samma rader som en Excel-tabell.")
@_skip_option
@_help_option
@click.pass_context
def export(ctx: click.Context, arbetsbok: tuple[Path, ...], csv_file: Path | None,
           xlsx_file: Path | None, skip_errors: bool) -> None:
    """Exportera alla mål i ARBETSBOK (filer eller en mapp) som en tabell: en rad per mål och
    period med kommun, verksamhet, KF ÖG mål, KF indikator, styrgräns, KS mål, målvärde,
    period, utfall, status, manuell och källa."""
    from .rollup.run import run_export

    run_export(list(arbetsbok), click.echo, debug=_debug(ctx), csv=csv_file, xlsx=xlsx_file,
               skip_errors=skip_errors)


def register(group: click.Group) -> None:
    group.add_command(sammanstall, "sammanstall")
    alias = copy.copy(sammanstall)
    alias.hidden = True  # the same command with the å, not listed twice in --help
    group.add_command(alias, "sammanställ")
    group.add_command(export, "export")
