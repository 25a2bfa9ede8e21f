"""Per-column facts read from the pandera schemas, shared by every metadata view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baicheng_report import datapackage, schemas
from baicheng_report.registry import TABLE_NAMES


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    type: str  # Table Schema type: string, integer, number, boolean
    title: str
    title_zh: str
    description: str
    constraints: dict[str, Any]


def columns(table: str) -> list[Column]:
    """A table's columns in file order, with both titles (the Chinese one is Field metadata)."""
    schema = schemas.MODELS[table].to_schema()
    out = []
    for field in datapackage.fields(table):
        metadata = schema.columns[field["name"]].metadata or {}
        out.append(
            Column(
                table=table,
                name=field["name"],
                type=field["type"],
                title=field["title"],
                title_zh=metadata.get("title_zh", ""),
                description=field["description"],
                constraints=field["constraints"],
            )
        )
    return out


def all_columns() -> list[Column]:
    return [c for table in TABLE_NAMES for c in columns(table)]
