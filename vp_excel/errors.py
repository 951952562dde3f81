"""Errors the user can act on. Each carries one Swedish message naming file, sheet and cell.

The CLI turns any `VpExcelError` into one line on stderr and a non-zero exit code; anything
else is a bug and is only shown with a traceback under `--debug`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .paths import file_name


@dataclass(frozen=True, slots=True)  # slots: a plan keeps one per outcome cell
class Location:
    """Where in a workbook something is: file, and optionally sheet and cell (e.g. "F7")."""

    file: str = ""
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        name = file_name(self.file) if self.file else ""
        if self.sheet and self.cell:
            place = f"{self.sheet}!{self.cell}"
        else:
            place = self.sheet
        return ": ".join(part for part in (name, place) if part)

    def __reduce__(self) -> tuple[type[Location], tuple[str, str, str]]:
        # A region's plan on disk (spool.py) pickles one per outcome cell: the dataclass's own
        # slots pickling looks its fields up per object, three times slower.
        return Location, (self.file, self.sheet, self.cell)


def internal_error_message(exc: BaseException) -> str:
    """The one Swedish message for a bug (anything not a VpExcelError): the command line's
    and the batch runner's, so both say it alike."""
    # Python's own words (class name, English text) only with --debug, in the traceback.
    what = ("minnet räckte inte" if isinstance(exc, MemoryError) else
            "ett fel i vp-excel, inte i arbetsboken")
    return (f"internt fel ({what}). Kör igen med --debug och skicka utskriften till den som "
            "sköter verktyget.")


def os_reason(exc: OSError) -> str:
    """What the operating system refused, in Swedish, for a message (its own strerror is
    English: "Permission denied"): "behörighet saknas", "det är en mapp" …; an errno without
    words here is named by its code ("systemfel EXDEV"), never by the system's text."""
    import errno

    code = exc.errno
    if code is None and isinstance(exc, PermissionError):
        code = errno.EACCES
    words = {errno.EACCES: "behörighet saknas", errno.EPERM: "behörighet saknas",
             errno.EROFS: "enheten är skrivskyddad", errno.ENOENT: "finns inte",
             errno.EISDIR: "det är en mapp", errno.EEXIST: "finns redan",
             errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
             errno.ENOSPC: "disken är full", getattr(errno, "EDQUOT", errno.ENOSPC):
             "disken är full", errno.ENAMETOOLONG: "sökvägen är för lång",
             errno.EIO: "in/ut-fel", errno.EBUSY: "används av ett annat program",
             errno.ETXTBSY: "används av ett annat program",
             errno.EMFILE: "för många öppna filer", errno.ENFILE: "för många öppna filer",
             errno.ELOOP: "en länkslinga", errno.EINVAL: "ogiltigt namn eller argument",
             errno.EFBIG: "filen är större än systemet tillåter"}
    if code in words:
        return words[code]
    return f"systemfel {errno.errorcode.get(code, code)}" if code else "okänt systemfel"


_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
# Characters a terminal acts on instead of showing: other controls (ESC starts an escape
# sequence, C1 0x9b is one on its own) and the bidi embeddings, overrides and isolates, which
# turn the rest of the line around (a file "plan\u202excod.xlsx" shows as "planxslx.docx").
UNSHOWN = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f"
                     "\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """A message as one line: a line break in a quoted cell, sheet or file name would split it
    and could print a line that looks like another message ("fel: …"), and a control or
    bidi character could hide or reverse what follows it."""
    return _LINE_BREAKS.sub(" ", UNSHOWN.sub("", text))


class VpExcelError(Exception):
    """Base for every error shown to the user as one Swedish line."""

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()

    def __str__(self) -> str:
        where = str(self.location)
        return one_line(f"{where}: {self.message}" if where else self.message)

    def __reduce__(self):
        # Keep the location when the error crosses a process boundary (batch, forked writer).
        return (self.__class__, (self.message, self.location), self.__dict__)


class WorkbookNotFound(VpExcelError):
    """The input path does not exist or is not a file."""


class NotAnXlsxWorkbook(VpExcelError):
    """The file is not a readable .xlsx (old .xls, .ods, CSV, broken zip, encrypted...)."""


class WorkbookLockedByExcel(VpExcelError):
    """The path is Excel's lock file `~$name.xlsx`."""


class WorkbookTooLarge(VpExcelError):
    """The zip parts unpack beyond the sane limit (zip bomb) or the XML is hostile."""


class MissingSheet(VpExcelError):
    """A required sheet is absent."""


class HeaderNotFound(VpExcelError):
    """No row of the sheet looks like the header row, or required columns are missing."""


class InvalidWorkbookContent(VpExcelError):
    """Cell content that makes the whole workbook unusable (e.g. no periods)."""


class UnknownPeriod(VpExcelError):
    """A period name that the Perioder sheet does not list."""


class OutputNotWritable(VpExcelError):
    """An output file could not be written (open in Excel, read-only folder, disk full)."""


class TemporaryFileFailed(VpExcelError):
    """A region's plan is kept in a temporary file while it is read and written (spool.py),
    and the system would not give or write it (a full disk, a file-size limit)."""


def temporary_file_failed(reason: str) -> TemporaryFileFailed:
    import tempfile

    return TemporaryFileFailed(
        f"planen är stor och läggs i en tillfällig fil i {tempfile.gettempdir()} medan den "
        f"läses, men filen gick inte att skriva: {reason}. Frigör utrymme där, eller ange en "
        "annan mapp i miljövariabeln TMPDIR (Windows: TEMP), och kör igen.")


class OutputWouldOverwriteInput(VpExcelError):
    """The output path is the input workbook itself."""


class OutputExists(VpExcelError):
    """`init` refuses to overwrite an existing file without --force."""


class ValidationFailed(VpExcelError):
    """`check`/`build` found errors in the workbook; `problems` lists them."""

    problems: list = []


class PdfConversionUnavailable(VpExcelError):
    """LibreOffice is missing or failed to convert a report to PDF."""


class TemplateInvalid(VpExcelError):
    """The --template file is not a usable Word document."""
