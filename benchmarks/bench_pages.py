"""Per page of the built book: time from navigation to every chart drawn, in headless Chromium,
against navigating to the site's search page (no charts): medians of interleaved visits."""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from baicheng_report.report.build import chapters
from baicheng_report.report.chromium import CHARTS_DRAWN, launch
from baicheng_report.report.i18n import LANGS as EDITIONS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
VISITS = 5


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


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
            rows.append(
                (f"{lang}/{stem}", charts, statistics.median(ours), statistics.median(blank))
            )
        browser.close()
    server.shutdown()
    print(
        "| page | charts | navigation to charts drawn (median s) | search page (median s) | ratio |"
    )
    print("|---|---|---|---|---|")
    for stem, charts, ours_s, blank_s in rows:
        print(f"| {stem} | {charts} | {ours_s:.3f} | {blank_s:.3f} | {ours_s / blank_s:.2f} |")


if __name__ == "__main__":
    main()
