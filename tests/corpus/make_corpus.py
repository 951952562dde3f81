"""The corpus of bad arbetsböcker, made from code: no opaque binaries in the repository.

Each `case_*` function writes one damaged or hostile input into a given folder and returns a
`Case` saying what vp-excel must answer: a distinctive fragment of the Swedish message, where
it applies the sheet and cell it must name, and the exit code. The tests call them into
tmp_path; a person can look at the files too:

    python tests/corpus/make_corpus.py /tmp/corpus            # every case
    python tests/corpus/make_corpus.py /tmp/corpus xls_file   # some of them

The base that is damaged is the example workbook `workbooks/exempelby-2025.xlsx` when it is
there (it has numbers in its outcome cells), otherwise a small valid workbook built here with
openpyxl. Cells are found by their headers, so the cases work on either base.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import get_column_letter

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "workbooks" / "exempelby-2025.xlsx"
# "auto": the example when it exists, else the built one; "built": always the built one.
BASE = "auto"


@dataclass
class Case:
    """One bad input and the answer vp-excel owes it."""

    name: str
    path: Path
    fragment: str  # a distinctive part of the Swedish message
    where: str = ""  # what the message must name besides the file: "Mål!H7", "Mål" or ""
    exit_code: int = 1
    args: tuple[str, ...] = ()  # extra arguments for both commands
    commands: tuple[str, ...] = ("check", "build")
    build_fragment: str | None = None  # when build says it differently
    names_file: bool = True  # the message names the file (not for a path that is a folder)
    notes: dict[str, Any] = field(default_factory=dict)


CASES: dict[str, Callable[[Path], Case]] = {}


def case(function: Callable[[Path], Case]) -> Callable[[Path], Case]:
    """Register a case; the folder it writes into is made first."""
    def write(folder: Path) -> Case:
        folder.mkdir(parents=True, exist_ok=True)
        return function(folder)

    write.__doc__ = function.__doc__
    CASES[function.__name__.removeprefix("case_")] = write
    return write


# --- the valid base ---------------------------------------------------------------------------

BUILT_PERIODS = ("Delår 1 2025", "Delår 2 2025")


def build_valid_workbook(path: Path, goals: list[dict[str, Any]] | None = None,
                         periods: tuple[str, ...] = BUILT_PERIODS,
                         report_period: str | None = None,
                         texts: list[tuple[str, str]] | None = None,
                         activities: list[tuple[str, str, str, str]] | None = None) -> Path:
    """A small, valid arbetsbok laid out as `vp-excel init` does. `goals` are rows keyed by
    canonical header ("KS mål", "Utfall Delår 1 2025", ...)."""
    from vp_excel import schema

    goals = goals if goals is not None else [
        {"KF ÖG mål": "En attraktiv arbetsgivare", "KF indikator": "Sjukfrånvaro (styrgräns 6%)",
         "Styrgräns": "6%", "Riktning": "Lägre är bättre", "Källa": "Kolada",
         "KS mål": "Sjukfrånvaron är högst 5%", "Målvärde": "5%", "Regel": "Lägre är bättre",
         "Målinriktning": "Friskvård", "Ansvarig enhet": "HR",
         "Aktiviteter": "• Friskvårdstimme\n• Tidiga samtal",
         f"Indikatorutfall {periods[0]}": 0.063, f"Utfall {periods[0]}": "5,3%",
         f"Utfall {periods[-1]}": "5,2%", f"Analys {periods[-1]}": "Fortsatt minskning."},
        {"KF ÖG mål": "En attraktiv arbetsgivare", "KS mål": "Motivationsindex minst 80",
         "Målvärde": 80, "Regel": "Högre är bättre", "Gul gräns": 2,
         "Målinriktning": "Ledarskap", "Ansvarig enhet": "HR", "Utfall föregående år": 76,
         f"Utfall {periods[0]}": 77, f"Utfall {periods[-1]}": 81},
        {"KF ÖG mål": "Ekonomi i balans", "KS mål": "Internkontrollen genomförs",
         "Regel": "Manuell", f"Bedömning {periods[-1]}": "GUL",
         f"Motivering {periods[-1]}": "Två kontroller är försenade."},
    ]
    book = openpyxl.Workbook()
    settings = book.active
    settings.title = "Inställningar"
    settings.append(["Inställning", "Värde", "Förklaring"])
    for label, value in (("Kommun", "Korpusby kommun"), ("Verksamhet", "Kommunledningskontoret"),
                         ("År", 2025), ("Rapportperiod", report_period or periods[-1]),
                         ("Gul gräns (standard)", 0.1)):
        settings.append([label, value])
    period_sheet = book.create_sheet("Perioder")
    period_sheet.append(["Period", "År", "Från", "Till"])
    for index, name in enumerate(periods):
        period_sheet.append([name, 2025, "jan", ["apr", "aug", "dec"][min(index, 2)]])
    goal_sheet = book.create_sheet("Mål")
    headers = [c.header_for(p) for c, p in schema.goal_columns_for(list(periods))]
    goal_sheet.append(headers)
    for goal in goals:
        unknown = set(goal) - set(headers)
        assert not unknown, f"unknown headers {unknown}"
        goal_sheet.append([goal.get(h) for h in headers])
    activity_sheet = book.create_sheet("Aktiviteter")
    activity_sheet.append(["Målinriktning", "Aktivitet", "Status", "Kommentar"])
    for row in activities if activities is not None else [
            ("Friskvård", "Friskvårdstimme", "Pågående", "Startade i mars.")]:
        activity_sheet.append(list(row))
    text_sheet = book.create_sheet("Texter")
    text_sheet.append(["Avsnitt", "Text", "Period"])
    for heading, body in texts if texts is not None else [("Inledning", "Planen följs upp.")]:
        text_sheet.append([heading, body])
    book.save(path)
    return path


def base_source() -> Path | None:
    """The example workbook to damage, or None for the built base."""
    if BASE == "auto" and EXAMPLE.is_file():
        return EXAMPLE
    return None


def write_base(folder: Path, name: str = "plan.xlsx") -> Path:
    """A valid arbetsbok in `folder`: a copy of the example, or one built here."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    source = base_source()
    if source is not None:
        shutil.copyfile(source, path)
    else:
        build_valid_workbook(path)
    return path


@dataclass(frozen=True)  # shared between the cases that ask for it (layout's cache)
class Layout:
    """Where things are in a base workbook's Mål sheet, found by header."""

    header_row: int
    columns: dict[str, int]  # header text -> column index
    report_period: str
    goal_row: int  # a KS mål with a numeric rule and a target

    def cell(self, header: str, row: int | None = None) -> str:
        return f"{get_column_letter(self.columns[header])}{row or self.goal_row}"

    @property
    def outcome(self) -> str:
        """The report period's outcome cell of the numeric goal."""
        return self.cell(f"Utfall {self.report_period}")


def layout(path: Path) -> Layout:
    """Where things are in `path`, found once per content: most cases ask it of a fresh copy
    of the same base, and opening the workbook is most of what making such a case costs."""
    return _layout(path.read_bytes())


@functools.lru_cache(maxsize=8)
def _layout(data: bytes) -> Layout:
    book = openpyxl.load_workbook(io.BytesIO(data))
    settings = book["Inställningar"]
    report_period = next(str(row[1].value) for row in settings.iter_rows()
                         if row[0].value == "Rapportperiod")
    sheet = book["Mål"]
    header_row = next(r for r in range(1, 31)
                      if any(c.value == "KS mål" for c in sheet[r]))
    columns = {str(c.value): c.column for c in sheet[header_row] if c.value}
    goal_row = next(
        r for r in range(header_row + 1, sheet.max_row + 1)
        if sheet.cell(r, columns["KS mål"]).value
        and sheet.cell(r, columns["Regel"]).value in ("Lägre är bättre", "Högre är bättre")
        and sheet.cell(r, columns["Målvärde"]).value is not None)
    return Layout(header_row, columns, report_period, goal_row)


