"""Every message that says an input file is damaged or hostile, in one place: the safety
checks' and the reader's (when openpyxl's own parse fails)."""

from __future__ import annotations

import zipfile
import zlib
from xml.etree.ElementTree import ParseError

RESAVE = "Spara arbetsboken på nytt från Excel."

ZIP_UNREADABLE = ("filen är skadad (zip-arkivet går inte att öppna, kanske ofullständigt sparad "
                  "eller nedladdad). " + RESAVE)
ZIP_PART_UNREADABLE = ("filen är skadad (en del av zip-arkivet går inte att packa upp, kanske "
                       "ofullständigt sparad eller nedladdad). " + RESAVE)
ZIP_UNPACKABLE = ("filen är skadad (zip-arkivet går inte att packa upp, kanske ofullständigt "
                  "sparad eller nedladdad). " + RESAVE)
ZIP_FOREIGN_METHOD = ("filen är packad på ett sätt som Excel aldrig använder (en zip-version "
                      "eller komprimering som inte stöds); den är skadad eller ingen riktig "
                      "Excel-arbetsbok. " + RESAVE)
XML_INVALID = ("filen är skadad (en del av arbetsboken är ingen giltig XML). Öppna den i Excel, "
               "som kan reparera den, och spara den på nytt som Excel-arbetsbok (.xlsx).")
XML_HOSTILE = ("arbetsboken innehåller XML-definitioner som Excel aldrig skriver; den vägras "
               "som skydd mot skadliga filer. " + RESAVE)
PART_MISSING = ("filen är skadad (en del som arbetsboken hänvisar till saknas). Öppna den i "
                "Excel och spara den på nytt som Excel-arbetsbok (.xlsx).")
FILE_CHANGED = ("arbetsboken sparades på nytt medan den lästes; läs den igen när den är "
                "sparad.")
CELL_UNREADABLE = ("cellen går inte att läsa: den hänvisar till en text, ett format eller en "
                   "plats som arbetsboken inte har, så filen är skadad. Öppna den i Excel, som "
                   "kan reparera den, och spara den på nytt som Excel-arbetsbok (.xlsx).")


# libxml2's nesting limit (without XML_PARSE_HUGE), which lxml keeps for every part: Excel
# nests a few levels, so a part deeper than this is refused, whichever parser would read it.
MAX_XML_DEPTH = 256


class CellUnreadable(Exception):
    """A cell of a worksheet part that cannot be read (the reader adds its sheet); said as
    CELL_UNREADABLE with the sheet and cell."""

    def __init__(self, cell: str, cause: BaseException, sheet: str = "") -> None:
        super().__init__(f"{sheet}!{cell}: {cause!r}")
        self.cell, self.sheet = cell, sheet


class PartUnreadable(Exception):
    """A part of the workbook that openpyxl or the reader could not parse; said by
    `damage_message` with the part named (and the reader says the `sheet` a part holds)."""

    def __init__(self, part: str, cause: BaseException, sheet: str = "") -> None:
        super().__init__(f"{part}: {cause!r}")
        self.part, self.cause, self.sheet = part, cause, sheet


def rows_out_of_order(sheet: str, row: int, after: int) -> str:
    """A streamed sheet's rows must come in order (Excel writes them so and repairs a file
    where they do not)."""
    return (f"filen är skadad (i bladet {sheet} står rad {row} efter rad {after}; Excel sparar "
            "raderna i ordning). Öppna den i Excel, som kan reparera den, och spara den på nytt "
            "som Excel-arbetsbok (.xlsx).")


def part_invalid_xml(part: str) -> str:
    return f"filen är skadad (delen {part} är ingen giltig XML). " + RESAVE


def part_too_deep(part: str = "") -> str:
    subject = f"delen {part}" if part else "en del av arbetsboken"
    return (f"{subject} är nästlad djupare än {MAX_XML_DEPTH} nivåer, vilket Excel aldrig "
            "skriver; filen vägras som skydd mot skadliga filer. " + RESAVE)


