"""vp-excel's own arbetsbok as one layout: the sheets Inställningar, Perioder, Mål, Aktiviteter
and Texter, found by name, each header row found by name (layouts.headers), the cells of the
Mål and Aktiviteter sheets read by their column's kind (schema, reader.kinds)."""

from __future__ import annotations

from typing import Any

from ... import schema
from ...errors import MissingSheet
from ...model import (
    Activity,
    GoalDirection,
    KfGoal,
    KfIndicator,
    KsGoal,
    Measure,
    Plan,
    PlanRow,
    ReportText,
    match_period,
)
from ...rules import rule_for_target
from ...schema import normalize_header
from ...swedish import NotANumber, format_value, parse_number
from ...text import clean_text
from ..assemble import make_settings
from ..cells import (
    CellReader,
    bound_from_format,
    error_values,
    is_text_cell,
    key,
)
from ..grid import Book, Sheet
from ..inline import target_in_words
from ..kinds import Ask, Cell, KindReader
from ..periods import read_periods_sheet, unknown_report_period
from ..problems import Problems, short
from ..settings import read_settings_sheet
from .headers import Header, find_header
from .own_words import report_trend

_READ_PERIOD_KEYS = frozenset(c.key for c in schema.PERIOD_COLUMNS)  # not the report's formulas
_NAME_KEYS = ("kf_goal", "indicator", "ks_goal")  # an error value there stays, with a warning
_FREE_TEXT_KEYS = ("direction_text", "responsible", "kolada_id")  # an error value: no text
_TEXT_KEYS = ("kf_goal", "indicator", "ks_goal", "direction_text", "responsible", "activities",
              "styrgrans", "target", "kolada_id")
_NOT_FOLLOW_UP = ("kf_goal", "indicator", "ks_goal", "direction_text", "responsible",
                  "activities", "status", "period_status", "indicator_status", "score", "trend",
                  "ks_trend", "indicator_trend")


def find_sheet(book: Book, name: str, problems: Problems, required: bool) -> Sheet | None:
    wanted = {normalize_header(n) for n in schema.SHEET_SYNONYMS.get(name, (name,))}
    for title, sheet in book.sheets.items():
        if normalize_header(title) in wanted:
            return sheet
    if required:
        found = ", ".join(book.sheets) or "inga"
        raise MissingSheet(f"bladet {name} saknas. Bladen som finns: {found}. Skapa en "
                           f"mall med vp-excel init och jämför.", problems.where())
    return None


def is_arbetsbok(book: Book) -> bool:
    """The arbetsbok says so by its Perioder sheet beside an Inställningar or Mål sheet; a
    kommun's own workbook has no Perioder sheet."""
    titles = {normalize_header(title) for title in book.sheets}

    def has(name: str) -> bool:
        return any(normalize_header(n) in titles for n in schema.SHEET_SYNONYMS[name])
    return has(schema.PERIODS_SHEET) and (has(schema.SETTINGS_SHEET) or has(schema.GOALS_SHEET))


def read_arbetsbok(book: Book, cells: CellReader, problems: Problems, path: str) -> Plan:
    settings_sheet = find_sheet(book, schema.SETTINGS_SHEET, problems, True)
    periods_sheet = find_sheet(book, schema.PERIODS_SHEET, problems, True)
    goals_sheet = find_sheet(book, schema.GOALS_SHEET, problems, True)
    # An empty sheet is falsy (no cells), yet it is there: compare with None.
    assert settings_sheet is not None and periods_sheet is not None and goals_sheet is not None
    found, typed = read_settings_sheet(settings_sheet, cells, problems, strict=True)
    periods = read_periods_sheet(periods_sheet, cells, problems)
    names = [p.name for p in periods]
    wanted = found["report_period"].value
    period = match_period(names, wanted)
    if period is None:
        raise unknown_report_period(problems, periods_sheet.title, str(wanted), names,
                                    settings_sheet.title)
    year = typed["year"]
    assert isinstance(year, int)
    settings = make_settings(found, typed, year, period)
    goals = GoalsSheet(goals_sheet, cells, problems, book.theme_colors)
    goals.report_period = period  # the period a written trend read back belongs to
    kf_goals, extra = goals.read(names)
    if not kf_goals:
        problems.warn("bladet har inga mål ännu.", goals_sheet.title)
    plan = Plan(settings, periods, kf_goals, source_file=path, extra_columns=extra)
    activities_sheet = find_sheet(book, schema.ACTIVITIES_SHEET, problems, False)
    if activities_sheet is not None and activities_sheet:
        read_activities(activities_sheet, kf_goals, cells, problems, book.theme_colors)
    texts_sheet = find_sheet(book, schema.TEXTS_SHEET, problems, False)
    if texts_sheet is not None and texts_sheet:
        plan.texts = read_texts(texts_sheet, names, cells, problems)
    return plan


