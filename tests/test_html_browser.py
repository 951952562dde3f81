"""The web pages in a real browser: Debian's Chromium, headless, driven by selenium, with
axe-core injected. 0 violations at WCAG 2.1 A and AA on every example's pages (Norsjö,
Exempelby, the Exempelby roll-up, a folder's index) at 1280 and 375 px wide and in dark
mode; every link reachable with Tab; the plan table one card per KS mål on a phone;
screenshots at both widths saved to output/browser/. Skipped, with the reason, where
Chromium, chromium-driver, selenium or axe-core is missing (bash .ci/run installs them)."""

from __future__ import annotations

from pathlib import Path

import browser
import pytest
from builders import EXEMPELBY, NORSJO, WORKBOOKS
from html_text import read_page

from vp_excel import api

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(bool(browser.missing()), reason=browser.missing() or "-")]

PAGES = ("norsjo", "exempelby", "norsjo-ar", "sammanstallning", "index")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("webb")
    found = {"norsjo": api.build(NORSJO, out_dir=out, formats=("html",)).outputs[0],
             "exempelby": api.build(EXEMPELBY, out_dir=out, formats=("html",)).outputs[0],
             # Its Övriga målinriktningar tables are led by KF Indikator and Målinriktning.
             "norsjo-ar": api.build(NORSJO, out_dir=out / "ar", formats=("html",),
                                    document="arsrapport").outputs[0]}
    rollup = api.sammanstall([WORKBOOKS / "exempelby"], out_dir=out / "mapp",
                             formats=("xlsx", "docx", "html"))
    found["sammanstallning"] = next(p for p in rollup.outputs if p.suffix == ".html")
    entries = [api.build(path, out_dir=out / "mapp", formats=("html",)).index_entry
               for path in sorted((WORKBOOKS / "exempelby").glob("*.xlsx"))]
    found["index"] = api.write_index([e for e in entries if e], out / "mapp")
    return found


@pytest.fixture(scope="module")
def driver():
    chromium = browser.start()
    yield chromium
    chromium.quit()


def test_axe_finds_what_it_should(driver, tmp_path):
    """The harness works: a page with faults gets violations, so 0 below means something."""
    bad = tmp_path / "dålig.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                   '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#eee;'
                   'background:#fff">svag kontrast</p><h1>a</h1></body></html>', encoding="utf-8")
    browser.open_page(driver, bad, 1280)
    found = {violation["id"] for violation in browser.axe(driver)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("width", browser.WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations_and_a_screenshot(driver, pages, name, width):
    browser.open_page(driver, pages[name], width)
    violations = browser.axe(driver)
    assert violations == [], browser.describe(violations)
    shot = browser.screenshot(driver, browser.SCREENSHOTS / f"{name}-{width}.png")
    assert shot.stat().st_size > 1000
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.parametrize("width", browser.WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_dark_mode_keeps_contrast(driver, pages, name, width):
    browser.open_page(driver, pages[name], width, dark=True)
    background = driver.execute_script(
        "return getComputedStyle(document.documentElement).backgroundColor")
    assert background != "rgb(255, 255, 255)"  # dark mode is really on
    violations = browser.axe(driver)
    assert violations == [], browser.describe(violations)


@pytest.mark.parametrize("name", PAGES)
def test_every_link_is_reachable_with_tab(driver, pages, name):
    browser.open_page(driver, pages[name], 1280)
    links = [attrs["href"] for tag, attrs in read_page(pages[name]).tags if tag == "a"]
    reached = browser.tab_stops(driver)
    assert reached[0] == "#innehall"  # the skip link first
    assert sorted(set(reached)) == sorted(set(links))


def test_the_skip_link_shows_when_focused_and_moves_to_the_content(driver, pages):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.open_page(driver, pages["norsjo"], 375)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    top = driver.execute_script("return document.activeElement.getBoundingClientRect().top")
    assert top >= 0  # visible while focused
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.execute_script("return document.activeElement.id") == "innehall"


def _plan_layout(driver) -> dict:
    return driver.execute_script("""
        const table = document.querySelector('table.plan');
        const groups = [...table.tBodies];
        return {display: getComputedStyle(groups[0]).display,
                head: table.tHead.getBoundingClientRect().height,
                groups: groups.length,
                cards: groups.map(g => g.getBoundingClientRect()),
                width: document.documentElement.clientWidth};""")


def test_the_plan_table_is_one_card_per_ks_goal_on_a_phone(driver, pages):
    browser.open_page(driver, pages["exempelby"], 375)
    phone = _plan_layout(driver)
    assert phone["display"] == "block" and phone["head"] <= 1  # read out, not shown
    cards = phone["cards"]
    assert all(card["width"] <= phone["width"] for card in cards)
    # One below the other, each a box of its own.
    assert all(below["top"] >= above["bottom"] for above, below in zip(cards, cards[1:]))
    label = driver.execute_script(
        "return getComputedStyle(document.querySelector('table.plan td.c1'),"
        " '::before').content")
    assert label == '"KF Indikator (styrgräns): "'
    browser.open_page(driver, pages["exempelby"], 1280)
    desktop = _plan_layout(driver)
    assert desktop["display"] == "table-row-group" and desktop["head"] > 10
    assert desktop["groups"] == phone["groups"]


# Each body cell of each card table with the title of the column it stands in (a cell that
# spans rows is counted in the rows below it), and the title the phone shows before it.
_CARD_LABELS = """
const found = [];
for (const table of document.querySelectorAll('table.cards.plan, table.cards.activities')) {
  const titles = [...table.tHead.rows[0].cells].map(c => c.textContent);
  const carried = {};
  for (const tr of table.tBodies[0].parentNode.querySelectorAll(':scope > tbody > tr')) {
    let column = 0;
    for (const cell of tr.cells) {
      while (carried[column] > 0) { carried[column]--; column++; }
      if (cell.rowSpan > 1) carried[column] = cell.rowSpan - 1;
      if (cell.textContent.trim())
        found.push([titles[column], getComputedStyle(cell, '::before').content]);
      column++;
    }
    while (carried[column] > 0) { carried[column]--; column++; }
  }
}
return found;"""


@pytest.mark.parametrize("name", ["exempelby", "norsjo-ar"])
def test_every_value_on_a_phone_card_is_under_its_own_column_title(driver, pages, name):
    browser.open_page(driver, pages[name], 375)
    labels = driver.execute_script(_CARD_LABELS)
    assert len(labels) > 20
    wrong = [(title, shown) for title, shown in labels if shown != f'"{title}: "']
    assert wrong == []


def test_print_gives_a4_with_the_plan_table_landscape_and_repeated_headers(driver, pages):
    browser.open_page(driver, pages["norsjo"], 1280)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    styles = driver.execute_script("""
        const s = document.querySelector('section.landscape');
        const head = document.querySelector('table.plan thead');
        return [getComputedStyle(s).page, getComputedStyle(head).display];""")
    assert styles == ["wide", "table-header-group"]
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    import base64

    data = base64.b64decode(pdf["data"])
    # A4 portrait pages (595 x 842 pt) and landscape ones for the plan table.
    assert b"/MediaBox [0 0 595" in data or b"/MediaBox [0 0 594" in data
    assert b"/MediaBox [0 0 841" in data or b"/MediaBox [0 0 842" in data
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
