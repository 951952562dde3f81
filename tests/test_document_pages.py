"""What a reader sees on the pages of every Word document vp-excel writes: the
verksamhetsplan (Norsjö), the delårsrapport and årsrapport (Exempelby) and the
sammanställning (the Exempelby folder).

No word in a table cell is wider than its column (measured with the font's own advance
widths: Liberation Sans has Arial's metrics, so the test sees what Word and LibreOffice lay
out), no heading can end a page (keep with next on every heading paragraph), the stacked plan
tables line up, the page header's title stays on one line, no filler line is repeated, and
Word opens the file without "Kompatibilitetsläge".
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from font_metrics import Font, liberation_sans
from lxml import etree

from vp_excel.api import build
from vp_excel.rollup.api import sammanstall

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = ROOT / "workbooks"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCUMENTS = ("verksamhetsplan", "delarsrapport", "arsrapport", "sammanstallning")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class _Documents(dict):
    """Each Word report built when a test first asks for it: a worker that runs only some
    of this module's tests (pytest-xdist) builds only theirs."""

    def __init__(self, out: Path):
        super().__init__()
        self.out = out

    def __missing__(self, name: str) -> Path:
        out = self.out
        if name == "sammanstallning":
            rollup = sammanstall([WORKBOOKS / "exempelby"], out_dir=out / "rollup")
            path = next(p for p in rollup.outputs if p.suffix == ".docx")
        else:
            source, period = {"verksamhetsplan": ("norsjo-klk-2025.xlsx", None),
                              "delarsrapport": ("exempelby-2025.xlsx", "Delår 2 2025"),
                              "arsrapport": ("exempelby-2025.xlsx", "Helår 2025")}[name]
            [path] = build(WORKBOOKS / source, period, out_dir=out, formats=("docx",)).outputs
        self[name] = path
        return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    return _Documents(tmp_path_factory.mktemp("pages"))


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _parts(path: Path, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return [etree.fromstring(archive.read(n)) for n in archive.namelist()
                if n.startswith(prefix) and n.endswith(".xml")]


# --- the font's metrics -------------------------------------------------------------------


@pytest.fixture(scope="module")
def fonts() -> dict[bool, Font]:
    return liberation_sans()


class Styles:
    """Each paragraph style's font size and boldness, through w:basedOn, from styles.xml."""

    def __init__(self, root: etree._Element):
        self.styles = {s.get(w("styleId")): s for s in root.findall("w:style", NS)}
        size = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:sz", NS)
        self.default_size = int(size.get(w("val"))) if size is not None else 20

    def _lookup(self, style_id: str | None, tag: str) -> etree._Element | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            found = style.find(f"w:rPr/w:{tag}", NS)
            if found is not None:
                return found
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return None

    def size(self, style_id: str | None) -> int:
        found = self._lookup(style_id, "sz")
        if found is None:
            found = self._lookup("Normal", "sz")
        return int(found.get(w("val"))) if found is not None else self.default_size

    def bold(self, style_id: str | None) -> bool:
        found = self._lookup(style_id, "b")
        return found is not None and found.get(w("val"), "1") not in ("0", "false")


def _runs(p: etree._Element, styles: Styles) -> list[tuple[str, int, bool]]:
    """(text, size in half-points, bold) of every run of a paragraph."""
    ppr_style = p.find("w:pPr/w:pStyle", NS)
    style = ppr_style.get(w("val")) if ppr_style is not None else None
    runs = []
    for r in p.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        size_el = r.find("w:rPr/w:sz", NS)
        bold_el = r.find("w:rPr/w:b", NS)
        size = int(size_el.get(w("val"))) if size_el is not None else styles.size(style)
        bold = (bold_el.get(w("val"), "1") not in ("0", "false") if bold_el is not None
                else styles.bold(style))
        runs.append((text, size, bold))
    return runs


def _indent(p: etree._Element, styles: Styles) -> int:
    ind = p.find("w:pPr/w:ind", NS)
    if ind is None:  # a bullet style carries its indent in the list or the style
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(w("val")) in styles.styles:
            ind = styles.styles[style.get(w("val"))].find("w:pPr/w:ind", NS)
    return int(ind.get(w("left"), 0)) if ind is not None else 0


def _cell_room(tbl: etree._Element, tc: etree._Element) -> int:
    margins = tbl.find("w:tblPr/w:tblCellMar", NS)
    sides = 0
    if margins is not None:
        for side in ("left", "right", "start", "end"):
            el = margins.find(f"w:{side}", NS)
            if el is not None:
                sides += int(el.get(w("w")))
    return int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) - sides


