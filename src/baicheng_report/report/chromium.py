"""The system's Chromium, as the PDF printer, the browser tests and the page benchmark use it.

Debian's /usr/bin/chromium, driven by Playwright through `executable_path`: nothing is ever
downloaded. The flags keep it from reaching the network on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# True once every chart on the page has drawn marks (paths or text) into its SVG.
CHARTS_DRAWN = """() => [...document.querySelectorAll('.vega-chart')].every(
    c => c.querySelector('svg g.role-mark path, svg g.role-mark text'))"""


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from a running `sync_playwright()` context."""
    if not CHROMIUM.is_file():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
    )
