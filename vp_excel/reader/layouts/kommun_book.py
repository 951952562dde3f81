"""A kommun's own workbook as a plan: its tables found, the settings found in its titles,
labels and properties (an Inställningar sheet wins, the command line over both), the periods
from its headers, and notes for check on what was read from where."""

from __future__ import annotations

import re
from typing import Any

from ... import schema
from ...errors import MissingSheet
from ...model import KfGoal, KsGoal, Measure, Period, Plan, PlanRow
from ...text import name_key
from ..assemble import (
    choose_settings,
    make_settings,
    plan_year,
    report_period,
    settings_notes,
    settle_rules,
)
from ..cells import CellReader
from ..classify import Kind, kind_of
from ..grid import Book, Sheet, column_letter
from ..mapping import WHERE_TO_WRITE, KommunMapping, mapping_line
from ..periods import ordered, period_in_header
from ..problems import Problems, short
from ..settings import (
    Found,
    Overrides,
    found_in_properties,
    found_in_text,
    labels_beside,
    read_settings_sheet,
)
from .arbetsbok import find_sheet
from .columns import column_periods
from .copies import split_side_by_side, warn_copies_and_error_names
from .kommun import KommunTableReader
from .samples import control_headers, holds_numbers, holds_sentences
from .tables import Candidate, Table, classify, find_tables

_EXPECTED = ("KF ÖG mål", "KF indikator", "KS mål", "Status", "Målvärde", "Utfall")


_CONTROL_HELP = ("vp-excel läser måltabeller: mål med målvärde, utfall och status (t.ex. "
                 "KS mål | Indikator | Målvärde | Utfall 2025 | Status).")


_GOAL_KEYS = {"kf_goal", "ks_goal", "indicator", "name"}


def _activity_list(best: Candidate) -> str:
    """What to say of a header of activities with a status and no goal ("Aktivitet | Bra |
    OK | Har brister"): a list of what is done, not of goals reached; the line that follows
    the activities up as goals if that is what the kommun means. "" for any other header."""
    keys = set(best.keys)
    if "activities" not in keys or keys & _GOAL_KEYS or not keys & {"status", "status_mark"}:
        return ""
    header = best.texts[best.keys.index("activities")]
    line = mapping_line(header, "KS mål")
    return (f"{best.sheet} rad {best.row} är en aktivitetslista: aktiviteter "
            f'("{short(header, 40)}") med status, men inget mål som de hör till. vp-excel '
            "följer upp mål, och en aktivitet redovisas under sitt mål; skriv målet i en "
            'kolumn före aktiviteterna (t.ex. "Mål"). Ska aktiviteterna följas upp som mål: '
            f'skriv raden "{line}" {WHERE_TO_WRITE}, eller ge --kolumn '
            f'"{line.replace(" = ", "=")}".')


def _control_table(sheet: Sheet, row: int) -> str:
    """What to say of a header row of internal controls or risks; "" for any other."""
    said = control_headers(sheet, row)
    return (f"{sheet.title} rad {row} är en internkontrollplan eller riskanalys (rubrikerna "
            f"{', '.join(said)}), ingen måltabell: inga mål läses ur den" if said else "")


def _activity_header(sheet: Sheet, row: int) -> str:
    """What to say of a header row of activities with a status and no goal under a goal table
    ("Aktivitet | Status | Kommentar"); "" for any other row. Read on as the goal table's
    rows, each activity was a goal of its own and its comment an error as a målvärde."""
    from ..classify import status_word

    cells = [(sheet.cell(row, col).coordinate, " ".join(c.value.split()))
             for col, c in sorted(sheet.grid.get(row, {}).items()) if isinstance(c.value, str)]
    if len(cells) < 2 or len(cells) != len(sheet.grid.get(row, {})) or any(
            len(t) > 40 for _, t in cells):
        return ""
    keys = []
    for _, text in cells:  # a header's kind, or a status word naming a column of marks
        kind = classify(text)
        marked = status_word(text) or text.lower() in schema.QUALITY_WORDS
        keys.append(kind.key if kind is not None else "status" if marked else "")
    if keys[0] != "activities" or "" in keys or "status" not in keys or set(keys) & _GOAL_KEYS:
        return ""
    said = ", ".join(f'{where} "{short(t, 30)}"' for where, t in cells)
    return (f"{sheet.title} rad {row} är en aktivitetslista (rubrikerna {said}) utan mål, ingen "
            "måltabell: inga mål läses ur den")


