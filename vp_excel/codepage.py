"""Every character vp-excel prints survives the console's code page.

On Windows, output to a file or a pipe is written in the ANSI code page (cp1252) and a
console may use the OEM one (cp850); neither has "≤" or "−", and Python would stop with a
UnicodeEncodeError mid-report. What a code page lacks is written the way a person would type
it ("≤" as "<=", "−" as "-"); anything else unknown becomes "?". Characters the code page has
(å, ä, ö, "–" in cp1252) are written as they are.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

HANDLER = "vp-excel-plain"
PLAIN = {
    "≤": "<=", "≥": ">=", "≠": "!=", "−": "-", "–": "-", "—": "-", "‑": "-", "→": "->",
    "←": "<-", "×": "x", "…": "...", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "•": "*", "✓": "v", "✔": "v", "✗": "x",
    "€": "EUR", "²": "2", "³": "3", "½": "1/2", "°": " grader",
    "↑": "^", "↓": "v",  # the trend's arrows; the word beside them says it in full
}


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(PLAIN.get(c, "?") for c in bad), error.end


codecs.register_error(HANDLER, _plain)


def plain_text(text: str, encoding: str) -> str:
    """`text` as it will reach a console in `encoding` (for tests and messages)."""
    return text.encode(encoding, HANDLER).decode(encoding)


def make_streams_safe(*streams: TextIO) -> None:
    """Make stdout and stderr (or `streams`) replace what their encoding lacks instead of
    failing. UTF-8 streams are left alone: they can write everything."""
    for stream in streams or (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors=HANDLER)
        except (ValueError, OSError):  # a closed or detached stream: nothing to print on
            pass
