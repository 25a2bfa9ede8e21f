"""The system's Chromium, as the PDF printer, the browser tests and the page benchmark use it.

Found, never downloaded: `BAICHENG_CHROMIUM` names the executable when set; otherwise the first
of `chromium`, `chromium-browser` and `google-chrome` on `PATH` (Debian's package installs
`/usr/bin/chromium`). Playwright drives it through `executable_path`; the flags keep it from
reaching the network on its own.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

OVERRIDE = "BAICHENG_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome")
PACKAGE = "chromium"  # Debian's; on Ubuntu the package of that name is a wrapper for the snap
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # No host name resolves but localhost, and no proxy is taken from the environment: a page
    # that names another host gets an error at once, whoever drives the browser (the PDF
    # printer, the tests, the benchmark). An address written as digits is never looked up: the
    # tests see such a request from its request event.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    "--no-proxy-server",
]
# True once every chart on the page has drawn marks (paths or text) into its SVG.
CHARTS_DRAWN = """() => [...document.querySelectorAll('.vega-chart')].every(
    c => c.querySelector('svg g.role-mark path, svg g.role-mark text'))"""


class BrowserNotFound(FileNotFoundError):
    """No browser to drive; the message names what was tried and what to install."""

    def __init__(self, tried: str) -> None:
        self.tried = tried
        super().__init__(
            f"no browser found ({tried}); install Debian's {PACKAGE} package "
            f"(apt-get install {PACKAGE}) or set {OVERRIDE} to a Chromium or Chrome executable"
        )


def find() -> Path:
    """The browser executable: the override when set, else the first name found on PATH."""
    override = os.environ.get(OVERRIDE)
    if override:
        path = Path(override)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise BrowserNotFound(f"{OVERRIDE}={override} is not an executable file")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserNotFound(f"tried {', '.join(NAMES)} on PATH; {OVERRIDE} is unset")


def missing() -> BrowserNotFound | None:
    """Why no browser can be driven, or None when one is found."""
    try:
        find()
    except BrowserNotFound as err:
        return err
    return None


def launch(playwright: Any) -> Any:
    """A headless browser from a running `sync_playwright()` context."""
    return playwright.chromium.launch(executable_path=str(find()), args=LAUNCH_ARGS, headless=True)
