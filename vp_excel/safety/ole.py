"""What an OLE compound file is (old .xls, an encrypted .xlsx, an old .doc), told from the
names in its directory, read with olefile; one Swedish message for each."""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, NotAnXlsxWorkbook

_NAME_SEARCH_BYTES = 4 * 1024 * 1024


def ole_error(path: Path, where: Location) -> NotAnXlsxWorkbook:
    """The refusal for an OLE file: what it is and what to do."""
    names = stream_names(path)
    if names is None:  # not a readable compound file: fall back on a search for the names
        names = _names_in_bytes(path)
    if "EncryptedPackage" in names:
        return NotAnXlsxWorkbook(
            "arbetsboken är lösenordsskyddad (krypterad). Ta bort lösenordet i Excel (Arkiv > "
            "Info > Skydda arbetsbok > Kryptera med lösenord, töm rutan) och spara den igen.",
            where)
    if "Workbook" in names or "Book" in names:
        return NotAnXlsxWorkbook(
            "filen är i det gamla Excel-formatet (.xls). Öppna den i Excel och spara som "
            "Excel-arbetsbok (.xlsx).", where)
    if "WordDocument" in names:
        return NotAnXlsxWorkbook(
            "filen är ett Word-dokument i det gamla formatet (.doc), ingen Excel-arbetsbok. "
            "Ange arbetsboken (.xlsx) i stället.", where)
    return NotAnXlsxWorkbook(
        "filen är en fil i det gamla Office-formatet men ingen Excel-arbetsbok som går att "
        "läsa. Öppna den i Excel och spara som Excel-arbetsbok (.xlsx).", where)


def stream_names(path: Path) -> set[str] | None:
    """The names of every storage and stream in the compound file (MS-CFB); None when it is
    not a well-formed one."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            entries = ole.listdir(streams=True, storages=True)
    except Exception:  # noqa: BLE001 - olefile raises many kinds on a damaged file
        return None
    return {name for entry in entries for name in entry}


def _names_in_bytes(path: Path) -> set[str]:
    try:
        with path.open("rb") as handle:
            data = handle.read(_NAME_SEARCH_BYTES)
    except OSError:
        data = b""
    return {name for name in ("EncryptedPackage", "Workbook", "Book", "WordDocument")
            if name.encode("utf-16-le") in data}
