"""The Sammanställning sheet: counts and shares per status as live formulas over the Mål
sheet's status columns, the plan's summary sentence as a formula, and charts."""

from __future__ import annotations

from typing import Any

from ... import schema
from ...model import Plan
from ...rules import (
    Evaluation,
    prognosis_count_formula,
    prognosis_sentence,
    status_word,
    summary_sentence,
)
from ...schema import GREEN, NOT_ASSESSED, RED, STATUS_FILL, STATUSES, YELLOW
from .goals import FIRST_ROW, GoalsSheet
from .style import (
    RowHeights,
    Styles,
    cell_ref,
    printed_page_pixels,
    range_ref,
    set_widths,
    write_text,
)

ALL_STATUSES = (*STATUSES, NOT_ASSESSED)
SENTENCE_ROW = 3
COUNTS_HEADER_ROW = 5
SHARE_FORMAT = '0.0%;-0.0%;"-%"'  # a zero share reads "-%", as the plan writes it
KF_SENTENCE_COL = 6
_WIDTHS = [48, 11, 11, 11, 11, 11, 58, 2]
_PERIOD_WIDTH = 11  # a period's column in Utveckling per period, as the counts' columns
_CHART_DEFAULT = (480, 288)  # xlsxwriter's chart size in pixels, what x_scale/y_scale scale
_CHART_MARGIN = 10  # pixels around each chart
_CHART_PAGE_SHARE = 0.9  # of the printed page's height the two charts take
_ROW_PIXELS = 20  # a row of 15 points


def _percent_text(count: str, total: str) -> str:
    """`swedish.format_percent` as a formula: "62,5%", "50%", "-%" for zero. TEXT() would
    depend on the reader's locale, so the number is rounded and its point made a comma."""
    return (f'IF({count}=0,"-%",SUBSTITUTE(ROUND({count}/{total}*100,1)&"",".",",")&"%")')


def sentence_formula(counts: dict[str, str], total: str) -> str:
    """`rules.summary_sentence` over count cells: "av 8 identifierade KS-mål är 5 GRÖNA
    (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)", ", 1 ej bedömt (10%)" only when some are."""
    parts = [f'{counts[s]}&" "&IF({counts[s]}>1,"{status_word(s, 2)}","{s}")&" ("&'
             f'{_percent_text(counts[s], total)}&")"' for s in STATUSES]
    missing = counts[NOT_ASSESSED]
    tail = (f'IF({missing}>0,", "&{missing}&" "&IF({missing}=1,"ej bedömt","ej bedömda")'
            f'&" ("&{_percent_text(missing, total)}&")","")')
    return (f'="av "&{total}&" identifierade KS-mål är "&' + '&", "&'.join(parts)
            + f"&{tail}")


def prognosis_sentence_formula(counts: dict[str, str], total: str, what: str = "KS-mål"
                               ) -> str:
    """`rules.prognosis_sentence` over count cells: "Av 8 KS-mål bedöms 6 uppnås vid årets
    slut, 1 delvis och 1 inte." and "; 2 saknar prognos"; "" when none has a prognosis."""
    green, yellow, red, missing = (counts[s] for s in (GREEN, YELLOW, RED, NOT_ASSESSED))
    rest = (f'IF(AND({yellow}>0,{red}>0),", "&{yellow}&" delvis och "&{red}&" inte",'
            f'IF({yellow}>0,", "&{yellow}&" delvis",IF({red}>0,", "&{red}&" inte","")))')
    lacking = f'IF({missing}>0,"; "&{missing}&" saknar prognos","")'
    return (f'=IF({missing}={total},"","Av "&{total}&" {what} bedöms "&{green}&'
            f'" uppnås vid årets slut"&{rest}&{lacking}&".")')


PROGNOSIS_LABELS = {GREEN: "GRÖN (bedöms uppnås)", YELLOW: "GUL (delvis)",
                    RED: "RÖD (inte)", NOT_ASSESSED: "Saknar prognos"}


