"""Plans and workbook tools for the workbook-writer tests: a plan whose rows hit every rule and
edge, a comparable fingerprint of a plan, and raw edits of an .xlsx (wrong cached values, text
typed into a number cell) that only a real spreadsheet engine puts right."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl

from vp_excel import schema
from vp_excel.model import (
    Activity,
    GoalDirection,
    KfGoal,
    KfIndicator,
    KsGoal,
    Measure,
    Period,
    Plan,
    PlanRow,
    ReportText,
    Settings,
)
from vp_excel.rules import Evaluation

HERE = Path(__file__).resolve().parent

P1, P2, P3 = "Delår 1 2025", "Delår 2 2025", "Helår 2025"
PERIODS = (P1, P2, P3)
FORMULA_LOOKING = ("=SUM(1)", "+46 70 123 45 67", "-2", "@x", "{=A1}")
LONG_TEXT = ("Lång analys. " * 3000)[:32767]
WRONG_CACHE = "FEL"  # what a poisoned formula cell claims until it is recalculated


# --- the edge-case plan ---------------------------------------------------------------------


def _ks(text: str, rule: str, outcomes=(None, None, None), target=None, unit: str = "",
        band: float | None = None, previous=None, manual: dict[str, str] | None = None,
        analyses: dict[str, str] | None = None) -> KsGoal:
    measure = Measure(rule=rule, target=target, unit=unit, yellow_band=band,
                      previous_year=previous, outcomes=dict(zip(PERIODS, outcomes)),
                      assessments=dict(manual or {}),
                      motivations={p: "Manuell bedömning." for p in (manual or {})},
                      analyses=dict(analyses or {}))
    return KsGoal(text, measure)


def _indicator(name: str, rule: str, styrgrans, text: str, outcomes=(None, None, None),
               unit: str = "", source: str = "") -> KfIndicator:
    return KfIndicator(name, text, Measure(rule=rule, target=styrgrans, unit=unit,
                                           outcomes=dict(zip(PERIODS, outcomes))), source)


def _row(ks: KsGoal | None = None, indicator: KfIndicator | None = None,
         directions: list[GoalDirection] | None = None) -> PlanRow:
    return PlanRow(indicator=indicator, ks_goal=ks, directions=directions or [])


def edge_plan() -> Plan:
    """Every rule at and just beside its thresholds, blanks, manual overrides, Ja/Nej with
    target Nej, row band and default share, missing comparison values, 0.1 + 0.2 vs 0.3, and
    text that looks like a formula. The default yellow share is 10 %."""
    s = schema
    thresholds = KfGoal("Gränsfall", [
        # Högre: exactly at the target, just under (within the 10 % share), under the band.
        _row(_ks("Andel exakt på målet", s.HIGHER, (0.5, 0.5 - 1e-6, 0.44), target=0.5,
                 unit="%"),
             _indicator("Andel med styrgräns", s.HIGHER, 0.065, "6,5%", (0.065, 0.0649, None),
                        "%", "Kolada")),
        # Row band 2: exactly at the band edge is GUL, just past it RÖD, just over GRÖN.
        _row(_ks("Index med gul gräns 2", s.HIGHER, (78, 77.9, 80.0001), target=80, band=2)),
        # Lägre with a "max" styrgräns; 0.0401 is inside 10 % of 4 %.
        _row(_ks("Sjukfrånvaro högst 4%", s.LOWER, (0.04, 0.0401, 0.045), target=0.04,
                 unit="%"),
             _indicator("Nettoinvesteringar", s.LOWER, 4000.0, "max 4000kr/inv",
                        (3999.5, 4000.0, 4400.0), "kr/inv", "SCB")),
        # Gul gräns 0 means no yellow zone at all (unlike a blank band).
        _row(_ks("Ingen gul zon", s.HIGHER, (79.99, 80.0, None), target=80, band=0.0)),
        # Negative outcome against target 0: the default share of 0 is no band.
        _row(_ks("Budgetavvikelse minst 0 tkr", s.HIGHER, (-850.0, 0.0, 12.5), target=0.0,
                 unit="tkr")),
    ])
    changes = KfGoal("Förändring", [
        # Ökar: standing still is at best GUL; blank outcome is Ej bedömd.
        _row(_ks("Antalet ökar", s.INCREASES, (10.0, 12.0, None), previous=10.0),
             _indicator("Antal e-tjänster", s.INCREASES, None, "", (3.0, 4.0, 4.0))),
        # Minskar with no previous year: the first period cannot be judged.
        _row(_ks("Fakturor sena minskar", s.DECREASES, (5.0, 4.0, 4.5), unit="dagar")),
        # Ökar after a blank period: nothing to compare with.
        _row(_ks("Invånare ökar", s.INCREASES, (None, 4801.0, 4795.0), previous=4812.0,
                 band=5)),
        # 0.1 + 0.2 against 0.3, both ways.
        _row(_ks("Flyttal högre", s.HIGHER, (0.1 + 0.2, 0.3, 0.3 - 1e-12), target=0.3)),
        _row(_ks("Flyttal lägre", s.LOWER, (0.1 + 0.2, 0.3 + 1e-12, 0.33), target=0.3)),
    ])
    judgement = KfGoal("Bedömning", [
        _row(_ks("Målet är Nej", s.YES_NO, (False, True, None), target=False),
             _indicator("Undantag finns", s.YES_NO, True, "Ja", (True, False, None))),
        _row(_ks("Webbplatsen lanseras", s.YES_NO, (False, True, True), target=True)),
        _row(_ks("Manuell regel", s.MANUAL, manual={P1: "GUL"})),
        _row(_ks("Manuell överstyr", s.HIGHER, (20.0, 20.0, 5.0), target=10,
                 manual={P2: "RÖD", P3: "GRÖN"})),
    ])
    texts = KfGoal(FORMULA_LOOKING[0], [
        _row(_ks(FORMULA_LOOKING[1], s.HIGHER, (1.0, 2.0, None), target=1,
                 analyses={P2: LONG_TEXT}),
             directions=[GoalDirection(FORMULA_LOOKING[2], "Alla", [
                 Activity(FORMULA_LOOKING[3], "Pågående", FORMULA_LOOKING[4]),
                 Activity("Andra aktiviteten", "Klar", "")]),
                 GoalDirection("Andra målinriktningen", "HR", [Activity("Enda aktiviteten")])]),
        _row(directions=[GoalDirection("Bara en målinriktning", "IT", [])]),
    ])
    settings = Settings(kommun="Gränsby kommun", verksamhet="Kommunledningskontoret", year=2025,
                        report_period=P2, title="Verksamhetsplan 2025 & uppföljning",
                        contact="Test Testsson", default_yellow_band=0.1)
    periods = [Period(P1, 2025, 1, 4), Period(P2, 2025, 1, 8), Period(P3, 2025, 1, 12)]
    return Plan(settings, periods, [thresholds, changes, judgement, texts],
                [ReportText("Inledning", "Första stycket.\n\nAndra stycket."),
                 ReportText("Analys", FORMULA_LOOKING[0], P2)])


def tie_plan() -> Plan:
    """16 KS mål, 1 GRÖN and 15 RÖD (manual): shares 6,25 % and 93,75 %, exact halves."""
    goals = [_ks(f"Mål {i}", schema.MANUAL, manual={P1: schema.GREEN if i == 0 else schema.RED})
             for i in range(16)]
    settings = Settings(kommun="Halvby kommun", verksamhet="KLK", year=2025, report_period=P1)
    return Plan(settings, [Period(P1, 2025, 1, 4)], [KfGoal("Allt", [_row(g) for g in goals])])


# --- the kommun's own words: its trend as written, a målvärde that is a year -------------------

Y1, Y2 = "Helår 2024", "Helår 2025"
QUOTED_TREND = 'Bättre än "väntat"'
LONG_TREND = ("Se kommentaren i analysen. " * 12).strip()  # past a formula's 255-character string
# 169 characters but 329 UTF-16 units, as Excel counts a formula's string: past its 255.
ASTRAL_TREND = "Bättre 😀 " + "𝔸😀" * 80


def _said(text: str, rule: str, before=None, now=None, target=None, trend: str = "",
          target_text: str = "", manual: str = "") -> Measure:
    return Measure(rule=rule, target=target, target_text=target_text,
                   outcomes={Y1: before, Y2: now}, trends={Y2: trend} if trend else {},
                   assessments={Y2: manual} if manual else {})


def words_plan() -> Plan:
    """A written trend with and without last year's value (the computed one wins where it
    can be computed), with a quote, past 255 characters, on a Ja/Nej goal, a manual goal and
    an indicator, with characters Excel counts twice (😀, 𝔸); målvärden and a styrgräns that
    are years ("Senast 2026") under every rule that reads the target cell, and rules in the
    kommun's words ("Ska minska jämfört med 2024"); a prognosis for the full year."""
    s = schema
    trends = KfGoal("Egen trend", [
        _row(KsGoal("Besöken ökar", _said("", s.HIGHER, 480.0, 520.0, 500.0, "Försämrad"))),
        _row(KsGoal("Nöjd kundindex", _said("", s.HIGHER, None, 77.0, 75.0, "↑"))),
        _row(KsGoal("Kön kortas", _said("", s.LOWER, None, 12.0, 10.0, QUOTED_TREND))),
        _row(KsGoal("Lång trend", _said("", s.MANUAL, trend=LONG_TREND, manual=s.YELLOW))),
        _row(KsGoal("Webben finns", _said("", s.YES_NO, None, True, trend="Positiv")),
             KfIndicator("Andel e-tjänster", "Minst 50 %",
                         _said("", s.HIGHER, None, 0.6, 0.5, "↓"))),
        _row(KsGoal("Ja/Nej jämförs", _said("", s.YES_NO, False, True, trend="Negativ"))),
    ])
    deadlines = KfGoal("Årtal som målvärde", [
        _row(KsGoal("Nytt boende högre", _said("", s.HIGHER, 3.0, 5.0, None, "",
                                               "Senast 2026"))),
        _row(KsGoal("Nytt boende lägre", _said("", s.LOWER, None, 5.0, None, "↓",
                                               "Klart 2027", s.YELLOW))),
        _row(KsGoal("Nytt boende Ja/Nej", _said("", s.YES_NO, False, True, None, "",
                                                "Senast 2026"))),
        _row(KsGoal("Nytt boende ökar", _said("", s.INCREASES, 10.0, 12.0, None, "",
                                              "Senast 2026"))),
        _row(KsGoal("Nytt boende sammanvägt", _said("", s.COMBINED)),
             KfIndicator("Platser i drift", "Senast 2027",
                         _said("", s.HIGHER, 1.0, 2.0, None))),
        _row(KsGoal("Nytt boende klart", _said("", s.MANUAL)),
             KfIndicator("Boendet öppnat", "Klart 2026", _said("", s.YES_NO, False, True))),
    ])
    fewer = _said("", s.DECREASES, 120.0, 104.0, None, "", "Ska minska jämfört med 2024")
    fewer.prognosis, fewer.prognosis_comment = s.GREEN, "Ledigheten minskar vid årets slut."
    manual = _said("", s.MANUAL, manual=s.YELLOW)
    manual.prognosis = s.RED
    rules_in_words = KfGoal("Regel i ord", [
        _row(KsGoal("Färre arbetslösa", fewer)),
        _row(KsGoal("Kortare väntan", manual),
             KfIndicator("Väntetid i dagar", "Lägre än 2024",
                         _said("", s.DECREASES, 40.0, 30.0, None, "", "Lägre än 2024"))),
        _row(KsGoal("Emoji i trenden", _said("", s.HIGHER, None, 5.0, 4.0, ASTRAL_TREND))),
    ])
    settings = Settings(kommun="Ordby kommun", verksamhet="Omsorgen", year=2025,
                        report_period=Y2, default_yellow_band=0.1)
    return Plan(settings, [Period(Y1, 2024, 1, 12), Period(Y2, 2025, 1, 12)],
                [trends, deadlines, rules_in_words])


