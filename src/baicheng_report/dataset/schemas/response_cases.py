"""The `response_cases` table: each dated case the article tells."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset import checks
from baicheng_report.dataset.schemas._base import SLUG, Evidenced


class ResponseCases(Evidenced):
    """One row per case; the year is "this year", which the article never names."""

    case_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Case id",
        metadata={"title_zh": "案例编号"},
        description="Slug.",
    )
    month: Series[int] = pa.Field(
        ge=1,
        le=12,
        title="Month of the year (1–12; the year is 今年, this year)",
        metadata={
            "title_zh": "月份（1–12；年份为“今年”）",
            "unit": "month of the year",
            "unit_zh": "一年中的第几个月",
        },
        description="Month of 今年 (this year).",
    )
    place_zh: Series[str] = pa.Field(
        title="Place (zh)", metadata={"title_zh": "地点（中文）"}, description="Where it happened."
    )
    place_en: Series[str] = pa.Field(
        title="Place (en)", metadata={"title_zh": "地点（英文）"}, description="English."
    )
    unit_zh: Series[str] = pa.Field(
        title="Unit (zh)",
        metadata={"title_zh": "单位（中文）"},
        description="The police unit that acted.",
    )
    unit_en: Series[str] = pa.Field(
        title="Unit (en)", metadata={"title_zh": "单位（英文）"}, description="English."
    )
    event_en: Series[str] = pa.Field(
        title="What happened (en)",
        metadata={"title_zh": "经过（英文）"},
        description="English summary.",
    )
    outcome_en: Series[str] = pa.Field(
        title="Outcome (en)", metadata={"title_zh": "结果（英文）"}, description="English summary."
    )
    duration_value: Series[float] = pa.Field(
        nullable=True,
        gt=0,
        title="Duration (in duration_unit)",
        metadata={"title_zh": "时长（单位见 duration_unit）"},
        description="How long it took, where stated.",
    )
    duration_unit: Series[str] = pa.Field(
        nullable=True,
        isin=["minute", "hour"],
        title="Duration unit (code)",
        metadata={"title_zh": "时长单位（代码）"},
        description="minute or hour.",
    )
    duration_text: Series[str] = pa.Field(
        nullable=True,
        title="Duration as written (zh)",
        metadata={"title_zh": "时长原文（中文）"},
        description="Words of the evidence.",
    )
    duration_of: Series[str] = pa.Field(
        nullable=True,
        title="What the duration runs to (en)",
        metadata={"title_zh": "时长所指（英文）"},
        description="What the duration measures.",
    )
    duration_label_en: Series[str] = pa.Field(
        nullable=True,
        title="What the duration is (en)",
        metadata={"title_zh": "时长标签（英文）"},
        description="What the duration is the time to, where a duration is stated (English).",
    )
    duration_label_zh: Series[str] = pa.Field(
        nullable=True,
        title="What the duration is (zh)",
        metadata={"title_zh": "时长标签（中文）"},
        description="What the duration is the time to, where a duration is stated (Chinese).",
    )

    @pa.dataframe_check(
        description="duration_value comes with duration_label_en and duration_label_zh"
    )
    def duration_labelled(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.labelled(df, "duration_value", "duration_label")

    @pa.dataframe_check(
        description="duration_value, duration_unit, duration_text and duration_of are "
        "given together, duration_text in evidence"
    )
    def duration_stated_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.duration_stated_in_evidence(df)

    @pa.dataframe_check(description="the month is stated in evidence as 今年N月")
    def month_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return pd.Series(
            [f"今年{m}月" in e for m, e in zip(df["month"], df["evidence"], strict=True)],
            index=df.index,
        )

    @pa.dataframe_check(description="place_zh and unit_zh appear in evidence")
    def words_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.words_in_evidence(df, ["place_zh", "unit_zh"])
