"""The Word reports say the same as before they were written as a stream: each example's
word/document.xml and header parts, canonicalised (C14N), are byte for byte the references in
tests/docx_reference/, made by the earlier writer (`make_reference.py` there)."""

import gzip
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "docx_reference"))

from make_reference import CASES, reference_path, written  # noqa: E402


@pytest.mark.parametrize("case", sorted(CASES))
def test_document_xml_is_the_reference_after_c14n(case):
    parts = written(case)
    assert "word/document.xml" in parts
    for part, data in parts.items():
        reference = gzip.decompress(reference_path(case, part).read_bytes())
        assert data == reference, f"{case}: {part} differs from the reference"
    references = {path.name for path in reference_path(case, "x").parent.glob(f"{case}--*.gz")}
    assert references == {reference_path(case, part).name for part in parts}
