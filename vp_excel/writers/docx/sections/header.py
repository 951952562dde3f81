"""The page header of every section: [logo] | kommun, verksamhet | title, date | 1(7), Dnr,
over a thin rule. The logo (from the settings) gets alt text; a template's own header wins."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.image.image import Image
from docx.section import Section
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph

from ....paths import MAX_LOGO_BYTES, settings_file, small_plain_file
from ....text import clean_text
from ...logo import logo_refusal
from ..base import header_rule, page_count
from ..context import ReportContext
from ..kinds import short_title
from ..layout import text_twips
from ..oxml import Cell, Story, TableLook, text_width, xml
from ..oxml.accessibility import set_alt_text
from ..styles import GREY_TEXT, SMALL_SIZE, TABLE_SIZE
from .title import report_date

LOGO_HEIGHT = Cm(1.0)
LOGO_MAX_WIDTH = Cm(4)
CM = xml.TWIPS_PER_CM


@dataclass(frozen=True)
class Logo:
    path: Path
    width: Emu
    height: Emu


def write_headers(ctx: ReportContext, logo: Logo | None) -> None:
    """Our header in every section, unless the template brings its own (then the
    sections have no header story: see `DocumentWriter.prepare`)."""
    for section, story in ctx.sections:
        if story is not None:
            _write_header(ctx, section, story, logo)


def _write_header(ctx: ReportContext, section: Section, story: Story, logo: Logo | None
                  ) -> None:
    width = text_width(section)
    logo_width = int(logo.width / 635) + int(0.3 * CM) if logo else 0
    widths = header_widths(ctx, width - logo_width)
    if logo:
        widths.insert(0, logo_width)
    look = TableLook(style_id=None, border_color=None, header_fill=None, cell_margin=(0, 0))
    table = story.table(widths, look)
    text = ctx.styles.table_text
    settings = ctx.settings
    valign = "center" if logo else None
    row = table.row(cant_split=False)
    if logo:
        _add_logo(ctx, row.cell(valign=valign), section, logo)
    left = row.cell(valign=valign)
    left.text(clean_text(settings.kommun), text, bold=True, size=20)
    if clean_text(settings.verksamhet):
        left.text(clean_text(settings.verksamhet), text, size=SMALL_SIZE + 1, color=GREY_TEXT)
    middle = row.cell(valign=valign)
    middle.text(short_title(ctx.plan, ctx.period, ctx.kind), text, size=TABLE_SIZE)
    if settings.report_date or not ctx.is_plan:
        middle.text(report_date(ctx).isoformat(), text, size=SMALL_SIZE + 1, color=GREY_TEXT)
    right = row.cell(valign=valign)
    page_count(right.paragraph(text, align="right"), ctx.estimate.pages)
    if clean_text(settings.diarienummer):
        right.text(f"Dnr {clean_text(settings.diarienummer)}", text, align="right",
                   size=SMALL_SIZE + 1, color=GREY_TEXT)
    table.finish()
    header_rule(story)


def header_widths(ctx: ReportContext, rest: int) -> list[int]:
    """Kommun | title | page: the title gets room for one line (a wrapped title pushes the
    rule down on every page), taken from the kommun's column as long as its words fit."""
    settings = ctx.settings
    title = short_title(ctx.plan, ctx.period, ctx.kind)
    right = int(rest * 0.20)
    left_need = max(text_twips(clean_text(settings.kommun), 20, bold=True),
                    text_twips(clean_text(settings.verksamhet), SMALL_SIZE + 1),
                    int(rest * 0.25))
    middle = min(max(int(rest * 0.35), text_twips(title, TABLE_SIZE)), rest - right - left_need)
    middle = max(middle, int(rest * 0.35))
    return [rest - right - middle, middle, right]


def find_logo(ctx: ReportContext) -> Logo | None:
    """The logo named in the settings, sized for the header; None (and a warning) when it is
    missing or not an image."""
    name = clean_text(ctx.settings.logo)
    if not name:
        return None
    path = settings_file(name, ctx.plan.source_file)
    if not small_plain_file(path):
        ctx.warnings.append(f"Logotypen {name} finns inte eller är ingen bildfil på högst "
                            f"{MAX_LOGO_BYTES // 1_048_576} MB (sökt som {path}); sidhuvudet "
                            "visas utan logotyp.")
        return None
    try:
        data = path.read_bytes()
        image = Image.from_blob(data)
        ratio = image.px_width / image.px_height
    except Exception:  # noqa: BLE001 - python-docx's image parsers fail many ways on a
        # damaged file (a cut-off PNG raised UnexpectedEndOfFileError): none is a logo.
        ctx.warnings.append(f"Logotypen {name} kunde inte läsas som bild (PNG, JPEG, GIF, BMP "
                            "eller TIFF); sidhuvudet visas utan logotyp.")
        return None
    refusal = logo_refusal(name, data, path.suffix)
    if refusal:
        ctx.warnings.append(f"{refusal} Sidhuvudet visas utan logotyp.")
        return None
    height = int(LOGO_HEIGHT)
    width = int(height * ratio)
    if width > LOGO_MAX_WIDTH:  # a wide logo: fit the width instead
        width, height = int(LOGO_MAX_WIDTH), int(LOGO_MAX_WIDTH / ratio)
    return Logo(path, Emu(width), Emu(height))


def _add_logo(ctx: ReportContext, cell: Cell, section: Section, logo: Logo) -> None:
    p = cell.paragraph(ctx.styles.table_text)
    Paragraph(p, section.header).add_run().add_picture(str(logo.path), width=logo.width,
                                                      height=logo.height)
    kommun = clean_text(ctx.settings.kommun)
    set_alt_text(p, f"{kommun}s logotyp" if kommun else "Logotyp")
