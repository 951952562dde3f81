"""The Kolada client, cache and fill against a local server that answers like the API v3:
paging by next_url, null values, unknown ids, a 503 then success, a slow answer."""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import json
import os
import socket
import time

import pytest
from kolada_server import FakeKolada, Server

from vp_excel import schema
from vp_excel.errors import Location
from vp_excel.kolada.cache import Cached, KoladaCache
from vp_excel.kolada.client import FETCH_TIMEOUT_FACTOR, KoladaClient, KoladaError
from vp_excel.kolada.fetch import fetch_for_plan, normalize_kommunkod
from vp_excel.kolada.fill import fill_plan
from vp_excel.model import KfGoal, KfIndicator, Measure, Period, Plan, PlanRow, Settings

NORSJO = "2417"


def _fake(**kwargs) -> FakeKolada:
    fake = FakeKolada(
        kpis={"N00090": {"title": "Sjukfrånvaro totalt, kommunalt anställda, andel (%)",
                         "description": "Sjukfrånvaro i procent av tillgänglig ordinarie tid."},
              "N03101": {"title": "Nettoinvesteringar, kr/inv", "description": ""},
              "N00001": {"title": "Soliditet exklusive pensionsförpliktelser, (%)",
                         "description": ""}},
        municipalities=[{"id": "2417", "title": "Norsjö", "type": "K"},
                        {"id": "2418", "title": "Malå", "type": "K"},
                        {"id": "0024", "title": "Region Västerbotten", "type": "L"}],
        data={("N00090", NORSJO, 2020): 7.1, ("N00090", NORSJO, 2021): 6.9,
              ("N00090", NORSJO, 2022): 6.2, ("N00090", NORSJO, 2023): None,
              ("N00090", NORSJO, 2024): 5.8, ("N03101", NORSJO, 2024): 3650.0,
              ("N00090", "2418", 2024): 9.9},
        **kwargs)
    return fake


@pytest.fixture(autouse=True)
def _local_only(monkeypatch):
    """No test reaches the internet: an unset address points at nothing, and the local
    server is never sent through a proxy of the environment."""
    monkeypatch.setenv("VP_EXCEL_KOLADA_URL", "http://127.0.0.1:9/v3")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(folder))
    return folder


def test_values_follow_next_url_over_several_pages_and_keep_null():
    fake = _fake(page_size=2)
    with Server(fake) as url:
        values = KoladaClient(url, timeout=5).values(["N00090"], NORSJO,
                                                     [2020, 2021, 2022, 2023, 2024])
    assert values == {("N00090", 2020): 7.1, ("N00090", 2021): 6.9, ("N00090", 2022): 6.2,
                      ("N00090", 2023): None, ("N00090", 2024): 5.8}
    data_requests = [r for r in fake.requests if r.startswith("/v3/data/")]
    assert len(data_requests) == 3  # 5 records, 2 a page
    assert "per_page=5000" in data_requests[0]
    assert [r for r in data_requests if "page=3" in r]


def test_more_than_25_ids_or_years_are_split_into_calls():
    fake = _fake()
    ids = [f"N{n:05d}" for n in range(30)] + ["N00090"]
    years = list(range(1995, 2025))  # 30 years
    with Server(fake) as url:
        values = KoladaClient(url, timeout=5).values(ids, NORSJO, years)
    assert values[("N00090", 2024)] == 5.8 and values[("N00090", 2023)] is None
    firsts = [r.split("?")[0] for r in fake.requests if r.startswith("/v3/data/")]
    assert len({f for f in firsts}) == 4  # 2 id parts × 2 year parts
    assert all(len(segment.split(",")) <= 25 for f in firsts for segment in f.split("/"))


@pytest.mark.parametrize("ids, known", [
    (["N00090", "N99999"], {"N00090"}),
    (["N99999"], set()),
])
def test_unknown_kpi_ids_are_simply_absent(ids, known):
    with Server(_fake()) as url:
        assert set(KoladaClient(url, timeout=5).kpis(ids)) == known


def test_a_503_is_retried_and_then_succeeds():
    fake = _fake(fail={"/data/": 1})
    with Server(fake) as url:
        values = KoladaClient(url, timeout=5, backoff=0.01).values(["N03101"], NORSJO, [2024])
    assert values == {("N03101", 2024): 3650.0}
    assert len([r for r in fake.requests if r.startswith("/v3/data/")]) == 2


