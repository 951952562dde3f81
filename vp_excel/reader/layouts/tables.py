"""Finding the kommun's plan tables: on any sheet, below any title rows, several stacked on one
sheet under caption rows, with one- or two-row headers (a merged group header such as `Utfall`
over `2024 | T1 2025`). Each header cell is given a column kind from `schema.KOMMUN_HEADERS`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ... import schema
from ...schema import normalize_header
from ...text import clean_text
from ..classify import (
    MAX_HEADER_TEXT,
    PERIOD_WORDS,
    Kind,
    classify,
    holds_measure_units,
    key_from_contents,
    kind_of,
    stated_scale,
)
from ..colours import fill_rgb, status_of_rgb
from ..grid import Book, Sheet, column_letter
from ..mapping import KommunMapping
from ..periods import HeaderPeriod, period_in_header
from .goal_columns import (
    first_column,
    goals_under_mal_year,
    indicators_beside_goal,
    is_mark,
    mark_columns,
    months_in_a_row,
    names_under_kpi,
    two_row_kind,
    value_columns,
)
from .samples import (
    SAMPLE_ROWS,
    few_statuses,
    holds_numbers,
    holds_prose,
    holds_sentences,
    holds_words,
    is_number,
)
from .samples import texts as sample_texts

__all__ = ["Kind", "classify", "find_tables"]

_TEXT_KEYS = ("kf_goal", "indicator", "name", "ks_goal", "direction_text", "grouping")
_MEASURE_KEYS = ("status", "target", "outcome", "styrgrans", "status_mark")


@dataclass
class TableColumn:
    col: int
    header: str  # as written (both rows of a two-row header)
    coordinate: str
    kind: Kind

    @property
    def label(self) -> str:
        """The header, or "Kolumn C" for a column without one (as a mapping line names it)."""
        return self.header or f"Kolumn {column_letter(self.col)}"


@dataclass
class Table:
    sheet: Sheet
    first_row: int  # the (first) header row
    header_row: int  # the last header row; data starts below it
    columns: list[TableColumn]
    caption: str = ""
    caption_coordinate: str = ""
    caption_label: str = ""  # "Delmål 1" before the caption: the caption is a goal
    end_row: int = 10**9  # rows from here on belong to the next table
    last_col: int = 10**9  # columns after it belong to a table beside it (copies.py)
    name_col: int | None = None  # an unnamed first column of goal and measure names
    marks: tuple[str, str] | None = None  # (goal, measure) marks in column A typing the rows
    unknown: list[str] = field(default_factory=list)
    unknown_columns: list[TableColumn] = field(default_factory=list)

    def col(self, key: str) -> list[TableColumn]:
        return [c for c in self.columns if c.kind.key == key]

    def first(self, key: str) -> int | None:
        found = self.col(key)
        return found[0].col if found else None


@dataclass
class Candidate:
    """The row that looked most like a header, for the message when no table is found."""

    sheet: str = ""
    row: int = 0
    keys: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    unknown: tuple[TableColumn, ...] = ()  # its header cells that name nothing
    header_row: int = 0


def _header_like(sheet: Sheet, row: int) -> bool:
    cells = sheet.grid.get(row, {})
    return len(cells) >= 2 and all(
        isinstance(c.value, str) and len(c.value) <= MAX_HEADER_TEXT * 2
        or (isinstance(c.value, int) and 1990 <= c.value <= 2100)
        or isinstance(c.value, dt.date) for c in cells.values())  # a year, a date


def _spans_right(sheet: Sheet, row: int, col: int) -> bool:
    return sheet.merged_origin.get((row, col + 1)) == sheet.origin(row, col)


def _columns_at(sheet: Sheet, row: int, mapping: KommunMapping, theme: list[str],
                inside: bool = False) -> tuple[list[TableColumn], int, list[TableColumn]]:
    """The header's columns at `row` (with the row below when `row` holds group headers),
    the last header row, and the header cells that name nothing (kind None). A header the
    kommun's mapping names is read as it says; one the words do not name, or an empty one,
    is read by the column's contents when the row names a plan column."""
    cols = set(sheet.columns(row)) | {c for (r, c) in sheet.merged_origin if r == row}
    grouped = any(_spans_right(sheet, row, c) for c in cols)
    below = row + 1
    two_rows = grouped and bool(sheet.grid.get(below)) and _header_like(sheet, below)
    if two_rows:
        cols |= set(sheet.columns(below))
    last = below if two_rows else row
    texts = [clean_text(sheet.value(row, c)) for c in sorted(cols)]
    texts = [t for t in texts if t]
    if len(texts) == 2 and texts[0].endswith(":"):
        return [], last, []  # "Bedömning: | Målet ser ut att uppnås": a label and its value
    found: list[TableColumn] = []
    unknown: list[TableColumn] = []
    for col in sorted(cols):
        top = clean_text(sheet.value(row, col))
        text = top
        bottom_text = ""
        coordinate = sheet.cell(row, col).coordinate
        if two_rows and sheet.origin(below, col) != sheet.origin(row, col):
            bottom = clean_text(sheet.value(below, col))
            if bottom:
                grouped_here = (_spans_right(sheet, row, col)
                                or sheet.origin(row, col) != (row, col))
                text = f"{top} {bottom}" if top and grouped_here else bottom
                bottom_text = bottom if text != bottom else ""
                coordinate = sheet.cell(below, col).coordinate
        if not text:
            continue
        kind = mapping.column(text, column_letter(col)) or two_row_kind(text, bottom_text)
        if kind is not None and kind.key == "skip":
            continue
        if kind is not None and kind.by == "ord" and _status_value(text):
            kind = None  # "Når målet" under a header: a value, not a column name
        column = TableColumn(col, text, coordinate, kind)  # type: ignore[arg-type]
        (found if kind is not None else unknown).append(column)
    # "Område | Bra | OK | Har brister" with an "x" in one per row: the marked headers name
    # their columns (a status each) though their words name no kind. (A mark in the rows
    # just below first: reading the headers' words for every row that looks like a header
    # cost a kommun's book a fifth more time.)
    if any(is_mark(sheet.value(r, c.col)) for r in sheet.rows_after(last)[:3] for c in unknown):
        mark_columns(sheet, last, found, unknown)
    if not found or not _headerish(found, unknown):
        return [], last, []
    if inside and (len(found) < 2 or len(sheet.grid.get(row - 1, {})) >= 2
                   and any(c.kind.by == "ord" for c in found)):
        return [], last, []  # inside a table: one of its rows, not a new header
    for column in list(unknown):  # a header the words do not name: its contents may
        period = period_in_header(column.header)
        kind = _by_contents(sheet, last, column.col, theme, period)
        if kind is not None:
            column.kind = kind
            unknown.remove(column)
            found.append(column)
    seen = cols | {c for r in (row, last) for (rr, c) in sheet.merged_origin if rr == r}
    below_cols: set[int] = set()
    for r in sheet.rows_after(last)[:SAMPLE_ROWS]:
        below_cols |= set(sheet.grid.get(r, ())) | sheet.styled_columns(r)
    headerless: list[int] = []
    for col in sorted(below_cols - seen):  # no header at all
        kind = mapping.column("", column_letter(col)) or _by_contents(sheet, last, col, theme,
                                                                       None)
        if kind is not None and kind.key != "skip":
            found.append(TableColumn(col, "", sheet.cell(last, col).coordinate, kind))
        elif kind is None:
            headerless.append(col)
    value_columns(sheet, last, found, unknown)
    names_under_kpi(sheet, last, found)
    months_in_a_row(sheet, last, found, unknown)
    _settle(sheet, last, found, unknown, headerless, theme)
    _targets_under_mal(sheet, last, found, unknown, headerless)
    goals_under_mal_year(sheet, last, found)
    _goal_levels(found)
    taken = {c.col for c in found}
    for col in headerless:
        if col not in taken and col > min(seen, default=0) and holds_words(sheet, last, col):
            # Words under no header ("Förändringen av …" beside the goals): said as a column
            # not read, with the line that reads it, never dropped unsaid. (Left of the header
            # they are the names of the rows, read as such.)
            unknown.append(TableColumn(col, "", sheet.cell(last, col).coordinate,
                                       None))  # type: ignore[arg-type]
    return found, last, unknown


