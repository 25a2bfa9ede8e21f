"""The SQL exports refuse what the schemas refuse: a row breaking each kind of constraint is
rejected by SQLite (with `PRAGMA foreign_keys = ON`, as the README says) and by DuckDB, while
the same row without the break is accepted."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset.tables import descriptor, resource
from baicheng_report.publish.export import DUCKDB_FILE, SQLITE_FILE, export
from baicheng_report.publish.sql_schema import sqlite_pattern

DATA = br.data_path("metrics").parent
NEW = "new_row"  # an id no row has, that every id pattern accepts
# kind → (table, changes to a copy of its first row), which otherwise gets the id NEW.
VIOLATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "primary key": ("metrics", {"metric_id": br.load("metrics")["metric_id"][0]}),
    "foreign key": ("metrics", {"source_id": "0000000000000000"}),
    "not null": ("metrics", {"unit": None}),
    "unique": ("glossary", {}),  # term_zh stays the first row's
    "enum": ("metrics", {"unit": "furlong"}),
    "minimum": ("metrics", {"char_start": -1}),
    "exclusive minimum": ("service_tiers", {"item_count": 0}),
    "maximum": ("response_cases", {"month": 13}),
    "min length": ("metrics", {"evidence": ""}),
    "pattern": ("metrics", {"metric_id": "Bad-Id"}),
}
ACCEPTED: dict[str, tuple[str, dict[str, Any]]] = {  # the same tables, nothing broken
    "metrics": ("metrics", {}),
    "glossary": ("glossary", {"term_zh": "新词"}),
    "service_tiers": ("service_tiers", {}),
    "response_cases": ("response_cases", {}),
}


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sql")
    export(DATA, out, "sqlite")
    export(DATA, out, "duckdb")
    return {"sqlite": out / SQLITE_FILE, "duckdb": out / DUCKDB_FILE}


def _row(table: str, changes: dict[str, Any]) -> dict[str, Any]:
    key = resource(table)["schema"]["primaryKey"][0]
    first = br.load(table).iloc[0].to_dict()
    row = {**first, key: NEW, **changes}
    # numpy scalars as Python values, NaN and <NA> as SQL NULL
    return {k: None if pd.isna(v) else getattr(v, "item", lambda v=v: v)() for k, v in row.items()}


@pytest.fixture
def connect(databases: dict[str, Path]) -> Iterator[Any]:
    opened: list[Any] = []

    def open_(dialect: str) -> Any:
        if dialect == "sqlite":
            con = sqlite3.connect(databases["sqlite"])
            con.execute("PRAGMA foreign_keys = ON")
        else:
            duckdb = pytest.importorskip("duckdb")
            con = duckdb.connect(str(databases["duckdb"]), read_only=False)
        opened.append(con)
        return con

    yield open_
    for con in opened:
        con.close()


def _insert(con: Any, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))
    finally:
        con.execute("ROLLBACK")


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
@pytest.mark.parametrize("kind", list(VIOLATIONS))
def test_a_row_breaking_each_constraint_is_refused(kind: str, dialect: str, connect: Any) -> None:
    table, changes = VIOLATIONS[kind]
    con = connect(dialect)
    _insert(con, table, _row(*ACCEPTED[table]))  # the row without the break goes in
    refused = (sqlite3.IntegrityError,)
    if dialect == "duckdb":
        import duckdb

        refused = (duckdb.ConstraintException,)  # type: ignore[assignment]
    with pytest.raises(refused):
        _insert(con, table, _row(table, changes))


def test_glob_patterns_agree_with_the_regular_expressions() -> None:
    """Each pattern SQLite checks by GLOB accepts exactly what the regular expression does, on
    every value of the data and on values edited to break it."""
    con = sqlite3.connect(":memory:")
    checked = 0
    for res in descriptor(DATA)["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            pattern = field["constraints"].get("pattern")
            glob = pattern and sqlite_pattern("?1", pattern)
            if not glob:
                continue
            checked += 1
            values = [str(v) for v in br.load(res["name"])[field["name"]].dropna()]
            values += [v + "!" for v in values] + [v[:-1] for v in values] + ["", "A" + values[0]]
            for value in values:
                sql = bool(con.execute(f"SELECT {glob}", [value]).fetchone()[0])
                assert sql == bool(re.fullmatch(pattern, value)), (pattern, value)
    assert checked >= 5
