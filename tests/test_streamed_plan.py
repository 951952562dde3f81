"""A plan whose rows give new objects on every pass (a region's plan kept on disk, issue 23;
tests/freshrows.py stands in for the spool) must give the very same reports as the plan held
in memory: every writer iterates the plan, holds one KF goal's rows at a time and matches
goals by key, never by identity. And the rule engine, which now computes each status when
asked, must give the statuses it gave when it computed them all at once."""

from __future__ import annotations

import copy
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import EXEMPELBY, NORSJO
from freshrows import FreshRows, freshen, track
from helpers_edge_cases import edge_plan
from verkliga import bygg

from vp_excel import api, schema, spool, writers
from vp_excel.cli.terminal import format_statuses, format_summary
from vp_excel.gaps import empty_section_warnings
from vp_excel.model import KfIndicator, KsGoal, Plan
from vp_excel.reader import read_plan
from vp_excel.rules import (
    Assessment,
    Evaluation,
    assess,
    assess_combined,
    evaluate,
    prognosis_summary,
)
from vp_excel.writers import WriteOptions

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VERKLIGA, TABLES = HERE / "verkliga", HERE / "kommun_tables"


@dataclass(frozen=True)
class Case:
    name: str
    source: str  # "workbook", "verkliga", "tables", "bench", "edge"
    where: str = ""  # the workbook, or the table's name
    period: str | None = None
    document: str | None = None  # the Word document, to have the reports' analysis


CASES = [
    Case("norsjo-plan", "workbook", str(NORSJO)),
    Case("norsjo-arsrapport", "workbook", str(NORSJO), document="arsrapport"),
    Case("exempelby-delar", "workbook", str(EXEMPELBY)),
    Case("exempelby-helar", "workbook", str(EXEMPELBY), period="Helår 2025"),
    Case("bench-mini", "bench", "mini"),  # the benchmark's plans: activities, analyses, manual
    Case("edge", "edge"),  # a plan made in code: every rule, no keys from a reader
    # Sammanvägning over the indicators on the rows below the goal, two KF goals.
    Case("sammanvagning", "verkliga", "helsingborg-miljonamnden-2016"),
    Case("sammanvagning-7-kf", "verkliga", "malmo-mal-for-verksamheten-delar-2-2012"),
    Case("sammanvagning-manuell", "verkliga", "region-vastra-gotaland-prioriterade-mal-2019"),
    Case("nedbrytning", "verkliga", "ale-matt-2019"),  # breakdown rows and comparisons
    Case("manuell-3-kf", "tables", "12-flera-tabeller-pa-ett-blad"),  # manual statuses
    Case("malinriktningar", "verkliga", "jonkoping-lokala-miljomal"),
]


def _plan(case: Case, folder: Path) -> Plan:
    """The case's plan read afresh (each call a new plan), keys given."""
    if case.source == "edge":
        plan = edge_plan()
    elif case.source == "bench":
        sys.path.insert(0, str(ROOT / "bench"))
        try:
            import workload
        finally:
            sys.path.remove(str(ROOT / "bench"))
        path = workload.cached(workload.SIZES[case.where], folder)
        plan = read_plan(path)[0]
    elif case.source in ("verkliga", "tables"):
        where = VERKLIGA if case.source == "verkliga" else TABLES
        table = bygg.load(case.where, where)
        path = folder / f"{case.where}.xlsx"
        if not path.exists():
            path = bygg.build(case.where, folder, where)
        options = {key: table.check[key] for key in ("kommun", "verksamhet", "year")
                   if key in table.check}
        plan = read_plan(path, **options)[0]
    else:
        plan = read_plan(case.where)[0]
    # The keys are given before the rows go to disk: a key set on a pass's copy is lost.
    plan.assign_keys()
    return plan


def _period(case: Case, plan: Plan) -> str | None:
    if case.source in ("verkliga", "tables"):
        table = bygg.load(case.where, VERKLIGA if case.source == "verkliga" else TABLES)
        return table.check.get("period")
    return case.period


