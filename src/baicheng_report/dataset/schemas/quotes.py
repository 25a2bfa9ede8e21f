"""The `quotes` table: what residents and officers are quoted as saying."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.schemas._base import SLUG, Evidenced
from baicheng_report.source.mojibake import LOST


class Quotes(Evidenced):
    """One row per quotation; the Chinese text is its own evidence."""

    quote_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Quote id",
        metadata={"title_zh": "引语编号"},
        description="Slug.",
    )
    speaker_zh: Series[str] = pa.Field(
        nullable=True,
        title="Speaker (zh)",
        metadata={"title_zh": "讲话人（中文）"},
        description="Name, when the article gives one.",
    )
    speaker_en: Series[str] = pa.Field(
        title="Speaker (en)",
        metadata={"title_zh": "讲话人（英文）"},
        description="Name or description.",
    )
    role_zh: Series[str] = pa.Field(
        title="Role (zh)", metadata={"title_zh": "身份（中文）"}, description="Who the speaker is."
    )
    role_en: Series[str] = pa.Field(
        title="Role (en)", metadata={"title_zh": "身份（英文）"}, description="English."
    )
    text_zh: Series[str] = pa.Field(
        title="Quote (zh)",
        metadata={"title_zh": "引语（中文）"},
        description="Simplified Chinese, as repaired.",
    )
    text_en: Series[str] = pa.Field(
        title="Quote (en)", metadata={"title_zh": "引语（英文）"}, description="English rendering."
    )
    has_lost_chars: Series[pd.BooleanDtype] = pa.Field(
        title="Has lost characters (yes/no)",
        metadata={"title_zh": "是否缺字（是/否）"},
        description="True when text, speaker or role contains □.",
    )
    note: Series[str] = pa.Field(
        nullable=True,
        title="Note (en)",
        metadata={"title_zh": "备注（英文）"},
        description="Caveats.",
    )
    note_zh: Series[str] = pa.Field(
        nullable=True,
        title="Note (zh)",
        metadata={"title_zh": "备注（中文）"},
        description="The caveats of `note` in Chinese, so that the Chinese edition keeps them.",
    )

    @pa.dataframe_check(description="note and note_zh are both given or both empty")
    def note_in_both_languages(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return df["note"].isna() == df["note_zh"].isna()

    @pa.dataframe_check(description="text_zh equals evidence")
    def text_is_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return df["text_zh"] == df["evidence"]

    @pa.dataframe_check(
        description="has_lost_chars is true exactly when □ appears in text_zh, speaker_zh "
        "or role_zh"
    )
    def lost_flag_matches(cls, df: pd.DataFrame) -> pd.Series[bool]:
        fields = df[["text_zh", "speaker_zh", "role_zh"]].fillna("")
        lost = [any(LOST in str(v) for v in row) for row in fields.itertuples(index=False)]
        return df["has_lost_chars"] == pd.Series(lost, index=df.index, dtype=bool)
