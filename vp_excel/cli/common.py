"""What every command shares, declared once: the context settings (on the root group; click
hands them down to every command and group below it) and the metavars of the usage lines.

The help option is click's own, given -h and --help here and its text in Swedish by `sv`.
A command must not declare a help option of its own: click then finds no free help name and
leaves out the hint "Skriv 'vp-excel check --help' för hjälp." after a usage error."""

from __future__ import annotations

from pathlib import Path

import click

from ..schema import YEAR_RANGE

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[FLAGGOR]"
SUBCOMMANDS = "KOMMANDO [ARGUMENT]..."

# Whether a file can be read is said by vp-excel itself, in Swedish and naming the file;
# click's own check would say it in English.
PATH = click.Path(path_type=Path, readable=False)

# The workbooks and the output folder, as `build` and `sammanstall` both take them.
workbooks_argument = click.argument("arbetsbok", nargs=-1, required=True, type=PATH)
out_option = click.option("--out", "out_dir", metavar="MAPP", type=PATH,
                          default=Path("output"), show_default=True,
                          help="Mappen rapporterna skrivs i.")


def debug_wanted(ctx: click.Context) -> bool:
    """Whether the root group was given --debug."""
    root = ctx.find_root().obj
    return bool(root and root.get("debug"))


class SwedishRange(click.IntRange):
    """A range said as "1–50" in help and messages, not click's "1<=x<=50" (a private hook of
    click's, pinned in setup.cfg; its contract test is in tests/test_cli_words.py)."""

    def _describe_range(self) -> str:
        return f"{self.min}–{self.max}"


# A plan's year on the command line, held to the years a workbook may name (schema.YEAR_RANGE):
# --ar 0 crashed init, --ar 99999 was taken silently.
YEARS = SwedishRange(*YEAR_RANGE)
