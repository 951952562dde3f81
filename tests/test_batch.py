"""Many arbetsböcker in one `vp-excel build`: parallel workers, one broken workbook does not
stop the others, one message each, a summary line, exit code 1 if any failed.

Nothing here is timed: the speed targets live in bench/run.py and README only.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import one_goal, run_cli

from vp_excel.cli.batch import BAR_WIDTH, build_one, progress_bar, run_builds, worker_count
from vp_excel.cli.gcpolicy import GC_THRESHOLDS, fewer_collections
from vp_excel.inputs import expand_inputs

ROOT = Path(__file__).resolve().parent.parent
NOT_XLSX = "filen är ingen Excel-arbetsbok (.xlsx)"
CELL_ERROR = "Mål!E2: utfallet för Delår 1 är felvärdet #N/A"


def valid(path: Path) -> Path:
    return one_goal(path, "3%")


def text_file(path: Path) -> Path:
    path.write_text("Mål;Utfall\nSjukfrånvaro;3%\n", encoding="utf-8")
    return path


def outputs(out: Path, stem: str) -> list[Path]:
    return [out / f"{stem}-delår-1.xlsx", out / f"{stem}-delår-1.docx"]


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "vp_excel", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def test_three_valid_and_one_broken_with_clirunner(tmp_path):
    books = [valid(tmp_path / "a.xlsx"), valid(tmp_path / "b.xlsx"),
             text_file(tmp_path / "c.xlsx"), valid(tmp_path / "d.xlsx")]
    out = tmp_path / "ut"
    result = run_cli("build", *map(str, books), "--out", str(out))
    assert result.exit_code == 1, result.output
    for stem in ("a", "b", "d"):
        assert all(p.is_file() for p in outputs(out, stem)), result.output
    assert not any(out.glob("c-*")), "the broken workbook must leave no report behind"
    assert result.output.count(NOT_XLSX) == 1
    assert "c.xlsx: " + NOT_XLSX in result.output
    assert "3 av 4 arbetsböcker byggda; 1 misslyckades: c.xlsx." in result.output
    assert "Traceback" not in result.output


def test_progress_and_order_are_deterministic(tmp_path):
    books = [valid(tmp_path / f"{name}.xlsx") for name in ("b", "a", "c")]
    first = run_cli("build", *map(str, books), "--out", str(tmp_path / "ut"))
    second = run_cli("build", *map(str, books), "--out", str(tmp_path / "ut"))
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    progress = [line for line in first.output.splitlines() if line.startswith("[")]
    # The order given on the command line, whichever worker finished first.
    assert progress == ["[1/3] b.xlsx klar", "[2/3] a.xlsx klar", "[3/3] c.xlsx klar"]
    assert first.output.rstrip().endswith("3 av 3 arbetsböcker byggda.")


def test_real_processes_with_a_cell_error_and_a_text_file(tmp_path):
    books = [valid(tmp_path / "a.xlsx"), one_goal(tmp_path / "fel.xlsx", "#N/A"),
             valid(tmp_path / "b.xlsx"), text_file(tmp_path / "text.xlsx"),
             valid(tmp_path / "c.xlsx")]
    completed = run_process("build", *map(str, books), "--out", "ut", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    for stem in ("a", "b", "c"):
        assert all(p.is_file() for p in outputs(tmp_path / "ut", stem)), completed.stderr
    assert completed.stderr.count(CELL_ERROR) == 1
    assert completed.stderr.count("arbetsboken har 1 fel; ingen rapport skrevs") == 1
    assert completed.stderr.count(NOT_XLSX) == 1
    assert ("3 av 5 arbetsböcker byggda; 2 misslyckades: fel.xlsx, text.xlsx."
            in completed.stderr)
    assert "[2/5] fel.xlsx misslyckades" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert completed.stdout.count("Skrev ") == 6


def test_a_folder_skips_excel_lock_files_and_other_files(tmp_path):
    folder = tmp_path / "planer"
    folder.mkdir()
    valid(folder / "a.xlsx")
    valid(folder / "b.xlsx")
    shutil.copy(folder / "a.xlsx", folder / "~$a.xlsx")  # Excel's lock file while a is open
    (folder / "anteckningar.txt").write_text("inte en arbetsbok", encoding="utf-8")
    assert [p.name for p in expand_inputs([folder])] == ["a.xlsx", "b.xlsx"]
    out = tmp_path / "ut"
    result = run_cli("build", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    # Each file left out is named once, with the reason.
    lines = [line for line in result.output.splitlines() if line.startswith("Hoppade över")]
    assert lines == [
        f"Hoppade över {folder / 'anteckningar.txt'}: inte en arbetsbok (.xlsx).",
        f"Hoppade över {folder / '~$a.xlsx'}: Excels låsfil, som finns medan arbetsboken "
        "är öppen i Excel."]
    assert "2 av 2 arbetsböcker byggda." in result.output
    assert all(p.is_file() for p in outputs(out, "a") + outputs(out, "b"))
    assert not any(out.glob("~*"))


def test_an_empty_folder_is_one_swedish_message(tmp_path):
    (tmp_path / "tom").mkdir()
    result = run_cli("build", str(tmp_path / "tom"))
    assert result.exit_code == 1
    assert "mappen har inga arbetsböcker (.xlsx)" in result.output


def test_one_workbook_has_no_progress_or_summary(tmp_path):
    result = run_cli("build", str(valid(tmp_path / "a.xlsx")), "--out", str(tmp_path / "ut"))
    assert result.exit_code == 0, result.output
    assert "arbetsböcker byggda" not in result.output and "[1/1]" not in result.output
    assert all(p.is_file() for p in outputs(tmp_path / "ut", "a"))


def test_a_bad_template_fails_each_workbook_once_and_writes_no_half_pair(tmp_path):
    template = tmp_path / "mall.docx"
    template.write_text("inte ett Word-dokument", encoding="utf-8")
    out = tmp_path / "ut"
    books = [valid(tmp_path / "a.xlsx"), valid(tmp_path / "b.xlsx")]
    result = run_cli("build", *map(str, books), "--mall", str(template), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert result.output.count("mallen är inget Word-dokument") == 2  # once per workbook
    assert "0 av 2 arbetsböcker byggda; 2 misslyckades: a.xlsx, b.xlsx." in result.output
    assert not out.exists() or not any(out.iterdir())  # the pair lands together or not at all


def test_one_broken_workbook_is_one_message(tmp_path):
    result = run_cli("build", str(one_goal(tmp_path / "fel.xlsx", "#N/A")), "--out",
                     str(tmp_path / "ut"))
    assert result.exit_code == 1
    assert result.output.count(CELL_ERROR) == 1
    assert result.output.count("arbetsboken har 1 fel; ingen rapport skrevs") == 1
    assert not (tmp_path / "ut").exists() or not any((tmp_path / "ut").iterdir())


def test_the_same_workbook_twice_is_built_once(tmp_path):
    book = valid(tmp_path / "a.xlsx")
    result = run_cli("build", str(book), str(tmp_path / "." / "a.xlsx"), "--out",
                     str(tmp_path / "ut"))
    assert result.exit_code == 0, result.output
    assert "arbetsböcker byggda" not in result.output  # one workbook after all


def test_same_name_in_two_folders_is_refused_not_overwritten(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first, second = valid(tmp_path / "x" / "plan.xlsx"), valid(tmp_path / "y" / "plan.xlsx")
    result = run_cli("build", str(first), str(second), "--out", str(tmp_path / "ut"))
    assert result.exit_code == 1
    assert "har samma namn som" in result.output
    assert "1 av 2 arbetsböcker byggda; 1 misslyckades: plan.xlsx." in result.output


def test_a_failed_outcome_crosses_the_process_boundary(tmp_path):
    options = {"out_dir": tmp_path / "ut", "formats": ("xlsx", "docx"), "period": None,
               "template": None, "pdf": False}
    outcome = build_one(text_file(tmp_path / "c.xlsx"), options)
    copy = pickle.loads(pickle.dumps(outcome))
    assert not copy.ok
    assert copy.lines == outcome.lines
    assert any(NOT_XLSX in text and to_stderr for text, to_stderr in copy.lines)


def test_worker_count_never_exceeds_workbooks():
    assert worker_count(1) == 1
    assert 1 <= worker_count(100) <= (os.cpu_count() or 1)


@pytest.mark.bench  # out of the run unless -m names it (conftest.py): python -m pytest -m bench
def test_bench_quick_runs(tmp_path):
    """The benchmark's smoke run works end to end (it times, but asserts no speed)."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--data", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "vp-excel check" in completed.stdout
    assert "vp-excel build" in completed.stdout  # the writers were found and timed
    assert "Resultat" in completed.stdout
    assert not (ROOT / "bench" / "results-quick.md").exists()


