"""What each edition serves for tools: the simplified article as plain text, and every fact and
every numeral of the dataset as a W3C Web Annotation on that text (annotations.jsonld).

One annotation per row that states a fact or a numeral (the rows the source chapter lists as
evidence). Its
target is the served text, selected twice: by quote (the evidence, with enough of the text
before and after it to occur once) and by position (the row's offsets, in code points). Its
bodies are the row's claims in the book: table, row, column, value, unit, qualifier (codes, for
machines), the value as each edition shows it (through the one renderer) and the claim's URL in
each edition; a row the book does not cite gets one body naming table and row.
Everything comes from the tables and claims(); nothing here is written by hand.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from baicheng_report import meta
from baicheng_report.dataset import registry
from baicheng_report.dataset.tables import read
from baicheng_report.report.i18n import HTML_LANG
from baicheng_report.vocabulary.claims import EDITIONS, claims, simplified_text

TEXT_FILE = "simplified.txt"
ANNOTATIONS_FILE = "annotations.jsonld"
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The dataset's own terms, beside the W3C context's.
TERMS: dict[str, Any] = {
    "br": f"{meta.REPOSITORY}/terms#",
    "table": "br:table",
    "row": "br:row",
    "column": "br:column",
    "unit": "br:unit",
    "qualifier": "br:qualifier",
    "shown": "br:shown",
    "claim": {"@id": "br:claim", "@type": "@id"},
}
QUOTE_CONTEXT = 32  # characters of prefix and suffix, doubled until the quote occurs once


def quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    """A TextQuoteSelector for text[start:end] whose prefix + exact + suffix occurs once."""
    exact, width = text[start:end], QUOTE_CONTEXT
    while True:
        prefix, suffix = text[max(0, start - width) : start], text[end : end + width]
        quote = prefix + exact + suffix
        first = text.find(quote)
        if text.find(quote, first + 1) == -1 or (start - width <= 0 and end + width >= len(text)):
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        width *= 2


def _json_value(value: float, words: str) -> float | int | str:
    if math.isnan(value):  # a literal such as 7×24
        return words
    return int(value) if float(value).is_integer() else float(value)


def _claim_body(claim: Mapping[Hashable, Any], langs: Iterable[str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "table": claim["table"],
        "row": claim["row_id"],
        "column": claim["column"],
        "value": _json_value(claim["value"], claim["value_text"]),
    }
    for key in ("unit", "qualifier"):
        if isinstance(claim[key], str):
            body[key] = claim[key]
    body["shown"] = [
        {"value": claim[f"text_{lang}"], "language": HTML_LANG[lang]} for lang in langs
    ]
    # relative to the edition's folder, where this file is served: ../<lang>/book/...
    body["claim"] = [
        {"id": f"../{claim[f'url_{lang}']}", "language": HTML_LANG[lang]} for lang in langs
    ]
    return body


def collection(
    data_dir: Path | str | None = None, langs: Iterable[str] = EDITIONS
) -> dict[str, Any]:
    """The annotation collection, as a JSON-LD document."""
    langs = tuple(langs)
    shown = claims(data_dir=data_dir)
    text = simplified_text(data_dir)
    items = []
    for table in registry.ANCHORED_TABLES:
        key = registry.table(table).key
        frame: pd.DataFrame = read(table, data_dir)
        for row in frame.to_dict(orient="records"):
            row_id, start, end = str(row[key]), int(row["char_start"]), int(row["char_end"])
            cited = shown[(shown["table"] == table) & (shown["row_id"] == row_id)]
            bodies = [_claim_body(c, langs) for c in cited.to_dict(orient="records")]
            items.append(
                {
                    "id": f"#{table}.{row_id}",
                    "type": "Annotation",
                    "motivation": "describing",
                    "body": bodies or [{"table": table, "row": row_id}],
                    "target": {
                        "type": "SpecificResource",
                        "source": {
                            "id": TEXT_FILE,
                            "type": "Text",
                            "format": "text/plain",
                            "language": HTML_LANG["zh"],
                        },
                        "selector": [
                            quote_selector(text, start, end),
                            {"type": "TextPositionSelector", "start": start, "end": end},
                        ],
                    },
                }
            )
    return {
        "@context": [W3C_CONTEXT, TERMS],
        "id": ANNOTATIONS_FILE,
        "type": "AnnotationCollection",
        "label": f"{meta.CITATION_TITLE}: every fact and numeral, on the simplified text",
        "total": len(items),
        "first": {
            "id": f"{ANNOTATIONS_FILE}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def publish(site: Path, data_dir: Path | str | None, langs: Iterable[str]) -> None:
    """Write the plain text and the annotations into every edition's folder of `site`."""
    langs = tuple(langs)
    text = simplified_text(data_dir).encode("utf-8")
    document = json.dumps(collection(data_dir, langs), ensure_ascii=False, indent=1) + "\n"
    for lang in langs:
        (site / lang / TEXT_FILE).write_bytes(text)
        (site / lang / ANNOTATIONS_FILE).write_text(document, encoding="utf-8")
