"""Bad input, faults and the staff's workbook: nothing lost, one clear Swedish message every time.

Every case of the corpus (tests/corpus/make_corpus.py) goes through `check` and `build`:
the message is Swedish, names the file (and sheet and cell where it applies), the exit code is
non-zero, the input's bytes and mtime are untouched, no report or temp file appears, and no
traceback escapes.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import make_corpus  # noqa: E402
from builders import run_cli as run  # noqa: E402
from make_corpus import CASES  # noqa: E402

from vp_excel import writers  # noqa: E402

# Messages that would mean a bug got through instead of a clear message.
LEAKS = ("Traceback", "internt fel", "Error:", "Exception", "errno", "Errno")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and mtime."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def assert_clean(result, *fragments: str) -> str:
    text = result.stdout + result.stderr
    for leak in LEAKS:
        assert leak not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    for fragment in fragments:
        assert fragment in text, text
    return text


def message_line(text: str, fragment: str) -> str:
    return next(line for line in text.splitlines() if fragment in line)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_one_clear_swedish_message(tmp_path, name):
    """Each case written once and given to both commands that read it, in turn: each run
    compares the input's bytes and mtime before and after, so sharing it hides nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    case = CASES[name](folder)
    assert case.fragment and case.name == name  # the case names itself and its message
    assert set(case.commands) <= {"check", "build"} and case.commands
    for command in case.commands:
        before = snapshot(folder)
        out = tmp_path / f"ut-{command}"
        args = [command, case.path, *case.args]
        if command == "build":
            args += ["--out", out, "--bara", "xlsx"]
        result = run(*args)
        fragment = (case.build_fragment or case.fragment) if command == "build" \
            else case.fragment
        text = assert_clean(result, fragment, *case.notes.get("also", ()))
        assert result.exit_code == case.exit_code, (command, text)
        line = message_line(text, fragment)
        assert line.startswith(("vp-excel: ", "fel: ")), (command, line)
        if case.names_file:
            assert case.path.name in line, (command, line)
        if case.where:
            assert f": {case.where}:" in line, (command, line)
        assert snapshot(folder) == before, f"{command} changed the input"
        assert files_in(out) == [], f"{command} wrote something"
        assert not [p for p in folder.rglob(".vp-excel-*")], f"{command} left a temp file"


@pytest.mark.parametrize("name", ["missing_required_column", "duplicated_header",
                                  "text_in_number_cell", "uncalculated_formula",
                                  "unknown_status", "merged_range_bomb", "zip_bomb_lying_small",
                                  "billion_laughs_in_sheet", "truncated_zip"])
def test_the_corpus_works_on_the_built_base_too(tmp_path, monkeypatch, name):
    """The cases find cells by header, so they hold whichever base they damage."""
    monkeypatch.setattr(make_corpus, "BASE", "built")
    case = CASES[name](tmp_path)
    result = run("check", case.path, *case.args)
    text = assert_clean(result, case.fragment)
    assert result.exit_code == 1
    if case.where:
        assert f": {case.where}:" in message_line(text, case.fragment)


@pytest.mark.parametrize("name", ["plan", "plan.XLSX", "plan.xlsm", "plan åäö med mellanslag.xlsx"])
def test_a_good_workbook_with_an_odd_name_reads(tmp_path, name):
    """The content decides, not the name (openpyxl alone refuses unknown extensions)."""
    path = make_corpus.write_base(tmp_path, name)
    result = run("check", path)
    assert_clean(result, f"{name}: 0 fel")
    assert result.exit_code == 0


