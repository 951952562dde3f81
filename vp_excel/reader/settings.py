"""The plan's settings: read from an Inställningar sheet, or found where the workbook already
says them (a title such as "Verksamhetsplan 2025 för kommunledningskontoret", a "Kommun:" label
cell, the file's properties). An Inställningar sheet wins over what is found; the command
line's --kommun, --verksamhet and --ar win over both. Where each came from is noted for check."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import schema
from ..errors import InvalidWorkbookContent
from ..schema import normalize_header
from .cells import ERROR_VALUES, CellReader, int_or_none
from .grid import Sheet
from .problems import Problems, short, uncached_message


@dataclass
class Found:
    """A setting's value and where it was read, e.g. ("Norsjö kommun", "Blad1!A1")."""

    value: str
    where: str


@dataclass
class Overrides:
    """Settings given on the command line; they win over the workbook."""

    kommun: str | None = None
    verksamhet: str | None = None
    year: int | None = None


def read_settings_sheet(sheet: Sheet, cells: CellReader, problems: Problems,
                        strict: bool) -> tuple[dict[str, Found], dict[str, object]]:
    """Every setting the sheet holds (label in column A, value in B) and the typed ones (year,
    date, shares; "error_values": the keys refused as an error value such as #N/A, already
    said). `strict` (the arbetsbok) makes År and Rapportperiod required."""
    lookup = schema.setting_lookup()
    rows: dict[str, int] = {}
    for r in sheet.row_numbers:
        setting = lookup.get(normalize_header(sheet.value(r, 1)))
        if setting and setting.key not in rows:
            rows[setting.key] = r
    title = sheet.title

    def coord(key: str) -> str:
        return sheet.cell(rows[key], 2).coordinate if key in rows else ""

    def text(key: str) -> str:
        return cells.text(sheet, rows[key], 2) if key in rows else ""

    erred: set[str] = set()  # said once, as an error value, never also as empty
    for key in list(rows):
        if text(key).upper() in ERROR_VALUES:
            # A broken formula's error value is no kommun, verksamhet or period: used as one
            # it named every report and the roll-up's verksamhet "#N/A".
            label = next(s.label for s in schema.SETTINGS if s.key == key)
            message = (f'inställningen "{label}" är felvärdet {text(key)} (en formel som inte '
                       "fungerar); rätta formeln eller skriv in värdet.")
            if strict and any(s.required for s in schema.SETTINGS if s.key == key):
                raise InvalidWorkbookContent(message, problems.where(title, coord(key)))
            problems.error(message, title, coord(key))
            erred.add(key)
            del rows[key]
    found = {key: Found(text(key), f"{title}!{coord(key)}") for key in rows if text(key)}
    typed: dict[str, object] = {"error_values": frozenset(erred)}
    if strict:
        for setting in schema.SETTINGS:
            if setting.required and not text(setting.key):
                if setting.key in rows and sheet.is_uncached(rows[setting.key], 2):
                    raise InvalidWorkbookContent(uncached_message(title, coord(setting.key)),
                                                 problems.where(title, coord(setting.key)))
                raise InvalidWorkbookContent(
                    f'inställningen "{setting.label}" saknas eller är tom. Skriv den i kolumn A '
                    "och värdet i kolumn B.", problems.where(title, coord(setting.key)))
        for key, label in (("kommun", "Kommun"), ("verksamhet", "Verksamhet")):
            if not text(key) and key not in erred:
                problems.warn(f'inställningen "{label}" är tom; fyll i den så att rapporterna '
                              "får rätt rubrik.", title, coord(key))
    if text("year") or strict:
        year = int_or_none(text("year"))
        if year is None or not schema.YEAR_RANGE[0] <= year <= schema.YEAR_RANGE[1]:
            raise InvalidWorkbookContent(
                f'året "{short(text("year"), 30)}" är inte ett rimligt årtal (skriv t.ex. 2025).',
                problems.where(title, coord("year")))
        typed["year"] = year
    raw_date = sheet.cell(rows["report_date"], 2).value if "report_date" in rows else None
    if isinstance(raw_date, dt.datetime):
        typed["report_date"] = raw_date.date()
    elif isinstance(raw_date, dt.date):
        typed["report_date"] = raw_date
    elif text("report_date"):
        try:
            typed["report_date"] = dt.date.fromisoformat(text("report_date"))
        except ValueError:
            problems.error(f'rapportdatumet "{short(text("report_date"), 30)}" är inget datum; '
                           "skriv ÅÅÅÅ-MM-DD.", title, coord("report_date"))
    for key, label in (("default_yellow_band", "gul gräns (standard)"),
                       ("combined_green_share", "sammanvägning grön"),
                       ("combined_yellow_share", "sammanvägning gul")):
        if key not in rows:
            continue
        number, _unit = cells.value(sheet, rows[key], 2, label, allow_yes_no=False)
        if number is not None and not 0 <= number <= 1:
            problems.error(f"{label} ska vara en andel mellan 0% och 100%.", title, coord(key))
        elif number is not None:
            typed[key] = float(number)
    return found, typed


