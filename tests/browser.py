"""Headless Chromium for the web-page tests: Debian's `chromium` and `chromium-driver` driven
by selenium, with axe-core (installed by .ci/run into .ci/node) injected into each page.

Everything here says why it cannot run (`missing()`), so the tests skip with that reason
where no browser is installed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "output" / "browser"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 375)


def _binary(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def missing() -> str:
    """Why the browser tests cannot run here ("" when they can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium saknas (pip install -e '.[test]')"
    if not _binary("chromium", "chromium-browser"):
        return "Chromium saknas (apt install chromium; bash .ci/run installerar det)"
    if not _binary("chromedriver"):
        return "chromium-driver saknas (apt install chromium-driver)"
    if not AXE.is_file():
        return "axe-core saknas (npm install --prefix .ci/node axe-core; bash .ci/run gör det)"
    return ""


def start():
    """A headless Chromium that makes no request of its own."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser") or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-dev-shm-usage", "--no-first-run", "--lang=sv-SE",
                     "--force-color-profile=srgb", "--disable-extensions"):
        options.add_argument(argument)
    service = Service(executable_path=_binary("chromedriver") or "chromedriver",
                      log_output=os.devnull)
    return webdriver.Chrome(options=options, service=service)


def open_page(driver, page: Path, width: int, dark: bool = False) -> None:
    """Open `page` with a viewport `width` CSS pixels wide (a phone's below 600)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
    driver.get(page.resolve().as_uri())


def axe(driver) -> list[dict]:
    """axe-core's violations at WCAG 2.1 A and AA on the open page."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify("
        "[{id: 'axe-error', description: String(e), nodes: []}])));", WCAG_TAGS)
    return json.loads(result)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']}: {v.get('help', v.get('description'))} "
                     f"({[n.get('target') for n in v.get('nodes', [])][:3]})"
                     for v in violations)


def screenshot(driver, target: Path) -> Path:
    """The whole page (not just the viewport) as a PNG."""
    import base64

    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return document.documentElement.clientWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(base64.b64decode(shot["data"]))
    return target


def tab_stops(driver, limit: int = 500) -> list[str]:
    """The href of each link the Tab key reaches, in order, from the top of the page."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.activeElement && document.activeElement.blur();"
                          "window.scrollTo(0, 0);")
    reached: list[str] = []
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        href = driver.execute_script(
            "const a = document.activeElement;"
            "return a && a.tagName === 'A' ? a.getAttribute('href') : (a ? '#' + a.tagName : '');")
        if href in ("#BODY", "") or (reached and href == reached[0]):
            break
        reached.append(href)
    return reached