def test_openpyxl_itself_refuses_entities():
    """The second line of defence behind the safety checks' DTD refusal: openpyxl parses
    sheets with defusedxml when it is installed (it is a dependency)."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_openpyxl_parse_of_a_billion_laughs_sheet_fails_fast(tmp_path):
    from openpyxl.reader.excel import load_workbook

    case = CASES["billion_laughs_in_sheet"](tmp_path)
    started = time.perf_counter()
    with pytest.raises(Exception) as caught:
        load_workbook(case.path, data_only=True)
    assert time.perf_counter() - started < 10
    causes, current = [], caught.value
    while current is not None:
        causes.append(type(current).__name__)
        current = current.__cause__ or current.__context__
    assert {"EntitiesForbidden", "DTDForbidden"} & set(causes), causes


@pytest.mark.parametrize("name", ["billion_laughs_in_sheet", "billion_laughs_in_shared_strings",
                                  "external_entity"])
def test_without_the_dtd_check_openpyxl_still_ends_cleanly(tmp_path, monkeypatch, name):
    """Defence in depth: were the safety checks' byte search gone, defusedxml in openpyxl still
    refuses, and the reader says so in Swedish."""
    from vp_excel.safety import parts

    monkeypatch.setattr(parts, "refuse_dtd", lambda data, name, where: None)
    case = CASES[name](tmp_path)
    started = time.perf_counter()
    result = run("check", case.path)
    assert time.perf_counter() - started < 20
    text = assert_clean(result)
    assert result.exit_code == 1, text
    assert "XML-definitioner som Excel aldrig skriver" in text or "ingen giltig XML" in text, text


def test_init_force_over_a_read_only_file_keeps_it(tmp_path):
    target = tmp_path / "arbetsbok.xlsx"
    target.write_bytes(b"staff's own file")
    os.chmod(target, 0o444)
    result = run("init", target, "--force")
    assert_clean(result, "skrivskyddad")
    assert result.exit_code == 1
    assert target.read_bytes() == b"staff's own file"
    assert [p.name for p in tmp_path.iterdir()] == ["arbetsbok.xlsx"]


# --- a real process: nothing escapes --------------------------------------------------------


def _command() -> list[str]:
    found = shutil.which("vp-excel")
    return [found] if found else [sys.executable, "-m", "vp_excel"]


# One real process: the rest run the same commands in this process (builders.run_cli), which
# sees the same output without a Python start-up per case.
@pytest.mark.parametrize("name, real", [
    ("truncated_zip", False), ("password_protected", False), ("billion_laughs_in_sheet", True),
    ("merged_range_bomb", False), ("uncalculated_formula", False), ("missing_path", False)])
def test_one_line_and_no_traceback(tmp_path, name, real):
    case = CASES[name](tmp_path)
    before = snapshot(tmp_path)
    if real:
        completed = subprocess.run([*_command(), "check", str(case.path)], capture_output=True,
                                   text=True, timeout=120, cwd=tmp_path,
                                   env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    else:
        completed = run("check", case.path, cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert case.fragment in completed.stderr + completed.stdout
    if completed.stdout.strip() == "" or "0 fel" not in completed.stdout:
        last = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else ""
        assert last.startswith("vp-excel: ") or "fel:" in completed.stdout
    assert snapshot(tmp_path) == before


def test_real_process_build_of_a_broken_workbook_writes_nothing(tmp_path):
    case = CASES["corrupt_deflate_stream"](tmp_path / "in")
    completed = subprocess.run([*_command(), "build", str(case.path), "--out",
                                str(tmp_path / "ut")], capture_output=True, text=True,
                               timeout=120)
    assert completed.returncode == 1
    assert completed.stderr.strip().splitlines() == [
        line for line in completed.stderr.strip().splitlines() if line.startswith("vp-excel: ")]
    assert "Traceback" not in completed.stderr
    assert files_in(tmp_path / "ut") == []


def test_debug_shows_the_traceback_for_a_damaged_file(tmp_path):
    case = CASES["truncated_zip"](tmp_path)
    result = run("--debug", "check", case.path)
    assert result.exit_code != 0
    assert result.exception is not None and not isinstance(result.exception, SystemExit)


# --- sheets whose stated size lies, and stray far-away cells ---------------------------------


def _plan_summary(path: Path):
    from vp_excel.api import check

    result = check(path)
    return ([(g.text, g.measure.outcomes, g.measure.target) for g in result.plan.ks_goals],
            [str(p) for p in result.problems], result.evaluation.summary().counts)


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1", "B3:C4"])
def test_a_lying_dimension_neither_blows_up_nor_misses_data(tmp_path, ref):
    base = make_corpus.write_base(tmp_path / "base")
    lying = make_corpus.write_base(tmp_path / "lying")
    make_corpus.edit_sheet_xml(lying, "Mål", lambda xml: re.sub(
        r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml, count=1))
    started = time.perf_counter()
    result = run("check", lying)
    assert time.perf_counter() - started < 20
    assert_clean(result)
    assert result.exit_code == 0, result.output
    expected, got = _plan_summary(base), _plan_summary(lying)
    assert got[0] == expected[0] and got[2] == expected[2]


@pytest.mark.parametrize("content", ["value", "styled"])
def test_a_cell_at_xfd1048576_costs_nothing(tmp_path, content):
    """A stray value (or an empty formatted cell) in the sheet's last cell must not make the
    reader walk a grid of 17 billion cells."""
    base = make_corpus.write_base(tmp_path / "base")
    far = make_corpus.write_base(tmp_path / "far")
    book = openpyxl.load_workbook(far)
    if content == "value":
        book["Mål"]["XFD1048576"] = "bortglömd"
    else:
        book["Mål"]["XFD1048576"].number_format = "0.0%"
    book.save(far)
    started = time.perf_counter()
    result = run("check", far)
    assert time.perf_counter() - started < 20
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert _plan_summary(far)[0] == _plan_summary(base)[0]


def test_a_merged_title_over_the_whole_width_is_read_cheaply(tmp_path):
    """A merge that is large but not absurd (a title over every column) is fine."""
    path = make_corpus.write_base(tmp_path)
    make_corpus.edit_sheet_xml(path, "Instruktioner", lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A40:XFD40"/>'
        "</mergeCells>", 1) if "<mergeCells" not in xml else xml)
    result = run("check", path)
    assert_clean(result)
    assert result.exit_code == 0


# --- odd but valid text: the report is written, cleanly -------------------------------------


def _writer_formats() -> list[str]:
    import importlib.util

    formats = ["xlsx"]
    if importlib.util.find_spec("vp_excel.writers.docx") is not None:
        formats.append("docx")
    return formats


def test_odd_text_checks_clean(tmp_path):
    path, texts = make_corpus.odd_text_workbook(tmp_path)
    result = run("check", path)
    text = assert_clean(result, "0 fel")
    assert result.exit_code == 0, text
    from vp_excel.api import check

    goals = [g.text for g in check(path).plan.ks_goals]
    assert "Föreefter\ttabb" in goals  # control characters dropped, the tab kept
    assert "Rad ett\nrad två" in goals  # _x000B_ (Alt+Enter in old Excel) is a line break
    assert "Halv emoji" in goals  # a lone surrogate half dropped
    assert "Glad 😀 smiley" in goals  # an escaped surrogate pair joined again
    assert texts["formula_equals"] in goals and texts["array_formula"] in goals
    assert texts["long"].strip() in goals


@pytest.mark.parametrize("fmt", _writer_formats())
def test_odd_text_builds_and_stays_text(tmp_path, fmt):
    path, texts = make_corpus.odd_text_workbook(tmp_path / "in")
    before = snapshot(tmp_path / "in")
    out = tmp_path / "ut"
    result = run("build", path, "--out", out, "--bara", fmt)
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "in") == before
    written = sorted(out.glob(f"*.{fmt}"))
    assert len(written) == 1 and [p.name for p in out.iterdir()] == [written[0].name]
    formula_like = [texts[k] for k in ("formula_equals", "formula_plus", "formula_minus",
                                       "formula_at", "array_formula")]
    if fmt == "xlsx":
        book = openpyxl.load_workbook(written[0])
        found: dict[str, str] = {}
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value in formula_like:
                        found[cell.value] = cell.data_type
                    if isinstance(cell.value, str):
                        assert len(cell.value) <= 32767
                    if cell.data_type == "f":
                        assert str(cell.value) not in formula_like
        for text in formula_like:
            assert found.get(text) == "s", f"{text!r} is not a text cell in the report"
    else:
        import docx

        document = docx.Document(str(written[0]))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        everything = "\n".join(parts)
        for text in formula_like:
            assert text in everything, f"{text!r} missing from the Word report"
        assert "Glad 😀 smiley" in everything


# --- outputs: refused, read-only, full disk, crashed writer ---------------------------------


def _report_paths(source: Path, out: Path) -> dict[str, Path]:
    from vp_excel.api import check, output_paths

    return output_paths(source, check(source).evaluation.period, out)


@pytest.fixture
def fake_writers(monkeypatch):
    """Writers that write a few bytes (or fail on demand), so the output plumbing is tested
    whatever state the real writers are in."""
    behaviour = {"fail": None}

    def fake(content: bytes):
        def write(evaluation, path, options):
            Path(path).write_bytes(content)
            if behaviour["fail"]:
                raise behaviour["fail"]
            return []
        return write

    # In through the writers' registry, as any output format is.
    monkeypatch.setitem(sys.modules, "fake_report_writers", types.SimpleNamespace(
        xlsx=fake(b"PK ny rapport"), docx=fake(b"PK ny word-rapport")))
    for fmt in ("xlsx", "docx"):
        monkeypatch.setitem(writers.FORMATS, fmt, dataclasses.replace(
            writers.FORMATS[fmt], write=f"fake_report_writers:{fmt}"))
    return behaviour


def _previous_reports(source: Path, out: Path) -> dict[str, Path]:
    targets = _report_paths(source, out)
    out.mkdir(parents=True, exist_ok=True)
    for fmt, target in targets.items():
        target.write_bytes(f"förra {fmt}-rapporten".encode())
    return targets


def test_a_report_over_its_own_input_is_refused(tmp_path, fake_writers):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    out.mkdir()
    target = _report_paths(source, out)["xlsx"]
    target.symlink_to(source)
    before = snapshot(tmp_path / "in")
    result = run("build", source, "--out", out, "--bara", "xlsx")
    text = assert_clean(result, "skulle skriva över arbetsboken")
    assert result.exit_code == 1, text
    assert target.name in message_line(text, "skulle skriva över")
    assert snapshot(tmp_path / "in") == before
    assert target.is_symlink()


def test_a_hard_link_to_the_input_is_refused_too(tmp_path, fake_writers):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    out.mkdir()
    target = _report_paths(source, out)["docx"]
    os.link(source, target)
    before = source.read_bytes()
    result = run("build", source, "--out", out, "--bara", "docx")
    assert_clean(result, "skulle skriva över arbetsboken")
    assert result.exit_code == 1
    assert source.read_bytes() == before


def test_a_read_only_previous_report_is_kept_and_named(tmp_path, fake_writers):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    targets = _previous_reports(source, out)
    os.chmod(targets["xlsx"], 0o444)
    result = run("build", source, "--out", out, "--bara", "xlsx")
    text = assert_clean(result, "skrivskyddad")
    assert result.exit_code == 1
    assert targets["xlsx"].name in message_line(text, "skrivskyddad")
    assert targets["xlsx"].read_bytes() == "förra xlsx-rapporten".encode()
    assert sorted(p.name for p in out.iterdir()) == sorted(t.name for t in targets.values())


# One format per build here; the pair written together is covered by tests/test_build_pair.py.
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("code, fragment", [
    (errno.ENOSPC, "disken är full"),
    (errno.EACCES, "öppen i ett annat program"),
    (errno.EROFS, "skrivskyddad enhet"),
    (errno.EIO, "in/ut-fel"),
])
def test_a_failing_move_into_place_keeps_the_previous_report(tmp_path, fake_writers,
                                                             monkeypatch, code, fragment, fmt):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    targets = _previous_reports(source, out)

    def replace(src, dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", replace)
    result = run("build", source, "--out", out, "--bara", fmt)
    text = assert_clean(result, fragment)
    assert result.exit_code == 1
    assert targets[fmt].name in message_line(text, fragment)
    for kind, target in targets.items():
        assert target.read_bytes() == f"förra {kind}-rapporten".encode()
    assert sorted(p.name for p in out.iterdir()) == sorted(t.name for t in targets.values())


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_disk_full_while_writing_leaves_no_partial_file(tmp_path, fake_writers, fmt):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    targets = _previous_reports(source, out)
    fake_writers["fail"] = OSError(errno.ENOSPC, "No space left on device")
    result = run("build", source, "--out", out, "--bara", fmt)
    text = assert_clean(result, "disken är full")
    assert result.exit_code == 1
    assert targets[fmt].name in message_line(text, "disken är full")
    assert targets[fmt].read_bytes() == f"förra {fmt}-rapporten".encode()
    assert sorted(p.name for p in out.iterdir()) == sorted(t.name for t in targets.values())


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_crashing_writer_leaves_the_previous_report_and_no_temp(tmp_path, fake_writers, fmt):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    targets = _previous_reports(source, out)
    fake_writers["fail"] = RuntimeError("writer bug")
    result = run("build", source, "--out", out, "--bara", fmt)
    assert result.exit_code == 2  # a bug: said plainly, without a traceback
    assert "Traceback" not in result.stdout + result.stderr
    assert "internt fel" in result.stderr
    assert targets[fmt].read_bytes() == f"förra {fmt}-rapporten".encode()
    assert sorted(p.name for p in out.iterdir()) == sorted(t.name for t in targets.values())


def test_a_folder_that_cannot_be_written_is_named(tmp_path, fake_writers, monkeypatch):
    import tempfile

    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"

    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = run("build", source, "--out", out, "--bara", "xlsx")
    text = assert_clean(result, "går inte att skriva i")
    assert result.exit_code == 1
    assert str(out) in message_line(text, "går inte att skriva i")


def test_out_that_is_a_file_is_named(tmp_path, fake_writers):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "en-fil.txt"
    out.write_text("inte en mapp")
    result = run("build", source, "--out", out, "--bara", "xlsx")
    assert_clean(result, "är en fil, inte en mapp")
    assert result.exit_code == 1
    assert out.read_text() == "inte en mapp"


def test_a_folder_with_the_report_name_is_named(tmp_path, fake_writers):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    _report_paths(source, out)["xlsx"].mkdir(parents=True)
    result = run("build", source, "--out", out, "--bara", "xlsx")
    assert_clean(result, "det finns en mapp med filens namn")
    assert result.exit_code == 1


def test_build_replaces_the_previous_report_when_all_is_well(tmp_path, fake_writers):
    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    targets = _previous_reports(source, out)
    before = snapshot(tmp_path / "in")
    result = run("build", source, "--out", out)
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert targets["xlsx"].read_bytes() == b"PK ny rapport"
    assert targets["docx"].read_bytes() == b"PK ny word-rapport"
    assert snapshot(tmp_path / "in") == before
    assert sorted(p.name for p in out.iterdir()) == sorted(t.name for t in targets.values())


# --- names too long for the file system (issue 18) ---------------------------------------------


@pytest.mark.parametrize("stem", ["p" * 240, "Å" * 120, "plan-" + "ö" * 120])
def test_a_long_input_name_builds_with_the_output_name_cut_and_said(tmp_path, stem):
    path = make_corpus.write_base(tmp_path / "in", stem[:250 - 5] + ".xlsx")
    out = tmp_path / "ut"
    result = run("build", path, "--out", out)
    text = assert_clean(result, "det kortades till")
    assert result.exit_code == 0, text
    written = sorted(p.name for p in out.iterdir())
    assert [Path(name).suffix for name in written] == [".docx", ".xlsx"], written
    assert all(len(name.encode("utf-8")) <= 255 for name in written)
    assert Path(written[0]).stem == Path(written[1]).stem  # the pair keeps one name
    assert f"Skrev {out / written[0]}" in text or f"Skrev {out / written[1]}" in text


@pytest.mark.parametrize("kommun", ["K" * 300, "Å" * 200])
def test_a_long_kommun_name_rolls_up_with_the_name_cut_and_said(tmp_path, kommun):
    folder = tmp_path / "in"
    for name, verksamhet in (("a.xlsx", "Skola"), ("b.xlsx", "Vård")):
        path = make_corpus.write_base(folder, name)
        book = openpyxl.load_workbook(path)
        settings = book["Inställningar"]
        for row in settings.iter_rows():
            if row[0].value == "Kommun":
                row[1].value = kommun
            if row[0].value == "Verksamhet":
                row[1].value = verksamhet
        book.save(path)
    before = snapshot(folder)
    out = tmp_path / "ut"
    result = run("sammanstall", folder, "--out", out)
    text = assert_clean(result, "det kortades till")
    assert result.exit_code == 0, text
    assert all(len(p.name.encode("utf-8")) <= 255 for p in out.iterdir())
    assert len(list(out.iterdir())) == 2
    assert snapshot(folder) == before


# --- faults: killed workers, signals, stale temp files, finalisers (issue 18) -----------------


def _rollup_folder(folder: Path, names: dict[str, str]) -> Path:
    """Workbooks named as keys, each its own verksamhet (the values)."""
    for name, verksamhet in names.items():
        path = make_corpus.write_base(folder, name)
        book = openpyxl.load_workbook(path)
        for row in book["Inställningar"].iter_rows():
            if row[0].value == "Verksamhet":
                row[1].value = verksamhet
        book.save(path)
    return folder


def _reader_that_dies(path):
    """A worker killed as the out-of-memory killer does, for one workbook."""
    if Path(path).name == "dödar.xlsx":
        os.kill(os.getpid(), 9)
    return _real_read_workbook(path)


from vp_excel.rollup.records import read_workbook as _real_read_workbook  # noqa: E402


@pytest.mark.parametrize("skip", [False, True])
def test_a_killed_rollup_worker_names_its_workbook(tmp_path, monkeypatch, skip):
    from vp_excel.cli.batch import worker_count
    from vp_excel.rollup import collect

    if worker_count(3) < 2 or not hasattr(os, "fork"):
        pytest.skip("needs a process pool (two cores and fork)")
    monkeypatch.setattr(collect, "read_workbook", _reader_that_dies)
    folder = _rollup_folder(tmp_path / "in", {"a.xlsx": "Skola", "dödar.xlsx": "Vård",
                                              "c.xlsx": "Kultur"})
    before = snapshot(folder)
    out = tmp_path / "ut"
    result = run("sammanstall", folder, "--out", out, *(["--hoppa-over-fel"] if skip else []))
    text = assert_clean(result, "dödar.xlsx: processen som läste arbetsboken stoppades")
    assert "BrokenProcessPool" not in text
    assert snapshot(folder) == before
    if skip:
        assert result.exit_code == 0, text
        assert "saknas: " in message_line(text, "dödar.xlsx")
        assert len(files_in(out)) == 2 and "Skola" in text and "Kultur" in text
    else:
        assert result.exit_code == 1, text
        assert files_in(out) == []


_FORK_SCRIPT = """
import os, sys, time
from vp_excel.cli.forked import run_beside

