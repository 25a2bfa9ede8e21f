"""baicheng_report: a traceable dataset of one article on policing reforms in Baicheng, Jilin.

    >>> import baicheng_report as br
    >>> br.list_tables()[:3]
    ['sources', 'source_repairs', 'metrics']
    >>> metrics = br.load("metrics")
    >>> metrics = br.load("metrics", backend="polars")  # or "pyarrow" (optional extras)

Loading needs pandas only; `schema()` and `load(..., validate=True)` import pandera on demand.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

# Imported first so that the function, not the module of the same name, is `br.claims`.
from baicheng_report.claims import claims
from baicheng_report.meta import CitationStyle
from baicheng_report.meta import citation as _citation
from baicheng_report.meta import version as _version
from baicheng_report.tables import (
    BACKENDS,
    TABLE_NAMES,
    Backend,
    TableName,
    check_name,
    read,
    read_arrow,
    read_polars,
    resolve,
)
from baicheng_report.tracing import Trace, UnknownAddress, trace

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa
    import polars as pl
    import pyarrow

    from baicheng_report.source import Variant

__all__ = [
    "Backend",
    "TableName",
    "Trace",
    "UnknownAddress",
    "__version__",
    "citation",
    "claims",
    "data_path",
    "list_tables",
    "load",
    "load_all",
    "schema",
    "source_text",
    "trace",
]
__version__ = _version()


def list_tables() -> list[TableName]:
    """Names of the tables, in dependency order."""
    return list(TABLE_NAMES)


@overload
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: Path | str | None = None,
    backend: Literal["pandas"] = "pandas",
) -> pd.DataFrame: ...
@overload
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: Path | str | None = None,
    backend: Literal["polars"],
) -> pl.DataFrame: ...
@overload
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: Path | str | None = None,
    backend: Literal["pyarrow"],
) -> pyarrow.Table: ...
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: Path | str | None = None,
    backend: Backend = "pandas",
) -> pd.DataFrame | pl.DataFrame | pyarrow.Table:
    """One table, typed from datapackage.json: a pandas DataFrame, or with `backend="polars"`
    a polars DataFrame, with `backend="pyarrow"` an Arrow Table (extras `polars`, `arrow`).
    The file's SHA-256 is checked against datapackage.json; `validate=True` also runs the full
    pandera schema (on a pandas copy, whatever the backend)."""
    check_name(name)
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    if backend == "pandas" or validate:
        frame = read(name, data_dir)
        if validate:
            from baicheng_report import checks

            with checks.checking(resolve(data_dir)):
                schema(name).validate(frame, lazy=True)
        if backend == "pandas":
            return frame
    if backend == "polars":
        return read_polars(name, data_dir)
    return read_arrow(name, data_dir)


def load_all(
    *, validate: bool = False, data_dir: Path | str | None = None
) -> dict[TableName, pd.DataFrame]:
    """Every table, by name."""
    return {name: load(name, validate=validate, data_dir=data_dir) for name in TABLE_NAMES}


def schema(name: TableName) -> type[pa.DataFrameModel]:
    """The pandera DataFrameModel that defines a table."""
    from baicheng_report import schemas

    return schemas.MODELS[check_name(name)]


def source_text(variant: Variant = "clean", *, data_dir: Path | str | None = None) -> str:
    """The article: "raw" as archived, "clean" (pinyin removed, garbles repaired) or
    "simplified" (the clean text in simplified script; evidence offsets index this one)."""
    from baicheng_report import source

    files = {
        "raw": source.RAW_FILE,
        "clean": source.CLEAN_FILE,
        "simplified": source.SIMPLIFIED_FILE,
    }
    if variant not in files:
        raise ValueError(f"unknown variant {variant!r}; choose one of: {', '.join(files)}")
    return (resolve(data_dir) / files[variant]).read_bytes().decode("utf-8")


def data_path(name: TableName) -> Path:
    """Path of a table's CSV, for tools other than Python."""
    return resolve(None) / f"{check_name(name)}.csv"


def citation(style: CitationStyle = "apa") -> str:
    """How to cite the dataset: "bibtex" or "apa"."""
    return _citation(style)
