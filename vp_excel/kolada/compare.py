"""Kolada's comparisons for the indicators a plan links: the same KPI for riket (0000), for the
kommun's län (00 and the kommun code's first two digits) and for the comparison group the
settings name (Jämförelsekommuner: 2418, 2460, 2462, shown as their average and range), for
the last full year up to the report period; and the kommun's own values for kvinnor and män
(K, M) in every full year. From the cache when fresh (or --offline), else one ask.

Like the outcomes (fill.py): only what the workbook left empty is filled, a typed value is
kept, and each filled value records its source on the measure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import Location
from ..model import KfIndicator, Measure, Plan, Problem
from ..swedish import format_value
from ..text import name_key
from .cache import KoladaCache, now_utc
from .client import KoladaClient, KoladaError, gender_values
from .fetch import KPI_ID, kolada_periods, linked_ids
from .fill import kolada_value

RIKET = "0000"
FRESH_FOR = dt.timedelta(hours=24)
# The words a workbook's comparison column uses for each, to fill its empty cells.
_KIND_WORDS = {"riket": ("riket", "rikssnitt", "riksgenomsnitt", "sverige"),
               "län": ("länet", "länssnitt", "län"),
               "grupp": ("jämförelsekommuner", "liknande kommuner", "kommungruppen",
                         "jämförelsegrupp")}
_DEFAULT_NAMES = {"riket": "Riket", "län": "Länet", "grupp": "Jämförelsekommuner"}
_GENDERS = (("K", "kvinnor"), ("M", "män"))
_BREAKDOWN_WORDS = {"kvinnor": ("kvinnor", "kvinna", "flickor", "varav kvinnor"),
                    "män": ("män", "man", "pojkar", "varav män")}

Key = tuple[str, str, int]  # (KPI, municipality, year)


@dataclass
class Compared:
    """What Kolada (or the cache) gave for the comparisons of a plan."""

    kommun: str
    year: int | None  # the comparisons' year: the last full year up to the report period
    years: dict[int, list[str]]  # the full years' periods by year, for K and M
    group: list[str]  # the comparison group's kommun codes
    values: dict[Key, dict[str, float | None]] = field(default_factory=dict)
    fetched: dict[Key, dt.date] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def lan(self) -> str:
        return "00" + self.kommun[:2]


def group_codes(text: str) -> list[str]:
    """"2418, 2460 och 2462" -> ["2418", "2460", "2462"]; 180 -> "0180"."""
    return [code.zfill(4) for code in re.findall(r"\b\d{3,4}\b", text)]


def fetch_comparisons(plan: Plan, kommun: str, period: str | None = None,
                      offline: bool = False, client: KoladaClient | None = None,
                      cache: KoladaCache | None = None,
                      unknown: set[str] | frozenset[str] = frozenset()) -> Compared:
    cache = cache or KoladaCache()
    spans = kolada_periods(plan, period)
    years = sorted({p.year for p in spans})
    found = Compared(kommun, years[-1] if years else None,
                     {y: [p.name for p in spans if p.year == y] for y in years},
                     group_codes(plan.settings.comparison_group))
    ids = [i for i in linked_ids(plan) if KPI_ID.match(i) and i not in unknown]
    if not ids or not kommun or found.year is None:
        return found
    wanted: list[Key] = [(k, m, found.year) for k in ids
                         for m in (RIKET, found.lan, *found.group)]
    wanted += [(k, kommun, y) for k in ids for y in years]
    now = now_utc()
    missing: list[Key] = []
    for key in wanted:
        entry = cache.get_genders(*key)
        if entry is not None and (offline or now - entry[1] < FRESH_FOR):
            found.values[key], found.fetched[key] = entry[0], entry[1].astimezone().date()
        else:
            missing.append(key)
            if entry is not None:  # used if Kolada cannot be asked
                found.values[key], found.fetched[key] = entry[0], entry[1].astimezone().date()
    if not missing or offline:
        if missing:
            found.messages.append(f"Kolada (--offline): {len(missing)} jämförelsevärden "
                                  "(riket, länet, jämförelsekommuner, kvinnor och män) finns "
                                  "inte sparade; kör utan --offline en gång för att hämta dem.")
        return found
    owned = client is None
    client = client or KoladaClient()
    try:
        _ask(client, cache, missing, found)
    except KoladaError as exc:
        found.messages.append(f"Kolada: jämförelsevärdena kunde inte hämtas: {exc.message}")
    finally:
        if owned:
            client.close()
    return found


def _ask(client: KoladaClient, cache: KoladaCache, missing: list[Key],
         found: Compared) -> None:
    fetched = now_utc()
    # Two asks at most: the comparisons' year for every municipality, and the kommun's years.
    for municipalities, years in (
            (sorted({m for _k, m, y in missing if m != found.kommun}), [found.year]),
            ([found.kommun], sorted({y for _k, m, y in missing if m == found.kommun}))):
        kpis = sorted({k for k, m, _y in missing if m in municipalities})
        if not municipalities or not kpis or not years:
            continue
        answer = gender_values(client, kpis, municipalities, [y for y in years if y])
        for key in missing:
            if key[1] in municipalities and key[2] in years:
                values = answer.get(key, {})
                found.values[key], found.fetched[key] = values, fetched.astimezone().date()
                cache.put_genders(*key, values, fetched)


def fill_comparisons(plan: Plan, found: Compared) -> list[Problem]:
    """Fill each linked indicator's empty comparisons (riket, länet, the group's average) and
    kvinnor/män values; returns the fetch's messages as warnings."""
    where = Location(plan.source_file)
    problems = [Problem(m, where, is_error=False) for m in found.messages]
    if found.year is None:
        return problems
    names = list(dict.fromkeys(n for i in plan.iter_indicators() for n in i.measure.comparisons))
    for indicator in plan.indicators:
        kpi = "".join(indicator.kolada_id.split()).upper()
        if not KPI_ID.match(kpi):
            continue
        _fill_one(indicator, kpi, found, names)
    return problems


