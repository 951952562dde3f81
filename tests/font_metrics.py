"""Arial's metrics through its metric twin Liberation Sans (fontTools reads the TTF's
advance widths), so a test measures text as Word, Excel and LibreOffice lay it out."""

from __future__ import annotations

from pathlib import Path

import pytest

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"),
             Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/liberation-sans"), Path("/usr/share/fonts/liberation"))


class Font:
    """Advance widths of one TTF, in twips at a given size."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        font = TTFont(str(path))
        self.cmap = font.getBestCmap()
        self.advance = {name: width for name, (width, _lsb) in font["hmtx"].metrics.items()}
        self.units = font["head"].unitsPerEm

    def twips(self, text: str, half_points: int) -> float:
        units = sum(self.advance[self.cmap.get(ord(c), ".notdef")] for c in text)
        return units / self.units * half_points * 10

    def pixels(self, text: str, points: float) -> float:
        """The width of `text` at `points` in pixels of 96 per inch (a twip is 1/1440 inch)."""
        return self.twips(text, round(points * 2)) / 15


def liberation_sans() -> dict[bool, Font]:
    """Regular (False) and bold (True) Liberation Sans, or the test is skipped with why."""
    pytest.importorskip("fontTools.ttLib", reason="fontTools is not installed (test extras)")
    for folder in FONT_DIRS:
        regular, bold = folder / "LiberationSans-Regular.ttf", folder / "LiberationSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return {False: Font(regular), True: Font(bold)}
    pytest.skip("Liberation Sans (Arial's metrics) is not installed: apt install "
                "fonts-liberation")
