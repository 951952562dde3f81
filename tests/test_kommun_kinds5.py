"""Kinds of kommun table the reader still got wrong (the last closing note's "noticed" list),
each on tables of our own making in kommun words, varied in words, layout and position: read
through `check` and `build` as a user runs them, and the status checked in the terminal, in the
report workbook and in Word alike.

1. A regional styrkort: "Perspektiv: Invånare" banner rows are the grouping of the goals
   below, and the Mått beside a "Strategiskt mål" are that goal's measures.
2. A "Mål" column of worded targets beside the measures is the målvärde.
3. A målvärde with the year it is to be reached by ("70 (2027)").
4. A long sentence in a short table's status column.
5. "12 m²", "ton CO₂": the exponent is the unit's.
6. "Beskrivning | Uppfyllt" is a goal list; "Aktivitet | Bra | OK" is refused, saying why."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from builders import run_cli as run
from openpyxl.styles import PatternFill

from vp_excel import api, schema

OPTIONS = ("--kommun", "Testkommun", "--verksamhet", "Ekonomi", "--ar", "2024")
_STATUS = re.compile(r"(GRÖN|GUL|RÖD|Ej bedömd)")


def _save(folder: Path, rows: list[list[object]], *, at: tuple[int, int] = (1, 1),
          merges: tuple[str, ...] = (), fills: dict[str, str] | None = None,
          name: str = "tabell.xlsx") -> Path:
    """The rows as the kommun's sheet, starting at (row, column) `at`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mål och mått"
    for r, row in enumerate(rows, start=at[0]):
        for c, value in enumerate(row, start=at[1]):
            if value not in (None, ""):
                sheet.cell(r, c, value)
    for area in merges:
        sheet.merge_cells(area)
    for coordinate, rgb in (fills or {}).items():
        sheet[coordinate].fill = PatternFill("solid", start_color=rgb, end_color=rgb)
    path = folder / name
    book.save(path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _three_ways(tmp_path: Path, path: Path, names: list[str]) -> tuple[str, dict[str, tuple]]:
    """`check`'s output, and per KS mål (the goals as the reader holds them, `names`) its
    status as the terminal prints it, as the report workbook's Status formula saved it, and as
    Word's analysis says it."""
    before = _digest(path)
    checked = run("check", path, *OPTIONS)
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "ut"
    built = run("build", path, "--out", out, *OPTIONS)
    assert built.exit_code == 0, built.output
    assert _digest(path) == before, "the input was written"
    lines = checked.output.split("Rapportperiod:", 1)[1].splitlines()
    terminal = {}
    for name in names:
        line = next(li for li in lines if li.startswith("  ") and name[:40] in li)
        terminal[name] = _STATUS.search(line).group(1)
    xlsx, = out.glob("*.xlsx")
    sheet = openpyxl.load_workbook(xlsx, data_only=True)[schema.GOALS_SHEET]
    head = {cell.value: cell.column for cell in sheet[1]}
    workbook: dict[str, str] = {}
    for r in range(2, sheet.max_row + 1):
        goal = sheet.cell(r, head["KS mål"]).value
        if goal:
            workbook.setdefault(goal, sheet.cell(r, head["Status"]).value)
    document, = out.glob("*.docx")
    texts = [p.text for p in docx.Document(str(document)).paragraphs]
    analysis = texts[texts.index("Analys per KS-mål"):]
    word = {}
    for name in names:
        at = analysis.index(name)
        said = next(t for t in analysis[at:] if t.startswith("Status "))
        word[name] = _STATUS.search(said).group(1)
    return checked.output, {n: (terminal[n], workbook[n], word[n]) for n in names}


def _check(path: Path) -> api.CheckResult:
    return api.check(path, kommun="Testkommun", verksamhet="Ekonomi", year=2024)


# --- 1. the regional styrkort --------------------------------------------------------------

_STYRKORT_ROWS = [
    ("Nöjda invånare", "Nöjd Medborgar-Index", "60", "58", "Gul"),
    ("", "Andel som rekommenderar kommunen", "70 %", "72 %", "Grön"),
    ("Trygg kommun", "Andel som känner sig trygga", "80 %", "75 %", "Röd"),
    ("God ekonomisk hushållning", "Resultat i % av skatteintäkter", "2 %", "2,5 %", "Grön"),
]


def _banner_table(label: str, first: str, second: str, head: list[str]) -> list[list[object]]:
    rows: list[list[object]] = [head, [f"{label}{first}"]]
    for i, row in enumerate(_STYRKORT_ROWS):
        if i == 3:
            rows.append([f"{label}{second}"])
        rows.append(list(row[:len(head)]))
    return rows


@pytest.mark.parametrize("label, head, at", [
    ("Perspektiv: ", ["Strategiskt mål", "Mått", "Målvärde", "Utfall 2024", "Status"], (1, 1)),
    ("Målområde 2 – ", ["Strategiska mål", "Styrtal", "Målnivå", "Resultat 2024", "Bedömning"],
     (3, 2)),
    ("Fokusområde ", ["KF-mål", "Indikator", "Målvärde", "Utfall 2024", "Status"], (1, 1)),
    ("", ["Strategiskt mål", "Mått", "Målvärde", "Utfall 2024", "Status"], (2, 1)),
])
def test_a_styrkorts_banners_group_its_goals_and_its_measures_judge_them(tmp_path, label, head,
                                                                         at):
    """A banner row over the goals ("Perspektiv: Invånare"; a short heading alone) was an empty
    KF ÖG mål; the goals' Mått were KS mål of their own. Now the banner is the goals'
    grouping, said with its cell, and each strategic goal is judged by its measures."""
    rows = _banner_table(label, "Invånare", "Ekonomi", head)
    title = [["Regionens styrkort 2024"], []] if at[0] > 1 else []
    path = _save(tmp_path, [*title, *rows], at=(1, at[1]))
    result = _check(path)
    plan = result.plan
    goals = ["Nöjda invånare", "Trygg kommun", "God ekonomisk hushållning"]
    assert [kf.name for kf in plan.kf_goals] == goals
    assert [kf.grouping for kf in plan.kf_goals] == ["Invånare", "Invånare", "Ekonomi"]
    assert [g.text for g in plan.ks_goals] == goals
    assert [[i.name for i in g.indicators] for g in plan.ks_goals] == [
        ["Nöjd Medborgar-Index", "Andel som rekommenderar kommunen"],
        ["Andel som känner sig trygga"], ["Resultat i % av skatteintäkter"]]
    banner = f"{openpyxl.utils.get_column_letter(at[1])}{len(title) + 2}"
    assert any(n.strip().startswith(f"Mål och mått!{banner}: gruppering Invånare över målen")
               for n in plan.notes), plan.notes
    output, statuses = _three_ways(tmp_path, path, goals)
    # GUL and GRÖN under one goal weigh to GUL; each status the same in all three outputs.
    assert statuses == {"Nöjda invånare": ("GUL",) * 3, "Trygg kommun": ("RÖD",) * 3,
                        "God ekonomisk hushållning": ("GRÖN",) * 3}
    assert "Gruppering ovanför KF ÖG mål (visas inte i rapporterna): Invånare, Ekonomi" in output


def test_a_perspektiv_column_over_strategic_goals_and_their_matt(tmp_path):
    """"Perspektiv | Strategiskt mål | Mått": the perspective groups, the measures judge."""
    rows = [["Perspektiv", "Strategiskt mål", "Mått", "Målvärde 2024", "Utfall 2024"],
            ["Invånare", "Nöjda invånare", "Nöjd Medborgar-Index", "60", "62"],
            ["", "", "Andel som rekommenderar", "70 %", "72 %"],
            ["Medarbetare", "Attraktiv arbetsgivare", "Sjukfrånvaro (%)", "≤ 6", "6,5"]]
    path = _save(tmp_path, rows)
    plan = _check(path).plan
    assert [(kf.grouping, kf.name) for kf in plan.kf_goals] == [
        ("Invånare", "Nöjda invånare"), ("Medarbetare", "Attraktiv arbetsgivare")]
    assert [len(g.indicators) for g in plan.ks_goals] == [2, 1]
    _, statuses = _three_ways(tmp_path, path, ["Nöjda invånare", "Attraktiv arbetsgivare"])
    assert statuses == {"Nöjda invånare": ("GRÖN",) * 3, "Attraktiv arbetsgivare": ("RÖD",) * 3}


@pytest.mark.parametrize("own, expected", [("Ej uppfyllt", "RÖD"), ("", "GUL")])
def test_a_strategic_goals_own_status_over_its_matt_wins(tmp_path, own, expected):
    """Banners merged across the row ("Perspektiv:Invånare", "PERSPEKTIV EKONOMI"), a goal on
    its own row with its own status and its Mått below: the goal's status is its own (it was
    dropped, the measures' weighing shown instead), else its measures' (1 of 2 met: GUL)."""
    rows = [["Strategiskt mål", "Mått", "Målvärde", "Utfall 2024", "Bedömning"],
            ["Perspektiv:Invånare", "", "", "", ""],
            ["Nöjda invånare", "", "", "", own],
            ["", "Nöjd Medborgar-Index", "60", "58", ""],
            ["", "Andel som rekommenderar", "70 %", "72 %", ""],
            ["PERSPEKTIV EKONOMI"],
            ["Ekonomi i balans", "Resultat, mnkr", "≥ 0", "12", ""]]
    path = _save(tmp_path, rows, merges=("A2:E2", "A6:E6"))
    plan = _check(path).plan
    assert [(kf.grouping, kf.name) for kf in plan.kf_goals] == [
        ("Invånare", "Nöjda invånare"), ("EKONOMI", "Ekonomi i balans")]
    assert [len(g.indicators) for g in plan.ks_goals] == [2, 1]
    _, statuses = _three_ways(tmp_path, path, ["Nöjda invånare", "Ekonomi i balans"])
    assert statuses == {"Nöjda invånare": (expected,) * 3, "Ekonomi i balans": ("GRÖN",) * 3}


def test_a_banner_over_kf_goals_with_their_own_ks_goals_groups_them_too(tmp_path):
    """A three-level table under a banner: the banner groups, the KS goals stay KS goals."""
    rows = [["KF-mål", "Nämndmål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Perspektiv: Samhälle"],
            ["Hållbar tillväxt", "Fler företag", "Antal nya företag", "≥ 40", "45"],
            ["", "Fler i arbete", "Andel förvärvsarbetande", "80 %", "78 %"]]
    plan = _check(_save(tmp_path, rows)).plan
    assert [(kf.grouping, kf.name) for kf in plan.kf_goals] == [("Samhälle", "Hållbar tillväxt")]
    assert [g.text for g in plan.ks_goals] == ["Fler företag", "Fler i arbete"]


@pytest.mark.parametrize("rows", [
    # A KF goal on its own row over its KS goals is a goal, not a banner.
    [["KF-mål", "Nämndmål", "Indikator", "Målvärde", "Utfall 2024"],
     ["Hållbar tillväxt"],
     ["", "Fler företag", "Antal nya företag", "≥ 40", "45"]],
    # A KF goal stated as a goal ("ska") on its own row, its measures on the next.
    [["Strategiskt mål", "Mått", "Målvärde", "Utfall 2024"],
     ["Invånarna ska vara nöjda"],
     ["Invånarna ska vara nöjda", "Nöjd Medborgar-Index", "60", "62"]],
])
def test_a_goal_on_a_row_of_its_own_is_no_banner(tmp_path, rows):
    plan = _check(_save(tmp_path, rows)).plan
    assert all(kf.grouping == "" for kf in plan.kf_goals)
    assert not any("gruppering" in n for n in plan.notes)
    assert plan.ks_goals


# --- 2. a "Mål" column of worded targets ---------------------------------------------------

@pytest.mark.parametrize("header", ["Mål", "Mål för 2025", "Mål*"])
@pytest.mark.parametrize("names", [("Indikator", 1), ("Mått", 1), ("Nyckeltal", 3)])
def test_a_mal_column_of_worded_targets_is_the_malvarde(tmp_path, header, names):
    """"Högre än riket", "Bättre än länet", "Öka", "Minst 80 %" under "Mål" beside the
    measures: the målvärde, said with its cell (it was read as the goals, each measure under
    a goal named "Högre än riket")."""
    word, col = names
    head = ["Utfall 2024", "Kommentar"]
    rows = [("Nöjda brukare", "Högre än riket", "85 %"),
            ("Elever med godkända betyg", "Bättre än länet", "82 %"),
            ("Företagsklimat (index)", "Högre än jämförbara kommuner", "3,5"),
            ("Antal nya företag", "Öka", "120"),
            ("Andel behöriga lärare", "Minst 80 %", "76 %")]
    table = [[word, header, *head] if col == 1 else [word, head[0], header, head[1]]]
    for name, target, outcome in rows:
        table.append([name, target, outcome, ""] if col == 1 else [name, outcome, target, ""])
    path = _save(tmp_path, table)
    result = _check(path)
    plan = result.plan
    assert [g.text for g in plan.ks_goals] == [r[0] for r in rows]
    assert plan.ks_goals[-1].measure.target == pytest.approx(0.8)
    assert [g.measure.rule for g in plan.ks_goals][3] == schema.INCREASES
    letter = "B" if col == 1 else "C"
    assert any(f'!{letter}1 "{header}": Målvärde (efter innehållet' in n for n in plan.notes)
    benchmark = [p for p in result.warnings if "jämför med andra än kommunen" in p.message]
    assert [p.location.cell for p in benchmark] == [f"{letter}2", f"{letter}3", f"{letter}4"]
    _, statuses = _three_ways(tmp_path, path, [rows[0][0], rows[-1][0]])
    assert statuses == {rows[0][0]: ("Ej bedömd",) * 3, rows[-1][0]: ("RÖD",) * 3}


@pytest.mark.parametrize("names", ["Vad mäter vi?", "Beskrivning", "Område", ""])
def test_a_mal_column_of_targets_beside_names_no_header_names(tmp_path, names):
    """"Vad mäter vi? | Mål | Utfall 2024": the names are the measures and "Mål" their
    målvärde (each measure was under a goal named "Öka", or the names were lost)."""
    rows = [[names, "Mål", "Utfall 2024"],
            ["Andel nöjda brukare", "Högre än riket", "85 %"],
            ["Antal nya företag", "Öka", "120"],
            ["Andel behöriga lärare", "Minst 80 %", "76 %"]]
    path = _save(tmp_path, rows)
    plan = _check(path).plan
    assert [g.text for g in plan.ks_goals] == [r[0] for r in rows[1:]]
    assert plan.ks_goals[2].measure.target == pytest.approx(0.8)
    assert any('B1 "Mål": Målvärde (efter innehållet' in n for n in plan.notes)
    _, statuses = _three_ways(tmp_path, path, ["Andel nöjda brukare", "Andel behöriga lärare"])
    assert statuses == {"Andel nöjda brukare": ("Ej bedömd",) * 3,
                        "Andel behöriga lärare": ("RÖD",) * 3}


@pytest.mark.parametrize("goals", [
    ["Öka tryggheten i centrum", "Fler ska välja att bo här", "God ekonomisk hushållning"],
    ["Trygghet", "Minst 80 % nöjda", "Ekonomi i balans"],
])
def test_a_mal_column_of_goals_beside_names_stays_the_goals(tmp_path, goals):
    rows = [["Område", "Mål", "Utfall 2024"]] + [
        [f"Område {i}", goal, f"{80 + i} %"] for i, goal in enumerate(goals)]
    plan = _check(_save(tmp_path, rows)).plan
    assert [g.text for g in plan.ks_goals] == goals


def test_a_mal_column_of_goals_stays_the_goals(tmp_path):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Fler ska välja att bo i kommunen", "Befolkningsökning", "≥ 100", "120"],
            ["Trygga invånare", "Andel trygga", "80 %", "75 %"]]
    plan = _check(_save(tmp_path, rows)).plan
    assert [g.text for g in plan.ks_goals] == ["Fler ska välja att bo i kommunen",
                                               "Trygga invånare"]


