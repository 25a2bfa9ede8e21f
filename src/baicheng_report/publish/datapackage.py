"""Generate the Frictionless descriptor and the data dictionary from the pandera schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandera.pandas as pa

from baicheng_report import hashing
from baicheng_report.dataset import guarded, registry, schemas
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.meta import DATA_LICENSE, DATASET
from baicheng_report.source import text as source

_TYPES = {
    "str": "string",
    "string": "string",
    "string[pyarrow]": "string",
    "string[python]": "string",  # pandas without pyarrow
    "int64": "integer",
    "Int64": "integer",
    "float64": "number",
    "bool": "boolean",
    "boolean": "boolean",
}
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TEXT_RESOURCES = (
    (
        "source_raw",
        source.RAW_FILE,
        "The article as received (traditional script, pinyin, garbled).",
    ),
    ("source_clean", source.CLEAN_FILE, "Pinyin removed and garbled passages repaired."),
    (
        "source_simplified",
        source.SIMPLIFIED_FILE,
        "The clean text in simplified script (OpenCC t2s).",
    ),
)


def _constraints(column: pa.Column) -> dict[str, Any]:
    out: dict[str, Any] = {"required": not column.nullable}
    if column.unique:
        out["unique"] = True
    for check in column.checks:
        stats = check.statistics
        if check.name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif check.name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif check.name == "greater_than":
            out["exclusiveMinimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            out["maximum"] = stats["max_value"]
        elif check.name == "str_matches":
            out["pattern"] = stats["pattern"].removeprefix("^").removesuffix("$")
        elif check.name == "str_length" and stats.get("min_value"):
            out["minLength"] = stats["min_value"]
    return out


# What Table Schema v2 lets a list field constrain (a pattern or enum would see the whole cell).
LIST_CONSTRAINTS = ("required", "minLength", "maxLength")


def fields(name: str) -> list[dict[str, Any]]:
    """A table's Table Schema fields. A column whose Field metadata names a `delimiter` holds
    several values in one cell: a v2 `list` field of its items' type, so Frictionless splits it;
    its item vocabulary stays in the schema's checks and the description."""
    schema = schemas.MODELS[name].to_schema()
    out = []
    for col_name in schemas.columns(name):
        column = schema.columns[col_name]
        constraints = _constraints(column)
        field: dict[str, Any] = {"name": col_name, "type": _TYPES[str(column.dtype)]}
        if delimiter := (column.metadata or {}).get("delimiter"):
            field = {
                "name": col_name,
                "type": "list",
                "delimiter": delimiter,
                "itemType": field["type"],
            }
            constraints = {k: v for k, v in constraints.items() if k in LIST_CONSTRAINTS}
        field |= {
            "title": column.title,
            "description": column.description,
            "constraints": constraints,
        }
        out.append(field)
    return out


