"""The library is a pure call (no GC tuning, no fork, no exit), decides the period in one
place, and keys each goal's statuses by a stable key, so a copy of the plan keeps them."""

from __future__ import annotations

import copy
import gc
import multiprocessing
import os
import pickle
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from builders import EXEMPELBY, NORSJO

from vp_excel import api
from vp_excel.errors import UnknownPeriod
from vp_excel.model import KfGoal, KfIndicator, KsGoal, Measure, Period, Plan, PlanRow, Settings
from vp_excel.reader import read_plan
from vp_excel.rules import evaluate
from vp_excel.schema import HIGHER, LOWER

ROOT = Path(__file__).resolve().parent.parent


def test_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    before = gc.get_threshold()
    odd = (567, 8, 9)  # not the defaults, not the command line's: nothing else would set it
    gc.set_threshold(*odd)
    try:
        api.check(NORSJO)
        assert gc.get_threshold() == odd
        api.build(NORSJO, out_dir=tmp_path)
        assert gc.get_threshold() == odd
    finally:
        gc.set_threshold(*before)


_FORK_FORBIDDEN = """
import gc, os, sys
from pathlib import Path

def no_fork(*args, **kwargs):
    raise RuntimeError("fork forbidden in this process")

os.fork = no_fork
os.forkpty = no_fork
import vp_excel.api as api
from vp_excel.cli import batch

threshold = gc.get_threshold()
result = api.build(sys.argv[1], out_dir=sys.argv[2])
assert gc.get_threshold() == threshold, gc.get_threshold()
print("api:", sorted(p.name for p in result.outputs))
outcome = batch.build_one(Path(sys.argv[1]), {"out_dir": Path(sys.argv[3])})
print("worker:", outcome.ok, outcome.lines[-2:])
"""


def test_build_and_a_batch_worker_never_fork(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", _FORK_FORBIDDEN, str(NORSJO),
                           str(tmp_path / "api"), str(tmp_path / "worker")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "api: ['norsjo-klk-2025-helår-2024.docx', 'norsjo-klk-2025-helår-2024.xlsx']" \
        in done.stdout
    assert "worker: True" in done.stdout
    assert sorted(p.suffix for p in (tmp_path / "worker").iterdir()) == [".docx", ".xlsx"]


# --- the period, decided in one place ---------------------------------------------------


@pytest.mark.parametrize("given, expected", [
    (None, "Delår 2 2025"),  # the workbook's Rapportperiod
    ("", "Delår 2 2025"),
    ("helår 2025", "Helår 2025"),
    ("  DELÅR 1 2025 ", "Delår 1 2025"),
])
def test_the_period_is_resolved_alike_everywhere(given, expected):
    plan, _ = read_plan(EXEMPELBY)
    assert plan.resolve_period(given) == expected
    assert evaluate(plan, given).period == expected
    assert api.check(EXEMPELBY, given).evaluation.period == expected


def test_an_unknown_period_is_one_message_naming_the_allowed():
    plan, _ = read_plan(EXEMPELBY)
    with pytest.raises(UnknownPeriod, match='perioden "Delår 9" finns inte. Tillåtna: '
                                            'Delår 2 2024, Helår 2024, Delår 1 2025, '
                                            'Delår 2 2025, Helår 2025.'):
        evaluate(plan, "Delår 9")


# --- stable keys ------------------------------------------------------------------------


def _statuses(evaluation, plan):
    return ([evaluation.ks_status(g).label for g in plan.ks_goals],
            [evaluation.indicator_status(i).label for i in plan.indicators])


@pytest.mark.parametrize("workbook", [NORSJO, EXEMPELBY], ids=lambda p: p.stem)
def test_a_copy_of_the_plan_keeps_its_statuses(workbook):
    plan, _ = read_plan(workbook)
    evaluation = evaluate(plan)
    expected = _statuses(evaluation, plan)
    assert any(expected[0]) and "GRÖN" in expected[0] + expected[1]
    for clone in (copy.deepcopy(plan), pickle.loads(pickle.dumps(plan))):
        assert _statuses(evaluation, clone) == expected
    copied = copy.deepcopy(evaluation)
    assert _statuses(copied, copied.plan) == expected


@pytest.mark.parametrize("workbook", [NORSJO, EXEMPELBY], ids=lambda p: p.stem)
def test_the_reader_keys_each_goal_by_its_row_on_the_sheet(workbook):
    plan, _ = read_plan(workbook)
    sheet = openpyxl.load_workbook(workbook, read_only=True)["Mål"]
    rows = {row[0].row: [str(c.value or "") for c in row] for row in sheet.iter_rows()
            if row and hasattr(row[0], "row")}
    for items, text in ((plan.ks_goals, lambda g: g.text),
                        (plan.indicators, lambda i: i.name)):
        keys = [item.key for item in items]
        assert len(set(keys)) == len(keys) and keys
        for item in items:
            sheet_name, row = item.key.split("!")
            assert sheet_name == "Mål"
            # The goal's (or indicator's) text stands on that row, as the kommun wrote it.
            first_line = text(item).splitlines()[0]
            assert any(first_line in cell for cell in rows[int(row)]), item.key


def _code_plan() -> Plan:
    periods = [Period("Delår 1 2025", 2025, 1, 4), Period("Helår 2025", 2025, 1, 12)]
    goals = [KsGoal("Sjukfrånvaron är låg", Measure(LOWER, 0.05, "%",
                                                    outcomes={"Delår 1 2025": 0.04})),
             KsGoal("Nöjda invånare", Measure(HIGHER, 0.8, "%",
                                              outcomes={"Delår 1 2025": 0.5}))]
    indicator = KfIndicator("Nettokostnad", "max 4000", Measure(LOWER, 4000.0))
    rows = [PlanRow(indicator, goals[0]), PlanRow(None, goals[1])]
    return Plan(Settings("Testby", "KLK", 2025, "Delår 1 2025"), periods,
                [KfGoal("Hållbar ekonomi", rows)])


def test_a_plan_built_in_code_gets_positional_keys_once():
    plan = _code_plan()
    evaluation = evaluate(plan)
    assert [g.key for g in plan.ks_goals] == ["KS-mål 1", "KS-mål 2"]
    assert [i.key for i in plan.indicators] == ["Indikator 1"]
    assert _statuses(evaluation, plan) == (["GRÖN", "RÖD"], ["Ej bedömd"])
    # A goal added later gets the next free position; the old keys stay.
    plan.kf_goals[0].rows.insert(0, PlanRow(None, KsGoal("Ny", Measure(HIGHER))))
    evaluate(plan)
    assert [g.key for g in plan.ks_goals] == ["KS-mål 3", "KS-mål 1", "KS-mål 2"]


def test_two_goals_with_one_key_are_refused():
    plan = _code_plan()
    for goal in plan.ks_goals:
        goal.key = "Mål!5"
    with pytest.raises(ValueError, match="Mål!5"):
        evaluate(plan)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the patched _outcome reaches the workers only through fork")
def test_batch_workers_run_with_the_command_line_thresholds(tmp_path, monkeypatch):
    """The speed trick is decided once, when each worker starts (gcpolicy.raise_thresholds),
    not by the library call inside it."""
    from vp_excel.cli import batch
    from vp_excel.cli.gcpolicy import GC_THRESHOLDS

    def seen(path, _options):
        return batch.Outcome(path, True, [(repr(gc.get_threshold()), False)])

    monkeypatch.setattr(batch, "_outcome", seen)
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    outcomes = dict(batch._outcomes(paths, {}, 2))
    assert [o.lines for o in outcomes.values()] == [[(repr(GC_THRESHOLDS), False)]] * 2