def test_503_until_retries_run_out_is_one_swedish_error():
    fake = _fake(fail={"/data/": 10})
    with Server(fake) as url, pytest.raises(KoladaError, match="Kolada svarade 503"):
        KoladaClient(url, timeout=5, retries=2, backoff=0.01).values(["N03101"], NORSJO)
    assert len(fake.requests) == 3


def test_a_slow_answer_is_a_timeout_not_a_hang():
    fake = _fake(slow={"/data/": 3.0})
    started = time.monotonic()
    with Server(fake) as url, pytest.raises(KoladaError, match="svarade inte inom 0,3 sekunder"):
        KoladaClient(url, timeout=0.3, retries=1, backoff=0.01).values(["N00090"], NORSJO)
    assert time.monotonic() - started < 2.5


def test_no_server_at_all_is_one_swedish_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(KoladaError, match="kunde inte nå Kolada"):
        KoladaClient(f"http://127.0.0.1:{port}/v3", timeout=2, retries=1,
                     backoff=0.01).kpis(["N00090"])


def test_a_proxy_from_the_environment_is_used(monkeypatch):
    fake = _fake()
    with Server(fake) as url:
        monkeypatch.setenv("HTTP_PROXY", url.rsplit("/v3", 1)[0])
        monkeypatch.delenv("NO_PROXY")
        values = KoladaClient("http://kolada.invalid/v3", timeout=5).values(
            ["N03101"], NORSJO, [2024])
    assert values == {("N03101", 2024): 3650.0}
    assert fake.requests[0].startswith("http://kolada.invalid/v3/data/kpi/N03101/")


def test_search_and_municipality_lookup_decode_utf8():
    with Server(_fake(page_size=1)) as url:
        client = KoladaClient(url, timeout=5)
        hits = client.search_kpis("sjukfrånvaro")
        kommuner = client.municipalities("Norsjö")
    assert [k.id for k in hits] == ["N00090"]
    assert hits[0].title.startswith("Sjukfrånvaro")
    assert [(m.id, m.title) for m in kommuner] == [("2417", "Norsjö")]


@pytest.mark.parametrize("typed, expected", [("2417", "2417"), ("180", "0180"),
                                             ("2417.0", "2417"), (" 0180 ", "0180")])
def test_kommunkod_is_four_digits(typed, expected):
    assert normalize_kommunkod(typed) == expected


def test_cache_round_trip_and_freshness(tmp_path):
    cache = KoladaCache(tmp_path)
    old = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    cache.put_value("N00090", NORSJO, 2024, Cached(5.8, old))
    cache.put_value("N00090", NORSJO, 2023, Cached(None, old))
    got = cache.get_value("N00090", NORSJO, 2024)
    assert got == Cached(5.8, old) and not got.is_fresh()
    assert cache.get_value("N00090", NORSJO, 2023) == Cached(None, old)
    assert cache.get_value("N00090", NORSJO, 2022) is None
    (tmp_path / "values" / NORSJO / "N00090" / "2024.json").write_text("{trasig", "utf-8")
    assert cache.get_value("N00090", NORSJO, 2024) is None


# --- fetch and fill ---------------------------------------------------------------------

def _plan(kommunkod: str = NORSJO, typed_2024=None) -> Plan:
    periods = [Period("Helår 2023", 2023, 1, 12), Period("Delår 2024", 2024, 1, 8),
               Period("Helår 2024", 2024, 1, 12)]
    names = [p.name for p in periods]

    def indicator(name, kpi, rule, target, unit, outcomes=None):
        measure = Measure(rule, target, unit, outcomes=dict.fromkeys(names) | (outcomes or {}))
        cells = {p: Location("plan.xlsx", "Mål", f"{col}{row}")
                 for p, col in zip(names, "HIJ") for row in [len(rows) + 2]}
        return KfIndicator(name, "", measure, "Kolada", kpi, cells)

    rows: list[PlanRow] = []
    for args in (("Sjukfrånvaro (6,5%)", "N00090", schema.LOWER, 0.065, "%",
                  {"Helår 2024": typed_2024}),
                 ("Nettoinvesteringar", "n03101", schema.LOWER, 4000.0, "kr/inv"),
                 ("Okänt", "N99999", schema.HIGHER, 1.0, ""),
                 ("Soliditet", "N00001", schema.HIGHER, 0.5, "%"),
                 ("Utan länk", "", schema.HIGHER, 1.0, "")):
        rows.append(PlanRow(indicator=indicator(*args)))
    settings = Settings("Norsjö kommun", "KLK", 2024, "Helår 2024", kommunkod=kommunkod)
    return Plan(settings, periods, [KfGoal("Hållbar organisation", rows)],
                source_file="plan.xlsx")


