"""Search as a reader uses it: the search page of each edition in Debian's Chromium, on loopback.

Every glossary term (and, in Chinese, a person, a workstation and a residential compound of the
article) finds at least one page, and every page whose text holds it is among the results. The
pages that hold a term are read from the built HTML. The search page and its index load nothing
from the network. Without Chromium these tests skip, unless REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import baicheng_report as br
from baicheng_report.report.chromium import launch, missing
from tests.conftest import edition_site
from tests.test_search import page_texts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GLOSSARY = br.load("glossary")
NAMES_ZH = ("桑振龙", "长庆桥", "四季华城")  # the issue's: a person, a workstation, a compound
QUERIES = [("zh", term) for term in (*GLOSSARY["term_zh"], *NAMES_ZH)]
# Search.status is written once the search has finished, whatever it found
SEARCH_DONE = "() => typeof Search !== 'undefined' && !!Search.status?.innerText.trim()"


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_book: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_book / "_build" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@dataclass
class SearchPage:
    page: Any
    base: str
    problems: list[str] = field(default_factory=list)

    def results(self, lang: str, query: str) -> list[str]:
        """The pages the search page lists for `query`, as book/<stem>.html."""
        self.problems.clear()
        self.page.goto(f"{self.base}/{lang}/search.html?q={quote(query)}", wait_until="load")
        self.page.wait_for_function(SEARCH_DONE, timeout=20_000)
        hrefs = self.page.eval_on_selector_all(
            "#search-results ul.search li > a", "links => links.map(a => a.getAttribute('href'))"
        )
        return [str(href).split("#", 1)[0] for href in hrefs]


@pytest.fixture(scope="module")
def search_page(site_url: str) -> Iterator[SearchPage]:
    """One tab on the search page, every off-loopback request blocked and every problem kept."""
    _need(missing() is None, str(missing()))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the lock installs it
        _need(False, "the playwright package is not installed")
        raise
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        searching = SearchPage(page, site_url)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(site_url) or url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                searching.problems.append(f"external request: {url}")
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and searching.problems.append(m.text))
        page.on("pageerror", lambda e: searching.problems.append(f"page error: {e}"))
        yield searching
        browser.close()


@pytest.fixture(scope="module")
def texts(built_book: Path) -> dict[str, dict[str, str]]:
    return {lang: page_texts(edition_site(built_book, lang)) for lang in ("en", "zh")}


def _check_term(
    lang: str, query: str, search_page: SearchPage, texts: dict[str, dict[str, str]]
) -> None:
    holding = {page for page, text in texts[lang].items() if query.lower() in text.lower()}
    assert holding, f"no page of the {lang} edition shows {query!r}"
    found = search_page.results(lang, query)
    assert found, f"{query!r} finds nothing"
    assert holding <= set(found), (query, sorted(holding - set(found)), found)
    assert search_page.problems == []


@pytest.mark.parametrize(("lang", "query"), QUERIES)
def test_a_term_finds_every_page_that_holds_it(
    lang: str, query: str, search_page: SearchPage, texts: dict[str, dict[str, str]]
) -> None:
    _check_term(lang, query, search_page, texts)


def test_each_english_term_shown_finds_its_pages(
    search_page: SearchPage, texts: dict[str, dict[str, str]]
) -> None:
    """The English edition names some terms only in Chinese: those it shows must be found."""
    pages = texts["en"].values()
    shown = [t for t in GLOSSARY["term_en"] if any(t.lower() in text.lower() for text in pages)]
    assert len(shown) >= len(GLOSSARY) // 2, shown
    for term in shown:
        _check_term("en", term, search_page, texts)
