"""Charts and tables as a reader sees them, in Debian's Chromium, over every page of both editions.

- No text that a chart draws (title, axes, legend, labels) is cut off with "…" or "...", and no
  axis, legend or title text is a column code (codes have underscores; labels do not).
- A category has the same colour in both editions: the fills that Vega rendered into the SVG,
  per category code of each chart's colour encoding, are read from the drawn scene.
- No label or value is drawn over a bar or point, whatever number of lines a label wraps to.
- Pages with a chart load the chart bundle; pages without one do not.
- Printed (print media, at the width of the PDF's A4 page), every table fits the page and has no
  column narrower than two characters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from baicheng_report.report.build import chapters
from baicheng_report.report.charts import BUNDLE_NAME
from tests.browser import DESKTOP, PAGES
from tests.conftest import EDITIONS, ROOT
from tests.test_browser_mobile import NARROW_COLUMNS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SPEC = re.compile(r'<script type="application/json" id="spec-([a-z-]+)">(.*?)</script>', re.S)
# A4 less the PDF's 16 mm side margins (report/pdf.py), in CSS pixels (96 per inch).
PRINT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)

# Every text a chart drew, by where it sits: the title, an axis, a legend, or a mark.
CHART_TEXTS = """() => Object.fromEntries([...document.querySelectorAll('.vega-chart')].map(c => [
  c.id.replace(/^vis-/, ''),
  [...c.querySelectorAll('svg text')].map(t => ({
    text: t.textContent,
    role: (t.closest('g.role-title, g.role-axis, g.role-legend, g.role-mark') || {className:
           {baseVal: ''}}).className.baseVal.match(/role-(title|axis|legend|mark)/)?.[1] || ''
  }))]))"""

# The fill Vega rendered (the SVG element's own attribute) for each item of a bar or point mark,
# with the item's value of `field`, read from the drawn scene of the chart `name`.
FILLS = """([name, field]) => {
  const found = [];
  const walk = (node, marktype) => {
    for (const item of node.items || []) {
      const type = item.marktype || marktype;
      if (item.datum && field in item.datum && item._svg && ['rect', 'symbol'].includes(type)
          && item.mark && item.mark.role === 'mark') {
        found.push([String(item.datum[field]), item._svg.getAttribute('fill')]);
      }
      walk(item, type);
    }
  };
  walk({items: [window.brCharts[name].scenegraph().root]}, undefined);
  return found;
}"""


def _specs(built_book: Path, lang: str, stem: str) -> dict[str, Any]:
    page = built_book / "_build" / "html" / lang / "book" / f"{stem}.html"
    return {name: json.loads(text) for name, text in SPEC.findall(page.read_text("utf-8"))}


def _colour_fields(spec: Any) -> set[str]:
    """The fields of every colour encoding in a spec, its layers included."""
    found: set[str] = set()
    if isinstance(spec, dict):
        colour = spec.get("encoding", {}).get("color", {})
        if isinstance(colour, dict) and "field" in colour:
            found.add(colour["field"])
        for value in spec.values():
            found |= _colour_fields(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= _colour_fields(value)
    return found


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_chart_text_is_whole_and_never_a_code(
    lang: str, stem: str, book_pages: Any, built_book: Path
) -> None:
    specs = _specs(built_book, lang, stem)
    texts = book_pages.desktop(lang, stem).page.evaluate(CHART_TEXTS)
    assert set(texts) == set(specs)
    for name, drawn in texts.items():
        roles = {t["role"] for t in drawn}
        assert {"title", "axis"} <= roles, f"{name} drew no title or axis"
        cut = [t["text"] for t in drawn if t["text"].rstrip().endswith(("…", "..."))]
        assert cut == [], f"{name}: cut off"
        codes = [t["text"] for t in drawn if t["role"] != "mark" and "_" in t["text"]]
        assert codes == [], f"{name}: column codes shown"
    _fills(book_pages, built_book, lang, stem)  # read while the page is open, compared below


def _fills(
    book_pages: Any, built_book: Path, lang: str, stem: str
) -> dict[tuple[str, str], set[str]]:
    """Per (chart, category code) of a page, the fills Vega drew (from the page's one visit)."""

    def read(page: Any) -> dict[tuple[str, str], set[str]]:
        found: dict[tuple[str, str], set[str]] = {}
        for name, spec in _specs(built_book, lang, stem).items():
            for field in _colour_fields(spec):
                for code, fill in page.evaluate(FILLS, [name, field]):
                    found.setdefault((name, code), set()).add(fill)
        return found

    fills: dict[tuple[str, str], set[str]] = book_pages.memo(lang, stem, "fills", read)
    return fills


def test_each_category_has_one_colour_in_both_editions(book_pages: Any, built_book: Path) -> None:
    fills: dict[str, dict[tuple[str, str], set[str]]] = {}
    for lang in EDITIONS:
        fills[lang] = {}
        for stem in chapters(ROOT):
            if _specs(built_book, lang, stem):
                for key, found in _fills(book_pages, built_book, lang, stem).items():
                    fills[lang].setdefault(key, set()).update(found)
    assert fills["en"], "no chart colours a category"
    for lang in EDITIONS:
        assert all(len(f) == 1 for f in fills[lang].values()), fills[lang]
    assert fills["en"] == fills["zh"]
    for chart in {name for name, _ in fills["en"]}:  # and no two categories of a chart share one
        colours = [fill for (name, _), fill in fills["en"].items() if name == chart]
        assert len({c for fill in colours for c in fill}) == len(colours), chart


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_only_chart_pages_load_the_chart_bundle(
    lang: str, stem: str, book_pages: Any, built_book: Path
) -> None:
    specs = _specs(built_book, lang, stem)
    requests = book_pages.desktop(lang, stem).requests  # every request since the page opened
    loaded = any(url.split("?")[0].endswith(f"/_static/{BUNDLE_NAME}") for url in requests)
    assert loaded == bool(specs)


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_printed_tables_fit_the_page_with_no_squeezed_column(
    lang: str, stem: str, book_pages: Any
) -> None:
    page = book_pages.desktop(lang, stem).page
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1100})
    page.emulate_media(media="print")
    try:
        narrow = page.evaluate(NARROW_COLUMNS)
        overflowing = page.evaluate(
            """(width) => [...document.querySelectorAll('table')]
                 .filter(t => t.getClientRects().length && t.getBoundingClientRect().right > width)
                 .map(t => `${t.className}: ${t.getBoundingClientRect().right.toFixed(0)}px`)""",
            PRINT_WIDTH,
        )
    finally:  # the screen again, for the page's next check
        page.emulate_media(media="screen")
        page.set_viewport_size(DESKTOP)
    assert narrow == []
    assert overflowing == []