# --- 3. a målvärde with its year ------------------------------------------------------------

@pytest.mark.parametrize("written, outcome, value, unit, rule, year, status", [
    ("70 (2027)", "72", 70.0, "", schema.HIGHER, 2027, "GRÖN"),
    ("≥ 80 % (år 2026)", "62 %", 0.8, "%", schema.HIGHER, 2026, "RÖD"),
    ("minst 85 % till 2030", "86 %", 0.85, "%", schema.HIGHER, 2030, "GRÖN"),
    ("högst 6 % (mål 2026)", "5,5 %", 0.06, "%", schema.LOWER, 2026, "GRÖN"),
    ("90 % senast år 2027", "62 %", 0.9, "%", schema.HIGHER, 2027, "RÖD"),
])
def test_a_target_with_the_year_it_is_to_be_reached_by(tmp_path, written, outcome, value, unit,
                                                       rule, year, status):
    """"70 (2027)" is the målvärde 70, to be reached 2027, said with its cell; it was "två tal
    i cellen" (or, with a sign, no målvärde at all)."""
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Attraktiv kommun", "Nöjd Region-Index", written, outcome]]
    path = _save(tmp_path, rows)
    result = _check(path)
    measure = result.plan.ks_goals[0].indicators[0].measure
    assert (measure.target, measure.unit or "", measure.rule) == (pytest.approx(value), unit,
                                                                  rule)
    assert not any("två tal" in p.message or "säger inte" in p.message for p in result.warnings)
    assert any(n.strip().startswith("Mål och mått!C2: målvärde ") and f" att nå {year}, " in n
               for n in result.plan.notes), result.plan.notes
    _, statuses = _three_ways(tmp_path, path, ["Attraktiv kommun"])
    assert statuses == {"Attraktiv kommun": (status,) * 3}


