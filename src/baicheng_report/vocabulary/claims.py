"""Every number the book shows, one row per claim: its value, its evidence and its permalinks.

The book's claim links (report/prose.py) are built from the same records as `claims()`, so the
API and the pages cannot disagree. `SHOWN` lists the numbers the book shows, page by page: the
book refuses to link a number that is not listed, and a test checks that the built book shows
exactly these. Like `load`, this module needs pandas only: never pandera, Altair or Jupyter.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baicheng_report.dataset import guarded, registry
from baicheng_report.dataset.tables import read, resolve, verified_text
from baicheng_report.source.numerals import parse_integer
from baicheng_report.source.text import SIMPLIFIED_FILE
from baicheng_report.vocabulary import render

if TYPE_CHECKING:
    import pandas as pd

EDITIONS = render.LANGUAGES  # the book's editions
BOOK_DIR = "book"  # where the chapters sit in each edition's site
SOURCE_PAGE = "source"
DICTIONARY_PAGE = "dictionary"
CONTEXT = 24  # characters of context either side of an evidence phrase in the source chapter
_SENTENCE_ENDS = "。！？!?;；"
_CLOSING = "”’」』）)"


@dataclass(frozen=True)
class Shown:
    """A number the book shows: a cell of a table, on a page. `phrase` is set when the number is
    part of the cell (2019 in "same period of 2019"); `unit` says what it counts where no column
    of the table does (a numeral of numeric_mentions: 两户)."""

    page: str
    table: registry.TableName
    row_id: str
    column: str
    phrase: str | None = None
    unit: str | None = None


def _values(page: str, table: registry.TableName, column: str, *row_ids: str) -> tuple[Shown, ...]:
    return tuple(Shown(page, table, row_id, column) for row_id in row_ids)


SHOWN: tuple[Shown, ...] = (
    Shown("public_safety", "metrics", "criminal_incidents_change", "baseline_year"),
    *_values(
        "public_safety",
        "metrics",
        "value",
        "criminal_incidents_change",
        "public_order_incidents_change",
        "traffic_accidents_change",
        "traffic_deaths_change",
        "traffic_injuries_change",
        "traffic_property_loss_change",
    ),
    *_values(
        "patrol_response",
        "metrics",
        "value",
        "patrol_core_areas",
        "patrol_key_areas",
        "patrol_must_visit_points",
        "patrol_must_patrol_lines",
        "police_workstations",
        "workstation_hours_per_day",
        "response_target_first_tier",
        "response_target_second_tier",
        "response_target_third_tier",
    ),
    *_values(
        "patrol_response",
        "response_cases",
        "duration_value",
        "changqingqiao_alert",
        "economic_zone_pursuit",
    ),
    # 两户: the households of the Siji Huacheng dispute, a numeral no fact's column holds
    Shown("patrol_response", "numeric_mentions", "n028", "value", unit="count"),
    Shown("service_tiers", "service_tiers", "hall", "item_count"),
    Shown("service_tiers", "service_tiers", "workstations", "item_count"),
    Shown("service_tiers", "service_tiers", "workstations", "venue_count"),
    Shown("service_tiers", "service_tiers", "workstations", "self_service"),
    Shown("service_tiers", "service_tiers", "workstations", "service_circle_minutes"),
    Shown("service_tiers", "service_tiers", "stations", "item_count"),
    Shown("service_tiers", "service_tiers", "stations", "service_circle_minutes"),
    *_values("service_tiers", "metrics", "value", "people_served_total", "cost_saved_total"),
    *_values(
        "co_governance",
        "metrics",
        "value",
        "co_governance_departments",
        "cooperation_mechanisms",
        "partner_industry_units",
    ),
)
COLUMNS: dict[str, str] = {  # the columns of claims(), with their dtypes
    "claim_id": "str",
    "page": "str",
    "table": "str",
    "row_id": "str",
    "column": "str",
    "value": "float64",
    "value_text": "str",  # the figure as the article writes it, as in metrics.value_text
    "unit": "str",
    "qualifier": "str",
    "label_en": "str",
    "label_zh": "str",
    **{f"text_{lang}": "str" for lang in EDITIONS},  # the value as each edition shows it
    "evidence": "str",
    "char_start": "int64",
    "char_end": "int64",
    "sentence_start": "int64",
    "sentence_end": "int64",
    **{f"{kind}_{lang}": "str" for kind in ("url", "source_url") for lang in EDITIONS},
}


def claim_id(table: str, row_id: str, column: str) -> str:
    """The claim's permalink id: a function of table, row id and column only, so it is the same
    in every build and every edition (row ids and column names are slugs)."""
    return f"claim-{table}-{row_id}-{column}"


def evidence_anchor(table: str, row_id: str) -> str:
    """Id of a row's evidence item in the source chapter."""
    return f"ev-{table}-{row_id}"


