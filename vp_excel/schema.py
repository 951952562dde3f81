"""The arbetsbok format, described once: sheets, columns with their synonyms, allowed values.

The reader finds columns through this module, `init` and the report writer lay sheets out
from it, and the instructions sheet is written from its help texts. Change the format here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import BULLETS as BULLETS  # part of the format; defined where lists are split
from .text import header_key

# --- sheets -----------------------------------------------------------------------------

INSTRUCTIONS_SHEET = "Instruktioner"
SETTINGS_SHEET = "Inställningar"
PERIODS_SHEET = "Perioder"
GOALS_SHEET = "Mål"
ACTIVITIES_SHEET = "Aktiviteter"
TEXTS_SHEET = "Texter"
SUMMARY_SHEET = "Sammanställning"  # written in reports only; ignored when read

REQUIRED_SHEETS = (SETTINGS_SHEET, PERIODS_SHEET, GOALS_SHEET)
SHEET_SYNONYMS: dict[str, tuple[str, ...]] = {
    SETTINGS_SHEET: ("Inställningar", "Installningar", "Inställning", "Settings"),
    PERIODS_SHEET: ("Perioder", "Period"),
    GOALS_SHEET: ("Mål", "Mal", "Målsheet", "Plan", "Verksamhetsplan"),
    ACTIVITIES_SHEET: ("Aktiviteter", "Aktivitet"),
    TEXTS_SHEET: ("Texter", "Text", "Rapporttexter"),
}

# --- allowed values ---------------------------------------------------------------------

GREEN, YELLOW, RED, NOT_ASSESSED = "GRÖN", "GUL", "RÖD", "Ej bedömd"
STATUSES = (GREEN, YELLOW, RED)
STATUS_SYNONYMS: dict[str, str] = {
    "grön": GREEN, "gröna": GREEN, "gron": GREEN, "green": GREEN, "g": GREEN,
    "gul": YELLOW, "gula": YELLOW, "gult": YELLOW, "yellow": YELLOW,
    "röd": RED, "röda": RED, "rod": RED, "rött": RED, "red": RED, "r": RED,
    "grönt": GREEN,  # "Grönt" as "Gult" and "Rött" (the neuter: "läget är grönt")
}
# Status words and symbols kommuner use besides GRÖN/GUL/RÖD (lower case).
STATUS_WORDS: dict[str, str] = {
    "uppfyllt": GREEN, "uppfylld": GREEN, "uppnått": GREEN, "helt uppfyllt": GREEN,
    "målet är uppfyllt": GREEN, "målet uppfyllt": GREEN,
    "delvis uppfyllt": YELLOW, "delvis uppfylld": YELLOW, "delvis uppnått": YELLOW,
    "målet är delvis uppfyllt": YELLOW,
    "ej uppfyllt": RED, "inte uppfyllt": RED, "ej uppfylld": RED, "ej uppnått": RED,
    "inte uppnått": RED, "målet är inte uppfyllt": RED,
    # Nacka's follow-up: Bra / OK / Har brister, and kin; each read at its default alone,
    # on the kommun's scale in a table (QUALITY_WORDS).
    "bra": GREEN, "ok": YELLOW, "har brister": RED,
    "mycket bra": GREEN, "godkänt": GREEN, "godkänd": GREEN, "okej": YELLOW,
    "acceptabelt": YELLOW, "behöver förbättras": YELLOW, "behöver utvecklas": YELLOW,
    "brister": RED, "bristfälligt": RED, "bristfällig": RED, "ej godkänt": RED,
    "inte godkänt": RED, "underkänt": RED, "godtagbart": YELLOW, "godtagbar": YELLOW,
    "mindre bra": YELLOW, "inte bra": RED, "dåligt": RED, "dålig": RED,
    # Against what was expected: meeting it is met (never the middle of a scale).
    "över förväntan": GREEN, "bättre än förväntat": GREEN, "enligt förväntan": GREEN,
    "i linje med förväntan": GREEN, "som förväntat": GREEN, "enligt plan": GREEN,
    "något under förväntan": YELLOW, "delvis enligt förväntan": YELLOW,
    "delvis enligt plan": YELLOW, "under förväntan": RED, "sämre än förväntat": RED,
    "inte enligt plan": RED, "ej enligt plan": RED,
    "ej ok": RED, "inte ok": RED, "ej okej": RED, "inte okej": RED, "ej bra": RED,
}
# The quality words above by rank, higher better: their status is the kommun's scale, the best
# word a table's status cells use GRÖN, the worst RÖD, any between GUL; of only two, the lower
# is GUL when it is still acceptable (rank 3 or more: "OK" under "Bra"), else RÖD.
QUALITY_WORDS: dict[str, int] = {
    "mycket bra": 5, "bra": 4, "godkänt": 3, "godkänd": 3, "ok": 3, "okej": 3,
    "acceptabelt": 3, "behöver förbättras": 2, "behöver utvecklas": 2,
    "har brister": 1, "brister": 1, "bristfälligt": 1, "bristfällig": 1, "ej godkänt": 1,
    "inte godkänt": 1, "underkänt": 1, "godtagbart": 3, "godtagbar": 3, "mindre bra": 2,
    "inte bra": 1, "dåligt": 1, "dålig": 1, "ej ok": 1,
    "inte ok": 1, "ej okej": 1, "inte okej": 1, "ej bra": 1,
}
STATUS_SYMBOLS: dict[str, str] = {
    "😊": GREEN, "🙂": GREEN, "☺": GREEN, "😀": GREEN, "🟢": GREEN, "●": GREEN, "✔": GREEN,
    "😐": YELLOW, "🟡": YELLOW, "▲": YELLOW,
    "😒": RED, "🙁": RED, "☹": RED, "😞": RED, "🔴": RED, "■": RED, "✖": RED,
    # Harvey balls beside ● (uppfyllt): half filled is partly met, empty is not met.
    "◐": YELLOW, "◑": YELLOW, "◒": YELLOW, "◓": YELLOW, "○": RED, "◯": RED,
    "✓": GREEN, "✅": GREEN, "🟩": GREEN, "⚠": YELLOW, "🟨": YELLOW, "🟠": YELLOW,
    "✗": RED, "❌": RED, "🟥": RED,
}
# Fill colours for the statuses: the plan's traffic light, light enough for black text.
STATUS_FILL = {GREEN: "#92D050", YELLOW: "#FFE699", RED: "#FF7C80", NOT_ASSESSED: "#D9D9D9"}
STATUS_SCORE = {GREEN: 3, YELLOW: 2, RED: 1}

HIGHER, LOWER, INCREASES, DECREASES, YES_NO, MANUAL = (
    "Högre är bättre", "Lägre är bättre", "Ökar", "Minskar", "Ja/Nej", "Manuell")
COMBINED = "Sammanvägning"  # a goal judged by its indicators
RULES = (HIGHER, LOWER, INCREASES, DECREASES, YES_NO, MANUAL, COMBINED)
RULE_SYNONYMS: dict[str, str] = {
    "högre är bättre": HIGHER, "högre": HIGHER, "hög": HIGHER, "minst": HIGHER, "min": HIGHER,
    "uppnå": HIGHER,
    "lägre är bättre": LOWER, "lägre": LOWER, "låg": LOWER, "max": LOWER, "högst": LOWER,
    "överskrid ej": LOWER,
    "ökar": INCREASES, "öka": INCREASES, "ökning": INCREASES, "ska öka": INCREASES,
    "minskar": DECREASES, "minska": DECREASES, "minskning": DECREASES, "ska minska": DECREASES,
    "ja/nej": YES_NO, "ja / nej": YES_NO, "janej": YES_NO, "ja-nej": YES_NO,
    "manuell": MANUAL, "manuell bedömning": MANUAL, "bedömning": MANUAL,
    "sammanvägning": COMBINED, "sammanvägd": COMBINED, "indikatorerna": COMBINED,
}
INDICATOR_DIRECTIONS = (HIGHER, LOWER, INCREASES, DECREASES, YES_NO)
# Measures where less is better, for guessing an indicator's direction when its styrgräns
# says none ("Sjukfrånvaro (6,5%)"); the guess is shown by `check` as such.
LOWER_IS_BETTER_WORDS = ("sjukfrånvaro", "frånvaro", "väntetid", "handläggningstid", "kostnad",
                         "klagomål", "olyckor", "skador", "utsläpp", "arbetslöshet", "ranking",
                         "rankning", "placering",
                         # times to wait for a service, and what is lost
                         "svarstid", "ledtid", "kötid", "insatstid", "responstid",
                         "inställelsetid", "personalomsättning", "ohälsotal", "matsvinn",
                         "växthusgas", "koldioxid")

ACTIVITY_STATUSES = ("Ej påbörjad", "Pågående", "Klar", "Utgår")
ACTIVITY_STATUS_SYNONYMS = {s.lower(): s for s in ACTIVITY_STATUSES} | {
    "ej startad": "Ej påbörjad", "ej paborjad": "Ej påbörjad", "inte påbörjad": "Ej påbörjad",
    "pagaende": "Pågående", "påbörjad": "Pågående", "pågår": "Pågående",
    "klart": "Klar", "genomförd": "Klar", "avslutad": "Klar", "klar.": "Klar",
    "utgått": "Utgår", "struken": "Utgår", "stryks": "Utgår",
}
# The synonyms of every choice column's values (no word is a synonym in two of them).
VALUE_SYNONYMS: dict[str, str] = RULE_SYNONYMS | ACTIVITY_STATUS_SYNONYMS
UNITS_SUGGESTED = ("HR", "EK", "Kansli", "IT", "Alla")  # ansvarig enhet: suggestions only
SOURCES = ("SCB", "HME", "Kolada", "KEDS", "R10", "Egen")

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")

# Sensible ranges: a value outside them is almost certainly a typing mistake.
MAX_ABS_VALUE = 1e12
YEAR_RANGE = (1990, 2100)


# --- columns ----------------------------------------------------------------------------

# What a column holds decides how its cells are read (reader/kinds.py has one parser per kind),
# so a column added here with one of these kinds is read without a change to the reader.
KINDS: dict[str, str] = {
    "text": "words as written",
    "suggestion": "words as written; the choices are only suggested",
    "id": "an identifier such as a Kolada KPI id, as written",
    "list": "one item per line or bullet",
    "number": "a number with its unit, or Ja/Nej; anything else is an error",
    "target": "a målvärde or styrgräns as written, its direction in the words (minst 80, ≥ 90 %)",
    "outcome": "an outcome as written: footnotes and symbols are not the value, - is no value",
    "comparison": "a value to compare with (Riket, Medel), kept but never judged",
    "status": "GRÖN, GUL or RÖD from a word, a symbol or the cell's colour",
    "prognosis": "a status for the full year, its word first, an optional comment after it",
    "choice": "one of the column's choices (or a synonym of one)",
    "rule": "a rule, one of RULES",
    "direction": "an indicator's direction, one of INDICATOR_DIRECTIONS",
    "computed": "written by vp-excel; never read",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its canonical header, accepted synonyms and what it holds."""

    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"  # one of KINDS
    width: float = 16
    help: str = ""
    per_period: bool = False  # the header is "<header> <period name>"
    choices: tuple[str, ...] = field(default=())

    def header_for(self, period: str | None = None) -> str:
        return f"{self.header} {period}" if self.per_period and period else self.header


