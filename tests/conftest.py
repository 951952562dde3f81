"""Make tests/ importable (for builders.py) however pytest is started, build the example
reports once for the whole run, and mark every test that needs LibreOffice as `engine`
(`python -m pytest -m "not engine"` for a quick run without it)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builders import EXAMPLES  # noqa: E402


@pytest.fixture(scope="session")
def example_reports(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Both example workbooks built as `vp-excel build` builds them, once per run:
    {"norsjo": {"xlsx": …, "docx": …}, "exempelby": {…}}. Tests read them, never change them."""
    from vp_excel import api

    out = tmp_path_factory.mktemp("examples")
    built = {}
    for name, source in EXAMPLES.items():
        result = api.build(source, out_dir=out / name)
        built[name] = {path.suffix[1:]: path for path in result.outputs}
    return built


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that is skipped without LibreOffice is one that uses it.
    for item in items:
        if any("LibreOffice" in str(mark.kwargs.get("reason", ""))
               for mark in item.iter_markers("skipif")):
            item.add_marker(pytest.mark.engine)