def part_bad_value(part: str) -> str:
    return (f"filen är skadad (delen {part} har ett värde som Excel aldrig skriver, till "
            "exempel en färg, ett tal eller ett namn som inte är giltigt). " + RESAVE)


def part_unparsable(part: str) -> str:
    return (f"filen är skadad (delen {part} har innehåll som inte går att tolka). " + RESAVE)


def too_deep(exc: BaseException) -> bool:
    """Whether a parse failed on nesting: libxml2's depth limit, or Python's recursion
    limit in a parser that walks the tree."""
    return isinstance(exc, RecursionError) or (
        type(exc).__name__ == "XMLSyntaxError" and "depth" in str(exc).lower())


def part_has_dtd(part: str) -> str:
    return (f"delen {part} innehåller en XML-definition (DTD/ENTITY) som Excel aldrig skriver; "
            "filen vägras som skydd mot skadliga filer (XML-bomb). " + RESAVE)


def sheet_part_missing(title: str, part: str) -> str:
    return (f"filen är skadad: bladet {title} finns i arbetsbokens innehållsförteckning men "
            f"själva bladet ({part}) saknas i filen. " + RESAVE)


def sheets_share_a_part(first: str, second: str, part: str) -> str:
    return (f"filen är skadad eller gjord för att lura: bladen {first} och {second} pekar på "
            f"samma del ({part}), vilket Excel aldrig skriver. " + RESAVE)


def part_foreign_packing(part: str) -> str:
    return (f"delen {part} är packad eller krypterad på ett sätt som Excel aldrig använder; "
            "filen är skadad eller ingen riktig Excel-arbetsbok. " + RESAVE)


def other_parts_too_large(part: str, limit: int) -> str:
    from ..swedish import format_decimal

    return (f"arbetsbokens delar utöver bladen (namn, kommentarer, pivottabeller, diagram, "
            f"externa länkar) har fler än {format_decimal(limit)} XML-element (delen {part} "
            "och de före den); arbetsboken vägras som skydd mot skadliga filer. Spara bladen "
            "med planen i en ny arbetsbok.")


DUPLICATE_PART = ("filen är skadad (en del står två gånger i zip-arkivet, och program kan läsa "
                  "olika av dem). " + RESAVE)


# defusedxml's refusals, by class name (openpyxl raises them from inside its parse).
HOSTILE_XML = ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden",
               "NotSupportedError")


def damage_message(exc: BaseException, part: str = "") -> str:
    """What a parse failure of openpyxl (or of the reader) means for the person holding the
    file, with the `part` it failed in when known; never the exception's class name."""
    if isinstance(exc, PartUnreadable):
        return damage_message(exc.cause, exc.part)
    # openpyxl wraps what went wrong ("Unable to read workbook ..."): judge by the root cause.
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    root = seen[-1]
    if root is not exc and not isinstance(root, (zipfile.BadZipFile, zlib.error, EOFError,
                                                 ParseError, KeyError)) \
            and type(root).__name__ not in (*HOSTILE_XML, "XMLSyntaxError"):
        root = exc
    name = type(root).__name__
    if isinstance(root, (zipfile.BadZipFile, zlib.error, EOFError)):
        return ZIP_UNPACKABLE
    if too_deep(root):
        return part_too_deep(part)
    if isinstance(root, ParseError) or name in ("XMLSyntaxError", "ParseError"):
        return part_invalid_xml(part) if part else XML_INVALID
    if name in HOSTILE_XML:
        return XML_HOSTILE
    if isinstance(root, KeyError):
        return PART_MISSING
    # openpyxl's own refusals of a value (a colour "GGGGGGGG", a tint of 1e308, a name it
    # does not know) are ValueError, TypeError or OverflowError.
    if isinstance(root, (ValueError, TypeError, OverflowError, ArithmeticError)):
        return (part_bad_value(part) if part else
                "filen är skadad (arbetsboken har ett värde som Excel aldrig skriver, till "
                "exempel en färg, ett tal eller ett namn som inte är giltigt). " + RESAVE)
    return (part_unparsable(part) if part else
            "filen är skadad (arbetsboken har innehåll som inte går att tolka). " + RESAVE)
