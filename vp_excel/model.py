"""The verksamhetsplan as plain data: what the reader produces and the writers consume.

A value is a float (percentages as fractions), a bool (Ja/Nej) or None (blank). Cell
references (`CellRef`) are kept so that messages and formulas can point back to the arbetsbok.

A region's plan has tens of thousands of goals, measures and activities, so the classes made
once per row have `slots=True` (no dictionary per object; nothing sets other attributes on
them); Settings and Plan, one each, are plain.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeGuard

from .errors import Location, UnknownPeriod, one_line
from .spool import RowSpool, is_spooled
from .text import name_key

Value = float | bool | None


def _shared(text: str) -> str:
    """One string object for a word many rows repeat (an enhet, a source, a unit): each
    cell read is a new string, and a region's plan repeats a few thousand times."""
    return sys.intern(text) if type(text) is str else text


def is_number(value: object) -> TypeGuard[float]:
    """Only a number is a number: not a bool (Ja/Nej), not None, not text."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def match_period(names: list[str], wanted: str) -> str | None:
    """The period in `names` that `wanted` stands for, or None. The one place a period name
    is matched, for a user's --period, a workbook's Rapportperiod and the roll-up across
    workbooks alike: case and spaces around it ignored, and failing that punctuation and
    spacing inside it too ("Delår 2, 2025" is "delår 2 2025"; `text.name_key`)."""
    folded = wanted.strip().lower()
    exact = next((name for name in names if name.lower() == folded), None)
    if exact is not None:
        return exact
    key = name_key(wanted)
    return next((name for name in names if name_key(name) == key), None) if key else None


@dataclass(slots=True)
class Period:
    name: str
    year: int
    first_month: int  # 1..12
    last_month: int  # 1..12

    @property
    def is_full_year(self) -> bool:
        return self.first_month == 1 and self.last_month == 12

    @property
    def report_name(self) -> str:
        """What the report for this period is called: "Delårsrapport 2", "Årsrapport"."""
        lowered = self.name.lower()
        if lowered.startswith("delår"):
            rest = self.name[len("delår"):].strip()
            rest = rest.replace(str(self.year), "").strip()
            return f"Delårsrapport {rest}".strip()
        if lowered.startswith("helår") or self.is_full_year:
            return "Årsrapport"
        return f"Uppföljning {self.name}"


@dataclass
class Settings:
    kommun: str
    verksamhet: str
    year: int
    report_period: str
    short_name: str = ""
    title: str = ""
    subtitle: str = ""
    vision: str = ""
    mandate_period: str = ""
    diarienummer: str = ""
    contact: str = ""
    report_date: dt.date | None = None
    report_date_cell: str = ""  # where Rapportdatum was read: "Inställningar!B13"
    default_yellow_band: float = 0.0  # share of |target|
    logo: str = ""
    note: str = ""
    kommunkod: str = ""  # the kommun's Kolada (SCB) code, e.g. "2417"; "": looked up by name
    comparison_group: str = ""  # kommun codes to compare with in Kolada: "2418, 2460, 2462"
    combined_green_share: float = 1.0  # a goal judged by its indicators: share met for GRÖN
    combined_yellow_share: float = 0.5  # ... and for GUL


@dataclass(slots=True)
class Measure:
    """What a goal or indicator is judged by: target, rule and outcomes per period."""

    rule: str  # one of schema.RULES
    target: Value = None
    unit: str = ""
    yellow_band: float | None = None  # absolute, in the target's unit; None: settings default
    previous_year: Value = None
    outcomes: dict[str, Value] = field(default_factory=dict)
    assessments: dict[str, str] = field(default_factory=dict)  # manual GRÖN/GUL/RÖD
    motivations: dict[str, str] = field(default_factory=dict)
    analyses: dict[str, str] = field(default_factory=dict)
    # Where an outcome not typed in the workbook came from, per period:
    # "Källa: Kolada, N00090, hämtad 2026-11-29".
    sources: dict[str, str] = field(default_factory=dict)
    # Values beside the outcomes in the kommun's table, kept for a report but never judged:
    # comparison columns by their header ("Riket": 0.85), and breakdown rows under the
    # measure by their label and period ("kvinnor": {"Helår 2024": 0.8}).
    comparisons: dict[str, Value] = field(default_factory=dict)
    breakdown: dict[str, dict[str, Value]] = field(default_factory=dict)
    # Where a comparison or breakdown value not typed in the workbook came from, by its name
    # ("Riket 2024", "kvinnor"): "Källa: Kolada, N00090, hämtad 2026-11-29"; and what an
    # average stands for ("Jämförelsekommuner 2024": "medel av 2418, 2460, 2462; 5,1–6,8%").
    comparison_sources: dict[str, str] = field(default_factory=dict)
    comparison_notes: dict[str, str] = field(default_factory=dict)
    # The delårsrapport's judgement of the full year: GRÖN (bedöms uppnås), GUL, RÖD or "",
    # with the comment staff wrote beside it.
    prognosis: str = ""
    prognosis_comment: str = ""
    # The kommun's own trend per period as written ("↑", "Förbättrad"), from a Trend column:
    # shown where there is no last year's value to compute one (rules.assess_trend).
    trends: dict[str, str] = field(default_factory=dict)
    # A målvärde in words, shown as written: a year the goal is to be met by ("Senast 2026",
    # no number or rule) or a rule in the kommun's words ("Ska minska jämfört med 2024").
    target_text: str = ""
    # A goal the kommun withdrew in a period ("Utgår", "Struken", "Ersatt av mål 4"), by
    # period: never judged (Ej bedömd, not RÖD), the word kept as the kommun wrote it.
    withdrawn: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rule, self.unit = _shared(self.rule), _shared(self.unit)


@dataclass(slots=True)
class KfIndicator:
    name: str
    styrgrans_text: str  # as the workbook shows it, e.g. "max 4000kr/inv"
    measure: Measure
    source: str = ""
    kolada_id: str = ""  # a Kolada KPI id, e.g. "N00090": `build --kolada` fetches its values
    # The input cells of the outcomes, per period, for messages about a typed value.
    outcome_cells: dict[str, Location] = field(default_factory=dict)
    # Stable identity (see Plan.assign_keys): the reader sets the row, "Mål!7".
    key: str = ""

    def __post_init__(self) -> None:
        self.styrgrans_text, self.source = _shared(self.styrgrans_text), _shared(self.source)


@dataclass(slots=True)
class KsGoal:
    text: str
    measure: Measure
    # The indicators it is judged by when its rule is Sammanvägning.
    indicators: list[KfIndicator] = field(default_factory=list)
    key: str = ""  # stable identity, as KfIndicator.key


@dataclass(slots=True)
class Activity:
    text: str
    status: str = ""  # one of schema.ACTIVITY_STATUSES or ""
    comment: str = ""


@dataclass(slots=True)
class GoalDirection:
    """A målinriktning with its responsible unit and activities."""

    text: str
    responsible: str = ""
    activities: list[Activity] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.responsible = _shared(self.responsible)

    @property
    def label(self) -> str:
        """The text as the plan prints it: "Digitalisering (Alla)"."""
        if not self.responsible or f"({self.responsible})".lower() in self.text.lower():
            return self.text
        return f"{self.text} ({self.responsible})" if self.text else f"({self.responsible})"


@dataclass(slots=True)
class PlanRow:
    """One row of the plan table: at most one indicator and one KS mål, any målinriktningar."""

    indicator: KfIndicator | None = None
    ks_goal: KsGoal | None = None
    directions: list[GoalDirection] = field(default_factory=list)
    sheet_rows: list[int] = field(default_factory=list)  # the Mål rows it was read from


@dataclass(slots=True)
class KfGoal:
    """A KF ÖG mål and its plan rows.

    A region's plan keeps its rows on disk (`rows` a `spool.RowSpool`, not a list), so each
    pass over `rows` gives new objects, equal to the last pass's but not the same ones; within
    one pass, a KS mål's `indicators` are the very objects of its group's rows. So whatever
    reads a plan iterates it (`Plan.iter_rows`), holds at most one KF goal's rows at a time,
    and matches goals across passes by `key`, never by `id()` or `is`.
    """

    name: str
    rows: list[PlanRow] | RowSpool = field(default_factory=list)
    location: Location | None = None  # the cell the name was read from, for messages
    grouping: str = ""  # a level above it in the kommun's table (Målområde, Perspektiv)

    @property
    def ks_goals(self) -> list[KsGoal]:
        return [row.ks_goal for row in self.rows if row.ks_goal]

    @property
    def row_list(self) -> list[PlanRow]:
        """The rows as the plain list a kommun table's reader builds and edits (never
        spooled: only the arbetsbok reader spools a big sheet)."""
        assert isinstance(self.rows, list), "a spooled KF goal is edited through spool.edit_rows"
        return self.rows


@dataclass(slots=True)
class ReportText:
    heading: str
    text: str
    period: str = ""  # "" for every period


@dataclass(slots=True)
class Problem:
    """Something `check` reports. Errors stop `build`; warnings do not."""

    message: str
    location: Location = field(default_factory=Location)
    is_error: bool = True

    def __str__(self) -> str:
        where = str(self.location)
        return one_line(f"{where}: {self.message}" if where else self.message)


@dataclass
class Plan:
    settings: Settings
    periods: list[Period]
    kf_goals: list[KfGoal] = field(default_factory=list)
    texts: list[ReportText] = field(default_factory=list)
    source_file: str = ""
    extra_columns: list[str] = field(default_factory=list)  # unknown Mål headers, ignored
    notes: list[str] = field(default_factory=list)  # what the reader found and where, for check

    @property
    def ks_goals(self) -> list[KsGoal]:
        """Every KS mål as a list: for tests and small plans. Writers iterate
        `iter_ks_goals()`, which never holds a spooled plan whole (see KfGoal.rows)."""
        return list(self.iter_ks_goals())

    @property
    def indicators(self) -> list[KfIndicator]:
        """Every indicator as a list; writers iterate `iter_indicators()`."""
        return list(self.iter_indicators())

    def iter_rows(self) -> Iterator[tuple[KfGoal, PlanRow]]:
        """Every plan row with its KF goal, in plan order, one at a time."""
        for kf in self.kf_goals:
            for row in kf.rows:
                yield kf, row

    def iter_ks_goals(self) -> Iterator[KsGoal]:
        for _kf, row in self.iter_rows():
            if row.ks_goal is not None:
                yield row.ks_goal

    def iter_indicators(self) -> Iterator[KfIndicator]:
        for _kf, row in self.iter_rows():
            if row.indicator is not None:
                yield row.indicator

    @property
    def period_names(self) -> list[str]:
        return [period.name for period in self.periods]

    def period(self, name: str) -> Period:
        for period in self.periods:
            if period.name == name:
                return period
        raise KeyError(name)

    def previous_period(self, name: str) -> Period | None:
        names = self.period_names
        index = names.index(name)
        return self.periods[index - 1] if index > 0 else None

    def resolve_period(self, period: str | None = None) -> str:
        """The period a check or build reports on: `period` as the plan spells it, or the
        workbook's Rapportperiod when none is given. Raises UnknownPeriod."""
        if not period:
            return self.settings.report_period
        match = match_period(self.period_names, period)
        if match is None:
            raise UnknownPeriod(f'perioden "{period}" finns inte. Tillåtna: '
                                + ", ".join(self.period_names) + ".",
                                Location(self.source_file, "Perioder"))
        return match

    def assign_keys(self) -> None:
        """Give every KS mål and indicator without a key a positional one ("KS-mål 3",
        "Indikator 2": its place in plan order, counted from 1, or the next number free), once:
        a key once set never changes, so a copy of the plan keeps its statuses. The reader sets
        row keys ("Mål!7"); plans built in code get these. Two goals with one key are a bug."""
        if is_spooled(self.kf_goals):
            return  # a spooled plan is the arbetsbok reader's, every row keyed "Mål!7" as read
        groups: list[tuple[str, list[KsGoal | KfIndicator]]] = [
            ("KS-mål", list(self.ks_goals)), ("Indikator", list(self.indicators))]
        for kind, found in groups:
            # One object listed twice (an indicator a goal is judged by) is one item.
            items = list({id(item): item for item in found}.values())
            used: set[str] = set()
            for item in items:
                if item.key in used:
                    raise ValueError(f"two of the plan's {kind} share the key {item.key!r}")
                if item.key:
                    used.add(item.key)
            for number, item in enumerate(items, 1):
                while not item.key:
                    if f"{kind} {number}" not in used:
                        item.key = f"{kind} {number}"
                        used.add(item.key)
                    number += 1

    def texts_for(self, period: str) -> list[ReportText]:
        return [t for t in self.texts if not t.period or t.period == period]
