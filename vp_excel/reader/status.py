"""A status cell as staff fill it in: a word (GRÖN, Uppfyllt, Delvis uppfyllt, Ja/Nej under an
"Uppfyllt Ja/Nej" header), a symbol or emoji (😊 😐 😒, ● ▲ ■, also with a footnote after it),
or only a fill colour. The word wins over the colour; a disagreement or a colour that is no
status is a warning by cell."""

from __future__ import annotations

from .. import schema
from .cells import CellReader
from .colours import describe, fill_rgb, status_of_rgb
from .grid import Sheet
from .problems import short


def status_word(text: str, yes_no: bool = False) -> str | None:
    """GRÖN, GUL or RÖD for a status word or symbol; None when it is none of them."""
    words = " ".join(text.split()).lower()
    if not words:
        return None
    if words in schema.STATUS_SYNONYMS:
        return schema.STATUS_SYNONYMS[words]
    if words in schema.STATUS_WORDS:
        return schema.STATUS_WORDS[words]
    if yes_no and words.rstrip(".") in ("ja", "nej"):
        return schema.GREEN if words.startswith("ja") else schema.RED
    first = words[0]
    if first in schema.STATUS_SYMBOLS:  # a symbol, perhaps with a footnote after it
        return schema.STATUS_SYMBOLS[first]
    head = words.split()[0].rstrip(".,;:*")
    if head in schema.STATUS_SYNONYMS and len(words.split()) <= 3:
        return schema.STATUS_SYNONYMS[head]
    return None


def read_status(sheet: Sheet, r: int, col: int | None, cells: CellReader,
                theme: list[str], what: str, yes_no: bool = False,
                colours: bool = True) -> tuple[str, str]:
    """(status, how) with how "ord" or "färg"; ("", "") when the cell says nothing."""
    if col is None:
        return "", ""
    text = cells.text(sheet, r, col)
    if not text and not colours:
        return "", ""
    coordinate = sheet.cell(r, col).coordinate
    colour = None
    rgb = fill_rgb(sheet.fill(r, col), theme) if colours else None
    if rgb is not None:
        colour = status_of_rgb(rgb)
    word = status_word(text, yes_no) if text else None
    if text and word is None:
        cells.problems.error(f'{what} "{short(text)}" är okänd. Tillåtna värden: '
                             + ", ".join(schema.STATUSES) + " (eller Uppfyllt, Delvis uppfyllt, "
                             "Ej uppfyllt, eller en färg).", sheet.title, coordinate)
        return "", ""
    if rgb is not None and colour is None and word is None:
        cells.problems.warn(f"cellens färg {describe(rgb)} är ingen status (grön, gul eller "
                            "röd); den läses inte som status.", sheet.title, coordinate)
    if word is not None:
        if colour is not None and colour != word:
            cells.problems.warn(f"ordet {word} och cellens färg ({colour}) säger olika; ordet "
                                "gäller.", sheet.title, coordinate)
        return word, "ord"
    if colour is not None:
        return colour, "färg"
    return "", ""