def _settle(sheet: Sheet, last: int, found: list[TableColumn], unknown: list[TableColumn],
            headerless: list[int], theme: list[str]) -> None:
    """The kinds the columns' contents correct: goals in a column of sentences beside
    indicators or statuses, a status header over numbers or paragraphs."""
    found.sort(key=lambda c: c.col)
    keys = {c.kind.key for c in found}
    indicator = next((c.col for c in found if c.kind.key == "indicator"), None)
    if indicator is not None and not keys & {"kf_goal", "ks_goal", "name"}:
        # A column of sentences left of the indicators, without a header or with one that
        # names nothing ("Vad vi vill uppnå"): the goals they measure.
        goal_kind = Kind("ks_goal", "text", None, False, False, "innehåll")
        named = next((c for c in unknown if c.col < indicator
                      and holds_sentences(sheet, last, c.col)), None)
        bare = next((c for c in headerless if c < indicator
                     and holds_sentences(sheet, last, c)), None)
        if named is not None and (bare is None or named.col < bare):
            named.kind = goal_kind
            unknown.remove(named)
            found.append(named)
        elif bare is not None:
            found.append(TableColumn(bare, "", sheet.cell(last, bare).coordinate, goal_kind))
        found.sort(key=lambda c: c.col)
        keys = {c.kind.key for c in found}
    if indicators_beside_goal(sheet, last, found, unknown):
        keys = {c.kind.key for c in found}
    if not keys & set(_TEXT_KEYS) and keys & set(_MEASURE_KEYS):
        # "Nämnd | Målbedömning": statuses beside an unknown column of words; the words are
        # what is judged, a goal per row (said by check, changed by a mapping line).
        for column in unknown:
            if holds_words(sheet, last, column.col):
                column.kind = Kind("name", "text", None, False, False, "innehåll")
                unknown.remove(column)
                found.append(column)
                found.sort(key=lambda c: c.col)
                break
        else:
            _goals_under_description(sheet, last, found)
    for column in list(found):
        if column.kind.key == "status" and not column.kind.yes_no and holds_numbers(
                sheet, last, column.col):
            kind = column.kind
            if stated_scale(column.header):  # "Bedömning 1-5" over 1..5: steps of a scale
                column.kind = replace(kind, scale=stated_scale(column.header))
            elif kind.period is not None or "prognos" in column.header.lower():
                # "Prognos helår" over "6,5 %": a forecast outcome for its period
                column.kind = Kind("outcome", kind_of("outcome"), kind.period, False, False,
                                   "innehåll")
            else:
                found.remove(column)  # "Måluppfyllnad" over "93%": a share, not a status
                unknown.append(column)
    for column in found:
        if column.kind.key == "responsible" and column.kind.by != "rad" and holds_measure_units(
                sample_texts(sheet, last, column.col)):
            # "Enhet" over "%", "antal", "kr": the unit of measure, not the responsible unit.
            column.kind = Kind("unit", "text", None, False, False, "innehåll")
    for column in found:
        if column.kind.key == "status" and not column.kind.scale and (holds_prose(
                sheet, last, column.col, theme) or (
                column.kind.by == "ord" and few_statuses(sheet, last, column.col,
                                                         column.kind.yes_no))):
            kind = column.kind  # "Bedömning" over paragraphs: the judgement in words
            column.kind = Kind("comment", kind_of("comment"), kind.period, False, False,
                               "innehåll")


