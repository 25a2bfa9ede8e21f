"""Charts for the book: Altair specs drawn by a local Vega bundle, with a static fallback.

Each chart becomes one figure: a titled, described container drawn by `vegaEmbed` from the book's
own `_static/vega-bundle.js` (no CDN), the spec embedded as inert JSON, a PNG rendered by
vl-convert for non-HTML outputs, and a data table beside it for screen readers.

On screen a chart is as wide as its container, a phone's as much as a desktop's, with the same
content at every width: category labels sit above their bars, wrapped on purpose rather than cut
off with "…", so they need no column of their own. Colours are keyed on category codes, not on
an edition's labels, so a category has one colour in every edition; legends and axes show the
labels, never the codes.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
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

# Okabe and Ito's palette, told apart with every common colour-vision deficiency. Categories take
# its colours in the order of their codes in the data, which is the same in every edition.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
PRINT_WIDTH = 480  # px: the PNG fallback's width; a screen gives the chart its container's
# Wrapping widths in display units (a CJK character counts two): a title line stays within about
# 320 px and a label line within about 280 px, so both fit a 390 px phone inside the page margins.
TITLE_UNITS = 42
LABEL_UNITS = 40
LINE_HEIGHT = 15  # px between the lines of a label
BAR_HEIGHT = 16  # px
_WIDE_CHARS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f□"
_WIDE = re.compile(f"[{_WIDE_CHARS}]")
# A piece that a line may end after: one CJK character, a Latin word, or a run of spaces.
_PIECE = re.compile(f"[{_WIDE_CHARS}]|[^\\s{_WIDE_CHARS}]+|\\s+")
# Where a Chinese line may end without splitting a word: after a pause, or before an opening
# bracket (the bracket itself then starts the next line).
_PAUSE = re.compile(r"[，、；：。]|(?=[（「『“])")
# Stays with the character before it, never starts a line.
_NO_LINE_START = re.compile(r"^[，。、；：？！）」』”’,.;:?!)]")


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


# --- text that has to fit a phone ------------------------------------------------------------


def display_width(text: str) -> int:
    """Width in display units: two for a CJK character, one for anything else."""
    return len(text) + len(_WIDE.findall(text))


def wrap(text: str, units: int = LABEL_UNITS) -> list[str]:
    """`text` broken into lines of at most `units` display units: between words in Latin
    text, between characters in Chinese, never before closing punctuation. A single word longer
    than a line keeps a line of its own."""
    lines: list[str] = []
    line = ""
    for piece in _PIECE.findall(" ".join(text.split())):
        fits = display_width(line + piece) <= units
        if fits or not line.strip() or piece.isspace() or _NO_LINE_START.match(piece):
            line += piece
            continue
        # Chinese has no spaces: a break between two characters may split a word (下|降), so
        # a line ends after its last pause (，、；： or an opening bracket's start) when that
        # keeps at least a third of a line; only then between characters.
        pause = max((m.end() for m in _PAUSE.finditer(line)), default=0)
        if pause and display_width(line[:pause]) * 3 >= units:
            lines.append(line[:pause].rstrip())
            line = line[pause:] + piece
        else:
            lines.append(line.rstrip())
            line = piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def label_expr(labels: Mapping[Any, str]) -> str:
    """A Vega expression that shows each code's label in a legend or on an axis."""
    table = {str(code): label for code, label in labels.items()}
    return f"{json.dumps(table, ensure_ascii=False)}[datum.value + '']"


@dataclass(frozen=True)
class Colours:
    """Colour by a category code: `labels` maps every code, in the data's order, to its label in
    the edition's language. The order fixes each code's colour in every edition."""

    field: str
    labels: Mapping[Any, str]
    title: str

    def encoding(self) -> Any:
        import altair as alt

        codes = [str(code) for code in self.labels]
        return alt.Color(
            f"{self.field}:N",
            title=self.title,
            scale=alt.Scale(domain=codes, range=list(PALETTE[: len(codes)])),
            legend=alt.Legend(
                orient="bottom", direction="vertical", labelExpr=label_expr(self.labels)
            ),
        )


