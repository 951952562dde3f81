"""What every command shares, declared once: the context settings (on the root group; click
hands them down to every command and group below it) and the metavars of the usage lines.

The help option is click's own, given -h and --help here and its text in Swedish by `sv`.
A command must not declare a help option of its own: click then finds no free help name and
leaves out the hint "Skriv 'vp-excel check --help' för hjälp." after a usage error."""

from __future__ import annotations

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[FLAGGOR]"
SUBCOMMANDS = "KOMMANDO [ARGUMENT]..."


def debug_wanted(ctx: click.Context) -> bool:
    """Whether the root group was given --debug."""
    root = ctx.find_root().obj
    return bool(root and root.get("debug"))
