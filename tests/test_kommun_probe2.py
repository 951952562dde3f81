"""Kinds of kommun tables from the second probing round (issue 23): each was misread without a
word or refused where it need not be. Each test writes the table, reads it and checks what the
program made of it."""

from __future__ import annotations

import pytest
from test_kommun_layouts import _read_rows

from vp_excel import schema
from vp_excel.rules import evaluate

_WITHDRAWN_HEAD = ["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"]


@pytest.mark.parametrize("word", ["Utgår", "Struken", "Ersatt av mål 4", "Vilande",
                                  "Ej aktuellt", "utgått – ersatt av nytt mål"])
@pytest.mark.parametrize("outcome", ["", "12"])
def test_a_withdrawn_goal_is_never_judged_and_said(tmp_path, word, outcome):
    """A goal the kommun withdrew is Ej bedömd, not RÖD by its indicator's outcome below the
    målvärde, and check says so with the cell; it was an unknown status, an error."""
    rows = [_WITHDRAWN_HEAD,
            ["Trygg skola", "Andel trygga", "90 %", "88 %", "Gul"],
            ["Fler bostäder", "Antal nya bostäder", "≥ 30", outcome, word]]
    plan, problems = _read_rows(tmp_path, rows)
    assert [p.message for p in problems if p.is_error] == []
    said = [p for p in problems if "målet utgår" in p.message]
    assert [p.location.cell for p in said] == ["E3"]
    evaluation = evaluate(plan, "Helår 2024")
    withdrawn = plan.ks_goals[1]
    assert evaluation.ks_status(withdrawn).status == schema.NOT_ASSESSED
    assert evaluation.ks_status(withdrawn).reason.startswith("målet utgår")
    assert evaluation.indicator_status(withdrawn.indicators[0]).status == schema.NOT_ASSESSED
    assert evaluation.ks_status(plan.ks_goals[0]).status == schema.YELLOW
    assert evaluation.summary().counts[schema.RED] == 0


@pytest.mark.parametrize("word, status", [("Uppnått", schema.GREEN), ("Ej uppnått", schema.RED),
                                          ("Utgången kod", "")])
def test_status_words_that_are_not_withdrawn_keep_their_meaning(tmp_path, word, status):
    rows = [_WITHDRAWN_HEAD, ["Fler bostäder", "Antal nya bostäder", "≥ 30", "12", word]]
    plan, problems = _read_rows(tmp_path, rows)
    assert not any("målet utgår" in p.message for p in problems)
    assert plan.ks_goals[0].measure.assessments.get("Helår 2024", "") == status