# --- comparing plans ------------------------------------------------------------------------


def _number(value):
    return round(value, 12) if isinstance(value, float) else value


def _measure(measure: Measure) -> tuple:
    return (measure.rule, _number(measure.target), measure.unit, _number(measure.yellow_band),
            _number(measure.previous_year),
            tuple(sorted((p, _number(v)) for p, v in measure.outcomes.items())),
            tuple(sorted(measure.assessments.items())), tuple(sorted(measure.motivations.items())),
            tuple(sorted(measure.analyses.items())),
            # issue 21: what readers ask for survives the round trip too
            measure.prognosis, measure.prognosis_comment,
            tuple(sorted((n, _number(v)) for n, v in measure.comparisons.items())),
            tuple(sorted((label, tuple(sorted((p, _number(v)) for p, v in values.items())))
                         for label, values in measure.breakdown.items())))


def fingerprint(plan: Plan) -> dict:
    """What must survive a round trip: goals, indicators, directions, activities, texts and
    settings. Numbers are compared to 12 decimals (the file keeps 16 significant digits)."""
    rows = []
    for kf_goal in plan.kf_goals:
        for row in kf_goal.rows:
            indicator = row.indicator
            rows.append((
                kf_goal.name,
                (indicator.name, indicator.source, _measure(indicator.measure))
                if indicator else None,
                (row.ks_goal.text, _measure(row.ks_goal.measure)) if row.ks_goal else None,
                tuple((d.text, d.responsible,
                       tuple((a.text, a.status, a.comment) for a in d.activities))
                      for d in row.directions)))
    settings = {k: v for k, v in vars(plan.settings).items()}
    return {"settings": settings,
            "periods": [(p.name, p.year, p.first_month, p.last_month) for p in plan.periods],
            "rows": rows,
            "texts": [(t.heading, t.text, t.period) for t in plan.texts]}