def _write_all(plan: Plan, case: Case, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    evaluation = evaluate(plan, _period(case, plan))
    options = WriteOptions(document=case.document)
    written = {}
    for fmt in writers.FORMATS:
        path = folder / f"rapport.{fmt}"
        writers.write(fmt, evaluation, path, options)
        written[fmt] = path
    return written


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _assert_same_output(fmt: str, held: Path, fresh: Path) -> None:
    if fmt in ("xlsx", "docx"):
        held_parts, fresh_parts = _parts(held), _parts(fresh)
        assert sorted(fresh_parts) == sorted(held_parts)
        if fmt == "docx":  # the body first: the part the sections write
            assert fresh_parts["word/document.xml"] == held_parts["word/document.xml"]
        for name, data in held_parts.items():
            assert fresh_parts[name] == data, f"{fmt}: {name} differs"
    else:
        assert fresh.read_bytes() == held.read_bytes(), f"{fmt} differs"


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sources")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_output_is_the_same_from_rows_given_afresh(case, sources, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")  # the zips' own dates alike
    held = _write_all(_plan(case, sources), case, tmp_path / "held")
    fresh_plan = freshen(_plan(case, sources))
    fresh = _write_all(fresh_plan, case, tmp_path / "fresh")
    assert any(kf.rows.passes for kf in fresh_plan.kf_goals)  # the double was read
    for fmt in writers.FORMATS:
        _assert_same_output(fmt, held[fmt], fresh[fmt])


def test_build_through_the_api_is_the_same_from_rows_given_afresh(tmp_path, monkeypatch):
    """`api.build` end to end (check, gaps, every format) with the reader's plan made fresh."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")
    formats = tuple(writers.FORMATS)
    held = api.build(EXEMPELBY, out_dir=tmp_path / "held", formats=formats)

    def fresh_read(*args, **kwargs):
        plan, problems = read_plan(*args, **kwargs)
        plan.assign_keys()
        return freshen(plan), problems

    monkeypatch.setattr(api, "read_plan", fresh_read)
    fresh = api.build(EXEMPELBY, out_dir=tmp_path / "fresh", formats=formats)
    assert [p.name for p in fresh.outputs] == [p.name for p in held.outputs]
    assert [str(p) for p in fresh.check.problems] == [str(p) for p in held.check.problems]
    assert fresh.warnings == held.warnings
    for before, after in zip(held.outputs, fresh.outputs):
        _assert_same_output(before.suffix[1:], before, after)


# --- no writer holds a whole plan ---------------------------------------------------------

# Plans of three KF goals or more: holding two KF goals' rows besides the one being read is
# then visible (see freshrows.LiveCounter).
WIDE = [case for case in CASES if case.name in (
    "norsjo-arsrapport", "exempelby-delar", "bench-mini", "sammanvagning-7-kf",
    "manuell-3-kf")]


@pytest.mark.parametrize("fmt", list(writers.FORMATS))
@pytest.mark.parametrize("case", WIDE, ids=lambda case: case.name)
def test_no_writer_holds_more_than_one_kf_goals_rows(case, fmt, sources, tmp_path):
    plan = _plan(case, sources)
    assert len(plan.kf_goals) >= 3
    counter = track(plan)
    evaluation = evaluate(plan, _period(case, plan))
    counter.armed = True
    writers.write(fmt, evaluation, tmp_path / f"rapport.{fmt}",
                  WriteOptions(document=case.document))
    counter.armed = False
    assert counter.violations == []


@pytest.mark.parametrize("case", WIDE, ids=lambda case: case.name)
def test_check_and_the_terminal_hold_one_kf_goal_at_a_time(case, sources):
    plan = _plan(case, sources)
    counter = track(plan)
    # Plan.assign_keys (in evaluate) lists every goal: the model's, given keys before a plan
    # goes to disk; watched from here on.
    evaluation = evaluate(plan, _period(case, plan))
    counter.armed = True
    lines = [*format_statuses(evaluation), *format_summary(evaluation)]
    warnings = empty_section_warnings(plan)
    counter.armed = False
    assert counter.violations == []
    held = _plan(case, sources)
    again = evaluate(held, _period(case, held))
    assert lines == [*format_statuses(again), *format_summary(again)]
    assert [str(w) for w in warnings] == [str(w) for w in empty_section_warnings(held)]


def test_the_live_counter_sees_a_plan_held_whole(sources):
    """The check itself can fail: a list of every KS mål holds every KF goal's rows."""
    plan = _plan(CASES[0], sources)
    counter = track(plan)
    counter.armed = True
    goals = list(plan.iter_ks_goals())
    assert goals and counter.violations