# --- 4. a sentence in a short table's status column -----------------------------------------

_SENTENCE = ("Målet är delvis uppfyllt eftersom andelen ökat men inte nått hela vägen fram "
             "till målvärdet.")
_NO_STATUS = ("Budgeten överskreds med två miljoner kronor på grund av ökade kostnader för "
              "placeringar.")


@pytest.mark.parametrize("head, sentence, fill, expected", [
    (["Mål", "Målvärde", "Utfall 2024", "Status"], _SENTENCE, None, "GUL"),
    (["Nämndmål", "Målvärde", "Utfall 2024", "Bedömning"], _NO_STATUS, "FFC000", "GUL"),
    (["Verksamhetsmål", "Målvärde", "Resultat 2024", "Måluppfyllelse"], _NO_STATUS, None,
     "RÖD"),
])
def test_a_sentence_in_a_status_column_of_a_short_table(tmp_path, head, sentence, fill,
                                                        expected):
    """One sentence beside one "Grön" made the whole column a Kommentar, and the "Grön" was
    lost. Now the header and the other cell win: the sentence's own status (its first clause),
    else its colour, else none (then the goal is judged by its values); the sentence is kept
    as the motivation, said with its cell."""
    rows = [head, ["Fler i arbete", "80 %", "78 %", sentence],
            ["Trygg kommun", "90 %", "92 %", "Grön"]]
    path = _save(tmp_path, rows, fills={"D2": fill} if fill else None)
    result = _check(path)
    assert not any('"Status" : Kommentar' in n or ": Kommentar (efter innehållet" in n
                   for n in result.plan.notes)
    first = result.plan.ks_goals[0].measure
    assert first.motivations == {"Helår 2024": sentence}
    said = [p for p in result.warnings if p.location.cell == "D2"] + [
        n for n in result.plan.notes if n.strip().startswith("Mål och mått!D2: status ")]
    assert len(said) == 1, (result.warnings, result.plan.notes)
    _, statuses = _three_ways(tmp_path, path, ["Fler i arbete", "Trygg kommun"])
    assert statuses == {"Fler i arbete": (expected,) * 3, "Trygg kommun": ("GRÖN",) * 3}