GOAL_COLUMNS: tuple[Column, ...] = (
    Column("kf_goal", "KF ÖG mål", ("KF-mål", "KF mål", "KF ÖG-mål", "ÖG mål", "Övergripande mål",
           "Kommunfullmäktiges mål", "KF:s övergripande mål"), required=True, width=22,
           help="Kommunfullmäktiges övergripande mål. Får slås samman över flera rader; en tom "
                "cell betyder samma mål som raden ovanför."),
    Column("indicator", "KF indikator", ("KF-indikator", "KF indikator (styrgräns)", "Indikator",
           "KF Indikator (styrgräns)", "Indikatorer", "Nyckeltal"), width=30,
           help="Kommunfullmäktiges indikator, ordagrant som i planen."),
    Column("styrgrans", "Styrgräns", ("Styrgräns indikator", "Styrgränser", "Gränsvärde",
           "Målvärde indikator", "Indikatorns styrgräns"), kind="number", width=13,
           help='Indikatorns styrgräns med enhet, t.ex. "6,5%", "60 dagar", "max 4000 kr/inv", '
                '"79" eller "Ja".'),
    Column("direction", "Riktning", ("Riktning indikator", "Bättre är", "Indikatorns riktning"),
           kind="direction", width=15, choices=INDICATOR_DIRECTIONS,
           help="Vad som är bra för indikatorn: " + ", ".join(INDICATOR_DIRECTIONS) + ". Tom: "
                '"max" i styrgränsen ger Lägre är bättre, annars Högre är bättre.'),
    Column("source", "Källa", ("Datakälla", "Mätkälla"), kind="suggestion", width=10,
           choices=SOURCES,
           help="Var utfallet hämtas: " + ", ".join(SOURCES) + " (annan text går också)."),
    Column("kolada_id", "Kolada-id", ("KPI", "Kolada KPI", "Nyckeltal-id", "Kolada id", "KPI-id"),
           width=11, help='Nyckeltalets id i Kolada, t.ex. "N00090". Med vp-excel build --kolada '
                          "hämtas indikatorns utfall för helåren som står tomma."),
    Column("status", "Status", ("Senaste status", "Status KS mål", "Måluppfyllelse"),
           kind="computed", width=11,
           help="Räknas ut av vp-excel för rapportperioden. Fyll inte i; gör en manuell bedömning "
                "i kolumnen Bedömning i stället."),
    Column("ks_goal", "KS mål", ("KS-mål", "Kommunstyrelsens mål", "KS:s mål", "Nämndmål"),
           width=30, help="Kommunstyrelsens mål, ordagrant som i planen."),
    Column("target", "Målvärde", ("Målvärde KS", "KS målvärde", "Målnivå", "Mål värde"),
           kind="number", width=12,
           help='KS-målets målvärde med enhet, t.ex. "4%" eller "Ja". Tomt för Ökar, Minskar och '
                "Manuell."),
    Column("rule", "Regel", ("Bedömningsregel", "Regel för bedömning", "Bedöms som"),
           kind="rule", width=15, choices=RULES,
           help="Hur KS-målet bedöms: " + ", ".join(RULES) + "."),
    Column("yellow_band", "Gul gräns", ("Gulgräns", "Gult intervall", "Gul zon"), kind="number",
           width=10, help="Hur långt från målet utfallet får vara och ändå bli GUL, i målets "
                          "enhet. Tom: standardvärdet i Inställningar."),
    Column("direction_text", "Målinriktning", ("Målinriktningar", "KLKs målinriktningar",
           "Verksamhetens målinriktningar", "Målinriktning (enhet)"), width=30,
           help="Verksamhetens målinriktning. En rad per målinriktning."),
    Column("responsible", "Ansvarig enhet", ("Enhet", "Ansvarig", "Ansvar"), kind="suggestion",
           width=11, choices=UNITS_SUGGESTED,
           help="Enheten som föreslog målinriktningen: " + ", ".join(UNITS_SUGGESTED) +
                " eller annan."),
    Column("activities", "Aktiviteter", ("Aktivitet",), kind="list", width=40,
           help="En aktivitet per rad i cellen, gärna med • först (Alt+Enter ger ny rad)."),
    Column("previous_year", "Utfall föregående år", ("Föregående år", "Utfall fg år",
           "Utfall förra året"), kind="number", width=12,
           help="KS-målets utfall året innan; jämförs med första perioden för Ökar och Minskar."),
    Column("prognosis", "Prognos helår", ("Prognos", "Prognos vid årets slut", "Helårsprognos"),
           kind="prognosis", width=12, choices=STATUSES,
           help="Delårsrapportens bedömning av om KS-målet uppnås vid årets slut: GRÖN "
                "(uppnås), GUL (delvis) eller RÖD (uppnås inte)."),
    Column("prognosis_comment", "Kommentar prognos", ("Prognoskommentar", "Kommentar helår"),
           width=30, help="Varför prognosen för helåret blir som den blir (valfritt)."),
)
PERIOD_COLUMNS: tuple[Column, ...] = (
    Column("indicator_outcome", "Indikatorutfall", kind="number", width=12, per_period=True,
           help="Indikatorns utfall för perioden."),
    Column("outcome", "Utfall", kind="number", width=12, per_period=True,
           help='KS-målets utfall för perioden, t.ex. "3,69%" eller "Ja".'),
    Column("assessment", "Bedömning", kind="status", width=11, per_period=True,
           choices=STATUSES,
           help="Manuell bedömning (GRÖN, GUL, RÖD). Går alltid före den uträknade statusen."),
    Column("motivation", "Motivering", width=30, per_period=True,
           help="Varför den manuella bedömningen gjordes."),
    Column("analysis", "Analys", width=40, per_period=True,
           help="Analys av KS-målet för perioden; kommer med i Word-rapporten."),
)
# Written by `build` only: formulas the reader skips.
REPORT_PERIOD_COLUMNS: tuple[Column, ...] = (
    Column("indicator_status", "Indikatorstatus", kind="computed", width=11, per_period=True),
    Column("period_status", "Status", kind="computed", width=11, per_period=True),
)
REPORT_EXTRA_COLUMNS: tuple[Column, ...] = (
    Column("score", "Poäng", kind="computed", width=8),
    Column("trend", "Trend", kind="computed", width=14),
    # Förbättrad / Oförändrad / Försämrad against the same period a year before, as 1, 0, -1
    # with an arrow (icon set) and the word (number format): rules.trend_formula.
    Column("ks_trend", "Utveckling KS-mål", kind="computed", width=14),
    Column("indicator_trend", "Utveckling indikator", kind="computed", width=14),
)

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("direction_text", "Målinriktning", ("Målinriktningar",), width=40,
           help="Målinriktningen som aktiviteten hör till, som i bladet Mål (tom om ingen)."),
    Column("activity", "Aktivitet", ("Aktiviteter",), required=True, width=50,
           help="Aktiviteten, som i bladet Mål."),
    Column("activity_status", "Status", ("Aktivitetsstatus", "Läge"), kind="choice", width=13,
           choices=ACTIVITY_STATUSES, help="Ej påbörjad, Pågående, Klar eller Utgår."),
    Column("comment", "Kommentar", ("Kommentarer", "Notering"), width=50,
           help="Kort kommentar om läget."),
)
PERIOD_SHEET_COLUMNS: tuple[Column, ...] = (
    Column("name", "Period", ("Periodnamn", "Namn"), required=True, width=18,
           help='Periodens namn, t.ex. "Delår 1 2025". Används i kolumnrubrikerna i bladet Mål.'),
    Column("year", "År", ("Verksamhetsår",), required=True, kind="number", width=8,
           help="Året perioden gäller."),
    Column("first_month", "Från", ("Från månad", "Startmånad"), required=True, width=8,
           help="Första månaden: jan–dec eller 1–12."),
    Column("last_month", "Till", ("Till månad", "Slutmånad"), required=True, width=8,
           help="Sista månaden: jan–dec eller 1–12."),
)
TEXT_COLUMNS: tuple[Column, ...] = (
    Column("heading", "Avsnitt", ("Rubrik",), required=True, width=30,
           help='Rubriken i rapporten, t.ex. "Inledning".'),
    Column("text", "Text", ("Brödtext", "Innehåll"), required=True, width=100,
           help="Texten. Nytt stycke med Alt+Enter två gånger."),
    Column("period", "Period", (), width=18,
           help="Tom: texten kommer med i alla rapporter. Annars bara i den periodens rapport."),
)
SETTING_COLUMNS: tuple[Column, ...] = (
    Column("name", "Inställning", ("Namn", "Fält"), required=True, width=28),
    Column("value", "Värde", (), required=True, width=60),
    Column("help", "Förklaring", (), width=60),
)


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("kommun", "Kommun", ("Kommunnamn", "Organisation"), False, "Kommunens namn."),
    Setting("verksamhet", "Verksamhet", ("Förvaltning", "Verksamhetsområde"), False,
            "Verksamheten planen gäller, t.ex. Kommunledningskontoret."),
    Setting("short_name", "Kortnamn", ("Förkortning",), False, "Kort namn, t.ex. KLK."),
    Setting("year", "År", ("Verksamhetsår", "Planår"), True, "Planens år."),
    Setting("title", "Titel", ("Dokumenttitel",), False,
            "Planens titel, t.ex. Verksamhetsplan 2025 för kommunledningskontoret."),
    Setting("subtitle", "Undertitel", (), False, "Text under titeln."),
    Setting("vision", "Vision", (), False, "Kommunens vision."),
    Setting("mandate_period", "Mandatperiod", (), False, "T.ex. 2023–2026."),
    Setting("diarienummer", "Diarienummer", ("Dnr", "Diarienr"), False,
            "Visas i sidhuvudet i Word-rapporten."),
    Setting("contact", "Kontaktperson", ("Författare", "Kontakt", "Handläggare"), False,
            "Den som skrivit rapporten; blir författare i Word-filen."),
    Setting("report_period", "Rapportperiod", ("Period", "Aktuell period"), True,
            "Perioden som rapporteras, ett namn från bladet Perioder."),
    Setting("report_date", "Rapportdatum", ("Datum",), False,
            "Datum på rapporten (ÅÅÅÅ-MM-DD). Tomt: dagens datum."),
    Setting("default_yellow_band", "Gul gräns (standard)", ("Gul gräns", "Standard gul gräns"),
            False, "Hur nära målet ett utfall räknas som GUL, som andel av målvärdet (t.ex. 10%). "
                   "Tom eller 0: ingen gul zon."),
    Setting("logo", "Logotyp", ("Logga",), False,
            "Sökväg till en bildfil (PNG/JPG) för sidhuvudet, relativt arbetsboken."),
    Setting("kommunkod", "Kommunkod", ("Kommunnummer", "Kommun-id"), False,
            "Kommunens fyrsiffriga kod (t.ex. 2417 för Norsjö) för hämtning från Kolada. Tom: "
            "koden slås upp en gång på kommunens namn."),
    Setting("note", "Anmärkning", ("Kommentar",), False, "Fri anmärkning om arbetsboken."),
    Setting("combined_green_share", "Sammanvägning grön", ("Sammanvägning GRÖN",), False,
            "Andel av ett måls mätta indikatorer som ska vara uppfyllda för GRÖN, när målet "
            "bedöms av sina indikatorer. Tom: 100%."),
    Setting("combined_yellow_share", "Sammanvägning gul", ("Sammanvägning GUL",), False,
            "Andel uppfyllda indikatorer som ger GUL (färre ger RÖD). Tom: 50%."),
    Setting("comparison_group", "Jämförelsekommuner", ("Jämförelsegrupp", "Kommungrupp"), False,
            "Kommunkoder att jämföra med i Kolada, t.ex. 2418, 2460, 2462. Med build --kolada "
            "visas deras medelvärde och spann bredvid riket och länet."),
)


