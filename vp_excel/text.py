"""Text cleaning in one place: cell text made clean and safe for XML (`clean_text`, `xml_safe`),
bullet lists split into items and joined again, and the one normalisation family (`normalize`)
behind every loose comparison and file name: `header_key`, `name_key`, `words_key`, `slug`;
lengths as Excel counts them, in UTF-16 units."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Excel escapes characters XML cannot hold as _xHHHH_; openpyxl leaves some of them in place.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 forbids: C0 controls but tab, newline and carriage return; lone surrogates;
# U+FFFE/U+FFFF.
# The one copy of this pattern: the Word writer's XML layer uses it through `xml_safe`.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_CELL_CHARS = 32767  # Excel's limit for one cell, in UTF-16 units as all of Excel's limits
# The marks staff begin a list item with (schema.py re-exports them with the workbook format).
BULLETS = ("•", "-", "–", "—", "*", "·", "▪", "◦")


def _unescape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    # A vertical tab (Alt+Enter in old Excel versions) or other control is a line break.
    return "\n" if char in "\x0b\x0c\r" else char


def _as_text(value: object) -> str:
    """A date as a person reads it ("2025-08-31", a header "per 31 aug" typed as a date), not
    Python's "2025-08-31 00:00:00"."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


def clean_text(value: object) -> str:
    """Cell content as clean text: escapes decoded, XML-illegal characters dropped, trimmed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else _as_text(value)
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


# --- normalisation: one family, four uses --------------------------------------------------

# Anything but a letter or digit separates words.
NOT_WORD = re.compile(r"[\W_]+")
# What separates words in a header: only spacing and the punctuation staff put in headers, so
# a "%" or "#" still tells two headers apart.
HEADER_GAPS = re.compile(r"[\s\u00a0_:.\-–—/()]+")


# Invisible characters (Unicode's format class) that a copy from the web or Word leaves in a
# name: zero-width spaces and joiners, soft hyphens, direction marks, a byte-order mark.
_FORMAT_CHARACTERS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                                "\u2066-\u206f\ufeff]")


def unfold_look_alikes(text: str) -> str:
    """`text` with compatibility forms folded (NFKC: a full-width "Ｋ" is K, a no-break space
    a space) and invisible format characters dropped; case, words and punctuation kept."""
    return _FORMAT_CHARACTERS.sub("", unicodedata.normalize("NFKC", text))


def normalize(text: object, gaps: re.Pattern[str] = NOT_WORD, joiner: str = " ",
              casefold: bool = True, look_alike: bool = False) -> str:
    """The one text normalisation: composed (NFC, so a decomposed å is å), lower case
    (`casefold` for comparing names: ß is ss), every run of `gaps` one `joiner`, trimmed.
    `look_alike` (names matched between workbooks) folds compatibility forms too (NFKC: a
    full-width "Ｋ" is K, a ligature "ﬁ" is fi, a no-break space a space) and drops
    invisible format characters (a zero-width space, a soft hyphen)."""
    if text is None:
        return ""
    if look_alike:
        text = unfold_look_alikes(str(text))
    composed = unicodedata.normalize("NFC", str(text))
    folded = composed.casefold() if casefold else composed.lower()
    return gaps.sub(joiner, folded).strip(joiner or None)


def header_key(text: object) -> str:
    """A header compared loosely: "Utfall T1:" and "utfall  t1" are one header; Ö/Ä kept."""
    return normalize(text, HEADER_GAPS, casefold=False).strip()


def name_key(text: str) -> str:
    """A name compared across workbooks: "Välkomnande och attraktiv bygd." ->
    "välkomnandeochattraktivbygd" (case, spaces, punctuation and look-alike letters such as
    a full-width "Ｋ" do not matter)."""
    return normalize(text, joiner="", look_alike=True)


def words_key(text: str) -> str:
    """Lower case, single spaces, no punctuation, look-alike letters folded: for finding
    phrases inside a name."""
    return normalize(text, look_alike=True)


def slug(text: str, fallback: str = "period") -> str:
    """A file-name part that reads right in Swedish: "Delår 2 2025" -> "delår-2-2025".

    Letters stay letters (composed, NFC, so å is one character on every file system);
    anything else between them becomes one hyphen. `fallback` for a text of no letters or
    digits ("!!!")."""
    return normalize(text, joiner="-", casefold=False) or fallback


# --- lengths as Excel counts them -------------------------------------------------------------


def utf16_len(text: str) -> int:
    """`text`'s length as Excel counts it, in UTF-16 code units: a character past U+FFFF (an
    emoji, 𝔸) is two."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_pieces(text: str, limit: int, doubled: str = "") -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units each, never splitting a character;
    characters in `doubled` count twice (a quote written "" in a formula). [""] for ""."""
    pieces: list[str] = []
    start = units = 0
    for i, char in enumerate(text):
        size = (2 if ord(char) > 0xFFFF else 1) * (2 if char in doubled else 1)
        if units + size > limit:
            pieces.append(text[start:i])
            start, units = i, 0
        units += size
    pieces.append(text[start:])
    return pieces


def utf16_cut(text: str, limit: int) -> str:
    """The longest start of `text` of at most `limit` UTF-16 units."""
    if len(text) * 2 <= limit:  # every cell of a plan but a whole book: nothing to count
        return text
    return utf16_pieces(text[:limit], limit)[0]  # no more characters than units: look no further


# Symbol fonts show a letter as a sign: a trend arrow typed as Wingdings "é" is "↑" on the
# screen, a status as Wingdings "J" a smiley. Read as the sign shown, never as the letter.
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "wingdings": str.maketrans({
        "J": "☺", "K": "😐", "L": "☹", "l": "●", "n": "■", "¡": "○", "ü": "✔", "û": "✖",
        "ç": "←", "è": "→", "é": "↑", "ê": "↓", "ë": "↖", "ì": "↗", "í": "↙", "î": "↘"}),
    "wingdings 3": str.maketrans({
        "f": "←", "g": "→", "h": "↑", "i": "↓", "j": "↖", "k": "↗", "l": "↙", "m": "↘",
        "p": "▲", "q": "▼"}),
}


def symbol_font(name: str) -> dict[int, str] | None:
    """The signs a symbol font shows for its letters, by the font's name; None for a font of
    letters."""
    return _SYMBOL_FONTS.get(" ".join(name.lower().split()))
