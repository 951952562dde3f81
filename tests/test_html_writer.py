"""The web page writer (`writers/html`): the same words and numbers as the Word report, one
self-contained file with no request anywhere, the semantics a screen reader needs, the
folder's index.html, and contrast in light and dark mode. Checked on the files the program
wrote; the browser checks (axe-core, widths, keyboard) are in test_html_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import EXEMPELBY, NORSJO, WORKBOOKS, one_goal, tiny_png
from click.testing import CliRunner
from html_text import read_page, squash, word_texts

from vp_excel import api
from vp_excel.cli import cli
from vp_excel.schema import STATUS_FILL

FOLDER = WORKBOOKS / "exempelby"
STYLE = (Path(__file__).resolve().parents[1] / "vp_excel" / "writers" / "html" / "templates"
         / "style.css")
MIN_CONTRAST = 4.5

# (workbook, period, document, the title the page and Word report both have)
ARSRAPPORT = "Årsrapport 2025 – Kommunledningskontoret"
REPORTS = {
    "norsjo-plan": (NORSJO, None, None, "Verksamhetsplan 2025 för kommunledningskontoret"),
    "exempelby-delar": (EXEMPELBY, None, None, "Delårsrapport 2 2025 – Kommunledningskontoret"),
    "exempelby-ar": (EXEMPELBY, "Helår 2025", None, ARSRAPPORT),
    "exempelby-plan": (EXEMPELBY, "Helår 2024", None, None),
    "exempelby-dokument": (EXEMPELBY, None, "arsrapport", ARSRAPPORT),
    # Övriga målinriktningar with their KF indicator: an activity table led by two columns.
    "norsjo-ar": (NORSJO, None, "arsrapport", None),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("html")
    pages = {}
    for name, (source, period, document, _title) in REPORTS.items():
        result = api.build(source, period, out_dir=out / name, formats=("docx", "html"),
                           document=document)
        pages[name] = {path.suffix[1:]: path for path in result.outputs}
    rollup = api.sammanstall([FOLDER], out_dir=out / "rollup", formats=("xlsx", "docx", "html"))
    pages["rollup"] = {path.suffix[1:]: path for path in rollup.outputs}
    return pages


ALL = [*REPORTS, "rollup"]


@pytest.mark.parametrize("name", ALL)
def test_every_text_of_the_word_report_is_on_the_page(built, name):
    page = read_page(built[name]["html"]).text
    missing = [text for text in word_texts(built[name]["docx"]) if text not in page]
    assert missing == []


@pytest.mark.parametrize("name", [n for n in REPORTS if REPORTS[n][3]])
def test_the_title_is_the_word_reports(built, name):
    page = read_page(built[name]["html"])
    title = REPORTS[name][3]
    assert page.title == title
    assert page.headings[0] == (1, title)


def _attrs(page, tag):
    return [attrs for found, attrs in page.tags if found == tag]


@pytest.mark.parametrize("name", ALL)
def test_semantics_a_screen_reader_needs(built, name):
    page = read_page(built[name]["html"])
    assert page.lang == "sv"
    levels = [level for level, _text in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert jumps == []
    assert all(text for _level, text in page.headings)
    # Every header cell says what it heads; every table has a caption.
    assert all(attrs.get("scope") in ("col", "row", "rowgroup") for attrs in _attrs(page, "th"))
    assert len(page.captions) == len(_attrs(page, "table")) > 0
    # A skip link to the main content, and the title and date in the head.
    links = _attrs(page, "a")
    assert links[0]["href"] == "#innehall"
    assert any(attrs.get("id") == "innehall" for attrs in _attrs(page, "main"))
    metas = {attrs.get("name"): attrs.get("content") for attrs in _attrs(page, "meta")}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", metas["dcterms.date"] or "")
    assert metas["dcterms.title"] == page.title != ""


@pytest.mark.parametrize("name", ["norsjo-plan", "exempelby-delar", "exempelby-ar"])
def test_each_plan_table_is_captioned_with_its_kf_goal(built, name):
    from vp_excel.api import check

    source, period, _document, _title = REPORTS[name]
    plan = check(source, period).plan
    page = read_page(built[name]["html"])
    plan_captions = [c for c in page.captions if c.startswith("KF ÖG mål: ")]
    assert plan_captions == [f"KF ÖG mål: {squash(kf.name)}" for kf in plan.kf_goals
                             if kf.rows]


@pytest.mark.parametrize("name", ALL)
def test_one_self_contained_file_without_script_or_request(built, name):
    text = built[name]["html"].read_text(encoding="utf-8")
    page = read_page(built[name]["html"])
    assert not _attrs(page, "script") and not _attrs(page, "link")
    assert not _attrs(page, "iframe") and "@import" not in text and "url(" not in text
    for attrs in _attrs(page, "a"):
        assert not re.match(r"[a-z]+:", attrs["href"] or ""), attrs  # in-page or beside it
    for attrs in _attrs(page, "img"):
        assert (attrs["src"] or "").startswith("data:image/")
    assert "default-src 'none'" in text  # and the browser is told so


def test_status_is_a_word_with_its_colour_as_a_class(built):
    page = read_page(built["exempelby-delar"]["html"])
    cells = [attrs for tag, attrs in page.tags if tag == "td" and "st" in
             (attrs.get("class") or "").split()]
    assert cells
    text = built["exempelby-delar"]["html"].read_text(encoding="utf-8")
    for word, css in (("GRÖN", "gron"), ("GUL", "gul"), ("RÖD", "rod")):
        assert re.search(rf'class="st {css}( [^"]*)?"[^>]*>{word}<', text), word


def test_the_kommuns_words_are_text_never_markup(tmp_path):
    source = one_goal(tmp_path / "elak.xlsx", "3%", extra={
        "Analys Delår 1": '<script>alert("x")</script> & <b>fet</b>'})
    result = api.build(source, out_dir=tmp_path / "ut", formats=("html",))
    text = result.outputs[0].read_text(encoding="utf-8")
    assert "<script" not in text and "<b>fet" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in text


def test_the_logo_is_embedded_with_alt_text(tmp_path):
    from vp_excel.reader import read_plan
    from vp_excel.rules import evaluate
    from vp_excel.writers.html import write

    (tmp_path / "logo.png").write_bytes(tiny_png())
    plan, _problems = read_plan(EXEMPELBY)
    plan.settings.logo = "logo.png"
    plan.source_file = str(tmp_path / "plan.xlsx")
    assert write(evaluate(plan), tmp_path / "sida.html", {}) == []
    page = read_page(tmp_path / "sida.html")
    images = _attrs(page, "img")
    assert len(images) == 1
    assert images[0]["alt"] == "Exempelby kommuns logotyp"
    assert images[0]["src"].startswith("data:image/png;base64,iVBOR")


def test_a_missing_logo_is_a_warning_not_a_failure(tmp_path):
    from vp_excel.reader import read_plan
    from vp_excel.rules import evaluate
    from vp_excel.writers.html import write

    plan, _problems = read_plan(EXEMPELBY)
    plan.settings.logo = str(tmp_path / "finns-inte.png")
    warnings = write(evaluate(plan), tmp_path / "sida.html", {})
    assert len(warnings) == 1 and "finns-inte.png" in warnings[0]
    assert not _attrs(read_page(tmp_path / "sida.html"), "img")


def test_a_failing_page_leaves_every_previous_output_as_it_was(tmp_path, monkeypatch):
    import vp_excel.writers.html as html_writer

    first = api.build(NORSJO, out_dir=tmp_path, formats=("xlsx", "html"))
    before = {path: path.read_bytes() for path in first.outputs}

    def broken(evaluation, path, options):
        Path(path).write_text("halv", encoding="utf-8")
        raise RuntimeError("skrivaren gick sönder")

    monkeypatch.setattr(html_writer, "write", broken)
    with pytest.raises(RuntimeError):
        api.build(NORSJO, out_dir=tmp_path, formats=("xlsx", "html"))
    assert {path: path.read_bytes() for path in first.outputs} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in before)


# --- the command line and the folder's index ----------------------------------------------

@pytest.mark.parametrize("args, suffixes", [
    (["--html"], {".xlsx", ".docx", ".html"}),
    (["--bara", "html"], {".html"}),
    ([], {".xlsx", ".docx"}),
])
def test_build_writes_the_page_when_asked(tmp_path, args, suffixes):
    result = CliRunner().invoke(cli, ["build", str(NORSJO), "--out", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    assert {path.suffix for path in tmp_path.iterdir()} == suffixes
    if ".html" in suffixes:
        assert (tmp_path / "norsjo-klk-2025-helår-2024.html").is_file()
        assert not (tmp_path / "index.html").exists()  # one workbook, not a folder


def test_a_folder_build_writes_index_html(tmp_path):
    from vp_excel.api import check
    from vp_excel.inputs import expand_inputs

    runner = CliRunner()
    rolled = runner.invoke(cli, ["sammanstall", str(FOLDER), "--out", str(tmp_path), "--html"])
    assert rolled.exit_code == 0, rolled.output
    result = runner.invoke(cli, ["build", str(FOLDER), "--out", str(tmp_path), "--bara", "html"])
    assert result.exit_code == 0, result.output
    index = tmp_path / "index.html"
    assert f"Skrev {index}" in result.output
    page = read_page(index)
    hrefs = [attrs["href"] for attrs in _attrs(page, "a")][1:]  # after the skip link
    assert hrefs[0] == "exempelby-kommun-sammanstallning-delår-2-2025.html"  # roll-up on top
    assert all((tmp_path / href).is_file() for href in hrefs)
    rows = [squash(row) for row in re.findall(r"<tbody>(.*?)</tbody>",
                                              index.read_text(encoding="utf-8"), re.S)]
    workbooks = expand_inputs([FOLDER])
    assert len(rows) == len(workbooks) == len(hrefs) - 1
    for workbook in workbooks:
        evaluation = check(workbook).evaluation
        counts = evaluation.summary().counts
        name = squash(evaluation.plan.settings.verksamhet)
        row = next(r for r in rows if f">{name}<" in r)
        cells = re.findall(r'<td class="num"[^>]*>(\d+)</td>', row)
        assert cells == [str(counts[s]) for s in ("GRÖN", "GUL", "RÖD", "Ej bedömd")], name


# --- colours: at least 4.5:1 in light and dark mode ---------------------------------------

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _palettes() -> dict[str, dict[str, str]]:
    css = STYLE.read_text(encoding="utf-8")
    blocks = re.findall(r":root\s*\{(.*?)\}", css, re.S)
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", blocks[0]))
    dark = {**light, **dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", blocks[1]))}
    return {"ljust": light, "mörkt": dark}


@pytest.mark.parametrize("mode", ["ljust", "mörkt"])
@pytest.mark.parametrize("fore, back", [
    ("text", "bg"), ("muted", "bg"), ("heading", "bg"), ("link", "bg"), ("text", "head-fill"),
    ("text", "kf-fill"), ("muted", "kf-fill"), ("link", "kf-fill"), ("heading", "kf-fill"),
    ("on-status", "gron"), ("on-status", "gul"), ("on-status", "rod"), ("on-status", "ej"),
])
def test_colours_contrast_in_light_and_dark_mode(mode, fore, back):
    colours = _palettes()[mode]
    assert _contrast(colours[fore], colours[back]) >= MIN_CONTRAST


def test_the_status_colours_are_the_word_reports():
    light = _palettes()["ljust"]
    assert {light[key].upper() for key in ("gron", "gul", "rod", "ej")} == {
        fill.upper() for fill in STATUS_FILL.values()}


def test_a_line_break_in_a_cell_stays_one_and_the_words_stay_text(built):
    """The seed's "⏎": two lines in one cell stand one above the other, as in Word."""
    page = built["norsjo-plan"]["html"].read_text(encoding="utf-8")
    assert "Antalet e-tjänster ökar<br>Digitala lösningar som ersätter analoga (Ja/nej)" in page