def edit_cells(path: Path, sheet: str, values: dict[str, Any]) -> None:
    """Set cells with openpyxl (load, change, save): for damage a person could type."""
    book = openpyxl.load_workbook(path)
    for coordinate, value in values.items():
        book[sheet][coordinate] = value
    book.save(path)


# --- raw zip and XML surgery --------------------------------------------------------------------


def sheet_part(path: Path, title: str) -> str:
    """The zip member that holds the sheet `title`."""
    from xml.etree import ElementTree

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    rel_id = next(e.get(f"{rel_ns}id") for e in workbook.iter()
                  if e.tag.endswith("}sheet") and e.get("name") == title)
    target = next(e.get("Target") for e in rels if e.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes] | None,
                   drop: bool = False) -> None:
    """Rewrite the zip with one member changed (or dropped), everything else as it was."""
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    if member not in {info.filename for info, _data in items}:
        raise KeyError(f"{path.name} has no member {member}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == member:
                if drop:
                    continue
                data = change(data) if change else data
            archive.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.DOTALL)


def to_shared_strings(path: Path) -> None:
    """Move every inline string (openpyxl writes them so) into xl/sharedStrings.xml, where
    Excel keeps them."""
    with zipfile.ZipFile(path) as archive:
        items = {info.filename: archive.read(info) for info in archive.infolist()}
    if "xl/sharedStrings.xml" in items:
        return
    strings: list[str] = []

    def to_index(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{len(strings) - 1}</v></c>'

    for name in list(items):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            items[name] = _INLINE.sub(to_index, items[name].decode("utf-8")).encode("utf-8")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{main}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si>{s}</si>" for s in strings) + "</sst>").encode("utf-8")
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSharedStrings" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def edit_sheet_xml(path: Path, title: str, change: Callable[[str], str]) -> None:
    rewrite_member(path, sheet_part(path, title),
                   lambda data: change(data.decode("utf-8")).encode("utf-8"))


def patch_declared_size(path: Path, member: str, size: int) -> None:
    """Make the archive lie about a member's unpacked size (local and central headers)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        offset = archive.getinfo(member).header_offset
    struct.pack_into("<I", data, offset + 22, size)
    for start in central_entries(data, member):
        struct.pack_into("<I", data, start + 24, size)
    path.write_bytes(bytes(data))


def central_entries(data: bytes, member: str) -> list[int]:
    """Where `member`'s entries in the zip's central directory start."""
    found = []
    for match in re.finditer(rb"PK\x01\x02", data):
        start = match.start()
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46:start + 46 + length].decode("utf-8", "replace") == member:
            found.append(start)
    return found


def add_compressed_member(path: Path, member: str, unpacked: bytes) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, unpacked)


def ole_file(path: Path, streams: tuple[str, ...]) -> Path:
    """A minimal OLE compound file (MS-CFB, version 3, 512-byte sectors) whose directory holds
    the given stream names: an encrypted .xlsx is one with "EncryptionInfo" and
    "EncryptedPackage", an old .xls one with "Workbook". Streams are empty: only the
    directory matters to tell them apart."""
    sector = 512
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    n_dir_sectors = (len(entries) * 128 + sector - 1) // sector
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # the directory starts in sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [0xFFFFFFFD]  # sector 0 is the FAT itself
    for index in range(n_dir_sectors):  # the directory chain: 1 -> 2 -> ... -> end
        fat.append(index + 2 if index + 1 < n_dir_sectors else 0xFFFFFFFE)
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    fat_sector = struct.pack(f"<{sector // 4}I", *fat)
    directory = bytearray(n_dir_sectors * sector)
    for index, (name, kind) in enumerate(entries):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 0x40, len(encoded), kind, 1)
        left, right, child = 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF
        if kind == 5 and len(entries) > 1:
            child = 1
        elif kind != 5 and index + 1 < len(entries):
            right = index + 1  # a degenerate but valid tree: each entry's right sibling
        struct.pack_into("<III", entry, 0x44, left, right, child)
        struct.pack_into("<II", entry, 0x74, 0xFFFFFFFE, 0)  # no data
        directory[index * 128:(index + 1) * 128] = entry
    path.write_bytes(bytes(header) + fat_sector + bytes(directory))
    return path


# --- the cases: the path and the kind of file ----------------------------------------------------


@case
def case_missing_path(folder: Path) -> Case:
    return Case("missing_path", folder / "finns-inte.xlsx", "filen finns inte")


@case
def case_folder(folder: Path) -> Case:
    target = folder / "en-mapp.xlsx"
    target.mkdir(parents=True)
    # build takes a folder as "every workbook in it"; an empty one is refused all the same.
    return Case("folder", target, "det här är en mapp", build_fragment="inga arbetsböcker")


@case
def case_named_pipe(folder: Path) -> Case:
    """A pipe (or device) named like a workbook: reading it could block forever."""
    import os

    path = folder / "rör.xlsx"
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)
    else:  # Windows: a device name stands in
        path = Path("NUL")
    return Case("named_pipe", path, "ingen vanlig fil")


# Files that are not workbooks at all, or archives of the wrong kind: one table, one row each.
# (name, file name, what is written: bytes, or zip members {name: bytes or str}, fragment)
FILE_CASES: list[tuple[str, str, bytes | dict[str, bytes | str], str]] = [
    ("empty_file", "tom.xlsx", b"", "filen är tom"),
    ("csv_named_xlsx", "export.xlsx",
     "KF ÖG mål;KS mål;Utfall\nHållbar;Sjukfrånvaro;5,2%\n".encode(), "text eller CSV"),
    ("utf16_text_named_xlsx", "unicode-text.xlsx",
     "KS mål\tUtfall\nSjukfrånvaro\t5,2%\n".encode("utf-16"), "text eller CSV"),
    ("html_named_xlsx", "webb.xlsx",
     "<html><body><table><tr><td>KS mål</td></tr></table></body></html>".encode(),
     "webbsida (HTML)"),
    # Excel 2003's XML saved as Unicode (UTF-16): said as what it is, not "text or CSV".
    ("xml_spreadsheet_2003_in_utf16", "xml2003.xlsx",
     ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:'
      'schemas-microsoft-com:office:spreadsheet"></Workbook>').encode("utf-16"),
     "XML-kalkylblad (Excel 2003-XML)"),
    ("zip_without_workbook", "arkiv.xlsx", {"readme.txt": "inte en arbetsbok"},
     "xl/workbook.xml saknas"),
    ("word_document_named_xlsx", "rapport.xlsx",
     {"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"},
     "Word- eller PowerPoint-dokument"),
    ("xlsb", "binär.xlsb", {"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x83\x01\x00"},
     ".xlsb"),
]


def _file_case(name: str, file_name: str, content: bytes | dict[str, bytes | str],
               fragment: str, folder: Path) -> Case:
    path = folder / file_name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in content.items():
                archive.writestr(member, data)
    return Case(name, path, fragment)


# Old Office files (OLE compound files), told apart by the streams in their directory.
OLE_CASES: list[tuple[str, str, tuple[str, ...], str]] = [
    ("xls_file", "gammal.xlsx", ("Workbook", "\x05SummaryInformation"),
     "gamla Excel-formatet (.xls)"),
    ("xls_named_xls", "gammal.xls", ("Workbook",), "gamla Excel-formatet (.xls)"),
    ("password_protected", "skyddad.xlsx",
     ("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"), "lösenordsskyddad"),
    # EncryptedPackage beyond the first directory sector: found by walking the chain.
    ("password_protected_many_entries", "skyddad-stor.xlsx",
     (*(f"Ström{i}" for i in range(9)), "EncryptionInfo", "EncryptedPackage"),
     "lösenordsskyddad"),
]


def _ole_case(name: str, file_name: str, streams: tuple[str, ...], fragment: str,
              folder: Path) -> Case:
    return Case(name, ole_file(folder / file_name, streams), fragment)


def _register(name: str, make: Callable[[Path], Case], doc: str = "") -> None:
    def write(folder: Path) -> Case:
        folder.mkdir(parents=True, exist_ok=True)
        return make(folder)

    write.__doc__ = doc
    CASES[name] = write


for _row in FILE_CASES:
    _register(_row[0], functools.partial(_file_case, *_row))
for _ole_row in OLE_CASES:
    _register(_ole_row[0], functools.partial(_ole_case, *_ole_row))


@case
def case_truncated_zip(folder: Path) -> Case:
    path = write_base(folder, "avbruten.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return Case("truncated_zip", path, "filen är skadad")


@case
def case_broken_central_directory(folder: Path) -> Case:
    path = write_base(folder, "trasig.xlsx")
    data = bytearray(path.read_bytes())
    start = data.rfind(b"PK\x01\x02")
    data[start:start + 4] = b"XXXX"
    path.write_bytes(bytes(data))
    return Case("broken_central_directory", path, "filen är skadad")


@case
def case_corrupt_deflate_stream(folder: Path) -> Case:
    """A sheet's compressed bytes overwritten: the archive opens, the part does not unpack."""
    path = write_base(folder, "bitfel.xlsx")
    part = sheet_part(path, "Mål")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + min(info.compress_size - 2, 200)):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return Case("corrupt_deflate_stream", path, "filen är skadad")


