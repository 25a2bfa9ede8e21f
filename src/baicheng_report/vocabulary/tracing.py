"""Trace any cell of a fact table to the article: its value in words, the sentence, the exact span.

`trace("metrics.traffic_deaths_change.value")` (and `baicheng-report cite`) follows every column
of every row of the tables whose rows carry evidence, and of `numeric_mentions` (the registry's
ANCHORED_TABLES), not only the numbers the book shows. The
span of a number is the numeral that `numeric_mentions` records for the row (the 29 inside
分别下降36%、29%、13%、49%), else the cell's own text where it occurs in the evidence, else the
evidence. Values reach the reader through the one renderer (`render`); the codes of the data
(`person_time`, `more_than`) stay in the `value` field. Like `load`, this needs pandas only.

The module is not named after its function: the package binds `trace` to the function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baicheng_report.dataset import registry
from baicheng_report.dataset.registry import ANCHORED_TABLES
from baicheng_report.dataset.tables import read
from baicheng_report.meta import DATASET
from baicheng_report.vocabulary import render
from baicheng_report.vocabulary.claims import (
    EDITIONS,
    SOURCE_PAGE,
    claim_id,
    find,
    page_url,
    sentence_span,
    simplified_text,
    text_fragment,
)

if TYPE_CHECKING:
    import pandas as pd

# Columns whose number is a month of the article's year.
MONTH_COLUMNS = frozenset({("response_cases", "month")})
# Words this module adds to the renderer's: an empty cell, a qualifier that qualifies nothing.
EMPTY_WORDS = {"en": "(empty: the article states none)", "zh": "（空：文章未说明）"}
EXACT_WORDS = {"en": "exactly as stated", "zh": "确数"}
_OFFSETS = frozenset({"char_start", "char_end"})  # they locate the evidence; no numeral states them


class UnknownAddress(LookupError):
    """An address that names no evidenced cell; `suggestions` are close ones that do."""

    def __init__(self, address: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"no evidenced cell {address!r}: give table.row.column of a table with evidence "
            f"({', '.join(ANCHORED_TABLES)}), a claim id or its permalink{hint}"
        )
        self.address = address
        self.suggestions = suggestions


@dataclass(frozen=True)
class Trace:
    """One cell, traced: what it holds, in words, and where the article says it.

    `value` is the cell as the table holds it (None when empty); `text` the value in each edition's
    words; `label`, for a figure whose row names what it counts, that name in each edition;
    `evidence` spans char_start:char_end of the simplified text, `sentence` spans
    sentence_start:sentence_end around it and `span` (span_start:span_end) is the figure itself.
    `book_url` is set, per edition, when the book shows the cell as a claim; `source_url` always
    points at the row's evidence in the source chapter."""

    address: str
    table: str
    row_id: str
    column: str
    claim_id: str | None
    value: Any
    text: Mapping[str, str]
    label: Mapping[str, str] | None
    evidence: str
    char_start: int
    char_end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    span: str
    span_start: int
    span_end: int
    book_url: Mapping[str, str] | None
    source_url: Mapping[str, str]


def _python(cell: Any) -> Any:
    """A cell as a plain Python value: numpy scalars unwrapped, an empty cell (NaN, <NA>) None."""
    import pandas as pd

    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return None
    item = getattr(cell, "item", None)
    return item() if callable(item) else cell


def _code(row: Mapping[str, Any], column: str | None) -> str | None:
    value = _python(row.get(column)) if column is not None else None
    return value if isinstance(value, str) else None


def unit_of(table: str, column: str, row: Mapping[str, Any]) -> str | None:
    """The unit code of a numeric cell: fixed by its column, or held in its row's unit column."""
    record = registry.table(table)
    figure = column == record.value
    return record.fixed_units.get(column) or _code(row, record.unit if figure else None)


def code_words(table: str, column: str, code: str, lang: str) -> str:
    """A unit, qualifier or other code in words (the registry's); any other text as written."""
    words = registry.code_words(table, column, code, lang)
    if words is not None:
        return words
    record = registry.table(table)
    if column == record.unit:
        known = code in render.UNIT_WORDS[lang] or code in render.BARE_UNIT_WORDS[lang]
        return render.unit_name(code, lang) if known else code
    if column == record.qualifier:
        if code == "exact":
            return EXACT_WORDS[lang]
        return render.QUALIFIER_WORDS[lang].get(code, code).strip()
    return code


