"""The Word report: structure (styles, sections, the plan table's XML), content word for word
against the Norsjö plan, templates, dirty text, size, and the rendered PDF (LibreOffice)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from builders import EXEMPELBY as EXEMPELBY_WORKBOOK
from builders import NORSJO as NORSJO_WORKBOOK
from builders import run_cli, tiny_png
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from vp_excel.errors import TemplateInvalid
from vp_excel.libreoffice import convert, find_soffice
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
from vp_excel.rules import evaluate, summary_sentence
from vp_excel.schema import (
    DECREASES,
    GREEN,
    HIGHER,
    INCREASES,
    LOWER,
    MANUAL,
    NOT_ASSESSED,
    RED,
    STATUS_FILL,
    YELLOW,
    YES_NO,
)
from vp_excel.writers.docx.kinds import (
    ARSRAPPORT,
    DELARSRAPPORT,
    VERKSAMHETSPLAN,
    document_kind,
    document_title,
)
from vp_excel.writers.docx.report import (
    indicator_label,
    period_span,
    report_title,
    swedish_date,
    write_document,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TABLE_MD = HERE / "fixtures" / "klk-2025-tabell.md"  # copy of shared/seeds/klk-2025-tabell.md
NORSJO_SENTENCE = "av 8 identifierade KS-mål är 5 GRÖNA (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)"
NORSJO_TITLE = "Verksamhetsplan 2025 för kommunledningskontoret"
# The plan table's columns after the KF ÖG mål row, as the Norsjö plan names them.
PLAN_COLUMNS = ("KF Indikator (styrgräns)", "Senaste status", "KS mål", "KLKs målinriktningar",
                "Aktiviteter")
# Phrases the tool once invented; a published document never says them.
FILLER = ("Inga aktiviteter angivna", "Indikator: ", "Planen har inga mål ännu",
          "Inga KS-mål under detta mål", "Status visar KS-målens status",
          "Utfall, bedömning och analys för")


# --- plans built in code -------------------------------------------------------------------


def parse_table_md(path: Path = TABLE_MD) -> list[tuple[str, list[dict[str, str]]]]:
    """The plan table from the markdown: per KF ÖG mål its rows as dicts of the six cells."""
    goals: list[tuple[str, list[dict[str, str]]]] = []
    keys = ("nr", "indicator", "status", "ks", "direction", "activities")
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## KF ÖG mål \d+: (.+)", line)
        if heading:
            goals.append((heading.group(1).strip(), []))
            continue
        if goals and line.startswith("| ") and not line.startswith(("| #", "|---")):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            goals[-1][1].append(dict(zip(keys, cells)))
    return goals


def md_fragments(cell: str, column: str) -> list[str]:
    """The pieces of a markdown cell that must appear word for word in the report."""
    if column == "ks":
        return [part for part in cell.split(" ⏎ ") if part]
    if column in ("direction", "activities"):
        return [part.strip() for part in cell.split(";") if part.strip()]
    return [cell] if cell else []


# Styrgränser as the workbook holds them (facts in the md); the names already show them.
_NORSJO_LIMITS = {"HME": "79", "SAM": "Ja", "Sjukfrånvaro": "6,5%", "Budgetavvikelse": "0",
                  "Avslutsenkät": "75%", "Samverkan": "19", "Antal medborgare": "2000",
                  "Årsresultatets": "3%", "Soliditet": "50%", "Betalningsberedskap": "60 dagar",
                  "Nettoinvesteringar": "max 4000 kr/inv"}
NORSJO_PERIODS = [Period("Helår 2024", 2024, 1, 12), Period("Delår 1 2025", 2025, 1, 4),
                  Period("Delår 2 2025", 2025, 1, 8), Period("Helår 2025", 2025, 1, 12)]


def _direction(text: str) -> GoalDirection:
    match = re.match(r"^(.*\S)\s+\(([^()]{1,15})\)$", text)
    if match:
        return GoalDirection(match.group(1), match.group(2))
    unit = re.search(r"\((HR|EK|IT|Kansli|Alla)\)", text)
    return GoalDirection(text, unit.group(1) if unit else "")


def norsjo_plan() -> Plan:
    """Norsjö's KLK plan 2025 from klk-2025-tabell.md; statuses are the Helår 2024 start."""
    settings = Settings(
        kommun="Norsjö kommun", verksamhet="Kommunledningskontoret", year=2025,
        report_period="Helår 2024", short_name="KLK",
        title="Verksamhetsplan 2025 för kommunledningskontoret",
        subtitle="Prioriterade utvecklings- och insatsområden samt verksamheternas arbete mot "
                 "övergripande mål fastställda av KS.",
        vision="Världens bästa vardag", mandate_period="2023–2026",
        contact="Kommunledningskontoret", report_date=dt.date(2025, 2, 14))
    plan = Plan(settings, list(NORSJO_PERIODS))
    for kf_name, rows in parse_table_md():
        kf = KfGoal(kf_name)
        plan.kf_goals.append(kf)
        current: PlanRow | None = None
        last_nr = None
        for row in rows:
            if row["nr"] != last_nr:
                current = PlanRow()
                kf.rows.append(current)
                last_nr = row["nr"]
                if row["indicator"]:
                    limit = next((v for k, v in _NORSJO_LIMITS.items()
                                  if row["indicator"].startswith(k)), "")
                    current.indicator = KfIndicator(row["indicator"], limit, Measure(HIGHER))
                if row["ks"]:
                    current.ks_goal = _norsjo_goal(row["ks"], row["status"])
            directions = [_direction(d) for d in md_fragments(row["direction"], "direction")]
            activities = [Activity(a) for a in md_fragments(row["activities"], "activities")]
            if not directions and activities:
                directions = [GoalDirection("")]
            if directions:
                directions[0].activities = activities
            current.directions.extend(directions)
    plan.texts = [
        ReportText("Struktur inom verksamhetsplanen",
                   "KLKs verksamhetsplan är utformad för att både stötta verksamheternas arbete "
                   "och direkt verka för en högre måluppfyllelse för de övergripande målen och "
                   "mot visionen.\n\nEnheterna inom KLK bearbetar underlag och aktiviteter "
                   "löpande och gemensamma träffar planeras in under året."),
        ReportText("Inledning",
                   "Kommunledningskontoret (KLK) innefattar fyra stödenheter till kommunens "
                   "medborgare, politiker och övriga kommunala verksamheter: HR, ekonomi, kansli "
                   "och IT.\n\nArbetet återrapporteras till politiken vid utskott och "
                   "delårsredovisningar, samt följs upp i den årligen fastställda "
                   "internkontrollplanen."),
    ]
    return plan


