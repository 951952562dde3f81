"""The roll-up workbook (xlsxwriter): one Excel table of every goal, one row per goal and
verksamhet, and every summary as a live count (SUMPRODUCT) over that table's columns, so a
corrected status in the table moves every count, share and sentence.

Sheets: Sammanställning (per KF ÖG mål, and what is missing), Per verksamhet (now and the
previous period), Matris (KF ÖG mål × verksamhet, counts in words, coloured by the worst
status), God ekonomisk hushållning, and Mål (the table). Each formula's saved value is what
Python counted, so the workbook reads right before any recalculation.
"""

from __future__ import annotations

from pathlib import Path

from ... import reproducible
from ...rollup import frames as F
from ...rules import TRENDS, Summary, rollup_trend_formula, status_word
from ...schema import GREEN, NOT_ASSESSED, RED, STATUS_FILL, YELLOW
from .style import (
    RowHeights,
    Styles,
    cell_ref,
    default_font,
    set_widths,
    setup_print,
    word_fit_width,
    write_text,
)
from .summary import SHARE_FORMAT, prognosis_sentence_formula, sentence_formula
from .workbook import _Workbook as Workbook

TABLE = "AllaMal"
TREND_TITLES = ("Förbättrade", "Oförändrade", "Försämrade")
TREND_FIRST_COL = 15  # on Per verksamhet, after Förändring RÖDA
PROGNOSIS_COL = 8  # on Sammanställning, after Sammanfattning
GOALS_SHEET, SUMMARY_SHEET, PER_SHEET, MATRIX_SHEET, ECONOMY_SHEET = (
    "Mål", "Sammanställning", "Per verksamhet", "Matris", "God ekonomisk hushållning")
ALL = F.ALL_STATUSES
_WORST_FIRST = (RED, YELLOW, GREEN, NOT_ASSESSED)


def col(name: str) -> str:
    """A structured reference to one column of the goals table: AllaMal[Status]."""
    return f"{TABLE}[{name}]"


def count_where(*pairs: tuple[str, str]) -> str:
    """How many rows of the goals table hold every (column, value) pair, each compared whole.
    SUMPRODUCT, not COUNTIFS, as on the plan's Sammanställning: the kommun's words are the
    values, and COUNTIFS reads "*", "?" and "~" in them as wildcards, a leading "<", ">" or
    "=" as a comparison (a verksamhet called "K*" counted every verksamhet's goals, a KF ÖG
    mål "<>x" every goal) and fails past 255 characters."""
    return "SUMPRODUCT(" + "*".join(f"({column}={value})" for column, value in pairs) + "*1)"


def rollup_sentence_formula(counts: dict[str, str], total: str) -> str:
    return sentence_formula(counts, total).replace("identifierade KS-mål", "identifierade mål", 1)


def economy_sentence_formula(counts: dict[str, str], total: str) -> str:
    """`frames.economy_sentence` as a formula over count cells."""
    def part(ref: str, one: str, many: str) -> str:
        return f'{ref}&IF({ref}=1," {one}"," {many}")'

    n = counts[NOT_ASSESSED]
    body = (f'"Av "&{total}&" mål för god ekonomisk hushållning bedöms "&'
            + part(counts[GREEN], "vara uppfyllt (GRÖN)", "vara uppfyllda (GRÖNA)") + '&", "&'
            + part(counts[YELLOW], "delvis uppfyllt (GUL)", "delvis uppfyllda (GULA)")
            + '&" och "&' + part(counts[RED], "inte uppfyllt (RÖD)", "inte uppfyllda (RÖDA)")
            + f'&IF({n}>0,"; "&' + part(n, "är ännu inte bedömt", "är ännu inte bedömda")
            + ',"")&"."')
    empty = F.economy_sentence(Summary())
    return f'=IF({total}=0,"{empty}",{body})'


def _word(status: str, count: int) -> str:
    if status == NOT_ASSESSED:
        return "ej bedömda" if count > 1 else "ej bedömd"
    return status_word(status, count)


def matrix_cell_text(counts: dict[str, int]) -> str:
    """"2 GRÖNA, 1 RÖD" (statuses with goals only); "–" for none."""
    return ", ".join(f"{counts[s]} {_word(s, counts[s])}" for s in ALL if counts[s]) or "–"


