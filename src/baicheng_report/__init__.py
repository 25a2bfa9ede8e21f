"""baicheng_report: a traceable dataset of one article on policing reforms in Baicheng, Jilin.

    >>> import baicheng_report as br
    >>> br.list_tables()[:3]
    ['sources', 'source_repairs', 'metrics']
    >>> metrics = br.load("metrics")
    >>> metrics = br.load("metrics", backend="polars")  # or "pyarrow" (optional extras)
    >>> br.describe("metrics")  # the table's data dictionary, a row per column

Loading needs pandas only; `schema()`, `describe()` and `load(..., validate=True)` import
pandera on demand.
"""

from __future__ import annotations

from pathlib import Path as _Path
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Literal as _Literal
from typing import overload as _overload

from baicheng_report.dataset.registry import TABLE_NAMES as _TABLE_NAMES
from baicheng_report.dataset.registry import TableName
from baicheng_report.dataset.tables import BACKENDS as _BACKENDS
from baicheng_report.dataset.tables import Backend, DescriptorError, IntegrityError
from baicheng_report.dataset.tables import check_name as _check_name
from baicheng_report.dataset.tables import read_arrow as _read_arrow
from baicheng_report.dataset.tables import read_polars as _read_polars
from baicheng_report.dataset.tables import read_titled as _read_titled
from baicheng_report.dataset.tables import resolve as _resolve
from baicheng_report.meta import CitationStyle
from baicheng_report.meta import citation as _citation
from baicheng_report.meta import version as _version
from baicheng_report.vocabulary.claims import claims
from baicheng_report.vocabulary.tracing import Trace, UnknownAddress, trace

if _TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa
    import polars as pl
    import pyarrow

    from baicheng_report.source.text import Variant

__all__ = [
    "Backend",
    "DescriptorError",
    "IntegrityError",
    "TableName",
    "Trace",
    "UnknownAddress",
    "__version__",
    "citation",
    "claims",
    "data_path",
    "describe",
    "list_tables",
    "load",
    "load_all",
    "schema",
    "source_text",
    "trace",
]
__version__ = _version()


def __dir__() -> list[str]:
    """The public API, and nothing this module imports to build it."""
    return sorted(__all__)


def list_tables() -> list[TableName]:
    """Names of the tables, in dependency order."""
    return list(_TABLE_NAMES)


@_overload
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: _Path | str | None = None,
    backend: _Literal["pandas"] = "pandas",
) -> pd.DataFrame: ...
@_overload
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: _Path | str | None = None,
    backend: _Literal["polars"],
) -> pl.DataFrame: ...
@_overload
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: _Path | str | None = None,
    backend: _Literal["pyarrow"],
) -> pyarrow.Table: ...
def load(
    name: TableName,
    *,
    validate: bool = False,
    data_dir: _Path | str | None = None,
    backend: Backend = "pandas",
) -> pd.DataFrame | pl.DataFrame | pyarrow.Table:
    """One table, typed from datapackage.json: a pandas DataFrame, or with `backend="polars"`
    a polars DataFrame, with `backend="pyarrow"` an Arrow Table (extras `polars`, `arrow`).
    The file's SHA-256 is checked against datapackage.json; `validate=True` also runs the full
    pandera schema (on a pandas copy, whatever the backend). A pandas frame carries the table's
    name, title and description in `frame.attrs`; `describe(name)` has its columns."""
    _check_name(name)
    if backend not in _BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of: {', '.join(_BACKENDS)}")
    if backend == "pandas" or validate:
        frame = _read_titled(name, data_dir)
        if validate:
            _validate(name, _resolve(data_dir))
        if backend == "pandas":
            return frame
    if backend == "polars":
        return _read_polars(name, data_dir)
    return _read_arrow(name, data_dir)


def _validate(name: TableName, data_dir: _Path) -> None:
    """The table's pandera schema, then its rules that read the source text or other files, as
    `baicheng-report validate` runs them: a ValueError with its lines, file and line named."""
    from baicheng_report.dataset import validation

    failures = validation.validate_table(data_dir, name)
    if failures:
        raise ValueError("\n".join(str(f) for f in failures))


@_overload
def load_all(
    *,
    validate: bool = False,
    data_dir: _Path | str | None = None,
    backend: _Literal["pandas"] = "pandas",
) -> dict[TableName, pd.DataFrame]: ...
@_overload
def load_all(
    *, validate: bool = False, data_dir: _Path | str | None = None, backend: _Literal["polars"]
) -> dict[TableName, pl.DataFrame]: ...
@_overload
def load_all(
    *, validate: bool = False, data_dir: _Path | str | None = None, backend: _Literal["pyarrow"]
) -> dict[TableName, pyarrow.Table]: ...
def load_all(
    *, validate: bool = False, data_dir: _Path | str | None = None, backend: Backend = "pandas"
) -> dict[TableName, pd.DataFrame] | dict[TableName, pl.DataFrame] | dict[TableName, pyarrow.Table]:
    """Every table, by name, as `load` returns it with the same arguments."""
    return {
        name: load(name, validate=validate, data_dir=data_dir, backend=backend)
        for name in _TABLE_NAMES
    }


def describe(name: TableName) -> pd.DataFrame:
    """The data dictionary of one table, a row per column: type, whether required, unit, titles
    in English and Chinese, description, constraints, primary and foreign key, and a note where
    the values mislead (such as a sum that counts twice). `attrs` holds the table's title."""
    from baicheng_report.publish.data_dictionary import describe as _describe

    return _describe(name)


def schema(name: TableName) -> type[pa.DataFrameModel]:
    """The pandera DataFrameModel that defines a table."""
    from baicheng_report.dataset import registry

    return registry.model(_check_name(name))


def source_text(variant: Variant = "simplified", *, data_dir: _Path | str | None = None) -> str:
    """The article: "simplified" by default, the text every evidence offset indexes (the clean
    text in simplified script); "clean" (pinyin removed, garbles repaired, traditional script)
    or "raw" (as archived)."""
    from baicheng_report.source import text as source

    files = {
        "raw": source.RAW_FILE,
        "clean": source.CLEAN_FILE,
        "simplified": source.SIMPLIFIED_FILE,
    }
    if variant not in files:
        raise ValueError(f"unknown variant {variant!r}; choose one of: {', '.join(files)}")
    from baicheng_report.dataset.tables import verified_text

    return verified_text(files[variant], data_dir)


def data_path(name: TableName, *, data_dir: _Path | str | None = None) -> _Path:
    """Path of a table's CSV, for tools other than Python (DuckDB, R, a spreadsheet)."""
    return _resolve(data_dir) / f"{_check_name(name)}.csv"


def citation(style: CitationStyle = "apa") -> str:
    """How to cite the dataset: "bibtex" or "apa"."""
    return _citation(style)
