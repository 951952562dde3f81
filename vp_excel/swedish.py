"""Numbers as Swedish staff type them, and back: "6,5%", "4 000 kr/inv", "max 60 dagar".

Percentages are held as fractions (6,5 % is 0.065), as Excel holds them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Units the format knows, by how staff write them. Keys are lower-case, spaces removed.
UNIT_SYNONYMS: dict[str, str] = {
    "%": "%",
    "dagar": "dagar",
    "dag": "dagar",
    "d": "dagar",
    "kr/inv": "kr/inv",
    "kr/invånare": "kr/inv",
    "krperinvånare": "kr/inv",
    "kr": "kr",
    "tkr": "tkr",
    "mnkr": "mnkr",
    "index": "index",
    "antal": "antal",
    "st": "antal",
    # Units as words, often glued to the number ("850tusen kr", "42personer", "12 tkr/inv").
    "kronor": "kr",
    "tusenkr": "tkr",
    "tusenkronor": "tkr",
    "tkronor": "tkr",
    "mkr": "mnkr",
    "miljkr": "mnkr",
    "miljonerkr": "mnkr",
    "miljonerkronor": "mnkr",
    "tkr/inv": "tkr/inv",
    "tkr/invånare": "tkr/inv",
    "stycken": "antal",
    "personer": "antal",
    "pers": "antal",
}
UNITS: tuple[str, ...] = ("%", "dagar", "kr/inv", "kr", "tkr", "mnkr", "index", "antal",
                          "tkr/inv")

YES_WORDS = {"ja", "j", "yes"}
NO_WORDS = {"nej", "n", "no"}

# Every kind of space and minus that Excel and Word put into numbers.
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007]+")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})


_BOUND_WORDS = (("max", "max"), ("högst", "max"), ("under", "max"),
                ("min", "min"), ("minst", "min"), ("över", "min"))
_BOUND_INITIALS = frozenset(word[0] for word, _canon in _BOUND_WORDS)
# Digits are ASCII: Python reads "١٢٣" and "１２" as numbers, Swedish staff do not write them.
_NUMBER = re.compile(r"^([-+])?\s*([0-9][0-9 ]*)(?:[,.]([0-9]+))?(?:E([-+]?[0-9]{1,3})(?![0-9]))?"
                     r"\s*(.*)$")
# A number standing alone in a text ("5 av 10", "4,1% (dec)"): not glued to letters, digits or
# "_" on either side, so "1_000", "0x10" and "1e308" hold no number (Python's syntax is not
# Swedish), while "100kr" still does.
_STANDALONE = re.compile(r"(?<![\w.,])-?[0-9][0-9 \u00a0]*(?:[,.][0-9]+)?(?:E[-+]?[0-9]{1,3})?"
                         r"(?![_\d]|[xXeE][-+]?\d|[.,]\d)")


_EXPONENT_E = re.compile(r"(?<=[0-9])E(?=[-+]?[0-9])")


# The smallest positive number Excel holds (2,2250738585072E-308); a nearer one becomes 0.
EXCEL_SMALLEST = 2.2250738585072e-308


class NotANumber(ValueError):
    """The text does not read as a number; `text` is what was given."""

    def __init__(self, text: str, too_small: bool = False):
        super().__init__(text)
        self.text = text
        self.too_small = too_small  # a number nearer 0 than Excel holds ("1E-400")


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    unit: str = ""  # one of UNITS, or "" when none was written
    bound: str = ""  # "max" or "min" when the text said so (implies a direction)


def normalize_unit(text: str) -> str | None:
    """The canonical unit for `text`, "" for no unit, None if unknown."""
    key = _SPACES.sub("", text).lower().rstrip(".")
    if not key:
        return ""
    return UNIT_SYNONYMS.get(key)


def parse_number(text: str) -> ParsedNumber:
    """Read a number as typed: "6,5%", "-2,2", "4 000 kr/inv", "max 4000kr/inv".

    Raises NotANumber for anything else. Thousands may be grouped with spaces (any kind,
    by threes); a comma or a point is the decimal sign, so "1.234.567" is not a number. An
    exponent is read only as Excel shows one ("1,2E5", "1,2E+05"), and the number must be
    finite; Python's own syntax ("1_000", "0x10", "1e5", "inf") is not a number.
    """
    original = text
    cleaned = _SPACES.sub(" ", str(text).translate(_MINUS)).strip()
    # Lower-case for the words and units, but the exponent's E stays as Excel writes it.
    cleaned = _EXPONENT_E.sub("\x00", cleaned).lower().replace("\x00", "E")
    if not cleaned:
        raise NotANumber(original)
    bound = ""
    if cleaned[0] in _BOUND_INITIALS:  # most numbers start with a digit: skip the words
        for word, canon in _BOUND_WORDS:
            if cleaned.startswith(word) and not cleaned[len(word):len(word) + 1].isalpha():
                bound = canon
                cleaned = cleaned[len(word):].lstrip(" .:")
                break
    match = _NUMBER.match(cleaned)
    if not match:
        raise NotANumber(original)
    sign, int_part, frac_part, exponent, rest = match.groups()
    int_digits = int_part.replace(" ", "")
    # "1 234" groups by three; "12 34" is two numbers, not one.
    groups = int_part.strip().split(" ")
    if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
        raise NotANumber(original)
    unit = normalize_unit(rest)
    if unit is None:
        raise NotANumber(original)
    mantissa = f"{int_digits}.{frac_part}" if frac_part else int_digits
    number = float(f"{mantissa}e{exponent}" if exponent else mantissa)
    if sign == "-":
        number = -number
    if unit == "%":
        number /= 100
    if not math.isfinite(number):
        raise NotANumber(original)
    if number == 0 and mantissa.strip("0.") or 0 < abs(number) < EXCEL_SMALLEST:
        # "1E-400" would silently be 0: Excel cannot hold it, so nobody measured it.
        raise NotANumber(original, too_small=True)
    return ParsedNumber(number, unit, bound)


def find_numbers(text: str) -> list[str]:
    """The numbers that stand alone in a text, as written ("5 av 10" -> ["5 ", "10"])."""
    return _STANDALONE.findall(text)


def parse_whole_number(text: str) -> int | None:
    """A whole number such as a year or a month ("2025", "2 025", "2025,0"), by the same
    Swedish rules as parse_number; None for anything else."""
    try:
        parsed = parse_number(text)
    except NotANumber:
        return None
    if parsed.unit or parsed.bound or not parsed.value.is_integer():
        return None
    return int(parsed.value)


def parse_yes_no(text: str) -> bool | None:
    """True for Ja, False for Nej, None for anything else."""
    word = str(text).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def _group_thousands(digits: str) -> str:
    # A non-breaking space keeps "4 000" on one line in Word and Excel.
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return "\u00a0".join(out)


def format_decimal(value: float, decimals: int | None = None) -> str:
    """Swedish decimal text: 3.69 -> "3,69", 4000 -> "4 000", -2.2 -> "−2,2" (a real minus
    sign, U+2212, which `parse_number` reads back).

    With `decimals` None, as few decimals as the value needs (at most four).
    """
    if decimals is None:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:.{decimals}f}"
    if text in ("-0", ""):
        text = "0"
    negative = text.startswith("-")
    text = text.lstrip("-")
    int_part, _, frac = text.partition(".")
    result = _group_thousands(int_part) + ("," + frac if frac else "")
    return ("\u2212" if negative else "") + result


def format_percent(share: float | None, decimals: int = 1) -> str:
    """A share as the plan writes it: 0.625 -> "62,5%", 0 or None -> "-%"."""
    if share is None or share == 0:
        return "-%"
    # Half away from zero, as the spreadsheet's ROUND does (1/16 is "6,3%", not "6,2%").
    exact = Decimal(repr(share * 100)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = format_decimal(float(exact), decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


# How a unit is shown after a number, the same in every output: a count is "57 st", never
# "57 antal" ("st" reads back as antal, UNIT_SYNONYMS).
UNIT_LABELS = {"antal": "st"}


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def format_value(value: float | str | bool | None, unit: str = "") -> str:
    """A value with its unit, as a person reads it: 0.065 "%" -> "6,5%",
    4000 kr/inv -> "4 000 kr/inv"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, str):
        return value
    if unit == "%":
        return f"{format_decimal(value * 100)}%"
    text = format_decimal(value)
    return f"{text} {unit_label(unit)}" if unit else text
