"""A region's plan on disk (vp_excel/spool.py, issue #23): the spool keeps what a list keeps,
groups keep a Sammanvägning goal with its indicators, every pass gives new objects, edits go
back only through edit_rows; and the arbetsbok read with its rows spooled gives the same plan,
problems and statuses as the read that holds them."""

from __future__ import annotations

import copy
import errno
import pickle
import sys
from pathlib import Path

import pytest
from builders import EXEMPELBY, NORSJO, write_workbook

from vp_excel import spool
from vp_excel.errors import TemporaryFileFailed
from vp_excel.model import (
    Activity,
    GoalDirection,
    KfGoal,
    KfIndicator,
    KsGoal,
    Measure,
    PlanRow,
)
from vp_excel.reader import read_plan
from vp_excel.reader.layouts import arbetsbok
from vp_excel.rules import evaluate
from vp_excel.schema import COMBINED, HIGHER, MANUAL

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))


def _indicator(n: int) -> KfIndicator:
    return KfIndicator(f"Indikator {n}", "", Measure(HIGHER, target=float(n)), key=f"Mål!{n}")


def _rows(combined_indicators: int = 3, loose: int = 0) -> list[PlanRow]:
    """A Sammanvägning goal over its own row and the rows below it, then a manual goal, then
    `loose` indicator rows with no goal above them that reaches them."""
    rows = [PlanRow(indicator=_indicator(1),
                    ks_goal=KsGoal("Samlat mål", Measure(COMBINED), key="Mål!1"))]
    rows += [PlanRow(indicator=_indicator(n)) for n in range(2, combined_indicators + 1)]
    rows[0].ks_goal.indicators = [row.indicator for row in rows]  # type: ignore[union-attr]
    rows.append(PlanRow(ks_goal=KsGoal("Eget mål", Measure(MANUAL), key="Mål!90"),
                        directions=[GoalDirection("Digitalisering", "Alla",
                                                  [Activity("Ny e-tjänst", "Pågår")])]))
    rows += [PlanRow(indicator=_indicator(100 + n)) for n in range(loose)]
    return rows


def _spooled(rows: list[PlanRow]) -> spool.RowSpool:
    spooled = spool.RowSpool(spool.SpoolFile())
    spooled.replace(copy.deepcopy(rows))
    return spooled


def test_a_spool_holds_what_the_list_holds_and_each_pass_gives_new_objects():
    rows = _rows(loose=5)
    spooled = _spooled(rows)
    assert len(spooled) == len(rows)
    assert list(spooled) == rows and spooled == rows
    first, second = list(spooled), list(spooled)
    assert first == second
    assert all(a is not b for a, b in zip(first, second))
    # Within one pass a goal's indicators are its group's rows' very objects.
    goal = first[0].ks_goal
    assert goal is not None
    assert [i is row.indicator for i, row in zip(goal.indicators, first)] == [True] * 3


def test_without_pread_a_spool_reads_by_seek_as_on_windows(monkeypatch):
    """Windows has no os.pread: the spool seeks and reads under its lock instead."""
    monkeypatch.delattr(spool.os, "pread", raising=False)
    rows = _rows(loose=70)
    spooled = _spooled(rows)
    assert list(spooled) == rows and spooled[-1] == rows[-1]


@pytest.mark.parametrize("index", [0, 2, 3, 4, -1, -9])
def test_a_spool_is_indexed_as_a_list(index):
    rows = _rows(loose=5)
    assert _spooled(rows)[index] == rows[index]


@pytest.mark.parametrize("index", [9, -10])
def test_a_spool_refuses_an_index_past_its_end_as_a_list(index):
    with pytest.raises(IndexError):
        _spooled(_rows(loose=5))[index]