def work():
    with open(sys.argv[1] + ".tmp", "w") as out:
        out.write(str(os.getpid()))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    time.sleep(60)

result, cancel = run_beside(work)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_the_forked_word_writer_ends_with_its_parent(tmp_path, how):
    from vp_excel.cli.forked import _cores

    if not hasattr(os, "fork") or _cores() < 2 or not Path("/proc/self/stat").exists():
        pytest.skip("the fork is used only with fork and two cores; /proc to watch it")
    pid_file = tmp_path / "pid"
    parent = subprocess.Popen([sys.executable, "-c", _FORK_SCRIPT, str(pid_file)])
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(pid_file.read_text())
        assert _alive(child)
        parent.send_signal(how)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the fork outlived its parent"
    finally:
        parent.kill()


def test_stale_temp_files_older_than_a_day_go_at_the_next_write(tmp_path):
    path = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    out.mkdir()
    old, fresh = out / ".vp-excel-abc123.xlsx", out / ".vp-excel-def456.docx"
    other = out / "mina-anteckningar.txt"
    for file in (old, fresh, other):
        file.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(other, (two_days_ago, two_days_ago))
    result = run("build", path, "--out", out, "--bara", "xlsx")
    assert_clean(result, "Skrev")
    assert not old.exists()
    assert fresh.exists() and other.exists()  # a write may be under way; not ours