def dictionary_anchor(table: str, column: str) -> str:
    """Id of a column's row in the data dictionary."""
    return f"field-{table}-{column}"


def find(table: str, row_id: str, column: str) -> Shown:
    """The SHOWN entry of one claim; a KeyError names a claim the book may not show."""
    for shown in SHOWN:
        if (shown.table, shown.row_id, shown.column) == (table, row_id, column):
            return shown
    raise KeyError(
        f"{table}.{row_id}.{column} is not in claims.SHOWN: list every number the book shows "
        "there, with its page"
    )


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or clause, up to a semicolon) around text[start:end], within its line; a
    closing quotation mark after a full stop belongs to the sentence it closes."""
    first = start
    while first > 0 and text[first - 1] not in _SENTENCE_ENDS + "\n":
        first -= 1
    while first < start and (text[first].isspace() or text[first] in _CLOSING):
        first += 1
    last = end
    if not (end > start and text[end - 1] in _SENTENCE_ENDS):
        while last < len(text) and text[last] != "\n":
            last += 1
            if text[last - 1] in _SENTENCE_ENDS:
                break
    while last < len(text) and text[last] in _CLOSING:
        last += 1
    return first, last


def evidence_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The CONTEXT characters before and after an evidence phrase, within its line: what the
    source chapter shows around it."""
    before = text[max(0, start - CONTEXT) : start].rsplit("\n", maxsplit=1)[-1]
    after = text[end : end + CONTEXT].split("\n", maxsplit=1)[0]
    return before, after


def evidence_item_text(table: str, row_id: str, start: int, end: int) -> str:
    """How the source chapter's evidence item for a row begins, before its context."""
    return f"{table}.{row_id} [{start}:{end}] "


def _directive(text: str) -> str:
    """Percent-encoding for a text directive: everything but unreserved characters, and `-`."""
    return urllib.parse.quote(text, safe="").replace("-", "%2D")


def text_fragment(table: str, row_id: str, start: int, end: int, text: str) -> str:
    """`ev-…:~:text=prefix-,phrase,-suffix`: the row's evidence item in the source chapter, and
    a Text Fragment that highlights the phrase itself there. Prefix and suffix are the item's
    own text, so the match is that item and no other, and both end on punctuation or at the
    item's edge, where a browser finds the word boundary it requires even in Chinese."""
    before, after = evidence_context(text, start, end)
    prefix = evidence_item_text(table, row_id, start, end) + "…" + before
    return (
        f"{evidence_anchor(table, row_id)}:~:text={_directive(prefix)}-,"
        f"{_directive(text[start:end])},-{_directive(after + '…')}"
    )


def page_url(lang: str, page: str, fragment: str) -> str:
    """A page of an edition, relative to the folder that holds the editions."""
    return f"{lang}/{BOOK_DIR}/{page}.html#{fragment}"


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> float:
    """A numeric cell as a float; NaN for a literal such as 7×24."""
    return math.nan if isinstance(value, str) else float(value)