def _goals_under_description(sheet: Sheet, last: int, found: list[TableColumn]) -> None:
    """"Beskrivning | Uppfyllt | Kommentar": no goal column, but the first column, left of
    the statuses and named by a describing word ("Beskrivning", "Syfte"), holds what is
    judged: the goals, a goal per row (said by check as read by the contents)."""
    first_measure = min((c.col for c in found if c.kind.key in _MEASURE_KEYS), default=0)
    described = next((c for c in found if c.col < first_measure and c.kind.key == "comment"
                      and c.kind.by == "ord" and c.kind.period is None), None)
    if described is not None and described is found[0] and holds_words(
            sheet, last, described.col):
        described.kind = Kind("name", "text", None, False, False, "innehåll")


def _status_value(text: str) -> bool:
    from ..classify import status_word

    return not text.rstrip().endswith("?") and status_word(text) is not None and not \
        schema.YES_NO_STATUS_HEADER.search(normalize_header(text))  # "Målet nås (Ja/Nej)"


def _headerish(found: list[TableColumn], unknown: list[TableColumn]) -> bool:
    """A row whose names were read from their words is a header only when most of its cells
    name a column: a data row's short texts ("Fler mål nås") must not start a table."""
    if all(c.kind.by == "" for c in found):
        return True
    return len(found) * 2 >= len(found) + len(unknown)


