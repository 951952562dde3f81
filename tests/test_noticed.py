"""What colleagues noticed while working on other issues, each held by what the program
prints or writes: no Python class name in a message, one message per cell, Kolada's cache
said as it is, look-alike letters in names, output names Windows takes, export's wording, a
report dated before its period ends, status marks under status-word headers, and deep
nesting refused the same way in every part."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from builders import run_cli as run
from test_bad_input import assert_clean, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import make_corpus  # noqa: E402

# Python's words that must never reach a user line: a class name in parentheses, English.
PYTHON_WORDS = re.compile(r"Error\)|Exception|Header\)|\(\w+Error|Unable to|could not|"
                          r"invalid|Traceback")


def _no_python_words(text: str) -> None:
    assert not PYTHON_WORDS.search(text), text


# --- openpyxl's own refusals and deep nesting, said with the part -------------------------

def _styles(change):
    def edit(path: Path) -> None:
        make_corpus.rewrite_member(path, "xl/styles.xml",
                                   lambda data: change(data.decode()).encode())
    return edit


def _member(member: str, change):
    def edit(path: Path) -> None:
        make_corpus.rewrite_member(path, member, lambda data: change(data.decode()).encode())
    return edit


def _sheet(change):
    def edit(path: Path) -> None:
        make_corpus.edit_sheet_xml(path, "Mål", change)
    return edit


def _first(pattern: str, replacement: str):
    def change(xml: str) -> str:
        changed = re.sub(pattern, replacement, xml, count=1)
        assert changed != xml, pattern
        return changed
    return change


DEEP = "<ext uri='x'>" * 100_000 + "</ext>" * 100_000
JUST_TOO_DEEP = "<ext uri='x'>" * 300 + "</ext>" * 300

DAMAGED = [  # (case, edit of the base workbook, part named, what the line says)
    ("colour_not_hex", _styles(_first(r'rgb="[0-9A-Fa-f]{8}"', 'rgb="GGGGGGGG"')),
     "xl/styles.xml", "värde som Excel aldrig skriver"),
    ("tint_1e308", _styles(_first(r"<color ", '<color tint="1e308" ')),
     "xl/styles.xml", "värde som Excel aldrig skriver"),
    ("unknown_fill_pattern", _styles(_first(r'patternType="\w+"', 'patternType="prickig"')),
     "xl/styles.xml", "värde som Excel aldrig skriver"),
    ("styles_100000_deep", _styles(lambda xml: xml.replace(
        "</styleSheet>", f"<extLst>{DEEP}</extLst></styleSheet>", 1)),
     "xl/styles.xml", "nästlad djupare än 256 nivåer"),
    ("sheet_100000_deep", _sheet(lambda xml: xml.replace(
        "</worksheet>", f"<extLst>{DEEP}</extLst></worksheet>", 1)),
     "xl/worksheets/", "nästlad djupare än 256 nivåer"),
    ("sheet_300_deep", _sheet(lambda xml: xml.replace(
        "</worksheet>", f"<extLst>{JUST_TOO_DEEP}</extLst></worksheet>", 1)),
     "xl/worksheets/", "nästlad djupare än 256 nivåer"),
    ("styles_not_xml", _styles(lambda xml: xml.replace("</styleSheet>", "<a></b>", 1)),
     "xl/styles.xml", "ingen giltig XML"),
    ("font_size_a_word", _styles(_first(r'<sz val="[^"]*"', '<sz val="stor"')),
     "xl/styles.xml", "värde som Excel aldrig skriver"),
    ("workbook_300_deep", _member("xl/workbook.xml", lambda xml: xml.replace(
        "</workbook>", f"<extLst>{JUST_TOO_DEEP}</extLst></workbook>", 1)),
     "xl/workbook.xml", "nästlad djupare än 256 nivåer"),
    ("theme_300_deep", _member("xl/theme/theme1.xml", lambda xml: xml.replace(
        "</a:theme>", "<a:extLst>" + "<a:ext uri='x'>" * 300 + "</a:ext>" * 300
        + "</a:extLst></a:theme>", 1)),
     "xl/theme/theme1.xml", "nästlad djupare än 256 nivåer"),
    ("content_types_not_xml", _member("[Content_Types].xml", lambda xml: xml.replace(
        "<Types", "<Types><bad", 1)), "[Content_Types].xml", "ingen giltig XML"),
]


@pytest.mark.parametrize("name, edit, part, fragment", DAMAGED, ids=[c[0] for c in DAMAGED])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_damaged_part_is_one_swedish_line_naming_the_part(tmp_path, name, edit, part,
                                                            fragment, command):
    folder = tmp_path / "in"
    path = make_corpus.write_base(folder)
    edit(path)
    before = snapshot(folder)
    args = ("build", path, "--out", tmp_path / "ut") if command == "build" else ("check", path)
    result = run(*args)
    text = assert_clean(result, fragment)
    _no_python_words(text)
    line = next(line for line in text.splitlines() if fragment in line)
    assert path.name in line and f"delen {part}" in line, line
    if part.startswith("xl/worksheets/"):  # a sheet's part: the sheet named too
        assert f"{path.name}: Mål: delen" in line, line
    assert result.exit_code == 1
    assert snapshot(folder) == before
    assert not (tmp_path / "ut").exists() or not list((tmp_path / "ut").iterdir())


def test_nesting_within_the_limit_is_read(tmp_path):
    path = make_corpus.write_base(tmp_path / "in")
    make_corpus.edit_sheet_xml(path, "Mål", lambda xml: xml.replace(
        "</worksheet>", "<extLst>" + "<ext uri='x'>" * 200 + "</ext>" * 200
        + "</extLst></worksheet>", 1))
    result = run("check", path)
    assert_clean(result, "0 fel")
    assert result.exit_code == 0


def test_a_bug_while_reading_a_part_is_an_internal_error_not_a_damaged_file(tmp_path,
                                                                           monkeypatch):
    import openpyxl.styles.stylesheet

    def broken(*_args):
        raise ImportError("a module of ours is missing")

    monkeypatch.setattr(openpyxl.styles.stylesheet, "apply_stylesheet", broken)
    path = make_corpus.write_base(tmp_path / "in")
    result = run("check", path)
    text = result.stdout + result.stderr
    assert "internt fel" in text and "skadad" not in text, text
    _no_python_words(text.replace("Traceback", ""))


def test_an_internal_error_names_no_python_class(tmp_path, monkeypatch):
    from vp_excel.errors import internal_error_message

    for exc in (ValueError("bad"), KeyError("x"), RuntimeError("writer bug"), MemoryError()):
        message = internal_error_message(exc)
        assert message.startswith("internt fel (")
        _no_python_words(message)
        assert type(exc).__name__ not in message and "bad" not in message


# --- Kolada: what went wrong with an answer, in Swedish ------------------------------------

def _raw(head: bytes, body: bytes = b"{}"):
    def write(handler) -> None:
        handler.wfile.write(head + b"\r\n\r\n" + body)
        handler.wfile.flush()
    return write


KOLADA_ANSWERS = [  # (case, raw answer, what the line says)
    ("content_length_twice_differently",
     _raw(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\nConnection: close"),
     "ogiltiga huvudrader"),
    ("content_length_longer_than_the_body",
     _raw(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close"),
     "kortare än det sade"),
    ("gzip_that_is_not", _raw(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 7"
                              b"\r\nConnection: close", b"notgzip"),
     "gick inte att packa upp"),
    ("broken_chunks", _raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close",
                           b"zz\r\n{}\r\n0\r\n\r\n"),
     "kortare än det sade"),
]


@pytest.mark.parametrize("name, raw, fragment", KOLADA_ANSWERS,
                         ids=[c[0] for c in KOLADA_ANSWERS])
def test_a_broken_kolada_answer_is_said_in_swedish(name, raw, fragment):
    from kolada_server import Server
    from test_kolada_client import NORSJO, _fake

    from vp_excel.kolada.client import KoladaClient, KoladaError

    with Server(_fake(raw={"/data/": raw})) as url, pytest.raises(KoladaError) as caught:
        KoladaClient(url, timeout=5, retries=0, backoff=0.01).values(["N00090"], NORSJO, [2024])
    message = str(caught.value)
    assert fragment in message, message
    _no_python_words(message)


# --- a setting that is an error value: one message ------------------------------------------

@pytest.mark.parametrize("label, value", [("Kommun", "#N/A"), ("Verksamhet", "#REF!"),
                                          ("Kommun", "#VALUE!")])
def test_a_setting_that_is_an_error_value_is_said_once(tmp_path, label, value):
    import openpyxl

    path = make_corpus.write_base(tmp_path / "in")
    book = openpyxl.load_workbook(path)
    sheet = book["Inställningar"]
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == label)
    sheet.cell(row, 2).value = value
    book.save(path)
    text = assert_clean(run("check", path))
    lines = [line for line in text.splitlines() if f'"{label}"' in line]
    assert len(lines) == 1, lines
    assert f"felvärdet {value}" in lines[0] and f"Inställningar!B{row}" in lines[0]
    assert "är tom" not in text


# --- Kolada's cache: a tampered file is damaged, not "not saved" ----------------------------

def _tamper(text: str):
    def change(cache_dir: Path) -> list[Path]:
        files = sorted((cache_dir / "values").rglob("*.json"))
        files[0].write_text(text, "utf-8")
        return files[:1]
    return change


TAMPERED = [
    ("value_a_word", _tamper('{"value": "sex", "fetched": "2025-01-01T00:00:00+00:00"}')),
    ("no_fetch_time", _tamper('{"value": 5.8}')),
    ("fetch_time_no_date", _tamper('{"value": 5.8, "fetched": "igår"}')),
    ("a_list", _tamper("[5.8]")),
    ("value_true", _tamper('{"value": true, "fetched": "2025-01-01T00:00:00+00:00"}')),
    ("not_json", _tamper("{värde: 5,8")),
]


@pytest.mark.parametrize("name, tamper", TAMPERED, ids=[c[0] for c in TAMPERED])
@pytest.mark.parametrize("offline", [True, False])
def test_a_tampered_cache_file_is_said_damaged_with_its_path(tmp_path, monkeypatch, name,
                                                             tamper, offline):
    from test_kolada_client import _filled_from_cache_or_kolada, _plan, _saved

    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(cache_dir))
    _saved(cache_dir)
    tampered = tamper(cache_dir)
    report = _filled_from_cache_or_kolada(_plan(), offline)
    said = [str(p) for p in report.problems if "Kolada" in str(p)]
    damaged = [line for line in said if "filen är skadad" in line]
    assert len(damaged) == 1 and str(tampered[0]) in damaged[0], said
    # Only the tampered file is damaged: every other value was saved and is used.
    assert not any("finns inte sparade" in line for line in said), said
    _no_python_words(" ".join(said))


# --- look-alike letters in names: one verksamhet, one kommun --------------------------------

EXEMPELBY = Path(__file__).resolve().parents[1] / "workbooks" / "exempelby"


def _with_settings(source: Path, target: Path, **settings: str) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(source)
    sheet = book["Inställningar"]
    for row in sheet.iter_rows():
        if row[0].value in settings:
            row[1].value = settings[row[0].value]
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


LOOK_ALIKES = [  # (how the verksamhet is written in the second workbook)
    ("full_width_letter", "Ｋommunledningskontoret"),
    ("no_break_space_and_soft_hyphen", "Kommun\u00adlednings\u00a0kontoret"),
    ("zero_width_space", "Kommunlednings\u200bkontoret"),
    ("full_width_all", "ＫＯＭＭＵＮＬＥＤＮＩＮＧＳＫＯＮＴＯＲＥＴ"),
]


@pytest.mark.parametrize("name, written", LOOK_ALIKES, ids=[c[0] for c in LOOK_ALIKES])
def test_a_look_alike_verksamhet_is_the_same_verksamhet(tmp_path, name, written):
    first = EXEMPELBY / "klk.xlsx"
    second = _with_settings(first, tmp_path / "in" / "klk-kopia.xlsx", Verksamhet=written)
    result = run("sammanstall", first, second, "--out", tmp_path / "ut")
    text = assert_clean(result, "är båda verksamheten")
    assert result.exit_code == 1
    assert not (tmp_path / "ut").exists()
    assert "klk-kopia.xlsx och klk.xlsx" in text or "klk.xlsx och klk-kopia.xlsx" in text


def test_a_look_alike_kommun_is_the_same_kommun_and_shown_as_most_write_it(tmp_path):
    paths = [EXEMPELBY / "klk.xlsx", EXEMPELBY / "barn-och-utbildning.xlsx",
             _with_settings(EXEMPELBY / "socialforvaltningen.xlsx", tmp_path / "in" / "soc.xlsx",
                            Kommun="Ｅxempelby\u00a0 kommun")]
    result = run("sammanstall", *paths, "--out", tmp_path / "ut")
    text = assert_clean(result)
    assert result.exit_code == 0, text
    assert "olika kommuner" not in text
    assert any(p.name.startswith("exempelby-kommun-sammanstallning")
               for p in (tmp_path / "ut").iterdir())


def test_export_names_a_look_alike_verksamhet_one_way(tmp_path):
    import csv

    first = EXEMPELBY / "klk.xlsx"
    second = _with_settings(first, tmp_path / "in" / "klk-2026.xlsx",
                            Verksamhet="Ｋommunledningskontoret", Kommun="ＥXEMPELBY KOMMUN")
    table = tmp_path / "ut" / "mal.csv"
    result = run("export", first, second, "--csv", table)
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(table.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) > 2
    assert {row["verksamhet"] for row in rows} == {"Kommunledningskontoret"}
    assert {row["kommun"] for row in rows} == {"Exempelby kommun"}
    # The goal ids of the two workbooks are the same verksamhet's.
    ids = {row["mål-id"] for row in rows}
    assert all(ident.startswith("kommunledningskontoret-") for ident in ids), ids


# --- output names Windows opens ----------------------------------------------------------

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in "0123456789¹²³"),
                   *(f"lpt{n}" for n in "0123456789¹²³")}


def _opens_on_windows(name: str) -> bool:
    """Windows' own rules for a file name (Naming Files, Paths, and Namespaces)."""
    return (not WINDOWS_FORBIDDEN.search(name) and not name.endswith((".", " "))
            and name.split(".")[0].rstrip(" ").lower() not in WINDOWS_DEVICES)


