"""A status cell's fill as GRÖN, GUL or RÖD: RGB, theme colours with tint and the legacy indexed
palette, judged by hue so the shades people really use (00B050, 92D050, FFFF00, FFC000, FF0000,
light red) all count; grey, white and blue are not a status."""

from __future__ import annotations

import colorsys
from typing import Any

from ..schema import GREEN, RED, YELLOW


def fill_rgb(fill: Any, theme_colors: list[str]) -> str | None:
    """The fill's colour as RRGGBB, or None for no fill."""
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    color = getattr(fill, "fgColor", None)
    if color is None:
        return None
    kind = getattr(color, "type", None)
    if kind == "rgb":
        rgb = color.rgb
        if not isinstance(rgb, str) or len(rgb) < 6:
            return None
        return rgb[-6:].upper()
    if kind == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        index = color.indexed
        if isinstance(index, int) and 0 <= index < len(COLOR_INDEX):
            return COLOR_INDEX[index][-6:].upper()
        return None
    if kind == "theme":
        index = color.theme
        if not isinstance(index, int) or not 0 <= index < len(theme_colors):
            return None
        base = theme_colors[index]
        # A theme colour that is no hex ("ZZZZZZ" was an internal error) is no colour.
        return (_tinted(base, float(color.tint or 0.0))
                if len(base) == 6 and all(c in _HEX for c in base) else None)
    return None


_HEX = frozenset("0123456789abcdefABCDEF")


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: towards white for a positive tint, towards black for a negative one.
    Excel writes -1 to 1; anything else (NaN was an internal error) is held to that or 0."""
    tint = min(max(tint, -1.0), 1.0) if tint == tint else 0.0  # NaN != NaN
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), s)
    return "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def status_of_rgb(rgb: str) -> str | None:
    """GRÖN, GUL or RÖD for a traffic-light colour; None for anything else."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    if s < 0.25 or lum > 0.96 or lum < 0.08:  # grey, white, black
        return None
    hue = h * 360
    if hue < 18 or hue >= 330:
        return RED
    if hue < 70:
        return YELLOW
    if hue < 170:
        return GREEN
    return None  # blue, purple


def describe(rgb: str) -> str:
    return f"#{rgb}"
