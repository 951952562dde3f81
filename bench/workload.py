"""Deterministic synthetic arbetsböcker for the benchmark, written with openpyxl.

    python bench/workload.py kommun bench/_data/kommun.xlsx

The same size and seed give the same cells every time (seeded `random.Random`, fixed zip
timestamps). The `-egen` sizes are the same plans in a kommun's own layout (one sheet, title
rows, its own column words, statuses as words or fills). Otherwise the layout is the arbetsbok
format of `vp_excel.schema`: Inställningar,
Perioder, Mål with per-period columns, Aktiviteter and Texter. Staff habits are in it too:
percentages as numbers with a %-format and as typed text ("5,3%"), a KF ÖG mål written
once and left blank on the rows below it, several målinriktning rows per KS mål with the
indicator and KS mål repeated, bullet lists of activities, manual assessments with
motivation, and an analysis text per goal and period.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vp_excel import schema  # noqa: E402
from workbooks.make_workbooks import save  # noqa: E402

GENERATOR_VERSION = 2  # bump when the workbooks change, so cached files are remade


@dataclass(frozen=True)
class Size:
    name: str
    goals: int  # KS mål, each with a KF indikator
    activities: int
    kf_goals: int
    seed: int
    label: str = ""
    layout: str = "arbetsbok"  # or "kommun": the kommun's own one-sheet plan table


SIZES: dict[str, Size] = {
    "mini": Size("mini", 40, 200, 4, 11, "mini (40 mål, 200 aktiviteter)"),
    "kommun": Size("kommun", 1_000, 5_000, 12, 12, "kommun (1 000 mål, 5 000 aktiviteter)"),
    "kommun4": Size("kommun4", 4_000, 20_000, 24, 13,
                    "kommun×4 (4 000 mål, 20 000 aktiviteter)"),
    "stress": Size("stress", 10_000, 50_000, 40, 14, "stress (10 000 mål, 50 000 aktiviteter)"),
    # Twice stress: a region's or a large kommun's whole plan. Memory must stay flat (within
    # 10 % of stress), since the Word report is written as a stream.
    "stress2": Size("stress2", 20_000, 100_000, 80, 15,
                    "stress×2 (20 000 mål, 100 000 aktiviteter)"),
    # The same plans laid out as a kommun keeps them: one sheet, title rows, its own words for
    # the columns, statuses as words or only as fills.
    "mini-egen": Size("mini-egen", 40, 200, 4, 11, "mini i kommunens egen tabell", "kommun"),
    "kommun-egen": Size("kommun-egen", 1_000, 5_000, 12, 12,
                        "kommun i kommunens egen tabell (1 000 mål, 5 000 aktiviteter)",
                        "kommun"),
}

P0, P1, P2, P3 = "Helår 2024", "Delår 1 2025", "Delår 2 2025", "Helår 2025"
PERIODS = [(P0, 2024, "jan", "dec"), (P1, 2025, "jan", "apr"), (P2, 2025, "jan", "aug"),
           (P3, 2025, "jan", "dec")]
FILLED = (P0, P1, P2)  # outcomes so far; Helår 2025 is still empty
REPORT_PERIOD = P2

WORDS = ("arbetsmiljö", "sjukfrånvaro", "medarbetare", "chefer", "digitalisering", "e-tjänster",
         "budget", "prognos", "uppföljning", "rutiner", "kompetens", "rekrytering", "samverkan",
         "invånare", "företag", "näringsliv", "bostäder", "inflyttning", "skola", "omsorg",
         "hållbarhet", "klimat", "energi", "upphandling", "kommunikation", "intranät",
         "dokumenthantering", "arkiv", "internkontroll", "styrdokument", "säkerhet",
         "informationssäkerhet", "ledarskap", "tillit", "kvalitet", "service", "tillgänglighet",
         "effektivitet", "nöjdhet", "delaktighet", "utbildning", "introduktion", "analys",
         "nyckeltal", "resultat", "investeringar", "likviditet", "soliditet", "bemanning")
VERBS = ("Öka", "Minska", "Förbättra", "Utveckla", "Säkerställa", "Kartlägga", "Införa",
         "Följa upp", "Stärka", "Förenkla", "Samordna", "Tydliggöra")
UNITS = ("HR", "EK", "Kansli", "IT", "Alla")
SOURCES = schema.SOURCES


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    return f"{rng.choice(VERBS)} {' och '.join(picked[:2])} " + " ".join(picked[2:])


def _analysis(rng: random.Random) -> str:
    trends = ("ökat", "minskat", "legat still")
    parts = [f"Utfallet för {rng.choice(WORDS)} har {rng.choice(trends)} "
             f"jämfört med förra perioden." for _ in range(rng.randint(1, 3))]
    parts.append(f"Arbetet med {rng.choice(WORDS)} och {rng.choice(WORDS)} fortsätter under "
                 "hösten.")
    return " ".join(parts)


class _Cell:
    """A value with a number format, as staff type "6,5%" into a %-formatted cell."""

    __slots__ = ("value", "number_format")

    def __init__(self, value, number_format: str):
        self.value = value
        self.number_format = number_format


def _goal_group(rng: random.Random, n: int) -> dict:
    """The indicator's and the KS mål's cells for goal number `n` (keys as in the schema)."""
    kind = rng.choice(("lower_pct", "higher", "increases", "decreases", "yes_no", "manual",
                       "lower_pct", "higher"))
    values: dict = {}
    # KF indikator with its styrgräns and outcomes.
    if rng.random() < 0.5:
        limit = rng.choice((4, 5, 6, 6.5, 8))
        limit_text = str(limit).replace(".", ",")
        values["indicator"] = f"Indikator {n}: {_sentence(rng, 3)} ({limit_text}%)"
        values["styrgrans"] = f"{limit_text}%"
        values["direction"] = schema.LOWER
        for period in FILLED:
            values[("indicator_outcome", period)] = _Cell(
                round(rng.uniform(limit - 2, limit + 2) / 100, 4), "0.0%")
    else:
        limit = rng.choice((60, 75, 79, 2000))
        values["indicator"] = f"Indikator {n}: {_sentence(rng, 3)} (styrgräns {limit})"
        values["styrgrans"] = limit
        values["direction"] = schema.HIGHER
        for period in FILLED:
            values[("indicator_outcome", period)] = rng.randint(int(limit * 0.8),
                                                                int(limit * 1.2))
    values["source"] = rng.choice(SOURCES)
    values["ks_goal"] = f"KS mål {n}: {_sentence(rng, 4)}"
    if kind == "lower_pct":
        target = rng.choice((3, 4, 5, 10))
        values.update(target=f"{target}%", rule=schema.LOWER)
        for i, period in enumerate(FILLED):
            outcome = round(rng.uniform(target - 2, target + 2), 1)
            # Staff type some outcomes as text, others as numbers in a %-formatted cell.
            values[("outcome", period)] = (f"{str(outcome).replace('.', ',')}%" if i % 2
                                           else _Cell(outcome / 100, "0.0%"))
    elif kind == "higher":
        target = rng.choice((70, 80, 90))
        values.update(target=target, rule=schema.HIGHER, yellow_band=rng.choice((None, 2, 5)))
        for period in FILLED:
            values[("outcome", period)] = rng.randint(target - 15, target + 10)
    elif kind in ("increases", "decreases"):
        values.update(rule=schema.INCREASES if kind == "increases" else schema.DECREASES,
                      previous_year=rng.randint(100, 500))
        for period in FILLED:
            values[("outcome", period)] = rng.randint(100, 500)
    elif kind == "yes_no":
        values.update(target="Ja", rule=schema.YES_NO)
        for period in FILLED:
            values[("outcome", period)] = rng.choice(("Ja", "Nej"))
    else:
        values["rule"] = schema.MANUAL
        for period in FILLED:
            values[("assessment", period)] = rng.choice(schema.STATUSES)
            values[("motivation", period)] = f"Bedömt av enheten: {_sentence(rng, 3)}."
    for period in FILLED:
        if rng.random() < 0.6:
            values[("analysis", period)] = _analysis(rng)
    return values


def build_rows(size: Size) -> tuple[list[str], list[list], list[list]]:
    """The Mål sheet (header and rows) and the Aktiviteter rows for `size`."""
    rng = random.Random(size.seed)
    period_names = [p[0] for p in PERIODS]
    layout = schema.goal_columns_for(period_names)
    col_of = {(column.key, period): i for i, (column, period) in enumerate(layout)}
    header = [column.header_for(period) for column, period in layout]
    rows: list[list] = []
    activity_rows: list[list] = []
    per_goal = size.activities / size.goals
    activities_left = size.activities
    goals_per_kf = -(-size.goals // size.kf_goals)
    for n in range(1, size.goals + 1):
        kf_index = (n - 1) // goals_per_kf
        first_of_kf = (n - 1) % goals_per_kf == 0
        values = _goal_group(rng, n)
        goals_left = size.goals - n + 1
        count = activities_left if goals_left == 1 else min(
            activities_left, max(1, round(rng.uniform(0.5, 1.5) * per_goal)))
        count = max(0, min(count, activities_left - (goals_left - 1)))
        activities_left -= count
        directions = rng.choice((1, 1, 2)) if count >= 2 else 1
        split = [count // directions + (1 if i < count % directions else 0)
                 for i in range(directions)]
        for d, in_direction in enumerate(split):
            row: list = [None] * len(layout)
            if first_of_kf and d == 0:
                row[col_of[("kf_goal", None)]] = (f"KF ÖG mål {kf_index + 1}: "
                                                  f"{_sentence(rng, 3).capitalize()}")
            # Rows of one KS mål repeat its indicator and goal; the follow-up values are
            # written once, on the first row.
            row[col_of[("indicator", None)]] = values["indicator"]
            row[col_of[("ks_goal", None)]] = values["ks_goal"]
            if d == 0:
                for key, value in values.items():
                    if key in ("indicator", "ks_goal") or value is None:
                        continue
                    row[col_of[key if isinstance(key, tuple) else (key, None)]] = value
            direction = f"Målinriktning {n}.{d + 1}: {_sentence(rng, 2)}"
            unit = rng.choice(UNITS)
            row[col_of[("direction_text", None)]] = direction
            row[col_of[("responsible", None)]] = unit
            texts = [f"Aktivitet {n}.{d + 1}.{a + 1}: {_sentence(rng, 3)}"
                     for a in range(in_direction)]
            if texts:
                row[col_of[("activities", None)]] = "\n".join(f"• {t}" for t in texts)
            rows.append(row)
            for text in texts:
                status = rng.choice(schema.ACTIVITY_STATUSES)
                comment = (f"{rng.choice(('Klart i', 'Planeras till', 'Försenat till'))} "
                           f"{rng.choice(schema.MONTH_NAMES)}." if rng.random() < 0.5 else None)
                activity_rows.append([direction, text, status, comment])
    return header, rows, activity_rows


# The kommun's own table: its header, and where each column's value comes from in the
# arbetsbok's rows (None: the status, written as a word or only as a fill).
KOMMUN_COLUMNS = (("KF ÖG mål", "KF ÖG mål"), ("KF Indikator (styrgräns)", "KF indikator"),
                  ("Senaste status", None), ("KS mål", "KS mål"),
                  ("Målvärde 2025", "Målvärde"), ("Utfall T1 2025", f"Utfall {P1}"),
                  ("Utfall T2 2025", f"Utfall {P2}"), ("Kommentar T2 2025", f"Analys {P2}"),
                  ("Verksamhetens målinriktningar", "Målinriktning"),
                  ("Ansvarig enhet", "Ansvarig enhet"), ("Aktiviteter", "Aktiviteter"))
_FILLS = {"GRÖN": "00B050", "GUL": "FFC000", "RÖD": "FF0000"}


def write_kommun_layout(size: Size, path: Path) -> Path:
    """The same plan as one sheet in a kommun's own layout (deterministic bytes)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    header, rows, _activities = build_rows(size)
    index = {text: i for i, text in enumerate(header)}
    book = Workbook(write_only=True)
    ws = book.create_sheet("Verksamhetsplan")
    title = WriteOnlyCell(ws, value=f"Benchby kommun ({size.name})")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append(["Verksamhetsplan 2025 för kommunstyrelsen"])
    ws.append([])
    ws.append([text for text, _source in KOMMUN_COLUMNS])
    rng = random.Random(size.seed + 2000)
    for row in rows:
        out: list = []
        for _text, source in KOMMUN_COLUMNS:
            if source is None:
                status = row[index[f"Bedömning {P0}"]] or (
                    rng.choice(schema.STATUSES) if row[index["KS mål"]] and rng.random() < 0.5
                    else None)
                if status and rng.random() < 0.5:  # half as a word, half only as a fill
                    cell = WriteOnlyCell(ws)
                    cell.fill = PatternFill("solid", fgColor=_FILLS[status])
                    out.append(cell)
                else:
                    out.append(status)
                continue
            value = row[index[source]]
            if isinstance(value, _Cell):
                cell = WriteOnlyCell(ws, value=value.value)
                cell.number_format = value.number_format
                value = cell
            out.append(value)
        ws.append(out)
    props = book.properties
    props.creator = props.lastModifiedBy = "vp-excel bench"
    props.created = props.modified = dt.datetime(2025, 1, 1, 12, 0, 0)
    return save(book, Path(path))


