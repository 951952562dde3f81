"""`vp-excel build --kolada` end to end against a local server that answers like Kolada:
empty indicator outcomes filled and marked with their source in both reports, typed values
kept, statuses that follow (terminal, LibreOffice-recalculated formulas, Word), `--offline`
from the cache, and every failure one Swedish line in a finished build."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from builders import run_cli, write_workbook
from kolada_server import FakeKolada, Server

from vp_excel.libreoffice import find_soffice, recalculate_xlsx

TODAY = dt.date.today().isoformat()
P0, P1, P2 = "Helår 2024", "Delår 2025", "Helår 2025"
SETTINGS = [("Inställning", "Värde"), ("Kommun", "Norsjö kommun"), ("Kommunkod", 2417),
            ("Verksamhet", "Kommunledningskontoret"), ("År", 2025), ("Rapportperiod", P0)]
PERIODS = [("Period", "År", "Från", "Till"), (P0, 2024, "jan", "dec"),
           (P1, 2025, "jan", "jul"), (P2, 2025, "jan", "dec")]
HEADER = ["KF ÖG mål", "KF indikator", "Styrgräns", "Riktning", "Nyckeltal-id", "KS mål",
          "Målvärde",
          f"Indikatorutfall {P0}", f"Indikatorutfall {P1}", f"Indikatorutfall {P2}",
          f"Utfall {P0}"]
KF = "Hållbar och effektiv organisation"
ROWS = [  # indicator, styrgräns, riktning, Kolada-id, typed Helår 2024 outcome
    ("Sjukfrånvaro (6,5%)", "6,5%", "Lägre är bättre", "N00090", None),
    ("Nettoinvesteringar, kr per invånare (max 4000kr/inv)", "max 4000 kr/inv", "",
     "N03101", None),
    ("Soliditet (50%)", "50%", "", "N00001", "45%"),
    ("Okänt nyckeltal (1)", "1", "", "N99999", None),
    ("Årets resultat som andel av skatter och bidrag (3%)", "3%", "", "N00002", None),
]
# What the Kolada server has for Norsjö (2417): percentages in percent, as Kolada gives them.
DATA = {("N00090", "2417", 2024): 5.8, ("N03101", "2417", 2024): 4350.0,
        ("N00001", "2417", 2024): 47.0, ("N00002", "2417", 2024): None,
        ("N00090", "2417", 2023): 6.4, ("N00090", "2417", 2025): None}
KPIS = {"N00090": {"title": "Sjukfrånvaro totalt, kommunalt anställda, andel (%)",
                   "description": "Sjukfrånvarotimmar i procent av ordinarie arbetstid."},
        "N03101": {"title": "Nettoinvesteringar, kr/inv", "description": ""},
        "N00001": {"title": "Soliditet, (%)", "description": ""},
        "N00002": {"title": "Årets resultat som andel av skatt & generella bidrag, (%)",
                   "description": ""}}
# Indikatorutfall Helår 2024 after the build, and its status by the rules.
EXPECTED = {"Sjukfrånvaro (6,5%)": (0.058, "GRÖN"),
            "Nettoinvesteringar, kr per invånare (max 4000kr/inv)": (4350, "RÖD"),
            "Soliditet (50%)": (0.45, "RÖD"),
            "Okänt nyckeltal (1)": (None, None),
            "Årets resultat som andel av skatter och bidrag (3%)": (None, None)}
FETCHED = {"Sjukfrånvaro (6,5%)": "N00090",
           "Nettoinvesteringar, kr per invånare (max 4000kr/inv)": "N03101"}


def _workbook(path: Path) -> Path:
    goals = [HEADER]
    for i, (name, limit, direction, kpi, typed) in enumerate(ROWS):
        goals.append([KF, name, limit, direction, kpi, f"KS mål {i + 1}", "4%", typed, None,
                      None, "3%"])
    return write_workbook(path, goals, settings=SETTINGS, periods=PERIODS)


def _fake() -> FakeKolada:
    return FakeKolada(kpis=KPIS, data=dict(DATA), page_size=2,
                      municipalities=[{"id": "2417", "title": "Norsjö", "type": "K"}])


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/v3"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("VP_EXCEL_KOLADA_URL", _closed_port_url())  # never the internet
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VP_EXCEL_KOLADA_TIMEOUT", "5")
    return monkeypatch


def _build(source: Path, out: Path, *extra: str):
    return run_cli("build", str(source), "--out", str(out), *extra)


def _goal_rows(path: Path,
               data_only: bool = False) -> tuple[dict[str, int], dict[str, int], object]:
    sheet = openpyxl.load_workbook(path, data_only=data_only)["Mål"]
    header = {str(c.value): c.column for c in sheet[1] if c.value}
    rows = {sheet.cell(r, header["KF indikator"]).value: r for r in range(2, sheet.max_row + 1)
            if sheet.cell(r, header["KF indikator"]).value}
    return header, rows, sheet


def _word_lines(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for table in document.tables for row in table.rows for cell in row.cells
            for p in cell.paragraphs if p.text]


@pytest.fixture
def built(tmp_path, env) -> dict:
    source = _workbook(tmp_path / "plan.xlsx")
    before = source.read_bytes()
    fake = _fake()
    with Server(fake) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", url)
        # Helår 2024 is this 2025 plan's starting point; the årsrapport for it, asked for by
        # name (without --period, --dokument arsrapport would take Helår 2025).
        result = _build(source, tmp_path / "out", "--kolada", "--dokument", "arsrapport",
                        "--period", P0)
    assert source.read_bytes() == before  # the input workbook is not written
    return {"source": source, "result": result, "fake": fake, "out": tmp_path / "out",
            "xlsx": tmp_path / "out" / "plan-helår-2024.xlsx",
            "docx": tmp_path / "out" / "plan-helår-2024.docx"}


def test_the_terminal_names_each_fetched_value_its_status_and_every_problem(built):
    result = built["result"]
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name, kpi in FETCHED.items():
        value = "5,8%" if kpi == "N00090" else "4\u00a0350 kr/inv"  # a no-break space
        status = EXPECTED[name][1]
        assert (f'Kolada: "{name}" {P0} = {value}, indikatorstatus {status} '
                f"(Källa: Kolada, {kpi}, hämtad {TODAY})") in lines
    problems = [line for line in lines if line.startswith("varning:")]
    assert any('Kolada känner inte nyckeltalet "N99999"' in line for line in problems)
    assert any("Kolada har inget värde för N00002 år 2024" in line for line in problems)
    # The typed Soliditet is kept: one warning on its cell with both values.
    assert [line for line in problems if "i arbetsboken men" in line] == [(
        f"varning: plan.xlsx: Mål!H4: indikatorutfallet för {P0} är 45% i arbetsboken men 47% "
        f"i Kolada (N00001, hämtad {TODAY}); det inskrivna värdet behålls.")]
    # Only full years are asked, and only once per KPI list and page.
    data = [r for r in built["fake"].requests if r.startswith("/v3/data/")]
    assert data and all(r.split("?")[0].endswith("/year/2024") for r in data)


def test_the_report_workbook_holds_fetched_values_as_values_with_their_source(built):
    header, rows, sheet = _goal_rows(built["xlsx"])
    col = header[f"Indikatorutfall {P0}"]
    for name, (value, _status) in EXPECTED.items():
        cell = sheet.cell(rows[name], col)
        assert cell.value == (pytest.approx(value) if value is not None else None), name
        assert cell.data_type in ("n",), name  # a number (or blank), not a formula
        comment = cell.comment.text if cell.comment else ""
        if name in FETCHED:
            assert comment == f"Källa: Kolada, {FETCHED[name]}, hämtad {TODAY}"
        else:
            assert comment == ""
    assert [sheet.cell(rows[name], header["Kolada-id"]).value for name, *_ in ROWS] == [
        kpi for _, _, _, kpi, _ in ROWS]
    assert sheet.cell(rows["Sjukfrånvaro (6,5%)"], header["Källa"]).value == "Kolada"


def test_the_word_report_says_where_each_fetched_value_is_from(built):
    lines = _word_lines(built["docx"])
    for name, (value, status) in EXPECTED.items():
        utfall = [i for i, line in enumerate(lines) if line.startswith(f"Utfall {P0}:")
                  and lines[i - 1].startswith(name.split(" (")[0])]
        if value is None:
            assert not utfall, name
            continue
        assert len(utfall) >= 1, name
        index = utfall[0]
        assert lines[index].endswith(f"({status})")
        source = f"Källa: Kolada, {FETCHED[name]}, hämtad {TODAY}" if name in FETCHED else None
        assert (lines[index + 1] == source) if source else not lines[index + 1].startswith(
            "Källa: Kolada"), name


@pytest.mark.skipif(find_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: formulas cannot be "
                           "recalculated here")
def test_libreoffice_recalculates_the_same_indicator_statuses(built, tmp_path):
    recalculated = recalculate_xlsx(built["xlsx"], tmp_path / "recalc")
    header, rows, sheet = _goal_rows(recalculated, data_only=True)
    col = header[f"Indikatorstatus {P0}"]
    for name, (value, status) in EXPECTED.items():
        got = sheet.cell(rows[name], col).value
        assert got == (status if value is not None else "Ej bedömd"), name


def test_offline_after_one_fetch_gives_the_same_reports_with_no_server(built, tmp_path, env):
    env.setenv("VP_EXCEL_KOLADA_URL", _closed_port_url())
    again = _build(built["source"], tmp_path / "offline", "--kolada", "--offline", "--dokument",
                   "arsrapport", "--period", P0)
    assert again.exit_code == 0, again.output
    assert "kunde inte nå" not in again.output
    first_notes = [line for line in built["result"].output.splitlines()
                   if line.startswith(("Kolada:", "varning:"))]
    assert [line for line in again.output.splitlines()
            if line.startswith(("Kolada:", "varning:"))] == first_notes
    offline_xlsx = tmp_path / "offline" / built["xlsx"].name
    _, _, first = _goal_rows(built["xlsx"])
    _, _, second = _goal_rows(offline_xlsx)

    def cells(sheet):
        return [(c.coordinate, c.value, c.comment.text if c.comment else None)
                for row in sheet.iter_rows() for c in row]

    assert cells(second) == cells(first)
    assert _word_lines(tmp_path / "offline" / built["docx"].name) == _word_lines(built["docx"])


def test_a_second_online_build_asks_nothing(built, tmp_path, env):
    fake = _fake()
    with Server(fake) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", url)
        again = _build(built["source"], tmp_path / "again", "--kolada")
    assert again.exit_code == 0 and fake.requests == [], fake.requests


@pytest.mark.parametrize("situation, expected", [
    ("no network", "kunde inte nå Kolada"),
    ("timeout", "Kolada svarade inte inom 0,5 sekunder"),
    ("offline, nothing saved", "Kolada (--offline): 5 av 5 värden finns inte sparade"),
    ("deep json", "nästlat djupare än 32 nivåer"),
    ("redirect to file://", "inte är http eller https (file:///etc/passwd)"),
    ("a byte at a time", "Kolada svarade inte inom 0,5 sekunder"),
])
def test_every_failure_is_one_swedish_line_and_the_build_finishes(tmp_path, env, situation,
                                                                  expected):
    source = _workbook(tmp_path / "plan.xlsx")
    extra = ("--kolada",)
    fake = _fake()
    if situation in ("timeout", "a byte at a time"):
        env.setenv("VP_EXCEL_KOLADA_TIMEOUT", "0.5")
    if situation == "timeout":
        fake.slow = {"/kpi/": 3.0}
    hostile = {"deep json": (b'{"values": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ()),
               "redirect to file://": (b"", ("Location: file:///etc/passwd",)),
               "a byte at a time": (b'{"values": []}', ())}
    if situation in hostile:
        body, headers = hostile[situation]
        fake.raw = {"/kpi/": _raw(body, headers, slowly=situation == "a byte at a time")}
    with Server(fake) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", _closed_port_url() if situation == "no network"
                   else url)
        if situation.startswith("offline"):
            extra = ("--kolada", "--offline")  # --offline alone is refused
        result = _build(source, tmp_path / "out", *extra)
    assert result.exit_code == 0, result.output
    kolada_lines = [line for line in result.output.splitlines() if "Kolada" in line]
    assert len(kolada_lines) == 1 and expected in kolada_lines[0], kolada_lines
    assert "Traceback" not in result.output
    _, rows, sheet = _goal_rows(tmp_path / "out" / "plan-helår-2024.xlsx")
    header = {str(c.value): c.column for c in sheet[1] if c.value}
    soliditet = sheet.cell(rows["Soliditet (50%)"], header[f"Indikatorutfall {P0}"]).value
    assert soliditet == pytest.approx(0.45)  # nothing in the workbook is lost
    assert sheet.cell(rows["Sjukfrånvaro (6,5%)"], header[f"Indikatorutfall {P0}"]).value is None


def _raw(body: bytes, headers: tuple[str, ...], slowly: bool):
    """A hostile server's whole answer: a redirect when given a Location, else 200."""
    def write(handler) -> None:
        status = "302 Found" if headers else "200 OK"
        head = "\r\n".join([f"HTTP/1.1 {status}", f"Content-Length: {len(body)}",
                             "Connection: close", *headers, "", ""])
        handler.wfile.write(head.encode())
        for start in range(0, len(body), 1 if slowly else len(body) or 1):
            handler.wfile.write(body[start:start + (1 if slowly else len(body))])
            handler.wfile.flush()
            if slowly:
                time.sleep(0.2)
    return write


