"""A table's pandera model, run lazily on its frame of strings, and each failure case mapped to
the file, line, column and rule it breaks. Every check of every model is a rule (`rules`)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from baicheng_report.dataset import schemas
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.dataset.validation.failure import Failure, cells_named, line
from baicheng_report.dataset.validation.rules import declare

declare("column.dtype", "every cell converts to its column's type")
declare("column.not_nullable", "a required cell is not empty")
_GENERIC_CHECKS = {
    "coerce_dtype": "column.dtype",
    "dtype": "column.dtype",
    "not_nullable": "column.not_nullable",
}


def rules() -> dict[str, str]:
    """Each pandera check of each model (as `table.column.check` or `table.check`) and each
    unique column, by id."""
    found: dict[str, str] = {}
    for name in TABLE_NAMES:
        schema = schemas.MODELS[name].to_schema()
        for column, col in schema.columns.items():
            for check in col.checks:
                found[f"{name}.{column}.{check.name}"] = check.description or check.name
            if col.unique:
                found[f"{name}.{column}.unique"] = "no two rows share a value"
        for check in schema.checks:
            found[f"{name}.{check.name}"] = check.description or check.name
    return found


def _descriptions(name: str) -> dict[str, str]:
    schema = schemas.MODELS[name].to_schema()
    found = {c.name: c.description or c.name for c in schema.checks}
    for col in schema.columns.values():
        found.update({c.name: c.description or c.name for c in col.checks})
    return found


def _rule_id(table: str, column: object, check: str) -> str:
    name = check.split("(", 1)[0]
    if name in _GENERIC_CHECKS:
        return _GENERIC_CHECKS[name]
    if name == "field_uniqueness":
        name = "unique"
    return f"{table}.{name}" if column is None else f"{table}.{column}.{name}"


def validate(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Failure]]:
    """The frame typed by the schema and the schema's failures. The frame is None when a cell
    does not convert to its type; otherwise it is typed even when other checks fail, so the
    table's rules beyond the schema still name their rows, as the schema's table-wide checks do."""
    try:
        return schemas.MODELS[name].validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as err:
        failures = from_failure_cases(name, err.failure_cases, _descriptions(name), err.data)
        typed = any(f.rule_id == "column.dtype" for f in failures)
        return (None if typed else err.data), failures


def from_failure_cases(
    table: str, cases: pd.DataFrame, rules: dict[str, str], data: pd.DataFrame | None = None
) -> list[Failure]:
    """Each failure case as a Failure; a table-wide check's also shows the row's cells of the
    columns its description names (from `data`, the frame checked)."""
    coerced = {(r.column, r.index) for r in cases.itertuples() if str(r.check).startswith("coerce")}
    untyped = {column for column, _ in coerced}
    seen: set[tuple[object, ...]] = set()
    out = []
    for r in cases.itertuples():
        check = str(r.check)
        if check.startswith("dtype(") and (r.column, r.index) in coerced:
            continue  # the coercion failure already names this cell
        if r.column in untyped and not check.startswith("coerce"):
            continue  # the column's checks ran on text (a TypeError as their "value")
        if coerced and r.schema_context == "DataFrameSchema":
            continue  # table-wide checks ran on untyped data: fix the types first
        column = None if r.schema_context == "DataFrameSchema" else r.column
        key = (r.index, column, check)
        if key in seen:
            continue
        seen.add(key)
        rule = check if check not in rules or rules[check] == check else f"{check}: {rules[check]}"
        value = None if r.failure_case is None or column is None else str(r.failure_case)
        cells: tuple[tuple[str, str], ...] = ()
        if column is None and data is not None and r.index in data.index:
            cells = cells_named(rules.get(check, ""), data.loc[r.index], list(data.columns))
        out.append(
            Failure(
                f"{table}.csv",
                line(r.index),
                None if column is None else str(column),
                rule,
                value,
                rule_id=_rule_id(table, column, check),
                cells=cells,
            )
        )
    return out