@pytest.mark.parametrize("source_name", [
    "plan: KLK.xlsx", 'plan "2025".xlsx', "plan<1>.xlsx", "plan?*.xlsx", "plan|klk.xlsx",
    "plan\\klk.xlsx", "con.plan.xlsx", "NUL.xlsx.xlsx", "com1 .plan.xlsx"])
def test_every_output_name_opens_on_windows_and_a_change_is_said_once(tmp_path, source_name):
    import shutil

    folder = tmp_path / "in"
    source = make_corpus.write_base(folder)
    renamed = source.with_name(source_name)
    shutil.move(source, renamed)
    out = tmp_path / "ut"
    result = run("build", renamed, "--out", out, "--html")
    text = assert_clean(result)
    assert result.exit_code == 0, text
    written = sorted(p.name for p in out.iterdir())
    assert {Path(name).suffix for name in written} >= {".xlsx", ".docx", ".html"}
    assert all(_opens_on_windows(name) for name in written), written
    said = [line for line in text.splitlines() if "Windows inte tillåter" in line]
    assert len(said) == 1, text
    assert source_name.removesuffix(".xlsx") in said[0]


def test_a_name_windows_takes_is_left_as_it_is(tmp_path):
    folder = tmp_path / "in"
    source = make_corpus.write_base(folder)
    renamed = source.with_name("console-plan.2025 (1).xlsx")
    source.rename(renamed)
    result = run("build", renamed, "--out", tmp_path / "ut")
    text = assert_clean(result)
    assert "Windows" not in text
    assert all(p.name.startswith("console-plan.2025 (1)-") for p in (tmp_path / "ut").iterdir())



