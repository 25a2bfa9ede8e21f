"""Search as a reader uses it: the search page of each edition in Debian's Chromium, on loopback.

Every glossary term (and, in Chinese, a person, a workstation and a residential compound of the
article) finds at least one page, and every page whose text holds it is among the results. The
pages that hold a term are read from the built HTML. The search page and its index load nothing
from the network. Without Chromium these tests skip, unless REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import baicheng_report as br
from tests.browser import Visit, open_page
from tests.conftest import edition_site
from tests.test_search import page_texts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GLOSSARY = br.load("glossary")
NAMES_ZH = ("桑振龙", "长庆桥", "四季华城")  # the issue's: a person, a workstation, a compound
QUERIES = [("zh", term) for term in (*GLOSSARY["term_zh"], *NAMES_ZH)]
# Search.status is written once the search has finished, whatever it found
SEARCH_DONE = "() => typeof Search !== 'undefined' && !!Search.status?.innerText.trim()"


@dataclass
class SearchPage:
    page: Any
    base: str
    visit: Visit

    @property
    def problems(self) -> list[str]:
        return self.visit.problems

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
def search_page(browser: Any, site_url: str) -> Iterator[SearchPage]:
    """One tab on the search page, every off-loopback request and every problem kept."""
    # each new query leaves the last one's summary fetches in flight: the browser cancels them
    # (browser.CANCELLED), which is no failure of the site
    page, visit = open_page(browser, site_url, "en/search.html")
    yield SearchPage(page, site_url, visit)
    page.close()


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