def _small_file_limit() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG), no signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_init_fran_on_a_full_disk_says_one_line_and_no_traceback(tmp_path):
    """A file-size limit fails the write as a full disk does; ZipFile's finaliser then tries
    to write again, which used to print a traceback after the Swedish line."""
    source = make_corpus.write_base(tmp_path / "in")
    before = snapshot(tmp_path / "in")
    target = tmp_path / "ut" / "ny.xlsx"
    completed = subprocess.run([*_command(), "init", "--fran", str(source), str(target)],
                               capture_output=True, text=True, timeout=120,
                               preexec_fn=_small_file_limit,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "filen blev större än systemet tillåter" in output
    for leak in ("Traceback", "Exception ignored", "Error"):
        assert leak not in output, output
    assert len(completed.stderr.strip().splitlines()) == 1, output
    assert snapshot(tmp_path / "in") == before
    assert files_in(tmp_path / "ut") == []


_FINALISER_SCRIPT = """
import sys
from vp_excel.cli import main as cli

class Unclosed:  # as ZipFile.__del__ writing its directory again on a full disk
    def __del__(self):
        raise OSError(28, "No space left on device")

command = cli.cli

def run(*args, **kwargs):
    try:
        return command(*args, **kwargs)
    finally:
        Unclosed()

cli.cli = run
sys.argv = ["vp-excel", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_an_error_in_a_finaliser_after_the_message_prints_no_traceback(tmp_path, debug):
    completed = subprocess.run([sys.executable, "-c", _FINALISER_SCRIPT,
                                *(["--debug"] if debug else []), "check",
                                str(tmp_path / "saknas.xlsx")],
                               capture_output=True, text=True, timeout=60,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert completed.returncode == 1
    assert "filen finns inte" in completed.stderr
    assert ("Exception ignored" in completed.stderr) == debug, completed.stderr


# --- messages in Swedish and true (issue 18, point 7) ------------------------------------------


def test_an_input_click_would_call_unreadable_gets_vp_excels_own_check(tmp_path, monkeypatch):
    """click's readable check speaks English ("Path '…' is not readable"); vp-excel reads the
    file itself and says in Swedish when it cannot."""
    path = make_corpus.write_base(tmp_path)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    result = run("check", path)
    assert "not readable" not in result.stdout + result.stderr
    assert_clean(result, "plan.xlsx: 0 fel")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_input_is_one_swedish_line(tmp_path):
    path = make_corpus.write_base(tmp_path)
    os.chmod(path, 0)
    try:
        result = run("check", path)
    finally:
        os.chmod(path, 0o644)
    assert_clean(result, "filen går inte att läsa (behörighet saknas)")
    assert result.exit_code == 1


@pytest.mark.parametrize("flag", ["--csv", "--xlsx"])
def test_an_export_to_an_unwritable_place_names_its_own_option(tmp_path, flag):
    source = make_corpus.write_base(tmp_path / "in")
    blocker = tmp_path / "fil"
    blocker.write_text("en fil, ingen mapp")
    result = run("export", source, flag, blocker / "ut.csv")
    text = assert_clean(result, f"Ange en annan fil med {flag}")
    assert "--out" not in text
    assert result.exit_code == 1


def test_export_to_the_same_file_twice_is_refused(tmp_path):
    source = make_corpus.write_base(tmp_path / "in")
    target = tmp_path / "ut" / "mål.xlsx"
    result = run("export", source, "--csv", target, "--xlsx", target)
    text = assert_clean(result, "--csv och --xlsx är samma fil")
    assert result.exit_code == 1
    assert "Skrev" not in text
    assert files_in(tmp_path / "ut") == []


@pytest.mark.parametrize("command", ["build", "sammanstall", "export"])
def test_a_folder_run_says_it_skipped_a_pipe_and_a_link_loop(tmp_path, command):
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs POSIX named pipes and links")
    folder = _rollup_folder(tmp_path / "in", {"a.xlsx": "Skola", "b.xlsx": "Vård"})
    os.mkfifo(folder / "rör.xlsx")
    os.symlink("slinga.xlsx", folder / "slinga.xlsx")
    out = tmp_path / "ut"
    args = {"build": ["--out", out, "--bara", "xlsx"], "sammanstall": ["--out", out],
            "export": ["--csv", out / "mål.csv"]}[command]
    result = run(command, folder, *args)
    text = assert_clean(result, "Hoppade över")
    assert result.exit_code == 0, text
    assert "rör.xlsx: ingen vanlig fil" in text
    assert "slinga.xlsx: en länk som inte leder till någon fil" in text


def test_thousands_of_overlapping_hidden_column_ranges_read(tmp_path):
    """16 384 hidden ranges of the whole width: joined before they are spelled out (this took
    13,6 s); time is measured in bench, here only that the workbook reads."""
    path = make_corpus.write_base(tmp_path)
    cols = "".join(f'<col min="{n}" max="16384" hidden="1" width="9"/>' for n in
                   range(1, 16385))
    make_corpus.edit_sheet_xml(path, "Texter", lambda xml: re.sub(
        r"<cols>.*?</cols>|(?=<sheetData)", f"<cols>{cols}</cols>", xml, count=1,
        flags=re.DOTALL))
    result = run("check", path)
    assert_clean(result, "plan.xlsx:")


# --- silent wrong data made loud: copies and error values as names (issue 18, point 6) --------

_HEADER = ["KF ÖG mål", "KS mål", "Status", "Målvärde", "Utfall helår 2025"]
_ROWS = [["Ekonomi i balans", "Budgeten hålls", "GRÖN", "0 tkr", 120],
         ["Ekonomi i balans", "Investeringarna följer planen", "GUL", "100 %", "90 %"],
         ["Attraktiv arbetsgivare", "Sjukfrånvaron minskar", "RÖD", "max 5 %", "6,1 %"]]


def _kommun_table(path: Path, blocks: list[list[list]], error_name: str = "") -> Path:
    """The kommun's own table: a title, then `blocks` of rows (a header row where a block
    starts with the header)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet["A1"] = "Verksamhetsplan 2025 för kommunledningskontoret, Korpusby kommun"
    row = 3
    for block in blocks:
        for values in block:
            for col, value in enumerate(values, start=1):
                sheet.cell(row, col, value)
            row += 1
        row += 2
    if error_name:
        sheet["A5"] = error_name
        sheet["A5"].data_type = "e"
    book.save(path)
    return path


