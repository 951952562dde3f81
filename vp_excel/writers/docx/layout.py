"""A rough page count for the page header's NUMPAGES field before Word lays the pages out."""

from __future__ import annotations

import math
from typing import ClassVar


class PageEstimate:
    """A rough page count for NUMPAGES' cached result, shown until the field is updated."""

    # Calibrated against LibreOffice's pagination of the Norsjö and Exempelby reports. The
    # analysis is mostly one-line facts, denser than the title page's texts: Exempelby's
    # delårsrapport put 222 counted lines on 3,3 pages and, with trend, comparisons and
    # prognosis (issue 21), 263 on 3,85 pages.
    LINES_PER_PAGE: ClassVar[dict[str, float]] = {"portrait": 58.0, "landscape": 42.0,
                                                  "analysis": 67.0}

    def __init__(self) -> None:
        self.lines: list[tuple[str, float]] = []

    def start(self, kind: str) -> None:
        self.lines.append((kind, 0.0))

    def add(self, amount: float) -> None:
        kind, lines = self.lines[-1]
        self.lines[-1] = (kind, lines + amount)

    def text(self, text: str, chars_per_line: float, extra: float = 0.4) -> None:
        self.add(line_count(text, chars_per_line) + extra)

    @property
    def pages(self) -> int:
        return max(1, sum(max(1, math.ceil(lines / self.LINES_PER_PAGE[kind]))
                          for kind, lines in self.lines))


def line_count(text: str, chars_per_line: float) -> int:
    return sum(max(1, math.ceil(len(line) / max(chars_per_line, 1.0)))
               for line in (text or " ").split("\n"))


def chars_per_line(width_twips: float, size_half_points: int = 20) -> float:
    # An average Arial character is about half its point size wide.
    return width_twips / (size_half_points * 10 * 0.5)


CHAR_TWIPS = 115  # a wide 9 pt character (0,64 em), so the longest word surely fits its column
CELL_MARGINS = 170  # left and right cell margins, twips


def text_twips(text: str, size_half_points: int, bold: bool = False) -> int:
    """A generous width of `text` on one line in Arial: 0,56 em a character (0,60 bold), so
    what is given this much room surely fits on one line."""
    return int(len(text) * size_half_points * 10 * (0.60 if bold else 0.56))


def longest_word(texts: list[str]) -> int:
    """The length of the longest unbreakable word: lines break at spaces and after hyphens."""
    words = [word for text in texts for part in (text or "").split()
             for word in part.split("-")]
    return max((len(word) for word in words), default=0)


def fit_shares(shares: list[float], minimums: list[float]) -> list[float]:
    """Column shares that give each column at least its minimum, so no word is broken
    mid-word; the room comes from the columns with the most to spare."""
    total = sum(shares)
    shares = [share / total for share in shares]
    if sum(minimums) >= 1:
        scale = sum(minimums)
        return [minimum / scale for minimum in minimums]
    for _round in range(len(shares)):
        short = [i for i, share in enumerate(shares) if share < minimums[i] - 1e-9]
        if not short:
            break
        deficit = sum(minimums[i] - shares[i] for i in short)
        for i in short:
            shares[i] = minimums[i]
        spare = {i: shares[i] - minimums[i] for i in range(len(shares)) if i not in short}
        room = sum(spare.values())
        for i, amount in spare.items():
            shares[i] -= deficit * amount / room if room else 0
    return shares


def minimum_share(texts: list[str], width: int, indent: int = 0) -> float:
    """The share of `width` the longest word of `texts` needs."""
    return minimum_width(longest_word(texts), width, indent)


def minimum_width(longest: int, width: int, indent: int = 0) -> float:
    """The share of `width` a word of `longest` characters needs (texts measured apart)."""
    return (longest * CHAR_TWIPS + CELL_MARGINS + indent) / max(width, 1)