# --- a report dated before its period ends ------------------------------------------------

REPORT_DATES = [  # (period, Rapportdatum, whether check and build warn)
    ("Helår 2025", dt.date(2025, 9, 15), True),   # Exempelby's årsrapport, as noticed
    ("Helår 2025", dt.date(2025, 12, 30), True),
    ("Helår 2025", dt.date(2025, 12, 31), False),
    ("Helår 2025", dt.date(2026, 2, 20), False),
    ("Delår 1 2025", dt.date(2025, 3, 31), True),  # a delårsrapport too
    ("Delår 1 2025", dt.date(2025, 5, 10), False),
    ("Delår 2 2025", dt.date(2025, 9, 15), False),
    ("Helår 2024", dt.date(2024, 10, 1), False),  # the plan's starting point: the plan
]


def _dated(folder: Path, date: dt.date | str) -> tuple[Path, str]:
    import openpyxl

    path = make_corpus.write_base(folder)
    book = openpyxl.load_workbook(path)
    sheet = book["Inställningar"]
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Rapportdatum")
    sheet.cell(row, 2).value = date
    book.save(path)
    return path, f"Inställningar!B{row}"


@pytest.mark.parametrize("period, date, warns", REPORT_DATES)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_report_dated_before_its_period_ends_is_a_warning_with_the_cell(
        tmp_path, period, date, warns, command):
    path, cell = _dated(tmp_path / "in", date)
    args = (("build", path, "--out", tmp_path / "ut", "--bara", "xlsx") if command == "build"
            else ("check", path))
    result = run(*args, "--period", period)
    text = assert_clean(result)
    assert result.exit_code == 0, text
    said = [line for line in text.splitlines() if "före slutet av perioden" in line]
    if not warns:
        assert said == [], said
        return
    assert len(said) == 1, text
    line = said[0]
    assert line.startswith("varning:") and f"plan.xlsx: {cell}:" in line, line
    assert date.isoformat() in line and period in line