@case
def case_ods(folder: Path) -> Case:
    path = folder / "kalkyl.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return Case("ods", path, "OpenDocument-fil (.ods)")


@case
def case_excel_lock_file(folder: Path) -> Case:
    write_base(folder, "plan.xlsx")
    path = folder / "~$plan.xlsx"
    user = "Eva Exempelsson"
    path.write_bytes(bytes([len(user)]) + user.encode("latin-1").ljust(53, b" ")
                     + user.encode("utf-16-le").ljust(110, b" "))
    return Case("excel_lock_file", path, "verkar vara öppen i Excel")


# --- the cases: sheets and headers -------------------------------------------------------------


@case
def case_missing_sheet(folder: Path) -> Case:
    path = write_base(folder)
    book = openpyxl.load_workbook(path)
    book["Mål"].title = "Blad1"
    book.save(path)
    return Case("missing_sheet", path, "bladet Mål saknas. Bladen som finns:")


@case
def case_missing_required_column(folder: Path) -> Case:
    path = write_base(folder)
    where = layout(path)
    cell = f"{get_column_letter(where.columns['KF ÖG mål'])}{where.header_row}"
    edit_cells(path, "Mål", {cell: "KF ÖG måll"})
    return Case("missing_required_column", path,
                'kolumnen KF ÖG mål saknas i rubrikraden', where=f"Mål!A{where.header_row}",
                notes={"also": ['Menade du "KF ÖG måll"?', "Rubriker som finns:"]})


@case
def case_missing_period_column(folder: Path) -> Case:
    path = write_base(folder)
    edit_cells(path, "Perioder", {"D1": "Slut"})
    return Case("missing_period_column", path, "kolumnen Till saknas", where="Perioder!A1")


@case
def case_duplicated_header(folder: Path) -> Case:
    path = write_base(folder)
    where = layout(path)
    column = max(where.columns.values()) + 1
    cell = f"{get_column_letter(column)}{where.header_row}"
    edit_cells(path, "Mål", {cell: "KS mål"})
    return Case("duplicated_header", path, 'rubriken "KS mål" finns två gånger',
                where=f"Mål!{cell}")


@case
def case_no_header_row(folder: Path) -> Case:
    path = write_base(folder)
    book = openpyxl.load_workbook(path)
    sheet = book["Mål"]
    for row in sheet.iter_rows(max_row=30):
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = "x"
    book.save(path)
    return Case("no_header_row", path, "hittar ingen rubrikrad i bladet Mål", where="Mål")


@case
def case_no_periods(folder: Path) -> Case:
    path = write_base(folder)
    book = openpyxl.load_workbook(path)
    sheet = book["Perioder"]
    sheet.delete_rows(2, sheet.max_row)
    book.save(path)
    return Case("no_periods", path, "bladet har inga perioder", where="Perioder")


# --- the cases: cell values --------------------------------------------------------------------


def _cell_case(folder: Path, name: str, value: Any, fragment: str,
               header: str | None = None) -> Case:
    path = write_base(folder)
    where = layout(path)
    cell = where.cell(header) if header else where.outcome
    edit_cells(path, "Mål", {cell: value})
    return Case(name, path, fragment, where=f"Mål!{cell}")


# A value typed into one cell of the Mål sheet (the report period's outcome unless a header is
# given): (name, value, fragment, header, further fragments the message must hold).
CELL_CASES: list[tuple[str, Any, str, str | None, tuple[str, ...]]] = [
    ("text_in_number_cell", "ungefär fem procent", "är inte ett tal", None, ()),
    ("error_value_na", "#N/A", "felvärdet #N/A", None, ()),
    ("error_value_div0", "#DIV/0!", "felvärdet #DIV/0!", None, ()),
    ("swedish_error_value", "#SAKNAS!", "felvärdet #SAKNAS!", None, ()),
    ("date_in_number_cell", dt.datetime(2025, 3, 4), "är ett datum", None, ()),
    ("number_out_of_range", 1e15, "orimligt stort", None, ()),
    # openpyxl (like other libraries) saves a formula with an empty value: data_only reads it
    # as empty, and without the check the outcome would silently vanish.
    ("uncalculated_formula", "=0.05*1", "inget sparat värde", None, ()),
    # Python's number syntax is not Swedish: no "_", no hex, no e-exponent (issue 18).
    ("python_underscore_number", "1_000", "är inte ett tal", None, ()),
    ("python_hex_number", "0x10", "är inte ett tal", None, ()),
    ("python_exponent_beyond_float", "-1e309", "är inte ett tal", None, ()),
    ("python_exponent_target", "minst 1e308", "\"minst 1e308\" är inte ett tal", "Målvärde", ()),
    ("excel_exponent_beyond_float", "1,2E400", "är inte ett tal", None, ()),
    ("unknown_rule", "Bättre", 'regeln "Bättre" är okänd', "Regel",
     ("Tillåtna värden: Högre är bättre, Lägre är bättre",)),
]


def _table_cell_case(name: str, value: Any, fragment: str, header: str | None,
                     also: tuple[str, ...], folder: Path) -> Case:
    made = _cell_case(folder, name, value, fragment, header)
    if also:
        made.notes["also"] = list(also)
    return made


for _cell_row in CELL_CASES:
    _register(_cell_row[0], functools.partial(_table_cell_case, *_cell_row))


@case
def case_number_beyond_float(folder: Path) -> Case:
    """An integer with 400 digits: openpyxl reads it as a Python int that no float can hold."""
    path = write_base(folder)
    where = layout(path)
    cell = where.outcome
    edit_cells(path, "Mål", {cell: 123456.789})
    edit_sheet_xml(path, "Mål", lambda xml: xml.replace(
        "<v>123456.789</v>", "<v>" + "9" * 400 + "</v>", 1))
    return Case("number_beyond_float", path, "inget rimligt tal", where=f"Mål!{cell}")


def _uncalculated_case(name: str, written_as: str, folder: Path) -> Case:
    """The outcome cell as a formula with no <v> at all, as a generator that never calculates
    writes it; `written_as` is the cell's XML with {cell} for its reference."""
    return _raw_cell_case(name, written_as, "inget sparat värde", folder)


UNCALCULATED_CASES: list[tuple[str, str]] = [
    ("uncalculated_shared_formula",
     '<c r="{cell}"{attributes}><f t="shared" si="0" ref="{cell}">1+1</f></c>'),
    # Its reference written r = '…' (legal XML): still found (issue 18).
    ("uncalculated_formula_single_quotes", "<c r = '{cell}'{attributes}><f>1+1</f></c>"),
]
for _uncalculated in UNCALCULATED_CASES:
    _register(_uncalculated[0], functools.partial(_uncalculated_case, *_uncalculated))


@case
def case_uncalculated_header(folder: Path) -> Case:
    """A header built by a formula that was never calculated: its column must not vanish
    without a word."""
    path = write_base(folder)
    where = layout(path)
    header = f"Utfall {where.report_period}"
    cell = where.cell(header, where.header_row)
    edit_cells(path, "Mål", {cell: f'="{header}"'})
    return Case("uncalculated_header", path, "inget sparat värde", where=f"Mål!{cell}")


