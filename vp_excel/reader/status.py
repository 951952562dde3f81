"""A status cell as staff fill it in: a word (GRÖN, Uppfyllt, Delvis uppfyllt, Ja/Nej under an
"Uppfyllt Ja/Nej" header), a phrase read by its grammar ("Målet bedöms nås delvis.", "Uppnått i
hög grad"), a symbol or emoji (😊 😐 😒, ● ▲ ■, also with a footnote after it), or only a fill
colour; "-" is no colour. The kommun's own mapping (reader/mapping.py) wins over all of these.
The word wins over the colour; a disagreement or a colour that is no status is a warning by
cell, a scale level read by default is a note."""

from __future__ import annotations

from .. import schema
from .cells import CellReader
from .classify import is_no_status, status_phrase, status_word  # noqa: F401 - status_word here too
from .colours import describe, fill_rgb, status_of_rgb
from .grid import Sheet
from .mapping import WHERE_TO_WRITE, KommunMapping, mapping_line
from .problems import short

NO_MAPPING = KommunMapping()


def _guessed_level(text: str) -> str:
    """The scale level a phrase was read at when check should say so ("hög", "låg")."""
    words = " ".join(text.split()).lower()
    if words in schema.STATUS_SYNONYMS or words in schema.STATUS_WORDS:
        return ""
    phrase = status_phrase(words)
    return phrase[1] if phrase and phrase[1] in schema.GUESSED_LEVELS else ""


def read_status(sheet: Sheet, r: int, col: int | None, cells: CellReader,
                theme: list[str], what: str, yes_no: bool = False,
                colours: bool = True, mapping: KommunMapping = NO_MAPPING,
                background: str | None = None) -> tuple[str, str]:
    """(status, how) with how "ord" or "färg"; ("", "") when the cell says nothing."""
    if col is None:
        return "", ""
    text = cells.text(sheet, r, col)
    if not text and not colours:
        return "", ""
    coordinate = sheet.cell(r, col).coordinate
    if text:
        mapped = mapping.status(text)
        if mapped is not None:
            return (mapped, "ord") if mapped else ("", "")
        if is_no_status(text):
            return "", ""
    colour = None
    rgb = fill_rgb(sheet.fill(r, col), theme) if colours else None
    if rgb is not None and rgb == background:
        rgb = None  # the table's own fill, as under its header: no status
    if rgb is not None:
        colour = status_of_rgb(rgb)
    word = status_word(text, yes_no) if text else None
    if text and word is None and not yes_no:
        # "Ja"/"Nej" under a header that asks no question ("Bedömning", "Status") still answer
        # whether the goal is met; read so, and said once, since the header does not say it.
        word = status_word(text, True)
        if word is not None:
            answer = " ".join(text.split())
            cells.problems.note_once(
                f"status {answer.lower()}",
                f'{sheet.title}!{coordinate}: "{answer}" läst som {word} (svaret på om målet '
                f'är uppfyllt; en annan status: raden "{mapping_line(answer, schema.YELLOW)}" '
                f"{WHERE_TO_WRITE})")
    if text and word is None:
        answer = " ".join(text.split())
        word = schema.PROGRESS_STATUS.get(
            schema.ACTIVITY_STATUS_SYNONYMS.get(answer.lower(), ""))
        if word is not None:  # "Pågår": how far the work is, the nearest status, said once
            other = schema.GREEN if word != schema.GREEN else schema.YELLOW
            cells.problems.note_once(
                f"status {answer.lower()}",
                f'{sheet.title}!{coordinate}: "{answer}" läst som {word} (arbetets läge; en '
                f'annan status: raden "{mapping_line(answer, other)}" {WHERE_TO_WRITE})')
    if text and word is None:
        words = " ".join(text.split())
        # A short word may be the kommun's own status word: say the line that maps it.
        hint = (f' Är det en status: skriv raden "{mapping_line(words, schema.GREEN)}" (eller '
                f"GUL, RÖD) {WHERE_TO_WRITE}." if len(words.split()) <= 8 else "")
        cells.problems.error(f'{what} "{short(text)}" är okänd. Tillåtna värden: '
                             + ", ".join(schema.STATUSES) + " (eller Uppfyllt, Delvis uppfyllt, "
                             "Ej uppfyllt, eller en färg)." + hint, sheet.title, coordinate)
        return "", ""
    level = _guessed_level(text) if word is not None else ""
    if level and word is not None:
        phrase = " ".join(text.split())
        other = schema.YELLOW if word != schema.YELLOW else schema.GREEN
        cells.problems.note_once(
            f"status {phrase.lower()}",
            f'{sheet.title}!{coordinate}: "{phrase}" läst som {word} (skalans standard; '
            f'en annan status: raden "{mapping_line(phrase, other)}" {WHERE_TO_WRITE})')
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

