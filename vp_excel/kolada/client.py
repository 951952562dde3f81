"""The Kolada API v3 over HTTP: KPI search and metadata, kommun look-up, KPI values.

One `requests` session with timeouts, a few retries with backoff on 429 and 5xx (urllib3's
Retry, which also honours Retry-After, capped), the proxies of the environment (HTTPS_PROXY,
NO_PROXY) and the system's certificate store (truststore), or REQUESTS_CA_BUNDLE when that is
set. Nothing a server sends can hang or crash it: each answer has a deadline as a whole (not
per read), so has the whole fetch; bodies are capped after decoding (gzip included), pages
are capped, JSON nesting is bounded, only finite numbers count (NaN and Infinity are "no
value", listed in `not_finite`), and redirects and next_url are followed to http and
https only. Every failure becomes a `KoladaError` with one Swedish sentence; nothing here is
cached (see cache.py) or printed.
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests
from urllib3.exceptions import ReadTimeoutError

from ..errors import VpExcelError
from ..schema import MAX_ABS_VALUE
from .session import make_session

BASE_URL = "https://api.kolada.se/v3"
URL_ENV = "VP_EXCEL_KOLADA_URL"
TIMEOUT_ENV = "VP_EXCEL_KOLADA_TIMEOUT"  # seconds to wait for an answer
DEFAULT_TIMEOUT = 20.0
CONNECT_TIMEOUT = 10.0
PER_PAGE = 5000  # the API's largest page
MAX_IDS = 25  # the API refuses longer id or year lists in one path segment
MAX_PAGES = 100  # 500 000 records; a next_url that goes on is a broken server, not data
MAX_BODY_BYTES = 32 * 1024 * 1024  # one answer after decoding; a full page is a few MB
MAX_JSON_DEPTH = 32  # Kolada nests four levels deep
MAX_REDIRECTS = 5
FETCH_TIMEOUT_FACTOR = 6  # a whole fetch may take this many answer deadlines
TOTAL_GENDER = "T"


class KoladaError(VpExcelError):
    """Kolada could not be asked or gave an unusable answer."""


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str = ""
    municipality_type: str = ""  # K (kommun), L (region), A (both)
    publ_period: str = ""


@dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str = ""


def base_url() -> str:
    return (os.environ.get(URL_ENV) or BASE_URL).rstrip("/")


def default_timeout() -> float:
    """The answer deadline from the environment: a number of seconds above 0 (at most 600);
    text, NaN, 0 or less is the default ("nan" crashed the clock, -1 said "-6 sekunder")."""
    try:
        seconds = float(os.environ.get(TIMEOUT_ENV, "") or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT
    return min(seconds, 600.0) if seconds > 0 else DEFAULT_TIMEOUT  # NaN > 0 is False


def chunks(items: list[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _failure_reason(exc: BaseException) -> str:
    """What went wrong with an answer, in Swedish: never the exception's class name."""
    errors = requests.exceptions
    for kind, reason in ((errors.InvalidHeader, "svaret hade ogiltiga huvudrader, till exempel "
                          "två olika längder"),
                         (errors.ContentDecodingError, "svaret gick inte att packa upp"),
                         (errors.ChunkedEncodingError, "svaret bröts av eller var kortare än "
                          "det sade"),
                         (errors.TooManyRedirects, "för många omdirigeringar"),
                         (errors.ConnectionError, "förbindelsen bröts"),
                         (errors.RequestException, "ett fel i förbindelsen")):
        if isinstance(exc, kind):
            return reason
    return "svaret gick inte att tolka"


