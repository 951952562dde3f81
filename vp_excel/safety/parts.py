"""The second, streaming look at every part of an .xlsx: each zip member unpacked once in
bounded chunks (zipfile checks the CRC, so a size lie ends in an error, not gigabytes), hostile
XML refused (a DTD or ENTITY: Excel never writes one), worksheets whose merged or hyperlinked
ranges would make openpyxl create a cell object for millions of cells refused. Each worksheet's
XML is handed on in UTF-8 (checked_sheets) to the data extraction in sheetscan.py."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import Location, NotAnXlsxWorkbook, WorkbookTooLarge
from . import damage

# Cells covered by merged ranges (or hyperlink ranges) in the whole workbook: openpyxl makes
# and styles an object for each covered cell (~35 µs and ~300 bytes each), so A1:XFD1048576
# would take hours and all memory. A real plan merges a few hundred cells.
MAX_RANGE_CELLS = 100_000
# Worksheets in one workbook: openpyxl sets up each one (~1,5 ms even when empty), so 10 000
# empty sheets in a 2 MB file take 15 s. A plan has a handful; a kommun's book a few dozen.
MAX_SHEETS = 1_000
# Style records (cell formats, fonts, fills, borders, number formats) in xl/styles.xml, the
# part openpyxl reads them from: it builds an object for each, ~2 kB (300 000 of them in a
# 0,5 MB file took 6 s and 650 MB). Excel itself stops at 64 000 cell formats.
MAX_STYLE_RECORDS = 150_000
# Shared strings: openpyxl keeps each as an object; a million is far above a kommun's book
# (the stress workbook of 10 000 goals and 50 000 activities has ~200 000).
MAX_SHARED_STRINGS = 1_000_000
# Cells (<c> elements) in all worksheets: openpyxl makes an object of each, filled or not.
# A million empty ones in a 2,4 MB file take 7 s and 450 MB; the stress workbook of 10 000
# goals and 50 000 activities has 374 000.
MAX_CELLS = 1_000_000
_CELL_OPENINGS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c(?=[\s/>])")
# Rows with a height or style, even with no cell in them: openpyxl keeps a row-dimension object
# for each, at twice a cell's cost (900 000 styled empty rows: 15 s and 870 MB). Counted apart
# from the cells (every <row>): the stress level's report workbook has 73 000 rows beside its
# 940 000 cells.
MAX_ROWS = 250_000
_ROW_OPENINGS = (b"<row ", b"<row>", b"<row/", b"<row\t", b"<row\n", b"<row\r")
_PREFIXED_ROW = re.compile(rb"<[\w.-]+:row(?=[\s/>])")
# Conditional formats and data validations in all worksheets: openpyxl parses each into
# objects (~50 µs each: 300 000 took 14-18 s). vp-excel's own report writes one per column.
MAX_SHEET_RULES = 20_000
_SHEET_RULE = re.compile(rb"<(?:[\w.-]+:)?(?:conditionalFormatting|cfRule|dataValidation)"
                         rb"(?=[\s/>])")
# Elements of the worksheets outside their cells (views, selections, page breaks, ignored
# errors, column ranges, merges, ...): openpyxl makes an object of each, up to ~14 µs and 800
# bytes (500 000 sheet views took 14 s and 800 MB). The stress level's report has 23 000.
MAX_SHEET_STRUCTURE = 200_000
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData(?=[\s/>])")
# XML elements in every other part openpyxl may parse (workbook.xml with its defined names,
# comments, pivot caches and their records, charts and drawings, tables, properties): the
# costliest, pivot records, take ~80 µs and 1,5 kB each, so 500 000 took 115 s and 2,3 GB.
# Counted whatever the part is called or however it is linked (fix the kind, not the route);
# a real plan's other parts hold a few hundred.
MAX_OTHER_ELEMENTS = 50_000
_STYLES_PART = "xl/styles.xml"
_STYLE_RECORD = re.compile(rb"<(?:[\w.-]+:)?(?:xf|font|fill|border|numFmt|dxf|cellStyle|"
                           rb"tableStyle|tableStyleElement)(?=[\s/>])")
# Any element in xl/styles.xml (parsed whole: 600 000 empty <ext> took 5 s and 370 MB); Excel's
# 64 000 cell formats with their alignments are some 150 000.
MAX_STYLE_ELEMENTS = 400_000
# Runs of formatted text (<r>) in shared strings and sheets: openpyxl makes objects of each
# (400 000 in one cell: 4-6 s, 230-270 MB); a kommun's book formats a few words.
MAX_TEXT_RUNS = 300_000
_RUN_OPENINGS = (b"<r>", b"<r ", b"<r\t", b"<r\n", b"<r\r", b"<rPh ", b"<rPh>")  # and phonetic
_PREFIXED_RUN = re.compile(rb"<[\w.-]+:r(?=[\s>])")
_STRING_RECORD = re.compile(rb"<(?:[\w.-]+:)?si(?=[\s/>])")
_SHARED_STRINGS_TYPE = "sharedStrings+xml"

_CHUNK = 1024 * 1024
Xml = bytes | bytearray  # a part unpacked into one buffer (_read_part), read as bytes
_WORKSHEET_TYPE = "/worksheet"

# Byte searches (memchr-fast) for a DTD, in UTF-8, UTF-16 and UTF-32 either way round.
_DTD_MARKERS = tuple(word.encode(enc) for word in ("<!DOCTYPE", "<!ENTITY")
                     for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
# A mergeCell or hyperlink start tag and its attributes as XML spells them: either quote,
# spaces around "=", any prefix; a value may hold ">" but never "<".
_RANGE_TAG = re.compile(rb"<(?:[\w.-]+:)?(mergeCell|hyperlink)(?=[\s/>])((?:\s+[^\s=/>]+\s*=\s*"
                        rb"(?:\"[^\"<]*\"|'[^'<]*'))*)\s*/?>")
_ATTRIBUTE = re.compile(rb"([^\s=/>]+)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
# A1, A1:C3, and the whole-column and whole-row forms A:C and 1:3 (no length limits: leading
# zeros are legal and must not hide a range).
_REF = re.compile(r"^\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?$")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384


def checked_sheets(path: str | Path) -> Iterator[tuple[str, str, Iterator[Xml], SheetTally]]:
    """Stream every part once and refuse what would hurt openpyxl; yield (sheet title, part
    name, its XML in pieces, its counts) for each worksheet. The pieces are UTF-8, cut after a
    row's end (a cell or row never spans two), so a region's sheet is never held whole; the
    counts are the sheet's once its pieces are read, and the budgets are checked then (a
    refusal is raised from the pieces). Call after `check_input_file`."""
    path = Path(path)
    where = Location(str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            titles = _sheet_parts(archive, where)
            if len(titles) > MAX_SHEETS:
                from ..swedish import format_decimal

                raise WorkbookTooLarge(
                    f"arbetsboken har {format_decimal(len(titles))} blad, fler än "
                    f"{format_decimal(MAX_SHEETS)}; den vägras som skydd mot skadliga filer. "
                    "Spara bladen med planen i en egen arbetsbok.", where)
            present = set(archive.namelist())
            for part, title in titles.items():
                if part not in present:
                    raise NotAnXlsxWorkbook(damage.sheet_part_missing(title, part), where)
            covered = {b"mergeCell": 0, b"hyperlink": 0}  # across the workbook, not per sheet
            totals = SheetTally()  # the worksheets' counts so far, against the budgets
            others = 0
            # Parts whose records openpyxl makes objects of, counted: styles (at the fixed
            # name openpyxl reads) and shared strings (wherever the content types put them).
            counted = dict.fromkeys(_parts_of_type(archive, _SHARED_STRINGS_TYPE, where),
                                    "strings") | {_STYLES_PART: "styles"}
            for info in archive.infolist():
                if info.is_dir():
                    continue
                is_counted = info.filename in counted
                sheet_title = titles.get(info.filename)
                if sheet_title is not None and not is_counted:
                    # A worksheet is read in pieces, never whole (a region's is 40 MB).
                    tally = SheetTally()
                    pieces = _checked_pieces(archive, info, where, sheet_title, tally, totals,
                                             covered)
                    yield sheet_title, info.filename, pieces, tally
                    for _ in pieces:  # what the caller left unread is checked all the same
                        pass
                    continue
                # Every XML part openpyxl may parse is kept to be counted (one part at a time);
                # VML (legacy drawings) openpyxl keeps as a link, never parsed.
                is_parsed = info.filename.lower().endswith((".xml", ".rels"))
                data = _read_part(archive, info, where, keep=is_counted or is_parsed)
                if is_counted and data is not None:
                    totals.runs += _refuse_many_records(as_utf8(data), counted[info.filename],
                                                        where, totals.runs)
                elif data is not None:
                    others += _element_count(as_utf8(data))
                    if others > MAX_OTHER_ELEMENTS:
                        raise WorkbookTooLarge(damage.other_parts_too_large(
                            info.filename, MAX_OTHER_ELEMENTS), where)
                del data  # the last part gone before the next is unpacked
    except (NotAnXlsxWorkbook, WorkbookTooLarge):
        raise
    except _ZIP_ERRORS as exc:
        raise NotAnXlsxWorkbook(damage.ZIP_PART_UNREADABLE, where) from exc


# What zipfile, zlib and struct raise for a damaged or lying member.
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, struct.error,
               RuntimeError, KeyError, NotImplementedError)


def xml_elements(path: Path, where: Location) -> Iterator[tuple[str, int]]:
    """(part name, start tags) for every XML part of an Office zip (a Word template too),
    each unpacked once in bounded chunks; a DTD is refused as in a workbook. Call after the
    zip-bomb checks of safety.files."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.lower().endswith((".xml", ".rels")):
                data = _read_part(archive, info, where, keep=True) or b""
                yield info.filename, _element_count(as_utf8(data))


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location,
               keep: bool) -> bytearray | None:
    """Unpack one member in bounded chunks: zipfile stops at the declared size and checks the
    CRC, so a size lie ends in BadZipFile instead of gigabytes. Returns the bytes if `keep`,
    in one buffer (chunks joined at the end held a part twice: 84 MB for a 42 MB sheet)."""
    kept = bytearray(info.file_size) if keep else None
    filled = 0
    is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    tail = b""
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            if is_xml:
                refuse_dtd(tail + chunk, info.filename, where)
                tail = chunk[-32:]
            if kept is not None:
                kept[filled:filled + len(chunk)] = chunk
                filled += len(chunk)
    return kept if kept is None or filled == len(kept) else kept[:filled]