@pytest.mark.parametrize("finished, total, ascii_only, bar", [
    (0, 4, False, "[░░░░░░░░] 0/4 arbetsböcker klara"),
    (1, 4, False, "[██░░░░░░] 1/4 arbetsböcker klara"),
    (3, 4, True, "[######--] 3/4 arbetsböcker klara"),
    (4, 4, False, "[████████] 4/4 arbetsböcker klara"),
    (1, 3, True, "[##------] 1/3 arbetsböcker klara"),
])
def test_progress_bar(finished, total, ascii_only, bar):
    assert progress_bar(finished, total, width=8, ascii_only=ascii_only) == bar


class _Terminal(io.StringIO):
    encoding = "utf-8"


def test_the_bar_counts_finished_workbooks_and_is_gone_at_the_end(tmp_path):
    books = [valid(tmp_path / "a.xlsx"), text_file(tmp_path / "b.xlsx"),
             valid(tmp_path / "c.xlsx")]
    terminal, lines = _Terminal(), []
    failed = run_builds(books, echo=lambda text, err=False: lines.append(text),
                        bar_stream=terminal, out_dir=tmp_path / "ut", formats=("xlsx",),
                        period=None, template=None, pdf=False)
    assert failed == [books[1]]
    drawn = [part.strip() for part in terminal.getvalue().split("\r") if part.strip()]
    assert drawn[0] == progress_bar(0, 3)
    assert set(drawn) <= {progress_bar(n, 3) for n in range(3)}
    assert terminal.getvalue().endswith("\r") and not terminal.getvalue().split("\r")[-2].strip()
    assert lines[-1] == "2 av 3 arbetsböcker byggda; 1 misslyckades: b.xlsx."


