"""The `sources` table: the archived article and what it leaves unsaid."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.schemas._base import LIST_SEPARATOR


class Sources(pa.DataFrameModel):
    """One row per archived source text."""

    source_id: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^[0-9a-f]{16}$",
        title="Source id",
        metadata={"title_zh": "来源编号"},
        description="Stable id of the source (the hash part of its archived file name).",
    )
    file: Series[str] = pa.Field(
        title="File",
        metadata={"title_zh": "文件"},
        description="Path of the archived text inside the data directory.",
    )
    sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$",
        title="SHA-256",
        metadata={"title_zh": "SHA-256 哈希"},
        description="SHA-256 of the archived bytes; the file must still hash to it.",
    )
    bytes: Series[int] = pa.Field(
        gt=0,
        title="Size (bytes)",
        metadata={"title_zh": "大小（字节）", "unit": "byte", "unit_zh": "字节"},
        description="Size of the archived file.",
    )
    script_received: Series[str] = pa.Field(
        title="Script as received (en)",
        metadata={"title_zh": "收到时的文字（英文说明）"},
        description="Script and encoding of the text as it reached us.",
    )
    language: Series[str] = pa.Field(
        isin=["zh"],
        title="Language (BCP 47 code)",
        metadata={"title_zh": "语言（BCP 47 代码）"},
        description="BCP 47 language of the text.",
    )
    publisher: Series[str] = pa.Field(
        nullable=True,
        title="Publisher",
        metadata={"title_zh": "发布者"},
        description="Publisher, when the text states it.",
    )
    published_date: Series[str] = pa.Field(
        nullable=True,
        title="Publication date",
        metadata={"title_zh": "发布日期"},
        description="Date, when the text states it.",
    )
    reference_year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        title="Reference year",
        metadata={"title_zh": "参照年份"},
        description="The year meant by 今年 (this year), when the text states it.",
    )
    unstated: Series[str] = pa.Field(
        title="Not stated (list, en)",
        metadata={"title_zh": "未说明事项（列表，英文）", "delimiter": LIST_SEPARATOR},
        description="What the text does not say, so nobody guesses it; '; '-separated.",
    )
    note: Series[str] = pa.Field(
        title="Note (en)",
        metadata={"title_zh": "备注（英文）"},
        description="How the text reached us.",
    )

    class Config:
        strict = True
        coerce = True
