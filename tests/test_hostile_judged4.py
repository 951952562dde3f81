"""Hostile input, fourth pass: the kommun's own table and the arbetsbok at sizes and shapes no
earlier case used (more periods than the summary's columns, thousands of tables on a sheet,
a column of distinct status words, mapping lines of any length). Each is held as the earlier
passes hold theirs (tests/test_hostile_judged.py): one Swedish line or a clean result in
time, the input unchanged, no half file, no traceback. Each file is the smallest that showed
the fault."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest
from builders import run_cli as run
from test_bad_input import assert_clean, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import make_corpus  # noqa: E402


# Twelve monthly periods (or a kommun's outcome years side by side) ran past the eight
# columns the Sammanställning sheet sized: an internal error in every build.
@pytest.mark.parametrize("count", [8, 12])
def test_more_periods_than_the_summary_has_columns_build(tmp_path, count):
    periods = tuple(f"Månad {n} 2025" for n in range(1, count + 1))
    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.build_valid_workbook(folder / "plan.xlsx", periods=periods)
    before = snapshot(folder)
    result = run("build", source, "--out", tmp_path / "ut", "--bara", "xlsx")
    assert_clean(result)
    assert result.exit_code == 0, result.output
    assert snapshot(folder) == before
    sheet = openpyxl.load_workbook(next((tmp_path / "ut").glob("*.xlsx")))["Sammanställning"]
    rows = [[c for c in row] for row in sheet.iter_rows()]
    heading = next(i for i, row in enumerate(rows) if row[0].value == "Utveckling per period "
                   "(antal KS-mål)")
    header = rows[heading + 1]
    assert [c.value for c in header[1:count + 1]] == list(periods)
    for cell in header[1:count + 1]:  # every period's column is wide enough to read
        assert sheet.column_dimensions[cell.column_letter].width >= 11, cell.coordinate


LONG_LINE = "Uppnått i hög grad " * 6_000  # a page pasted into one line, 10^5 characters


def _mapping_in_file(source: Path) -> None:
    (source.parent / "vp-excel.toml").write_text(f"{LONG_LINE}\n{LONG_LINE}= {LONG_LINE}\n",
                                                 encoding="utf-8")


def _mapping_on_sheet(source: Path) -> None:
    book = openpyxl.load_workbook(source)
    sheet = book.create_sheet("vp-excel")
    sheet.append([LONG_LINE[:32_000]])  # a cell holds 32 767 characters
    sheet.append([LONG_LINE[:32_000], "=", LONG_LINE[:32_000]])
    book.save(source)


# A mapping line was quoted whole in its message: 10^5 characters on the terminal, twice.
@pytest.mark.parametrize("place, where, options", [
    ("file", "vp-excel.toml rad 1", ()),
    ("sheet", "vp-excel!A1", ()),
    ("option", "--kolumn", ("--kolumn", LONG_LINE, "--status", f"{LONG_LINE}={LONG_LINE}"))])
def test_a_mapping_line_of_a_page_is_quoted_short(tmp_path, place, where, options):
    import kommun_layouts

    folder = tmp_path / "in"
    folder.mkdir()
    source = folder / "plan.xlsx"
    kommun_layouts.plan_words(source)
    {"file": _mapping_in_file, "sheet": _mapping_on_sheet}.get(place, lambda _: None)(source)
    before = snapshot(folder)
    result = run("check", source, *options)
    text = assert_clean(result, where, 'saknar "="')
    assert result.exit_code == 1, text
    errors = [line for line in text.splitlines() if line.startswith("fel:")]
    assert len(errors) == 2 and all(len(line) < 600 for line in errors), errors
    assert snapshot(folder) == before


def _png(width: int, height: int) -> bytes:
    """A black-and-white PNG: a few kB on disk, width × height pixels to whoever decodes it."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    rows = zlib.compress((b"\x00" * (1 + (width + 7) // 8)) * height, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0,
                                                              0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


_GIF_BOMB = (b"GIF89a\xff\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02D"
             b"\x01\x00;")  # 65 535 × 65 535 in 34 bytes
_WEBP_BOMB = b"RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00" + b"\xff\x3f\x00" * 2
_SVG_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b '
               b'"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" '
               b'width="10" height="10"><text>&b;&b;</text></svg>')


