"""What `vp-excel kolada sok` and `kolada visa` ask: KPIs matching a text, one KPI's
description and latest values for a kommun. These always ask Kolada (the user asked)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cache import KoladaCache
from .client import KoladaClient, KoladaError, Kpi
from .fetch import match_kommun, normalize_id, normalize_kommunkod

SHOWN = 50  # search hits listed; more means the text is too short


@dataclass
class SearchResult:
    hits: list[Kpi]
    total: int
    kommun: str = ""
    with_values: set[str] = field(default_factory=set)  # KPI ids the kommun has values for


@dataclass
class KpiView:
    kpi: Kpi
    kommun: str = ""
    values: list[tuple[int, float | None]] = field(default_factory=list)  # newest last


def resolve_kommun(text: str, client: KoladaClient, cache: KoladaCache | None = None) -> str:
    """A kommun code from a code (2417) or a name (Norsjö), looked up once and cached."""
    code = normalize_kommunkod(text)
    if re.fullmatch(r"\d{4}", code):
        return code
    cache = cache or KoladaCache()
    saved = cache.get_kommun(text.strip())
    if saved and saved.get("id"):
        return str(saved["id"])
    found = match_kommun(text, client)
    if found is None:
        raise KoladaError(f'hittar ingen kommun som heter "{text.strip()}"; ange koden, '
                          "t.ex. --kommun 2417.")
    cache.put_kommun(text.strip(), *found)
    return found[0]


def search(text: str, kommun: str | None = None,
           client: KoladaClient | None = None) -> SearchResult:
    if not text.strip():
        raise KoladaError("skriv vad nyckeltalet heter, t.ex. vp-excel kolada sok sjukfrånvaro.")
    if client is None:
        with KoladaClient() as own:
            return search(text, kommun, own)
    hits = client.search_kpis(text.strip())
    result = SearchResult(hits[:SHOWN], len(hits))
    if kommun and result.hits:
        result.kommun = resolve_kommun(kommun, client)
        values = client.values([k.id for k in result.hits], result.kommun)
        result.with_values = {kpi for (kpi, _), v in values.items() if v is not None}
    return result


def show(kpi_id: str, kommun: str | None = None, years: int = 5,
         client: KoladaClient | None = None) -> KpiView:
    if client is None:
        with KoladaClient() as own:
            return show(kpi_id, kommun, years, own)
    wanted = normalize_id(kpi_id)
    found = client.kpis([wanted]).get(wanted)
    if found is None:
        raise KoladaError(f'Kolada känner inte nyckeltalet "{wanted}"; sök med vp-excel '
                          "kolada sok TEXT.")
    view = KpiView(found)
    if kommun:
        view.kommun = resolve_kommun(kommun, client)
        values = client.values([wanted], view.kommun)
        view.values = sorted((year, v) for (_, year), v in values.items())[-years:]
    return view
