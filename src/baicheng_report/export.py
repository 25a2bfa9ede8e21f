"""Write every table in another format. Output bytes depend only on the data and the versions
of the writers, so repeated runs are byte-identical."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from baicheng_report.registry import TABLE_NAMES, TableName
from baicheng_report.tables import read, resource

if TYPE_CHECKING:
    import pandas as pd

Format = Literal["csv", "parquet", "json", "sqlite", "duckdb"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "json", "sqlite", "duckdb")
DUCKDB_FILE = "baicheng_report.duckdb"
SQLITE_FILE = "baicheng_report.sqlite"
_SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}


def export(data_dir: Path, out: Path, fmt: Format) -> list[Path]:
    """Write all tables into `out`; the files appear only once all of them are written."""
    frames = {name: read(name, data_dir) for name in TABLE_NAMES}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
        staging = Path(tmp)
        if fmt == "sqlite":
            _sqlite(frames, staging / SQLITE_FILE)
        elif fmt == "duckdb":
            _duckdb(frames, staging / DUCKDB_FILE, data_dir)
        else:
            for name, frame in frames.items():
                target = staging / f"{name}.{fmt}"
                if fmt == "csv":
                    shutil.copyfile(data_dir / f"{name}.csv", target)
                elif fmt == "json":
                    records = json.loads(frame.to_json(orient="records", force_ascii=False))
                    target.write_text(
                        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                    )
                else:
                    frame.to_parquet(target, index=False, compression="zstd")
        written = []
        for path in sorted(staging.iterdir()):
            path.replace(out / path.name)
            written.append(out / path.name)
    return written


def _sqlite(frames: Mapping[TableName, pd.DataFrame], target: Path) -> None:
    con = sqlite3.connect(target)
    try:
        for name, frame in frames.items():
            frame.to_sql(name=name, con=con, index=False)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def duckdb_ddl(name: TableName, res: dict[str, Any]) -> list[str]:
    """CREATE TABLE with types and keys from datapackage.json, then a COMMENT per table and per
    column, so `duckdb_columns()` and DBeaver-style browsers show the schemas' descriptions."""
    schema = res["schema"]
    columns = [
        f'"{f["name"]}" {_SQL_TYPES[f["type"]]}'
        + (" NOT NULL" if f["constraints"].get("required") else "")
        for f in schema["fields"]
    ]
    keys = [f"PRIMARY KEY ({', '.join(schema['primaryKey'])})"]
    keys += [
        f"FOREIGN KEY ({', '.join(fk['fields'])}) REFERENCES "
        f"{fk['reference']['resource']} ({', '.join(fk['reference']['fields'])})"
        for fk in schema.get("foreignKeys", [])
    ]
    statements = [f"CREATE TABLE {name} ({', '.join(columns + keys)})"]
    statements.append(f"COMMENT ON TABLE {name} IS {_quote(res['description'])}")
    statements += [
        f'COMMENT ON COLUMN {name}."{f["name"]}" IS {_quote(f["title"] + ": " + f["description"])}'
        for f in schema["fields"]
    ]
    return statements


def _duckdb(frames: Mapping[TableName, pd.DataFrame], target: Path, data_dir: Path) -> None:
    try:
        import duckdb
    except ImportError:
        raise ImportError(
            "duckdb export needs duckdb: pip install 'baicheng-report[duckdb]'"
        ) from None
    con = duckdb.connect(str(target))
    try:
        for name, frame in frames.items():  # sources first: the foreign keys point at it
            for statement in duckdb_ddl(name, resource(name, data_dir)):
                con.execute(statement)
            con.register("frame", frame)
            con.execute(f"INSERT INTO {name} SELECT * FROM frame")
            con.unregister("frame")
        con.execute("CHECKPOINT")
    finally:
        con.close()
