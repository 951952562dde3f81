"""Write Exempelby kommun's verksamheter into workbooks/exempelby/, for `vp-excel sammanstall`.

    python workbooks/make_exempelby.py [output folder]

Exempelby kommun is fictional: every name, goal and figure is made up. Five verksamheter in
different layouts, all following up the same KF ÖG mål:

- klk.xlsx, socialforvaltningen.xlsx, barn-och-utbildning.xlsx: vp-excel's own arbetsbok
  (Inställningar, Perioder, Mål, Aktiviteter, Texter); Socialförvaltningen with a title row
  and merged cells, Barn och utbildning with a KF ÖG mål misspelt ("Välkommnande och
  attraktiv bygd") and another written in lower case, as real workbooks do;
- samhallsbyggnad.xlsx: the kommun's own plan sheet (a title row, `KF ÖG mål | KF Indikator
  (styrgräns) | Senaste Status | KS mål | …`);
- kultur-och-fritid.xlsx: a nämndplan (`Nämndmål | Mätetal | Målvärde 2025 | Utfall …`).

The words are data, which a kommun can read and correct without reading Python: KLK is
workbooks/data/exempelby-2025.toml, the other verksamheter are workbooks/data/exempelby/*.toml
(the arbetsböcker in make_workbooks' format, the kommun-layout sheets in a small format of
their own: title lines, header, column widths, rows; see `load_plan_sheet`).

Deterministic bytes, like make_workbooks.py (its `save`).
"""

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import make_workbooks as mw  # noqa: E402
from make_workbooks import Book, Typed  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402

FOLDER = HERE / "exempelby"
DATA = mw.DATA / "exempelby"  # the verksamheters words, one TOML file each


def social_book() -> Book:
    """Socialförvaltningen's arbetsbok: a title row and merged cells, as the published plan."""
    return mw.load_example(DATA / "socialforvaltningen.toml").book


def school_book() -> Book:
    """Barn och utbildning's arbetsbok: one KF ÖG mål misspelt, another in lower case."""
    return mw.load_example(DATA / "barn-och-utbildning.toml").book


@dataclass
class PlanSheet:
    """A kommun's own plan sheet, as its data file (workbooks/data/exempelby/*.toml) gives it."""

    file_name: str
    sheet: str
    title_lines: list[str]  # the first is the title, in bold
    header: list[str]
    widths: list[float]
    rows: list[list[Any]]  # None: no cell at all (the row continues the goal above)


def load_plan_sheet(path: Path) -> PlanSheet:
    """Read a kommun-layout sheet's data file: title lines, header, column widths, rows."""
    with Path(path).open("rb") as handle:
        data = tomllib.load(handle)
    header = list(data["rubriker"])
    widths = list(data["kolumnbredder"])
    if len(widths) != len(header):
        raise ValueError(f"{Path(path).name}: {len(widths)} kolumnbredder men "
                         f"{len(header)} rubriker")
    rows = []
    for number, raw in enumerate(data["rader"], start=1):
        if len(raw) > len(header):
            raise ValueError(f"{Path(path).name}: rad {number} har {len(raw)} celler men "
                             f"tabellen har {len(header)} rubriker")
        leading = next((i for i, value in enumerate(raw) if value != ""), len(raw))
        # Leading empty texts leave the cells out: the row belongs to the goal above it.
        rows.append([None] * leading + [mw._value(value) for value in raw[leading:]])
    return PlanSheet(data["fil"], data.get("blad", "Plan"), list(data["titelrader"]), header,
                     widths, rows)


def plan_sheet(plan: PlanSheet) -> Workbook:
    """A kommun's own plan sheet: the title lines, a blank row, the header, the rows."""
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook's one sheet
    ws.title = plan.sheet
    for r, line in enumerate(plan.title_lines, start=1):
        ws.cell(r, 1, line)
    ws["A1"].font = Font(bold=True, size=14)
    header_row = len(plan.title_lines) + 2
    for c, text in enumerate(plan.header, start=1):
        cell = ws.cell(header_row, c, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = plan.widths[c - 1]
    for r, values in enumerate(plan.rows, start=header_row + 1):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c, value.value if isinstance(value, Typed) else value)
            if isinstance(value, Typed):
                cell.number_format = value.number_format
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    props = wb.properties
    props.creator = props.lastModifiedBy = "vp-excel"
    props.title = plan.title_lines[0]
    props.created = props.modified = mw.FIXED_TIME
    return wb


def samhallsbyggnad() -> Workbook:
    return plan_sheet(load_plan_sheet(DATA / "samhallsbyggnad.toml"))


def kultur() -> Workbook:
    return plan_sheet(load_plan_sheet(DATA / "kultur-och-fritid.toml"))


def _klk() -> Workbook:
    """Exempelby's kommunledningskontor: the example arbetsbok's own data file."""
    example = mw.load_example(mw.DATA / "exempelby-2025.toml")
    return mw.build(example.book, example.document_title)


# The data files, in the order their workbooks are written.
ARBETSBOK_DATA = ("socialforvaltningen.toml", "barn-och-utbildning.toml")
KOMMUN_LAYOUT_DATA = ("samhallsbyggnad.toml", "kultur-och-fritid.toml")
ARBETSBOK_FILES = ("klk.xlsx", "socialforvaltningen.xlsx", "barn-och-utbildning.xlsx")
KOMMUN_LAYOUT_FILES = ("samhallsbyggnad.xlsx", "kultur-och-fritid.xlsx")


def write_all(folder: Path = FOLDER) -> list[Path]:
    folder = Path(folder)
    return [
        mw.save(_klk(), folder / "klk.xlsx"),
        *(mw.save(mw.build(example.book, example.document_title), folder / example.file_name)
          for example in (mw.load_example(DATA / name) for name in ARBETSBOK_DATA)),
        *(mw.save(plan_sheet(plan), folder / plan.file_name)
          for plan in (load_plan_sheet(DATA / name) for name in KOMMUN_LAYOUT_DATA)),
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in write_all(Path(args[0]) if args else FOLDER):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
