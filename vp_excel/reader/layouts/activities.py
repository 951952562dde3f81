"""The arbetsbok's Aktiviteter sheet: status and comment per activity, matched to the Mål
sheet's activities by målinriktning and activity text.

Read in three steps so that a region's plan, its rows on disk (spool.py), is never held whole:
the plan's målinriktningar and activities are listed in an `ActivityIndex`; the sheet's rows are
matched against it in order (an activity the Mål sheet lacks joins the first målinriktning of
its name; one whose målinriktning is missing is warned about and left out); then one pass over
the plan, a KF goal at a time, gives each activity its status and comment. A small plan's index
is a dict; a spooled plan's a temporary SQLite database (standard library, on disk).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ... import schema
from ...errors import temporary_file_failed
from ...model import Activity, KfGoal
from ...spool import edit_rows, is_spooled
from ..cells import CellReader, key
from ..grid import Sheet
from ..kinds import Ask, Cell, KindReader
from ..problems import Problems, short
from .headers import find_header

Pair = tuple[str, str]  # (målinriktning, activity) as matched: cells.key of each text


class ActivityIndex:
    """What the Aktiviteter sheet is matched against, and what it gave, in memory."""

    def __init__(self) -> None:
        self.directions: dict[str, int] = {}  # a målinriktning's key: its first one's number
        self.activities: set[Pair] = set()
        self.joined: dict[int, list[tuple[str, str]]] = {}  # direction number: (key, text)
        self.given: dict[Pair, tuple[str, str]] = {}  # status and comment, the last written

    def add_direction(self, direction: str, number: int) -> None:
        self.directions.setdefault(direction, number)

    def add_activity(self, pair: Pair) -> None:
        self.activities.add(pair)

    def has_activity(self, pair: Pair) -> bool:
        return pair in self.activities

    def first_direction(self, direction: str) -> int | None:
        return self.directions.get(direction)

    def join(self, pair: Pair, text: str, number: int) -> None:
        self.activities.add(pair)
        self.joined.setdefault(number, []).append((pair[1], text))

    def give(self, pair: Pair, status: str, comment: str) -> None:
        old_status, old_comment = self.given.get(pair, ("", ""))
        self.given[pair] = (status or old_status, comment or old_comment)

    def given_to(self, pair: Pair) -> tuple[str, str] | None:
        return self.given.get(pair)

    def joined_to(self, number: int) -> list[tuple[str, str]]:
        return self.joined.get(number, [])

    def gave(self) -> bool:
        """Whether the sheet gave any activity a status, a comment or a målinriktning."""
        return bool(self.given or self.joined)

    def close(self) -> None:
        pass


class SpooledActivityIndex(ActivityIndex):
    """The same on disk: a temporary SQLite database, gone when closed."""

    def __init__(self) -> None:
        # "": a private temporary database on disk (SQLite's own), deleted on close.
        self.db = sqlite3.connect("")
        self.db.executescript("""
            CREATE TABLE direction (name TEXT PRIMARY KEY, number INTEGER) WITHOUT ROWID;
            CREATE TABLE activity (direction TEXT, name TEXT, PRIMARY KEY (direction, name))
                WITHOUT ROWID;
            CREATE TABLE joined (seq INTEGER PRIMARY KEY, number INTEGER, name TEXT, text TEXT);
            CREATE INDEX joined_number ON joined (number);
            CREATE TABLE given (direction TEXT, name TEXT, status TEXT, comment TEXT,
                PRIMARY KEY (direction, name)) WITHOUT ROWID;
        """)

    def add_direction(self, direction: str, number: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO direction VALUES (?, ?)", (direction, number))

    def add_activity(self, pair: Pair) -> None:
        self.db.execute("INSERT OR IGNORE INTO activity VALUES (?, ?)", pair)

    def has_activity(self, pair: Pair) -> bool:
        return self.db.execute("SELECT 1 FROM activity WHERE direction = ? AND name = ?",
                               pair).fetchone() is not None

    def first_direction(self, direction: str) -> int | None:
        found = self.db.execute("SELECT number FROM direction WHERE name = ?",
                                (direction,)).fetchone()
        return None if found is None else int(found[0])

    def join(self, pair: Pair, text: str, number: int) -> None:
        self.add_activity(pair)
        self.db.execute("INSERT INTO joined (number, name, text) VALUES (?, ?, ?)",
                        (number, pair[1], text))

    def give(self, pair: Pair, status: str, comment: str) -> None:
        # The last status and the last comment written win, each on its own (as read in turn).
        self.db.execute("""
            INSERT INTO given VALUES (?, ?, ?, ?)
            ON CONFLICT (direction, name) DO UPDATE SET
                status = CASE WHEN excluded.status != '' THEN excluded.status ELSE status END,
                comment = CASE WHEN excluded.comment != '' THEN excluded.comment
                               ELSE comment END""", (*pair, status, comment))

    def given_to(self, pair: Pair) -> tuple[str, str] | None:
        found = self.db.execute("SELECT status, comment FROM given WHERE direction = ? AND "
                                "name = ?", pair).fetchone()
        return None if found is None else (found[0], found[1])

    def joined_to(self, number: int) -> list[tuple[str, str]]:
        return [(name, text) for name, text in self.db.execute(
            "SELECT name, text FROM joined WHERE number = ? ORDER BY seq", (number,))]

    def gave(self) -> bool:
        return any(self.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                   for table in ("given", "joined"))

    def close(self) -> None:
        self.db.close()


def _directions(kf_goals: list[KfGoal]) -> Iterator[tuple[int, str, list[Activity]]]:
    """Every målinriktning of the plan in order: its number, key and activities."""
    number = 0
    for kf in kf_goals:
        for row in kf.rows:
            for direction in row.directions:
                yield number, key(direction.text), direction.activities
                number += 1


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

    try:
        index = SpooledActivityIndex() if is_spooled(kf_goals) else ActivityIndex()
    except sqlite3.Error as exc:
        raise temporary_file_failed(_sqlite_reason(exc)) from exc
    try:
        for number, direction, activities in _directions(kf_goals):
            index.add_direction(direction, number)
            for activity in activities:
                index.add_activity((direction, key(activity.text)))
        for r in sheet.rows_after(header.row):
            text = read(r, "activity").text
            direction_text = read(r, "direction_text").text
            if not text:
                continue
            status = read(r, "activity_status", "aktivitetsstatusen").choice
            comment = read(r, "comment").text
            pair = (key(direction_text), key(text))
            if not index.has_activity(pair):
                first = index.first_direction(pair[0])
                if first is None:
                    problems.warn(f'aktiviteten "{short(text)}" hör till målinriktningen '
                                  f'"{short(direction_text)}" som inte finns i bladet Mål; den '
                                  "tas inte med.", sheet.title,
                                  sheet.cell(r, cols["activity"]).coordinate)
                    continue
                index.join(pair, text, first)
            index.give(pair, status, comment)
        if index.gave():
            _give(kf_goals, index)
    except sqlite3.Error as exc:
        raise temporary_file_failed(_sqlite_reason(exc)) from exc
    finally:
        index.close()


def _sqlite_reason(exc: sqlite3.Error) -> str:
    """SQLite's own words are English; a full disk is the one cause a user can act on."""
    full = getattr(sqlite3, "SQLITE_FULL", 13)
    return ("disken är full" if getattr(exc, "sqlite_errorcode", None) == full
            or "full" in str(exc) else "SQLite-fel")


def _give(kf_goals: list[KfGoal], index: ActivityIndex) -> None:
    """One pass over the plan, a KF goal at a time: the activities the sheet added, and each
    activity's status and comment."""
    number = 0
    for kf in kf_goals:
        with edit_rows(kf) as rows:
            for row in rows:
                for direction in row.directions:
                    name = key(direction.text)
                    if index.first_direction(name) == number:
                        direction.activities.extend(
                            Activity(text) for _, text in index.joined_to(number))
                    number += 1
                    for activity in direction.activities:
                        given = index.given_to((name, key(activity.text)))
                        if given is not None:
                            status, comment = given
                            activity.status = status or activity.status
                            activity.comment = comment or activity.comment
