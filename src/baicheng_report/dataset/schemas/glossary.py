"""The `glossary` table: the article's own terms, programmes and slogans."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.schemas._base import SLUG, Evidenced


class Glossary(Evidenced):
    """One row per term, with pinyin and an English rendering."""

    term_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Term id",
        metadata={"title_zh": "术语编号"},
        description="Slug.",
    )
    category: Series[str] = pa.Field(
        isin=["programme", "concept", "slogan"],
        title="Category (code)",
        metadata={"title_zh": "类别（代码）"},
        description="programme, concept or slogan.",
    )
    term_zh: Series[str] = pa.Field(
        unique=True,
        title="Term (zh)",
        metadata={"title_zh": "术语（中文）"},
        description="Simplified Chinese.",
    )
    pinyin: Series[str] = pa.Field(
        title="Pinyin", metadata={"title_zh": "拼音"}, description="With tone marks."
    )
    term_en: Series[str] = pa.Field(
        title="Term (en)", metadata={"title_zh": "术语（英文）"}, description="English rendering."
    )
    definition_en: Series[str] = pa.Field(
        title="Definition (en)",
        metadata={"title_zh": "释义（英文）"},
        description="What it means here.",
    )

    @pa.dataframe_check(description="term_zh appears in evidence")
    def term_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return pd.Series(
            [t in e for t, e in zip(df["term_zh"], df["evidence"], strict=True)], index=df.index
        )