def table_rules(name: str) -> list[str]:
    """The table-wide checks, as sentences, for the dictionary: the model's own, validation's
    rules of the table that read the source text or other files, then the checks inherited
    from `Evidenced`, each evidence round trip right after the offsets it relies on."""
    from baicheng_report.dataset.validation import rules_of_table

    model = schemas.MODELS[name]
    inherited = (
        {c.name for c in schemas.Evidenced.to_schema().checks}
        if issubclass(model, schemas.Evidenced)
        else set()
    )
    checks = [(c.name, c.description or c.name) for c in model.to_schema().checks]
    more = rules_of_table(name)
    trip = [text for check, text in more if check == "evidence_round_trips"]
    others = [text for check, text in more if check != "evidence_round_trips"]

    def with_trip(pairs: list[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        for check, text in pairs:
            out += [text, *(trip if check == "offsets_span_evidence" else [])]
        return out

    own = [c for c in checks if c[0] not in inherited]
    return with_trip(own) + others + with_trip([c for c in checks if c[0] in inherited])


def table_description(name: str) -> str:
    doc = schemas.MODELS[name].__doc__ or ""
    return " ".join(doc.split())


def _file_facts(data_dir: Path, rel: str) -> dict[str, Any]:
    data = guarded.read_bytes(data_dir, rel, guarded.MAX_TEXT_BYTES)
    return {"bytes": len(data), "hash": "sha256:" + hashing.sha256(data)}


def table_title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def foreign_keys(name: str) -> list[dict[str, Any]]:
    """The table's foreign keys (the registry's), as Frictionless writes them."""
    return [
        {
            "fields": [column],
            "reference": {"resource": target, "fields": [registry.table(target).key]},
        }
        for column, target in registry.table(name).foreign_keys.items()
    ]


def table_schema(name: str) -> dict[str, Any]:
    """A table's Table Schema: fields, primary key and foreign keys, from its pandera model."""
    schema: dict[str, Any] = {"fields": fields(name), "primaryKey": [schemas.primary_key(name)]}
    if keys := foreign_keys(name):
        schema["foreignKeys"] = keys
    return schema


def build(data_dir: Path) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for name in TABLE_NAMES:
        schema = table_schema(name)
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": f"{name}.csv",
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table_title(name),
                "description": table_description(name),
                **_file_facts(data_dir, f"{name}.csv"),
                "schema": schema,
            }
        )
    for text_name, rel, description in TEXT_RESOURCES:
        resources.append(
            {
                "name": text_name,
                "path": rel,
                "scheme": "file",
                "format": "txt",
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "description": description,
                **_file_facts(data_dir, rel),
            }
        )
    return {
        "$schema": PROFILE,
        "name": DATASET.name,
        "title": DATASET.title,
        "version": DATASET.version,
        "description": DATASET.description,
        "homepage": DATASET.repository,
        "created": DATASET.date_released + "T00:00:00Z",
        "contributors": [{"title": name, "roles": ["creator"]} for name in DATASET.creators],
        "licenses": [DATA_LICENSE],
        "sources": [{"title": DATASET.source_title, "path": source.RAW_FILE}],
        "keywords": list(DATASET.keywords),
        "resources": resources,
    }


def dictionary_markdown() -> str:
    """The data dictionary, one section per table, from the schemas alone."""
    from baicheng_report.publish.data_dictionary import (  # it reads this module's fields
        code_meanings,
        rows,
    )

    lines = [
        "# Data dictionary",
        "",
        "Generated from the pandera schemas by `baicheng-report package`; do not edit.",
        "",
    ]
    for name in TABLE_NAMES:
        lines += [
            f"## `{name}`",
            "",
            table_description(name),
            "",
            f"Primary key: `{schemas.primary_key(name)}`.",
            "",
            "| column | type | required | unit | title | title (zh) | description | constraints "
            "| foreign key |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        notes = []
        for row in rows(name):
            cells = [
                f"`{row['column']}`",
                row["type"],
                "yes" if row["required"] else "no",
                row["unit"],
                row["title_en"],
                row["title_zh"],
                row["description"] + _since(row),
                row["constraints"],
                f"`{row['foreign_key']}`" if row["foreign_key"] else "",
            ]
            lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
            if row["note"]:
                notes.append(f"- **`{row['column']}`**: {row['note']}")
        if notes:
            lines += ["", "Read with care:", "", *notes]
        meanings = [
            f"- **`{column}`**: "
            + "; ".join(f"`{code}` {w['en']} ({w['zh']})" for code, w in codes.items())
            for column, codes in code_meanings(name).items()
        ]
        if meanings:
            lines += ["", "What the codes mean:", "", *meanings]
        rules = table_rules(name)
        if rules:
            lines += ["", "Rules:", "", *[f"- {r}" for r in rules]]
        lines.append("")
    return "\n".join(lines)


def _since(row: dict[str, Any]) -> str:
    """For a column a later data version added: that version, and the column it took over."""
    if not row["added_in"]:
        return ""
    replaces = f"; replaces `{row['replaces']}`" if row["replaces"] else ""
    return f" (Added in {row['added_in']}{replaces}.)"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def dump(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