class GoalsSheet:
    """The Mål sheet: one row per målinriktning; rows of one KS mål grouped."""

    def __init__(self, sheet: Sheet, cells: CellReader, problems: Problems, theme: list[str]):
        self.sheet = sheet
        self.cells = cells
        self.problems = problems
        self.kinds = KindReader(cells, theme)
        self.columns = {c.key: c for c in (*schema.GOAL_COLUMNS, *schema.PERIOD_COLUMNS,
                                           *schema.REPORT_PERIOD_COLUMNS,
                                           *schema.REPORT_EXTRA_COLUMNS)}
        self.header = Header(0, {}, [])
        self.report_period: str | None = None

    def _cell(self, r: int, key_: str, period: str | None = None, what: str = "",
              unit: str = "", allow_yes_no: bool = True) -> Cell:
        """A cell of the Mål sheet read by its column's kind; a status only by its word."""
        column = self.columns[key_]
        ask = Ask(what or column.header, unit, column.choices, colours=False,
                  allow_yes_no=allow_yes_no)
        return self.kinds.read(column.kind, self.sheet, r,
                               self.header.columns.get((key_, period)), ask)

    def _target_cell(self, r: int, key_: str, what: str) -> tuple[Cell, str]:
        """A Målvärde or Styrgräns cell; one in the kommun's words ("Senast 2026", "Ska minska
        jämfört med 2024"), as the report workbook shows them, is read as in the kommun's own
        table: no value, the words kept, a rule in words the rule (Regel or Riktning wins)."""
        col = self.header.columns.get((key_, None))
        if col is None:
            return Cell(), ""
        text = self.cells.text(self.sheet, r, col)
        if text and isinstance(self.sheet.value(r, col), str) \
                and target_in_words(text) is not None:
            return self.kinds.read("target", self.sheet, r, col, Ask(what)), text
        return self._cell(r, key_, what=what), ""

    def read(self, periods: list[str]) -> tuple[list[KfGoal], list[str]]:
        sheet, cells = self.sheet, self.cells
        header = self.header = find_header(sheet, tuple(self.columns.values()), self.problems,
                                           periods)
        cols = header.columns
        self.comparisons = self._comparison_columns(header)
        if header.unknown:
            self.problems.warn("okända kolumner läses inte: " + ", ".join(header.unknown) + ".",
                               sheet.title)

        def col(key_: str, period: str | None = None) -> int | None:
            return cols.get((key_, period))

        kf_goals: list[KfGoal] = []
        current_kf: KfGoal | None = None
        previous_key: tuple[str, str, str] | None = None
        current_row: PlanRow | None = None
        group_rows: list[int] = []
        for r in sheet.rows_after(header.row):
            row_text = {k: cells.text(sheet, r, idx) for (k, period), idx in cols.items()
                        if period is None and k in _TEXT_KEYS}
            has_period_data = any(sheet.value(r, idx) not in (None, "")
                                  or (sheet.uncached and sheet.is_uncached(r, idx))
                                  for (k, period), idx in cols.items()
                                  if period and k in _READ_PERIOD_KEYS)
            if not any(row_text.values()) and not has_period_data:
                continue
            for key_, message in error_values(row_text, _NAME_KEYS, _FREE_TEXT_KEYS, self.columns):
                self.problems.warn(message, sheet.title, sheet.cell(r, col(key_) or 1).coordinate)
            if current_row is not None and self._breakdown_row(r, row_text, current_row, periods):
                continue
            kf_name = row_text.get("kf_goal", "")
            if kf_name and (current_kf is None or kf_name != current_kf.name):
                kf_col = col("kf_goal")
                current_kf = KfGoal(kf_name, location=self.problems.where(
                    sheet.title, sheet.cell(r, kf_col).coordinate if kf_col else ""))
                kf_goals.append(current_kf)
                previous_key = None
            if current_kf is None:
                kf_col = col("kf_goal")
                self.problems.error("raden saknar KF ÖG mål (och det finns inget ovanför att "
                                    "ärva).", sheet.title,
                                    sheet.cell(r, kf_col).coordinate if kf_col else "")
                continue
            group_key = (current_kf.name, row_text.get("indicator", ""),
                         row_text.get("ks_goal", ""))
            if current_row is None or not (previous_key == group_key
                                           and (group_key[1] or group_key[2])):
                current_row = PlanRow()
                current_kf.rows.append(current_row)
                group_rows = []
                sheet.keep_from(r)  # a streamed sheet keeps the group's first row
                self._read_measures(r, cols, periods, current_row, row_text)
            else:
                self._check_group_consistency(group_rows[0], r, cols)
            previous_key = group_key
            group_rows.append(r)
            current_row.sheet_rows.append(r)
            direction_text = row_text.get("direction_text", "")
            activities = [Activity(a) for a in self._cell(r, "activities").items]
            if direction_text or activities or row_text.get("responsible"):
                current_row.directions.append(GoalDirection(
                    direction_text, row_text.get("responsible", ""), activities))
        link_combined(kf_goals)
        return kf_goals, header.unknown

    def _comparison_columns(self, header: Header) -> dict[str, int]:
        """Columns the plan compares with, named as the kommun names them ("Riket 2024",
        "Länet", "Liknande kommuner"): the kommun tables' comparison words, kept by their
        header and no longer unknown."""
        from .tables import classify  # the kommun tables' header words, in one place

        found: dict[str, int] = {}
        known = set(header.columns.values())
        for c in self.sheet.columns(header.row):
            text = clean_text(self.sheet.grid[header.row][c].value)
            kind = classify(text) if text and c not in known else None
            if kind is not None and kind.kind == "comparison":
                found.setdefault(" ".join(text.split()), c)
        coordinates = {f'{self.sheet.cell(header.row, c).coordinate} "' for c in found.values()}
        header.unknown = [u for u in header.unknown
                          if not any(u.startswith(start) for start in coordinates)]
        return found

    def _comparisons(self, r: int, measure: Measure) -> None:
        for name, c in self.comparisons.items():
            cell = self.kinds.read("comparison", self.sheet, r, c, Ask(name, measure.unit))
            if cell.value is not None:
                measure.comparisons[name] = cell.value

    def _breakdown_row(self, r: int, row_text: dict[str, str], plan_row: PlanRow,
                       periods: list[str]) -> bool:
        """A row named kvinnor or män (schema.BREAKDOWN_WORDS) in the indicator or KS mål
        column: the measure above split by group, kept on that measure and never judged."""
        for name_key, outcome_key, owner in (
                ("indicator", "indicator_outcome", plan_row.indicator),
                ("ks_goal", "outcome", plan_row.ks_goal)):
            label = row_text.get(name_key, "")
            if owner is None or " ".join(label.lower().split()) not in schema.BREAKDOWN_WORDS:
                continue
            measure = owner.measure
            for period in periods:
                value = self.kinds.read("comparison", self.sheet, r,
                                        self.header.columns.get((outcome_key, period)),
                                        Ask(period, measure.unit)).value
                if value is not None:
                    measure.breakdown.setdefault(label, {})[period] = value
            return True
        return False

    def _check_group_consistency(self, first: int, row: int,
                                 cols: dict[tuple[str, str | None], int]) -> None:
        """Rows of one KS mål must not disagree on its follow-up values."""
        sheet = self.sheet
        for (k, _period), idx in cols.items():
            if k in _NOT_FOLLOW_UP:
                continue
            a, b = sheet.value(first, idx), sheet.value(row, idx)
            if b not in (None, "") and a not in (None, "") and a != b:
                self.problems.error(
                    f"raden hör till samma KS-mål som rad {first} men har ett annat "
                    f'värde ("{short(clean_text(b))}" mot "{short(clean_text(a))}"). '
                    "Skriv uppföljningen en gång, på målets första rad.",
                    sheet.title, sheet.cell(row, idx).coordinate)

    def _written_trend(self, r: int, key_: str, measure: Measure) -> None:
        """The kommun's own trend, read back from a report's Utveckling (own_words)."""
        text = report_trend(self.sheet, r, self.header.columns.get((key_, None)))
        if text and self.report_period:
            measure.trends[self.report_period] = text

    def _read_measures(self, r: int, cols: dict[tuple[str, str | None], int],
                       periods: list[str], plan_row: PlanRow, row_text: dict[str, str]) -> None:
        sheet = self.sheet

        def col(key_: str, period: str | None = None) -> int | None:
            return cols.get((key_, period))

        if row_text.get("indicator"):
            read, deadline = self._target_cell(r, "styrgrans", "styrgränsen")
            styrgrans, unit = read.value, read.unit
            bound = ""
            raw = row_text.get("styrgrans", "")
            styrgrans_col = col("styrgrans")
            if isinstance(styrgrans, float) and styrgrans_col is not None \
                    and not is_text_cell(sheet, r, styrgrans_col):
                # As Excel shows it: 0.75 in "0%" is 75%; '"max "0' keeps its "max".
                bound = bound_from_format(sheet.cell(r, styrgrans_col).number_format)
                raw = f"{bound} {format_value(styrgrans, unit)}".strip()
            elif raw:
                try:
                    bound = parse_number(raw).bound
                except NotANumber:
                    bound = ""
            direction = self._cell(r, "direction", what="riktningen").choice
            direction = direction or (read.rule if deadline else "")  # "Lägre än 2024"
            if not direction:
                if isinstance(styrgrans, bool):
                    direction = schema.YES_NO
                else:
                    direction = schema.LOWER if bound == "max" else schema.HIGHER
            measure = Measure(rule=direction, target=styrgrans, unit=unit,
                              target_text=deadline)
            for period in periods:
                measure.outcomes[period] = self._cell(
                    r, "indicator_outcome", period, f"indikatorutfallet för {period}", unit).value
            self._check_kinds(r, measure, col("styrgrans"), "styrgränsen",
                              {p: col("indicator_outcome", p) for p in periods})
            self._written_trend(r, "indicator_trend", measure)
            self._comparisons(r, measure)
            plan_row.indicator = KfIndicator(
                row_text["indicator"], raw, measure, self._cell(r, "source").text,
                kolada_id=row_text.get("kolada_id", ""),
                outcome_cells={p: self.problems.where(sheet.title, sheet.cell(r, c).coordinate)
                               for p in periods if (c := col("indicator_outcome", p))},
                key=f"{sheet.title}!{r}")
        if row_text.get("ks_goal"):
            read, deadline = self._target_cell(r, "target", "målvärdet")
            target, unit = read.value, read.unit
            rule = self._cell(r, "rule", what="regeln").choice
            rule = rule or (read.rule if deadline else "") or rule_for_target(target)
            band = self._cell(r, "yellow_band", what="gul gräns", unit=unit,
                              allow_yes_no=False).value
            read = self._cell(r, "previous_year", what="utfallet föregående år", unit=unit)
            previous, prev_unit = read.value, read.unit
            unit = unit or prev_unit
            measure = Measure(rule=rule, target=target, unit=unit,
                              yellow_band=band if band is None else abs(band),
                              previous_year=previous, target_text=deadline)
            outcome_cols: dict[str, int | None] = {}
            for period in periods:
                outcome_col = col("outcome", period)
                read = self._cell(r, "outcome", period, f"utfallet för {period}", unit)
                outcome, out_unit = read.value, read.unit
                if out_unit and unit and out_unit != unit and outcome_col is not None:
                    self.problems.error(f"utfallet för {period} har enheten {out_unit} men "
                                        f"målet mäts i {unit}.", sheet.title,
                                        sheet.cell(r, outcome_col).coordinate)
                    outcome = None
                measure.unit = measure.unit or out_unit
                measure.outcomes[period] = outcome
                outcome_cols[period] = outcome_col
                assessment = self._cell(r, "assessment", period,
                                        f"bedömningen för {period}").status
                if assessment:
                    measure.assessments[period] = assessment
                motivation = self._cell(r, "motivation", period).text
                if motivation:
                    measure.motivations[period] = motivation
                analysis = self._cell(r, "analysis", period).text
                if analysis:
                    measure.analyses[period] = analysis
            if not row_text.get("indicator"):
                self._comparisons(r, measure)
            prognosis = self._cell(r, "prognosis", what="prognosen för helåret")
            measure.prognosis = prognosis.status
            measure.prognosis_comment = (self._cell(r, "prognosis_comment").text
                                         or prognosis.text)
            self._check_kinds(r, measure, col("target"), "målvärdet", outcome_cols)
            self._written_trend(r, "ks_trend", measure)
            plan_row.ks_goal = KsGoal(row_text["ks_goal"], measure, key=f"{sheet.title}!{r}")

    def _check_kinds(self, r: int, measure: Measure, target_col: int | None, what: str,
                     outcome_cols: dict[str, int | None]) -> None:
        """Ja/Nej rules want Ja/Nej values; the other rules want numbers."""
        sheet = self.sheet
        yes_no = measure.rule == schema.YES_NO
        if measure.target is not None and isinstance(measure.target, bool) != yes_no \
                and target_col is not None:
            wanted = "Ja eller Nej" if yes_no else "ett tal"
            self.problems.error(f"{what} ska vara {wanted} för regeln {measure.rule}.",
                                sheet.title, sheet.cell(r, target_col).coordinate)
            measure.target = None
        for period, idx in outcome_cols.items():
            outcome = measure.outcomes.get(period)
            if outcome is not None and isinstance(outcome, bool) != yes_no and idx is not None:
                wanted = "Ja eller Nej" if yes_no else "ett tal"
                self.problems.error(f"utfallet för {period} ska vara {wanted} för regeln "
                                    f"{measure.rule}.", sheet.title, sheet.cell(r, idx).coordinate)
                measure.outcomes[period] = None