def _outcomes(plan: Plan) -> dict[str, dict]:
    return {i.name: dict(i.measure.outcomes) for i in plan.indicators}


def test_fill_fills_only_empty_full_year_outcomes_and_says_where_from(cache_dir):
    plan = _plan()
    with Server(_fake()) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=5))
    report = fill_plan(plan, fetch)
    today = dt.date.today().isoformat()
    sick = plan.indicators[0].measure
    assert sick.outcomes == {"Helår 2023": None, "Delår 2024": None,
                             "Helår 2024": pytest.approx(0.058)}
    assert sick.sources == {"Helår 2024": f"Källa: Kolada, N00090, hämtad {today}"}
    assert plan.indicators[1].measure.outcomes["Helår 2024"] == 3650.0
    assert plan.indicators[4].measure.outcomes["Helår 2024"] is None
    messages = [str(p) for p in report.problems]
    assert any('Kolada känner inte nyckeltalet "N99999"' in m for m in messages)
    # 2023 is null in Kolada: said once, on the cell, and the outcome stays empty.
    assert any(m.startswith("plan.xlsx: Mål!H2: Kolada har inget värde för N00090 år 2023")
               for m in messages)
    assert any("N00001 år 2024" in m for m in messages)  # Soliditet: no value at all
    assert all(not p.is_error for p in report.problems)
    assert len(report.filled) == 2


@pytest.mark.parametrize("typed, warned", [(0.058, False), (0.061, True)])
def test_a_typed_value_is_kept_and_a_different_one_is_a_warning_on_its_cell(cache_dir, typed,
                                                                           warned):
    plan = _plan(typed_2024=typed)
    with Server(_fake()) as url:
        report = fill_plan(plan, fetch_for_plan(plan, client=KoladaClient(url, timeout=5)))
    sick = plan.indicators[0].measure
    assert sick.outcomes["Helår 2024"] == typed and "Helår 2024" not in sick.sources
    differing = [str(p) for p in report.problems if "i arbetsboken men" in str(p)]
    if warned:
        assert differing == [(f"plan.xlsx: Mål!J2: indikatorutfallet för Helår 2024 är 6,1% i "
                              f"arbetsboken men 5,8% i Kolada (N00090, hämtad "
                              f"{dt.date.today().isoformat()}); det inskrivna värdet behålls.")]
    else:
        assert differing == []


def test_a_fresh_cache_needs_no_server_and_offline_uses_any_age(cache_dir):
    fake = _fake()
    with Server(fake) as url:
        fetch_for_plan(_plan(), client=KoladaClient(url, timeout=5))
        asked = len(fake.requests)
        again = _plan()
        fill_plan(again, fetch_for_plan(again, client=KoladaClient(url, timeout=5)))
        assert len(fake.requests) == asked  # all fresh in the cache
    offline = _plan()
    report = fill_plan(offline, fetch_for_plan(offline, offline=True))
    assert _outcomes(offline) == _outcomes(again)
    assert any("N99999" in str(p) for p in report.problems)


def test_kommun_by_name_is_looked_up_once(cache_dir):
    fake = _fake()
    with Server(fake) as url:
        for _ in range(2):
            plan = _plan(kommunkod="")
            fill_plan(plan, fetch_for_plan(plan, client=KoladaClient(url, timeout=5)))
    assert plan.indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(0.058)
    assert len([r for r in fake.requests if r.startswith("/v3/municipality")]) == 1


