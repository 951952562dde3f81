"""Gets the Kolada values a plan links to: from the cache when fresh (or `offline`), else from
the API, and says in one Swedish line each what could not be had.

Only the years of full-year periods are asked: Kolada publishes one value per year, and an
annual value is not the outcome of a delår.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Period, Plan
from ..text import unfold_look_alikes, words_key
from .cache import Cached, KoladaCache, now_utc
from .client import KoladaClient, KoladaError

KPI_ID = re.compile(r"^[A-Z]\d{5}$")  # N00090, U28116


@dataclass
class Fetch:
    """What Kolada (or the cache) gave for a plan."""

    kommun: str = ""  # the kommun's code, "" when it could not be found
    values: dict[tuple[str, int], Cached] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)  # KPI ids Kolada does not know
    messages: list[str] = field(default_factory=list)  # one line per problem


def normalize_id(text: str) -> str:
    return "".join(text.split()).upper()


def normalize_kommunkod(text: str) -> str:
    """2417 -> "2417"; 180 (Stockholm's 0180 read as a number) -> "0180"."""
    cleaned = "".join(text.split())
    cleaned = cleaned.removesuffix(".0")  # a code typed as a number
    return cleaned.zfill(4) if cleaned.isdigit() and len(cleaned) <= 4 else cleaned


def linked_ids(plan: Plan) -> list[str]:
    return sorted({normalize_id(i.kolada_id) for i in plan.iter_indicators()
                   if i.kolada_id.strip()})


def kolada_periods(plan: Plan, period: str | None = None) -> list[Period]:
    """The full-year periods up to the reported one (default: Rapportperiod): later years
    are not published yet, and a report does not show them."""
    names = plan.period_names
    last = period or plan.settings.report_period
    end = names.index(last) + 1 if last in names else len(names)
    return [p for p in plan.periods[:end] if p.is_full_year]


def fetch_for_plan(plan: Plan, offline: bool = False, client: KoladaClient | None = None,
                   cache: KoladaCache | None = None, period: str | None = None) -> Fetch:
    cache = cache or KoladaCache()
    result = Fetch()
    ids = linked_ids(plan)
    bad = [i for i in ids if not KPI_ID.match(i)]
    for wrong in bad:
        result.messages.append(f'Kolada: "{wrong}" är inget Kolada-id (ett id ser ut som '
                               "N00090); den indikatorn hämtas inte.")
        result.unknown.add(wrong)
    ids = [i for i in ids if i not in bad]
    years = sorted({p.year for p in kolada_periods(plan, period)})
    if not ids:
        return result
    if not years:
        result.messages.append("Kolada: arbetsboken har ingen helårsperiod (jan–dec) till och "
                               "med rapportperioden; Kolada har bara helårsvärden, så inget "
                               "hämtades.")
        return result
    owned = not offline and client is None
    if offline:
        client = None
    elif client is None:
        client = KoladaClient()
    if client is not None:
        client.reset_deadline()
    try:
        return _fetch(plan, ids, years, client, cache, result)
    finally:
        if owned and client is not None:
            client.close()


def _fetch(plan: Plan, ids: list[str], years: list[int], client: KoladaClient | None,
           cache: KoladaCache, result: Fetch) -> Fetch:
    try:
        result.kommun = _kommun_code(plan, client, cache, result)
    except KoladaError as exc:
        result.messages.append(f"Kolada: {exc.message} Inga värden hämtades.")
        return result
    if not result.kommun:
        return result
    _values(ids, years, client, cache, result)
    result.messages += cache_messages(cache, client is None)
    return result


def cache_messages(cache: KoladaCache, offline: bool) -> list[str]:
    """One Swedish line each for a cache file that could not be read or written."""
    lines = []
    if cache.read_failed:
        then = ("räknas som saknade" if offline else "hämtas från Kolada igen")
        count = len(cache.unusable)
        if count > 1:
            lines.append(f"Kolada: {count} sparade filer i cachen gick inte att läsa (den "
                         f"första: {cache.read_failed}); deras värden {then}.")
        else:
            lines.append("Kolada: en sparad fil i cachen gick inte att läsa "
                         f"({cache.read_failed}); dess värden {then}.")
    if cache.write_failed:
        lines.append("Kolada: värdena kunde inte sparas i cachen "
                     f"({cache.write_failed}); nästa bygge frågar Kolada igen.")
    return lines


def _kommun_code(plan: Plan, client: KoladaClient | None, cache: KoladaCache,
                 result: Fetch) -> str:
    settings = plan.settings
    if settings.kommunkod.strip():
        code = normalize_kommunkod(settings.kommunkod)
        if not re.fullmatch(r"\d{4}", code):
            result.messages.append(f'Kolada: kommunkoden "{settings.kommunkod}" ska vara fyra '
                                   "siffror (t.ex. 2417 för Norsjö); inga värden hämtades.")
            return ""
        return code
    name = settings.kommun.strip()
    if not name:
        result.messages.append("Kolada: arbetsboken saknar både Kommunkod och Kommun i "
                               "Inställningar; inga värden hämtades.")
        return ""
    saved = cache.get_kommun(name)
    if saved and saved.get("id"):
        return str(saved["id"])
    if client is None:
        result.messages.append(f'Kolada (--offline): kommunkoden för "{name}" finns inte '
                               "sparad; skriv den i Inställningar (Kommunkod) eller kör "
                               "utan --offline en gång.")
        return ""
    found = match_kommun(name, client)
    if found is None:
        result.messages.append(f'Kolada: hittar ingen kommun som heter "{name}"; skriv '
                               "kommunkoden i Inställningar (Kommunkod), t.ex. 2417.")
        return ""
    code, title = found
    cache.put_kommun(name, code, title)
    return code


def match_kommun(name: str, client: KoladaClient) -> tuple[str, str] | None:
    """Norsjö kommun, Norsjö, Västerås stad -> the one kommun (type K) of that title; the
    name compared as names are between workbooks (`words_key`: a full-width "Ｎ", a no-break
    space or a zero-width space does not hide Norsjö)."""
    name = " ".join(unfold_look_alikes(name).split())
    base = re.sub(r"\s+(kommun|stad)$", "", name, flags=re.IGNORECASE)
    candidates = {words_key(base), words_key(name)}
    if base.lower().endswith("s"):  # a genitive: "Umeås kommun"
        candidates.add(words_key(base[:-1]))
    found = client.municipalities(base)
    kommuner = [m for m in found if m.type in ("K", "")]
    exact = [m for m in kommuner if words_key(m.title) in candidates]
    if len(exact) == 1:
        return exact[0].id, exact[0].title
    return None


def _values(ids: list[str], years: list[int], client: KoladaClient | None,
            cache: KoladaCache, result: Fetch) -> None:
    kommun = result.kommun
    now = now_utc()
    missing: list[tuple[str, int]] = []
    stale: dict[tuple[str, int], Cached] = {}
    for kpi in ids:
        meta = cache.get_kpi(kpi)
        if meta and meta.get("exists") is False and (client is None or _fresh(meta, now)):
            result.unknown.add(kpi)
            continue
        for year in years:
            entry = cache.get_value(kpi, kommun, year)
            if entry is not None and (client is None or entry.is_fresh(now)):
                result.values[(kpi, year)] = entry
            else:
                missing.append((kpi, year))
                if entry is not None:
                    stale[(kpi, year)] = entry
    if not missing:
        return
    if client is None:
        # Files that are there but damaged are said by cache_messages, with their path.
        absent = [(kpi, year) for kpi, year in missing
                  if cache.value_path(kpi, kommun, year) not in cache.unusable]
        if absent:
            result.messages.append(f"Kolada (--offline): {len(absent)} av "
                                   f"{len(ids) * len(years)} värden finns inte sparade "
                                   "(kör utan --offline en gång för att hämta dem); de "
                                   "indikatorutfallen står kvar tomma.")
        return
    try:
        _ask(sorted({k for k, _ in missing}), sorted({y for _, y in missing}), missing,
             client, cache, result)
    except KoladaError as exc:
        result.values.update(stale)
        used = f" Använder {len(stale)} tidigare hämtade värden." if stale else ""
        result.messages.append(f"Kolada: {exc.message}{used} Indikatorutfall som inte "
                               "kunde hämtas står kvar tomma.")


def _fresh(meta: dict, now: dt.datetime) -> bool:
    try:
        return Cached(None, dt.datetime.fromisoformat(str(meta["fetched"]))).is_fresh(now)
    except (KeyError, ValueError, TypeError):
        return False


def _ask(kpis: list[str], years: list[int], missing: list[tuple[str, int]],
         client: KoladaClient, cache: KoladaCache, result: Fetch) -> None:
    known = client.kpis(kpis)
    for kpi in kpis:
        cache.put_kpi(kpi, kpi in known, known[kpi].title if kpi in known else "")
        if kpi not in known:
            result.unknown.add(kpi)
    asked = [k for k in kpis if k in known]
    if not asked:
        return
    answer = client.values(asked, result.kommun, years)
    fetched = now_utc()
    for kpi, year in missing:
        if kpi not in known:
            continue
        entry = Cached(answer.get((kpi, year)), fetched)
        result.values[(kpi, year)] = entry
        unread = client.not_finite | client.conflicting | client.odd_shape
        if (kpi, year) not in unread and not (client.unnamed_records
                                              and entry.value is None):  # only well-formed
            cache.put_value(kpi, result.kommun, year, entry)
    odd = sorted(client.not_finite & set(missing))
    if odd:
        shown = ", ".join(f"{kpi} {year}" for kpi, year in odd[:3]) + (" …" if len(odd) > 3
                                                                       else "")
        result.messages.append(f"Kolada: {len(odd)} värden var inga rimliga tal (NaN, "
                               f"oändliga eller orimligt stora: {shown}); de räknas som "
                               "saknade och sparas inte i cachen.")
    odd_shape = sorted(k for k in client.odd_shape & set(missing)
                       if result.values.get(k, Cached(None, fetched)).value is None)
    if odd_shape or client.unnamed_records:
        shown = ", ".join(f"{kpi} {year}" for kpi, year in odd_shape[:3]) + (
            " …" if len(odd_shape) > 3 else "")
        count, records = len(odd_shape), client.unnamed_records
        said = f"{count} {'värde' if count == 1 else 'värden'} ({shown})" if count else ""
        unnamed = (f"{records} {'post' if records == 1 else 'poster'} utan läsbart nyckeltal "
                   "eller år" if records else "")
        result.messages.append(
            f"Kolada: {' och '.join(t for t in (said, unnamed) if t)} kom i en form vp-excel "
            "inte läser (Koladas svar bytte form); de räknas som saknade och sparas inte i "
            "cachen.")
    twice = sorted(client.conflicting & set(missing))
    if twice:
        result.messages.append(f"Kolada: {len(twice)} värden kom två gånger med olika tal ("
                               + ", ".join(f"{kpi} {year}" for kpi, year in twice[:3])
                               + "); de räknas som saknade och sparas inte i cachen.")
