"""Check an input file before any parser sees it: right kind, not a bomb, not Excel's lock file.

Each refusal is one Swedish message naming the file and saying what to do.

Two steps, both cheap next to openpyxl's own parse:
- `check_input_file` looks at the first bytes and the zip directory only;
- `scan_workbook` streams every zip member once (bounded memory, CRC checked), refuses hostile
  XML (DTDs, entities), absurd merged or hyperlinked ranges that would make openpyxl create a
  cell object for every cell they cover, and notes formulas that have no saved value.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import (Location, NotAnXlsxWorkbook, WorkbookLockedByExcel, WorkbookNotFound,
                     WorkbookTooLarge)

# Limits far above any real plan (Norsjö's workbook unpacks to well under 1 MB; 10 000 goals
# unpack to ~40 MB). openpyxl holds every cell in memory, ~10x the XML: these bound it to a few GB.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_PARTS = 10_000
# Cells covered by merged ranges (or hyperlink ranges) in one sheet: openpyxl makes an object for
# each covered cell, so A1:XFD1048576 would take hours and all memory.
MAX_RANGE_CELLS = 1_000_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1024 * 1024
_WORKSHEET_TYPE = "/worksheet"


@dataclass
class SheetScan:
    """What the raw XML of one worksheet says that openpyxl's values do not."""

    part: str
    # (row, column) of formula cells saved without a value (data_only reads them as None).
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)


