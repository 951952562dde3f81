"""Make tests/ importable (for builders.py) however pytest is started, build the example
reports once for the whole run, leave the benchmark out unless asked for, choose how hard
the property tests try, and mark every test that needs LibreOffice as `engine`
(`python -m pytest -m "not engine"` for a quick run without it)."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builders import EXAMPLES  # noqa: E402

# Property tests: a few examples each in the everyday run, many more on request
# (HYPOTHESIS_PROFILE=deep, or pytest's --hypothesis-profile=deep). A test that is costly per
# example takes the profile's number; a cheap one asks for ten times as many
# (tests/test_properties.py). Both inherit hypothesis' own "ci" profile when it is loaded.
settings.register_profile("suite", max_examples=10, deadline=None)
settings.register_profile("deep", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test that is skipped without LibreOffice is one that uses it.
    for item in items:
        if any("LibreOffice" in str(mark.kwargs.get("reason", ""))
               for mark in item.iter_markers("skipif")):
            item.add_marker(pytest.mark.engine)
    # The benchmark's smoke run only when the marker expression names it (`-m bench`): a
    # "not bench" in setup.cfg's addopts would be replaced by any -m on the command line,
    # and `-m "not engine"` would run the benchmark.
    if "bench" not in config.getoption("markexpr", ""):
        benchmark = [item for item in items if item.get_closest_marker("bench")]
        if benchmark:
            config.hook.pytest_deselected(items=benchmark)
            items[:] = [item for item in items if not item.get_closest_marker("bench")]