def test_fresh_rows_share_nothing_across_passes():
    plan = edge_plan()
    plan.assign_keys()
    kf = freshen(plan).kf_goals[0]
    first, second = list(kf.rows), list(kf.rows)
    assert first == second and all(a is not b for a, b in zip(first, second))
    assert kf.rows[0] is not kf.rows[0] and kf.rows[0] == kf.rows[0]
    assert isinstance(kf.rows, FreshRows) and len(kf.rows) == len(first)
    within = [row for row in first if row.ks_goal and row.ks_goal.indicators]
    for row in within:  # a goal's indicators are its own pass's rows' objects
        mine = [r.indicator for r in first if r.indicator is not None]
        assert all(any(i is m for m in mine) for i in row.ks_goal.indicators)


# --- the rule engine computes statuses when asked -----------------------------------------


def _eager(plan: Plan) -> tuple[dict[tuple[str, str], Assessment],
                                dict[tuple[str, str], Assessment]]:
    """Every status as the engine computed them before issue 23: each indicator and goal
    assessed for every period, then a Sammanvägning goal from its assessed indicators."""
    names, share = plan.period_names, plan.settings.default_yellow_band
    indicators: dict[tuple[str, str], Assessment] = {}
    for indicator in plan.indicators:
        for p in names:
            indicators[indicator.key, p] = assess(indicator.measure, p, names, share)
    goals: dict[tuple[str, str], Assessment] = {}
    for goal in plan.ks_goals:
        for p in names:
            if goal.measure.rule == schema.COMBINED:
                goals[goal.key, p] = assess_combined(
                    goal.measure, p, [indicators[i.key, p].status for i in goal.indicators
                                      if (i.key, p) in indicators],
                    plan.settings.combined_green_share, plan.settings.combined_yellow_share)
            else:
                goals[goal.key, p] = assess(goal.measure, p, names, share)
    return goals, indicators


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_statuses_on_demand_are_the_eager_ones(case, sources):
    plan = _plan(case, sources)
    evaluation = evaluate(plan, _period(case, plan))
    goals, indicators = _eager(copy.deepcopy(plan))
    asked_goals = {(g.key, p): evaluation.ks_status(g, p)
                   for g in plan.ks_goals for p in plan.period_names}
    asked_indicators = {(i.key, p): evaluation.indicator_status(i, p)
                        for i in plan.indicators for p in plan.period_names}
    assert asked_goals == goals
    assert asked_indicators == indicators
    # A count asks without the reason's words: the same status and manual mark.
    assert {(g.key, p): (evaluation.ks_status(g, p, explain=False).status,
                         evaluation.ks_status(g, p, explain=False).manual)
            for g in plan.ks_goals for p in plan.period_names} == {
        key: (a.status, a.manual) for key, a in goals.items()}
    assert {(i.key, p): evaluation.indicator_status(i, p, explain=False).status
            for i in plan.indicators for p in plan.period_names} == {
        key: a.status for key, a in indicators.items()}
    # and from a plan whose rows are new objects on every pass, by key
    fresh = evaluate(freshen(plan), evaluation.period)
    assert {(g.key, p): fresh.ks_status(g, p) for g in fresh.plan.iter_ks_goals()
            for p in plan.period_names} == goals
    for p in plan.period_names:
        by_status = {s: 0 for s in (*schema.STATUSES, schema.NOT_ASSESSED)}
        for (_key, period), assessment in goals.items():
            if period == p:
                by_status[assessment.status] += 1
        assert fresh.summary(p).counts == by_status
        for kf in fresh.plan.kf_goals:  # and per KF ÖG mål, asked twice (counted once)
            mine = {s: 0 for s in (*schema.STATUSES, schema.NOT_ASSESSED)}
            for goal in kf.ks_goals:
                mine[goals[goal.key, p].status] += 1
            assert fresh.summary(p, kf).counts == mine == evaluation.summary(p, kf).counts
            assert fresh.summary(p, kf).counts == mine
    # Prognoses are counted in the same pass: per KF ÖG mål and for the plan, as listed.
    for kf in fresh.plan.kf_goals:
        assert fresh.prognosis_summary(kf) == prognosis_summary(
            g.measure.prognosis for g in kf.ks_goals)
    assert fresh.prognosis_summary() == evaluation.prognosis_summary() == prognosis_summary(
        g.measure.prognosis for g in plan.ks_goals)


