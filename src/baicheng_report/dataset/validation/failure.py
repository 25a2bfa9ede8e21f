"""What validation reports: one `Failure` per problem, naming file, row, column, rule and value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CELL_SHOWN = 40  # characters of a cell a failure repeats; an evidence sentence is cut short


@dataclass(frozen=True)
class Failure:
    file: str
    row: int | None  # line number in the file (the header is line 1)
    column: str | None
    rule: str
    value: str | None = None
    rule_id: str = ""  # the rule's key in `rules()`, stable for tests and tools
    # A rule over several columns of a row: the cells it read, as (column, shown value)
    cells: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row is not None else "")
        col = f" column {self.column}:" if self.column else ""
        val = f" (value: {self.value!r})" if self.value is not None else ""
        held = "; the row holds " + ", ".join(f"{c} = {v}" for c, v in self.cells)
        return f"{where}:{col} {self.rule}{val}{held if self.cells else ''}"


def line(index: object) -> int | None:
    """The line number a frame's index holds (validated frames are indexed by line)."""
    return int(str(index)) if str(index).isdigit() else None


def cells_named(description: str, row: Any, columns: list[str]) -> tuple[tuple[str, str], ...]:
    """The cells of `row` (a mapping by column) in each of `columns` that the rule's
    description names, in the order it names them: what a rule over several columns compares,
    so its failure shows the values rather than only the rule (`value` in "value_text" is not a
    mention of `value`)."""
    found = []
    for column in columns:
        mention = re.search(rf"(?<!\w){re.escape(column)}(?!\w)", description)
        if mention:
            found.append((mention.start(), column))
    return tuple((column, _shown(row[column])) for _, column in sorted(found))


def _shown(value: object) -> str:
    from baicheng_report.dataset.checks import missing

    if missing(value):
        return "empty"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        cut = value if len(value) <= CELL_SHOWN else value[: CELL_SHOWN - 1] + "…"
        return repr(cut)
    return str(value)
