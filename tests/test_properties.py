"""Property-based tests: numbers round-trip, statuses never improve the wrong way, generated
workbooks always check and build, and random damage always ends in a clean message."""

from __future__ import annotations

import io
import math
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import make_corpus  # noqa: E402
from builders import run_cli  # noqa: E402

from vp_excel import schema  # noqa: E402
from vp_excel.model import Measure  # noqa: E402
from vp_excel.rules import assess  # noqa: E402
from vp_excel.swedish import UNITS, NotANumber, format_value, parse_number, parse_yes_no  # noqa: E402
from vp_excel.text import clean_text  # noqa: E402

# How many examples: the profile's (tests/conftest.py: few in the everyday run, many with
# HYPOTHESIS_PROFILE=deep) for tests that write and read workbooks, ten times that for the
# cheap ones on strings and numbers.
FILES = settings(deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])
FAST = settings(max_examples=10 * settings.default.max_examples, deadline=None)

# --- Swedish numbers ----------------------------------------------------------------------------

finite = st.floats(min_value=-schema.MAX_ABS_VALUE, max_value=schema.MAX_ABS_VALUE,
                   allow_nan=False, allow_infinity=False)


@FAST
@given(value=finite, unit=st.sampled_from(("", *UNITS)))
@example(value=-0.0, unit="%")
@example(value=4000.0, unit="kr/inv")
@example(value=-2.2e-5, unit="")
@example(value=999.99996, unit="dagar")
def test_parse_number_reads_what_format_value_writes(value, unit):
    if unit == "%":
        value = value / 1e4  # shares: |x| <= 1e8, i.e. at most 1e10 %
    text = format_value(value, unit)
    parsed = parse_number(text)
    scale = 0.01 if unit == "%" else 1.0
    # format_value keeps four decimals (of the percent figure for "%").
    assert math.isclose(parsed.value, value, rel_tol=1e-12, abs_tol=0.5e-4 * scale + 1e-15), text
    assert parsed.unit == unit or (parsed.unit == "" and unit == "")


@FAST
@given(st.text(max_size=40))
@example("1 2 3")
@example("−٣,٥ %")
@example("max.")
@example("9" * 400)
def test_parse_number_refuses_with_not_a_number_only(text):
    try:
        parsed = parse_number(text)
    except NotANumber as exc:
        assert exc.text == text
        return
    assert math.isfinite(parsed.value)
    assert parsed.unit in ("", *UNITS) and parsed.bound in ("", "max", "min")


@FAST
@given(st.text(max_size=30))
def test_yes_no_is_true_false_or_none(text):
    assert parse_yes_no(text) in (True, False, None)


# --- text ---------------------------------------------------------------------------------------

_ILLEGAL = set(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))

texts = st.text(alphabet=st.characters(codec=None), max_size=60) | st.builds(
    lambda parts: "".join(parts),
    st.lists(st.sampled_from(["_x000B_", "_xD83D_", "_xDE00_", "_x0001_", "\r\n", "\x0b", "a",
                              " ", "•", "=", "_x005F_", "é", "😀", "\ud800"]), max_size=12))


@FAST
@given(texts)
def test_clean_text_is_xml_safe_and_trimmed(text):
    cleaned = clean_text(text)
    assert not any(ch in _ILLEGAL or 0xD800 <= ord(ch) <= 0xDFFF for ch in cleaned)
    assert cleaned == cleaned.strip() and "\r" not in cleaned
    cleaned.encode("utf-8")  # never a lone surrogate
    if "_x" not in text:
        assert clean_text(cleaned) == cleaned


# --- statuses: moving the outcome the wrong way never helps --------------------------------------