@pytest.mark.parametrize(("rule", "loose", "groups"), [
    # A Sammanvägning goal holds every row below it in its group, however many.
    (COMBINED, 150, 1),
    # Any other goal lets its group end every GROUP_ROWS rows.
    (MANUAL, 150, 3),
])
def test_groups_end_at_each_goal_and_only_where_no_sammanvagning_reaches(rule, loose, groups):
    rows = [PlanRow(ks_goal=KsGoal("Mål", Measure(rule), key="Mål!1"))]
    rows += [PlanRow(indicator=_indicator(n)) for n in range(2, loose + 2)]
    rows.append(PlanRow(ks_goal=KsGoal("Nästa", Measure(MANUAL), key="Mål!999")))
    cut = list(spool.groups(rows))
    assert [len(g) for g in cut][:-1] == ([loose + 1] if groups == 1 else
                                         [spool.GROUP_ROWS, spool.GROUP_ROWS,
                                          loose + 1 - 2 * spool.GROUP_ROWS])
    assert len(cut) == groups + 1 and cut[-1] == [rows[-1]]
    assert [row for group in cut for row in group] == rows


def test_a_change_to_a_passed_row_is_lost_and_one_through_edit_rows_is_kept():
    kf = KfGoal("KF", _spooled(_rows()))
    next(iter(kf.rows)).ks_goal.measure.outcomes["Helår"] = 1.0  # type: ignore[union-attr]
    assert kf.rows[0].ks_goal.measure.outcomes == {}  # type: ignore[union-attr]
    with spool.edit_rows(kf) as rows:
        rows[0].ks_goal.measure.outcomes["Helår"] = 1.0  # type: ignore[union-attr]
        rows[1].indicator.measure.outcomes["Helår"] = 2.0  # type: ignore[union-attr]
    again = list(kf.rows)
    assert again[0].ks_goal.measure.outcomes == {"Helår": 1.0}  # type: ignore[union-attr]
    # The edit reached the goal's indicator too: one object within its group.
    assert again[0].ks_goal.indicators[1].measure.outcomes == {  # type: ignore[union-attr]
        "Helår": 2.0}


def test_edited_indicators_writes_every_kf_goal_back():
    plan_kfs = [KfGoal("A", _spooled(_rows())), KfGoal("B", _spooled(_rows(loose=2)))]
    for indicator in spool.edited_indicators(plan_kfs):
        indicator.source = "Kolada"
    assert [row.indicator.source for kf in plan_kfs for row in kf.rows
            if row.indicator is not None] == ["Kolada"] * 8


@pytest.mark.parametrize("make_copy", [copy.deepcopy, lambda s: pickle.loads(pickle.dumps(s))])
def test_a_copy_of_a_spool_is_a_plain_list_of_its_rows(make_copy):
    rows = _rows(loose=3)
    copied = make_copy(_spooled(rows))
    assert type(copied) is list and copied == rows


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "disken är full"),
                                             (errno.EACCES, "behörighet saknas")])
def test_a_temporary_file_the_system_refuses_is_one_swedish_line(monkeypatch, code, words):
    def refused(*args, **kwargs):
        raise OSError(code, "English words")

    monkeypatch.setattr(spool.tempfile, "TemporaryFile", refused)
    with pytest.raises(TemporaryFileFailed) as caught:
        spool.SpoolFile()
    message = str(caught.value)
    assert words in message and "TMPDIR" in message and "English" not in message


# --- the arbetsbok read with its rows on disk ----------------------------------------------


def _activities_book(path: Path) -> Path:
    """Aktiviteter rows of every kind the matching knows: a Mål activity given a status and
    later a comment, one the Mål sheet lacks (joins its målinriktning's first row), one whose
    målinriktning is missing (warned), one given twice (the last word wins)."""
    header = ["KF ÖG mål", "KF Indikator", "Styrgräns", "KS mål", "Regel", "Målvärde",
              "Utfall Delår 1", "Målinriktning", "Ansvarig", "Aktiviteter"]
    goals = [header,
             ["Hållbar", "Sjukfrånvaro", "max 6%", "Samlat", "Sammanvägning", None, None,
              "Hälsa", "HR", "• Friskvård\n• Ledarskap"],
             ["Hållbar", "Personalomsättning", "max 10%", None, None, None, None,
              None, None, None],
             ["Hållbar", None, None, "Nöjda invånare", "Högre är bättre", "70", 72,
              "Service", "Alla", "• E-tjänster"],
             ["Trygg", None, None, "Trygga invånare", "Högre är bättre", "80", 60,
              "Hälsa", "Socialtjänst", "• Friskvård"]]
    activities = [["Målinriktning", "Aktivitet", "Status", "Kommentar"],
                  ["Hälsa", "Friskvård", "Pågår", None],
                  ["Hälsa", "Friskvård", None, "Halvvägs"],
                  ["Service", "Chatt", "Ej påbörjad", "Nästa år"],
                  ["Okänd", "Något", "Klar", None],
                  ["Service", "E-tjänster", "Pågår", None],
                  ["Service", "E-tjänster", "Klar", None]]
    return write_workbook(path, goals, extra_sheets={"Aktiviteter": activities})


