"""Reading a cell by its column's kind: one parser per kind in `schema.KINDS`, the same for every
layout, so a column added to schema.py with a known kind is read without a change to the reader.
A parser gives what the cell says: words, a list of items, a number with its unit, a target with
its direction, a status, one of the column's choices."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import schema
from ..model import Value
from ..swedish import format_value
from ..text import split_bullets
from .cells import ERROR_VALUES, CellReader, bound_from_format, error_text_message, int_or_none
from .classify import (
    COMMENT_AFTER,
    direction_in_name,
    scale_status,
    status_and_comment,
    status_in_first_clause,
    status_word,
    withdrawn_word,
)
from .colours import fill_rgb, status_of_rgb
from .grid import Sheet
from .inline import (
    benchmark_in_words,
    benchmark_target,
    is_no_value,
    read_outcome_text,
    read_target,
)
from .mapping import WHERE_TO_WRITE, KommunMapping
from .problems import Problems, Unheard, short
from .status import NO_MAPPING, read_status


@dataclass
class Cell:
    """What a cell says, read by its column's kind; the fields the kind does not fill stay
    empty."""

    text: str = ""  # the words as written (text, list, target: as the plan shows it)
    value: Value = None  # number, target, outcome, comparison
    unit: str = ""
    rule: str = ""  # the direction a target's words carry ("minst 80": Högre är bättre)
    status: str = ""  # GRÖN, GUL or RÖD
    how: str = ""  # how the status was read: "ord" or "färg"
    choice: str = ""  # one of the column's choices
    items: list[str] = field(default_factory=list)  # list: one per line; text: the text
    compared_year: int | None = None  # a target's year to compare with ("jämfört med 2024")
    year: int | None = None  # an outcome's own year ("62 (2024)") or a target's ("70 (2027)")


@dataclass(frozen=True)
class Ask:
    """How a cell is asked for: its name in messages and what it is read against."""

    what: str = ""
    unit: str = ""  # the measure's unit: "3,69" in a goal measured in % is 3,69 %
    choices: tuple[str, ...] = ()
    yes_no: bool = False  # a status column whose header says Ja/Nej reads Ja as GRÖN
    colours: bool = True  # a status may be only the cell's colour
    allow_yes_no: bool = True  # a number may be Ja/Nej
    name: str = ""  # the measure's name, whose words may say its direction ("Färre olyckor")
    scale: int = 0  # a status column of numbers: the top of its scale ("Bedömning 1-5")
    beside: tuple[str, ...] = ()  # the row's comparison columns ("Riket"), by their headers
    header_row: int = 0  # a status column's header: its fill under it paints the table


PLAIN = Ask()  # a cell asked for with no name and nothing to read it against

class KindReader:
    """Reads cells by kind, recording problems through `cells`; `quiet` reads without a word,
    for values that are kept but never judged."""

    def __init__(self, cells: CellReader, theme: list[str], quiet: bool = False,
                 mapping: KommunMapping = NO_MAPPING):
        self.cells = cells
        self.theme = theme
        self.mapping = mapping  # the kommun's own status words
        self._quiet: KindReader | None = self if quiet else None

    def read(self, kind: str, sheet: Sheet, r: int, col: int | None,
             ask: Ask = PLAIN) -> Cell:
        return PARSERS[kind](self, sheet, r, col, ask)

    @property
    def quiet(self) -> KindReader:
        if self._quiet is None:
            # Its problems go nowhere (once a list that grew with every compared value).
            scratch = CellReader(Unheard(self.cells.problems.path))
            self._quiet = KindReader(scratch, self.theme, quiet=True)
        return self._quiet


Parser = Callable[[KindReader, Sheet, int, int | None, Ask], Cell]


def note_reading(problems: Problems, sheet: Sheet, r: int, col: int | None, what: str,
                 source: str) -> None:
    """Say what was read out of a text, so staff can correct it."""
    where = f"{sheet.title}!{sheet.cell(r, col).coordinate}" if col else sheet.title
    problems.note(f"{where}: {what} (ur \"{source}\")")


# --- the parsers --------------------------------------------------------------------------


def read_text(reader: KindReader, sheet: Sheet, r: int, col: int | None, ask: Ask) -> Cell:
    text = _text_or_error(reader, sheet, r, col, ask)
    return Cell(text, items=[text] if text else [])


def read_list(reader: KindReader, sheet: Sheet, r: int, col: int | None, ask: Ask) -> Cell:
    text = _text_or_error(reader, sheet, r, col, ask)
    return Cell(text, items=split_bullets(text))


def _text_or_error(reader: KindReader, sheet: Sheet, r: int, col: int | None,
                   ask: Ask) -> str:
    """A text cell's text; an error value (#N/A from a broken formula) is no text: as a
    source, Kolada-id or unit it was shown and used as if typed. Said with the cell."""
    text = reader.cells.text(sheet, r, col)
    if text[:1] == "#" and text.upper() in ERROR_VALUES:
        if reader._quiet is not reader:
            reader.cells.problems.warn(error_text_message(ask.what or "cellen", text),
                                       sheet.title, sheet.cell(r, col).coordinate if col else "")
        return ""
    return text


def read_number(reader: KindReader, sheet: Sheet, r: int, col: int | None, ask: Ask) -> Cell:
    value, unit = reader.cells.value(sheet, r, col, ask.what, ask.unit, ask.allow_yes_no)
    return Cell(value=value, unit=unit)


def read_target_cell(reader: KindReader, sheet: Sheet, r: int, col: int | None,
                     ask: Ask) -> Cell:
    """A målvärde or styrgräns as written, its rule when the words say it ("≥ 90 %", "minst
    80", "Ökar"), and the target as the plan shows it."""
    if col is None:
        return Cell()
    cells = reader.cells
    raw = sheet.value(r, col)
    text = cells.text(sheet, r, col)
    if not text:
        return Cell()
    coordinate = sheet.cell(r, col).coordinate
    if isinstance(raw, str):
        if is_no_value(text):
            return Cell(text)
        reading = read_target(text)
        if reading.deadline is not None:
            # A year the goal is to be met by is no value to judge against: the words are
            # shown as written and the status is the kommun's own, or none.
            note_reading(cells.problems, sheet, r, col,
                         f"{ask.what} är årtalet {reading.deadline} då målet ska vara nått, "
                         "inget tal; ingen status räknas ur det", text)
            return Cell(text)
        if reading.value is None and not reading.rule and benchmark_target(text,
                                                                           list(ask.beside)):
            return Cell(text)  # "Högre än riket" beside Riket: that value (layouts/kommun.py)
        if reading.value is None and not reading.rule and benchmark_in_words(text.lower()):
            # "Högre än riket": the words are shown as written; the benchmark's value is not
            # in the plan, so no status is computed from them, and check says so.
            cells.problems.warn(f'{ask.what} "{text}" jämför med andra än kommunen själv och '
                                "är inget tal; ingen status räknas ur det. Skriv målvärdet som "
                                "ett tal (jämförelsens värde) eller bedöm målet i en "
                                "statuskolumn.", sheet.title, coordinate)
            return Cell(text)
        if schema.CHANGE_IN_POINTS_TARGET.match(" ".join(text.split())):
            # "Minska med 1 procentenhet": a change from a level the cell does not give;
            # shown as written and said, never refused (it stopped the whole build).
            cells.problems.warn(f'{ask.what} "{text}" är en förändring i procentenheter från '
                                "en nivå som inte står i cellen; ingen status räknas ur det. "
                                "Skriv nivån som ett tal (t.ex. Högst 14 %) eller bedöm målet "
                                "i en statuskolumn.", sheet.title, coordinate)
            return Cell(text)
        if reading.value is None and not reading.rule and len(text.split()) <= 6 and \
                schema.KEEP_LEVEL_TARGET.match(" ".join(text.lower().split())):
            # "Bibehålla": the level to keep is last year's, which the table may not hold;
            # shown as written and said, never refused (it stopped the whole build).
            cells.problems.warn(f'{ask.what} "{text}" säger att nivån ska behållas och är '
                                "inget tal; ingen status räknas ur det. Skriv nivån som ett tal "
                                "(t.ex. Minst 42 %) eller bedöm målet i en statuskolumn.",
                                sheet.title, coordinate)
            return Cell(text)
        if reading.value is None and not reading.rule and reading.doubt:
            # A sentence whose målvärde cannot be told for sure: shown as written, no
            # status computed, and said with the cell instead of guessed.
            cells.problems.warn(f"{ask.what}: {reading.doubt}.", sheet.title, coordinate)
            return Cell(text)
        better = _IMPROVE.match(" ".join(text.lower().split()).rstrip("."))
        if reading.value is None and not reading.rule and better:
            # "Förbättring", "Bättre än 2023": the measure is to improve, the way its name
            # says is better (else higher), said with the cell; it was an error.
            named, word = direction_in_name(ask.name)
            rule = schema.DECREASES if named == schema.LOWER else schema.INCREASES
            year = int(better.group("year")) if better.group("year") else None
            why = (f'antagen av ordet "{word}" i namnet' if word else "antagen: högre är bättre")
            against = f" jämfört med {year}" if year else ""
            note_reading(cells.problems, sheet, r, col,
                         f"målvärde {rule}{against} (förbättring; {why})", text)
            return Cell(text, None, "", rule, compared_year=year)
        if reading.value is None and not reading.rule:
            value, unit = cells.value(sheet, r, col, ask.what)  # its own message for bad text
            return Cell(text, value, unit)
        if reading.doubt:
            cells.problems.warn(f"{ask.what}: {reading.doubt}.", sheet.title, coordinate)
        named, word = ("", "") if reading.rule else direction_in_name(ask.name)
        rule = reading.rule or named or schema.HIGHER
        shown = format_value(reading.value, reading.unit)
        assumed = "" if reading.rule else (f' (antagen av ordet "{word}" i namnet)' if word
                                           else " (antagen)")
        against = f" jämfört med {reading.compared_year}" if reading.compared_year else ""
        # "70 (2027)": the year the målvärde is to be reached by, said beside the value.
        by = f" att nå {reading.year}" if reading.year else ""
        note_reading(cells.problems, sheet, r, col,
                     f"målvärde {shown + by + ', ' if shown else ''}{rule}{assumed}{against}",
                     text)
        return Cell(text, reading.value, reading.unit, reading.rule or named,
                    compared_year=reading.compared_year, year=reading.year)
    value, unit = cells.value(sheet, r, col, ask.what)
    bound = bound_from_format(sheet.cell(r, col).number_format)
    rule = schema.YES_NO if isinstance(value, bool) else (
        schema.LOWER if bound == "max" else "")
    if not rule and value is not None and ask.name:
        rule, word = direction_in_name(ask.name)
        if rule:
            note_reading(cells.problems, sheet, r, col,
                         f'målvärde {format_value(value, unit)}, {rule} (antagen av ordet '
                         f'"{word}" i namnet)', ask.name)
    return Cell(f"{bound} {format_value(value, unit)}".strip(), value, unit, rule)


def read_outcome(reader: KindReader, sheet: Sheet, r: int, col: int | None, ask: Ask) -> Cell:
    """An outcome as written: footnotes and symbols are not the value, "-" and "Statistik
    saknas" are no value, a number without unit takes the measure's (36 against 42 %)."""
    if col is None:
        return Cell()
    cells = reader.cells
    raw = sheet.value(r, col)
    if isinstance(raw, str):
        reading = read_outcome_text(raw)
        if reading.doubt == "no number":
            return read_number(reader, sheet, r, col, ask)
        if reading.doubt:
            cells.problems.warn(f"{ask.what}: {reading.doubt}.", sheet.title,
                                sheet.cell(r, col).coordinate)
        value = reading.value
        if ask.unit == "%" and not reading.unit and isinstance(value, float):
            return Cell(value=value / 100 if abs(value) > 1 else value, unit="%",
                        year=reading.year)
        return Cell(value=value, unit=reading.unit, year=reading.year)
    if ask.unit == "%" and isinstance(raw, (int, float)) and not isinstance(raw, bool) \
            and abs(raw) > 1 and "%" not in sheet.cell(r, col).number_format:
        return Cell(value=float(raw) / 100, unit="%")
    return read_number(reader, sheet, r, col, ask)


def read_comparison(reader: KindReader, sheet: Sheet, r: int, col: int | None,
                    ask: Ask) -> Cell:
    """A value to compare with (Riket, Medel): read as an outcome is, without a word about
    it, since it is kept beside the measure and never judged."""
    return read_outcome(reader.quiet, sheet, r, col, ask)


def read_status_cell(reader: KindReader, sheet: Sheet, r: int, col: int | None,
                     ask: Ask) -> Cell:
    if ask.scale and col is not None:
        step = sheet.value(r, col)
        status = (scale_status(int_or_none(step) if isinstance(step, str) else step, ask.scale)
                  if reader.mapping.status(str(step)) is None else None)
        if status is not None:  # the kommun's own line for a step wins, as for a word
            reader.cells.problems.note_once(
                f"scale {sheet.title} {col} {step}",
                f"{sheet.title}!{sheet.cell(r, col).coordinate}: {step} på skalan 1–{ask.scale} "
                f'läst som {status} (högst är bäst; en annan status: raden "{step} = '
                f'{schema.GREEN if status != schema.GREEN else schema.RED}" {WHERE_TO_WRITE})')
            return Cell(status=status, how="ord")
    text = reader.cells.text(sheet, r, col) if col is not None else ""
    withdrawn = withdrawn_word(text) if text and reader.mapping.status(text) is None else ""
    if withdrawn and col is not None:  # "Utgår": no judgement at all, least of all RÖD
        reader.cells.problems.warn(
            f'"{short(withdrawn)}": målet utgår och bedöms inte för perioden (räknas som ej '
            "bedömt, inte som RÖD).", sheet.title, sheet.cell(r, col).coordinate)
        return Cell(how=WITHDRAWN, text=withdrawn)
    split = status_and_comment(text, ask.yes_no) if text else None
    if split is not None and reader.mapping.status(text) is None:
        return Cell(status=split[0], how="ord", text=split[1])  # "Grön – bra utveckling"
    background = (fill_rgb(sheet.fill(ask.header_row, col), reader.theme)
                  if ask.header_row and col is not None else None)
    if col is not None and _is_sentence(text) and reader.mapping.status(text) is None:
        return _status_in_sentence(reader, sheet, r, col, ask, text, background)
    if col is not None and text.strip() in _ARROWS and reader.mapping.status(text) is None:
        return _arrow_status(reader, sheet, r, col, ask, text.strip(), background)
    status, how = read_status(sheet, r, col, reader.cells, reader.theme, ask.what, ask.yes_no,
                              ask.colours, reader.mapping, background)
    return Cell(status=status, how=how)


# A målvärde that says only that the measure is to improve ("Förbättring", "Ska förbättras",
# "Bättre än 2023", "Bättre än föregående år").
_IMPROVE = re.compile(r"^(?:ska\s+)?(?:bli\s+)?(?:förbättr\w*|bättre|positiv utveckling)"
                      r"(?:\s+(?:än|jämfört med|mot)\s+(?:(?P<year>(?:19|20)\d\d)|"
                      r"föregående år|fjolåret|förra året|fg år))?$")
# An arrow in a status cell ("↑" under Måluppfyllelse): which way the value went, no status.
_ARROWS = set(schema.TREND_ARROWS) | {"↓", "→", "↘", "⬇", "➡", "▼", "⇩", "⇨", "↔"}
def _arrow_status(reader: KindReader, sheet: Sheet, r: int, col: int, ask: Ask, arrow: str,
                  background: str | None) -> Cell:
    """An arrow where a status belongs (Malmö's "pilar som signalerar graden av
    måluppfyllelse"): its colour is the status when it has one; the arrow itself says which way
    the value went, kept as the kommun's trend, and is no status (it was an error that stopped
    the build). Said with the cell."""
    rgb = fill_rgb(sheet.fill(r, col), reader.theme)
    status = status_of_rgb(rgb) if rgb is not None and rgb != background else None
    coordinate = sheet.cell(r, col).coordinate
    if status is not None:
        note_reading(reader.cells.problems, sheet, r, col,
                     f"status {status} ur pilens färg, pilen som kommunens trend", arrow)
        return Cell(status=status, how=ARROW, text=arrow)
    reader.cells.problems.warn(
        f'{ask.what}: "{arrow}" är en pil, som säger åt vilket håll värdet gick, inte om målet '
        "nås; den visas som kommunens trend och ingen status läses ur den. Är pilen en status: "
        f'skriv raden "{arrow} = GRÖN" (eller GUL, RÖD) {WHERE_TO_WRITE}.', sheet.title,
        coordinate)
    return Cell(text=arrow, how=ARROW)


ARROW = "pil"  # Cell.how of a status cell that holds an arrow: the kommun's trend


def _is_sentence(text: str) -> bool:
    """A paragraph in a status cell (eight words or more) that is no status as a whole."""
    return len(text.split()) >= 8 and status_word(text) is None and \
        status_and_comment(text) is None


def _status_in_sentence(reader: KindReader, sheet: Sheet, r: int, col: int, ask: Ask,
                        text: str, background: str | None) -> Cell:
    """A sentence where a status word belongs (a status column whose other cells are
    statuses): the status its first clause says ("Målet är delvis uppfyllt eftersom …"), else
    the cell's colour, else none; the sentence is kept as the motivation. Said with the cell,
    never an error that stops the build."""
    coordinate = sheet.cell(r, col).coordinate
    status = status_in_first_clause(text, ask.yes_no)
    how = "ord"
    if status is None:
        rgb = fill_rgb(sheet.fill(r, col), reader.theme)
        status = status_of_rgb(rgb) if rgb is not None and rgb != background else None
        how = "färg"
    if status is None:
        reader.cells.problems.warn(
            f'{ask.what}: "{short(text)}" är en mening utan status; den visas som motivering '
            "och ingen status läses ur den. Skriv statusen (t.ex. GRÖN, GUL, RÖD) i cellen och "
            "motiveringen i en kommentarskolumn.", sheet.title, coordinate)
        return Cell(text=text, how="mening")
    note_reading(reader.cells.problems, sheet, r, col,
                 f"status {status} ur meningens början" if how == "ord"
                 else f"status {status} ur cellens färg, meningen som motivering", short(text))
    return Cell(status=status, how="ord" if how == "ord" else "färg", text=text)


_COMMENT_AFTER = COMMENT_AFTER
WITHDRAWN = "utgår"  # Cell.how of a status cell that says the goal was withdrawn


def read_prognosis(reader: KindReader, sheet: Sheet, r: int, col: int | None,
                   ask: Ask) -> Cell:
    """A prognosis for the full year: its status word first (or the cell's colour), then an
    optional comment ("GUL – kostnaderna för inhyrd personal ökar"); the comment in `text`."""
    if col is None:
        return Cell()
    text = reader.cells.text(sheet, r, col)
    # "Delvis uppfyllt: hösten avgör", "GUL – …": the status before the first separator. A
    # phrase is read by its grammar, so the head is cut at the separator, not word by word.
    parts = _COMMENT_AFTER.split(text, maxsplit=1)
    if len(parts) == 2 and parts[1].strip() and (head := status_word(parts[0])) is not None:
        return Cell(status=head, how="ord", text=parts[1].strip())
    # "GUL kostnaderna ökar": a status word of the vocabulary, then the comment.
    words = text.split()
    for count in range(min(3, len(words) - 1), 0, -1):
        head_words = " ".join(words[:count]).lower()
        vocabulary = schema.STATUS_WORDS.get(head_words) or schema.STATUS_SYNONYMS.get(head_words)
        if vocabulary:
            return Cell(status=vocabulary, how="ord", text=" ".join(words[count:]))
    forecast = read_outcome(reader.quiet, sheet, r, col, ask)
    if forecast.value is not None and not isinstance(forecast.value, bool):
        # "58", "88 %": the forecast value for the full year, judged as an outcome is (by
        # the reader, against the row's målvärde); it was refused as an unknown status.
        return Cell(text=text, value=forecast.value, unit=forecast.unit)
    status, how = read_status(sheet, r, col, reader.cells, reader.theme, ask.what,
                              colours=ask.colours)
    return Cell(status=status, how=how)


def read_choice(reader: KindReader, sheet: Sheet, r: int, col: int | None, ask: Ask) -> Cell:
    """One of the column's choices, a synonym of one (`schema.VALUE_SYNONYMS`) or nothing."""
    return Cell(choice=reader.cells.choice(sheet, r, col, schema.VALUE_SYNONYMS, ask.choices,
                                           ask.what))


def read_nothing(reader: KindReader, sheet: Sheet, r: int, col: int | None, ask: Ask) -> Cell:
    """A column vp-excel writes (a formula): never read."""
    return Cell()


PARSERS: dict[str, Parser] = {
    "text": read_text,
    "suggestion": read_text,
    "id": read_text,
    "list": read_list,
    "number": read_number,
    "target": read_target_cell,
    "outcome": read_outcome,
    "comparison": read_comparison,
    "status": read_status_cell,
    "prognosis": read_prognosis,
    "choice": read_choice,
    "rule": read_choice,
    "direction": read_choice,
    "computed": read_nothing,
}