def _words(text: str) -> list[str]:
    """Where a line may break: at spaces and after a hyphen (the hyphen stays)."""
    return [piece for word in text.split() for piece in re.findall(r"[^-]+-?|-", word)]


def _tables(path: Path) -> list[etree._Element]:
    return [tbl for root in [_part(path, "word/document.xml"), *_parts(path, "word/header")]
            for tbl in root.iter(w("tbl"))]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_word_in_a_table_cell_is_wider_than_its_column(documents, fonts, name):
    path = documents[name]
    styles = Styles(_part(path, "word/styles.xml"))
    too_wide = []
    cells = 0
    for tbl in _tables(path):
        for tc in tbl.iter(w("tc")):
            room = _cell_room(tbl, tc)
            cells += 1
            for p in tc.iter(w("p")):
                left = _indent(p, styles)
                for text, size, bold in _runs(p, styles):
                    for word in _words(text):
                        width = fonts[bold].twips(word, size)
                        if width > room - left:
                            too_wide.append((word, round(width), room - left))
    assert cells > 20
    assert not too_wide, too_wide


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_heading_is_kept_with_what_follows(documents, name):
    body = _part(documents[name], "word/document.xml")
    headings = [p for p in body.iter(w("p"))
                if (s := p.find("w:pPr/w:pStyle", NS)) is not None
                and s.get(w("val")).startswith("Heading")]
    assert len(headings) >= 2
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in headings)
    # and the paragraph after a heading holds on to what follows it when that is a table
    for p in headings:
        following = p.getnext()
        if following is not None and following.tag == w("p") and \
                following.getnext() is not None and following.getnext().tag == w("tbl"):
            assert following.find("w:pPr/w:keepNext", NS) is not None