def test_a_cache_that_cannot_be_written_is_one_line_and_the_values_still_fill(tmp_path,
                                                                             monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("VP_EXCEL_CACHE_DIR", str(blocker / "cache"))  # under a file
    plan = _plan()
    with Server(_fake()) as url:
        report = fill_plan(plan, fetch_for_plan(plan, client=KoladaClient(url, timeout=5)))
    assert plan.indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(0.058)
    lines = [str(p) for p in report.problems if "kunde inte sparas i cachen" in str(p)]
    assert len(lines) == 1
    # In Swedish: the operating system's own words ("Not a directory") are not passed on.
    assert "en del av sökvägen är en fil, inte en mapp" in lines[0], lines


@pytest.mark.parametrize("kommunkod, fake_kwargs, expected", [
    ("", {"municipalities": []}, 'hittar ingen kommun som heter "Norsjö kommun"'),
    ("24x7", {}, 'kommunkoden "24x7" ska vara fyra siffror'),
    (NORSJO, {"fail": {"/kpi/": 99}}, "Kolada svarade 503"),
])
def test_every_failure_is_one_line_and_nothing_is_filled(cache_dir, kommunkod, fake_kwargs,
                                                         expected):
    plan = _plan(kommunkod=kommunkod)
    fake = _fake()
    for key, value in fake_kwargs.items():
        setattr(fake, key, value)
    with Server(fake) as url:
        report = fill_plan(plan, fetch_for_plan(
            plan, client=KoladaClient(url, timeout=5, retries=1, backoff=0.01)))
    kolada_lines = [str(p) for p in report.problems if expected in str(p)]
    assert len(kolada_lines) == 1
    assert all(v is None for outcomes in _outcomes(plan).values() for v in outcomes.values())


# --- hostile answers (issue 18): each one Swedish line, the build finished ------------------


def _answer(body: bytes, status: str = "200 OK", headers: tuple[str, ...] = (),
            pause: float = 0.0, step: int = 0):
    """A raw answer; with `step`, the body `step` bytes at a time, `pause` seconds apart."""
    def write(handler) -> None:
        head = [f"HTTP/1.1 {status}", "Content-Type: application/json",
                f"Content-Length: {len(body)}", "Connection: close", *headers, "", ""]
        handler.wfile.write("\r\n".join(head).encode("latin-1"))
        for start in range(0, len(body), step or len(body) or 1):
            handler.wfile.write(body[start:start + (step or len(body))])
            handler.wfile.flush()
            time.sleep(pause)
    return write


def _slow_headers(handler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for byte in b"X-Padding: " + b"a" * 200:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.1)


def _record(value: str, period: str = "2024") -> bytes:
    return ('{"values": [{"kpi": "N00090", "municipality": "2417", "period": ' + period
            + ', "values": [{"gender": "T", "value": ' + value + '}]}], "next_url": ""}'
            ).encode()


def _gzip_bomb(handler) -> None:
    # Packed when served, not when the module is imported by every worker.
    _answer(gzip.compress(b" " * (40 * 1024 * 1024)), headers=("Content-Encoding: gzip",))(handler)


def _endless(handler) -> None:
    page = int(handler.path.rsplit("page=", 1)[-1]) if "page=" in handler.path else 1
    time.sleep(0.1)
    base = handler.server.fake.url.rsplit("/v3", 1)[0]
    body = json.dumps({"values": [], "next_url": f"{base}{handler.path.split('?')[0]}"
                                                 f"?page={page + 1}"}).encode()
    _answer(body)(handler)


# The answer deadline each case runs with: short where the case waits it out (the client's
# own timeout parameter, not a patched clock), generous where a correct client never waits,
# so a busy machine cannot turn a refusal into a timeout. The endless pages get room for one
# page (0,1 s) within each answer's deadline, so it is the whole fetch's deadline that ends it.
WAITS = 0.5
ENDLESS = 0.75
NO_WAIT = 5.0

HOSTILE = {  # each: the raw answer, the message, the deadline
    "deep_json": ({"/data/": _answer(b'{"values": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")},
                  "nästlat djupare än", NO_WAIT),
    "gzip_bomb": ({"/data/": _gzip_bomb}, "större än 32 MB", NO_WAIT),
    "one_byte_a_tenth_of_a_second": ({"/data/": _answer(_record("5.8"), step=1, pause=0.1)},
                                     "svarade inte inom 0,5 sekunder ", WAITS),
    "slow_headers": ({"/data/": _slow_headers}, "svarade inte inom 0,5 sekunder ", WAITS),
    "retry_after_a_day": ({"/data/": _answer(b"{}", "503 Service Unavailable",
                                             ("Retry-After: 100000",))},
                          "svarade inte inom 0,5 sekunder ", WAITS),
    "endless_next_url": ({"/data/": _endless}, "hämtningen från Kolada tog mer än 4,5 sekunder",
                         ENDLESS),
    "redirect_to_file": ({"/data/": _answer(b"", "302 Found", ("Location: file:///etc/passwd",))},
                         "en omdirigering till en adress som inte är http eller https "
                         "(file:///etc/passwd)", NO_WAIT),
    "next_url_to_file": ({"/data/": _answer(b'{"values": [], "next_url": "file:///etc/passwd"}')},
                         "en next_url som inte är http eller https (file:///etc/passwd)",
                         NO_WAIT),
    "not_json": ({"/data/": _answer(b"<html>busy</html>")}, "inte är JSON", NO_WAIT),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_answer_is_one_swedish_line_in_time_and_the_build_goes_on(cache_dir, name):
    raw, expected, timeout = HOSTILE[name]
    plan = _plan()
    fake = _fake(raw=raw)
    started = time.monotonic()
    with Server(fake) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=timeout, retries=1,
                                                         backoff=0.01))
    elapsed = time.monotonic() - started
    report = fill_plan(plan, fetch)
    lines = [str(p) for p in report.problems if p.message.startswith("Kolada")
             or "Kolada:" in str(p)]
    assert [line for line in lines if expected in line], lines
    assert len([m for m in fetch.messages if "Kolada:" in m]) == 1, fetch.messages
    # No hang: the fetch gives up after FETCH_TIMEOUT_FACTOR deadlines (a hang was minutes).
    assert elapsed < FETCH_TIMEOUT_FACTOR * timeout + 9
    assert all(v is None for outcomes in _outcomes(plan).values() for v in outcomes.values())


def test_a_base_address_that_is_not_http_is_one_line_naming_the_setting():
    with pytest.raises(KoladaError, match="adressen till Kolada .ftp://x/v3. är inte http eller "
                                          "https; ändra VP_EXCEL_KOLADA_URL"):
        KoladaClient("ftp://x/v3", timeout=2).kpis(["N00090"])


def test_too_many_pages_is_refused_not_cut(monkeypatch):
    from vp_excel.kolada import client as client_module

    monkeypatch.setattr(client_module, "MAX_PAGES", 3)
    with Server(_fake(raw={"/data/": _endless})) as url, \
            pytest.raises(KoladaError, match="fler än 3 sidor"):
        KoladaClient(url, timeout=5).values(["N00090"], NORSJO)


def test_retry_after_is_capped():
    from vp_excel.kolada.session import MAX_RETRY_AFTER, make_session

    retry = make_session().get_adapter("https://x").max_retries
    assert retry.parse_retry_after("100000") == MAX_RETRY_AFTER
    assert retry.new(total=1).parse_retry_after("100000") == MAX_RETRY_AFTER
    assert retry.parse_retry_after("2") == 2


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "-1e999",
                                   "1" + "0" * 400, "1e308", "-2E+16"])
