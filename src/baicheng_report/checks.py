"""Checks that need the source text or more than one column: called by the schemas and
`validate`. The data directory under validation is a context variable, so the same schema checks
the packaged data and any copy of it."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import pandas as pd

from baicheng_report import guarded, numerals, render, source
from baicheng_report.paths import package_data_dir

_DATA_DIR: ContextVar[Path | None] = ContextVar("data_dir", default=None)
DECREASE, INCREASE = ("下降", "减少"), ("上升", "增长", "提高", "增加")


@contextmanager
def checking(data_dir: Path) -> Iterator[None]:
    """Check tables against the source archived in `data_dir`."""
    token = _DATA_DIR.set(data_dir)
    try:
        yield
    finally:
        _DATA_DIR.reset(token)


def data_dir() -> Path:
    return _DATA_DIR.get() or package_data_dir()


def _derived() -> source.Derived | None:
    try:
        return source.derive_from(data_dir().resolve())
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # the source itself is reported by `validate`; rows just fail here


def _series(values: list[bool], df: pd.DataFrame) -> pd.Series[bool]:
    return pd.Series(values, index=df.index, dtype=bool)


def evidence_round_trips(df: pd.DataFrame) -> pd.Series[bool]:
    derived = _derived()
    text = derived.simplified if derived else ""
    return _series(
        [
            text[s:e] == ev
            for s, e, ev in zip(df["char_start"], df["char_end"], df["evidence"], strict=True)
        ],
        df,
    )


def archive_matches_hash(df: pd.DataFrame) -> pd.Series[bool]:
    def ok(file: str, sha: str) -> bool:
        try:
            digest = guarded.sha256(data_dir(), file, guarded.MAX_TEXT_BYTES)
        except guarded.RefusedFile:
            return False  # a path outside the directory, a link, a device: never read
        return digest == sha == source.RAW_SHA256

    return _series([ok(f, s) for f, s in zip(df["file"], df["sha256"], strict=True)], df)


def repairs_match_derivation(df: pd.DataFrame) -> pd.Series[bool]:
    derived = _derived()
    expected = repair_table(derived) if derived else pd.DataFrame()
    cols = ["raw_start", "raw_end", "raw_span", "replacement", "kind", "confidence"]
    rows = []
    for pos, (_, row) in enumerate(df.iterrows()):
        if pos >= len(expected):
            rows.append(False)
            continue
        want = expected.iloc[pos]
        rows.append(all(_same(row[c], want[c]) for c in cols))
    return _series(rows, df)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same(a: object, b: object) -> bool:
    if _missing(a) and _missing(b):
        return True
    return bool(a == b)


def repair_table(derived: source.Derived) -> pd.DataFrame:
    """The source_repairs table as derived from the raw text."""
    rows = [
        {
            "repair_id": f"r{i:03d}",
            "source_id": source.SOURCE_ID,
            "raw_start": c.raw_start,
            "raw_end": c.raw_end,
            "raw_span": c.raw_span,
            "replacement": c.replacement or None,
            "clean_start": span[0],
            "clean_end": span[1],
            "kind": c.kind,
            "confidence": c.confidence,
            "note": c.note,
        }
        for i, (c, span) in enumerate(zip(derived.changes, derived.clean_spans, strict=True), 1)
    ]
    return pd.DataFrame(rows)


def value_stated_in_evidence(df: pd.DataFrame) -> pd.Series[bool]:
    def ok(value: float, unit: str, qualifier: str, written: str, evidence: str) -> bool:
        if written not in evidence:
            return False
        try:
            stated, stated_qualifier = numerals.parse_value(written)
        except ValueError:
            return False
        if unit == "percent":  # the sign comes from the verb, not the digits
            sign = -1 if any(w in evidence for w in DECREASE) else 1
            if any(w in evidence for w in INCREASE) and sign < 0:
                sign = 0  # both directions stated: the row cannot be checked, so it fails
            stated *= sign
        return stated == value and stated_qualifier == qualifier

    return _series(
        [
            ok(*row)
            for row in zip(
                df["value"],
                df["unit"],
                df["qualifier"],
                df["value_text"],
                df["evidence"],
                strict=True,
            )
        ],
        df,
    )


# What each service-tier figure is followed by in the evidence: 129项, 9个, 10分钟, 7×24小时.
FIGURE_WORDS = {
    "item_count": "项",
    "venue_count": "个",
    "service_circle_minutes": "分钟",
    "self_service": "小时",
}


def figures_in_evidence(df: pd.DataFrame, columns: list[str]) -> pd.Series[bool]:
    """Each figure is the one number its word follows in the evidence; a figure the evidence
    states is never left empty."""

    def ok(row: pd.Series) -> bool:
        for col in columns:
            stated = re.findall(rf"(\d+(?:×\d+)?){FIGURE_WORDS[col]}", row["evidence"])
            value = row[col]
            if pd.isna(value):
                if stated:
                    return False
                continue
            written = value if isinstance(value, str) else str(int(value))
            if stated != [written]:
                return False
        return True

    return _series([ok(row) for _, row in df.iterrows()], df)


UNIT_WORDS = {"minute": "分钟", "hour": "小时"}


def duration_stated_in_evidence(df: pd.DataFrame) -> pd.Series[bool]:
    def ok(value: float, unit: str, written: str, of: str, evidence: str) -> bool:
        present = [not pd.isna(x) for x in (value, unit, written, of)]
        if not any(present):
            return True
        if not all(present) or written not in evidence:
            return False
        return numerals.parse_integer(written) == value and written.endswith(UNIT_WORDS[unit])

    return _series(
        [
            ok(*row)
            for row in zip(
                df["duration_value"],
                df["duration_unit"],
                df["duration_text"],
                df["duration_of"],
                df["evidence"],
                strict=True,
            )
        ],
        df,
    )


# The word after a figure that says what it counts; anything else after a number is a count.
def labelled(df: pd.DataFrame, value: str, label: str) -> pd.Series[bool]:
    """Where a row states `value`, it says what that value counts, in English and Chinese."""
    stated = df[value].notna()
    return ~stated | (df[f"{label}_en"].notna() & df[f"{label}_zh"].notna())


# The words are the renderer's: the book writes a unit as the article does.
UNIT_AFTER = {unit: words[0] for unit, words in render.UNIT_WORDS["zh"].items()}
MEASURE_WORDS = "个条家项户名人次"


def _position(written: str, evidence: str) -> int:
    """Where `written` stands in `evidence` as a whole number, or -1."""
    found = re.search(rf"(?<![\d.]){re.escape(written)}(?![\d.])", evidence)
    return found.start() if found else -1


def _unit_ok(unit: str, written: str, evidence: str) -> bool:
    start = _position(written, evidence)
    if start < 0:
        return False
    if unit == "percent":
        return written.endswith("%")
    # "1、3、5分钟": the unit after a list belongs to every number of it
    after = re.sub(r"^(?:、[\d.]+)*", "", evidence[start + len(written) :])
    if unit in UNIT_AFTER:
        return after.startswith(UNIT_AFTER[unit])
    stated = [u for u, word in UNIT_AFTER.items() if after.startswith(word)]
    return (
        unit == "count"
        and not written.endswith("%")
        and not stated
        and after[:1] != ""
        and after[0] in MEASURE_WORDS
    )


def unit_stated_in_evidence(df: pd.DataFrame) -> pd.Series[bool]:
    return _series(
        [
            _unit_ok(u, w, e)
            for u, w, e in zip(df["unit"], df["value_text"], df["evidence"], strict=True)
        ],
        df,
    )


def listed_in_evidence_order(df: pd.DataFrame) -> pd.Series[bool]:
    """Rows that share one evidence ("分别下降22%、63%") follow the order in which it states
    their figures, so a figure cannot move to a neighbour's row."""
    last: dict[str, int] = {}
    ok = []
    for written, evidence, start in zip(
        df["value_text"], df["evidence"], df["char_start"], strict=True
    ):
        key = f"{start}:{evidence}"
        position = _position(written, evidence)
        ok.append(position > last.get(key, -1))
        last[key] = max(position, last.get(key, -1))
    return _series(ok, df)