_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def as_utf8(data: Xml) -> Xml:
    """The XML in UTF-8, as the parser will read it: a part saved in UTF-16 (a byte-order
    mark) or declaring another encoding is recoded, so byte searches see what the parser
    sees."""
    for bom, encoding in ((b"\xef\xbb\xbf", ""), (b"\xff\xfe\x00\x00", "utf-32-le"),
                          (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            if not encoding:
                return data
            return data[len(bom):].decode(encoding, "replace").encode("utf-8")
    declared = _DECLARED.match(data[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        try:
            return data.decode(declared.group(1).decode("ascii")).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            return data  # the parser refuses it as well; the reader says so
    return data


def refuse_dtd(data: bytes, name: str, where: Location) -> None:
    """Excel never writes a DTD (nor comments or CDATA, where the words could stand
    harmlessly); one in a part is an entity bomb or an attack on the parser."""
    if has_dtd(data):
        raise WorkbookTooLarge(damage.part_has_dtd(name), where)


def has_dtd(data: bytes) -> bool:
    """Whether XML bytes (UTF-8 or UTF-16) hold a DTD or an entity declaration."""
    return any(marker in data for marker in _DTD_MARKERS)


def _sheet_parts(archive: zipfile.ZipFile, where: Location) -> dict[str, str]:
    """Worksheet part name -> sheet title, from workbook.xml and its relationships."""
    def parse(name: str) -> Any:
        return _parse(archive, name, where)

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
        if part and part in parts:
            # Excel gives every sheet its own part. Many sheets naming one part would have
            # it parsed once per sheet (900 sheets on one 30 000-row part ran for minutes)
            # while every count here saw it once.
            raise NotAnXlsxWorkbook(damage.sheets_share_a_part(parts[part],
                                                               element.get("name", ""), part),
                                    where)
        if part:
            parts[part] = element.get("name", "")
    return parts


def _parse(archive: zipfile.ZipFile, name: str, where: Location) -> Any:
    """A small part parsed whole (defused: no DTD, no entities)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    data = _read_part(archive, archive.getinfo(name), where, keep=True) or b""
    try:
        return fromstring(data)
    except DefusedXmlException as exc:
        raise WorkbookTooLarge(damage.part_has_dtd(name), where) from exc
    except Exception as exc:  # ParseError and friends: damaged XML
        raise NotAnXlsxWorkbook(damage.part_invalid_xml(name), where) from exc


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


def _refuse_huge_ranges(data: Xml, title: str, where: Location,
                        covered: dict[bytes, int]) -> None:
    """Count the cells the sheet's merges and hyperlinks cover into `covered` (the whole
    workbook's) and refuse when a count passes MAX_RANGE_CELLS."""
    for match in _RANGE_TAG.finditer(data):
        kind, ref = match.group(1), _ref_attribute(match.group(2))
        if not ref:
            continue
        cells = _range_cells(ref)
        covered[kind] += cells
        if covered[kind] > MAX_RANGE_CELLS:
            what, fix = (("sammanfogade celler", "Dela upp sammanfogningen")
                         if kind == b"mergeCell" else
                         ("länkar (hyperlänkar)", "Ta bort länken"))
            reach = ("täcker orimligt många celler" if cells > MAX_RANGE_CELLS else
                     "tillsammans med andra blads täcker orimligt många celler")
            shown = ref if len(ref) <= 40 else ref[:39] + "…"
            raise WorkbookTooLarge(
                f"bladet {title} har {what} som {reach} (t.ex. {shown}); arbetsboken vägras "
                f"som skydd mot skadliga filer. {fix} i Excel och spara igen.",
                Location(where.file, title))


_PIECE = 4 * _CHUNK  # a worksheet is read in pieces of about this size, cut after a row


class SheetTally:
    """A sheet's counts (or the workbook's worksheets' so far), added up piece by piece, by
    memchr-fast counts: <c> and <row> elements, runs of formatted text, conditional formats
    and validations, and `structure`: the elements openpyxl makes objects of besides, outside
    <sheetData> and inside the rows past what cells hold (800 000 empty elements in one row
    took 3 s and 290 MB), known when the last piece is read."""

    def __init__(self) -> None:
        self.cells = self.rows = self.runs = self.rules = self.structure = 0
        self._total = 0  # start tags in the whole sheet
        self._opened = False  # <sheetData> seen
        self._closed = False  # "sheetData>" seen after it
        self._inside = 0  # start tags after <sheetData> up to the last "sheetData>" seen
        self._pending = 0  # start tags after the last "sheetData>" seen (or after <sheetData>)

    def add(self, piece: Xml) -> None:
        self.cells += sum(piece.count(opening) for opening in _CELL_OPENINGS)
        self.rows += sum(piece.count(opening) for opening in _ROW_OPENINGS)
        if b":c" in piece:
            self.cells += len(_PREFIXED_CELL.findall(piece))
        if b":row" in piece:
            self.rows += len(_PREFIXED_ROW.findall(piece))
        if b"<is" in piece:
            self.runs += text_runs(piece)
        if b"onditionalFormatting" in piece or b"dataValidation" in piece:
            self.rules += sum(1 for _ in _SHEET_RULE.finditer(piece))
        self._total += _element_count(piece)
        start = 0
        if not self._opened:
            opening = _SHEET_DATA.search(piece)
            if opening is None:
                return
            self._opened, start = True, opening.start() + 1
        end = piece.rfind(b"sheetData>", start)
        if end >= 0:
            self._closed = True
            self._inside += self._pending + _element_count(piece, start, end)
            self._pending = _element_count(piece, end)
        else:
            self._pending += _element_count(piece, start)

    def finish(self) -> None:
        """The sheet read: its elements besides what its cells hold."""
        if not self._closed:
            self.structure = self._total
            return
        inside = self._inside
        self.structure = (self._total - inside
                          + max(0, inside - self.rows - 4 * self.cells - 10 * self.runs))

    def include(self, sheet: SheetTally) -> None:
        for name in ("cells", "rows", "runs", "rules", "structure"):
            setattr(self, name, getattr(self, name) + getattr(sheet, name))


def _checked_pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location,
                    title: str, tally: SheetTally, totals: SheetTally,
                    covered: dict[bytes, int]) -> Iterator[Xml]:
    """A worksheet's pieces (`_sheet_pieces`), counted into `tally`; when the last is read,
    the workbook's `totals` against the budgets, then its merged and linked ranges."""
    ranged: list[Xml] = []  # the pieces with merges or links: the sheet's end, in practice
    pieces = _sheet_pieces(archive, info, where)
    while True:
        # Read outside checked_sheets' own try, so a damaged member is said here the same way.
        try:
            piece = next(pieces, None)
        except (NotAnXlsxWorkbook, WorkbookTooLarge):
            raise
        except _ZIP_ERRORS as exc:
            raise NotAnXlsxWorkbook(damage.ZIP_PART_UNREADABLE, where) from exc
        if piece is None:
            break
        tally.add(piece)
        if b"mergeCell" in piece or b"hyperlink" in piece:  # memchr-fast
            ranged.append(piece)
        yield piece
    tally.finish()
    totals.include(tally)
    for count, limit, what in (
            (totals.cells, MAX_CELLS, "celler"), (totals.rows, MAX_ROWS, "rader"),
            (totals.rules, MAX_SHEET_RULES, "villkorsstyrda format och dataverifieringar"),
            (totals.structure, MAX_SHEET_STRUCTURE, "element utöver cellerna"),
            (totals.runs, MAX_TEXT_RUNS, "formaterade textbitar")):
        if count > limit:
            from ..swedish import format_decimal

            raise WorkbookTooLarge(
                f"arbetsbokens blad har fler än {format_decimal(limit)} {what} "
                f"(bladet {title} och de före det); den vägras som "
                "skydd mot skadliga filer.", Location(where.file, title))
    for piece in ranged:
        _refuse_huge_ranges(piece, title, where, covered)


def _sheet_pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                  where: Location) -> Iterator[Xml]:
    """A worksheet unpacked in bounded chunks (as `_read_part`) and handed on in UTF-8 pieces
    of about _PIECE bytes, each cut just after a "</row>", so no cell or row spans two and a
    region's 40 MB sheet is never held whole. A part in another encoding (UTF-16, a declared
    one) or without a row end to cut at is handed on whole, recoded, as before."""
    buffer = bytearray()
    tail = b""
    whole: bool | None = None  # decided on the first chunk: not UTF-8, read whole
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            refuse_dtd(tail + chunk, info.filename, where)
            tail = chunk[-32:]
            buffer += chunk
            if whole is None:
                whole = _not_utf8(buffer)
            if whole or len(buffer) < _PIECE:
                continue
            cut = buffer.rfind(b"</row>")
            if cut >= 0:
                cut += len(b"</row>")
                yield bytes(buffer[:cut])
                del buffer[:cut]
    if buffer:
        yield as_utf8(bytes(buffer)) if whole else bytes(buffer)


def _not_utf8(start: Xml) -> bool:
    """Whether XML starting so is in another encoding than UTF-8 (as_utf8 would recode it)."""
    for bom in (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"):
        if start.startswith(bom):
            return True
    declared = _DECLARED.match(bytes(start[:200]))
    return declared is not None and declared.group(1).lower().replace(b"_", b"-") not in (
        b"utf-8", b"utf8")


def _element_count(data: Xml, start: int = 0, end: int | None = None) -> int:
    """Start tags in XML (or a stretch of it), by memchr-fast counts: every "<" that does not
    open an end tag, a declaration or a processing instruction (markup cannot hide a "<")."""
    stop = len(data) if end is None else end
    return (data.count(b"<", start, stop) - data.count(b"</", start, stop)
            - data.count(b"<?", start, stop) - data.count(b"<!", start, stop))


def _refuse_many_records(data: Xml, kind: str, where: Location, runs: int = 0) -> int:
    """Refuse a styles or shared-strings part with too many of what openpyxl makes objects of
    (with the workbook's `runs` so far); returns the part's runs of formatted text."""
    from ..swedish import format_decimal

    pattern, limit, what = ((_STYLE_RECORD, MAX_STYLE_RECORDS,
                             "cellformat, formatmallar, teckensnitt och fyllningar")
                            if kind == "styles" else
                            (_STRING_RECORD, MAX_SHARED_STRINGS, "olika texter"))
    found = 0 if kind == "styles" else text_runs(data)
    for count, most, said in ((sum(1 for _ in pattern.finditer(data)), limit, what),
                              (_element_count(data) if kind == "styles" else 0,
                               MAX_STYLE_ELEMENTS, "XML-element i formatmallarna"),
                              (runs + found, MAX_TEXT_RUNS, "formaterade textbitar")):
        if count > most:
            raise WorkbookTooLarge(
                f"arbetsboken har {format_decimal(count)} {said}, fler än "
                f"{format_decimal(most)}; den vägras som skydd mot skadliga filer.", where)
    return found


def text_runs(data: Xml) -> int:
    """Runs of formatted text (<r>) in XML, by memchr-fast counts (a prefix only if used)."""
    runs = sum(data.count(opening) for opening in _RUN_OPENINGS)
    if b":r" in data:
        runs += len(_PREFIXED_RUN.findall(data))
    return runs


def _parts_of_type(archive: zipfile.ZipFile, suffix: str, where: Location) -> list[str]:
    """The parts [Content_Types].xml gives a content type ending in `suffix`."""
    name = "[Content_Types].xml"
    if name not in archive.namelist():
        return []
    types = _parse(archive, name, where)
    return [str(e.get("PartName", "")).lstrip("/") for e in types.iter()
            if _local(e.tag) == "Override" and str(e.get("ContentType", "")).endswith(suffix)]


def _ref_attribute(attributes: bytes) -> str:
    """The ref attribute's value as an XML parser reads it (character references resolved)."""
    for attribute in _ATTRIBUTE.finditer(attributes):
        name = attribute.group(1).rsplit(b":", 1)[-1]
        if name == b"ref" and b":" not in attribute.group(1):
            raw = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            return _unescape(raw.decode("utf-8", "replace"))
    return ""


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    from xml.sax.saxutils import unescape

    def char(match: re.Match[str]) -> str:
        number = match.group(1)
        try:
            code = int(number[1:], 16) if number[:1] in "xX" else int(number)
            return chr(code)
        except (ValueError, OverflowError):
            return ""

    return unescape(re.sub(r"&#([xX][0-9a-fA-F]+|[0-9]+);", char, text),
                    {"&apos;": "'", "&quot;": '"'})


def column_index(letters: bytes | str) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def _row(digits: str) -> int:
    """A row number, however many digits (Python refuses int() past 4 300 of them)."""
    significant = digits.lstrip("0")
    return int(significant) if len(significant) <= 15 else 10**15


def _range_cells(ref: str) -> int:
    """How many cells a reference like "A1:C3", "A1 B2:B4", "A:C" or "1:3" covers (0 if
    unreadable)."""
    total = 0
    for piece in ref.split():
        match = _REF.match(piece)
        if not match:
            continue
        c1, r1, c2, r2 = match.groups()
        if c2 is None:
            total += 1 if c1 and r1 else 0
            continue
        if not (c1 or r1) or not (c2 or r2) or bool(c1) != bool(c2) or bool(r1) != bool(r2):
            continue
        rows = abs(_row(r2) - _row(r1)) + 1 if r1 else _MAX_ROW
        cols = abs(column_index(c2) - column_index(c1)) + 1 if c1 else _MAX_COL
        total += rows * cols
    return total