def _norsjo_goal(text: str, status: str) -> KsGoal:
    text = text.replace(" ⏎ ", "\n")
    if text.startswith("KLK:s sjukfrånvaro"):  # the one goal with a number: rule, not hand
        return KsGoal(text, Measure(LOWER, 0.04, "%", outcomes={"Helår 2024": 0.0369}))
    return KsGoal(text, Measure(MANUAL, assessments={"Helår 2024": status},
                                motivations={"Helår 2024": "Utgångsläge enligt planen."}))


def exempelby_plan(logo: str = "") -> Plan:
    """A fictional kommun with three periods and every rule, for the analysis section."""
    periods = [Period("Delår 1 2025", 2025, 1, 4), Period("Delår 2 2025", 2025, 1, 8),
               Period("Helår 2025", 2025, 1, 12)]
    settings = Settings(kommun="Exempelby kommun", verksamhet="Socialförvaltningen", year=2025,
                        report_period="Delår 2 2025", title="Verksamhetsplan 2025",
                        vision="Tillsammans för en levande bygd", diarienummer="KS 2025/117",
                        contact="Anna Andersson", report_date=dt.date(2025, 9, 15), logo=logo)
    d1, d2 = "Delår 1 2025", "Delår 2 2025"
    goals = [
        KsGoal("Sjukfrånvaron ska inte överstiga 6 %",
               Measure(LOWER, 0.06, "%", outcomes={d1: 0.071, d2: 0.058},
                       analyses={d2: "Sjukfrånvaron har minskat sedan våren.\n\nDe tidiga "
                                     "samtalen ger effekt.\n• Fortsätt med KEDS\n• Följ upp "
                                     "långa sjukskrivningar"})),
        KsGoal("Andelen nöjda brukare ökar",
               Measure(INCREASES, None, "%", previous_year=0.81,
                       outcomes={d1: 0.83, d2: 0.82},
                       analyses={d2: "Minskningen är liten men ska följas."})),
        KsGoal("Väntetiden till bistånd minskar",
               Measure(DECREASES, None, "dagar", yellow_band=2, outcomes={d1: 21, d2: 22})),
        KsGoal("Digital ansökan finns för alla insatser",
               Measure(YES_NO, True, outcomes={d1: False, d2: True})),
        KsGoal("Samverkan med regionen fördjupas",
               Measure(MANUAL, assessments={d2: YELLOW},
                       motivations={d2: "Avtalet är klart men inte undertecknat."})),
        KsGoal("Kostnad per brukare håller budget",
               Measure(HIGHER, 4000, "kr/inv", outcomes={})),
    ]
    def activities(*items: tuple[str, str, str]) -> list[Activity]:
        return [Activity(*item) for item in items]

    kf1 = KfGoal("Trygg vård och omsorg", [
        PlanRow(KfIndicator("Sjukfrånvaro", "6,5%", Measure(LOWER, 0.065, "%",
                                                            outcomes={d2: 0.061})),
                goals[0], [GoalDirection("Friskare arbetsplatser", "HR", activities(
                    ("Tidiga samtal vid korttidsfrånvaro", "Pågående", "Alla chefer utbildade."),
                    ("KEDS vid APT", "Klar", "")))]),
        PlanRow(KfIndicator("Brukarnöjdhet (SCB)", "85%", Measure(HIGHER, 0.85, "%")),
                goals[1], [GoalDirection("Bättre bemötande", "Alla", activities(
                    ("Utbildning i bemötande", "Ej påbörjad", "Planeras till hösten."))),
                    GoalDirection("Tydligare information", "Kansli", activities(
                        ("Ny broschyr", "Utgår", "Ersätts av webben.")))]),
        PlanRow(None, goals[2], [GoalDirection("Snabbare handläggning", "Alla", activities(
            ("Digital ansökan", "Pågående", "")))]),
        PlanRow(KfIndicator("Personalomsättning", "max 10%", Measure(LOWER, 0.1, "%")), None,
                [GoalDirection("Attraktiv arbetsgivare", "HR", activities(
                    ("Medarbetarenkät", "Klar", "Svarsfrekvens 84 %.")))]),
    ])
    kf2 = KfGoal("Hållbar ekonomi", [
        PlanRow(KfIndicator("Digitala tjänster (Ja/Nej)", "Ja", Measure(YES_NO, True)),
                goals[3], [GoalDirection("E-tjänster", "IT")]),
        PlanRow(None, goals[4], [GoalDirection("Regional samverkan", "Alla", activities(
            ("Avtal med regionen", "Pågående", "Väntar på regionens beslut.")))]),
        PlanRow(KfIndicator("Nettokostnad per invånare", "max 4000 kr/inv",
                            Measure(LOWER, 4000, "kr/inv")), goals[5], []),
    ])
    kf3 = KfGoal("Attraktiv kommun", [])
    plan = Plan(settings, periods, [kf1, kf2, kf3])
    plan.texts = [
        ReportText("Ekonomi", "Prognosen är ett överskott på 1,2 mnkr."),
        ReportText("Inledning", "Rapporten följer upp verksamhetsplanen för Delår 2.\n\n"
                                "Tre mål har förbättrats sedan Delår 1."),
        ReportText("Inledning", "Denna text gäller bara Helår.", period="Helår 2025"),
        ReportText("Ekonomi", "• Personalkostnader i balans\n• Lokalkostnader över budget"),
    ]
    return plan


def big_plan(directions: int, per_row: int = 4) -> Plan:
    """A generated plan with `directions` målinriktningar, for the size test."""
    period = Period("Delår 1 2025", 2025, 1, 4)
    plan = Plan(Settings("Stor kommun", "Förvaltningen", 2025, period.name), [period])
    made = 0
    kf_index = 0
    while made < directions:
        kf_index += 1
        kf = KfGoal(f"KF-mål {kf_index}")
        plan.kf_goals.append(kf)
        for row_index in range(25):
            if made >= directions:
                break
            goal = KsGoal(f"KS-mål {kf_index}.{row_index} ska nås",
                          Measure(HIGHER, 10.0, "antal", outcomes={period.name: row_index % 15}))
            row = PlanRow(KfIndicator(f"Indikator {kf_index}.{row_index}", "10",
                                      Measure(HIGHER, 10.0)), goal)
            for _ in range(min(per_row, directions - made)):
                row.directions.append(GoalDirection(
                    f"Målinriktning {made}", "Alla",
                    [Activity(f"Aktivitet {made}.{a} med lite längre text", "Pågående")
                     for a in range(2)]))
                made += 1
            kf.rows.append(row)
    return plan


