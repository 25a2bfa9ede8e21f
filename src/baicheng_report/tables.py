"""The load path: table names, packaged files, SHA-256 check and dtypes from datapackage.json.

Only pandas is imported here (lazily): no pandera, Altair, papermill or Jupyter.
"""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from baicheng_report.paths import package_data_dir

if TYPE_CHECKING:
    import pandas as pd

TableName = Literal[
    "sources",
    "source_repairs",
    "metrics",
    "metric_readings",
    "service_tiers",
    "response_cases",
    "quotes",
    "photos",
    "glossary",
    "numeric_mentions",
    "corrections",
]
TABLE_NAMES: tuple[TableName, ...] = get_args(TableName)
DESCRIPTOR = "datapackage.json"


class IntegrityError(ValueError):
    """A packaged file is not the file that passed validation."""


def check_name(name: str) -> TableName:
    if name not in TABLE_NAMES:
        raise KeyError(f"unknown table {name!r}; choose one of: {', '.join(TABLE_NAMES)}")
    return name


def resolve(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir is not None else package_data_dir()


@cache
def _descriptor(path: Path, mtime_ns: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


def descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    path = resolve(data_dir) / DESCRIPTOR
    return _descriptor(path, path.stat().st_mtime_ns)


def resource(name: str, data_dir: Path | str | None = None) -> dict[str, Any]:
    check_name(name)
    return next(r for r in descriptor(data_dir)["resources"] if r["name"] == name)


def pandas_dtypes(fields: list[dict[str, Any]]) -> dict[str, str]:
    """Frictionless field types → pandas dtypes; optional integers become nullable Int64."""
    types = {"string": "str", "number": "float64", "boolean": "bool"}
    dtypes = {}
    for field in fields:
        required = field.get("constraints", {}).get("required", False)
        if field["type"] == "integer":
            dtypes[field["name"]] = "int64" if required else "Int64"
        else:
            dtypes[field["name"]] = types[field["type"]]
    return dtypes


def read(name: str, data_dir: Path | str | None = None, verify: bool = True) -> pd.DataFrame:
    import pandas as pd

    res = resource(name, data_dir)
    data = (resolve(data_dir) / res["path"]).read_bytes()
    if verify:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if digest != res["hash"]:
            raise IntegrityError(
                f"{res['path']}: SHA-256 does not match datapackage.json; the file changed after "
                "validation (run `baicheng-report validate`, then `baicheng-report package`)"
            )
    fields = res["schema"]["fields"]
    return pd.read_csv(
        io.BytesIO(data),
        dtype=pandas_dtypes(fields),
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
