"""The `corrections` table: the errata, one row per value changed since the first release."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset.registry import TABLE_NAMES

TEXT_RESOURCES = ["source_clean", "source_simplified"]
CORRECTED = [name for name in TABLE_NAMES if name != "corrections"] + TEXT_RESOURCES


def _metadata(table: str, key: str) -> dict[str, str]:
    """Column -> the value of one Field metadata key, for the columns of `table` that set it."""
    from baicheng_report.dataset import schemas  # the models: this one among them

    if table not in schemas.MODELS:
        return {}
    found = schemas.MODELS[table].to_schema().columns
    return {
        name: str(meta[key])
        for name, column in found.items()
        if key in (meta := column.metadata or {})
    }


def added_in(table: str) -> dict[str, str]:
    """Columns added whole after the first release -> the version that added them (Field
    metadata `added_in`). Their cells have no corrections: undoing that version drops them."""
    return _metadata(table, "added_in")


def replaced_columns(table: str) -> dict[str, str]:
    """Columns a table no longer has -> the current column that stands in its place (the Field
    metadata `replaces` of a column that took over a removed one, as area_zh took over area)."""
    return {old: new for new, old in _metadata(table, "replaces").items()}


class Corrections(pa.DataFrameModel):
    """One row per value changed after a release: where, what it was, what it is and why. The
    changelog and the book's reproducibility chapter are generated from this table."""

    correction_id: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^c\d{3}$",
        title="Correction id",
        metadata={"title_zh": "勘误编号"},
        description="c001, c002, ...",
    )
    version: Series[str] = pa.Field(
        str_matches=r"^\d+\.\d+\.\d+$",
        title="Version",
        metadata={"title_zh": "版本"},
        description="The dataset version that made the change.",
    )
    table: Series[str] = pa.Field(
        isin=CORRECTED,
        title="Table (name)",
        metadata={"title_zh": "表（表名）"},
        description="The table changed, or source_clean / source_simplified for a derived text.",
    )
    row_id: Series[str] = pa.Field(
        title="Row (id, or text offset)",
        metadata={"title_zh": "行（编号或文本偏移）"},
        description="The row's primary key; for a derived text, the character offset.",
    )
    column: Series[str] = pa.Field(
        title="Column (name)",
        metadata={"title_zh": "列（列名）"},
        description="The column changed; `text` for a derived text.",
    )
    old_value: Series[str] = pa.Field(
        nullable=True,
        title="Old value",
        metadata={"title_zh": "原值"},
        description="The value before (empty: none).",
    )
    new_value: Series[str] = pa.Field(
        nullable=True,
        title="New value",
        metadata={"title_zh": "新值"},
        description="The value now (empty: none).",
    )
    reason: Series[str] = pa.Field(
        title="Reason (en)", metadata={"title_zh": "原因（英文）"}, description="Why it changed."
    )
    reason_zh: Series[str] = pa.Field(
        title="Reason (zh)", metadata={"title_zh": "原因（中文）"}, description="Why, in Chinese."
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(
        description="new_value differs from old_value: a correction changes its value"
    )
    def changes_the_value(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return df["old_value"].fillna("") != df["new_value"].fillna("")

    @pa.dataframe_check(
        description="a column the table no longer has is one a current column replaces "
        "(metadata `replaces`); its newest correction empties the cell"
    )
    def removed_column_is_replaced(cls, df: pd.DataFrame) -> pd.Series[bool]:
        from baicheng_report.dataset import schemas

        return pd.Series(
            [
                table in TEXT_RESOURCES
                or column in schemas.columns(table)
                or column in replaced_columns(table)
                for table, column in zip(df["table"], df["column"], strict=True)
            ],
            index=df.index,
            dtype=bool,
        )
