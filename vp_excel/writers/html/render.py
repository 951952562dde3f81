"""The HTML writers' shared parts: the Jinja2 environment (autoescaping on: the kommun's words
are text, never markup), status classes, the logo as a data: URI, and the atomic-friendly
write of a rendered page."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ...model import Plan
from ...paths import settings_file, small_plain_file
from ...schema import GREEN, NOT_ASSESSED, RED, YELLOW
from ...text import clean_text
from ..logo import logo_refusal

T = TypeVar("T")
LANGUAGE = "sv"
STATUS_CLASS = {GREEN: "gron", YELLOW: "gul", RED: "rod", NOT_ASSESSED: "ej"}
# Only formats every browser shows; the page must make no request, so the bytes go inline.
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


_NO_SHARE = "(-%)"  # a zero share as the plan writes it (swedish.format_percent)


def _line_breaks(value: Any) -> Any:
    """A line break inside a cell of the kommun's table stays one on the page (as in the Word
    report: "Antalet e-tjänster ökar" above "Digitala lösningar …"), the words escaped. A
    zero share "(-%)" is kept on one line: a browser may break after its hyphen, and a phone
    showed "0 GUL (-" above "%)"."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    if "\n" in value:
        value = Markup("<br>").join(escape(line) for line in value.split("\n"))
    if _NO_SHARE in value:
        value = escape(value).replace(_NO_SHARE, Markup(f'<span class="nw">{_NO_SHARE}</span>'))
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("vp_excel.writers.html", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      finalize=_line_breaks)
    env.filters["status_class"] = lambda status: STATUS_CLASS.get(status, "ej")
    return env


class Lazy(Generic[T]):
    """A part of the page made while the page is written (`make` runs at each iteration), so
    a region's plan is never held as a page whole; true when it has an item."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterator[T]]):
        self._make = make

    def __iter__(self) -> Iterator[T]:
        return self._make()

    def __bool__(self) -> bool:
        return next(self._make(), None) is not None


def render(template: str, path: str | Path, **values: Any) -> None:
    """Render `template` with `values` into `path` as UTF-8 (the path is the atomic temp),
    piece by piece: the same bytes as rendering to one string, without holding it."""
    pieces = environment().get_template(template).generate(**values)
    with open(path, "w", encoding="utf-8", newline="\n") as page:
        page.writelines(pieces)


def logo_uri(plan: Plan, warnings: list[str]) -> str:
    """The logo named in the settings as a data: URI ("" without one). A missing or unknown
    file is a warning, as in the Word report, and the page goes on without it."""
    name = clean_text(plan.settings.logo)
    if not name:
        return ""
    path = settings_file(name, plan.source_file)
    mime = _IMAGE_TYPES.get(path.suffix.lower())
    try:
        data = path.read_bytes() if mime and small_plain_file(path) else b""
    except OSError:
        data = b""
    if not data:
        warnings.append(f"Logotypen {name} kunde inte bäddas in i webbsidan (sökt som {path}); "
                        "sidan visas utan logotyp.")
        return ""
    refusal = logo_refusal(name, data, path.suffix)
    if refusal:
        warnings.append(f"{refusal} Sidan visas utan logotyp.")
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