@pytest.mark.parametrize("name, blocks, error_name, fragment, cell", [
    ("kopierad-tabell", [[_HEADER, *_ROWS], [_HEADER, *_ROWS]], "",
     "tabellen är en kopia av tabellen på Plan!A3", "Plan!A9"),
    ("kopierade-rader", [[_HEADER, *_ROWS, *_ROWS]], "",
     "3 rader i tabellen står två gånger, cell för cell (rad 7 = rad 4", "Plan!A7"),
    ("felvärde-som-namn", [[_HEADER, *_ROWS]], "#NAME?",
     "namnet är felvärdet #NAME?", "Plan!A5"),
])
def test_a_copy_or_an_error_value_as_a_name_is_a_warning_with_its_cells(tmp_path, name, blocks,
                                                                        error_name, fragment,
                                                                        cell):
    path = _kommun_table(tmp_path / f"{name}.xlsx", blocks, error_name)
    before = snapshot(tmp_path)
    result = run("check", path)
    text = assert_clean(result, fragment)
    line = message_line(text, fragment)
    assert line.startswith("varning: ") and f"{path.name}: {cell}:" in line, line
    assert result.exit_code == 0, text
    assert snapshot(tmp_path) == before


_HEADED = ["Mål", "Målvärde", "Utfall 2025"]


