"""The first look at an input file: the right kind (not a lock file, .xls, .ods, CSV, PDF,
Word...), a zip that opens, and declared sizes within bounds (no zip bomb). Reads the first
bytes and the zip directory only; each refusal is one Swedish message saying what to do."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from ..errors import (
    Location,
    NotAnXlsxWorkbook,
    WorkbookLockedByExcel,
    WorkbookNotFound,
    WorkbookTooLarge,
    os_reason,
)
from ..paths import missing_file_message
from ..swedish import format_decimal
from . import damage

# Limits far above any real plan (Norsjö's workbook unpacks to well under 1 MB; 10 000 goals
# unpack to ~40 MB). openpyxl holds every cell in memory, ~10x the XML: these bound it to a few GB.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Bytes that may unpack from parts packed more tightly than MAX_COMPRESSION_RATIO, summed over
# the whole workbook: many parts each just under the per-part rule are one bomb together.
MAX_BOMB_BYTES = 10_000_000
MAX_PARTS = 10_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_input_file(path: str | Path) -> Path:
    """Refuse anything that is not a plausible, safe .xlsx; return the path."""
    path = Path(path)
    where = Location(str(path))
    if path.name.startswith("~$"):
        raise WorkbookLockedByExcel(
            "det här är Excels låsfil, inte arbetsboken. Arbetsboken verkar vara öppen i Excel; "
            f"ange {path.name[2:]} i stället (den kan vara öppen samtidigt).", where)
    if path.name.startswith(".~lock.") and path.name.endswith("#"):
        raise WorkbookLockedByExcel(
            "det här är LibreOffice låsfil, inte arbetsboken. Arbetsboken verkar vara öppen i "
            f"LibreOffice; ange {path.name[len('.~lock.'):-1]} i stället.", where)
    if not path.exists():
        raise WorkbookNotFound(missing_file_message(path), where)
    if path.is_dir():
        raise WorkbookNotFound("det här är en mapp, inte en arbetsbok (.xlsx).", where)
    if not path.is_file():  # a device or a pipe: reading could block or never end
        raise WorkbookNotFound("det här är ingen vanlig fil (utan t.ex. en enhet eller ett rör). "
                               "Ange arbetsboken (.xlsx).", where)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise WorkbookNotFound("filen går inte att läsa (" + os_reason(exc) + ").",
                               where) from exc
    if not head:
        raise NotAnXlsxWorkbook("filen är tom (0 byte). Spara arbetsboken på nytt i Excel.",
                                where)
    if head.startswith(OLE_MAGIC):
        from .ole import ole_error

        raise ole_error(path, where)
    if not head.startswith(b"PK"):
        raise NotAnXlsxWorkbook(_not_zip_message(head), where)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            struct.error) as exc:
        raise NotAnXlsxWorkbook(damage.ZIP_UNREADABLE, where) from exc
    except NotImplementedError as exc:  # zipfile: "zip file version 8.4", a method it lacks
        raise NotAnXlsxWorkbook(damage.ZIP_FOREIGN_METHOD, where) from exc
    names = {info.filename for info in infos}
    if len(names) < len(infos):
        # Excel never writes a name twice; readers disagree on which one counts, so the
        # safety checks could pass one copy while openpyxl reads the other.
        raise NotAnXlsxWorkbook(damage.DUPLICATE_PART, where)
    if "mimetype" in names and "content.xml" in names:
        raise NotAnXlsxWorkbook(
            "filen är en OpenDocument-fil (.ods). Spara den som Excel-arbetsbok (.xlsx) i "
            "LibreOffice eller Excel.", where)
    if "xl/workbook.bin" in names:
        raise NotAnXlsxWorkbook(
            "filen är en binär Excel-arbetsbok (.xlsb). Spara den som Excel-arbetsbok (.xlsx).",
            where)
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise NotAnXlsxWorkbook(
                "filen är ett Word- eller PowerPoint-dokument, ingen Excel-arbetsbok. Ange "
                "arbetsboken (.xlsx) i stället.", where)
        raise NotAnXlsxWorkbook(
            "filen är ett zip-arkiv men ingen Excel-arbetsbok (xl/workbook.xml saknas). Spara "
            "arbetsboken som Excel-arbetsbok (.xlsx).", where)
    _check_sizes(infos, where)
    return path


def _not_zip_message(head: bytes) -> str:
    """Say what the file seems to be instead, from its first bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Excel's XML or Unicode text)
        head = head[:4000].decode("utf-16", "replace").encode("utf-8")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"%pdf"):
        return "filen är en PDF, ingen Excel-arbetsbok. Ange arbetsboken (.xlsx) i stället."
    if b"progid=\"excel.sheet\"" in lowered or b"urn:schemas-microsoft-com:office:spreadsheet" \
            in lowered:
        return ("filen är ett XML-kalkylblad (Excel 2003-XML), ingen .xlsx. Öppna den i Excel "
                "och spara som Excel-arbetsbok (.xlsx).")
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or \
            b"<html" in lowered[:512]:
        return ("filen är en webbsida (HTML), ingen Excel-arbetsbok, även om namnet säger "
                "något annat. Öppna den i Excel och spara som Excel-arbetsbok (.xlsx).")
    if lowered.startswith(b"{\\rtf"):
        return "filen är ett RTF-dokument, ingen Excel-arbetsbok. Ange arbetsboken (.xlsx)."
    if _looks_like_text(head):
        return ("filen är ingen Excel-arbetsbok (.xlsx); den ser ut att vara text eller CSV. "
                "Öppna den i Excel och spara som Excel-arbetsbok (.xlsx).")
    return ("filen är ingen Excel-arbetsbok (.xlsx) och formatet känns inte igen. Spara "
            "arbetsboken som Excel-arbetsbok (.xlsx) i Excel och försök igen.")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (Excel's "Unicode text")
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # The 4 KB sample may end inside a multi-byte character: decode all but the tail.
            head[:-4].decode(encoding) if len(head) > 8 else head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location,
                 what: tuple[str, str] = ("arbetsboken", "arbetsbokens")) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is unpacked.
    `what` names the file in the messages (the noun and its genitive)."""
    noun, genitive = what
    if len(infos) > MAX_PARTS:
        raise WorkbookTooLarge(f"{noun} har orimligt många delar ({len(infos)}); "
                               "den vägras som skydd mot skadliga filer.", where)
    total = packed = squeezed = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                or info.flag_bits & 0x1:
            # Excel only deflates; other methods (bzip2, lzma) unpack without a size bound in
            # Python's zipfile, and bit 0 means a zip password.
            raise NotAnXlsxWorkbook(damage.part_foreign_packing(info.filename), where)
        if info.compress_size > info.file_size + info.file_size // 100 + 1024:
            # Deflate never shrinks data to less than its compressed size: the declared size
            # is a lie (a zip bomb hiding its size, or damage).
            raise WorkbookTooLarge(
                f"delen {info.filename} uppger en för liten storlek; filen är skadad eller "
                "gjord för att lura (zip-bomb) och vägras.", where)
        total += info.file_size
        packed += info.compress_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            squeezed += info.file_size
        if info.file_size > MAX_PART_BYTES or (info.file_size > MAX_BOMB_BYTES
                                               and ratio > MAX_COMPRESSION_RATIO):
            raise WorkbookTooLarge(
                f"delen {info.filename} packas upp till {_megabytes(info.file_size)} MB; "
                f"{noun} vägras som skydd mot skadliga filer (zip-bomb).", where)
    if squeezed > MAX_BOMB_BYTES or (total > MAX_BOMB_BYTES
                                     and total / max(packed, 1) > MAX_COMPRESSION_RATIO):
        raise WorkbookTooLarge(
            f"{genitive} delar packas tillsammans upp till {_megabytes(total)} MB ur "
            f"{max(packed // 1024, 1)} kB, mer än {MAX_COMPRESSION_RATIO} gånger så mycket; "
            f"{noun} vägras som skydd mot skadliga filer (zip-bomb).", where)
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookTooLarge(
            f"{noun} packas upp till {_megabytes(total)} MB, mer än gränsen "
            f"{_megabytes(MAX_UNPACKED_BYTES)} MB; den vägras som skydd mot skadliga filer.",
            where)


def check_package_sizes(path: Path, where: Location, what: tuple[str, str]) -> None:
    """The zip-bomb checks for another Office file read whole (a Word template): the file's
    own size and the sizes its directory declares. Raises WorkbookTooLarge or
    NotAnXlsxWorkbook, whose messages name the file as `what` says."""
    if path.stat().st_size > MAX_UNPACKED_BYTES:
        raise WorkbookTooLarge(
            f"{what[0]} är större än {_megabytes(MAX_UNPACKED_BYTES)} MB; den vägras som "
            "skydd mot skadliga filer.", where)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            struct.error, NotImplementedError) as exc:
        raise NotAnXlsxWorkbook(damage.ZIP_UNREADABLE, where) from exc
    if len({info.filename for info in infos}) < len(infos):
        raise NotAnXlsxWorkbook(damage.DUPLICATE_PART, where)
    _check_sizes(infos, where, what)


def _megabytes(size: int) -> str:
    """Whole megabytes with Swedish thousands separators: "1 048 576", not "1048576"."""
    return format_decimal(size // 1_048_576, 0)
