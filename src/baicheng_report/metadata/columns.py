"""Per-column facts read from the pandera schemas, shared by every metadata view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baicheng_report import datapackage, registry, schemas
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
    unit: str  # what one value counts or measures; "" where it is no quantity
    note: str  # a caution for the reader, e.g. where a sum misleads
    delimiter: str = ""  # a list column: what separates the items of one cell
    items: tuple[str, ...] = ()  # a list column's vocabulary, where it has one


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
                unit=unit_of(table, field["name"], metadata),
                note=metadata.get("note", ""),
                delimiter=field.get("delimiter", ""),
                items=tuple(metadata.get("items", ())),
            )
        )
    return out


def unit_of(table: str, column: str, metadata: dict[str, Any]) -> str:
    """What one value of the column counts: the registry's unit where the table's record fixes
    it (a figure whose unit is another column, a count, minutes), else the schema's note of it
    (offsets count characters)."""
    record = registry.table(table)
    if column == record.value and record.unit:
        return f"given by {record.unit}"
    return record.fixed_units.get(column) or str(metadata.get("unit", ""))


def all_columns() -> list[Column]:
    return [c for table in TABLE_NAMES for c in columns(table)]