# Two tables stacked on one sheet open their groups with the same heading rows ("Investerings-
# mål"): a heading is no pasted goal row. A block pasted twice repeats its goal rows as well.
@pytest.mark.parametrize("rows, warned", [
    ([_HEADED, ["Investeringsmål"],
      ["Självfinansieringsgraden ska vara minst 60 %", "60 %", "70 %"],
      ["Koncernmål: soliditet"], ["Soliditeten ska vara minst 10 %", "10 %", "12 %"],
      ["År 2025"], ["Investeringsmål"], ["Självfinansieringsgrad (%)", "50 %", "70 %"],
      ["Koncernmål: soliditet"], ["Soliditet inklusive pensioner", "10 %", "12 %"]], False),
    ([_HEADED, ["Driftmål"], ["Budgeten hålls", "0 tkr", "120"],
      ["Investeringsmål"], ["Investeringarna följer planen", "100 %", "90 %"],
      ["Driftmål"], ["Budgeten hålls", "0 tkr", "120"],
      ["Investeringsmål"], ["Investeringarna följer planen", "100 %", "90 %"]], True),
])
def test_headings_that_open_two_stacked_tables_are_no_copied_rows(tmp_path, rows, warned):
    path = _kommun_table(tmp_path / "staplade.xlsx", [rows])
    result = run("check", path)
    assert ("står två gånger" in result.output) == warned, result.output