def test_a_line_break_never_lets_markup_through(tmp_path):
    from vp_excel.writers.html.render import environment

    page = environment().from_string("<p>{{ text }}</p>").render(text="<b>ett</b>\n<i>två</i>")
    assert page == "<p>&lt;b&gt;ett&lt;/b&gt;<br>&lt;i&gt;två&lt;/i&gt;</p>"


def _grid(table) -> tuple[list[str], list[list[object]]]:
    """A table's column titles and its body rows as grids: each cell at every column it
    covers, a cell spanning rows placed in the rows below it as well."""
    titles = [th.text_content() for th in table.xpath("./thead/tr/th")]
    rows: list[list[object]] = []
    carried: dict[int, tuple[object, int]] = {}  # column -> (cell, rows still to cover)
    for tr in table.xpath("./tbody/tr"):
        row: list[object] = []
        cells = iter(tr.xpath("./th|./td"))
        while True:
            column = len(row)
            if column in carried:
                cell, left = carried.pop(column)
                if left > 1:
                    carried[column] = (cell, left - 1)
                row.append(cell)
                continue
            cell = next(cells, None)
            if cell is None:
                break
            span = int(cell.get("rowspan", "1"))
            if span > 1:
                carried[column] = (cell, span - 1)
            row.append(cell)
        rows.append(row)
    return titles, rows


