"""What a rule may look at, given to it as an argument: the data directory, the source text
derived from its archive, and the typed tables that passed their own rules."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from baicheng_report.dataset import guarded, registry
from baicheng_report.source import text as source


def derive(data_dir: Path) -> source.Derived | None:
    """The texts derived from the archived source, or None when it cannot be read (the source
    rules report why; the rules that read the text are then not run: `Rule.reads_text`)."""
    try:
        return source.derive_from(data_dir.resolve())
    except (OSError, UnicodeDecodeError, ValueError):
        return None


Record = tuple[Hashable, dict[Hashable, Any]]  # a row's index label and its cells by column


@dataclass
class Context:
    data_dir: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    derived: source.Derived | None = None
    # tables whose file could not be read as a table: their own failure says why, and what
    # names their cells is not judged against them
    unread: set[str] = field(default_factory=set)
    _cells: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict, repr=False)
    _records: dict[str, list[Record]] = field(default_factory=dict, repr=False)
    _by_key: dict[str, dict[Hashable, Record]] = field(default_factory=dict, repr=False)

    @property
    def simplified(self) -> str:
        """The simplified text, empty when the source cannot be derived."""
        return self.derived.simplified if self.derived else ""

    def records(self, table: str) -> list[Record]:
        """Each row of a typed table with its index, made once per validation: several rules walk
        the same rows, and a frame's rows as dicts cost more than the walk. Empty when the table
        did not pass its own rules. Read-only: the rules share them."""
        frame = self.frames.get(table)
        if frame is None:
            return []
        if table not in self._records:
            rows = frame.to_dict("records")
            self._records[table] = list(zip(frame.index, rows, strict=True))
        return self._records[table]

    def by_key(self, table: str) -> dict[Hashable, Record]:
        """The rows of `records(table)` by the table's key (the registry's), made once: a table
        that passed its schema has each key once."""
        if table not in self._by_key:
            key = registry.table(table).key
            self._by_key[table] = {cells[key]: (i, cells) for i, cells in self.records(table)}
        return self._by_key[table]

    def cells(self, table: str) -> dict[tuple[str, str], str]:
        """(row id, column) → the cell as written in the table's CSV; empty when unreadable."""
        if table not in self._cells:
            self._cells[table] = _read_cells(self.data_dir, table)
        return self._cells[table]


def _read_cells(data_dir: Path, table: str) -> dict[tuple[str, str], str]:
    try:
        text = guarded.read_bytes(data_dir, f"{table}.csv").decode("utf-8")
    except (guarded.RefusedFile, OSError, UnicodeDecodeError):
        return {}
    key = registry.table(table).key if table in registry.TABLE_NAMES else ""
    try:
        return {
            (row.get(key) or "", column): value or ""
            for row in csv.DictReader(io.StringIO(text))
            for column, value in row.items()
            if isinstance(column, str)
        }
    except csv.Error:  # a cell over the field limit: the table's own failure names its row
        return {}