def write(size: Size, path: Path) -> Path:
    """Write the arbetsbok for `size` to `path` (deterministic bytes)."""
    if size.layout == "kommun":
        return write_kommun_layout(size, path)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    header, rows, activity_rows = build_rows(size)
    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def add_sheet(title: str, header_row: list, body: list[list]) -> None:
        ws = book.create_sheet(title)
        ws.freeze_panes = "A2"
        cells = []
        for text in header_row:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for values in body:
            out = []
            for value in values:
                if isinstance(value, _Cell):
                    cell = WriteOnlyCell(ws, value=value.value)
                    cell.number_format = value.number_format
                    out.append(cell)
                else:
                    out.append(value)
            ws.append(out)

    settings = [
        ["Kommun", f"Benchby kommun ({size.name})"], ["Verksamhet", "Kommunstyrelsen"],
        ["Kortnamn", "KS"], ["År", 2025],
        ["Titel", "Verksamhetsplan 2025 (syntetisk, för prestandamätning)"],
        ["Rapportperiod", REPORT_PERIOD], ["Rapportdatum", _Cell(dt.date(2025, 9, 15),
                                                               "yyyy-mm-dd")],
        ["Gul gräns (standard)", _Cell(0.1, "0%")],
        ["Anmärkning", "Påhittade uppgifter, skapade av bench/workload.py."]]
    add_sheet(schema.SETTINGS_SHEET, ["Inställning", "Värde"], settings)
    add_sheet(schema.PERIODS_SHEET, [c.header for c in schema.PERIOD_SHEET_COLUMNS],
              [list(p) for p in PERIODS])
    add_sheet(schema.GOALS_SHEET, header, rows)
    add_sheet(schema.ACTIVITIES_SHEET, [c.header for c in schema.ACTIVITY_COLUMNS],
              activity_rows)
    rng = random.Random(size.seed + 1000)
    texts = [["Inledning", "\n\n".join(_analysis(rng) for _ in range(4)), None],
             ["Verksamhetens uppdrag", "\n\n".join(_analysis(rng) for _ in range(3)), None],
             ["Analys av måluppfyllelsen", _analysis(rng), REPORT_PERIOD]]
    add_sheet(schema.TEXTS_SHEET, [c.header for c in schema.TEXT_COLUMNS], texts)
    props = book.properties
    props.creator = props.lastModifiedBy = "vp-excel bench"
    props.created = props.modified = dt.datetime(2025, 1, 1, 12, 0, 0)

    return save(book, Path(path))  # fixed dates, so a size gives the same bytes each time


def cached(size: Size, folder: Path) -> Path:
    """The workbook for `size` in `folder`, written only if it is not there yet."""
    path = Path(folder) / f"{size.name}-s{size.seed}-v{GENERATOR_VERSION}.xlsx"
    if not path.exists():
        write(size, path)
    return path


if __name__ == "__main__":
    name, target = sys.argv[1], Path(sys.argv[2])
    print(write(SIZES[name], target))