def test_a_report_date_written_as_text_is_judged_too(tmp_path):
    path, cell = _dated(tmp_path / "in", "2025-09-15")
    result = run("check", path, "--period", "Helår 2025")
    line = next(line for line in assert_clean(result).splitlines() if "före slutet" in line)
    assert cell in line


# --- status marks under status-word headers ----------------------------------------------

MARK_GOALS = ["Alla ska få svar i tid", "Arkivet ska vara ordnat", "Diariet ska vara aktuellt",
              "Webben ska vara tillgänglig för alla"]
MARK_SCALES = [  # headers, left to right, best first: the statuses they say
    ("Bra", "OK", "Har brister"),
    ("Grön", "Gul", "Röd"),
    ("Bra", "Godtagbart", "Dåligt"),
    ("Bra", "Okej", "Inte bra"),
    ("Bra", "Mindre bra", "Dålig"),
    ("Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"),
]


@pytest.mark.parametrize("scale", MARK_SCALES, ids=["|".join(s) for s in MARK_SCALES])
@pytest.mark.parametrize("first", ["Mål", "Område", "Nämndens mål", ""])
@pytest.mark.parametrize("mark", ["x", "X", "✓"])
def test_marks_under_status_word_headers_are_the_marked_headers_status(tmp_path, first, scale,
                                                                       mark):
    import openpyxl

    from vp_excel import api

    path = tmp_path / "kryss.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([first, *scale])
    marked = [0, 1, 2, 0]  # the column of the mark, per goal
    for goal, col in zip(MARK_GOALS, marked):
        row = [goal, None, None, None]
        row[1 + col] = mark
        sheet.append(row)
    book.save(path)
    result = run("check", path, "--ar", "2025")
    text = assert_clean(result, "Status ur kryss under statusens namn")
    assert result.exit_code == 0, text
    read = api.check(path, year=2025)
    evaluation = read.evaluation
    statuses = [*(evaluation.ks_status(g, "Helår 2025").status for g in read.plan.ks_goals),
                *(evaluation.indicator_status(i, "Helår 2025").status
                  for i in read.plan.indicators)]
    assert statuses == [("GRÖN", "GUL", "RÖD")[col] for col in marked], text


