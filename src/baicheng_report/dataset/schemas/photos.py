"""The `photos` table: the page's photo captions and photographers."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.schemas._base import SLUG, Evidenced


class Photos(Evidenced):
    """One row per captioned photo (the photos themselves were not received)."""

    photo_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Photo id",
        metadata={"title_zh": "图片编号"},
        description="Slug.",
    )
    caption_zh: Series[str] = pa.Field(
        title="Caption (zh)",
        metadata={"title_zh": "图片说明（中文）"},
        description="Simplified Chinese.",
    )
    caption_en: Series[str] = pa.Field(
        title="Caption (en)",
        metadata={"title_zh": "图片说明（英文）"},
        description="English rendering.",
    )
    photographer_zh: Series[str] = pa.Field(
        title="Photographer (zh)",
        metadata={"title_zh": "摄影者（中文）"},
        description="As credited (摄).",
    )
    photographer_en: Series[str] = pa.Field(
        title="Photographer (en)", metadata={"title_zh": "摄影者（英文）"}, description="In pinyin."
    )
    file_photo: Series[pd.BooleanDtype] = pa.Field(
        title="Page calls it a file photo (yes/no)",
        metadata={"title_zh": "是否标为资料图片（是/否）"},
        description="The page says its pictures are file photos (资料图片).",
    )

    @pa.dataframe_check(description="caption_zh equals evidence")
    def caption_is_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return df["caption_zh"] == df["evidence"]
