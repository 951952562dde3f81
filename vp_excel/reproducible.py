"""Reproducible outputs: with SOURCE_DATE_EPOCH set (the reproducible-builds convention: whole
seconds since 1970-01-01 UTC), every timestamp vp-excel writes comes from it: the files'
properties (created, modified), the report date a Word report shows when the workbook gives
none, and the time of every entry in the .xlsx and .docx zip packages. Two builds of the same
workbook are then byte-identical. Without it the clock is used, as before.

Writers ask `now()` and `today()`; `atomic.atomic_outputs` stamps each finished zip package
with `stamp_zip`, so no writer has to know how its library zips."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from .errors import VpExcelError

VARIABLE = "SOURCE_DATE_EPOCH"
_ZIP_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # a zip entry cannot be older


class BadSourceDateEpoch(VpExcelError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when it is not set (or empty)."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        # The convention: a malformed value stops the build rather than be ignored.
        raise BadSourceDateEpoch(
            f'miljövariabeln {VARIABLE} ska vara ett heltal (sekunder sedan 1970-01-01 UTC), '
            f'inte "{value}". Rätta den eller ta bort den.') from None


def now() -> dt.datetime:
    """The time to write into a file (UTC, whole seconds): SOURCE_DATE_EPOCH or the clock."""
    return source_date_epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    """Today's date for a file's content: SOURCE_DATE_EPOCH's date (UTC) or the clock's."""
    fixed = source_date_epoch()
    return fixed.date() if fixed is not None else dt.date.today()


def stamp_zip(path: Path) -> None:
    """Give every entry of the zip package at `path` SOURCE_DATE_EPOCH's time (1980 at the
    earliest, as zip cannot say older), content, order and compression unchanged. Does
    nothing without SOURCE_DATE_EPOCH or for a file that is not a zip (a CSV)."""
    fixed = source_date_epoch()
    if fixed is None or not zipfile.is_zipfile(path):
        return
    stamp = max(fixed, _ZIP_EARLIEST).timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = 0  # MS-DOS, as Office writes, whichever system built it
            target.writestr(entry, data)