# --- reading the written document ----------------------------------------------------------


def write(plan: Plan, folder: Path, name: str = "rapport.docx",
          template: Path | None = None, kind: str | None = None) -> tuple[Path, list[str]]:
    path = folder / name
    warnings = write_document(evaluate(plan), path, template=template, kind=kind)
    return path, warnings


def paragraph_text(p) -> str:
    """The text of a w:p; of any other element, its paragraphs' texts joined by spaces."""
    if p.tag != qn("w:p"):
        return " ".join(paragraph_text(child) for child in p.iter(qn("w:p")))
    parts = []
    for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(parts)


def normalized(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def body_text(path: Path) -> str:
    """Every paragraph of the body (tables included), whitespace normalized."""
    document = docx.Document(str(path))
    return normalized(" ".join(paragraph_text(p) for p in document.element.body.iter(qn("w:p"))))


def plan_tables(document) -> list[tuple[str, object]]:
    """(KF ÖG mål, w:tbl) for each table of the plan: its first row names the goal."""
    found = []
    for tbl in document.element.body.iter(qn("w:tbl")):
        first = normalized(paragraph_text(tbl.find(qn("w:tr"))))
        if first.startswith("KF ÖG mål: "):
            found.append((first[len("KF ÖG mål: "):], tbl))
    assert found, "the plan table is missing"
    return found


def plan_rows(document) -> list[dict[str, object]]:
    """Every data row of the plan tables as {column title: w:tc}, "KF ÖG mål" included."""
    rows = []
    for kf, tbl in plan_tables(document):
        trs = tbl.findall(qn("w:tr"))
        titles = [normalized(paragraph_text(tc)) for tc in trs[1].findall(qn("w:tc"))]
        for tr in trs[2:]:
            rows.append({"KF ÖG mål": kf, **dict(zip(titles, tr.findall(qn("w:tc"))))})
    return rows


def cell_fill(tc) -> str | None:
    shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shd is None else shd.get(qn("w:fill"))


def vmerge(tc) -> str | None:
    element = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if element is None:
        return None
    return element.get(qn("w:val"), "continue")


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, normalized(p.text)) for p in document.paragraphs
            if p.style is not None and p.style.name.startswith(("Heading", "Title"))]


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def norsjo_docx(tmp_path_factory) -> Path:
    path, warnings = write(norsjo_plan(), tmp_path_factory.mktemp("norsjo"), "norsjo.docx")
    assert warnings == []
    return path


@pytest.fixture(scope="module")
def norsjo_report_docx(tmp_path_factory) -> Path:
    """The Norsjö plan as an årsrapport on Helår 2024 (--dokument arsrapport)."""
    path, warnings = write(norsjo_plan(), tmp_path_factory.mktemp("norsjo-report"),
                           "norsjo-arsrapport.docx", kind=ARSRAPPORT)
    assert warnings == []
    return path


@pytest.fixture(scope="module")
def exempelby_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exempelby")
    (folder / "logo.png").write_bytes(tiny_png())
    plan = exempelby_plan(logo="logo.png")
    plan.source_file = str(folder / "exempelby-2025.xlsx")
    path, warnings = write(plan, folder, "exempelby.docx")
    assert warnings == []
    return path


@pytest.fixture(scope="module")
def norsjo_workbook_docx(example_reports) -> Path:
    return example_reports["norsjo"]["docx"]


@pytest.fixture(scope="module")
def exempelby_workbook_docx(example_reports) -> Path:
    return example_reports["exempelby"]["docx"]


# --- structure ------------------------------------------------------------------------------


def test_plan_headings_are_the_plans_own(norsjo_docx):
    """The verksamhetsplan has the plan's title and texts; no report sections."""
    found = headings(docx.Document(str(norsjo_docx)))
    assert found[0] == ("Title", NORSJO_TITLE)
    assert [text for style, text in found if style.startswith("Heading")] == [
        "Inledning", "Struktur inom verksamhetsplanen"]


def test_report_headings_are_word_styles(norsjo_report_docx):
    found = headings(docx.Document(str(norsjo_report_docx)))
    assert found[0] == ("Title", "Årsrapport 2024 – Kommunledningskontoret")
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == ["Inledning", "Struktur inom verksamhetsplanen",
                      "Sammanfattning och måluppfyllelse", "Analys per KS-mål"]
    level2 = [text for style, text in found if style == "Heading 2"]
    assert level2 == [kf for kf, _rows in parse_table_md()]
    level3 = [text for style, text in found if style == "Heading 3"]
    assert "Antalet e-tjänster ökar Digitala lösningar som ersätter analoga (Ja/nej)" in level3


def test_the_two_line_goal_stays_two_lines(norsjo_report_docx, norsjo_workbook_docx):
    """The e-tjänster KS mål is one cell of two lines: a line break, nothing between."""
    for path in (norsjo_report_docx, norsjo_workbook_docx):
        runs = [r for r in docx.Document(str(path)).element.body.iter(qn("w:r"))
                if "".join(t.text or "" for t in r.iter(qn("w:t"))).startswith(
                    "Antalet e-tjänster ökar")]
        assert runs, path
        for run in runs:
            parts = [(child.tag, child.text) for child in run
                     if child.tag in (qn("w:t"), qn("w:br"))]
            assert parts == [(qn("w:t"), "Antalet e-tjänster ökar"), (qn("w:br"), None),
                             (qn("w:t"), "Digitala lösningar som ersätter analoga (Ja/nej)")]


