"""Prose whose every number comes from the dataset and links to the sentence that states it."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from baicheng_report import schemas

SOURCE_PAGE = "source.html"


def anchor(table: str, row_id: str) -> str:
    """Id of a row's evidence in the source chapter."""
    return f"ev-{table}-{row_id}"


def number(
    value: Any, unit: str | None = None, qualifier: str | None = None, lang: str = "en"
) -> str:
    """22 → "22"; -22 percent → "22%"; 600000 person_time more_than → "more than 600,000" in
    English and "60余万" in Chinese, as the article writes it."""
    magnitude = abs(float(value))
    text = f"{magnitude:,.0f}" if magnitude.is_integer() else f"{magnitude:,.1f}"
    if unit == "percent":
        text += "%"
    if lang == "zh":
        return _number_zh(magnitude, text, qualifier)
    words = {"more_than": "more than ", "less_than": "under "}
    return words.get(qualifier or "", "") + text


def _number_zh(magnitude: float, text: str, qualifier: str | None) -> str:
    if magnitude >= 10_000 and magnitude % 10_000 == 0:  # 600000 → 60万, as Chinese counts
        head = f"{magnitude / 10_000:g}"
        return head + ("余万" if qualifier == "more_than" else "万")
    return {"more_than": "超过", "less_than": "不到"}.get(qualifier or "", "") + text


def claim(
    table: str, row: pd.Series, column: str, text: str | None = None, lang: str = "en"
) -> str:
    """One number as an HTML link to its evidence; data attributes let tests re-check it."""
    key = schemas.primary_key(table)
    row_id = str(row[key])
    shown = (
        text
        if text is not None
        else number(row[column], row.get("unit"), row.get("qualifier"), lang)
    )
    return (
        f'<a class="claim" href="{SOURCE_PAGE}#{anchor(table, row_id)}" '
        f'data-table="{table}" data-id="{html.escape(row_id)}" data-column="{column}" '
        f'title="{html.escape(str(row["evidence"]))}">{html.escape(shown)}</a>'
    )


def paragraph(template: str, **claims: str) -> str:
    """Fill a template whose static words are escaped and whose {slots} are claim links."""
    escaped = html.escape(template).replace("{{", "\0").replace("}}", "\1")
    return "<p>" + escaped.format(**claims).replace("\0", "{").replace("\1", "}") + "</p>"


def show(*paragraphs: str) -> None:
    from IPython.display import HTML, display

    display(HTML("\n".join(paragraphs)))
