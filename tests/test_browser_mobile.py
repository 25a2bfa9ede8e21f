"""The built book on a phone: every page of both editions at 390 × 844 in Debian's Chromium.

Every chart draws and its drawing fits its container, no page scrolls sideways (a wide table or
code block scrolls inside its own box), and no table column is squeezed below two characters.
Every <details> is opened first, so that the chart data tables and the code are measured too.
"""

from __future__ import annotations

from typing import Any

import pytest

import baicheng_report as br
from tests.browser import PAGES, screenshot_kept

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Per chart: its drawing's box against the article's content box (in CSS pixels).
CHART_BOXES = """() => {
  const article = document.querySelector('.bd-article').getBoundingClientRect();
  return [...document.querySelectorAll('.vega-chart')].map(chart => {
    const svg = chart.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {
      id: chart.id,
      marks: chart.querySelectorAll('g.role-mark path, g.role-mark text').length,
      left: box && box.left, right: box && box.right, width: box && box.width,
      container: chart.clientWidth, articleLeft: article.left, articleRight: article.right,
    };
  });
}"""

# How far the page and its article column scroll sideways (0 when they do not).
SIDEWAYS = """() => {
  const doc = document.documentElement, body = document.body;
  const column = document.querySelector('.bd-article-container');
  return {
    document: doc.scrollWidth - doc.clientWidth,
    body: body.scrollWidth - body.clientWidth,
    column: column.scrollWidth - column.clientWidth,
  };
}"""

# Each visible table column narrower than two characters of its own font (2em: two Chinese
# characters; wider than two Latin ones), measured on the cells' content boxes.
NARROW_COLUMNS = """() => {
  const found = [];
  for (const table of document.querySelectorAll('table')) {
    if (!table.getClientRects().length) continue;
    for (const cell of table.querySelectorAll('th, td')) {
      const style = getComputedStyle(cell);
      const inner = cell.getBoundingClientRect().width - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight) - parseFloat(style.borderLeftWidth)
        - parseFloat(style.borderRightWidth);
      if (cell.textContent.trim() && inner < 2 * parseFloat(style.fontSize) - 0.5) {
        found.push(`${table.className || 'table'}: ${cell.textContent.trim().slice(0, 20)}`
                   + ` is ${inner.toFixed(1)}px wide`);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_page_fits_a_phone(
    lang: str,
    stem: str,
    book_pages: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    opened = book_pages.phone(lang, stem)  # every chart drawn (CHARTS_DRAWN) on opening
    page, errors = opened.page, opened.visit.problems
    expected = page.evaluate(
        "() => [...document.querySelectorAll('script[id^=\"spec-\"]')].map(s => s.id.slice(5))"
    )
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(200)  # let charts re-fit if opening a toggle moved the scrollbar
    charts = page.evaluate(CHART_BOXES)
    sideways = page.evaluate(SIDEWAYS)
    narrow = page.evaluate(NARROW_COLUMNS)

    with screenshot_kept(page, tmp_path_factory, f"phone-{lang}-{stem}"):
        assert errors == []
        assert [c["id"] for c in charts] == [f"vis-{name}" for name in expected]
        for chart in charts:
            assert chart["marks"] > 0, f"{chart['id']} drew nothing"
            assert chart["width"] <= chart["container"] + 0.5, chart
            assert chart["left"] >= chart["articleLeft"] - 0.5, chart
            assert chart["right"] <= chart["articleRight"] + 0.5, chart
        assert sideways == {"document": 0, "body": 0, "column": 0}
        assert narrow == []


CLAIMS = br.claims()
CLAIM_PAGES = [(lang, stem) for lang, stem in PAGES if stem in set(CLAIMS["page"])]
# The popover's box against the viewport, after the page settles.
POPOVER_BOX = """id => { const r = document.getElementById(id).getBoundingClientRect();
    const root = document.documentElement;
    return {left: r.left, right: r.right, view: root.clientWidth,
            sideways: document.scrollingElement.scrollWidth - root.clientWidth}; }"""


@pytest.mark.parametrize(("lang", "stem"), CLAIM_PAGES)
def test_every_claim_popover_fits_a_phone(lang: str, stem: str, book_pages: Any) -> None:
    """Tapped on a phone, each number's evidence popover opens inside the screen, whichever side
    of the line the number stands on, and the page still does not scroll sideways."""
    page = book_pages.phone(lang, stem).page
    misfits = []
    for cid in CLAIMS.loc[CLAIMS["page"] == stem, "claim_id"]:
        page.locator(f'a.claim[id="{cid}"]').focus()
        popover = page.locator(f'[id="{cid}-popover"]')
        popover.wait_for(state="visible")
        box = page.evaluate(POPOVER_BOX, f"{cid}-popover")
        if box["left"] < 0 or box["right"] > box["view"] or box["sideways"] > 0:
            misfits.append((cid, box))
        page.keyboard.press("Escape")
    assert misfits == []