@pytest.mark.parametrize("name", ALL)
def test_every_table_row_has_one_cell_under_each_column_title(built, name):
    """A cell spanning rows (a målinriktning over its activities) is spanned in the HTML too,
    so no activity slides in under the Målinriktning title."""
    import lxml.html

    document = lxml.html.parse(str(built[name]["html"]))
    tables = document.xpath("//table[thead]")
    assert tables
    for table in tables:
        titles, rows = _grid(table)
        assert [len(row) for row in rows] == [len(titles)] * len(rows), table.get("class")


@pytest.mark.parametrize("name", [*REPORTS])
def test_a_column_title_is_said_by_the_style_not_by_every_cell(built, name):
    """The phone card's column titles: one rule in the page's style per column, not a
    data-label on each of a kommun's thousands of cells (the kommun-size page was 2,9 MB)."""
    import lxml.html

    document = lxml.html.parse(str(built[name]["html"]))
    style = "".join(document.xpath("//style/text()"))
    tables = document.xpath("//table[contains(@class, 'plan') or contains(@class, 'activities')]")
    assert tables
    for table in tables:
        assert not table.xpath(".//*[@data-label]")
        assert "cards" in table.get("class").split()
    for cell in document.xpath("//table[contains(@class, 'plan')]/tbody/tr/*[normalize-space()]"):
        label = [c for c in cell.get("class", "").split() if re.fullmatch(r"c\d", c)]
        assert len(label) == 1 and f"table.plan .{label[0]}::before{{content:" in style
    if document.xpath("//table[contains(@class, 'activities')]"):
        assert "::before{content:\"Aktivitet\\3a  \"}" in style