def statuses(evaluation: Evaluation) -> dict:
    """Every status label (manual marked) by KS mål / indicator position and period."""
    plan = evaluation.plan
    result = {}
    for i, goal in enumerate(plan.ks_goals):
        for period in plan.period_names:
            result[("ks", i, goal.text, period)] = evaluation.ks_status(goal, period).label
    for i, indicator in enumerate(plan.indicators):
        for period in plan.period_names:
            result[("indicator", i, indicator.name, period)] = \
                evaluation.indicator_status(indicator, period).label
    return result


# --- reading a written workbook -----------------------------------------------------------


def load(path: Path, data_only: bool = False) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops the sparkline extension, and says so
        return openpyxl.load_workbook(path, data_only=data_only)


def header_columns(sheet) -> dict[str, int]:
    """Header text of row 1 -> 1-based column."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def summary_blocks(sheet, kf_names: list[str]):
    """Where Sammanställning keeps its numbers, found by their labels: the counts table
    (status -> row), the rows per KF ÖG mål (name -> row), the per-period table (status -> row)
    and that table's header row (period names from column B)."""
    first_column = [(c.value, c.row) for c in sheet["A"]]
    headers = [row for value, row in first_column if value == "Status"]
    counts = {sheet.cell(headers[0] + i, 1).value: headers[0] + i for i in range(1, 5)}
    kf_rows = {value: row for value, row in first_column if value in kf_names}
    periods = {sheet.cell(headers[1] + i, 1).value: headers[1] + i for i in range(1, 5)}
    return counts, kf_rows, periods, headers[1]


