"""The Word report of the roll-up, in the house style of the verksamhet reports.

Order: title block and, on the first page, the verksamheter that are missing and why;
Måluppfyllelse per KF ÖG mål (the kommun's sentence and counts); the matrix KF ÖG mål ×
verksamhet (counts in words, the colour only repeating the worst status); Per verksamhet
(now, before, change); God ekonomisk hushållning (the förvaltningsberättelse's sentence and
its goals); Mål som inte nås (every RÖD goal with outcome, målvärde and analysis). Every
number is read from `rollup.frames.RollupTables`, as the workbook's and the terminal's are.

Accessible as the other reports: document title and language sv-SE, real headings, table
header rows repeated on every page, status always in words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.shared import Cm

from ... import reproducible
from ...rollup import frames as F
from ...rules import Summary
from ...schema import GREEN, NOT_ASSESSED, RED, STATUS_FILL, YELLOW
from ...swedish import format_percent
from ...text import clean_text
from ..xlsx.rollup import matrix_cell_text
from .labels import swedish_date
from .layout import fit_shares, minimum_share
from .oxml import BodyStory, TableBuilder, TableLook, set_orientation, text_width, xml
from .oxml import document as docops
from .styles import (
    BORDER_GREY,
    GREY_TEXT,
    HEADER_FILL,
    KF_FILL,
    SMALL_SIZE,
    Styles,
    prepare_styles,
)

LANGUAGE = "sv-SE"
ALL = F.ALL_STATUSES
WORST_FIRST = (RED, YELLOW, GREEN)
LEGEND = ("Färgen visar cellens sämsta status (RÖD före GUL före GRÖN); antalen står "
          "alltid i "
          "ord. GRÖN = målet är uppnått, GUL = nära målet, RÖD = målet är inte uppnått, "
          "Ej bedömd = utfall eller bedömning saknas.")


def worst_status(counts: dict[str, int]) -> str:
    return next((s for s in WORST_FIRST if counts.get(s)), NOT_ASSESSED)


class _Report:
    def __init__(self, result):
        self.result = result
        self.tables = result.tables
        self.collected = result.collected
        self.document = docx.Document()
        self.body = BodyStory(self.document)
        self.styles = Styles()
        self.width = 0

    def write(self, path: Path) -> None:
        document = self.document
        self.body.clear()
        self.styles = prepare_styles(document, False, [])
        docops.set_document_language(document, LANGUAGE)
        docops.drop_styles_with_effects(document)
        docops.drop_update_fields(document)  # no "update fields?" question in Word
        docops.drop_thumbnail(document)
        section = document.sections[-1]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
        section.header_distance = section.footer_distance = Cm(1)
        set_orientation(section, landscape=False)
        self.width = text_width(section)
        self._title()
        self._kf_goals()
        self._matrix()
        self._verksamheter()
        self._economy()
        self._red_goals()
        self._header()
        self._properties()
        document.save(str(path))

    # --- helpers -------------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        self.body.paragraph(clean_text(text) or "–", self.styles[f"Heading {level}"])

    def para(self, text: str = "", **props: Any) -> Any:
        return self.body.paragraph(clean_text(text), None, **props)

    def table(self, shares: tuple[float, ...]) -> TableBuilder:
        widths = [int(self.width * share) for share in shares]
        widths[-1] = self.width - sum(widths[:-1])
        look = TableLook(style_id=self.styles["Table Grid"], border_color=BORDER_GREY,
                         header_fill=HEADER_FILL)
        return self.body.table(widths, look)

    def end_table(self, table: TableBuilder, keep_together: bool = True) -> None:
        table.finish(keep_together=keep_together and table.rows <= 15)
        self.body.paragraph(space_before=0, space_after=0, mark_size=8)

    def sentence(self, label: str, text: str) -> None:
        p = self.para(space_after=80)
        xml.add_run(p, f"{label}: ", bold=True)
        xml.add_run(p, text)

    def count_cells(self, row, counts: dict[str, int], bold: bool = False,
                    fill: str | None = None) -> None:
        text = self.styles.table_text
        for status in ALL:
            row.cell(fill=fill).text(str(counts[status]), text, align="center", bold=bold)
        row.cell(fill=fill).text(str(sum(counts.values())), text, align="center", bold=True)

    def count_header(self, table: TableBuilder, first: str, extra: tuple[str, ...] = ()
                     ) -> None:
        text = self.styles.table_text
        row = table.row(header=True)
        row.cell(fill=HEADER_FILL, valign="bottom").text(first, text, bold=True)
        for status in ALL:
            row.cell(fill=STATUS_FILL[status], valign="bottom").text(
                status, text, align="center", bold=True)
        for title in ("Totalt", *extra):
            row.cell(fill=HEADER_FILL, valign="bottom").text(title, text, align="center",
                                                              bold=True)

    # --- sections ------------------------------------------------------------------------
    def _title(self) -> None:
        collected = self.collected
        if collected.kommun:
            self.para(collected.kommun, run={"size": 24, "color": GREY_TEXT, "bold": True},
                      space_after=60)
        self.body.paragraph(clean_text(self.result.title), self.styles["Title"])
        names = self.tables.verksamheter
        for label, value in (("Period", collected.period),
                             ("Rapportdatum", swedish_date(reproducible.today())),
                             (f"Verksamheter ({len(names)})", ", ".join(names))):
            p = self.para(space_after=0)
            xml.add_run(p, f"{label}: ", bold=True)
            xml.add_run(p, clean_text(value))
        if collected.missing:
            self.heading("Verksamheter som saknas i sammanställningen", 2)
            self.para("Följande arbetsböcker är inte med, och deras mål finns inte i någon "
                      "siffra i rapporten:", space_after=40)
            for item in collected.missing:
                p = self.body.paragraph(style_id=self.styles.bullet_id)
                xml.add_run(p, f"{clean_text(item.name)}: ", bold=True)
                xml.add_run(p, clean_text(item.reason))

    def _kf_goals(self) -> None:
        self.heading("Måluppfyllelse per KF ÖG mål", 1)
        overall = self.tables.summary()
        self.sentence(f"Sammanfattning {self.collected.period}", F.rollup_sentence(overall))
        self.para(f"Målen per KF ÖG mål och status i alla verksamheter, "
                  f"{self.collected.period}:", space_before=120, space_after=60,
                  keep_next=True)
        table = self.table((0.40, 0.10, 0.10, 0.10, 0.11, 0.09, 0.10))
        self.count_header(table, "KF ÖG mål", ("Andel GRÖNA",))
        text = self.styles.table_text
        for kf, summary in self.tables.kf_summaries():
            row = table.row()
            row.cell().text(clean_text(kf), text)
            self.count_cells(row, summary.counts)
            row.cell().text(format_percent(summary.share(GREEN)), text, align="center")
        row = table.row()
        row.cell(fill=KF_FILL).text("Totalt", text, bold=True)
        self.count_cells(row, overall.counts, bold=True, fill=KF_FILL)
        row.cell(fill=KF_FILL).text(format_percent(overall.share(GREEN)), text,
                                    align="center", bold=True)
        self.end_table(table)
        for kf, summary in self.tables.kf_summaries():
            p = self.para(space_after=40)
            xml.add_run(p, f"{clean_text(kf)}: ", bold=True)
            xml.add_run(p, F.rollup_sentence(summary))

    def _matrix(self) -> None:
        """Verksamheter down, KF ÖG mål across: the rows grow with the kommun, the columns
        stay few. More than four KF ÖG mål get a landscape page."""
        kfs = self.tables.kf_order
        landscape = len(kfs) > 4
        if landscape:
            self.width = text_width(self.body.section_break(landscape=True))
        self.heading("Verksamheterna per KF ÖG mål", 1)
        self.para(LEGEND, run={"size": 16, "color": GREY_TEXT}, space_after=80)
        first = 0.24
        rest = (1 - first) / max(len(kfs), 1)
        matrix = self.tables.matrix()
        # Wide enough for the longest word of each column: no name broken mid-word.
        minimums = [minimum_share(["Verksamhet", *matrix], self.width),
                    *(minimum_share([kf, *(matrix_cell_text(row[kf]) for row in matrix.values())],
                                    self.width) for kf in kfs)]
        table = self.table(tuple(fit_shares([first, *([rest] * len(kfs))], minimums)))
        table.header_row(["Verksamhet", *kfs], style_id=self.styles.table_text)
        text = self.styles.table_text
        for name, row_counts in matrix.items():
            row = table.row()
            row.cell(fill=KF_FILL).text(clean_text(name), text, bold=True)
            for kf in kfs:
                counts = row_counts[kf]
                fill = STATUS_FILL[worst_status(counts)] if any(counts.values()) else None
                row.cell(fill=fill, valign="center").text(
                    matrix_cell_text(counts), text, align="center")
        self.end_table(table, keep_together=False)
        if landscape:
            self.width = text_width(self.body.section_break(landscape=False))

    def _verksamheter(self) -> None:
        self.heading("Per verksamhet", 1)
        for name, now, before in self.tables.verksamhet_summaries():
            self.heading(name, 2)
            self.sentence(self.collected.period, F.rollup_sentence(now))
            previous = self.tables.previous.get(name)
            if before is None or previous is None:
                self.para("Verksamheten har ingen tidigare period att jämföra med.",
                          run={"italic": True, "color": GREY_TEXT})
                continue
            self.sentence(f"Föregående period {previous}", F.rollup_sentence(before))
            self.sentence("Förändring", _change(now, before))

    def _economy(self) -> None:
        self.heading("God ekonomisk hushållning", 1)
        goals = self.tables.economy_goals()
        summary = self.tables.summary(goals)
        self.para(F.economy_sentence(summary), space_after=80)
        if goals.empty:
            return
        kfs = ", ".join(f"”{kf}”" for kf in dict.fromkeys(goals[F.KF]))
        self.para(f"Målen under KF ÖG mål {kfs}:", space_after=60, keep_next=True)
        self._goal_table(goals)

    def _red_goals(self) -> None:
        self.heading("Mål som inte nås", 1)
        red = self.tables.red_goals()
        if red.empty:
            self.para(f"Inget mål är RÖTT för {self.collected.period}.")
            return
        self.para(f"{len(red)} av {len(self.tables.goals)} mål är RÖDA för "
                  f"{self.collected.period}, med verksamhetens utfall, målvärde och analys.",
                  space_after=80)
        for name in self.tables.verksamheter:
            own = red[red[F.VERKSAMHET] == name]
            if own.empty:
                continue
            self.heading(name, 2)
            for goal in own.itertuples(index=False):
                self._red_goal(goal)

    def _red_goal(self, goal) -> None:
        values = dict(zip(F.GOAL_COLUMNS, goal))
        self.heading(values[F.KS], 3)
        for label, key in (("KF ÖG mål", F.KF), ("Utfall", F.OUTCOME),
                           ("Målvärde", F.TARGET)):
            if values[key]:
                p = self.para(space_after=20, keep_next=True)
                xml.add_run(p, f"{label}: ", bold=True)
                xml.add_run(p, clean_text(values[key]))
        p = self.para(space_after=40, keep_next=True)
        xml.add_run(p, "Status: ", bold=True)
        xml.add_run(p, "\u00a0RÖD\u00a0", bold=True, fill=STATUS_FILL[RED])
        if values[F.MANUAL] == "Ja":
            xml.add_run(p, " (manuell bedömning)")
        analysis = clean_text(values[F.ANALYSIS])
        p = self.para(space_after=80)
        if analysis:
            xml.add_run(p, "Analys: ", bold=True)
            xml.add_run(p, analysis)
        else:
            xml.add_run(p, "Ingen analys skriven för perioden.", italic=True, color=GREY_TEXT)

    def _goal_table(self, goals) -> None:
        table = self.table((0.22, 0.36, 0.14, 0.14, 0.14))
        text = self.styles.table_text
        table.header_row(["Verksamhet", "KS mål", "Utfall", "Målvärde", "Status"],
                         style_id=text)
        for goal in goals.itertuples(index=False):
            values = dict(zip(F.GOAL_COLUMNS, goal))
            row = table.row()
            row.cell().text(clean_text(values[F.VERKSAMHET]), text)
            row.cell().text(clean_text(values[F.KS]), text)
            row.cell().text(clean_text(values[F.OUTCOME]), text)
            row.cell().text(clean_text(values[F.TARGET]), text)
            status = values[F.STATUS]
            cell = row.cell(fill=STATUS_FILL.get(status), valign="center")
            cell.text(status, text, align="center", bold=True)
            if values[F.MANUAL] == "Ja":
                cell.text("(manuell)", text, align="center", size=SMALL_SIZE)
        self.end_table(table)

    # --- page header and properties ------------------------------------------------------
    def _header(self) -> None:
        for section in self.document.sections:
            story = docops.own_header(section)
            width = text_width(section)
            widths = [int(width * 0.45), int(width * 0.35)]
            widths.append(width - sum(widths))
            look = TableLook(style_id=None, border_color=None, header_fill=None,
                             cell_margin=(0, 0))
            table = story.table(widths, look)
            text = self.styles.table_text
            row = table.row(cant_split=False)
            row.cell().text(clean_text(self.collected.kommun), text, bold=True, size=20)
            middle = row.cell()
            middle.text(f"Sammanställning {clean_text(self.collected.period)}", text)
            middle.text(reproducible.today().isoformat(), text, size=SMALL_SIZE + 1,
                        color=GREY_TEXT)
            page = row.cell().paragraph(text, align="right")
            xml.add_field(page, "PAGE", "1", size=20)
            xml.add_run(page, "(", size=20)
            xml.add_field(page, "NUMPAGES", "1", size=20)
            xml.add_run(page, ")", size=20)
            table.finish()
            rule = story.paragraph(space_before=40, space_after=0, mark_size=4)
            border = xml.get_or_add(xml.paragraph_properties(rule), "pBdr", xml.PPR_ORDER)
            xml.sub(border, "bottom", val="single", sz=4, space=1, color=BORDER_GREY)

    def _properties(self) -> None:
        props = self.document.core_properties
        now = reproducible.now().replace(tzinfo=None)  # SOURCE_DATE_EPOCH when set
        props.title = clean_text(self.result.title)[:255]
        props.subject = "Sammanställning av verksamheternas måluppfyllelse"
        props.author = props.last_modified_by = clean_text(self.collected.kommun)[:255]
        props.language = LANGUAGE
        props.keywords = "verksamhetsplan; sammanställning; måluppfyllelse"
        props.comments = "Skapad med vp-excel sammanstall."
        props.created = props.modified = now
        props.revision = 1


def _change(now: Summary, before: Summary) -> str:
    """"GRÖNA +2, GULA −1, RÖDA 0" against the previous period."""
    parts = []
    for status, word in ((GREEN, "GRÖNA"), (YELLOW, "GULA"), (RED, "RÖDA")):
        diff = now.counts[status] - before.counts[status]
        sign = "+" if diff > 0 else "−" if diff < 0 else "±"
        parts.append(f"{word} {sign}{abs(diff)}")
    return ", ".join(parts)


def write_rollup_document(result, path: str | Path) -> None:
    """Write the roll-up's Word report of `result` (a `rollup.api.RollupResult`) to `path`."""
    _Report(result).write(Path(path))