# A logo is unpacked pixel by pixel by Word, by LibreOffice for --pdf (20 000 × 20 000 took it
# past 15 s) and by a browser; an SVG's entities by the browser. Refused from the header's
# numbers alone, with a warning, and the report written without it.
@pytest.mark.parametrize("name, data, only, fragment", [
    ("logo.png", _png(6_000, 6_000), "docx", "6\u00a0000 × 6\u00a0000 bildpunkter"),
    ("logo.png", _png(6_000, 6_000), "html", "mer än en logotyp behöver"),
    ("logo.gif", _GIF_BOMB, "docx", "65\u00a0535 × 65\u00a0535"),
    ("logo.webp", _WEBP_BOMB, "html", "16\u00a0384 × 16\u00a0384"),
    ("logo.svg", _SVG_LAUGHS, "html", "SVG med DOCTYPE eller ENTITY"),
    ("logo.png", _png(1, 200), "docx", "för smal för att synas"),  # drawn 0 cm wide
], ids=["png-docx", "png-html", "gif-docx", "webp-html", "svg-entities-html", "png-1x200"])
def test_a_logo_no_reader_should_unpack_is_left_out(tmp_path, name, data, only, fragment):
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.build_valid_workbook(folder / "plan.xlsx")
    (folder / name).write_bytes(data)
    book = openpyxl.load_workbook(source)
    book["Inställningar"].append(["Logotyp", name])
    book.save(source)
    before = snapshot(folder)
    result = run("build", source, "--out", tmp_path / "ut", "--bara", only)
    assert_clean(result, f"varning: Logotypen {name} ", fragment, "utan logotyp")
    assert result.exit_code == 0, result.output
    assert snapshot(folder) == before
    written = next((tmp_path / "ut").glob(f"*.{only}"))
    if only == "docx":
        with zipfile.ZipFile(written) as archive:
            assert not [n for n in archive.namelist() if n.startswith("word/media/")]
    else:
        assert "data:image" not in written.read_text(encoding="utf-8")


def test_a_logo_of_a_logos_size_is_still_drawn(tmp_path):
    import zipfile

    source = make_corpus.build_valid_workbook(tmp_path / "plan.xlsx")
    (tmp_path / "logo.png").write_bytes(_png(400, 100))
    book = openpyxl.load_workbook(source)
    book["Inställningar"].append(["Logotyp", "logo.png"])
    book.save(source)
    result = run("build", source, "--out", tmp_path / "ut", "--bara", "docx")
    assert_clean(result)
    assert "Logotyp" not in result.output and result.exit_code == 0, result.output
    with zipfile.ZipFile(next((tmp_path / "ut").glob("*.docx"))) as archive:
        assert [n for n in archive.namelist() if n.startswith("word/media/")]


def _long_header(path: Path, part: str, kind: str) -> None:
    """A header or footer of 600 paragraphs at `part`, linked and referenced from the page."""
    main = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    rels = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root = b"w:hdr" if kind == "header" else b"w:ftr"
    body = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><' + root + b' xmlns:w="'
            + main + b'">' + b"<w:p><w:r><w:t>Sidhuvud</w:t></w:r></w:p>" * 600 + b"</"
            + root + b">")
    make_corpus.add_compressed_member(path, part, body)
    make_corpus.rewrite_member(path, "word/_rels/document.xml.rels", lambda data: data.replace(
        b"</Relationships>", b'<Relationship Id="rIdLong" Type="' + rels + b"/" + kind.encode()
        + b'" Target="' + part.removeprefix("word/").encode() + b'"/></Relationships>'))
    make_corpus.rewrite_member(path, "[Content_Types].xml", lambda data: data.replace(
        b"</Types>", b'<Override PartName="/' + part.encode() + b'" ContentType="application/'
        b"vnd.openxmlformats-officedocument.wordprocessingml." + kind.encode() + b'+xml"/>'
        b"</Types>"))
    reference = (b'<w:' + kind.encode() + b'Reference xmlns:r="' + rels + b'" w:type="default" '
                 b'r:id="rIdLong"/>')

    def refer(data: bytes) -> bytes:
        end = data.index(b">", data.index(b"<w:sectPr")) + 1
        return data[:end] + reference + data[end:]

    make_corpus.rewrite_member(path, "word/document.xml", refer)


