"""Sphinx extension: every page offline, free of duplicate scripts, loading only what it uses.

- Jupyter Book 1 always loads sphinx-thebe, which adds a config script naming a CDN (twice, which
  also raises a redeclaration error in the browser). Thebe is off in this book, so its scripts
  are dropped from every page.
- The chart bundle (`vega-bundle.js`, about 0.9 MB) is listed for every page in `_config.yml`
  but kept only on pages that draw a chart (`class="vega-chart"` in the body); sphinx-design's
  stylesheet and tab script (60 kB), which Jupyter Book adds to every page, only on pages that
  use one of its components (an `sd-` class), which no page of this book does today.
- The theme's icon script (`_static/scripts/fontawesome.js`, 1.5 MB, which swaps each
  `<i class="fa-…">` for an inline SVG) is shadowed by a stub of the same name in
  `book/_static/scripts/`: the theme's stylesheet already draws the same icons from its bundled
  webfont (`vendor/fontawesome/webfonts`), offline.
"""

from __future__ import annotations

from typing import Any

# asset file name -> the text of a page body that uses it; elsewhere the asset is dropped
USED_ONLY_WITH = {
    "vega-bundle.js": 'class="vega-chart"',
    "sphinx-design.min.css": "sd-",
    "design-tabs.js": "sd-",
}


def _name(script: Any) -> str:
    return str(getattr(script, "filename", "") or "")


def _is_thebe(script: Any) -> bool:
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in _name(script) or "THEBE_JS_URL" in body


def _unused(asset: Any, body: str) -> bool:
    name = _name(asset).rsplit("/", 1)[-1]
    return name in USED_ONLY_WITH and USED_ONLY_WITH[name] not in body


def _page_assets(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = str(context.get("body", ""))
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_thebe(a) and not _unused(a, body)]


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _page_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
