"""The command line: exit codes, Swedish messages, no traceback without --debug."""

from __future__ import annotations

import subprocess
import sys

import pytest
from builders import NORSJO, one_goal, run_cli
from builders import run_cli as run

SENTENCE = "av 8 identifierade KS-mål är 5 GRÖNA (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)"


@pytest.mark.parametrize("args, fragment", [
    (["--help"], "Användning: vp-excel [FLAGGOR] KOMMANDO"),
    (["check", "--help"], "Läs och kontrollera ARBETSBOK"),
    (["build", "-h"], "Bygg rapportarbetsbok"),
    (["init", "--help"], "Skapa en tom arbetsbok"),
    (["--version"], "vp-excel 0.1.0"),
])
def test_help_and_version_in_swedish(args, fragment):
    result = run(*args)
    assert result.exit_code == 0
    assert fragment in result.output
    assert "Show this message" not in result.output and "Usage:" not in result.output


@pytest.mark.parametrize("args, fragment", [
    (["chek", "x.xlsx"], "Kommandot 'chek' finns inte. Menade du 'check'?"),
    (["check", "--nope", "x.xlsx"], "Flaggan '--nope' finns inte."),
    (["check"], "Argument saknas"),
    (["build", "x.xlsx", "--bara", "pdf"], "Ogiltigt värde för '--bara'"),
])
def test_usage_errors_in_swedish(args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.output


@pytest.mark.parametrize("args, command", [
    (["check"], "vp-excel check"),
    (["build", "x.xlsx", "--bara", "pdf"], "vp-excel build"),
    (["init", "a.xlsx", "b.xlsx"], "vp-excel init"),
    (["kolada", "sok"], "vp-excel kolada sok"),
    (["kolada", "visa", "N1", "--ar", "0"], "vp-excel kolada visa"),
    (["sammanstall"], "vp-excel sammanstall"),
    (["export"], "vp-excel export"),
    (["--nope"], "vp-excel"),
])
def test_a_usage_error_says_where_the_help_is(args, command):
    # The help option is declared once, on the root group (cli/common.py); a command that
    # declared its own would take -h and --help from click's hint and the line would vanish.
    result = run(*args)
    assert result.exit_code == 2
    assert f"Skriv '{command} --help' för hjälp." in result.output


def test_check_norsjo_prints_the_starting_point():
    result = run("check", str(NORSJO))
    assert result.exit_code == 0, result.output
    assert "norsjo-klk-2025.xlsx: 0 fel" in result.output
    assert f"Sammanfattning Helår 2024: {SENTENCE}" in result.output
    assert "GRÖN (manuell)    Identifierade personella sårbarheter minskar." in result.output


def test_check_exits_1_on_errors_and_names_the_cell(tmp_path):
    path = one_goal(tmp_path / "plan.xlsx", "6,5 procent")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert 'fel: plan.xlsx: Mål!E2: utfallet för Delår 1 "6,5 procent" är inte ett tal' in \
        result.output
    assert "1 fel, 0 varningar" in result.output


def test_check_warnings_only_exit_0(tmp_path):
    path = one_goal(tmp_path / "plan.xlsx", "3,69")
    result = run("check", str(path))
    assert result.exit_code == 0
    assert "varning: plan.xlsx: Mål!E2:" in result.output


def test_check_with_another_period(tmp_path):
    path = one_goal(tmp_path / "plan.xlsx", "3%")
    assert "Rapportperiod: Delår 2" in run("check", str(path), "--period", "delår 2").output
    result = run("check", str(path), "--period", "Delår 9")
    assert result.exit_code == 1
    assert 'perioden "Delår 9" finns inte. Tillåtna: Delår 1, Delår 2.' in result.output


@pytest.mark.parametrize("name, fragment", [
    ("saknas.xlsx", "saknas.xlsx: filen finns inte"),
    ("~$plan.xlsx", "verkar vara öppen i Excel"),
])
def test_bad_paths_give_one_line_without_traceback(tmp_path, name, fragment):
    result = run("check", str(tmp_path / name))
    assert result.exit_code == 1
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "check", str(tmp_path / "saknas.xlsx"))
    assert result.exit_code != 0
    assert result.exception is not None and "filen finns inte" in str(result.exception)


def test_build_refuses_a_workbook_with_errors_and_writes_nothing(tmp_path):
    path = one_goal(tmp_path / "plan.xlsx", "#N/A")
    out = tmp_path / "ut"
    result = run("build", str(path), "--out", str(out))
    assert result.exit_code == 1
    assert "Mål!E2: utfallet för Delår 1 är felvärdet #N/A" in result.output
    assert "arbetsboken har 1 fel; ingen rapport skrevs" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_real_process_help_is_fast_to_import_and_swedish():
    """--help must not import the heavy libraries (they load inside the commands)."""
    code = ("import sys; from vp_excel.cli.main import cli; "
            "heavy = [m for m in ('openpyxl', 'pandas', 'docx', 'xlsxwriter') if m in sys.modules];"
            "print(heavy)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True)
    assert completed.stdout.strip() == "[]"


@pytest.mark.parametrize("group", [[], ["kolada"]], ids=["vp-excel", "kolada"])
def test_every_command_in_the_help_has_its_whole_description(group):
    """No line of a command list ends cut off ("…" or "...")."""
    result = run_cli(*group, "--help", terminal_width=80)
    commands = result.output.split("Kommandon:")[1].strip().splitlines()
    assert commands and not [line for line in commands if line.rstrip().endswith(("...", "…"))]
