"""What the tests share: the example workbooks' paths, the one way to run the command line
(`run_cli`), small arbetsböcker built with openpyxl the way staff would type them, and a tiny
PNG for logo tests."""

from __future__ import annotations

import contextlib
import struct
import traceback
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).resolve().parent
WORKBOOKS = HERE.parent / "workbooks"
NORSJO = WORKBOOKS / "norsjo-klk-2025.xlsx"
EXEMPELBY = WORKBOOKS / "exempelby-2025.xlsx"
EXEMPELBY_DIR = WORKBOOKS / "exempelby"  # the kommun's verksamheter, to roll up
EXAMPLES = {"norsjo": NORSJO, "exempelby": EXEMPELBY}  # built once a run: conftest.py
SEEDS = HERE.parent.parent / "shared" / "seeds"

SETTINGS = [("Inställning", "Värde"), ("Kommun", "Testby kommun"), ("Verksamhet", "KLK"),
            ("År", 2025), ("Rapportperiod", "Delår 1")]
PERIODS = [("Period", "År", "Från", "Till"), ("Delår 1", 2025, "jan", "apr"),
           ("Delår 2", 2025, "jan", "aug")]


@dataclass
class Run:
    """What one run of the command line gave. `returncode` is `exit_code`, so a test reads
    the same whether the run was in this process or a real one."""

    exit_code: int
    stdout: str
    stderr: str
    output: str  # stdout and stderr interleaved, as a terminal shows them
    exception: BaseException | None = None  # what escaped the command (with --debug)

    @property
    def returncode(self) -> int:
        return self.exit_code


def run_cli(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None,
            terminal_width: int | None = None) -> Run:
    """`vp-excel ARGS` in this process, through click's CliRunner: the commands' own code,
    without a Python start-up and imports per run. An exception that escapes the command
    (a bug, or any error with --debug) is printed to stderr as a real process would."""
    from click.testing import CliRunner

    from vp_excel.cli.main import cli

    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(cli, [str(arg) for arg in args], env=env,
                                    terminal_width=terminal_width)
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    printed = "".join(traceback.format_exception(exception)) if exception is not None else ""
    return Run(result.exit_code, result.stdout, result.stderr + printed,
               result.output + printed, exception)


def write_workbook(path: Path, goals: list[list[Any]], *, settings=SETTINGS, periods=PERIODS,
                   title_rows: list[list[Any]] = (), merges: list[str] = (),
                   formats: dict[str, str] | None = None,
                   extra_sheets: dict[str, list[list[Any]]] | None = None) -> Path:
    """Write a workbook: `goals` is the Mål sheet, header row first."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Inställningar"
    for row in settings:
        sheet.append(list(row))
    periods_sheet = book.create_sheet("Perioder")
    for row in periods:
        periods_sheet.append(list(row))
    goals_sheet = book.create_sheet("Mål")
    for row in [*title_rows, *goals]:
        goals_sheet.append(list(row))
    for cell_range in merges:
        goals_sheet.merge_cells(cell_range)
    for coordinate, number_format in (formats or {}).items():
        goals_sheet[coordinate].number_format = number_format
    for name, rows in (extra_sheets or {}).items():
        extra = book.create_sheet(name)
        for row in rows:
            extra.append(list(row))
    book.save(path)
    return path


def one_goal(path: Path, outcome: Any, *, rule: str = "Lägre är bättre", target: Any = "4%",
             number_format: str | None = None, extra: dict[str, Any] | None = None) -> Path:
    """A workbook with one KS mål whose Delår 1 outcome is `outcome` (cell E2)."""
    header = ["KF ÖG mål", "KS mål", "Regel", "Målvärde", "Utfall Delår 1", "Utfall Delår 2"]
    row = ["Hållbar organisation", "Sjukfrånvaron är låg", rule, target, outcome, None]
    for key, value in (extra or {}).items():
        header.append(key)
        row.append(value)
    return write_workbook(path, [header, row],
                          formats={"E2": number_format} if number_format else None)


def tiny_png(width: int = 60, height: int = 24) -> bytes:
    """A small blue PNG made in code (python-docx needs a real image)."""
    raw = b"".join(b"\x00" + bytes((31, 56, 100)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))
