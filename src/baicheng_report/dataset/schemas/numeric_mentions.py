"""The `numeric_mentions` table: every number the text states, and the row that captures it."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.registry import EVIDENCE_TABLES
from baicheng_report.dataset.schemas._base import Evidenced
from baicheng_report.source import numerals

# A numeral is captured by a fact: a row of a table with evidence.
CAPTURING_TABLES = list(EVIDENCE_TABLES)


class NumericMentions(Evidenced):
    """One row per number; evidence is the numeral itself, as written."""

    mention_id: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^n\d{3}$",
        title="Mention id",
        metadata={"title_zh": "提及编号"},
        description="n001, n002, ...",
    )
    kind: Series[str] = pa.Field(
        isin=["digits", "chinese"],
        title="Kind of numeral (code)",
        metadata={"title_zh": "数字写法（代码）"},
        description="digits or a Chinese numeral.",
    )
    value: Series[float] = pa.Field(
        title="Value (as the numeral states it)",
        metadata={
            "title_zh": "数值（数字本身所表示的）",
            "unit": "as the numeral states it",
            "unit_zh": "即数字本身所表示的",
        },
        description="The number the numeral states.",
    )
    captured_table: Series[str] = pa.Field(
        nullable=True,
        isin=CAPTURING_TABLES,
        title="Captured in (table name)",
        metadata={"title_zh": "收录表（表名）"},
        description="Table of the row.",
    )
    captured_id: Series[str] = pa.Field(
        nullable=True,
        title="Captured by (row id)",
        metadata={"title_zh": "收录行（行编号）"},
        description="Id of the row that captures it.",
    )
    reason: Series[str] = pa.Field(
        nullable=True,
        title="Why not captured (en)",
        metadata={"title_zh": "未收录的原因（英文）"},
        description="Why no row captures it, when none does.",
    )
    label_en: Series[str] = pa.Field(
        nullable=True,
        title="What the number counts (en)",
        metadata={"title_zh": "数字统计的对象（英文）"},
        description="What the number counts, where the book shows it as a claim (English).",
    )
    label_zh: Series[str] = pa.Field(
        nullable=True,
        title="What the number counts (zh)",
        metadata={"title_zh": "数字统计的对象（中文）"},
        description="What the number counts, where the book shows it as a claim (Chinese).",
    )

    @pa.dataframe_check(
        description="captured by a row (captured_table, captured_id), or excused by a reason, "
        "never both"
    )
    def captured_or_excused(cls, df: pd.DataFrame) -> pd.Series[bool]:
        captured = df["captured_table"].notna() & df["captured_id"].notna()
        return captured ^ df["reason"].notna()

    @pa.dataframe_check(description="label_en and label_zh are both given or both empty")
    def labelled_in_both_languages(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return df["label_en"].isna() == df["label_zh"].isna()

    @pa.dataframe_check(description="value is the number the numeral (evidence) states")
    def value_matches_numeral(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return pd.Series(
            [
                numerals.parse_integer(t) == v
                for t, v in zip(df["evidence"], df["value"], strict=True)
            ],
            index=df.index,
        )
