"""The one normalisation family (`text.normalize`) and its four uses, and the one period match."""

from __future__ import annotations

import re
import unicodedata

import pytest

from vp_excel.model import match_period
from vp_excel.schema import normalize_header
from vp_excel.text import header_key, name_key, normalize, slug, words_key

DECOMPOSED_A_RING = unicodedata.normalize("NFD", "å")


@pytest.mark.parametrize("function, text, expected", [
    (name_key, "Välkomnande och attraktiv bygd.", "välkomnandeochattraktivbygd"),
    (name_key, f"Delår 2 {DECOMPOSED_A_RING}r", "delår2år"),
    (name_key, "Straße", "strasse"),  # casefold: names compare as equal as they can
    (words_key, "  God ekonomisk—hushållning, 2025 ", "god ekonomisk hushållning 2025"),
    (words_key, "", ""),
    (slug, "Delår 2 2025", "delår-2-2025"),
    (slug, "Exempelby kommun / Helår", "exempelby-kommun-helår"),
    (slug, "Straße", "straße"),  # a file name keeps the letter as written
    (slug, "!!!", "period"),
    (header_key, "Utfall T1:", "utfall t1"),
    (header_key, "  Mål (%)  ", "mål %"),
    (header_key, "Ansvarig\u00a0enhet – HR", "ansvarig enhet hr"),
    (header_key, None, ""),
    (header_key, 2025, "2025"),
])
def test_each_use_of_the_family(function, text, expected):
    assert function(text) == expected


def _old_normalize_header(text: object) -> str:
    """The reader's header normalisation before it became `text.header_key`."""
    if text is None:
        return ""
    cleaned = unicodedata.normalize("NFC", str(text)).lower()
    cleaned = re.sub(r"[\s\u00a0_:.\-–—/()]+", " ", cleaned)
    return cleaned.strip()


@pytest.mark.parametrize("text", [
    "Utfall T1", " KF ÖG mål ", "Mål-värde", "Styrgräns (KS)", "Utfall\tdelår 2:", "ÅR",
    "Straße", "x_y", "#", "100 %", "\u2003Mål\u2003", "Ansvarig / enhet", None, 3.5, "İ",
])
def test_headers_normalise_as_the_reader_always_did(text):
    assert header_key(text) == normalize_header(text) == _old_normalize_header(text)


@pytest.mark.parametrize("names, wanted, expected", [
    (["Delår 1 2025", "Delår 2 2025", "Helår 2025"], "delår 2 2025 ", "Delår 2 2025"),
    (["Delår 1 2025", "Delår 2 2025"], "Delår 2, 2025", "Delår 2 2025"),
    (["Delår 1 2025", "Delår 2 2025"], "Delår 3 2025", None),
    (["T1", "T2"], "", None),
    # Spelled as given wins over a match that ignores the punctuation.
    (["Delår-2", "Delår 2"], "delår 2", "Delår 2"),
])
def test_one_period_match_for_users_workbooks_and_the_roll_up(names, wanted, expected):
    assert match_period(names, wanted) == expected


def test_normalize_joins_and_trims():
    assert normalize("  a -- b  ", joiner="_") == "a_b"


@pytest.mark.parametrize("text, limit, cut", [
    ("abc", 3, "abc"), ("abcd", 3, "abc"), ("a😀b", 2, "a"), ("a😀b", 3, "a😀"),
    ("😀" * 5, 5, "😀" * 2), ("𝔸x" * 3, 4, "𝔸x"), ("", 3, ""),
])
def test_a_cut_counts_utf16_units_and_never_splits_a_character(text, limit, cut):
    from vp_excel.text import utf16_cut, utf16_len

    assert utf16_cut(text, limit) == cut
    assert utf16_len(cut) <= limit
