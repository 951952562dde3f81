"""The example plans' words live in data files (workbooks/data/*.toml) that a kommun can read
and correct; the generator only lays them out. A correction in a data file is what the
workbook then says."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
SCRIPT = WORKBOOKS / "make_workbooks.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_workbooks", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("words", [
    "Identifierade personella sårbarheter minskar.",  # a KS mål of Norsjö's plan
    "Världens bästa vardag",  # its vision
    "Sjukfrånvaron inom kommunledningskontoret är högst 5%",  # Exempelby's
])
def test_the_plans_words_are_in_the_data_files_not_in_the_script(words):
    data = "".join(p.read_text(encoding="utf-8") for p in (WORKBOOKS / "data").glob("*.toml"))
    assert words in data
    assert words not in SCRIPT.read_text(encoding="utf-8")


def test_a_correction_in_the_data_file_is_what_the_workbook_says(script, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(WORKBOOKS / "data", data)
    plan = data / "norsjo-klk-2025.toml"
    text = plan.read_text(encoding="utf-8")
    old = '"KS mål" = "Antalet ökar"'
    assert old in text
    plan.write_text(text.replace(old, '"KS mål" = "Antalet invånare ökar"'), encoding="utf-8")
    example = script.load_example(plan)
    path = script.save(script.build(example.book, example.document_title),
                       tmp_path / example.file_name)
    cells = [str(c.value) for row in openpyxl.load_workbook(path)["Mål"].iter_rows()
             for c in row if c.value]
    assert "Antalet invånare ökar" in cells and "Antalet ökar" not in cells


def test_an_unknown_header_in_a_data_file_is_refused(script, tmp_path):
    plan = tmp_path / "plan.toml"
    text = (WORKBOOKS / "data" / "exempelby-2025.toml").read_text(encoding="utf-8")
    plan.write_text(text.replace('"KS mål" =', '"KS-mål" =', 1), encoding="utf-8")
    with pytest.raises(ValueError, match='okänd rubrik "KS-mål"'):
        script.load_example(plan)
