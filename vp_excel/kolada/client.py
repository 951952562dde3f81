"""The Kolada API v3 over HTTP: KPI search and metadata, kommun look-up, KPI values.

One `requests` session with timeouts, a few retries with backoff on 429 and 5xx (urllib3's
Retry, which also honours Retry-After), the proxies of the environment (HTTPS_PROXY, NO_PROXY)
and the system's certificate store (truststore), or REQUESTS_CA_BUNDLE when that is set.
Every failure becomes a `KoladaError` with one Swedish sentence; nothing here is cached (see
cache.py) or printed.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from ..errors import VpExcelError

BASE_URL = "https://api.kolada.se/v3"
URL_ENV = "VP_EXCEL_KOLADA_URL"
TIMEOUT_ENV = "VP_EXCEL_KOLADA_TIMEOUT"  # seconds to wait for an answer
DEFAULT_TIMEOUT = 20.0
CONNECT_TIMEOUT = 10.0
PER_PAGE = 5000  # the API's largest page
MAX_IDS = 25  # the API refuses longer id or year lists in one path segment
MAX_PAGES = 1000  # a next_url that never ends is a broken server, not data
RETRY_STATUSES = (429, 500, 502, 503, 504)
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
    try:
        return float(os.environ.get(TIMEOUT_ENV, "") or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT


def chunks(items: list[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _SystemTrustAdapter(HTTPAdapter):
    """Verifies certificates against the operating system's store (a kommun's own CA on
    Windows and macOS included), for this session only."""

    def __init__(self, context: ssl.SSLContext, **kwargs: Any):
        self._context = context
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **kwargs)


def _system_context() -> ssl.SSLContext | None:
    if os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"):
        return None  # an explicit bundle wins, as requests does it
    try:
        import truststore
    except ImportError:  # certifi's bundle, requests' default
        return None
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def make_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """A session that retries GETs on connection errors, 429 and 5xx with backoff
    (0,5 s, 1 s, 2 s), and reads proxies and CA bundle from the environment."""
    # A read timeout is tried again once only: a slow server rarely gets faster.
    retry = Retry(total=retries, connect=retries, read=min(retries, 1), status=retries,
                  backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
                  allowed_methods=frozenset({"GET"}), respect_retry_after_header=True,
                  raise_on_status=False)
    session = requests.Session()
    context = _system_context()
    adapter = (_SystemTrustAdapter(context, max_retries=retry) if context
               else HTTPAdapter(max_retries=retry))
    session.mount("https://", adapter)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.headers.update({"Accept": "application/json", "User-Agent": "vp-excel"})
    return session


class KoladaClient:
    """Asks Kolada. `base` defaults to VP_EXCEL_KOLADA_URL or the public v3 address."""

    def __init__(self, base: str | None = None, timeout: float | None = None,
                 session: requests.Session | None = None, retries: int = 3,
                 backoff: float = 0.5):
        self.base = (base or base_url()).rstrip("/")
        self.timeout = timeout if timeout is not None else default_timeout()
        self._owns_session = session is None  # a session handed in is the caller's to close
        self.session = session or make_session(retries, backoff)

    def close(self) -> None:
        """Close the connections of the session this client made."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------
    def _get(self, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self.session.get(url, params=params,
                                        timeout=(min(CONNECT_TIMEOUT, self.timeout),
                                                 self.timeout))
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
            raise KoladaError(f"frågan till Kolada misslyckades ({type(exc).__name__})."
                              ) from None
        if response.status_code == 404:
            return self._not_found(response)
        if response.status_code >= 400:
            raise KoladaError(f"Kolada svarade {response.status_code} "
                              f"({response.reason or 'fel'}) på {self.base}.")
        response.encoding = "utf-8"  # the API's JSON is UTF-8 whatever the header says
        try:
            body = response.json()
        except ValueError:
            raise KoladaError("Kolada gav ett svar som inte är JSON.") from None
        if not isinstance(body, dict) or not isinstance(body.get("values", []), list):
            raise KoladaError("Kolada gav ett svar utan listan values.")
        return body

    def _not_found(self, response: requests.Response) -> dict[str, Any]:
        """A 404 in the API's own words (JSON with a values list) is an empty answer; any
        other 404 means the address is wrong (VP_EXCEL_KOLADA_URL), never "no such
        indicator", so nothing is cached from it."""
        response.encoding = "utf-8"
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("values"), list):
            return {"values": [], "count": 0, "next_url": ""}
        raise KoladaError(f"adressen {self.base} svarar 404 (finns inte): det är inte Koladas "
                          "API. Kontrollera VP_EXCEL_KOLADA_URL (Koladas adress är "
                          "https://api.kolada.se/v3).")

    def _timed_out(self) -> KoladaError:
        seconds = f"{self.timeout:g}".replace(".", ",")
        return KoladaError(f"Kolada svarade inte inom {seconds} sekunder ({self.base}).")

    def _all(self, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item of a listing: the first page, then `next_url` until it is empty."""
        url: str | None = f"{self.base}{path}"
        query: dict[str, Any] | None = {"per_page": PER_PAGE, **(params or {})}
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        while url and len(seen) < MAX_PAGES:
            body = self._get(url, query)
            seen.add(url)
            items.extend(item for item in body.get("values") or [] if isinstance(item, dict))
            following = body.get("next_url") or ""
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
                    _collect(record, kommun, found)
        return found


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
                    try:
                        key = (str(record["kpi"]), str(record["municipality"]),
                               int(record["period"]))
                    except (KeyError, TypeError, ValueError):
                        continue
                    for value in record.get("values") or []:
                        if not isinstance(value, dict) or value.get("isdeleted"):
                            continue
                        number = value.get("value")
                        found.setdefault(key, {})[str(value.get("gender", ""))] = (
                            float(number) if isinstance(number, (int, float))
                            and not isinstance(number, bool) else None)
    return found


def _collect(record: dict[str, Any], kommun: str,
             found: dict[tuple[str, int], float | None]) -> None:
    if record.get("isdeleted") or str(record.get("municipality", kommun)) != kommun:
        return
    try:
        key = (str(record["kpi"]), int(record["period"]))
    except (KeyError, TypeError, ValueError):
        return
    for value in record.get("values") or []:
        if isinstance(value, dict) and value.get("isdeleted"):
            continue  # v3 marks a withdrawn value as well as a withdrawn record
        if isinstance(value, dict) and value.get("gender") == TOTAL_GENDER:
            number = value.get("value")
            # null is a missing value (not published, or hidden for small numbers), not 0.
            found[key] = (float(number) if isinstance(number, (int, float))
                          and not isinstance(number, bool) else None)


def _kpi(item: dict[str, Any]) -> Kpi:
    return Kpi(str(item.get("id", "")), str(item.get("title", "")),
               str(item.get("description", "") or ""),
               str(item.get("municipality_type", "") or ""),
               str(item.get("publ_period", "") or ""))