PERIODS = ["P1", "P2"]
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
bands = st.none() | st.floats(min_value=0, max_value=1e3, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
SCORE = {**schema.STATUS_SCORE, schema.NOT_ASSESSED: 0}


def _score(measure: Measure, share: float, period: str = "P2") -> int:
    return SCORE[assess(measure, period, PERIODS, share).status]


@FAST
@given(rule=st.sampled_from([schema.HIGHER, schema.LOWER, schema.INCREASES, schema.DECREASES]),
       target=numbers, previous=numbers, good=numbers, step=st.floats(0, 1e6), band=bands,
       share=shares, period=st.sampled_from(PERIODS))
def test_a_worse_outcome_never_gets_a_better_status(rule, target, previous, good, step, band,
                                                    share, period):
    """P2 is compared with P1's outcome (Ökar/Minskar), P1 with last year's."""
    worse_sign = -1 if rule in (schema.HIGHER, schema.INCREASES) else 1
    worse = good + worse_sign * step
    assume(math.isfinite(worse))

    def measure(outcome: float) -> Measure:
        outcomes = {"P1": previous, "P2": outcome} if period == "P2" else {"P1": outcome}
        return Measure(rule=rule, target=target, yellow_band=band, previous_year=previous,
                       outcomes=outcomes)

    assert _score(measure(worse), share, period) <= _score(measure(good), share, period)


@FAST
@given(target=st.booleans(), share=shares)
def test_yes_no_the_unwanted_answer_is_never_better(target, share):
    wanted = Measure(rule=schema.YES_NO, target=target, outcomes={"P2": target})
    unwanted = Measure(rule=schema.YES_NO, target=target, outcomes={"P2": not target})
    assert _score(unwanted, share) <= _score(wanted, share)


@FAST
@given(rule=st.sampled_from(schema.RULES), manual=st.sampled_from(schema.STATUSES),
       a=numbers, b=numbers)
def test_a_manual_assessment_is_the_status_whatever_the_outcome(rule, manual, a, b):
    results = {assess(Measure(rule=rule, target=0.0, outcomes={"P2": x},
                              assessments={"P2": manual}), "P2", PERIODS).status for x in (a, b)}
    assert results == {manual}


@FAST
@given(a=numbers, b=numbers)
def test_manual_rule_without_assessment_is_never_assessed(a, b):
    assert assess(Measure(rule=schema.MANUAL, outcomes={"P1": a, "P2": b}), "P2",
                  PERIODS).status == schema.NOT_ASSESSED


# --- generated workbooks: well-formed content always checks and builds --------------------------

# Text staff type: any letters, digits, punctuation and emoji, but not what openpyxl refuses to
# write (control characters) nor a leading "=" (openpyxl would store a formula).
typed = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"),
                                       blacklist_characters="\ufffe\uffff"),
                min_size=1, max_size=40).map(str.strip).filter(
    lambda t: t and not t.startswith("=") and clean_text(t) == t)
units = st.sampled_from(("", "%", "dagar", "kr/inv", "index"))


@st.composite
def goals(draw, index: int):
    rule = draw(st.sampled_from(schema.RULES))
    unit = draw(units)
    low, high = (-1e4, 1e4) if unit != "%" else (-5.0, 5.0)
    number = st.floats(min_value=low, max_value=high, allow_nan=False).map(
        lambda x: format_value(x, unit))
    goal = {"KF ÖG mål": f"KF {draw(st.integers(0, 3))}", "KS mål": f"{draw(typed)} #{index}",
            "Regel": rule}
    periods = make_corpus.BUILT_PERIODS
    if rule in (schema.HIGHER, schema.LOWER):
        goal["Målvärde"] = draw(number)
    if rule == schema.YES_NO:
        goal["Målvärde"] = draw(st.sampled_from(("Ja", "Nej")))
    if rule in (schema.INCREASES, schema.DECREASES):
        goal["Utfall föregående år"] = draw(number)
    for period in periods:
        if draw(st.booleans()):
            goal[f"Utfall {period}"] = draw(st.sampled_from(("Ja", "Nej"))) \
                if rule == schema.YES_NO else draw(number)
        if draw(st.integers(0, 4)) == 0:
            goal[f"Bedömning {period}"] = draw(st.sampled_from(schema.STATUSES))
        if draw(st.booleans()):
            goal[f"Analys {period}"] = draw(typed)
    if draw(st.booleans()):
        goal["Målinriktning"] = draw(typed)
        goal["Aktiviteter"] = "\n".join(f"• {t}" for t in draw(st.lists(typed, max_size=3)))
    return goal


plans = st.integers(1, 6).flatmap(lambda n: st.tuples(*[goals(i) for i in range(n)]))


@FILES
@given(plan=plans)
def test_generated_workbooks_always_check_and_build(tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("plan")
    path = make_corpus.build_valid_workbook(folder / "plan.xlsx", list(plan), activities=[])
    before = path.read_bytes()
    checked = run_cli("check", str(path))
    assert checked.exit_code == 0, checked.output
    assert "0 fel" in checked.stdout
    out = folder / "ut"
    built = run_cli("build", str(path), "--out", str(out))
    assert built.exit_code == 0, built.output
    assert "Traceback" not in built.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".xlsx"]
    assert path.read_bytes() == before
    from vp_excel.api import check

    read = [g.text for g in check(path).plan.ks_goals]
    assert read == [g["KS mål"] for g in plan]


# --- random damage always ends in a clean message -----------------------------------------------

_BASE: dict[str, bytes] = {}


def _base_bytes(tmp_path_factory) -> bytes:
    if "bytes" not in _BASE:
        folder = tmp_path_factory.mktemp("base")
        path = make_corpus.write_base(folder)
        make_corpus.to_shared_strings(path)  # so that damage can hit the strings too
        _BASE["bytes"] = path.read_bytes()
    return _BASE["bytes"]


