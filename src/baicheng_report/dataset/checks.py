"""Row checks the schemas call that need more than one column: each reads only the frame it is
given. What needs the source text or other files is a rule of `validation`, given its context."""

from __future__ import annotations

import math
import re

import pandas as pd

from baicheng_report.source import numerals
from baicheng_report.vocabulary import render

DECREASE, INCREASE = ("下降", "减少"), ("上升", "增长", "提高", "增加")


def _series(values: list[bool], df: pd.DataFrame) -> pd.Series[bool]:
    return pd.Series(values, index=df.index, dtype=bool)


def missing(value: object) -> bool:
    """An empty cell as pandas holds it: None, NA or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


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
        if missing(baseline):
            return "同期" not in evidence
        years = re.findall(r"\d+", str(baseline))
        return "同期" in evidence and bool(years) and all(f"{y}年" in evidence for y in years)

    return _series([ok(b, e) for b, e in zip(df["baseline"], df["evidence"], strict=True)], df)


def words_in_evidence(df: pd.DataFrame, columns: list[str]) -> pd.Series[bool]:
    """Each named column's Chinese words appear in the row's evidence."""
    return _series(
        [
            all(str(row[c]) in row["evidence"] for c in columns if not missing(row[c]))
            for _, row in df.iterrows()
        ],
        df,
    )
