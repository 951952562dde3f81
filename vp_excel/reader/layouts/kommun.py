"""The kommun's own plan tables, read row by row into KF ÖG mål, indicators, KS mål (or
nämndmål), målinriktningar and activities. Each cell is read by its column's kind (schema,
reader.kinds), by the same parsers as the arbetsbok; the column's key says where in the plan
the value goes. Comparison columns and breakdown rows are kept on the measure, never judged."""

from __future__ import annotations

from ... import schema
from ...model import (
    Activity,
    GoalDirection,
    KfGoal,
    KfIndicator,
    KsGoal,
    Measure,
    Period,
    PlanRow,
)
from ...swedish import format_value
from ...text import words_key
from ..cells import CellReader
from ..classify import colour_in_comment, direction_in_name
from ..grid import Book
from ..inline import direction_from_words, read_indicator_text, responsible_in_text
from ..kinds import ARROW, WITHDRAWN, Ask, KindReader, note_reading
from ..mapping import KommunMapping
from ..problems import Problems
from .columns import map_columns
from .goal_columns import is_mark
from .own_words import OwnWords
from .rows import RowShapes
from .samples import is_breakdown, is_legend
from .tables import Table


class KommunTableReader(RowShapes):
    """Reads the plan tables of a kommun's workbook into KF ÖG mål."""

    def __init__(self, book: Book, cells: CellReader, problems: Problems, year: int,
                 first_year: int, mapping: KommunMapping | None = None):
        self.book = book
        self.first_year = first_year
        self.cells = cells
        self.mapping = mapping or KommunMapping()
        self.kinds = KindReader(cells, book.theme_colors, mapping=self.mapping)
        self.problems = problems
        self.year = year
        self.kf_goals: list[KfGoal] = []
        self.colour_notes: list[str] = []  # status cells read from their fill
        self.mark_notes: list[str] = []  # statuses read from an x under "Grön", "Gul", "Röd"
        self.earlier_years: set[int] = set()  # earlier outcomes read out of texts
        self.groupings: dict[str, None] = {}  # a level above the KF goals, in order
        self.own = OwnWords(problems)  # trend and comparison words, checked once the plan is known
        # A goal the last table on a sheet ended with, measured by nothing yet: a table of
        # measures right below it (and no goal of its own) judges it.
        self.open_goal: tuple[str, KfGoal, int] | None = None
        self.kf_assessed: dict[int, Measure] = {}  # see _kf_status

    def read(self, table: Table, periods: dict[int, Period], default_kf: str,
             caption_goal: str = "") -> None:
        """Read one table; `caption_goal` is a caption that states a goal, which the table's
        measured rows judge when it has no goal or status column of its own."""
        sheet = self.sheet = table.sheet
        cols = self.cols = map_columns(table, periods, self.year)
        self._before_rows(table)
        self._coloured_outcomes(table, periods)
        single = cols.single
        text = self.cells.text
        has_ks = "ks_goal" in single
        name_col = single.get("indicator", single.get("name"))
        measured = bool(cols.statuses or cols.marks or cols.outcomes or cols.target is not None
                        or "styrgrans" in single)
        current_kf: KfGoal | None = None if "kf_goal" in single else self._kf(default_kf)
        current_ks: KsGoal | None = None
        goal_row: KsGoal | None = None  # a row with only a name: its measures follow
        ks_heading: KsGoal | None = None  # a KS mål on a row without an indicator
        row: PlanRow | None = None
        previous_key: tuple[str, str, str] | None = None
        first_col = min([c.col for c in table.columns] + ([name_col] if name_col else []))
        last_name = ""
        last_measure: Measure | None = None  # the measure a breakdown row below belongs to
        lone: list[tuple[KfGoal, PlanRow, int]] = []  # goal rows: a name and nothing else
        last_measured = 0
        goal_less = (not has_ks and "kf_goal" not in single and not cols.statuses
                     and bool(cols.outcomes))
        above = self.open_goal if self.open_goal and self.open_goal[0] == sheet.title else None
        labelled = bool(table.caption_label) and not has_ks and "kf_goal" not in single
        if (goal_less or labelled) and caption_goal and table.caption_coordinate:
            # "Öka antalet arbetstillfällen" over Mått | Utfall | Målvärde: one goal, judged
            # by the measures below it.
            assert current_kf is not None
            goal_row = KsGoal(caption_goal, Measure(rule=schema.COMBINED))
            current_kf.rows.append(PlanRow(ks_goal=goal_row, sheet_rows=[table.first_row - 1]))
            self.problems.note(f"{sheet.title}!{table.caption_coordinate}: mål över tabellen, "
                               f'bedömt av måtten under (ur "{caption_goal}")')
        elif goal_less and above is not None:
            # "Strategiska mål" in a table of its own, its Indikatorer in the next one.
            current_kf = above[1]
            goal_row = KsGoal(current_kf.name, Measure(rule=schema.COMBINED))
            current_kf.rows.append(PlanRow(ks_goal=goal_row, sheet_rows=[above[2]]))
            self.problems.note(f"{sheet.title} rad {table.first_row}: måtten bedömer målet "
                               f'ovanför (ur "{current_kf.name[:40]}")')
        self.open_goal = None
        kf_column = table.first("kf_goal") is not None  # the KF level a column of its own
        banner = ""  # "Perspektiv: Invånare" over the KF goals below: their grouping
        styrkort = (kf_column and not has_ks and single.get("indicator") is not None
                    and ("grouping" in single or self._styrkort_header(table)))
        for r in sheet.rows_after(table.header_row):
            if r >= table.end_row:
                break
            values = {key: text(sheet, r, idx) for key, idx in single.items()}
            if not any(values.values()):
                continue  # a spacer row, or values without any goal or measure to hold them
            first_text = next((values[k] for k in ("kf_goal", "name", "indicator", "ks_goal")
                               if values.get(k)), "")
            if first_text and (schema.TOTAL_ROW.match(first_text)
                               or schema.FOOTNOTE_ROW.match(first_text)):
                continue
            if self._has_measure(r):
                last_measured = r
            legend = sum(1 for v in values.values() if v) == 1 and is_legend(
                first_text, sheet, r, [c for c, _ in cols.statuses.values()],
                self.book.theme_colors)
            if first_text and legend and not any(
                    self.sheet.value(r, c) not in (None, "") for c in self._measure_cols()):
                note_reading(self.problems, sheet, r, self._first_col(r), "förklaring av en "
                             "status, inget mål", first_text[:40])
                continue
            if first_text and self._tally_row(r, first_text):
                note_reading(self.problems, sheet, r, self._first_col(r), "en sammanställning "
                             "under tabellen, inget mål", first_text[:40])
                continue
            if first_text and schema.NOTE_ROW.match(first_text) and not self._has_measure(r):
                note_reading(self.problems, sheet, r, self._first_col(r), "en not under "
                             "tabellen, inget mål", first_text[:40])
                continue
            if kf_column and (heading := self._grouping_banner(r, values, table)):
                # A row over the KF goals below that names their perspective or area: their
                # grouping, not an empty KF goal of its own.
                banner, styrkort = heading, styrkort or (
                    not has_ks and single.get("indicator") is not None)
                self.groupings.setdefault(banner, None)
                note_reading(self.problems, sheet, r, single["kf_goal"],
                             f"gruppering {banner} över målen under, inget mål",
                             values["kf_goal"][:40])
                current_kf, previous_key, current_ks, goal_row, ks_heading = (
                    None, None, None, None, None)
                continue
            if values.get("kf_goal") and (current_kf is None
                                          or values["kf_goal"] != current_kf.name):
                current_kf = self._kf(values["kf_goal"], r, single["kf_goal"])
                previous_key, current_ks, goal_row, ks_heading = None, None, None, None
                if banner and not current_kf.grouping:
                    current_kf.grouping = banner
            if current_kf is None:
                current_kf = self._kf(default_kf)
            name = values.get("name") or values.get("indicator", "")
            own = [c for c in sheet.grid.get(r, {}) if first_col <= c <= table.last_col]
            marked = self._row_mark(table, r, values)
            if marked == "heading":
                current_kf = self._heading(r, name or first_text, current_kf)
                continue
            judged = name and not has_ks and marked != "measure" and (
                marked == "goal" or self._judged_goal_row(r, own, name_col))
            if (name and measured and not has_ks and own == [name_col] and not marked
                    and not self._has_measure(r)) or judged:
                # A goal row: a name and nothing else (or only its own status, over measured
                # rows without one); the measured rows below are its indicators, up to the
                # next goal row, and its own status wins over theirs.
                goal_row = KsGoal(name, Measure(rule=schema.COMBINED))
                row = PlanRow(ks_goal=goal_row, sheet_rows=[r])
                current_kf.rows.append(row)
                if judged:
                    self._assess(r, goal_row.measure)
                    self._comments(r, goal_row.measure)
                else:
                    lone.append((current_kf, row, r))
                previous_key = None
                continue
            if values.get("grouping"):
                self.groupings.setdefault(values["grouping"], None)
                current_kf.grouping = current_kf.grouping or values["grouping"]
            if name and is_breakdown(name):
                if last_name:
                    note_reading(self.problems, sheet, r, name_col,
                                 f"uppdelning {name} av \"{last_name}\", inget eget mål", name)
                    if last_measure is not None:
                        self._breakdown_values(r, name, last_measure)
                continue
            if name:
                last_name = name
            ks_text = values.get("ks_goal", "")
            if ks_text and not name and self._section(r, values):
                # "Medborgare" alone on a row between goals: a heading for the goals below.
                if "kf_goal" not in single:
                    if not current_kf.rows and current_kf.location is None:
                        self.kf_goals.remove(current_kf)  # the sheet's name, never used
                    current_kf = self._kf(ks_text, r, single["ks_goal"])
                    note_reading(self.problems, sheet, r, single["ks_goal"],
                                 "rubrik över målen under, inget mål", ks_text[:40])
                else:
                    note_reading(self.problems, sheet, r, single["ks_goal"],
                                 "rubrik i tabellen, inget mål", ks_text[:40])
                previous_key, current_ks, ks_heading = None, None, None
                continue
            key = (current_kf.name, name, ks_text)
            if previous_key == key and (name or ks_text) and row is not None:
                row.sheet_rows.append(r)
                self._directions(r, row, values)
                continue
            row = PlanRow(sheet_rows=[r])
            current_kf.rows.append(row)
            new_ks = bool(ks_text) and (current_ks is None or ks_text != current_ks.text)
            if new_ks:
                current_ks = KsGoal(ks_text, Measure(rule=schema.MANUAL))
                row.ks_goal = current_ks
                if not name and r - 1 not in sheet.grid and not self._has_measure(r):
                    lone.append((current_kf, row, r))  # after a blank row: perhaps a note
            elif not ks_text:
                # A goal on a row of its own keeps the named rows below as its indicators.
                current_ks = (ks_heading or current_ks) if name else None
            previous_key = key
            self._directions(r, row, values)
            owner = current_ks or goal_row
            if new_ks:
                ks_heading = current_ks if not name and not self._ks_spans_down(r) else None
            if not name:
                if new_ks and current_ks is not None:
                    self._goal_target(r, current_ks.measure, current_ks.text)
                    self._goal_values(r, current_ks.measure)
                    self._comparisons(r, current_ks.measure, self.cols.target)
                    self._assess(r, current_ks.measure)
                    self._comments(r, current_ks.measure)
                elif not ks_text and values.get("kf_goal"):
                    self._kf_status(r, current_kf)
                continue
            # A KS mål on its own row beside a KF indicator that carries its styrgräns in its
            # words ("Antal nya bostäder (styrgräns 40)"): Målvärde and Utfall are the goal's.
            goal_owns = (new_ks and current_ks is not None and self.cols.target is not None
                         and not self._ks_spans_down(r)
                         and bool(read_indicator_text(name).source))
            indicator = self._indicator(r, name, own_columns=not goal_owns)
            if goal_owns and current_ks is not None:
                self._goal_target(r, current_ks.measure, current_ks.text)
                self._goal_values(r, current_ks.measure)
            last_measure = indicator.measure
            last_measured = r
            self._comparisons(r, indicator.measure, None if goal_owns else self.cols.target)
            if owner is None and not has_ks and "kf_goal" in single and (
                    styrkort or not cols.statuses and table.first("kf_goal") is None):
                # "Fokusområde | Indikator | Målvärde | Utfall", no status, or a styrkort's
                # "Perspektiv | Strategiskt mål | Mått": the goal in its column is judged by
                # the measures beside it (each measure is no goal of its own).
                owner = self._goal_over(current_kf, r, row if styrkort else None)
            if owner is None and not has_ks and (
                    cols.statuses or indicator.measure.target is not None
                    or cols.target is None and bool(indicator.measure.outcomes)
                    or cols.target is not None and bool(self.cells.text(sheet, r, cols.target))):
                # No goal column: a measured row is a goal of its own (in a table with no
                # målvärde column, one with only an outcome too: Ej bedömd, but counted; a
                # målvärde in words, "Öka", "Högre än riket", as much as a number).
                goal = KsGoal(name, indicator.measure)
                self._assess(r, goal.measure)
                self._comments(r, goal.measure)
                row.ks_goal = goal
                continue
            row.indicator = indicator
            if owner is not None:
                owner.indicators.append(indicator)
            if new_ks and current_ks is not None and not self._per_indicator(r):
                self._assess(r, current_ks.measure, indicator.measure)
                self._comments(r, current_ks.measure)
            else:
                self._assess(r, indicator.measure)
                # An indicator's comment goes with the goal it measures, else stays its own.
                self._comments(r, owner.measure if owner is not None else indicator.measure,
                               indicator.measure)
        self._drop_trailing(lone, last_measured)
        last_kf = self.kf_goals[-1] if self.kf_goals else None
        if (last_kf is not None and last_kf.location is not None and not last_kf.ks_goals
                and not any(row.indicator for row in last_kf.rows)):
            self.open_goal = (sheet.title, last_kf, table.header_row + 1)

    def _kf_status(self, r: int, kf: KfGoal) -> None:
        """A KF-level goal's own status on its row, no KS mål beside it: kept (by the goal's
        id) for when the table has no lower level and the goal is the plan's goal ("Mål
        fastställda av KF | Målbedömning"); else it would be Ej bedömd without a word."""
        if id(kf) not in self.kf_assessed:
            measure = Measure(rule=schema.MANUAL)
            self._assess(r, measure)
            self._comments(r, measure)
            self.kf_assessed[id(kf)] = measure

    # --- pieces ---------------------------------------------------------------------------
    def _kf(self, name: str, row: int | None = None, col: int | None = None) -> KfGoal:
        for kf in self.kf_goals:
            if kf.name == name:
                return kf
        location = None  # the cell the name stands in, for the roll-up's messages
        if row is not None and col is not None:
            origin = self.sheet.origin(row, col)
            location = self.problems.where(self.sheet.title,
                                           self.sheet.cell(*origin).coordinate)
        kf = KfGoal(name, location=location)
        self.kf_goals.append(kf)
        return kf

    def _ks_spans_down(self, r: int) -> bool:
        """The KS mål's cell reaches the next row too (merged): several rows measure it."""
        ks_col = self.cols.single["ks_goal"]
        return self.sheet.origin(r + 1, ks_col) == self.sheet.origin(r, ks_col)

    def _goal_target(self, r: int, measure: Measure, name: str = "") -> None:
        """A KS mål's own Målvärde ("högst 70 dagar", "Ökar", "4 %") and the rule it implies
        (or its name's words: "Minskad energianvändning")."""
        if self.cols.target is None:
            return
        target = self._cell(r, self.cols.target, Ask("målvärdet", name=name,
                                                     beside=tuple(self.cols.comparisons)))
        if target.value is None and words_key(target.text) != words_key(target.rule):
            measure.target_text = target.text  # "Senast 2026", "Ska minska jämfört med 2024"
        if target.value is None and not target.rule:
            return  # a year the goal is to be met by: said, not judged
        measure.target, measure.unit = target.value, target.unit or measure.unit
        measure.rule = target.rule or measure.rule
        self.own.compared(self.sheet, r, self.cols.target, target, measure)

    def _indicator(self, r: int, name: str, own_columns: bool = True) -> KfIndicator:
        """An indicator; with `own_columns` False the Målvärde and Utfall columns are its
        goal's, and it keeps the styrgräns its words carry."""
        sheet, single = self.sheet, self.cols.single
        target_col = (self.cols.target if self.cols.target is not None and own_columns
                      else single.get("styrgrans"))
        target = self._cell(r, target_col, Ask("målvärdet", name=name,
                                               beside=tuple(self.cols.comparisons)))
        measure = Measure(rule=target.rule, target=target.value, unit=target.unit)
        self.own.compared(self.sheet, r, target_col, target, measure)
        shown = target.text
        if target_col is None or measure.target is None and not measure.rule:
            reading = read_indicator_text(name)
            name_col = single.get("indicator", single.get("name"))
            if reading.source:
                word = "" if reading.rule else direction_from_words(name)
                named, name_word = ("", "") if reading.rule or word else direction_in_name(name)
                word = word or name_word
                rule = reading.rule or (schema.LOWER if word and not named else
                                        named or schema.HIGHER)
                measure = Measure(rule=rule, target=reading.value, unit=reading.unit)
                shown = reading.source
                assumed = ("" if reading.rule else
                           f' (antagen av ordet "{word}")' if word else " (antagen)")
                note_reading(self.problems, sheet, r, name_col,
                             f"styrgräns {format_value(reading.value, reading.unit)}, "
                             f"{rule}{assumed}", reading.source)
            for year_, (value, unit, source) in sorted(reading.earlier.items()):
                self._earlier(measure, year_, value, unit)
                note_reading(self.problems, sheet, r, name_col,
                             f"utfall {year_} {format_value(value, unit)}", source)
        measure.rule = measure.rule or schema.HIGHER
        outcome_cells = {}
        if own_columns:
            self._goal_values(r, measure, name)
            outcome_cells = {period: self.problems.where(sheet.title,
                                                         sheet.cell(r, col).coordinate)
                             for period, col in self.cols.outcomes.items()}
        if shown[-1:].isdigit() and not target.unit and measure.unit not in ("", "antal") \
                and target.value is not None:
            # "< 6" beside "Sjukfrånvaro (%)": the reports show the styrgräns "< 6%"
            shown += measure.unit if measure.unit == "%" else f" {measure.unit}"
        return KfIndicator(name, shown, measure, self._cell(r, single.get("source")).text,
                           kolada_id=self._cell(r, single.get("kolada_id")).text,
                           outcome_cells=outcome_cells)

    def _earlier(self, measure: Measure, year: int, value: float, unit: str) -> None:
        measure.unit = measure.unit or unit
        if year == self.first_year - 1:
            measure.previous_year = value  # the year before the plan's first period
        else:
            measure.outcomes[f"Helår {year}"] = value
            self.earlier_years.add(year)

    def _goal_values(self, r: int, measure: Measure, name: str = "") -> None:
        """Outcomes per period (and the previous year) into `measure`."""
        for period, col in self.cols.outcomes.items():
            cell = self._cell(r, col, Ask(f"utfallet för {period}", measure.unit))
            if cell.year and isinstance(cell.value, float) and not period.endswith(
                    str(cell.year)):  # "62 (2024)" under "Utfall 2025": 2024's outcome
                self._earlier(measure, cell.year, cell.value, cell.unit)
                note_reading(self.problems, self.sheet, r, col, f"utfall {cell.year} "
                             f"{format_value(cell.value, cell.unit)}, inte {period}",
                             self.cells.text(self.sheet, r, col))
            elif cell.value is not None:
                measure.outcomes[period] = cell.value
                measure.unit = measure.unit or cell.unit
        for col, (label, period) in self.cols.breakdowns.items():
            self._breakdown_values(r, label, measure, {period: col})
        previous = self.cols.single.get("previous_year")
        if previous is not None:
            cell = self._cell(r, previous, Ask("utfallet föregående år", measure.unit))
            if cell.value is not None:
                measure.previous_year = cell.value
        self.own.read_row(self.sheet, r, self.cols, measure, name,  # its unit and own trend
                          self.cols.single.get("indicator", self.cols.single.get("name")))

    def _assess(self, r: int, measure: Measure, row_measure: Measure | None = None) -> None:
        self._prognosis(r, measure, row_measure or measure)
        for period, (col, yes_no) in self.cols.statuses.items():
            if self.sheet.origin(r, col)[0] < r:
                continue  # merged down from a row above: that row's status, already read
            ask = Ask(f"statusen för {period}", yes_no=yes_no, scale=self.cols.scales.get(col, 0),
                      header_row=self.cols.header_row)  # its fill under it paints the table
            cell = self._cell(r, col, ask)
            if cell.how == WITHDRAWN:
                measure.withdrawn[period] = measure.motivations[period] = cell.text
            elif cell.how == ARROW:  # "↑" where a status belongs: the kommun's trend
                measure.trends.setdefault(period, cell.text)
            elif cell.text and not cell.status:  # a sentence with no status in it: why
                measure.motivations.setdefault(period, cell.text)
            if cell.status:
                measure.assessments[period] = cell.status
                if cell.how == ARROW:  # a coloured arrow: the colour judged, the arrow trends
                    measure.trends.setdefault(period, cell.text)
                elif cell.text:  # "Grön – bra utveckling": why, in the kommun's words
                    measure.motivations.setdefault(period, cell.text)
                if cell.how == "färg":
                    self.colour_notes.append(
                        f"{self.sheet.title}!{self.sheet.cell(r, col).coordinate} {cell.status}")
        for col, marked in self.cols.marks.items():
            if marked and is_mark(self.sheet.value(r, col)) and self.sheet.origin(r, col)[0] == r:
                measure.assessments[self.cols.marks_period] = marked
                self.mark_notes.append(f"{self.sheet.title}!"
                                       f"{self.sheet.cell(r, col).coordinate} {marked}")
        for period, col in self.cols.fill_statuses.items():
            status, how = self._cell_status(r, col)
            if status is not None:
                measure.assessments[period] = status
                whose = ("utfallets" if col in self.cols.outcomes.values() else
                         "kommentarens" if col in self.cols.comments.values() else "målets")
                self.colour_notes.append(
                    f"{self.sheet.title}!{self.sheet.cell(r, col).coordinate} {status} "
                    f"({whose} {how})")

    def _comments(self, r: int, measure: Measure, judged: Measure | None = None) -> None:
        """Comments per period; several rows' comments on one goal are kept, each once. A
        colour the comment opens with is the status of `judged` (else `measure`)."""
        judged = judged or measure
        for period, col in self.cols.comments.items():
            comment = self._cell(r, col).text
            said = colour_in_comment(comment) if period not in self.cols.statuses else None
            if said and said[0] and period not in judged.assessments:  # "Grön. Uppnått."
                judged.assessments[period] = said[0]
                note_reading(self.problems, self.sheet, r, col, f"status {said[0]} ur "
                             "kommentaren", comment[:40])
            earlier = measure.analyses.get(period, "")
            if comment and comment not in earlier.split("\n\n"):
                measure.analyses[period] = f"{earlier}\n\n{comment}" if earlier else comment

    def _directions(self, r: int, row: PlanRow, values: dict[str, str]) -> None:
        text = values.get("direction_text", "")
        responsible = values.get("responsible", "")
        if text and not responsible and "responsible" not in self.cols.single:
            responsible = responsible_in_text(text)
            if responsible:
                note_reading(self.problems, self.sheet, r, self.cols.single["direction_text"],
                             f"ansvarig enhet {responsible}", f"({responsible})")
        col = self.cols.single.get("activities")
        items = self._cell(r, col).items if col is not None else []
        if text or items or responsible:
            row.directions.append(GoalDirection(text, responsible,
                                                [Activity(a) for a in items]))