def labelled_bars(
    frame: pd.DataFrame,
    *,
    code: str,
    label: str,
    value: str,
    axis_title: str,
    tooltip: list[Any],
    value_label: str | None = None,
    colours: Colours | None = None,
    scale: Any = None,
    axis: Any = None,
    mark: str = "bar",
) -> Any:
    """One row per row of `frame`, in the frame's order: the row's label above its mark (wrapped,
    with a line break wherever the label has a newline) and `value_label` at the mark's end.
    `code` identifies the row in the spec; `mark` is "bar", or "point" for a scale that has no
    zero (a log scale)."""
    import altair as alt

    lines = [[ln for part in str(text).split("\n") for ln in wrap(part)] for text in frame[label]]
    step = max(len(item) for item in lines) * LINE_HEIGHT + BAR_HEIGHT + 14
    offset = step / 2 - BAR_HEIGHT / 2 - 4  # the mark at the bottom of its row, under the label
    # texts as strings: Vega splits every text at the configured line break, and fails on a number
    shown = [_cell(v) for v in frame[value_label]] if value_label else None
    label_lines = pd.Series(lines, index=frame.index, dtype=object)
    base = alt.Chart(frame.assign(label_lines=label_lines, shown_text=shown))
    band = alt.Scale(type="band", paddingInner=0, paddingOuter=0)  # also under points
    # rows in the frame's order, also when a layer drops a row that has no value
    row = alt.Y(f"{code}:N", sort=[str(c) for c in frame[code]], axis=None, scale=band)
    x = alt.X(
        f"{value}:Q",
        title=axis_title,
        scale=scale or alt.Scale(zero=True, nice=True),
        axis=axis or alt.Axis(),
    )
    colour = colours.encoding() if colours else alt.value(PALETTE[0])
    if mark == "bar":
        marks = base.mark_bar(height=BAR_HEIGHT, yOffset=offset)
    else:
        marks = base.mark_circle(size=140, yOffset=offset, opacity=1)
    layers = [
        marks.encode(x=x, y=row, color=colour, tooltip=tooltip),
        *_label_layers(base, row, offset, tooltip, sorted({len(item) for item in lines})),
        *_value_layers(base, row, offset, tooltip, f"{value}:Q" if value_label else None),
    ]
    return alt.layer(*layers).properties(height=alt.Step(step))


def _label_layers(
    base: Any, row: Any, offset: float, tooltip: list[Any], line_counts: list[int]
) -> list[Any]:
    """Each row's label, its last line just above its own mark (so a short label never drifts
    toward the mark of the row above it). Vega sets a text's baseline on its first line and
    writes the others below, so a label of n lines is raised by n - 1 lines: one layer for each
    number of lines the labels have."""
    import altair as alt

    return [
        base.transform_filter(f"length(datum.label_lines) == {n}")
        .mark_text(
            align="left",
            baseline="bottom",
            yOffset=offset - BAR_HEIGHT / 2 - 3 - (n - 1) * LINE_HEIGHT,
            lineHeight=LINE_HEIGHT,
            fontSize=12,
        )
        .encode(x=alt.value(0), y=row, text=alt.Text("label_lines:N"), tooltip=tooltip)
        for n in line_counts
    ]


def _value_layers(
    base: Any, row: Any, offset: float, tooltip: list[Any], value: str | None
) -> list[Any]:
    """The value shown at the mark's end, when `value` (the value's encoding) is given."""
    import altair as alt

    if not value:
        return []
    return [
        base.mark_text(
            align="left", baseline="middle", dx=6, yOffset=offset, fontSize=12, fontWeight="bold"
        ).encode(x=alt.X(value), y=row, text=alt.Text("shown_text:N"), tooltip=tooltip)
    ]


# --- tables ----------------------------------------------------------------------------------


def header_cells(names: list[str], lang: str = "en") -> str:
    """Column headers of an accessible table, escaped and marked with their language where it
    differs from the page's."""
    return "".join(f'<th scope="col"{i18n.lang_attr(n, lang)}>{html.escape(n)}</th>' for n in names)


SHORT_COLUMN_UNITS = 16  # a column whose every cell is this short never wraps (names, roles)
TEXT_COLUMN_UNITS = 60  # a column with a cell this long keeps a reading width (quotes, captions)


def column_class(values: list[str]) -> str:
    """How a column may be squeezed on a narrow screen or page: "short" (never wraps), "text"
    (keeps a reading width) or "" (wraps, but not below a few characters; see custom.css)."""
    widest = max((display_width(v) for v in values), default=0)
    if widest <= SHORT_COLUMN_UNITS:
        return "short"
    if widest >= TEXT_COLUMN_UNITS:
        return "text"
    return ""