def _goal_levels(columns: list[TableColumn]) -> None:
    """Of two goal columns at the same (KS) level, the left one is the KF level ("Mål" beside
    "Delmål", "Mål" beside "Målet")."""
    goals = [c for c in columns if c.kind.key in ("kf_goal", "ks_goal")]
    if len(goals) >= 2 and all(c.kind.key == "ks_goal" for c in goals):
        kind = goals[0].kind
        goals[0].kind = Kind("kf_goal", kind.kind, kind.period, kind.latest, kind.yes_no,
                             kind.by or "ord")
    elif len(goals) >= 2 and all(c.kind.key == "kf_goal" for c in goals):
        # "Övergripande mål | Långsiktiga mål": both ranks are KF words, but the right one
        # is the level below, the goals its indicators follow up (else every indicator
        # row would count as a goal).
        kind = goals[-1].kind
        goals[-1].kind = Kind("ks_goal", kind.kind, kind.period, kind.latest, kind.yes_no,
                              kind.by or "ord")


def _by_contents(sheet: Sheet, header_row: int, col: int, theme: list[str],
                 period: HeaderPeriod | None) -> Kind | None:
    """A column read by what its cells hold (classify.key_from_contents)."""
    texts: list[str] = []
    fills: list[bool] = []
    numbers: list[bool] = []
    # The header's own fill under the cells is the table's background (a sheet painted green
    # all over), not a status: 23 empty columns read as statuses made a period all GRÖN.
    background = fill_rgb(sheet.fill(header_row, col), theme)
    for r in sheet.rows_after(header_row)[:SAMPLE_ROWS]:
        if sheet.origin(r, col)[0] < r:
            continue  # merged down from the row above
        value = sheet.value(r, col)
        text = clean_text(value) if isinstance(value, str) else (
            "" if value is None else str(value))
        rgb = fill_rgb(sheet.fill(r, col), theme)
        texts.append(text)
        fills.append(rgb is not None and rgb != background and status_of_rgb(rgb) is not None)
        numbers.append(is_number(value))
    key = key_from_contents(texts, fills, numbers, period is not None)
    if key is None:
        return None
    return Kind(key, kind_of(key), period, False, False, "innehåll")


def _is_table(columns: list[TableColumn], names: bool) -> bool:
    """A plan table names a goal or measure column and something to follow it up by; an
    unnamed first column of names counts as the goal column when two measure columns follow."""
    keys = {c.kind.key for c in columns}
    text = keys & set(_TEXT_KEYS)
    measured = [c for c in columns if c.kind.key in _MEASURE_KEYS]
    if not text and names:
        return len(measured) >= 2
    return bool(text) and (len(text) >= 2 or bool(measured) or "activities" in keys)


