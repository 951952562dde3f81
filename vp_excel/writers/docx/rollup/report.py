"""The roll-up's Word report: the sections in order, then the page header and the file's
properties.

Order: title block and, on the first page, the verksamheter that are missing and why;
Måluppfyllelse per KF ÖG mål (the kommun's sentence and counts); the matrix KF ÖG mål ×
verksamhet (counts in words, the colour only repeating the worst status); Per verksamhet
(now, before, change); God ekonomisk hushållning (the förvaltningsberättelse's sentence and
its goals); Mål som inte nås (every RÖD goal with outcome, målvärde and analysis). Every
number is read from `rollup.frames.RollupTables`, as the workbook's and the terminal's are.

Accessible as the other reports: document title and language sv-SE, real headings kept with
what follows, table header rows repeated on every page, status always in words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .... import reproducible
from ....text import clean_text
from ..base import LANGUAGE
from ..oxml import set_orientation
from .context import RollupContext
from .sections.counts import write_kf_goals, write_matrix
from .sections.economy import write_economy
from .sections.header import write_header
from .sections.red_goals import write_red_goals
from .sections.title import write_title
from .sections.verksamheter import write_verksamheter


def write_rollup_document(result: Any, path: str | Path) -> None:
    """Write the roll-up's Word report of `result` (a `rollup.api.RollupResult`) to `path`."""
    ctx = RollupContext(result)
    ctx.write(Path(path), lambda: _write(ctx))


def _write(ctx: RollupContext) -> None:
    section = ctx.prepare()
    ctx.page_setup(section)
    set_orientation(section, landscape=False)
    ctx.begin_section(section, "portrait")
    write_title(ctx)
    write_kf_goals(ctx)
    write_matrix(ctx)
    write_verksamheter(ctx)
    write_economy(ctx)
    write_red_goals(ctx)
    write_header(ctx)
    _properties(ctx)


def _properties(ctx: RollupContext) -> None:
    props = ctx.document.core_properties
    now = reproducible.now().replace(tzinfo=None)  # SOURCE_DATE_EPOCH when set
    props.title = clean_text(ctx.result.title)[:255]
    props.subject = "Sammanställning av verksamheternas måluppfyllelse"
    props.author = props.last_modified_by = clean_text(ctx.collected.kommun)[:255]
    props.language = LANGUAGE
    props.keywords = "verksamhetsplan; sammanställning; måluppfyllelse"
    props.comments = "Skapad med vp-excel sammanstall."
    props.created = props.modified = now
    props.revision = 1