def _bench_mini(tmp_path: Path) -> Path:
    from workload import SIZES, write  # bench/workload.py

    return write(SIZES["mini"], tmp_path / "mini.xlsx")


WORKBOOKS = {"norsjo": lambda tmp: NORSJO, "exempelby": lambda tmp: EXEMPELBY,
             "aktiviteter": lambda tmp: _activities_book(tmp / "aktiviteter.xlsx"),
             "bench-mini": _bench_mini}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_the_arbetsbok_read_onto_disk_is_the_plan_read_whole(tmp_path, monkeypatch, name):
    path = WORKBOOKS[name](tmp_path)
    whole, whole_problems = read_plan(path)
    monkeypatch.setattr(arbetsbok, "SPOOL_ROWS", -1)
    spooled, spooled_problems = read_plan(path)
    assert all(isinstance(kf.rows, spool.RowSpool) for kf in spooled.kf_goals)
    assert not any(isinstance(kf.rows, spool.RowSpool) for kf in whole.kf_goals)
    assert [str(p) for p in spooled_problems] == [str(p) for p in whole_problems]
    assert [kf.name for kf in spooled.kf_goals] == [kf.name for kf in whole.kf_goals]
    assert [list(kf.rows) for kf in spooled.kf_goals] == [kf.rows for kf in whole.kf_goals]
    assert spooled.texts == whole.texts and spooled.notes == whole.notes
    for period in whole.period_names:
        assert evaluate(spooled, period).summary() == evaluate(whole, period).summary()
        assert [evaluate(spooled, period).ks_status(g).status for g in spooled.ks_goals] == \
            [evaluate(whole, period).ks_status(g).status for g in whole.ks_goals]


def test_the_aktiviteter_sheet_gives_the_same_activities_spooled_or_not(tmp_path, monkeypatch):
    """The activities themselves, spelled out: what the matching gives either way."""
    path = _activities_book(tmp_path / "aktiviteter.xlsx")
    for spool_rows in (10_000, -1):
        monkeypatch.setattr(arbetsbok, "SPOOL_ROWS", spool_rows)
        plan, problems = read_plan(path)
        found = [(d.text, a.text, a.status, a.comment) for kf in plan.kf_goals
                 for row in kf.rows for d in row.directions for a in d.activities]
        assert found == [
            ("Hälsa", "Friskvård", "Pågående", "Halvvägs"),
            ("Hälsa", "Ledarskap", "", ""),
            ("Service", "E-tjänster", "Klar", ""),
            ("Service", "Chatt", "Ej påbörjad", "Nästa år"),
            ("Hälsa", "Friskvård", "Pågående", "Halvvägs"),
        ], spool_rows
        assert [(p.location.cell, "Okänd" in p.message) for p in problems
                if "Okänd" in p.message] == [("B5", True)]


def test_a_sammanvagning_goal_is_judged_by_its_indicators_when_spooled(tmp_path, monkeypatch):
    path = _activities_book(tmp_path / "aktiviteter.xlsx")
    monkeypatch.setattr(arbetsbok, "SPOOL_ROWS", -1)
    plan, _ = read_plan(path)
    goal = next(plan.iter_ks_goals())
    assert goal.measure.rule == COMBINED
    assert [i.name for i in goal.indicators] == ["Sjukfrånvaro", "Personalomsättning"]