def find_tables(book: Book, mapping: KommunMapping | None = None
                ) -> tuple[list[Table], list[str], Candidate]:
    """Every plan table, in sheet order; the sheets looked at; the best candidate row."""
    mapping = mapping or KommunMapping()
    tables: list[Table] = []
    looked: list[str] = []
    best = Candidate()
    lists: list[Table] = []  # a column of goals and nothing to follow them by (a plan's list)
    lone_lists: list[Table] = []  # the same under a header of one cell, wanted only last
    for title, sheet in book.sheets.items():
        if title in book.hidden_sheets or title in (schema.SETTINGS_SHEET,
                                                     schema.INSTRUCTIONS_SHEET,
                                                     schema.SUMMARY_SHEET) or \
                normalize_header(title) == normalize_header(schema.MAPPING_SHEET):
            continue
        looked.append(title)
        sheet_tables: list[Table] = []
        skip_to = 0
        for row in sheet.row_numbers:
            if row <= skip_to:
                continue
            if not _header_like(sheet, row):
                if not sheet_tables and _lone_header(sheet, row):
                    # "Långsiktiga mål" over the goals it lists, one per row, nothing else.
                    columns, last, unknown = _columns_at(sheet, row, mapping, book.theme_colors)
                    _keep_list(lone_lists, sheet, row, last, columns, unknown)
                continue
            columns, last, unknown = _columns_at(sheet, row, mapping, book.theme_colors,
                                                 inside=bool(sheet_tables))
            keys = tuple(c.kind.key for c in columns)
            if len(keys) > len(best.keys):
                best = Candidate(title, row, keys, tuple(c.header for c in columns),
                                 tuple(unknown), last)
            elif not best.row and unknown:
                best = Candidate(title, row, (), (), tuple(unknown), last)
            # An unheaded first column of names, or marks that type the rows ("S", "N").
            name_col, marks = first_column(sheet, row, last, columns, unknown, bool(
                {c.kind.key for c in columns} & set(_TEXT_KEYS)))
            if not _is_table(columns, name_col is not None):
                if not sheet_tables:
                    _keep_list(lists, sheet, row, last, columns, unknown)
                continue
            if sheet_tables and (len(sheet.grid.get(row - 1, {})) >= 2 and any(
                    c.kind.by in ("ord", "innehåll") for c in columns)
                    or sum(1 for c in columns if c.kind.by != "innehåll") < 2):
                continue  # inside a table: one of its rows, not a new header
            table = Table(sheet, row, last, columns, unknown=[
                f'{c.coordinate} "{c.label}"' for c in unknown], unknown_columns=unknown,
                name_col=name_col, marks=marks)
            _caption(table)
            if sheet_tables:
                sheet_tables[-1].end_row = row - (1 if table.caption else 0)
            sheet_tables.append(table)
            skip_to = last
        tables.extend(sheet_tables)
    lists = lists or lone_lists  # a title row over a header row is no list's header
    if not tables and lists:
        # No table with measures anywhere: the lists of goals are the plan (nothing judged).
        tables = lists[:1]
        _caption(tables[0])
    return tables, looked, best


def _lone_header(sheet: Sheet, row: int) -> bool:
    """One short text alone in its row: a one-column list's header, if a goal list follows."""
    cells = sheet.grid.get(row, {})
    return len(cells) == 1 and all(isinstance(c.value, str) and len(c.value) <= MAX_HEADER_TEXT
                                   for c in cells.values())


def _keep_list(lists: list[Table], sheet: Sheet, row: int, last: int,
               columns: list[TableColumn], unknown: list[TableColumn]) -> None:
    """A header over a list of goals (no measures) kept, in case no sheet has a table."""
    goal_list = _goal_list(sheet, last, columns)
    if goal_list is None:
        return
    kept = [c for c in columns if c.kind.key in ("comment", "source", "responsible",
                                                 "kolada_id")]
    lists.append(Table(sheet, row, last, sorted([goal_list, *kept], key=lambda c: c.col),
                       unknown=[f'{c.coordinate} "{c.label}"' for c in unknown],
                       unknown_columns=unknown))


def _goal_list(sheet: Sheet, header_row: int, columns: list[TableColumn]) -> TableColumn | None:
    """The one goal column of a header that names nothing else, holding sentences: read as
    the goals (KS level) of a plan that lists them without measures."""
    goals = [c for c in columns if c.kind.key in ("kf_goal", "ks_goal", "indicator", "name")]
    others = {c.kind.key for c in columns} - {"kf_goal", "ks_goal", "indicator", "name"}
    if len(goals) != 1 or not others <= {"comment", "source", "responsible", "kolada_id"}:
        return None
    column = goals[0]
    if len([t for t in sample_texts(sheet, header_row, column.col)
            if len(t.split()) >= 4]) < 2:
        return None
    kind = column.kind
    goal = TableColumn(column.col, column.header, column.coordinate,
                       Kind("ks_goal", kind.kind, kind.period, False, False, kind.by))
    return goal


