"""Per-column facts read from the pandera schemas, shared by every metadata view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baicheng_report.dataset import registry, schemas
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.publish import datapackage
from baicheng_report.vocabulary import render


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
    unit_zh: str  # the same, in Chinese
    note: str  # a caution for the reader, e.g. where a sum misleads
    note_zh: str  # the same, in Chinese
    delimiter: str = ""  # a list column: what separates the items of one cell
    items: tuple[str, ...] = ()  # a list column's vocabulary, where it has one
    added_in: str = ""  # the data version that added the column; "" for the first release's
    replaces: str = ""  # the column it took over, which the table no longer has


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
                unit_zh=unit_of(table, field["name"], metadata, "zh"),
                note=metadata.get("note", ""),
                note_zh=metadata.get("note_zh", ""),
                delimiter=field.get("delimiter", ""),
                items=tuple(metadata.get("items", ())),
                added_in=metadata.get("added_in", ""),
                replaces=metadata.get("replaces", ""),
            )
        )
    return out


# A figure whose unit another column of its row holds (metrics.value: see metrics.unit).
GIVEN_BY = {"en": "given by {column}", "zh": "见 {column} 列"}


def unit_of(table: str, column: str, metadata: dict[str, Any], lang: str = "en") -> str:
    """What one value of the column counts: the registry's unit where the table's record fixes
    it (a figure whose unit is another column, a count, minutes), else the schema's note of it
    (offsets count characters). In English a fixed unit is its code, as datapackage.json has
    it; in Chinese it is the renderer's word, and the schema's note its `unit_zh`."""
    record = registry.table(table)
    if column == record.value and record.unit:
        return GIVEN_BY[lang].format(column=record.unit)
    fixed = record.fixed_units.get(column)
    if fixed:
        return fixed if lang == "en" else render.unit_name(fixed, lang)
    return str(metadata.get("unit" if lang == "en" else "unit_zh", ""))


def all_columns() -> list[Column]:
    return [c for table in TABLE_NAMES for c in columns(table)]
