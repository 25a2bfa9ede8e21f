"""What the browser tests share: the skip-or-fail rule, the loopback server and the page opener.

Debian's Chromium driven by Playwright (found by `report.chromium`, never downloaded), serving the
built book on 127.0.0.1 only. Without a browser the tests skip, unless REQUIRE_BROWSER=1 (as in
CI), where a missing browser is a failure. The `site_url` and `browser` fixtures built on these
live in conftest.py, one of each per test session.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from baicheng_report.report.build import chapters
from baicheng_report.report.chromium import CHARTS_DRAWN, launch, missing
from baicheng_report.report.rendering import ICON
from tests.conftest import EDITIONS, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [(lang, stem) for lang in EDITIONS for stem in chapters(ROOT)]


def need(condition: bool, reason: str) -> None:
    """Skip when `condition` fails, or fail under REQUIRE_BROWSER=1."""
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """`site` served on an ephemeral loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless browser, or a skip (a failure under REQUIRE_BROWSER=1) naming what is missing."""
    why = missing()
    need(why is None, str(why))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the lock installs it
        need(False, "the playwright package is not installed")
        raise
    with sync_playwright() as p:
        launched = launch(p)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    problems: list[str] = field(default_factory=list)


def open_page(
    browser: Any, base: str, path: str, viewport: dict[str, int] | None = None
) -> tuple[Any, Visit]:
    """A page on the book with every off-loopback request and every problem recorded."""
    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
    visit = Visit()
    watch(page, base, visit)
    page.goto(f"{base}/{path}", wait_until="load")
    return page, visit


# What Chromium reports for a request it cancelled itself. Two such requests are expected when a
# check leaves a page: the site's icon (asked for after the page has loaded) and a search
# result's summary (a fetch). Any other cancelled request is a problem, as any other failure is.
CANCELLED = "net::ERR_ABORTED"
ICON_PATH = f"/{ICON}"


def _left_in_flight(r: Any) -> bool:
    return bool(
        r.failure == CANCELLED and (r.url.endswith(ICON_PATH) or r.resource_type == "fetch")
    )


def watch(page: Any, base: str, visit: Visit) -> None:
    """Record every off-loopback request, every console error (a 404 among them), page error
    and failed request. It is seen from its request event rather than stopped by routing, which
    would turn the HTTP cache off and make every page fetch and compile the theme's scripts
    again; the browser looks up no host name but localhost (`chromium.LAUNCH_ARGS`), so such a
    request also fails. (Playwright reports no request for /favicon.ico at all: the site's
    pages name their icon, test_book checks it.)"""

    def request(r: Any) -> None:
        if not r.url.startswith((base, "data:", "blob:")):
            visit.problems.append(f"external request: {r.url}")

    def failed(r: Any) -> None:
        if not _left_in_flight(r):
            visit.problems.append(f"failed: {r.url} ({r.failure})")

    page.on("request", request)
    page.on("console", lambda m: m.type == "error" and visit.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: visit.problems.append(f"page error: {e}"))
    page.on("requestfailed", failed)


# The theme gives a scrollable block its tab stop 300 ms after the page's size last changed
# (pydata-sphinx-theme debounces it): just after a check resizes the page and restores it, a block
# that scrolls again has none yet, and axe would report a region no keyboard reaches. Measured on
# the Chinese reproducibility page, whose timings table scrolls when the timings are long.
THEME_TAB_STOPS_SETTLED = """() => [...document.querySelectorAll(
    'pre, .cell_output > .output, .pst-scrollable-table-container')].every(el => el.tabIndex === 0
    || (el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight))"""


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands (the pinned npm
    package, loaded from node_modules: nothing is fetched), once the theme's tab stops have
    caught up with the page's size (if they never do, axe names the region)."""
    from playwright.sync_api import TimeoutError as Unsettled

    need(AXE.is_file(), f"axe-core is not installed at {AXE} (run npm ci)")
    with contextlib.suppress(Unsettled):
        page.wait_for_function(THEME_TAB_STOPS_SETTLED, timeout=10_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


SCREENSHOTS = "SCREENSHOTS"  # =1: keep a full-page screenshot of every page the checks visit


@contextmanager
def screenshot_kept(page: Any, factory: pytest.TempPathFactory, name: str) -> Iterator[None]:
    """The page's full-page screenshot in the run's temporary `screenshots/` folder, for a person
    to look at: when a check inside fails, and of every page under SCREENSHOTS=1. (Not of every
    page by default: a long page takes up to a second, and no check reads them.)"""
    failed = True
    try:
        yield
        failed = False
    finally:
        if failed or os.environ.get(SCREENSHOTS) == "1":
            folder = factory.getbasetemp() / "screenshots"
            folder.mkdir(exist_ok=True)
            # a page that crashed cannot be shot: the check's own failure is what matters
            with contextlib.suppress(Exception):
                page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Opened:
    """A page of the book as the browser loaded it: what it requested and what went wrong."""

    page: Any
    visit: Visit
    requests: list[str]


class BookPages:
    """Each page of the book visited once per edition and device (a desktop window, a phone) and
    shared by every check of it: the tests of one page run one after another (conftest orders
    them), so one page of each device is open at a time. A check that changes the page's media
    or size restores it; `memo` keeps a page's findings that a later, book-wide check compares."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self._open: dict[str, tuple[tuple[str, str], Opened]] = {}
        self._contexts: dict[str, Any] = {}
        self._memo: dict[tuple[str, str, str], Any] = {}
        self._visited: set[tuple[str, str, str]] = set()

    def _close(self, device: str) -> None:
        """Close the device's open page, and empty what it stored (the theme keeps its colour
        mode in localStorage): the next page of the shared context starts as a first visit."""
        if device in self._open:
            page = self._open.pop(device)[1].page
            with contextlib.suppress(Exception):  # a crashed page: its check has failed
                page.evaluate("() => localStorage.clear()")
            page.close()

    def desktop(self, lang: str, stem: str) -> Opened:
        """The page at 1280 × 900, every chart drawn and registered, requests recorded from the
        first."""
        return self._get("desktop", lang, stem)

    def phone(self, lang: str, stem: str) -> Opened:
        """The page on a touch phone at 390 × 844, every chart drawn."""
        return self._get("phone", lang, stem)

    def _get(self, device: str, lang: str, stem: str) -> Opened:
        key = (lang, stem)
        if device in self._open and self._open[device][0] == key:
            return self._open[device][1]
        if (device, lang, stem) in self._visited:  # the guarantee, checked: one visit a page
            pytest.fail(
                f"{lang}/{stem} opened twice on the {device}: a page's checks must run together "
                "(conftest.pytest_collection_modifyitems orders them, and its SHARED_WORKER keeps "
                "them on one pytest-xdist worker)"
            )
        self._visited.add((device, lang, stem))
        self._close(device)
        page = self._context(device).new_page()
        opened = Opened(page, Visit(), [])
        if device == "phone":
            page.on("pageerror", lambda e: opened.visit.problems.append(f"page error: {e}"))
        else:
            page.on("request", lambda r: opened.requests.append(r.url))
            watch(page, self.base, opened.visit)
        page.goto(f"{self.base}/{lang}/book/{stem}.html", wait_until="load")
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
        if device == "desktop":  # and each chart's view registered, for the scene checks
            page.wait_for_function(
                "() => Object.keys(window.brCharts || {}).length === "
                "document.querySelectorAll('script[id^=\"spec-\"]').length",
                timeout=20_000,
            )
        self._open[device] = (key, opened)
        return opened

    def _context(self, device: str) -> Any:
        """One browser context per device for every page it visits: its HTTP cache keeps the
        theme's and the charts' scripts, fetched and compiled once rather than on every page.
        (What a page stores is emptied when it closes: `_close`.)"""
        if device not in self._contexts:
            self._contexts[device] = (
                self.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
                if device == "phone"
                else self.browser.new_context(viewport=DESKTOP)
            )
        return self._contexts[device]

    def memo(self, lang: str, stem: str, name: str, compute: Callable[[Any], Any]) -> Any:
        """`compute(page)` of the desktop page, once: a later check reads it without a visit."""
        key = (lang, stem, name)
        if key not in self._memo:
            self._memo[key] = compute(self.desktop(lang, stem).page)
        return self._memo[key]

    def close(self) -> None:
        try:
            for device in list(self._open):
                self._close(device)
        finally:
            for context in self._contexts.values():
                context.close()