@pytest.mark.parametrize("which, orientations", [
    ("norsjo_docx", ["portrait", "landscape"]),
    ("exempelby_docx", ["portrait", "landscape", "portrait"]),
])
def test_sections_on_a4_with_the_table_landscape(which, orientations, request):
    document = docx.Document(str(request.getfixturevalue(which)))
    sections = document.sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.LANDSCAPE if o == "landscape" else WD_ORIENT.PORTRAIT for o in orientations]
    sizes = [(round(s.page_width.cm, 1), round(s.page_height.cm, 1)) for s in sections]
    assert sizes == [(29.7, 21.0) if o == "landscape" else (21.0, 29.7) for o in orientations]
    # Every plan table sits in the landscape section (the second one).
    body = list(document.element.body)
    breaks = [i for i, element in enumerate(body)
              if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    for _kf, table in plan_tables(document):
        assert breaks[0] < body.index(table)
        assert len(breaks) == 1 or body.index(table) < breaks[1]


def test_plan_table_header_repeats_and_rows_do_not_split(norsjo_docx):
    """Two header rows repeat on every page: the KF ÖG mål, then the column titles (the
    plan's own), so every page of the table says which goal it shows."""
    for kf, table in plan_tables(docx.Document(str(norsjo_docx))):
        rows = table.findall(qn("w:tr"))
        header = [r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for r in rows]
        assert header == [True, True] + [False] * (len(rows) - 2), kf
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
        titles = tuple(normalized(paragraph_text(tc)) for tc in rows[1].findall(qn("w:tc")))
        columns = len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
        assert all(len(r.findall(qn("w:tc"))) == columns for r in rows[1:])
        span = rows[0].find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:gridSpan')}")
        assert int(span.get(qn("w:val"))) == columns
        assert titles == PLAN_COLUMNS


def test_one_plan_table_per_kf_goal_in_plan_order(norsjo_docx):
    document = docx.Document(str(norsjo_docx))
    assert [kf for kf, _table in plan_tables(document)] == [kf for kf, _rows in parse_table_md()]
    rows = plan_rows(document)
    expected_rows = sum(len(rows) for _kf, rows in parse_table_md()) + 1  # row 11 has two
    assert len(rows) == expected_rows


def test_goal_cells_merge_over_their_directions(norsjo_docx):
    rows = plan_rows(docx.Document(str(norsjo_docx)))
    columns = ("KF Indikator (styrgräns)", "Senaste status", "KS mål")
    # Row 1 of the md: one KS mål over three målinriktningar.
    assert [vmerge(rows[0][c]) for c in columns] == ["restart"] * 3
    assert vmerge(rows[0]["KLKs målinriktningar"]) is None
    for row in rows[1:3]:
        assert [vmerge(row[c]) for c in columns] == ["continue"] * 3


@pytest.mark.parametrize("which, column, status, shown", [
    ("norsjo_docx", "Senaste status", GREEN, GREEN),  # the plan's words: no "(manuell)"
    ("norsjo_docx", "Senaste status", RED, RED),
    ("norsjo_report_docx", "Status", GREEN, f"{GREEN} (manuell)"),
    ("norsjo_report_docx", "Status", RED, f"{RED} (manuell)"),
])
def test_status_cells_have_colour_and_word(which, column, status, shown, request):
    rows = plan_rows(docx.Document(str(request.getfixturevalue(which))))
    cells = [row[column] for row in rows if column in row]
    with_word = [tc for tc in cells if normalized(paragraph_text(tc)).startswith(status)]
    assert with_word, status
    assert {cell_fill(tc) for tc in with_word} == {STATUS_FILL[status].lstrip("#")}
    texts = {normalized(paragraph_text(tc)) for tc in with_word}
    assert shown in texts
    if which == "norsjo_docx":
        assert texts == {status}


def test_rule_status_is_not_marked_manual(norsjo_report_docx):
    for row in plan_rows(docx.Document(str(norsjo_report_docx))):
        if paragraph_text(row["KS mål"]).startswith("KLK:s sjukfrånvaro"):
            assert normalized(paragraph_text(row["Status"])) == GREEN
            return
    raise AssertionError("sjukfrånvaro row not found")


def test_status_words_in_exempelby_table(exempelby_docx):
    statuses = {}
    for row in plan_rows(docx.Document(str(exempelby_docx))):
        if "KS mål" in row and vmerge(row["Status"]) != "continue" and paragraph_text(
                row["KS mål"]):
            statuses[normalized(paragraph_text(row["KS mål"]))] = (
                normalized(paragraph_text(row["Status"])), cell_fill(row["Status"]))
    assert statuses["Sjukfrånvaron ska inte överstiga 6 %"] == (GREEN, "92D050")
    assert statuses["Andelen nöjda brukare ökar"] == (YELLOW, "FFE699") or \
        statuses["Andelen nöjda brukare ökar"][0] == RED
    assert statuses["Samverkan med regionen fördjupas"] == (f"{YELLOW} (manuell)", "FFE699")
    assert statuses["Kostnad per brukare håller budget"] == (NOT_ASSESSED, "D9D9D9")


def test_activities_are_bullet_paragraphs(norsjo_docx):
    document = docx.Document(str(norsjo_docx))
    cell = plan_rows(document)[0]["Aktiviteter"]
    items = [p for p in cell.findall(qn("w:p"))]
    styles = {p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) for p in items}
    assert len(items) == 3 and len(styles) == 1
    style = document.styles.element.get_by_id(styles.pop())
    # A compact list style of its own, in a bullet list of its own.
    assert style.name_val == "Tabellpunkt"
    num_id = style.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    abstract = numbering.xpath(f"w:abstractNum[@w:abstractNumId={num.abstractNumId.val}]")[0]
    ns = {"w": qn("w:p")[1:].split("}")[0]}
    assert abstract.xpath("w:lvl/w:numFmt/@w:val", namespaces=ns) == ["bullet"]
    assert not abstract.xpath("w:lvl/w:pStyle", namespaces=ns)
    assert normalized(paragraph_text(items[2])) == "Förbättrad och uppdaterad info på Intranätet"