def _matrix_formula(refs: dict[str, str]) -> str:
    """`matrix_cell_text` over count expressions."""
    pieces = []
    for status in ALL:
        ref = refs[status]
        if status == NOT_ASSESSED:
            words = f'IF({ref}>1," ej bedömda"," ej bedömd")'
        else:
            words = f'IF({ref}>1," {status_word(status, 2)}"," {status}")'
        pieces.append(f'IF({ref}>0,", "&{ref}&{words},"")')
    joined = "&".join(pieces)
    return f'=IF(LEN({joined})=0,"–",MID({joined},3,999))'


# The sentences' columns narrow enough for the sheet to print one page wide and readable.
_SUMMARY_WIDTHS: list[float] = [36, 9, 9, 9, 11, 9, 11, 42, 42]


class _Writer:
    def __init__(self, result, path: Path):
        self.result = result
        self.tables = result.tables
        self.collected = result.collected
        # The report workbook's Workbook: formulas of WRITTEN_FUNCTIONS only skip
        # xlsxwriter's 29 regular expressions each (three quarters of this writer's time).
        self.workbook = Workbook(str(path), {"strings_to_numbers": False,
                                             "strings_to_formulas": False,
                                             "strings_to_urls": False, **default_font()})
        self.styles = Styles(self.workbook)
        # Each sheet's column widths and how many of its first columns name a row (printed
        # again on each page when the sheet is too wide for one).
        self.widths: dict[str, tuple[list[float], int]] = {}

    def _set_widths(self, sheet, widths: list[float], names: int = 1) -> list[float]:
        """Set the sheet's columns; returns its own copy of `widths`, which a header row may
        widen (`_headers`) and the sheet's row heights and print setup read."""
        own = list(widths)
        set_widths(sheet, own)
        self.widths[sheet.name] = (own, names)
        return own

    def write(self) -> None:
        sheets = [self.workbook.add_worksheet(name) for name in
                  (SUMMARY_SHEET, PER_SHEET, MATRIX_SHEET, ECONOMY_SHEET, GOALS_SHEET)]
        summary, per, matrix, economy, goals = sheets
        self._goals(goals)
        self._summary(summary)
        self._per_verksamhet(per)
        self._matrix(matrix)
        self._economy(economy)
        for sheet in sheets:
            widths, names = self.widths[sheet.name]
            setup_print(sheet, self.collected.kommun, self.result.title,
                        "Sammanställning med vp-excel", repeat_header=sheet is goals,
                        widths=widths, repeat_columns=names)
        summary.activate()
        self.workbook.set_properties({"title": self.result.title[:255],
                                      "comments": "Skapad med vp-excel sammanstall.",
                                      "created": reproducible.now()})
        self.workbook.close()

    # --- the table -----------------------------------------------------------------------
    def _goals(self, sheet) -> None:
        frame = self.tables.goals
        columns = list(F.GOAL_COLUMNS)
        widths: list[float] = [22, 30, 40, 32, 12, 12, 11, 9, 12, 50, 12, 30, 22, 13, 12, 10]
        heights = RowHeights(self._set_widths(sheet, widths, names=2))
        text = self.styles.text()
        status_col = columns.index(F.STATUS)
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for c, value in enumerate(row):
                write_text(sheet, r, c, value, text, heights)
        last = max(len(frame), 1)
        sheet.add_table(0, 0, last, len(columns) - 1, {
            "name": TABLE, "style": "Table Style Light 1",
            "columns": [{"header": name} for name in columns]})
        choices = list(ALL)
        for name in (F.STATUS, F.PREVIOUS):
            c = columns.index(name)
            sheet.data_validation(1, c, last, c, {"validate": "list", "source": choices})
        for status in ALL:  # the status word is in the cell: the colour only repeats it
            sheet.conditional_format(1, status_col, last, status_col, {
                "type": "cell", "criteria": "==", "value": f'"{status}"',
                "format": self.workbook.add_format({"bg_color": STATUS_FILL[status]})})
        heights.apply(sheet)
        sheet.freeze_panes(1, 2)

    # --- Sammanställning -------------------------------------------------------------------
    def _summary(self, sheet) -> None:
        widths = self._set_widths(sheet, _SUMMARY_WIDTHS)
        styles = self.styles
        collected = self.collected
        sheet.write_string(0, 0, self.result.title, styles.title())
        sheet.write_string(1, 0, f"{len(self.tables.verksamheter)} verksamheter, period "
                                 f"{collected.period}", styles.strong(bold=False))
        row = 3
        if collected.missing:
            sheet.write_string(row, 0, "Saknas i sammanställningen", styles.heading())
            for item in collected.missing:
                row += 1
                sheet.write_string(row, 0, f"{item.name}: {item.reason}", styles.strong(False))
            row += 2
        sentence_row = row
        sheet.write_string(row, 0, "Sammanfattning", styles.heading())
        header = row + 2
        part_year = self.tables.part_year
        heights = RowHeights(widths)
        self._headers(sheet, header, ("KF ÖG mål", *ALL, "Totalt", "Andel GRÖNA",
                                      "Sammanfattning",
                                      *(("Prognos helår",) if part_year else ())), heights)
        r = header
        for kf, summary in self.tables.kf_summaries():
            r += 1
            write_text(sheet, r, 0, kf, styles.text(), heights)
            self._count_row(sheet, r, summary, [(col(F.KF), f"$A{r + 1}")], header)
            heights.note(r, 7, F.rollup_sentence(summary))
            if part_year:
                self._prognosis_cell(sheet, r, [(col(F.KF), f"$A{r + 1}")], cell_ref(r, 5),
                                     self.tables.goals[self.tables.goals[F.KF] == kf],
                                     heights)
        total_row = r + 1
        sheet.write_string(total_row, 0, "Totalt", styles.cell(bold=True))
        totals: dict[str, str] = {}
        overall = self.tables.summary()
        for c, status in enumerate((*ALL, "Totalt"), start=1):
            ref = cell_ref(total_row, c)
            value = overall.total if status == "Totalt" else overall.counts[status]
            sheet.write_formula(total_row, c, f"=SUM({cell_ref(header + 1, c)}:"
                                f"{cell_ref(total_row - 1, c)})", styles.cell(bold=True), value)
            totals[status] = ref
        self._share(sheet, total_row, 6, totals[GREEN], totals["Totalt"], overall, bold=True)
        sentence = F.rollup_sentence(overall)
        sheet.write_formula(sentence_row + 1, 0, rollup_sentence_formula(
            {s: totals[s] for s in ALL}, totals["Totalt"]), styles.strong(), sentence)
        sheet.write_formula(total_row, 7, rollup_sentence_formula(
            {s: totals[s] for s in ALL}, totals["Totalt"]), styles.text(), sentence)
        heights.note(total_row, 7, sentence)
        if part_year:
            self._prognosis_cell(sheet, total_row, [], totals["Totalt"], self.tables.goals,
                                 heights)
        reds = total_row + 2
        sheet.write_string(reds, 0, "Mål som inte nås (RÖDA)", styles.heading())
        sheet.write_formula(reds, 3, f'=COUNTIFS({col(F.STATUS)},"{RED}")',
                            styles.cell(bold=True), overall.counts[RED])
        sheet.write_string(reds + 1, 0, "Filtrera tabellen på bladet Mål på Status = RÖD för "
                           "att se dem med verksamhet, utfall, målvärde och analys.",
                           styles.strong(bold=False))
        heights.apply(sheet)

    def _count_row(self, sheet, r: int, summary: Summary, criteria: list[tuple[str, str]],
                   header: int, first_col: int = 1, sentence_col: int | None = 7
                   ) -> dict[str, str]:
        """Counts per status (criteria from the header row's status words), Totalt, Andel
        GRÖNA and the sentence, all formulas; returns the count cells."""
        styles = self.styles
        refs: dict[str, str] = {}
        for offset, status in enumerate(ALL):
            c = first_col + offset
            count = count_where(*criteria, (col(F.STATUS), cell_ref(header, c, True)))
            sheet.write_formula(r, c, f"={count}", styles.cell(), summary.counts[status])
            refs[status] = cell_ref(r, c)
        total_col = first_col + len(ALL)
        total = cell_ref(r, total_col)
        sheet.write_formula(r, total_col, f"=SUM({refs[ALL[0]]}:{refs[ALL[-1]]})",
                            styles.cell(bold=True), summary.total)
        self._share(sheet, r, total_col + 1, refs[GREEN], total, summary)
        if sentence_col is not None:
            sheet.write_formula(r, sentence_col, rollup_sentence_formula(refs, total),
                                styles.text(), F.rollup_sentence(summary))
        return refs

    def _prognosis_cell(self, sheet, r: int, criteria: list[tuple[str, str]], total: str,
                        goals, heights: RowHeights) -> None:
        """The prognosis sentence for the goals `criteria` select (KF ÖG mål, or all),
        counted over the table's Prognos helår column as rules counts them."""
        counts = {status: count_where(*criteria, (col(F.PROGNOSIS), f'"{status}"'))
                  for status in ALL}
        sentence = self.tables.prognosis_sentence(goals)
        sheet.write_formula(r, PROGNOSIS_COL, prognosis_sentence_formula(counts, total),
                            self.styles.text(), sentence)
        heights.note(r, PROGNOSIS_COL, sentence)

    def _headers(self, sheet, row: int, titles: tuple[str, ...], heights: RowHeights) -> None:
        """A header row, a status word in its colour; a title that wraps in its narrow column
        ("Andel GRÖNA") gets the row's height for it, not a cut second line, and a column
        too narrow for a title's word ("Oförändrade") is widened to it."""
        widths = self.widths[sheet.name][0]
        for c, title in enumerate(titles):
            if c < len(widths) and word_fit_width(title, widths[c]) > widths[c]:
                widths[c] = word_fit_width(title, widths[c])
                sheet.set_column(c, c, widths[c])
            fmt = self.styles.status_label(title) if title in ALL else self.styles.header()
            write_text(sheet, row, c, title, fmt, heights)

    def _share(self, sheet, r: int, c: int, count: str, total: str, summary: Summary,
               bold: bool = False) -> None:
        sheet.write_formula(r, c, f"=IF({total}=0,0,{count}/{total})",
                            self.styles.cell(num_format=SHARE_FORMAT, bold=bold),
                            summary.share(GREEN) or 0)

    # --- Per verksamhet --------------------------------------------------------------------
    def _per_verksamhet(self, sheet) -> None:
        styles = self.styles
        widths: list[float] = [30, 9, 9, 9, 11, 9, 11, 70, 16, 9, 9, 9, 11, 11, 11,
                               11, 11, 11, 14]
        widths = self._set_widths(sheet, widths)
        # The title on two short lines in column A: the sheet prints over two pages with
        # column A on each, and one long title was cut where the first page ends.
        sheet.write_string(0, 0, "Per verksamhet", styles.title())
        sheet.write_string(1, 0, self.collected.period, styles.strong(bold=False))
        header = 2
        titles = ("Verksamhet", *ALL, "Totalt", "Andel GRÖNA", "Sammanfattning",
                  "Föregående period", *(f"{s} före" for s in ALL), "Förändring GRÖNA",
                  "Förändring RÖDA", *TREND_TITLES, "Utveckling")
        # The previous period's criteria come from the status words in row `header`.
        heights = RowHeights(widths)
        self._headers(sheet, header, titles, heights)
        r = header
        for name, now, before in self.tables.verksamhet_summaries():
            r += 1
            write_text(sheet, r, 0, name, styles.text(), heights)
            who = (col(F.VERKSAMHET), f"$A{r + 1}")
            refs = self._count_row(sheet, r, now, [who], header)
            heights.note(r, 7, F.rollup_sentence(now))
            self._trend_cells(sheet, r, who, name)
            if before is None:
                sheet.write_string(r, 8, "ingen", styles.text())
                continue
            sheet.write_string(r, 8, self.tables.previous[name], styles.text())
            old: dict[str, str] = {}
            for offset, status in enumerate(ALL):
                c = 9 + offset
                sheet.write_formula(r, c, "=" + count_where(who, (col(F.PREVIOUS), f'"{status}"')),
                                    styles.cell(), before.counts[status])
                old[status] = cell_ref(r, c)
            for c, status in ((13, GREEN), (14, RED)):
                sheet.write_formula(r, c, f"={refs[status]}-{old[status]}",
                                    styles.cell(num_format="+0;-0;0"),
                                    now.counts[status] - before.counts[status])
        heights.apply(sheet)
        sheet.freeze_panes(header + 1, 1)

    def _trend_cells(self, sheet, r: int, who: tuple[str, str], name: str) -> None:
        """How many of the verksamhet's KS mål improved, stood still and worsened against the
        same period a year before (counted over the table's Utveckling), and its trend as
        rules.rollup_trend gives it."""
        counts = self.tables.trend_counts(name)
        refs = []
        for offset, word in enumerate(TRENDS):
            c = TREND_FIRST_COL + offset
            sheet.write_formula(r, c, "=" + count_where(who, (col(F.TREND), f'"{word}"')),
                                self.styles.cell(), counts[word])
            refs.append(cell_ref(r, c))
        sheet.write_formula(r, TREND_FIRST_COL + len(TRENDS),
                            "=" + rollup_trend_formula(*refs), self.styles.text(),
                            self.tables.verksamhet_trends()[name])

    # --- Matris ----------------------------------------------------------------------------
    def _matrix(self, sheet) -> None:
        """Verksamheter down, KF ÖG mål across, as in the Word report."""
        styles = self.styles
        kfs = self.tables.kf_order
        widths = self._set_widths(sheet, [32, *([24] * len(kfs))])
        sheet.write_string(0, 0, f"Verksamheterna per KF ÖG mål, {self.collected.period}",
                           styles.title())
        sheet.write_string(1, 0, "Varje cell räknar målen i ord; färgen visar cellens sämsta "
                                 "status (RÖD före GUL före GRÖN).", styles.strong(bold=False))
        header = 3
        sheet.write_string(header, 0, "Verksamhet", styles.header())
        heights = RowHeights(widths)
        for c, kf in enumerate(kfs, start=1):
            write_text(sheet, header, c, kf, styles.header(), heights)
        heights.apply(sheet)
        text = styles.cell(text_wrap=True, align="center", valign="vcenter")
        r = header
        for name, row_counts in self.tables.matrix().items():
            r += 1
            write_text(sheet, r, 0, name, styles.text())
            for c, kf in enumerate(kfs, start=1):
                refs = {s: count_where((col(F.VERKSAMHET), f"$A{r + 1}"),
                                       (col(F.KF), cell_ref(header, c, True)),
                                       (col(F.STATUS), f'"{s}"')) for s in ALL}
                sheet.write_formula(r, c, _matrix_formula(refs), text,
                                    matrix_cell_text(row_counts[kf]))
            sheet.set_row(r, 27)
        if r > header:
            for status in _WORST_FIRST:
                word = {NOT_ASSESSED: "ej bedöm"}.get(status, status)
                sheet.conditional_format(header + 1, 1, r, len(kfs), {
                    "type": "text", "criteria": "containing", "value": word,
                    "stop_if_true": True,
                    "format": self.workbook.add_format({"bg_color": STATUS_FILL[status]})})
        sheet.freeze_panes(header + 1, 1)

    # --- God ekonomisk hushållning ---------------------------------------------------------
    def _economy(self, sheet) -> None:
        styles = self.styles
        widths = self._set_widths(sheet, [46, 9, 9, 9, 11, 9, 11])
        sheet.write_string(0, 0, f"God ekonomisk hushållning, {self.collected.period}",
                           styles.title())
        sheet.write_string(1, 0, "Målen under KF ÖG mål om god ekonomisk hushållning; de har "
                                 "Ja i kolumnen God ekonomisk hushållning på bladet Mål.",
                           styles.strong(bold=False))
        header = 4
        heights = RowHeights(widths)
        self._headers(sheet, header, ("", *ALL, "Totalt", "Andel GRÖNA"), heights)
        heights.apply(sheet)
        summary = self.tables.summary(self.tables.economy_goals())
        sheet.write_string(header + 1, 0, "Mål för god ekonomisk hushållning", styles.text())
        refs = self._count_row(sheet, header + 1, summary, [(col(F.ECONOMY), '"Ja"')], header,
                               sentence_col=None)
        sheet.write_formula(3, 0, economy_sentence_formula(refs, cell_ref(header + 1, 5)),
                            styles.strong(), F.economy_sentence(summary))
        if self.tables.part_year:
            self._economy_prognosis(sheet, header + 3, cell_ref(header + 1, 5))

    def _economy_prognosis(self, sheet, r: int, total: str) -> None:
        """The delårsrapport's prognosis for the goals of god ekonomisk hushållning, counted
        over the table's Prognos helår column and said as rules says it."""
        styles = self.styles
        goals = self.tables.economy_goals()
        summary = self.tables.summary(goals, F.PROGNOSIS)
        sheet.write_string(r, 0, "Prognos helår", styles.text())
        refs: dict[str, str] = {}
        for offset, status in enumerate(ALL, start=1):
            refs[status] = cell_ref(r, offset)
            sheet.write_formula(r, offset, "=" + count_where((col(F.ECONOMY), '"Ja"'),
                                                             (col(F.PROGNOSIS), f'"{status}"')),
                                styles.cell(), summary.counts[status])
        sheet.write_formula(r + 1, 0, prognosis_sentence_formula(
            refs, total, "mål för god ekonomisk hushållning"), styles.strong(),
            F.prognosis_sentence(summary, "mål för god ekonomisk hushållning"))


def write_rollup_workbook(result, path: str | Path) -> None:
    """Write the roll-up workbook of `result` (a `rollup.api.RollupResult`) to `path`."""
    _Writer(result, Path(path)).write()