# A value typed into the Inställningar sheet beside a label: (name, label, value, fragment,
# whether the message names the cell or only the sheet).
SETTING_CASES: list[tuple[str, str, Any, str, bool]] = [
    ("uncalculated_formula_in_settings", "Rapportperiod", "=Perioder!A2", "inget sparat värde",
     True),
    ("unknown_report_period", "Rapportperiod", "Delår 9 2031",
     'rapportperioden "Delår 9 2031" finns inte i bladet Perioder. Tillåtna:', False),
    ("unreasonable_year", "År", "tjugotjugofem", "inte ett rimligt årtal", True),
    # A broken formula's error value is no name: it named every report and the roll-up.
    ("kommun_as_an_error_value", "Kommun", "#N/A", 'inställningen "Kommun" är felvärdet #N/A',
     True),
    ("report_period_as_an_error_value", "Rapportperiod", "#SPILL!",
     'inställningen "Rapportperiod" är felvärdet #SPILL!', True),
]


def _setting_case(name: str, label: str, value: Any, fragment: str, names_cell: bool,
                  folder: Path) -> Case:
    path = write_base(folder)
    book = openpyxl.load_workbook(path)
    sheet = book["Inställningar"]
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == label)
    sheet.cell(row, 2).value = value
    book.save(path)
    return Case(name, path, fragment,
                where=f"Inställningar!B{row}" if names_cell else "Inställningar")


for _setting_row in SETTING_CASES:
    _register(_setting_row[0], functools.partial(_setting_case, *_setting_row))


@case
def case_unknown_status(folder: Path) -> Case:
    path = write_base(folder)
    where = layout(path)
    cell = where.cell(f"Bedömning {where.report_period}")
    edit_cells(path, "Mål", {cell: "Blå"})
    return Case("unknown_status", path, '"Blå" är okänd. Tillåtna värden: GRÖN, GUL, RÖD',
                where=f"Mål!{cell}")


@case
def case_unknown_activity_status(folder: Path) -> Case:
    path = write_base(folder)
    book = openpyxl.load_workbook(path)
    sheet = book["Aktiviteter"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value)
    sheet.cell(row, 3).value = "Typ klar"
    book.save(path)
    return Case("unknown_activity_status", path, "Tillåtna värden: Ej påbörjad, Pågående",
                where=f"Aktiviteter!C{row}")


@case
def case_unknown_period_argument(folder: Path) -> Case:
    path = write_base(folder)
    return Case("unknown_period_argument", path, 'perioden "Tertial 7" finns inte. Tillåtna:',
                where="Perioder", args=("--period", "Tertial 7"))


@case
def case_unknown_text_period(folder: Path) -> Case:
    path = write_base(folder)
    edit_cells(path, "Texter", {"A3": "Extra", "B3": "Text", "C3": "Kvartal 5"})
    return Case("unknown_text_period", path, 'perioden "Kvartal 5" finns inte',
                where="Texter!C3")


# --- the cases: hostile files -------------------------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
              for i in range(1, 10))
    + "]>")


def _with_doctype(xml: str) -> str:
    """The XML with the billion-laughs DTD after its declaration and a reference in its root."""
    declaration = re.match(r"<\?xml[^>]*\?>", xml)
    head = declaration.group(0) if declaration else ""
    return head + BILLION_LAUGHS + xml[len(head):]


@case
def case_billion_laughs_in_sheet(folder: Path) -> Case:
    path = write_base(folder)
    edit_sheet_xml(path, "Mål", lambda xml: _with_doctype(xml).replace(
        "<sheetData>", '<sheetData><row r="1000"><c r="A1000" t="inlineStr"><is><t>&lol9;'
        "</t></is></c></row>", 1))
    return Case("billion_laughs_in_sheet", path, "XML-bomb")


@case
def case_billion_laughs_in_shared_strings(folder: Path) -> Case:
    path = write_base(folder)
    to_shared_strings(path)
    rewrite_member(path, "xl/sharedStrings.xml",
                   lambda data: _with_doctype(data.decode("utf-8")).encode("utf-8"))
    return Case("billion_laughs_in_shared_strings", path, "XML-bomb")


@case
def case_billion_laughs_in_workbook_xml(folder: Path) -> Case:
    path = write_base(folder)
    rewrite_member(path, "xl/workbook.xml",
                   lambda data: _with_doctype(data.decode("utf-8")).encode("utf-8"))
    return Case("billion_laughs_in_workbook_xml", path, "XML-bomb")


