"""The Word reports' content as the writer made it before it wrote as a stream: each case's
word/document.xml and header parts after canonicalisation (C14N), gzipped beside this script.

`tests/test_docx_equivalence.py` writes the same cases with today's writer and compares.
Run `python tests/docx_reference/make_reference.py` only when the document is meant to
change (a new section, another look), and say so in the commit.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from builders import EXEMPELBY, EXEMPELBY_DIR, NORSJO, tiny_png  # noqa: E402

EPOCH = "1767225600"  # 2026-01-01: dates in the documents do not follow the clock


def _template(folder: Path) -> Path:
    """A kommun template with its own header, footer, style and margins."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.header.paragraphs[0].text = "Exempelby kommun – mallhuvud"
    section.footer.paragraphs[0].text = "Exempelby kommun, 123 45 Exempelby"
    document.add_paragraph("Malltext som ska bort.")
    path = folder / "mall.docx"
    document.save(str(path))
    return path


def _report(source: Path, *, kind: str | None = None, template: bool = False,
            logo: bool = False) -> Callable[[Path], None]:
    def write(target: Path) -> None:
        from vp_excel import api
        from vp_excel.rules import evaluate
        from vp_excel.writers.docx.kinds import period_for
        from vp_excel.writers.docx.report import write_document

        result = api.check(source)
        evaluation = result.evaluation
        if kind:
            evaluation = evaluate(result.plan, period_for(result.plan, kind, evaluation.period))
        if logo:
            image = target.parent / "logo.png"
            image.write_bytes(tiny_png())
            result.plan.settings.logo = str(image)
        write_document(evaluation, target, _template(target.parent) if template else None,
                       kind)
    return write


def _rollup(target: Path) -> None:
    from vp_excel.rollup.api import sammanstall

    result = sammanstall([EXEMPELBY_DIR], out_dir=target.parent, formats=("docx",))
    result.outputs[0].replace(target)


CASES: dict[str, Callable[[Path], None]] = {
    "norsjo": _report(NORSJO),
    "exempelby": _report(EXEMPELBY),
    "exempelby-verksamhetsplan": _report(EXEMPELBY, kind="verksamhetsplan"),
    "exempelby-arsrapport": _report(EXEMPELBY, kind="arsrapport", logo=True),
    "exempelby-mall": _report(EXEMPELBY, template=True),
    "sammanstallning": _rollup,
}


def canonical_parts(path: Path) -> dict[str, bytes]:
    """word/document.xml and the header parts of the .docx at `path`, canonicalised."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        names = sorted(name for name in package.namelist()
                       if name == "word/document.xml"
                       or (name.startswith("word/header") and name.endswith(".xml")))
        return {name: etree.tostring(etree.fromstring(package.read(name)), method="c14n")
                for name in names}


def written(case: str) -> dict[str, bytes]:
    """The case written now, in a temporary folder, with SOURCE_DATE_EPOCH set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"{case}.docx"
            CASES[case](target)
            return canonical_parts(target)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def reference_path(case: str, part: str) -> Path:
    return HERE / f"{case}--{part.replace('/', '_')}.gz"


def main() -> None:
    for old in HERE.glob("*.gz"):
        old.unlink()
    for case in CASES:
        for part, data in written(case).items():
            # mtime=0: the reference files themselves are reproducible.
            reference_path(case, part).write_bytes(gzip.compress(data, mtime=0))
        print(case)


if __name__ == "__main__":
    main()
