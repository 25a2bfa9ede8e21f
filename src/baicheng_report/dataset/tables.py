"""The load path: packaged files, SHA-256 check and dtypes from datapackage.json.

Only pandas is imported here (lazily): no pandera, Altair, papermill or Jupyter. The polars and
pyarrow backends are optional extras, imported only when asked for.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from baicheng_report.dataset import guarded
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.dataset.registry import TABLE_NAMES, TableName, table
from baicheng_report.hashing import sha256

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

DESCRIPTOR = "datapackage.json"
Backend = Literal["pandas", "polars", "pyarrow"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
_EXTRA = {"polars": "polars", "pyarrow": "arrow"}
# A list field's cell is read as written ("a; b"): its `delimiter` splits it.
FIELD_TYPES = ("string", "integer", "number", "boolean", "list")


class IntegrityError(ValueError):
    """A packaged file is not the file that passed validation."""


RefusedFile = guarded.RefusedFile  # a table that is never read: outside, not regular, too large


def check_name(name: str) -> TableName:
    return table(name).name


def resolve(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir is not None else package_data_dir()


class DescriptorError(ValueError):
    """datapackage.json cannot be trusted to say how to read the tables."""


@cache
def _descriptor(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    data = guarded.read_bytes(path.parent, path.name, guarded.MAX_DESCRIPTOR_BYTES)
    try:
        parsed = json.loads(data.decode("utf-8"))  # UTF-8 only: not UTF-16, as json would
    except UnicodeDecodeError:
        raise DescriptorError(f"{DESCRIPTOR}: not UTF-8") from None
    except json.JSONDecodeError as err:
        raise DescriptorError(
            f"{DESCRIPTOR}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    except (RecursionError, ValueError):  # nested past Python's limit, or a number too long
        raise DescriptorError(
            f"{DESCRIPTOR}: not JSON this reader accepts (too deep or long)"
        ) from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("resources"), list):
        raise DescriptorError(f"{DESCRIPTOR}: not a data package (no list of resources)")
    if not isinstance(parsed.get("version"), str):
        raise DescriptorError(f"{DESCRIPTOR}: no version (the dataset's, as text)")
    for i, res in enumerate(parsed["resources"]):  # what a reader of a table takes from it
        if isinstance(res, dict) and res.get("name") in TABLE_NAMES:
            untyped = [
                k for k in ("title", "description", "hash") if not isinstance(res.get(k), str)
            ]
            if untyped:
                raise DescriptorError(
                    f"{DESCRIPTOR}: resources[{i}]: {', '.join(untyped)} missing or not text"
                )
    return parsed


def _descriptor_key(data_dir: Path | str | None) -> tuple[Path, int, int]:
    """What identifies the descriptor's contents (its path, mtime and size), checked by the
    guard on every call: a descriptor swapped or replaced since is read again, or refused."""
    root = resolve(data_dir)
    try:
        path, info = guarded.inspect(root, DESCRIPTOR, guarded.MAX_DESCRIPTOR_BYTES)
        return path, info.st_mtime_ns, info.st_size
    except guarded.RefusedFile as err:
        if not root.is_dir():  # the directory itself, not its descriptor, is what is missing
            raise DescriptorError(f"{root}: no such data directory") from None
        if err.rule_id == "file.missing":  # a folder of tables alone (an export) is not one
            raise DescriptorError(
                f"{err}: {root} is not a data directory (`baicheng-report package` writes one "
                "where the tables and the archived article are)"
            ) from None
        raise DescriptorError(str(err)) from None


def descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    """datapackage.json, read through the guard; DescriptorError when it is refused or broken."""
    return _descriptor(*_descriptor_key(data_dir))


@dataclass(frozen=True)
class _Reader:
    """How to read one table, worked out once per descriptor: its resource and its columns'
    pandas dtypes, resolved to dtype objects (pandas would parse dtype names on every call)."""

    resource: dict[str, Any]
    fields: list[dict[str, Any]]
    dtypes: dict[str, Any]


@cache
def _reader(key: tuple[Path, int, int], name: str) -> _Reader:
    res = _resource_in(_descriptor(*key), name)
    found = _fields_of(res, name)
    return _Reader(res, found, {col: _dtype(t) for col, t in pandas_dtypes(found).items()})


@cache
def _dtype(name: str) -> Any:
    import pandas as pd

    return pd.api.types.pandas_dtype(name)


def resource(name: str, data_dir: Path | str | None = None) -> dict[str, Any]:
    """The one resource named `name`, whose path is `<name>.csv`; DescriptorError otherwise
    (`validate` compares the rest of it with the schemas)."""
    return _reader(_descriptor_key(data_dir), check_name(name)).resource


def _resource_in(desc: dict[str, Any], name: str) -> dict[str, Any]:
    found = [
        (i, r)
        for i, r in enumerate(desc["resources"])
        if isinstance(r, dict) and r.get("name") == name
    ]
    if len(found) != 1:
        many = "no resource" if not found else f"{len(found)} resources"
        raise DescriptorError(f"{DESCRIPTOR}: {many} named {name}; exactly one is expected")
    i, res = found[0]
    if res.get("path") != f"{name}.csv":
        raise DescriptorError(
            f"{DESCRIPTOR}: resources[{i}] ({name}): path {res.get('path')!r}; "
            f"only {name}.csv inside the data directory is read"
        )
    return res


def fields(name: str, data_dir: Path | str | None = None) -> list[dict[str, Any]]:
    """The resource's fields, each with a name and one of the four types the tables use."""
    return list(_reader(_descriptor_key(data_dir), check_name(name)).fields)