def data_table(frame: pd.DataFrame, caption: str, lang: str = "en") -> str:
    """An accessible HTML table of the chart's data (every cell escaped, and marked with its
    language where it differs from the page's, for screen readers and fonts), in a box that
    scrolls sideways on its own when the table is wider than the page."""
    cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    names = [str(c) for c in frame.columns]
    kinds = [column_class([name] + [row[i] for row in cells]) for i, name in enumerate(names)]
    head = "".join(
        f'<th scope="col"{_class(kind)}{i18n.lang_attr(n, lang)}>{html.escape(n)}</th>'
        for n, kind in zip(names, kinds, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{_class(kind)}{i18n.lang_attr(v, lang)}>{html.escape(v)}</td>"
            for v, kind in zip(row, kinds, strict=True)
        )
        + "</tr>"
        for row in cells
    )
    return table_box(
        f'<table class="chart-data"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def table_box(table: str) -> str:
    """A table in the box that scrolls sideways on its own when the table is wider than the
    page: the theme's pst-scrollable-table-container, which it makes keyboard-focusable whenever
    it scrolls (axe: scrollable-region-focusable)."""
    return f'<div class="table-wrapper pst-scrollable-table-container">{table}</div>'


def _class(kind: str) -> str:
    return f' class="{kind}"' if kind else ""


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


# --- the figure ------------------------------------------------------------------------------

# Applied to every chart: nothing is cut off with "…" (labels are wrapped before they get here),
# text is legible on a phone, and a title breaks where `wrap` put its line breaks.
CONFIG: dict[str, Any] = {
    "lineBreak": "\n",
    "font": "sans-serif",
    "title": {"anchor": "start", "fontSize": 14, "lineHeight": 18, "limit": 0, "offset": 10},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 0, "titleLimit": 0},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 0, "titleLimit": 0},
    "view": {"stroke": None},
}


def responsive_spec(chart: Any, title: str, description: str) -> dict[str, Any]:
    """The chart's Vega-Lite spec for screens: as wide as its container, title wrapped."""
    spec: dict[str, Any] = chart.properties(
        title="\n".join(wrap(title, TITLE_UNITS)),
        description=description,
        width="container",
        autosize={"type": "fit-x", "contains": "padding"},
    ).to_dict()
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    return spec


# The PNG's renderer (vl-convert) gives text in "sans-serif" the first font it finds with the
# glyphs, for Chinese a serif one without bold: the sans CJK family is named first.
PRINT_FONT = "Noto Sans CJK SC, sans-serif"


def print_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The same chart at a fixed width, for the PNG fallback (no container to measure), its text
    in a sans-serif font that has Chinese."""
    return {**spec, "width": PRINT_WIDTH, "config": {**spec.get("config", {}), "font": PRINT_FONT}}


def figure(
    chart: Any, *, name: str, title: str, description: str, table: pd.DataFrame, lang: str = "en"
) -> dict[str, Any]:
    """A Jupyter display bundle for one chart: HTML (live chart + table) and a PNG fallback.

    The title should state the one question the chart answers."""
    if not _SLUG.match(name):
        raise ValueError(f"chart name {name!r} must be a lowercase slug")
    spec = responsive_spec(chart, title, description)
    if not spec.get("data") and not spec.get("datasets"):
        raise ValueError(f"chart {name!r} carries no data")
    image = png(print_spec(spec))
    _ = i18n.gettext(lang)
    # window.brCharts keeps each drawn view by name, for scripts and tests that read the scene
    body = (
        f'<figure class="br-chart" id="fig-{name}">'
        f'<div class="vega-chart" id="vis-{name}" role="img" '
        f'aria-label="{html.escape(title)}: {html.escape(description)}"></div>'
        f'<img class="chart-static" alt="{html.escape(title)}: {html.escape(description)}" '
        f'src="data:image/png;base64,{base64.b64encode(image).decode()}">'
        f'<script type="application/json" id="spec-{name}">{inert_json(spec)}</script>'
        f"<script>vegaEmbed('#vis-{name}', JSON.parse(document.getElementById('spec-{name}')"
        f".textContent), {{renderer: 'svg', actions: false}}).then(function (result) "
        f"{{ (window.brCharts = window.brCharts || {{}})['{name}'] = result.view; }});</script>"
        f"<figcaption><strong>{html.escape(title)}</strong> {html.escape(description)}"
        f"</figcaption>"
        f'<details class="chart-table"><summary>{html.escape(_("Data table"))}'
        f"</summary>{data_table(table, title, lang)}</details></figure>"
    )
    return {
        "text/html": body,
        "image/png": base64.b64encode(image).decode(),
        "text/plain": f"{title} {description}",
    }


def show(
    chart: Any, *, name: str, title: str, description: str, table: pd.DataFrame, lang: str = "en"
) -> None:
    from IPython.display import display

    bundle = figure(chart, name=name, title=title, description=description, table=table, lang=lang)
    display(bundle, raw=True)