def test_the_cli_draws_the_bar_only_on_a_terminal(tmp_path):
    import pty

    books = [valid(tmp_path / "a.xlsx"), valid(tmp_path / "b.xlsx")]
    main, secondary = pty.openpty()
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with subprocess.Popen([sys.executable, "-m", "vp_excel", "build", *map(str, books),
                           "--out", str(tmp_path / "ut")], stdout=subprocess.PIPE,
                          stderr=secondary, cwd=tmp_path, env=env) as process:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout = process.stdout.read().decode()
        assert process.wait(timeout=300) == 0
    os.close(main)
    on_terminal = b"".join(chunks).decode("utf-8")
    assert "\r[" + "░" * BAR_WIDTH + "] 0/2 arbetsböcker klara" in on_terminal
    assert "2 av 2 arbetsböcker byggda." in on_terminal
    assert "arbetsböcker klara" not in stdout  # the bar stays off piped output
    piped = run_cli("build", *books, "--out", tmp_path / "ut2")  # not a terminal either
    assert piped.returncode == 0, piped.stderr
    assert "arbetsböcker klara" not in piped.stderr and "\r" not in piped.stderr


def test_each_workbook_of_a_batch_leaves_no_garbage_behind(tmp_path):
    """A worker builds workbook after workbook with the command line's high GC thresholds:
    each one's reference cycles must be gone before the next, or memory piles up."""
    options = {"out_dir": tmp_path / "ut", "formats": ("xlsx", "docx"), "period": None,
               "template": None, "pdf": False}
    with fewer_collections():
        gc.collect()
        assert build_one(valid(tmp_path / "a.xlsx"), options).ok
        assert gc.collect() == 0


def test_the_command_line_keeps_its_thresholds_through_a_command(tmp_path):
    """cli.main wraps the whole run, so a command's own stretch of fewer collections ends on
    the raised thresholds and no catch-up collection runs just before the process leaves."""
    code = ("import gc, sys, vp_excel.cli.main as cli, vp_excel.api as api\n"
            "seen = []\n"
            "real = api.build\n"
            "def build(*a, **k):\n"
            "    result = real(*a, **k)\n"
            "    seen.append(gc.get_threshold())\n"
            "    return result\n"
            "api.build = build\n"
            "real_exit = cli.os._exit\n"
            "def leave(code):\n"
            "    print('kvar:', gc.get_threshold(), 'efter build:', seen, flush=True)\n"
            "    real_exit(code)\n"
            "cli.os._exit = leave\n"
            "sys.argv = ['vp-excel', 'build', sys.argv[1], '--out', sys.argv[2]]\n"
            "cli.main()\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", code, str(valid(tmp_path / "a.xlsx")),
                           str(tmp_path / "ut")], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    raised = str(GC_THRESHOLDS)
    assert f"kvar: {raised} efter build: [{raised}]" in done.stdout