@pytest.mark.parametrize("sentence, expected, guessed", [
    ("Målet är uppfyllt då andelen ökade till 82 procent under året som gick.", "GRÖN", True),
    # A status word and its comment after a comma is no guess ("Grön – bra utveckling").
    ("Ej uppnått, eftersom andelen bara ökade till 82 procent under året som gick.", "RÖD",
     False),
])
def test_a_one_row_tables_status_sentence_opening_with_its_status(tmp_path, sentence,
                                                                  expected, guessed):
    """Alone under "Status", a sentence that opens with its status was a Kommentar column
    and the status lost (the values judged instead)."""
    path = _save(tmp_path, [["Mål", "Målvärde", "Utfall 2024", "Status"],
                            ["Fler i arbete", "80 %", "82 %", sentence]])
    result = _check(path)
    assert result.plan.ks_goals[0].measure.assessments == {"Helår 2024": expected}
    assert any(n.strip().startswith(f"Mål och mått!D2: status {expected} ur meningens början")
               for n in result.plan.notes) == guessed
    assert not any("Kommentar (efter innehållet" in n for n in result.plan.notes)
    _, statuses = _three_ways(tmp_path, path, ["Fler i arbete"])
    assert statuses == {"Fler i arbete": (expected,) * 3}


def test_a_column_of_sentences_under_a_status_header_is_still_a_comment(tmp_path):
    rows = [["Mål", "Målvärde", "Utfall 2024", "Status"],
            ["Fler i arbete", "80 %", "78 %", _SENTENCE.replace("delvis uppfyllt", "bra")],
            ["Trygg kommun", "90 %", "92 %", _NO_STATUS],
            ["Nöjda brukare", "75 %", "80 %", "Grön"]]
    plan = _check(_save(tmp_path, rows)).plan
    assert any('D1 "Status": Kommentar' in n for n in plan.notes)


