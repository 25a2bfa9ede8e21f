"""Every number citable, in a real browser: permalinks, the evidence popover, Text Fragments.

Debian's Chromium driven by Playwright, on loopback only, over every page of both editions.
Without Chromium these tests skip, unless REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.vocabulary.claims import EDITIONS
from tests.browser import PAGES, open_page, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CLAIMS = br.claims()
# Where a target sits, whether it is inside the viewport and below the theme's sticky header.
IN_VIEW = """el => { const r = el.getBoundingClientRect();
    const header = document.querySelector('.bd-header');
    const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    return r.top >= top - 1 && r.bottom <= window.innerHeight && r.width > 0; }"""


def _on_page(stem: str) -> pd.DataFrame:
    return CLAIMS[CLAIMS["page"] == stem]


def _claim(page: Any, cid: str) -> Any:
    return page.locator(f'a.claim[id="{cid}"]')


def _popover(page: Any, cid: str) -> Any:
    return page.locator(f'[id="{cid}-popover"]')


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_every_claim_has_a_unique_stable_id_and_its_permalink_lands_on_it(
    lang: str, stem: str, book_pages: Any, site_url: str
) -> None:
    opened = book_pages.desktop(lang, stem)
    page, visit = opened.page, opened.visit
    ids = page.evaluate("() => [...document.querySelectorAll('a.claim')].map(a => a.id)")
    expected = list(_on_page(stem)["claim_id"])
    assert sorted(ids) == sorted(expected)
    everything = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(everything) == len(set(everything))
    for r in _on_page(stem).itertuples():
        page.goto(f"{site_url}/{getattr(r, f'url_{lang}')}", wait_until="load")
        assert page.evaluate("() => document.querySelector(':target')?.id") == r.claim_id
        assert _claim(page, r.claim_id).evaluate(IN_VIEW), r.claim_id
    assert visit.problems == []


def _description(page: Any, cid: str) -> str:
    """The accessible description Chromium computes for a claim, as a screen reader gets it."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[id="{cid}"]'})
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"]})
    cdp.detach()
    mine = next(n for n in tree["nodes"] if not n.get("ignored"))
    return str(mine.get("description", {}).get("value", ""))


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_keyboard_focus_shows_the_evidence_and_escape_closes(
    lang: str, stem: str, book_pages: Any
) -> None:
    opened = book_pages.desktop(lang, stem)
    page, visit = opened.page, opened.visit
    for r in _on_page(stem).itertuples():
        claim, popover = _claim(page, r.claim_id), _popover(page, r.claim_id)
        assert popover.is_hidden()
        claim.focus()
        assert popover.is_visible(), r.claim_id
        shown = popover.inner_text()
        assert r.evidence in shown, r.claim_id  # exactly as in the table
        assert getattr(r, f"label_{lang}") in shown
        assert popover.locator("mark.claim-phrase").inner_text() == r.evidence
        assert r.evidence in _description(page, r.claim_id)
        page.keyboard.press("Escape")
        assert popover.is_hidden(), r.claim_id
        assert page.evaluate("() => document.activeElement.id") == r.claim_id
    if len(_on_page(stem)):  # Tab walks into the popover's links; Escape brings focus back
        first = page.evaluate("() => document.querySelector('a.claim').id")  # in reading order
        _claim(page, first).focus()
        page.keyboard.press("Escape")
        page.keyboard.press("Shift+Tab")  # to whatever precedes the claim, then back by Tab
        assert _popover(page, first).is_hidden()
        page.keyboard.press("Tab")
        assert _popover(page, first).is_visible()
        page.keyboard.press("Tab")
        inside = "el => document.getElementById(el).contains(document.activeElement)"
        assert page.evaluate(inside, f"{first}-popover")
        page.keyboard.press("Escape")
        assert _popover(page, first).is_hidden()
        assert page.evaluate("() => document.activeElement.id") == first
    assert visit.problems == []


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_no_serious_accessibility_violation_with_a_popoveropen_page(
    lang: str, stem: str, book_pages: Any
) -> None:
    """axe-core's one pass over the page, its charts drawn and (where it has claims) the last
    claim's popover open, so the popover is checked with everything else."""
    page = book_pages.desktop(lang, stem).page
    claims = _on_page(stem)
    if len(claims):
        _claim(page, claims["claim_id"].iloc[-1]).focus()
        assert _popover(page, claims["claim_id"].iloc[-1]).is_visible()
    serious = serious_violations(page)
    if len(claims):
        page.keyboard.press("Escape")
    assert serious == []


SCROLLED_TO = """anchor => { const item = document.getElementById(anchor);
    const r = item.getBoundingClientRect();
    return window.scrollY > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }"""


