"""CSVW metadata (W3C Metadata Vocabulary for Tabular Data): one table group describing every
CSV, with column titles in English and Chinese (language-tagged), datatypes, required columns,
primary and foreign keys, all from the schemas. A CSVW processor finds it as `csv-metadata.json`
beside the CSVs."""

from __future__ import annotations

import re
from typing import Any

from baicheng_report.dataset import registry, schemas
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.meta import DATASET
from baicheng_report.publish import datapackage
from baicheng_report.publish.metadata.columns import Column, columns

FILE = "csv-metadata.json"
_BASE = {"string": "string", "integer": "integer", "number": "double", "boolean": "boolean"}
# pandas writes booleans as True/False; CSVW's format names the true value first.
_BOOLEAN_FORMAT = "True|False"


def datatype(column: Column) -> dict[str, Any] | str:
    """The CSVW datatype of a column, with its constraints as facets."""
    cons = column.constraints
    if column.delimiter:  # a list: the datatype is each item's, the column has a separator
        if not column.items:
            return "string"
        return {"base": "string", "format": "^(?:" + "|".join(map(re.escape, column.items)) + ")$"}
    base = _BASE[column.type]
    out: dict[str, Any] = {"base": base}
    if base == "boolean":
        out["format"] = _BOOLEAN_FORMAT
    if "enum" in cons:
        out["format"] = "^(?:" + "|".join(re.escape(str(v)) for v in cons["enum"]) + ")$"
    elif "pattern" in cons:
        out["format"] = "^(?:" + cons["pattern"] + ")$"
    for ours, theirs in (
        ("minimum", "minimum"),
        ("exclusiveMinimum", "minExclusive"),
        ("maximum", "maximum"),
        ("minLength", "minLength"),
    ):
        if ours in cons:
            out[theirs] = cons[ours]
    return out if len(out) > 1 else base


def _column(column: Column) -> dict[str, Any]:
    return {
        "name": column.name,
        "titles": {"en": column.title, "zh-Hans": column.title_zh},
        "dc:description": column.description,
        "datatype": datatype(column),
        "required": column.constraints["required"],
        **({"separator": column.delimiter} if column.delimiter else {}),
    }


def _table(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "columns": [_column(c) for c in columns(name)],
        "primaryKey": schemas.primary_key(name),
    }
    keys = registry.table(name).foreign_keys  # the same keys as datapackage.json
    if keys:
        schema["foreignKeys"] = [
            {
                "columnReference": column,
                "reference": {
                    "resource": f"{target}.csv",
                    "columnReference": schemas.primary_key(target),
                },
            }
            for column, target in keys.items()
        ]
    return {
        "url": f"{name}.csv",
        "dc:title": name,
        "dc:description": datapackage.table_description(name),
        "tableSchema": schema,
    }


def table_group() -> dict[str, Any]:
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "dc:title": DATASET.title,
        "dc:description": DATASET.description,
        "dc:license": {"@id": DATASET.licence.url},
        "dc:hasVersion": DATASET.version,
        "dc:creator": list(DATASET.creators),
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\n"]},
        "tables": [_table(name) for name in TABLE_NAMES],
    }