def baseline_stated_in_evidence(df: pd.DataFrame) -> pd.Series[bool]:
    """A comparison (同期) has its baseline, whose year the evidence states; no other row has."""

    def ok(baseline: object, evidence: str) -> bool:
        if _missing(baseline):
            return "同期" not in evidence
        years = re.findall(r"\d+", str(baseline))
        return "同期" in evidence and bool(years) and all(f"{y}年" in evidence for y in years)

    return _series([ok(b, e) for b, e in zip(df["baseline"], df["evidence"], strict=True)], df)


def words_in_evidence(df: pd.DataFrame, columns: list[str]) -> pd.Series[bool]:
    """Each named column's Chinese words appear in the row's evidence."""
    return _series(
        [
            all(str(row[c]) in row["evidence"] for c in columns if not _missing(row[c]))
            for _, row in df.iterrows()
        ],
        df,
    )


def _text_after(end: int, length: int) -> str:
    derived = _derived()
    return derived.simplified[end : end + length] if derived else ""


def attribution_matches_source(df: pd.DataFrame) -> pd.Series[bool]:
    """A named speaker is credited right after the quote as role, name and 说; an unnamed one
    is not credited there at all."""

    def ok(speaker: object, role: str, end: int) -> bool:
        after = _text_after(end, 60)
        if _missing(speaker):
            return re.match(r"^”[^“”。,，]{0,30}说[。,，:：]", after) is None
        return after.startswith(f"”{role}{speaker}说")

    return _series(
        [ok(*row) for row in zip(df["speaker_zh"], df["role_zh"], df["char_end"], strict=True)],
        df,
    )


