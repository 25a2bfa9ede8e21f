"""The `metrics` table: every figure of the article in long form."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset import checks
from baicheng_report.dataset.schemas._base import SLUG, Evidenced

UNITS = ["percent", "count", "minute", "hour", "person_time", "yuan"]
QUALIFIERS = ["exact", "more_than", "less_than"]


class Metrics(Evidenced):
    """One row per figure."""

    metric_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Metric id",
        metadata={"title_zh": "指标编号"},
        description="Unique slug.",
    )
    section: Series[str] = pa.Field(
        isin=["public_safety", "patrol_grid", "rapid_response", "co_governance", "services"],
        title="Section (code)",
        metadata={"title_zh": "部分（代码）"},
        description="The topic of the article the figure belongs to (wherever it is stated).",
    )
    indicator_zh: Series[str] = pa.Field(
        title="Indicator (zh)",
        metadata={"title_zh": "指标（中文）"},
        description="Simplified Chinese.",
    )
    indicator_en: Series[str] = pa.Field(
        title="Indicator (en)", metadata={"title_zh": "指标（英文）"}, description="English."
    )
    value: Series[float] = pa.Field(
        title="Value (in the row's unit; a fall is negative)",
        metadata={"title_zh": "数值（单位见 unit；下降为负）"},
        description="The figure; percent changes are signed (a fall is negative).",
    )
    unit: Series[str] = pa.Field(
        isin=UNITS,
        title="Unit (code)",
        metadata={"title_zh": "单位（代码）"},
        description=", ".join(UNITS) + ".",
    )
    qualifier: Series[str] = pa.Field(
        isin=QUALIFIERS,
        title="Qualifier (code)",
        metadata={"title_zh": "限定（代码）"},
        description="exact; more_than for 余/以上; less_than for 不到/以内.",
    )
    value_text: Series[str] = pa.Field(
        title="Value as written (zh)",
        metadata={"title_zh": "数值原文（中文）"},
        description="The words of the evidence that state the value.",
    )
    baseline: Series[str] = pa.Field(
        nullable=True,
        title="Baseline period (en)",
        metadata={"title_zh": "基准期（英文）"},
        description="What a change is measured against, in words (same period of 2019).",
    )
    baseline_year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=1900,
        title="Baseline year",
        metadata={"title_zh": "基准年份", "unit": "year", "unit_zh": "年", "added_in": "0.3.0"},
        description="The year of the baseline period, as a number; empty where there is no "
        "baseline.",
    )
    baseline_label_en: Series[str] = pa.Field(
        nullable=True,
        title="What the baseline year is (en)",
        metadata={"title_zh": "基准年份说明（英文）"},
        description="What the baseline year is, where the baseline is set (English).",
    )
    baseline_label_zh: Series[str] = pa.Field(
        nullable=True,
        title="What the baseline year is (zh)",
        metadata={"title_zh": "基准年份说明（中文）"},
        description="What the baseline year is, where the baseline is set (Chinese).",
    )
    area_zh: Series[str] = pa.Field(
        title="Area (zh)",
        metadata={"title_zh": "地区（中文）", "added_in": "0.3.0", "replaces": "area"},
        description="The place the figure covers, in the article's words (白城市区, 主城区).",
    )
    area_en: Series[str] = pa.Field(
        title="Area (en)",
        metadata={"title_zh": "地区（英文）", "added_in": "0.3.0"},
        description="The place the figure covers, in English.",
    )
    area_stated: Series[bool] = pa.Field(
        title="Area named in the sentence",
        metadata={"title_zh": "原句是否写明地区", "added_in": "0.3.0"},
        description="True when the figure's sentence names the area; False when the area is "
        "inferred from the surrounding text (the traffic indices, the response targets and the "
        "running totals name none).",
    )

    @pa.dataframe_check(
        description="baseline_year comes with baseline_label_en and baseline_label_zh"
    )
    def baseline_labelled(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.labelled(df, "baseline_year", "baseline_label")

    @pa.dataframe_check(description="baseline_year is given with baseline and is the year it names")
    def baseline_year_named(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return pd.Series(
            [
                (pd.isna(year) and pd.isna(period))
                or (not pd.isna(year) and isinstance(period, str) and str(year) in period)
                for year, period in zip(df["baseline_year"], df["baseline"], strict=True)
            ],
            index=df.index,
            dtype=bool,
        )

    @pa.dataframe_check(description="value lies between -100 and 1000 where unit is percent")
    def percent_in_range(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return (df["unit"] != "percent") | df["value"].between(-100, 1000)

    @pa.dataframe_check(
        description="value is whole and not negative unless unit is percent: "
        "only changes are signed"
    )
    def counts_are_whole(cls, df: pd.DataFrame) -> pd.Series[bool]:
        signed = df["unit"] == "percent"
        return signed | ((df["value"] >= 0) & (df["value"] % 1 == 0))

    @pa.dataframe_check(
        description="value_text states value, unit and qualifier and sits in evidence"
    )
    def value_stated_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.value_stated_in_evidence(df)

    @pa.dataframe_check(
        description="unit agrees with the word after value_text in evidence (%, 分钟, 人次, ...)"
    )
    def unit_stated_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.unit_stated_in_evidence(df)

    @pa.dataframe_check(
        description="rows sharing one evidence list their value_text in the order of its "
        "figures (char_start)"
    )
    def listed_in_evidence_order(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.listed_in_evidence_order(df)

    @pa.dataframe_check(
        description="a baseline exactly when the evidence compares (同期), its year"
    )
    def baseline_stated_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.baseline_stated_in_evidence(df)
