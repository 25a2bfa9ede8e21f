"""Per page of the built book, in headless Chromium on loopback:

- bytes transferred on a first visit with an empty cache (uncompressed: the local server sends
  files as they are), and whether the page loads the chart bundle; the target for a page without
  charts is under 1 MB;
- time from navigation to every chart drawn, against navigating to the site's search page (no
  charts): medians of interleaved visits.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from baicheng_report.report.build import chapters
from baicheng_report.report.charts import BUNDLE_NAME
from baicheng_report.report.chromium import CHARTS_DRAWN, launch
from baicheng_report.report.i18n import LANGS as EDITIONS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
VISITS = 5
TARGET_BYTES = 1_000_000  # for a page without charts


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def transferred(browser: Any, url: str) -> tuple[int, int, bool]:
    """Bytes and requests of a first visit in a fresh context (empty cache), and whether the
    chart bundle was among them."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []

    def record(response: Any) -> None:  # Playwright tags its handlers: a bound builtin will not do
        responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_DRAWN)
    page.evaluate("() => document.fonts.ready.then(() => true)")  # the icon webfont too
    total = sum(len(r.body()) for r in responses if r.ok)
    bundle = any(r.url.split("?")[0].endswith(f"/_static/{BUNDLE_NAME}") for r in responses)
    count = len(responses)
    context.close()
    return total, count, bundle


def main() -> None:
    if not (SITE / "index.html").is_file():
        sys.exit("build the book first: make book")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()

        def visit(path: str) -> float:
            start = time.perf_counter()
            page.goto(f"{base}/{path}")
            page.wait_for_function(CHARTS_DRAWN)
            return time.perf_counter() - start

        for lang, stem in [(lang, stem) for lang in EDITIONS for stem in chapters(ROOT)]:
            ours, blank = [], []
            charts = 0
            for _ in range(VISITS):
                ours.append(visit(f"{lang}/book/{stem}.html"))
                charts = page.locator(".vega-chart").count()  # counted on the chapter itself
                blank.append(visit(f"{lang}/search.html"))
            size, requests, bundle = transferred(browser, f"{base}/{lang}/book/{stem}.html")
            rows.append(
                (
                    f"{lang}/{stem}",
                    charts,
                    size,
                    requests,
                    bundle,
                    statistics.median(ours),
                    statistics.median(blank),
                )
            )
        browser.close()
    server.shutdown()
    print(
        "| page | charts | transferred (kB, first visit) | requests | chart bundle "
        "| navigation to charts drawn (median s) | search page (median s) | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for stem, charts, size, requests, bundle, ours_s, blank_s in rows:
        print(
            f"| {stem} | {charts} | {size / 1000:.0f} | {requests} | {'yes' if bundle else 'no'} "
            f"| {ours_s:.3f} | {blank_s:.3f} | {ours_s / blank_s:.2f} |"
        )
    plain = [size for _, charts, size, *_ in rows if charts == 0]
    print()
    verdict = "met" if max(plain) < TARGET_BYTES else "NOT met"
    print(
        f"Largest page without charts: {max(plain) / 1000:.0f} kB "
        f"(target < {TARGET_BYTES / 1000:.0f} kB: {verdict})."
    )


if __name__ == "__main__":
    main()