@pytest.mark.parametrize("name", DOCUMENTS)
def test_word_opens_it_without_compatibility_mode(documents, name):
    settings = _part(documents[name], "word/settings.xml")
    modes = [s.get(w("val")) for s in settings.iterfind("w:compat/w:compatSetting", NS)
             if s.get(w("name")) == "compatibilityMode"]
    assert modes == ["15"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_filler_line_is_repeated(documents, name):
    """A grey italic remark ("nothing written") may stand once, never under goal after goal."""
    body = _part(documents[name], "word/document.xml")
    remarks = Counter("".join(t.text or "" for t in p.iter(w("t"))).strip()
                      for p in body.iterfind("w:body/w:p", NS)
                      if p.find("w:r", NS) is not None
                      and all(r.find("w:rPr/w:i", NS) is not None for r in p.iter(w("r"))))
    assert "Ingen analys skriven för perioden." not in remarks
    assert not {line: n for line, n in remarks.items() if n > 1}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_page_header_title_stays_on_one_line(documents, fonts, name):
    path = documents[name]
    styles = Styles(_part(path, "word/styles.xml"))
    for header in _parts(path, "word/header"):
        for tbl in header.iter(w("tbl")):
            for tc in tbl.iter(w("tc")):
                room = _cell_room(tbl, tc)
                for p in tc.iterfind("w:p", NS):
                    width = sum(fonts[bold].twips(text, size)
                                for text, size, bold in _runs(p, styles))
                    assert width <= room, ("".join(t for t, _s, _b in _runs(p, styles)),
                                           width, room)


def test_the_stacked_plan_tables_have_the_same_columns(documents):
    body = _part(documents["verksamhetsplan"], "word/document.xml")
    grids = [tuple(int(c.get(w("w"))) for c in tbl.iterfind("w:tblGrid/w:gridCol", NS))
             for tbl in body.iterfind("w:body/w:tbl", NS)
             if "KF ÖG mål:" in "".join(t.text or "" for t in tbl.iter(w("t")))]
    assert len(grids) == 3
    assert len(set(grids)) == 1, grids


# --- which document, and what it says -----------------------------------------------------


@pytest.mark.parametrize("kind, stem, title", [
    ("delarsrapport", "norsjo-klk-2025-delår-2025", "Delårsrapport"),
    ("arsrapport", "norsjo-klk-2025-helår-2025", "Årsrapport 2025"),
    ("verksamhetsplan", "norsjo-klk-2025-helår-2024", "Verksamhetsplan 2025"),
])
def test_a_document_kind_without_a_period_takes_the_plan_years_period(tmp_path, kind, stem,
                                                                      title):
    import docx

    result = build(WORKBOOKS / "norsjo-klk-2025.xlsx", out_dir=tmp_path, formats=("docx",),
                   document=kind)
    assert result.outputs == [tmp_path / f"{stem}.docx"]
    first = docx.Document(str(result.outputs[0])).paragraphs
    assert any(p.text.startswith(title) for p in first[:3]), [p.text for p in first[:3]]
    assert not any("2024" in p.text for p in first[:3] if kind != "verksamhetsplan")


@pytest.mark.parametrize("kind, wanted", [
    ("arsrapport", "årsrapporten kräver helåret 2025"),
    ("verksamhetsplan", "verksamhetsplanen kräver planens utgångsläge"),
])
def test_a_document_kind_no_period_makes_is_refused_naming_the_periods(tmp_path, kind, wanted):
    from builders import one_goal

    from vp_excel.errors import UnknownPeriod

    book = one_goal(tmp_path / "plan.xlsx", "3%")
    with pytest.raises(UnknownPeriod) as raised:
        build(book, out_dir=tmp_path / "out", formats=("docx",), document=kind)
    message = str(raised.value)
    assert wanted in message and "Perioderna är: Delår 1, Delår 2." in message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_other_directions_name_the_kf_indicator_each_belongs_to(tmp_path):
    """Three indicators' "Ekonomi bevakar och stöttar" are three rows told apart."""
    import docx

    result = build(WORKBOOKS / "norsjo-klk-2025.xlsx", out_dir=tmp_path, formats=("docx",),
                   document="delarsrapport")
    document = docx.Document(str(result.outputs[0]))
    rows = [[c.text for c in row.cells] for t in document.tables
            if t.rows[0].cells[0].text == "KF Indikator" for row in t.rows[1:]]
    watching = [row for row in rows if "Ekonomi bevakar och stöttar" in row]
    assert len(watching) >= 3
    assert len({row[0] for row in watching}) == len(watching)
    assert all(row[0] for row in watching)


def test_a_direction_without_activities_stands_beside_those_of_its_row(documents):
    """Norsjö's row 11 has two målinriktningar in one cell and one Aktiviteter cell: the
    activities stand beside both, as in the kommun's table, not beside the first only."""
    body = _part(documents["verksamhetsplan"], "word/document.xml")
    rows = [tr for tr in body.iter(w("tr"))
            if "Tydlig investeringsplan hårdvara" in "".join(t.text or "" for t in tr.iter(w("t")))]
    assert len(rows) == 1
    second = rows[0]
    first = second.getprevious()
    activities = [tc.find("w:tcPr/w:vMerge", NS) for tc in (first[-1], second[-1])]
    assert activities[0] is not None and activities[0].get(w("val")) == "restart"
    assert activities[1] is not None and activities[1].get(w("val")) in (None, "continue")
    assert "Byta ut gammal fiber" in "".join(t.text or "" for t in first[-1].iter(w("t")))
    # A row whose every målinriktning has activities of its own is not merged.
    own = [tr for tr in body.iter(w("tr"))
           if "Förtydligad struktur" in "".join(t.text or "" for t in tr.iter(w("t")))]
    assert own[0][-1].find("w:tcPr/w:vMerge", NS) is None
