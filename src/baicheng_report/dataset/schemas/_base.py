"""Columns and checks shared by every table that states a fact: where in the source it says so."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

SLUG = r"^[a-z][a-z0-9_]*$"
# What separates the items of a multi-valued cell; such a column names it as its Field metadata
# `delimiter`, and the descriptor declares it a list field.
LIST_SEPARATOR = "; "


class Evidenced(pa.DataFrameModel):
    """Base model: every row names its source and the exact phrase that states it."""

    source_id: Series[str] = pa.Field(
        title="Source",
        metadata={"title_zh": "来源"},
        description="Id of the source in the `sources` table.",
    )
    evidence: Series[str] = pa.Field(
        title="Evidence (zh)",
        metadata={"title_zh": "证据（中文）"},
        description="The exact phrase of the simplified text that states this row.",
        str_length={"min_value": 1},
    )
    char_start: Series[int] = pa.Field(
        ge=0,
        title="Evidence start (character offset)",
        metadata={"title_zh": "证据起点（字符偏移）", "unit": "character", "unit_zh": "字符"},
        description="Offset of the evidence in the simplified text.",
    )
    char_end: Series[int] = pa.Field(
        ge=1,
        title="Evidence end (character offset)",
        metadata={"title_zh": "证据终点（字符偏移）", "unit": "character", "unit_zh": "字符"},
        description="Offset just past the evidence (exclusive).",
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(description="char_end - char_start equals the length of evidence")
    def offsets_span_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["evidence"].str.len()
