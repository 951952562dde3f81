"""vp-excel on the ekonomi officer's Windows PC, tested on Linux: output in the ANSI and OEM
code pages (cp1252, cp850), worker processes started by `spawn` and no `os.fork`, paths with
drive letters and backslashes, file names with å, ä and ö, and reports open in Word or Excel
(their owner files `~$…` beside them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import EXEMPELBY, NORSJO, WORKBOOKS

from vp_excel.api import build
from vp_excel.codepage import plain_text
from vp_excel.errors import Location, OutputNotWritable, VpExcelError, WorkbookNotFound
from vp_excel.paths import owner_file

ROLLUP = ("klk.xlsx", "socialforvaltningen.xlsx")


def _run(args: list[str], cwd: Path, encoding: str = "utf-8", prelude: str = ""
         ) -> subprocess.CompletedProcess:
    """`vp-excel ARGS` in a fresh Python, its output in `encoding` as a pipe on Windows."""
    code = (f"{prelude}\nimport sys\nsys.argv = ['vp-excel', *{args!r}]\n"
            "from vp_excel.cli.main import main\nmain()\n")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                          timeout=300)
    return subprocess.CompletedProcess(done.args, done.returncode,
                                       done.stdout.decode(encoding), done.stderr.decode(encoding))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Workbooks under names with å, ä and ö, and two of Exempelby's verksamheter."""
    root = tmp_path_factory.mktemp("windows")
    shutil.copy(NORSJO, root / "kommunledning-åäö.xlsx")
    shutil.copy(EXEMPELBY, root / "förvaltning.xlsx")
    (root / "kommun").mkdir()
    for name in ROLLUP:
        shutil.copy(WORKBOOKS / "exempelby" / name, root / "kommun" / name)
    return root


@pytest.mark.parametrize("encoding", ["cp1252", "cp850"])
@pytest.mark.parametrize("command, expected", [
    (["check", "kommunledning-åäö.xlsx"], "(utfall 3,69% <= målvärde 4%)"),
    (["check", "förvaltning.xlsx"], "(utfall 5,2% > målvärde 5%; ^ Förbättrad)"),
    (["build", "kommunledning-åäö.xlsx", "--out", "ut-{enc}"],
     "Skrev ut-{enc}/kommunledning-åäö-helår-2024.docx"),
    (["sammanstall", "kommun", "--out", "samman-{enc}"],
     "Skrev samman-{enc}/exempelby-kommun-sammanstallning-delår-2-2025.docx"),
])
def test_every_printed_character_survives_the_code_page(folder, encoding, command, expected):
    args = [part.replace("{enc}", encoding) for part in command]
    done = _run(args, folder, encoding)
    assert done.returncode == 0, done.stderr
    assert "internt fel" not in done.stderr and "Traceback" not in done.stderr
    assert expected.replace("{enc}", encoding).replace("/", os.sep) in done.stdout


@pytest.mark.parametrize("text, encoding, shown", [
    ("utfall 3,69% ≤ målvärde 4%", "cp1252", "utfall 3,69% <= målvärde 4%"),
    ("förändring −2,2 – GRÖNA", "cp850", "förändring -2,2 - GRÖNA"),
    ("förändring −2,2 – GRÖNA", "cp1252", "förändring -2,2 – GRÖNA"),
    ("4\u00a0800 kr ≥ 4 000", "cp850", "4\u00a0800 kr >= 4 000"),
    ("emoji 🟢 i texten", "cp1252", "emoji ? i texten"),
    ("(utfall 5,2% > målvärde 5%; ↑ Förbättrad)", "cp850",
     "(utfall 5,2% > målvärde 5%; ^ Förbättrad)"),
    ("↓ Försämrad, → Oförändrad", "cp1252", "v Försämrad, -> Oförändrad"),
])
def test_what_a_code_page_lacks_is_written_as_a_person_would_type_it(text, encoding, shown):
    assert plain_text(text, encoding) == shown


@pytest.mark.parametrize("prelude", [
    "import multiprocessing\nmultiprocessing.set_start_method('spawn', force=True)",
    "import multiprocessing, os\nmultiprocessing.set_start_method('spawn', force=True)\n"
    "del os.fork",
], ids=["spawn", "spawn-without-fork"])
def test_batch_and_rollup_work_without_fork(folder, tmp_path, prelude):
    # Two cores whatever this machine has, so the worker pool is really used.
    prelude += "\nimport os\nos.sched_getaffinity = lambda pid: {0, 1}"
    out = tmp_path / "ut"
    built = _run(["build", "kommunledning-åäö.xlsx", "förvaltning.xlsx", "--out", str(out)],
                 folder, prelude=prelude)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "förvaltning-delår-2-2025.docx", "förvaltning-delår-2-2025.xlsx",
        "kommunledning-åäö-helår-2024.docx", "kommunledning-åäö-helår-2024.xlsx"]
    rolled = _run(["sammanstall", "kommun", "--out", str(tmp_path / "samman")], folder,
                  prelude=prelude)
    assert rolled.returncode == 0, rolled.stderr
    assert "Sammanfattning Delår 2 2025: av 16 identifierade mål" in rolled.stdout


@pytest.mark.parametrize("file, shown", [
    (r"C:\Users\anna\Ekonomi\plan 2025.xlsx", "plan 2025.xlsx: Mål!F7"),
    (r"\\server\delad\ekonomi\plan.xlsx", "plan.xlsx: Mål!F7"),
    ("/home/anna/plan.xlsx", "plan.xlsx: Mål!F7"),
    (r"D:plan.xlsx", "D:plan.xlsx: Mål!F7"),
])
def test_paths_with_drive_letters_and_backslashes_name_the_file(file, shown):
    assert str(Location(file, "Mål", "F7")) == shown
    assert str(VpExcelError("fel", Location(file, "Mål", "F7"))) == f"{shown}: fel"