def test_a_number_that_is_not_finite_is_no_value_with_a_warning_and_never_cached(cache_dir,
                                                                                 value):
    plan = _plan()
    with Server(_fake(raw={"/data/": _answer(_record(value))})) as url:
        fetch = fetch_for_plan(plan, client=KoladaClient(url, timeout=5))
    report = fill_plan(plan, fetch)
    assert plan.indicators[0].measure.outcomes["Helår 2024"] is None
    assert [m for m in fetch.messages
            if "värden var inga rimliga tal (NaN, oändliga eller orimligt stora: N00090 2024)"
            in m]
    assert all(not p.is_error for p in report.problems)
    assert KoladaCache().get_value("N00090", NORSJO, 2024) is None  # asked again next time
    offline = fetch_for_plan(_plan(), offline=True)
    assert (("N00090", 2024)) not in offline.values


def test_a_period_beyond_float_is_skipped():
    with Server(_fake(raw={"/data/": _answer(_record("5.8", period="1e400"))})) as url:
        assert KoladaClient(url, timeout=5).values(["N00090"], NORSJO) == {}


def test_a_nan_an_older_version_cached_is_as_if_never_fetched(cache_dir):
    path = cache_dir / "values" / NORSJO / "N00090" / "2024.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"value": NaN, "fetched": "2026-01-01T00:00:00+00:00"}')
    assert KoladaCache().get_value("N00090", NORSJO, 2024) is None


@pytest.mark.parametrize("name", ["K" * 300, "Å" * 200])
def test_a_kommun_name_too_long_for_a_file_name_is_cached_all_the_same(tmp_path, name):
    cache = KoladaCache(tmp_path)
    cache.put_kommun(name, "2417", "Norsjö")
    assert cache.write_failed == ""
    assert cache.get_kommun(name)["id"] == "2417"
    assert cache.get_kommun(name[:-1] + "X") is None  # the hash tells long names apart