# --- found in the workbook's own words -------------------------------------------------------

_PLAN_WORDS = (r"verksamhetsplan|nämndplan|styrelseplan|mål- och resultatplan|"
               r"mål och resultatplan|målplan|internbudget|budget|årsredovisning|delårsrapport|"
               r"delårsbokslut|verksamhetsberättelse|uppföljning|plan")
# A period number may stand between the plan word and the year ("Delårsrapport 2 2025",
# "uppföljning tertial 2 2025").
_TITLE_YEAR = re.compile(rf"\b(?:{_PLAN_WORDS})\b[^0-9]{{0,40}}?(?:[1-4]\s+)?((?:19|20)\d\d)\b",
                         re.IGNORECASE)
# Titles that name the nämnd or the report and then the year ("Personalnämnden 2025",
# "Servicecenter kvartalsuppföljning 2025", "Folkhälsorådet 2025", "Kommunstyrelsen delår 2
# 2025"), compounds included; only where the text states no goal ("ska … 2030").
_REPORT_WORDS = (r"\w*(?:nämnd\w*|styrelse\w*|rådet|styrkort\w*|rapport\w*|uppföljning\w*|"
                 r"delår\w*|tertial\w*|kvartal\w*|bokslut\w*|nyckeltal\w*|förvaltning\w*|"
                 r"plan)")
_REPORT_YEAR = re.compile(rf"\b{_REPORT_WORDS}\b[^0-9]{{0,40}}?(?:[1-4]\s+)?"
                          r"((?:19|20)\d\d)\b(?!\s*[-–—/]\s*\d)", re.IGNORECASE)
_STATES_A_GOAL = re.compile(rf"\b(?:{'|'.join(schema.GOAL_VERBS)})\b", re.IGNORECASE)
_FOR_WHOM = re.compile(r"\bför\s+(?:(?:19|20)\d\d\s+)?([a-zåäöéü][\wåäöéü\s,&-]{2,80}?)\s*$",
                       re.IGNORECASE)
_DASH_WHOM = re.compile(r"\s[–—-]\s+([A-ZÅÄÖ][\wåäöéü\s,&-]{2,80}?)\s*$")
_KOMMUN = re.compile(r"\b([A-ZÅÄÖ][a-zåäöéü]+(?:[- ][A-ZÅÄÖ][a-zåäöéü]+)?) (kommun|stad)\b")
_LABEL = re.compile(r"^\s*(kommun|kommunnamn|verksamhet|förvaltning|nämnd|år|verksamhetsår|"
                    r"planår|kommunkod)\s*:\s*(.*)$", re.IGNORECASE)
_LABEL_KEYS = {"kommun": "kommun", "kommunnamn": "kommun", "verksamhet": "verksamhet",
               "förvaltning": "verksamhet", "nämnd": "verksamhet", "år": "year",
               "verksamhetsår": "year", "planår": "year", "kommunkod": "kommunkod"}


def found_in_text(text: str, where: str) -> dict[str, Found]:
    """Kommun, verksamhet and year that a title or label says."""
    found: dict[str, Found] = {}
    one_line = " ".join(text.split())
    label = _LABEL.match(one_line)
    if label and label.group(2).strip():
        found[_LABEL_KEYS[label.group(1).lower()]] = Found(label.group(2).strip(), where)
        return found
    year = _TITLE_YEAR.search(one_line) or (
        None if _STATES_A_GOAL.search(one_line) else _REPORT_YEAR.search(one_line))
    if year:
        found["year"] = Found(year.group(1), where)
        rest = one_line[year.end():]
        whom = _FOR_WHOM.search(rest) or _DASH_WHOM.search(rest)
        if whom:
            name = _KOMMUN.sub("", whom.group(1)).strip(" ,-–")
            if name:
                found["verksamhet"] = Found(name[:1].upper() + name[1:], where)
    kommun = _KOMMUN.search(one_line)
    if kommun:
        found["kommun"] = Found(kommun.group(0), where)
    return found


def labels_beside(sheet: Sheet, row: int, col: int, cells: CellReader) -> dict[str, Found]:
    """A label cell such as "Kommun:" with its value in the next cell to the right."""
    text = cells.text(sheet, row, col)
    label = _LABEL.match(text)
    if not label or label.group(2).strip():
        return {}
    for right in range(col + 1, col + 4):
        value = cells.text(sheet, row, right)
        if value:
            return {_LABEL_KEYS[label.group(1).lower()]:
                    Found(value, f"{sheet.title}!{sheet.cell(row, right).coordinate}")}
    return {}


def found_in_properties(properties: dict[str, str]) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for key, label in (("title", "Rubrik"), ("subject", "Ämne"), ("description", "Beskrivning")):
        text = properties.get(key, "")
        if text:
            for name, value in found_in_text(text, f"filens egenskaper, {label}").items():
                found.setdefault(name, value)
    return found
