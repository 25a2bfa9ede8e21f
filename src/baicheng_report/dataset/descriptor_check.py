"""datapackage.json against the descriptor the schemas generate: a stranger's directory may carry
a descriptor that names other files, types or keys, and readers (ours, Frictionless, DuckDB)
would believe it. Each difference is one named line; the hashes are `validate`'s stale check."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.publish import datapackage

RULES = {
    "datapackage.names": "each resource of datapackage.json has a known name, once",
    "datapackage.path": "a resource's path is exactly its file in the data directory",
    "datapackage.fields": "a table's fields, types, list delimiters and constraints are the "
    "schema's",
    "datapackage.keys": "a table's primary and foreign keys are the schema's",
}


@dataclass(frozen=True)
class Difference:
    rule_id: str
    text: str  # e.g. "resources[3] (metrics): field value: type string, the schema says number"


def expected_resources() -> dict[str, dict[str, Any]]:
    """Name → the parts of each resource the comparison checks, as the schemas generate them."""
    out: dict[str, dict[str, Any]] = {
        name: {"path": f"{name}.csv", "schema": datapackage.table_schema(name)}
        for name in TABLE_NAMES
    }
    for name, rel, _ in datapackage.TEXT_RESOURCES:
        out[name] = {"path": rel}
    return out


def _show(value: Any) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False)


def _field_differences(where: str, found: Any, wanted: list[dict[str, Any]]) -> list[Difference]:
    if not isinstance(found, list) or not all(isinstance(f, dict) for f in found):
        return [Difference("datapackage.fields", f"{where}: fields are not a list of objects")]
    out = []
    names = [f.get("name") for f in found]
    want_names = [f["name"] for f in wanted]
    for name in want_names:
        if name not in names:
            out.append(Difference("datapackage.fields", f"{where}: field {name} is missing"))
    for name in names:
        if name not in want_names:
            out.append(
                Difference("datapackage.fields", f"{where}: field {name} is not in the schema")
            )
    if not out and names != want_names:
        out.append(
            Difference(
                "datapackage.fields",
                f"{where}: fields in the order {names}, the schema says {want_names}",
            )
        )
    by_name = {f.get("name"): f for f in found}
    for want in wanted:
        field = by_name.get(want["name"])
        if field is None:
            continue
        label = f"{where}: field {want['name']}"
        if field.get("type") != want["type"]:
            out.append(
                Difference(
                    "datapackage.fields",
                    f"{label}: type {field.get('type')}, the schema says {want['type']}",
                )
            )
        out += _property_differences(label, field, want)
    return out


def _property_differences(
    label: str, field: dict[str, Any], want: dict[str, Any]
) -> list[Difference]:
    """How a list cell splits, and into what; then each constraint."""
    found = [(key, field.get(key), want.get(key)) for key in ("delimiter", "itemType")]
    constraints = field.get("constraints")
    if not isinstance(constraints, dict):
        constraints = {}
    found += [
        (f"constraint {key}", constraints.get(key), want["constraints"].get(key))
        for key in sorted(set(constraints) | set(want["constraints"]))
    ]
    return [
        Difference(
            "datapackage.fields", f"{label}: {key} {_show(have)}, the schema says {_show(must)}"
        )
        for key, have, must in found
        if have != must
    ]


def _key_differences(where: str, found: dict[str, Any], wanted: dict[str, Any]) -> list[Difference]:
    out = []
    for key in ("primaryKey", "foreignKeys"):
        have, must = found.get(key), wanted.get(key)
        if have != must:
            out.append(
                Difference(
                    "datapackage.keys",
                    f"{where}: {key} {_show(have)}, the schema says {_show(must)}",
                )
            )
    return out


def differences(descriptor: dict[str, Any]) -> list[Difference]:
    """Every way `descriptor` differs from the generated one in names, paths, fields and keys."""
    expected = expected_resources()
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return [Difference("datapackage.names", "resources is not a list")]
    out, seen = [], set()
    for i, res in enumerate(resources):
        name = res.get("name") if isinstance(res, dict) else None
        if not isinstance(res, dict) or not isinstance(name, str) or name not in expected:
            shown = f" named {_show(name)}" if isinstance(res, dict) else ""
            out.append(
                Difference(
                    "datapackage.names", f"resources[{i}]{shown}: not a resource of the data"
                )
            )
            continue
        where = f"resources[{i}] ({name})"
        if name in seen:
            out.append(Difference("datapackage.names", f"{where}: a second resource named {name}"))
            continue
        seen.add(name)
        want = expected[name]
        if res.get("path") != want["path"]:
            out.append(
                Difference(
                    "datapackage.path",
                    f"{where}: path {_show(res.get('path'))}, the schema says {want['path']}",
                )
            )
        if "schema" not in want:
            continue
        schema = res.get("schema")
        if not isinstance(schema, dict):
            out.append(Difference("datapackage.fields", f"{where}: no table schema"))
            continue
        out += _field_differences(where, schema.get("fields"), want["schema"]["fields"])
        out += _key_differences(where, schema, want["schema"])
    return out