def test_header_has_kommun_and_page_of_pages_fields(norsjo_docx):
    document = docx.Document(str(norsjo_docx))
    for section in document.sections:
        header = section.header._element
        instructions = [t.text.strip() for t in header.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        text = normalized(paragraph_text(header))
        assert "Norsjö kommun" in text
        assert re.search(r"1\(\d+\)", text.replace(" ", "")), text
        begins = [f for f in header.iter(qn("w:fldChar")) if f.get(qn("w:fldCharType")) ==
                  "begin"]
        assert len(begins) == 2


def test_language_no_update_fields_question_and_fonts(norsjo_docx):
    document = docx.Document(str(norsjo_docx))
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "sv-SE"
    # w:updateFields would make Word ask "update the fields?" on every opening.
    assert document.settings.element.find(qn("w:updateFields")) is None
    assert document.styles["Heading 1"].font.name == "Arial"


def test_core_properties(norsjo_docx):
    props = docx.Document(str(norsjo_docx)).core_properties
    assert props.title == NORSJO_TITLE
    assert props.author == "Kommunledningskontoret"
    assert props.language == "sv-SE"


def test_title_block(exempelby_docx):
    text = body_text(exempelby_docx)
    assert "Delårsrapport 2 2025 – Socialförvaltningen" in text
    assert "Period: januari–augusti 2025" in text
    assert "Rapportdatum: 15 september 2025" in text
    assert "Vision: Tillsammans för en levande bygd" in text
    assert "Diarienummer: KS 2025/117" in text


# --- content --------------------------------------------------------------------------------


def test_norsjo_plan_word_for_word(norsjo_docx):
    assert_plan_in_document(norsjo_docx)


def test_norsjo_workbook_word_for_word(norsjo_workbook_docx):
    assert_plan_in_document(norsjo_workbook_docx)


def test_exempelby_workbook_every_goal_with_status(exempelby_workbook_docx):
    from vp_excel.reader import read_plan

    plan, _problems = read_plan(EXEMPELBY_WORKBOOK)
    evaluation = evaluate(plan)
    text = body_text(exempelby_workbook_docx)
    assert f"Sammanfattning {evaluation.period}: {summary_sentence(evaluation.summary())}" in text
    shown = {}
    for row in plan_rows(docx.Document(str(exempelby_workbook_docx))):
        if "KS mål" in row and paragraph_text(row["KS mål"]).strip():
            shown[normalized(paragraph_text(row["KS mål"]))] = normalized(
                paragraph_text(row["Status"]))
    for goal in plan.ks_goals:
        assert shown[normalized(goal.text)] == evaluation.ks_status(goal).label
        assert normalized(goal.text) in text


def test_build_through_api_writes_docx(tmp_path):
    from vp_excel.api import build

    result = build(EXEMPELBY_WORKBOOK, out_dir=tmp_path, formats=("docx",))
    assert result.warnings == []
    [output] = result.outputs
    assert output.suffix == ".docx" and output.parent == tmp_path
    assert [p.name for p in tmp_path.iterdir()] == [output.name]  # no temp file left
    assert "Delårsrapport 2 2025" in body_text(output)


def test_empty_plan_still_writes(tmp_path):
    period = Period("Delår 1 2026", 2026, 1, 4)
    plan = Plan(Settings("", "", 2026, period.name), [period])
    path, warnings = write(plan, tmp_path)
    assert warnings == []
    text = body_text(path)
    assert "Delårsrapport 1 2026" in text
    assert "av 0 identifierade KS-mål är 0 GRÖN (-%), 0 GUL (-%), 0 RÖD (-%)" in text
    assert not any(filler in text for filler in FILLER)
    # No plan table, so no empty landscape page and no empty analysis heading.
    document = docx.Document(str(path))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT]
    assert "Analys per KS-mål" not in [text for _style, text in headings(document)]


def assert_plan_in_document(path: Path, sentence: bool = True) -> None:
    text = body_text(path)
    missing = []
    for kf_name, rows in parse_table_md():
        expected = [kf_name]
        for row in rows:
            for column in ("indicator", "ks", "direction", "activities"):
                expected += md_fragments(row[column], column)
        missing += [item for item in expected if normalized(item) not in text]
    assert missing == []
    if sentence:
        assert f"Utgångsläge sammanfattning Helår 2024: {NORSJO_SENTENCE}" in text
    assert not any(filler in text for filler in FILLER)


def test_summary_sentences_current_and_previous(exempelby_docx):
    plan = exempelby_plan()
    evaluation = evaluate(plan)
    text = body_text(exempelby_docx)
    for period in ("Delår 2 2025", "Delår 1 2025"):
        sentence = summary_sentence(evaluation.summary(period))
        assert f"Sammanfattning {period}: {sentence}" in text
    assert "Sammanfattning Helår 2025" not in text


def test_count_table_per_kf_goal(exempelby_docx):
    document = docx.Document(str(exempelby_docx))
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        titles = [normalized(paragraph_text(tc)) for tc in rows[0].findall(qn("w:tc"))]
        if titles[0] == "KF ÖG mål" and "Totalt" in titles:
            break
    else:
        raise AssertionError("count table missing")
    assert titles == ["KF ÖG mål", GREEN, YELLOW, RED, NOT_ASSESSED, "Totalt"]
    fills = [cell_fill(tc) for tc in rows[0].findall(qn("w:tc"))[1:5]]
    assert fills == [STATUS_FILL[s].lstrip("#") for s in (GREEN, YELLOW, RED, NOT_ASSESSED)]
    body = [[normalized(paragraph_text(tc)) for tc in r.findall(qn("w:tc"))] for r in rows[1:]]
    assert body[0][0] == "Trygg vård och omsorg" and body[0][-1] == "3"
    assert body[2] == ["Attraktiv kommun", "0", "0", "0", "0", "0"]
    assert body[-1][0] == "Totalt" and body[-1][-1] == "6"


def test_analysis_per_ks_goal(exempelby_docx):
    text = body_text(exempelby_docx)
    assert "Status Delår 2 2025: GRÖN" in text
    assert "Utfall: 5,8%" in text
    assert "Målvärde: 6% (lägre är bättre)" in text
    assert "Föregående period (Delår 1 2025): RÖD, utfall 7,1%" in text
    assert "Motivering: Avtalet är klart men inte undertecknat." in text
    assert "Sjukfrånvaron har minskat sedan våren. De tidiga samtalen ger effekt." in text
    assert "Bedömning: utfall saknas" in text
    # activities with status and comment
    assert "Tidiga samtal vid korttidsfrånvaro Pågående Alla chefer utbildade." in text
    assert "Ny broschyr Utgår Ersätts av webben." in text
    assert "Övriga målinriktningar och aktiviteter" in text
    assert "Medarbetarenkät Klar Svarsfrekvens 84 %." in text


def test_texts_inledning_first_grouped_and_period_filtered(exempelby_docx):
    document = docx.Document(str(exempelby_docx))
    level1 = [text for style, text in headings(document) if style == "Heading 1"]
    assert level1[:2] == ["Inledning", "Ekonomi"]
    text = body_text(exempelby_docx)
    assert "Denna text gäller bara Helår." not in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Personalkostnader i balans" in bullets and "Fortsätt med KEDS" in bullets