# Every page repeats the template's header: 12 000 paragraphs in it took LibreOffice 13 s for
# --pdf, 40 000 past the timeout. Refused by the part's content type, whatever its name.
@pytest.mark.parametrize("part, kind", [("word/header1.xml", "header"),
                                        ("word/media/fot.bin", "footer")])
def test_a_template_header_longer_than_a_page_is_refused(tmp_path, part, kind):
    from test_hostile_judged import _template

    folder = tmp_path / "in"
    folder.mkdir()
    source = make_corpus.write_base(folder)
    template = _template(folder)
    _long_header(template, part, kind)
    before = snapshot(folder)
    out = tmp_path / "ut"
    result = run("build", source, "--mall", template, "--bara", "docx", "--out", out)
    text = assert_clean(result, "mall.docx: mallens sidhuvuden och sidfötter har fler än 500 "
                                f"stycken (delen {part} ")
    assert result.exit_code == 1, text
    assert snapshot(folder) == before
    assert not out.exists() or not list(out.iterdir())


# A folder of 3 000 broken workbooks took `build` 17 s: each worker collects its garbage after
# every workbook, and the collection went over every object it inherited from the command line
# (some 5 ms a workbook). The inherited objects are frozen out of it; now 2 s.
def test_a_batch_worker_leaves_what_it_inherited_out_of_its_collections():
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from vp_excel.cli import gcpolicy

    with ProcessPoolExecutor(max_workers=1, initializer=gcpolicy.raise_thresholds) as pool:
        assert pool.submit(gc.get_freeze_count).result() > 1_000


def test_a_folder_of_many_broken_workbooks_names_each_and_builds_the_good_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_corpus.build_valid_workbook(folder / "a-plan.xlsx")
    for n in range(60):
        (folder / f"trasig-{n:02}.xlsx").write_bytes(b"")
    before = snapshot(folder)
    out = tmp_path / "ut"
    result = run("build", folder, "--out", out, "--bara", "xlsx")
    text = assert_clean(result, "1 av 61 arbetsböcker byggda; 60 misslyckades: trasig-00.xlsx")
    assert result.exit_code == 1 and text.count("filen är tom") == 60, text
    assert snapshot(folder) == before
    assert [p.name for p in out.iterdir()] == ["a-plan-delår-2-2025.xlsx"]


def _formulas_without_values(path: Path, cells: str) -> None:
    """The kommun's table with every cell in `cells` (a regex of references) a formula saved
    without its value, as a program that never calculates saves it."""
    import re

    def change(data: bytes) -> bytes:
        return re.sub(rb'<c r="(' + cells.encode() + rb')"[^>]*?(?:/>|>.*?</c>)',
                      lambda m: b'<c r="' + m.group(1) + b'"><f>"x"&amp;"y"</f></c>', data,
                      flags=re.S)

    make_corpus.rewrite_member(path, make_corpus.sheet_part(path, "Plan"), change)


# Headers saved as formulas without values read as empty cells: "hittar ingen måltabell" alone
# sent the kommun looking for a table that is there. The message says why, and where.
@pytest.mark.parametrize("cells, count", [("[A-Z]+[0-9]+", "celler är formler"),
                                          ("A1|[A-Z]+3", "celler är formler")])
def test_no_table_for_formulas_without_values_says_so(tmp_path, cells, count):
    import kommun_layouts

    folder = tmp_path / "in"
    folder.mkdir()
    source = folder / "plan.xlsx"
    kommun_layouts.plan_words(source)
    book = openpyxl.load_workbook(source)
    book.active.title = "Plan"
    book.save(source)
    _formulas_without_values(source, cells)
    before = snapshot(folder)
    for command in (["check", source], ["build", source, "--out", tmp_path / "ut"]):
        result = run(*command)
        text = assert_clean(result, "hittar ingen måltabell", count,
                            "utan sparat värde (först Plan!A1)", "spara arbetsboken i Excel")
        assert result.exit_code == 1, text
    assert snapshot(folder) == before
    assert not (tmp_path / "ut").exists() or not list((tmp_path / "ut").iterdir())


# --- Kolada: an answer that switches shape between its pages ----------------------------

_RECORD_2023 = {"kpi": "N00090", "municipality": "2417", "period": 2023,
                "values": [{"gender": "T", "value": 5.8}]}