def in_words(table: str, column: str, row: Mapping[str, Any], lang: str) -> str:
    """The cell as an edition's reader reads it: a number with its unit and qualifier through
    the renderer, a month as a month, a code as its words, any other text as written."""
    cell = _python(row[column])
    if cell is None:
        return EMPTY_WORDS[lang]
    if isinstance(cell, bool):
        return render.yes_no(cell, lang)
    if isinstance(cell, int | float):
        if (table, column) in MONTH_COLUMNS and float(cell).is_integer() and 1 <= cell <= 12:
            return render.month(int(cell), lang)
        record = registry.table(table)
        qualifier = _code(row, record.qualifier if column == record.value else None)
        unit, written = unit_of(table, column, row), _code(row, record.written.get(column))
        if written is not None:  # as a claim of the book reads: 两户 in words
            return render.claim_text(float(cell), written, unit, qualifier, lang)
        return render.quantity(float(cell), unit, qualifier, lang)
    literal_unit = registry.table(table).literal_units.get(column)
    if literal_unit is not None:  # 7×24 hours, 7×24小时
        return render.literal(str(cell), literal_unit, lang)
    return code_words(table, column, str(cell), lang)


def _label(table: str, column: str, row: Mapping[str, Any]) -> dict[str, str] | None:
    base = registry.table(table).counts.get(column)
    labels = {lang: _code(row, f"{base}_{lang}") for lang in EDITIONS} if base else {}
    named = {lang: label for lang, label in labels.items() if label}
    return named if len(named) == len(EDITIONS) else None