def _fields_of(res: dict[str, Any], name: str) -> list[dict[str, Any]]:
    try:
        found = res["schema"]["fields"]
        if all(
            f["type"] in FIELD_TYPES
            and isinstance(f["name"], str)
            and isinstance(f.get("constraints", {}), dict)
            for f in found
        ):
            return list(found)
    except (KeyError, TypeError, AttributeError):
        pass
    raise DescriptorError(
        f"{DESCRIPTOR}: resource {name}: fields are not a list of names with types "
        f"({', '.join(FIELD_TYPES)}) and constraints; run `baicheng-report validate` for details"
    )


def pandas_dtypes(fields: list[dict[str, Any]]) -> dict[str, str]:
    """Frictionless field types → pandas dtypes; optional integers become nullable Int64."""
    types = {"string": "str", "list": "str", "number": "float64", "boolean": "bool"}
    dtypes = {}
    for field in fields:
        required = field.get("constraints", {}).get("required", False)
        if field["type"] == "integer":
            dtypes[field["name"]] = "int64" if required else "Int64"
        else:
            dtypes[field["name"]] = types[field["type"]]
    return dtypes


def resolved_dtypes(name: str, data_dir: Path | str | None = None) -> dict[str, Any]:
    """The table's columns' pandas dtypes as dtype objects, resolved once per descriptor."""
    return dict(_reader(_descriptor_key(data_dir), check_name(name)).dtypes)


def verified_bytes(name: str, data_dir: Path | str | None = None, verify: bool = True) -> bytes:
    """A table's CSV bytes, refused unless they hash to what datapackage.json recorded."""
    return _verified(resolve(data_dir), name, resource(name, data_dir), verify)


# The bytes last found to hash to a descriptor's value, per (directory, file, value): bytes
# equal to them need no hashing again (a comparison costs a fraction of a SHA-256). Small files
# only, so what is kept stays small.
_HASHED: dict[tuple[Path, str, object], bytes] = {}
_HASHED_MAX_BYTES = 1 << 20


def _verified(root: Path, name: str, res: dict[str, Any], verify: bool) -> bytes:
    if not verify:
        return guarded.read_bytes(root, f"{name}.csv", guarded.MAX_TABLE_BYTES)
    return _hashed_as_recorded(root, f"{name}.csv", res.get("hash"), guarded.MAX_TABLE_BYTES)


def _hashed_as_recorded(root: Path, rel: str, recorded: object, cap: int) -> bytes:
    """The bytes of `rel`, refused unless they hash to the descriptor's `recorded` value."""
    data = guarded.read_bytes(root, rel, cap)
    key = (root, rel, recorded)
    if _HASHED.get(key) == data:
        return data
    if "sha256:" + sha256(data) != recorded:
        raise IntegrityError(
            f"{rel}: SHA-256 does not match datapackage.json; the file changed after "
            "validation (run `baicheng-report validate`, then `baicheng-report package`)"
        )
    if len(data) <= _HASHED_MAX_BYTES:
        _HASHED[key] = data
    return data