class SummarySheet:
    def __init__(self, workbook, styles: Styles, plan: Plan, evaluation: Evaluation,
                 goals: GoalsSheet):
        self.workbook = workbook
        self.styles = styles
        self.plan = plan
        self.evaluation = evaluation
        self.goals = goals
        self.sheet: Any = None  # xlsxwriter's Worksheet, once write() has added it

    @property
    def periods_so_far(self) -> list[str]:
        """The periods up to the reported one: later ones have no outcomes yet and would
        show as full grey Ej bedömd bars."""
        names = self.plan.period_names
        return names[:names.index(self.evaluation.period) + 1]

    def _status_range(self, period: str) -> str:
        layout = self.goals.layout
        col = (layout.col("status") if period == self.evaluation.period
               else layout.col("period_status", period))
        return range_ref(FIRST_ROW, col, self.goals.last_input_row, schema.GOALS_SHEET)

    def write(self):
        self.sheet = self.workbook.add_worksheet(schema.SUMMARY_SHEET)
        period = self.evaluation.period
        set_widths(self.sheet, _WIDTHS)
        settings = self.plan.settings
        self.sheet.write_string(0, 0, f"Sammanställning {period}", self.styles.title())
        write_text(self.sheet, 1, 0, " – ".join(t for t in (settings.kommun, settings.verksamhet)
                                                if t), self.styles.strong(bold=False))
        self.sheet.write_string(SENTENCE_ROW - 1, 0, "Sammanfattning av KS-målen",
                                self.styles.heading())
        count_row = self._write_counts(COUNTS_HEADER_ROW, period)
        kf_end = self._write_kf_goals(count_row + 3, period)
        if not self.plan.period(period).is_full_year:
            kf_end = self._write_prognosis(kf_end + 3, count_row)
        periods_start = kf_end + 3
        self._write_periods(periods_start)
        self._add_charts(periods_start)
        self.sheet.hide_gridlines(2)
        return self.sheet

    def _write_counts(self, header_row: int, period: str) -> int:
        """Status | Antal | Andel for the report period, then Totalt; returns the total row."""
        for col, text in enumerate(("Status", "Antal", "Andel")):
            self.sheet.write_string(header_row, col, text, self.styles.header())
        summary = self.evaluation.summary(period)
        total_row = header_row + len(ALL_STATUSES) + 1
        total = cell_ref(total_row, 1)
        refs: dict[str, str] = {}
        for offset, status in enumerate(ALL_STATUSES, start=1):
            row = header_row + offset
            count = cell_ref(row, 1)
            refs[status] = count
            self.sheet.write_string(row, 0, status, self.styles.status_label(status))
            self.sheet.write_formula(row, 1, f'=COUNTIF({self._status_range(period)},"{status}")',
                                     self.styles.cell(), summary.counts[status])
            self.sheet.write_formula(row, 2, f"=IF({total}=0,0,{count}/{total})",
                                     self.styles.cell(num_format=SHARE_FORMAT),
                                     summary.share(status) or 0)
        self.sheet.write_string(total_row, 0, "Totalt", self.styles.cell(bold=True))
        self.sheet.write_formula(total_row, 1, f"=SUM({cell_ref(header_row + 1, 1)}:"
                                               f"{cell_ref(total_row - 1, 1)})",
                                 self.styles.cell(bold=True), summary.total)
        self.sheet.write_blank(total_row, 2, None, self.styles.cell())
        self.sheet.write_formula(SENTENCE_ROW, 0, sentence_formula(refs, total),
                                 self.styles.strong(), summary_sentence(summary))
        return total_row

    def _write_kf_goals(self, heading_row: int, period: str) -> int:
        """Counts and the summary sentence per KF ÖG mål. SUMPRODUCT rather than COUNTIFS: a
        goal's text is compared whole, with no wildcards (? and *) and no 255-character
        limit."""
        self.sheet.write_string(heading_row, 0, f"Per KF ÖG mål, {period}",
                                self.styles.heading())
        header_row = heading_row + 1
        for col, text in enumerate(("KF ÖG mål", *ALL_STATUSES, "Totalt", "Sammanfattning")):
            self.sheet.write_string(header_row, col, text, self.styles.header())
        layout = self.goals.layout
        names = range_ref(FIRST_ROW, layout.col("kf_goal"), self.goals.last_input_row,
                          schema.GOALS_SHEET)
        statuses = self._status_range(period)
        row = header_row
        heights = RowHeights(_WIDTHS)
        for kf_goal in self.plan.kf_goals:
            row += 1
            summary = self.evaluation.summary(period, kf_goal)
            write_text(self.sheet, row, 0, kf_goal.name, self.styles.text(), heights)
            name = cell_ref(row, 0, absolute=True)
            counts = {}
            for col, status in enumerate(ALL_STATUSES, start=1):
                counts[status] = cell_ref(row, col)
                self.sheet.write_formula(
                    row, col, f'=SUMPRODUCT(({names}={name})*({statuses}="{status}"))',
                    self.styles.cell(), summary.counts[status])
            total_col = len(ALL_STATUSES) + 1
            self.sheet.write_formula(row, total_col,
                                     f"=SUM({counts[ALL_STATUSES[0]]}:"
                                     f"{counts[ALL_STATUSES[-1]]})",
                                     self.styles.cell(bold=True), summary.total)
            sentence = summary_sentence(summary)
            self.sheet.write_formula(row, KF_SENTENCE_COL,
                                     sentence_formula(counts, cell_ref(row, total_col)),
                                     self.styles.text(), sentence)
            heights.note(row, KF_SENTENCE_COL, sentence)
        heights.apply(self.sheet)
        return row

    def _write_prognosis(self, heading_row: int, total_row: int) -> int:
        """The delårsrapport's prognosis for the full year: KS mål per prognosis over the Mål
        sheet's Prognos helår column (counted as rules.prognosis_summary counts them) and the
        sentence; returns the sentence's row."""
        self.sheet.write_string(heading_row, 0, "Prognos helår, KS-målen", self.styles.heading())
        header_row = heading_row + 1
        for col, text in enumerate(("Prognos", "Antal")):
            self.sheet.write_string(header_row, col, text, self.styles.header())
        cells = range_ref(FIRST_ROW, self.goals.layout.col("prognosis"),
                          self.goals.last_input_row, schema.GOALS_SHEET)
        summary = self.evaluation.prognosis_summary()
        total = cell_ref(total_row, 1)  # every KS mål: the status counts' Totalt
        refs: dict[str, str] = {}
        for offset, status in enumerate(ALL_STATUSES, start=1):
            row = header_row + offset
            refs[status] = cell_ref(row, 1)
            self.sheet.write_string(row, 0, PROGNOSIS_LABELS[status],
                                    self.styles.status_label(status))
            formula = (f"={total}-" + "-".join(refs[s] for s in STATUSES)
                       if status == NOT_ASSESSED else prognosis_count_formula(cells, status))
            self.sheet.write_formula(row, 1, formula, self.styles.cell(),
                                     summary.counts[status])
        sentence_row = header_row + len(ALL_STATUSES) + 1
        self.sheet.write_formula(sentence_row, 0, prognosis_sentence_formula(refs, total),
                                 self.styles.strong(), prognosis_sentence(summary))
        return sentence_row

    def _write_periods(self, heading_row: int) -> None:
        """One column per period, so the development over the year can be seen."""
        self.sheet.write_string(heading_row, 0, "Utveckling per period (antal KS-mål)",
                                self.styles.heading())
        header_row = heading_row + 1
        self.sheet.write_string(header_row, 0, "Status", self.styles.header())
        names = self.periods_so_far
        # A plan of monthly periods runs past the columns above: those get a period's width
        # (the narrow spacer too), so every period's name has room.
        widths = [max(w, _PERIOD_WIDTH) if 0 < col <= len(names) else w
                  for col, w in enumerate(_WIDTHS)]
        widths += [_PERIOD_WIDTH] * (len(names) + 1 - len(widths))
        for col in range(len(_WIDTHS) - 1, len(widths)):
            self.sheet.set_column(col, col, widths[col])
        heights = RowHeights(widths)  # a period's name may take two lines in its column
        for col, period in enumerate(names, start=1):
            write_text(self.sheet, header_row, col, period, self.styles.header(), heights)
        heights.apply(self.sheet)
        for offset, status in enumerate(ALL_STATUSES, start=1):
            row = header_row + offset
            self.sheet.write_string(row, 0, status, self.styles.status_label(status))
            for col, period in enumerate(names, start=1):
                self.sheet.write_formula(
                    row, col, f'=COUNTIF({self._status_range(period)},"{status}")',
                    self.styles.cell(), self.evaluation.summary(period).counts[status])
        total_row = header_row + len(ALL_STATUSES) + 1
        self.sheet.write_string(total_row, 0, "Totalt", self.styles.cell(bold=True))
        for col, period in enumerate(names, start=1):
            self.sheet.write_formula(
                total_row, col, f"=SUM({cell_ref(header_row + 1, col)}:"
                                f"{cell_ref(total_row - 1, col)})",
                self.styles.cell(bold=True), self.evaluation.summary(period).total)

    # --- charts ---------------------------------------------------------------------------
    def _add_charts(self, periods_heading_row: int) -> None:
        name = schema.SUMMARY_SHEET
        first, last = COUNTS_HEADER_ROW + 1, COUNTS_HEADER_ROW + len(ALL_STATUSES)
        spread = self.workbook.add_chart({"type": "column"})
        spread.add_series({
            "name": "Antal KS-mål",
            "categories": [name, first, 0, last, 0], "values": [name, first, 1, last, 1],
            "points": [{"fill": {"color": STATUS_FILL[s]}, "border": {"color": "#404040"}}
                       for s in ALL_STATUSES],
            "data_labels": {"value": True}, "gap": 60})
        self._style_chart(spread, f"KS-mål per status, {self.evaluation.period}")
        # Below the tables: beside them the page would print too small.
        chart_row = periods_heading_row + len(ALL_STATUSES) + 4
        # The charts start a printed page of their own: below the tables they would otherwise
        # be cut at the page's end, their axes left alone on the next page. One above the
        # other they fill that page (at their default size it was left half empty), with a
        # margin for a program that fits the columns to the page a little differently.
        self.sheet.set_h_pagebreaks([chart_row])  # before the (0-based) row of the charts
        page_width, page_height = printed_page_pixels(_WIDTHS)
        # A chart is anchored to rows; Excel's default row is 15 points, LibreOffice's lower,
        # which shrank the charts there. The rows under them get Excel's height in both.
        for row in range(chart_row, chart_row + page_height // _ROW_PIXELS + 1):
            self.sheet.set_row(row, 15.01)
        width = page_width - 2 * _CHART_MARGIN
        height = int(page_height * _CHART_PAGE_SHARE) // 2 - _CHART_MARGIN
        size = {"x_offset": _CHART_MARGIN, "x_scale": width / _CHART_DEFAULT[0],
                "y_scale": height / _CHART_DEFAULT[1]}
        summary = self.evaluation.summary()
        self.sheet.insert_chart(chart_row, 0, spread, {
            **size, "y_offset": _CHART_MARGIN,
            "description": f"Stapeldiagram: KS-mål per status, {self.evaluation.period}: "
                           + ", ".join(f"{status} {summary.counts[status]}"
                                       for status in ALL_STATUSES) + "."})

        header_row = periods_heading_row + 1
        periods = self.periods_so_far
        development = self.workbook.add_chart({"type": "column", "subtype": "stacked"})
        for offset, status in enumerate(ALL_STATUSES, start=1):
            row = header_row + offset
            development.add_series({
                "name": [name, row, 0], "categories": [name, header_row, 1, header_row,
                                                       len(periods)],
                "values": [name, row, 1, row, len(periods)],
                "fill": {"color": STATUS_FILL[status]}, "border": {"color": "#404040"},
                "gap": 60})
        self._style_chart(development, "KS-mål per status och period")
        development.set_legend({"position": "bottom"})
        self.sheet.insert_chart(chart_row, 0, development, {
            **size, "y_offset": height + 3 * _CHART_MARGIN,
            "description": "Staplat stapeldiagram: antal KS-mål per status för "
                           + ", ".join(periods) + "; talen står i tabellen Utveckling per "
                           "period ovanför."})

    @staticmethod
    def _style_chart(chart, title: str) -> None:
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"min": 0, "num_format": "0", "major_gridlines": {
            "visible": True, "line": {"color": "#D9D9D9"}}})