def test_several_workbooks_are_filled_each_in_its_own_worker(tmp_path, env):
    (tmp_path / "in").mkdir()
    sources = [_workbook(tmp_path / "in" / name) for name in ("a.xlsx", "b.xlsx")]
    with Server(_fake()) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", url)
        result = run_cli("build", *map(str, sources), "--out",
                                          str(tmp_path / "out"), "--kolada")
    assert result.exit_code == 0, result.output
    for source in sources:
        header, rows, sheet = _goal_rows(tmp_path / "out" / f"{source.stem}-helår-2024.xlsx")
        cell = sheet.cell(rows["Sjukfrånvaro (6,5%)"], header[f"Indikatorutfall {P0}"])
        assert cell.value == pytest.approx(0.058)
        assert cell.comment.text == f"Källa: Kolada, N00090, hämtad {TODAY}"


def test_kolada_sok_lists_matching_kpis_and_whether_the_kommun_has_values(env):
    with Server(_fake()) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", url)
        result = run_cli("kolada", "sok", "(%)", "--kommun", "Norsjö")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "N00090  har värden  Sjukfrånvaro totalt, kommunalt anställda, andel (%)" in lines
    assert "N00002  inga värden Årets resultat som andel av skatt & generella bidrag, (%)" \
        in lines
    assert lines[-1] == "Källa: Kolada"