# --- issue 21: a wrong address, isdeleted per value, the session closed ----------------------

def _cache_state(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()} if folder.exists() else {}


def _age_cache(folder, days: int = 2) -> None:
    """Every cached answer as if fetched `days` ago: the next build asks Kolada again."""
    import json

    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat()
    for entry in folder.rglob("*.json"):
        data = json.loads(entry.read_text("utf-8"))
        if isinstance(data, dict) and "fetched" in data:
            data["fetched"] = old
            entry.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("cached_before", [False, True])
def test_a_wrong_base_address_is_one_swedish_line_and_leaves_the_cache_as_it_was(
        cache_dir, cached_before):
    """A 404 from an address that is not the API (here /v2) is not "unknown indicator":
    one line names the address, nothing is cached (an empty cache stays empty, an old one
    is used and left as it was), and the right address afterwards still fills."""
    with Server(_fake()) as url:
        if cached_before:
            plan = _plan()
            fill_plan(plan, fetch_for_plan(plan, client=KoladaClient(url, timeout=5)))
            _age_cache(cache_dir)
        before = _cache_state(cache_dir)
        wrong = url.rsplit("/v3", 1)[0] + "/v2"
        plan = _plan()
        report = fill_plan(plan, fetch_for_plan(
            plan, client=KoladaClient(wrong, timeout=5, retries=1)))
        lines = [str(p) for p in report.problems if "404" in str(p)]
        assert len(lines) == 1
        assert f"adressen {wrong} svarar 404" in lines[0] and "VP_EXCEL_KOLADA_URL" in lines[0]
        assert not any("känner inte nyckeltalet" in str(p) for p in report.problems)
        assert _cache_state(cache_dir) == before
        sick = plan.indicators[0].measure.outcomes["Helår 2024"]
        assert sick == (pytest.approx(0.058) if cached_before else None)
        right = _plan()
        fill_plan(right, fetch_for_plan(right, client=KoladaClient(url, timeout=5)))
    assert right.indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(0.058)


@pytest.mark.parametrize(("body", "empty"), [(b'{"values": [], "count": 0}', True),
                                              (b"<html><h1>Not Found</h1></html>", False)])
def test_a_404_is_an_empty_answer_only_in_the_apis_own_words(body, empty):
    with Server(_fake(raw={"/data/": _answer(body, "404 Not Found")})) as url:
        client = KoladaClient(url, timeout=5, retries=1)
        if empty:
            assert client.values(["N00090"], NORSJO) == {}
        else:
            with pytest.raises(KoladaError, match="svarar 404 .finns inte.: det är inte"):
                client.values(["N00090"], NORSJO)


def test_a_value_marked_isdeleted_is_not_read():
    fake = _fake(deleted_values={("N00090", NORSJO, 2024)})
    with Server(fake) as url, KoladaClient(url, timeout=5) as client:
        values = client.values(["N00090"], NORSJO, [2022, 2024])
    assert values == {("N00090", 2022): pytest.approx(6.2)}


def test_the_client_closes_the_session_it_made_and_not_one_handed_in():
    closed = []

    class Session:
        def close(self):
            closed.append(True)

    with KoladaClient("http://127.0.0.1:9/v3", session=Session()):  # type: ignore[arg-type]
        pass
    assert closed == []
    with KoladaClient("http://127.0.0.1:9/v3") as client:
        made = client.session
    assert made.adapters == {} or all(  # requests closes every adapter's pools
        not getattr(a, "poolmanager", None) or not a.poolmanager.pools
        for a in made.adapters.values())


# --- issue 21: riket, länet, a comparison group and kvinnor/män from Kolada -----------------

def _comparison_fake() -> FakeKolada:
    fake = _fake()
    fake.data.update({("N00090", "0000", 2024): 7.1, ("N00090", "0024", 2024): 7.4,
                      ("N00090", "2460", 2024): 6.0, ("N00090", "2462", 2024): 7.0,
                      ("N00090", "2460", 2023): 1.0})  # another year: not the group's
    fake.genders[("N00090", NORSJO, 2024)] = (7.6, 3.9)
    fake.genders[("N00090", NORSJO, 2023)] = (None, 4.2)  # K not published for 2023
    return fake


