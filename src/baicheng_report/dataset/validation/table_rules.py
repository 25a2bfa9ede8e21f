"""Rules of one table that read beyond its own cells: the source text around each row, the
archive its row names, the repair log derived from the archive, the cells a correction names.
Each runs on the table's typed frame with the context given; a table that breaks one is left out
of the cross-table rules, as a table that breaks its schema is."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pandas as pd

from baicheng_report.dataset import guarded, registry, schemas
from baicheng_report.dataset.checks import missing
from baicheng_report.dataset.validation.context import Context
from baicheng_report.dataset.validation.failure import Failure, cells_named, line
from baicheng_report.dataset.validation.rules import Rule, table_rule
from baicheng_report.source import text as source

ROUND_TRIP = "simplified_text[char_start:char_end] == evidence"


def _failing(rule: Rule, frame: pd.DataFrame, ok: list[bool]) -> Iterator[Failure]:
    """A failure for each row that does not hold, named by its line, as a pandera check is, with
    the row's cells of the columns the rule's description names."""
    columns = list(frame.columns)
    for index, holds in zip(frame.index, ok, strict=True):
        if not holds:
            failure = rule.fail(f"{rule.table}.csv", line(index))
            cells = cells_named(rule.description, frame.loc[index], columns)
            yield dataclasses.replace(failure, cells=cells)


def _round_trips(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    text = context.simplified
    ok = [
        any(missing(v) for v in (s, e, ev)) or text[int(s) : int(e)] == ev
        for s, e, ev in zip(frame["char_start"], frame["char_end"], frame["evidence"], strict=True)
    ]
    return _failing(rule, frame, ok)


# every table whose model inherits the evidence columns, and metric_readings where it has one
for _table in (
    *(n for n in registry.TABLE_NAMES if issubclass(schemas.MODELS[n], schemas.Evidenced)),
    "metric_readings",
):
    table_rule(_table, "evidence_round_trips", ROUND_TRIP, reads_text=True)(_round_trips)


@table_rule(
    "sources",
    "archive_matches_hash",
    "the archived file exists and still has its recorded SHA-256 (sha256)",
)
def _archive(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    def ok(file: str, sha: str) -> bool:
        try:
            digest = guarded.sha256(context.data_dir, file, guarded.MAX_TEXT_BYTES)
        except guarded.RefusedFile:
            return False  # a path outside the directory, a link, a device: never read
        return digest == sha == source.RAW_SHA256

    return _failing(
        rule, frame, [ok(f, s) for f, s in zip(frame["file"], frame["sha256"], strict=True)]
    )


@table_rule(
    "source_repairs",
    "matches_derivation",
    "raw_start, raw_end, raw_span, replacement, kind and confidence are those of the repair "
    "derived from the raw text for this row",
    reads_text=True,
)
def _repairs(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    assert context.derived is not None  # reads_text
    expected = source.repair_table(context.derived)
    cols = ["raw_start", "raw_end", "raw_span", "replacement", "kind", "confidence"]
    wanted = expected.to_dict("records")
    ok = [
        pos < len(wanted) and all(_same(row[c], wanted[pos][c]) for c in cols)
        for pos, row in enumerate(frame[cols].to_dict("records"))
    ]
    return _failing(rule, frame, ok)


def _same(a: object, b: object) -> bool:
    return (missing(a) and missing(b)) or bool(a == b)


@table_rule(
    "quotes",
    "attribution_matches_source",
    "a named speaker is credited after the quote (char_end) as role_zh, speaker_zh, 说",
    reads_text=True,
)
def _attribution(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    """A named speaker is credited right after the quote as role, name and 说; an unnamed one
    is not credited there at all."""

    def ok(speaker: object, role: str, end: int) -> bool:
        after = context.simplified[end : end + 60]
        if missing(speaker):
            return re.match(r"^”[^“”。,，]{0,30}说[。,，:：]", after) is None
        return after.startswith(f"”{role}{speaker}说")

    rows = zip(frame["speaker_zh"], frame["role_zh"], frame["char_end"], strict=True)
    return _failing(rule, frame, [ok(*row) for row in rows])


@table_rule(
    "photos",
    "credit_follows_caption",
    "photographer_zh is the one credited (摄) right after the caption (char_end); file_photo "
    "says whether the page calls its pictures file photos (资料图片)",
    reads_text=True,
)
def _credit(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    """The photographer is the one credited (摄) right after the caption, and file_photo says
    whether the page calls its pictures file photos (资料图片)."""
    text = context.simplified
    filed = "资料图片" in text

    def ok(name: str, end: int, file_photo: object) -> bool:
        if missing(name) or missing(file_photo):
            return True  # an empty cell is the schema's failure, named by its row and column
        credited = re.match(rf"^\s*{re.escape(name)}\s+摄", text[end : end + 40]) is not None
        return credited and bool(file_photo) == filed

    rows = zip(frame["photographer_zh"], frame["char_end"], frame["file_photo"], strict=True)
    return _failing(rule, frame, [ok(*row) for row in rows])


@table_rule(
    "corrections",
    "new_value_holds",
    "new_value is what the data holds now at table, row_id and column (or the old_value of the "
    "cell's next correction)",
)
def _corrections(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    """Each correction's new value is what the table (or derived text, at the offset) holds, or,
    for a cell corrected again later, the old value of its next correction."""
    columns = zip(frame["table"], frame["row_id"], frame["column"], strict=True)
    keys = [(str(table), str(row_id), str(column)) for table, row_id, column in columns]
    olds = ["" if missing(v) else str(v) for v in frame["old_value"]]
    news = ["" if missing(v) else str(v) for v in frame["new_value"]]
    # A cell corrected again later: its earlier correction's new value is the later one's old
    # value (a chain, undone from the newest); only the newest must be what the data holds.
    ok = [False] * len(keys)
    later: dict[tuple[str, str, str], str] = {}
    for i in reversed(range(len(keys))):
        key = keys[i]
        ok[i] = later[key] == news[i] if key in later else _holds(context, *key, news[i])
        later[key] = olds[i]
    # A row that is gone (its id changed, or deleted) is named as such, by its id: the cause.
    gone = [not h and _row_gone(context, t, r) for (t, r, _), h in zip(keys, ok, strict=True)]
    for index, (table, row_id, _), is_gone in zip(frame.index, keys, gone, strict=True):
        if is_gone:
            message = (
                f"new_value_holds: {table} has no row {row_id} (its id changed, or it is gone)"
            )
            yield rule.fail(f"{rule.table}.csv", line(index), "row_id", row_id, message)
    yield from _failing(rule, frame, [holds or g for holds, g in zip(ok, gone, strict=True)])


def _row_gone(context: Context, table: str, row_id: str) -> bool:
    if table not in registry.TABLE_NAMES or table in context.unread:
        return False  # a derived text's offset, or a table whose own failure says why
    return not any(r == row_id for r, _ in context.cells(table))


def _holds(context: Context, table: str, row_id: str, column: str, value: str) -> bool:
    texts = {"source_clean": "clean", "source_simplified": "simplified"}
    if table in texts:
        if context.derived is None:
            return True  # the source's own failure says why there is no text to read
        text = getattr(context.derived, texts[table])
        start = int(row_id) if row_id.isdigit() else -1
        return start >= 0 and text[start : start + len(value)] == value != ""
    if table in context.unread:
        return True  # the table's own failure says why it cannot be read
    cells = context.cells(table)
    # A column removed since (split into others): its correction empties the cell, and the
    # row, still there, no longer has the column.
    removed = value == "" and any(r == row_id for r, _ in cells)
    return cells.get((row_id, column), "" if removed else None) == value


@table_rule(
    "metrics",
    "area_stated_in_sentence",
    "area_stated is True exactly when the figure's sentence (around char_start and char_end) "
    "contains area_zh",
    reads_text=True,
)
def _area_stated(rule: Rule, frame: pd.DataFrame, context: Context) -> Iterator[Failure]:
    """Whether the sentence (or clause) holding a figure's evidence names its area: the traffic
    figures' clause names none, so their area is inferred."""
    from baicheng_report.vocabulary.claims import sentence_span

    text = context.simplified
    ok = []
    for name, stated, start, end in zip(
        frame["area_zh"], frame["area_stated"], frame["char_start"], frame["char_end"], strict=True
    ):
        if not 0 <= int(start) <= int(end) <= len(text):
            ok.append(True)  # offsets outside the text: evidence_round_trips names the row
            continue
        first, last = sentence_span(text, int(start), int(end))
        named = isinstance(name, str) and name in text[first:last]
        ok.append(named == bool(stated))
    yield from _failing(rule, frame, ok)
