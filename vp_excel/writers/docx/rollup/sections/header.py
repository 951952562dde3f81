"""The page header in every section: kommun, "Sammanställning <period>" and the date, and
the page as "1(3)"."""

from __future__ import annotations

from ..... import reproducible
from .....text import clean_text
from ...base import header_rule, page_count
from ...oxml import TableLook, text_width
from ...styles import GREY_TEXT, SMALL_SIZE
from ..context import RollupContext


def write_header(ctx: RollupContext) -> None:
    for section, story in ctx.sections:
        if story is None:
            continue
        width = text_width(section)
        widths = [int(width * 0.45), int(width * 0.35)]
        widths.append(width - sum(widths))
        look = TableLook(style_id=None, border_color=None, header_fill=None,
                         cell_margin=(0, 0))
        table = story.table(widths, look)
        text = ctx.styles.table_text
        row = table.row(cant_split=False)
        row.cell().text(clean_text(ctx.collected.kommun), text, bold=True, size=20)
        middle = row.cell()
        middle.text(f"Sammanställning {ctx.period}", text)
        middle.text(reproducible.today().isoformat(), text, size=SMALL_SIZE + 1, color=GREY_TEXT)
        page_count(row.cell().paragraph(text, align="right"), ctx.estimate.pages)
        table.finish()
        header_rule(story)
