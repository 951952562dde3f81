"""Kommun-style plan workbooks, made with openpyxl the way kommuner lay out their own plans:
title rows, merged cells, statuses as words or only as fills (RGB, theme with tint, the indexed
palette), columns in any order, one sheet per KF ÖG mål, a nämndplan with a two-row header,
goal rows with stacked tables, and a workbook with no plan table at all.

The Norsjö tables carry the words of the published plan, read from the copy of the seed table
(tests/fixtures/klk-2025-tabell.md, the shared seed as it stands): nothing here is retyped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Color, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
SEED_TABLE = HERE / "fixtures" / "klk-2025-tabell.md"  # a copy of shared/seeds
SEED_HEADERS = {"kf": "KF ÖG mål", "indicator": "KF Indikator (styrgräns)",
                "status": "Senaste Status", "ks": "KS mål", "direction": "KLKs målinriktningar",
                "activities": "Aktiviteter"}
SEED_ORDER = ("kf", "indicator", "status", "ks", "direction", "activities")
TITLE = "Verksamhetsplan 2025 för kommunledningskontoret"


@dataclass
class SeedRow:
    number: int
    kf: str
    indicator: str
    status: str
    ks: str
    directions: list[str]
    activities: list[str]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("; ") if part.strip()]


def seed_rows() -> list[SeedRow]:
    """The plan table's rows as the seed gives them; "⏎" is a line break inside a cell."""
    rows, kf = [], ""
    for line in SEED_TABLE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## KF ÖG mål \d+: (.+)$", line)
        if heading:
            kf = heading.group(1).strip()
            continue
        if not re.match(r"^\| \d+ \|", line):
            continue
        cells = [c.strip().replace(" ⏎ ", "\n") for c in line.strip().strip("|").split("|")]
        number, indicator, status, ks, directions, activities = cells
        rows.append(SeedRow(int(number), kf, indicator, status, ks, _split(directions),
                            _split(activities)))
    return rows


def seed_words() -> list[str]:
    """Every word of the table, for checking a report holds them all."""
    words: list[str] = []
    for row in seed_rows():
        for text in (row.kf, row.indicator, row.status, row.ks, *row.directions,
                     *row.activities):
            words.extend(text.split())
    return list(dict.fromkeys(words))


# --- fills as staff set them -----------------------------------------------------------------

def rgb_fill(rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=rgb)


def theme_fill(theme: int, tint: float = 0.0) -> PatternFill:
    return PatternFill("solid", fgColor=Color(theme=theme, tint=tint))


def indexed_fill(index: int) -> PatternFill:
    return PatternFill("solid", fgColor=Color(indexed=index))


RGB_FILLS = {"GRÖN": rgb_fill("00B050"), "GUL": rgb_fill("FFFF00"), "RÖD": rgb_fill("FF0000")}
# openpyxl's default theme (Office 2007): accent3 (index 6) is green 9BBB59, accent2 (5) red.
THEME_FILLS = {"GRÖN": theme_fill(6, 0.4), "RÖD": indexed_fill(10)}  # indexed 10 is FF0000


def seed_table(ws: Worksheet, top: int, *, order: tuple[str, ...] = SEED_ORDER,
               statuses: str = "words", kfs: list[str] | None = None,
               with_kf: bool = True) -> int:
    """The plan table at row `top` (its header): KF ÖG mål merged down, each numbered row's
    indicator, status and KS mål merged over its målinriktningar. Returns the last row."""
    for i, key in enumerate(order, start=1):
        ws.cell(top, i, SEED_HEADERS[key]).font = Font(bold=True)
    col = {key: i for i, key in enumerate(order, start=1)}
    r = top + 1
    kf_start: dict[str, int] = {}
    groups: dict[int, list[int]] = {}
    last_kf = ""
    for row in seed_rows():
        if kfs is not None and row.kf not in kfs:
            continue
        directions = row.directions or [""]
        for i, direction in enumerate(directions):
            if row.kf != last_kf:
                if with_kf:
                    ws.cell(r, col["kf"], row.kf)
                kf_start[row.kf] = r
                last_kf = row.kf
            first_of_group = row.number not in groups
            groups.setdefault(row.number, []).append(r)
            if first_of_group:
                for key in ("indicator", "ks"):
                    if getattr(row, key):
                        ws.cell(r, col[key], getattr(row, key))
                status_cell = ws.cell(r, col["status"])
                if row.status and statuses == "words":
                    status_cell.value = row.status
                elif row.status:
                    fills = RGB_FILLS if statuses == "rgb" else THEME_FILLS
                    status_cell.fill = fills[row.status]
            if direction:
                ws.cell(r, col["direction"], direction)
            if i == 0 and row.activities and (first_of_group or row.directions):
                ws.cell(r, col["activities"], "\n".join(row.activities))
            for c in range(1, len(order) + 1):
                ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
    last = r - 1
    for rows in groups.values():
        if len(rows) > 1:
            for key in ("indicator", "status", "ks"):
                ws.merge_cells(start_row=rows[0], start_column=col[key], end_row=rows[-1],
                               end_column=col[key])
    if with_kf:
        starts = sorted(kf_start.values()) + [last + 1]
        for start, end in itertools.pairwise(starts):
            if end - 1 > start:
                ws.merge_cells(start_row=start, start_column=col["kf"], end_row=end - 1,
                               end_column=col["kf"])
    return last


