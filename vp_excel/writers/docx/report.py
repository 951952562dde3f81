"""The Word delårsrapport (python-docx), laid out after the kommun's own plan document.

Order: title block, the workbook's texts (Inledning first), Sammanfattning with the counts per
KF ÖG mål, the plan table in a landscape section, then the analysis per KS mål back in
portrait. Headings are real Heading 1-3 styles, the page header shows kommun, report and
page as "1(7)" from PAGE and NUMPAGES fields.

With a template the kommun's styles, page set-up, headers and footers are kept and only the
body is replaced; styles the report needs but the template lacks get the built-in look and a
warning. Big tables are built as XML row by row (see `vp_excel.writers.docx.oxml.table`), never through
python-docx's cell lookups, which are quadratic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.section import Section
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph
from lxml import etree

from ...model import GoalDirection, KfGoal, KsGoal, Plan, PlanRow
from ...rules import Assessment, Evaluation, summary_sentence
from ...schema import (GREEN, HIGHER, LOWER, MANUAL, NOT_ASSESSED, RED, STATUS_FILL,
                       YELLOW)
from ...swedish import format_value
from ...text import clean_text
from .labels import (indicator_label, outcome_text, paragraphs_of, period_span, report_title,
                     swedish_date, text_parts)
from .layout import PageEstimate, chars_per_line, line_count
from .oxml import BodyStory, Cell, TableBuilder, TableLook, set_orientation, text_width
from .oxml import document as docops
from .oxml import xml
from .styles import (BORDER_GREY, GREY_TEXT, HEADER_FILL, HEADING_COLOR, KF_FILL,
                     SMALL_SIZE, TABLE_SIZE, Styles, prepare_styles)
from .template import open_template

LANGUAGE = "sv-SE"
LOGO_HEIGHT = Cm(1.0)
LOGO_MAX_WIDTH = Cm(4)
CM = xml.TWIPS_PER_CM
KEEP_TOGETHER_ROWS = 15  # shorter tables are kept on one page
# w:updateFields makes Word refresh PAGE/NUMPAGES (and any TOC) on opening, at the price of
# Word's "update the fields?" question. Header page fields are refreshed by Word's layout
# anyway; switch this off if the question confuses readers.
UPDATE_FIELDS_ON_OPEN = True

PLAN_COLUMNS = ("KF ÖG mål", "KF Indikator (styrgräns)", "Status", "KS mål", "Målinriktningar",
                "Aktiviteter")
PLAN_SHARES = (0.13, 0.18, 0.08, 0.18, 0.19, 0.24)  # of the landscape text width
ACTIVITY_COLUMNS = ("Målinriktning", "Aktivitet", "Status", "Kommentar")
ACTIVITY_SHARES = (0.26, 0.34, 0.13, 0.27)
COUNT_STATUSES = (GREEN, YELLOW, RED, NOT_ASSESSED)
STATUS_LEGEND = ("GRÖN = målet är uppnått, GUL = nära målet, RÖD = målet är inte uppnått, "
                 "Ej bedömd = utfall eller bedömning saknas. (manuell) = manuell bedömning.")


def write_document(evaluation: Evaluation, path: str | Path,
                   template: Path | None = None) -> list[str]:
    """Write the Word report for `evaluation.period` to `path`; returns Swedish warnings."""
    document = open_template(template) if template else docx.Document()
    report = _Report(evaluation.plan, evaluation, document, has_template=template is not None)
    report.write()
    document.save(str(path))
    return report.warnings


@dataclass(frozen=True)
class _Logo:
    path: Path
    width: Emu
    height: Emu


class _Report:
    def __init__(self, plan: Plan, evaluation: Evaluation, document: DocxDocument,
                 has_template: bool):
        self.plan = plan
        self.evaluation = evaluation
        self.document = document
        self.has_template = has_template
        self.settings = plan.settings
        self.period = plan.period(evaluation.period)
        self.warnings: list[str] = []
        self.body = BodyStory(document)
        self.estimate = PageEstimate()
        self.styles = Styles()
        self.width = 0  # text width of the current section, twips
        self._logo_cache: _Logo | None | bool = False  # False: not looked up yet

    # --- orchestration -----------------------------------------------------------------
    def write(self) -> None:
        self.body.clear()
        self.styles = prepare_styles(self.document, self.has_template, self.warnings)
        docops.set_document_language(self.document, LANGUAGE)
        docops.drop_styles_with_effects(self.document)
        if UPDATE_FIELDS_ON_OPEN:
            docops.update_fields_on_open(self.document)
        first = self.document.sections[-1]
        if not self.has_template:
            self._page_setup(first)
            docops.drop_thumbnail(self.document)
        set_orientation(first, landscape=False)
        self._begin_section(first, "portrait")
        self._title_block()
        self._texts()
        self._summary()
        self._begin_section(self.body.section_break(landscape=True), "landscape")
        self._plan_table()
        self._begin_section(self.body.section_break(landscape=False), "portrait")
        self._analysis()
        self._headers()
        self._core_properties()

    def _page_setup(self, section: Section) -> None:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = Cm(2.7 if self._logo() else 2.5)
        section.bottom_margin = Cm(2)
        section.header_distance = Cm(1)
        section.footer_distance = Cm(1)

    def _begin_section(self, section: Section, kind: str) -> None:
        self.width = text_width(section)
        self.estimate.start(kind)

    # --- body helpers ------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        text = clean_text(text) or "–"
        self.body.paragraph(text, self.styles[f"Heading {level}"])
        self.estimate.text(text, chars_per_line(self.width, 26), extra=1.5)

    def para(self, text: str = "", *, style: str | None = None, run: dict | None = None,
             **props: object) -> etree._Element:
        p = self.body.paragraph(text, style, run=run, **props)
        self.estimate.text(text, chars_per_line(self.width))
        return p

    def fact(self, label: str, value: str, *, after: int = 40, keep_next: bool = True
             ) -> etree._Element:
        """A line "Label: value" with the label in bold; kept on the page of what follows,
        so a KS mål's heading and facts are not split over two pages."""
        p = self.body.paragraph(space_after=after, keep_next=keep_next)
        xml.add_run(p, f"{label}: ", bold=True)
        xml.add_run(p, value)
        self.estimate.text(f"{label}: {value}", chars_per_line(self.width))
        return p

    def text_blocks(self, text: str, keep_next: bool = False) -> None:
        """Workbook text as paragraphs; a block of "•" lines becomes a bullet list."""
        for kind, part in text_parts(text):
            self.para(part, style=self.styles.bullet_id if kind == "li" else None,
                      keep_next=keep_next)

    def table(self, shares: tuple[float, ...]) -> TableBuilder:
        """A full-width table; column widths as shares of the text width."""
        widths = [int(self.width * share) for share in shares]
        widths[-1] = self.width - sum(widths[:-1])
        look = TableLook(style_id=self.styles["Table Grid"], border_color=BORDER_GREY,
                         header_fill=HEADER_FILL)
        return self.body.table(widths, look)

    def after_table(self) -> None:
        """A small gap after a table, so the next table or heading doesn't touch it."""
        self.body.paragraph(space_before=0, space_after=0, mark_size=8)

    # --- title block -------------------------------------------------------------------
    def _title_block(self) -> None:
        settings = self.settings
        kommun = clean_text(settings.kommun)
        if kommun:
            self.para(kommun, run={"size": 24, "color": GREY_TEXT, "bold": True},
                      space_after=60)
        self.para(report_title(self.plan, self.period), style=self.styles["Title"])
        for line in (settings.title, settings.subtitle):
            if clean_text(line):
                self.para(clean_text(line), style=self.styles["Subtitle"])
        facts = [("Period", period_span(self.period)),
                 ("Rapportdatum", swedish_date(self._report_date())),
                 ("Diarienummer", clean_text(settings.diarienummer)),
                 ("Kontaktperson", clean_text(settings.contact)),
                 ("Mandatperiod", clean_text(settings.mandate_period))]
        for label, value in facts:
            if value:
                self.fact(label, value, after=0, keep_next=False)
        vision = clean_text(settings.vision)
        if vision:
            p = self.para(space_before=160, space_after=120)
            xml.add_run(p, "Vision: ", bold=True, color=HEADING_COLOR)
            xml.add_run(p, vision, italic=True, color=HEADING_COLOR)

    def _report_date(self) -> dt.date:
        return self.settings.report_date or dt.date.today()

    # --- the workbook's texts ----------------------------------------------------------
    def _texts(self) -> None:
        for heading, bodies in _grouped_texts(self.plan, self.period.name):
            self.heading(heading, 1)
            for body in bodies:
                self.text_blocks(body)

    # --- summary -----------------------------------------------------------------------
    def _summary(self) -> None:
        self.heading("Sammanfattning och måluppfyllelse", 1)
        periods = [self.evaluation.period]
        if self.evaluation.previous_period:
            periods.append(self.evaluation.previous_period)
        for name in periods:
            sentence = summary_sentence(self.evaluation.summary(name))
            p = self.para(space_after=80)
            xml.add_run(p, f"Sammanfattning {clean_text(name)}: ", bold=True)
            xml.add_run(p, sentence)
        self.para(f"KS-målens status per KF ÖG mål, {clean_text(self.evaluation.period)}:",
                  space_before=120, space_after=60, keep_next=True)
        self._count_table()

    def _count_table(self) -> None:
        table = self.table((0.44, 0.11, 0.11, 0.11, 0.12, 0.11))
        text = self.styles.table_text
        row = table.row(header=True)
        row.cell(fill=HEADER_FILL, valign="bottom").text("KF ÖG mål", text, bold=True)
        for status in COUNT_STATUSES:
            row.cell(fill=STATUS_FILL[status], valign="bottom").text(
                status, text, align="center", bold=True)
        row.cell(fill=HEADER_FILL, valign="bottom").text("Totalt", text, align="center",
                                                          bold=True)
        totals = {status: 0 for status in COUNT_STATUSES}
        for kf in self.plan.kf_goals:
            counts = self.evaluation.summary(kf_goal=kf).counts
            row = table.row()
            row.cell().text(clean_text(kf.name), text)
            for status in COUNT_STATUSES:
                totals[status] += counts[status]
                row.cell().text(str(counts[status]), text, align="center")
            row.cell().text(str(sum(counts.values())), text, align="center")
        row = table.row()
        row.cell(fill=KF_FILL).text("Totalt", text, bold=True)
        for status in COUNT_STATUSES:
            row.cell(fill=KF_FILL).text(str(totals[status]), text, align="center", bold=True)
        row.cell(fill=KF_FILL).text(str(sum(totals.values())), text, align="center", bold=True)
        table.finish(keep_together=table.rows <= KEEP_TOGETHER_ROWS)
        self.estimate.add(1.3 * (len(self.plan.kf_goals) + 2))
        self.after_table()

    # --- the plan table ----------------------------------------------------------------
    def _plan_table(self) -> None:
        self.heading("Mål, indikatorer och aktiviteter", 1)
        self.para(f"Status visar KS-målens status för {clean_text(self.period.name)}. "
                  + STATUS_LEGEND, run={"size": 16, "color": GREY_TEXT}, space_after=80)
        table = self.table(PLAN_SHARES)
        table.header_row(list(PLAN_COLUMNS), style_id=self.styles.table_text)
        self.estimate.add(1.5)
        for kf in self.plan.kf_goals:
            self._plan_rows(table, kf)
        if not self.plan.kf_goals:
            table.row().cell(span=len(PLAN_COLUMNS)).text("Planen har inga mål ännu.",
                                                          self.styles.table_text, italic=True)
        table.finish()

    def _plan_rows(self, table: TableBuilder, kf: KfGoal) -> None:
        """One table row per målinriktning; KF ÖG mål merged over all of them, indicator,
        status and KS mål merged over their own row's målinriktningar."""
        plan_rows: list[PlanRow | None] = list(kf.rows) or [None]
        span = sum(max(1, len(r.directions)) if r else 1 for r in plan_rows)
        first = True
        for plan_row in plan_rows:
            directions: list[GoalDirection | None] = (
                list(plan_row.directions) if plan_row and plan_row.directions else [None])
            for index, direction in enumerate(directions):
                row = table.row()
                if first:
                    row.cell(fill=KF_FILL, merge=span > 1).text(
                        clean_text(kf.name), self.styles.table_text, bold=True)
                    first = False
                else:
                    row.merged()
                if index == 0:
                    self._row_cells(row, plan_row, merge=len(directions) > 1)
                else:
                    for _column in ("indicator", "status", "ks_goal"):
                        row.merged()
                self._direction_cells(row, direction, plan_row, index)

    def _row_cells(self, row, plan_row: PlanRow | None, merge: bool) -> None:
        text = self.styles.table_text
        indicator = plan_row.indicator if plan_row else None
        cell = row.cell(merge=merge)
        if indicator is not None:
            cell.text(indicator_label(indicator), text)
            outcome = outcome_text(indicator.measure, self.period.name)
            if outcome:
                status = self.evaluation.indicator_status(indicator)
                cell.text(f"Utfall {clean_text(self.period.name)}: {outcome} "
                          f"({status.label})", text, size=SMALL_SIZE, color=GREY_TEXT)
                source = indicator.measure.sources.get(self.period.name)
                if source:  # a value fetched, not typed: say where from
                    cell.text(source, text, size=SMALL_SIZE, color=GREY_TEXT)
        else:
            cell.paragraph(text)
        goal = plan_row.ks_goal if plan_row else None
        if goal is not None:
            self._status_cell(row, self.evaluation.ks_status(goal), merge)
            row.cell(merge=merge).text(clean_text(goal.text), text)
        else:
            row.cell(merge=merge).paragraph(text)
            row.cell(merge=merge).paragraph(text)

    def _status_cell(self, row, assessment: Assessment, merge: bool) -> Cell:
        """The status word on its colour; "(manuell)" below it for a manual assessment."""
        cell = row.cell(fill=STATUS_FILL.get(assessment.status, STATUS_FILL[NOT_ASSESSED]),
                        merge=merge, valign="center")
        cell.text(assessment.status, self.styles.table_text, align="center", bold=True)
        if assessment.manual:
            cell.text("(manuell)", self.styles.table_text, align="center", size=SMALL_SIZE)
        return cell

    def _direction_cells(self, row, direction: GoalDirection | None,
                         plan_row: PlanRow | None, index: int) -> None:
        text = self.styles.table_text
        if direction is None:
            row.cell().paragraph(text)
            row.cell().paragraph(text)
            self.estimate.add(self._row_lines(plan_row, None, index))
            return
        row.cell().text(clean_text(direction.label), text)
        cell = row.cell()
        self.cell_bullets(cell, [a.text for a in direction.activities])
        self.estimate.add(self._row_lines(plan_row, direction, index))

    def cell_bullets(self, cell: Cell, items: list[str]) -> None:
        items = [clean_text(item) for item in items if clean_text(item)]
        for item in items:
            xml.add_run(cell.paragraph(self.styles.table_bullet), item)
        if not items:
            cell.paragraph(self.styles.table_text)

    def _row_lines(self, plan_row: PlanRow | None, direction: GoalDirection | None,
                   index: int) -> float:
        widths = [self.width * share for share in PLAN_SHARES]
        per_line = [chars_per_line(width - 170, TABLE_SIZE) for width in widths]
        texts = [0]
        if plan_row and index == 0:
            if plan_row.indicator:
                texts.append(line_count(indicator_label(plan_row.indicator), per_line[1]))
            if plan_row.ks_goal:
                texts.append(line_count(plan_row.ks_goal.text, per_line[3]))
        if direction is not None:
            texts.append(line_count(direction.label, per_line[4]))
            texts.append(sum(line_count(a.text, per_line[5] - 2) for a in direction.activities))
        return max(texts) + 0.4

    # --- analysis ----------------------------------------------------------------------
    def _analysis(self) -> None:
        self.heading("Analys per KS-mål", 1)
        self.para(f"Utfall, bedömning och analys för {clean_text(self.period.name)} per KS-mål, "
                  "med målinriktningar och aktiviteter.", space_after=60)
        for kf in self.plan.kf_goals:
            self.heading(kf.name, 2)
            goal_rows = [row for row in kf.rows if row.ks_goal is not None]
            other_rows = [row for row in kf.rows if row.ks_goal is None and row.directions]
            if not goal_rows:
                self.para("Inga KS-mål under detta mål.", run={"italic": True,
                                                                "color": GREY_TEXT})
            for plan_row in goal_rows:
                self._goal_analysis(plan_row)
            if other_rows:
                self.heading("Övriga målinriktningar och aktiviteter", 3)
                self._activity_table([(d, _unnamed_direction(row)) for row in other_rows
                                      for d in row.directions])

    def _goal_analysis(self, plan_row: PlanRow) -> None:
        goal: KsGoal = plan_row.ks_goal  # type: ignore[assignment]
        measure = goal.measure
        period = self.period.name
        self.heading(goal.text, 3)
        assessment = self.evaluation.ks_status(goal)
        self._status_line(f"Status {clean_text(period)}", assessment)
        outcome = outcome_text(measure, period)
        target = format_value(measure.target, measure.unit) if measure.target is not None else ""
        if outcome:
            self.fact("Utfall", outcome)
        if target and measure.rule in (HIGHER, LOWER):
            self.fact("Målvärde", f"{target} ({measure.rule.lower()})")
        elif target:
            self.fact("Målvärde", target)
        elif measure.rule != MANUAL:
            self.fact("Regel", measure.rule)
        reason = clean_text(assessment.reason)
        if assessment.manual:
            self.fact("Motivering", reason or "manuell bedömning")
        elif reason:
            self.fact("Bedömning", reason)
        previous = self.evaluation.previous_period
        if previous:
            before = self.evaluation.ks_status(goal, previous)
            before_outcome = outcome_text(measure, previous)
            value = before.label + (f", utfall {before_outcome}" if before_outcome else "")
            self.fact(f"Föregående period ({clean_text(previous)})", value)
        # The whole block, heading to activity table, is kept on one page when it fits.
        analysis = measure.analyses.get(period, "")
        if paragraphs_of(analysis):
            self.para("Analys", run={"bold": True}, space_before=80, space_after=20,
                      keep_next=True)
            self.text_blocks(analysis, keep_next=bool(plan_row.directions))
        if plan_row.directions:
            self.para(space_after=0, mark_size=8, keep_next=True)
            self._activity_table([(d, _unnamed_direction(plan_row))
                                  for d in plan_row.directions])

    def _status_line(self, label: str, assessment: Assessment) -> None:
        p = self.body.paragraph(space_after=40, keep_next=True)
        xml.add_run(p, f"{label}: ", bold=True)
        fill = STATUS_FILL.get(assessment.status, STATUS_FILL[NOT_ASSESSED])
        xml.add_run(p, f"\u00a0{assessment.status}\u00a0", bold=True, fill=fill)
        if assessment.manual:
            xml.add_run(p, " (manuell bedömning)")
        self.estimate.add(1.4)

    def _activity_table(self, directions: list[tuple[GoalDirection, str]]) -> None:
        """Målinriktning | Aktivitet | Status | Kommentar; the målinriktning merged over its
        activities. Each direction comes with what to show when it has no text."""
        table = self.table(ACTIVITY_SHARES)
        text = self.styles.table_text
        table.header_row(list(ACTIVITY_COLUMNS), style_id=text)
        self.estimate.add(1.5)
        per_line = chars_per_line(self.width * ACTIVITY_SHARES[1], TABLE_SIZE)
        for direction, unnamed in directions:
            activities = direction.activities or [None]
            for index, activity in enumerate(activities):
                row = table.row()
                if index == 0:
                    label = clean_text(direction.label)
                    cell = row.cell(merge=len(activities) > 1)
                    if label:
                        cell.text(label, text)
                    else:
                        cell.text(unnamed, text, italic=True, color=GREY_TEXT)
                else:
                    row.merged()
                if activity is None:
                    row.cell().text("Inga aktiviteter angivna.", text, italic=True,
                                    color=GREY_TEXT)
                    row.cell().paragraph(text)
                    row.cell().paragraph(text)
                else:
                    row.cell().text(clean_text(activity.text), text)
                    row.cell().text(clean_text(activity.status), text)
                    row.cell().text(clean_text(activity.comment), text)
                lines = max(line_count(clean_text(activity.text if activity else ""), per_line),
                            line_count(clean_text(activity.comment if activity else ""),
                                        per_line * 0.8))
                self.estimate.add(lines + 0.4)
        table.finish(keep_together=table.rows <= KEEP_TOGETHER_ROWS)
        self.after_table()

    # --- page header -------------------------------------------------------------------
    def _headers(self) -> None:
        """Our header in every section, unless the template brings its own."""
        sections = self.document.sections
        if self.has_template and docops.has_header(sections[0]):
            return
        logo = self._logo()
        for section in sections:
            self._write_header(section, logo)

    def _write_header(self, section: Section, logo: _Logo | None) -> None:
        """[logo] | kommun, verksamhet | report, date | 1(7), Dnr — over a thin rule."""
        story = docops.own_header(section)
        width = text_width(section)
        logo_width = int(logo.width / 635) + int(0.3 * CM) if logo else 0
        rest = width - logo_width
        widths = [int(rest * 0.45), int(rest * 0.35)]
        widths.append(rest - sum(widths))
        if logo:
            widths.insert(0, logo_width)
        look = TableLook(style_id=None, border_color=None, header_fill=None, cell_margin=(0, 0))
        table = story.table(widths, look)
        text = self.styles.table_text
        settings = self.settings
        valign = "center" if logo else None
        row = table.row(cant_split=False)
        if logo:
            self._add_logo(row.cell(valign=valign), section, logo)
        left = row.cell(valign=valign)
        left.text(clean_text(settings.kommun), text, bold=True, size=20)
        if clean_text(settings.verksamhet):
            left.text(clean_text(settings.verksamhet), text, size=SMALL_SIZE + 1,
                      color=GREY_TEXT)
        middle = row.cell(valign=valign)
        middle.text(report_title(self.plan, self.period).split(" – ")[0], text, size=TABLE_SIZE)
        middle.text(self._report_date().isoformat(), text, size=SMALL_SIZE + 1, color=GREY_TEXT)
        right = row.cell(valign=valign)
        page = right.paragraph(text, align="right")
        xml.add_field(page, "PAGE", "1", size=20)
        xml.add_run(page, "(", size=20)
        xml.add_field(page, "NUMPAGES", str(self.estimate.pages), size=20)
        xml.add_run(page, ")", size=20)
        if clean_text(settings.diarienummer):
            right.text(f"Dnr {clean_text(settings.diarienummer)}", text, align="right",
                       size=SMALL_SIZE + 1, color=GREY_TEXT)
        table.finish()
        # A header must end with a paragraph; this one also draws the rule under the header.
        rule = story.paragraph(space_before=40, space_after=0, mark_size=4)
        border = xml.get_or_add(xml.paragraph_properties(rule), "pBdr", xml.PPR_ORDER)
        xml.sub(border, "bottom", val="single", sz=4, space=1, color=BORDER_GREY)

    def _logo(self) -> _Logo | None:
        """The logo named in the settings, sized for the header; None (and a warning) when it
        is missing or not an image. Looked up once per report."""
        if self._logo_cache is not False:
            return self._logo_cache  # type: ignore[return-value]
        self._logo_cache = None
        name = clean_text(self.settings.logo)
        if not name:
            return None
        path = Path(name)
        if not path.is_absolute():
            base = Path(self.plan.source_file).parent if self.plan.source_file else Path.cwd()
            path = base / path
        if not path.is_file():
            self.warnings.append(f"Logotypen {name} finns inte (sökt som {path}); sidhuvudet "
                                 "visas utan logotyp.")
            return None
        try:
            image = Image.from_file(str(path))
            ratio = image.px_width / image.px_height
        except (UnrecognizedImageError, OSError, ValueError, ZeroDivisionError) as exc:
            self.warnings.append(f"Logotypen {name} kunde inte läsas som bild "
                                 f"({type(exc).__name__}); sidhuvudet visas utan logotyp.")
            return None
        height = LOGO_HEIGHT
        width = int(height * ratio)
        if width > LOGO_MAX_WIDTH:  # a wide logo: fit the width instead
            width, height = LOGO_MAX_WIDTH, int(LOGO_MAX_WIDTH / ratio)
        self._logo_cache = _Logo(path, Emu(width), Emu(height))
        return self._logo_cache

    def _add_logo(self, cell: Cell, section: Section, logo: _Logo) -> None:
        p = cell.paragraph(self.styles.table_text)
        Paragraph(p, section.header).add_run().add_picture(str(logo.path), width=logo.width,
                                                          height=logo.height)

    # --- file properties ---------------------------------------------------------------
    def _core_properties(self) -> None:
        props = self.document.core_properties
        author = clean_text(self.settings.contact) or clean_text(self.settings.kommun)
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        props.title = report_title(self.plan, self.period)[:255]
        props.subject = (clean_text(self.settings.title) or "Uppföljning av verksamhetsplan")[:255]
        props.author = author[:255]
        props.last_modified_by = author[:255]
        props.language = LANGUAGE
        props.keywords = "verksamhetsplan; uppföljning; måluppfyllelse"
        props.comments = "Skapad med vp-excel."
        props.category = self.period.report_name
        props.created = now
        props.modified = now
        props.revision = 1


def _unnamed_direction(row: PlanRow) -> str:
    """What an activity table shows for activities without a målinriktning: the row's
    indicator, so the reader still sees what they work towards."""
    if row.indicator is not None:
        return f"Indikator: {indicator_label(row.indicator)}"
    return "–"


def _grouped_texts(plan: Plan, period: str) -> list[tuple[str, list[str]]]:
    """The period's texts grouped by heading in workbook order, Inledning first."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for item in plan.texts_for(period):
        heading = clean_text(item.heading) or "Text"
        key = heading.casefold()
        groups.setdefault(key, (heading, []))[1].append(item.text)
    ordered = sorted(groups.items(), key=lambda entry: entry[0] != "inledning")
    return [value for _key, value in ordered]