@case
def case_external_entity(folder: Path) -> Case:
    """XXE: an entity that would read a local file into a cell."""
    path = write_base(folder)

    def change(data: bytes) -> bytes:
        xml = data.decode("utf-8")
        declaration = re.match(r"<\?xml[^>]*\?>", xml)
        head = declaration.group(0) if declaration else ""
        return (head + '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                + xml[len(head):]).encode("utf-8")

    to_shared_strings(path)
    rewrite_member(path, "xl/sharedStrings.xml", change)
    return Case("external_entity", path, "XML-bomb")


@case
def case_zip_bomb_declared(folder: Path) -> Case:
    """A part that says it unpacks to 600 MB: refused from the directory, nothing unpacked."""
    path = write_base(folder)
    patch_declared_size(path, sheet_part(path, "Mål"), 600 * 1024 * 1024)
    return Case("zip_bomb_declared", path, "zip-bomb")


@case
def case_zip_bomb_lying_small(folder: Path) -> Case:
    """A part whose compressed data is larger than its declared unpacked size: a lie."""
    path = write_base(folder)
    add_compressed_member(path, "xl/media/bomb.bin", b"\0" * (32 * 1024 * 1024))
    patch_declared_size(path, "xl/media/bomb.bin", 1000)
    return Case("zip_bomb_lying_small", path, "uppger en för liten storlek")


@case
def case_zip_bomb_lying_plausible(folder: Path) -> Case:
    """A plausible declared size (twice the compressed size) hiding 32 MB: unpacking stops at
    the declared size and the checksum tells the lie."""
    path = write_base(folder)
    add_compressed_member(path, "xl/media/bomb.bin", b"\0" * (32 * 1024 * 1024))
    with zipfile.ZipFile(path) as archive:
        compressed = archive.getinfo("xl/media/bomb.bin").compress_size
    patch_declared_size(path, "xl/media/bomb.bin", compressed * 2)
    return Case("zip_bomb_lying_plausible", path, "filen är skadad")


@case
def case_zip_bomb_ratio(folder: Path) -> Case:
    """Honest sizes, but 20 MB of zeros in 20 KB: refused by the compression ratio."""
    path = write_base(folder)
    add_compressed_member(path, "xl/media/zeros.bin", b"\0" * (20 * 1024 * 1024))
    return Case("zip_bomb_ratio", path, "zip-bomb")


@case
def case_bzip2_member(folder: Path) -> Case:
    path = write_base(folder)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/x.bin", b"data" * 100, compress_type=zipfile.ZIP_BZIP2)
    return Case("bzip2_member", path, "packad eller krypterad på ett sätt som Excel aldrig")


@case
def case_zip_version_from_the_future(folder: Path) -> Case:
    """A sheet's "version needed to extract" says 8.4: Python's zipfile will not open it."""
    path = write_base(folder, "framtid.xlsx")
    part = sheet_part(path, "Mål")
    data = bytearray(path.read_bytes())
    for start in central_entries(data, part):
        struct.pack_into("<H", data, start + 6, 84)
    path.write_bytes(bytes(data))
    return Case("zip_version_from_the_future", path,
                "packad på ett sätt som Excel aldrig använder")


@case
def case_merged_range_bomb(folder: Path) -> Case:
    path = write_base(folder)

    def change(xml: str) -> str:
        if "<mergeCells" in xml:
            return re.sub(r"(<mergeCells[^>]*>)", r'\1<mergeCell ref="A1:XFD1048576"/>', xml,
                          count=1)
        return xml.replace("</sheetData>", '</sheetData><mergeCells count="1">'
                           '<mergeCell ref="A1:XFD1048576"/></mergeCells>', 1)

    edit_sheet_xml(path, "Mål", change)
    return Case("merged_range_bomb", path, "sammanfogade celler som täcker orimligt många",
                where="Mål")


@case
def case_hyperlink_range_bomb(folder: Path) -> Case:
    path = write_base(folder)
    edit_sheet_xml(path, "Mål", lambda xml: re.sub(
        r"(</mergeCells>|</sheetData>)(?!.*(</mergeCells>|</sheetData>))",
        r'\1<hyperlinks><hyperlink ref="A1:XFD1048576" display="x"/></hyperlinks>', xml,
        count=1, flags=re.DOTALL))
    return Case("hyperlink_range_bomb", path, "länkar (hyperlänkar)", where="Mål")


def _add_ranges(xml: str, element: str) -> str:
    """`element` (one mergeCell or hyperlink, spelled any way) added to a sheet's XML."""
    if element.lstrip("<").startswith(("mergeCell", "x:mergeCell")):
        if "<mergeCells" in xml:
            return re.sub(r"(<mergeCells[^>]*>)", lambda m: m.group(1) + element, xml, count=1)
        return xml.replace("</sheetData>", f"</sheetData><mergeCells>{element}</mergeCells>", 1)
    return re.sub(r"(</mergeCells>|</sheetData>)(?!.*(</mergeCells>|</sheetData>))",
                  lambda m: m.group(1) + f"<hyperlinks>{element}</hyperlinks>", xml, count=1,
                  flags=re.DOTALL)


# Ranges spelled as XML allows but a search for ref="..." does not expect (issue 18).
RANGE_SPELLINGS: list[tuple[str, str, str]] = [
    ("merged_range_single_quotes", "<mergeCell ref='A1:XFD1048576'/>", "sammanfogade"),
    ("merged_range_spaces", '<mergeCell  ref = "A1:XFD1048576" />', "sammanfogade"),
    ("merged_range_character_references", '<mergeCell ref="&#65;1:&#x58;FD1048576"/>',
     "sammanfogade"),
    ("merged_range_leading_zeros", '<mergeCell ref="A0001:XFD0001048576"/>', "sammanfogade"),
    ("merged_range_whole_columns", '<mergeCell ref="A:XFD"/>', "sammanfogade"),
    ("merged_range_row_of_5000_digits", '<mergeCell ref="A1:A' + "9" * 5000 + '"/>',
     "sammanfogade"),
    ("merged_range_gt_in_attribute", '<mergeCell x="a>b" ref="A1:XFD1048576"/>', "sammanfogade"),
    ("hyperlink_range_single_quotes", "<hyperlink ref='A1:XFD1048576' display='x'/>",
     "länkar (hyperlänkar)"),
]


def _range_spelling_case(name: str, element: str, fragment: str, folder: Path) -> Case:
    path = write_base(folder)
    edit_sheet_xml(path, "Mål", lambda xml: _add_ranges(xml, element))
    return Case(name, path, fragment, where="Mål")


for _range_row in RANGE_SPELLINGS:
    _register(_range_row[0], functools.partial(_range_spelling_case, *_range_row))


@case
def case_merged_ranges_across_sheets(folder: Path) -> Case:
    """Three sheets, each merging 40 000 cells: each is modest, the workbook is not (openpyxl
    makes and styles an object per covered cell)."""
    path = write_base(folder)
    for title in ("Mål", "Aktiviteter", "Perioder"):
        edit_sheet_xml(path, title, lambda xml: _add_ranges(xml, '<mergeCell ref="AA1:AJ4000"/>'))
    return Case("merged_ranges_across_sheets", path, "tillsammans med andra blads")


@case
def case_merged_range_in_utf16_sheet(folder: Path) -> Case:
    """The sheet saved in UTF-16 (legal XML): a byte search in UTF-8 finds nothing."""
    path = write_base(folder)

    def change(data: bytes) -> bytes:
        xml = _add_ranges(data.decode("utf-8"), '<mergeCell ref="A1:XFD1048576"/>')
        xml = re.sub(r"^<\?xml[^>]*\?>", "", xml)
        return ('<?xml version="1.0" encoding="UTF-16" standalone="yes"?>' + xml) \
            .encode("utf-16")

    rewrite_member(path, sheet_part(path, "Mål"), change)
    return Case("merged_range_in_utf16_sheet", path, "sammanfogade celler", where="Mål")


@case
def case_many_parts_each_under_the_bomb_rule(folder: Path) -> Case:
    """24 parts of 9,5 MB each (under the per-part rule), 228 MB from a few hundred kB."""
    path = write_base(folder)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for n in range(24):
            archive.writestr(f"xl/media/del{n}.bin", b"\0" * 9_500_000)
    return Case("many_parts_each_under_the_bomb_rule", path, "zip-bomb")


@case
def case_thousands_of_empty_sheets(folder: Path) -> Case:
    """1 200 empty sheets in a file of a few hundred kB (each costs openpyxl time)."""
    path = write_base(folder)
    with zipfile.ZipFile(path) as archive:
        items = {info.filename: archive.read(info) for info in archive.infolist()}
    count = 1200
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    items["xl/workbook.xml"] = items["xl/workbook.xml"].replace(b"</sheets>", "".join(
        f'<sheet {rel} name="Tomt {n}" sheetId="{5000 + n}" r:id="rTomt{n}"/>'
        for n in range(count)).encode() + b"</sheets>")
    rels = "xl/_rels/workbook.xml.rels"
    items[rels] = items[rels].replace(b"</Relationships>", "".join(
        f'<Relationship Id="rTomt{n}" Type="{sheet_type}" Target="/xl/worksheets/tomt{n}.xml"/>'
        for n in range(count)).encode() + b"</Relationships>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    for n in range(count):
        items[f"xl/worksheets/tomt{n}.xml"] = \
            f'<worksheet xmlns="{main}"><sheetData/></worksheet>'.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return Case("thousands_of_empty_sheets", path, "blad, fler än 1\u00a0000")


@case
def case_hundreds_of_thousands_of_styles(folder: Path) -> Case:
    """300 000 different cell formats in xl/styles.xml, a file of half a MB (openpyxl makes
    an object of each)."""
    path = write_base(folder)
    formats = "".join(f'<xf numFmtId="{n % 50}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                      for n in range(300_000))
    rewrite_member(path, "xl/styles.xml", lambda data: re.sub(
        rb"<cellXfs[^>]*>", lambda m: b'<cellXfs count="300000">' + formats.encode(), data,
        count=1))
    return Case("hundreds_of_thousands_of_styles", path,
                "cellformat, formatmallar, teckensnitt och fyllningar")


@case
def case_millions_of_shared_strings(folder: Path) -> Case:
    """1,2 million short texts in the shared strings, in a file of a few MB."""
    path = write_base(folder)
    to_shared_strings(path)
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(1_200_000))
    rewrite_member(path, "xl/sharedStrings.xml", lambda data: data.replace(
        b"</sst>", strings + b"</sst>"))
    return Case("millions_of_shared_strings", path, "olika texter, fler än")


@case
def case_millions_of_empty_cells(folder: Path) -> Case:
    """1,2 million empty cells (<c r="…"/>) over two sheets, in a file of a few MB."""
    path = write_base(folder)
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{get_column_letter(c)}{r}"/>'
                                              for c in range(30, 50)) + "</row>"
                   for r in range(2000, 32_000))
    for title in ("Texter", "Aktiviteter"):
        edit_sheet_xml(path, title, lambda xml: xml.replace("</sheetData>", rows + "</sheetData>",
                                                            1))
    return Case("millions_of_empty_cells", path, "celler (bladet")