def _refuse_not_xlsx(message: str, where: Location) -> NotAnXlsxWorkbook:
    return NotAnXlsxWorkbook(message, where)


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
        raise WorkbookNotFound("filen finns inte. Kontrollera sökvägen.", where)
    if path.is_dir():
        raise WorkbookNotFound("det här är en mapp, inte en arbetsbok (.xlsx).", where)
    if not path.is_file():  # a device or a pipe: reading could block or never end
        raise WorkbookNotFound("det här är ingen vanlig fil (utan t.ex. en enhet eller ett rör). "
                               "Ange arbetsboken (.xlsx).", where)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise WorkbookNotFound("filen går inte att läsa (" + _os_reason(exc) + ").",
                               where) from exc
    if not head:
        raise NotAnXlsxWorkbook("filen är tom (0 byte). Spara arbetsboken på nytt i Excel.",
                                where)
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(path, where)
    if not head.startswith(b"PK"):
        raise NotAnXlsxWorkbook(_not_zip_message(head), where)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            struct.error) as exc:
        raise NotAnXlsxWorkbook(
            "filen är skadad (zip-arkivet går inte att öppna, kanske ofullständigt sparad eller "
            "nedladdad). Spara arbetsboken på nytt från Excel.", where) from exc
    except NotImplementedError as exc:  # zipfile: "zip file version 8.4", a method it lacks
        raise NotAnXlsxWorkbook(
            "filen är packad på ett sätt som Excel aldrig använder (en zip-version eller "
            "komprimering som inte stöds); den är skadad eller ingen riktig Excel-arbetsbok. "
            "Spara arbetsboken på nytt från Excel.", where) from exc
    names = {info.filename for info in infos}
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


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is unpacked."""
    if len(infos) > MAX_PARTS:
        raise WorkbookTooLarge(f"arbetsboken har orimligt många delar ({len(infos)}); "
                               "den vägras som skydd mot skadliga filer.", where)
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) \
                or info.flag_bits & 0x1:
            # Excel only deflates; other methods (bzip2, lzma) unpack without a size bound in
            # Python's zipfile, and bit 0 means a zip password.
            raise NotAnXlsxWorkbook(
                f"delen {info.filename} är packad eller krypterad på ett sätt som Excel aldrig "
                "använder; filen är skadad eller ingen riktig Excel-arbetsbok. Spara "
                "arbetsboken på nytt från Excel.", where)
        if info.compress_size > info.file_size + info.file_size // 100 + 1024:
            # Deflate never shrinks data to less than its compressed size: the declared size
            # is a lie (a zip bomb hiding its size, or damage).
            raise WorkbookTooLarge(
                f"delen {info.filename} uppger en för liten storlek; filen är skadad eller "
                "gjord för att lura (zip-bomb) och vägras.", where)
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


# --- the second, streaming look at every part ------------------------------------------------

# Byte searches (memchr-fast) for a DTD, in UTF-8 and UTF-16 either way round.
_DTD_MARKERS = tuple(word.encode(enc) for word in ("<!DOCTYPE", "<!ENTITY")
                     for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_RANGE_REF = re.compile(rb"<(?:\w+:)?(mergeCell|hyperlink)\b[^>]*?\bref=\"([^\"]*)\"")
# A formula element's start; group 1: the namespace prefix, if any ("x:").
_FORMULA = re.compile(rb"<((?:\w+:)?)f(?=[\s>/])")
_CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*>\s*$")
# The element after a formula, if it is a value: group 1 its prefix, group 2 its text (None when
# self-closing).
_VALUE = re.compile(rb"<((?:\w+:)?)v(?:\s*/>|\s*>([^<]*)<)")
_STR_TYPE = re.compile(rb"\bt=\"str\"")
_CELL_REF = re.compile(rb"\br=\"\$?([A-Za-z]{1,3})\$?(\d{1,7})\"")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$")


def scan_workbook(path: str | Path) -> dict[str, SheetScan]:
    """Stream every part once and refuse what would hurt openpyxl; return per sheet title what
    the values alone do not tell. Call after `check_input_file`."""
    path = Path(path)
    where = Location(str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            titles = _sheet_parts(archive, where)
            present = set(archive.namelist())
            for part, title in titles.items():
                if part not in present:
                    raise NotAnXlsxWorkbook(
                        f"filen är skadad: bladet {title} finns i arbetsbokens "
                        f"innehållsförteckning men själva bladet ({part}) saknas i filen. Spara "
                        "arbetsboken på nytt från Excel.", where)
            scans: dict[str, SheetScan] = {}
            for info in archive.infolist():
                if info.is_dir():
                    continue
                data = _read_part(archive, info, where, keep=info.filename in titles)
                title = titles.get(info.filename)
                if title is not None and data is not None:
                    scans[title] = _scan_sheet(data, title, info.filename, where)
            return scans
    except (NotAnXlsxWorkbook, WorkbookTooLarge):
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, struct.error,
            RuntimeError, KeyError, NotImplementedError) as exc:
        raise NotAnXlsxWorkbook(
            "filen är skadad (en del av zip-arkivet går inte att packa upp, kanske "
            "ofullständigt sparad eller nedladdad). Spara arbetsboken på nytt från Excel.",
            where) from exc


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location,
               keep: bool) -> bytes | None:
    """Unpack one member in bounded chunks: zipfile stops at the declared size and checks the
    CRC, so a size lie ends in BadZipFile instead of gigabytes. Returns the bytes if `keep`."""
    kept: list[bytes] = []
    is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    tail = b""
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            if is_xml:
                _refuse_dtd(tail + chunk, info.filename, where)
                tail = chunk[-32:]
            if keep:
                kept.append(chunk)
    return b"".join(kept) if keep else None


def _refuse_dtd(data: bytes, name: str, where: Location) -> None:
    """Excel never writes a DTD (nor comments or CDATA, where the words could stand
    harmlessly); one in a part is an entity bomb or an attack on the parser."""
    if any(marker in data for marker in _DTD_MARKERS):
        raise WorkbookTooLarge(
            f"delen {name} innehåller en XML-definition (DTD/ENTITY) som Excel aldrig skriver; "
            "filen vägras som skydd mot skadliga filer (XML-bomb). Spara arbetsboken på nytt "
            "från Excel.", where)


def _sheet_parts(archive: zipfile.ZipFile, where: Location) -> dict[str, str]:
    """Worksheet part name -> sheet title, from workbook.xml and its relationships."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    def parse(name: str):
        info = archive.getinfo(name)
        data = _read_part(archive, info, where, keep=True) or b""
        try:
            return fromstring(data)
        except DefusedXmlException as exc:
            raise WorkbookTooLarge(
                f"delen {name} innehåller en XML-definition (DTD/ENTITY) som Excel aldrig "
                "skriver; filen vägras som skydd mot skadliga filer.", where) from exc
        except Exception as exc:  # ParseError and friends: damaged XML
            raise NotAnXlsxWorkbook(
                f"filen är skadad (delen {name} är ingen giltig XML). Spara arbetsboken på nytt "
                "från Excel.", where) from exc

    workbook = parse("xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name not in archive.namelist():
        return {}
    targets: dict[str, str] = {}
    for rel in parse(rels_name):
        if str(rel.get("Type", "")).endswith(_WORKSHEET_TYPE):
            targets[rel.get("Id", "")] = _resolve("xl/workbook.xml", rel.get("Target", ""))
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        part = targets.get(rel_id or "")
        if part:
            parts[part] = element.get("name", "")
    return parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(source).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _scan_sheet(data: bytes, title: str, part: str, where: Location) -> SheetScan:
    scan = SheetScan(part)
    if b"mergeCell" in data or b"hyperlink" in data:  # memchr-fast; most sheets have neither
        _refuse_huge_ranges(data, title, where)
    scan.uncached_formulas = _uncached_formulas(data)
    return scan


def _refuse_huge_ranges(data: bytes, title: str, where: Location) -> None:
    covered = {b"mergeCell": 0, b"hyperlink": 0}
    for match in _RANGE_REF.finditer(data):
        kind, ref = match.group(1), match.group(2).decode("ascii", "replace")
        covered[kind] += _range_cells(ref)
        if covered[kind] > MAX_RANGE_CELLS:
            what, fix = (("sammanfogade celler", "Dela upp sammanfogningen")
                         if kind == b"mergeCell" else
                         ("länkar (hyperlänkar)", "Ta bort länken"))
            raise WorkbookTooLarge(
                f"bladet {title} har {what} som täcker orimligt många celler (t.ex. {ref}); "
                f"arbetsboken vägras som skydd mot skadliga filer. {fix} i Excel och spara "
                "igen.", Location(where.file, title))


def _uncached_formulas(data: bytes) -> set[tuple[int, int]]:
    """Cells whose formula has no saved value. A cell is `<c r=..><f>..</f><v>..</v></c>` (f, v
    in that order, by the schema), so each formula is checked where it stands: the tag just
    before it is its cell, the element just after it is the value or nothing. Work is per
    formula, not per cell.

    An empty `<v></v>` counts as no value (openpyxl and other libraries write formulas so),
    except in a `t="str"` cell, where it is a formula that gave empty text."""
    found: set[tuple[int, int]] = set()
    for match in _FORMULA.finditer(data):
        prefix = match.group(1)
        start = data.rfind(b"<", max(0, match.start() - 1024), match.start())
        cell_tag = data[start:match.start()] if start >= 0 else b""
        if not _CELL_START.match(cell_tag):
            continue  # not a cell's formula (or XML too odd to tell): leave it to openpyxl
        tag_end = data.find(b">", match.end())
        if tag_end < 0:
            break
        if data[tag_end - 1:tag_end] == b"/":
            after = tag_end + 1
        else:
            close = data.find(b"</" + prefix + b"f>", tag_end)
            if close < 0:
                break
            after = close + len(prefix) + 4
        if _has_saved_value(data[after:after + 256].lstrip(), prefix, cell_tag):
            continue
        ref = _CELL_REF.search(cell_tag)
        if ref:
            found.add((int(ref.group(2)), _column_index(ref.group(1))))
    return found


def _has_saved_value(following: bytes, prefix: bytes, cell_tag: bytes) -> bool:
    value = _VALUE.match(following, 0)
    if value is None or value.group(1) != prefix:
        return False
    if value.group(2) is not None and value.group(2).strip():
        return True
    return _STR_TYPE.search(cell_tag) is not None


def _column_index(letters: bytes | str) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def _range_cells(ref: str) -> int:
    """How many cells a reference like "A1:C3" or "A1 B2:B4" covers (0 if unreadable)."""
    total = 0
    for piece in ref.split():
        match = _REF.match(piece)
        if not match:
            continue
        c1, r1, c2, r2 = match.groups()
        if c2 is None:
            total += 1
            continue
        rows = abs(int(r2) - int(r1)) + 1
        cols = abs(_column_index(c2) - _column_index(c1)) + 1
        total += rows * cols
    return total


# --- OLE compound files: old .xls or an encrypted (password-protected) .xlsx ------------------


def _ole_error(path: Path, where: Location) -> NotAnXlsxWorkbook:
    names = _ole_stream_names(path)
    if names is None:  # not a readable compound file: fall back on the name search
        names = set()
        try:
            with path.open("rb") as handle:
                data = handle.read(4 * 1024 * 1024)
        except OSError:
            data = b""
        for name in ("EncryptedPackage", "Workbook", "Book", "WordDocument"):
            if name.encode("utf-16-le") in data:
                names.add(name)
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


_FREE, _END, _FAT, _DIFAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_MAX_DIR_SECTORS = 10_000  # far above the few a workbook needs; bounds a looping chain


def _ole_stream_names(path: Path) -> set[str] | None:
    """The names of every storage and stream in an OLE compound file (MS-CFB), read from its
    directory; None when the file is not a well-formed compound file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(512)
            if len(header) < 512:
                return None
            shift = struct.unpack_from("<H", header, 0x1E)[0]
            if shift not in (9, 12):
                return None
            size = 1 << shift
            n_fat, first_dir = struct.unpack_from("<II", header, 0x2C)
            first_difat, n_difat = struct.unpack_from("<II", header, 0x44)

            def sector(number: int) -> bytes:
                handle.seek((number + 1) * size)
                data = handle.read(size)
                if len(data) != size:
                    raise ValueError("short sector")
                return data

            fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C)
                           if s not in (_FREE, _END)]
            next_difat, seen = first_difat, set()
            while next_difat not in (_FREE, _END) and len(seen) < max(n_difat, 1) + 1:
                if next_difat in seen:
                    return None
                seen.add(next_difat)
                entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
                fat_sectors.extend(s for s in entries[:-1] if s not in (_FREE, _END))
                next_difat = entries[-1]
            fat_sectors = fat_sectors[:max(n_fat, 0) or len(fat_sectors)]
            per_sector = size // 4

            def next_in_chain(number: int) -> int:
                index, offset = divmod(number, per_sector)
                if index >= len(fat_sectors):
                    raise ValueError("sector outside the FAT")
                return struct.unpack_from("<I", sector(fat_sectors[index]), offset * 4)[0]

            names: set[str] = set()
            current, visited = first_dir, set()
            while current not in (_END, _FREE):
                if current in visited or len(visited) > _MAX_DIR_SECTORS or current > 0x7FFFFFFF:
                    return None
                visited.add(current)
                data = sector(current)
                for offset in range(0, size, 128):
                    entry = data[offset:offset + 128]
                    length = struct.unpack_from("<H", entry, 0x40)[0]
                    kind = entry[0x42]
                    if kind in (1, 2, 5) and 2 <= length <= 64:
                        names.add(entry[:length - 2].decode("utf-16-le", "replace"))
                current = next_in_chain(current)
            return names
    except (OSError, ValueError, struct.error):
        return None


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM):
        return "behörighet saknas"
    if exc.errno == errno.EISDIR:
        return "det är en mapp"
    return "läsfel"