# --- matching headers -------------------------------------------------------------------


# Headers are compared as `text.header_key` gives them; the reader knows it by this name.
normalize_header = header_key


def column_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Every accepted header spelling (normalized) mapped to its column."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.synonyms):
            lookup.setdefault(normalize_header(name), column)
    return lookup


def setting_lookup() -> dict[str, Setting]:
    lookup: dict[str, Setting] = {}
    for setting in SETTINGS:
        for name in (setting.label, *setting.synonyms):
            lookup.setdefault(normalize_header(name), setting)
    return lookup


def goal_columns_for(periods: list[str], report: bool = False) -> list[tuple[Column, str | None]]:
    """The Mål sheet's columns in order, each with the period it belongs to (or None)."""
    layout: list[tuple[Column, str | None]] = [(c, None) for c in GOAL_COLUMNS]
    for period in periods:
        for column in PERIOD_COLUMNS:
            layout.append((column, period))
        if report:
            for column in REPORT_PERIOD_COLUMNS:
                layout.append((column, period))
    if report:
        layout.extend((c, None) for c in REPORT_EXTRA_COLUMNS)
    return layout


# --- the kommun's own plan tables --------------------------------------------------------------
#
# How kommuner name their plan columns, from published verksamhetsplaner, nämndplaner,
# mål- och resultatplaner and årsredovisningar (see docs/arbetsbok.md). Each pattern is matched
# against the header as `normalize_header` gives it, with the period words (T1, Delår 2, 2025,
# ...) taken out. The key is the column key above whose place in the plan the column takes,
# the kind (KINDS) how its cells are read; "grouping" (a level above the KF goal),
# "comparison" (Riket, Medel, ...) and "comment" are kept but never read as outcomes. Order
# matters: the first pattern that matches wins.

