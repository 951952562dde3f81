"""Text cleaning in one place: cell text made clean and safe for XML (`clean_text`, `xml_safe`),
formula-like text spotted, bullet lists split into items and joined again."""

from __future__ import annotations

import re

from .schema import BULLETS

# Excel escapes characters XML cannot hold as _xHHHH_; openpyxl leaves some of them in place.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 forbids: C0 controls but tab, newline and carriage return; lone surrogates;
# U+FFFE/U+FFFF.
# The one copy of this pattern: the Word writer's XML layer uses it through `xml_safe`.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@")
MAX_CELL_CHARS = 32767  # Excel's limit for one cell


def _unescape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    # A vertical tab (Alt+Enter in old Excel versions) or other control is a line break.
    return "\n" if char in "\x0b\x0c\r" else char


def clean_text(value: object) -> str:
    """Cell content as clean text: escapes decoded, XML-illegal characters dropped, trimmed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "_x" in text:  # the common case has no escape: skip the regex
        text = _EXCEL_ESCAPE.sub(_unescape, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if XML_ILLEGAL.search(text):
        text = text.replace("\x0b", "\n").replace("\x0c", "\n")
        if _SURROGATE.search(text):
            # An emoji escaped as two halves (_xD83D__xDE00_) is one character again; only
            # halves without a partner are dropped.
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        text = XML_ILLEGAL.sub("", text)
    return text.strip()


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold: the last line of defence in the
    Word writer, so a stray character can never make the file unreadable."""
    return XML_ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    """Text that a spreadsheet would take for a formula if written as-is."""
    stripped = text.lstrip()
    return stripped.startswith(_FORMULA_START) or (stripped.startswith("{") and "=" in stripped[:2])


def split_bullets(text: str) -> list[str]:
    """A cell of bullet lines ("• a\\n• b") as items; a line without a bullet continues the item
    above when the cell uses bullets, and is its own item when it does not."""
    lines = [line.strip() for line in clean_text(text).split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return []
    uses_bullets = any(line.startswith(BULLETS) for line in lines)
    if not uses_bullets:
        return lines
    items: list[str] = []
    for line in lines:
        if line.startswith(BULLETS):
            item = line[1:].strip()
            if item:
                items.append(item)
        elif items:
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return items


def join_bullets(items: list[str]) -> str:
    """Items as a bullet cell, the way the plan writes them."""
    return "\n".join(f"• {item}" for item in items)