def test_logo_in_header(exempelby_docx):
    header = docx.Document(str(exempelby_docx)).sections[0].header
    assert header._element.xpath(".//pic:pic")
    assert "Dnr KS 2025/117" in normalized(paragraph_text(header._element))


def test_missing_logo_gives_warning_and_report(tmp_path):
    plan = exempelby_plan(logo="finns-inte.png")
    plan.source_file = str(tmp_path / "bok.xlsx")
    path, warnings = write(plan, tmp_path)
    assert path.exists()
    assert len(warnings) == 1 and "finns-inte.png" in warnings[0]


def test_broken_logo_gives_warning(tmp_path):
    (tmp_path / "logo.png").write_text("ingen bild")
    plan = exempelby_plan(logo="logo.png")
    plan.source_file = str(tmp_path / "bok.xlsx")
    path, warnings = write(plan, tmp_path)
    assert path.exists() and len(warnings) == 1 and "kunde inte läsas" in warnings[0]


@pytest.mark.parametrize("name, limit, expected", [
    ("Sjukfrånvaro (6,5%)", "6,5%", "Sjukfrånvaro (6,5%)"),
    ("Sjukfrånvaro (6,5 %)", "6,5%", "Sjukfrånvaro (6,5 %)"),
    ("Nettoinvesteringar (max 4000kr/inv)", "max 4 000 kr/inv",
     "Nettoinvesteringar (max 4000kr/inv)"),
    ("HME (styrgräns motivationsindex: 79)", "79", "HME (styrgräns motivationsindex: 79)"),
    ("SAM (undantag särskilda skäl? = Ja", "Ja", "SAM (undantag särskilda skäl? = Ja"),
    ("Sjukfrånvaro", "6,5%", "Sjukfrånvaro (6,5%)"),
    ("Antal medborgare (ålder 19-64 år)", "2000", "Antal medborgare (ålder 19-64 år) (2000)"),
    ("Brukarnöjdhet", "", "Brukarnöjdhet"),
    ("Jämförelse", "Ja", "Jämförelse (Ja)"),
])
def test_indicator_label(name, limit, expected):
    assert indicator_label(KfIndicator(name, limit, Measure(HIGHER))) == expected


@pytest.mark.parametrize("period, verksamhet, title", [
    (Period("Delår 2 2025", 2025, 1, 8), "Kommunledningskontoret",
     "Delårsrapport 2 2025 – Kommunledningskontoret"),
    (Period("Helår 2024", 2024, 1, 12), "Kommunledningskontoret",
     "Årsrapport 2024 – Kommunledningskontoret"),
    (Period("Delår 1 2025", 2025, 1, 4), "", "Delårsrapport 1 2025"),
    (Period("Tertial 2 2025", 2025, 5, 8), "KLK", "Uppföljning Tertial 2 2025 – KLK"),
])
def test_report_title(period, verksamhet, title):
    plan = Plan(Settings("K", verksamhet, period.year, period.name), [period])
    assert report_title(plan, period) == title


@pytest.mark.parametrize("period, year, kind, title", [
    # The plan's starting point makes the plan itself.
    (Period("Helår 2024", 2024, 1, 12), 2025, VERKSAMHETSPLAN, NORSJO_TITLE),
    (Period("Delår 2 2025", 2025, 1, 8), 2025, DELARSRAPPORT,
     "Delårsrapport 2 2025 – Kommunledningskontoret"),
    (Period("Helår 2025", 2025, 1, 12), 2025, ARSRAPPORT,
     "Årsrapport 2025 – Kommunledningskontoret"),
])
def test_the_period_chooses_the_document(period, year, kind, title):
    plan = Plan(Settings("Norsjö kommun", "Kommunledningskontoret", year, period.name,
                         title=NORSJO_TITLE), [period])
    assert document_kind(plan, period) == kind
    assert document_title(plan, period, kind) == title


def test_a_plan_without_its_own_title_is_named_by_year_and_verksamhet():
    period = Period("Helår 2024", 2024, 1, 12)
    plan = Plan(Settings("K", "Socialförvaltningen", 2025, period.name), [period])
    assert document_title(plan, period, VERKSAMHETSPLAN) == (
        "Verksamhetsplan 2025 – Socialförvaltningen")


def test_a_report_can_be_chosen_for_the_starting_point(norsjo_report_docx, norsjo_docx):
    assert body_text(norsjo_report_docx).startswith("Norsjö kommun Årsrapport 2024")
    assert "Sammanfattning Helår 2024: " + NORSJO_SENTENCE in body_text(norsjo_report_docx)
    # The motivation shared by seven goals is said once, not under each.
    assert body_text(norsjo_report_docx).count("Utgångsläge enligt planen.") == 1
    assert "Utgångsläge enligt planen." not in body_text(norsjo_docx)


def test_empty_sections_and_columns_are_left_out(tmp_path):
    plan = exempelby_plan()
    plan.texts.append(ReportText("Omvärld", "  \n "))
    for kf in plan.kf_goals:  # nobody wrote a status or a comment on any activity
        for row in kf.rows:
            for direction in row.directions:
                for activity in direction.activities:
                    activity.status = activity.comment = ""
    path, _warnings = write(plan, tmp_path)
    document = docx.Document(str(path))
    assert "Omvärld" not in [text for _style, text in headings(document)]
    assert "Attraktiv kommun" not in [text for style, text in headings(document)
                                      if style == "Heading 2"]  # a KF ÖG mål with nothing
    for tbl in document.element.body.iter(qn("w:tbl")):
        titles = [normalized(paragraph_text(tc)) for tc in tbl.find(qn("w:tr")).findall(
            qn("w:tc"))]
        if titles[0] == "Målinriktning":
            assert "Status" not in titles and "Kommentar" not in titles
    text = body_text(path)
    assert not any(filler in text for filler in FILLER)
    # "E-tjänster (IT)" has no activities: its row stands, with nothing invented beside it.
    assert "E-tjänster (IT)" in text


@pytest.mark.parametrize("period, text", [
    (Period("Delår 2 2025", 2025, 1, 8), "januari–augusti 2025"),
    (Period("Helår 2024", 2024, 1, 12), "januari–december 2024"),
    (Period("Mars", 2025, 3, 3), "mars 2025"),
])
def test_period_span(period, text):
    assert period_span(period) == text


