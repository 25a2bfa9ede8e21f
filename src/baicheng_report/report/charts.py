"""Charts for the book: Altair specs drawn by a local Vega bundle, with a static fallback.

Each chart becomes one figure: a titled, described container drawn by `vegaEmbed` from the book's
own `_static/vega-bundle.js` (no CDN), the spec embedded as inert JSON, a PNG rendered by
vl-convert for non-HTML outputs, and a data table beside it for screen readers.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from baicheng_report.report import i18n

BUNDLE_NAME = "vega-bundle.js"
BUNDLE_FORMAT = "scoped-2"  # bump when the wrapping of the bundle changes
GLOBALS_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
CJK_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script that sets window globals."""
    import vl_convert as vlc

    # A function scope keeps the bundle's top-level names (such as `_`) from colliding with the
    # page's other scripts; the bundle exports through window.vegaEmbed, window.vega, ...
    bundle: str = vlc.javascript_bundle(GLOBALS_SNIPPET)
    return "(function () {\n" + bundle + "\n})();\n"


def versions() -> dict[str, str]:
    import altair as alt
    import vl_convert as vlc

    return {
        "altair": alt.__version__,
        "vega": vlc.get_vega_version(),
        "vega-lite": alt.SCHEMA_VERSION.lstrip("v"),
        "vega-embed": vlc.get_vega_embed_version(),
    }


@cache
def _register_fonts() -> None:
    import vl_convert as vlc

    for folder in CJK_FONT_DIRS:  # Chinese labels in the PNG need a CJK font
        if Path(folder).is_dir():
            vlc.register_font_directory(folder)


def inert_json(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no "</" or "<!--" can close it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def png(spec: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    _register_fonts()
    data: bytes = vlc.vegalite_to_png(spec, scale=2)
    return data


def header_cells(names: list[str], lang: str = "en") -> str:
    """Column headers of an accessible table, escaped and marked with their language where it
    differs from the page's."""
    return "".join(f'<th scope="col"{i18n.lang_attr(n, lang)}>{html.escape(n)}</th>' for n in names)


def data_table(frame: pd.DataFrame, caption: str, lang: str = "en") -> str:
    """An accessible HTML table of the chart's data (every cell escaped, and marked with its
    language where it differs from the page's, for screen readers and fonts)."""
    head = header_cells([str(c) for c in frame.columns], lang)
    rows = "".join(
        "<tr>"
        + "".join(f"<td{i18n.lang_attr(_cell(v), lang)}>{html.escape(_cell(v))}</td>" for v in row)
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table class="chart-data"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def figure(
    chart: Any, *, name: str, title: str, description: str, table: pd.DataFrame, lang: str = "en"
) -> dict[str, Any]:
    """A Jupyter display bundle for one chart: HTML (live chart + table) and a PNG fallback."""
    if not _SLUG.match(name):
        raise ValueError(f"chart name {name!r} must be a lowercase slug")
    spec = chart.properties(title=title, description=description).to_dict()
    if not spec.get("data") and not spec.get("datasets"):
        raise ValueError(f"chart {name!r} carries no data")
    image = png(spec)
    _ = i18n.gettext(lang)
    body = (
        f'<figure class="br-chart" id="fig-{name}">'
        f'<div class="vega-chart" id="vis-{name}" role="img" '
        f'aria-label="{html.escape(title)}: {html.escape(description)}"></div>'
        f'<img class="chart-static" alt="{html.escape(title)}: {html.escape(description)}" '
        f'src="data:image/png;base64,{base64.b64encode(image).decode()}">'
        f'<script type="application/json" id="spec-{name}">{inert_json(spec)}</script>'
        f"<script>vegaEmbed('#vis-{name}', JSON.parse(document.getElementById('spec-{name}')"
        f".textContent), {{renderer: 'svg', actions: false}});</script>"
        f"<figcaption><strong>{html.escape(title)}{_('. ')}</strong>{html.escape(description)}"
        f"</figcaption>"
        f'<details class="chart-table"><summary>{html.escape(_("Data table"))}'
        f"</summary>{data_table(table, title, lang)}</details></figure>"
    )
    return {
        "text/html": body,
        "image/png": base64.b64encode(image).decode(),
        "text/plain": f"{title}. {description}",
    }


def show(
    chart: Any, *, name: str, title: str, description: str, table: pd.DataFrame, lang: str = "en"
) -> None:
    from IPython.display import display

    bundle = figure(chart, name=name, title=title, description=description, table=table, lang=lang)
    display(bundle, raw=True)
