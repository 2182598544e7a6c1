"""Screenshots of the debate's pictures for the README, from a running site with the shipped
dataset (``make run``, or ``manage.py runserver`` on a database loaded by ``load_dataset``):

    .venv/bin/python docs/screenshots/shoot.py [http://127.0.0.1:8000]

Drives Debian's Chromium through Playwright and writes the PNGs beside this file.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
# (file, page, the element to shoot)
SHOTS = [
    ("stance-overview.png", "/", "section:has(#split-heading)"),
    ("debate-map.png", "/themes/social-credit/", ".dm-figure >> nth=0"),
    ("network.png", "/network/", ".nw-figure"),
]


def main(site: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
        for name, path, selector in SHOTS:
            page.goto(site.rstrip("/") + path)
            page.locator(selector).screenshot(path=str(HERE / name))
            print(HERE / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