@pytest.mark.parametrize("goal_or_indicator", ["ks", "indicator"])
def test_a_period_the_plan_lacks_is_still_a_key_error(goal_or_indicator):
    plan = edge_plan()
    evaluation = evaluate(plan)
    item: KsGoal | KfIndicator = (plan.ks_goals[0] if goal_or_indicator == "ks"
                                  else plan.indicators[0])
    ask = evaluation.ks_status if goal_or_indicator == "ks" else evaluation.indicator_status
    with pytest.raises(KeyError):
        ask(item, "Helår 1999")  # type: ignore[arg-type]
    assert ask(item, "") == ask(item, evaluation.period)  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        evaluation.summary("Helår 1999")


@pytest.mark.parametrize("recent", [1, 3, 512])
def test_the_evaluation_keeps_no_status_per_goal(recent, sources, monkeypatch):
    """Only the last `Evaluation.RECENT` statuses are kept, whatever the plan's size, and
    what is recalled from them is what would be computed."""
    monkeypatch.setattr(Evaluation, "RECENT", recent)
    plan = _plan(next(case for case in CASES if case.name == "bench-mini"), sources)
    evaluation = evaluate(plan)
    assert set(vars(evaluation)) == {"plan", "period", "_names", "_recent", "_counts"}
    goals, indicators = _eager(copy.deepcopy(plan))
    for _round in range(2):  # asked again: from the recent ones or computed anew
        for explain in (False, True, False):
            assert {(g.key, p): evaluation.ks_status(g, p, explain=explain).status
                    for g in plan.iter_ks_goals() for p in plan.period_names} == {
                key: a.status for key, a in goals.items()}
            assert {(i.key, p): evaluation.indicator_status(i, p, explain=explain)
                    for i in plan.iter_indicators() for p in plan.period_names
                    if explain} == ({} if not explain else indicators)
            assert len(evaluation._recent) <= recent
    assert evaluation._names == plan.period_names


@pytest.mark.parametrize("workbook", [NORSJO, EXEMPELBY], ids=["norsjo", "exempelby"])
def test_build_with_the_plan_on_disk_and_its_sheets_streamed_is_the_same(tmp_path, monkeypatch,
                                                                          workbook):
    """`api.build` end to end with the real thing, not the double: the Mål sheet's rows kept
    on disk (spool.RowSpool) and the Mål and Aktiviteter sheets read as streams
    (reader/stream.py), as a region's plan is read; every output as the plan held whole."""
    from vp_excel.reader import load
    from vp_excel.reader.layouts import arbetsbok

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")
    formats = tuple(writers.FORMATS)
    held = api.build(workbook, out_dir=tmp_path / "held", formats=formats)
    monkeypatch.setattr(arbetsbok, "SPOOL_ROWS", -1)
    monkeypatch.setattr(load, "STREAM_ROWS", 0)
    read = []

    def spying_read(*args, **kwargs):
        plan, problems = read_plan(*args, **kwargs)
        read.append(plan)
        return plan, problems

    monkeypatch.setattr(api, "read_plan", spying_read)
    disk = api.build(workbook, out_dir=tmp_path / "disk", formats=formats)
    assert read and all(isinstance(kf.rows, spool.RowSpool) for kf in read[0].kf_goals)
    assert [str(p) for p in disk.check.problems] == [str(p) for p in held.check.problems]
    assert disk.warnings == held.warnings
    for before, after in zip(held.outputs, disk.outputs, strict=True):
        _assert_same_output(before.suffix[1:], before, after)