class KoladaClient:
    """Asks Kolada. `base` defaults to VP_EXCEL_KOLADA_URL or the public v3 address."""

    def __init__(self, base: str | None = None, timeout: float | None = None,
                 session: requests.Session | None = None, retries: int = 3,
                 backoff: float = 0.5):
        self.base = (base or base_url()).rstrip("/")
        self.timeout = timeout if timeout is not None else default_timeout()
        self._owns_session = session is None  # a session handed in is the caller's to close
        self.session = session or make_session(retries, backoff)
        # (KPI id, year) NaN or infinite, or given two different numbers: no value, not cached.
        self.not_finite: set[tuple[str, int]] = set()
        self.conflicting: set[tuple[str, int]] = set()
        # Records of a shape not read (a page that switched shape: values a string, a value
        # "6,1"): the (KPI id, year) when the record names them, else only counted.
        self.odd_shape: set[tuple[str, int]] = set()
        self.unnamed_records = 0
        self._fetch_started: float | None = None

    def close(self) -> None:
        """Close the connections of the session this client made."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------
    def reset_deadline(self) -> None:
        """Start a new fetch: its deadline counts from the next request."""
        self._fetch_started = None

    def _deadline(self) -> float:
        """When the next answer must be complete: its own deadline or the fetch's."""
        now = time.monotonic()
        if self._fetch_started is None:
            self._fetch_started = now
        fetch_end = self._fetch_started + self.timeout * FETCH_TIMEOUT_FACTOR
        answer_end = now + self.timeout
        return min(answer_end, fetch_end)

    def _get(self, url: str, params: dict[str, Any] | None = None,
             origin: str = "base") -> dict[str, Any]:
        """One answer, complete within its deadline whatever the server does: the exchange
        runs in a helper thread that is abandoned (and its connection closed) when time is
        up, since a server sending a byte a second never trips a per-read timeout."""
        deadline = self._deadline()
        outcome: dict[str, Any] = {"origin": origin}  # where the address came from
        worker = threading.Thread(target=self._exchange, args=(url, params, deadline, outcome),
                                  name="vp-excel-kolada", daemon=True)
        worker.start()
        worker.join(max(deadline - time.monotonic(), 0.0) + 0.05)
        if worker.is_alive():
            outcome["abandoned"] = True
            _hang_up(outcome.get("response"))
            raise self._timed_out()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["body"]

    def _exchange(self, url: str, params: dict[str, Any] | None, deadline: float,
                  outcome: dict[str, Any]) -> None:
        try:
            outcome["body"] = self._fetch_json(url, params, deadline, outcome)
        except KoladaError as exc:
            outcome["error"] = exc
        except Exception as exc:  # noqa: BLE001 - whatever a server provokes is one line
            outcome["error"] = KoladaError(
                f"frågan till Kolada misslyckades ({_failure_reason(exc)}).")

    def _fetch_json(self, url: str, params: dict[str, Any] | None, deadline: float,
                    outcome: dict[str, Any]) -> dict[str, Any]:
        for _hop in range(MAX_REDIRECTS + 1):
            _require_web_address(url, "redirect" if _hop else outcome.get("origin", "base"),
                                 self.base)
            response = self._send(url, params, deadline)
            if response.is_redirect:
                location = response.headers.get("Location", "")
                response.close()
                url, params = urljoin(response.url or url, location), None
                continue
            break
        else:
            raise KoladaError(f"Kolada skickade vidare fler än {MAX_REDIRECTS} gånger "
                              f"({self.base}).")
        outcome["response"] = response
        with response:
            if response.status_code == 404:
                return self._not_found(self._read_body(response, deadline, outcome))
            if response.status_code >= 400:
                raise KoladaError(f"Kolada svarade {response.status_code} "
                                  f"({response.reason or 'fel'}) på {self.base}.")
            data = self._read_body(response, deadline, outcome)
        return self._parse(data)

    def _send(self, url: str, params: dict[str, Any] | None,
              deadline: float) -> requests.Response:
        wait = max(min(self.timeout, deadline - time.monotonic()), 0.01)
        try:
            return self.session.get(url, params=params, stream=True, allow_redirects=False,
                                    timeout=(min(CONNECT_TIMEOUT, wait), wait))
        except requests.exceptions.Timeout:
            raise self._timed_out() from None
        except requests.exceptions.SSLError:
            raise KoladaError(f"certifikatet för {self.base} gick inte att lita på. Finns en "
                              "egen rotcertifikat i kommunens nät: ange den med "
                              "REQUESTS_CA_BUNDLE.") from None
        except requests.exceptions.RetryError:
            raise KoladaError(f"Kolada svarar med fel även efter flera försök ({self.base})."
                              ) from None
        except (requests.exceptions.ConnectionError, requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema) as exc:
            # Read timeouts that used up the retries come as a ConnectionError.
            if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None),
                          ReadTimeoutError):
                raise self._timed_out() from None
            raise KoladaError(f"kunde inte nå Kolada ({self.base}): ingen nätverksanslutning, "
                              "eller en proxy som behöver anges med HTTPS_PROXY.") from None
        except requests.exceptions.RequestException as exc:
            raise KoladaError(f"frågan till Kolada misslyckades ({_failure_reason(exc)})."
                              ) from None

    def _read_body(self, response: requests.Response, deadline: float,
                   outcome: dict[str, Any]) -> bytes:
        """The decoded body, refused past MAX_BODY_BYTES (counted after gzip) or the
        deadline."""
        parts: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                if outcome.get("abandoned") or time.monotonic() > deadline:
                    raise self._timed_out()
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise KoladaError(f"Kolada gav ett svar större än "
                                      f"{MAX_BODY_BYTES // 1_048_576} MB; det används inte "
                                      f"({self.base}).")
                parts.append(chunk)
        except requests.exceptions.RequestException as exc:
            if isinstance(exc, requests.exceptions.ConnectionError) and \
                    "timed out" in str(exc).lower():
                raise self._timed_out() from None
            raise KoladaError("Kolada avbröt svaret innan det var helt "
                              f"({_failure_reason(exc)}).") from None
        return b"".join(parts)

    def _parse(self, data: bytes) -> dict[str, Any]:
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise KoladaError(f"Kolada gav ett svar som är nästlat djupare än {MAX_JSON_DEPTH} "
                              "nivåer; det är inte Koladas och används inte.")
        try:
            # NaN, Infinity and 1e400 all become NaN here, which _collect takes as no value.
            body = json.loads(data.decode("utf-8"), parse_float=_finite_or_nan,
                              parse_constant=lambda _word: math.nan,
                              object_pairs_hook=_unique_keys)
        except _TwiceNamed:
            raise KoladaError("Kolada gav ett svar där samma fält står två gånger med olika "
                              "värden (vilket som gäller?); det används inte.") from None
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise KoladaError("Kolada gav ett svar som inte är JSON.") from None
        if not isinstance(body, dict) or not isinstance(body.get("values", []), list):
            raise KoladaError("Kolada gav ett svar utan listan values.")
        return body

    def _not_found(self, data: bytes) -> dict[str, Any]:
        """A 404 in the API's own words (JSON with a values list) is an empty answer; any
        other 404 means the address is wrong (VP_EXCEL_KOLADA_URL), never "no such
        indicator", so nothing is cached from it. `data` is the answer's (bounded) body."""
        try:
            body = self._parse(data)
        except KoladaError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("values"), list):
            return {"values": [], "count": 0, "next_url": ""}
        raise KoladaError(f"adressen {self.base} svarar 404 (finns inte): det är inte Koladas "
                          "API. Kontrollera VP_EXCEL_KOLADA_URL (Koladas adress är "
                          "https://api.kolada.se/v3).")

    def _timed_out(self) -> KoladaError:
        """The answer's deadline passed; or the whole fetch's, when that came first."""
        if self._fetch_started is not None and time.monotonic() >= (
                self._fetch_started + self.timeout * FETCH_TIMEOUT_FACTOR - 0.1):
            return self._fetch_timed_out()
        seconds = f"{self.timeout:g}".replace(".", ",")
        unit = "sekund" if self.timeout == 1 else "sekunder"
        return KoladaError(f"Kolada svarade inte inom {seconds} {unit} ({self.base}).")

    def _fetch_timed_out(self) -> KoladaError:
        seconds = f"{self.timeout * FETCH_TIMEOUT_FACTOR:g}".replace(".", ",")
        return KoladaError(f"hämtningen från Kolada tog mer än {seconds} sekunder och "
                           f"avbröts ({self.base}).")

    def _all(self, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item of a listing: the first page, then `next_url` until it is empty."""
        url: str | None = f"{self.base}{path}"
        query: dict[str, Any] | None = {"per_page": PER_PAGE, **(params or {})}
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        while url:
            if len(seen) >= MAX_PAGES:
                raise KoladaError(f"Kolada gav fler än {MAX_PAGES} sidor för en fråga; "
                                  "svaret används inte.")
            body = self._get(url, query, "next_url" if seen else "base")
            seen.add(url)
            page = body.get("values") or []
            items.extend(item for item in page if isinstance(item, dict))
            self.unnamed_records += sum(1 for item in page if not isinstance(item, dict))
            following = body.get("next_url") or ""
            if not isinstance(following, str):
                raise KoladaError("Kolada gav en next_url som inte är en adress.")
            url, query = (following, None) if following not in seen else (None, None)
        return items

    # --- metadata -------------------------------------------------------------------------
    def search_kpis(self, text: str) -> list[Kpi]:
        return [_kpi(item) for item in self._all("/kpi", {"title": text})]

    def kpis(self, ids: list[str]) -> dict[str, Kpi]:
        """The KPIs of `ids` that exist, by id; an unknown id is simply absent."""
        found: dict[str, Kpi] = {}
        for part in chunks(sorted(set(ids))):
            for item in self._all("/kpi/" + ",".join(quote(i, safe="") for i in part)):
                kpi = _kpi(item)
                found[kpi.id] = kpi
        return found

    def municipalities(self, title: str) -> list[Municipality]:
        return [Municipality(str(item.get("id", "")), str(item.get("title", "")),
                             str(item.get("type", "")))
                for item in self._all("/municipality", {"title": title})]

    # --- data -----------------------------------------------------------------------------
    def values(self, kpi_ids: list[str], kommun: str,
               years: list[int] | None = None) -> dict[tuple[str, int], float | None]:
        """The kommun's own values (gender T) by (KPI id, year). A year Kolada lists with a
        null value maps to None; a year it does not list is absent."""
        found: dict[tuple[str, int], float | None] = {}
        year_parts: list[list[str]] = (list(chunks([str(y) for y in sorted(set(years))]))
                                       if years else [[]])
        for kpi_part in chunks(sorted(set(kpi_ids))):
            for year_part in year_parts:
                path = ("/data/kpi/" + ",".join(quote(i, safe="") for i in kpi_part)
                        + f"/municipality/{quote(kommun, safe='')}")
                if year_part:
                    path += "/year/" + ",".join(year_part)
                for record in self._all(path):
                    _collect(record, kommun, found, self)
        return found


def _hang_up(response: requests.Response | None) -> None:
    """End an abandoned exchange's connection so its thread stops reading. A shutdown, not
    close(): close waits for the lock the reading thread holds."""
    connection = getattr(getattr(response, "raw", None), "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _require_web_address(url: str, origin: str, base: str) -> None:
    """Only http and https: a redirect or next_url to file:// or ftp:// is not followed."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return
    shown = url if len(url) <= 60 else url[:57] + "…"
    if origin == "base":
        raise KoladaError(f"adressen till Kolada ({base}) är inte http eller https; ändra "
                          f"{URL_ENV}.")
    what = "en next_url" if origin == "next_url" else "en omdirigering till en adress"
    raise KoladaError(f"Kolada gav {what} som inte är http eller https ({shown}); den följs "
                      "inte.")


def _depth_exceeds(data: bytes, limit: int) -> bool:
    """Whether brackets nest deeper than `limit` (outside strings), without parsing: a
    body of a million "[" would crash or slow every recursive reader."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    outside_strings = re.sub(rb'"(?:[^"\\]|\\.)*"', b"", data)
    depth = 0
    for bracket in re.finditer(rb"[\[{\]}]", outside_strings):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class _TwiceNamed(ValueError):
    """A JSON object that names a field twice: parsers differ on which one counts."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        raise _TwiceNamed
    return found


def _finite_or_nan(text: str) -> float:
    number = float(text)
    return number if math.isfinite(number) else math.nan


def gender_values(client: KoladaClient, kpi_ids: list[str], municipalities: list[str],
                  years: list[int]) -> dict[tuple[str, str, int], dict[str, float | None]]:
    """Every gender's value (T, K, M) by (KPI id, municipality, year) for several
    municipalities at once (riket is 0000, a län 00 and its two digits); a withdrawn record
    or value (isdeleted) is left out, null kept as None."""
    found: dict[tuple[str, str, int], dict[str, float | None]] = {}
    for kpi_part in chunks(sorted(set(kpi_ids))):
        for muni_part in chunks(sorted(set(municipalities))):
            for year_part in chunks([str(y) for y in sorted(set(years))]):
                path = ("/data/kpi/" + ",".join(quote(i, safe="") for i in kpi_part)
                        + "/municipality/" + ",".join(quote(m, safe="") for m in muni_part)
                        + "/year/" + ",".join(year_part))
                for record in client._all(path):
                    if record.get("isdeleted"):
                        continue
                    year = _year(record.get("period"))
                    if year is None or not isinstance(record.get("kpi"), str):
                        continue
                    key = (str(record["kpi"]), str(record.get("municipality")), year)
                    values = record.get("values")
                    for value in values if isinstance(values, list) else []:
                        if not isinstance(value, dict) or value.get("isdeleted"):
                            continue
                        found.setdefault(key, {})[str(value.get("gender", ""))] = (
                            _finite_number(value.get("value")))
    return found


def _finite_number(number: Any) -> float | None:
    """A value's number when it is a finite one; null, text, NaN and infinities are no value."""
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        return None
    try:
        number = float(number)
    except OverflowError:  # an integer of 400 digits
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_ABS_VALUE else None


def _year(period: object) -> int | None:
    """A record's year as Kolada writes it (2024, "2024"); int() took 2024.5, True, "٢٠٢٤"."""
    if isinstance(period, float) and period.is_integer():
        period = int(period)
    if isinstance(period, str) and re.fullmatch(r"[0-9]{1,6}", period.strip()):
        period = int(period)
    return period if isinstance(period, int) and not isinstance(period, bool) else None


def _collect(record: dict[str, Any], kommun: str, found: dict[tuple[str, int], float | None],
             client: KoladaClient) -> None:
    not_finite, conflicting = client.not_finite, client.conflicting
    if not isinstance(record, dict):
        client.unnamed_records += 1
        return
    if record.get("isdeleted") or str(record.get("municipality", kommun)) != kommun:
        return
    year = _year(record.get("period"))
    if year is None or not isinstance(record.get("kpi"), str):
        client.unnamed_records += 1
        return
    key = (str(record.get("kpi")), year)
    values = record.get("values")
    # A record of the wrong shape (values a number, a string, null) has no value to give.
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        client.odd_shape.add(key)
    for value in values if isinstance(values, list) else []:
        if isinstance(value, dict) and value.get("isdeleted"):
            continue  # v3 marks a withdrawn value as well as a withdrawn record
        if isinstance(value, dict) and value.get("gender") == TOTAL_GENDER:
            number = value.get("value")
            if number is not None and (not isinstance(number, (int, float))
                                       or isinstance(number, bool)):
                client.odd_shape.add(key)  # "6,1", true, a list: no number Kolada writes
            # null is a missing value (not published, or hidden for small numbers), not 0.
            if isinstance(number, (int, float)) and not isinstance(number, bool):
                try:
                    number = float(number)
                except OverflowError:  # an integer of 400 digits
                    number = math.nan
                if not math.isfinite(number) or abs(number) > MAX_ABS_VALUE:
                    not_finite.add(key)  # 1e308 as a share is no measurement either
                    number = None
            else:
                number = None
            if key in conflicting or found.get(key, number) != number:  # which one is true?
                conflicting.add(key)
                number = None
            found[key] = number


def _kpi(item: dict[str, Any]) -> Kpi:
    return Kpi(str(item.get("id", "")), str(item.get("title", "")),
               str(item.get("description", "") or ""),
               str(item.get("municipality_type", "") or ""),
               str(item.get("publ_period", "") or ""))
