"""Goal and measure columns a header alone gets wrong, settled by the header's other row or the
column's contents: a column's own cell under a group title, "Mål 2025" over goals rather than
targets, the unnamed measures beside a goal that stands over several rows, "KPI" over the
measures' names rather than Kolada ids, and statuses marked with a cross in columns named by
the status ("Grön | Gul | Röd")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ... import schema
from ...schema import normalize_header
from ..classify import PERIOD_WORDS, Kind, classify
from ..grid import Sheet
from ..periods import period_in_header
from .samples import SAMPLE_ROWS, holds_numbers, holds_sentences, holds_words
from .samples import texts as sample_texts

if TYPE_CHECKING:
    from .tables import TableColumn

_MEASURE_KEYS = ("status", "target", "outcome", "styrgrans", "status_mark")
# What marks a cell in a column named by a status ("x" under "Uppfyllt").
MARKS = ("x", "✓", "✔", "•", "●", "ja", "1", "*", "■", "◼")


def is_mark(value: object) -> bool:
    return str(value).strip().lower() in MARKS if value not in (None, "") else False


def value_columns(sheet: Sheet, header_row: int, found: list[TableColumn],
                  unknown: list[TableColumn]) -> None:
    """Columns headed by a value, not by what they hold: a status each (Grön | Gul | Röd
    marked with an x) or a sex (Kvinnor | Män | Totalt)."""
    mark_columns(sheet, header_row, found, unknown)
    split_columns(sheet, header_row, found, unknown)


def breakdown_label(header: str) -> str:
    """"kvinnor" or "män" (schema.BREAKDOWN_WORDS) for a header that names one ("Kvinnor",
    "Utfall män", "Utfall 2024 K"); "" otherwise. A lone letter counts only last in a longer
    header or alone (split_columns checks its siblings)."""
    words = re.findall(r"[a-zåäö]+", header.lower())
    named = [w for w in words if w in schema.BREAKDOWN_WORDS]
    if named:
        return named[-1]
    last = header.split()[-1].lower() if header.split() else ""
    return schema.BREAKDOWN_LETTERS.get(last, "")


def split_columns(sheet: Sheet, header_row: int, found: list[TableColumn],
                  unknown: list[TableColumn]) -> None:
    """"Kvinnor | Män | Totalt" (or "K | M | Totalt") over numbers and no other outcome
    column: the total is the outcome and the others its breakdown (map_columns keeps them
    apart), instead of columns not read; "Kvinnor | Män" right of an outcome column split it."""
    named = [c for c in unknown if c.header and holds_numbers(sheet, header_row, c.col) and (
        breakdown_label(c.header) or " ".join(c.header.lower().split()) in schema.TOTAL_WORDS)]
    labels = {breakdown_label(c.header) for c in named} - {""}
    split = [c for c in named if breakdown_label(c.header)]
    outcomes = [c.col for c in found if c.kind.key == "outcome"]
    if outcomes and split and len(split) == len(named) and min(outcomes) < split[0].col:
        named = split  # "Utfall 2025 | Kvinnor | Män": the outcome beside them is the total
    elif len(split) == len(named) or not labels or outcomes:
        return  # without a total there is no outcome to judge: the columns stay unread, said
    for column in named:
        column.kind = Kind("outcome", "outcome", None, False, False, "innehåll")
        unknown.remove(column)
        found.append(column)
    found.sort(key=lambda c: c.col)


def mark_columns(sheet: Sheet, header_row: int, found: list[TableColumn],
                 unknown: list[TableColumn]) -> None:
    """"Nämndens mål | Grön | Gul | Röd" or "Uppfyllt | Delvis uppfyllt | Ej uppfyllt" with an
    "x" in one of them per row: two or more columns named by a status and holding only marks
    are one status, the header of the marked column (said by check, column by column)."""
    from ..classify import status_word

    named = [c for c in [*found, *unknown] if c.header and (
        c.kind is None or c.kind.key in ("status", "comment") and c.kind.period is None)]
    marked = []
    for column in named:
        if status_word(column.header) is None:
            continue
        held = [sheet.value(r, column.col) for r in sheet.rows_after(header_row)[:SAMPLE_ROWS]]
        held = [v for v in held if v not in (None, "")]
        if held and all(is_mark(v) for v in held):
            marked.append(column)
    if len(marked) < 2:
        return
    for column in marked:
        column.kind = Kind("status_mark", "text", None, False, False, "innehåll")
        if column in unknown:
            unknown.remove(column)
            found.append(column)
    found.sort(key=lambda c: c.col)


def two_row_kind(text: str, bottom: str) -> Kind | None:
    """The kind of a header cell under a group title ("Mål och indikatorer" over "KF:s mål",
    "Uppföljning 2025" over "Målvärde"); `text` is both rows read together, `bottom` the
    cell's own row ("" for a one-row header). The two together decide when they make a known
    header ("Tertial 1" over "Utfall", "2025" over "Mål") or the bottom is only a period
    ("Status" over "T1"); when they are read only from their words and the bottom names a
    column by itself, the column's own cell wins over the title's words, keeping the title's
    period."""
    kind = classify(text)
    if not bottom or kind is None or kind.by != "ord":
        return kind
    own = classify(bottom)
    if own is None or own.key == kind.key or period_in_header(bottom) and own.key == "outcome" \
            and not own.by:
        return kind
    return Kind(own.key, own.kind, own.period or kind.period, own.latest, own.yes_no,
                own.by or "ord")


def names_under_kpi(sheet: Sheet, header_row: int, columns: list[TableColumn]) -> None:
    """"KPI" over names ("Andel e-tjänster av alla ärenden"), where a Kolada column holds ids
    ("N00090"), beside no indicator column: the measures (said by check as read by the
    contents). Read as ids, the names were lost and a row without a goal was dropped."""
    if any(c.kind.key == "indicator" for c in columns):
        return
    for column in columns:
        if column.kind.key != "kolada_id" or column.kind.by == "rad":
            continue
        texts = [t for t in sample_texts(sheet, header_row, column.col) if t]
        if texts and sum(1 for t in texts if len(t.split()) >= 2) * 2 > len(texts):
            column.kind = Kind("indicator", "text", None, False, False, "innehåll")
            return


def months_in_a_row(sheet: Sheet, header_row: int, found: list[TableColumn],
                    unknown: list[TableColumn]) -> None:
    """"Jan | Feb | Mar | Apr" over numbers, two months or more side by side in the header: the
    outcomes of the year so far, as "Utfall aug" is (a month alone in one cell is a value,
    "december" under Klart senast, so only a row of them says period)."""
    names = set(schema.MONTHS) | set(schema.MONTH_NAMES)
    months = [c for c in unknown if c.header.strip(" .").lower() in names]
    if len(months) < 2:
        return
    for column in months:
        if holds_numbers(sheet, header_row, column.col):
            column.kind = Kind("outcome", "outcome", period_in_header(f"Utfall {column.header}"),
                               False, False, "innehåll")
            unknown.remove(column)
            found.append(column)
    found.sort(key=lambda c: c.col)


def goals_under_mal_year(sheet: Sheet, header_row: int, columns: list[TableColumn]) -> None:
    """"Mål 2025" is read as the year's målvärde; over sentences and no number or target word
    ("Kommunen ska ha ett gott företagsklimat"), beside no goal column, it is the goals (said
    by check as read by the contents)."""
    from ..inline import read_target

    if any(c.kind.key in ("ks_goal", "kf_goal", "name") for c in columns):
        return
    for column in columns:
        if column.kind.key != "target" or column.kind.period is None or " ".join(
                PERIOD_WORDS.sub(" ", normalize_header(column.header)).split()) != "mål":
            continue
        texts = [t for t in sample_texts(sheet, header_row, column.col) if t]
        targets = [read_target(t) for t in texts]
        # A goal may say which way ("Sjukfrånvaron ska minska"); a target column has numbers
        # or mostly such words.
        if texts and not any(t.value is not None for t in targets) and sum(
                1 for t in targets if t.rule) * 2 < len(texts) and holds_sentences(
                sheet, header_row, column.col):
            column.kind = Kind("ks_goal", "text", None, False, False, "innehåll")


def indicators_beside_goal(sheet: Sheet, header_row: int, found: list[TableColumn],
                           unknown: list[TableColumn]) -> bool:
    """"KS mål | Så följer vi upp | Målvärde | Utfall" with the goal merged down or repeated
    over its rows: the unknown column of words right of it names the measures (else the rows
    of one goal collapse into its first and the others' values are never read). True when
    a column was taken from `unknown` into `found` as the indicators."""
    keys = {c.kind.key for c in found}
    goal = next((c.col for c in found if c.kind.key == "ks_goal"), None)
    if goal is None or keys & {"indicator", "name"} or not keys & {"target", "outcome"} \
            or not _goal_repeats(sheet, header_row, goal):
        return False
    first_measure = min(c.col for c in found if c.kind.key in _MEASURE_KEYS)
    named = next((c for c in unknown if goal < c.col < first_measure
                  and holds_words(sheet, header_row, c.col)), None)
    if named is None:
        return False
    named.kind = Kind("indicator", "text", None, False, False, "innehåll")
    unknown.remove(named)
    found.append(named)
    found.sort(key=lambda c: c.col)
    return True


def _goal_repeats(sheet: Sheet, header_row: int, col: int) -> bool:
    """A goal stands over several rows: merged down, or the same words on the next row."""
    rows = sheet.rows_after(header_row)[:SAMPLE_ROWS]
    return any(sheet.origin(r + 1, col) == sheet.origin(r, col)
               or sheet.value(r, col) not in (None, "")
               and sheet.value(r + 1, col) == sheet.value(r, col) for r in rows)


def first_column(sheet: Sheet, row: int, last: int, columns: list[TableColumn],
                 unknown: list[TableColumn], named: bool
                 ) -> tuple[int | None, tuple[str, str] | None]:
    """(name column, row marks) from the first column when its header is empty or says
    nothing the words know: a column of names (1), or one whose marks type the rows
    (samples.row_marks: "S" a goal, "N" a nyckeltal; "Typ") with the names beside it (2)
    when no header names them (`named`: one does), "Verksamhetsresultat" read as names too;
    the columns used are taken out of `unknown`. (None, None) for any other first column."""
    from .samples import row_marks

    headed = next((c for c in unknown if c.col == 1), None)
    if sheet.value(row, 1) and headed is None:
        return None, None
    marks = row_marks(sheet, last, 1)
    if marks is None:
        names = headed is None and bool(sheet.grid.get(last + 1, {}).get(1))
        return (1 if names and min(sheet.columns(row) or [1]) > 1 else None), None
    if headed is not None:
        unknown.remove(headed)
    if named:
        return None, marks
    second = next((c for c in unknown if c.col == 2), None)
    if second is not None:
        unknown.remove(second)
    return (None if second is None and any(c.col == 2 for c in columns) else 2), marks