# --- the workbooks -----------------------------------------------------------------------------


@dataclass
class Layout:
    """A workbook to make, and the options `check` is run with."""

    make: Callable[[Path], None]
    args: tuple[str, ...] = ()
    notes: dict[str, Any] = field(default_factory=dict)


def _titled(ws: Worksheet) -> int:
    if ws.title == "Sheet":
        ws.title = "Blad1"  # as Swedish Excel names it
    ws["A1"] = "Norsjö kommun"
    ws["A2"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    return 3


def plan_words(path: Path) -> None:
    book = openpyxl.Workbook()
    seed_table(book.active, _titled(book.active))
    book.save(path)


def plan_fills_rgb(path: Path) -> None:
    book = openpyxl.Workbook()
    seed_table(book.active, _titled(book.active), statuses="rgb")
    book.save(path)


def plan_fills_theme(path: Path) -> None:
    book = openpyxl.Workbook()
    seed_table(book.active, _titled(book.active), statuses="theme")
    book.save(path)


def plan_colour_warnings(path: Path) -> None:
    """Fills that are no status (blue) and a word on a fill that says otherwise (GRÖN on red):
    warnings by cell; the word wins."""
    book = openpyxl.Workbook()
    ws = book.active
    seed_table(ws, _titled(ws), statuses="rgb")
    ws["C4"].value = "GRÖN"
    ws["C4"].fill = rgb_fill("FF0000")
    ws["C11"].fill = rgb_fill("4F81BD")  # the SAM row: no status in the plan, a blue cell
    book.save(path)


def plan_reordered(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Plan 2025"
    ws["B1"] = "Norsjö kommun – " + TITLE
    book.create_sheet("Period")  # a sheet named like the arbetsbok's Perioder, but alone
    seed_table(ws, 3, order=("ks", "status", "kf", "activities", "indicator", "direction"))
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = "A3:F30"
    ws["A4"].comment = Comment("Målet följs upp av HR varje tertial.", "Controller")
    book.save(path)


def plan_sheet_per_kf(path: Path) -> None:
    book = openpyxl.Workbook()
    del book["Sheet"]
    book.properties.title = "Norsjö kommun – " + TITLE
    kfs = list(dict.fromkeys(row.kf for row in seed_rows()))
    for number, kf in enumerate(kfs, start=1):
        ws = book.create_sheet(f"KF-mål {number}")
        ws["A1"] = f"KF ÖG mål {number}: {kf}"
        seed_table(ws, 2, order=SEED_ORDER[1:], kfs=[kf], with_kf=False)
    book.save(path)


def plan_command_line(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Blad1"
    seed_table(book.active, 1)
    book.save(path)


def plan_hidden_rows(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    last = seed_table(ws, _titled(ws))
    ws.row_dimensions[5].hidden = True
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["G"].hidden = True
    ws.cell(3, 7, "Intern anteckning")
    ws.cell(4, 7, "Följs upp av HR")
    ws.cell(last + 2, 1, "Summa")  # a total row under the table
    book.save(path)


def plan_settings_sheet(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Verksamhetsplan"
    seed_table(ws, _titled(ws))
    settings = book.create_sheet("Inställningar")
    for row in (("Inställning", "Värde"), ("Kommun", "Norsjö kommun"),
                ("Verksamhet", "KLK"), ("Kommunkod", "2417")):
        settings.append(row)
    book.save(path)


def namndplan(path: Path) -> None:
    """Another vocabulary: Nämndens mål, Indikator, Målvärde 2025, a merged "Utfall" over
    2024 | T1 2025 | T2 2025, Bedömning as Uppfyllt / Delvis uppfyllt / Ej uppfyllt."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Nämndplan"
    ws["A1"] = "Nämndplan 2025 – Socialnämnden"
    ws["A2"] = "Kommun:"
    ws["B2"] = "Exempelby kommun"
    header = ["Övergripande mål", "Nämndens mål", "Indikator", "Målvärde 2025", "Utfall",
              None, None, "Bedömning T2", "Kommentar"]
    ws.append([])
    for i, text in enumerate(header, start=1):
        ws.cell(4, i, text)
    for i, text in ((5, "2024"), (6, "T1 2025"), (7, "T2 2025")):
        ws.cell(5, i, text)
    ws.merge_cells("E4:G4")
    for col in (1, 2, 3, 4, 8, 9):
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    rows = [
        ["Trygg och säker omsorg", "Brukarna är nöjda med hemtjänsten",
         "Andel nöjda brukare i hemtjänsten", "≥ 90 %", "88 %", None, "91 %", "Uppfyllt",
         "Ny brukarenkät i maj."],
        [None, "Kontinuiteten i hemtjänsten ökar",
         "Antal personal en brukare möter under 14 dagar", "högst 12", 14, 13, 13,
         "Delvis uppfyllt", None],
        [None, None, "Väntetid till särskilt boende", "högst 60 dagar", "75 dagar", None,
         "68 dagar", "Ej uppfyllt", "Brist på platser."],
        ["Hållbar ekonomi", "Budgeten hålls", "Budgetavvikelse", "minst 0", "-1,2", "0,4", "-",
         "Ej uppfyllt", None],
    ]
    for r, values in enumerate(rows, start=6):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    ws.merge_cells("A6:A8")
    ws.merge_cells("B7:B8")
    book.save(path)


def goal_rows(path: Path) -> None:
    """Goal rows (text in the first column only) with their measures below, two tables stacked
    under caption rows with a repeated header, an empty first header cell, a comparison column,
    no status column: each goal is judged by its indicators."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Mål och mätetal"
    ws["A1"] = "Mål- och resultatplan 2025 för barn- och utbildningsnämnden, Exempelby kommun"
    header = [None, "Målvärde 2025", "Utfall 2024", "Utfall 2025", "Riket"]
    tables = [
        ("Invånare – nämndens mål och mätetal", [
            ["Eleverna når kunskapsmålen"],
            ["Andel elever med godkänt i alla ämnen åk 9", "Minst 80 %", "76 %", "82 %", "74 %"],
            ["Andel behöriga till gymnasiet", "Minst 90 %", "88 %", "91 %", "86 %"],
            ["Meritvärde åk 9", "Minst 230", "221", "226 1)", "229"],
            ["Andel elever som känner sig trygga", "Minst 95 %", "93 %", "Statistik saknas",
             "90 %"],
        ]),
        ("Medarbetare – nämndens mål och mätetal", [
            ["Medarbetarna är friska"],
            ["Sjukfrånvaro", "Max 6 %", "6,8 %", "6,1 %", "-"],
            ["Andel heltidsanställda", "Minst 42 %", "38", "36", "-"],
        ]),
    ]
    r = 3
    for caption, rows in tables:
        ws.cell(r, 1, caption)
        r += 1
        for c, text in enumerate(header, start=1):
            if text:
                ws.cell(r, c, text)
        r += 1
        for values in rows:
            for c, value in enumerate(values, start=1):
                ws.cell(r, c, value)
            r += 1
        r += 1  # a blank spacer row
    book.save(path)


def no_goal_column(path: Path) -> None:
    """No goal column: each measured row with a status is a goal of its own; statuses as
    emoji, one with a footnote."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Kultur och fritid"
    ws["A1"] = "Verksamhetsplan 2025 – Kultur- och fritidsnämnden"
    ws.append([])
    ws.append(["Nyckeltal", "Målvärde", "Utfall 2025", "Måluppfyllelse"])
    ws.append(["Antal besök på biblioteket per invånare", "Ökar", "4,1", "😊"])
    ws.append(["Andel nöjda besökare i simhallen", "minst 85 %", "84 %", "😐 1)"])
    ws.append(["Öppettimmar i fritidsgården per vecka", "minst 30", "22", "😒"])
    ws.append([])
    ws.append(["1) Enkäten gjordes bara i augusti."])
    book.save(path)


def three_levels(path: Path) -> None:
    """Målområde -> Inriktningsmål -> Delmål with Mätetal; kvinnor/män under a measure; outcome
    columns newest year first; a header broken over two lines; Ja/Nej under "Uppfyllt Ja/Nej";
    a doubled sign and a cell with two numbers."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Mål 2025"
    ws["A1"] = "Verksamhetsplan 2025 för kommunstyrelsen"
    ws["A2"] = "Kommun:"
    ws["B2"] = "Exempelby kommun"
    header = ["Målområde", "Inriktningsmål", "Delmål", "Mätetal", "Målvärde\n2025",
              "Utfall 2025", "Utfall 2024", "Uppfyllt Ja/Nej"]
    for c, text in enumerate(header, start=1):
        ws.cell(4, c, text)
    rows = [
        ["Livskvalitet", "Alla invånare har en god hälsa", "Sjukfrånvaron minskar",
         "Sjukfrånvaro, %", "Max 7 %", "6,8 %", "7,4 %", "Ja"],
        [None, None, None, "kvinnor", None, "7,9 %", "8,1 %", None],
        [None, None, None, "män", None, "4,1 %", "4,4 %", None],
        [None, None, "Fler invånare deltar i föreningslivet", "Antal medlemmar i föreningar",
         "≥≥ 2000", "2 150", 1980, "Ja"],
        ["Ekonomi", "En ekonomi i balans", "Resultatet är minst 2 %",
         "Årets resultat, % av skatter och bidrag", "Minst 2 %", "1,2\n1,5*)", "2,4 %", "Nej"],
    ]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    ws.merge_cells("A5:A8")
    ws.merge_cells("B5:B8")
    ws.merge_cells("C5:C7")
    book.save(path)


def indicator_and_target(path: Path) -> None:
    """As some kommuner list a nämnd's indicators: a caption "Övergripande mål: …" above each
    table, "Indikator | Mål" where Mål holds the target ("Minst 90 %"), and statuses in the
    words Bra / OK / Har brister."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Bildningsnämnden"
    ws["A1"] = "Verksamhetsplan 2025 – Bildningsnämnden"
    ws["A2"] = "Exempelby kommun"
    tables = [
        ("Övergripande mål: Verksamhet med god kvalitet", [
            ["Andel (%) elever i förskoleklass som klarar kartläggningen", "Minst 90 %", "92 %",
             "Bra"],
            ["Medelvärde elever åk 5 som upplever att de är trygga i skolan", "8", "7,6", "OK"],
            ["Andel (%) elever i åk 6 som nått kunskapskraven", "Minst 90 %", "81 %",
             "Har brister"],
        ]),
        ("Övergripande mål: Attraktiv arbetsgivare", [
            ["Sjukfrånvaro bland medarbetarna", "Max 6 %", "5,4 %", "Bra"],
        ]),
    ]
    r = 4
    for caption, rows in tables:
        ws.cell(r, 1, caption)
        for c, text in enumerate(["Indikator", "Mål", "Utfall T2 2025", "Bedömning"], start=1):
            ws.cell(r + 1, c, text)
        r += 2
        for values in rows:
            for c, value in enumerate(values, start=1):
                ws.cell(r, c, value)
            r += 1
        r += 1
    book.save(path)


def no_table(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Budget"
    ws.append(["Budget 2025"])
    ws.append(["Konto", "Belopp", "Kommentar"])
    ws.append(["4010", 120000, "Material"])
    book.create_sheet("Blad2")
    book.save(path)


LAYOUTS: dict[str, Layout] = {
    "plan_words": Layout(plan_words),
    "plan_fills_rgb": Layout(plan_fills_rgb),
    "plan_fills_theme": Layout(plan_fills_theme),
    "plan_colour_warnings": Layout(plan_colour_warnings),
    "plan_reordered": Layout(plan_reordered),
    "plan_sheet_per_kf": Layout(plan_sheet_per_kf),
    "plan_command_line": Layout(plan_command_line, ("--kommun", "Norsjö kommun",
                                                    "--verksamhet", "Kommunledningskontoret",
                                                    "--ar", "2025")),
    "plan_hidden_rows": Layout(plan_hidden_rows),
    "plan_settings_sheet": Layout(plan_settings_sheet),
    "namndplan": Layout(namndplan),
    "goal_rows": Layout(goal_rows),
    "no_goal_column": Layout(no_goal_column),
    "three_levels": Layout(three_levels),
    "indicator_and_target": Layout(indicator_and_target),
    "no_table": Layout(no_table),
}


def make(name: str, folder: Path) -> Path:
    path = folder / f"{name}.xlsx"
    LAYOUTS[name].make(path)
    return path
