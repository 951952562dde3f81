"""The logo the settings name, judged the same way for the Word report and the web page: its
pixels read from the image's header (nothing is decoded here), and refused when a reader would
have to decode far more than any logo (Word, LibreOffice for the PDF and a browser unpack every
pixel: 20 000 × 20 000 took LibreOffice past 15 s), when its sides are no logo's, or when an
SVG declares entities (a browser would expand them)."""

from __future__ import annotations

import re
import struct

from ..swedish import format_decimal

# A logo in a header is a few hundred pixels; a 6 000 × 4 000 photo still passes. 49 million
# pixels took LibreOffice 4 s and 283 MB for the PDF.
MAX_LOGO_PIXELS = 25_000_000
MAX_LOGO_SIDES = 100  # the long side over the short one: 4 000 × 100 is a wide banner
_SVG_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def image_pixels(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels from the header of a PNG, JPEG, GIF, BMP, TIFF (as python-docx
    reads them) or WebP; None when the header gives none."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_pixels(data)
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
        return image.px_width, image.px_height
    except Exception:  # noqa: BLE001 - its parsers fail many ways on a damaged header
        return None


def _webp_pixels(data: bytes) -> tuple[int, int] | None:
    kind, body = data[12:16], data[20:]
    if kind == b"VP8X" and len(body) >= 10:  # canvas size, 24 bits each, minus one
        return (int.from_bytes(body[4:7], "little") + 1,
                int.from_bytes(body[7:10], "little") + 1)
    if kind == b"VP8 " and len(body) >= 10:
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if kind == b"VP8L" and len(body) >= 5:
        bits = int.from_bytes(body[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def logo_refusal(name: str, data: bytes, suffix: str) -> str:
    """Why the logo `name` is not used, a Swedish sentence ("" when it is used)."""
    if suffix.lower() == ".svg":
        if _SVG_DECLARATION.search(data):
            return (f"Logotypen {name} är en SVG med DOCTYPE eller ENTITY, som en webbläsare "
                    "skulle packa upp (spara den utan, eller som PNG).")
        return ""
    pixels = image_pixels(data)
    if pixels is None:
        return ""  # not an image this check reads: the writer's own reading decides
    width, height = pixels
    size = f"{format_decimal(width, 0)} × {format_decimal(height, 0)}"
    if width * height > MAX_LOGO_PIXELS:
        return (f"Logotypen {name} är {size} bildpunkter, mer än en logotyp behöver (högst "
                f"{MAX_LOGO_PIXELS // 1_000_000} miljoner; spara den mindre).")
    if min(width, height) * MAX_LOGO_SIDES < max(width, height):
        return f"Logotypen {name} är {size} bildpunkter, för smal för att synas."
    return ""
