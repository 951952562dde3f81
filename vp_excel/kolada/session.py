"""The HTTP session the Kolada client uses: a few retries with backoff on 429 and 5xx
(urllib3's Retry, Retry-After capped), the environment's proxies, and the system's certificate
store (truststore) unless REQUESTS_CA_BUNDLE names a bundle."""

from __future__ import annotations

import os
import ssl
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

MAX_RETRY_AFTER = 10.0  # seconds; a server asking for more is treated as not answering
RETRY_STATUSES = (429, 500, 502, 503, 504)


class _CappedRetry(Retry):
    """urllib3's Retry with Retry-After capped: a server cannot make the client sleep for
    a day."""

    def parse_retry_after(self, retry_after: str) -> float:
        return min(super().parse_retry_after(retry_after), MAX_RETRY_AFTER)


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
    retry = _CappedRetry(total=retries, connect=retries, read=min(retries, 1), status=retries,
                  backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
                         allowed_methods=frozenset({"GET"}),
                         respect_retry_after_header=True, raise_on_status=False)
    session = requests.Session()
    context = _system_context()
    adapter = (_SystemTrustAdapter(context, max_retries=retry) if context
               else HTTPAdapter(max_retries=retry))
    session.mount("https://", adapter)
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.headers.update({"Accept": "application/json", "User-Agent": "vp-excel"})
    return session