def _compared_plan(group: str = "2418, 2460, 2462", riket_typed=None) -> Plan:
    plan = _plan()
    plan.settings.comparison_group = group
    sick = plan.indicators[0].measure
    if riket_typed is not None:
        sick.comparisons["Riket 2024"] = riket_typed
    sick.comparisons["Länet"] = None  # an empty cell under the workbook's own "Länet"
    return plan


def test_riket_lan_group_and_kvinnor_man_are_filled_from_the_local_server(cache_dir):
    from vp_excel.kolada import fill_from_kolada
    from vp_excel.writers.docx.sections.readers import breakdown_text, comparisons_text

    plan = _compared_plan()
    fake = _comparison_fake()
    with Server(fake) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("VP_EXCEL_KOLADA_URL", url)
        report = fill_from_kolada(plan)
    today = dt.date.today().isoformat()
    sick = plan.indicators[0].measure
    assert sick.comparisons == {"Länet": pytest.approx(0.074),
                                "Riket 2024": pytest.approx(0.071),
                                "Jämförelsekommuner 2024": pytest.approx(0.076)}
    # Malå (2418) has 9,9 for 2024: the average of the three, with its range.
    assert sick.comparison_notes == {
        "Jämförelsekommuner 2024": "medel av 3 kommuner (2418, 2460, 2462), spann 6%–9,9%"}
    assert sick.breakdown == {"kvinnor": {"Helår 2024": pytest.approx(0.076)},
                              "män": {"Helår 2023": pytest.approx(0.042),
                                      "Helår 2024": pytest.approx(0.039)}}
    assert comparisons_text(sick).endswith(f"; Källa: Kolada, N00090, hämtad {today}")
    assert comparisons_text(sick).startswith("Länet: 7,4%; Riket 2024: 7,1%; "
                                             "Jämförelsekommuner 2024: 7,6% (medel av 3 "
                                             "kommuner (2418, 2460, 2462), spann 6%–9,9%)")
    assert breakdown_text(sick, "Helår 2024") == (
        f"Kvinnor: 7,6%; Män: 3,9%; Källa: Kolada, N00090, hämtad {today}")
    assert not [p for p in report.problems if "jämförelse" in str(p).lower()]
    # One ask for the comparisons' year and one for the kommun's own years.
    asked = [r for r in fake.requests if "/municipality/0000" in r and "&page=" not in r]
    assert asked == ["/v3/data/kpi/N00001,N00090,N03101/municipality/0000,0024,2418,2460,2462"
                     "/year/2024?per_page=5000"]  # N99999 is unknown: not asked again
    # --offline from the cache, with no server at all, gives the same.
    offline = _compared_plan()
    fill_from_kolada(offline, offline=True)
    assert offline.indicators[0].measure.comparisons == sick.comparisons
    assert offline.indicators[0].measure.breakdown == sick.breakdown


def test_a_comparison_typed_in_the_workbook_is_kept(cache_dir):
    from vp_excel.kolada import fill_from_kolada

    plan = _compared_plan(group="", riket_typed=0.07)
    with Server(_comparison_fake()) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("VP_EXCEL_KOLADA_URL", url)
        fill_from_kolada(plan)
    sick = plan.indicators[0].measure
    assert sick.comparisons["Riket 2024"] == 0.07
    assert "Riket 2024" not in sick.comparison_sources
    assert "Jämförelsekommuner 2024" not in sick.comparisons  # no group named


# --- the cache's own failures, in Swedish ----------------------------------------------------


def _filled_from_cache_or_kolada(plan: Plan, offline: bool):
    """`plan` filled offline from the cache, or online from a fake Kolada; the fill's report."""
    with Server(_fake()) as url:
        return fill_plan(plan, fetch_for_plan(
            plan, offline=offline, client=None if offline else KoladaClient(url, timeout=5)))


def _saved(cache_dir) -> None:
    """Every value of _plan() saved in the cache (from the fake Kolada)."""
    with Server(_fake()) as url:
        fill_plan(_plan(), fetch_for_plan(_plan(), client=KoladaClient(url, timeout=5)))
    assert any((cache_dir / "values").rglob("*.json"))


def _a_file_where_the_folder_is(cache_dir) -> int:
    folder = next((cache_dir / "values").iterdir())
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    folder.rmdir()
    folder.write_text("", "utf-8")
    return errno.ENOTDIR


