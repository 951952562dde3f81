"""KF ÖG mål, periods and verksamheter matched across workbooks.

Names are compared after `text.name_key`: case, spaces and punctuation do not matter. Two keys
that differ only by a typo (difflib's ratio at least TYPO_RATIO, and a few characters at
most) are the same goal, with a warning naming both files and cells, never silently two
goals. The spelling used by most workbooks (the first seen on a tie) names the goal.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from ..errors import Location
from ..text import name_key, words_key

TYPO_RATIO = 0.9
TYPO_MAX_EDITS = 3
ECONOMY_WORDS = ("god ekonomisk hushållning", "ekonomisk hushållning", "ekonomi i balans",
                 "hållbar ekonomi", "sund ekonomi", "stabil ekonomi", "finansiella mål",
                 "finansiellt mål", "ekonomiska mål")


def is_economy_goal(kf_name: str) -> bool:
    """A KF ÖG mål about god ekonomisk hushållning, recognised by its name."""
    words = words_key(kf_name)
    return any(phrase in words for phrase in ECONOMY_WORDS)


@dataclass(frozen=True)
class Spelling:
    """A KF ÖG mål as one workbook writes it, and where."""

    name: str
    location: Location


def is_typo(a: str, b: str) -> bool:
    """Two different keys close enough to be one name mistyped. Names that differ in a
    number ("Mål 1" / "Mål 2", "… 2025" / "… 2026") are different goals, not a typo."""
    if a == b or not a or not b:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
               if tag != "equal"]
    if any(char.isdigit() for old, new in changes for char in old + new):
        return False
    edits = sum(max(len(old), len(new)) for old, new in changes)
    return matcher.ratio() >= TYPO_RATIO and edits <= TYPO_MAX_EDITS


def _place(location: Location) -> str:
    return str(location) or "okänd plats"


def match_goal_names(spellings: list[Spelling]) -> tuple[dict[str, str], list[str]]:
    """The canonical name for every spelling's key, and a Swedish warning per typo pair."""
    by_key: dict[str, list[Spelling]] = {}
    for spelling in spellings:
        by_key.setdefault(name_key(spelling.name), []).append(spelling)
    keys = list(by_key)  # first seen first
    # How many workbooks write each key: one workbook repeating its typo on many rows
    # does not outvote the others.
    counts = Counter({key: len({s.location.file for s in by_key[key]}) for key in keys})
    # Most used key first, so a typo joins the common spelling, not the other way round.
    ordered = sorted(keys, key=lambda key: (-counts[key], keys.index(key)))
    parent: dict[str, str] = {}
    warnings: list[str] = []
    for key in ordered:
        if key in parent:
            continue
        parent[key] = key
        for other in ordered:
            if other in parent or not is_typo(key, other):
                continue
            parent[other] = key
            right, wrong = by_key[key][0], by_key[other][0]
            warnings.append(
                f'KF ÖG mål "{wrong.name}" ({_place(wrong.location)}) liknar '
                f'"{right.name}" ({_place(right.location)}); de räknas som samma mål. '
                "Rätta stavningen i arbetsboken om de är samma mål.")
    canonical: dict[str, str] = {}
    for key in keys:
        root = parent[key]
        names = Counter(s.name.strip() for s in by_key[root])
        canonical[key] = names.most_common(1)[0][0]
    return canonical, warnings


def most_common(values: list[str]) -> str:
    """The value most workbooks give (the first on a tie); "" for none."""
    present = [value for value in values if value]
    return Counter(present).most_common(1)[0][0] if present else ""


def most_common_name(names: list[str]) -> str:
    """The name most workbooks give, compared by `name_key` ("Exempelby kommun" and a
    full-width "Ｅxempelby kommun" are one), in its commonest spelling; "" for none."""
    key = most_common([name_key(name) for name in names])
    return most_common([name.strip() for name in names if name_key(name) == key]) if key else ""


def spellings_by_key(names: list[str]) -> dict[str, str]:
    """Each name's key -> the commonest spelling of it (the first on a tie)."""
    by_key: dict[str, list[str]] = {}
    for name in names:
        if name.strip():
            by_key.setdefault(name_key(name), []).append(name.strip())
    return {key: most_common(spellings) for key, spellings in by_key.items()}
