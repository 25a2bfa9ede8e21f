"""Write every table in another format. Output bytes depend only on the data and the versions
of the writers, so repeated runs are byte-identical."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from baicheng_report.dataset.registry import TABLE_NAMES, TableName
from baicheng_report.dataset.tables import read, resource, verified_bytes
from baicheng_report.publish.sql_schema import create_table, quote

if TYPE_CHECKING:
    import pandas as pd

Format = Literal["csv", "parquet", "json", "sqlite", "duckdb"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "json", "sqlite", "duckdb")
DUCKDB_FILE = "baicheng_report.duckdb"
SQLITE_FILE = "baicheng_report.sqlite"


class ExportError(ValueError):
    """A target in the output directory that would block the export; nothing was moved."""


def export(data_dir: Path, out: Path, fmt: Format) -> list[Path]:
    """Write all tables into `out`, all or nothing: the files appear only once all of them are
    written and every target is known to be replaceable, and a failure while moving them in
    puts back the files that were there."""
    frames = {name: read(name, data_dir) for name in TABLE_NAMES}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
        staging = Path(tmp) / "new"
        staging.mkdir()
        if fmt == "sqlite":
            _sqlite(frames, staging / SQLITE_FILE, data_dir)
        elif fmt == "duckdb":
            _duckdb(frames, staging / DUCKDB_FILE, data_dir)
        else:
            for name, frame in frames.items():
                target = staging / f"{name}.{fmt}"
                if fmt == "csv":  # the bytes that passed validation, hash checked again
                    target.write_bytes(verified_bytes(name, data_dir))
                elif fmt == "json":
                    records = json.loads(frame.to_json(orient="records", force_ascii=False))
                    target.write_text(
                        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                    )
                else:
                    frame.to_parquet(target, index=False, compression="zstd")
        return _publish(sorted(staging.iterdir()), out, Path(tmp) / "old")


def _publish(files: list[Path], out: Path, backup: Path) -> list[Path]:
    """Move `files` into `out`: every target checked first, then each old file set aside and
    the new one moved in; on any failure the old files go back and the new ones go."""
    for path in files:
        target = out / path.name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise ExportError(
                f"{target}: exists and is not a regular file; nothing was written to {out}"
            )
    backup.mkdir()
    moved: list[tuple[Path, bool]] = []  # (target, whether an old file was set aside)
    try:
        for path in files:
            target = out / path.name
            had = target.exists()
            if had:
                target.replace(backup / path.name)
            moved.append((target, had))
            path.replace(target)
    except OSError as err:
        for target, had in reversed(moved):
            target.unlink(missing_ok=True)
            if had:
                (backup / target.name).replace(target)
        raise ExportError(f"{out}: {err.strerror}; the directory was left as it was") from None
    return [out / path.name for path in files]


def _sqlite(frames: Mapping[TableName, pd.DataFrame], target: Path, data_dir: Path) -> None:
    """Tables created from datapackage.json, keys and checks included, in dependency order;
    the foreign keys are enforced while loading, so the file holds no dangling reference."""
    con = sqlite3.connect(target)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        for name, frame in frames.items():
            con.execute(create_table(name, resource(name, data_dir), "sqlite"))
            frame.to_sql(name=name, con=con, index=False, if_exists="append")
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def duckdb_ddl(name: TableName, res: dict[str, Any]) -> list[str]:
    """CREATE TABLE with types, keys and checks from datapackage.json, then a COMMENT per table
    and per column, so `duckdb_columns()` and DBeaver-style browsers show the descriptions."""
    statements = [create_table(name, res, "duckdb")]
    statements.append(f"COMMENT ON TABLE {name} IS {quote(res['description'])}")
    statements += [
        f'COMMENT ON COLUMN {name}."{f["name"]}" IS {quote(f["title"] + ": " + f["description"])}'
        for f in res["schema"]["fields"]
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