# Bombs by other routes than the cells (issue 18, judged): every part openpyxl makes objects
# of is counted, whatever it is called or however it is linked.

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _link_from_sheet(path: Path, kind: str, target: str, part: str, content_type: str) -> None:
    """A relationship of `kind` from the Mål sheet to `part` and its content type."""
    sheet = sheet_part(path, "Mål")
    rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    relationship = f'<Relationship Id="rIdHostile" Type="{_REL}/{kind}" Target="{target}"/>'
    with zipfile.ZipFile(path) as archive:
        present = rels in archive.namelist()
    if present:
        rewrite_member(path, rels, lambda data: data.replace(
            b"</Relationships>", relationship.encode() + b"</Relationships>"))
    else:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(rels, f'<Relationships xmlns="{_PACKAGE_RELS}">{relationship}'
                             "</Relationships>")
    rewrite_member(path, "[Content_Types].xml", lambda data: data.replace(
        b"</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
        .encode()))


def _link_from_workbook(path: Path, kind: str, target: str, before: str, element: str) -> None:
    """A relationship rIdHostile of `kind` from workbook.xml to `target`, and `element` (which
    refers to it) in workbook.xml before the text `before` (or at its end)."""
    rewrite_member(path, "xl/_rels/workbook.xml.rels", lambda data: data.replace(
        b"</Relationships>", f'<Relationship Id="rIdHostile" Type="{_REL}/{kind}" '
        f'Target="{target}"/></Relationships>'.encode()))

    def place(data: bytes) -> bytes:
        at = before.encode() if before.encode() in data else b"</workbook>"
        return data.replace(at, element.encode() + at, 1)

    rewrite_member(path, "xl/workbook.xml", place)


@case
def case_styled_empty_rows(folder: Path) -> Case:
    """350 000 empty rows with a height and a style, no cell (openpyxl keeps an object for
    each such row): 900 000 took 15 s and 870 MB before rows were counted."""
    path = write_base(folder)
    rows = "".join(f'<row r="{r}" s="1" customFormat="1" ht="20" customHeight="1"/>'
                   for r in range(2000, 352_000))
    edit_sheet_xml(path, "Texter", lambda xml: xml.replace("</sheetData>", rows + "</sheetData>",
                                                           1))
    return Case("styled_empty_rows", path, "rader (bladet")


@case
def case_sheet_views_in_hundreds_of_thousands(folder: Path) -> Case:
    """120 000 sheet views, each with a selection (openpyxl makes objects of each: 500 000
    took 14 s and 800 MB)."""
    path = write_base(folder)
    views = "<sheetViews>" + "".join(f'<sheetView workbookViewId="{n}"><selection '
                                     f'activeCell="A{n + 1}" sqref="A{n + 1}"/></sheetView>'
                                     for n in range(120_000)) + "</sheetViews>"
    edit_sheet_xml(path, "Texter", lambda xml: re.sub(r"<sheetViews>.*?</sheetViews>", "", xml,
                                                      flags=re.S).replace("<sheetData",
                                                                          views + "<sheetData", 1))
    return Case("sheet_views_in_hundreds_of_thousands", path, "element utöver cellerna",
                where="Texter")


@case
def case_page_breaks_in_hundreds_of_thousands(folder: Path) -> Case:
    """210 000 manual page breaks (500 000 took 5 s and 410 MB)."""
    path = write_base(folder)
    breaks = ('<rowBreaks count="210000" manualBreakCount="210000">' + "".join(
        f'<brk id="{n}" max="16383" man="1"/>' for n in range(1, 210_001)) + "</rowBreaks>")
    edit_sheet_xml(path, "Texter", lambda xml: xml.replace("</worksheet>",
                                                           breaks + "</worksheet>", 1))
    return Case("page_breaks_in_hundreds_of_thousands", path, "element utöver cellerna",
                where="Texter")


@case
def case_conditional_formats_in_thousands(folder: Path) -> Case:
    """25 000 conditional formats (openpyxl parses each; 300 000 took 18 s)."""
    path = write_base(folder)
    rules = "".join(f'<conditionalFormatting sqref="A{n}"><cfRule type="expression" '
                    f'priority="{n}"><formula>A1=1</formula></cfRule></conditionalFormatting>'
                    for n in range(1, 12_500))
    edit_sheet_xml(path, "Mål", lambda xml: xml.replace("</sheetData>", "</sheetData>" + rules,
                                                        1) if "<mergeCells" not in xml else
                   xml.replace("</mergeCells>", "</mergeCells>" + rules, 1))
    return Case("conditional_formats_in_thousands", path, "villkorsstyrda format", where="Mål")


@case
def case_data_validations_in_thousands(folder: Path) -> Case:
    """25 000 data validations, each on a whole row (openpyxl parses each; 300 000 took 14 s)."""
    path = write_base(folder)
    rules = "<dataValidations>" + "".join(
        f'<dataValidation type="list" sqref="A{n}:XFD{n}"><formula1>"a,b"</formula1>'
        "</dataValidation>" for n in range(1, 25_001)) + "</dataValidations>"
    edit_sheet_xml(path, "Texter", lambda xml: re.sub(r"<dataValidations.*?</dataValidations>",
                                                      "", xml, flags=re.S).replace(
        "</sheetData>", "</sheetData>" + rules, 1))
    return Case("data_validations_in_thousands", path, "dataverifieringar", where="Texter")


@case
def case_defined_names_in_thousands(folder: Path) -> Case:
    """60 000 defined names in workbook.xml (300 000 took 5 s and 350 MB)."""
    path = write_base(folder)
    names = "<definedNames>" + "".join(
        f'<definedName name="n{n}">Mål!$A$1:$XFD$1048576</definedName>'
        for n in range(60_000)) + "</definedNames>"
    rewrite_member(path, "xl/workbook.xml", lambda data: re.sub(
        rb"<definedNames>.*?</definedNames>", b"", data, flags=re.S).replace(
        b"</sheets>", b"</sheets>" + names.encode(), 1))
    return Case("defined_names_in_thousands", path, "delar utöver bladen")