# --- 5. units with an exponent --------------------------------------------------------------

@pytest.mark.parametrize("target, outcome, value, unit", [
    ("≤ 12 m²", "12,5 m²", 12.0, "m²"),
    ("< 3 ton CO₂", "2,8 ton CO₂", 3.0, "ton CO₂"),
    ("100 km²", "90 km²", 100.0, "km²"),
    ("högst 40 m³", "38 m³", 40.0, "m³"),
    ("Max 150 kWh/m²", "142 kWh/m²", 150.0, "kWh/m²"),
])
def test_a_unit_with_an_exponent_keeps_it(tmp_path, target, outcome, value, unit):
    """"12 m²" was "12 m" (the ² taken for a footnote), and "ton CO₂" was refused."""
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Effektiva lokaler", "Lokalyta", target, outcome]]
    path = _save(tmp_path, rows)
    result = _check(path)
    assert [p.message for p in result.errors] == []
    measure = result.plan.ks_goals[0].indicators[0].measure
    assert (measure.target, measure.unit) == (value, unit)
    docx_text, _ = _report_texts(tmp_path, path)
    assert f"{value:g} {unit}".replace(".", ",") in docx_text


@pytest.mark.parametrize("written, value", [("82 %²", 0.82), ("45²", 45.0), ("7,5 %¹", 0.075)])
def test_a_superscript_after_a_number_or_sign_is_still_a_footnote(tmp_path, written, value):
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Trygg kommun", "Andel trygga", "80 %" if "%" in written else "40", written]]
    measure = _check(_save(tmp_path, rows)).plan.ks_goals[0].indicators[0].measure
    assert measure.outcomes["Helår 2024"] == pytest.approx(value)


