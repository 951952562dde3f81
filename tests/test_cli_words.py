"""The command line's words: every --help in Swedish (no English option names or range
notation), the usage hint after a mistake, --ar always the plan's year, and the Kolada and
export options saying what they do."""

from __future__ import annotations

import pytest
from builders import NORSJO
from click.testing import CliRunner

from vp_excel.cli import cli
from vp_excel.rollup.frames import EXPORT_COLUMNS

COMMANDS = (["--help"], ["check", "--help"], ["build", "--help"], ["init", "--help"],
            ["sammanstall", "--help"], ["export", "--help"], ["kolada", "--help"],
            ["kolada", "sok", "--help"], ["kolada", "visa", "--help"])
ENGLISH = ("--template", "--only", "<=x<=", "Show this", "Usage:", "Options", "default:",
           "[default", "Commands")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_help_is_swedish(args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert not [word for word in ENGLISH if word in result.output], result.output


@pytest.mark.parametrize("args, hint", [
    (["check"], "Skriv 'vp-excel check --help' för hjälp."),
    (["build", "x.xlsx", "--bara", "pdf"], "Skriv 'vp-excel build --help' för hjälp."),
    (["kolada", "visa", "N1", "--antal-ar", "60"],
     "Skriv 'vp-excel kolada visa --help' för hjälp."),
    (["--nope"], "Skriv 'vp-excel --help' för hjälp."),
])
def test_a_usage_error_says_where_the_help_is(args, hint):
    result = run(*args)
    assert result.exit_code == 2
    assert hint in result.output


def test_kolada_visa_counts_years_with_antal_ar_and_ar_is_the_plans_year_only():
    help_text = run("kolada", "visa", "--help").output
    assert "--antal-ar" in help_text and "[standard: 5; 1–50]" in help_text
    assert "--ar," not in help_text
    assert "Flaggan '--ar' finns inte" in run("kolada", "visa", "N1", "--ar", "2").output
    assert "60 ligger utanför 1–50." in run("kolada", "visa", "N1", "--antal-ar", "60").output
    for command in ("check", "build", "init"):
        assert "--ar, --år ÅR" in run(command, "--help").output


def test_offline_without_kolada_is_refused(tmp_path):
    result = run("build", str(NORSJO), "--offline", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "--offline gäller bara med --kolada" in result.output
    assert not list(tmp_path.iterdir())


def test_kolada_on_a_plan_without_kolada_ids_says_so(tmp_path):
    result = run("build", str(NORSJO), "--kolada", "--offline", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Kolada: planen har ingen indikator med Kolada-id, så inget hämtades. Skriv "
        "nyckeltalets id (t.ex. N00090) i kolumnen Kolada-id; vp-excel kolada sok TEXT "
        "hittar det.")


def test_export_help_is_true_to_what_it_writes():
    text = " ".join(run("export", "--help").output.split())
    assert "första sidan" not in text and "rapporten" not in text
    assert all(column in text for column in EXPORT_COLUMNS), text


@pytest.mark.parametrize("source, period, written", [
    ("norsjo-klk-2025.xlsx", "Helår 2024", "norsjo-klk-2025-helår-2024"),
    ("norsjo-klk-2025-helår-2024.xlsx", "Helår 2024", "norsjo-klk-2025-helår-2024"),
    ("norsjo-klk-2025-helår-2024.xlsx", "Helår 2025", "norsjo-klk-2025-helår-2025"),
    ("plan-Delår-2-2025.xlsx", "Delår 2 2025", "plan-delår-2-2025"),
    ("helår-2024.xlsx", "Helår 2024", "helår-2024-helår-2024"),  # nothing left to name it
])
def test_a_report_workbook_as_input_does_not_double_the_period(tmp_path, source, period,
                                                                written):
    from pathlib import Path

    from vp_excel.api import output_paths

    paths = output_paths(Path(source), period, tmp_path, ["Helår 2024", "Delår 2 2025",
                                                          "Helår 2025"])
    assert paths["xlsx"] == tmp_path / f"{written}.xlsx"
    assert paths["docx"] == tmp_path / f"{written}.docx"


def test_building_a_report_workbook_names_the_outputs_once(tmp_path):
    first = run("build", str(NORSJO), "--out", str(tmp_path / "a"), "--bara", "xlsx")
    assert first.exit_code == 0, first.output
    again = run("build", str(tmp_path / "a" / "norsjo-klk-2025-helår-2024.xlsx"), "--out",
                str(tmp_path / "b"))
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "norsjo-klk-2025-helår-2024.docx", "norsjo-klk-2025-helår-2024.xlsx"]