def _source(kpi: str, day: dt.date) -> str:
    return f"Källa: Kolada, {kpi}, hämtad {day.isoformat()}"


def _name(kind: str, year: int, names: list[str]) -> str:
    """The workbook's own column for riket, länet or the group (of this year or none), or a
    new one: "Riket 2024"."""
    for name in names:
        words = name_key(name)
        years = re.findall(r"\b(?:19|20)\d\d\b", name)
        if any(words.startswith(w) for w in _KIND_WORDS[kind]) and years in ([], [str(year)]):
            return name
    return f"{_DEFAULT_NAMES[kind]} {year}"


def _fill_one(indicator: KfIndicator, kpi: str, found: Compared, names: list[str]) -> None:
    measure = indicator.measure
    year = found.year
    assert year is not None
    for kind, municipalities in (("riket", [RIKET]), ("län", [found.lan]),
                                 ("grupp", found.group)):
        keys = [(kpi, m, year) for m in municipalities]
        numbers = [v for key in keys
                   if (v := found.values.get(key, {}).get("T")) is not None]
        if not numbers:
            continue
        name = _name(kind, year, names)
        if measure.comparisons.get(name) is not None and name not in measure.comparison_sources:
            continue  # typed in the workbook: kept
        measure.comparisons[name] = kolada_value(_average(numbers), measure.unit)
        day = min(found.fetched[key] for key in keys if key in found.fetched)
        measure.comparison_sources[name] = _source(kpi, day)
        if kind == "grupp":
            low, high = (format_value(kolada_value(v, measure.unit), measure.unit)
                         for v in (min(numbers), max(numbers)))
            measure.comparison_notes[name] = (
                f"medel av {len(numbers)} kommuner ({', '.join(municipalities)}), "
                f"spann {low}–{high}")
    _fill_genders(measure, kpi, found)


def _average(numbers: list[float]) -> float:
    """The mean, to as many decimals as Kolada gives the values (at least one): 7,6 not
    7,6333 for 9,9, 6,0 and 7,0."""
    decimals = max(max(len(f"{v:.10g}".partition(".")[2]) for v in numbers), 1)
    return round(sum(numbers) / len(numbers), decimals)


def _fill_genders(measure: Measure, kpi: str, found: Compared) -> None:
    labels = {gender: next((label for label in measure.breakdown
                            if name_key(label) in _BREAKDOWN_WORDS[word]), word)
              for gender, word in _GENDERS}
    for gender, _word in _GENDERS:  # kvinnor before män, as the tables list them
        label = labels[gender]
        for year, periods in found.years.items():
            key = (kpi, found.kommun, year)
            value = found.values.get(key, {}).get(gender)
            if value is None:
                continue
            for period in periods:
                row = measure.breakdown.setdefault(label, {})
                if row.get(period) is None:
                    row[period] = kolada_value(value, measure.unit)
                    measure.comparison_sources[label] = _source(kpi, found.fetched[key])
