"""`vp-excel sammanstall`: the roll-up's counts are the sum of `check` over the same
workbooks, in the terminal, in the Word report and in the workbook after LibreOffice has
recalculated it; a status corrected in the workbook's table moves every count; the typo
warning, duplicates, missing periods and --hoppa-over-fel (the matching itself:
test_rollup_matching.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from builders import NORSJO, run_cli
from helpers_edge_cases import WRONG_CACHE, poison_cached_values

from vp_excel.api import check
from vp_excel.errors import Location
from vp_excel.libreoffice import find_soffice, recalculate_xlsx
from vp_excel.rollup.matching import is_economy_goal
from vp_excel.rules import Summary, summarize
from vp_excel.schema import GREEN, NOT_ASSESSED, RED, STATUSES, YELLOW

ROOT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROOT / "workbooks" / "exempelby"
READABLE = [EXEMPELBY / name for name in
            ("klk.xlsx", "socialforvaltningen.xlsx", "barn-och-utbildning.xlsx")]
KOMMUN_LAYOUTS = [EXEMPELBY / name for name in ("samhallsbyggnad.xlsx", "kultur-och-fritid.xlsx")]
PERIOD = "Delår 2 2025"
STEM = "exempelby-kommun-sammanstallning-delår-2-2025"
ALL = (*STATUSES, NOT_ASSESSED)
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is "
                                   "not installed: the formulas cannot be recalculated here")


def sentence(summary: Summary) -> str:
    from vp_excel.rollup.frames import rollup_sentence

    return rollup_sentence(summary)


def checked(paths: list[Path], period: str = PERIOD) -> dict[str, Summary]:
    """`check`'s summary per verksamhet, and "Totalt" over them all."""
    found: dict[str, Summary] = {}
    statuses: list[str] = []
    for path in paths:
        evaluation = check(path, period).evaluation
        found[evaluation.plan.settings.verksamhet] = evaluation.summary()
        statuses += [evaluation.ks_status(goal).status for goal in evaluation.plan.ks_goals]
    found["Totalt"] = summarize(statuses)
    return found


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("rollup")
    before = {path: path.read_bytes() for path in READABLE}
    done = run_cli("sammanstall", *READABLE, "--out", out)
    return {"out": out, "run": done, "before": before, "check": checked(READABLE),
            "xlsx": out / f"{STEM}.xlsx", "docx": out / f"{STEM}.docx"}


# --- the counts are check's, everywhere ----------------------------------------------------


def test_the_command_succeeds_and_leaves_the_workbooks_alone(rolled):
    assert rolled["run"].returncode == 0, rolled["run"].stderr
    assert rolled["xlsx"].is_file() and rolled["docx"].is_file()
    for path, data in rolled["before"].items():
        assert path.read_bytes() == data


def test_terminal_counts_are_the_sum_of_check(rolled):
    out = rolled["run"].stdout
    total = rolled["check"]["Totalt"]
    assert total.total == 21  # the three arbetsböcker's KS mål, as check counts them
    assert f"Sammanfattning {PERIOD}: {sentence(total)}" in out
    for name, summary in rolled["check"].items():
        if name != "Totalt":
            assert f"  {name}: {sentence(summary)}" in out


def test_the_typo_is_reported_with_both_files_and_cells(rolled):
    err = rolled["run"].stderr
    assert ('"Välkommnande och attraktiv bygd" (barn-och-utbildning.xlsx: Mål!A2) liknar '
            '"Välkomnande och attraktiv bygd" (socialforvaltningen.xlsx: Mål!A7)') in err
    assert "Välkommnande" not in rolled["run"].stdout  # one goal, under the right spelling


def _docx_text(path: Path) -> tuple[list[str], list]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs], document.tables


def test_word_report_counts_are_the_sum_of_check(rolled):
    paragraphs, tables = _docx_text(rolled["docx"])
    text = "\n".join(paragraphs)
    total = rolled["check"]["Totalt"]
    assert f"Sammanfattning {PERIOD}: {sentence(total)}" in text
    first = tables[0]
    header = [cell.text for cell in first.rows[0].cells]
    totals = [cell.text for cell in first.rows[-1].cells]
    assert totals[0] == "Totalt"
    for status in ALL:
        assert int(totals[header.index(status)]) == total.counts[status]
    for name, summary in rolled["check"].items():
        if name != "Totalt":
            assert f"{PERIOD}: {sentence(summary)}" in text
            assert name in paragraphs  # its heading