# The box of every text and every bar or point a chart drew, in the chart's own coordinates
# (each group's offset added), from the drawn scene of the chart `name`.
BOXES = """(name) => {
  const texts = [], marks = [];
  const walk = (node, marktype, dx, dy) => {
    for (const item of node.items || []) {
      const type = item.marktype || marktype;
      const b = item.bounds;
      if (item.mark && item.mark.role === 'mark' && b && !b.empty()) {
        const box = {x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy,
                     text: String(item.text ?? '')};
        if (type === 'text') texts.push(box);
        else if (['rect', 'symbol'].includes(type)) marks.push(box);
      }
      const group = type === 'group';
      walk(item, type, dx + (group ? item.x || 0 : 0), dy + (group ? item.y || 0 : 0));
    }
  };
  walk({items: [window.brCharts[name].scenegraph().root]}, undefined, 0, 0);
  return {texts, marks};
}"""


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    """The height two boxes share where they also share more than a pixel of width."""
    wide = min(a["x2"], b["x2"]) - max(a["x1"], b["x1"])
    high = min(a["y2"], b["y2"]) - max(a["y1"], b["y1"])
    return high if wide > 1 else 0.0


@pytest.mark.parametrize(("lang", "stem"), PAGES)
def test_no_label_is_drawn_over_a_bar_or_point(
    lang: str, stem: str, book_pages: Any, built_book: Path
) -> None:
    """A row's label stands above its mark and a value beside it, however many lines the label
    wraps to (Vega writes a label's further lines below its first: a two-line label once ran
    into its own bar)."""
    page = book_pages.desktop(lang, stem).page
    for name in _specs(built_book, lang, stem):
        drawn = page.evaluate(BOXES, name)
        assert drawn["marks"] and drawn["texts"], name
        over = [
            t["text"] for t in drawn["texts"] if any(_overlap(t, m) > 1 for m in drawn["marks"])
        ]
        assert over == [], f"{lang}/{stem} {name}: drawn over a mark"
