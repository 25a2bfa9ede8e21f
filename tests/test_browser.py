"""The built book in a real browser: Debian's Chromium driven by Playwright, on loopback only.

Every page must draw every chart, make no request off 127.0.0.1 and log no console or page error
(axe-core's pass, on the same visit: test_browser_claims.py). Without Chromium these tests skip,
unless REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from baicheng_report.report.chromium import CHARTS_DRAWN
from tests.browser import PAGES, open_page, screenshot_kept, serving
from tests.conftest import EDITIONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_page_draws_every_chart_with_no_error_or_request(
    lang: str, stem: str, book_pages: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    opened = book_pages.desktop(lang, stem)  # every chart drawn (CHARTS_DRAWN) on opening
    page = opened.page
    # a drawing for every chart spec the page carries (test_book pins which charts those are)
    specs = page.evaluate(
        "() => [...document.querySelectorAll('script[id^=\"spec-\"]')].map(s => s.id.slice(5))"
    )
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.vega-chart')]"
        ".filter(c => c.querySelector('svg')).map(c => c.id.slice(4))"
    )
    with screenshot_kept(page, tmp_path_factory, f"{lang}-{stem}"):
        assert sorted(drawn) == sorted(specs)
        assert opened.visit.problems == []


# Accessibility (axe-core) is checked once per page, with a claim's popover open:
# test_browser_claims.py.


@pytest.mark.parametrize("lang", EDITIONS)
def test_claim_link_lands_on_highlighted_evidence(lang: str, browser: Any, site_url: str) -> None:
    page, visit = open_page(browser, site_url, f"{lang}/book/public_safety.html")
    link = page.locator("a.claim").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**/{lang}/book/source.html#{anchor}")
    target = page.evaluate("() => document.querySelector(':target')?.id")
    assert target == anchor
    mark = page.locator(f"#{anchor} mark.evidence")
    assert mark.is_visible()
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background == "rgb(116, 192, 252)"  # the :target highlight, not the plain one
    page.close()
    assert visit.problems == []


def test_the_site_opens_in_english_and_switches_to_chinese_and_back(
    browser: Any, site_url: str
) -> None:
    page, visit = open_page(browser, site_url, "index.html")
    page.wait_for_url("**/en/book/overview.html")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.locator("a.edition-link[hreflang='zh-Hans']").click()
    page.wait_for_url("**/zh/book/overview.html")
    assert page.evaluate("() => document.documentElement.lang") == "zh-Hans"
    assert page.locator("h1").first.inner_text().startswith("概述")
    page.goto(f"{site_url}/zh/book/service_tiers.html", wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    drawn = page.locator("#vis-service-tiers svg").inner_html()  # text that Vega drew
    assert "旗舰店" in drawn and "业务数" in drawn
    page.locator("a.edition-link[hreflang='en']").click()
    page.wait_for_url("**/en/book/service_tiers.html")
    page.close()
    assert visit.problems == []


def test_a_request_for_another_host_is_recorded_and_refused(browser: Any, tmp_path: Path) -> None:
    """The watch every visit above relies on, and the browser's own refusal, without a network:
    a page asks for a script from another host name that Chromium would otherwise send to this
    machine (every *.localhost), served by the same loopback server. The request is a problem
    named by its address, it fails unresolved, and the script never runs."""
    (tmp_path / "lib.js").write_text("window.loaded = 1;\n", encoding="utf-8")
    with serving(tmp_path) as base:
        elsewhere = f"http://elsewhere.localhost:{base.rsplit(':', 1)[1]}/lib.js"
        (tmp_path / "page.html").write_text(
            '<!DOCTYPE html><html lang="en"><head><title>t</title>'
            f'<script src="{elsewhere}"></script></head><body>x</body></html>',
            encoding="utf-8",
        )
        page, visit = open_page(browser, base, "page.html")
        loaded = page.evaluate("() => window.loaded")
        page.close()
    assert f"external request: {elsewhere}" in visit.problems
    assert f"failed: {elsewhere} (net::ERR_NAME_NOT_RESOLVED)" in visit.problems
    assert loaded is None