def test_word_report_is_accessible(rolled):
    document = docx.Document(str(rolled["docx"]))
    assert document.core_properties.title.startswith("Sammanställning Delår 2 2025")
    assert document.core_properties.language == "sv-SE"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for wanted in ("Måluppfyllelse per KF ÖG mål", "Verksamheterna per KF ÖG mål",
                   "Per verksamhet",
                   "God ekonomisk hushållning", "Mål som inte nås"):
        assert wanted in headings
    header = document.sections[0].header._element.xml
    assert "PAGE" in header and "NUMPAGES" in header  # the page as "1(3)"
    for table in document.tables:
        assert table.rows[0]._tr.trPr is not None
        assert table.rows[0]._tr.trPr.xpath("./w:tblHeader"), "header row not repeated"


def test_word_matrix_counts_each_verksamhet_in_words(rolled):
    """Each row of the matrix adds up to the verksamhet's own check, status by status."""
    matrix = docx.Document(str(rolled["docx"])).tables[1]
    assert matrix.rows[0].cells[0].text == "Verksamhet"
    words = {GREEN: r"(\d+) GRÖNA?", YELLOW: r"(\d+) GULA?", RED: r"(\d+) RÖDA?",
             NOT_ASSESSED: r"(\d+) ej bedömda?"}
    for row in matrix.rows[1:]:
        name = row.cells[0].text
        expected = rolled["check"][name]
        for status, pattern in words.items():
            found = sum(int(n) for cell in row.cells[1:] for n in re.findall(pattern, cell.text))
            assert found == expected.counts[status], (name, status)
        for cell in row.cells[1:]:
            assert re.fullmatch(r"–|\d+ \w.*", cell.text), cell.text


def test_word_report_economy_and_red_goals(rolled):
    paragraphs, _tables = _docx_text(rolled["docx"])
    text = "\n".join(paragraphs)
    economy = [check(p, PERIOD).evaluation for p in READABLE]
    statuses = [e.ks_status(g).status for e in economy for kf in e.plan.kf_goals
                if is_economy_goal(kf.name) for g in kf.ks_goals]
    summary = summarize(statuses)
    assert summary.total == 5
    from vp_excel.rollup.frames import economy_sentence

    assert economy_sentence(summary) in text
    reds = sum(rolled["check"][n].counts[RED] for n in rolled["check"] if n != "Totalt")
    assert f"{reds} av {rolled['check']['Totalt'].total} mål är RÖDA" in text
    assert "Kostnaderna för placeringar av barn och unga är 3,5 mnkr över budget." in text


def _summary_totals(book, sheet: str = "Sammanställning") -> dict[str, object]:
    ws = book[sheet]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "KF ÖG mål")
    titles = [ws.cell(header, c).value for c in range(1, 9)]
    total = next(r for r in range(header, ws.max_row + 1) if ws.cell(r, 1).value == "Totalt")
    return {title: ws.cell(total, c).value for c, title in enumerate(titles, start=1)}


def _per_verksamhet(book) -> dict[str, dict[str, object]]:
    ws = book["Per verksamhet"]
    titles = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    return {ws.cell(r, 1).value: {t: ws.cell(r, c).value for c, t in enumerate(titles, start=1)}
            for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value}


@pytest.fixture(scope="module")
def recalculated(rolled, tmp_path_factory):
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("recalc")
    poisoned = poison_cached_values(rolled["xlsx"], folder / "rollup.xlsx")
    return openpyxl.load_workbook(recalculate_xlsx(poisoned, folder / "out"), data_only=True)


@needs_soffice
def test_workbook_counts_after_libreoffice_are_the_sum_of_check(rolled, recalculated):
    for sheet in recalculated.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.value != WRONG_CACHE, f"{sheet.title}!{cell.coordinate}"
    total = rolled["check"]["Totalt"]
    totals = _summary_totals(recalculated)
    assert {s: totals[s] for s in ALL} == total.counts
    assert totals["Sammanfattning"] == sentence(total)
    per = _per_verksamhet(recalculated)
    for name, summary in rolled["check"].items():
        if name != "Totalt":
            assert {s: per[name][s] for s in ALL} == summary.counts
            assert per[name]["Sammanfattning"] == sentence(summary)
    # The matrix's words, recalculated, are what Python wrote (and the Word report shows).
    written = openpyxl.load_workbook(rolled["xlsx"], data_only=True)["Matris"]
    again = recalculated["Matris"]
    cells = [(r, c) for r in range(5, written.max_row + 1)
             for c in range(2, written.max_column + 1)]
    assert cells and all(again.cell(r, c).value == written.cell(r, c).value for r, c in cells)
    assert any("GRÖN" in str(written.cell(r, c).value) for r, c in cells)


