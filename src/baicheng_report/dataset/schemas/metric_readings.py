"""The `metric_readings` table: how to read each figure of `metrics`, and what it cannot show."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.schemas._base import LIST_SEPARATOR, SLUG

KINDS = [
    "change_without_base",  # a percent change against a comparison period, no count for either
    "count_at_a_date",  # places, posts, partners or agreements counted at one moment
    "target",  # a response time said to be achieved, not a measured one
    "cumulative_total",  # a running total since a start the text does not give
    "service_hours",  # how many hours a day a service is said to run
    "single_case",  # one occasion
]
STATED_BY = [
    "article_unattributed",  # the article's own voice, no source named
    "bureau_officer_quoted",  # inside the quotation of a bureau officer (`quotes`)
    "photo_caption",  # inside a photo caption (`photos`)
    "named_outside_source",  # attributed to a named statistics office, court, survey, ...
]
CHECK_NEEDS = [
    "base_counts",  # the counts of both periods behind a percentage
    "independent_series",  # the same quantity recorded by someone other than the bureau
    "definitions",  # what is counted: which reports, which areas, what a person-time is
    "register",  # the list of the places, posts or agreements counted
    "duty_records",  # rosters or logs showing the service actually runs
    "logged_times",  # dispatch and arrival times of real calls
    "case_record",  # the record of the one case
    "service_records",  # the transaction records a total is summed from
    "method",  # how an estimate was made
]
UNSTATED = [
    "base_counts",
    "baseline_choice",  # why the base is the same period of the baseline year
    "definitions",
    "count_date",  # the date a count holds at
    "measured_times",  # the response times actually achieved
    "case_date",  # when the one case happened
    "start_date",  # when a running total began
    "method",
]
# The facts of `sources` a dated figure needs: its period is relative to them.
SOURCE_FACTS = ["reference_year", "published_date"]
THIS_YEAR, UP_TO_NOW = "今年", ("目前", "以来")  # "this year"; "to date", "since"
# Each dating phrase of the article in English words, for the English edition, which quotes the
# phrase and glosses it (the Chinese edition quotes it alone).
DATING_WORDS = {
    "今年": "this year",
    "今年以来": "since the start of this year",
    "截至目前": "up to now",
}


def _list_pattern(items: list[str]) -> str:
    """A '; '-separated list of vocabulary items, as one regex (also a Frictionless pattern)."""
    one = "(?:" + "|".join(items) + ")"
    return rf"^{one}(?:{LIST_SEPARATOR}{one})*$"


def items(value: object) -> list[str]:
    """The items of a list cell; an empty cell has none."""
    return [] if not isinstance(value, str) else value.split(LIST_SEPARATOR)


def _codes(vocabulary: list[str]) -> str:
    return ", ".join(vocabulary) + "."


def _holds(df: pd.DataFrame, rule: list[bool]) -> pd.Series[bool]:
    return pd.Series(rule, index=df.index, dtype=bool)


def source_facts_of(period: object) -> list[str]:
    """The facts of `sources` a period phrase depends on: 今年 needs the year, 目前 and 以来
    run to the date of writing."""
    if not isinstance(period, str):
        return []
    needed = ["reference_year"] if THIS_YEAR in period else []
    return needed + (["published_date"] if any(w in period for w in UP_TO_NOW) else [])


class MetricReadings(pa.DataFrameModel):
    """One row per figure of `metrics`: what kind of figure it is, who states it, what would be
    needed to check it and what the text leaves unstated. Evidence is the phrase that dates the
    figure (今年, 今年以来, 截至目前), empty when the text dates it nowhere, with the reason."""

    metric_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Metric id",
        metadata={"title_zh": "指标编号"},
        description="The figure: a metric_id of the `metrics` table.",
    )
    kind: Series[str] = pa.Field(
        isin=KINDS,
        title="Kind of figure (code)",
        metadata={"title_zh": "数字类型（代码）"},
        description="What sort of number it is: " + _codes(KINDS),
    )
    stated_by: Series[str] = pa.Field(
        isin=STATED_BY,
        title="Stated by (code)",
        metadata={"title_zh": "陈述者（代码）"},
        description="Whose words state it: the article's own voice with no source named, a bureau "
        "officer's quotation, a photo caption, or a named outside source: " + _codes(STATED_BY),
    )
    check_needs: Series[str] = pa.Field(
        str_matches=_list_pattern(CHECK_NEEDS),
        title="Needed to check it (list of codes)",
        metadata={
            "title_zh": "核实所需（代码列表）",
            "delimiter": LIST_SEPARATOR,
            "items": CHECK_NEEDS,
        },
        description="What a reader would need to check the figure, '; '-separated: "
        + _codes(CHECK_NEEDS),
    )
    unstated: Series[str] = pa.Field(
        str_matches=_list_pattern(UNSTATED),
        title="Left unstated (list of codes)",
        metadata={
            "title_zh": "未说明之处（代码列表）",
            "delimiter": LIST_SEPARATOR,
            "items": UNSTATED,
        },
        description="What the text leaves unstated about this figure, '; '-separated: "
        + _codes(UNSTATED)
        + " What the whole article leaves unstated is in `sources`.",
    )
    relies_on_sources: Series[str] = pa.Field(
        nullable=True,
        str_matches=_list_pattern(SOURCE_FACTS),
        title="Relies on sources (list of column names)",
        metadata={
            "title_zh": "依赖的来源事实（列名列表）",
            "delimiter": LIST_SEPARATOR,
            "items": SOURCE_FACTS,
        },
        description="Columns of `sources` that the dating phrase depends on and the text leaves "
        "empty: reference_year for 今年, published_date for 目前 and 以来. Empty when the "
        "figure is not dated.",
    )
    no_evidence_reason: Series[str] = pa.Field(
        nullable=True,
        title="Why no evidence (en)",
        metadata={"title_zh": "无依据的原因（英文）"},
        description="When evidence is empty: why, i.e. what the text leaves out.",
    )
    source_id: Series[str] = pa.Field(
        title="Source",
        metadata={"title_zh": "来源"},
        description="Id of the source in the `sources` table.",
    )
    evidence: Series[str] = pa.Field(
        nullable=True,
        str_length={"min_value": 1},
        title="Evidence (zh)",
        metadata={"title_zh": "证据（中文）"},
        description="The phrase of the simplified text that dates the figure; empty when "
        "nothing in the text dates it.",
    )
    char_start: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=0,
        title="Evidence start (character offset)",
        metadata={"title_zh": "证据起点（字符偏移）", "unit": "character", "unit_zh": "字符"},
        description="Offset of the evidence in the simplified text.",
    )
    char_end: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=1,
        title="Evidence end (character offset)",
        metadata={"title_zh": "证据终点（字符偏移）", "unit": "character", "unit_zh": "字符"},
        description="Offset just past the evidence (exclusive).",
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(description="evidence, char_start and char_end are all given or all empty")
    def evidence_all_or_none(cls, df: pd.DataFrame) -> pd.Series[bool]:
        given = df[["evidence", "char_start", "char_end"]].notna()
        return given.all(axis=1) | ~given.any(axis=1)

    @pa.dataframe_check(description="evidence or no_evidence_reason is given, never both")
    def evidence_or_reason(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return df["evidence"].notna() ^ df["no_evidence_reason"].notna()

    @pa.dataframe_check(description="char_end - char_start equals the length of evidence")
    def offsets_span_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        given = df["evidence"].notna() & df["char_start"].notna() & df["char_end"].notna()
        span = (df["char_end"] - df["char_start"]).where(given)
        return ~given | (span == df["evidence"].str.len()).fillna(False).astype(bool)

    @pa.dataframe_check(description="no item is listed twice in check_needs or unstated")
    def lists_have_no_repeats(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return _holds(
            df,
            [
                len(items(a)) == len(set(items(a))) and len(items(b)) == len(set(items(b)))
                for a, b in zip(df["check_needs"], df["unstated"], strict=True)
            ],
        )

    @pa.dataframe_check(
        description="relies_on_sources is what the dating phrase (evidence) needs: "
        "reference_year for 今年, published_date for 目前 or 以来"
    )
    def relies_on_what_the_phrase_needs(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return _holds(
            df,
            [
                items(r) == source_facts_of(e)
                for r, e in zip(df["relies_on_sources"], df["evidence"], strict=True)
            ],
        )

    @pa.dataframe_check(
        description="a change without its base (kind) has base_counts in check_needs "
        "and in unstated"
    )
    def change_lacks_base(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return _holds(
            df,
            [
                k != "change_without_base"
                or ("base_counts" in items(n) and "base_counts" in items(u))
                for k, n, u in zip(df["kind"], df["check_needs"], df["unstated"], strict=True)
            ],
        )

    @pa.dataframe_check(description="a cumulative total (kind) has start_date in unstated")
    def total_lacks_start(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return _holds(
            df,
            [
                k != "cumulative_total" or "start_date" in items(u)
                for k, u in zip(df["kind"], df["unstated"], strict=True)
            ],
        )

    @pa.dataframe_check(
        description="a count (kind) with no dating phrase (evidence) has count_date in unstated"
    )
    def undated_count_lacks_date(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return _holds(
            df,
            [
                k != "count_at_a_date" or isinstance(e, str) or "count_date" in items(u)
                for k, e, u in zip(df["kind"], df["evidence"], df["unstated"], strict=True)
            ],
        )