@pytest.mark.parametrize("written", ["Norsjö kommun", "Ｎorsjö kommun", "NORSJÖ\u00a0 KOMMUN",
                                     "Nor\u200bsjö kommun", "Norsjö", "ＮＯＲＳＪÖ"])
def test_a_look_alike_kommun_name_finds_its_kolada_code(tmp_path, monkeypatch, written):
    from kolada_server import Server
    from test_kolada_client import _fake, _plan

    from vp_excel.kolada.client import KoladaClient
    from vp_excel.kolada.fetch import fetch_for_plan
    from vp_excel.kolada.fill import fill_plan

    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(tmp_path / "cache"))
    plan = _plan(kommunkod="")
    plan.settings.kommun = written
    with Server(_fake()) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=5))
    report = fill_plan(plan, fetch)
    assert fetch.kommun == "2417", [str(p) for p in report.problems]
    assert plan.indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(0.058)


def test_two_workbooks_whose_reports_would_share_a_windows_name_are_said(tmp_path):
    import shutil

    folder = tmp_path / "in"
    source = make_corpus.write_base(folder)
    shutil.copy(source, folder / "plan:a.xlsx")
    shutil.move(source, folder / "plan-a.xlsx")
    out = tmp_path / "ut"
    result = run("build", folder, "--out", out, "--bara", "xlsx")
    text = assert_clean(result)
    assert "har samma namn som" in text, text
    written = sorted(p.name for p in out.iterdir())
    assert written == ["plan-a-delår-2-2025.xlsx"], written


@pytest.mark.parametrize("label, value", [("Kommun", "#N/A"), ("Verksamhet", "#REF!")])
def test_a_setting_that_is_an_error_value_is_said_once_beside_the_kommuns_table(tmp_path, label,
                                                                               value):
    import openpyxl

    path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in (["Mål", "Indikator", "Målvärde", "Utfall 2025", "Status"],
                ["Trygg kommun", "Andel trygga", "80%", "82%", "Grön"],
                ["Bra skola", "Andel behöriga", "90%", "85%", "Röd"]):
        sheet.append(row)
    settings = book.create_sheet("Inställningar")
    for row in (["Inställning", "Värde"], ["Kommun", "Exempelby kommun"],
                ["Verksamhet", "KLK"]):
        settings.append(row)
    settings["B2" if label == "Kommun" else "B3"] = value
    book.save(path)
    text = assert_clean(run("check", path, "--ar", "2025"))
    lines = [line for line in text.splitlines() if label.lower() in line.lower()
             and ("felvärdet" in line or "hittades inte" in line or "är tom" in line)]
    assert len(lines) == 1 and f"felvärdet {value}" in lines[0], lines