def _goal_rows(ws) -> tuple[list[str], list[tuple]]:
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


@needs_soffice
def test_a_corrected_status_in_the_table_moves_every_count(rolled, tmp_path):
    book = openpyxl.load_workbook(rolled["xlsx"])
    ws = book["Mål"]
    header, rows = _goal_rows(ws)
    status_col = header.index("Status")
    index = next(i for i, row in enumerate(rows) if row[status_col] == GREEN
                 and row[0] == "Socialförvaltningen")
    ws.cell(index + 2, status_col + 1).value = RED
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    after = openpyxl.load_workbook(recalculate_xlsx(edited, tmp_path / "out"), data_only=True)
    total = rolled["check"]["Totalt"]
    totals = _summary_totals(after)
    assert totals[GREEN] == total.counts[GREEN] - 1
    assert totals[RED] == total.counts[RED] + 1
    assert totals["Totalt"] == total.total
    moved = Summary(dict(total.counts))
    moved.counts[GREEN] -= 1
    moved.counts[RED] += 1
    assert totals["Sammanfattning"] == sentence(moved)
    social = _per_verksamhet(after)["Socialförvaltningen"]
    before = rolled["check"]["Socialförvaltningen"]
    assert (social[GREEN], social[RED]) == (before.counts[GREEN] - 1, before.counts[RED] + 1)


# --- what is missing, duplicates, errors ---------------------------------------------------


def test_two_workbooks_for_one_verksamhet_are_an_error(tmp_path):
    copy = tmp_path / "klk-kopia.xlsx"
    shutil.copyfile(READABLE[0], copy)
    done = run_cli("sammanstall", READABLE[0], copy, "--out", tmp_path / "out")
    assert done.returncode == 1
    assert ("klk-kopia.xlsx och klk.xlsx är båda verksamheten Kommunledningskontoret"
            in done.stderr)
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_workbook_without_the_period_is_listed_as_missing(tmp_path):
    done = run_cli("sammanstall", READABLE[1], NORSJO, "--out", tmp_path, "--period", PERIOD)
    assert done.returncode == 0, done.stderr
    assert 'perioden "Delår 2 2025" finns inte i norsjo-klk-2025.xlsx' in done.stderr
    paragraphs, _ = _docx_text(tmp_path / f"{STEM}.docx")
    first_page = "\n".join(paragraphs[:12])
    assert "Verksamheter som saknas i sammanställningen" in first_page
    assert "Kommunledningskontoret: perioden" in "\n".join(paragraphs)


def _not_a_zip(path: Path) -> Path:
    path.write_text("inte en arbetsbok", encoding="utf-8")
    return path


def _with_an_error(path: Path) -> Path:
    from builders import one_goal

    return one_goal(path, "mycket")


@pytest.mark.parametrize("make, message", [
    (_not_a_zip, "trasig.xlsx"),
    (_with_an_error, "trasig.xlsx: Mål!E2: utfallet för Delår 1 \"mycket\" är inte ett tal"),
])
def test_an_unreadable_workbook_stops_the_rollup_unless_skipped(tmp_path, make, message):
    broken = make(tmp_path / "trasig.xlsx")
    stopped = run_cli("sammanstall", *READABLE, broken, "--out", tmp_path / "a")
    assert stopped.returncode == 1
    assert message in stopped.stderr and "--hoppa-over-fel" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert not (tmp_path / "a").exists()
    skipped = run_cli("sammanstall", *READABLE, broken, "--out", tmp_path / "b",
                       "--hoppa-over-fel")
    assert skipped.returncode == 0, skipped.stderr
    paragraphs, _ = _docx_text(tmp_path / "b" / f"{STEM}.docx")
    missing = paragraphs.index("Verksamheter som saknas i sammanställningen")
    assert missing < paragraphs.index("Måluppfyllelse per KF ÖG mål")
    assert any("trasig.xlsx" in p for p in paragraphs[missing:missing + 4])
    text = "\n".join(paragraphs)
    assert f"Sammanfattning {PERIOD}: {sentence(checked(READABLE)['Totalt'])}" in text


def test_sammanstall_with_the_swedish_letter_is_the_same_command(tmp_path):
    done = run_cli("sammanställ", READABLE[0], "--out", tmp_path, "--titel", "Kommunen 2025")
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(tmp_path / f"{STEM}.docx")).core_properties.title == "Kommunen 2025"