def link_combined(kf_goals: list[KfGoal]) -> None:
    """A KS mål judged by its indicators (Sammanvägning) is judged by the indicators on its own
    rows and on the rows below it that have no KS mål of their own."""
    for kf in kf_goals:
        owner: KsGoal | None = None
        for row in kf.rows:
            if row.ks_goal is not None:
                owner = row.ks_goal if row.ks_goal.measure.rule == schema.COMBINED else None
            if owner is not None and row.indicator is not None \
                    and row.indicator not in owner.indicators:
                owner.indicators.append(row.indicator)


def read_activities(sheet: Sheet, kf_goals: list[KfGoal], cells: CellReader,
                    problems: Problems, theme: list[str]) -> None:
    """Status and comment per activity, matched by målinriktning and activity text."""
    header = find_header(sheet, schema.ACTIVITY_COLUMNS, problems)
    cols = {k: idx for (k, _), idx in header.columns.items()}
    kinds = KindReader(cells, theme)
    columns = {c.key: c for c in schema.ACTIVITY_COLUMNS}

    def read(r: int, key_: str, what: str = "") -> Cell:
        column = columns[key_]
        return kinds.read(column.kind, sheet, r, cols.get(key_),
                          Ask(what or column.header, "", column.choices))
    index: dict[tuple[str, str], list[Activity]] = {}
    directions: dict[str, GoalDirection] = {}
    for kf in kf_goals:
        for row in kf.rows:
            for direction in row.directions:
                directions.setdefault(key(direction.text), direction)
                for activity in direction.activities:
                    index.setdefault((key(direction.text), key(activity.text)),
                                     []).append(activity)
    for r in sheet.rows_after(header.row):
        text = read(r, "activity").text
        direction_text = read(r, "direction_text").text
        if not text:
            continue
        status = read(r, "activity_status", "aktivitetsstatusen").choice
        comment = read(r, "comment").text
        matches = index.get((key(direction_text), key(text)))
        if matches is None:
            found_direction = directions.get(key(direction_text))
            if found_direction is None:
                problems.warn(f'aktiviteten "{short(text)}" hör till målinriktningen '
                              f'"{short(direction_text)}" som inte finns i bladet Mål; den '
                              "tas inte med.", sheet.title,
                              sheet.cell(r, cols["activity"]).coordinate)
                continue
            activity = Activity(text)
            found_direction.activities.append(activity)
            matches = index[(key(direction_text), key(text))] = [activity]
        for activity in matches:
            activity.status = status or activity.status
            activity.comment = comment or activity.comment


def read_texts(sheet: Sheet, periods: list[str], cells: CellReader,
               problems: Problems) -> list[ReportText]:
    header = find_header(sheet, schema.TEXT_COLUMNS, problems)
    cols: dict[str, Any] = {k: idx for (k, _), idx in header.columns.items()}
    texts: list[ReportText] = []
    for r in sheet.rows_after(header.row):
        heading = cells.text(sheet, r, cols["heading"])
        body = cells.text(sheet, r, cols["text"])
        period = cells.text(sheet, r, cols.get("period"))
        if not heading and not body:
            continue
        if period and period not in periods:
            problems.error(f'perioden "{period}" finns inte i bladet Perioder. Tillåtna: '
                           + ", ".join(periods) + ".", sheet.title,
                           sheet.cell(r, cols["period"]).coordinate)
            continue
        texts.append(ReportText(heading, body, period))
    return texts