def _arrive(page: Any, source: str, *, new_document: bool) -> None:
    """Ready the next visit to a text fragment of `source`: from another document, as a reader
    who follows a link from a chapter arrives (a new load of the long source page), or on the
    page already open, back at its top, so that the fragment alone scrolls it (a same-document
    navigation, on which Chromium resolves text directives too, in a tenth of the time; what
    only happens while the page loads is checked on the new documents)."""
    if new_document:
        page.goto("about:blank")
    else:
        assert page.url.startswith(source)
        page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")


@pytest.mark.parametrize("lang", EDITIONS)
def test_each_text_fragment_highlights_its_phrase_in_the_source(
    lang: str, browser: Any, site_url: str
) -> None:
    source = f"{site_url}/{lang}/book/source.html"
    # each link once: claims on the same phrase share it (31 claims, 26 links)
    links = [
        url.split("#", 1)[1].split(":~:") for url in dict.fromkeys(CLAIMS[f"source_url_{lang}"])
    ]
    page, visit = open_page(browser, site_url, f"{lang}/book/source.html")
    tops = page.evaluate(
        "ids => ids.map(id => document.getElementById(id).getBoundingClientRect().top)",
        [anchor for anchor, _ in links],
    )
    # In a new document: the first link, and the lowest item's, whose place on the page moves
    # most with anything laid out late (fonts, the page's deferred scripts).
    fresh = {0, tops.index(max(tops))}
    for i, (anchor, directive) in enumerate(links):
        _arrive(page, source, new_document=i in fresh)
        # The directive alone: only a match of the phrase can scroll the page to its item.
        page.goto(f"{source}#:~:{directive}", wait_until="load")
        page.wait_for_function(SCROLLED_TO, arg=anchor, timeout=5_000)
    # A directive that matches nothing leaves the page at its top, either way it is reached:
    # the check above can fail.
    wrong = directive.replace("text=", "text=%E2%80%A6nowhere%20", 1)
    for new_document in (False, True):
        _arrive(page, source, new_document=new_document)
        page.goto(f"{source}#:~:{wrong}", wait_until="load")
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.scrollY") == 0, new_document
    page.close()
    assert visit.problems == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_popover_links_lead_to_the_source_phrase_and_the_dictionary_row(
    lang: str, browser: Any, site_url: str
) -> None:
    r = CLAIMS.iloc[0]
    page, visit = open_page(browser, site_url, f"{lang}/book/{r['page']}.html")
    _claim(page, r["claim_id"]).focus()
    popover = _popover(page, r["claim_id"])
    popover.locator("a[href^='source.html#']").click()
    page.wait_for_url(f"**/{lang}/book/source.html#{r['source_url_en'].split('#')[1]}")
    anchor = r["source_url_en"].split("#")[1].split(":~:")[0]
    page.wait_for_function(SCROLLED_TO, arg=anchor, timeout=5_000)
    page.go_back(wait_until="load")
    _claim(page, r["claim_id"]).focus()
    popover.locator("a[href^='dictionary.html#']").click()
    row = f"field-{r['table']}-{r['column']}"
    page.wait_for_url(f"**/{lang}/book/dictionary.html#{row}")
    assert page.evaluate("() => document.querySelector(':target')?.id") == row
    assert page.locator(f'[id="{row}"]').evaluate(IN_VIEW)
    page.close()
    assert visit.problems == []


def test_hover_opens_a_tap_opens_before_following_and_copy_gives_the_permalink(
    browser: Any, site_url: str
) -> None:
    r = CLAIMS.iloc[-1]
    path = f"en/book/{r['page']}.html"
    page, visit = open_page(browser, site_url, path)
    claim, popover = _claim(page, r["claim_id"]), _popover(page, r["claim_id"])
    claim.hover()
    assert popover.is_visible()
    page.mouse.move(1, 1)
    page.wait_for_timeout(600)
    assert popover.is_hidden()
    claim.hover()
    popover.locator("button.claim-copy").click()
    permalink = f"{site_url}/{r['url_en']}"
    page.wait_for_function(
        "url => document.querySelector('.claim-status')?.textContent.includes(url)",
        arg=permalink,
        timeout=5_000,
    )
    page.close()
    assert visit.problems == []

    context = browser.new_context(has_touch=True, viewport={"width": 400, "height": 800})
    touch = context.new_page()
    touch.goto(f"{site_url}/{path}", wait_until="load")
    _claim(touch, r["claim_id"]).tap()
    assert _popover(touch, r["claim_id"]).is_visible()
    assert touch.url.endswith(path)  # the first tap shows the evidence ...
    _claim(touch, r["claim_id"]).tap()
    touch.wait_for_url("**/source.html#ev-*")  # ... the second follows the link
    context.close()
