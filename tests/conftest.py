"""Make tests/ importable (for builders.py) however pytest is started, and mark every test that
needs LibreOffice as `engine` (`python -m pytest -m "not engine"` for a quick run without it)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that is skipped without LibreOffice is one that uses it.
    for item in items:
        if any("LibreOffice" in str(mark.kwargs.get("reason", ""))
               for mark in item.iter_markers("skipif")):
            item.add_marker(pytest.mark.engine)
