"""Måluppfyllelse per KF ÖG mål (the kommun's sentence and a count table) and the matrix
verksamhet × KF ÖG mål (counts in words, the colour only repeating the worst status)."""

from __future__ import annotations

from .....rollup import frames as F
from .....schema import GREEN, NOT_ASSESSED, RED, STATUS_FILL, YELLOW
from .....swedish import format_percent
from .....text import clean_text
from ....xlsx.rollup import matrix_cell_text
from ...layout import fit_shares, minimum_share
from ...styles import GREY_TEXT, KF_FILL
from ..context import RollupContext

WORST_FIRST = (RED, YELLOW, GREEN)
LEGEND = ("Färgen visar cellens sämsta status (RÖD före GUL före GRÖN); antalen står "
          "alltid i ord. GRÖN = målet är uppnått, GUL = nära målet, RÖD = målet är inte "
          "uppnått, Ej bedömd = utfall eller bedömning saknas.")
KF_SHARES = (0.40, 0.10, 0.10, 0.10, 0.11, 0.09, 0.10)


def worst_status(counts: dict[str, int]) -> str:
    return next((s for s in WORST_FIRST if counts.get(s)), NOT_ASSESSED)


def write_kf_goals(ctx: RollupContext) -> None:
    ctx.heading("Måluppfyllelse per KF ÖG mål", 1)
    overall = ctx.tables.summary()
    ctx.sentence(f"Sammanfattning {ctx.period}", F.rollup_sentence(overall), keep_next=True)
    ctx.para(f"Målen per KF ÖG mål och status i alla verksamheter, {ctx.period}:",
             space_before=120, space_after=60, keep_next=True)
    summaries = ctx.tables.kf_summaries()
    titles = ["KF ÖG mål", *F.ALL_STATUSES, "Totalt", "Andel GRÖNA"]
    minimums = [minimum_share([title] + ([clean_text(kf) for kf, _s in summaries]
                                         if i == 0 else []), ctx.width)
                for i, title in enumerate(titles)]
    table = ctx.table(fit_shares(list(KF_SHARES), minimums), rows=len(summaries) + 2)
    ctx.count_header(table, "KF ÖG mål", ("Andel GRÖNA",))
    text = ctx.styles.table_text
    for kf, summary in summaries:
        row = table.row()
        row.cell().text(clean_text(kf), text)
        ctx.count_cells(row, summary.counts)
        row.cell().text(format_percent(summary.share(GREEN)), text, align="center")
    row = table.row()
    row.cell(fill=KF_FILL).text("Totalt", text, bold=True)
    ctx.count_cells(row, overall.counts, bold=True, fill=KF_FILL)
    row.cell(fill=KF_FILL).text(format_percent(overall.share(GREEN)), text,
                                align="center", bold=True)
    ctx.end_table(table)
    for kf, summary in summaries:
        ctx.bold_line(clean_text(kf), F.rollup_sentence(summary), space_after=40)
    prognosis = ctx.tables.prognosis_sentence()
    if prognosis:
        ctx.sentence("Prognos helår", prognosis, keep_next=True)
        for kf, sentence in ctx.tables.kf_prognosis():
            ctx.bold_line(f"Prognos helår, {clean_text(kf)}", sentence, space_after=40)


def write_matrix(ctx: RollupContext) -> None:
    """Verksamheter down, KF ÖG mål across: the rows grow with the kommun, the columns stay
    few. More than four KF ÖG mål get a landscape page."""
    kfs = ctx.tables.kf_order
    landscape = len(kfs) > 4
    if landscape:
        ctx.section_break(landscape=True)
    ctx.heading("Verksamheterna per KF ÖG mål", 1)
    ctx.para(LEGEND, run={"size": 16, "color": GREY_TEXT}, space_after=80, keep_next=True)
    first = 0.24
    rest = (1 - first) / max(len(kfs), 1)
    matrix = ctx.tables.matrix()
    # Wide enough for the longest word of each column: no name broken mid-word.
    minimums = [minimum_share(["Verksamhet", *matrix], ctx.width),
                *(minimum_share([kf, *(matrix_cell_text(row[kf]) for row in matrix.values())],
                                ctx.width) for kf in kfs)]
    # A short matrix is kept on one page with its heading (Exempelby's five verksamheter left
    # the heading, the legend and one row at a page's foot); a kommun's long one grows freely.
    table = ctx.table(tuple(fit_shares([first, *([rest] * len(kfs))], minimums)),
                      rows=len(matrix) + 1)
    table.header_row(["Verksamhet", *kfs], style_id=ctx.styles.table_text)
    text = ctx.styles.table_text
    for name, row_counts in matrix.items():
        row = table.row()
        row.cell(fill=KF_FILL).text(clean_text(name), text, bold=True)
        for kf in kfs:
            counts = row_counts[kf]
            fill = STATUS_FILL[worst_status(counts)] if any(counts.values()) else None
            row.cell(fill=fill, valign="center").text(
                matrix_cell_text(counts), text, align="center")
    ctx.end_table(table)
    if landscape:
        ctx.section_break(landscape=False)
