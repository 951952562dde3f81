"""Matching across workbooks: KF ÖG mål by name (case, spaces, punctuation ignored), typos
as one goal with a warning naming both files and cells, economy goals by name."""

from __future__ import annotations

import pytest

from vp_excel.errors import Location
from vp_excel.rollup.matching import Spelling, is_economy_goal, is_typo, match_goal_names
from vp_excel.text import name_key


@pytest.mark.parametrize("a, b, same_key, typo", [
    ("Välkomnande och attraktiv bygd", "välkomnande  och attraktiv bygd.", True, False),
    ("En ekonomi i balans och en växande kommun", "En ekonomi i balans, och en växande kommun",
     True, False),
    ("Välkomnande och attraktiv bygd", "Välkommnande och attraktiv bygd", False, True),
    ("Hållbar och effektiv organisation", "Hållbar och attraktiv organisation", False, False),
    ("Trygg uppväxt", "Trygg ålderdom", False, False),
    ("Ekonomi i balans 2025", "Ekonomi i balans 2026", False, False),
])
def test_names_match_ignoring_case_spaces_punctuation_and_typos(a, b, same_key, typo):
    assert (name_key(a) == name_key(b)) is same_key
    assert is_typo(name_key(a), name_key(b)) is typo


def test_a_typo_is_one_goal_with_a_warning_naming_both_files_and_cells():
    right = Spelling("Välkomnande och attraktiv bygd", Location("/x/a.xlsx", "Mål", "A7"))
    also_right = Spelling("Välkomnande och attraktiv bygd", Location("/x/c.xlsx", "Plan", "A5"))
    wrong = Spelling("Välkommnande och attraktiv bygd", Location("/x/b.xlsx", "Mål", "A2"))
    canonical, warnings = match_goal_names([wrong, wrong, right, also_right])
    assert {canonical[name_key(s.name)] for s in (right, wrong)} == {right.name}
    assert len(warnings) == 1
    for fragment in ("a.xlsx: Mål!A7", "b.xlsx: Mål!A2", wrong.name, right.name):
        assert fragment in warnings[0]


@pytest.mark.parametrize("name, economy", [
    ("En ekonomi i balans och en växande kommun", True),
    ("God ekonomisk hushållning", True),
    ("Kommunens finansiella mål", True),
    ("God service och tillgänglighet för invånare och företag", False),
    ("Hållbar och effektiv organisation", False),
])
def test_economy_goals_are_recognised_by_name(name, economy):
    assert is_economy_goal(name) is economy
