"""README's two pictures of the Norsjö verksamhetsplan's web page, at 1280 and 375 px wide:
the plan table as a desktop browser and a phone show it. Needs what the browser tests need
(Chromium, chromium-driver, selenium, axe-core not used here).

    python docs/make_html_screenshots.py
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402

from vp_excel import api  # noqa: E402

SHOTS = {1280: 760, 375: 1100}  # width: height of the picture, CSS pixels
START = "section.landscape"  # from "Utgångsläge sammanfattning …" down into the plan table


def main() -> None:
    reason = browser.missing()
    if reason:
        sys.exit(reason)
    with tempfile.TemporaryDirectory() as folder:
        page = api.build(ROOT / "workbooks" / "norsjo-klk-2025.xlsx", out_dir=folder,
                         formats=("html",)).outputs[0]
        driver = browser.start()
        try:
            for width, height in SHOTS.items():
                browser.open_page(driver, page, width)
                top = driver.execute_script(
                    f"return document.querySelector('{START}').getBoundingClientRect().top"
                    " + window.scrollY - 16")
                shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": top, "width": width, "height": height, "scale": 1}})
                target = ROOT / "docs" / "bilder" / f"webbsida-norsjo-{width}.png"
                target.write_bytes(base64.b64decode(shot["data"]))
                print(f"Skrev {target}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
