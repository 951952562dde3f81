"""Measurements that run in a fresh process each; `run.py` starts them and reads one JSON line.

    python bench/floor.py read ARBETSBOK              openpyxl alone: read every cell
    python bench/floor.py read-folder MAPP            the same for every .xlsx in MAPP
    python bench/floor.py extract-xlsx RAPPORT.xlsx CELLS.pickle
    python bench/floor.py xlsxwriter CELLS.pickle UT.xlsx   xlsxwriter alone: write those cells
    python bench/floor.py extract-docx RAPPORT.docx TABLES.pickle
    python bench/floor.py docx-table TABLES.pickle UT.docx  python-docx alone: add_row().cells
    python bench/floor.py stages ARBETSBOK UTMAPP     vp-excel's own stages, timed in-process
    python bench/floor.py memory ARBETSBOK UTMAPP     the same stages' peak memory, one by one

Each prints one line of JSON with the seconds measured inside the process (the work alone,
without starting Python and importing), so `run.py` can put our time beside the floor's.
These are CPU seconds of the process (time.process_time): every step here runs on one
thread, so on an idle machine they equal the wall time, and other load on the machine does
not distort the ratios.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _emit(**values) -> None:
    print(json.dumps(values))


def read(path: str) -> None:
    """The cheapest full read openpyxl offers: read-only, values only, every sheet."""
    import openpyxl

    start = time.process_time()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for value in row if value is not None)
    book.close()
    _emit(seconds=time.process_time() - start, cells=cells)


def read_folder(folder: str) -> None:
    """The roll-up's floor: `read` of every workbook in `folder`, in one process."""
    import openpyxl

    start = time.process_time()
    cells = books = 0
    for path in sorted(Path(folder).glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in book.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += sum(1 for value in row if value is not None)
        book.close()
        books += 1
    _emit(seconds=time.process_time() - start, cells=cells, books=books)


def extract_xlsx(report: str, target: str) -> None:
    """Every non-empty cell of a workbook (formulas as their text), sheet by sheet."""
    import openpyxl

    book = openpyxl.load_workbook(report, read_only=True, data_only=False)
    sheets = []
    for ws in book.worksheets:
        cells = [(r, c, value) for r, row in enumerate(ws.iter_rows(values_only=True))
                 for c, value in enumerate(row) if value is not None]
        sheets.append((ws.title, cells))
    book.close()
    Path(target).write_bytes(pickle.dumps(sheets))
    _emit(cells=sum(len(cells) for _, cells in sheets))


def xlsxwriter_floor(cells_file: str, target: str) -> None:
    """The same cells written with xlsxwriter and nothing else: no formats, no charts."""
    sheets = pickle.loads(Path(cells_file).read_bytes())
    import xlsxwriter

    start = time.process_time()
    book = xlsxwriter.Workbook(target)
    for title, cells in sheets:
        ws = book.add_worksheet(title[:31])
        for r, c, value in cells:
            ws.write(r, c, value)
    book.close()
    _emit(seconds=time.process_time() - start, cells=sum(len(c) for _, c in sheets))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(report: str, target: str) -> None:
    """The text of every table cell in a Word document, table by table, row by row."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(report) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    tables = []
    for tbl in root.iter(f"{W}tbl"):
        if tbl.getparent().tag == f"{W}tc":
            continue  # a table inside a cell is counted with its cell
        rows = []
        for tr in tbl.iterchildren(f"{W}tr"):
            rows.append(["\n".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                                   for p in tc.iterchildren(f"{W}p"))
                         for tc in tr.iterchildren(f"{W}tc")])
        tables.append(rows)
    Path(target).write_bytes(pickle.dumps(tables))
    _emit(tables=len(tables), rows=sum(len(t) for t in tables),
          cells=sum(len(r) for t in tables for r in t))


def docx_table(tables_file: str, target: str) -> None:
    """The same tables filled the plain python-docx way: add_row().cells, cell.text = ..."""
    tables = pickle.loads(Path(tables_file).read_bytes())
    import docx

    document = docx.Document()
    start = time.process_time()
    for rows in tables:
        if not rows:
            continue
        columns = max(len(r) for r in rows)
        table = document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
    seconds = time.process_time() - start
    document.save(target)
    _emit(seconds=seconds, rows=sum(len(t) for t in tables))


class _Timer:
    """Wraps functions and adds up the time spent in them (outermost calls only)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.depth = 0
        self.names: list[str] = []

    def wrap(self, owner, name: str, label: str = "") -> None:
        function = getattr(owner, name)
        timer = self

        def timed(*args, **kwargs):
            timer.depth += 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                timer.depth -= 1
                if timer.depth == 0:
                    timer.seconds += time.process_time() - start

        setattr(owner, name, timed)
        self.names.append(label or name)


def stages(workbook: str, out_dir: str) -> None:
    """read, evaluate and each writer (report workbook, Word report, web page), timed one
    after another in this process."""
    import inspect

    times: dict[str, float | None] = {}
    start = time.process_time()
    import click  # noqa: F401 - the libraries first, so each stage below is work alone
    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    import xlsxwriter  # noqa: F401
    times["import_libraries"] = time.process_time() - start
    start = time.process_time()
    from vp_excel.reader import read_plan
    from vp_excel.rules import evaluate
    times["import_reader"] = time.process_time() - start

    start = time.process_time()
    plan, problems = read_plan(workbook)
    times["read"] = time.process_time() - start
    start = time.process_time()
    evaluation = evaluate(plan)
    times["evaluate"] = time.process_time() - start
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table_functions: list[str] = []
    errors: dict[str, str] = {}
    try:
        start = time.process_time()
        from vp_excel.writers.xlsx import write_report_workbook
        times["import_xlsx_writer"] = time.process_time() - start
        start = time.process_time()
        write_report_workbook(evaluation, out / "stages.xlsx")
        times["write_xlsx"] = time.process_time() - start
    except Exception as exc:  # noqa: BLE001 - a broken writer is reported, the rest goes on
        times["write_xlsx"] = None
        errors["write_xlsx"] = f"{type(exc).__name__}: {exc}"
    try:
        start = time.process_time()
        from vp_excel.writers.docx import report as document_module
        times["import_docx_writer"] = time.process_time() - start
        # The writer's table code, timed together (outermost calls only): the row and cell
        # builders in vp_excel.writers.docx.oxml.table if the writer has them, else every
        # function of the writer whose name says "table".
        timer = _Timer()
        try:
            from vp_excel.writers.docx.oxml import table as table_module
        except ImportError:
            table_module = None
        if table_module is not None:
            for member in list(vars(table_module).values()):
                if inspect.isclass(member) and member.__module__ == table_module.__name__:
                    for name, function in list(vars(member).items()):
                        if inspect.isfunction(function) and name != "__init__" or \
                                name == "__post_init__":
                            timer.wrap(member, name, f"{member.__name__}.{name}")
        if not timer.names:
            for name, member in list(vars(document_module).items()):
                lowered = name.lower()
                if (inspect.isfunction(member)
                        and member.__module__ == document_module.__name__
                        and any(word in lowered for word in ("table", "tabell"))):
                    timer.wrap(document_module, name)
        start = time.process_time()
        document_module.write_document(evaluation, out / "stages.docx")
        times["write_docx"] = time.process_time() - start
        times["docx_tables"] = timer.seconds if timer.names else None
        table_functions = timer.names
    except Exception as exc:  # noqa: BLE001
        times["write_docx"] = None
        errors["write_docx"] = f"{type(exc).__name__}: {exc}"
    try:
        start = time.process_time()
        from vp_excel.writers.html import write as write_html
        times["import_html_writer"] = time.process_time() - start
        start = time.process_time()
        write_html(evaluation, out / "stages.html", {})
        times["write_html"] = time.process_time() - start
    except Exception as exc:  # noqa: BLE001
        times["write_html"] = None
        errors["write_html"] = f"{type(exc).__name__}: {exc}"
    _emit(seconds=times, problems=len(problems), ks_goals=len(plan.ks_goals),
          table_functions=table_functions, errors=errors)


def _memory_mb() -> tuple[float, float]:
    """(resident now, peak since the last reset) in MB, from /proc/self/status."""
    fields = dict(line.split(":", 1) for line in
                  Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current resident size (Linux), so each
    # stage's peak is its own, above what the stages before it left behind.
    Path("/proc/self/clear_refs").write_text("5")


def memory(workbook: str, out_dir: str) -> None:
    """What `build` does, stage by stage in one process as the command line runs it (the
    garbage collector's raised thresholds; the Word report handed to
    `forked.run_beside_unless_large` before the workbook is written, as `api.build` does):
    for each stage the resident size before it, its peak and what it leaves. Linux only; a
    hand measurement for finding what grows, not the benchmark's figure (that is the whole
    process tree, sampled by run.py). A plan small enough to fork has its Word report written
    in the fork, outside these figures ("forked": true)."""
    import click  # noqa: F401 - the libraries first, as the command line has them
    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    import xlsxwriter  # noqa: F401

    from vp_excel.cli.forked import run_beside_unless_large
    from vp_excel.cli.gcpolicy import raise_thresholds
    from vp_excel.reader import read_plan
    from vp_excel.rules import evaluate
    from vp_excel.writers.docx.report import write_document
    from vp_excel.writers.xlsx import write_report_workbook

    raise_thresholds()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stages: dict[str, dict[str, float]] = {}
    kept: dict[str, object] = {}

    def stage(name: str, work) -> None:
        before, _ = _memory_mb()
        _reset_peak()
        start = time.process_time()
        kept[name] = work()
        seconds = time.process_time() - start
        after, peak = _memory_mb()
        stages[name] = {"before_mb": round(before, 1), "peak_mb": round(peak, 1),
                        "after_mb": round(after, 1), "cpu_s": round(seconds, 2)}

    stage("read", lambda: read_plan(workbook)[0])
    stage("evaluate", lambda: evaluate(kept["read"]))  # type: ignore[arg-type]
    def word() -> None:
        write_document(kept["evaluate"], out / "memory.docx")  # type: ignore[arg-type]

    stage("beside", lambda: run_beside_unless_large(word))
    later, _cancel = kept["beside"]  # type: ignore[misc]
    stage("write_xlsx", lambda: write_report_workbook(kept["evaluate"], out / "memory.xlsx"))
    stage("write_docx", later)
    _emit(stages=stages, peak_mb=max(s["peak_mb"] for s in stages.values()),
          forked=later is not word)


def main(argv: list[str]) -> int:
    task, *args = argv
    tasks = {"read": read, "read-folder": read_folder, "extract-xlsx": extract_xlsx,
             "xlsxwriter": xlsxwriter_floor, "extract-docx": extract_docx,
             "docx-table": docx_table, "stages": stages, "memory": memory}
    tasks[task](*args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