def test_swedish_date():
    assert swedish_date(dt.date(2026, 11, 27)) == "27 november 2026"


# --- dirty text and size --------------------------------------------------------------------


def test_dirty_workbook_text_is_written_cleanly(tmp_path):
    plan = exempelby_plan()
    kf = plan.kf_goals[0]
    kf.name = "Trygg\x01 vård_x000B_och omsorg \U0001F600"
    kf.rows[0].ks_goal.text = "Mål med\x0b radbrytning och \ud800ensam surrogat"
    kf.rows[0].directions[0].activities.append(Activity("Aktivitet\x00 med \x1fkontroll"))
    plan.texts.append(ReportText("Rubrik\x07", "Text med _x0007_ och \ufffe tecken\x0c slut"))
    plan.settings.verksamhet = "Social\x02förvaltningen"
    path, warnings = write(plan, tmp_path)
    assert warnings == []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                data = package.read(name).decode("utf-8")
                assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", data), name
    text = body_text(path)
    assert "Trygg vård och omsorg \U0001F600" in text
    assert "Mål med radbrytning och ensam surrogat" in text
    assert "Aktivitet med kontroll" in text
    assert "Delårsrapport 2 2025 – Socialförvaltningen" in text


def test_large_plan_writes(tmp_path):
    plan = big_plan(2000)
    path, warnings = write(plan, tmp_path)
    assert warnings == []
    assert len(plan_rows(docx.Document(str(path)))) == 2000


# --- templates ------------------------------------------------------------------------------


def make_template(folder: Path, *, drop_styles: tuple[str, ...] = (), name: str = "mall.docx"
                  ) -> Path:
    """A kommun template made in code: own header text, own style and font, 2,5 cm margins."""
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = docx.shared.Cm(2.5)
    section.header.paragraphs[0].text = "Exempelby kommun – mallhuvud"
    section.footer.paragraphs[0].text = "Exempelby kommun, 123 45 Exempelby"
    style = document.styles.add_style("Kommuntext", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = "Georgia"
    style.font.size = Pt(12)
    document.styles["Normal"].font.name = "Georgia"
    for style_name in drop_styles:
        element = document.styles[style_name].element
        element.getparent().remove(element)
    document.add_paragraph("Malltext som ska bort.")
    path = folder / name
    document.save(str(path))
    return path


def test_template_keeps_header_styles_and_page_setup(tmp_path):
    template = make_template(tmp_path)
    path, warnings = write(exempelby_plan(), tmp_path, template=template)
    assert warnings == []
    document = docx.Document(str(path))
    for section in document.sections:
        assert "Exempelby kommun – mallhuvud" in section.header.paragraphs[0].text
        assert "123 45 Exempelby" in section.footer.paragraphs[0].text
        assert round(section.left_margin.cm, 1) == 2.5
    assert document.styles["Kommuntext"].font.name == "Georgia"
    assert document.styles["Normal"].font.name == "Georgia"
    text = body_text(path)
    assert "Malltext som ska bort." not in text
    assert "Delårsrapport 2 2025 – Socialförvaltningen" in text
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT,
                                                          WD_ORIENT.LANDSCAPE,
                                                          WD_ORIENT.PORTRAIT]


def test_template_without_header_gets_the_report_header(tmp_path):
    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    template = tmp_path / "utan-sidhuvud.docx"
    document.save(str(template))
    path, _warnings = write(exempelby_plan(), tmp_path, template=template)
    header = docx.Document(str(path)).sections[0].header._element
    assert [t.text.strip() for t in header.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert docx.Document(str(path)).styles["Normal"].font.name == "Georgia"


@pytest.mark.parametrize("missing", [("List Bullet",), ("Heading 1", "Table Grid")])
def test_template_missing_style_warns_and_falls_back(tmp_path, missing):
    template = make_template(tmp_path, drop_styles=missing)
    path, warnings = write(exempelby_plan(), tmp_path, template=template)
    assert warnings == [f"Mallen saknar formatmallen {name}; standardutseende används."
                        for name in missing]
    document = docx.Document(str(path))
    for name in missing:
        assert document.styles[name] is not None  # the built-in look was added
    if "List Bullet" in missing:
        bullet = document.styles["List Bullet"].element
        assert bullet.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    if "Heading 1" in missing:
        assert [t for s, t in headings(document) if s == "Heading 1"][0] == "Inledning"


def test_template_without_numbering_part_gets_bullets(tmp_path):
    template = make_template(tmp_path, drop_styles=("List Bullet",))
    stripped = tmp_path / "utan-numrering.docx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/numbering.xml":
                continue
            if item.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*numbering\.xml"/>', b"", data)
            if item.filename == "[Content_Types].xml":
                data = re.sub(rb'<Override PartName="/word/numbering\.xml"[^>]*/>', b"", data)
            target.writestr(item, data)
    path, warnings = write(exempelby_plan(), tmp_path, template=stripped)
    assert warnings == ["Mallen saknar formatmallen List Bullet; standardutseende används."]
    assert docx.Document(str(path)).part.numbering_part.element.findall(qn("w:num"))


def test_dotx_template_is_accepted(tmp_path):
    template = make_template(tmp_path)
    dotx = tmp_path / "mall.dotx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, data)
    path, _warnings = write(exempelby_plan(), tmp_path, template=dotx)
    assert "mallhuvud" in docx.Document(str(path)).sections[0].header.paragraphs[0].text


@pytest.mark.parametrize("name, content", [
    ("mall.docx", "det här är ingen docx".encode()),
    ("mall.xlsx", None),
    ("mall.zip", b"PK\x05\x06" + b"\x00" * 18),
    ("saknas.docx", "missing"),
    ("framtid.docx", "future"),
])
def test_template_that_is_not_docx_raises(tmp_path, name, content):
    template = tmp_path / name
    if content is None:
        import openpyxl

        openpyxl.Workbook().save(template)
    elif content == "future":  # a zip whose parts need "version 8.4": zipfile refuses it
        docx.Document().save(str(template))
        data = bytearray(template.read_bytes())
        start = data.find(b"PK\x01\x02")
        data[start + 6:start + 8] = (84).to_bytes(2, "little")
        template.write_bytes(bytes(data))
    elif content != "missing":
        template.write_bytes(content)
    with pytest.raises(TemplateInvalid) as raised:
        write(exempelby_plan(), tmp_path, template=template)
    assert name in str(raised.value)
    assert "mallen" in raised.value.message
    assert not (tmp_path / "rapport.docx").exists()


# --- rendered by LibreOffice ----------------------------------------------------------------

_without_libreoffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext) are needed to render "
           "the report as PDF")