def verified_text(rel: str, data_dir: Path | str | None = None) -> str:
    """A text of the article (raw, clean or simplified) as UTF-8, refused unless its bytes hash
    to what datapackage.json recorded for its path, as a table's are: a text cut short or
    re-encoded after validation would move every offset into it."""
    root = resolve(data_dir)
    recorded = next(
        (
            r.get("hash")
            for r in descriptor(root)["resources"]
            if isinstance(r, dict) and r.get("path") == rel
        ),
        None,
    )
    data = _hashed_as_recorded(root, rel, recorded, guarded.MAX_TEXT_BYTES)
    return data.decode("utf-8")  # hashed as validated, so UTF-8


def read(name: str, data_dir: Path | str | None = None, verify: bool = True) -> pd.DataFrame:
    """A table as pandas reads it with the descriptor's dtypes; the file's hash is checked
    against the descriptor unless `verify` is False."""
    return _read(name, data_dir, verify)[0]


def read_titled(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """`read`, with the table's name, title and description in `attrs`, from the descriptor."""
    frame, res = _read(name, data_dir, True)
    frame.attrs.update(table=name, title=res["title"], description=res["description"])
    return frame


def _read(name: str, data_dir: Path | str | None, verify: bool) -> tuple[pd.DataFrame, Any]:
    import pandas as pd

    root = resolve(data_dir)
    reader = _reader(_descriptor_key(root), check_name(name))
    data = _verified(root, name, reader.resource, verify)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            dtype=dict(reader.dtypes),  # a copy: the cached one is never handed out
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
        )
    except (ValueError, TypeError) as err:  # a descriptor whose types are not the file's
        raise _unread(name, err) from None
    return frame, reader.resource


def _unread(name: str, err: Exception) -> DescriptorError:
    cause = str(err).splitlines()[0] if str(err) else type(err).__name__
    return DescriptorError(
        f"{DESCRIPTOR}: resource {name}: its fields do not read {name}.csv ({cause}); "
        "run `baicheng-report validate`"
    )


def read_polars(name: str, data_dir: Path | str | None = None) -> pl.DataFrame:
    polars = _optional("polars", "polars")
    types = {
        "string": polars.String,
        "list": polars.String,
        "integer": polars.Int64,
        "number": polars.Float64,
        "boolean": polars.Boolean,
    }
    found = fields(name, data_dir)
    data = verified_bytes(name, data_dir)
    try:
        frame: pl.DataFrame = polars.read_csv(
            io.BytesIO(data),
            schema={f["name"]: types[f["type"]] for f in found},
            null_values=[""],
            encoding="utf8",
        )
    except polars.exceptions.PolarsError as err:  # a descriptor whose types are not the file's
        raise _unread(name, err) from None
    return frame


def read_arrow(name: str, data_dir: Path | str | None = None) -> pa.Table:
    arrow = _optional("pyarrow", "pyarrow")
    csv = _optional("pyarrow.csv", "pyarrow")
    types = {
        "string": arrow.string(),
        "list": arrow.string(),
        "integer": arrow.int64(),
        "number": arrow.float64(),
    }
    found = fields(name, data_dir)
    data = verified_bytes(name, data_dir)
    try:
        table: pa.Table = csv.read_csv(
            io.BytesIO(data),
            # Arrow's reader threads can abort the interpreter at exit once polars is loaded
            # too; the tables are small enough for one thread.
            read_options=csv.ReadOptions(use_threads=False),
            convert_options=csv.ConvertOptions(
                column_types={f["name"]: types.get(f["type"], arrow.bool_()) for f in found},
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except arrow.ArrowInvalid as err:  # a descriptor whose types are not the file's
        raise _unread(name, err) from None
    return table


def _optional(module: str, backend: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"backend={backend!r} needs {backend}: pip install 'baicheng-report[{_EXTRA[backend]}]'"
        ) from None