@dataclass(frozen=True)
class HeaderWords:
    key: str
    pattern: str  # a regular expression, whole header
    kind: str  # one of KINDS


KOMMUN_HEADERS: tuple[HeaderWords, ...] = (
    HeaderWords("kolada_id", r"(kolada ?id|kolada kpi|kpi( id)?|nyckeltal ?id|kpi nr)", "id"),
    HeaderWords("grouping", r"(målområde|målområden|perspektiv|fokusområde|strategiskt område|"
                            r"strategiska områden|målkategori)", "text"),
    HeaderWords("kf_goal", r"(kf|kf s|kfs) (ög |övergripande )?mål|ög mål|kf ög mål|"
                           r"kommunfullmäktiges (övergripande |prioriterade )?mål|"
                           r"fullmäktiges mål|inriktningsmål|övergripande mål|"
                           r"kommunövergripande mål|kf mål|mål kf|"
                           r"kommunfullmäktiges inriktningsmål", "text"),
    HeaderWords("previous_year", r"utfall (föregående|förra) år|föregående år|utfall fg år",
                "outcome"),  # read as an outcome is: "148 kWh/m2", "-", "32 % 1)"
    # "KF:s indikatorer (styrgräns)", "Nämndens indikatorer", "Kommunövergripande indikatorer"
    HeaderWords("indicator", r"((.* )?indikator(er)?( styrgräns(er)?)?|nyckeltal|mätetal|mått|"
                             r"mätmetod|indikator nyckeltal|indikatorer och nyckeltal|"
                             r"mätbara mål)", "text"),
    HeaderWords("ks_goal", r"(ks|ks s|kss) mål|kommunstyrelsens mål|nämndmål|nämndsmål|"
                           r"nämndens mål|"
                           r"nämndens (prioriterade )?mål|styrelsens mål|verksamhetsmål|"
                           r"effektmål|delmål|verksamhetens mål|förvaltningens mål|mål|"
                           # a styrkort's goal under its perspective or strategic goal
                           r"(kritiska |kritisk )?framgångsfaktor(er|n)?|"
                           r"goal|goals|objective|objectives", "text"),  # English headers
    HeaderWords("status", r"(senaste )?status|bedömning|måluppfyllelse|bedömd måluppfyllelse|"
                          r"uppfyllt|uppfyllt ja nej|måluppfyllelse ja nej|utfalls symbol|"
                          r"utfallssymbol|symbol|uppnått|målet uppnått", "status"),
    HeaderWords("direction_text", r"(.* )?målinriktning(ar)?( .*)?", "text"),
    HeaderWords("responsible", r"ansvar|ansvarig|ansvarig enhet|ansvariga|ansvarig för "
                               r"genomförande|ansvarig chef|enhet", "text"),
    HeaderWords("unit", r"måttenhet|mätenhet|enhet för måttet", "text"),
    HeaderWords("activities", r"aktiviteter|aktivitet|åtgärder|åtgärd|aktiviteter åtgärder|"
                              r"planerade aktiviteter", "list"),
    HeaderWords("styrgrans", r"styrgräns|styrgränser|gränsvärde", "target"),
    HeaderWords("target", r"målvärde|målvärden|målnivå|mål värde|målsättning|målvärde kf|"
                          r"mål nivå|måltal|måltal kf", "target"),
    HeaderWords("outcome", r"utfall|resultat|utfall år|årsutfall|värde|utfallet", "outcome"),
    HeaderWords("source", r"källa|datakälla|mätkälla", "text"),
    HeaderWords("comment", r"kommentar|kommentarer|analys|motivering|analys och kommentar|"
                           r"kommentar analys|analys kommentar|förklaring", "text"),
    # The kommun's own trend (arrows, "Förbättrad", "Positiv"): shown where vp-excel has no
    # last year's value to compute one, and checked against it where it has.
    HeaderWords("trend", r"trend|trender|trendpil|trendpilar|tendens|utvecklingstrend", "text"),
    HeaderWords("comparison", r"medel|medelvärde|sämst|bäst|riket|länet|liknande kommuner|"
                              r"snitt|riksgenomsnitt|genomsnitt|jämförelse|median|"
                              r"kommungruppen|rikssnitt|länssnitt", "comparison"),
)
# The delårsrapport's prognosis for the full year, matched on the whole header (its "helår"
# would otherwise be taken for a period word): a column of kind "prognosis".
PROGNOSIS_HEADER = re.compile(r"(helårsprognos|prog(nos)?( för| vid)?( helår| helåret| årets "
                              r"slut)?|prognos måluppfyllelse)( \d{4})?|"
                              r"bedömning (helår|helåret|vid årets slut)")