@pytest.mark.parametrize("header", ["KF ÖG mål", "KS mål"])
def test_an_error_value_as_a_name_in_the_arbetsbok_is_a_warning_on_its_cell(tmp_path, header):
    path = make_corpus.write_base(tmp_path)
    where = make_corpus.layout(path)
    book = openpyxl.load_workbook(path)
    cell = book["Mål"][where.cell(header)]
    cell.value, cell.data_type = "#NAME?", "e"
    book.save(path)
    result = run("check", path)
    text = assert_clean(result, "namnet är felvärdet #NAME?")
    assert f"plan.xlsx: Mål!{where.cell(header)}:" in message_line(text, "felvärdet #NAME?")


def _build_that_dies(path, **options):
    if Path(path).name == "dödar.xlsx":
        os.kill(os.getpid(), 9)
    from vp_excel.api import build, in_turn

    return build(path, beside=in_turn, **options)


def test_a_killed_build_worker_fails_only_its_own_workbook(tmp_path, monkeypatch):
    from vp_excel.cli import batch

    if batch.worker_count(3) < 2 or not hasattr(os, "fork"):
        pytest.skip("needs a process pool (two cores and fork)")
    monkeypatch.setattr(batch, "_build", _build_that_dies)
    folder = _rollup_folder(tmp_path / "in", {"a.xlsx": "Skola", "dödar.xlsx": "Vård",
                                              "c.xlsx": "Kultur"})
    out = tmp_path / "ut"
    result = run("build", folder, "--out", out, "--bara", "xlsx")
    text = assert_clean(result, "dödar.xlsx: arbetsboken kunde inte byggas; processen som "
                                "byggde den stoppades av systemet")
    assert "BrokenProcessPool" not in text
    assert "2 av 3 arbetsböcker byggda; 1 misslyckades: dödar.xlsx" in text
    assert result.exit_code == 1
    # A worker killed mid-write may leave its hidden temp file (the pool ends every worker
    # with the dead one); the next write in the folder removes it once it is a day old.
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".vp-excel-")) == \
        ["a-delår-2-2025.xlsx", "c-delår-2-2025.xlsx"]