def test_the_command_line_does_not_import_pandas_for_other_commands():
    code = ("import sys; from click.testing import CliRunner; from vp_excel.cli.main import cli; "
            f"r = CliRunner().invoke(cli, ['check', {str(READABLE[0])!r}]); "
            "print(r.exit_code, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.split() == ["0", "False"], done.stderr
    helped = run_cli("sammanstall", "--help")
    assert helped.returncode == 0 and "--hoppa-over-fel" in helped.stdout


# --- the kommun's own layouts (need the issue-10 reader) -----------------------------------


def test_the_whole_exempelby_folder_rolls_up(tmp_path):
    done = run_cli("sammanstall", EXEMPELBY, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    every = [*READABLE, *KOMMUN_LAYOUTS]
    summed = checked(every)
    assert len(summed) == 6
    assert f"Sammanfattning {PERIOD}: {sentence(summed['Totalt'])}" in done.stdout
    assert "saknas" not in done.stderr


@pytest.mark.parametrize("path", KOMMUN_LAYOUTS, ids=lambda p: p.name)
def test_kommun_layouts_have_the_chosen_period_and_goals(path):
    result = check(path, PERIOD)
    assert not result.errors
    assert result.plan.settings.kommun == "Exempelby kommun"
    assert result.evaluation.summary().total >= 2


def test_the_library_call_changes_no_process_state(tmp_path):
    """Without an executor `vp_excel.api.sammanstall` reads here: no worker processes, the
    garbage collector's settings as they were, and the same counts as the command line."""
    import gc
    import multiprocessing

    from vp_excel.api import export, sammanstall

    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    result = sammanstall(READABLE, out_dir=tmp_path)
    exported = export(READABLE, csv=tmp_path / "mal.csv")
    assert (gc.get_threshold(), gc.isenabled()) == (thresholds, enabled)
    assert multiprocessing.active_children() == []
    assert result.tables.summary().counts == checked(READABLE)["Totalt"].counts
    assert [p.name for p in result.outputs] == [f"{STEM}.xlsx", f"{STEM}.docx"]
    assert exported.rows == 105  # KLK keeps Delår 2 2024 (issue 21)


def test_a_period_no_workbook_has_is_one_swedish_message(tmp_path):
    done = run_cli("sammanstall", *READABLE, "--period", "Delår 9 2025", "--out", tmp_path)
    assert done.returncode == 1
    assert 'ingen arbetsbok kunde sammanställas för perioden "Delår 9 2025"' in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())


def _records(name: str, kf_names: list[str], statuses: list[str]):
    from vp_excel.rollup.records import GoalRecord, PeriodValue, WorkbookRecords

    book = WorkbookRecords(Path(f"/x/{name}.xlsx"), kommun="Testby kommun", verksamhet=name,
                           report_period="Helår 2025", periods=["Helår 2025"])
    for i, (kf, status) in enumerate(zip(kf_names, statuses)):
        goal = GoalRecord(kf, Location(f"/x/{name}.xlsx", "Mål", f"A{i + 2}"), "", "", "",
                          f"Mål {i} för {name}", None, "", "Manuell")
        goal.periods["Helår 2025"] = PeriodValue(None, status, True)
        book.goals.append(goal)
    return book


def test_many_kf_goals_turn_the_matrix_page_and_every_count_is_in_it(tmp_path):
    """Six KF ÖG mål: the matrix gets a landscape page of its own; its words add up."""
    from docx.enum.section import WD_ORIENT

    from vp_excel.rollup.api import RollupResult
    from vp_excel.rollup.collect import collect
    from vp_excel.rollup.frames import tables
    from vp_excel.writers.docx.rollup import write_rollup_document

    kfs = [f"KF-mål nummer {n}" for n in ("ett", "två", "tre", "fyra", "fem", "sex")]
    books = [_records("Alfa", kfs, [GREEN, RED, YELLOW, GREEN, NOT_ASSESSED, RED]),
             _records("Beta", kfs[::2], [RED, RED, GREEN])]
    collected = collect(books)
    found = tables(collected)
    target = tmp_path / "r.docx"
    write_rollup_document(RollupResult(collected, found, "Test"), target)
    document = docx.Document(str(target))
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    matrix = document.tables[1]
    assert [c.text for c in matrix.rows[0].cells] == ["Verksamhet", *kfs]
    beta = [c.text for c in matrix.rows[2].cells]
    assert beta == ["Beta", "1 RÖD", "–", "1 RÖD", "–", "1 GRÖN", "–"]
    assert found.summary().counts == {GREEN: 3, YELLOW: 1, RED: 4, NOT_ASSESSED: 1}


def _economy_prognosis_expected(paths: list[Path]) -> Summary:
    """The prognoses of the goals under god ekonomisk hushållning, as check reads them."""
    from vp_excel.rules import prognosis_summary

    prognoses = []
    for path in paths:
        plan = check(path, PERIOD).evaluation.plan
        prognoses += [g.measure.prognosis for kf in plan.kf_goals if is_economy_goal(kf.name)
                      for g in kf.ks_goals]
    return prognosis_summary(prognoses)


@needs_soffice
def test_economy_prognosis_formulas_after_libreoffice_agree_with_rules(rolled, recalculated):
    """The God ekonomisk hushållning sheet's Prognos helår counts (COUNTIFS over the table)
    and sentence, recalculated, are rules.prognosis_summary/prognosis_sentence over check."""
    from vp_excel.rules import prognosis_sentence

    expected = _economy_prognosis_expected(READABLE)
    assert expected.counts[GREEN] > 0  # the examples give prognoses to count
    sheet = recalculated["God ekonomisk hushållning"]
    row = next(r for r in range(1, sheet.max_row + 1)
               if sheet.cell(r, 1).value == "Prognos helår")
    assert [sheet.cell(row, c).value for c in range(2, 6)] == [expected.counts[s] for s in ALL]
    sentence_text = prognosis_sentence(expected, "mål för god ekonomisk hushållning")
    assert sheet.cell(row + 1, 1).value == sentence_text
    words = " ".join(p.text for p in docx.Document(rolled["docx"]).paragraphs)
    assert sentence_text in words


def test_word_report_has_the_prognosis_per_kf_goal_and_the_klk_trend(rolled):
    words = [p.text for p in docx.Document(rolled["docx"]).paragraphs]
    assert any(w.startswith("Prognos helår: Av ") and "uppnås vid årets slut" in w
               for w in words)
    assert any(w.startswith("Prognos helår, En ekonomi i balans och en växande kommun: Av ")
               for w in words)
    # KLK has Delår 2 2024 beside Delår 2 2025: its KS mål have a trend, said with arrow.
    assert any(w.startswith("Utveckling mot samma period året innan: ↑ Förbättrad (KS-målen: ")
               for w in words)


@needs_soffice
def test_trend_per_verksamhet_and_prognosis_per_kf_after_libreoffice(recalculated):
    """Per verksamhet's Förbättrade/Oförändrade/Försämrade and Utveckling, and
    Sammanställning's Prognos helår per KF ÖG mål, recalculated, are what rules gives over
    check's plans."""
    from vp_excel.rules import assess_trend, prognosis_sentence, prognosis_summary, rollup_trend
    from vp_excel.text import name_key

    per = _per_verksamhet(recalculated)
    words_by_kf: dict[str, list[str]] = {}
    for path in READABLE:
        evaluation = check(path, PERIOD).evaluation
        plan = evaluation.plan
        trends = [assess_trend(g.measure, PERIOD, plan.periods).word for g in plan.ks_goals]
        row = per[plan.settings.verksamhet]
        assert [row["Förbättrade"], row["Oförändrade"], row["Försämrade"]] == [
            trends.count(w) for w in ("Förbättrad", "Oförändrad", "Försämrad")]
        assert (row["Utveckling"] or "") == rollup_trend(trends)
        for kf in plan.kf_goals:
            words_by_kf.setdefault(name_key(kf.name), []).extend(
                g.measure.prognosis for g in kf.ks_goals)
    assert per["Kommunledningskontoret"]["Utveckling"] == "Förbättrad"
    ws = recalculated["Sammanställning"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "KF ÖG mål")
    assert ws.cell(header, 9).value == "Prognos helår"
    shown = {name_key(str(ws.cell(r, 1).value)): ws.cell(r, 9).value
             for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 9).value}
    total = prognosis_sentence(prognosis_summary(
        [p for words in words_by_kf.values() for p in words]))
    assert shown.pop(name_key("Totalt")) == total
    # A KF ÖG mål spelt alike in every workbook (the misspelt one is matched by the roll-up).
    import difflib

    alike = [name for name in shown if words_by_kf.get(name) and len(
        difflib.get_close_matches(name, list(words_by_kf), n=2, cutoff=0.85)) == 1]
    assert len(alike) >= 2
    for name in alike:
        assert shown[name] == prognosis_sentence(prognosis_summary(words_by_kf[name])), name
