"""LibreOffice headless: convert reports to PDF and recalculate workbooks.

Each call uses a private, throw-away user profile, so runs never share state with a person's
LibreOffice or with each other. For recalculation the profile tells Calc to recompute every
formula of an .xlsx on load (OOXMLRecalcMode 0 = always).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import Location, PdfConversionUnavailable, os_reason

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Setup/L10N">
  <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>sv-SE</value></prop>
</item>
</oor:items>
"""
TIMEOUT_SECONDS = 300


def _profile(recalculate: bool) -> str:
    """Swedish locale (so PDFs show "6,5%"), and with `recalculate` Calc recomputes every
    formula on load (OOXMLRecalcMode 0 = always)."""
    profile = _PROFILE
    if not recalculate:
        start = profile.index('<item oor:path="/org.openoffice.Office.Calc/Formula/Load">')
        end = profile.index('<item oor:path="/org.openoffice.Setup/L10N">')
        profile = profile[:start] + profile[end:]
    return profile


ENVIRONMENT = "VP_EXCEL_SOFFICE"


def install_places() -> list[Path]:
    """Where Windows and macOS install LibreOffice, which is not on their PATH."""
    places = [Path(base) / "LibreOffice" / "program" / "soffice.exe"
              for base in dict.fromkeys(os.environ.get(name, default) for name, default in (
                  ("ProgramFiles", r"C:\Program Files"),
                  ("ProgramW6432", r"C:\Program Files"),
                  ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
                  ("LOCALAPPDATA", ""))) if base]
    places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    places.append(Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice")
    return places


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed: the one VP_EXCEL_SOFFICE
    names, else soffice on the PATH, else where Windows or macOS installs it."""
    named = os.environ.get(ENVIRONMENT, "").strip().strip('"')
    if named:
        found = shutil.which(named)
        return found or (named if Path(named).is_file() else None)
    on_path = shutil.which("soffice") or shutil.which("libreoffice")
    if on_path:
        return on_path
    return next((str(place) for place in install_places() if place.is_file()), None)


def convert(source: Path, out_dir: Path, target: str, recalculate: bool = False) -> Path:
    """Convert `source` with LibreOffice into `out_dir`; `target` is a filter such as "pdf"
    or "xlsx:Calc MS Excel 2007 XML". Returns the written file's path."""
    soffice = find_soffice()
    where = Location(str(source))
    named = os.environ.get(ENVIRONMENT, "").strip()
    if soffice is None and named:
        raise PdfConversionUnavailable(
            f"{ENVIRONMENT} pekar på {named}, som inte finns, så ingen PDF kunde skrivas. "
            "Ange sökvägen till soffice (soffice.exe i Windows).", where)
    if soffice is None:
        raise PdfConversionUnavailable(
            "LibreOffice saknas, så ingen PDF kunde skrivas. Installera LibreOffice "
            "(libreoffice.org; i Debian och Ubuntu paketet libreoffice-writer-nogui), ange "
            f"programmet i miljövariabeln {ENVIRONMENT} eller spara PDF från Word.", where)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vp-excel-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(
            _profile(recalculate), encoding="utf-8")
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", target,
                   "--outdir", str(out_dir), str(source)]
        try:
            completed = subprocess.run(command, capture_output=True, text=True,
                                       timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            reason = (os_reason(exc) if isinstance(exc, OSError) else
                      f"svarade inte på {TIMEOUT_SECONDS} sekunder")
            raise PdfConversionUnavailable(f"LibreOffice kunde inte konvertera filen ({reason}).",
                                           where) from exc
    extension = target.split(":", 1)[0]
    written = out_dir / f"{source.stem}.{extension}"
    if completed.returncode != 0 or not written.exists():
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise PdfConversionUnavailable(
            "LibreOffice kunde inte konvertera filen"
            + (f" ({detail[-1]})." if detail else "."), where)
    return written


# A tagged PDF (structure, reading order, alt text) that claims PDF/UA: what a screen reader
# needs and what lag 2018:1937 asks of a published document. Title and language come from
# the document's properties. LibreOffice 7.4+ takes filter options as JSON.
ACCESSIBLE_PDF_FILTER = ('pdf:writer_pdf_Export:{'
                         '"UseTaggedPDF":{"type":"boolean","value":"true"},'
                         '"PDFUACompliance":{"type":"boolean","value":"true"},'
                         '"ExportBookmarks":{"type":"boolean","value":"true"},'
                         '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}')


def convert_to_pdf(source: Path, target: Path) -> Path:
    """Write the .docx `source` as the tagged, accessible PDF `target`, atomically."""
    from .atomic import atomic_output

    with tempfile.TemporaryDirectory(prefix="vp-excel-pdf-") as scratch:
        produced = convert(source, Path(scratch), ACCESSIBLE_PDF_FILTER)
        with atomic_output(target) as temp:
            shutil.copyfile(produced, temp)
    return target


def recalculate_xlsx(source: Path, out_dir: Path) -> Path:
    """A copy of `source` recalculated by LibreOffice Calc and saved as .xlsx in `out_dir`."""
    return convert(source, out_dir, "xlsx:Calc MS Excel 2007 XML", recalculate=True)