def test_kolada_visa_shows_description_and_last_years(env):
    with Server(_fake()) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", url)
        result = run_cli("kolada", "visa", "n00090", "--kommun", "2417", "--antal-ar", "2")
        unknown = run_cli("kolada", "visa", "N99999")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "N00090: Sjukfrånvaro totalt, kommunalt anställda, andel (%)",
        "Sjukfrånvarotimmar i procent av ordinarie arbetstid.",
        "Värden för kommun 2417 (kön totalt):", "  2024  5,8", "  2025  inget värde",
        "Källa: Kolada"]
    assert unknown.exit_code == 1
    assert unknown.output.strip() == ('vp-excel: Kolada känner inte nyckeltalet "N99999"; '
                                      "sök med vp-excel kolada sok TEXT.")


def test_build_kolada_fills_riket_lan_group_and_kvinnor_man_also_offline(tmp_path, env):
    """End to end: riket (0000), Västerbotten (0024) and the settings' Jämförelsekommuner
    beside the indicator in the report workbook and the analysis, with their source, and
    kvinnor/män rows under it; a second build --offline with no server says the same."""
    settings = [*SETTINGS, ("Jämförelsekommuner", "2418, 2460")]
    goals = [HEADER, [KF, ROWS[0][0], "6,5%", "Lägre är bättre", "N00090", "KS mål 1", "4%",
                      None, None, None, "3%"]]
    source = write_workbook(tmp_path / "plan.xlsx", goals, settings=settings, periods=PERIODS)
    before = source.read_bytes()
    fake = _fake()
    fake.data.update({("N00090", "0000", 2024): 7.1, ("N00090", "0024", 2024): 7.4,
                      ("N00090", "2418", 2024): 9.9, ("N00090", "2460", 2024): 6.0})
    fake.genders[("N00090", "2417", 2024)] = (7.6, 3.9)
    with Server(fake) as url:
        env.setenv("VP_EXCEL_KOLADA_URL", url)
        online = _build(source, tmp_path / "out", "--kolada", "--dokument", "arsrapport",
                        "--period", P0)
    assert online.exit_code == 0, online.output
    env.setenv("VP_EXCEL_KOLADA_URL", _closed_port_url())
    offline = _build(source, tmp_path / "offline", "--kolada", "--offline", "--dokument",
                     "arsrapport", "--period", P0)
    assert offline.exit_code == 0, offline.output
    expected = (f"Jämförelse (indikatorn): Riket 2024: 7,1%; Länet 2024: 7,4%; "
                f"Jämförelsekommuner 2024: 8% (medel av 2 kommuner (2418, 2460), spann "
                f"6%–9,9%); Källa: Kolada, N00090, hämtad {TODAY}")
    for out in (tmp_path / "out", tmp_path / "offline"):
        words = [p.text for p in docx.Document(str(out / "plan-helår-2024.docx")).paragraphs]
        assert expected in words
        assert (f"Kvinnor och män (indikatorn): Kvinnor: 7,6%; Män: 3,9%; Källa: Kolada, "
                f"N00090, hämtad {TODAY}") in words
        header, rows, sheet = _goal_rows(out / "plan-helår-2024.xlsx")
        row = rows[ROWS[0][0]]
        riket = sheet.cell(row, header["Riket 2024"])
        assert riket.value == pytest.approx(0.071)
        assert riket.comment is not None and "Kolada, N00090" in riket.comment.text
        assert sheet.cell(rows["kvinnor"], header[f"Indikatorutfall {P0}"]).value == \
            pytest.approx(0.076)
    assert source.read_bytes() == before  # the input workbook is never written