def _report_texts(tmp_path: Path, path: Path) -> tuple[str, str]:
    out = tmp_path / "ord"
    built = api.build(path, out_dir=out, kommun="Testkommun", verksamhet="Ekonomi", year=2024)
    document = next(p for p in built.outputs if p.suffix == ".docx")
    parts = []
    for table in docx.Document(str(document)).tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return " ".join(" ".join(parts).split()).replace("\u00a0", " "), str(document)


# --- 6. tables that were refused ------------------------------------------------------------

@pytest.mark.parametrize("head", [["Beskrivning", "Uppfyllt", "Kommentar"],
                                  ["Syfte", "Uppnått", "Analys"],
                                  ["Beskrivning", "Måluppfyllelse"]])
def test_a_description_column_beside_statuses_is_the_goals(tmp_path, head):
    """"Beskrivning | Uppfyllt | Kommentar": the goals in the describing column, each judged
    by its status (Ja/Nej/Delvis), said with the line that reads it otherwise. It was refused
    as no goal table."""
    goals = ["Alla elever ska känna sig trygga i skolan", "Sjukfrånvaron ska minska",
             "Fler ska välja kollektivtrafik"]
    words = ["Uppfyllt", "Ej uppfyllt", "Delvis uppfyllt"]
    rows = [head] + [[g, w, "Se bilaga"][:len(head)] for g, w in zip(goals, words)]
    path = _save(tmp_path, [["Nämndens mål 2024"], [], *rows])
    result = _check(path)
    assert [g.text for g in result.plan.ks_goals] == goals
    assert any(f'A3 "{head[0]}": Mål och mått (efter innehållet' in n for n in result.plan.notes)
    _, statuses = _three_ways(tmp_path, path, goals)
    assert [s[0] for s in statuses.values()] == ["GRÖN", "RÖD", "GUL"]
    assert all(len(set(s)) == 1 for s in statuses.values())