def needs_libreoffice(test):
    """A test that renders with LibreOffice: marked `engine`, skipped without it."""
    return pytest.mark.engine(_without_libreoffice(test))


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout


@needs_libreoffice
@pytest.mark.parametrize("which", ["norsjo_docx", "exempelby_docx", "norsjo_workbook_docx",
                                   "exempelby_workbook_docx"])
def test_pdf_pages_numbered_and_table_landscape(which, request, tmp_path):
    source = request.getfixturevalue(which)
    pdf = convert(source, tmp_path, "pdf")
    pages = pdf_pages(pdf)
    count = len(pages)
    assert count >= 3
    first = pdf_page_text(pdf, 1)
    assert f"1({count})" in first.replace(" ", "")
    assert f"{count}({count})" in pdf_page_text(pdf, count).replace(" ", "")
    assert pages[0][0] < pages[0][1]  # portrait
    table_pages = [n for n in range(1, count + 1)
                   if "KF Indikator (styrgräns)" in pdf_page_text(pdf, n)]
    assert table_pages
    assert all(pages[n - 1][0] > pages[n - 1][1] for n in table_pages)
    # The page count Word shows before it has laid out the pages (NUMPAGES' cached
    # result) is the page count LibreOffice lays out.
    header = docx.Document(str(source)).sections[0].header._element
    cached = [t.text for t in header.iter(qn("w:t")) if t.text and t.text.isdigit()]
    assert cached[-1] == str(count)
    # Every page of the plan table says which KF ÖG mål it shows.
    assert all("KF ÖG mål:" in pdf_page_text(pdf, n) for n in table_pages)
    if "exempelby" in which:
        assert pages[-1][0] < pages[-1][1]  # a report's analysis is portrait again


@pytest.mark.parametrize("expected", ["Utfall: \u2212850 tkr", "Utfall: 4\u00a0795",
                                      "utfall 4\u00a0795 mot 4\u00a0801 före"])
def test_numbers_keep_together_with_a_real_minus_sign(exempelby_workbook_docx, expected):
    """"4 800" with a non-breaking space never breaks over two lines; a negative number has
    the minus sign (U+2212), not a hyphen."""
    document = docx.Document(str(exempelby_workbook_docx))
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t")))
             for p in document.element.body.iter(qn("w:p"))]
    assert any(expected in text for text in texts)
    assert not any(re.search(r"(?<![\w-])-\d", text) for text in texts)


@pytest.mark.parametrize("args, title, file_name", [
    ([], NORSJO_TITLE, "norsjo-klk-2025-helår-2024.docx"),
    # Without --period, the plan year's Helår: an årsrapport 2024 of a 2025 plan cannot exist.
    (["--dokument", "arsrapport"], "Årsrapport 2025 – Kommunledningskontoret",
     "norsjo-klk-2025-helår-2025.docx"),
    (["--period", "Delår 2025", "--dokument", "delarsrapport"],
     "Delårsrapport 2025 – Kommunledningskontoret", "norsjo-klk-2025-delår-2025.docx"),
])
def test_cli_chooses_the_document(tmp_path, args, title, file_name):
    result = run_cli("build", str(NORSJO_WORKBOOK), "--out", str(tmp_path),
                                      "--bara", "docx", *args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [file_name]
    assert docx.Document(str(tmp_path / file_name)).core_properties.title == title


def test_a_manual_status_without_a_written_motivation_gets_no_stand_in_motivation(tmp_path):
    """Two goals judged by hand with no Motivering typed: the document invents none; it says
    only that the status is a manual one."""
    plan = Plan(Settings("Testby kommun", "KLK", 2025, "Delår 1 2025"),
                [Period("Delår 1 2025", 2025, 1, 4)],
                [KfGoal("Hållbar organisation", [
                    PlanRow(ks_goal=KsGoal("Mål A", Measure(MANUAL, assessments={
                        "Delår 1 2025": GREEN}))),
                    PlanRow(ks_goal=KsGoal("Mål B", Measure(MANUAL, assessments={
                        "Delår 1 2025": RED}))),
                ])])
    path = tmp_path / "rapport.docx"
    write_document(evaluate(plan), path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Mål A" in text and "Motivering" not in text
    assert "GRÖN\xa0 (manuell bedömning)" in text


def test_a_goal_judged_by_its_indicators_stands_beside_all_their_rows(tmp_path):
    """A KS mål whose indicators stand on rows of their own below it: its status and text
    are one merged cell beside them all, not a blank that reads as "no goal"."""
    first = KfIndicator("Andel nöjda brukare", "90%", Measure(HIGHER, 0.9, "%", outcomes={
        "Delår 1 2025": 0.91}))
    second = KfIndicator("Väntetid till särskilt boende", "60 dagar", Measure(
        LOWER, 60, "dagar", outcomes={"Delår 1 2025": 68}))
    goal = KsGoal("Omsorgen håller hög kvalitet", Measure("Sammanvägning"),
                  indicators=[first, second])
    plan = Plan(Settings("Testby kommun", "Socialnämnden", 2025, "Delår 1 2025"),
                [Period("Delår 1 2025", 2025, 1, 4)],
                [KfGoal("Trygg omsorg", [PlanRow(indicator=first, ks_goal=goal),
                                         PlanRow(indicator=second)])])
    path = tmp_path / "rapport.docx"
    write_document(evaluate(plan), path, kind="delarsrapport")
    table = next(t for t in docx.Document(str(path)).tables
                 if "Trygg omsorg" in t.rows[0].cells[0].text)
    header = [cell.text for cell in table.rows[1].cells]
    goal_col, status_col = header.index("KS mål"), header.index("Status")
    rows = table.rows[2:]
    assert [row.cells[goal_col].text for row in rows] == [goal.text, goal.text]
    assert rows[0].cells[status_col]._tc is rows[1].cells[status_col]._tc  # one merged cell
    assert [row.cells[0].text.split("\n")[0] for row in rows] == [
        "Andel nöjda brukare (90%)", "Väntetid till särskilt boende (60 dagar)"]