def _optional(row: Mapping[Any, Any], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    return value if isinstance(value, str) else None


def unit(shown: Shown, row: Mapping[Any, Any]) -> str | None:
    """The unit code of a claimed cell: the claim's own (a phrase's), the one the column's
    definition fixes, or, for the table's figure, the one its unit column holds."""
    table = registry.table(shown.table)
    figure = shown.column == table.value
    return (
        shown.unit
        or table.fixed_units.get(shown.column)
        or table.literal_units.get(shown.column)
        or _optional(row, table.unit if figure else None)
    )


def qualifier(shown: Shown, row: Mapping[Any, Any]) -> str | None:
    """The qualifier code of a claimed cell: for the table's figure, its qualifier column's."""
    table = registry.table(shown.table)
    return _optional(row, table.qualifier if shown.column == table.value else None)


def labels(shown: Shown, row: Mapping[Any, Any]) -> dict[str, str]:
    """What a claimed cell counts, in each edition: the row's label columns the registry names
    for the column; a ValueError where the column has none or the row leaves one empty."""
    base = registry.table(shown.table).counts.get(shown.column)
    if base is None:
        raise ValueError(
            f"{shown.table}.{shown.column} has no label columns (registry): it cannot be a claim"
        )
    found = {lang: row.get(f"{base}_{lang}") for lang in EDITIONS}
    for lang, label in found.items():
        if not isinstance(label, str) or not label.strip():
            raise ValueError(
                f"{shown.table}.{shown.row_id}.{base}_{lang} is empty: a claimed value says what "
                "it counts"
            )
    return {lang: str(label) for lang, label in found.items()}


def record(shown: Shown, row: Mapping[Any, Any], text: str) -> dict[str, Any]:
    """One claim, from its row (as the table holds it) and the simplified text."""
    import pandas as pd

    cell = row[shown.column]
    if not isinstance(cell, str) and pd.isna(cell):
        raise ValueError(f"{shown.table}.{shown.row_id}.{shown.column} is empty: nothing to show")
    if shown.phrase is not None:
        if shown.phrase not in str(cell):
            raise ValueError(
                f"{shown.table}.{shown.row_id}.{shown.column} does not contain {shown.phrase!r}"
            )
        value, written = float(parse_integer(shown.phrase)), shown.phrase
    else:
        value = _number(cell)
        as_written = _optional(row, registry.table(shown.table).written.get(shown.column))
        written = as_written or _cell_text(cell)
    start, end = int(row["char_start"]), int(row["char_end"])
    first, last = sentence_span(text, start, end)
    label = labels(shown, row)
    unit_code, qualifier_code = unit(shown, row), qualifier(shown, row)
    cid = claim_id(shown.table, shown.row_id, shown.column)
    fragment = text_fragment(shown.table, shown.row_id, start, end, text)
    return {
        "claim_id": cid,
        "page": shown.page,
        "table": shown.table,
        "row_id": shown.row_id,
        "column": shown.column,
        "value": value,
        "value_text": written,
        "unit": unit_code,
        "qualifier": qualifier_code,
        **{f"label_{lang}": label[lang] for lang in EDITIONS},
        **{
            f"text_{lang}": render.claim_text(
                value, written, unit_code, qualifier_code, lang, phrase=shown.phrase
            )
            for lang in EDITIONS
        },
        "evidence": str(row["evidence"]),
        "char_start": start,
        "char_end": end,
        "sentence_start": first,
        "sentence_end": last,
        **{f"url_{lang}": page_url(lang, shown.page, cid) for lang in EDITIONS},
        **{f"source_url_{lang}": page_url(lang, SOURCE_PAGE, fragment) for lang in EDITIONS},
    }


@cache
def _text(data_dir: Path, mtime_ns: int, size: int) -> str:
    return verified_text(SIMPLIFIED_FILE, data_dir)


def simplified_text(data_dir: Path | str | None = None) -> str:
    """The simplified article, which every evidence offset indexes."""
    root = resolve(data_dir)
    path, size = guarded.locate(root, SIMPLIFIED_FILE, guarded.MAX_TEXT_BYTES)
    return _text(root, path.stat().st_mtime_ns, size)


def claims(*, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One row per number shown in the book, in the order the book shows them, page by page."""
    import pandas as pd

    text = simplified_text(data_dir)
    tables = {table: read(table, data_dir) for table in dict.fromkeys(s.table for s in SHOWN)}
    rows = []
    for shown in SHOWN:
        frame = tables[shown.table]
        found = frame[frame[registry.table(shown.table).key] == shown.row_id]
        if len(found) != 1:
            raise LookupError(f"{shown.table} has no row {shown.row_id!r} (claims.SHOWN)")
        rows.append(record(shown, found.iloc[0].to_dict(), text))
    return pd.DataFrame.from_records(rows, columns=list(COLUMNS)).astype(COLUMNS)