# A målvärde that keeps the level ("Bibehålla", "Oförändrad nivå", "Samma som 2024"): no
# number and no rule vp-excel judges by; shown as written and said, not refused.
KEEP_LEVEL_TARGET = re.compile(r"^(bibehåll\w*|behåll\w*|oförändr\w*|bevara\w*|stabil\w*|"
                               r"samma|hålla|ligga kvar|minst samma|hålla nivån)\b")
# A målvärde that is a change by some percentage points ("minska med 1 procentenhet", "öka
# med 2 %-enheter"): the level it starts from is not in the cell.
CHANGE_IN_POINTS_TARGET = re.compile(
    r"^(?:ska\s+)?(?:öka\w*|minska\w*|sänk\w*|höj\w*|förbättra\w*)\s+(?:med\s+)?"
    r"(?:minst\s+|högst\s+)?[\d,.]+\s*(?:procentenhet\w*|%-enhet\w*|p\.?e\.?)(?:\s|$)",
    re.IGNORECASE)
# An activity's progress written as a goal's status ("Pågår", "Klar", "Ej påbörjad"): read on
# the scale's default, said with the cell; "Utgår" says no status.
PROGRESS_STATUS = {"Klar": GREEN, "Pågående": YELLOW, "Ej påbörjad": RED}
# A column that numbers the rows ("Nr" over "1", "1.1", "2"): no column of the plan, not read
# and not said as unknown (its numbers are no outcomes).
NUMBERING_HEADERS = ("nr", "nummer", "löpnr", "löpnummer", "mål nr", "målnr", "nr mål",
                     "radnr")
# A status column whose header says Ja/Nej reads Ja as GRÖN and Nej as RÖD.
YES_NO_STATUS_HEADER = re.compile(r"\bja nej\b")
# Rows that close a table or sum it up are not goals.
TOTAL_ROW = re.compile(r"^(summa|totalt|total|sammanfattning|antal mål)\b", re.IGNORECASE)
# Breakdown rows under a measure (its values split by group), not goals of their own.
BREAKDOWN_WORDS = ("kvinnor", "män", "flickor", "pojkar", "kvinna", "man", "tjejer", "killar",
                   "varav kvinnor", "varav män")
# Outcome columns split by sex ("Kvinnor | Män | Totalt", "Utfall 2024 K | M | Totalt"): the
# letters name the breakdown only beside a column of the other or of the total.
BREAKDOWN_LETTERS = {"k": "kvinnor", "m": "män", "f": "flickor", "p": "pojkar"}
TOTAL_WORDS = ("totalt", "total", "samtliga", "alla", "båda könen", "tot")
# A footnote under a table ("1) Enkäten gjordes bara i augusti.", "*) Preliminärt") is no row.
FOOTNOTE_ROW = re.compile(r"^\s*(\d{1,2}\)|\*+\)?)\s")

