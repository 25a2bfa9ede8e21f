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

from baicheng_report import numerals, source
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
        path = data_dir() / file
        return path.is_file() and source.sha256(path.read_bytes()) == sha == source.RAW_SHA256

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


def _whole_number_in(number: str, text: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text) is not None


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


def figures_in_evidence(df: pd.DataFrame, columns: list[str]) -> pd.Series[bool]:
    def ok(row: pd.Series) -> bool:
        for col in columns:
            value = row[col]
            if pd.isna(value):
                continue
            written = value if isinstance(value, str) else str(int(value))
            if not _whole_number_in(written, row["evidence"]):
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


def _current_cells(table: str) -> dict[tuple[str, str], str]:
    """(row id, column) → the cell as written in the table's CSV; empty when unreadable."""
    from baicheng_report import schemas

    try:
        text = (data_dir() / f"{table}.csv").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    key = schemas.primary_key(table)
    return {
        (row.get(key) or "", column): value or ""
        for row in csv.DictReader(io.StringIO(text))
        for column, value in row.items()
        if isinstance(column, str)
    }


def corrections_hold(df: pd.DataFrame) -> pd.Series[bool]:
    """Each correction's new value is what the table (or derived text, at the offset) holds."""
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
        return cells[table].get((row_id, column)) == value

    return _series(
        [
            holds(*row)
            for row in zip(df["table"], df["row_id"], df["column"], df["new_value"], strict=True)
        ],
        df,
    )