@case
def case_comments_in_thousands(folder: Path) -> Case:
    """20 000 comments on a sheet (openpyxl makes objects of each; 300 000: 7 s, 680 MB)."""
    path = write_base(folder)
    comments = (f"<comments xmlns='{_MAIN}'><authors><author>a</author></authors><commentList>"
                + "".join(f'<comment ref="A{n}" authorId="0"><text><t>{n * 7919}</t></text>'
                          "</comment>" for n in range(1, 20_001)) + "</commentList></comments>")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/kommentarer/c1.xml", comments)
    _link_from_sheet(path, "comments", "../kommentarer/c1.xml", "xl/kommentarer/c1.xml",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")
    return Case("comments_in_thousands", path, "delar utöver bladen")


@case
def case_pivot_cache_records(folder: Path) -> Case:
    """A pivot table whose cache holds 20 000 records (openpyxl parses the records at ~80 µs
    each: 500 000 took 115 s and 2,3 GB)."""
    path = write_base(folder)
    records = (f"<pivotCacheRecords xmlns='{_MAIN}'>" + "".join(
        f'<r><n v="{n * 7919 % 100_003}"/><n v="{n}"/></r>' for n in range(20_000))
        + "</pivotCacheRecords>")
    definition = (f'<pivotCacheDefinition xmlns="{_MAIN}" xmlns:r="{_REL}" r:id="rId1">'
                  '<cacheSource type="worksheet"><worksheetSource ref="A1:B2" sheet="Mål"/>'
                  '</cacheSource><cacheFields count="2"><cacheField name="a" numFmtId="0">'
                  '<sharedItems/></cacheField><cacheField name="b" numFmtId="0"><sharedItems/>'
                  "</cacheField></cacheFields></pivotCacheDefinition>")
    table = (f'<pivotTableDefinition xmlns="{_MAIN}" name="P" cacheId="1" dataCaption="V">'
             '<location ref="A1:B2" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
             '<pivotFields count="2"><pivotField/><pivotField/></pivotFields>'
             "</pivotTableDefinition>")

    def rels(kind: str, target: str) -> str:
        return (f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
                f'Type="{_REL}/{kind}" Target="{target}"/></Relationships>')

    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/pivotCache/pivotCacheRecords1.xml", records)
        archive.writestr("xl/pivotCache/pivotCacheDefinition1.xml", definition)
        archive.writestr("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
                         rels("pivotCacheRecords", "pivotCacheRecords1.xml"))
        archive.writestr("xl/pivotTables/pivotTable1.xml", table)
        archive.writestr("xl/pivotTables/_rels/pivotTable1.xml.rels",
                         rels("pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml"))
    _link_from_sheet(path, "pivotTable", "../pivotTables/pivotTable1.xml",
                     "xl/pivotTables/pivotTable1.xml",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml")
    _link_from_workbook(path, "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml",
                        "</workbook>", f'<pivotCaches><pivotCache xmlns:r="{_REL}" cacheId="1" '
                        'r:id="rIdHostile"/></pivotCaches>')
    return Case("pivot_cache_records", path, "delar utöver bladen")


@case
def case_external_link_with_a_cached_book(folder: Path) -> Case:
    """An external link whose cached copy of the other book holds 30 000 cells (openpyxl read
    600 000 in 14 s and 980 MB); the link itself points at /etc/passwd."""
    path = write_base(folder)
    cells = "".join(f"<row r='{n}'><cell r='A{n}'><v>{n}</v></cell></row>"
                    for n in range(1, 30_001))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml",
                         f"<externalLink xmlns='{_MAIN}'><externalBook xmlns:r='{_REL}' "
                         f"r:id='rId1'><sheetDataSet><sheetData sheetId='0'>{cells}</sheetData>"
                         "</sheetDataSet></externalBook></externalLink>")
        archive.writestr("xl/externalLinks/_rels/externalLink1.xml.rels",
                         f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
                         f'Type="{_REL}/externalLinkPath" Target="file:///etc/passwd" '
                         'TargetMode="External"/></Relationships>')
    _link_from_workbook(path, "externalLink", "externalLinks/externalLink1.xml", "<calcPr",
                        f'<externalReferences><externalReference xmlns:r="{_REL}" '
                        'r:id="rIdHostile"/></externalReferences>')
    return Case("external_link_with_a_cached_book", path, "delar utöver bladen")


@case
def case_shared_strings_under_another_name(folder: Path) -> Case:
    """1,2 million texts in a shared-strings part the content types put at another name."""
    path = write_base(folder)
    to_shared_strings(path)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/sharedStrings.xml")
    rewrite_member(path, "xl/sharedStrings.xml", None, drop=True)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/texter/annat.xml", data.replace(b"</sst>", b"".join(
            b"<si><t>%d</t></si>" % n for n in range(1_200_000)) + b"</sst>"))
    rewrite_member(path, "[Content_Types].xml", lambda data: data.replace(
        b"/xl/sharedStrings.xml", b"/xl/texter/annat.xml"))
    rewrite_member(path, "xl/_rels/workbook.xml.rels", lambda data: data.replace(
        b'Target="sharedStrings.xml"', b'Target="texter/annat.xml"'))
    return Case("shared_strings_under_another_name", path, "olika texter, fler än")


@case
def case_more_tiny_parts_than_allowed(folder: Path) -> Case:
    """10 001 one-byte parts (each costs a directory entry and a look, none a byte)."""
    path = write_base(folder)
    with zipfile.ZipFile(path) as archive:
        present = len(archive.infolist())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for n in range(10_001 - present):
            archive.writestr(f"xl/media/t{n}.bin", b"x")
    return Case("more_tiny_parts_than_allowed", path, "orimligt många delar (10001)")


@case
def case_duplicate_member_names(folder: Path) -> Case:
    """The Mål sheet twice under one name: the checks could read one, openpyxl the other."""
    path = write_base(folder)
    part = sheet_part(path, "Mål")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile's own "Duplicate name" warning
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(part, f'<worksheet xmlns="{_MAIN}"><sheetData/></worksheet>')
    return Case("duplicate_member_names", path, "står två gånger")


def _zip64_member(path: Path, member: str, unpacked: bytes, declared: int) -> None:
    """`member` added, its central directory entry then saying its sizes in a zip64 extra
    field (as for a member over 4 GB) that declares `declared` bytes unpacked."""
    add_compressed_member(path, member, unpacked)
    data = bytearray(path.read_bytes())
    start = central_entries(data, member)[0]
    compressed = struct.unpack_from("<I", data, start + 20)[0]
    name_len, extra_len = struct.unpack_from("<HH", data, start + 28)
    struct.pack_into("<II", data, start + 20, 0xFFFFFFFF, 0xFFFFFFFF)
    extra = struct.pack("<HHQQ", 1, 16, declared, compressed)
    at = start + 46 + name_len + extra_len
    data[at:at] = extra
    struct.pack_into("<H", data, start + 30, extra_len + len(extra))
    end = data.rfind(b"PK\x05\x06")  # the directory grew: its size in the end record too
    struct.pack_into("<I", data, end + 12,
                     struct.unpack_from("<I", data, end + 12)[0] + len(extra))
    path.write_bytes(bytes(data))


@case
def case_zip64_header_lying_small(folder: Path) -> Case:
    """A zip64 member that declares 100 bytes and holds 16 MB of zeros."""
    path = write_base(folder)
    _zip64_member(path, "xl/media/z.bin", b"\0" * (16 << 20), 100)
    return Case("zip64_header_lying_small", path, "uppger en för liten storlek")


@case
def case_zip64_header_lying_large(folder: Path) -> Case:
    """A zip64 member that declares an exabyte."""
    path = write_base(folder)
    _zip64_member(path, "xl/media/z.bin", b"data" * 100, 1 << 60)
    return Case("zip64_header_lying_large", path, "zip-bomb")