def _members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def _rezip(data: bytes, change) -> bytes:
    """The archive with its members passed through `change(name, content) -> content|None`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


damage = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)),
                                        min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 100)),
    st.tuples(st.just("xml"), st.tuples(st.integers(0, 100), st.floats(0, 1),
                                        st.sampled_from([b"", b"<", b"&", b"</c>", b"\x00",
                                                         b"<c r=\"A0\">", b"\xff\xfe",
                                                         b"<v>x</v>", b"]]>", b"<!--"]),
                                        st.booleans())),
)


def _damaged(base: bytes, how) -> bytes:
    kind, detail = how
    if kind == "truncate":
        return base[: int(len(base) * detail)]
    if kind == "flip":
        data = bytearray(base)
        for where, mask in detail:
            data[min(int(len(data) * where), len(data) - 1)] ^= mask
        return bytes(data)
    names = _members(base)
    if kind == "delete":
        doomed = names[detail % len(names)]
        return _rezip(base, lambda name, content: None if name == doomed else content)
    index, where, junk, cut = detail
    xml_names = [n for n in names if n.endswith((".xml", ".rels"))]
    victim = xml_names[index % len(xml_names)]

    def change(name, content):
        if name != victim:
            return content
        at = int(len(content) * where)
        return content[:at] + junk if cut else content[:at] + junk + content[at:]

    return _rezip(base, change)


@FILES
@given(how=damage)
@example(how=("delete", 0))
@example(how=("xml", (0, 0.5, b"<", False)))
@example(how=("xml", (4, 0.0, b"<v>x</v>", True)))  # a sheet left without cells
def test_random_damage_ends_in_a_clean_message(tmp_path_factory, how):
    folder = tmp_path_factory.mktemp("skadad")
    path = folder / "plan.xlsx"
    data = _damaged(_base_bytes(tmp_path_factory), how)
    path.write_bytes(data)
    for command in ("check", "build"):
        args = [command, str(path)] + (["--out", str(folder / "ut")] if command == "build"
                                       else [])
        result = run_cli(*args)
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "internt fel" not in text, (how, text)
        assert result.exit_code in (0, 1), (how, text)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code == 1:
            lines = [line for line in text.splitlines()
                     if line.startswith(("vp-excel: ", "fel: "))]
            assert lines and all("plan.xlsx" in line for line in lines), (how, text)
        if command == "build" and result.exit_code == 1:
            out = folder / "ut"
            assert not out.exists() or list(out.iterdir()) == [], how
    assert path.read_bytes() == data


@pytest.mark.parametrize("name", ["Mål", "Inställningar", "Perioder"])
def test_every_byte_of_a_truncated_sheet_ends_cleanly(tmp_path, name):
    """Not random: a sheet cut at many points in a row, the commonest damage of all."""
    path = make_corpus.write_base(tmp_path / "base")
    part = make_corpus.sheet_part(path, name)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part)
    base = path.read_bytes()
    for cut in range(0, len(xml), max(1, len(xml) // 25)):
        data = _rezip(base, lambda member, content, cut=cut: content[:cut] if member == part
                      else content)
        target = tmp_path / f"cut{cut}.xlsx"
        target.write_bytes(data)
        result = run_cli("check", str(target))
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "internt fel" not in text, (cut, text)
        assert result.exit_code == 1, (cut, text)


@pytest.mark.parametrize("text, value", [
    ("1,2E5", 120000.0), ("1,2E+05", 120000.0), ("-3E-2", -0.03), ("2 025", 2025.0),
    ("1_000", None), ("0x10", None), ("1e5", None), ("-1e309", None), ("1,2E400", None),
    ("inf", None), ("nan", None), ("Infinity", None),
    ("\u0661\u0662\u0663", None), ("\uff11\uff12", None)])  # Arabic-Indic and full-width digits
def test_numbers_follow_swedish_rules_not_pythons(text, value):
    if value is None:
        with pytest.raises(NotANumber):
            parse_number(text)
    else:
        assert parse_number(text).value == pytest.approx(value)


@pytest.mark.parametrize("text, found", [
    ("5 av 10", ["5 ", "10"]), ("1_000", []), ("0x10", []), ("minst 1e308", []),
    ("-1e309", []), ("3,69% (dec 4,1%)", ["3,69", "4,1"]), ("100kr och 200kr", ["100", "200"])])
def test_only_numbers_standing_alone_are_found_in_a_text(text, found):
    from vp_excel.swedish import find_numbers

    assert find_numbers(text) == found