def credit_follows_caption(df: pd.DataFrame) -> pd.Series[bool]:
    """The photographer is the one credited (摄) right after the caption, and file_photo says
    whether the page calls its pictures file photos (资料图片)."""
    derived = _derived()
    filed = derived is not None and "资料图片" in derived.simplified

    def ok(name: str, end: int, file_photo: object) -> bool:
        credited = re.match(rf"^\s*{re.escape(name)}\s+摄", _text_after(end, 40)) is not None
        return credited and bool(file_photo) == filed

    return _series(
        [
            ok(*row)
            for row in zip(df["photographer_zh"], df["char_end"], df["file_photo"], strict=True)
        ],
        df,
    )


def _current_cells(table: str) -> dict[tuple[str, str], str]:
    """(row id, column) → the cell as written in the table's CSV; empty when unreadable."""
    from baicheng_report import schemas

    try:
        text = guarded.read_bytes(data_dir(), f"{table}.csv").decode("utf-8")
    except (guarded.RefusedFile, OSError, UnicodeDecodeError):
        return {}
    key = schemas.primary_key(table)
    try:
        return {
            (row.get(key) or "", column): value or ""
            for row in csv.DictReader(io.StringIO(text))
            for column, value in row.items()
            if isinstance(column, str)
        }
    except csv.Error:  # a cell over the field limit: the table's own failure names its row
        return {}


def corrections_hold(df: pd.DataFrame) -> pd.Series[bool]:
    """Each correction's new value is what the table (or derived text, at the offset) holds, or,
    for a cell corrected again later, the old value of its next correction."""
    derived = _derived()
    texts = {
        "source_clean": derived.clean if derived else "",
        "source_simplified": derived.simplified if derived else "",
    }
    cells: dict[str, dict[tuple[str, str], str]] = {}

    def holds(table: str, row_id: str, column: str, new: object) -> bool:
        value = "" if _missing(new) else str(new)
        if table in texts:
            start = int(row_id) if row_id.isdigit() else -1
            return start >= 0 and texts[table][start : start + len(value)] == value != ""
        if table not in cells:
            cells[table] = _current_cells(table)
        # A column removed since (split into others): its correction empties the cell, and
        # the row, still there, no longer has the column.
        removed = value == "" and any(r == row_id for r, _ in cells[table])
        return cells[table].get((row_id, column), "" if removed else None) == value

    # A cell corrected again later: its earlier correction's new value is the later one's old
    # value (a chain, undone from the newest); only the newest must be what the data holds.
    keys = list(zip(df["table"], df["row_id"], df["column"], strict=True))
    olds = ["" if _missing(v) else str(v) for v in df["old_value"]]
    news = ["" if _missing(v) else str(v) for v in df["new_value"]]
    results = [False] * len(keys)
    later: dict[tuple[str, str, str], str] = {}  # the old value of the cell's next correction
    for i in reversed(range(len(keys))):
        table, row_id, column = (str(part) for part in keys[i])
        key = (table, row_id, column)
        results[i] = later[key] == news[i] if key in later else holds(*key, df["new_value"].iloc[i])
        later[key] = olds[i]
    return _series(results, df)
