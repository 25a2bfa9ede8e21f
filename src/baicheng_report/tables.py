"""The load path: table names, packaged files, SHA-256 check and dtypes from datapackage.json.

Only pandas is imported here (lazily): no pandera, Altair, papermill or Jupyter. The polars and
pyarrow backends are optional extras, imported only when asked for.
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
    import polars as pl
    import pyarrow as pa

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
# The tables whose rows are facts of the article, each with the phrase that states it: the source
# chapter anchors each row and `trace` follows each of their cells. (numeric_mentions has a phrase
# per numeral too, but indexes the text: it states no fact.)
EVIDENCE_TABLES: tuple[TableName, ...] = (
    "metrics",
    "service_tiers",
    "response_cases",
    "quotes",
    "photos",
    "glossary",
)
DESCRIPTOR = "datapackage.json"
Backend = Literal["pandas", "polars", "pyarrow"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
_EXTRA = {"polars": "polars", "pyarrow": "arrow"}


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


def verified_bytes(name: str, data_dir: Path | str | None = None, verify: bool = True) -> bytes:
    """A table's CSV bytes, refused unless they hash to what datapackage.json recorded."""
    res = resource(name, data_dir)
    data: bytes = (resolve(data_dir) / res["path"]).read_bytes()
    if verify:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if digest != res["hash"]:
            raise IntegrityError(
                f"{res['path']}: SHA-256 does not match datapackage.json; the file changed after "
                "validation (run `baicheng-report validate`, then `baicheng-report package`)"
            )
    return data


def read(name: str, data_dir: Path | str | None = None, verify: bool = True) -> pd.DataFrame:
    import pandas as pd

    data = verified_bytes(name, data_dir, verify)
    return pd.read_csv(
        io.BytesIO(data),
        dtype=pandas_dtypes(resource(name, data_dir)["schema"]["fields"]),
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )


def read_polars(name: str, data_dir: Path | str | None = None) -> pl.DataFrame:
    polars = _optional("polars", "polars")
    types = {
        "string": polars.String,
        "integer": polars.Int64,
        "number": polars.Float64,
        "boolean": polars.Boolean,
    }
    fields = resource(name, data_dir)["schema"]["fields"]
    frame: pl.DataFrame = polars.read_csv(
        io.BytesIO(verified_bytes(name, data_dir)),
        schema={f["name"]: types[f["type"]] for f in fields},
        null_values=[""],
        encoding="utf8",
    )
    return frame


def read_arrow(name: str, data_dir: Path | str | None = None) -> pa.Table:
    arrow = _optional("pyarrow", "pyarrow")
    csv = _optional("pyarrow.csv", "pyarrow")
    types = {"string": arrow.string(), "integer": arrow.int64(), "number": arrow.float64()}
    fields = resource(name, data_dir)["schema"]["fields"]
    table: pa.Table = csv.read_csv(
        io.BytesIO(verified_bytes(name, data_dir)),
        # Arrow's reader threads can abort the interpreter at exit once polars is loaded too;
        # the tables are small enough for one thread.
        read_options=csv.ReadOptions(use_threads=False),
        convert_options=csv.ConvertOptions(
            column_types={f["name"]: types.get(f["type"], arrow.bool_()) for f in fields},
            null_values=[""],
            strings_can_be_null=True,
        ),
    )
    return table


def _optional(module: str, backend: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"backend={backend!r} needs {backend}: pip install 'baicheng-report[{_EXTRA[backend]}]'"
        ) from None
