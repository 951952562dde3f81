"""Kolada's answers on disk: one small JSON file per KPI, kommun and year, with its fetch time.

Lives in the user's cache directory (platformdirs: ~/.cache/vp-excel/kolada on Linux,
%LOCALAPPDATA%\\vp-excel\\Cache\\kolada on Windows), or in VP_EXCEL_CACHE_DIR when that is set
(the tests use it). A missing value (Kolada has none, or null) is kept too, so `--offline`
knows it was asked. Files are written whole (temporary file, then rename); a cache that
cannot be written never stops a build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import os_reason

CACHE_ENV = "VP_EXCEL_CACHE_DIR"
FRESH_FOR = dt.timedelta(hours=24)  # a value fetched since then is used without asking again
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
# Names Windows gives to devices, whatever the extension ("nul.json" is the device NUL).
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


@dataclass(frozen=True)
class Cached:
    """One KPI value for one kommun and year: None when Kolada had no value."""

    value: float | None
    fetched: dt.datetime  # aware, UTC

    @property
    def fetched_date(self) -> dt.date:
        return self.fetched.astimezone().date()

    def is_fresh(self, now: dt.datetime | None = None) -> bool:
        return (now or now_utc()) - self.fetched < FRESH_FOR


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def default_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vp-excel", appauthor=False)) / "kolada"


def _part(text: str) -> str:
    """A file-name part: safe characters only, short, and one per text. A name that had to
    change (a character replaced, too long for the file system, a Windows device name such as
    CON) keeps its start and gets a hash of the whole: "Håbo" and "Hébo" must not share a
    file, nor may 300 characters pass the file system's limit."""
    stripped = text.strip()
    safe = _SAFE.sub("_", stripped) or "_"
    if safe == stripped and len(safe) <= 100 and not _DEVICE.match(safe):
        return safe
    import hashlib

    return f"{safe[:80]}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


class KoladaCache:
    def __init__(self, root: Path | None = None):
        self.root = root or default_dir()
        self.write_failed: str = ""  # the first reason a file could not be written
        self.read_failed: str = ""  # the first reason a saved file could not be read
        # Saved files there but of no use (unreadable, not JSON, or not an entry's shape):
        # said as such, never as "not saved".
        self.unusable: set[Path] = set()

    # --- values ---------------------------------------------------------------------------
    def value_path(self, kpi: str, kommun: str, year: int) -> Path:
        return self.root / "values" / _part(kommun) / _part(kpi) / f"{int(year)}.json"

    def get_value(self, kpi: str, kommun: str, year: int) -> Cached | None:
        path = self.value_path(kpi, kommun, year)
        data = self._read(path)
        if data is None:
            return None
        try:
            fetched = dt.datetime.fromisoformat(str(data["fetched"]))
            value = data["value"]
            if fetched.tzinfo is None:
                fetched = fetched.replace(tzinfo=dt.UTC)
            if isinstance(value, float) and not math.isfinite(value):
                return None  # a NaN an older version kept: as if never fetched
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, (int, float))):
                raise TypeError(value)
        except (KeyError, ValueError, TypeError):
            self._damaged(path)
            return None
        return Cached(None if value is None else float(value), fetched)

    def put_value(self, kpi: str, kommun: str, year: int, entry: Cached) -> None:
        self._write(self.value_path(kpi, kommun, year),
                    {"kpi": kpi, "municipality": kommun, "year": int(year), "gender": "T",
                     "value": entry.value, "fetched": entry.fetched.isoformat()})

    # --- values by gender (T, K, M), for riket, län, a comparison group and K/M -----------
    def _genders_path(self, kpi: str, municipality: str, year: int) -> Path:
        return self.root / "genders" / _part(municipality) / _part(kpi) / f"{int(year)}.json"

    def get_genders(self, kpi: str, municipality: str, year: int
                    ) -> tuple[dict[str, float | None], dt.datetime] | None:
        path = self._genders_path(kpi, municipality, year)
        data = self._read(path)
        if data is None:
            return None
        try:
            fetched = dt.datetime.fromisoformat(str(data["fetched"]))
            values = {str(g): (None if v is None else float(v))
                      for g, v in dict(data["values"]).items()
                      if v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))}
        except (KeyError, ValueError, TypeError):
            self._damaged(path)
            return None
        return values, fetched if fetched.tzinfo else fetched.replace(tzinfo=dt.UTC)

    def put_genders(self, kpi: str, municipality: str, year: int,
                    values: dict[str, float | None], fetched: dt.datetime) -> None:
        self._write(self._genders_path(kpi, municipality, year),
                    {"kpi": kpi, "municipality": municipality, "year": int(year),
                     "values": values, "fetched": fetched.isoformat()})

    # --- metadata: which KPIs exist, kommun codes by name ---------------------------------
    def get_kpi(self, kpi: str) -> dict[str, Any] | None:
        return self._read(self.root / "kpi" / f"{_part(kpi)}.json")

    def put_kpi(self, kpi: str, exists: bool, title: str = "") -> None:
        self._write(self.root / "kpi" / f"{_part(kpi)}.json",
                    {"id": kpi, "exists": exists, "title": title,
                     "fetched": now_utc().isoformat()})

    def get_kommun(self, name: str) -> dict[str, Any] | None:
        return self._read(self.root / "municipality" / f"{_part(name.lower())}.json")

    def put_kommun(self, name: str, code: str, title: str) -> None:
        self._write(self.root / "municipality" / f"{_part(name.lower())}.json",
                    {"name": name, "id": code, "title": title,
                     "fetched": now_utc().isoformat()})

    # --- files ----------------------------------------------------------------------------
    def _read(self, path: Path) -> dict[str, Any] | None:
        """A saved answer; None when absent, unreadable or damaged (as if never fetched), the
        first reason kept in Swedish (`read_failed`) unless the file is simply not there."""
        try:
            # Only a regular file of a cache entry's size: one replaced by a pipe never ended,
            # by a link to /dev/zero never stopped growing.
            with open(path, "rb", opener=_no_blocking) as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    self._unusable(path, f"ingen vanlig fil: {path}")
                    return None
                raw = stream.read(MAX_ENTRY_BYTES + 1)
            if len(raw) > MAX_ENTRY_BYTES:
                self._unusable(path, f"filen är för stor: {path}")
                return None
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._unusable(path, f"{os_reason(exc)}: {path}")
            return None
        except (ValueError, RecursionError):  # cut short, not JSON, or nested too deep
            self._damaged(path)
            return None
        if isinstance(data, dict):
            return data
        self._damaged(path)
        return None

    def _damaged(self, path: Path) -> None:
        """A saved file that is not an entry (cut short, changed by hand): damaged."""
        self._unusable(path, f"filen är skadad: {path}")

    def _unusable(self, path: Path, reason: str) -> None:
        self.read_failed = self.read_failed or reason
        self.unusable.add(path)

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, ensure_ascii=False, allow_nan=False)
            os.replace(temp, path)
            temp = None
        except ValueError:  # a NaN: never kept (allow_nan=False refused it)
            pass
        except OSError as exc:
            self.write_failed = self.write_failed or f"{os_reason(exc)}: {path.parent}"
        finally:
            if temp:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


MAX_ENTRY_BYTES = 1_048_576  # one kpi, kommun and year: a few hundred bytes


def _no_blocking(path: str, flags: int) -> int:
    """Open without waiting for a writer (a pipe put where a cache file was)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