# --- editing an .xlsx as a person or another program would --------------------------------

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_FORMULA_CELL = re.compile(r'<c ([^>]*?)(?: t="\w+")?><f>(.*?)</f><v>[^<]*</v></c>', re.S)


def sheet_part(path: Path, sheet_name: str) -> str:
    """The zip member holding `sheet_name`'s XML."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    rel_id = next(s.get(f"{{{_NS['r']}}}id") for s in book.iter(f"{{{_NS['m']}}}sheet")
                  if s.get("name") == sheet_name)
    target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
    return "xl/" + target.lstrip("/").removeprefix("xl/")


def _rewrite(source: Path, target: Path, edit) -> Path:
    """Copy `source` to `target`, passing every worksheet's XML text through `edit`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = edit(item.filename, data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return target


def poison_cached_values(source: Path, target: Path) -> Path:
    """A copy in which every formula's saved value is the text FEL: only a real recalculation
    can bring the right values back."""
    return _rewrite(source, target, lambda _name, xml: _FORMULA_CELL.sub(
        rf'<c \1 t="str"><f>\2</f><v>{WRONG_CACHE}</v></c>', xml))


def type_text_into(source: Path, target: Path, sheet_name: str, cell: str, text: str) -> Path:
    """A copy where `cell` of `sheet_name` holds `text` as typed text (an inline string)."""
    part = sheet_part(source, sheet_name)
    pattern = re.compile(rf'<c r="{cell}"( s="\d+")?( t="\w+")?(/>|>.*?</c>)', re.S)

    def edit(name: str, xml: str) -> str:
        if name != part:
            return xml
        new, count = pattern.subn(
            lambda m: f'<c r="{cell}"{m.group(1) or ""} t="inlineStr"><is><t>{text}</t></is></c>',
            xml, count=1)
        assert count == 1, f"cell {cell} not found in {sheet_name}"
        return new

    return _rewrite(source, target, edit)

