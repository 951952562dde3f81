"""The `vp-excel kolada` commands: find a KPI's id for the Kolada-id column, and look at one.

Registered in cli.py; the top group turns a KoladaError into one Swedish line.
"""

from __future__ import annotations

import re

import click

from ..errors import one_line
from ..swedish import format_decimal
from .common import OPTIONS, SUBCOMMANDS, SwedishRange

# Control characters in a server's text (terminal escapes: ESC, CSI, BEL) are never printed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, lines: bool = False) -> str:
    """Kolada's text as printed: no control characters, and one line unless `lines`."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text if lines else " ".join(one_line(text).split())


@click.group("kolada", options_metavar=OPTIONS,
             subcommand_metavar=SUBCOMMANDS,
             short_help="Sök och visa nyckeltal i Kolada för kolumnen Kolada-id.")
def kolada() -> None:
    """Hitta nyckeltal i Kolada (RKA:s öppna databas) för kolumnen Kolada-id.

    \b
    Exempel:
      vp-excel kolada sok sjukfrånvaro --kommun 2417
      vp-excel kolada visa N00090 --kommun Norsjö
    """


@kolada.command("sok", options_metavar=OPTIONS,
                short_help="Lista nyckeltal i Kolada vars namn innehåller TEXT.")
@click.argument("text")
@click.option("--kommun", metavar="KOD|NAMN",
              help="Visa också om kommunen (kod som 2417 eller namn) har värden.")
def sok(text: str, kommun: str | None) -> None:
    """Lista nyckeltal i Kolada vars namn innehåller TEXT: id och titel, och med --kommun om
    kommunen har värden."""
    from ..kolada.lookup import search

    result = search(text, kommun)
    if not result.hits:
        click.echo(f'Inga nyckeltal i Kolada matchar "{text}".')
        return
    for kpi in result.hits:
        mark = ""
        if result.kommun:
            mark = "har värden  " if kpi.id in result.with_values else "inga värden "
        click.echo(f"{printable(kpi.id)}  {mark}{printable(kpi.title)}")
    if result.total > len(result.hits):
        click.echo(f"… och {result.total - len(result.hits)} till; skriv en längre söktext.")
    if result.kommun:
        click.echo(f"(värden för kommun {result.kommun}, kön totalt)")
    else:
        click.echo("Lägg till --kommun 2417 (kod eller namn) för att se om kommunen har värden.")
    click.echo("Källa: Kolada")


@kolada.command("visa", options_metavar=OPTIONS,
                short_help="Visa ett nyckeltal och kommunens värden de senaste åren.")
@click.argument("id")
@click.option("--kommun", metavar="KOD|NAMN", help="Kommunen vars värden visas (kod eller "
                                                    "namn), t.ex. 2417.")
@click.option("--antal-ar", "--antal-år", "years", type=SwedishRange(1, 50), default=5,
              show_default=True, metavar="ANTAL",
              help="Hur många av de senaste åren som visas.")
def visa(id: str, kommun: str | None, years: int) -> None:
    """Visa nyckeltalet ID: titel, beskrivning och, med --kommun, de senaste årens värden."""
    from ..kolada.lookup import show

    view = show(id, kommun, years)
    click.echo(f"{printable(view.kpi.id)}: {printable(view.kpi.title)}")
    if view.kpi.description:
        click.echo(printable(view.kpi.description, lines=True).strip())
    if view.kommun:
        click.echo(f"Värden för kommun {view.kommun} (kön totalt):")
        if not view.values:
            click.echo("  inga värden")
        for year, value in view.values:
            shown = format_decimal(value) if value is not None else "inget värde"
            click.echo(f"  {year}  {shown}")
    else:
        click.echo("Lägg till --kommun 2417 (kod eller namn) för att se kommunens värden.")
    click.echo("Källa: Kolada")
