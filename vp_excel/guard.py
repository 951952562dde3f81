"""Check an input file before any parser sees it: right kind, not a bomb, not Excel's lock file.

Each refusal is one Swedish message naming the file and saying what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import (Location, NotAnXlsxWorkbook, WorkbookLockedByExcel, WorkbookNotFound,
                     WorkbookTooLarge)

# Limits far above any real plan (Norsjö's workbook unpacks to well under 1 MB).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_PARTS = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def check_input_file(path: str | Path) -> Path:
    """Refuse anything that is not a plausible, safe .xlsx; return the path."""
    path = Path(path)
    where = Location(str(path))
    if path.name.startswith("~$"):
        raise WorkbookLockedByExcel(
            "det här är Excels låsfil, inte arbetsboken. Arbetsboken verkar vara öppen i Excel; "
            f"ange {path.name[2:]} i stället (den kan vara öppen samtidigt).", where)
    if not path.exists():
        raise WorkbookNotFound("filen finns inte. Kontrollera sökvägen.", where)
    if path.is_dir():
        raise WorkbookNotFound("det här är en mapp, inte en arbetsbok (.xlsx).", where)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorkbookNotFound(f"filen går inte att läsa ({exc.strerror}).", where) from exc
    if not head:
        raise NotAnXlsxWorkbook("filen är tom (0 byte). Spara arbetsboken på nytt i Excel.",
                                where)
    if head.startswith(_OLE_MAGIC):
        if _ole_is_encrypted(path):
            raise NotAnXlsxWorkbook(
                "arbetsboken är lösenordsskyddad. Ta bort lösenordet i Excel (Arkiv > Info > "
                "Skydda arbetsbok) och spara den igen.", where)
        raise NotAnXlsxWorkbook(
            "filen är i det gamla Excel-formatet (.xls). Öppna den i Excel och spara som "
            "Excel-arbetsbok (.xlsx).", where)
    if not head.startswith(_ZIP_MAGIC) and not head.startswith(b"PK"):
        raise NotAnXlsxWorkbook(
            "filen är ingen Excel-arbetsbok (.xlsx); den ser ut att vara text eller CSV. Öppna "
            "den i Excel och spara som Excel-arbetsbok (.xlsx).", where)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAnXlsxWorkbook(
            "filen är skadad (zip-arkivet går inte att öppna, kanske ofullständigt sparad eller "
            "nedladdad). Spara arbetsboken på nytt från Excel.", where) from exc
    if "mimetype" in names and any(n == "content.xml" for n in names):
        raise NotAnXlsxWorkbook(
            "filen är en OpenDocument-fil (.ods). Spara den som Excel-arbetsbok (.xlsx) i "
            "LibreOffice eller Excel.", where)
    if "xl/workbook.bin" in names:
        raise NotAnXlsxWorkbook(
            "filen är en binär Excel-arbetsbok (.xlsb). Spara den som Excel-arbetsbok (.xlsx).",
            where)
    if "xl/workbook.xml" not in names:
        raise NotAnXlsxWorkbook(
            "filen är ett zip-arkiv men ingen Excel-arbetsbok (xl/workbook.xml saknas). Spara "
            "arbetsboken som Excel-arbetsbok (.xlsx).", where)
    _check_sizes(infos, where)
    return path


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is unpacked."""
    if len(infos) > MAX_PARTS:
        raise WorkbookTooLarge(f"arbetsboken har orimligt många delar ({len(infos)}); "
                               "den vägras som skydd mot skadliga filer.", where)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > 10_000_000
                                               and ratio > MAX_COMPRESSION_RATIO):
            raise WorkbookTooLarge(
                f"delen {info.filename} packas upp till {info.file_size // 1_048_576} MB; "
                "arbetsboken vägras som skydd mot skadliga filer (zip-bomb).", where)
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookTooLarge(
            f"arbetsboken packas upp till {total // 1_048_576} MB, mer än gränsen "
            f"{MAX_UNPACKED_BYTES // 1_048_576} MB; den vägras som skydd mot skadliga filer.",
            where)


def _ole_is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE file holding an EncryptedPackage stream."""
    try:
        data = path.read_bytes()[:1_000_000]
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data