def _second_page(records: list) -> object:
    """Page 1 a record as v3 writes it, page 2 `records` in another shape."""
    import json

    from test_kolada_client import _answer

    def answer(handler) -> None:
        if "page=2" in handler.path:
            _answer(json.dumps({"values": records, "next_url": ""}).encode())(handler)
            return
        base = handler.server.fake.url.rsplit("/v3", 1)[0]
        _answer(json.dumps({"values": [_RECORD_2023], "next_url":
                            f"{base}{handler.path.split('?')[0]}?page=2"}).encode())(handler)
    return answer


# The second page's records were dropped without a word and the year reported as one Kolada
# has no value for, and that None cached for a week.
@pytest.mark.parametrize("records, fragment", [
    ([{"kpi": "N00090", "municipality": "2417", "period": 2024, "gender": "T", "value": 6.1}],
     "1 värde (N00090 2024) kom i en form"),  # the flat shape of an older API
    ([{"kpi": "N00090", "municipality": "2417", "period": 2024,
       "values": [{"gender": "T", "value": "6,1"}]}], "1 värde (N00090 2024) kom i en form"),
    ([{"kpi": "N00090", "municipality": "2417", "period": 2024, "values": "6.1"}],
     "1 värde (N00090 2024) kom i en form"),
    ([6.1, 5.9], "2 poster utan läsbart nyckeltal eller år kom i en form"),
    ([{"kpi": 90, "municipality": "2417", "period": 2024,
       "values": [{"gender": "T", "value": 6.1}]}], "1 post utan läsbart nyckeltal eller år"),
], ids=["flat", "value_as_text", "values_as_text", "numbers_for_records", "kpi_as_number"])
def test_a_page_of_another_shape_is_said_and_never_cached(tmp_path, monkeypatch, records,
                                                          fragment):
    from kolada_server import Server
    from test_kolada_client import _fake, _outcomes, _plan

    from vp_excel.kolada.cache import KoladaCache
    from vp_excel.kolada.client import KoladaClient
    from vp_excel.kolada.fetch import fetch_for_plan
    from vp_excel.kolada.fill import fill_plan

    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(tmp_path / "cache"))
    plan = _plan()
    with Server(_fake(raw={"/data/": _second_page(records)})) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=5, retries=1,
                                                         backoff=0.01))
    report = fill_plan(plan, fetch)
    said = [m for m in fetch.messages if fragment in m]
    assert len(said) == 1 and "sparas inte i cachen" in said[0], fetch.messages
    assert any(fragment in str(p) for p in report.problems)
    outcomes = _outcomes(plan)["Sjukfrånvaro (6,5%)"]
    assert outcomes["Helår 2023"] == pytest.approx(0.058)  # the first page still counts
    assert outcomes["Helår 2024"] is None
    assert KoladaCache().get_value("N00090", "2417", 2024) is None  # asked again next time


# --- the kommun's table painted all over ------------------------------------------------

# A sheet whose every cell (header, words, the empty columns beside) has one green fill: the
# empty columns were read as status columns by their colour, a period "Helår 2025" made of
# them, and every goal reported GRÖN. The header's own fill under the cells is a background.
@pytest.mark.parametrize("colour", ["00B050", "C6EFCE", "FF0000"])
def test_a_table_painted_all_over_in_a_status_colour_keeps_its_words(tmp_path, colour):
    import kommun_layouts
    from openpyxl.styles import PatternFill

    folder = tmp_path / "in"
    folder.mkdir()
    plain, painted = folder / "vanlig.xlsx", folder / "malad.xlsx"
    kommun_layouts.plan_words(plain)
    book = openpyxl.load_workbook(plain)
    sheet = book.active
    fill = PatternFill("solid", fgColor=colour)
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row + 5,
                               max_col=sheet.max_column + 12):
        for cell in row:
            cell.fill = fill
    book.save(painted)
    before = snapshot(folder)
    results = [run("check", path) for path in (plain, painted)]
    texts = [assert_clean(result) for result in results]
    # Read as the plain table is: the same periods, warnings and summary, nothing by colour.
    said = [[line.replace("malad.xlsx", "vanlig.xlsx") for line in text.splitlines()
             if line.startswith(("Perioder", "Rapportperiod", "Sammanfattning", "vanlig.xlsx",
                                 "malad.xlsx", "varning", "fel"))] for text in texts]
    assert len(said[0]) >= 4 and said[1] == said[0], texts[1]
    assert "(utan rubrik): Status" not in texts[1] and "cellens färg" not in texts[1]
    assert snapshot(folder) == before