_KILLED_WORKER_SCRIPT = """
import os, sys
from pathlib import Path
from vp_excel.cli import main as cli
from vp_excel.rollup import collect

real = collect.read_workbook

def dies(path):
    if Path(path).name == "dödar.xlsx":
        os.kill(os.getpid(), 9)
    return real(path)

collect.read_workbook = dies
sys.argv = ["vp-excel", *sys.argv[1:]]
cli.main()
"""


def test_a_killed_worker_in_a_real_run_leaves_no_traceback_from_the_others(tmp_path):
    """The pool ends its other workers when one dies (SIGTERM): they end quietly."""
    from vp_excel.cli.batch import worker_count

    if worker_count(3) < 2 or not hasattr(os, "fork"):
        pytest.skip("needs a process pool (two cores and fork)")
    folder = _rollup_folder(tmp_path / "in", {"a.xlsx": "Skola", "b.xlsx": "Omsorg",
                                              "dödar.xlsx": "Vård", "c.xlsx": "Kultur"})
    completed = subprocess.run([sys.executable, "-c", _KILLED_WORKER_SCRIPT, "sammanstall",
                                str(folder), "--out", str(tmp_path / "ut"),
                                "--hoppa-over-fel"],
                               capture_output=True, text=True, timeout=120,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "saknas: " in output and "dödar.xlsx" in output
    for leak in LEAKS + ("KeyboardInterrupt",):
        assert leak not in output, output


_SLOW_WORKER_SCRIPT = """
import os, pathlib, sys, time
from vp_excel.cli import main as cli
from vp_excel.rollup import collect

def slow(path):
    (pathlib.Path(os.environ["STARTED"]) / pathlib.Path(path).name).touch()
    time.sleep(60)

collect.read_workbook = slow
sys.argv = ["vp-excel", *sys.argv[1:]]
cli.main()
"""


def test_ctrl_c_ends_a_parallel_run_with_one_swedish_line(tmp_path):
    """Ctrl-C reaches every process of the terminal: the workers end quietly, the main
    process says "avbrutet" once."""
    from vp_excel.cli.batch import worker_count

    if worker_count(3) < 2 or not hasattr(os, "killpg"):
        pytest.skip("needs a process pool and process groups")
    folder = _rollup_folder(tmp_path / "in", {"a.xlsx": "Skola", "b.xlsx": "Vård"})
    started = tmp_path / "started"
    started.mkdir()
    process = subprocess.Popen([sys.executable, "-c", _SLOW_WORKER_SCRIPT, "sammanstall",
                                str(folder), "--out", str(tmp_path / "ut")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8",
                                    "STARTED": str(started)})
    # Ctrl-C once both workers are sleeping in their workbooks (each says so with a file).
    deadline = time.monotonic() + 60
    while len(list(started.iterdir())) < 2 and time.monotonic() < deadline \
            and process.poll() is None:
        time.sleep(0.05)
    assert len(list(started.iterdir())) == 2, process.communicate(timeout=30)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    output = stdout + stderr
    assert process.returncode == 130, output
    assert output.count("vp-excel: avbrutet.") == 1, output
    for leak in LEAKS + ("KeyboardInterrupt",):
        assert leak not in output, output
    assert files_in(tmp_path / "ut") == []


@pytest.mark.parametrize("command", ["build", "sammanstall", "export"])
def test_a_folder_that_cannot_be_listed_is_one_swedish_line(tmp_path, monkeypatch, command):
    folder = _rollup_folder(tmp_path / "in", {"a.xlsx": "Skola"})
    real = Path.iterdir

    def refuse(self):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    extra = ["--csv", tmp_path / "ut.csv"] if command == "export" else ["--out", tmp_path / "ut"]
    result = run(command, folder, *extra)
    text = assert_clean(result, "mappen går inte att läsa (behörighet saknas)")
    assert result.exit_code == 1
    assert "in: mappen går inte att läsa" in message_line(text, "mappen går inte att läsa")


def test_an_export_pair_lands_together_or_not_at_all(tmp_path, monkeypatch):
    """The Excel table fails after the CSV is written: neither file appears, the old ones
    stay."""
    from vp_excel.writers import export as export_writers

    source = make_corpus.write_base(tmp_path / "in")
    out = tmp_path / "ut"
    out.mkdir()
    (out / "mål.csv").write_text("förra exporten")

    def fail(frame, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(export_writers, "write_xlsx", fail)
    result = run("export", source, "--csv", out / "mål.csv", "--xlsx", out / "mål.xlsx")
    assert_clean(result, "disken är full")
    assert result.exit_code == 1
    assert files_in(out) == ["mål.csv"]
    assert (out / "mål.csv").read_text() == "förra exporten"
