"""The published view of a folder: `index.html` with one line per verksamhet (its document,
period, status counts and a link to its page), the roll-up's page at the top when it has
been built into the same folder. Entries are plain data, so a build's worker process can
send its own back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...inputs import ROLLUP_INFIX
from ...reproducible import today
from ...schema import GREEN, NOT_ASSESSED, RED, YELLOW
from ...text import clean_text
from ..docx.kinds import document_kind, document_title
from .render import render

INDEX_NAME = "index.html"
COUNTED = (GREEN, YELLOW, RED, NOT_ASSESSED)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def index_entry(result: Any, page: Path, kind: str | None = None) -> dict[str, Any]:
    """What the index says of one built workbook (`api.BuildResult`) and its page."""
    evaluation = result.check.evaluation
    settings = evaluation.plan.settings
    summary = evaluation.summary()
    period = evaluation.plan.period(evaluation.period)
    kind = kind or document_kind(evaluation.plan, period)
    return {"kommun": clean_text(settings.kommun),
            "verksamhet": clean_text(settings.verksamhet) or page.stem,
            "title": document_title(evaluation.plan, period, kind),
            "period": clean_text(evaluation.period),
            "href": relative_href(page.name),
            "counts": [summary.counts[status] for status in COUNTED]}


# Characters a relative link cannot hold as they are: "#" and "?" would end the path,
# "%" start an escape, ":" make "javascript:…" a scheme, and spaces, quotes and controls.
_NOT_IN_HREF = re.compile(r"[%#?:\\\"'<>`\s\x00-\x1f\x7f-\x9f]")


def relative_href(name: str) -> str:
    """A file name beside the page as a relative link that leads to that file (a name of
    the workbook's own, such as "plan #2.xlsx" or "javascript:x.xlsx", is just a name)."""
    return _NOT_IN_HREF.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), name)


def _rollup_pages(folder: Path) -> list[tuple[str, str]]:
    """(title, file name) of each roll-up page in the folder, read from its <title>."""
    import html

    pages = []
    for page in sorted(folder.glob(f"*{ROLLUP_INFIX}*.html")):
        try:
            head = page.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        found = _TITLE.search(head)
        pages.append((html.unescape(found.group(1)) if found else page.stem,
                      relative_href(page.name)))
    return pages


def write_index(entries: list[dict[str, Any]], path: str | Path, folder: str | Path
                ) -> list[str]:
    """Write the index of `entries` to `path` (the atomic temp of `folder`/index.html)."""
    kommuner = list(dict.fromkeys(e["kommun"] for e in entries if e["kommun"]))
    kommun = ", ".join(kommuner)
    title = (f"{kommun}: verksamhetsplaner och uppföljning" if kommun
             else "Verksamhetsplaner och uppföljning")
    date = today().isoformat()
    render("index.html.j2", path, lang="sv", title=title, date=date,
           description="Verksamheternas planer och uppföljning med status per KS-mål",
           header={"kommun": kommun, "verksamhet": "", "short_title": "Publicerade rapporter",
                   "date": date,
                   "dnr": "", "logo": "", "logo_alt": ""},
           rollups=_rollup_pages(Path(folder)),
           entries=sorted(entries, key=lambda e: e["verksamhet"].casefold()),
           statuses=COUNTED)
    return []