def _a_folder_where_the_file_is(cache_dir) -> int:
    for path in (cache_dir / "values").rglob("*.json"):
        path.unlink()
        path.mkdir()
    return errno.EISDIR


def _cut_short(cache_dir) -> int:
    for path in (cache_dir / "values").rglob("*.json"):
        path.write_bytes(path.read_bytes()[:20])
    return 0


def _unreadable(cache_dir) -> int:
    for path in (cache_dir / "values").rglob("*.json"):
        path.chmod(0)
    return errno.EACCES


@pytest.mark.parametrize("damage, said", [
    (_a_file_where_the_folder_is, "en del av sökvägen är en fil, inte en mapp"),
    (_a_folder_where_the_file_is, "det är en mapp"),
    (_cut_short, "filen är skadad"),
    pytest.param(_unreadable, "behörighet saknas", marks=pytest.mark.skipif(
        hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")),
])
@pytest.mark.parametrize("offline", [True, False])
def test_a_cache_that_cannot_be_read_is_one_swedish_line(cache_dir, damage, said, offline):
    """A saved file that cannot be read is said once, in Swedish with its path (never the
    system's English "Not a directory"), and the build goes on: online it asks Kolada again."""
    _saved(cache_dir)
    code = damage(cache_dir)
    plan = _plan()
    report = _filled_from_cache_or_kolada(plan, offline)
    lines = [str(p) for p in report.problems if "cachen gick inte att läsa" in str(p)]
    assert len(lines) == 1 and said in lines[0] and str(cache_dir) in lines[0]
    assert ("räknas som saknade" if offline else "hämtas från Kolada igen") in lines[0]
    if code:
        assert os.strerror(code) not in " ".join(str(p) for p in report.problems)
    if not offline:
        assert plan.indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(0.058)


def _read_only_folder(cache_dir, monkeypatch) -> int:
    """A cache folder the user may not write in: really (not as root, who writes anyway) or
    as the system says it (PermissionError from the rename into it)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        cache_dir.chmod(0o500)
    else:
        def refuse(*_args, **_kwargs):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        monkeypatch.setattr("vp_excel.kolada.cache.os.replace", refuse)
    return errno.EACCES


def _under_a_file(cache_dir, monkeypatch) -> int:
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("", "utf-8")
    return errno.ENOTDIR


def _a_folder_in_the_files_place(cache_dir, monkeypatch) -> int:
    _saved(cache_dir)
    for path in (cache_dir / "values").rglob("2024.json"):
        path.unlink()
        path.mkdir()
        (path / "inuti").write_text("", "utf-8")  # not empty: the rename cannot replace it
    for path in (cache_dir / "values").rglob("*.json"):
        if path.is_file():
            path.unlink()
    return errno.EISDIR


@pytest.mark.parametrize("damage, said", [
    (_read_only_folder, "behörighet saknas"),
    (_under_a_file, "en del av sökvägen är en fil, inte en mapp"),
    (_a_folder_in_the_files_place, "det är en mapp"),
])
def test_a_cache_that_cannot_be_written_is_said_in_swedish(cache_dir, monkeypatch, damage,
                                                          said):
    code = damage(cache_dir, monkeypatch)
    plan = _plan()
    try:
        with Server(_fake()) as url:
            report = fill_plan(plan, fetch_for_plan(plan, client=KoladaClient(url, timeout=5)))
    finally:
        if cache_dir.is_dir():
            cache_dir.chmod(0o700)
    lines = [str(p) for p in report.problems if "kunde inte sparas i cachen" in str(p)]
    assert len(lines) == 1 and said in lines[0], lines
    assert os.strerror(code) not in " ".join(str(p) for p in report.problems)
    assert plan.indicators[0].measure.outcomes["Helår 2024"] == pytest.approx(0.058)


@pytest.mark.parametrize("code, said", [
    (errno.EACCES, "behörighet saknas"), (errno.EROFS, "enheten är skrivskyddad"),
    (errno.ENOENT, "finns inte"), (errno.EISDIR, "det är en mapp"),
    (errno.ENOTDIR, "inte en mapp"), (errno.ENOSPC, "disken är full"),
    (errno.EXDEV, "systemfel EXDEV"),
])
def test_every_os_error_is_said_in_swedish(code, said):
    from vp_excel.errors import os_reason

    reason = os_reason(OSError(code, os.strerror(code)))
    assert said in reason and os.strerror(code) not in reason
