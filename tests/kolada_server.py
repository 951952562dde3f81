"""A local HTTP server that answers like the Kolada API v3, for the tests (no internet).

It serves `/v3/kpi`, `/v3/kpi/{ids}`, `/v3/municipality`, `/v3/data/kpi/{ids}/municipality/
{id}[/year/{years}]` as `{"values": [...], "count", "next_url", "previous_url"}`, pages its
answers `page_size` items at a time (whatever per_page asks) so that clients must follow
next_url, and can answer 503 a number of times, or slowly, for a path, or hand a path to a
function that writes whatever raw bytes a hostile server would (`raw`). It refuses more than
25 ids or years in one path segment and per_page above 5000, as the API does.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit


@dataclass
class FakeKolada:
    kpis: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> title, description
    municipalities: list[dict[str, str]] = field(default_factory=list)
    # (kpi, kommun, year) -> value; None is listed as null. Absent: not listed at all.
    data: dict[tuple[str, str, int], float | None] = field(default_factory=dict)
    page_size: int = 2
    fail: dict[str, int] = field(default_factory=dict)  # path part -> 503s still to give
    slow: dict[str, float] = field(default_factory=dict)  # path part -> seconds of delay
    # path part -> writes the whole answer itself (status line, headers, body) to the handler
    raw: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)  # every path?query asked
    url: str = ""  # the base address, ".../v3"
    # (kpi, kommun, year) whose total (T) value v3 marks withdrawn: {"isdeleted": true}
    deleted_values: set[tuple[str, str, int]] = field(default_factory=set)
    # (kpi, kommun, year) -> (K, M): the values by gender; absent: 1.0 and 2.0
    genders: dict[tuple[str, str, int], tuple[float | None, float | None]] = field(
        default_factory=dict)

    # --- answers --------------------------------------------------------------------------
    def items(self, path: str, query: dict[str, str]) -> list[dict[str, Any]] | None:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts[:1] != ["v3"]:
            return None
        parts = parts[1:]
        if parts == ["kpi"]:
            text = query.get("title", "").lower()
            return [{"id": k, **meta} for k, meta in sorted(self.kpis.items())
                    if text in meta["title"].lower()]
        if len(parts) == 2 and parts[0] == "kpi":
            return [{"id": k, **self.kpis[k]} for k in parts[1].split(",") if k in self.kpis]
        if parts == ["municipality"]:
            text = query.get("title", "").lower()
            return [m for m in self.municipalities if text in m["title"].lower()]
        if len(parts) in (5, 7) and parts[:2] == ["data", "kpi"] and parts[3] == "municipality":
            return None if len(parts) == 7 and parts[5] != "year" else self._data(parts)
        return None

    def _data(self, parts: list[str]) -> list[dict[str, Any]]:
        ids = parts[2].split(",")
        kommun = parts[4]
        years = {int(y) for y in parts[6].split(",")} if len(parts) == 7 else None
        records = []
        for (kpi, muni, year), value in sorted(self.data.items(),
                                               key=lambda item: (item[0][0], item[0][2])):
            if kpi in ids and muni in kommun.split(",") and (years is None or year in years):
                women, men = self.genders.get((kpi, muni, year), (1.0, 2.0))
                total = {"gender": "T", "status": "", "value": value, "count": 1}
                if (kpi, muni, year) in self.deleted_values:
                    total["isdeleted"] = True
                records.append({"kpi": kpi, "municipality": muni, "period": year,
                                "values": [
                                    {"gender": "K", "status": "", "value": women, "count": 1},
                                    total,
                                    {"gender": "M", "status": "", "value": men, "count": 1}]})
        return records

    @staticmethod
    def too_long(path: str) -> bool:
        return any(len(part.split(",")) > 25 for part in path.split("/"))

    def page(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any] | None]:
        if self.too_long(path) or int(query.get("per_page", "100")) > 5000:
            return 400, None
        items = self.items(path, query)
        if items is None:
            return 404, None
        number = int(query.get("page", "1"))
        start = (number - 1) * self.page_size
        chunk = items[start:start + self.page_size]
        base = self.url.rsplit("/v3", 1)[0] + path

        def link(page: int) -> str:
            return base + "?" + urlencode({**query, "page": page})

        return 200, {"values": chunk, "count": len(chunk),
                     "next_url": link(number + 1) if start + self.page_size < len(items) else "",
                     "previous_url": link(number - 1) if number > 1 else ""}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeKolada

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        fake = self.server.fake  # type: ignore[attr-defined]
        fake.requests.append(self.path)
        for part, write in fake.raw.items():
            if part in split.path:
                try:
                    write(self)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass
                return
        for part, delay in fake.slow.items():
            if part in split.path:
                time.sleep(delay)
        for part, remaining in fake.fail.items():
            if part in split.path and remaining > 0:
                fake.fail[part] = remaining - 1
                self._send(503, b'{"error": "busy"}')
                return
        query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        status, body = fake.page(split.path, query)
        self._send(status, json.dumps(body or {"error": status}, ensure_ascii=False)
                   .encode("utf-8"))

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")  # no charset, as Kolada
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server:
    """`with Server(fake) as url:` serves `fake` on 127.0.0.1 at a free port."""

    def __init__(self, fake: FakeKolada):
        self.fake = fake
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = fake  # type: ignore[attr-defined]
        fake.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"
        # shutdown() waits for the serving loop's next look (every 0,5 s by default): a
        # short interval ends each `with Server(...)` at once instead of half a second on.
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return self.fake.url

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