@pytest.mark.parametrize("head, marks", [
    (["Aktivitet", "Bra", "OK", "Har brister", "Kommentar"], (["x", "", ""], ["", "x", ""])),
    (["Aktiviteter", "Status"], (["Klar"], ["Pågår"])),
    (["Åtgärd", "Grön", "Gul", "Röd"], (["", "", "x"], ["x", "", ""])),
])
def test_an_activity_list_is_refused_saying_why_and_the_line_reads_it(tmp_path, head, marks):
    """Activities with a status and no goal are no goal table: refused with the sheet, row and
    header, what vp-excel follows up, and the line that reads the activities as goals; with
    that line given, they are read."""
    rows = [head, ["Införa nytt ärendesystem", *marks[0], "Klart i maj"][:len(head)],
            ["Utbilda chefer i arbetsmiljö", *marks[1], ""][:len(head)]]
    path = _save(tmp_path, rows)
    before = _digest(path)
    refused = run("check", path, *OPTIONS)
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert (f'Mål och mått rad 1 är en aktivitetslista: aktiviteter ("{head[0]}") med status, '
            "men inget mål") in " ".join(refused.output.split())
    line = f"{head[0]}=KS mål"
    assert f'--kolumn "{line}"' in refused.output
    read = run("check", path, *OPTIONS, "--kolumn", line)
    assert read.exit_code == 0, read.output
    assert "Sammanfattning Helår 2024: av 2 identifierade KS-mål" in read.output
    assert _digest(path) == before