@case
def case_broken_sheet_xml(folder: Path) -> Case:
    path = write_base(folder)
    edit_sheet_xml(path, "Mål", lambda xml: xml[: len(xml) // 2])
    return Case("broken_sheet_xml", path, "ingen giltig XML")


@case
def case_missing_sheet_part(folder: Path) -> Case:
    path = write_base(folder)
    rewrite_member(path, sheet_part(path, "Mål"), None, drop=True)
    return Case("missing_sheet_part", path, "filen är skadad")


# --- inputs that are odd but valid: they must check and build cleanly ---------------------------

ODD_TEXTS = {
    "control": "Före_x0001__x0002_efter\x09tabb",
    "vertical_tab": "Rad ett_x000B_rad två",
    "lone_surrogate": "Halv_xD800_ emoji",
    "escaped_emoji": "Glad _xD83D__xDE00_ smiley",
    "emoji": "Mål nått 🎉✅ 👩‍💼",
    "formula_equals": "=SUM(A1:A9)",
    "formula_plus": "+46 70 123 45 67",
    "formula_minus": "-minska sjukfrånvaron",
    "formula_at": "@kommunen",
    "array_formula": "{=A1*2}",
    "long": ("Lång analys. " * 3000)[:32767],
}


def odd_text_workbook(folder: Path, name: str = "udda.xlsx") -> tuple[Path, dict[str, str]]:
    """A valid workbook whose texts hold every odd kind in ODD_TEXTS; returns the path and the
    texts as placed (KS mål and analysis texts). Control characters and escapes are put in the
    XML as Excel writes them (_xHHHH_), which openpyxl would refuse to write itself."""
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    goals = []
    for index, key in enumerate(ODD_TEXTS):
        # Placeholders, replaced in the XML below: openpyxl would take "=..." for a formula.
        placeholder = f"PLACEHOLDER-{index:02d}"
        goals.append({"KF ÖG mål": f"KF-mål {index // 4}", "KS mål": placeholder,
                      "Målvärde": 10 + index, "Regel": "Högre är bättre",
                      f"Utfall {BUILT_PERIODS[-1]}": 12 + index,
                      f"Analys {BUILT_PERIODS[-1]}": placeholder,
                      "Målinriktning": f"Inriktning {key}", "Aktiviteter": f"• {key}"})
    build_valid_workbook(path, goals, activities=[])
    to_shared_strings(path)

    def change(data: bytes) -> bytes:
        xml = data.decode("utf-8")
        for index, text in enumerate(ODD_TEXTS.values()):
            xml = xml.replace(f"PLACEHOLDER-{index:02d}", escape(text))
        return xml.encode("utf-8")

    rewrite_member(path, "xl/sharedStrings.xml", change)
    return path, dict(ODD_TEXTS)


# --- third pass: cells no program writes, names that are error values or dates ----------------

def _raw_cell_case(name: str, written_as: str, fragment: str, folder: Path) -> Case:
    """The outcome cell's XML replaced by `written_as` ({cell} its reference, {attributes}
    the rest of its start tag), as a hand-made or damaged file holds it."""
    path = write_base(folder)
    cell = layout(path).outcome
    edit_cells(path, "Mål", {cell: 424242.5})
    edit_sheet_xml(path, "Mål", lambda xml: re.sub(
        rf'<c r="{cell}"([^>]*)><v>424242.5</v></c>',
        lambda m: written_as.format(cell=cell, attributes=m.group(1)), xml, count=1))
    return Case(name, path, fragment, where=f"Mål!{cell}")


RAW_CELL_CASES: list[tuple[str, str, str]] = [
    # A number cell Python's float() takes but Excel never writes: no value, said as typed.
    ("number_cell_nan", '<c r="{cell}"{attributes}><v>NaN</v></c>', '"NaN" är inte ett tal'),
    ("number_cell_infinity", '<c r="{cell}"{attributes}><v>-INF</v></c>',
     '"-INF" är inte ett tal'),
    ("date_cell_that_is_no_date", '<c r="{cell}" t="d"><v>2025-02-29</v></c>',
     '"2025-02-29" är inte ett tal'),
    # Pointers a damaged file holds: past the shared texts (and -1, which Python counted from
    # the end and so read another cell's text), to a style the book does not have.
    ("shared_string_index_past_the_end", '<c r="{cell}" t="s"><v>999999</v></c>',
     "cellen går inte att läsa"),
    ("shared_string_index_negative", '<c r="{cell}" t="s"><v>-1</v></c>',
     "cellen går inte att läsa"),
    ("shared_string_index_not_a_number", '<c r="{cell}" t="s"><v>1e3</v></c>',
     "cellen går inte att läsa"),
    ("style_index_past_the_end", '<c r="{cell}" s="99999999"><v>1</v></c>',
     "cellen går inte att läsa"),
]
for _raw_cell in RAW_CELL_CASES:
    _register(_raw_cell[0], functools.partial(_raw_cell_case, *_raw_cell))


@case
def case_cell_reference_past_the_sheet(folder: Path) -> Case:
    """A cell at column ZZZZ (Excel stops at XFD): no place in any sheet."""
    path = write_base(folder)
    edit_sheet_xml(path, "Mål", lambda xml: xml.replace(
        "</sheetData>", '<row r="900"><c r="ZZZZ900"><v>1</v></c></row></sheetData>', 1))
    return Case("cell_reference_past_the_sheet", path, "cellen går inte att läsa",
                where="Mål!ZZZZ900")


@case
def case_billion_laughs_in_utf32_part(folder: Path) -> Case:
    """The DTD in a part saved as UTF-32 (a byte search in UTF-8 or UTF-16 finds nothing)."""
    path = write_base(folder)
    rewrite_member(path, "xl/styles.xml", lambda data: b"\xff\xfe\x00\x00" + _with_doctype(
        re.sub(r"^<\?xml[^>]*\?>", "", data.decode("utf-8"))).encode("utf-32-le"))
    return Case("billion_laughs_in_utf32_part", path, "XML-bomb")


@case
def case_sheets_sharing_one_part(folder: Path) -> Case:
    """900 sheets that all point to the Mål sheet's part: each count sees the part once, the
    reader would parse it once per sheet (minutes for a 30 000-row part)."""
    path = write_base(folder)
    target = sheet_part(path, "Mål").removeprefix("xl/")
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rewrite_member(path, "xl/workbook.xml", lambda data: data.replace(b"</sheets>", "".join(
        f'<sheet xmlns:r="{r_ns}" name="K{n}" sheetId="{900 + n}" r:id="rIdK{n}"/>'
        for n in range(900)).encode() + b"</sheets>", 1))
    rewrite_member(path, "xl/_rels/workbook.xml.rels", lambda data: data.replace(
        b"</Relationships>", "".join(
            f'<Relationship Id="rIdK{n}" Type="{r_ns}/worksheet" Target="{target}"/>'
            for n in range(900)).encode() + b"</Relationships>", 1))
    return Case("sheets_sharing_one_part", path, "pekar på samma del")


def _period_name_case(name: str, value: Any, fragment: str, folder: Path) -> Case:
    """The first period's name in the Perioder sheet typed as `value`."""
    path = write_base(folder)
    book = openpyxl.load_workbook(path)
    sheet = book["Perioder"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value)
    sheet.cell(row, 1).value = value
    book.save(path)
    return Case(name, path, fragment, where=f"Perioder!A{row}")


for _period_row in [("period_named_by_an_error_value", "#N/A", "periodens namn är felvärdet"),
                    ("period_named_by_a_date", dt.datetime(2025, 4, 30),
                     "periodens namn är ett datum (2025-04-30)")]:
    _register(_period_row[0], functools.partial(_period_name_case, *_period_row))



def _styles_with(block: str) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</cellXfs>", b"</cellXfs>" + block.encode(), 1)


@case
def case_named_styles_in_hundreds_of_thousands(folder: Path) -> Case:
    """160 000 named cell styles (<cellStyle>) in 0,4 MB: openpyxl makes a style of each
    (600 000 took 11 s and 590 MB)."""
    path = write_base(folder)
    rewrite_member(path, "xl/styles.xml", lambda data: re.sub(
        rb"<cellStyles.*?</cellStyles>", b"", data, flags=re.S))
    rewrite_member(path, "xl/styles.xml", _styles_with("<cellStyles>" + "".join(
        f'<cellStyle name="s{n}" xfId="0"/>' for n in range(160_000)) + "</cellStyles>"))
    return Case("named_styles_in_hundreds_of_thousands", path, "formatmallar")


@case
def case_empty_elements_in_the_styles(folder: Path) -> Case:
    """450 000 empty <ext/> in xl/styles.xml, a few kB packed (600 000: 5 s, 370 MB)."""
    path = write_base(folder)
    rewrite_member(path, "xl/styles.xml", _styles_with("<extLst>" + "<ext uri='x'/>" * 450_000
                                                       + "</extLst>"))
    return Case("empty_elements_in_the_styles", path, "XML-element i formatmallarna")


@case
def case_formatted_runs_in_one_cell(folder: Path) -> Case:
    """310 000 runs of formatted text in one cell's own text (400 000: 4 s, 270 MB)."""
    path = write_base(folder)
    edit_sheet_xml(path, "Texter", lambda xml: xml.replace(
        "</sheetData>", '<row r="900"><c r="A900" t="inlineStr"><is>' + "<r><t>a</t></r>"
        * 310_000 + "</is></c></row></sheetData>", 1))
    return Case("formatted_runs_in_one_cell", path, "formaterade textbitar", where="Texter")



@case
def case_empty_elements_inside_a_row(folder: Path) -> Case:
    """210 000 empty elements inside one row, no cell: each an object in the parse (800 000
    took 3 s and 290 MB); counted with the elements beside the cells."""
    path = write_base(folder)
    edit_sheet_xml(path, "Texter", lambda xml: xml.replace(
        "</sheetData>", '<row r="900">' + "<x/>" * 210_000 + "</row></sheetData>", 1))
    return Case("empty_elements_inside_a_row", path, "element utöver cellerna", where="Texter")


def write_all(folder: Path, names: list[str] | None = None) -> list[Case]:
    made = []
    for name in names or list(CASES):
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        made.append(CASES[name](target))
    return made


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    sys.path.insert(0, str(REPO))
    for made in write_all(Path(argv[0]), argv[1:] or None):
        print(f"{made.name:36} {made.path}  ->  {made.fragment}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