def test_a_mistyped_path_keeps_its_folder_and_suggests_the_near_name(folder, monkeypatch):
    from vp_excel.api import check

    monkeypatch.chdir(folder)
    with pytest.raises(WorkbookNotFound) as raised:
        check(Path("kommun") / "kkl.xlsx")
    assert str(raised.value) == (f"kkl.xlsx: filen finns inte i mappen kommun. Menade du "
                                 f"{Path('kommun') / 'klk.xlsx'}?")
    with pytest.raises(WorkbookNotFound, match="mappen saknas finns inte"):
        check(Path("saknas") / "klk.xlsx")


# --- a report open in Word or Excel ----------------------------------------------------------


@pytest.mark.parametrize("name, owner", [
    ("norsjo-klk-2025-helår-2024.docx", "~$rsjo-klk-2025-helår-2024.docx"),
    ("plan123.docx", "~$lan123.docx"),  # a stem of seven: its first character dropped
    ("plan.docx", "~$plan.docx"),
    ("norsjo-klk-2025-helår-2024.xlsx", "~$norsjo-klk-2025-helår-2024.xlsx"),
])
def test_the_owner_file_word_and_excel_keep_beside_an_open_file(tmp_path, name, owner):
    assert owner_file(tmp_path / name) is None
    (tmp_path / owner).write_bytes(b"")
    assert owner_file(tmp_path / name) == tmp_path / owner


@pytest.mark.parametrize("held, written, program", [
    ("docx", "xlsx", "Word"),
    ("xlsx", "docx", "Excel"),
])
def test_a_report_open_in_word_or_excel_is_refused_and_the_other_written(tmp_path, held,
                                                                       written, program):
    stem = "norsjo-klk-2025-helår-2024"
    target = tmp_path / f"{stem}.{held}"
    target.write_bytes(b"the user's open file")
    owner = tmp_path / ("~$" + (target.name[2:] if held == "docx" else target.name))
    owner.write_bytes(b"")
    result = build(NORSJO, out_dir=tmp_path)
    assert result.outputs == [tmp_path / f"{stem}.{written}"]
    assert target.read_bytes() == b"the user's open file"
    assert result.refused == [f"{target.name} är öppen i {program} ({owner.name} finns "
                              f"bredvid) och skrevs inte. Stäng den i {program} och kör igen."]
    done = _run(["build", str(NORSJO), "--out", str(tmp_path)], tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"vp-excel: {result.refused[0]}"]
    assert target.read_bytes() == b"the user's open file"


def test_both_reports_open_is_one_line_and_nothing_written(tmp_path):
    stem = "norsjo-klk-2025-helår-2024"
    (tmp_path / "~$rsjo-klk-2025-helår-2024.docx").write_bytes(b"")
    (tmp_path / f"~${stem}.xlsx").write_bytes(b"")
    with pytest.raises(OutputNotWritable, match="öppen i Excel .* öppen i Word"):
        build(NORSJO, out_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("~$")) == []


# --- LibreOffice where Windows and macOS put it -----------------------------------------------


@pytest.fixture
def no_soffice_on_path(monkeypatch, tmp_path):
    from vp_excel import libreoffice

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("VP_EXCEL_SOFFICE", raising=False)
    for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return libreoffice


def _program(path: Path) -> Path:
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_libreoffice_in_program_files_is_found(no_soffice_on_path, monkeypatch, tmp_path):
    program = _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    assert no_soffice_on_path.find_soffice() is None
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    assert no_soffice_on_path.find_soffice() == str(program)


def test_libreoffice_in_the_users_applications_is_found(no_soffice_on_path, tmp_path):
    program = _program(tmp_path / "home" / "Applications" / "LibreOffice.app" / "Contents" /
                       "MacOS" / "soffice")
    assert no_soffice_on_path.find_soffice() == str(program)


def test_vp_excel_soffice_names_the_program(no_soffice_on_path, monkeypatch, tmp_path):
    program = _program(tmp_path / "D" / "Portabel LibreOffice" / "soffice")
    monkeypatch.setenv("VP_EXCEL_SOFFICE", f'"{program}"')  # as pasted from Explorer
    assert no_soffice_on_path.find_soffice() == str(program)
    monkeypatch.setenv("VP_EXCEL_SOFFICE", str(tmp_path / "saknas" / "soffice.exe"))
    assert no_soffice_on_path.find_soffice() is None
    from vp_excel.errors import PdfConversionUnavailable

    with pytest.raises(PdfConversionUnavailable, match="VP_EXCEL_SOFFICE pekar på .*saknas"):
        no_soffice_on_path.convert_to_pdf(tmp_path / "r.docx", tmp_path / "r.pdf")


def test_a_rollup_report_open_in_word_is_refused_and_the_workbook_written(folder, tmp_path):
    out = tmp_path / "samman"
    out.mkdir()
    docx_name = "exempelby-kommun-sammanstallning-delår-2-2025.docx"
    (out / docx_name).write_bytes(b"open in Word")
    (out / f"~${docx_name[2:]}").write_bytes(b"")
    done = _run(["sammanstall", "kommun", "--out", str(out)], folder)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"vp-excel: {docx_name} är öppen i Word (~${docx_name[2:]} finns bredvid) och skrevs "
        "inte. Stäng den i Word och kör igen.")
    assert (out / docx_name).read_bytes() == b"open in Word"
    assert (out / "exempelby-kommun-sammanstallning-delår-2-2025.xlsx").stat().st_size > 1000
