"""A rough page count for the page header's NUMPAGES field before Word lays the pages out."""

from __future__ import annotations

import math


class PageEstimate:
    """A rough page count for NUMPAGES' cached result, shown until the field is updated."""

    # Calibrated against LibreOffice's pagination of the Norsjö and Exempelby reports.
    LINES_PER_PAGE = {"portrait": 62.0, "landscape": 42.0}

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
