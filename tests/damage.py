"""Damage for the validator: edits to a copy of the data directory, the descriptor brought in line
with them (as an editor who hand-edits both would), and cases generated from the pandera models."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandera.pandas as pa

from baicheng_report import hashing
from baicheng_report.dataset import schemas
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.dataset.tables import DESCRIPTOR
from baicheng_report.dataset.validation import MAX_TABLE_BYTES

Damage = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """A damage and the failure it must produce: rule id, file, line (header = 1) and column.

    `also`: the other rules the damage may trip as well (None: any); `rehash`: whether the case
    is meaningful once the descriptor vouches for the damaged files (not for the descriptor's own
    rules)."""

    damage: Damage
    rule_id: str
    file: str
    row: int | str | None  # a line number, or the id of the damaged row
    column: str | None
    also: frozenset[str] | None = frozenset()
    rehash: bool = True


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write(path: Path, table: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    path.write_text(buf.getvalue(), encoding="utf-8")


def index_of(found: list[list[str]], table: str, row: int | str) -> int:
    """A data row by its number from 1 or by its id (the table's primary key)."""
    if isinstance(row, int):
        return row
    key = found[0].index(schemas.primary_key(table))
    return next(i for i, r in enumerate(found) if i and r[key] == row)


def line_of(data_dir: Path, file: str, row: int | str | None) -> int | None:
    """The line number (header = 1) a failure names for `row`."""
    if not isinstance(row, str):
        return row
    table = file.removesuffix(".csv")
    return index_of(rows(data_dir / file), table, row) + 1


def cell(table: str, row: int | str, column: str, value: str | Callable[[str], str]) -> Damage:
    """Set one cell of a row given by number (data rows from 1) or by id."""

    def damage(d: Path) -> None:
        found = rows(d / f"{table}.csv")
        col, i = found[0].index(column), index_of(found, table, row)
        found[i][col] = value(found[i][col]) if callable(value) else value
        write(d / f"{table}.csv", found)

    return damage


def cells(*edits: Damage) -> Damage:
    def damage(d: Path) -> None:
        for edit in edits:
            edit(d)

    return damage


def edit_bytes(rel: str, edit: Callable[[bytes], bytes]) -> Damage:
    def damage(d: Path) -> None:
        path = d / rel
        path.write_bytes(edit(path.read_bytes()))

    return damage


def edit_rows(table: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> Damage:
    def damage(d: Path) -> None:
        write(d / f"{table}.csv", edit(rows(d / f"{table}.csv")))

    return damage


def rehash(data_dir: Path) -> None:
    """Bring datapackage.json in line with the files as they are: bytes and SHA-256."""
    path = data_dir / DESCRIPTOR
    desc = json.loads(path.read_bytes())
    for resource in desc["resources"]:
        file = data_dir / resource["path"]
        if file.is_file() and file.stat().st_size <= MAX_TABLE_BYTES:  # larger is never read
            data = file.read_bytes()
            resource["bytes"] = len(data)
            resource["hash"] = "sha256:" + hashing.sha256(data)
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def first_row(data_dir: Path, table: str, column: str) -> int:
    """The first data row (from 1) whose `column` is filled."""
    found = rows(data_dir / f"{table}.csv")
    col = found[0].index(column)
    return next((i for i, r in enumerate(found[1:], 1) if r[col] != ""), 1)


def _violation(check: pa.Check, dtype: str) -> str | None:
    """A cell value that breaks `check`, or None when no cell of a CSV can."""
    stats = check.statistics
    whole = dtype.lower().startswith("int")
    number = (lambda v: str(int(v))) if whole else (lambda v: str(float(v)))
    if check.name == "isin":
        return "zz_not_listed"
    if check.name == "str_matches":
        return "Not A Match!"
    if check.name == "greater_than":
        return number(stats["min_value"])
    if check.name == "greater_than_or_equal_to":
        return number(stats["min_value"] - 1)
    if check.name == "less_than_or_equal_to":
        return number(stats["max_value"] + 1)
    return None  # str_length(min 1): an empty cell is read as missing, see SHADOWED


# Rules that no file can reach, because an earlier rule always answers first, and why. Each is
# shown to work on a frame in tests/test_validate.py.
SHADOWED = {
    f"{name}.evidence.str_length": "an empty cell is read as missing: column.not_nullable answers"
    " (or, where evidence is optional, the cell is simply empty)"
    for name in TABLE_NAMES
    if any(
        c.name == "str_length"
        for c in schemas.MODELS[name].to_schema().columns.get("evidence", pa.Column()).checks
    )
}


def _repeat(table: str, row: int, column: str) -> Damage:
    """The next row takes this row's value (a copy of the row when there is no next one)."""

    def damage(d: Path) -> None:
        found = rows(d / f"{table}.csv")
        col = found[0].index(column)
        if row + 1 == len(found):
            found.append(list(found[row]))
        found[row + 1][col] = found[row][col]
        write(d / f"{table}.csv", found)

    return damage


def column_cases(data_dir: Path) -> dict[str, Case]:
    """One case per column check and per unique column of every model, generated from the
    models, on the first row where the column is filled."""
    out: dict[str, Case] = {}
    for name in TABLE_NAMES:
        schema = schemas.MODELS[name].to_schema()
        file = f"{name}.csv"
        for column, col in schema.columns.items():
            row = first_row(data_dir, name, column)
            for check in col.checks:
                value = _violation(check, str(col.dtype))
                if value is None:
                    continue
                rule = f"{name}.{column}.{check.name}"
                out[rule] = Case(cell(name, row, column, value), rule, file, row + 1, column, None)
            if col.unique:
                rule = f"{name}.{column}.unique"
                out[rule] = Case(_repeat(name, row, column), rule, file, row + 2, column, None)
    return out


def evidence_cases() -> dict[str, Case]:
    """The evidence checks every evidenced model inherits, one case per table: offsets that no
    longer span the evidence, and offsets moved one character on (a span of the right length
    that says something else)."""
    out: dict[str, Case] = {}
    for name in TABLE_NAMES:
        if not issubclass(schemas.MODELS[name], schemas.Evidenced):
            continue
        file = f"{name}.csv"
        shift = cells(
            cell(name, 1, "char_start", lambda v: str(int(v) + 1)),
            cell(name, 1, "char_end", lambda v: str(int(v) + 1)),
        )
        # rules that read the text around the evidence notice the move too
        around = frozenset(
            {
                "numeric_mentions.within_evidence",
                "numeric_mentions.coverage",
                "photos.credit_follows_caption",
                "photos.coverage",
                "quotes.attribution_matches_source",
                "quotes.coverage",
            }
        )
        out[f"{name}.evidence_round_trips"] = Case(
            shift, f"{name}.evidence_round_trips", file, 2, None, around
        )
        out[f"{name}.offsets_span_evidence"] = Case(
            cell(name, 1, "char_end", lambda v: str(int(v) + 1)),
            f"{name}.offsets_span_evidence",
            file,
            2,
            None,
            around | {f"{name}.evidence_round_trips"},
        )
    return out