def _targets_under_mal(sheet: Sheet, header_row: int, columns: list[TableColumn],
                       unknown: list[TableColumn], headerless: list[int]) -> None:
    """"Indikator | Mål" (as Vara kommun lists its nämnd indicators) or "Finansiella mål |
    Utfall | Mål": a bare "Mål" (or "Årsmål", as Stockholm sets its indicators' level for the
    year) column that holds "Minst 90 %", "8", "Ökar" beside an indicator or another goal
    column is the målvärde, not a goal. Beside a column of names the words do not name ("Vad
    mäter vi?", "Beskrivning", "Område", or none) it is too when four in five of its cells are
    målvärden, and those names are the measures (each was a goal named "Öka")."""
    keys = {c.kind.key for c in columns}
    goals = [c for c in columns if c.kind.key in ("ks_goal", "kf_goal")]
    if "target" in keys:
        return
    beside = "indicator" in keys or len(goals) >= 2
    for column in goals:
        # "Mål", "Mål för 2025", "Mål*", "Årsmål": the bare word, with or without its year
        words = [w for w in re.findall(r"[a-zåäö]+", PERIOD_WORDS.sub(
            " ", normalize_header(column.header))) if w not in ("för", "år", "till")]
        if words not in (["mål"], ["årsmål"]):
            continue
        texts = [clean_text(sheet.value(r, column.col))
                 for r in sheet.rows_after(header_row)[:10]]
        texts = [t for t in texts if t]
        readable = [t for t in texts if _is_target_text(t)]
        names = None if beside else _names_left_of(sheet, header_row, column.col, columns,
                                                   unknown, headerless)
        if not texts or not (beside and len(readable) * 2 >= len(texts)
                             or names is not None and len(readable) * 5 >= len(texts) * 4):
            continue
        # Said by check as read by the contents, with the line that reads it otherwise.
        column.kind = Kind("target", kind_of("target"),
                           column.kind.period or period_in_header(column.header), False,
                           False, "målvärden")
        if isinstance(names, TableColumn):
            names.kind = Kind("indicator", "text", None, False, False, "innehåll")
            if names in unknown:
                unknown.remove(names)
                columns.append(names)
                columns.sort(key=lambda c: c.col)
        return


def _names_left_of(sheet: Sheet, header_row: int, col: int, columns: list[TableColumn],
                   unknown: list[TableColumn], headerless: list[int]) -> TableColumn | int | None:
    """The column of words left of `col` that names the rows when no header says so: one the
    words do not name, one named only by a describing or grouping word ("Beskrivning",
    "Område"), or one with no header at all (its number); None when there is none."""
    named = [c for c in [*unknown, *columns] if c.col < col and (
        c.kind is None or c.kind.by == "ord" and c.kind.key in ("comment", "grouping"))]
    for column in sorted(named, key=lambda c: c.col):
        if holds_words(sheet, header_row, column.col):
            return column
    bare = [c for c in headerless if c < col and holds_words(sheet, header_row, c)]
    if bare or sheet.value(header_row, 1) in (None, "") and col > 1 and holds_words(
            sheet, header_row, 1):
        return bare[0] if bare else 1
    return None


def _is_target_text(text: str) -> bool:
    """A målvärde as kommuner write one: a value or a rule ("Minst 80 %", "Öka"), a year to
    reach it by ("Senast 2026"), a benchmark ("Högre än riket", "Bättre än länet") or a level
    to keep ("Bibehålla")."""
    from ..inline import benchmark_in_words, read_target

    reading = read_target(text)
    lowered = " ".join(text.lower().split())
    return (reading.value is not None or bool(reading.rule) or reading.deadline is not None
            or benchmark_in_words(lowered) is not None
            or len(lowered.split()) <= 6 and bool(schema.KEEP_LEVEL_TARGET.match(lowered)))


def _caption(table: Table) -> None:
    """A single text in the row above the header names the table ("Invånare – nämndens mål
    och mätetal"); a label and a text ("Delmål 1 | Förskolan ska …") name its goal, also
    across a blank row (a lone text two rows up is a title, not a caption)."""
    sheet, above = table.sheet, table.first_row - 1
    cells = sheet.grid.get(above, {})
    if len(cells) == 1:
        (col, cell), = cells.items()
        if isinstance(cell.value, str):
            table.caption = clean_text(cell.value)
            table.caption_coordinate = sheet.cell(above, col).coordinate
        return
    if not cells and above > 1:
        above -= 1
        cells = sheet.grid.get(above, {})
    if len(cells) == 2:
        (_, label), (col, text) = sorted(cells.items())
        if isinstance(label.value, str) and isinstance(text.value, str) and \
                schema.KS_GOAL_LABEL.match(clean_text(label.value)):
            table.caption = clean_text(text.value)
            table.caption_coordinate = sheet.cell(above, col).coordinate
            table.caption_label = clean_text(label.value)