@pytest.mark.parametrize("head, marks", [
    (["Aktivitet", "Status", "Kommentar"], (["Klar", "Klart i maj"], ["Pågår", ""])),
    (["Åtgärder", "Bra", "OK", "Har brister"], (["x", "", ""], ["", "", "x"])),
    (["Aktiviteter", "Grön", "Gul", "Röd"], (["", "x", ""], ["x", "", ""])),
])
def test_an_activity_list_under_a_goal_table_is_left_out_and_said(tmp_path, head, marks):
    """Under a goal table, an activity list's header was read as one of its rows: each
    activity a KS mål of its own, and "Klart i maj" a målvärde that stopped the build."""
    rows = [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
            ["Trygg skola", "Andel trygga elever", "90 %", "88 %"], [], [], head,
            ["Införa nytt ärendesystem", *marks[0]], ["Utbilda chefer", *marks[1]]]
    path = _save(tmp_path, rows)
    result = _check(path)
    assert [p.message for p in result.errors] == []
    assert [g.text for g in result.plan.ks_goals] == ["Trygg skola"]
    assert any(p.message.startswith(f'Mål och mått rad 5 är en aktivitetslista (rubrikerna A5 '
                                    f'"{head[0]}"') for p in result.warnings)
    _, statuses = _three_ways(tmp_path, path, ["Trygg skola"])
    assert statuses == {"Trygg skola": ("RÖD",) * 3}


# --- the workbook's formulas, recalculated by a real spreadsheet program -------------------

_MIXED = [["Strategiskt mål", "Mått", "Målvärde", "Utfall 2023", "Utfall 2024", "Status"],
          ["Perspektiv: Invånare"],
          ["Nöjda invånare", "", "", "", "", "Ej uppfyllt"],
          ["", "Nöjd Medborgar-Index", "70 (2027)", "60", "62", ""],
          ["", "Lokalyta per elev", "≤ 12 m²", "12,8 m²", "12,5 m²", ""],
          ["Trygg kommun", "Andel trygga", "Förbättring", "71 %", "75 %", "↑"],
          ["Perspektiv: Ekonomi"],
          ["Ekonomi i balans", "Resultat, mnkr", "≥ 0", "5", "12",
           "Målet är uppfyllt eftersom resultatet blev 12 miljoner kronor."]]


@pytest.mark.engine
def test_the_kinds_statuses_are_the_formulas_in_libreoffice(tmp_path):
    """A styrkort with banners, a goal's own status over its Mått, "70 (2027)", "≤ 12 m²",
    "Förbättring", an arrow and a sentence where the status goes: LibreOffice recalculates the
    report workbook (every saved value poisoned first) to the terminal's statuses."""
    from helpers_edge_cases import header_columns, load, poison_cached_values

    from vp_excel.libreoffice import find_soffice, recalculate_xlsx
    from vp_excel.rules import evaluate
    from vp_excel.writers.xlsx import write_report_workbook

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the formulas cannot be "
                    "recalculated here")
    plan = _check(_save(tmp_path, _MIXED)).plan
    evaluation = evaluate(plan, "Helår 2024")
    expected = {g.text: evaluation.ks_status(g).status for g in plan.ks_goals}
    assert expected == {"Nöjda invånare": "RÖD", "Trygg kommun": "GRÖN",
                        "Ekonomi i balans": "GRÖN"}
    report = tmp_path / "rapport.xlsx"
    write_report_workbook(evaluation, report)
    poisoned = poison_cached_values(report, tmp_path / "rapport-input.xlsx")
    goals = load(recalculate_xlsx(poisoned, tmp_path / "lo"), data_only=True)[
        schema.GOALS_SHEET]
    cols = header_columns(goals)
    shown: dict[str, str] = {}
    for r in range(2, goals.max_row + 1):
        if goals.cell(r, cols["KS mål"]).value:
            shown.setdefault(goals.cell(r, cols["KS mål"]).value,
                             goals.cell(r, cols["Status"]).value)
    assert shown == expected