# --- the kommun's own words: headers, status phrases, directions ---------------------------
#
# Headers KOMMUN_HEADERS does not name are read by their words (reader/classify.py): each
# word of the header (period words taken out) is tried against these classes in order, and
# the first class with a word in the header wins. Each pattern is a whole word.
HEADER_WORD_CLASSES: tuple[tuple[str, str], ...] = (
    ("comparison", r"riket|länet|riks(snitt|genomsnitt|medel)|läns(snitt|medel)|"
                   r"jämförelse\w*|referensvärde\w*|kommungrupp\w*|"
                   # "Avvikelse mot mål": the gap to the target, shown, never a goal
                   r"avvikelse|avvikelsen|differens|"
                   # "Utgångsvärde", "Basvärde": the level the goal starts from, shown
                   r"utgångsvärde\w*|basvärde\w*|startvärde\w*|baslinje\w*|nollmätning\w*"),
    ("kolada_id", r"kolada\w*|kpi\w*"),
    ("comment", r"kommentar\w*|comments?|analys\w*|motivering\w*|förklaring\w*|redogörelse\w*|"
                r"syfte\w*|syftar|beskrivning\w*|åtgärdsstatus|aktivitetsstatus"),
    # "Målv." and "Target" as headers abbreviate or translate; "Riktning" ("Öka", "Minska")
    # is a målvärde in words.
    ("target", r"målvärde\w*|målnivå\w*|målsättning\w*|målvärdet|målnivån|måltal\w*|målv|"
               r"target\w*|riktning|målriktning"),
    ("styrgrans", r"styrgräns\w*|gränsvärde\w*"),
    ("status", r"\w*bedömning\w*|bedömd\w*|bedöms|bed|\w*uppföljning\w*|\w*uppfyllelse\w*|"
               r"\w*uppfyllnad\w*|\w*status\w*|uppfyll(t|d|da|es|s)|uppnå(tt|dd|dda|s)|"
               r"prognos\w*|färg|trafikljus\w*|signal|når|nås|nåddes|uppnås|uppfylls|klaras"),
    ("responsible", r"ansv\w*"),
    ("activities", r"aktivitet\w*|åtgärd\w*|insats\w*"),
    ("direction_text", r"\w*målinriktning\w*"),
    ("goal_or_measure", ""),  # a goal word or a measure word, whichever comes first
    ("grouping", r"\w*område\w*|perspektiv\w*|målkategori\w*|tema\w*"),
    # "Utfallsmått" (a styrkort's measures) is no outcome column: its -mått makes it measures.
    ("outcome", r"utfall(?!\w*mått)\w*|utf|resultat|resultatet|resultaten|värde|värdet|"
                r"värden|actual|uppmätt\w*|mätresultat\w*|årsutfall|mätvärde\w*|mätning\w*"),
    ("source", r"\w*källa|källor|\w*källan"),
)
# A word holding "mål" names a goal column, unless it is one of these compounds.
GOAL_WORD = r"\w*mål(et|en|s|ets)?|\w*mål\w*"
NOT_GOAL_WORDS = (r"(mål(värde|nivå|sättning|uppfyll|inriktning|område|grupp|tal|bedömning|"
                  r"status|uppföljning|riktning|v$))\w*")
MEASURE_WORD = (r"\w*indikator\w*|mått|måtten|måttet|mätetal\w*|nyckeltal\w*|mätbar\w*|kpi|"
                r"styrtal\w*|\w+mått(en|et)?")  # "Styrtal", "Resultatmått", "Kvalitetsmått"
# A goal column's level from the words of owner and rank around it; no such word: the lowest
# goal level (KS mål), and of two goal columns in one table the left one is the KF level.
KF_LEVEL_WORDS = (r"kf|kfs|\w*fullmäktige\w*|övergripande|långsiktig\w*|kommungemensam\w*|"
                  r"kommunövergripande|\w*övergripande|strategisk\w*|inriktningsmål\w*|"
                  r"vision\w*|visionsmål\w*|huvudmål\w*")
KS_LEVEL_WORDS = (r"ks|kss|\w*nämnd\w*|\w*styrelse\w*|fokus\w*|verksamhet\w*|förvaltning\w*|"
                  r"effektmål\w*|resultatmål\w*|delmål\w*|enhet\w*|avdelning\w*|bolag\w*|"
                  r"årsmål\w*")
# A header that starts with a count word counts something ("Antal mål" beside "Uppfyllt",
# "Delvis uppfyllt" in a summary under the table): no column of the plan.
COUNT_HEAD_WORDS = r"antal|antalet|summa|totalt|totala"
# A short text alone in the goal column is a heading over the goals below ("Medborgare"),
# unless it says what shall be ("Arkivet ska vara ordnat"): a goal not yet judged.
GOAL_VERBS = ("ska", "skall", "bör", "måste")
# Headers of more words than this are sentences, not column names.
MAX_HEADER_WORDS = 7

# Status phrases by grammar (reader/classify.py status_phrase): a verb stem and degree words in
# any order ("Målet bedöms nås delvis.", "Inte uppnått", "Uppfyllt i hög grad").
STATUS_VERBS = r"(upp)?fyll\w*|uppnå\w*|nå|nås|når|nått|nåtts|nådd\w*|nåddes|infri\w*"
NOT_WORDS = ("inte", "ej", "icke", "ingen", "inga", "inget", "ingenting", "ej.")
# After a negation these degree words mean none at all, the lowest level ("Inte något uppfyllt",
# "Ej i någon grad uppnått"), where alone "något" and "i någon grad" mean partly.
NEGATED_NONE_DEGREES = ("något", "alls", "till någon del", "i någon del", "i någon grad",
                        "i någon mån", "på något sätt", "ens delvis")