def _occurrences(needle: str, haystack: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while needle and at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _whole(evidence: str, at: int, length: int) -> bool:
    """The occurrence does not cut a number: 9 inside 2019 is not the figure 9. Only an edge that
    is a digit can cut one: 主城区 right before 21 is whole."""
    part = evidence[at : at + length]
    before = evidence[at - 1] if at > 0 else ""
    after = evidence[at + length] if at + length < len(evidence) else ""
    cuts_before = part[0].isdigit() and before.isdigit()
    return not (cuts_before or (part[-1].isdigit() and after.isdigit()))


def _text_span(cell: str, evidence: str) -> tuple[int, int] | None:
    """Where the cell's text, or its longest part that occurs (白城市区 of "白城市区 (Baicheng
    urban districts)", 2019 of "same period of 2019"), occurs whole in the evidence, relative
    to it."""
    parts = [cell, *sorted(re.split(r"[\s()（）,，;；]+", cell), key=len, reverse=True)]
    for part in parts:
        if len(part) < 2 and part != cell:
            continue
        for at in _occurrences(part, evidence):
            if _whole(evidence, at, len(part)):
                return at, at + len(part)
    return None


def _numeral_span(
    value: float, mentions: list[dict[str, Any]], taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The numeral of the row that states `value`, skipping those inside another figure's words."""
    for mention in mentions:
        start, end = int(mention["char_start"]), int(mention["char_end"])
        inside = any(first <= start and end <= last for first, last in taken)
        if float(mention["value"]) == abs(value) and not inside:
            return start, end
    return None


def figure_span(
    table: str, row_id: str, column: str, row: Mapping[str, Any], mentions: list[dict[str, Any]]
) -> tuple[int, int]:
    """Offsets in the simplified text of what states the cell: its numeral, its words, or the
    whole evidence. `mentions` are the numeric_mentions rows inside the row's evidence."""
    start, end = int(row["char_start"]), int(row["char_end"])
    evidence, cell = str(row["evidence"]), _python(row[column])

    def written(col: str) -> tuple[int, int] | None:
        words = _code(row, registry.table(table).written.get(col))
        found = _text_span(words, evidence) if words else None
        return (start + found[0], start + found[1]) if found else None

    if cell is None or column in _OFFSETS:
        return start, end
    # A figure's own words, where they occur in the evidence, are its span: 60余万 holds no
    # numeral worth 600000, and 3分钟 tells the duration's 3 from the month's 3 in one sentence.
    own = written(column)
    if own is not None:
        return own
    captured = [m for m in mentions if (m["captured_table"], m["captured_id"]) == (table, row_id)]
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        taken = [span for c in registry.table(table).written if (span := written(c))]
        # the numeral the row captured; else one in its evidence no other figure's words hold
        # (2019 of 2019年同期: a year every change of the sentence shares, captured by none)
        found = _numeral_span(float(cell), captured, taken) or _numeral_span(
            float(cell), mentions, taken
        )
        return found or (start, end)
    # the cell's text, or a unit's or qualifier's Chinese words (人次 for person_time); not the
    # words of a code the data classifies by (a section, a category), which the article never
    # states as such: words like 治安 occur in many sentences
    classified = column in registry.table(table).classified
    found_text = _text_span(str(cell), evidence) or (
        None if classified else _text_span(in_words(table, column, row, "zh"), evidence)
    )
    if found_text is not None:
        return start + found_text[0], start + found_text[1]
    return start, end


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


@dataclass(frozen=True)
class _Dataset:
    """What tracing reads, read once: the evidenced rows by address, the numerals, the text."""

    rows: dict[str, dict[str, dict[str, Any]]]  # table -> row id -> row
    mentions: list[dict[str, Any]]
    text: str

    @classmethod
    def read(cls, data_dir: Path | str | None) -> _Dataset:
        rows: dict[str, dict[str, dict[str, Any]]] = {}
        for table in ANCHORED_TABLES:
            key = registry.table(table).key
            records = _records(read(table, data_dir))
            rows[table] = {str(row[key]): row for row in records}
        mentions = _records(read("numeric_mentions", data_dir))
        return cls(rows, mentions, simplified_text(data_dir))

    def addresses(self) -> list[str]:
        return [
            f"{table}.{row_id}.{column}"
            for table, rows in self.rows.items()
            for row_id, row in rows.items()
            for column in row
        ]

    def resolve(self, address: str) -> tuple[str, str, str]:
        valid = self.addresses()
        by_claim = {claim_id(*a.split(".")): a for a in valid}
        wanted = address.strip().rsplit("#", 1)[-1]
        wanted = by_claim.get(wanted, wanted)
        if wanted in valid:
            table, row_id, column = wanted.split(".")
            return table, row_id, column
        near = get_close_matches(wanted, valid, n=3, cutoff=0.6)
        raise UnknownAddress(address, near)


def addresses(data_dir: Path | str | None = None) -> list[str]:
    """Every address `trace` follows: table.row.column of each evidenced cell, table by table."""
    return _Dataset.read(data_dir).addresses()


def _absolute(base_url: str | None, relative: str) -> str:
    base = base_url if base_url is not None else DATASET.site_url
    return base.rstrip("/") + "/" + relative


def trace(
    address: str, *, base_url: str | None = None, data_dir: Path | str | None = None
) -> Trace:
    """Where one cell comes from. `address` is table.row.column of any cell of a table with
    evidence (metrics.traffic_deaths_change.value, response_cases.changqingqiao_alert.month), a
    claim id (claim-metrics-police_workstations-value) or a permalink ending in one. URLs are
    absolute, on the dataset's site (`base_url` overrides: e.g. a local build). An unknown
    address raises UnknownAddress (a LookupError) whose `suggestions` are valid addresses."""
    if not isinstance(address, str):
        raise TypeError(f"an address is a str, table.row.column, not {type(address).__name__}")
    dataset = _Dataset.read(data_dir)
    return _trace(dataset, *dataset.resolve(address), base_url)


def trace_all(*, base_url: str | None = None, data_dir: Path | str | None = None) -> list[Trace]:
    """Every evidenced cell, traced (what `trace` gives for each of `addresses()`)."""
    dataset = _Dataset.read(data_dir)
    cells = (address.split(".") for address in dataset.addresses())
    return [_trace(dataset, table, row, column, base_url) for table, row, column in cells]


def _trace(dataset: _Dataset, table: str, row_id: str, column: str, base_url: str | None) -> Trace:
    row, text = dataset.rows[table][row_id], dataset.text
    start, end = int(row["char_start"]), int(row["char_end"])
    mentions = [
        m for m in dataset.mentions if start <= int(m["char_start"]) and int(m["char_end"]) <= end
    ]
    span_start, span_end = figure_span(table, row_id, column, row, mentions)
    first, last = sentence_span(text, start, end)
    cid = claim_id(table, row_id, column)
    try:
        page: str | None = find(table, row_id, column).page
    except KeyError:  # a cell the book does not show
        page = None
    fragment = text_fragment(table, row_id, start, end, text)
    return Trace(
        address=f"{table}.{row_id}.{column}",
        table=table,
        row_id=row_id,
        column=column,
        claim_id=cid if page is not None else None,
        value=_python(row[column]),
        text={lang: in_words(table, column, row, lang) for lang in EDITIONS},
        label=_label(table, column, row),
        evidence=str(row["evidence"]),
        char_start=start,
        char_end=end,
        sentence=text[first:last],
        sentence_start=first,
        sentence_end=last,
        span=text[span_start:span_end],
        span_start=span_start,
        span_end=span_end,
        book_url=(
            {lang: _absolute(base_url, page_url(lang, page, cid)) for lang in EDITIONS}
            if page is not None
            else None
        ),
        source_url={
            lang: _absolute(base_url, page_url(lang, SOURCE_PAGE, fragment)) for lang in EDITIONS
        },
    )