def _without_control_tables(tables: list[Table]) -> tuple[list[Table], list[str]]:
    """The tables that are goal tables, and what to say of those that list internal controls
    or risks ("Kontrollmoment", "Risk | Sannolikhet | Konsekvens") with no målvärde: their rows
    are controls, never goals; read as goals they were goals invented, judged Ej bedömd."""
    kept, said = [], []
    for table in tables:
        control = "" if table.col("target") else _control_table(table.sheet, table.header_row)
        if control:
            said.append(control)
            continue
        kept.append(table)
        for r in table.sheet.rows_after(table.header_row):  # one below the goals: their end
            if r >= table.end_row:
                break
            if control := (_control_table(table.sheet, r)
                           or _activity_header(table.sheet, r)):
                table.end_row = r
                said.append(control)
                break
    return kept, said


_PLACE_WORDS = re.compile(r"\b(?:kommun|kommuns|stad|stads|region|regionen|landsting)\b",
                          re.IGNORECASE)


def _own_name_outcomes(table: Table, kommun: str, problems: Problems) -> None:
    """A column named for the kommun itself ("Norsjö | Riket | Länet", "Norsjö 2025") over
    numbers, where no column is Utfall, is the kommun's own outcome; it was a column not read
    and every goal Ej bedömd."""
    own = name_key(_PLACE_WORDS.sub(" ", kommun))
    if not own or table.col("outcome"):
        return
    for column in table.unknown_columns:
        header = _PLACE_WORDS.sub(" ", re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", " ", column.header))
        if name_key(header) == own and holds_numbers(table.sheet, table.header_row, column.col):
            column.kind = Kind("outcome", kind_of("outcome"), period_in_header(column.header),
                               False, False, "ord")
            table.unknown_columns.remove(column)
            table.unknown = [u for u in table.unknown if not u.startswith(column.coordinate + " ")]
            table.columns = sorted([*table.columns, column], key=lambda c: c.col)
            problems.note(f'{table.sheet.title}!{column.coordinate}: kolumnen "{column.header}" '
                          f"bär kommunens namn och läses som utfall")
            return


def no_table_message(looked: list[str], best: Candidate, book: Book) -> str:
    if best.row and (control := _control_table(book.sheets[best.sheet], best.row)):
        return f"{control}. {_CONTROL_HELP}"
    if best.row and (activities := _activity_list(best)):
        return activities
    sheets = ", ".join(f"{name}{' (tomt)' if not book.sheets[name] else ''}"
                       for name in looked) or "inga"
    message = (f"hittar ingen måltabell i arbetsboken. Bladen som finns: {sheets}. En måltabell "
               "har en rubrikrad med t.ex. " + ", ".join(_EXPECTED) + ".")
    if best.row:
        found = ", ".join(f'"{short(t, 30)}"' for t in best.texts) or "inga kända rubriker"
        keys = set(best.keys)
        lacking = [name for name, k in (("KF ÖG mål", "kf_goal"), ("KF indikator", "indicator"),
                                        ("KS mål", "ks_goal"), ("Status", "status"),
                                        ("Målvärde", "target"), ("Utfall", "outcome"))
                   if k not in keys]
        message += (f" Närmast är {best.sheet} rad {best.row} med {found}; den saknar "
                    + ", ".join(lacking) + ".")
    uncached = [(name, min(book.sheets[name].uncached)) for name in looked
                if book.sheets[name].uncached]
    if uncached:  # headers saved as formulas without values read as empty cells
        name, (row, col) = uncached[0]
        count = sum(len(book.sheets[n].uncached) for n, _ in uncached)
        cells = "1 cell är en formel" if count == 1 else f"{count} celler är formler"
        message += (f" {cells} utan sparat värde (först {name}!{column_letter(col)}{row}), "
                    "som läses som tom: öppna och spara "
                    "arbetsboken i Excel, så sparas värdena, och kör igen.")
    goals = [c for c in best.unknown if holds_sentences(book.sheets[best.sheet], best.header_row,
                                                         c.col)]
    if goals and "ks_goal" not in best.keys and "kf_goal" not in best.keys:
        line = mapping_line(goals[0].header, "KS mål")
        message += (f' Står målen i kolumnen "{short(goals[0].header, 40)}": skriv raden '
                    f'"{line}" {WHERE_TO_WRITE}, eller ge --kolumn "{line.replace(" = ", "=")}".')
    return message


def _found_in_sheets(book: Book, tables: list[Table], cells: CellReader) -> dict[str, Found]:
    """Settings the title rows say: above the first table of each sheet, and the first rows of
    sheets without a table (a cover sheet)."""
    first_rows: dict[str, int] = {}
    for table in tables:
        first_rows.setdefault(table.sheet.title, table.first_row)
    found: dict[str, Found] = {}
    for title, sheet in book.sheets.items():
        if title in book.hidden_sheets or title in (schema.SETTINGS_SHEET,
                                                     schema.MAPPING_SHEET):
            continue
        limit = first_rows.get(title, 11)
        for row in sheet.row_numbers:
            if row >= limit:
                break
            for col in sheet.columns(row):
                text = cells.text(sheet, row, col)
                where = f"{title}!{sheet.cell(row, col).coordinate}"
                for key, value in {**found_in_text(text, where),
                                   **labels_beside(sheet, row, col, cells)}.items():
                    found.setdefault(key, value)
    return found


_LABEL = re.compile(r"^(kf ög mål|kf ög-mål|kf-mål|kf mål|kf:s övergripande mål|övergripande "
                    r"mål|inriktningsmål|mål)\s*\d*\s*[:–-]\s*", re.IGNORECASE)


def _kf_name(table: Table) -> str:
    """A table without a KF ÖG mål column: its caption names the goal (a label such as "KF ÖG
    mål 1:" in front is not part of it), unless the caption is the plan's title; else the
    sheet's name."""
    caption = table.caption
    if table.caption_label:  # the caption is the KS-level goal: look above it for the KF
        return _kf_label_above(table) or table.sheet.title
    if caption and "year" not in found_in_text(caption, ""):
        return _LABEL.sub("", caption).strip() or caption
    return table.sheet.title


def _kf_label_above(table: Table) -> str:
    """"Inriktningsmål | Kunskapsmålen ska …" in the rows above a labelled goal."""
    sheet = table.sheet
    for r in reversed([r for r in sheet.row_numbers if r < table.first_row - 1][-6:]):
        cells = sorted(sheet.grid.get(r, {}).items())
        if len(cells) == 2 and isinstance(cells[0][1].value, str) and isinstance(
                cells[1][1].value, str) and schema.KF_GOAL_LABEL.match(
                " ".join(cells[0][1].value.split())):
            return " ".join(cells[1][1].value.split())
    return ""


def _lowest_level_goals(kf_goals: list[KfGoal], problems: Problems,
                        assessed: dict[int, Measure]) -> None:
    """A plan whose only goal level is its first column (Målområde, Övergripande mål) and
    which has no KS mål at all: those goals are the plan's goals, judged by their indicators,
    by the status on their own row (`assessed`, by the KfGoal's id) or by nothing (Ej
    bedömd); counting none, or dropping the status beside them, would be a silent wrong count."""
    if any(kf.ks_goals for kf in kf_goals):
        return
    for kf in kf_goals:
        if kf.location is None:
            continue  # a sheet's or caption's name, not a goal someone wrote in a column
        indicators = [row.indicator for row in kf.rows if row.indicator is not None]
        measure = (Measure(rule=schema.COMBINED) if indicators else
                   assessed.get(id(kf)) or Measure(rule=schema.MANUAL))
        goal = KsGoal(kf.name, measure, indicators=indicators)
        row = int(re.sub(r"\D", "", kf.location.cell) or 0)
        kf.row_list.insert(0, PlanRow(ks_goal=goal, sheet_rows=[row] if row else []))
        problems.note(f"{kf.location.sheet}!{kf.location.cell}: målet läst som planens mål "
                      f'(ingen lägre målnivå i tabellen) (ur "{kf.name[:40]}")')


def _caption_goal(table: Table) -> str:
    """A caption that states a goal ("Öka antalet arbetstillfällen och företag"): not the
    plan's title, not a label ("Övergripande mål: …") and not a name for the table
    ("Nämndens indikatorer")."""
    caption = table.caption
    if table.caption_label:
        return caption
    if (not caption or "year" in found_in_text(caption, "") or _LABEL.match(caption)
            or classify(caption) is not None or len(caption.split()) < 3):
        return ""
    return caption


def read_kommun(book: Book, cells: CellReader, problems: Problems, overrides: Overrides,
                path: str, mapping: KommunMapping | None = None) -> Plan:
    mapping = mapping or KommunMapping()
    tables, looked, best = find_tables(book, mapping)
    tables, controls = _without_control_tables(split_side_by_side(tables, problems))
    if controls and not tables:
        raise MissingSheet(f"{controls[0]}. {_CONTROL_HELP}", problems.where())
    for control in controls:
        problems.warn(f"{control}.")
    if not tables:
        message = no_table_message(looked, best, book)
        bad_lines = [str(p) for p in problems.items if p.is_error]
        if bad_lines:  # the kommun's own lines may be why: say them too
            message += " Dessutom: " + " ".join(bad_lines)
        raise MissingSheet(message, problems.where())
    sources: list[dict[str, Found]] = []
    typed: dict[str, object] = {}
    settings_sheet = find_sheet(book, schema.SETTINGS_SHEET, problems, False)
    if settings_sheet is not None:
        sheet_found, typed = read_settings_sheet(settings_sheet, cells, problems, strict=False)
        sources.append(sheet_found)
        if "year" in typed:
            sheet_found["year"] = Found(str(typed["year"]), sheet_found["year"].where)
    sources.append(_found_in_sheets(book, tables, cells))
    sources.append(found_in_properties(book.properties))
    chosen = choose_settings(sources, overrides, problems)
    if "kommun" in chosen:
        for table in tables:
            _own_name_outcomes(table, chosen["kommun"].value, problems)
    header_years = [c.kind.period.year for t in tables for c in t.columns
                    if c.kind.period is not None and c.kind.period.year is not None
                    and c.kind.key != "target"]
    year = plan_year(chosen, header_years, problems)
    periods_by_table = [column_periods(table, year) for table in tables]
    all_periods: list[Period] = [p for found in periods_by_table for p in found.values()]
    if not all_periods:
        all_periods = [Period(f"Helår {year}", year, 1, 12)]
    first_year = min(p.year for p in all_periods)
    reading_notes = len(problems.notes)
    warn_copies_and_error_names(tables, problems)
    reader = KommunTableReader(book, cells, problems, year, first_year, mapping)
    for table, found in zip(tables, periods_by_table):
        reader.read(table, found, _kf_name(table), _caption_goal(table))
    all_periods += [Period(f"Helår {y}", y, 1, 12) for y in reader.earlier_years]
    periods = ordered(all_periods)
    _lowest_level_goals(reader.kf_goals, problems, reader.kf_assessed)
    settle_rules(reader.kf_goals)
    wanted = chosen["report_period"].value if "report_period" in chosen else ""
    period = report_period(periods, reader.kf_goals, wanted)
    settings = make_settings(chosen, typed, year, period)
    read_out = sorted(problems.notes[reading_notes:], key=_place_key(book))
    del problems.notes[reading_notes:]
    problems.note("Läst som kommunens egen tabell: " + "; ".join(
        f"{t.sheet.title} rad {t.first_row}" + (f"–{t.header_row}" if t.header_row != t.first_row
                                                else "")
        + f" ({len(t.columns)} kolumner)" for t in tables))
    said = typed.get("error_values")
    settings_notes(chosen, problems, said if isinstance(said, frozenset) else frozenset())
    if mapping.sources:
        problems.note(f"Kommunens rader ur {', '.join(mapping.sources)}: "
                      f"{len(mapping.columns)} om kolumner, {len(mapping.statuses)} om status")
    problems.note("Perioder: " + ", ".join(
        f"{p.name}{_period_source(p.name, tables, periods_by_table)}" for p in periods))
    if read_out:
        problems.note("Ur texterna (rätta i arbetsboken om något är fel):")
        problems.notes.extend("  " + line for line in read_out)
    _column_notes(tables, problems)
    _guessed_columns(tables, problems)
    if reader.groupings:
        problems.note("Gruppering ovanför KF ÖG mål (visas inte i rapporterna): "
                      + ", ".join(reader.groupings))
    if reader.colour_notes:
        problems.note("Status ur cellens färg: " + ", ".join(reader.colour_notes))
    if reader.mark_notes:
        problems.note("Status ur kryss under statusens namn: " + ", ".join(reader.mark_notes))
    extra = [u for t in tables for u in t.unknown]
    if extra:
        problems.warn("okända kolumner läses inte: " + ", ".join(extra) + ".")
    _goal_hints(tables, problems)
    plan = Plan(settings, periods, reader.kf_goals, source_file=path, extra_columns=extra)
    reader.own.check(plan, problems)
    return plan


def _period_source(name: str, tables: list[Table],
                   periods_by_table: list[dict[int, Period]]) -> str:
    """Where a period came from: the first header that names it."""
    for table, found in zip(tables, periods_by_table):
        for column in table.columns:
            period = found.get(column.col)
            if period is not None and period.name == name and column.header:
                header = " ".join(column.header.split())
                return f' (ur {table.sheet.title}!{column.coordinate} "{header}")'
    return ""


def _place_key(book: Book) -> Any:
    """Notes "Blad1!E4: ..." in sheet order, then by row, then by column."""
    order = {title: i for i, title in enumerate(book.sheets)}

    def key(note: str) -> tuple[int, int, int, str]:
        match = re.match(r"^(.*)!([A-Z]+)(\d+):", note)
        if not match:
            return (len(order), 0, 0, note)
        letters = match.group(2)
        col = 0
        for letter in letters:
            col = col * 26 + ord(letter) - 64
        return (order.get(match.group(1), len(order)), int(match.group(3)), col, note)
    return key


def _goal_hints(tables: list[Table], problems: Problems) -> None:
    """Each skipped column with the line that would read it: numbers as outcomes (a warning);
    sentences beside a table without a goal column as its goals (a warning: each row would
    otherwise be read as a goal of its own, and a wrong count is worse than a question); any
    other column, unless its header says it is a note of the kommun's own, as a note."""
    hinted: set[tuple[str, int]] = set()
    for table in tables:
        for column in table.unknown_columns:
            if holds_numbers(table.sheet, table.header_row, column.col, least=2):
                hinted.add((table.sheet.title, column.col))
                line = mapping_line(column.label, "Utfall")
                problems.warn(f'kolumnen "{short(column.label, 40)}" har tal men läses inte. '
                              f'Är det utfall, skriv raden "{line}" (eller Målvärde, Jämförelse) '
                              f"{WHERE_TO_WRITE}.", table.sheet.title, column.coordinate)
        if table.first("ks_goal") is not None or table.first("kf_goal") is not None:
            continue
        for column in table.unknown_columns:
            if holds_sentences(table.sheet, table.header_row, column.col):
                hinted.add((table.sheet.title, column.col))
                line = mapping_line(column.label, "KS mål")
                problems.warn(f'kolumnen "{short(column.label, 40)}" läses inte, och tabellen '
                              f"har ingen kolumn med mål: varje mätt rad blir ett eget mål. "
                              f'Står målen i den kolumnen: skriv raden "{line}" '
                              f"{WHERE_TO_WRITE}.", table.sheet.title, column.coordinate)
    others = [(t, c) for t in tables for c in t.unknown_columns
              if (t.sheet.title, c.col) not in hinted
              and not schema.NOTE_HEADER.search(c.header)]
    if others:
        problems.note(f"Kolumner som inte läses (läs en med en rad {WHERE_TO_WRITE}):")
        problems.notes.extend(
            f'  {t.sheet.title}!{c.coordinate} "{c.label}": t.ex. raden '
            f'"{mapping_line(c.label, "Kommentar")}"' for t, c in others)


def _guessed_columns(tables: list[Table], problems: Problems) -> None:
    """Columns read from their words, their contents or the kommun's lines, one line each
    with the line that changes it."""
    lines = []
    for table in tables:
        for column in table.columns:
            how = {"ord": "efter orden", "innehåll": "efter innehållet",
                   "målvärden": "efter innehållet",
                   "rad": "efter kommunens rad"}.get(column.kind.by)
            if how is None:
                continue
            left = column.header or f"Kolumn {column_letter(column.col)}"
            name = schema.COLUMN_NAMES.get(column.kind.key, column.kind.key)
            shown = f'"{column.header}"' if column.header else "(utan rubrik)"
            lines.append(f"  {table.sheet.title}!{column.coordinate} {shown}: {name} ({how}; "
                         f'raden "{mapping_line(left, name)}")')
    if lines:
        problems.note(f"Kolumner lästa efter sina ord eller sitt innehåll (ändra med en rad "
                      f"{WHERE_TO_WRITE}):")
        problems.notes.extend(lines)


def _column_notes(tables: list[Table], problems: Problems) -> None:
    comparison = [f'{t.sheet.title}!{c.coordinate} "{c.header}"' for t in tables
                  for c in t.columns if c.kind.kind == "comparison"]
    if comparison:
        problems.note("Jämförelsekolumner (läses inte som utfall): " + ", ".join(comparison))
    hidden = sorted({f"{t.sheet.title} rad {r}" for t in tables for r in t.sheet.hidden_rows
                     if t.header_row < r < t.end_row and r in t.sheet.grid})
    if hidden:
        problems.note("Dolda rader som lästes: " + ", ".join(hidden))