@pytest.mark.parametrize("words", [
    'KLK', '"</style><script>alert(1)</script>', "a\\b\"c", "rad\nbrytning", "Å;}{ ä/*ö*/"])
def test_the_kommuns_words_in_the_style_are_a_css_string_and_nothing_more(tmp_path, words):
    from vp_excel.reader import read_plan
    from vp_excel.rules import evaluate
    from vp_excel.writers.html import write
    from vp_excel.writers.html.report import css_string

    literal = css_string(words)
    assert literal[0] == literal[-1] == '"' and not set(literal[1:-1]) & set('"<>/;{}*\n')
    unescaped = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), literal[1:-1])
    assert unescaped == words
    plan, _problems = read_plan(EXEMPELBY)
    plan.settings.short_name = words
    write(evaluate(plan), tmp_path / "sida.html", {})
    text = (tmp_path / "sida.html").read_text(encoding="utf-8")
    style = text[text.index("<style>"):text.index("</style>")]
    assert "<script" not in style and text.count("</style>") == 1


@pytest.mark.parametrize("name", ["rollup", "exempelby-ar"])
def test_a_zero_share_stays_on_one_line(built, name):
    """"0 GUL (-%)": a browser may break after the hyphen, and a phone showed "(-" above
    "%)"; each is kept whole, and the page's text is unchanged."""
    text = built[name]["html"].read_text(encoding="utf-8")
    style = text[text.index("<style>"):text.index("</style>")]
    assert ".nw { white-space: nowrap; }" in style
    shares = text.count("(-%)")
    assert shares > 0
    assert text.count('<span class="nw">(-%)</span>') == shares
    assert "(-%)" in read_page(built[name]["html"]).text


def test_a_zero_share_in_the_kommuns_words_is_still_only_text(tmp_path):
    source = one_goal(tmp_path / "elak.xlsx", "3%", extra={
        "Analys Delår 1": "Andel (-%) <b>fet</b>\nny rad"})
    text = api.build(source, out_dir=tmp_path / "ut", formats=("html",)).outputs[0].read_text(
        encoding="utf-8")
    assert 'Andel <span class="nw">(-%)</span> &lt;b&gt;fet&lt;/b&gt;<br>ny rad' in text


# --- written piece by piece (issue 23: a region's page is never held whole) ---------------

@pytest.mark.parametrize("name", list(REPORTS))
def test_the_streamed_page_is_the_page_rendered_whole(built, name):
    """The page is written from Jinja's generator with its tables made as it goes; the bytes
    are the ones rendering the same view to one string gives."""
    from vp_excel.rules import evaluate
    from vp_excel.writers.docx.kinds import period_for
    from vp_excel.writers.html.render import environment
    from vp_excel.writers.html.report import page_view

    source, period, document, _title = REPORTS[name]
    checked = api.check(source, period)
    if document and not period:  # as api.build: the document chooses its period
        period = period_for(checked.plan, document, checked.evaluation.period)
    view = page_view(evaluate(checked.plan, period), document)
    whole = environment().get_template("report.html.j2").render(**view)
    assert built[name]["html"].read_text(encoding="utf-8") == whole


@pytest.mark.parametrize("items, truthy", [([], False), ([0], True), (["a", "b"], True)])
def test_a_lazy_part_is_made_anew_each_time_and_true_when_it_has_an_item(items, truthy):
    from vp_excel.writers.html.render import Lazy

    made = []

    def make():
        made.append(1)
        return iter(items)

    part = Lazy(make)
    assert made == []  # nothing is made before the page asks
    assert bool(part) is truthy
    assert list(part) == items and list(part) == items
