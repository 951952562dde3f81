"""The kommun's own table when the reader cannot tell: `check` prints the mapping line to add, and
with it added (a vp-excel sheet, vp-excel.toml beside the workbook, or --kolumn/--status) the
table is read right. Also what check says where the reader guesses: a column by its contents,
a scale level, a direction from a name; and the goal structures issue 17 names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.styles import PatternFill

from vp_excel import api, schema
from vp_excel.cli import cli
from vp_excel.rules import evaluate

GOALS = [("Fler invånare är nöjda med kommunens service", "Uppfyllt"),
         ("Kommunens ekonomi är i balans", "Delvis uppfyllt"),
         ("Medarbetarna är friska och stannar", "Ej uppfyllt")]


def _save(path: Path, rows: list[list[object]], mapping: list[list[str]] | None = None,
          title: str = "Plan 2025") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    ws.append(["Verksamhetsplan 2025 för kommunstyrelsen"])
    ws.append(["Kommun:", "Exempelby kommun"])
    ws.append([])
    for row in rows:
        ws.append(row)
    if mapping is not None:
        sheet = book.create_sheet(schema.MAPPING_SHEET)
        for line in mapping:
            sheet.append(line)
    book.save(path)
    return path


def _unknown_goal_header(path: Path, mapping: list[list[str]] | None = None) -> Path:
    """Goals under a header no word of which names a goal, beside Ansvarig and Aktiviteter:
    nothing in the row says which column holds the goals."""
    return _save(path, [["Vad vi ska uppnå", "Ansvarig", "Aktiviteter"],
                        *[[goal, "Kansli", f"• Aktivitet {i}"]
                          for i, (goal, _) in enumerate(GOALS, start=1)]], mapping)


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(result: api.CheckResult) -> tuple[int, int, int, int]:
    summary = result.evaluation.summary()
    return (summary.total, summary.counts[schema.GREEN], summary.counts[schema.YELLOW],
            summary.counts[schema.RED])


def test_check_prints_the_line_for_an_unknown_goal_header(tmp_path):
    path = _unknown_goal_header(tmp_path / "plan.xlsx")
    before = digest(path)
    result = run("check", path)
    assert result.exit_code == 1
    assert "hittar ingen måltabell" in result.output
    assert 'skriv raden "Vad vi ska uppnå = KS mål"' in result.output
    assert 'ge --kolumn "Vad vi ska uppnå=KS mål"' in result.output
    assert "Traceback" not in result.output
    assert digest(path) == before


@pytest.mark.parametrize("how", ["sheet", "two cells", "toml", "quoted toml", "option"])
def test_with_the_line_added_the_table_is_read_right(tmp_path, how):
    line = "Vad vi ska uppnå = KS mål"
    mapping = {"sheet": [[line]], "two cells": [["Vad vi ska uppnå", "KS mål"]]}.get(how)
    folder = tmp_path / "kommun"
    folder.mkdir()
    path = _unknown_goal_header(folder / "plan.xlsx", mapping)
    if how == "toml":
        (folder / schema.MAPPING_FILE).write_text(f"# vp-excel\n[kolumner]\n{line}\n",
                                                  encoding="utf-8")
    if how == "quoted toml":  # as TOML proper writes it (docs/arbetsbok.md)
        (folder / schema.MAPPING_FILE).write_text('[kolumner]\n"Vad vi ska uppnå" = "KS mål"\n',
                                                  encoding="utf-8")
    options = ("--kolumn", "Vad vi ska uppnå=KS mål") if how == "option" else ()
    result = run("check", path, *options)
    assert result.exit_code == 0, result.output
    assert "av 3 identifierade KS-mål är" in result.output
    checked = api.check(path, columns=["Vad vi ska uppnå=KS mål"] if how == "option" else ())
    assert [g.text for g in checked.plan.ks_goals] == [g for g, _ in GOALS]
    assert [[a.text for d in row.directions for a in d.activities]
            for kf in checked.plan.kf_goals for row in kf.rows] == [
        ["Aktivitet 1"], ["Aktivitet 2"], ["Aktivitet 3"]]
    assert '"Vad vi ska uppnå": KS mål (efter kommunens rad' in result.output
    source = {"sheet": "bladet vp-excel", "two cells": "bladet vp-excel", "toml": "vp-excel.toml",
              "quoted toml": "vp-excel.toml", "option": "--kolumn"}[how]
    assert f"Kommunens rader ur {source}: 1 om kolumner, 0 om status" in result.output


def test_words_judged_by_a_status_column_are_the_goals_and_check_says_so(tmp_path):
    path = _save(tmp_path / "plan.xlsx", [["Vad vi ska uppnå", "Status 2025"],
                                          *[list(g) for g in GOALS]])
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "av 3 identifierade KS-mål är 1 GRÖN (33,3%), 1 GUL (33,3%), 1 RÖD (33,3%)" \
        in result.output
    assert ('Plan 2025!A4 "Vad vi ska uppnå": Mål och mått (efter innehållet; raden '
            '"Vad vi ska uppnå = Mål och mått")') in result.output


def test_build_obeys_the_options_too(tmp_path):
    path = _unknown_goal_header(tmp_path / "plan.xlsx")
    assert run("build", path, "--out", tmp_path / "ut").exit_code == 1
    result = run("build", path, "--out", tmp_path / "ut", "--kolumn", "Vad vi ska uppnå=KS mål")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (tmp_path / "ut").iterdir()) == [".docx", ".xlsx"]


def test_a_bad_mapping_line_is_one_swedish_error_by_cell(tmp_path):
    path = _unknown_goal_header(tmp_path / "plan.xlsx", [["Vad vi ska uppnå = Pannkaka"]])
    result = run("check", path)
    assert result.exit_code == 1
    assert 'vp-excel!A1: raden "Vad vi ska uppnå = Pannkaka": "Pannkaka" är ingen kolumn' \
        in result.output
    assert "Traceback" not in result.output


def test_an_unknown_column_of_goals_beside_measures_is_read_as_goals_and_said(tmp_path):
    """Without a goal column every measured row would be a goal of its own (a wrong count):
    the column of sentences left of the indicators is read as the goals, check says so with
    the line, and the same line written by the kommun reads the same."""
    rows = [["Prioritering", "Indikator", "Målvärde", "Utfall 2025"],
            ["Alla barn lär sig läsa tidigt", "Andel som läser åk 1", "Minst 90 %", "92 %"],
            [None, "Andel som läser åk 3", "Minst 95 %", "91 %"],
            ["Fler går vidare till gymnasiet", "Andel behöriga", "Minst 90 %", "93 %"]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path)
    assert _counts(result) == (2, 1, 1, 0)
    assert [len(g.indicators) for g in result.plan.ks_goals] == [2, 1]
    assert ('  Plan 2025!A4 "Prioritering": KS mål (efter innehållet; raden "Prioritering = '
            'KS mål")') in result.plan.notes
    fixed = api.check(path, columns=["Prioritering = KS mål"])
    assert _counts(fixed) == (2, 1, 1, 0)
    assert any("(efter kommunens rad" in n for n in fixed.plan.notes)
    apart = api.check(path, columns=["Prioritering = Läs inte"])
    assert _counts(apart)[0] == 3  # told not to read it: each measured row is a goal


def test_scale_levels_are_read_by_default_said_by_check_and_changed_by_a_line(tmp_path):
    rows = [["Nämndens mål", "Måluppfyllelse"],
            ["Alla barn lär sig läsa tidigt", "Uppnått i hög grad"],
            ["Fler går vidare till gymnasiet", "Uppnått i låg grad"],
            ["Eleverna är trygga", "Helt uppnått"],
            ["Lokalerna är ändamålsenliga", "-"]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert ('Plan 2025!B5: "Uppnått i hög grad" läst som GRÖN (skalans standard; en annan '
            'status: raden "Uppnått i hög grad = GUL"') in result.output
    assert 'Plan 2025!B6: "Uppnått i låg grad" läst som RÖD' in result.output
    checked = api.check(path)
    assert _counts(checked) == (4, 2, 0, 1)  # "-" is no colour: Ej bedömd, and no error
    changed = api.check(path, statuses=["Uppnått i hög grad=GUL"])
    assert _counts(changed) == (4, 1, 1, 1)


def test_an_unknown_status_word_prints_its_line_and_the_line_is_obeyed(tmp_path):
    rows = [["KS mål", "Status"], ["Alla barn lär sig läsa tidigt", "Bra jobbat"]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = run("check", path)
    assert result.exit_code == 1
    assert 'skriv raden "Bra jobbat = GRÖN" (eller GUL, RÖD)' in result.output
    path = _save(tmp_path / "plan.xlsx", rows, [["Bra jobbat = GRÖN"]])
    assert _counts(api.check(path)) == (1, 1, 0, 0)


def test_a_status_column_without_header_is_read_by_its_contents_and_said(tmp_path):
    green, red = PatternFill("solid", fgColor="00B050"), PatternFill("solid", fgColor="FF0000")
    path = _save(tmp_path / "plan.xlsx", [["KS mål", "Utfall 2025", None],
                                          ["Fler besökare", "4 100", None],
                                          ["Färre olyckor", "12", None]])
    book = openpyxl.load_workbook(path)
    book.active["C5"].fill = green
    book.active["C6"].fill = red
    book.save(path)
    result = api.check(path)
    assert _counts(result) == (2, 1, 0, 1)
    assert any('Plan 2025!C4 (utan rubrik): Status (efter innehållet; raden "Kolumn C = '
               'Status")' in n for n in result.plan.notes)


def test_a_goal_row_of_its_own_owns_the_indicators_below_and_its_status_wins(tmp_path):
    rows = [["Nämndens mål", "Indikator", "Målvärde", "Utfall 2025", "Bedömning"],
            ["Eleverna når kunskapsmålen", None, None, None, "Delvis uppfyllt"],
            [None, "Andel godkända åk 9", "Minst 80 %", "82 %", None],
            [None, "Andel behöriga", "Minst 90 %", "91 %", None],
            ["Medarbetarna är friska", None, None, None, None],
            [None, "Sjukfrånvaro", "Max 6 %", "6,8 %", None],
            ["1) Uppgiften avser vårterminen.", None, None, None, None],
            ["Källa: SCB", None, None, None, None]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path)
    goals = result.plan.ks_goals
    assert [g.text for g in goals] == ["Eleverna når kunskapsmålen", "Medarbetarna är friska"]
    assert [len(g.indicators) for g in goals] == [2, 1]
    # Both indicators are met, but the goal's own status says GUL: the status wins.
    assert _counts(result) == (2, 0, 1, 1)
    assert any("Källa: SCB" in n and "inget mål" in n for n in result.plan.notes)


def test_units_as_words_and_direction_from_the_name_are_read_and_said(tmp_path):
    rows = [["Fokusmål", "Mått", "Målvärde", "Utfall 2025"],
            ["Kostnaderna är under kontroll", "Låga kostnader per brukare", "850tusen kr",
             "3,5mnkr"],
            [None, "Färre fallolyckor", "40", "42personer"],
            [None, "Hög andel behöriga lärare", "90", "12 tkr/inv"]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path)
    assert not result.errors, [str(p) for p in result.errors]
    indicators = {i.name: i.measure for i in result.plan.indicators}
    low = indicators["Låga kostnader per brukare"]
    assert (low.rule, low.target, low.unit) == (schema.LOWER, 850, "tkr")
    assert low.outcomes["Helår 2025"] == 3.5
    assert indicators["Färre fallolyckor"].rule == schema.LOWER
    assert indicators["Färre fallolyckor"].outcomes["Helår 2025"] == 42
    assert indicators["Hög andel behöriga lärare"].rule == schema.HIGHER
    notes = "\n".join(result.plan.notes)
    assert 'Lägre är bättre (antagen av ordet "färre" i namnet)' in notes
    assert 'Högre är bättre (antagen av ordet "hög" i namnet)' in notes
    assert evaluate(result.plan).period == "Helår 2025"


def test_a_labelled_goal_above_a_table_is_judged_by_its_measures(tmp_path):
    """"Delmål 1 | Förskolan ska …" above Mätmetod | Målvärde | Utfall | Utfalls-symbol: one
    goal with two measures (not two goals), under the Inriktningsmål further up."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Utvecklande skola"
    for row in (["Målområde - Utvecklande skola"],
                ["Inriktningsmål", "Kunskapsmålen ska vara i centrum."],
                [],
                ["Delmål 1", "Förskolan ska stimulera barns språkutveckling."],
                ["Mätmetod", "Målvärde 2023", "Utfall 2023", "Utfalls-symbol"],
                ["Andel positiva svar i enkäten", "Minst 90 %", "92 %", "😊"],
                ["Andel barn med språkplan", "Minst 80 %", "70 %", "😒"]):
        ws.append(row)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = api.check(path, year=2023)
    (goal,) = result.plan.ks_goals
    assert goal.text == "Förskolan ska stimulera barns språkutveckling."
    assert [i.name for i in goal.indicators] == ["Andel positiva svar i enkäten",
                                                 "Andel barn med språkplan"]
    assert [k.name for k in result.plan.kf_goals] == ["Kunskapsmålen ska vara i centrum."]
    assert _counts(result) == (1, 0, 1, 0)  # one of two measures met: GUL