# Degree words, longest first, and the scale level each names.
STATUS_DEGREES: tuple[tuple[str, str], ...] = (
    ("i mycket hög grad", "helt"), ("helt och hållet", "helt"), ("fullt ut", "helt"),
    ("i sin helhet", "helt"), ("helt", "helt"), ("fullt", "helt"),
    ("i hög grad", "hög"), ("i stor utsträckning", "hög"), ("till stor del", "hög"),
    ("i huvudsak", "hög"), ("i stort sett", "hög"), ("till största delen", "hög"),
    ("i mycket låg grad", "låg"), ("i låg grad", "låg"), ("i liten grad", "låg"),
    ("i liten utsträckning", "låg"), ("till liten del", "låg"), ("i begränsad grad", "låg"),
    ("delvis", "delvis"), ("till viss del", "delvis"), ("i viss mån", "delvis"),
    ("i viss grad", "delvis"), ("i någon grad", "delvis"), ("i medelhög grad", "delvis"),
    ("inte alls", "inte"),
    # Hard to reach is not reached, the lowest of Västerås' three ("Målet kan uppnås", "… kan
    # delvis uppnås", "… blir svårt att uppnå").
    ("svårt", "inte"), ("svår", "inte"), ("knappast", "inte"),
    # Doubt is the middle of the scale ("Osäkert om målet kan uppnås").
    ("osäkert", "delvis"), ("osäker", "delvis"), ("tveksamt", "delvis"), ("oklart", "delvis"),
    ("risk att", "delvis"), ("risk för att", "delvis"),
    # On track ("Måluppfyllelse är på rätt väg"), after "delvis" so "delvis på rätt väg" is GUL.
    ("på rätt väg", "på väg"), ("på god väg", "på väg"), ("i rätt riktning", "på väg"),
    # Partly, in other words ("Uppfyllt till del", "Något uppfyllt"): without them the verb
    # alone read these as met.
    ("till del", "delvis"), ("till någon del", "delvis"), ("till hälften", "delvis"),
    ("något", "delvis"),
)
# Single degree words beside the noun måluppfyllelse ("Hög måluppfyllelse", "God
# måluppfyllelse").
NOUN_DEGREES = {"full": "helt", "fullständig": "helt", "total": "helt", "hög": "hög",
                "god": "hög", "stor": "hög", "låg": "låg", "liten": "låg", "svag": "låg",
                # "Viss måluppfyllelse" is the middle of a five-level noun scale.
                "viss": "delvis", "begränsad": "låg", "hel": "helt"}
# The default status of each scale level; "hög" and "låg" are guesses check states, and the
# kommun changes them with a line such as "Uppnått i hög grad = GUL" (docs/arbetsbok.md).
SCALE_DEFAULTS: dict[str, str] = {"helt": GREEN, "": GREEN, "hög": GREEN, "delvis": YELLOW,
                                  "låg": RED, "inte": RED, "på väg": GREEN}
GUESSED_LEVELS = ("hög", "låg", "på väg")
# A status cell that says "no colour": no status, and no error.
NO_STATUS = re.compile(r"^(-+|–|—|\*|x|n/a|ej bedömd|ej bedömt|inte bedömd|inte bedömt|"
                       r"bedöms ej|bedöms inte|ej aktuell|ej aktuellt|ej tillämpligt|"
                       r"ingen bedömning( gjord)?|ingen färg|ingen status|ej mätt|mäts ej|"
                       r"ingen mätning\b.*|ej mätbar\w*|.*\bsaknas|ej uppmätt|"
                       r"inget (utfall|resultat|värde)\b.*|kan (ej|inte) bedömas\b.*|"
                       r"(mätning|uppgift|utfall|resultat) (finns )?(ej|inte) "
                       r"(klar|tillgänglig)\w*)$")

# Direction from an indicator's own words ("Låga kostnader per brukare", "Färre fallolyckor",
# "Hög andel behöriga lärare"), when neither its target nor a Riktning column says one. Whole
# words, first match wins; check says every such guess.
LOWER_DIRECTION_WORDS = (r"låg|låga|lågt|lägre|lägsta|färre|minskad|minskade|minskat|minska|"
                         r"minskar|minskning|mindre|kortare|kort|korta|sänkt|sänkta|sänka|"
                         r"reducera\w*|begränsa\w*|undvika|max|högst")
HIGHER_DIRECTION_WORDS = (r"hög|höga|högt|högre|högsta|fler|flera|ökad|ökade|ökat|öka|ökar|"
                          r"ökning|större|stor|stora|längre|förbättra\w*|bättre|minst|bred\w*|"
                          r"god|goda|gott")

# A target in words without a number: the measure should rise or fall against the year before
# ("ska stärkas jämfört med föregående år", "Andelen ska öka").
INCREASE_WORDS = (r"öka|ökar|ökas|ökad|ökat|ökning|stärkas|stärks|stärka|förbättras|förbättra|"
                  r"höjas|höja|växa|växer|stiga|stiger|fler")
DECREASE_WORDS = (r"minska|minskar|minskas|minskad|minskat|minskning|sänkas|sänka|reduceras|"
                  r"reducera|färre|sjunka|sjunker")

# A målvärde that is a year after these words ("Senast 2026", "Klart 2026", "Under 2026", "Ska
# vara genomfört senast år 2027") says when, not how much: no number, no status computed.
DEADLINE_WORDS = (r"senast|klart?|klara|färdigt?|genomfört|genomförd|infört|införd|uppnått|nått|"
                  r"under|till|före|innan|inom|år|året|från|fr\.?o\.?m\.?|t\.?o\.?m\.?|tom|ska|"
                  r"skall|vara|vid|i|slutet|utgången|av|med")
# A målvärde inside a sentence ("Andelen ska vara 40 %", "ska öka till minst 85 procent",
# "Senast 2026 ska 90 % vara behöriga"): one number with a comparison word is read, its rule
# from these words (before the number; the sentence's verb alone sets no direction).
SENTENCE_HIGHER_WORDS = (r"minst|lägst|över|överstiga|överstiger|högre än|mer än|fler än|"
                         r"minimum|uppnå|nå|öka till|ökas till|höjas till|stiga till|"
                         r"växa till|förbättras till")
SENTENCE_LOWER_WORDS = (r"högst|max|maximalt|maximum|under|understiga|understiger|lägre än|"
                        r"mindre än|färre än|inte överstiga|inte överstiger|ej överstiga|"
                        r"minska till|minskas till|sänkas till|sjunka till|reduceras till")
# Words that say the number is the level itself ("ska vara 40 %", "uppgå till"): read with the
# rule a plain number gets (check says it is assumed).
SENTENCE_LEVEL_WORDS = r"vara|är|uppgå till|uppgår till|ligga på|ligger på|landa på|hålla"
# A target that compares with a year ("Ska minska jämfört med 2024", "Lägre än 2024"): these words
# mark the comparison, and these give its direction with INCREASE_WORDS and DECREASE_WORDS.
COMPARED_MARKS = ("än", "jämfört", "jämförelse", "mot", "med", "jmf", "jfr")
HIGHER_THAN_WORDS = r"högre|mer|fler|större|över"
LOWER_THAN_WORDS = r"lägre|mindre|färre|under"

