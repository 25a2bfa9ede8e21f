"""Other readers: `load(..., backend="polars"|"pyarrow")` and the DuckDB export with the schemas'
descriptions as comments. pandas stays the default and the only import on the default path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset.tables import IntegrityError
from tests.conftest import invoke


def _fields(data_dir: Path, name: str) -> list[dict[str, object]]:
    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in desc["resources"] if r["name"] == name)["schema"]["fields"]


@pytest.mark.parametrize("name", br.list_tables())
def test_polars_and_arrow_hold_the_same_table_as_pandas(name: br.TableName, data_dir: Path) -> None:
    import polars as pl
    import pyarrow as pa

    expected = br.load(name)
    frame = br.load(name, backend="polars")
    table = br.load(name, backend="pyarrow")
    assert isinstance(frame, pl.DataFrame) and isinstance(table, pa.Table)
    # a list cell is read as written, like the CSV and pandas hold it
    polars_types = {
        "string": pl.String,
        "list": pl.String,
        "integer": pl.Int64,
        "number": pl.Float64,
    }
    arrow_types = {
        "string": pa.string(),
        "list": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
    }
    for field in _fields(data_dir, name):
        column, kind = str(field["name"]), str(field["type"])
        assert frame.schema[column] == polars_types.get(kind, pl.Boolean), column
        assert table.schema.field(column).type == arrow_types.get(kind, pa.bool_()), column
    for other in (frame.to_pandas(), table.to_pandas()):
        assert list(other.columns) == list(expected.columns)
        for column in expected.columns:
            left = expected[column].astype(object).where(expected[column].notna(), None)
            right = other[column].astype(object).where(other[column].notna(), None)
            assert left.tolist() == right.tolist(), (name, column)


@pytest.mark.parametrize("backend", ["polars", "pyarrow"])
def test_every_backend_refuses_bytes_that_did_not_pass_validation(
    backend: br.Backend, data_copy: Path
) -> None:
    path = data_copy / "glossary.csv"
    path.write_bytes(path.read_bytes().replace(b"1+N", b"1+M", 1))
    with pytest.raises(IntegrityError, match=r"glossary\.csv"):
        br.load("glossary", data_dir=data_copy, backend=backend)


def test_validate_runs_the_schema_whatever_the_backend() -> None:
    frame = br.load("metrics", backend="polars", validate=True)
    assert frame.height == len(br.load("metrics"))


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="backend"):
        br.load("metrics", backend="dask")  # type: ignore[call-overload]


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_default_load_imports_no_optional_backend() -> None:
    out = _python(
        "import sys, baicheng_report as br; br.load('metrics'); "
        "print(sorted({'polars', 'duckdb'} & set(sys.modules)))"
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_missing_extra_names_the_install_command() -> None:
    out = _python(
        "import sys; sys.modules['polars'] = None; import baicheng_report as br\n"
        "try:\n    br.load('metrics', backend='polars')\n"
        "except ImportError as err:\n    print(err)"
    )
    assert "pip install 'baicheng-report[polars]'" in out.stdout, out.stderr


# DuckDB --------------------------------------------------------------------------------------


def _duckdb_contents(path: Path) -> dict[str, object]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {
            name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
            for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        comments = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() ORDER BY ALL"
        ).fetchall()
        table_comments = con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall()
        keys = con.execute(
            "SELECT table_name, constraint_type, constraint_column_names "
            "FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') "
            "ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    return {"tables": tables, "comments": comments, "table_comments": table_comments, "keys": keys}


def test_duckdb_export_carries_the_data_and_the_descriptions(tmp_path: Path) -> None:
    from baicheng_report.dataset import schemas
    from baicheng_report.publish import datapackage

    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = invoke("export", "--format", "duckdb", "--out", str(out))
        assert result.returncode == 0, result.stderr
    contents = _duckdb_contents(first / "baicheng_report.duckdb")
    # DuckDB files carry a random header, so repeated runs agree in content, not in bytes.
    assert contents == _duckdb_contents(second / "baicheng_report.duckdb")
    tables = contents["tables"]
    assert isinstance(tables, dict) and set(tables) == set(br.list_tables())
    for name in br.list_tables():
        assert len(tables[name]) == len(br.load(name))
    metrics = br.load("metrics")
    assert sorted(r[0] for r in tables["metrics"]) == sorted(metrics["metric_id"])
    described = {(t, c): comment for t, c, comment in contents["comments"]}  # type: ignore[attr-defined]
    for name in br.list_tables():
        for field in datapackage.fields(name):
            assert described[(name, field["name"])] == f"{field['title']}: {field['description']}"
    assert dict(contents["table_comments"]) == {  # type: ignore[call-overload]
        name: datapackage.table_description(name) for name in br.list_tables()
    }
    primary = {t: cols for t, kind, cols in contents["keys"] if kind == "PRIMARY KEY"}  # type: ignore[attr-defined]
    assert primary == {name: [schemas.primary_key(name)] for name in br.list_tables()}


def test_duckdb_reads_the_csvs_too(data_dir: Path) -> None:
    """What the README tells DuckDB users to do without the export."""
    import duckdb

    path = data_dir / "metrics.csv"
    con = duckdb.connect()
    rows = con.execute(f"SELECT count(*) FROM read_csv('{path}')").fetchall()
    con.close()
    assert rows == [(len(pd.read_csv(path)),)]