def test_a_skipped_column_of_numbers_is_named_with_its_line_and_the_line_is_obeyed(tmp_path):
    rows = [["KS mål", "Målvärde", "Siffror i år"],
            ["Fler besökare på biblioteket", "Minst 4 000", "4 100"],
            ["Kortare väntetid till bygglov", "Högst 30", "41"]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    assert _counts(result) == (2, 0, 0, 0)  # nothing measured: both Ej bedömda
    (hint,) = [p for p in result.warnings if "har tal men läses inte" in p.message]
    assert 'skriv raden "Siffror i år = Utfall"' in hint.message
    assert hint.location.cell == "C4"
    fixed = api.check(path, year=2025, columns=["Siffror i år = Utfall 2025"])
    assert _counts(fixed) == (2, 1, 0, 1)


def test_a_comment_under_the_table_after_a_blank_row_is_no_goal(tmp_path):
    rows = [["KS mål", "Status"],
            ["Alla barn lär sig läsa tidigt", "Uppfyllt"],
            ["Fler går vidare till gymnasiet", "Ej uppfyllt"],
            [],
            ["Uppgifterna för 2025 är preliminära och kan komma att ändras."]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    assert [g.text for g in result.plan.ks_goals] == ["Alla barn lär sig läsa tidigt",
                                                      "Fler går vidare till gymnasiet"]
    assert any("Uppgifterna för 2025" in n and "inget mål" in n for n in result.plan.notes)


def test_statuses_beside_a_goals_indicators_under_a_blank_goal_cell_are_the_indicators(tmp_path):
    rows = [["Nämndmål", "Indikator", "Målvärde", "Utfall", "Status"],
            ["Nöjda brukare", "NKI hemtjänst", "75", "78", "●"],
            [None, "NKI särskilt boende", "75", "71", "■"],
            ["Kompetent personal", "Andel med utbildning", "90%", "92%", "●"]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    first, second = result.plan.ks_goals
    assert (first.measure.rule, len(first.indicators)) == (schema.COMBINED, 2)
    assert _counts(result) == (2, 1, 1, 0)  # one of two indicators met: GUL


def test_an_unnamed_column_of_goals_left_of_the_indicators_is_read_as_the_goals(tmp_path):
    rows = [[None, "Indikator", "Målvärde", "Utfall 2025", "Status"],
            ["Brukarna ska vara nöjda med omsorgen", "NKI hemtjänst", "75", "78", "Grön"],
            [None, "NKI särskilt boende", "75", "71", "Röd"],
            ["Medarbetarna ska vara friska", "Sjukfrånvaro", "Max 6 %", "5,5 %", "Grön"]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    assert [g.text for g in result.plan.ks_goals] == ["Brukarna ska vara nöjda med omsorgen",
                                                      "Medarbetarna ska vara friska"]
    assert _counts(result) == (2, 1, 1, 0)
    assert any('Plan 2025!A4 (utan rubrik): KS mål (efter innehållet; raden "Kolumn A = KS '
               'mål")' in n for n in result.plan.notes)


def test_every_skipped_column_is_named_with_a_line_unless_it_is_the_kommuns_own_note(tmp_path):
    rows = [["KS mål", "Status", "Kontaktperson", "Intern anteckning"],
            ["Alla barn lär sig läsa tidigt", "Uppfyllt", "Anna Berg", "Kolla med rektor"],
            ["Fler går vidare till gymnasiet", "Ej uppfyllt", "Per Ek", ""]]
    path = _save(tmp_path / "plan.xlsx", rows)
    result = api.check(path, year=2025)
    notes = "\n".join(result.plan.notes)
    assert 'Plan 2025!C4 "Kontaktperson": t.ex. raden "Kontaktperson = Kommentar"' in notes
    assert "Intern anteckning" not in notes
    assert any('okända kolumner läses inte: C4 "Kontaktperson", D4 "Intern anteckning"' in p.message
               for p in result.warnings)
    quiet = api.check(path, year=2025, columns=["Kontaktperson = Läs inte",
                                                "Intern anteckning = Läs inte"])
    assert not quiet.warnings and _counts(quiet) == (2, 1, 0, 1)


def test_financial_goals_with_a_bare_mal_column_of_targets_and_ja_nej(tmp_path):
    rows = [["Finansiella mål", "Utfall 2025", "Mål", "Uppfyllt"],
            ["Resultatet ska uppgå till minst 2 % av skatteintäkterna", "2,4 %", "2 %", "Ja"],
            ["Soliditeten ska öka", "38 %", "Ska öka", "Nej"],
            ["Investeringar ska självfinansieras", "85 %", "100 %", "Nej"]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    assert not result.errors, [str(p) for p in result.errors]
    goals = result.plan.ks_goals
    assert [g.measure.target for g in goals] == [pytest.approx(0.02), None, pytest.approx(1)]
    assert goals[1].measure.rule == schema.INCREASES
    assert _counts(result) == (3, 1, 0, 2)


def test_a_heading_between_goals_groups_them_and_is_no_goal(tmp_path):
    rows = [["Nämndens mål", "Indikator", "Målvärde", "Utfall 2025", "Status"],
            ["Medborgare"],
            ["Nöjda medborgare", "NKI", "70", "72", "Grön"],
            ["Snabb service", "Svarstid dagar", "Max 2", "3", "Röd"],
            ["Medarbetare"],
            ["Friska medarbetare", "Sjukfrånvaro", "Max 6 %", "5 %", "Grön"]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    assert [(k.name, [g.text for g in k.ks_goals]) for k in result.plan.kf_goals] == [
        ("Medborgare", ["Nöjda medborgare", "Snabb service"]),
        ("Medarbetare", ["Friska medarbetare"])]
    assert _counts(result) == (3, 2, 0, 1)


def test_coloured_outcome_cells_are_the_status_when_there_is_no_status_column(tmp_path):
    path = _save(tmp_path / "plan.xlsx", [["KS mål", "Utfall 2024", "Utfall 2025"],
                                          ["Fler besökare", "4 000", "4 100"],
                                          ["Färre olyckor", "14", "12"],
                                          ["Kortare väntetid", "40", "41"]])
    book = openpyxl.load_workbook(path)
    for cell, rgb in (("C5", "00B050"), ("C6", "FFFF00"), ("C7", "FF0000")):
        book.active[cell].fill = PatternFill("solid", fgColor=rgb)
    book.save(path)
    result = api.check(path, year=2025)
    assert _counts(result) == (3, 1, 1, 1)
    assert any("Plan 2025!C7 RÖD (utfallets färg)" in n for n in result.plan.notes)


def test_the_options_on_vp_excels_own_arbetsbok_are_said_to_do_nothing():
    from builders import NORSJO

    result = api.check(NORSJO, columns=["Fokusmål = KS mål"])
    assert any("--kolumn och --status gäller kommunens egen tabell" in p.message
               for p in result.warnings)
    assert api.check(NORSJO).evaluation.summary() == result.evaluation.summary()


def test_coloured_goal_cells_are_the_status_when_nothing_else_says_one(tmp_path):
    path = _save(tmp_path / "plan.xlsx", [["KS mål", "Ansvarig"],
                                          ["Fler besökare på biblioteket", "Kultur"],
                                          ["Färre olyckor i trafiken", "Teknik"],
                                          ["Kortare väntetid till bygglov", "Bygg"]])
    book = openpyxl.load_workbook(path)
    for cell, rgb in (("A5", "00B050"), ("A6", "FFFF00"), ("A7", "FF0000")):
        book.active[cell].fill = PatternFill("solid", fgColor=rgb)
    book.save(path)
    result = api.check(path, year=2025)
    assert _counts(result) == (3, 1, 1, 1)
    assert any("Plan 2025!A5 GRÖN (målets färg)" in n for n in result.plan.notes)


@pytest.mark.parametrize("header", ["Mål och indikatorer", "Indikator"])
def test_a_goal_row_with_its_own_status_over_unjudged_indicators(tmp_path, header):
    rows = [[header, "Målvärde", "Utfall 2025", "Bedömning"],
            ["Nöjda invånare", None, None, "Delvis uppfyllt"],
            ["NKI", "70", "72", None],
            ["Andel nöjda med bemötande", "Minst 80 %", "76 %", None],
            ["Ekonomi i balans", None, None, "Uppfyllt"],
            ["Resultat", "2 %", "2,5 %", None]]
    result = api.check(_save(tmp_path / "plan.xlsx", rows), year=2025)
    assert [(g.text, len(g.indicators)) for g in result.plan.ks_goals] == [
        ("Nöjda invånare", 2), ("Ekonomi i balans", 1)]
    assert _counts(result) == (2, 1, 1, 0)  # the goals' own statuses win


def test_symbols_beside_the_outcomes_are_the_status_when_there_is_no_status_column(tmp_path):
    path = _save(tmp_path / "plan.xlsx", [["KS mål", "Målvärde", "Utfall 2025"],
                                          ["Fler besökare", "Minst 4 000", "4 100 😊"],
                                          ["Färre olyckor", "Högst 10", "12 😒"],
                                          ["Kortare väntetid", "Högst 30", "31 😐"]])
    result = api.check(path, year=2025)
    # The symbols are the kommun's own judgement: they win over what the targets give.
    assert _counts(result) == (3, 1, 1, 1)
    assert any("Plan 2025!C7 GUL (utfallets symbol)" in n for n in result.plan.notes)
    assert result.plan.ks_goals[0].measure.outcomes["Helår 2025"] == 4100


def test_a_mapping_file_that_is_not_text_is_one_swedish_line(tmp_path):
    """vp-excel.toml in another encoding: the reason in Swedish, not Python's codec text."""
    folder = tmp_path / "kommun"
    folder.mkdir()
    path = _unknown_goal_header(folder / "plan.xlsx")
    (folder / schema.MAPPING_FILE).write_bytes("Vad vi ska uppnå = KS mål\n".encode("cp1252"))
    result = run("check", path)
    assert result.exit_code == 1
    assert "vp-excel.toml är inte sparad som UTF-8" in result.output
    assert "codec" not in result.output and "Traceback" not in result.output