# The kommun's own trend words and arrows by what they say: a word says better or worse (by the
# measure's direction), an arrow which way the value moved. Keys are lower-case.
TREND_WORDS: dict[str, str] = {
    "förbättrad": "bättre", "förbättrat": "bättre", "förbättring": "bättre", "positiv": "bättre",
    "positivt": "bättre", "bättre": "bättre",
    "oförändrad": "samma", "oförändrat": "samma", "stabil": "samma", "stabilt": "samma",
    "neutral": "samma", "neutralt": "samma",
    "försämrad": "sämre", "försämrat": "sämre", "försämring": "sämre", "negativ": "sämre",
    "negativt": "sämre", "sämre": "sämre",
}
TREND_ARROWS: dict[str, str] = {"↑": "upp", "⬆": "upp", "▲": "upp", "↗": "upp", "⇧": "upp",
                                "↓": "ned", "⬇": "ned", "▼": "ned", "↘": "ned", "⇩": "ned",
                                "→": "samma", "➡": "samma", "↔": "samma", "⇨": "samma",
                                "►": "samma", "▶": "samma"}
# A column headed "Enhet" that holds units of measure, not the responsible unit: these words
# (beside the units swedish.UNIT_SYNONYMS knows).
MEASURE_UNIT_WORDS = ("procent", "andel", "andel %", "antal", "st", "kr", "tkr", "mnkr", "dagar",
                      "dag", "timmar", "tim", "minuter", "min", "veckor", "månader", "år", "ton",
                      "kg", "kwh", "mwh", "gwh", "poäng", "index", "betyg", "nki", "kr/inv",
                      "per 1000 inv", "%-enheter", "procentenheter", "km", "m2", "kvm", "m²",
                      "medelvärde", "medel", "median", "kvot", "andel %")
PERCENT_UNIT_WORDS = ("procent", "andel", "andel %", "%-andel")

# The kommun's mapping, written once (docs/arbetsbok.md): a sheet of this name in the workbook
# or a file of this name beside it, with lines "header = column" and "status word = status".
MAPPING_SHEET = "vp-excel"
MAPPING_FILE = "vp-excel.toml"
# The right-hand side of a column line: what the column holds (any header the reader knows
# also works: "Utfall 2024", "KF ÖG mål"); SKIP_COLUMN words mean "do not read it".
MAPPING_COLUMN_NAMES: dict[str, str] = {
    "kf ög mål": "kf_goal", "kf mål": "kf_goal", "ks mål": "ks_goal", "nämndmål": "ks_goal",
    "kf indikator": "indicator", "indikator": "indicator", "målvärde": "target",
    "styrgräns": "styrgrans", "utfall": "outcome", "status": "status", "bedömning": "status",
    "kommentar": "comment", "analys": "comment", "källa": "source",
    "ansvarig enhet": "responsible", "aktiviteter": "activities",
    "målinriktning": "direction_text", "jämförelse": "comparison", "gruppering": "grouping",
    "målområde": "grouping", "kolada id": "kolada_id",
    "utfall föregående år": "previous_year", "mål och mått": "name",
    "status kryss": "status_mark",  # "Grön = Status (kryss)": an x here is this status
    "trend": "trend", "måttenhet": "unit",
}
SKIP_COLUMN = ("läs inte", "hoppa över", "ignorera", "ingen")
# How check names a column key in the line it prints ("Fokusmål = KS mål").
COLUMN_NAMES: dict[str, str] = {
    "kf_goal": "KF ÖG mål", "ks_goal": "KS mål", "indicator": "Indikator", "target": "Målvärde",
    "styrgrans": "Styrgräns", "outcome": "Utfall", "status": "Status", "comment": "Kommentar",
    "source": "Källa", "responsible": "Ansvarig enhet", "activities": "Aktiviteter",
    "direction_text": "Målinriktning", "comparison": "Jämförelse", "grouping": "Målområde",
    "kolada_id": "Kolada-id", "previous_year": "Utfall föregående år",
    "name": "Mål och mått",
    "status_mark": "Status (kryss)", "trend": "Trend", "unit": "Måttenhet",
}
# A label in the cell before a goal's words, above a table ("Delmål 1 | Förskolan ska …",
# "Inriktningsmål | Kunskapsmålen ska …"): the goal the table's measures follow up, at KS or KF
# level.
KS_GOAL_LABEL = re.compile(r"^(delmål|mål|nämndmål|nämndsmål|fokusmål|verksamhetsmål|effektmål|"
                           r"resultatmål|etappmål|prioriterat mål)\s*\d*\s*[:.]?$", re.IGNORECASE)
KF_GOAL_LABEL = re.compile(r"^(inriktningsmål|övergripande mål|kf ög mål|kf-mål|kf mål|"
                           r"strategiskt mål|långsiktigt mål|målområde)\s*\d*\s*[:.]?$",
                           re.IGNORECASE)
# A banner row over a styrkort's goals ("Perspektiv: Invånare", "Målområde 2 – Hållbarhet",
# "Fokusområde Barn och unga"): the grouping of the goals below, not a goal.
GROUPING_LABEL = re.compile(r"^(perspektiv|målområde|fokusområde|strategiskt område|"
                            r"utvecklingsområde|tema)\s*\d*(?:\s*[:.–—-]\s*|\s+)"
                            r"(?P<name>\S.*)$",
                            re.IGNORECASE)
# A goal column a styrkort names by its rank ("Strategiskt mål", "Strategiska mål"): the
# goals its measures (Mått, Styrtal) follow up, not measures that are goals of their own.
STYRKORT_GOAL = re.compile(r"\bstrategisk\w*\b", re.IGNORECASE)
# A column the kommun keeps for itself ("Intern anteckning", "Övrigt"): skipped without a line.
NOTE_HEADER = re.compile(r"anteckning|notering|\bintern|övrigt|\bnoter\b", re.IGNORECASE)
# Rows under a table that are footnotes, sources or comments, not goals.
NOTE_ROW = re.compile(r"^\s*(\d{1,2}\)|\*+\)?|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹]|"
                      r"(källa|källor|not|noter|anm|anmärkning|kommentar|fotnot|obs|"
                      r"uppgift(en|erna)? avser|data avser|siffr(an|orna) avser)\b\s*[:.]?)",
                      re.IGNORECASE)
